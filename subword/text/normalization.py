"""Unicode normalization (NFD, NFKD, NFC, NFKC) that also says where each output char came from.

`normalize_with_changes(form, text)` yields the same (char, change) stream as the Rust crate
`unicode-normalization-alignments` that the `tokenizers` package uses, so that offsets through a
normalizer match it exactly. A change is 0 when the char replaces one input char, 1 when it is
inserted, and -n when it replaces one input char and removes the n that follow:

    normalize_with_changes("NFD", "é") -> [("e", 0), ("\u0301", 1)]
    normalize_with_changes("NFC", "e\u0301") -> [("é", -1)]

The crate carries Unicode 9.0 data; so do the tables used here (decompositions, combining
classes, compositions: unicode_tables.py), never Python's `unicodedata`. `normalize(form, text)`
is the text-only version; `decompose_text` is its NFD/NFKD without the per-char loop (one
`str.translate`, then the runs of non-starters sorted), pinned to `_decompose` by tests.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from .unicode_tables import char_mapping, code_points_body, code_set, combining_classes, compositions

Form = Literal["NFD", "NFKD", "NFC", "NFKC"]
Change = tuple[str, int]

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_JAMO_L, _JAMO_V, _JAMO_T = 0x1100, 0x1161, 0x11A7
_V_COUNT, _T_COUNT = 21, 28


def is_combining_mark(char: str) -> bool:
    """General category M (Mn, Mc, Me) with the crate's Unicode 9.0 data (`StripAccents` uses it)."""
    return char in code_set("norm:combining_mark")


@lru_cache(maxsize=None)
def _may_change(form: Form) -> frozenset[str]:
    """The chars that `form` may change or that may change a neighbour: those that decompose,
    non-starters, and (for NFC/NFKC) second chars of compositions, Hangul jamo and syllables."""
    chars = set(_decompositions(form)) | set(combining_classes())
    if form in ("NFC", "NFKC"):
        chars |= {pair[1] for pair in compositions()}
        chars |= {chr(code) for code in range(_JAMO_V, _JAMO_V + _V_COUNT)}
        chars |= {chr(code) for code in range(_JAMO_T + 1, _JAMO_T + _T_COUNT)}
    chars |= {chr(code) for code in range(_HANGUL_FIRST, _HANGUL_LAST + 1)}
    return frozenset(chars)


def is_unchanged_by(form: Form, text: str) -> bool:
    """True when `form` changes nothing in `text`: no char of it decomposes, is a non-starter or
    may compose with the char before it, so every change would be 0."""
    return text.isascii() or _may_change(form).isdisjoint(text)


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
    if is_unchanged_by(form, text):
        return text
    if form in ("NFD", "NFKD"):
        return decompose_text(text, form)
    return normalize_segments(form, text, changing_segments(form, text))


def normalize_segments(form: Form, text: str, segments: list[tuple[int, int]]) -> str:
    """`normalize(form, text)`, given the `changing_segments` of `text`."""
    parts = []
    done = 0
    for start, end in segments:
        parts.append(text[done:start])
        parts.append("".join(char for char, _ in _normalize_changes(form, text[start:end])))
        done = end
    parts.append(text[done:])
    return "".join(parts)


def normalize_with_changes(form: Form, text: str) -> list[Change]:
    """The normalized chars of `text`, each with its change (see the module docstring)."""
    if form not in ("NFD", "NFKD", "NFC", "NFKC"):
        raise ValueError(f"unknown normalization form {form!r}; expected NFD, NFKD, NFC or NFKC")
    if is_unchanged_by(form, text):
        return [(char, 0) for char in text]
    changes: list[Change] = []
    done = 0
    for start, end, segment in changed_segments(form, text):
        changes.extend([(char, 0) for char in text[done:start]])
        changes.extend(segment)
        done = end
    changes.extend([(char, 0) for char in text[done:]])
    return changes


def changed_segments(form: Form, text: str) -> list[tuple[int, int, list[Change]]]:
    """(start, end, the normalized chars of text[start:end] with their changes) for each of
    `changing_segments`: the whole edit, in the places where there is one."""
    return [(start, end, _normalize_changes(form, text[start:end])) for start, end in changing_segments(form, text)]


