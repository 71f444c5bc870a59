"""Unicode normalization (NFD, NFKD, NFC, NFKC) that also says where each output char came from.

`normalize_with_changes(form, text)` yields the same (char, change) stream as the Rust crate
`unicode-normalization-alignments` that the `tokenizers` package uses, so that offsets through a
normalizer match it exactly. A change is 0 when the char replaces one input char, 1 when it is
inserted, and -n when it replaces one input char and removes the n that follow:

    normalize_with_changes("NFD", "é") -> [("e", 0), ("\u0301", 1)]
    normalize_with_changes("NFC", "e\u0301") -> [("é", -1)]

The crate carries Unicode 9.0 data while `unicodedata` here is Unicode 14.0; the chars that
differ are listed below and handled as the crate handles them. `normalize(form, text)` is the
fast text-only version (the standard library does the work when none of those chars occur).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from .chars import char_set

Form = Literal["NFD", "NFKD", "NFC", "NFKC"]
Change = tuple[str, int]

# Chars that Unicode 14.0 decomposes, composes or gives a non-zero combining class, but that
# Unicode 9.0 did not know: the crate leaves them alone, as plain starters (found by comparing
# every code point with the crate's tables and with the Rust package).
_UNKNOWN_TO_UNICODE_9 = char_set(
    "07FD 0898-089F 08CA-08D3 09FE 0C3C 0D3B-0D3C 0EBA 1715 1ABF-1ACE 1DF6-1DFA 32FF A7F2-A7F4"
    " A82C AB69 10781-10785 10787-107B0 107B2-107BA 10D24-10D27 10EAB-10EAC 10F46-10F50"
    " 10F82-10F85 11070 1133B 1145E 11839-1183A 11930 11935 11938 1193D-1193E 11943 119E0"
    " 11A34 11A47 11A99 11D42 11D44-11D45 11D97 16FF0-16FF1 1E130-1E136 1E2AE 1E2EC-1E2EF"
    " 1F16C 1FBF0-1FBF9"
)

# General category M (what the crate's `is_combining_mark` tests) changed for these chars
# between Unicode 9.0 and 14.0: most are marks new since 9.0; U+1CF2-1CF3 stopped being marks.
_MARKS_AFTER_UNICODE_9 = char_set(
    "07FD 0898-089F 08CA-08D3 09FE 0AFA-0AFF 0B55 0C04 0C3C 0D00 0D3B-0D3C 0D81 0EBA 1715 180F"
    " 1ABF-1ACE 1CF7 1DF6-1DFA A82C A8FF 10D24-10D27 10EAB-10EAC 10F46-10F50 10F82-10F85 11070"
    " 11073-11074 110C2 11145-11146 111C9 111CE-111CF 1133B 1145E 1182C-1183A 11930-11935"
    " 11937-11938 1193B-1193E 11940 11942-11943 119D1-119D7 119DA-119E0 119E4 11A01-11A0A"
    " 11A33-11A39 11A3B-11A3E 11A47 11A51-11A5B 11A8A-11A99 11D31-11D36 11D3A 11D3C-11D3D"
    " 11D3F-11D45 11D47 11D8A-11D8E 11D90-11D91 11D93-11D97 11EF3-11EF6 16F4F 16F7F-16F87"
    " 16FE4 16FF0-16FF1 1CF00-1CF2D 1CF30-1CF46 1E130-1E136 1E2AE 1E2EC-1E2EF"
)
_MARKS_BEFORE_UNICODE_14 = char_set("1CF2-1CF3")

_DECOMPOSED: dict[str, dict[str, str]] = {"NFD": {}, "NFKD": {}}
_COMPOSED: dict[str, str | None] = {}


def is_combining_mark(char: str) -> bool:
    """General category M (Mn, Mc, Me) with the crate's Unicode 9.0 data (`StripAccents` uses it)."""
    if unicodedata.category(char)[0] == "M":
        return char not in _MARKS_AFTER_UNICODE_9
    return char in _MARKS_BEFORE_UNICODE_14


def is_unchanged_by(form: Form, text: str) -> bool:
    """True when `form` changes nothing in `text`: every char decomposes to itself (and
    recomposes to itself), so every change would be 0."""
    return text.isascii() or (_UNKNOWN_TO_UNICODE_9.isdisjoint(text) and unicodedata.is_normalized(form, text))


