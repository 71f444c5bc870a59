"""`Prepend`: put a fixed string in front of any non-empty text."""

from __future__ import annotations

from ..core.registry import field
from ..errors import expect_str
from ..core.normalized_string import NormalizedString
from .base import Normalizer, normalizers_registry


@normalizers_registry.register("Prepend")
class Prepend(Normalizer):
    """Prepend `prepend` (aligned with the first char); empty text stays empty.

    >>> Prepend("▁").normalize_str("hey")
    '▁hey'
    """

    def __init__(self, prepend: str = "▁") -> None:
        self.prepend = expect_str(prepend, "prepend")

    def normalize(self, normalized: NormalizedString) -> None:
        """Normalize in place, updating alignments."""
        if not normalized.is_empty():
            normalized.prepend(self.prepend)

    def to_json(self) -> dict:
        """This normalizer as its tokenizer.json entry."""
        return {"type": "Prepend", "prepend": self.prepend}

    @classmethod
    def from_json(cls, data: dict, path: str) -> Prepend:
        """Read the normalizer from its tokenizer.json entry."""
        return cls(field(data, "prepend", str, path))