def changing_segments(form: Form, text: str) -> list[tuple[int, int]]:
    """The (start, end) parts of `text` that `form` may change, in order and apart: each run of
    chars that may change or be changed (see `_may_change`) with the char before it.

    Every other char is a starter that decomposes to itself and composes with nothing before
    it, so marks are not reordered across it and only the one right before a run can compose
    with what follows: normalizing each part alone gives the chars and changes of normalizing
    the whole text. `changing_segments("NFC", "ab\u0301c e\u0301") -> [(1, 3), (5, 7)]`.
    """
    segments = []
    done = 0
    for run in _runs_of(frozenset(_may_change(form).intersection(text))).finditer(text):
        start = max(run.start() - 1, done)
        segments.append((start, run.end()))
        done = run.end()
    return segments


@lru_cache(maxsize=256)
def _runs_of(chars: frozenset[str]) -> re.Pattern[str]:
    """Runs of these chars (the few of `_may_change` that a text holds: a small class is
    matched much faster than the whole set's thousands of code points)."""
    return re.compile(_char_class(chars) + "+" if chars else "(?!)")


def _char_class(chars: frozenset[str]) -> str:
    """A `re` class of these chars (at least one)."""
    return "[" + code_points_body(map(ord, chars)) + "]"


def _normalize_changes(form: Form, text: str) -> list[Change]:
    decomposed = _decompose(text, "NFD" if form in ("NFD", "NFC") else "NFKD")
    return decomposed if form in ("NFD", "NFKD") else _recompose(decomposed)


def _decompositions(form: Form) -> dict[str, str]:
    return char_mapping("CANONICAL" if form in ("NFD", "NFC") else "COMPATIBILITY")


def _combining_class(char: str) -> int:
    return combining_classes().get(char, 0)


