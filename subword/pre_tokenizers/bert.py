"""BertPreTokenizer: split on whitespace (dropped) and on each punctuation char (kept alone)."""

from __future__ import annotations

import regex

from ..text.chars import BERT_PUNCTUATION_EXCEPTIONS, BERT_PUNCTUATION_PLAIN_SET, BERT_PUNCTUATION_SET
from ..core.pre_tokenized_string import PreTokenizedString
from ._char_split import guarded, split_on_words
from .base import PreTokenizer, pre_tokenizers_registry


def _words_pattern(punctuation: str) -> regex.Pattern[str]:
    """A run of chars that are neither whitespace nor punctuation, or one punctuation char."""
    return regex.compile(rf"[^\s{punctuation}]+|[{punctuation}]", regex.V1)


_EXACT_WORDS = _words_pattern(BERT_PUNCTUATION_SET)
_PLAIN_WORDS = _words_pattern(BERT_PUNCTUATION_PLAIN_SET)
_FINDALL_WORDS = guarded(_EXACT_WORDS.findall, _PLAIN_WORDS.findall, BERT_PUNCTUATION_EXCEPTIONS)
_FINDITER_WORDS = guarded(_EXACT_WORDS.finditer, _PLAIN_WORDS.finditer, BERT_PUNCTUATION_EXCEPTIONS)


@pre_tokenizers_registry.register("BertPreTokenizer")
class BertPreTokenizer(PreTokenizer):
    """Split on whitespace and punctuation, as the original BERT does.

    Punctuation is ASCII punctuation (with symbols like `$`) or Unicode punctuation.

    >>> BertPreTokenizer().pre_tokenize_str("Hi, you!")
    [('Hi', (0, 2)), (',', (2, 3)), ('you', (4, 7)), ('!', (7, 8))]
    """

    def pre_tokenize(self, pretokenized: PreTokenizedString) -> None:
        """Split on whitespace, removing it, and isolate every punctuation char (one pattern
        does both, as in the fast path)."""
        split_on_words(pretokenized, _FINDITER_WORDS)

    def split_str(self, sequence: str, *, at_start: bool = True) -> list[str]:
        """The words only, with one compiled pattern."""
        return _FINDALL_WORDS(sequence)
