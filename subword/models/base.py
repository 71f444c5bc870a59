"""What every model offers: tokenize a word, and the vocabulary both ways."""

from __future__ import annotations

import weakref
from typing import Any, Callable, Protocol, Sequence

from ..core.registry import Registry
from ..core.rust_repr import rust_format
from ..core.component_state import JsonState
from ..core.token import Offsets, Token, TokenRow
from ..errors import TrainingError, expect_str
from .vocab_files import expect_id

__all__ = ["DictVocabModel", "Model", "Offsets", "Token", "TokenRow", "models_registry", "register_trainer"]

# How the Rust package reads a model (models/mod.rs): every model checks a "type" it is
# given, so the untagged order only reads old files, which have none.
models_registry = Registry(
    "model",
    tagged={name: name for name in ("BPE", "WordPiece", "WordLevel", "Unigram")},
    untagged=("BPE", "WordPiece", "WordLevel", "Unigram"),
    type_optional=True,
)

# The default trainer of each model type (`Model.get_trainer`), filled in by register_trainer.
_trainers: dict[str, Callable[[], Any]] = {}


def register_trainer(model_type: str, trainer_class: Callable[[], Any]) -> None:
    """Make `trainer_class()` the trainer that `get_trainer()` gives for models of `model_type`.

    Each models/<name>/trainer.py registers its trainer: the trainer imports the model, so the
    model cannot import its trainer.
    """
    _trainers[model_type] = trainer_class


class RowsReader(Protocol):
    """Something that will read a model's rows later (a lazy Encoding's tokens and offsets)."""

    def complete(self) -> None:
        """Read them now."""


class Model(JsonState):
    """A subword model: turns one pre-tokenized word into tokens."""

    type_name = "Model"
    _state_registry = models_registry
    # Attributes that hold what encoding builds or counts, not settings (the Tokenizer's marks of
    # its model's settings leave them out)
    _RUNTIME_STATE: tuple[str, ...] = ()

    def tokenize(self, sequence: str) -> list[Token]:
        """The tokens of `sequence`, with offsets in UTF-8 bytes of it, as the Rust package's
        `Model.tokenize` gives them (the pipeline reads `tokenize_plain`, in chars)."""
        rows = self.tokenize_plain(sequence)
        if sequence.isascii():
            return list(map(Token._make, rows))
        byte_at = [0]
        for char in sequence:
            byte_at.append(byte_at[-1] + len(char.encode("utf-8", "surrogatepass")))
        return [Token(id_, value, (byte_at[start], byte_at[end])) for id_, value, (start, end) in rows]

    def tokenize_plain(self, sequence: str) -> Sequence[TokenRow]:
        """The (id, value, offsets in chars) rows of `sequence`'s tokens, which the pipeline reads
        and must not change (a word cache may hand out the same rows again)."""
        raise NotImplementedError

    def rows_stamp(self) -> object | None:
        """An object that stays the same one as long as `tokenize_plain` gives every word the
        same rows: a model makes a new one whenever a change of its settings may change them
        (the tokenizer's word cache is kept while the stamp is). None when the rows may vary
        from call to call (sampling, dropout), and for a model that does not track its changes."""
        return None

    def read_rows_before_change(self, reader: RowsReader) -> None:
        """Have `reader.complete()` called before any change of what `tokenize_plain` gives
        (a setting, training in place), so that what it reads later is what it would have read
        now. The model holds `reader` weakly."""
        readers = self.__dict__.get("_rows_readers")
        if readers is None:
            readers = self.__dict__["_rows_readers"] = weakref.WeakSet()
        readers.add(reader)

    def _rows_changing(self) -> None:
        """Call before changing what `tokenize_plain` gives: every waiting reader reads now."""
        readers = self.__dict__.pop("_rows_readers", None)
        for reader in list(readers or ()):
            reader.complete()

    def tokenize_ids(self, sequence: str) -> list[int]:
        """Only the ids of `tokenize_plain(sequence)`: the fast path. Override when it can be quicker."""
        return [row[0] for row in self.tokenize_plain(sequence)]

    def get_trainer(self) -> Any:
        """A trainer with default options that trains this kind of model."""
        trainer_class = _trainers.get(self.type_name)
        if trainer_class is None:
            raise TrainingError(f"subword has no trainer for {self.type_name} models; pass one with trainer=...")
        return trainer_class()

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

    def settings_json(self) -> dict:
        """This model's tokenizer.json entry without its vocabulary (and merges): its settings."""
        raise NotImplementedError

    def settings_over(self, other: Model) -> dict | None:
        """The fields that make `other`'s tokenizer.json entry read as this model: its
        `settings_json`, when the two have the same vocabulary and tables; else None."""
        if type(other) is not type(self) or not self._same_tables(other):
            return None
        return self.settings_json()

    def _same_tables(self, other: Model) -> bool:
        """Whether `other` (of this model's type) has this model's vocabulary and the tables
        built from it, so that its entry with this model's settings reads as this model."""
        return False

    def to_json(self) -> dict:
        """This model as its tokenizer.json entry."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return rust_format(self.to_json())

    def __str__(self) -> str:
        return rust_format(self.to_json(), short=True)

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

