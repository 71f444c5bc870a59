"""Unigram lattice statistics sentencepiece offers: entropy, and samples with their log-probabilities.

Both weigh a segmentation by exp(alpha * score) (alpha: sentencepiece's inverse temperature).
- `entropy`: the entropy of that distribution over all segmentations (`CalculateEntropy`),
  by a forward pass over the lattice.
- `sample_and_score`: `num_samples` segmentations with their log-probability
  (`SampleEncodeAndScore`). With replacement, each is drawn alone (forward filtering,
  backward sampling); without (`wor`), they are the top of a Gumbel-perturbed A* search, and
  the score is the log of each sample's inclusion probability, as sentencepiece estimates it.
Random draws use Python's generator, so samples follow sentencepiece's distribution, not its
exact stream. This module does not normalize text (see processor.py).
"""

from __future__ import annotations

import math
import random

from ..models.unigram.lattice import BOS, EOS, Lattice
from ._unigram import _heap_pop, _heap_push, hypothesis_path

Segment = tuple[str, int]
_EPSILON = 1e-7


def entropy(lattice: Lattice, alpha: float) -> float:
    """The entropy of the segmentations of a lattice, weighted by exp(alpha * score).

    Two equally likely segmentations have entropy log 2; see tests/test_sentencepiece_api.py.
    """
    forward = lattice.forward(alpha)
    scores, end_nodes, begin_nodes = lattice.scores, lattice.end_nodes, lattice.begin_nodes
    h = [0.0] * len(scores)
    for position in range(lattice.size + 1):
        lefts = end_nodes[position]
        for right in begin_nodes[position]:
            total = 0.0
            for left in lefts:
                transition = alpha * scores[left] + forward[left] - forward[right]
                total += math.exp(transition) * (h[left] + transition)
            h[right] = total
    return -h[EOS]


def _gumbel(rng: random.Random) -> float:
    return -math.log(-math.log(rng.random() + _EPSILON))


def gumbel_nbest(lattice: Lattice, count: int, alpha: float, rng: random.Random) -> list[tuple[list[int], float]]:
    """`count` paths drawn without replacement (Gumbel-top-k by A* search), with their perturbed scores."""
    forward = lattice.forward(alpha)
    scores, starts, end_nodes = lattice.scores, lattice.starts, lattice.end_nodes
    agenda: list[list] = []
    _heap_push(agenda, [_gumbel(rng), EOS, 0.0, None])  # [fx, node, gx, the hypothesis it extends]
    results: list[tuple[list[int], float]] = []
    while agenda:
        top = _heap_pop(agenda)
        fx, node, gx, _ = top
        if node == BOS:
            results.append((hypothesis_path(top), fx))
            if len(results) == count:
                break
            continue
        lefts = end_nodes[starts[node]]
        probs = [gx + forward[left] + alpha * scores[left] - forward[node] for left in lefts]
        perturbed = [prob + _gumbel(rng) for prob in probs]
        highest = max(perturbed)
        for left, prob, value in zip(lefts, probs, perturbed):
            # The perturbed score truncated at the parent's (arXiv 1903.06059, appendix B.3).
            if value < highest:
                v = fx - value + math.log1p(-math.exp(value - highest))
                adjusted = fx - max(0.0, v) - math.log1p(math.exp(-abs(v)))
            else:  # v is -inf: the best continuation keeps the parent's score
                adjusted = fx
            _heap_push(agenda, [adjusted, left, prob, top])
    return results


def sample_and_score(
    lattice: Lattice,
    text: str,
    best: list[Segment],
    num_samples: int,
    alpha: float,
    wor: bool,
    include_best: bool,
    rng: random.Random,
) -> list[tuple[list[Segment], float]]:
    """Samples and their scores, as sentencepiece's SampleEncodeAndScore (see the module docstring)."""
    def segments(path: list[int]) -> list[Segment]:
        return [(text[lattice.starts[node] : lattice.ends[node]], lattice.ids[node]) for node in path]

    def log_prob(path: list[int]) -> float:
        return sum(alpha * lattice.scores[node] for node in path) - marginal

    marginal = lattice.forward(alpha)[EOS]
    if not wor:
        return [(segments(path), log_prob(path)) for path in (lattice.sample(alpha, rng) for _ in range(num_samples))]
    results: list[tuple[list[Segment], float]] = [(best, 0.0)] if include_best else []
    drawn = gumbel_nbest(lattice, num_samples + 1, alpha, rng)
    if include_best:
        found = [index for index, (path, _) in enumerate(drawn) if segments(path) == best]
        drawn.pop(found[0] if found else -1)
    kappa = drawn.pop()[1] if drawn else 0.0
    for path, _ in drawn:
        x = log_prob(path)
        if x == 0.0:  # (sentencepiece leaves a score of exactly 0, the best's, as it is)
            results.append((segments(path), x))
            continue
        x -= kappa
        y = math.exp(x)
        # log P(sample included): the log Gumbel survival function (a series far in its tail).
        score = x - y / 2 + y**2 / 24 - y**4 / 2880 if x <= -10 else math.log(-math.expm1(-y))
        results.append((segments(path), score))
    return results
