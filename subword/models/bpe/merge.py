"""The BPE merge loop: apply ranked merges to one word's symbols, lowest rank first.

A heap holds every adjacent pair that has a merge, keyed by (rank, position), so a word of n
symbols costs O(n log n). Entries are not removed when a merge makes them stale; they are
checked when popped. Ties go to the leftmost pair, and the merge result is the same as the
Rust package's for every vocabulary, including ones where a merge creates a pair of lower rank.

Short words skip the heap (`merge_by_scan`): a list of the adjacent pairs' ranks, scanned for the
lowest, is quicker below a few dozen symbols, and gives the same tokens whenever no merge makes
one of its own two tokens (`merges_only_grow`), as in every vocabulary whose merges make the
concatenation of their tokens.
"""

from __future__ import annotations

from heapq import heapify, heappop, heappush
from itertools import repeat
from random import Random

# Heap entries are single ints `rank << _SHIFT | position`: they compare faster than tuples.
_SHIFT = 32
_POSITION = (1 << _SHIFT) - 1
# The rank `merge_by_scan` gives a pair that has no merge: above every real rank.
_NO_MERGE = 1 << 62


def merge_symbols(
    ids: list[int],
    ranks: dict[tuple[int, int], int],
    merged: list[int],
    dropout: float | None = None,
    rng: Random | None = None,
) -> list[int]:
    """Merge `ids` in place and return the positions (indices into `ids`) of the symbols left.

    `ranks` maps a pair of ids to its merge rank and `merged[rank]` is the id the merge makes.
    With `dropout`, each popped merge is skipped with that probability (skipped entries return to
    the heap once a merge is not skipped). After the call, `ids[p]` for a returned `p` is the
    token id, and the other entries are -1.

    ids=[a, b, c] with ranks {(a, b): 0, (ab, c): 1} -> [0] and ids == [abc, -1, -1]
    """
    n = len(ids)
    if n < 2:
        return list(range(n))
    if n >= 1 << _SHIFT:
        raise ValueError("a word of 2**32 symbols or more is too long for BPE")
    rank_of = ranks.get
    heap = [
        rank << _SHIFT | position
        for position, rank in enumerate(map(rank_of, zip(ids, ids[1:])))
        if rank is not None
    ]
    if not heap:
        return list(range(n))
    heapify(heap)
    following = list(range(1, n + 1))
    following[-1] = -1
    preceding = list(range(-1, n - 1))
    skipped: list[int] = []
    draw = (rng or Random()).random if dropout else None

    while heap:
        entry = heappop(heap)
        if draw is not None:
            if draw() < dropout:
                skipped.append(entry)
                continue
            for skipped_entry in skipped:
                heappush(heap, skipped_entry)
            skipped.clear()
        position = entry & _POSITION
        left = ids[position]
        right_position = following[position]
        if left < 0 or right_position < 0:
            continue  # the symbol was merged into its left neighbour, or it is the last one
        rank = entry >> _SHIFT
        current_rank = rank_of((left, ids[right_position]))
        # Stale entry: the pair changed since it was pushed. Like Rust, a pair still counts as
        # the same merge when it makes the same id.
        if current_rank != rank and (current_rank is None or merged[current_rank] != merged[rank]):
            continue
        new_id = merged[rank]
        ids[position] = new_id
        ids[right_position] = -1
        after = following[right_position]
        following[position] = after
        before = preceding[position]
        if before >= 0:
            pair_rank = rank_of((ids[before], new_id))
            if pair_rank is not None:
                heappush(heap, pair_rank << _SHIFT | before)
        if after >= 0:
            preceding[after] = position
            pair_rank = rank_of((new_id, ids[after]))
            if pair_rank is not None:
                heappush(heap, pair_rank << _SHIFT | position)

    positions = []
    position = 0
    while position >= 0:
        positions.append(position)
        position = following[position]
    return positions


def merge_by_scan(ids: list[int], ranks: dict[tuple[int, int], int], merged: list[int]) -> list[int]:
    """`merge_symbols` for a short word: turn `ids` into the token ids (the list shrinks) and
    return the position of each token's first symbol.

    The ranks of the adjacent pairs stay in a list; the lowest (the leftmost of equal ones) is
    merged and its two neighbours' ranks looked up again, until no pair has a merge. Quadratic
    in the word's length. The tokens are merge_symbols' when `merges_only_grow(ranks, merged)`:
    a heap entry merge_symbols pops after its pair changed then never makes the same token, so
    both merge the lowest-ranked current pair, leftmost first, at every step.

    ids=[a, b, c] with ranks {(a, b): 0, (ab, c): 1} -> [0] and ids == [abc]
    """
    n = len(ids)
    positions = list(range(n))
    if n < 2:
        return positions
    rank_of = ranks.get
    pair_ranks = list(map(rank_of, zip(ids, ids[1:]), repeat(_NO_MERGE, n - 1)))
    lowest = min(pair_ranks)
    while lowest != _NO_MERGE:
        index = pair_ranks.index(lowest)
        new_id = ids[index] = merged[lowest]
        del ids[index + 1], positions[index + 1], pair_ranks[index]
        if index:
            pair_ranks[index - 1] = rank_of((ids[index - 1], new_id), _NO_MERGE)
        if index < len(pair_ranks):
            pair_ranks[index] = rank_of((new_id, ids[index + 1]), _NO_MERGE)
        lowest = min(pair_ranks) if pair_ranks else _NO_MERGE
    return positions


def merges_only_grow(ranks: dict[tuple[int, int], int], merged: list[int]) -> bool:
    """True when no merge makes one of its own two tokens (what `merge_by_scan` needs).

    Where a merge makes the concatenation of its tokens, only a token of empty text (or, with a
    continuing-subword prefix, one no longer than it) can do that.
    """
    return all(merged[rank] != left and merged[rank] != right for (left, right), rank in ranks.items())
