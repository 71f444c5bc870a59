"""`BatchEncoding`: what `tokenizer(texts)` returns, a dict of model inputs plus the Encodings.

Keys are the model inputs (`input_ids`, `attention_mask`, `token_type_ids`, ... and `labels` for
targets), readable as attributes too (`batch.input_ids`). The Encodings behind each row answer
alignment questions: `word_ids(i)`, `char_to_token(i, pos)`, `token_to_chars(i, t)`.
"""

from __future__ import annotations

import logging
from collections import UserDict
from typing import Any, Callable, Literal, NamedTuple, Union

from ..core.encoding import Encoding
from ..errors import ArgumentValueError
from ._tensors import convert_columns, import_torch

logger = logging.getLogger("subword.transformers")

TensorType = Literal["np", "pt"]
# The Encodings behind a BatchEncoding, or the function that makes them when first asked for.
EncodingsSource = Union[list[Encoding], Callable[[], list[Encoding]], None]


class CharSpan(NamedTuple):
    """A span of characters of the input text, end exclusive."""

    start: int
    end: int


class TokenSpan(NamedTuple):
    """A span of tokens of an encoding, end exclusive."""

    start: int
    end: int


class BatchEncoding(UserDict):
    """The model inputs of one call: a mapping with attribute access, and the Encodings behind it.

    >>> batch = BatchEncoding({"input_ids": [[1, 2], [3, 4]]}, tensor_type="np")
    >>> batch.input_ids.shape, str(batch.input_ids.dtype)
    ((2, 2), 'int64')
    """

    def __init__(
        self,
        data: dict[str, Any] | None = None,
        encodings: EncodingsSource = None,
        tensor_type: TensorType | str | None = None,
        prepend_batch_axis: bool = False,
        n_sequences: int | None = None,
        *,
        python_based: bool = False,
    ) -> None:
        super().__init__(data or {})
        # A tokenizer call that did not need offsets passes a function: the Encodings (tokens,
        # offsets, word ids) are then made on first use, by the full path, equal field by field.
        self._encodings = encodings
        self._n_sequences = n_sequences
        # made by a class that is a Python tokenizer in transformers: it shows no Encodings
        # (the tokenizer's own code still reads them through `_resolved`)
        self._python_based = python_based
        self.convert_to_tensors(tensor_type, prepend_batch_axis)

    def __getattr__(self, name: str) -> Any:
        # only called when normal lookup fails: expose the keys as attributes
        if name != "data" and "data" in self.__dict__ and name in self.data:
            return self.data[name]
        raise AttributeError(name)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return self.data[key]
        encodings = self.encodings if isinstance(key, (int, slice)) else None
        if encodings is not None:
            return encodings[key]
        if isinstance(key, slice):
            return {name: value[key] for name, value in self.data.items()}
        raise KeyError(
            "Invalid key. Only three types of key are available: (1) string, (2) integers for backend Encoding, "
            f"and (3) slices for data subsetting; got {key!r}"
        )

    _python_based = False  # (BatchEncodings pickled before the field existed)

    @property
    def encodings(self) -> list[Encoding] | None:
        """The Encodings, one per row (overflowing windows are rows of their own); None from a
        Python-based tokenizer class, as in transformers."""
        return None if self._python_based else self._resolved()

    def _resolved(self) -> list[Encoding] | None:
        encodings = self._encodings
        if callable(encodings):
            encodings = self._encodings = encodings()
        return encodings

    def __getstate__(self) -> dict[str, Any]:
        self._resolved()  # a pickle carries the Encodings, not the function that makes them
        return self.__dict__

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @property
    def n_sequences(self) -> int | None:
        """1 for single sequences, 2 for pairs (None when unknown)."""
        return self._n_sequences

    @property
    def is_fast(self) -> bool:
        """True when the Encodings are kept (as transformers' fast tokenizers do)."""
        return self._encodings is not None and not self._python_based

    # -- alignment ------------------------------------------------------------------------------

    def _encoding(self, batch_index: int, method: str) -> Encoding:
        if self._python_based:
            raise ArgumentValueError(f"{method}() is not available when using Python based tokenizers")
        encodings = self._resolved()
        if encodings is None:
            raise ArgumentValueError("this BatchEncoding has no Encodings (it was not made by a tokenizer call)")
        return encodings[batch_index]

    def _split(self, first: int, second: int | None) -> tuple[int, int]:
        """transformers' `(batch_index, index)` or `(index)` for a batch of one."""
        if second is None:
            encodings = self.encodings
            if encodings is not None and len(encodings) > 1:
                raise ArgumentValueError("this batch has several rows: pass (batch_index, index)")
            return 0, first
        return first, second

    def tokens(self, batch_index: int = 0) -> list[str]:
        """The token strings of row `batch_index`."""
        return self._encoding(batch_index, "tokens").tokens

    def word_ids(self, batch_index: int = 0) -> list[int | None]:
        """For each token of row `batch_index`, the word it comes from (None for special tokens)."""
        return self._encoding(batch_index, "word_ids").word_ids

    def sequence_ids(self, batch_index: int = 0) -> list[int | None]:
        """For each token of row `batch_index`, its sequence (0 or 1; None for special tokens)."""
        return list(self._encoding(batch_index, "sequence_ids").sequence_ids)

    def token_to_sequence(self, batch_or_token_index: int, token_index: int | None = None) -> int | None:
        """The sequence of a token."""
        batch, token = self._split(batch_or_token_index, token_index)
        return self._encoding(batch, "token_to_sequence").token_to_sequence(token)

    def token_to_word(self, batch_or_token_index: int, token_index: int | None = None) -> int | None:
        """The word of a token."""
        batch, token = self._split(batch_or_token_index, token_index)
        return self._encoding(batch, "token_to_word").token_to_word(token)

    def token_to_chars(self, batch_or_token_index: int, token_index: int | None = None) -> CharSpan | None:
        """The characters of a token, as a CharSpan (None for special tokens)."""
        batch, token = self._split(batch_or_token_index, token_index)
        span = self._encoding(batch, "token_to_chars").token_to_chars(token)
        return None if span is None else CharSpan(*span)

    def char_to_token(
        self, batch_or_char_index: int, char_index: int | None = None, sequence_index: int = 0
    ) -> int | None:
        """The token covering a character of sequence `sequence_index`, or None."""
        batch, char = self._split(batch_or_char_index, char_index)
        return self._encoding(batch, "char_to_token").char_to_token(char, sequence_index)

    def char_to_word(self, batch_or_char_index: int, char_index: int | None = None, sequence_index: int = 0) -> int | None:
        """The word covering a character of sequence `sequence_index`, or None."""
        batch, char = self._split(batch_or_char_index, char_index)
        return self._encoding(batch, "char_to_word").char_to_word(char, sequence_index)

    def word_to_tokens(
        self, batch_or_word_index: int, word_index: int | None = None, sequence_index: int = 0
    ) -> TokenSpan | None:
        """The tokens of a word, as a TokenSpan."""
        batch, word = self._split(batch_or_word_index, word_index)
        span = self._encoding(batch, "word_to_tokens").word_to_tokens(word, sequence_index)
        return None if span is None else TokenSpan(*span)

    def word_to_chars(
        self, batch_or_word_index: int, word_index: int | None = None, sequence_index: int = 0
    ) -> CharSpan | None:
        """The characters of a word, as a CharSpan."""
        batch, word = self._split(batch_or_word_index, word_index)
        span = self._encoding(batch, "word_to_chars").word_to_chars(word, sequence_index)
        return None if span is None else CharSpan(*span)

    # -- tensors --------------------------------------------------------------------------------

    def convert_to_tensors(self, tensor_type: TensorType | str | None = None, prepend_batch_axis: bool = False) -> BatchEncoding:
        """Turn every value into a numpy array ("np") or a torch tensor ("pt"), in place.

        Rows of different lengths give, with "np", object arrays of row arrays (as transformers).
        """
        if tensor_type is None:
            return self
        convert_columns(self.data, str(getattr(tensor_type, "value", tensor_type)), prepend_batch_axis)
        return self

    def to(self, device: Any, *, non_blocking: bool = False) -> BatchEncoding:
        """Move every torch tensor to `device` ("cuda", 0, a torch.device), in place (needs torch)."""
        torch = import_torch("BatchEncoding.to")
        if isinstance(device, (str, int)) or isinstance(device, torch.device):
            self.data = {
                key: value.to(device=device, non_blocking=non_blocking) if callable(getattr(value, "to", None)) else value
                for key, value in self.data.items()
            }
        else:
            logger.warning(f"Attempting to cast a BatchEncoding to type {device}. This is not supported.")
        return self
