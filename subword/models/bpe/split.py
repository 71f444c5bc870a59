"""Split points: places inside a word that no merge can ever join, so BPE may run on the pieces.

A SentencePiece-style BPE (Llama 2, Mistral) has no pre-tokenizer: a whole line is one word, the
word cache never hits and the merge loop runs over thousands of symbols. Yet most places in such
a word can never be joined ("o" then "▁" in "hello▁world"), and BPE on the pieces between them,
each through the word cache, gives what BPE on the whole word gives: ids, and offsets once each
piece's are moved by its start.

Why, for a model without continuing_subword_prefix or end_of_word_suffix, with an injective
vocabulary (so each symbol has one token string), and a word none of whose characters is dropped.
(1) Each character starts as symbols of its own, one after another: itself if it is a
single-character token ("known"), else its byte tokens `<0xNN>` with byte fallback, else
`unk_token`, fused or left pending only next to other unknown characters; so the word's first
symbols are its pieces' first symbols, one after another. (2) A merge (left, right) makes the
token `left + right`, so every symbol's token is the concatenation of the first symbols' tokens
it covers: a symbol ending at a known `x` is a token ending with `x`, one starting at a known `y`
a token starting with `y`, and with a complete byte fallback one ending (starting) at an unknown
character a token ending (starting) with a byte token. (3) So the place between `x` and `y` is
joined only by a merge whose left token ends, and whose right token starts, that way; with no
such merge no pair across the place ever has a rank, the merge loop never joins it, and each
merge reads and writes one side only, in the same (rank, position) order as when that side is
merged alone. Offsets follow, each piece's moved by its start, as long as no character is
dropped (a dropped one moves the byte offsets of every later token): with neither `unk_token` nor
a complete byte fallback, only words of known characters are cut. Dropout's random draws would
interleave the pieces (the model builds no table then), and `ignore_merges` looks a whole word
up, never a piece. This module does not decide when splitting pays; the model does.
"""

from __future__ import annotations

from itertools import compress, count
from operator import itemgetter, not_
from typing import Any, Collection, NamedTuple

BYTE_TOKENS = frozenset(f"<0x{byte:02X}>" for byte in range(256))
# Words at least this long find their joinable places with numpy, in a few C loops over the
# whole word; shorter ones pair their characters as tuples (bench/split_points.py).
ARRAY_MIN_WORD = 96
# Words at least this long are cut by `split_pieces` with a separator and `str.split`; shorter
# ones are sliced place by place (bench/split_points.py).
SEPARATOR_MIN_WORD = 512
_SEPARATOR = "\0"  # what `split_pieces` cuts at, when the word holds none


class PairArrays(NamedTuple):
    """`SplitTable.joinable` as arrays: code point -> row (of a left character) or column (of a
    right one), the last entry -1 for every code point past the table; `joinable[row, column]`,
    False in the last row and column, which -1 picks. An index table holds 4 bytes per code point
    up to the highest joinable char (at most 4.4 MB; Mistral's 135 KB and 102 KB)."""

    rows: Any
    columns: Any
    joinable: Any


class SplitTable(NamedTuple):
    """What `split_points` needs.

    `joinable` holds the (x, y) that some merge may join; `known` the single-character tokens.
    With `cut_unknown`, every place next to an unknown character is a split point and `joinable`
    has only known characters; without it, no such place is, and with `drops` (an unknown
    character may be dropped) a word with an unknown character is not cut at all.
    """

    joinable: frozenset[tuple[str, str]]
    known: frozenset[str]
    cut_unknown: bool
    drops: bool = False
    arrays: PairArrays | None = None


def split_table(
    tokens: dict[int, str], pairs: Collection[tuple[int, int]], byte_fallback: bool, drops: bool = False
) -> SplitTable:
    """The table of a model with these tokens (id -> token) and merges (pairs of ids).

    `byte_fallback` says every unknown character becomes byte tokens (all 256 are in the
    vocabulary, so none is dropped or becomes unk_token); `drops` that an unknown character may
    be dropped (neither byte fallback nor unk_token). A merge with an empty side gives a
    pair with an empty string, which no two characters match (no symbol is the empty token).

    >>> table = split_table({0: "a", 1: "b", 2: "ab", 3: "c", 4: "abc"}, [(0, 1), (2, 3)], False)
    >>> sorted(table.joinable), sorted(table.known)
    ([('a', 'b'), ('b', 'c')], ['a', 'b', 'c'])
    """
    # C loops over the merges, through each distinct token's last (first) characters once.
    lefts, rights = list(map(itemgetter(0), pairs)), list(map(itemgetter(1), pairs))
    ends = {id_: tokens[id_][-1:] for id_ in set(lefts)}
    starts = {id_: tokens[id_][:1] for id_ in set(rights)}
    joinable = frozenset(zip(map(ends.__getitem__, lefts), map(starts.__getitem__, rights)))
    known = frozenset([token for token in tokens.values() if len(token) == 1])
    cut_unknown = (
        byte_fallback
        and not any(tokens[id_][-6:] in BYTE_TOKENS for id_ in ends)
        and not any(tokens[id_][:6] in BYTE_TOKENS for id_ in starts)
    )
    if cut_unknown:
        joinable = frozenset([(x, y) for x, y in joinable if x in known and y in known])
    return SplitTable(joinable, known, cut_unknown, drops, pair_arrays(joinable))


