"""BertProcessing: `[CLS] A [SEP]` and `[CLS] A [SEP] B [SEP]`, with type id 1 for B."""

from __future__ import annotations

from typing import Any

from ..core.encoding import Encoding
from ._special import ClsSepProcessor, SpecialToken, special_token_field, surround
from .base import processors_registry


@processors_registry.register("BertProcessing")
class BertProcessing(ClsSepProcessor):
    """Add BERT's special tokens.

    Args:
        sep: the separator as (token, id), e.g. ("[SEP]", 102).
        cls_token: the classifier token as (token, id), e.g. ("[CLS]", 101).

    >>> p = BertProcessing(("[SEP]", 102), ("[CLS]", 101))
    >>> p.process(Encoding(ids=[7], tokens=["hi"])).tokens
    ['[CLS]', 'hi', '[SEP]']
    """

    def __init__(self, sep: SpecialToken, cls_token: SpecialToken) -> None:
        self.sep = sep
        self.cls = cls_token

    def added_tokens(self, is_pair: bool) -> int:
        """2 for a single sequence, 3 for a pair."""
        return 3 if is_pair else 2

    def _steps(self, pair: bool) -> list[tuple[Any, int]]:
        single = [(self._cls, 0), (0, 0), (self._sep, 0)]
        return single + [(1, 1), (self._sep, 1)] if pair else single

    def process_encodings(self, encodings: list[Encoding], add_special_tokens: bool) -> list[Encoding]:
        """Surround the first sequence with [CLS] .. [SEP]; end each other one with [SEP] (type id 1)."""
        if not add_special_tokens:
            return encodings
        return [
            surround(encoding, [self._cls], [self._sep], sequence_id=0, special_type_id=0)
            if i == 0
            else surround(encoding, [], [self._sep], sequence_id=1, special_type_id=1)
            for i, encoding in enumerate(encodings)
        ]

    def to_json(self) -> dict:
        """This processor as its tokenizer.json entry."""
        return {"type": "BertProcessing", "sep": list(self._sep), "cls": list(self._cls)}

    @classmethod
    def from_json(cls, data: dict, path: str) -> BertProcessing:
        """Read the processor from its tokenizer.json entry."""
        return cls(special_token_field(data, "sep", path), special_token_field(data, "cls", path))