def decomposition(char: str, form: str) -> str:
    """The full decomposition of one char under "NFD" or "NFKD" (the char itself if none)."""
    code = ord(char)
    if _HANGUL_FIRST <= code <= _HANGUL_LAST:
        index = code - _HANGUL_FIRST
        t = index % _T_COUNT
        lv = chr(_JAMO_L + index // (_V_COUNT * _T_COUNT)) + chr(_JAMO_V + (index % (_V_COUNT * _T_COUNT)) // _T_COUNT)
        return lv + chr(_JAMO_T + t) if t else lv
    return _decompositions(form).get(char, char)  # type: ignore[arg-type]


def _decompose(text: str, form: str) -> list[Change]:
    """Decompose char by char (first char of each decomposition 0, the others 1), then sort each
    run of non-starters by combining class; a change travels with its char when sorted."""
    out: list[Change] = []
    run_start = 0
    for char in text:
        for index, piece in enumerate(decomposition(char, form)):
            if _combining_class(piece) == 0:
                _sort_run(out, run_start)
                run_start = len(out) + 1
            out.append((piece, 0 if index == 0 else 1))
    _sort_run(out, run_start)
    return out


def decompose_text(text: str, form: Form) -> str:
    """NFD or NFKD of `text` alone: the chars of `_decompose(text, form)`, each char replaced
    by its full decomposition in one `str.translate`, then every run of two or more
    non-starters sorted (stably) by combining class.

    >>> decompose_text("e\u0301\u0327 한", "NFD") == "e\u0327\u0301 \u1112\u1161\u11ab"
    True
    """
    out = text.translate(_decomposition_table(form))
    if _HANGUL.search(out) is not None:
        out = out.translate(_hangul_table())
    if _may_need_sorting(text, form):
        return _non_starter_runs().sub(lambda run: "".join(sorted(run.group(), key=_combining_class)), out)
    return out


def decomposes_char_by_char(text: str, form: Form) -> bool:
    """True when the decomposition (NFD or NFKD) of `text`, and of `text` with chars removed or
    spaces put between them, is each char's `decomposition` in a row: no char of it decomposes
    to a non-starter first or to two non-starters in a row, so no run of non-starters is sorted."""
    return _mark_chars(form)[1].isdisjoint(text)


def _may_need_sorting(text: str, form: Form) -> bool:
    """False when the decomposition of `text` has no two non-starters in a row: no char of it
    decomposes to two in a row, and no char ending with one is followed by a char starting
    with one. (A scan of the output for such runs costs as much as the decomposition.)"""
    ends, starts, doubles = _mark_chars(form)
    if starts.isdisjoint(text):  # the common case: no combining mark in the text
        return False
    chars = set(text)  # (a text's few distinct chars: each look-up below then skips its length)
    if not doubles.isdisjoint(chars):
        return True
    ending = ends.intersection(chars)
    return bool(ending) and _pairs_of(frozenset(ending), frozenset(starts.intersection(chars))).search(text) is not None


@lru_cache(maxsize=256)
def _pairs_of(firsts: frozenset[str], seconds: frozenset[str]) -> re.Pattern[str]:
    """Two chars in a row, the first one of `firsts` and the second one of `seconds` (the few
    that a text holds, as in `_runs_of`: one scan, where a search per pair of chars was many)."""
    return re.compile(_char_class(firsts) + _char_class(seconds))


@lru_cache(maxsize=None)
def _mark_chars(form: Form) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The chars whose decomposition ends with a non-starter, starts with one (or has two in
    a row), and has two in a row (Hangul syllables decompose to starters only)."""
    classes = combining_classes()
    pieces = dict(_decompositions(form))
    pieces.update((char, char) for char in classes if char not in pieces)
    doubles = frozenset(char for char, chars in pieces.items() if any(a in classes and b in classes for a, b in zip(chars, chars[1:])))
    ends = frozenset(char for char, chars in pieces.items() if chars[-1] in classes)
    starts = frozenset(char for char, chars in pieces.items() if chars[0] in classes) | doubles
    return ends, starts, doubles


_HANGUL = re.compile(f"[{chr(_HANGUL_FIRST)}-{chr(_HANGUL_LAST)}]")


@lru_cache(maxsize=None)
def _decomposition_table(form: Form) -> dict[int, str]:
    """The `str.translate` table of the decompositions of `form` (Hangul syllables apart)."""
    return {ord(char): pieces for char, pieces in _decompositions(form).items()}


@lru_cache(maxsize=None)
def _hangul_table() -> dict[int, str]:
    """The `str.translate` table of the Hangul syllables' decompositions (built on first need)."""
    return {code: decomposition(chr(code), "NFD") for code in range(_HANGUL_FIRST, _HANGUL_LAST + 1)}


@lru_cache(maxsize=None)
def _non_starter_runs() -> re.Pattern[str]:
    body = "".join(re.escape(char) for char in sorted(combining_classes()))
    return re.compile(f"[{body}]{{2,}}")


def decomposed_prefix_end(text: str, form: Form, at: int) -> int:
    """The first index >= `at` where the decomposition of `text` starts a new starter (or
    len(text)): `_decompose(text[:end])` is then a prefix of `_decompose(text)`, every
    reordering of non-starters done. `decomposed_prefix_end("ab\u0301\u0301c", "NFD", 2) -> 4`."""
    decompositions = _decompositions(form)
    classes = combining_classes()
    for index in range(at, len(text)):
        char = text[index]
        if not (_HANGUL_FIRST <= ord(char) <= _HANGUL_LAST) and decompositions.get(char, char)[0] in classes:
            continue
        return index
    return len(text)


def _sort_run(out: list[Change], start: int) -> None:
    if len(out) - start > 1:
        out[start:] = sorted(out[start:], key=lambda item: _combining_class(item[0]))


def _compose_pair(first: str, second: str) -> str | None:
    """The primary composite of two chars, if any: `_compose_pair("e", "\u0301") -> "é"`."""
    a, b = ord(first), ord(second)
    if _JAMO_L <= a < _JAMO_L + 19 and _JAMO_V <= b < _JAMO_V + _V_COUNT:
        return chr(_HANGUL_FIRST + ((a - _JAMO_L) * _V_COUNT + b - _JAMO_V) * _T_COUNT)
    if _HANGUL_FIRST <= a <= _HANGUL_LAST and (a - _HANGUL_FIRST) % _T_COUNT == 0 and _JAMO_T < b < _JAMO_T + _T_COUNT:
        return chr(a + b - _JAMO_T)
    return compositions().get(first + second)


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
