"""What every pre-tokenizer offers: split a PreTokenizedString into words, in place."""

from __future__ import annotations

from .._json import Registry
from ..pre_tokenized_string import PreTokenizedString

pre_tokenizers_registry = Registry("pre-tokenizer")

Offsets = tuple[int, int]


class PreTokenizer:
    """A pre-tokenizer. Subclasses implement `pre_tokenize`; `split_str` may be overridden with
    a faster version that returns only the words of a plain string (the ids-only fast path)."""

    type_name = "PreTokenizer"

    def pre_tokenize(self, pretokenized: PreTokenizedString) -> None:
        """Split every not-yet-tokenized split of `pretokenized`, in place."""
        raise NotImplementedError

    def pre_tokenize_str(self, sequence: str) -> list[tuple[str, Offsets]]:
        """The words of a plain string with their offsets.

        >>> from subword.pre_tokenizers import Whitespace
        >>> Whitespace().pre_tokenize_str("Hi there!")
        [('Hi', (0, 2)), ('there', (3, 8)), ('!', (8, 9))]
        """
        pretokenized = PreTokenizedString(sequence)
        self.pre_tokenize(pretokenized)
        return [(word, offsets) for word, offsets, _ in pretokenized.get_splits()]

    def split_str(self, sequence: str) -> list[str]:
        """Only the words of `pre_tokenize_str(sequence)`. Override when it can be quicker."""
        return [word for word, _ in self.pre_tokenize_str(sequence)]

    def to_json(self) -> dict:
        """This pre-tokenizer as its tokenizer.json entry."""
        return {"type": self.type_name}

    @classmethod
    def from_json(cls, data: dict, path: str) -> PreTokenizer:
        """Read the pre-tokenizer from its tokenizer.json entry."""
        return cls()

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.to_json().items() if k != "type")
        return f"{self.type_name}({fields})"
