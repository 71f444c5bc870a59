"""The four Unicode normalization forms, and `Nmt` (the control-char cleanup of NMT models)."""

from __future__ import annotations

from ..text.chars import CharMap
from ..text.normalization import Form
from ..core.normalized_string import NormalizedString
from .base import Normalizer, normalizers_registry


class _UnicodeForm(Normalizer):
    """One Unicode normalization form, with the offsets the Rust package gives."""

    form: Form

    def normalize(self, normalized: NormalizedString) -> None:
        """Normalize in place, updating alignments."""
        normalized.normalize_unicode(self.form)


@normalizers_registry.register("NFD")
class NFD(_UnicodeForm):
    """Canonical decomposition: `NFD().normalize_str("é") -> "e\\u0301"`."""

    form = "NFD"


@normalizers_registry.register("NFKD")
class NFKD(_UnicodeForm):
    """Compatibility decomposition: `NFKD().normalize_str("ﬁ") -> "fi"`."""

    form = "NFKD"


@normalizers_registry.register("NFC")
class NFC(_UnicodeForm):
    """Canonical decomposition then composition: `NFC().normalize_str("e\\u0301") -> "é"`."""

    form = "NFC"


@normalizers_registry.register("NFKC")
class NFKC(_UnicodeForm):
    """Compatibility decomposition then canonical composition: `NFKC().normalize_str("ﬁ") -> "fi"`."""

    form = "NFKC"


def _nmt_char(char: str) -> str:
    code = ord(char)
    if 0x01 <= code <= 0x08 or code == 0x0B or 0x0E <= code <= 0x1F or code in (0x7F, 0x8F, 0x9F):
        return ""
    if code in (0x09, 0x0A, 0x0C, 0x0D, 0x1680, 0x2028, 0x2029, 0x2581, 0xFEFF, 0xFFFD) or 0x200B <= code <= 0x200F:
        return " "
    return char


_NMT = CharMap(_nmt_char)


@normalizers_registry.register("Nmt")
class Nmt(Normalizer):
    """Remove the control chars NMT models drop and turn odd spaces into " "."""

    def normalize(self, normalized: NormalizedString) -> None:
        """Normalize in place, updating alignments."""
        normalized.translate(_NMT)
