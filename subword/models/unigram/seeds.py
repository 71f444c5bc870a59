"""Seed pieces for Unigram training: every char, then the frequent substrings, best first.

The Rust package builds a suffix array over the distinct words (each followed by a `\\0`) and
keeps the nodes of the suffix tree: substrings that occur at least twice and are followed by at
least two different chars (the end of a word counts as one). A substring's score is its number
of occurrences (in distinct words, counts ignored) times its length; chars are scored by their
count in the corpus instead. This module finds the same substrings with numpy: it sorts the word
positions by their first `max_piece_length + 1` chars (prefix doubling) and reads the suffix-tree
nodes off the longest-common-prefix array. It does not weigh substrings by word counts, exactly
as the Rust package does not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SEPARATOR = "\0"


@dataclass
class Corpus:
    """The distinct words laid end to end, each followed by a `\\0`, as code points.

    `starts[w]`/`lengths[w]` place word `w`; `counts[w]` is how often it occurs; `to_separator[i]`
    is how many chars position `i` is from the next `\\0` (0 at a separator).
    """

    text: str
    codes: np.ndarray
    starts: np.ndarray
    lengths: np.ndarray
    counts: np.ndarray
    to_separator: np.ndarray

    @classmethod
    def from_counts(cls, words: list[str], counts: list[int]) -> Corpus:
        """Lay out `words` (already without empty ones) with their `counts`."""
        text = SEPARATOR.join(words) + SEPARATOR
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int32)
        separators = np.flatnonzero(codes == 0)
        # A `\0` inside a word also ends a span: substrings never cross it, as in Rust.
        next_separator = separators[np.searchsorted(separators, np.arange(len(codes)))]
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])).astype(np.int64)
        return cls(
            text=text,
            codes=codes,
            starts=starts,
            lengths=lengths,
            counts=np.asarray(counts, dtype=np.float64),
            to_separator=(next_separator - np.arange(len(codes))).astype(np.int32),
        )


@dataclass
class Seeds:
    """Seed pieces best first, with their raw scores and where the substrings occur.

    Chars come first (`n_chars` of them); substring `k` (after the chars) is
    `sorted_positions[lefts[k] : lefts[k] + frequencies[k]]`, i.e. every position it starts at.
    """

    pieces: list[str]
    scores: np.ndarray
    n_chars: int
    lefts: np.ndarray
    frequencies: np.ndarray
    sorted_positions: np.ndarray


def _rank_pairs(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Dense ranks (0 for the smallest) of the pairs (first[i], second[i]), order kept."""
    key = first.astype(np.int64) * (int(second.max()) + 1) + second
    return np.unique(key, return_inverse=True)[1].astype(np.int32).reshape(-1)


def _prefix_ranks(corpus: Corpus, width: int) -> tuple[dict[int, np.ndarray], np.ndarray]:
    """Ranks of every position's first 1, 2, 4... chars (power -> ranks), and of its first `width`.

    Chars past a `\\0` are read as `\\0`, so positions compare only within their word.
    """
    codes, to_separator = corpus.codes, corpus.to_separator
    size = len(codes)
    last = size - 1  # always a separator
    ranks = {1: _rank_pairs(codes, np.zeros(size, dtype=np.int32))}
    span = 1
    while span * 2 <= width:
        shifted = ranks[span][np.minimum(np.arange(size) + span, last)]
        ranks[span * 2] = _rank_pairs(ranks[span], np.where(to_separator >= span, shifted, 0))
        span *= 2
    shift = width - span  # the last step overlaps: chars [0, span) and [shift, shift + span)
    if shift == 0:
        return ranks, ranks[span]
    shifted = ranks[span][np.minimum(np.arange(size) + shift, last)]
    return ranks, _rank_pairs(ranks[span], np.where(to_separator >= shift, shifted, 0))


