"""`ByteLevel` normalizer: every UTF-8 byte of the text becomes its GPT-2 byte-level char."""

from __future__ import annotations

from ..text.chars import BYTE_LEVEL
from ..core.normalized_string import NormalizedString
from .base import Normalizer, normalizers_registry


@normalizers_registry.register("ByteLevel")
class ByteLevel(Normalizer):
    """Replace each char by the byte-level chars of its UTF-8 bytes (all aligned with it).

    >>> ByteLevel().normalize_str("a é")
    'aĠÃ©'
    """

    def normalize(self, normalized: NormalizedString) -> None:
        """Normalize in place, updating alignments."""
        normalized.translate(BYTE_LEVEL)
