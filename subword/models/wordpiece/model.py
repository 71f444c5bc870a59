"""WordPiece: split a word greedily into the longest vocabulary pieces, left to right.

Pieces after the first carry the `continuing_subword_prefix` ("##"). If some part of the word
cannot be matched, or the word is longer than `max_input_chars_per_word` characters, the whole
word becomes the unknown token. This module does not train; see the trainers for that.
"""

from __future__ import annotations

from typing import Any, Sequence

from ...core.inputs import check_path
from ...core.registry import field, uint_field
from ...errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError, expect_str, type_name
from ..vocab_files import (
    check_vocab,
    ordered_vocab,
    read_vocab_txt,
    reverse_vocab,
    vocab_field,
    vocab_file_path,
    write_vocab_txt,
)
from ..base import DictVocabModel, Token, TokenRow, models_registry

_CACHE_CAPACITY = 100_000
_ONE_CHAR = (1,)  # the lengths to try where no entry starts with the next two chars
# See WordPiece._piece_tables: (prefix, lengths at a word's start, lengths after it, continuing ids)
_PieceTables = tuple[str, dict[str, tuple[int, ...]], dict[str, tuple[int, ...]], dict[str, int]]


@models_registry.register("WordPiece")
class WordPiece(DictVocabModel):
    """The WordPiece model of BERT.

    >>> model = WordPiece({"[UNK]": 0, "un": 1, "##aff": 2, "##able": 3})
    >>> [token.value for token in model.tokenize("unaffable")]
    ['un', '##aff', '##able']
    >>> model.tokenize("xyz")
    [Token(id=0, value='[UNK]', offsets=(0, 3))]
    """

    def __init__(
        self,
        vocab: dict[str, int] | str | None = None,
        *,
        unk_token: str = "[UNK]",
        max_input_chars_per_word: int = 100,
        continuing_subword_prefix: str = "##",
    ) -> None:
        if isinstance(vocab, str):
            vocab = read_vocab_txt(vocab)
        self._vocab = check_vocab(vocab if vocab is not None else {})
        self._vocab_r = reverse_vocab(self._vocab)
        self._tables: _PieceTables | None = None
        self._cache: dict[str, tuple[int, ...]] = {}
        self._token_cache: dict[str, tuple[TokenRow, ...]] = {}
        self.unk_token = unk_token
        self.max_input_chars_per_word = max_input_chars_per_word
        self.continuing_subword_prefix = continuing_subword_prefix
        self._piece_tables()  # with the vocabulary (a pass over it), not in the first encode

    # The settings are properties so that changing one type-checks it and empties the cache.
    @property
    def unk_token(self) -> str:
        """The token that stands for a word that cannot be split."""
        return self._unk_token

    @unk_token.setter
    def unk_token(self, value: str) -> None:
        value = expect_str(value, "unk_token")
        self._rows_changing()
        self._unk_token = value
        self._forget()

    @property
    def continuing_subword_prefix(self) -> str:
        """The prefix of every piece but the first one of a word."""
        return self._prefix

    @continuing_subword_prefix.setter
    def continuing_subword_prefix(self, value: str) -> None:
        value = expect_str(value, "continuing_subword_prefix")
        self._rows_changing()
        self._prefix = value
        self._forget()

    @property
    def max_input_chars_per_word(self) -> int:
        """Words with more characters than this become the unknown token whole."""
        return self._max_chars

    @max_input_chars_per_word.setter
    def max_input_chars_per_word(self, value: int) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ArgumentTypeError(f"max_input_chars_per_word must be an int, got {type_name(value)}")
        if value < 0:
            raise ArgumentValueError(f"max_input_chars_per_word must be >= 0, got {value}")
        self._rows_changing()
        self._max_chars = value
        self._forget()

    def _forget(self) -> None:
        """Empty the word caches: a setting changed."""
        self._stamp = object()
        self._cache.clear()
        self._token_cache.clear()

    def rows_stamp(self) -> object:
        """See `Model.rows_stamp`."""
        return self._stamp

    @staticmethod
    def read_file(vocab: str) -> dict[str, int]:
        """Read a vocab.txt (one token a line, its id is its line number)."""
        return read_vocab_txt(check_path(vocab, "vocab"))

    @classmethod
    def from_file(cls, vocab: str, **kwargs: Any) -> WordPiece:
        """A WordPiece with the vocabulary of a vocab.txt; `kwargs` are the constructor's options."""
        return cls(cls.read_file(vocab), **kwargs)

    def tokenize_plain(self, sequence: str) -> Sequence[TokenRow]:
        """`tokenize` as plain (id, value, offsets) tuples, shared with the word cache."""
        rows = self._token_cache.get(sequence)
        if rows is None:
            rows = tuple(self._tokenize_uncached(sequence, True))
            if len(self._token_cache) < _CACHE_CAPACITY:
                self._token_cache[sequence] = rows
        return rows

    def _tokenize_uncached(self, sequence: str, rows: bool) -> list[Any]:
        """The word's token rows, or with `rows` False only their ids (the fast path)."""
        if len(sequence) > self._max_chars:
            return self._unknown_word(sequence, rows)
        prefix, at_start, continuing, continuing_vocab = self._piece_tables()
        lengths, vocab = at_start, self._vocab  # the first piece is matched as it is
        found: list[Any] = []
        start, n = 0, len(sequence)
        while start < n:
            # The longest piece that matches here: only the lengths of pieces that start with the
            # next two chars can (longest first), then one char.
            for length in lengths.get(sequence[start : start + 2], _ONE_CHAR):
                end = start + length
                if end > n:
                    continue
                text = sequence[start:end]
                id_ = vocab.get(text)
                if id_ is not None:
                    if rows:
                        found.append((id_, text if start == 0 else prefix + text, (start, end)))
                    else:
                        found.append(id_)
                    start = end
                    lengths, vocab = continuing, continuing_vocab
                    break
            else:
                return self._unknown_word(sequence, rows)
        return found

    def _piece_tables(self) -> _PieceTables:
        """The prefix, and for each two chars the lengths of the entries that start with them
        (the first piece of a word is matched as it is) and of the continuing pieces whose text
        after the prefix does, longest first and then 1; and the continuing pieces' ids by that
        text (BERT uncased: 5,828 of them, about 0.5 MB). Made with the model, again after the
        prefix changes."""
        tables = self._tables
        prefix = self._prefix
        if tables is None or tables[0] != prefix:
            found: tuple[dict[str, set[int]], dict[str, set[int]]] = ({}, {})
            continuing_vocab: dict[str, int] = {}
            for entry, id_ in self._vocab.items():
                if len(entry) >= 2:
                    found[0].setdefault(entry[:2], set()).add(len(entry))
                if entry.startswith(prefix):
                    text = entry[len(prefix) :]
                    continuing_vocab[text] = id_
                    if len(text) >= 2:
                        found[1].setdefault(text[:2], set()).add(len(text))
            at_start, continuing = ({key: (*sorted(sizes, reverse=True), 1) for key, sizes in table.items()} for table in found)
            tables = self._tables = (prefix, at_start, continuing, continuing_vocab)
        return tables

    def tokenize_ids(self, sequence: str) -> list[int]:
        """Only the ids of `tokenize(sequence)`, remembered for up to 100,000 distinct words."""
        ids = self._cache.get(sequence)
        if ids is None:
            ids = self._tokenize_and_cache(sequence)
        return list(ids)

    def extend_ids(self, words: list[str], out: list[int]) -> None:
        """Append the ids of every word to `out`, through the word cache."""
        cache_get = self._cache.get
        extend = out.extend
        for word in words:
            ids = cache_get(word)
            extend(ids if ids is not None else self._tokenize_and_cache(word))

    def _tokenize_and_cache(self, word: str) -> tuple[int, ...]:
        ids = tuple(self._tokenize_uncached(word, False))
        if len(self._cache) < _CACHE_CAPACITY:
            self._cache[word] = ids
        return ids

    def _unknown_word(self, sequence: str, rows: bool) -> list[Any]:
        """The word as one unknown token: its row, or its id."""
        row = self._unknown(sequence)
        return [row if rows else row[0]]

    def _unknown(self, sequence: str) -> TokenRow:
        id_ = self._vocab.get(self._unk_token)
        if id_ is None:
            raise ArgumentValueError(
                f"WordPiece: the unk_token {self._unk_token!r} is not in the vocabulary, so the word "
                f"{sequence!r:.60} cannot be tokenized; add it to the vocab or set unk_token to a token in it"
            )
        return (id_, self._unk_token, (0, len(sequence)))

    def save(self, folder: str, prefix: str | None = None) -> list[str]:
        """Write `vocab.txt` (or `{prefix}-vocab.txt`) into `folder`; returns its path."""
        return [write_vocab_txt(self._vocab, vocab_file_path(folder, prefix, "vocab.txt"))]

    def to_json(self) -> dict:
        """This model as its tokenizer.json entry."""
        return {
            "type": "WordPiece",
            "unk_token": self._unk_token,
            "continuing_subword_prefix": self._prefix,
            "max_input_chars_per_word": self._max_chars,
            "vocab": ordered_vocab(self._vocab_r),
        }

    @classmethod
    def from_json(cls, data: dict, path: str) -> WordPiece:
        """Read the model from its tokenizer.json entry."""
        max_chars = uint_field(data, "max_input_chars_per_word", path)
        return cls(
            vocab_field(data, path),
            unk_token=field(data, "unk_token", str, path),
            max_input_chars_per_word=max_chars,
            continuing_subword_prefix=field(data, "continuing_subword_prefix", str, path),
        )
