"""Punctuation: split on each punctuation char."""

from __future__ import annotations

from ..text.chars import BERT_PUNCTUATION
from ..core.normalized_string import SplitDelimiterBehavior
from ._char_split import match_spans, words_pattern
from .base import BEHAVIOR_JSON, Offsets, WordSpansPreTokenizer, behavior_from_json, check_behavior, pre_tokenizers_registry


@pre_tokenizers_registry.register("Punctuation")
class Punctuation(WordSpansPreTokenizer):
    """Split on every punctuation char (ASCII punctuation, with symbols like `$`, or Unicode
    punctuation); `behavior` says what becomes of it.

    >>> Punctuation().pre_tokenize_str("Hi, you!")
    [('Hi', (0, 2)), (',', (2, 3)), (' you', (3, 7)), ('!', (7, 8))]
    """

    def __init__(self, behavior: SplitDelimiterBehavior = "isolated") -> None:
        self.behavior = behavior

    @property
    def behavior(self) -> SplitDelimiterBehavior:
        """What becomes of the punctuation: "isolated", "removed", ... (settable)."""
        return self._behavior

    @behavior.setter
    def behavior(self, behavior: SplitDelimiterBehavior) -> None:
        self._behavior = check_behavior(behavior)
        words = words_pattern(BERT_PUNCTUATION, behavior)
        self._findall_words = words.findall
        self._finditer_words = words.finditer

    def word_spans(self, sequence: str, *, at_start: bool = True) -> list[Offsets]:
        """Split on punctuation."""
        return match_spans(self._finditer_words, sequence)

    def split_str(self, sequence: str, *, at_start: bool = True) -> list[str]:
        """The words only, with one compiled pattern."""
        return self._findall_words(sequence)

    def to_json(self) -> dict:
        """`{"type": "Punctuation", "behavior": "Isolated"}`."""
        return {"type": self.type_name, "behavior": BEHAVIOR_JSON[self.behavior]}

    @classmethod
    def from_json(cls, data: dict, path: str) -> Punctuation:
        """Read the behavior; it defaults to "Isolated"."""
        return cls(behavior_from_json(data, path, default="Isolated"))
