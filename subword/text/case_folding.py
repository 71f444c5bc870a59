"""Oniguruma's case-insensitive matching (`(?i)`), spelled out as explicit alternatives and sets.

The Rust package runs `(?i)` patterns with Oniguruma, whose rules differ from the `regex` module's
IGNORECASE, so subword never passes that flag: the translator (oniguruma.py) rewrites what
`(?i)` covers with the two rules below, fed by Oniguruma's own case folding data (Unicode 16.0,
`case_folds` in unicode_tables.py):

- a literal string is cut, left to right, into pieces, each matching what Oniguruma's
  `unravel_case_fold_string` gives it (`fold_string`): a set of the chars folding alike, or, where
  folds of several chars are involved, an alternation. A run of chars that folds to one char's
  multi-char fold is taken first ("ss" also matches "ß"; "ß" also matches "ss", "SS", "ſs"...);
  in a look-behind only single chars count.
- a bracket class gains every char that folds alike with one of its chars, and, unless negated,
  alternatives for the multi-char folds of its chars (`fold_class`): `(?i)[ß]` also matches "ss".

Nothing else folds: `\\p{..}`, `\\w`, `\\d`, `\\s` outside brackets keep their chars (`(?i)\\p{Ll}`
does not match "A"), as in Oniguruma.

    >>> fold_string("ss")
    '(?:ss|\\\\U000000DF|\\\\U00001E9E|sS|s\\\\U0000017F|Ss|SS|S\\\\U0000017F|\\\\U0000017Fs|\\\\U0000017FS|\\\\U0000017F\\\\U0000017F)'
    >>> fold_class(lambda char: char == "k", negated=False)
    ('K\\\\U0000212A', [])

It does not fold backreferences (the translator leaves them to `regex`) nor apply the Turkish
rules (off in the Rust package).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

from .unicode_tables import case_folds


class _Folds:
    """Oniguruma's fold data, indexed as its lookups need."""

    def __init__(self) -> None:
        self.entries = {size: case_folds(size) for size in (1, 2, 3)}
        # the fold of each char that folds to something else (1 to 3 chars)
        self.fold_of = {char: fold for size in (1, 2, 3) for fold, unfolds in self.entries[size] for char in unfolds}
        # the chars folding to each fold
        self.unfolds = {fold: unfolds for size in (1, 2, 3) for fold, unfolds in self.entries[size]}

    def simple(self, char: str) -> str:
        """`char`'s fold when that is one char, else `char`."""
        fold = self.fold_of.get(char, char)
        return fold if len(fold) == 1 else char

    def alike(self, char: str) -> list[str]:
        """A char and the chars folding to it ("s" -> ["s", "S", "ſ"])."""
        return [char, *self.unfolds.get(char, ())]

    def spellings(self, fold: str) -> list[str]:
        """Every string whose chars fold, one by one, to the chars of `fold`, in Oniguruma's order."""
        strings = [""]
        for char in fold:
            strings = [start + variant for start in strings for variant in self.alike(char)]
        return strings


@lru_cache(maxsize=1)
def _folds() -> _Folds:
    return _Folds()


def case_items(text: str, index: int) -> tuple[int, list[str]]:
    """What `text[index:]` also matches under (?i), as Oniguruma's get_case_fold_codes_by_str:
    (chars of `text` consumed, the other strings they match).

    >>> case_items("sst", 0)[0], case_items("k", 0) == (1, ["K", "\\u212a"])
    (2, True)
    """
    folds = _folds()
    first = text[index]
    codes = [folds.simple(char) for char in text[index : index + 3]]
    for size in (3, 2):
        key = "".join(codes[:size])
        if len(key) == size and key in folds.unfolds:  # a fold of `size` chars
            original = text[index : index + size]
            items = list(folds.unfolds[key])
            return size, items + [spelling for spelling in folds.spellings(key) if spelling != original]
    fold = folds.fold_of.get(first)
    if fold is None:
        return 1, list(folds.unfolds.get(first, ()))
    if len(fold) == 1:
        return 1, [fold, *(char for char in folds.unfolds[fold] if char != first)]
    return 1, [char for char in folds.unfolds[fold] if char != first] + folds.spellings(fold)


def fold_string(literal: str, *, in_look_behind: bool = False) -> str:
    """The `regex` pattern matching `literal` as Oniguruma matches it under (?i)."""
    pieces = []
    index = 0
    while index < len(literal):
        consumed, items = case_items(literal, index)
        if in_look_behind:
            if consumed != 1:
                consumed, items = case_items(literal[index], 0)
            items = [item for item in items if len(item) == 1]
            consumed = 1
        chunk = literal[index : index + consumed]
        if not items:
            pieces.append(escape(chunk))
        elif all(len(item) == 1 for item in items):
            # (subtle: for a multi-char chunk whose spellings all equal it, Oniguruma keeps only
            # its first char in the set, yet consumes the whole chunk)
            pieces.append(char_set(chunk[0] + "".join(items)))
        else:
            pieces.append("(?:" + "|".join(escape(item) for item in [chunk, *items]) + ")")
        index += consumed
    return "".join(pieces)


def fold_class(contains: Callable[[str], bool], *, negated: bool) -> tuple[str, list[str]]:
    """What (?i) adds to a bracket class whose chars (before any negation) are those for which
    `contains` is true: (the chars to add, the `regex` alternatives for multi-char folds, which
    Oniguruma adds only to a class that is not negated). Follows Oniguruma's apply_all_case_fold
    order, so each char is asked about once or twice."""
    folds = _folds()
    added: set[str] = set()

    def member(char: str) -> bool:
        return char in added or contains(char)

    def pair(source: str, target: str) -> None:
        if target not in added and member(source):
            added.add(target)

    for fold, unfolds in folds.entries[1]:
        for position, unfold in enumerate(unfolds):
            pair(fold, unfold)
            pair(unfold, fold)
            for other in unfolds[:position]:
                pair(unfold, other)
                pair(other, unfold)
    alternatives = []
    for size in (2, 3):
        for fold, unfolds in folds.entries[size]:
            for position, unfold in enumerate(unfolds):
                if not negated and member(unfold):
                    alternatives.append("".join(_alike_set(char) for char in fold))
                for other in unfolds[:position]:
                    pair(unfold, other)
                    pair(other, unfold)
    extra = "".join(sorted(char for char in added if not contains(char)))
    return escape(extra), alternatives


def _alike_set(char: str) -> str:
    alike = _folds().alike(char)
    return char_set("".join(alike)) if len(alike) > 1 else escape(char)


def escape(text: str) -> str:
    """`text` as `regex` literals: ASCII letters and digits as they are, other chars as \\U escapes
    (safe inside and outside sets, and in verbose mode)."""
    return "".join(char if char.isascii() and char.isalnum() else f"\\U{ord(char):08X}" for char in text)


def char_set(chars: str) -> str:
    """A `regex` set of `chars`: `char_set("kK") -> "[kK]"`."""
    return "[" + escape(chars) + "]"
