"""The EM loop of Unigram training: E step, M step (digamma), and pruning, as the Rust trainer runs them.

Pieces have fixed ids: 0 is the training-time unknown piece `<UNK>`, 1... are the seeds in seed
order. The vocabulary at any time is `Vocabulary.order` (ids in the order the Rust trainer keeps
its piece list; the order decides ties later) with `Vocabulary.scores` (log-probabilities, NaN for
`<UNK>` and for ids no longer in it). Every place a seed occurs in the corpus is found once
(`Occurrences`); a step only keeps the rows of the pieces still in the vocabulary, since pieces
are only ever removed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .trainer_lattice import Batch, best_paths, expected_counts, subset_order, sweep_orders
from .seeds import Corpus, Seeds

UNK_ID = 0
UNK_PENALTY = 10.0  # an unknown char scores this much below the lowest piece, as in the model
EXPECTED_FREQUENCY_THRESHOLD = 0.5  # the M step drops pieces expected less often than this


def digamma(x: np.ndarray) -> np.ndarray:
    """The digamma function (derivative of log Gamma), by recurrence up to 7 and an asymptotic series.

    >>> digamma(np.array([1.0, 0.5, 10.0])).round(6).tolist()  # -Euler gamma, -gamma - 2 ln 2, ...
    [-0.577216, -1.96351, 2.251753]
    """
    x = np.array(x, dtype=np.float64)
    result = np.zeros_like(x)
    for _ in range(7):  # every x >= 0.5 reaches 7 within 7 steps (smaller ones are never asked)
        small = x < 7.0
        result -= np.where(small, 1.0 / np.where(small, x, 1.0), 0.0)
        x = np.where(small, x + 1.0, x)
    x = x - 0.5
    inverse = 1.0 / x
    inverse2 = inverse * inverse
    inverse4 = inverse2 * inverse2
    # The series is summed on its own, then added, in the Rust trainer's order (same rounding).
    series = (
        np.log(x)
        + (1.0 / 24.0) * inverse2
        - (7.0 / 960.0) * inverse4
        + (31.0 / 8064.0) * inverse4 * inverse2
        - (127.0 / 30720.0) * inverse4 * inverse4
    )
    return result + series


@dataclass
class Vocabulary:
    """The pieces under training: their strings by id, scores by id, and the ids in list order."""

    pieces: list[str]
    scores: np.ndarray
    order: np.ndarray

    def __len__(self) -> int:
        return len(self.order)

    def alive(self) -> np.ndarray:
        """A mask over ids: True for the pieces in the vocabulary (never for `<UNK>`)."""
        mask = np.zeros(len(self.pieces), dtype=bool)
        mask[self.order] = True
        mask[UNK_ID] = False
        return mask

    def unk_score(self) -> float:
        """The score of an unknown char: the lowest piece score minus the penalty."""
        scores = self.scores[self.order]
        scores = scores[~np.isnan(scores)]
        return float(scores.min()) - UNK_PENALTY if len(scores) else math.inf


class Occurrences:
    """Every place a seed piece occurs in the corpus: rows (start, end, piece, word) in forward-sweep order.

    A one-char row stands for the unknown piece when its char is no longer a piece, as the model
    puts an unknown node where no one-char piece starts.
    """

    def __init__(self, corpus: Corpus, seeds: Seeds) -> None:
        self.corpus = corpus
        codes = corpus.codes
        is_char = np.ones(len(codes), dtype=bool)
        is_char[corpus.starts + corpus.lengths] = False  # the separators after the words
        in_word = np.flatnonzero(is_char)
        char_codes = np.array([ord(c) for c in seeds.pieces[: seeds.n_chars]], dtype=np.int64)
        by_code = np.argsort(char_codes)
        found = np.minimum(np.searchsorted(char_codes[by_code], codes[in_word]), len(by_code) - 1)
        # A `\0` inside a word is no seed (substrings stop there, as in Rust): always unknown.
        char_ids = np.where(char_codes[by_code][found] == codes[in_word], 1 + by_code[found], UNK_ID)
        lengths = np.array([len(piece) for piece in seeds.pieces[seeds.n_chars :]], dtype=np.int64)
        sub_positions = seeds.sorted_positions[_ranges(seeds.lefts, seeds.frequencies)]
        sub_ids = np.repeat(np.arange(len(lengths)) + 1 + seeds.n_chars, seeds.frequencies)
        # By id (0 is <UNK>): how long each piece is, and one place it occurs (for substrings).
        self.piece_lengths = np.concatenate(([0], np.ones(seeds.n_chars, dtype=np.int64), lengths))
        self.first_seen = np.concatenate(
            (np.zeros(1 + seeds.n_chars, dtype=np.int64), seeds.sorted_positions[seeds.lefts])
        )
        starts = np.concatenate((in_word, sub_positions)).astype(np.int32)
        ends = starts + np.concatenate((np.ones(len(in_word), dtype=np.int32), np.repeat(lengths, seeds.frequencies)))
        pieces = np.concatenate((char_ids, sub_ids)).astype(np.int32)
        del in_word, sub_positions, char_ids, sub_ids
        word_of = np.repeat(np.arange(len(corpus.starts), dtype=np.int32), corpus.lengths + 1)
        words = word_of[starts]
        del word_of
        rows = Batch(corpus.starts, corpus.lengths, corpus.counts, starts, ends, pieces, None, words, len(codes))
        forward, backward = sweep_orders(rows)
        self.starts, self.ends, self.pieces, self.words = starts[forward], ends[forward], pieces[forward], words[forward]
        # The backward order of the rows now that they are in forward order.
        self.backward = np.argsort(forward)[backward]

    def batch(self, vocabulary: Vocabulary) -> Batch:
        """The lattices of all words under `vocabulary`.

        Pieces only ever leave the vocabulary during training, so the rows of pieces gone are
        dropped for good: each call works on fewer rows.
        """
        alive = vocabulary.alive()
        keep = alive[self.pieces] | (self.ends - self.starts == 1)
        if not keep.all():
            self.starts, self.ends, self.pieces, self.words = (
                self.starts[keep], self.ends[keep], self.pieces[keep], self.words[keep]
            )
            self.backward = subset_order(self.backward, keep)
        known = alive[self.pieces]
        pieces = np.where(known, self.pieces, UNK_ID)
        scores = np.where(known, vocabulary.scores[pieces], vocabulary.unk_score())
        corpus = self.corpus
        return Batch(
            first=corpus.starts,
            lengths=corpus.lengths,
            counts=corpus.counts,
            starts=self.starts,
            ends=self.ends,
            pieces=pieces,
            scores=scores,
            sentences=self.words,
            size=len(corpus.codes),
            orders=(None, self.backward),
        )


def _ranges(lows: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The concatenated ranges [low, low + size): lows=[5, 0], sizes=[2, 3] -> [5, 6, 0, 1, 2]."""
    total = int(sizes.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.repeat(lows, sizes) + (np.arange(total) - offsets)


def e_step(occurrences: Occurrences, vocabulary: Vocabulary) -> np.ndarray:
    """The expected count of every piece id over the corpus."""
    return expected_counts(occurrences.batch(vocabulary), len(vocabulary.pieces))


def m_step(vocabulary: Vocabulary, expected: np.ndarray) -> Vocabulary:
    """Drop pieces expected less than 0.5 times; score the rest digamma(count) - digamma(total).

    This is the Bayesian (Dirichlet-prior) EM sentencepiece uses: it pushes rare pieces out.
    """
    order = vocabulary.order
    kept = order[1:][expected[order[1:]] >= EXPECTED_FREQUENCY_THRESHOLD]
    scores = np.full(len(vocabulary.pieces), np.nan)
    if len(kept):
        total = np.cumsum(expected[kept])[-1]  # summed in order, as Rust does (same rounding)
        scores[kept] = digamma(expected[kept]) - digamma(np.array([total]))[0]
    return Vocabulary(vocabulary.pieces, scores, np.concatenate(([UNK_ID], kept)))


def _piece_windows(occurrences: Occurrences, words: Batch, ids: np.ndarray) -> Batch:
    """The lattice of each piece in `ids` on its own, without the piece's own full-length node.

    A piece's lattice is the part of the word lattice under one place the piece occurs, so its
    rows are taken from `words` and moved to a fresh position space.
    """
    at = occurrences.first_seen[ids]
    lengths = occurrences.piece_lengths[ids]
    by_start = np.argsort(words.starts, kind="stable")
    sorted_starts = words.starts[by_start]
    low = np.searchsorted(sorted_starts, at)
    high = np.searchsorted(sorted_starts, at + lengths)
    rows = by_start[_ranges(low, high - low)]
    window = np.repeat(np.arange(len(ids)), high - low)
    first = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    shift = (first - at)[window]
    starts = words.starts[rows] + shift
    ends = words.ends[rows] + shift
    last = (first + lengths)[window]
    inside = (ends <= last) & ~((starts == first[window]) & (ends == last))
    return Batch(
        first=first,
        lengths=lengths,
        counts=np.ones(len(ids)),
        starts=starts[inside],
        ends=ends[inside],
        pieces=words.pieces[rows[inside]],
        scores=words.scores[rows[inside]],
        sentences=window[inside],
        size=int(first[-1] + lengths[-1] + 1) if len(ids) else 1,
    )


def _removal_losses(
    freq: np.ndarray, n_pieces: int, n_sentences: float, ids: np.ndarray, windows: Batch, alt_nodes: np.ndarray
) -> np.ndarray:
    """How much likelihood is lost if each piece of `ids` gives its uses to its second-best segmentation.

    Computed term by term in the Rust trainer's order, so that ties (common on small corpora)
    round the same way and are broken the same way. As in Rust, the alternatives' new total is
    sized with the vocabulary size minus one (sentencepiece uses the number of alternatives).
    """
    total = freq.sum()
    own = freq[ids]
    window = windows.sentences[alt_nodes]
    in_order = np.lexsort((windows.starts[alt_nodes], window))
    window, alt_pieces = window[in_order], windows.pieces[alt_nodes][in_order]
    log_total_alt = np.log(total + own * (n_pieces - 1))
    terms = np.log(freq[alt_pieces] + own[window]) - log_total_alt[window]
    rank = np.arange(len(window)) - np.searchsorted(window, window)
    logprob_alt = np.zeros(len(ids))
    for step in range(int(rank.max(initial=-1)) + 1):  # left to right within each segmentation
        here = rank == step
        logprob_alt[window[here]] += terms[here]
    logprob_own = np.log(own) - np.log(total)
    return (own / n_sentences) * (logprob_own - logprob_alt)


def prune(
    occurrences: Occurrences, vocabulary: Vocabulary, vocab_size: int, shrinking_factor: float, n_sentences: float
) -> Vocabulary:
    """Keep the pieces whose removal would cost the corpus likelihood most (the Rust trainer's rule).

    A piece's loss assumes every use of it in the best segmentations goes to its second-best
    segmentation instead. Pieces that are their own best segmentation but have no second one
    (chars) are always kept; pieces that are not their own best one and are never used go.
    The size kept is max(1.1 * vocab_size, shrinking_factor * current size). `n_sentences` is
    the number of words in the corpus (empty ones too, as Rust counts them).
    """
    words = occurrences.batch(vocabulary)
    n_ids = len(vocabulary.pieces)
    nodes, _ = best_paths(words)
    freq = np.bincount(words.pieces[nodes], weights=words.counts[words.sentences[nodes]], minlength=n_ids)
    ids = vocabulary.order[1:]
    multi = ids[occurrences.piece_lengths[ids] >= 2]
    windows = _piece_windows(occurrences, words, multi)
    alt_nodes, alt_scores = best_paths(windows)
    has_alternative = np.zeros(n_ids, dtype=bool)
    has_alternative[multi] = vocabulary.scores[multi] >= alt_scores  # else it is not its own best
    keeps_anyway = has_alternative.copy()
    keeps_anyway[ids[occurrences.piece_lengths[ids] == 1]] = True
    used = freq[ids] > 0
    direct = ids[~has_alternative[ids] & (used | keeps_anyway[ids])]
    candidates = ids[has_alternative[ids] & used]
    loss = np.zeros(n_ids)
    with np.errstate(divide="ignore", invalid="ignore"):  # pieces nobody uses get NaN, never read
        loss[multi] = _removal_losses(freq, len(vocabulary), n_sentences, multi, windows, alt_nodes)
    candidates = candidates[np.argsort(-loss[candidates], kind="stable")]
    pruned_size = max(vocab_size * 11 // 10, int(len(vocabulary) * shrinking_factor))
    room = max(pruned_size - 1 - len(direct), 0)
    order = np.concatenate(([UNK_ID], direct, candidates[:room])).astype(np.int64)
    scores = np.full(n_ids, np.nan)
    scores[order[1:]] = vocabulary.scores[order[1:]]
    return Vocabulary(vocabulary.pieces, scores, order)
