"""`Strip` (whitespace at the ends) and `StripAccents` (every combining mark)."""

from __future__ import annotations

from ..text.chars import CharMap
from ..core.registry import field
from ..text.normalization import is_combining_mark
from ..core.normalized_string import NormalizedString
from .base import Normalizer, expect_bool, normalizers_registry

_NO_MARKS = CharMap(lambda char: "" if is_combining_mark(char) else char)


@normalizers_registry.register("Strip")
class Strip(Normalizer):
    """Remove whitespace (Unicode White_Space) from the left and/or right end.

    >>> Strip(right=False).normalize_str("  hi  ")
    'hi  '
    """

    def __init__(self, left: bool = True, right: bool = True) -> None:
        self.left = expect_bool(left, "left")
        self.right = expect_bool(right, "right")

    def normalize(self, normalized: NormalizedString) -> None:
        """Normalize in place, updating alignments."""
        if self.left and self.right:
            normalized.strip()
        elif self.left:
            normalized.lstrip()
        elif self.right:
            normalized.rstrip()

    def to_json(self) -> dict:
        """This normalizer as its tokenizer.json entry."""
        return {"type": "Strip", "strip_left": self.left, "strip_right": self.right}

    @classmethod
    def from_json(cls, data: dict, path: str) -> Strip:
        """Read the normalizer from its tokenizer.json entry."""
        return cls(field(data, "strip_left", bool, path), field(data, "strip_right", bool, path))


@normalizers_registry.register("StripAccents")
class StripAccents(Normalizer):
    """Remove every combining mark (general category M); run it after NFD or NFKD to strip accents.

    >>> StripAccents().normalize_str("e\\u0301te\\u0301")
    'ete'
    """

    def normalize(self, normalized: NormalizedString) -> None:
        """Normalize in place, updating alignments."""
        normalized.translate(_NO_MARKS)