def pair_arrays(joinable: Collection[tuple[str, str]]) -> PairArrays:
    """The arrays of these joinable pairs (pairs with an empty side join nothing and are left out)."""
    import numpy as np  # a runtime dependency, imported once a model cuts long words

    pairs = [(x, y) for x, y in joinable if x and y]
    lefts = {x: row for row, x in enumerate(sorted({x for x, _ in pairs}))}
    rights = {y: column for column, y in enumerate(sorted({y for _, y in pairs}))}

    def index_table(chars: dict[str, int]) -> Any:
        table = np.full(max(map(ord, chars), default=0) + 2, -1, dtype=np.int32)
        table[list(map(ord, chars))] = list(chars.values())
        return table

    matrix = np.zeros((len(lefts) + 1, len(rights) + 1), dtype=bool)
    if pairs:
        matrix[[lefts[x] for x, _ in pairs], [rights[y] for _, y in pairs]] = True
    return PairArrays(index_table(lefts), index_table(rights), matrix)


def _unjoinable_places(word: str, arrays: PairArrays) -> list[int]:
    """The indices `i` where `word[i - 1] + word[i]` is no joinable pair, found with the arrays."""
    places: list[int] = _unjoinable_array(word, arrays)[1].tolist()
    return places


def _unjoinable_array(word: str, arrays: PairArrays) -> tuple[Any, Any]:
    """The word's code points and `_unjoinable_places`, as numpy arrays."""
    import numpy as np

    points = np.frombuffer(word.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    rows = arrays.rows[np.minimum(points[:-1], len(arrays.rows) - 1)]
    columns = arrays.columns[np.minimum(points[1:], len(arrays.columns) - 1)]
    return points, np.flatnonzero(~arrays.joinable[rows, columns]) + 1


def split_points(word: str, table: SplitTable) -> list[int]:
    """The indices `i` (0 < i < len(word)) where no merge can join `word[i - 1]` and `word[i]`.

    >>> table = split_table({0: "a", 1: "b", 2: "ab", 3: "c"}, [(0, 1)], False)
    >>> split_points("abcab", table), split_points("abxcab", table)
    ([2, 3], [4])
    >>> split_points("abxcab", table._replace(cut_unknown=True))
    [2, 3, 4]
    >>> split_points("abxcab", table._replace(drops=True))
    []
    """
    joinable, known, _, drops, arrays = table
    if arrays is not None and len(word) >= ARRAY_MIN_WORD:
        cuts = _unjoinable_places(word, arrays)
    else:  # C loops over the pairs of neighbours, keeping the places whose pair is not joinable
        cuts = list(compress(count(1), map(not_, map(joinable.__contains__, zip(word, word[1:])))))
    if cuts and not _decides_alone(word, table):
        if drops:
            return []  # the character may be dropped, which moves the offsets of all later tokens
        cuts = [i for i in cuts if word[i - 1] in known and word[i] in known]
    return cuts


def _decides_alone(word: str, table: SplitTable) -> bool:
    """Whether the joinable pairs alone decide every place of the word: places next to an
    unknown char are cut anyway, or the word has none."""
    return table.cut_unknown or table.known.issuperset(word)


def pieces(word: str, cuts: list[int]) -> list[str]:
    """`word` cut at `cuts`.

    >>> pieces("abcab", [2, 3])
    ['ab', 'c', 'ab']
    """
    return [word[start:end] for start, end in zip([0, *cuts], [*cuts, len(word)])]


def split_pieces(word: str, table: SplitTable) -> list[str] | None:
    """`pieces(word, split_points(word, table))`, or None where the word has no split point.

    A very long word of chars the table decides alone is cut in C: a separator it does not hold
    goes in at each split point, and `str.split` cuts there (bench/split_points.py).

    >>> table = split_table({0: "a", 1: "b", 2: "ab", 3: "c"}, [(0, 1)], False)
    >>> split_pieces("abcab", table), split_pieces("ab", table)
    (['ab', 'c', 'ab'], None)
    """
    arrays = table.arrays
    if (
        arrays is not None
        and len(word) >= SEPARATOR_MIN_WORD
        and _SEPARATOR not in word
        and _decides_alone(word, table)
    ):
        import numpy as np

        points, places = _unjoinable_array(word, arrays)
        if not len(places):
            return None
        size = len(points) + len(places)
        cut = np.full(size, ord(_SEPARATOR), dtype=np.uint32)
        kept = np.ones(size, dtype=bool)
        kept[places + np.arange(len(places))] = False  # where each separator lands
        cut[kept] = points
        return cut.tobytes().decode("utf-32-le", "surrogatepass").split(_SEPARATOR)
    cuts = split_points(word, table)
    return pieces(word, cuts) if cuts else None
