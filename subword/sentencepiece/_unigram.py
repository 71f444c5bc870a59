"""sentencepiece's Unigram segmentation, reproduced down to its float32 arithmetic and tie-breaks.

The lattice, the piece trie and forward-filtering backward-sampling come from
subword/models/_lattice.py. What differs from the Rust package, and lives here:

- scores are C++ floats: sums are rounded to float32 where sentencepiece stores them, so
  near-ties break the same way;
- only normal and user-defined pieces are found (never control, unknown, unused or byte ones);
  user-defined pieces score `0.1 * length - 0.1` (length in chars in the lattice, in UTF-8
  bytes in the one-pass Viterbi, as sentencepiece has it);
- the n-best A* search pops its agenda in the order of libstdc++'s `std::priority_queue`, so
  paths of equal score come out in sentencepiece's order.
This module does not normalize and does not merge unknown pieces (see processor.py).
"""

from __future__ import annotations

import array
import math
import random

from ..models.unigram.lattice import BOS, EOS, Lattice, NestedPieceTrie, PieceTrie, populate, sample_nbest
from ._chunks import pieces_stay_in_chunks, split_chunks
from ._normalize import BoundedCache
from ._proto import NORMAL, USER_DEFINED, Piece

UNK_PENALTY = 10.0
_FLT_MAX = 3.4028234663852886e38
_TENTH = 0.10000000149011612  # 0.1 as a float
_MAX_AGENDA, _MIN_AGENDA = 10_000, 512
_MAX_NBEST = 1024

Segment = tuple[str, int]  # (piece text, vocabulary id)
_Chunk = tuple[tuple[Segment, ...], float, float, float, tuple[float, ...]]  # see _chunk_viterbi
# A float32 sum of size s is off by at most 2**-24 * s. Two candidates compared in a chunk went
# through at most (chunk length + 1) sums each, of size up to |start score| + peak (up to twice
# that for a loser, which otherwise loses by far more): 2**-22 per (length + 2) covers both, with
# a margin for the float64 arithmetic of the checks themselves.
_ROUNDING_TOLERANCE = 2.0**-22 * 1.001

_f32_buffer = array.array("f", [0.0])


def f32(value: float) -> float:
    """`value` rounded to the nearest C float: f32(0.1) -> 0.10000000149011612."""
    _f32_buffer[0] = value
    return _f32_buffer[0]


def user_defined_score(length: int) -> float:
    """The score sentencepiece gives a user-defined piece of `length` chars (or bytes): 0.1 * length - 0.1.

    Found by probing sentencepiece 0.2.3, which no longer scales it by the best piece score as
    0.2.1's source (`length * max_score - 0.1`) does: user_defined_score(3) -> about 0.2.
    """
    return f32(length * _TENTH) - 0.1


def _viterbi_score(piece: Piece) -> float:
    """A piece's score in the one-pass Viterbi: a user-defined piece's bonus counts UTF-8 bytes."""
    if piece.type == USER_DEFINED:
        return user_defined_score(len(piece.piece.encode("utf-8")))
    return piece.score


def lattice_score(piece: Piece) -> float:
    """A piece's score in the lattice: its own, or for a user-defined piece the bonus above."""
    if piece.type == USER_DEFINED:
        return f32(user_defined_score(len(piece.piece)))
    return piece.score


