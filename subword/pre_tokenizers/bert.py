"""BertPreTokenizer: split on whitespace (dropped) and on each punctuation char (kept alone)."""

from __future__ import annotations

import regex

from .._chars import BERT_PUNCTUATION_EXCEPTIONS, BERT_PUNCTUATION_PLAIN_SET, BERT_PUNCTUATION_SET
from ..pre_tokenized_string import PreTokenizedString
from ._char_split import guarded_findall, split_on_chars
from .base import PreTokenizer, pre_tokenizers_registry


def _words_pattern(punctuation: str) -> regex.Pattern[str]:
    """A run of chars that are neither whitespace nor punctuation, or one punctuation char."""
    return regex.compile(rf"[^\s{punctuation}]+|[{punctuation}]", regex.V1)


_FINDALL_WORDS = guarded_findall(
    _words_pattern(BERT_PUNCTUATION_SET), _words_pattern(BERT_PUNCTUATION_PLAIN_SET), BERT_PUNCTUATION_EXCEPTIONS
)


@pre_tokenizers_registry.register("BertPreTokenizer")
class BertPreTokenizer(PreTokenizer):
    """Split on whitespace and punctuation, as the original BERT does.

    Punctuation is ASCII punctuation (with symbols like `$`) or Unicode punctuation.

    >>> BertPreTokenizer().pre_tokenize_str("Hi, you!")
    [('Hi', (0, 2)), (',', (2, 3)), ('you', (4, 7)), ('!', (7, 8))]
    """

    def pre_tokenize(self, pretokenized: PreTokenizedString) -> None:
        """Split on whitespace, removing it, then isolate every punctuation char."""
        split_on_chars(pretokenized, r"\s", "removed")
        split_on_chars(pretokenized, BERT_PUNCTUATION_SET, "isolated")

    def split_str(self, sequence: str, *, at_start: bool = True) -> list[str]:
        """The words only, with one compiled pattern."""
        return _FINDALL_WORDS(sequence)
