"""`BaseTokenizer`: a ready-made `Tokenizer` with the settings it was built with.

Each subclass picks the pipeline of one well-known tokenizer family and adds `train` and
`train_from_iterator` with that family's trainer; everything else is passed through to the
wrapped `Tokenizer` (kept as `_tokenizer`, as in the Rust package's Python classes).
"""

from __future__ import annotations

import os
from typing import Any, Iterable, Optional, Union

from ..core.added_vocabulary import AddedToken
from ..decoders.base import Decoder
from ..core.encoding import Encoding
from ..errors import ArgumentValueError
from ..models import BPE
from ..models.base import Model
from ..normalizers.base import Normalizer
from ..pre_tokenizers.base import PreTokenizer
from ..processors.base import PostProcessor
from ..tokenizer.tokenizer import EncodeInput, InputSequence, Tokenizer

Token = Union[str, AddedToken]


class BaseTokenizer:
    """A `Tokenizer` and the parameters it was made with (shown by `repr`).

    >>> from subword.models import WordLevel
    >>> base = BaseTokenizer(Tokenizer(WordLevel({"hi": 0, "[UNK]": 1}, unk_token="[UNK]")), {"model": "WordLevel"})
    >>> base
    Tokenizer(vocabulary_size=2, model=WordLevel)
    >>> base.encode("hi").ids
    [0]
    """

    def __init__(self, tokenizer: Tokenizer, parameters: Optional[dict[str, Any]] = None) -> None:
        self._tokenizer = tokenizer
        self._parameters = dict(parameters) if parameters is not None else {}

    def __repr__(self) -> str:
        settings = ", ".join(f"{name}={value}" for name, value in self._parameters.items())
        return f"Tokenizer(vocabulary_size={self._tokenizer.get_vocab_size()}, {settings})"

    # -- vocabulary ---------------------------------------------------------------------------

    def num_special_tokens_to_add(self, is_pair: bool) -> int:
        """How many special tokens the post-processor adds to a single sequence or a pair."""
        return self._tokenizer.num_special_tokens_to_add(is_pair)

    def get_vocab(self, with_added_tokens: bool = True) -> dict[str, int]:
        """The vocabulary, token -> id."""
        return self._tokenizer.get_vocab(with_added_tokens=with_added_tokens)

    def get_added_tokens_decoder(self) -> dict[int, AddedToken]:
        """The added tokens by id."""
        return self._tokenizer.get_added_tokens_decoder()

    def get_vocab_size(self, with_added_tokens: bool = True) -> int:
        """The size of the vocabulary, with or without the added tokens."""
        return self._tokenizer.get_vocab_size(with_added_tokens=with_added_tokens)

    def add_tokens(self, tokens: list[Token]) -> int:
        """Add tokens matched before the model; return how many were new."""
        return self._tokenizer.add_tokens(tokens)

    def add_special_tokens(self, special_tokens: list[Token]) -> int:
        """Add special tokens (skipped when decoding); return how many were new."""
        return self._tokenizer.add_special_tokens(special_tokens)

    def token_to_id(self, token: str) -> Optional[int]:
        """The id of `token`, or None."""
        return self._tokenizer.token_to_id(token)

    def id_to_token(self, id: int) -> Optional[str]:
        """The token with this id, or None."""
        return self._tokenizer.id_to_token(id)

    # -- padding and truncation ---------------------------------------------------------------

    def enable_padding(
        self,
        direction: str = "right",
        pad_to_multiple_of: Optional[int] = None,
        pad_id: int = 0,
        pad_type_id: int = 0,
        pad_token: str = "[PAD]",
        length: Optional[int] = None,
    ) -> None:
        """Pad every batch to its longest encoding, or to `length` when given."""
        self._tokenizer.enable_padding(
            direction=direction,
            pad_to_multiple_of=pad_to_multiple_of,
            pad_id=pad_id,
            pad_type_id=pad_type_id,
            pad_token=pad_token,
            length=length,
        )

    def no_padding(self) -> None:
        """Disable padding."""
        self._tokenizer.no_padding()

    @property
    def padding(self) -> Optional[dict]:
        """The padding settings as a dict, or None when padding is off."""
        return self._tokenizer.padding

    def enable_truncation(self, max_length: int, stride: int = 0, strategy: str = "longest_first") -> None:
        """Truncate every input to `max_length` tokens (special tokens included)."""
        self._tokenizer.enable_truncation(max_length, stride=stride, strategy=strategy)

    def no_truncation(self) -> None:
        """Disable truncation."""
        self._tokenizer.no_truncation()

    @property
    def truncation(self) -> Optional[dict]:
        """The truncation settings as a dict, or None when truncation is off."""
        return self._tokenizer.truncation

    # -- encoding and decoding ----------------------------------------------------------------

    def normalize(self, sequence: str) -> str:
        """`sequence` through the normalizer (unchanged when there is none)."""
        normalizer = self._tokenizer.normalizer
        return sequence if normalizer is None else normalizer.normalize_str(sequence)

    def encode(
        self,
        sequence: InputSequence,
        pair: Optional[InputSequence] = None,
        is_pretokenized: bool = False,
        add_special_tokens: bool = True,
    ) -> Encoding:
        """Encode one sequence or a pair (lists of words when `is_pretokenized`)."""
        if sequence is None:
            raise ArgumentValueError("encode: `sequence` can't be None")
        return self._tokenizer.encode(sequence, pair, is_pretokenized, add_special_tokens)

    def encode_batch(
        self, inputs: list[EncodeInput], is_pretokenized: bool = False, add_special_tokens: bool = True
    ) -> list[Encoding]:
        """Encode a batch of sequences or (sequence, pair) tuples; batch padding applies."""
        if inputs is None:
            raise ArgumentValueError("encode_batch: `inputs` can't be None")
        return self._tokenizer.encode_batch(inputs, is_pretokenized, add_special_tokens)

    async def async_encode_batch(
        self, inputs: list[EncodeInput], is_pretokenized: bool = False, add_special_tokens: bool = True
    ) -> list[Encoding]:
        """`encode_batch`, awaitable."""
        if inputs is None:
            raise ArgumentValueError("async_encode_batch: `inputs` can't be None")
        return await self._tokenizer.async_encode_batch(inputs, is_pretokenized, add_special_tokens)

    async def async_encode_batch_fast(
        self, inputs: list[EncodeInput], is_pretokenized: bool = False, add_special_tokens: bool = True
    ) -> list[Encoding]:
        """`encode_batch` without offsets, awaitable."""
        if inputs is None:
            raise ArgumentValueError("async_encode_batch_fast: `inputs` can't be None")
        return await self._tokenizer.async_encode_batch_fast(inputs, is_pretokenized, add_special_tokens)

    def decode(self, ids: list[int], skip_special_tokens: bool = True) -> str:
        """The text of these ids."""
        if ids is None:
            raise ArgumentValueError("decode: `ids` can't be None; pass a list of int")
        return self._tokenizer.decode(ids, skip_special_tokens=skip_special_tokens)

    def decode_batch(self, sequences: list[list[int]], skip_special_tokens: bool = True) -> list[str]:
        """The text of each list of ids."""
        if sequences is None:
            raise ArgumentValueError("decode_batch: `sequences` can't be None; pass a list of lists of int")
        return self._tokenizer.decode_batch(sequences, skip_special_tokens=skip_special_tokens)

    async def async_decode_batch(self, sequences: list[list[int]], skip_special_tokens: bool = True) -> list[str]:
        """`decode_batch`, awaitable."""
        if sequences is None:
            raise ArgumentValueError("async_decode_batch: `sequences` can't be None")
        return await self._tokenizer.async_decode_batch(sequences, skip_special_tokens)

    def post_process(
        self, encoding: Encoding, pair: Optional[Encoding] = None, add_special_tokens: bool = True
    ) -> Encoding:
        """Truncate, add special tokens and merge a pair, then pad."""
        return self._tokenizer.post_process(encoding, pair, add_special_tokens)

    # -- saving -------------------------------------------------------------------------------

    def save_model(self, directory: str, prefix: Optional[str] = None) -> list[str]:
        """Write the model's vocabulary files into `directory`; return their paths."""
        return self._tokenizer.model.save(directory, prefix=prefix)

    def save(self, path: Union[str, os.PathLike], pretty: bool = True) -> None:
        """Write the whole tokenizer as tokenizer.json to `path`."""
        self._tokenizer.save(path, pretty)

    def to_str(self, pretty: bool = False) -> str:
        """The whole tokenizer as a tokenizer.json string."""
        return self._tokenizer.to_str(pretty)

    # -- training -----------------------------------------------------------------------------

    def _train(self, files: Union[str, list[str]], trainer: Any) -> None:
        self._tokenizer.train([files] if isinstance(files, str) else list(files), trainer=trainer)

    def _train_from_iterator(self, iterator: Iterable[Any], trainer: Any, length: Optional[int]) -> None:
        self._tokenizer.train_from_iterator(iterator, trainer=trainer, length=length)

    # -- components ---------------------------------------------------------------------------

    @property
    def model(self) -> Model:
        """The model."""
        return self._tokenizer.model

    @model.setter
    def model(self, model: Model) -> None:
        self._tokenizer.model = model

    @property
    def normalizer(self) -> Optional[Normalizer]:
        """The normalizer, or None."""
        return self._tokenizer.normalizer

    @normalizer.setter
    def normalizer(self, normalizer: Optional[Normalizer]) -> None:
        self._tokenizer.normalizer = normalizer

    @property
    def pre_tokenizer(self) -> Optional[PreTokenizer]:
        """The pre-tokenizer, or None."""
        return self._tokenizer.pre_tokenizer

    @pre_tokenizer.setter
    def pre_tokenizer(self, pre_tokenizer: Optional[PreTokenizer]) -> None:
        self._tokenizer.pre_tokenizer = pre_tokenizer

    @property
    def post_processor(self) -> Optional[PostProcessor]:
        """The post-processor, or None."""
        return self._tokenizer.post_processor

    @post_processor.setter
    def post_processor(self, post_processor: Optional[PostProcessor]) -> None:
        self._tokenizer.post_processor = post_processor

    @property
    def decoder(self) -> Optional[Decoder]:
        """The decoder, or None."""
        return self._tokenizer.decoder

    @decoder.setter
    def decoder(self, decoder: Optional[Decoder]) -> None:
        self._tokenizer.decoder = decoder


class BPEFilesMixin:
    """`from_file` for the ready-made BPE tokenizers: a vocab.json and a merges.txt."""

    @classmethod
    def from_file(cls, vocab_filename: str, merges_filename: str, **kwargs: Any) -> Any:
        """Load a vocab.json and a merges.txt; `kwargs` are the constructor's other options."""
        vocab, merges = BPE.read_file(vocab_filename, merges_filename)
        return cls(vocab, merges, **kwargs)