class UnigramSegmenter:
    """Best, n-best and sampled segmentations of normalized text, as sentencepiece's unigram model."""

    def __init__(self, pieces: list[Piece], unk_id: int) -> None:
        self.unk_id = unk_id
        self.min_score = min((p.score for p in pieces if p.type == NORMAL), default=_FLT_MAX)
        self.unk_score = f32(self.min_score - UNK_PENALTY)
        found = [(id_, p) for id_, p in enumerate(pieces) if p.type in (NORMAL, USER_DEFINED)]
        self._found = found
        self._trie: PieceTrie | None = None  # for the lattice (n-best, sampling): built on first use
        # The one-pass Viterbi scores a user-defined piece by its length in bytes, not chars.
        self._viterbi_trie = NestedPieceTrie((p.piece, id_, _viterbi_score(p)) for id_, p in found)
        self._chunks: BoundedCache[_Chunk] | None = None
        if pieces_stay_in_chunks(p.piece for _, p in found):
            self._chunks = BoundedCache(self._chunk_viterbi)

    def encode(self, text: str) -> list[Segment]:
        """The best segmentation (sentencepiece's optimized one-pass Viterbi).

        >>> pieces = [Piece("<unk>", 0.0, 2), Piece("a", -1.0), Piece("b", -1.0), Piece("ab", -1.5)]
        >>> UnigramSegmenter(pieces, 0).encode("abc")
        [('ab', 3), ('c', 0)]
        """
        if self._chunks is None or not text:
            return self.viterbi(text)[0]
        # No piece crosses a chunk boundary, so sentencepiece's pass over a chunk depends on the
        # text before it only through the (float32) score reached at its start. Each chunk's
        # segmentation is cached, found with exact sums; it is also the float32 one unless some
        # choice inside it is closer than float32 rounding at that score can blur.
        chunks = split_chunks(text)
        entries = [self._chunks[chunk] for chunk in chunks]
        # This bounds |the score at any chunk start|, float32 sums and all.
        reached = sum([entry[1] for entry in entries]) * (1.0 + len(text) * 2.0**-23)
        peak = max([entry[2] for entry in entries])
        if min([entry[3] for entry in entries]) > (reached + peak) * _ROUNDING_TOLERANCE:
            return [segment for entry in entries for segment in entry[0]]
        # Some chunk may be too close to call at the largest score: check each at its own.
        segments: list[Segment] = []
        buffer = _f32_buffer
        score = 0.0
        for chunk, (found, _, chunk_peak, slack, scores) in zip(chunks, entries):
            if slack > (abs(score) + chunk_peak) * _ROUNDING_TOLERANCE:
                segments.extend(found)
                for piece_score in scores:
                    buffer[0] = piece_score + score
                    score = buffer[0]
            else:
                found, score = self.viterbi(chunk, score)
                segments.extend(found)
        return segments

    def viterbi(self, text: str, start_score: float = 0.0) -> tuple[list[Segment], float]:
        """`encode` with sentencepiece's float32 sums, from `start_score`; also returns the final score."""
        size = len(text)
        best = [start_score] * (size + 1)
        starts = [-1] * (size + 1)
        ids = [0] * (size + 1)
        root, terminal = self._viterbi_trie.root, NestedPieceTrie.TERMINAL
        buffer = _f32_buffer
        unk_id, unk_score = self.unk_id, self.unk_score
        for start in range(size):
            here = best[start]
            # The one-char piece at `start` (or else the unknown node) first, then longer pieces.
            node = root.get(text[start])
            entry = node.get(terminal) if node is not None else None
            id_, score = entry if entry is not None else (unk_id, unk_score)
            end = start + 1
            buffer[0] = score + here  # a float sum, rounded before it is compared
            candidate = buffer[0]
            if starts[end] < 0 or candidate > best[end]:
                best[end], starts[end], ids[end] = candidate, start, id_
            while node is not None and end < size:
                node = node.get(text[end])
                if node is None:
                    break
                end += 1
                entry = node.get(terminal)
                if entry is not None:
                    buffer[0] = entry[1] + here
                    candidate = buffer[0]
                    if starts[end] < 0 or candidate > best[end]:
                        best[end], starts[end], ids[end] = candidate, start, entry[0]
        return _backtrack(text, starts, ids), best[size]

    def _chunk_viterbi(self, text: str) -> _Chunk:
        """The best segmentation of one chunk, found with exact sums, and what `encode` checks.

        Returns (segments, |total score|, the largest |best score| at any position, slack, the
        segments' scores). The slack is the smallest gap, at any position, between the best and
        the second-best candidate (0 for a tie), divided by the chunk's length + 2: the most
        float32 roundings of both candidates' sums, each off by at most 2**-24 of the sum's size.
        """
        size = len(text)
        best = [0.0] * (size + 1)
        runner_up = [-math.inf] * (size + 1)
        chosen = [0.0] * (size + 1)  # the score of the piece ending at each position on its best path
        starts = [-1] * (size + 1)
        ids = [0] * (size + 1)
        root, terminal = self._viterbi_trie.root, NestedPieceTrie.TERMINAL
        unk_id, unk_score = self.unk_id, self.unk_score
        for start in range(size):
            here = best[start]
            node = root.get(text[start])
            entry = node.get(terminal) if node is not None else None
            id_, score = entry if entry is not None else (unk_id, unk_score)
            end = start + 1
            while True:
                candidate = here + score
                if starts[end] < 0 or candidate > best[end]:
                    if starts[end] >= 0:
                        runner_up[end] = best[end]
                    best[end], starts[end], ids[end], chosen[end] = candidate, start, id_, score
                elif candidate > runner_up[end]:
                    runner_up[end] = candidate
                entry = None
                while entry is None and node is not None and end < size:
                    node = node.get(text[end])
                    end += 1
                    entry = node.get(terminal) if node is not None else None
                if entry is None:
                    break
                id_, score = entry
        closest = min([top - second for top, second in zip(best, runner_up)])
        peak = max([abs(value) for value in best])
        segments = _backtrack(text, starts, ids)
        scores = []
        end = size
        while end > 0:
            scores.append(chosen[end])
            end = starts[end]
        scores.reverse()
        return tuple(segments), abs(best[size]), peak, closest / (size + 2), tuple(scores)

    def lattice(self, text: str) -> Lattice:
        """Every piece found in `text`, plus an unknown node where no one-char piece starts."""
        lattice = Lattice(len(text))
        if self._trie is None:
            self._trie = PieceTrie((p.piece, id_, lattice_score(p)) for id_, p in self._found)
        populate(lattice, text, self._trie, self.unk_id, self.unk_score)
        return lattice

    def nbest(self, text: str, nbest_size: int) -> list[tuple[list[Segment], float]]:
        """Up to `nbest_size` (clamped to 1..1024) best segmentations with their float32 scores.

        As sentencepiece: empty text gives one empty segmentation; nbest_size 1 gives the
        one-pass Viterbi result with score 0.0.
        """
        if not text:
            return [([], 0.0)]
        nbest_size = max(1, min(nbest_size, _MAX_NBEST))
        if nbest_size == 1:
            return [(self.encode(text), 0.0)]
        lattice = self.lattice(text)
        return [(_segments(lattice, text, path), score) for path, score in _astar(lattice, nbest_size)]

    def sample(self, text: str, alpha: float, nbest_size: int, rng: random.Random | None = None) -> list[Segment]:
        """One segmentation drawn with weight exp(alpha * score), as sentencepiece's SampleEncode.

        `nbest_size` < 0 draws among all segmentations; 0 or 1 gives the best; > 1 draws among
        that many best.
        """
        if not text:
            return []
        if nbest_size in (0, 1):
            return self.encode(text)
        if nbest_size > 1:
            nbests = self.nbest(text, nbest_size)
            return sample_nbest([(segments, score) for segments, score in nbests], alpha, rng)
        lattice = self.lattice(text)
        return _segments(lattice, text, lattice.sample(alpha, rng))


