"""The lattices of many sentences at once, in numpy: forward-backward marginals and Viterbi paths.

`subword.models.unigram.lattice.Lattice` is the readable one-sentence lattice the model encodes with;
training runs the same recurrences over every distinct word of the corpus in each EM step, which
is only fast enough when all words advance together. Here the sentences lie end to end in one
position space (a gap after each), a node is a (start, end, piece, sentence) row, and step `k` of
a recurrence handles, in every sentence at once, the nodes ending `k` chars after the sentence's
start (forward) or starting `k` chars before its end (backward). The hypothesis tests check this
against `Lattice`. Scores are log-probabilities; sums are exact log-sum-exps (the Rust package
drops a term 50 below the other, which changes nothing visible).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Batch:
    """Sentences and the nodes covering them.

    Sentence `s` covers positions [first[s], first[s] + lengths[s]) and occurs counts[s] times;
    node `i` covers [starts[i], ends[i]) of sentence sentences[i] and stands for piece pieces[i],
    whose log-probability is scores[i]. `size` bounds every position.
    """

    first: np.ndarray
    lengths: np.ndarray
    counts: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    pieces: np.ndarray
    scores: np.ndarray
    sentences: np.ndarray
    size: int
    # The forward and backward sweep orders (see sweep_orders) when known; forward None: the
    # rows are already in forward order.
    orders: tuple[np.ndarray | None, np.ndarray] | None = None


def sweep_orders(batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    """The row orders of the forward and backward sweeps (they depend on positions only).

    Forward: by distance of the end from the sentence start, then end, then start; backward: by
    distance of the start from the sentence end, then start. Within a step a position's rows are
    then contiguous, and the first best row of a group has the smallest start.
    """
    first = batch.first[batch.sentences].astype(np.int64)
    starts, ends = batch.starts.astype(np.int64), batch.ends.astype(np.int64)
    longest = int((ends - starts).max(initial=0)) + 1
    # One int64 key per sort (much faster than lexsort): the fields packed most significant first.
    forward = np.argsort(((ends - first) * batch.size + ends) * longest + (longest - 1) - (ends - starts), kind="stable")
    last = first + batch.lengths[batch.sentences]
    backward = np.argsort((last - starts) * batch.size + starts, kind="stable")
    return forward, backward


def subset_order(order: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """The order of the rows `keep` (a mask) selects, from the order of all rows.

    >>> subset_order(np.array([2, 0, 3, 1]), np.array([True, False, True, True])).tolist()
    [1, 0, 2]
    """
    new_index = np.cumsum(keep) - 1
    return new_index[order[keep[order]]]


def _group_starts(values: np.ndarray) -> np.ndarray:
    """Indices where a run of equal `values` begins: [3, 3, 5, 7, 7] -> [0, 2, 3]."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))


def _sweep(batch: Batch, forward: bool, maximize: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """Run one recurrence over all sentences; returns the value at each position (and best nodes).

    forward: value[end] = combine over nodes ending there of value[start] + score.
    backward: value[start] = combine over nodes starting there of value[end] + score.
    combine is log-sum-exp, or max when `maximize` (then `best[end]` is the winning node: the one
    with the smallest start among equals, as the Rust lattice picks the first node it met).
    """
    value = np.zeros(batch.size, dtype=np.float64)
    best = np.full(batch.size, -1, dtype=np.int64) if maximize else None
    if batch.orders is None:
        batch.orders = sweep_orders(batch)
    if forward:
        order = batch.orders[0]
        if order is None:
            source, target, scores = batch.starts, batch.ends, batch.scores
            distance = target - batch.first[batch.sentences]
        else:
            source, target, scores = batch.starts[order], batch.ends[order], batch.scores[order]
            distance = target - batch.first[batch.sentences[order]]
    else:
        order = batch.orders[1]
        source, target = batch.ends[order], batch.starts[order]
        scores = batch.scores[order]
        distance = (batch.first + batch.lengths)[batch.sentences[order]] - target
    bounds = np.searchsorted(distance, np.arange(1, int(distance.max(initial=0)) + 2))
    for step in range(len(bounds) - 1):
        low, high = bounds[step], bounds[step + 1]
        if low == high:
            continue
        candidates = value[source[low:high]] + scores[low:high]
        here = target[low:high]
        groups = _group_starts(here)
        top = np.maximum.reduceat(candidates, groups)
        if maximize:
            sizes = np.diff(np.append(groups, high - low))
            is_top = candidates == np.repeat(top, sizes)
            winners = np.minimum.reduceat(np.where(is_top, np.arange(low, high), high), groups)
            best[here[groups]] = winners if order is None else order[winners]
            value[here[groups]] = top
        else:
            sizes = np.diff(np.append(groups, high - low))
            total = np.add.reduceat(np.exp(candidates - np.repeat(top, sizes)), groups)
            value[here[groups]] = top + np.log(total)
    return value, best


def expected_counts(batch: Batch, n_pieces: int) -> np.ndarray:
    """Each piece's expected number of occurrences: sum over nodes of count * P(node | sentence).

    >>> batch = Batch(np.array([0]), np.array([2]), np.array([3.0]), np.array([0, 1, 0]),
    ...     np.array([1, 2, 2]), np.array([0, 1, 2]), np.log([0.5, 0.5, 0.75]), np.array([0, 0, 0]), 3)
    >>> expected_counts(batch, 3).round(6).tolist()  # paths a|b (0.25) and ab (0.75)
    [0.75, 0.75, 2.25]
    """
    alpha, _ = _sweep(batch, forward=True, maximize=False)
    beta, _ = _sweep(batch, forward=False, maximize=False)
    log_z = alpha[batch.first + batch.lengths]
    posterior = np.exp(alpha[batch.starts] + batch.scores + beta[batch.ends] - log_z[batch.sentences])
    return np.bincount(batch.pieces, weights=posterior * batch.counts[batch.sentences], minlength=n_pieces)


def best_paths(batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    """The nodes of every sentence's best path (in no particular order), and each sentence's best score.

    >>> batch = Batch(np.array([0]), np.array([2]), np.array([1.0]), np.array([0, 1, 0]),
    ...     np.array([1, 2, 2]), np.array([0, 1, 2]), np.log([0.5, 0.5, 0.2]), np.array([0, 0, 0]), 3)
    >>> nodes, scores = best_paths(batch)
    >>> sorted(nodes.tolist()), scores.round(4).tolist()
    ([0, 1], [-1.3863])
    """
    value, best = _sweep(batch, forward=True, maximize=True)
    position = batch.first + batch.lengths
    active = np.flatnonzero(batch.lengths > 0)
    found = []
    while len(active):
        nodes = best[position[active]]
        found.append(nodes)
        position[active] = batch.starts[nodes]
        active = active[position[active] > batch.first[active]]
    path_nodes = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    return path_nodes, value[batch.first + batch.lengths]
