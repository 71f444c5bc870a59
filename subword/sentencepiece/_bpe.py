"""sentencepiece's BPE: merge by piece score, not by a merges list.

The normalized text starts as one symbol per char (a user-defined piece is one frozen symbol).
Repeatedly, the adjacent pair whose concatenation is a piece with the highest score is merged,
the leftmost first among equal scores. An unused piece may be formed along the way but is then
split back into the two symbols that made it. With `dropout` (BPE-dropout), each merge is
skipped with that probability. This module does not train.
"""

from __future__ import annotations

import heapq
import random
from typing import Callable

from ._chunks import pieces_stay_in_chunks, split_chunks
from ._normalize import BoundedCache
from ._proto import CONTROL, BYTE, UNKNOWN, UNUSED, Piece

Segment = tuple[str, int]  # (piece text, vocabulary id)


class BpeSegmenter:
    """Segment normalized text with sentencepiece's BPE model."""

    def __init__(
        self,
        pieces: list[Piece],
        piece_to_id: Callable[[str], int],
        match_user_defined: Callable[[str, int], int],
    ) -> None:
        # Pieces that merges may form: normal, user-defined and unused ones.
        reserved = (CONTROL, UNKNOWN, BYTE)
        self._mergeable = {p.piece: (p.score, id_) for id_, p in enumerate(pieces) if p.type not in reserved}
        self._unused = {id_ for id_, p in enumerate(pieces) if p.type == UNUSED}
        self._piece_to_id = piece_to_id
        self._match_user_defined = match_user_defined
        # Merges never cross a chunk boundary and their order inside a chunk does not depend on
        # what lies around it, so chunks can be merged alone and cached. Not with unused pieces:
        # how one splits back is remembered per text, the last formation anywhere winning.
        self._chunks: BoundedCache[tuple[Segment, ...]] | None = None
        if not self._unused and pieces_stay_in_chunks(self._mergeable):
            self._chunks = BoundedCache(lambda chunk: tuple(self._merge(chunk)))

    def encode(self, text: str, dropout: float = 0.0, rng: random.Random | None = None) -> list[Segment]:
        """The segmentation of `text`.

        >>> pieces = [Piece("<unk>", 0.0, 2), Piece("a", -1.0), Piece("b", -2.0), Piece("ab", -0.5)]
        >>> ids = {p.piece: i for i, p in enumerate(pieces)}
        >>> BpeSegmenter(pieces, lambda piece: ids.get(piece, 0), lambda text, start: 0).encode("abc")
        [('ab', 3), ('c', 0)]
        """
        if self._chunks is not None and dropout <= 0.0:
            chunks = self._chunks
            return [segment for chunk in split_chunks(text) for segment in chunks[chunk]]
        return self._merge(text, dropout, rng)

    def _merge(self, text: str, dropout: float = 0.0, rng: random.Random | None = None) -> list[Segment]:
        """`encode` for the whole text at once."""
        if not text:
            return []
        symbols: list[str] = []
        frozen: list[bool] = []
        position = 0
        while position < len(text):
            length = self._match_user_defined(text, position)
            frozen.append(length > 0)
            length = length or 1
            symbols.append(text[position : position + length])
            position += length
        count = len(symbols)
        prev = list(range(-1, count - 1))
        next_ = list(range(1, count + 1))
        next_[-1] = -1
        mergeable = self._mergeable
        unused = self._unused
        split_of: dict[str, tuple[str, str]] = {}
        # Agenda items: (-score, left index, merged piece); popped best score first, then leftmost.
        agenda: list[tuple[float, int, str]] = []

        def consider(left: int, right: int) -> None:
            if left < 0 or right < 0 or frozen[left] or frozen[right]:
                return
            merged = symbols[left] + symbols[right]
            entry = mergeable.get(merged)
            if entry is None:
                return
            heapq.heappush(agenda, (-entry[0], left, merged))
            if entry[1] in unused:
                split_of[merged] = (symbols[left], symbols[right])

        for index in range(1, count):
            consider(index - 1, index)
        skip = _dropout(dropout, rng)
        while agenda:
            _, left, merged = heapq.heappop(agenda)
            right = next_[left]
            # subtle: an entry is stale once either side has changed; comparing the text is enough.
            if right < 0 or not symbols[left] or symbols[left] + symbols[right] != merged:
                continue
            if skip is not None and skip():
                continue
            symbols[left] = merged
            symbols[right] = ""
            next_[left] = next_[right]
            if next_[right] >= 0:
                prev[next_[right]] = left
            consider(prev[left], left)
            consider(left, next_[left])
        segments: list[Segment] = []
        index = 0
        piece_to_id = self._piece_to_id
        while index >= 0:
            if split_of:
                self._resegment(symbols[index], split_of, segments)
            else:
                segments.append((symbols[index], piece_to_id(symbols[index])))
            index = next_[index]
        return segments

    def _resegment(self, piece: str, split_of: dict[str, tuple[str, str]], out: list[Segment]) -> None:
        """Append `piece`, split back into its parts while it is an unused piece."""
        stack = [piece]
        while stack:
            piece = stack.pop()
            id_ = self._piece_to_id(piece)
            parts = split_of.get(piece) if id_ in self._unused else None
            if parts is None:
                out.append((piece, id_))
            else:
                stack.append(parts[1])
                stack.append(parts[0])


def _dropout(probability: float, rng: random.Random | None) -> Callable[[], bool] | None:
    """A coin that says whether to skip a merge, or None when no merge is ever skipped."""
    if probability <= 0.0:
        return None
    if probability >= 1.0:
        return lambda: True
    draw = (rng or random).random
    return lambda: draw() < probability