def _backtrack(text: str, starts: list[int], ids: list[int]) -> list[Segment]:
    """The segments of a Viterbi pass, read back from the end: starts[end] begins the piece ending at end."""
    segments = []
    end = len(text)
    while end > 0:
        start = starts[end]
        segments.append((text[start:end], ids[end]))
        end = start
    segments.reverse()
    return segments


def _segments(lattice: Lattice, text: str, path: list[int]) -> list[Segment]:
    return [(text[lattice.starts[node] : lattice.ends[node]], lattice.ids[node]) for node in path]


def _backtrace_scores(lattice: Lattice) -> list[float]:
    """sentencepiece's Viterbi pass: the best float32 score from BOS through each node."""
    scores = lattice.scores
    best = [0.0] * len(scores)
    buffer = _f32_buffer
    for position in range(lattice.size + 1):
        lefts = lattice.end_nodes[position]
        for right in lattice.begin_nodes[position]:
            score = scores[right]
            best_score = None
            for left in lefts:
                buffer[0] = best[left] + score
                candidate = buffer[0]
                if best_score is None or candidate > best_score:
                    best_score = candidate
            best[right] = 0.0 if best_score is None else best_score
    return best


def hypothesis_path(hypothesis: list) -> list[int]:
    """The nodes, BOS side first, of a finished A* hypothesis [fx, node, gx, the one it extends]."""
    path = []
    link = hypothesis[3]
    while link[3] is not None:
        path.append(link[1])
        link = link[3]
    return path


def _astar(lattice: Lattice, nbest_size: int) -> list[tuple[list[int], float]]:
    """The n best paths, searched from EOS with the exact Viterbi scores as the heuristic."""
    backtrace = _backtrace_scores(lattice)
    scores, starts, end_nodes = lattice.scores, lattice.starts, lattice.end_nodes
    buffer = _f32_buffer
    # A hypothesis is [fx, node, gx, the hypothesis it extends].
    agenda: list[list] = []
    _heap_push(agenda, [backtrace[EOS], EOS, 0.0, None])
    results: list[tuple[list[int], float]] = []
    while agenda:
        top = _heap_pop(agenda)
        fx, node, gx, _ = top
        if node == BOS:
            results.append((hypothesis_path(top), fx))
            if len(results) == nbest_size:
                break
            continue
        for left in end_nodes[starts[node]]:
            buffer[0] = scores[left] + gx
            left_gx = buffer[0]
            buffer[0] = backtrace[left] + gx
            _heap_push(agenda, [buffer[0], left, left_gx, top])
        if len(agenda) >= _MAX_AGENDA:
            kept = [_heap_pop(agenda) for _ in range(min(_MIN_AGENDA, nbest_size * 10))]
            agenda = []
            for hypothesis in kept:
                _heap_push(agenda, hypothesis)
    return results


# libstdc++'s binary heap (std::push_heap / std::pop_heap), a max-heap on item[0]; heapq orders
# equal keys differently, and sentencepiece's n-best order of equal-score paths depends on it.


def _sift_up(heap: list, hole: int, top: int, item: list) -> None:
    parent = (hole - 1) // 2
    while hole > top and heap[parent][0] < item[0]:
        heap[hole] = heap[parent]
        hole = parent
        parent = (hole - 1) // 2
    heap[hole] = item


def _heap_push(heap: list, item: list) -> None:
    heap.append(item)
    _sift_up(heap, len(heap) - 1, 0, item)


def _heap_pop(heap: list) -> list:
    top = heap[0]
    last = heap.pop()
    size = len(heap)
    if size:
        # std::__adjust_heap: walk the hole down to a leaf along the larger children, then sift up.
        hole = 0
        child = 0
        while child < (size - 1) // 2:
            child = 2 * (child + 1)
            if heap[child][0] < heap[child - 1][0]:
                child -= 1
            heap[hole] = heap[child]
            hole = child
        if size % 2 == 0 and child == (size - 2) // 2:
            child = 2 * (child + 1)
            heap[hole] = heap[child - 1]
            hole = child - 1
        _sift_up(heap, hole, 0, last)
    return top

