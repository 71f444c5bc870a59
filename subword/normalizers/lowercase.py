"""`Lowercase`: lowercase char by char, as Rust's `char::to_lowercase` (no final-sigma rule)."""

from __future__ import annotations

from ..text.chars import LOWERCASE
from ..core.normalized_string import NormalizedString
from .base import Normalizer, normalizers_registry

_LOWER = LOWERCASE


@normalizers_registry.register("Lowercase")
class Lowercase(Normalizer):
    """Lowercase every char on its own: `Lowercase().normalize_str("ΟΔΟΣ") -> "οδοσ"` (final
    sigma stays σ, unlike `str.lower`)."""

    def normalize(self, normalized: NormalizedString) -> None:
        """Normalize in place, updating alignments."""
        normalized.translate(_LOWER)
