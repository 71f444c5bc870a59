"""Extended grapheme clusters, split as the Rust package's `unicode-segmentation` crate splits them.

The rules of UAX #29 for Unicode 17.0 (GB3-GB13 with GB9c, the Indic conjunct rule), applied to
the crate's own tables ("grapheme:" tables of unicode_tables.py), so the installed `regex`
module and Python's `unicodedata` play no part:

    >>> [ascii(cluster) for cluster in graphemes("e\\u0301x\\r\\n\\U0001F1EB\\U0001F1F7\\U0001F1EB")]
    ["'e\\\\u0301'", "'x'", "'\\\\r\\\\n'", "'\\\\U0001f1eb\\\\U0001f1f7'", "'\\\\U0001f1eb'"]
    >>> len(graphemes("\\u0915\\u094d\\u0937"))  # KA + VIRAMA + SSA: one conjunct (GB9c)
    1

`is_boundary(text, index)` decides one place from the chars around it, looking back as far as
GB9c, GB11 and GB12 need; `graphemes` cuts a whole text with it. `short_clusters` finds only
the clusters of two or more chars and few UTF-8 bytes, skipping most text at `str.translate`
speed: what the Precompiled normalizer needs, since it looks up only such clusters whole.
It does not segment words or sentences, nor legacy (non-extended) clusters.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from .chars import CharMap
from .unicode_tables import code_ranges, code_set, table_names

# The categories of the crate's GraphemeCat ("Any" for a char in no table)
ANY, CR, LF, CONTROL = "Any", "CR", "LF", "Control"
EXTEND, ZWJ, SPACING_MARK, PREPEND = "Extend", "ZWJ", "SpacingMark", "Prepend"
L, V, T, LV, LVT = "L", "V", "T", "LV", "LVT"
REGIONAL_INDICATOR, PICTOGRAPHIC, CONSONANT = "Regional_Indicator", "Extended_Pictographic", "InCB_Consonant"
_BREAKS_AROUND = frozenset((CR, LF, CONTROL))


class _Categories(dict):
    """char -> its category, looked up in the tables on first use, then cached."""

    def __init__(self) -> None:
        super().__init__()
        spans = sorted(
            (start, end, name.partition(":")[2])
            for name in table_names("grapheme:")
            if name[9].isupper()  # the categories, not the incb_ sets
            for start, end in code_ranges(name)
        )
        self._starts = [start for start, _, _ in spans]
        self._spans = spans

    def __missing__(self, char: str) -> str:
        code = ord(char)
        index = bisect_right(self._starts, code) - 1
        value = self[char] = self._spans[index][2] if index >= 0 and code <= self._spans[index][1] else ANY
        return value


_CATEGORY = _Categories()


def category(char: str) -> str:
    """The crate's grapheme category of `char`: `category("\\u0301") -> "Extend"`."""
    return _CATEGORY[char]


def is_boundary(text: str, index: int) -> bool:
    """True when an extended grapheme cluster boundary lies before `text[index]` (always at the
    ends): `is_boundary("e\\u0301", 1) -> False`."""
    if index <= 0 or index >= len(text):
        return True
    before, after = _CATEGORY[text[index - 1]], _CATEGORY[text[index]]
    if before == CR:
        return after != LF  # GB3, GB4
    if before in _BREAKS_AROUND or after in _BREAKS_AROUND:
        return True  # GB4, GB5
    if before == L and after in (L, V, LV, LVT):
        return False  # GB6
    if before in (LV, V) and after in (V, T):
        return False  # GB7
    if before in (LVT, T) and after == T:
        return False  # GB8
    if after in (EXTEND, ZWJ, SPACING_MARK) or before == PREPEND:
        return False  # GB9, GB9a, GB9b
    if after == CONSONANT:
        return not _conjunct_before(text, index)  # GB9c
    if before == ZWJ and after == PICTOGRAPHIC:
        return not _pictographic_before(text, index - 1)  # GB11
    if before == after == REGIONAL_INDICATOR:
        return _regional_indicators_before(text, index) % 2 == 0  # GB12, GB13
    return True  # GB999


def _conjunct_before(text: str, index: int) -> bool:
    """GB9c: text[:index] ends with an InCB=Consonant, then InCB=Extend and InCB=Linker chars
    with at least one Linker."""
    linkers = 0
    linker, extend = code_set("grapheme:incb_linker"), code_set("grapheme:incb_extend")
    for position in range(index - 1, -1, -1):
        char = text[position]
        if char in linker:
            linkers += 1
        elif char not in extend:
            return linkers > 0 and _CATEGORY[char] == CONSONANT
    return False


def _pictographic_before(text: str, zwj: int) -> bool:
    """GB11: the ZWJ at `zwj` follows an Extended_Pictographic and any Extend chars."""
    for position in range(zwj - 1, -1, -1):
        kind = _CATEGORY[text[position]]
        if kind != EXTEND:
            return kind == PICTOGRAPHIC
    return False


