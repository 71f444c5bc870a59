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
# Each char becomes one ASCII letter naming its pair class and UTF-8 length. Two chars *may* stay
# together (GB9c and GB11 are not checked here) only as one of the pairs of classes below, and
# each such pair has a member that is rare in text (a combining mark, not the letter before it).
# Most text has no rare member short enough to fit the byte budget with its partner: translating
# everything else away, at `str.translate` speed, leaves nothing (`joins_within`). Else a stdlib
# `re` pattern over the letters finds the places, and `is_boundary` decides each one.

# Pair classes: which categories may stay together, before x after (context rules included)
_PAIR_CLASSES = {
    CR: "r", LF: "n", CONTROL: "k", ANY: "a", PICTOGRAPHIC: "a", CONSONANT: "c",
    EXTEND: "x", SPACING_MARK: "x", ZWJ: "z", PREPEND: "p",
    L: "L", V: "V", T: "T", LV: "W", LVT: "U", REGIONAL_INDICATOR: "R",
}
_CLASSES = "".join(sorted(set(_PAIR_CLASSES.values())))
# (first class, second class) -> which of the two is the rare member (0: the first, 1: the second)
_MAY_JOIN: dict[tuple[str, str], int] = {}
for _pairs, _rare in [
    ([("r", "n")], 0),  # GB3
    ([("p", after) for after in "acxzpLVTWUR"], 0),  # GB9b
    ([(before, after) for before in "acxzpLVTWUR" for after in "xz"], 1),  # GB9, GB9a
    ([("L", "L"), ("L", "V"), ("L", "W"), ("L", "U"), ("W", "V"), ("V", "V"), ("W", "T"), ("V", "T"), ("U", "T"), ("T", "T")], 0),
    ([("x", "c"), ("z", "c")], 0),  # GB9c: the char before a joined consonant is InCB=Extend or Linker
    ([("z", "a")], 0),  # GB11 (the pictographic is in class "a")
    ([("R", "R")], 0),  # GB12, GB13
]:
    for _pair in _pairs:
        _MAY_JOIN.setdefault(_pair, _rare)


def _length(char: str) -> int:
    return 1 if char < "\x80" else 2 if char < "\u0800" else 3 if char < "\U00010000" else 4


@lru_cache(maxsize=1)
def _shortest() -> dict[str, int]:
    """The UTF-8 length of the shortest char of each pair class."""
    shortest = {pair_class: 4 for pair_class in _CLASSES}
    shortest["a"] = 1  # ASCII letters
    for name in table_names("grapheme:"):
        pair_class = _PAIR_CLASSES.get(name.partition(":")[2])
        if pair_class is not None:
            shortest[pair_class] = min(shortest[pair_class], _length(chr(code_ranges(name)[0][0])))
    return shortest


@lru_cache(maxsize=None)
def _rare_lengths(max_bytes: int) -> dict[str, tuple[int, int]]:
    """Pair class -> the longest UTF-8 length its chars may have to be the rare member of a pair
    of at most `max_bytes` bytes, (as the first char, as the second char); 0 when they never are."""
    shortest = _shortest()
    lengths = {pair_class: [0, 0] for pair_class in _CLASSES}
    for (first, second), rare in _MAY_JOIN.items():
        member, partner = (first, second) if rare == 0 else (second, first)
        lengths[member][rare] = max(lengths[member][rare], min(4, max_bytes - shortest[partner]))
    return {pair_class: (first, second) for pair_class, (first, second) in lengths.items()}


def joins_within(char: str, max_bytes: int) -> bool:
    """Whether `char` may be the rare member of two chars that stay together in at most
    `max_bytes` UTF-8 bytes: a text with no such char has no cluster of 2+ chars that short.
    `joins_within("\\u0301", 5) -> True`, `joins_within("\\u1161", 5) -> False` (Hangul jamo
    join only each other, in 6 bytes or more)."""
    length = _length(char)
    return any(length <= longest for longest in _rare_lengths(max_bytes)[_PAIR_CLASSES[_CATEGORY[char]]])


def _letter(char: str) -> str:
    """The letter of `char`: its pair class and UTF-8 length, as one ASCII char from "0"."""
    return _code(_PAIR_CLASSES[_CATEGORY[char]], _length(char))


def _code(pair_class: str, length: int) -> str:
    return chr(48 + _CLASSES.index(pair_class) * 4 + length - 1)


_PAIR_LETTERS = CharMap(_letter)


@lru_cache(maxsize=None)
def _rare_chars(max_bytes: int) -> CharMap:
    """A translate table keeping only the chars for which `joins_within(char, max_bytes)`."""
    return CharMap(lambda char: char if joins_within(char, max_bytes) else None)


@lru_cache(maxsize=None)
def _may_join(max_bytes: int) -> tuple[frozenset[str], re.Pattern[str]]:
    """The two-letter strings of chars that may stay together in at most `max_bytes` bytes, and a
    pattern whose matches hold every such pair. Of two chars that short, one has at most
    `max_bytes // 2` bytes: either the rare member itself, or its partner."""
    pairs = frozenset(
        _code(first, first_length) + _code(second, second_length)
        for first, second in _MAY_JOIN
        for first_length in range(1, 5)
        for second_length in range(1, 5)
        if first_length + second_length <= max_bytes
    )
    rare = _rare_lengths(max_bytes)
    half = max_bytes // 2

    def letters(keep) -> str:
        chosen = [_code(c, n) for c in _CLASSES for n in range(1, 5) if keep(c, n)]
        return "[" + re.escape("".join(chosen)) + "]" if chosen else ""

    short_rare = letters(lambda c, n: n <= half and n <= max(rare[c]))
    short = letters(lambda c, n: n <= half)
    long_second = letters(lambda c, n: half < n <= rare[c][1])
    long_first = letters(lambda c, n: half < n <= rare[c][0])
    branches = [short_rare, short + long_second if long_second else "", long_first + short if long_first else ""]
    return pairs, re.compile("|".join(branch for branch in branches if branch) or "(?!)")


def _utf8_length(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def short_clusters(text: str, max_bytes: int, *, rare_checked: bool = False) -> list[tuple[int, int]]:
    """The (start, end) of every cluster of two or more chars and at most `max_bytes` UTF-8
    bytes, in order: the same as keeping those of `graphemes(text)`, only quicker.
    `rare_checked` says the caller has found a char of `text` for which `joins_within` holds.

    >>> short_clusters("ab\\r\\nc\\u0301 \\U0001F44D\\U0001F3FD", 5)
    [(2, 4), (4, 6)]
    """
    if text.isascii():  # only CR LF stays together in ASCII
        spans, start = [], text.find("\r\n")
        while start >= 0:
            spans.append((start, start + 2))
            start = text.find("\r\n", start + 2)
        return spans
    if not rare_checked and not text.translate(_rare_chars(max_bytes)):
        return []
    letters = text.translate(_PAIR_LETTERS)
    may_join, candidates = _may_join(max_bytes)
    places: list[int] = []  # i: text[i - 1] and text[i] may stay together
    for match in candidates.finditer(letters):
        # (subtle: the pairs on both edges too, which a match next to this one may have taken)
        for place in range(max(match.start(), places[-1] + 1 if places else 1), match.end() + 1):
            if letters[place - 1 : place + 1] in may_join:
                places.append(place)
    spans = []
    covered = 0  # the end of the last cluster looked at
    for place in places:
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
