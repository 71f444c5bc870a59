"""RobertaProcessing: `<s> A </s>` and `<s> A </s></s> B </s>`, every type id 0, offsets trimmed."""

from __future__ import annotations

from typing import Any

from ..core.registry import field
from ..core.encoding import Encoding
from ._special import ClsSepProcessor, SpecialToken, expect_bool, special_token_field, surround
from .base import processors_registry
from .byte_level import trim_encoding_offsets


@processors_registry.register("RobertaProcessing")
class RobertaProcessing(ClsSepProcessor):
    """Add RoBERTa's special tokens, and (with `trim_offsets`) drop the spaces that byte-level
    tokens carry from their offsets.

    >>> p = RobertaProcessing(("</s>", 2), ("<s>", 0))
    >>> p.process(Encoding(ids=[7], tokens=["hi"]), Encoding(ids=[8], tokens=["yo"])).tokens
    ['<s>', 'hi', '</s>', '</s>', 'yo', '</s>']
    """

    def __init__(
        self, sep: SpecialToken, cls_token: SpecialToken, trim_offsets: bool = True, add_prefix_space: bool = True
    ) -> None:
        self.sep = sep
        self.cls = cls_token
        self.trim_offsets = trim_offsets
        self.add_prefix_space = add_prefix_space

    @property
    def trim_offsets(self) -> bool:
        """Whether offsets leave out the spaces at the ends of tokens."""
        return self._trim_offsets

    @trim_offsets.setter
    def trim_offsets(self, value: bool) -> None:
        self._trim_offsets = expect_bool(value, "trim_offsets")

    @property
    def add_prefix_space(self) -> bool:
        """Whether the pre-tokenizer added a space before the first word (that one is kept)."""
        return self._add_prefix_space

    @add_prefix_space.setter
    def add_prefix_space(self, value: bool) -> None:
        self._add_prefix_space = expect_bool(value, "add_prefix_space")

    def added_tokens(self, is_pair: bool) -> int:
        """2 for a single sequence, 4 for a pair."""
        return 4 if is_pair else 2

    def _steps(self, pair: bool) -> list[tuple[Any, int]]:
        single = [(self._cls, 0), (0, 0), (self._sep, 0)]
        return single + [(self._sep, 0), (1, 0), (self._sep, 0)] if pair else single

    def _prepare(self, encodings: list[Encoding]) -> None:
        if self._trim_offsets:
            for encoding in encodings:
                trim_encoding_offsets(encoding, self._add_prefix_space)

    def process_encodings(self, encodings: list[Encoding], add_special_tokens: bool) -> list[Encoding]:
        """Trim offsets, set every type id to 0, then `<s> A </s>` and `</s> B </s>`."""
        if self._trim_offsets:
            for encoding in encodings:
                trim_encoding_offsets(encoding, self._add_prefix_space)
                for window in encoding.overflowing:
                    trim_encoding_offsets(window, self._add_prefix_space)
        for encoding in encodings:
            encoding.type_ids = [0] * len(encoding)
        if not add_special_tokens:
            return encodings
        return [
            surround(
                encoding,
                [self._cls if i == 0 else self._sep],
                [self._sep],
                sequence_id=min(i, 1),
                special_type_id=0,
                type_id=0,
            )
            for i, encoding in enumerate(encodings)
        ]

    def to_json(self) -> dict:
        """This processor as its tokenizer.json entry."""
        return {
            "type": "RobertaProcessing",
            "sep": list(self._sep),
            "cls": list(self._cls),
            "trim_offsets": self._trim_offsets,
            "add_prefix_space": self._add_prefix_space,
        }

    @classmethod
    def from_json(cls, data: dict, path: str) -> RobertaProcessing:
        """Read the processor from its tokenizer.json entry."""
        return cls(
            special_token_field(data, "sep", path),
            special_token_field(data, "cls", path),
            field(data, "trim_offsets", bool, path),
            field(data, "add_prefix_space", bool, path),
        )

