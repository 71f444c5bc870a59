"""Read the Unicode tables subword owns (`_unicode_data.py`), each parsed on first use.

Every char class that decides a tokenization comes from these tables, fixed to the Unicode data
of the engine inside the Rust `tokenizers` package that applies it (Oniguruma's, Rust's std,
the `unicode_categories` and `unicode-normalization-alignments` crates, the `regex` crate), so
results do not move with the Unicode version of the installed `regex` module or of Python's
`unicodedata`. `_unicode_data.py` says which table follows which engine and how to regenerate it
(`python tools/unicode_tables.py`, which probes the Rust package over every code point).

Grapheme clusters (the `Precompiled` normalizer) follow the `unicode-segmentation` crate's
tables ("grapheme:" tables, Unicode 17.0) through graphemes.py, and `(?i)` in `Regex` patterns
follows Oniguruma's case folding (`case_folds`, Unicode 16.0) through case_folding.py. Still read
from the installed `regex` module: only the case-insensitive comparison of a backreference under
`(?i)`, and a `\\p{..}` name the tables do not know. Still from Python:
`WhitespaceSplit.split_str`'s `str.split()` (guarded for U+001C..U+001F, the only chars where
Python's whitespace differs from White_Space).

    >>> "\\u0531" in code_set(onig_property("L"))  # ARMENIAN CAPITAL LETTER AYB
    True
    >>> "\\U0003D000" in code_set(onig_property("L"))  # assigned in Unicode 17, not in Oniguruma's 16
    False
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Iterable

from . import _unicode_data

CodeRange = tuple[int, int]


def parse_ranges(text: str) -> tuple[CodeRange, ...]:
    """Hex code points and inclusive ranges: `parse_ranges("41-43 61") -> ((65, 67), (97, 97))`."""
    ranges = []
    for item in text.split():
        first, _, last = item.partition("-")
        ranges.append((int(first, 16), int(last or first, 16)))
    return tuple(ranges)


@lru_cache(maxsize=None)
def code_ranges(name: str) -> tuple[CodeRange, ...]:
    """The sorted ranges of table `name` (e.g. "onig:lu", "std:white_space")."""
    try:
        return parse_ranges(_unicode_data.TABLES[name])
    except KeyError:
        raise KeyError(f"no Unicode table {name!r}; the tables are listed in subword/text/_unicode_data.py") from None


def set_body(ranges: tuple[CodeRange, ...]) -> str:
    """The inside of a `regex` set holding `ranges`: `((65, 67), (97, 97))` ->
    `\\U00000041-\\U00000043\\U00000061`."""
    return "".join(f"\\U{a:08X}" if a == b else f"\\U{a:08X}-\\U{b:08X}" for a, b in ranges)


def re_set_body(ranges: Iterable[CodeRange]) -> str:
    """The inside of a `re` set holding `ranges`, each char written as itself (escaped where it
    is special): `((65, 67), (45, 45))` -> `A-C\\-`. `re` reads it several times quicker than
    `set_body`'s escapes."""
    char = re.escape
    return "".join(char(chr(a)) if a == b else f"{char(chr(a))}-{char(chr(b))}" for a, b in ranges)


def code_points_body(codes: Iterable[int]) -> str:
    """The inside of a `re` set holding these code points, each char written as itself (escaped
    where it is special): `[98, 45, 97]` -> `\\-ab`. Quicker to compile than `set_body`'s
    escapes (0.6 us a char against 2.2), for the sets made while text is tokenized."""
    return "".join(map(re.escape, map(chr, sorted(codes))))


class CodeSet:
    """Membership in sorted code point ranges: `"B" in CodeSet(((65, 67),)) -> True`."""

    __slots__ = ("ranges", "_starts")

    def __init__(self, ranges: tuple[CodeRange, ...]) -> None:
        self.ranges = ranges
        self._starts = [start for start, _ in ranges]

    def __contains__(self, char: str) -> bool:
        code = ord(char)
        index = bisect_right(self._starts, code) - 1
        return index >= 0 and code <= self.ranges[index][1]

    def __or__(self, other: CodeSet) -> CodeSet:
        return CodeSet(union(self.ranges, other.ranges))


def union(*range_lists: tuple[CodeRange, ...]) -> tuple[CodeRange, ...]:
    """The sorted, merged union: `union(((1, 3),), ((2, 5), (7, 7))) -> ((1, 5), (7, 7))`."""
    merged: list[list[int]] = []
    for start, end in sorted(r for ranges in range_lists for r in ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


@lru_cache(maxsize=None)
def code_set(name: str) -> CodeSet:
    """Table `name` as a CodeSet."""
    return CodeSet(code_ranges(name))


def onig_property(name: str) -> str | None:
    """The table of Oniguruma's `\\p{name}`, or None for a name Oniguruma does not take.
    Names match as Oniguruma matches them: case, spaces, `_` and `-` do not count.

    >>> onig_property("Uppercase_Letter"), onig_property("lu")
    ('onig:uppercaseletter', 'onig:uppercaseletter')
    """
    key = _unicode_data.ONIG_ALIASES.get("".join(char for char in name.lower() if char not in " _-"))
    return None if key is None else f"onig:{key}"


def _parse_mapping(text: str) -> dict[int, tuple[int, ...]]:
    mapping = {}
    for item in text.split():
        code, _, value = item.partition(":")
        mapping[int(code, 16)] = tuple(int(part, 16) for part in value.split(","))
    return mapping


@lru_cache(maxsize=None)
def char_mapping(name: str) -> dict[str, str]:
    """A char -> str table where it differs from the char itself: "LOWERCASE", "UPPERCASE"
    (Rust's char::to_lowercase/to_uppercase), "CANONICAL", "COMPATIBILITY" (full NFD/NFKD
    decompositions of `unicode-normalization-alignments`)."""
    return {chr(code): "".join(map(chr, value)) for code, value in _parse_mapping(getattr(_unicode_data, name)).items()}


@lru_cache(maxsize=None)
def combining_classes() -> dict[str, int]:
    """Canonical combining class of every non-starter (Unicode 9.0, as the normalization crate)."""
    pairs = (item.split(":") for item in _unicode_data.COMBINING_CLASS.split())
    return {chr(int(code, 16)): int(klass) for code, klass in pairs}


@lru_cache(maxsize=None)
def compositions() -> dict[str, str]:
    """First char + second char -> primary composite (Unicode 9.0; Hangul syllables excluded)."""
    return {chr(first) + chr(second): chr(code) for code, (first, second) in _parse_mapping(_unicode_data.COMPOSITIONS).items()}


@lru_cache(maxsize=None)
def case_folds(size: int) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Oniguruma's case folding entries whose fold has `size` chars (1, 2 or 3), in its order:
    (fold, the chars that fold to it). `("ss", ("ß", "ẞ")) in case_folds(2) -> True`."""
    entries = []
    for item in getattr(_unicode_data, f"ONIG_FOLDS{size}").split():
        fold, _, unfolds = item.partition(":")
        entries.append(("".join(chr(int(code, 16)) for code in fold.split(",")), tuple(chr(int(code, 16)) for code in unfolds.split(","))))
    return tuple(entries)


def table_names(prefix: str) -> list[str]:
    """The names of the tables starting with `prefix`: `table_names("script:")`."""
    return sorted(name for name in _unicode_data.TABLES if name.startswith(prefix))