def _common_prefixes(corpus: Corpus, ranks: dict[int, np.ndarray], order: np.ndarray, width: int) -> np.ndarray:
    """lcp[i]: chars shared by the positions order[i - 1] and order[i] (lcp[0] = 0), at most `width`.

    Counting stops one past the first `\\0`, which is all that nodes without a `\\0` need.
    """
    left, right = order[:-1], order[1:]
    last = len(corpus.codes) - 1
    shared = np.zeros(len(left), dtype=np.int64)
    for span in sorted(ranks, reverse=True):
        a = np.minimum(left + shared, last)
        b = np.minimum(right + shared, last)
        equal = (ranks[span][a] == ranks[span][b]) & (shared + span <= width)
        shared += np.where(equal, span, 0)
    bound = np.minimum(corpus.to_separator[left], corpus.to_separator[right]) + 1
    return np.concatenate(([0], np.minimum(shared, bound)))


def _nodes(lcp: np.ndarray, order: np.ndarray, to_separator: np.ndarray, max_length: int):
    """(length, left, frequency) of every suffix-tree node of 2..max_length chars without a `\\0`.

    A node of depth m is a maximal run of lcp >= m whose minimum is m; its positions are
    order[left : left + frequency].
    """
    lengths, lefts, frequencies = [], [], []
    equal_counts = np.zeros(len(lcp) + 1, dtype=np.int64)
    for depth in range(2, max_length + 1):
        inside = lcp >= depth
        if not inside.any():
            break
        edges = np.diff(inside.astype(np.int8), prepend=0, append=0)
        run_starts = np.flatnonzero(edges == 1)
        run_ends = np.flatnonzero(edges == -1)  # exclusive
        np.cumsum(lcp == depth, out=equal_counts[1:])
        is_node = equal_counts[run_ends] > equal_counts[run_starts]
        left = run_starts[is_node] - 1
        is_node_free = to_separator[order[left]] >= depth  # the substring holds no `\0`
        left = left[is_node_free]
        lefts.append(left)
        frequencies.append((run_ends[is_node] - run_starts[is_node] + 1)[is_node_free])
        lengths.append(np.full(len(left), depth, dtype=np.int64))
    if not lefts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return np.concatenate(lengths), np.concatenate(lefts), np.concatenate(frequencies)


def _char_seeds(corpus: Corpus) -> tuple[list[str], list[int]]:
    """Every char but `\\0` with its count in the corpus, by count then char, both descending."""
    codes = corpus.codes
    word_of = np.repeat(np.arange(len(corpus.starts)), corpus.lengths + 1)
    weights = corpus.counts[word_of]
    present = codes != 0
    chars, inverse = np.unique(codes[present], return_inverse=True)
    totals = np.bincount(inverse, weights=weights[present], minlength=len(chars)).astype(np.int64)
    order = np.lexsort((-chars, -totals))
    return [chr(c) for c in chars[order]], totals[order].tolist()


def make_seeds(corpus: Corpus, max_piece_length: int, seed_size: int) -> Seeds:
    """The chars and the `seed_size` best substrings of `corpus`, as the Rust trainer picks them.

    >>> seeds = make_seeds(Corpus.from_counts(["This is a", "こんにちは友達"], [1, 1]), 16, 100)
    >>> seeds.pieces[:3], seeds.pieces[-2:]
    (['s', 'i', ' '], ['is ', 's '])
    """
    chars, char_counts = _char_seeds(corpus)
    width = max_piece_length + 1  # one more char tells whether a node branches
    ranks, final = _prefix_ranks(corpus, width)
    order = np.argsort(final, kind="stable")
    lcp = _common_prefixes(corpus, ranks, order, width)
    lengths, lefts, frequencies = _nodes(lcp, order, corpus.to_separator, max_piece_length)
    scores = frequencies * lengths
    # Best score first; equal scores: the larger string first, i.e. the later suffix-array
    # interval, and for one interval (a string and its extension) the longer.
    best = np.lexsort((-lengths, -lefts, -scores))[: max(seed_size - len(chars), 1)]
    starts = order[lefts[best]]
    text = corpus.text
    pieces = chars + [text[s : s + m] for s, m in zip(starts.tolist(), lengths[best].tolist())]
    return Seeds(
        pieces=pieces,
        scores=np.concatenate((np.asarray(char_counts, dtype=np.float64), scores[best].astype(np.float64))),
        n_chars=len(chars),
        lefts=lefts[best],
        frequencies=frequencies[best],
        sorted_positions=order,
    )
