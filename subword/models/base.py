"""What every model offers: tokenize a word, and the vocabulary both ways."""

from __future__ import annotations

from typing import Any, NamedTuple

from ..core.registry import Registry
from ..errors import expect_str
from .vocab_files import expect_id

Offsets = tuple[int, int]

models_registry = Registry("model")


class Token(NamedTuple):
    """One token a model produced: its id, its string, and its offsets inside the word."""

    id: int
    value: str
    offsets: Offsets

    def as_tuple(self) -> tuple[int, str, Offsets]:
        """(id, value, offsets), as `tokenizers.Token.as_tuple` gives them."""
        return (self.id, self.value, self.offsets)


class Model:
    """A subword model: turns one pre-tokenized word into tokens."""

    type_name = "Model"

    def tokenize(self, sequence: str) -> list[Token]:
        """The tokens of `sequence`, with offsets relative to it."""
        raise NotImplementedError

    def tokenize_ids(self, sequence: str) -> list[int]:
        """Only the ids of `tokenize(sequence)`: the fast path. Override when it can be quicker."""
        return [token.id for token in self.tokenize(sequence)]

    def get_trainer(self) -> Any:
        """A trainer with default options that trains this kind of model."""
        from ..tokenizer.training import default_trainer

        return default_trainer(self)

    def extend_ids(self, words: list[str], out: list[int]) -> None:
        """Append the ids of every word to `out` (the fast path's inner loop)."""
        tokenize_ids = self.tokenize_ids
        for word in words:
            out.extend(tokenize_ids(word))

    def token_to_id(self, token: str) -> int | None:
        """The id of `token`, or None."""
        raise NotImplementedError

    def id_to_token(self, id: int) -> str | None:
        """The token with this id, or None."""
        raise NotImplementedError

    def get_vocab(self) -> dict[str, int]:
        """A copy of the vocabulary."""
        raise NotImplementedError

    def get_vocab_size(self) -> int:
        """How many entries the vocabulary has."""
        return len(self.get_vocab())

    def save(self, folder: str, prefix: str | None = None) -> list[str]:
        """Write the model's own files (vocab.txt, vocab.json...) and return their paths."""
        raise NotImplementedError

    def to_json(self) -> dict:
        """This model as its tokenizer.json entry."""
        raise NotImplementedError

    @classmethod
    def from_json(cls, data: dict, path: str) -> Model:
        """Read the model from its tokenizer.json entry; `path` names it in error messages."""
        raise NotImplementedError


class DictVocabModel(Model):
    """A model whose vocabulary is a dict `_vocab` (token -> id) with its inverse `_vocab_r`."""

    _vocab: dict[str, int]
    _vocab_r: dict[int, str]

    def token_to_id(self, token: str) -> int | None:
        """The id of `token`, or None."""
        return self._vocab.get(expect_str(token, "token"))

    def id_to_token(self, id: int) -> str | None:
        """The token with this id, or None."""
        return self._vocab_r.get(expect_id(id))

    def get_vocab(self) -> dict[str, int]:
        """A copy of the vocabulary."""
        return dict(self._vocab)

    def get_vocab_size(self) -> int:
        """How many entries the vocabulary has."""
        return len(self._vocab)
