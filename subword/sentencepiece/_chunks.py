"""Split normalized text where no piece can cross, so each part can be segmented (and cached) alone.

A chunk is a run of "▁" followed by the chars up to the next "▁": "▁a▁▁bc" -> ["▁a", "▁▁bc"].
When every piece a model can produce has the form `▁*[^▁]*` (whitespace markers only at its
start), no piece covers a char and the "▁" after it, so a piece never crosses a chunk boundary.
This module does not decide whether a segmenter's result then decomposes exactly: see the
segmenters (unigram's float32 sums need a margin check, BPE's merges do not).
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from ._normalize import SPACE_SYMBOL

_CHUNK = re.compile(f"{SPACE_SYMBOL}*[^{SPACE_SYMBOL}]+|{SPACE_SYMBOL}+")
_SPLITTABLE_PIECE = re.compile(f"{SPACE_SYMBOL}*[^{SPACE_SYMBOL}]*")

split_chunks: Callable[[str], list[str]] = _CHUNK.findall


def pieces_stay_in_chunks(pieces: Iterable[str]) -> bool:
    """Whether no piece holds a "▁" after another char: ["▁a", "▁▁", "b"] -> True, ["a▁"] -> False."""
    return all(_SPLITTABLE_PIECE.fullmatch(piece) for piece in pieces)
