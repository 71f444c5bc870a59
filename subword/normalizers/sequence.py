"""`Sequence`: several normalizers applied one after the other."""

from __future__ import annotations

from typing import Iterator

from ..core.registry import field
from ..errors import ArgumentTypeError, TokenizerFileError, type_name
from ..core.normalized_string import NormalizedString
from .base import Normalizer, normalizers_registry


@normalizers_registry.register("Sequence")
class Sequence(Normalizer):
    """Apply each normalizer in turn.

    >>> from subword.normalizers import NFKC, Lowercase
    >>> Sequence([NFKC(), Lowercase()]).normalize_str("ＡＢ")
    'ab'
    """

    def __init__(self, normalizers: list[Normalizer]) -> None:
        if not isinstance(normalizers, list):
            raise ArgumentTypeError(f"normalizers must be a list of normalizers, got {type_name(normalizers)}")
        for index, normalizer in enumerate(normalizers):
            if not isinstance(normalizer, Normalizer):
                raise ArgumentTypeError(f"normalizers[{index}] must be a Normalizer, got {type_name(normalizer)}")
        self.normalizers = list(normalizers)

    def normalize(self, normalized: NormalizedString) -> None:
        """Normalize in place, updating alignments."""
        for normalizer in self.normalizers:
            normalizer.normalize(normalized)

    @property
    def is_custom(self) -> bool:  # type: ignore[override]
        """True when a member is written in Python."""
        return any(normalizer.is_custom for normalizer in self.normalizers)

    def __len__(self) -> int:
        return len(self.normalizers)

    def __getitem__(self, index: int) -> Normalizer:
        return self.normalizers[index]

    def __setitem__(self, index: int, normalizer: Normalizer) -> None:
        if not isinstance(normalizer, Normalizer):
            raise ArgumentTypeError(f"a Sequence member must be a Normalizer, got {type_name(normalizer)}")
        if isinstance(normalizer, Sequence):
            raise ArgumentTypeError("normalizer should not be a sequence")  # Rust's message
        self.normalizers[index] = normalizer

    def __iter__(self) -> Iterator[Normalizer]:
        return iter(self.normalizers)

    def to_json(self) -> dict:
        """This normalizer as its tokenizer.json entry."""
        return {"type": "Sequence", "normalizers": [normalizer.to_json() for normalizer in self.normalizers]}

    @classmethod
    def from_json(cls, data: dict, path: str) -> Sequence:
        """Read the normalizer from its tokenizer.json entry."""
        items = field(data, "normalizers", list, path)
        normalizers = []
        for index, item in enumerate(items):
            item_path = f"{path}.normalizers[{index}]"
            if item is None:
                raise TokenizerFileError(f"{item_path}: expected a normalizer, got null")
            normalizers.append(normalizers_registry.from_json(item, item_path))
        return cls(normalizers)
