"""The Unigram lattice: every piece that can cover a span of a sentence, and paths through it.

Positions are char indices (0..size). Node 0 is BOS (ends at 0), node 1 is EOS (begins at
`size`); pieces are added with `insert` and numbered in insertion order. Ties always go to the
node inserted first, as in sentencepiece and the Rust package: insert pieces by start position,
then by length, with the unknown piece last.

Offered here, for the Unigram model and the sentencepiece reader alike:
- `PieceTrie` and `best_path`: the one-pass Viterbi used to encode (no lattice kept), and
  `split_unknowns` for its unknown runs;
- `populate`: fill a `Lattice` from a `PieceTrie`;
- `Lattice.viterbi`, `Lattice.nbest` (A*, exact), `Lattice.sample` (forward filtering, backward
  sampling, as sentencepiece's SampleEncode) and `sample_nbest` (pick one of the n best).
This module does not train.
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
import re
from typing import Iterable, NamedTuple

BOS, EOS = 0, 1
_LOG_EPSILON_GAP = 50.0
_MAX_AGENDA, _MIN_AGENDA = 10_000, 512  # sentencepiece's limits on the A* agenda


class Piece(NamedTuple):
    """A span of the sentence covered by one vocabulary entry: chars [start, end)."""

    start: int
    end: int
    id: int


class PieceTrie:
    """Every piece and every prefix of one, in one dict, for finding every piece that starts at a
    position: a piece maps to its (id, score), a prefix that is no piece to None, so a walk stops
    at the first slice the dict lacks. (One flat dict builds and walks faster than a trie of
    nested dicts.) Prefixes are kept up to `LONG` chars; pieces longer than that are listed under
    their first `LONG` chars and compared whole, so memory stays linear in the pieces' length.

    >>> trie = PieceTrie([("a", 1, -1.0), ("ab", 2, -0.5)])
    >>> list(trie.prefixes("abc", 0))
    [(1, 1, -1.0), (2, 2, -0.5)]
    """

    LONG = 64

    def __init__(self, pieces: Iterable[tuple[str, int, float]]) -> None:
        # an empty piece never matches, as in the Rust trie; a repeated piece keeps its last id
        entries = {piece: (id_, score) for piece, id_, score in pieces if piece}
        long = self.LONG
        table: dict[str, tuple[int, float] | None] = {}
        for piece in entries:
            # its prefixes, longest first, up to one already there (whose own prefixes are too)
            end = min(len(piece) - 1, long)
            while end:
                prefix = piece[:end]
                if prefix in table:
                    break
                table[prefix] = None
                end -= 1
        self.long: dict[str, list[tuple[str, int, float]]] = {}
        for piece, entry in entries.items():
            if len(piece) <= long:
                table[piece] = entry
            else:
                self.long.setdefault(piece[:long], []).append((piece, *entry))
        for group in self.long.values():
            group.sort(key=lambda item: len(item[0]))
        self.table = table
        self._first_chars: re.Pattern[str] | None = None
        self._prefix_only_chars: tuple[str, ...] | None = None

    def first_chars(self) -> re.Pattern[str]:
        """A pattern matching any char that starts some piece (built on first use).

        >>> PieceTrie([("ab", 0, -1.0)]).first_chars().search("xxaxb").start()
        2
        """
        pattern = self._first_chars
        if pattern is None:
            # a class of literal chars: no Unicode property of `re` decides what matches
            firsts = sorted(key for key in self.table if len(key) == 1)
            source = "[" + "".join(map(re.escape, firsts)) + "]" if firsts else "(?!)"
            pattern = self._first_chars = re.compile(source)
        return pattern

    def prefix_only_chars(self) -> tuple[str, ...]:
        """The chars that start some piece but are no piece themselves (found on first use).

        An unknown node sits on a char that starts no piece or on one of these, so a run of
        unknown nodes can spell a piece only if it starts with one of these.

        >>> PieceTrie([("ab", 0, -1.0), ("b", 1, -1.0)]).prefix_only_chars()
        ('a',)
        """
        chars = self._prefix_only_chars
        if chars is None:
            chars = self._prefix_only_chars = tuple(key for key, entry in self.table.items() if len(key) == 1 and entry is None)
        return chars

    def prefixes(self, text: str, start: int) -> list[tuple[int, int, float]]:
        """(end, id, score) of every piece equal to text[start:end], shortest first."""
        entry = self.table.get(text[start : start + 1], ABSENT)
        if entry is ABSENT:
            return []
        found = self.longer(text, start)
        return found if entry is None else [(start + 1, *entry), *found]  # type: ignore[misc]

    def longer(self, text: str, start: int) -> list[tuple[int, int, float]]:
        """`prefixes` of two chars or more (the one-char piece is looked up apart, first)."""
        get, long = self.table.get, self.LONG
        found: list[tuple[int, int, float]] = []
        end = start + 2
        stop = min(len(text), start + long)
        while end <= stop:
            entry = get(text[start:end], ABSENT)
            if entry is ABSENT:
                return found
            if entry is not None:
                found.append((end, entry[0], entry[1]))  # type: ignore[index]
            end += 1
        if end - start > long and self.long:
            found += self.long_pieces(text, start)
        return found

    def long_pieces(self, text: str, start: int) -> list[tuple[int, int, float]]:
        """(end, id, score) of the pieces longer than `LONG` chars at `start`, shortest first
        (asked once every prefix up to `LONG` chars has matched)."""
        group = self.long.get(text[start : start + self.LONG], ())
        return [(start + len(piece), id_, score) for piece, id_, score in group if text.startswith(piece, start)]


# what `PieceTrie.table.get(slice, ABSENT)` gives for a slice that no piece starts with
ABSENT = object()


class NestedPieceTrie:
    """The pieces of `PieceTrie` in a trie of nested dicts, one char per level, a piece's node
    holding its (id, score) under `TERMINAL`.

    Walking it costs a dict lookup per char, with one-char keys that Python keeps ready-hashed,
    so it walks about twice as fast as `PieceTrie`'s slices; building it takes about twice as
    long (T5's 32,000 pieces: 100 ms against 50). The sentencepiece reader, which builds it once
    per model, walks it; the Unigram model keeps the quicker load (bench/RESULTS.md, session 8).

    >>> trie = NestedPieceTrie([("a", 1, -1.0), ("ab", 2, -0.5)])
    >>> trie.prefixes("abc", 0)
    [(1, 1, -1.0), (2, 2, -0.5)]
    """

    TERMINAL = ""  # no char of a piece is the empty string

    def __init__(self, pieces: Iterable[tuple[str, int, float]]) -> None:
        root: dict = {}
        terminal = self.TERMINAL
        for piece, id_, score in pieces:
            if not piece:  # an empty piece never matches, as in the Rust trie
                continue
            node = root
            for char in piece:
                child = node.get(char)
                if child is None:
                    child = node[char] = {}
                node = child
            node[terminal] = (id_, score)  # a repeated piece keeps its last id
        self.root = root

    def prefixes(self, text: str, start: int) -> list[tuple[int, int, float]]:
        """(end, id, score) of every piece equal to text[start:end], shortest first."""
        found: list[tuple[int, int, float]] = []
        node = self.root
        terminal = self.TERMINAL
        for end in range(start, len(text)):
            node = node.get(text[end])
            if node is None:
                break
            entry = node.get(terminal)
            if entry is not None:
                found.append((end + 1, *entry))
        return found


def best_path(text: str, trie: PieceTrie, unk_id: int | None, unk_score: float) -> tuple[tuple[int, int, int], ...] | None:
    """The highest-scoring segmentation of `text`, without building a lattice.

    A char that starts no one-char piece gets an unknown node (`unk_id`, `unk_score`). Returns
    None when such a char is met and `unk_id` is None. Unknown nodes in a row come back as one
    span (start, end, unk_id), as the model fuses them (`split_unknowns` gives them apart).

    >>> trie = PieceTrie([("a", 0, -1.0), ("b", 1, -1.0), ("ab", 2, -1.5)])
    >>> best_path("abb", trie, None, -20.0)  # (start, end, id) of each piece
    ((0, 2, 2), (2, 3, 1))
    """
    size = len(text)
    scores = [0.0] * (size + 1)
    starts = [-1] * (size + 1)
    ids = [0] * (size + 1)
    get, long = trie.table.get, trie.LONG
    next_first = trie.first_chars().search
    # The walk of `trie.longer` is inlined (not called): this loop is the encoder's hot spot.
    # The furthest end of a piece of two chars or more found so far (a one-char node never ends
    # inside a later run): a run of unknown chars that starts there or later is reached by none.
    reach = 0
    start = 0
    while start < size:
        here = scores[start]
        following = start + 1
        entry = get(text[start], ABSENT)
        if entry is ABSENT:
            if unk_id is None:
                return None
            # A run of chars that start no piece: only an unknown node starts at each of them.
            found = next_first(text, following)
            run_end = size if found is None else found.start()
            if run_end == following or (reach > start and max(starts[following:run_end]) >= 0):
                # A piece from before the run ends inside it: one unknown node a char.
                for position in range(start, run_end):
                    candidate = scores[position] + unk_score
                    if starts[position + 1] < 0 or candidate > scores[position + 1]:
                        scores[position + 1], starts[position + 1], ids[position + 1] = candidate, position, unk_id
            else:
                # Nothing else reaches inside: the run's unknown nodes make one span, its score
                # summed node by node as the path through them would be.
                candidate = here
                for _ in range(run_end - start):
                    candidate += unk_score
                if starts[run_end] < 0 or candidate > scores[run_end]:
                    scores[run_end], starts[run_end], ids[run_end] = candidate, start, unk_id
            start = run_end
            continue
        # The one-char piece at `start`, or else the unknown node, is tried first.
        if entry is not None:
            candidate, id_ = here + entry[1], entry[0]  # type: ignore[index]
        elif unk_id is None:
            return None
        else:
            candidate, id_ = here + unk_score, unk_id
        if starts[following] < 0 or candidate > scores[following]:
            scores[following], starts[following], ids[following] = candidate, start, id_
        end = following + 1
        stop = start + long
        if stop > size:
            stop = size
        while end <= stop:
            entry = get(text[start:end], ABSENT)
            if entry is ABSENT:
                break
            if entry is not None:
                candidate = here + entry[1]  # type: ignore[index]
                if starts[end] < 0 or candidate > scores[end]:
                    scores[end], starts[end], ids[end] = candidate, start, entry[0]  # type: ignore[index]
                if end > reach:
                    reach = end
            end += 1
        else:
            if end - start > long and trie.long:
                for end, id_, score in trie.long_pieces(text, start):
                    candidate = here + score
                    if starts[end] < 0 or candidate > scores[end]:
                        scores[end], starts[end], ids[end] = candidate, start, id_
                    if end > reach:
                        reach = end
        start = following
    # Plain tuples, not Pieces: the word cache keeps them, and the garbage collector stops
    # tracking tuples of ints (never a NamedTuple's instances).
    path: list[tuple[int, int, int]] = []
    end = size
    while end > 0:
        start = starts[end]
        id_ = ids[end]
        if id_ == unk_id and path and path[-1][2] == id_:  # (the span after it, read backwards)
            path[-1] = (start, path[-1][1], id_)
        else:
            path.append((start, end, id_))
        end = start
    path.reverse()
    return tuple(path)


def split_unknowns(path: Iterable[tuple[int, int, int]], unk_id: int | None) -> list[tuple[int, int, int]]:
    """`path` with each unknown span cut into the one-char unknown nodes it stands for.

    >>> split_unknowns([(0, 2, 9), (2, 3, 1)], 9)
    [(0, 1, 9), (1, 2, 9), (2, 3, 1)]
    """
    split: list[tuple[int, int, int]] = []
    for start, end, id_ in path:
        if id_ == unk_id and end - start > 1:
            split += [(position, position + 1, id_) for position in range(start, end)]
        else:
            split.append((start, end, id_))
    return split


class Lattice:
    """The nodes covering one sentence of `size` chars, linked by the positions they share."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.starts = [0, size]
        self.ends = [0, size]
        self.scores = [0.0, 0.0]
        self.ids = [-1, -1]
        self.begin_nodes: list[list[int]] = [[] for _ in range(size + 1)]
        self.end_nodes: list[list[int]] = [[] for _ in range(size + 1)]
        self.begin_nodes[size].append(EOS)
        self.end_nodes[0].append(BOS)

    def insert(self, start: int, end: int, score: float, id_: int) -> int:
        """Add a node for chars [start, end) and return its number."""
        node = len(self.ids)
        self.starts.append(start)
        self.ends.append(end)
        self.scores.append(score)
        self.ids.append(id_)
        self.begin_nodes[start].append(node)
        self.end_nodes[end].append(node)
        return node

    def piece(self, node: int) -> Piece:
        """The span and vocabulary id of a node."""
        return Piece(self.starts[node], self.ends[node], self.ids[node])

    def path_score(self, path: list[int]) -> float:
        """The sum of the scores of the nodes of `path`."""
        return math.fsum(self.scores[node] for node in path)

    def _backtrace(self) -> tuple[list[float], list[int]] | None:
        """Best score from BOS to (the start of) each node, and its best left neighbour."""
        scores = self.scores
        best = [0.0] * len(scores)
        prev = [-1] * len(scores)
        for pos in range(self.size + 1):
            lefts = self.end_nodes[pos]
            if not self.begin_nodes[pos] or not lefts:
                return None
            for right in self.begin_nodes[pos]:
                # subtle: compare sums, not best[left] alone: adding the score can round two apart
                # scores to a tie, and a tie goes to the first left node.
                score = scores[right]
                best_left, best_score = lefts[0], best[lefts[0]] + score
                for left in lefts[1:]:
                    candidate = best[left] + score
                    if candidate > best_score:
                        best_left, best_score = left, candidate
                prev[right] = best_left
                best[right] = best_score
        return best, prev

    def viterbi(self) -> tuple[list[int], float]:
        """The best path (nodes, BOS and EOS excluded) and its score; ([], 0.0) when none exists."""
        backtrace = self._backtrace()
        if backtrace is None:
            return [], 0.0
        best, prev = backtrace
        path = []
        node = prev[EOS]
        while node != BOS:
            path.append(node)
            node = prev[node]
        path.reverse()
        return path, best[EOS]

    def nbest(self, n: int) -> list[tuple[list[int], float]]:
        """The `n` best paths with their scores, best first (A* from EOS, exact).

        Fewer come back when the lattice has fewer paths. Equal scores keep the order in which
        the search met them.
        """
        if n < 1:
            return []
        if n == 1:
            return [self.viterbi()]
        backtrace = self._backtrace()
        if backtrace is None:
            return []
        best, _ = backtrace
        counter = itertools.count()
        # A hypothesis is (node, the hypothesis it extends, score from EOS down to node's end).
        agenda = [(-best[EOS], next(counter), (EOS, None, 0.0))]
        results: list[tuple[list[int], float]] = []
        while agenda:
            negative_fx, _, hypothesis = heapq.heappop(agenda)
            node, _, gx = hypothesis
            if node == BOS:
                results.append((_hypothesis_path(hypothesis), -negative_fx))
                if len(results) == n:
                    break
                continue
            for left in self.end_nodes[self.starts[node]]:
                # best[left] includes left's own score: the exact best completion to BOS.
                entry = (-(best[left] + gx), next(counter), (left, hypothesis, gx + self.scores[left]))
                heapq.heappush(agenda, entry)
            if len(agenda) >= _MAX_AGENDA:
                agenda = heapq.nsmallest(min(_MIN_AGENDA, n * 10), agenda)
                heapq.heapify(agenda)
        return results

    def forward(self, theta: float = 1.0, *, compound: bool = False) -> list[float]:
        """log of the summed exp(theta * score) of every path from BOS to the start of each node.

        `compound=True` computes the Rust package's variant, which multiplies the whole
        history (not only the newest score) by theta at each step; it matters only when theta != 1.
        """
        alpha = [0.0] * len(self.ids)
        scores = self.scores
        for pos in range(self.size + 1):
            lefts = self.end_nodes[pos]
            if not lefts:
                continue
            if compound:
                total = _log_sum_exp_all([theta * (scores[left] + alpha[left]) for left in lefts])
            else:
                total = _log_sum_exp_all([theta * scores[left] + alpha[left] for left in lefts])
            for right in self.begin_nodes[pos]:
                alpha[right] = total
        return alpha

    def sample(self, theta: float, rng: random.Random | None = None, *, compound: bool = False) -> list[int]:
        """One path drawn with probability proportional to exp(theta * path score).

        Forward filtering, backward sampling: `forward`, then from EOS pick each left neighbour
        with weight exp(alpha[left] + theta * score[left]). `compound` as in `forward`.
        """
        if self.size == 0:
            return []
        rng = rng or random
        alpha = self.forward(theta, compound=compound)
        path = []
        node = EOS
        while True:
            lefts = self.end_nodes[self.starts[node]]
            logits = [alpha[left] + theta * self.scores[left] for left in lefts]
            node = lefts[_draw(logits, rng)]
            if node == BOS:
                break
            path.append(node)
        path.reverse()
        return path


def sample_nbest(
    paths: list[tuple[list[int], float]], theta: float, rng: random.Random | None = None
) -> list[int]:
    """One of the n-best `paths`, drawn with probability proportional to exp(theta * score).

    This is sentencepiece's SampleEncode with nbest_size > 1; an empty list gives [].
    """
    if not paths:
        return []
    index = _draw([theta * score for _, score in paths], rng or random)
    return paths[index][0]


def populate(lattice: Lattice, text: str, trie: PieceTrie, unk_id: int | None, unk_score: float) -> None:
    """Insert every piece of `trie` found in `text`, plus an unknown node where no one-char piece starts.

    With `unk_id` None the unknown node is left out (the lattice then may have no path).
    """
    for start in range(len(text)):
        has_single = False
        for end, id_, score in trie.prefixes(text, start):
            lattice.insert(start, end, score, id_)
            if end == start + 1:
                has_single = True
        if not has_single and unk_id is not None:
            lattice.insert(start, start + 1, unk_score, unk_id)


def _hypothesis_path(hypothesis: tuple) -> list[int]:
    """The nodes between BOS and EOS of a complete hypothesis, left to right."""
    path = []
    link = hypothesis[1]
    while link is not None and link[0] != EOS:
        path.append(link[0])
        link = link[1]
    return path


def log_sum_exp(x: float, y: float) -> float:
    """log(exp(x) + exp(y)), taking the larger when they are more than 50 apart (as sentencepiece).

    >>> round(log_sum_exp(0.0, 0.0), 6)
    0.693147
    """
    low, high = (y, x) if x > y else (x, y)
    if high > low + _LOG_EPSILON_GAP:
        return high
    return high + math.log(math.exp(low - high) + 1.0)


def _log_sum_exp_all(values: list[float]) -> float:
    total = values[0]
    for value in values[1:]:
        total = log_sum_exp(total, value)
    return total


def _draw(logits: list[float], rng: random.Random) -> int:
    """An index drawn with probability proportional to exp(logit)."""
    top = max(logits)
    weights = [math.exp(logit - top) for logit in logits]
    threshold = rng.random() * math.fsum(weights)
    cumulative = 0.0
    for index, weight in enumerate(weights):
        cumulative += weight
        if threshold < cumulative:
            return index
    return len(weights) - 1