def changing_range(text: str) -> tuple[int, int]:
    """The (start, end) part of `text` outside which no normalization form changes anything:
    from the char before the first non-ASCII char to the last non-ASCII char (the whole text
    if it has none). `changing_range("a b\\u0301c") -> (2, 4)`.

    ASCII chars are starters that decompose to themselves and are never the second char of a
    composition, so marks are not reordered across them and only the one right before the
    first non-ASCII char can compose with what follows: normalizing text[start:end] alone
    gives the same chars and changes as normalizing the whole text.
    """
    first = _NON_ASCII.search(text)
    if first is None:
        return 0, len(text)
    last = _NON_ASCII.search(text[::-1])
    return max(first.start() - 1, 0), len(text) - last.start()  # type: ignore[union-attr]


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def normalize(form: Form, text: str) -> str:
    """The normalized text alone, equal to joining the chars of `normalize_with_changes`."""
    if text.isascii() or _UNKNOWN_TO_UNICODE_9.isdisjoint(text):
        return unicodedata.normalize(form, text)
    return "".join(char for char, _ in normalize_with_changes(form, text))


def normalize_with_changes(form: Form, text: str) -> list[Change]:
    """The normalized chars of `text`, each with its change (see the module docstring)."""
    if form not in ("NFD", "NFKD", "NFC", "NFKC"):
        raise ValueError(f"unknown normalization form {form!r}; expected NFD, NFKD, NFC or NFKC")
    if is_unchanged_by(form, text):
        return [(char, 0) for char in text]
    decomposed = _decompose(text, "NFD" if form in ("NFD", "NFC") else "NFKD")
    return decomposed if form in ("NFD", "NFKD") else _recompose(decomposed)


def _combining_class(char: str) -> int:
    return 0 if char in _UNKNOWN_TO_UNICODE_9 else unicodedata.combining(char)


def _decomposition(char: str, form: str) -> str:
    cache = _DECOMPOSED[form]
    decomposed = cache.get(char)
    if decomposed is None:
        unknown = char in _UNKNOWN_TO_UNICODE_9
        decomposed = cache[char] = char if unknown else unicodedata.normalize(form, char)
    return decomposed


def _decompose(text: str, form: str) -> list[Change]:
    """Decompose char by char (first char of each decomposition 0, the others 1), then sort each
    run of non-starters by combining class; a change travels with its char when sorted."""
    out: list[Change] = []
    run_start = 0
    for char in text:
        for index, piece in enumerate(_decomposition(char, form)):
            if _combining_class(piece) == 0:
                _sort_run(out, run_start)
                run_start = len(out) + 1
            out.append((piece, 0 if index == 0 else 1))
    _sort_run(out, run_start)
    return out


def _sort_run(out: list[Change], start: int) -> None:
    if len(out) - start > 1:
        out[start:] = sorted(out[start:], key=lambda item: _combining_class(item[0]))


def _compose_pair(first: str, second: str) -> str | None:
    """The primary composite of two chars, if any: `_compose_pair("e", "\u0301") -> "é"`."""
    key = first + second
    if key in _COMPOSED:
        return _COMPOSED[key]
    composed: str | None = unicodedata.normalize("NFC", key)
    if len(composed) != 1 or first in _UNKNOWN_TO_UNICODE_9 or second in _UNKNOWN_TO_UNICODE_9:
        composed = None
    elif not _is_hangul(composed) and unicodedata.decomposition(composed) != f"{ord(first):04X} {ord(second):04X}":
        composed = None
    _COMPOSED[key] = composed
    return composed


def _is_hangul(char: str) -> bool:
    return 0xAC00 <= ord(char) <= 0xD7A3


def _recompose(decomposed: list[Change]) -> list[Change]:
    """Canonical composition of a decomposed stream; a composite's change is the sum of its
    parts' changes minus the number of chars it absorbed."""
    out: list[Change] = []
    starter: Change | None = None
    blocked: list[Change] = []  # non-starters after `starter` that did not compose with it
    last_class = -1  # combining class of the last blocked char, -1 when there is none
    for char, change in decomposed:
        char_class = _combining_class(char)
        if starter is None:
            if char_class == 0:
                starter = (char, change)
            else:
                out.append((char, change))
            continue
        if last_class < char_class:
            composed = _compose_pair(starter[0], char)
            if composed is not None:
                starter = (composed, starter[1] + change - 1)
                continue
        if char_class == 0:
            out.append(starter)
            out.extend(blocked)
            blocked.clear()
            starter = (char, change)
            last_class = -1
        else:
            blocked.append((char, change))
            last_class = char_class
    if starter is not None:
        out.append(starter)
        out.extend(blocked)
    return out
