"""BertPreTokenizer: split on whitespace (dropped) and on each punctuation char (kept alone)."""

from __future__ import annotations

from ..text.char_classes import GuardedPattern
from ..text.chars import BERT_PUNCTUATION, WHITE_SPACE
from ._char_split import match_spans
from .base import Offsets, WordSpansPreTokenizer, pre_tokenizers_registry


# A run of chars that are neither whitespace nor punctuation, or one punctuation char.
_WORDS = GuardedPattern("[^{s}{p}]+|[{p}]", {"s": WHITE_SPACE, "p": BERT_PUNCTUATION})
_FINDALL_WORDS = _WORDS.findall
_FINDITER_WORDS = _WORDS.finditer


@pre_tokenizers_registry.register("BertPreTokenizer")
class BertPreTokenizer(WordSpansPreTokenizer):
    """Split on whitespace and punctuation, as the original BERT does.

    Punctuation is ASCII punctuation (with symbols like `$`) or Unicode punctuation.

    >>> BertPreTokenizer().pre_tokenize_str("Hi, you!")
    [('Hi', (0, 2)), (',', (2, 3)), ('you', (4, 7)), ('!', (7, 8))]
    """

    def word_spans(self, sequence: str, *, at_start: bool = True) -> list[Offsets]:
        """Split on whitespace, removing it, and isolate every punctuation char (one pattern
        does both, as in the fast path)."""
        return match_spans(_FINDITER_WORDS, sequence)

    def split_str(self, sequence: str, *, at_start: bool = True) -> list[str]:
        """The words only, with one compiled pattern."""
        return _FINDALL_WORDS(sequence)