def _regional_indicators_before(text: str, index: int) -> int:
    """How many Regional_Indicator chars end text[:index]."""
    count = 0
    while index - count > 0 and _CATEGORY[text[index - count - 1]] == REGIONAL_INDICATOR:
        count += 1
    return count


def graphemes(text: str) -> list[str]:
    """The extended grapheme clusters of `text`, in order (see the module docstring)."""
    clusters = []
    start = 0
    for index in range(1, len(text)):
        if is_boundary(text, index):
            clusters.append(text[start:index])
            start = index
    if text:
        clusters.append(text[start:])
    return clusters


# -- the clusters of a few bytes, found quickly --------------------------------------------------
#
# Each char becomes one ASCII letter naming its pair class and UTF-8 length; a stdlib `re` pattern
# over those letters finds the places where two chars *may* stay together within the byte budget
# (a superset: GB9c and GB11 are not checked there); `is_boundary` then decides each place.

# Pair classes: which categories may stay together, before x after (context rules included)
_PAIR_CLASSES = {
    CR: "r", LF: "n", CONTROL: "k", ANY: "a", PICTOGRAPHIC: "a", CONSONANT: "c",
    EXTEND: "x", SPACING_MARK: "x", ZWJ: "z", PREPEND: "p",
    L: "L", V: "V", T: "T", LV: "W", LVT: "U", REGIONAL_INDICATOR: "R",
}
_MAY_JOIN = {
    ("r", "n"),
    *((before, after) for before in "acxzpLVTWUR" for after in "xz"),  # GB9, GB9a
    *(("p", after) for after in "acxzpLVTWUR"),  # GB9b
    ("L", "L"), ("L", "V"), ("L", "W"), ("L", "U"), ("W", "V"), ("V", "V"), ("W", "T"), ("V", "T"),
    ("U", "T"), ("T", "T"),  # GB6-GB8
    ("x", "c"), ("z", "c"),  # GB9c: the char before a joined consonant is InCB=Extend or Linker
    ("z", "a"),  # GB11 (the pictographic is in class "a")
    ("R", "R"),  # GB12, GB13
}
_LETTERS = "".join(sorted(set(_PAIR_CLASSES.values())))


def _letter(char: str) -> str:
    """The letter for `char`: its pair class's index among _LETTERS, times 4, plus UTF-8 length - 1,
    counted from "0"."""
    length = 1 if char < "\x80" else 2 if char < "\u0800" else 3 if char < "\U00010000" else 4
    return chr(48 + _LETTERS.index(_PAIR_CLASSES[_CATEGORY[char]]) * 4 + length - 1)


_PAIR_LETTERS = CharMap(_letter)


@lru_cache(maxsize=None)
def _may_join_pattern(max_bytes: int) -> re.Pattern[str]:
    """The places (zero-width, before the first of two letters) where two chars may stay
    together in a cluster of at most `max_bytes` bytes."""
    alternatives = []
    for after in _LETTERS:
        for after_length in range(1, 5):
            befores = [
                chr(48 + _LETTERS.index(before) * 4 + length - 1)
                for before in _LETTERS
                for length in range(1, 5)
                if (before, after) in _MAY_JOIN and length + after_length <= max_bytes
            ]
            if befores:
                letter = chr(48 + _LETTERS.index(after) * 4 + after_length - 1)
                alternatives.append(f"[{re.escape(''.join(befores))}]{re.escape(letter)}")
    return re.compile(f"(?=(?:{'|'.join(alternatives)}))")


def _utf8_length(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def short_clusters(text: str, max_bytes: int) -> list[tuple[int, int]]:
    """The (start, end) of every cluster of two or more chars and at most `max_bytes` UTF-8
    bytes, in order: the same as keeping those of `graphemes(text)`, only quicker.

    >>> short_clusters("ab\\r\\nc\\u0301 \\U0001F44D\\U0001F3FD", 5)
    [(2, 4), (4, 6)]
    """
    if text.isascii():  # only CR LF stays together in ASCII
        spans, start = [], text.find("\r\n")
        while start >= 0:
            spans.append((start, start + 2))
            start = text.find("\r\n", start + 2)
        return spans
    letters = text.translate(_PAIR_LETTERS)
    pattern = _may_join_pattern(max_bytes)
    if pattern.search(letters) is None:
        return []
    spans = []
    covered = 0  # the end of the last cluster looked at
    for match in pattern.finditer(letters):
        place = match.start() + 1  # a possible non-boundary before text[place]
        if place < covered or is_boundary(text, place):
            continue
        start, end = place - 1, place + 1
        size = _utf8_length(text[start:end])
        while size <= max_bytes and not is_boundary(text, start):
            start -= 1
            size += _utf8_length(text[start])
        while size <= max_bytes and not is_boundary(text, end):
            size += _utf8_length(text[end])
            end += 1
        if size <= max_bytes:
            spans.append((start, end))
        covered = end
    return spans
