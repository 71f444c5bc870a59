"""WordLevel: each word is one token, looked up whole in the vocabulary (or the unknown token).

This module does not train; see the trainers for that.
"""

from __future__ import annotations

from typing import Sequence

from ...core.inputs import check_path
from ...core.registry import field
from ...errors import ArgumentValueError, expect_str
from ..vocab_files import (
    check_vocab,
    ordered_vocab,
    read_vocab_json,
    reverse_vocab,
    vocab_field,
    vocab_file_path,
    write_vocab_json,
)
from ..base import DictVocabModel, Token, TokenRow, models_registry


@models_registry.register("WordLevel")
class WordLevel(DictVocabModel):
    """Map whole words to ids.

    >>> model = WordLevel({"<unk>": 0, "hello": 1}, unk_token="<unk>")
    >>> model.tokenize("hello"), model.tokenize("bye")
    ([Token(id=1, value='hello', offsets=(0, 5))], [Token(id=0, value='<unk>', offsets=(0, 3))])
    """

    def __init__(self, vocab: dict[str, int] | str | None = None, unk_token: str | None = None) -> None:
        if isinstance(vocab, str):
            vocab = read_vocab_json(vocab)
        self._vocab = check_vocab(vocab if vocab is not None else {})
        self._vocab_r = reverse_vocab(self._vocab)
        self.unk_token = "<unk>" if unk_token is None else unk_token

    @property
    def unk_token(self) -> str:
        """The token that stands for a word missing from the vocabulary."""
        return self._unk_token

    @unk_token.setter
    def unk_token(self, value: str) -> None:
        value = expect_str(value, "unk_token")
        self._rows_changing()
        self._unk_token = value
        self._stamp = object()

    def rows_stamp(self) -> object:
        """See `Model.rows_stamp`."""
        return self._stamp

    @staticmethod
    def read_file(vocab: str) -> dict[str, int]:
        """Read a vocab.json (`{"token": id, ...}`)."""
        return read_vocab_json(check_path(vocab, "vocab"))

    @classmethod
    def from_file(cls, vocab: str, unk_token: str | None = None) -> WordLevel:
        """A WordLevel with the vocabulary of a vocab.json."""
        return cls(cls.read_file(vocab), unk_token)

    def tokenize_plain(self, sequence: str) -> Sequence[TokenRow]:
        """`tokenize` as plain (id, value, offsets) tuples."""
        id_ = self._vocab.get(sequence)
        if id_ is not None:
            return [(id_, sequence, (0, len(sequence)))]
        unk_id = self._vocab.get(self._unk_token)
        if unk_id is None:
            raise ArgumentValueError(
                f"WordLevel: {sequence!r:.60} is not in the vocabulary and neither is the unk_token "
                f"{self._unk_token!r}; add it to the vocab or set unk_token to a token in it"
            )
        return [(unk_id, self._unk_token, (0, len(sequence)))]

    def save(self, folder: str, prefix: str | None = None) -> list[str]:
        """Write `vocab.json` (or `{prefix}-vocab.json`) into `folder`; returns its path."""
        return [write_vocab_json(self._vocab_r, vocab_file_path(folder, prefix, "vocab.json"))]

    def to_json(self) -> dict:
        """This model as its tokenizer.json entry."""
        return {"type": "WordLevel", "vocab": ordered_vocab(self._vocab_r), "unk_token": self._unk_token}

    @classmethod
    def from_json(cls, data: dict, path: str) -> WordLevel:
        """Read the model from its tokenizer.json entry."""
        return cls(vocab_field(data, path), field(data, "unk_token", str, path))
