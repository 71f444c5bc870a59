"""`Tokenizer`: the pipeline that turns text into an Encoding and ids back into text.

encode: added tokens -> normalize -> pre-tokenize -> model -> truncate -> post-process -> pad.
One pipeline with an offsets switch: with it, tokens, offsets and word ids; without it
(`encode_batch_fast`), the same rules on PlainStrings, filling only ids, masks and special tokens.
"""

from __future__ import annotations

import asyncio
import copy
import enum
import os
import pickle
from functools import cached_property
from itertools import chain, islice
from typing import Any, Callable, Iterable, Iterator, Sequence, Union

from ..core import edits, pool
from ..core.inputs import are_valid_texts, check_flag, check_path, check_sequence, from_numpy, int_list, split_batch_item
from ..core.added_vocabulary import AddedToken, AddedVocabulary, as_added_token
from ..core.edits import note_edit
from ..decoders.base import Decoder
from ..decoders.id_decoder import IdDecoder
from ..decoders.plan import decoder_state
from ..core.encoding import Encoding
from ..core.encoding_columns import EncodingColumns, EncodingView
from ..core.files import atomic_write_text
from ..core.hub_cache import HubRepo
from ..core.pre_tokenized_string import PreTokenizedString
from ..core.rust_repr import rust_format
from ..errors import ArgumentTypeError, ArgumentValueError, SubwordError, TokenizerFileError, expect_str, type_name
from ..formats.sentencepiece import read_sentencepiece
from ..formats.sentencepiece_write import write_sentencepiece
from ..formats.tiktoken import read_tiktoken
from ..formats.tiktoken_write import write_tiktoken
from ..models.base import Model
from ..models.vocab_files import expect_id
from ..normalizers.base import Normalizer
from ..core.padding import PaddingParams, pad_encodings
from ..pre_tokenizers.base import PreTokenizer
from ..processors.base import PostProcessor
from ..core.truncation import TruncationParams, truncate_encodings
from ..core.word_counts import WordCounts
from .decoding import DecodeTables
from .explain import Explanation, explain
from .serialization import model_entry, tokenizer_from_json, tokenizer_from_str, tokenizer_to_json, tokenizer_to_str
from .training import train_tokenizer, train_tokenizer_from_counts, train_tokenizer_from_files
from .word_columns import WordColumns

TextInput = str
PreTokenizedInput = Union[list[str], tuple[str, ...]]
InputSequence = Union[TextInput, PreTokenizedInput]
EncodeInput = Union[InputSequence, tuple[InputSequence, InputSequence], list[InputSequence]]


class _Own(enum.Enum):
    """The default of the `padding=` / `truncation=` overrides: use the tokenizer's own setting
    (a sentinel, because None already means "off")."""

    SETTING = enum.auto()

    def __repr__(self) -> str:
        return "<the tokenizer's own>"


OWN = _Own.SETTING
# A batch's items are encoded this many at a time before they are post-processed: each step's
# code stays warm in the processor's caches over a block (5-9 % of a batch of lines, bench/RESULTS.md).
_BLOCK = 32


class Tokenizer:
    """A tokenization pipeline around a model, with the `tokenizers.Tokenizer` API.

    >>> from subword.models import WordLevel
    >>> tokenizer = Tokenizer(WordLevel({"hello": 0, "[UNK]": 1}, unk_token="[UNK]"))
    >>> tokenizer.encode("hello").ids
    [0]

    Threads: these methods change the tokenizer and must not run while another thread uses it:
    `add_tokens`, `add_special_tokens`, `enable_padding`/`no_padding`,
    `enable_truncation`/`no_truncation`, the `model`, `normalizer`, `pre_tokenizer`,
    `post_processor` and `decoder` setters, the `encode_special_tokens` setter, `train` and
    `train_from_iterator` (and changing a component in place, e.g. a BPE model's `dropout`).
    Every other method is safe to call from many threads on one tokenizer: each encode call
    reads the padding and truncation settings once, at its start (so a batch is never padded
    half one way, half another), and the word caches tolerate concurrent use. To encode with
    other settings without touching the shared ones, pass them to the call:
    `tokenizer.encode_batch(texts, padding=PaddingParams(length=8), truncation=None)`.
    """

    def __init__(self, model: Model) -> None:
        if not isinstance(model, Model):
            raise ArgumentTypeError(f"Tokenizer needs a subword model, got {type_name(model)}")
        self._model = model
        self._normalizer: Normalizer | None = None
        self._pre_tokenizer: PreTokenizer | None = None
        self._post_processor: PostProcessor | None = None
        self._decoder: Decoder | None = None
        self._padding: PaddingParams | None = None
        self._truncation: TruncationParams | None = None
        self._added_vocabulary = AddedVocabulary()
        self._version = 0  # bumped by every method that changes what an encode gives
        self._carrier: tuple[Any, tuple[str, str | bytes] | None] | None = None  # (mark, pool carrier)
        self._source: _Source | None = None  # the tokenizer.json text the model was read from, until it changes
        # (edit stamp, mark, decoder state, tables): see `_decode_tables`
        self._decoding: tuple[object, Any, Any, DecodeTables | None] | None = None
        self._twins: dict[str, tuple[int, Tokenizer]] = {}  # setting -> (version, twin) of the with_ methods
        self._word_columns = WordColumns()  # the full path's word cache

    def _changed(self) -> None:
        """Note a change of what an encode or a decode gives (see `_version` and `core.edits`)."""
        self._version += 1
        note_edit()

    def with_encode_special_tokens(self, value: bool) -> Tokenizer:
        """This tokenizer if its `encode_special_tokens` is `value`, else a twin that shares
        every component and has the flag set to `value`, kept until this tokenizer changes:
        a per-call setting (transformers' `split_special_tokens=`) that changes no shared state."""
        value = check_flag(value, "value")
        if self._added_vocabulary.encode_special_tokens == value:
            return self
        return self._kept_twin("encode_special_tokens", lambda added: setattr(added, "encode_special_tokens", value))

    def with_added_tokens_unmatched(self) -> Tokenizer:
        """A twin that finds no added token in the text, special or not (its ids still decode),
        kept until this tokenizer changes: transformers' Python tokenizers under
        `split_special_tokens=True`, a per-call setting that changes no shared state."""
        if not self._added_vocabulary.match_tokens:
            return self
        return self._kept_twin("added_tokens_unmatched", lambda added: setattr(added, "match_tokens", False))

    def _kept_twin(self, setting: str, change: Callable[[AddedVocabulary], None]) -> Tokenizer:
        twins = self.__dict__.setdefault("_twins", {})
        kept = twins.get(setting)
        if kept is not None and kept[0] == self._version:
            return kept[1]
        made = self._twin()
        made._added_vocabulary = copy.copy(self._added_vocabulary)
        change(made._added_vocabulary)
        twins[setting] = (self._version, made)
        return made

    def _twin(self) -> Tokenizer:
        """A tokenizer that shares this one's components and settings (not its pool carrier,
        decode tables and twins): `copy.copy` would rebuild every component from tokenizer.json."""
        made = object.__new__(type(self))
        vars(made).update(vars(self))
        made._carrier = made._decoding = None
        made._twins = {}
        return made

    def with_post_processor(self, post_processor: PostProcessor | None) -> Tokenizer:
        """A twin of this tokenizer that shares every component but has `post_processor`: a
        per-call template (transformers' target-language labels) that changes no shared state."""
        made = self._twin()
        made.post_processor = post_processor
        return made

    def with_pre_tokenizer(self, pre_tokenizer: PreTokenizer | None) -> Tokenizer:
        """A twin of this tokenizer that shares every component but has `pre_tokenizer`: a
        per-call cut of the text that changes no shared state."""
        made = self._twin()
        made._word_columns = WordColumns()
        made.pre_tokenizer = pre_tokenizer
        return made

    def with_normalizer_and_post_processor(
        self, normalizer: Normalizer | None, post_processor: PostProcessor | None
    ) -> Tokenizer:
        """A twin of this tokenizer with `normalizer` and `post_processor` (and its own added
        vocabulary, whose normalized forms follow the new normalizer): a per-call pipeline
        (Code Llama's infilling) that changes no shared state."""
        made = self.with_post_processor(post_processor)
        made._added_vocabulary = copy.copy(self._added_vocabulary)
        made._added_vocabulary.normalized_forms = {}
        made.normalizer = normalizer
        return made

    def __getstate__(self) -> Any:
        """As in the Rust package, the tokenizer.json text (as bytes): pickles and deep copies
        carry the settings, not the caches. A tokenizer with a custom Python component has no
        tokenizer.json; it pickles its attributes (the component must pickle).

        tokenizer.json has no field for `encode_special_tokens` (the Rust package writes none
        and refuses unknown top-level fields), so a tokenizer with it set (those of
        `from_tiktoken` and `from_sentencepiece`) pickles as (tokenizer.json, True) to keep it.
        """
        attributes = {**vars(self), "_carrier": None, "_source": None, "_decoding": None, "_twins": {}, "_word_columns": WordColumns()}
        if not self._added_vocabulary.match_tokens:  # a twin's setting tokenizer.json cannot hold
            return attributes
        try:
            document = self.to_str().encode("utf-8")
        except SubwordError:
            return attributes
        return (document, True) if self.encode_special_tokens else document

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, tuple):
            document, encode_special_tokens = state
            vars(self).update(vars(Tokenizer.from_str(document.decode("utf-8"))))
            self.encode_special_tokens = encode_special_tokens
            return
        if isinstance(state, (bytes, str)):
            state = vars(Tokenizer.from_str(state.decode("utf-8") if isinstance(state, bytes) else state))
        vars(self).update(state)
        vars(self).setdefault("_word_columns", WordColumns())  # (pickled by an older subword)

    # -- components ---------------------------------------------------------------------------

    @property
    def model(self) -> Model:
        """The model that turns words into tokens."""
        return self._model

    @model.setter
    def model(self, model: Model) -> None:
        if not isinstance(model, Model):
            raise ArgumentTypeError(f"model must be a subword model, got {type_name(model)}")
        self._model = model
        self._changed()
        self._source = None

    @property
    def normalizer(self) -> Normalizer | None:
        """The normalizer, or None."""
        return self._normalizer

    @normalizer.setter
    def normalizer(self, normalizer: Normalizer | None) -> None:
        _check_component(normalizer, Normalizer, "normalizer")
        self._normalizer = normalizer
        self._added_vocabulary.refresh_normalized_forms(self._normalize_str_or_none())
        self._changed()

    @property
    def pre_tokenizer(self) -> PreTokenizer | None:
        """The pre-tokenizer, or None."""
        return self._pre_tokenizer

    @pre_tokenizer.setter
    def pre_tokenizer(self, pre_tokenizer: PreTokenizer | None) -> None:
        self._pre_tokenizer = _check_component(pre_tokenizer, PreTokenizer, "pre_tokenizer")
        self._changed()

    @property
    def post_processor(self) -> PostProcessor | None:
        """The post-processor, or None."""
        return self._post_processor

    @post_processor.setter
    def post_processor(self, post_processor: PostProcessor | None) -> None:
        self._post_processor = _check_component(post_processor, PostProcessor, "post_processor")
        self._changed()

    @property
    def decoder(self) -> Decoder | None:
        """The decoder, or None."""
        return self._decoder

    @decoder.setter
    def decoder(self, decoder: Decoder | None) -> None:
        self._decoder = _check_component(decoder, Decoder, "decoder")
        self._changed()

    def _normalize_str_or_none(self):
        return self._normalizer.normalize_str if self._normalizer is not None else None

    # -- padding and truncation ---------------------------------------------------------------

    def enable_padding(
        self,
        direction: str = "right",
        pad_id: int = 0,
        pad_type_id: int = 0,
        pad_token: str = "[PAD]",
        length: int | None = None,
        pad_to_multiple_of: int | None = None,
    ) -> None:
        """Pad every batch to its longest encoding, or to `length` when given."""
        self._padding = PaddingParams(
            length=length,
            direction=direction,
            pad_to_multiple_of=pad_to_multiple_of,
            pad_id=pad_id,
            pad_type_id=pad_type_id,
            pad_token=pad_token,
        )

    def no_padding(self) -> None:
        """Disable padding."""
        self._padding = None

    @property
    def padding(self) -> dict | None:
        """The padding settings as a dict, or None when padding is off."""
        padding = self._padding  # read once: another thread may switch it off meanwhile
        return padding.to_dict() if padding is not None else None

    def enable_truncation(
        self, max_length: int, stride: int = 0, strategy: str = "longest_first", direction: str = "right"
    ) -> None:
        """Truncate every input to `max_length` tokens (special tokens included)."""
        params = TruncationParams(max_length=max_length, stride=stride, strategy=strategy, direction=direction)
        params.check_stride(self.num_special_tokens_to_add(False))
        self._truncation = params

    def no_truncation(self) -> None:
        """Disable truncation."""
        self._truncation = None

    @property
    def truncation(self) -> dict | None:
        """The truncation settings as a dict, or None when truncation is off."""
        truncation = self._truncation  # read once: another thread may switch it off meanwhile
        return truncation.to_dict() if truncation is not None else None

    @property
    def padding_params(self) -> PaddingParams | None:
        """The padding settings as a `PaddingParams` value (what tokenizer.json stores), or None."""
        return self._padding

    @padding_params.setter
    def padding_params(self, params: PaddingParams | None) -> None:
        self._padding = _check_component(params, PaddingParams, "padding_params")

    @property
    def truncation_params(self) -> TruncationParams | None:
        """The truncation settings as a `TruncationParams` value (what tokenizer.json stores), or
        None. Unlike `enable_truncation`, setting it does not check the stride, as loading a file
        does not in Rust."""
        return self._truncation

    @truncation_params.setter
    def truncation_params(self, params: TruncationParams | None) -> None:
        self._truncation = _check_component(params, TruncationParams, "truncation_params")

    # -- vocabulary ---------------------------------------------------------------------------

    def add_tokens(self, tokens: list[Union[str, AddedToken]]) -> int:
        """Add tokens matched before the model; return how many were new."""
        return self._add(tokens, special=False)

    def add_special_tokens(self, tokens: list[Union[str, AddedToken]]) -> int:
        """Add special tokens (skipped when decoding with skip_special_tokens)."""
        return self._add(tokens, special=True)

    def _add(self, tokens: list[Union[str, AddedToken]], special: bool) -> int:
        if not isinstance(tokens, (list, tuple)):
            raise ArgumentTypeError(f"tokens must be a list of str or AddedToken, got {type_name(tokens)}")
        added = [as_added_token(token, special) for token in tokens]
        if added:  # (an empty list changes nothing, so the caches and the pool carrier stay)
            self._changed()
        return self._added_vocabulary.add_tokens(added, self._model, self._normalize_str_or_none())

    def token_to_id(self, token: str) -> int | None:
        """The id of `token` (added tokens first), or None."""
        return self._added_vocabulary.token_to_id(token, self._model)

    def id_to_token(self, id: int) -> str | None:
        """The token with this id (added tokens first), or None."""
        id = expect_id(id)
        found = self._added_vocabulary.id_to_token(id)
        return found if found is not None else self._model.id_to_token(id)

    def get_vocab(self, with_added_tokens: bool = True) -> dict[str, int]:
        """The vocabulary, token -> id."""
        vocab = self._model.get_vocab()
        if check_flag(with_added_tokens, "with_added_tokens"):
            vocab.update(self._added_vocabulary.token_ids)
        return vocab

    def get_vocab_size(self, with_added_tokens: bool = True) -> int:
        """The size of the vocabulary (added tokens that the model also has count once)."""
        size = self._model.get_vocab_size()
        if check_flag(with_added_tokens, "with_added_tokens"):
            added = self._added_vocabulary.token_ids
            size += sum(1 for token in added if self._model.token_to_id(token) is None)
        return size

    def get_added_tokens_decoder(self) -> dict[int, AddedToken]:
        """The added tokens by id."""
        return dict(sorted(self._added_vocabulary.tokens_by_id.items()))

    @property
    def added_tokens_decoder(self) -> dict[int, AddedToken]:
        """The added tokens by id."""
        return self.get_added_tokens_decoder()

    @property
    def added_vocabulary(self) -> AddedVocabulary:
        """The added tokens and their matcher, for file formats and training; add tokens with
        `add_tokens` / `add_special_tokens`."""
        return self._added_vocabulary

    @property
    def encode_special_tokens(self) -> bool:
        """When True, special tokens in the text are tokenized as ordinary text."""
        return self._added_vocabulary.encode_special_tokens

    @encode_special_tokens.setter
    def encode_special_tokens(self, value: bool) -> None:
        value = check_flag(value, "encode_special_tokens")
        if value != self._added_vocabulary.encode_special_tokens:
            self._added_vocabulary.encode_special_tokens = value
            self._changed()

    def num_special_tokens_to_add(self, is_pair: bool) -> int:
        """How many special tokens the post-processor adds."""
        check_flag(is_pair, "is_pair")
        return self._post_processor.added_tokens(is_pair) if self._post_processor is not None else 0

    # -- encoding -----------------------------------------------------------------------------

    def encode(
        self,
        sequence: InputSequence,
        pair: InputSequence | None = None,
        is_pretokenized: bool = False,
        add_special_tokens: bool = True,
        *,
        padding: PaddingParams | None | _Own = OWN,
        truncation: TruncationParams | None | _Own = OWN,
    ) -> Encoding:
        """Encode one sequence or a pair, with offsets.

        Args:
            sequence: a str, or a list of words when `is_pretokenized`.
            pair: an optional second sequence of the same kind.
            add_special_tokens: let the post-processor add its special tokens.
            padding, truncation: this call's settings (None: off); by default the tokenizer's.
        """
        _check_flags(is_pretokenized, add_special_tokens)
        padding, truncation = self._call_settings(padding, truncation)
        sequence, pair = from_numpy(sequence), from_numpy(pair)
        check_sequence(sequence, is_pretokenized, "sequence")
        if pair is not None:
            check_sequence(pair, is_pretokenized, "pair")
        encoding, pair_encoding = self._encoded([(sequence, pair)], is_pretokenized, True)[0]
        return self._post_process(encoding, pair_encoding, add_special_tokens, padding, truncation)

    def encode_batch(
        self,
        input: list[EncodeInput],
        is_pretokenized: bool = False,
        add_special_tokens: bool = True,
        *,
        padding: PaddingParams | None | _Own = OWN,
        truncation: TruncationParams | None | _Own = OWN,
    ) -> list[Encoding]:
        """Encode a batch of sequences or pairs, with offsets; batch padding applies.

        `padding` and `truncation` are this call's settings (None: off), by default the
        tokenizer's own:

        >>> from subword.models import WordLevel
        >>> tokenizer = Tokenizer(WordLevel({"a": 0, "b": 1, "[PAD]": 2}, unk_token="[PAD]"))
        >>> batch = [["a"], ["a", "b"]]
        >>> [e.ids for e in tokenizer.encode_batch(batch, is_pretokenized=True, padding=PaddingParams(pad_id=2))]
        [[0, 2], [0, 1]]
        >>> tokenizer.padding is None  # the tokenizer's own settings are left alone
        True
        """
        _check_flags(is_pretokenized, add_special_tokens)
        items = _checked_items(input, is_pretokenized)
        return self.encode_items(items, is_pretokenized, add_special_tokens, padding=padding, truncation=truncation)

    def encode_batch_fast(
        self,
        input: list[EncodeInput],
        is_pretokenized: bool = False,
        add_special_tokens: bool = True,
        *,
        padding: PaddingParams | None | _Own = OWN,
        truncation: TruncationParams | None | _Own = OWN,
    ) -> list[Encoding]:
        """Like `encode_batch` but without offsets, token strings or word ids: the fast path."""
        _check_flags(is_pretokenized, add_special_tokens)
        items = _checked_items(input, is_pretokenized)
        return self.encode_items(
            items, is_pretokenized, add_special_tokens, offsets=False, padding=padding, truncation=truncation
        )

    # The async versions run the call in a worker thread, so an event loop keeps serving others.

    async def async_encode(
        self,
        sequence: InputSequence,
        pair: InputSequence | None = None,
        is_pretokenized: bool = False,
        add_special_tokens: bool = True,
        *,
        padding: PaddingParams | None | _Own = OWN,
        truncation: TruncationParams | None | _Own = OWN,
    ) -> Encoding:
        """`encode`, awaitable."""
        return await asyncio.to_thread(
            self.encode, sequence, pair, is_pretokenized, add_special_tokens, padding=padding, truncation=truncation
        )

    async def async_encode_batch(
        self,
        input: list[EncodeInput],
        is_pretokenized: bool = False,
        add_special_tokens: bool = True,
        *,
        padding: PaddingParams | None | _Own = OWN,
        truncation: TruncationParams | None | _Own = OWN,
    ) -> list[Encoding]:
        """`encode_batch`, awaitable."""
        return await asyncio.to_thread(
            self.encode_batch, input, is_pretokenized, add_special_tokens, padding=padding, truncation=truncation
        )

    async def async_encode_batch_fast(
        self,
        input: list[EncodeInput],
        is_pretokenized: bool = False,
        add_special_tokens: bool = True,
        *,
        padding: PaddingParams | None | _Own = OWN,
        truncation: TruncationParams | None | _Own = OWN,
    ) -> list[Encoding]:
        """`encode_batch_fast`, awaitable."""
        return await asyncio.to_thread(
            self.encode_batch_fast, input, is_pretokenized, add_special_tokens, padding=padding, truncation=truncation
        )

    def _call_settings(
        self, padding: PaddingParams | None | _Own, truncation: TruncationParams | None | _Own
    ) -> tuple[PaddingParams | None, TruncationParams | None]:
        """One call's padding and truncation: the given ones, else the tokenizer's own, read here
        once so that a concurrent `enable_padding` cannot change them halfway through the call."""
        if padding is OWN:
            padding = self._padding
        elif padding is not None and not isinstance(padding, PaddingParams):
            raise ArgumentTypeError(f"padding must be a PaddingParams or None, got {type_name(padding)}")
        if truncation is OWN:
            truncation = self._truncation
        elif truncation is not None and not isinstance(truncation, TruncationParams):
            raise ArgumentTypeError(f"truncation must be a TruncationParams or None, got {type_name(truncation)}")
        return padding, truncation  # type: ignore[return-value]

    def encode_items(
        self,
        items: list[tuple[InputSequence, InputSequence | None]],
        is_pretokenized: bool = False,
        add_special_tokens: bool = True,
        *,
        offsets: bool = True,
        padding: PaddingParams | None | _Own = OWN,
        truncation: TruncationParams | None | _Own = OWN,
    ) -> list[Encoding]:
        """Encode (sequence, pair or None) items that the caller has already checked, as
        `encode_batch` checks its input (a layer above, like the transformers front end, checks
        its own way and calls this so that nothing is checked twice); `offsets=False` is
        `encode_batch_fast`.
        """
        padding, truncation = self._call_settings(padding, truncation)
        return self._encode_items(items, is_pretokenized, add_special_tokens, offsets, padding, truncation)

    def encode_items_into(
        self,
        items: list[tuple[InputSequence, InputSequence | None]],
        is_pretokenized: bool,
        add_special_tokens: bool,
        truncation: TruncationParams | None,
        convert: Callable[..., list],
        *convert_args: Any,
    ) -> list:
        """`convert(encodings, *convert_args)` of the unpadded ids-path Encodings of checked
        items (as `encode_items(..., offsets=False, padding=None)`), one value per item, in order.

        Each chunk is converted where it was encoded: from a worker only the values come back,
        not the Encodings. `convert` must be a module-level function.
        """
        args = (is_pretokenized, add_special_tokens, False, None, truncation)
        converted = self._pooled(_encode_and_convert, items, _item_chars(items, is_pretokenized), (args, convert, convert_args))
        return converted if converted is not None else _encode_and_convert(self, items, args, convert, convert_args)

    def _encode_items(
        self,
        items: list[tuple[InputSequence, InputSequence | None]],
        is_pretokenized: bool,
        add_special_tokens: bool,
        offsets: bool,
        padding: PaddingParams | None,
        truncation: TruncationParams | None,
    ) -> list[Encoding]:
        """Encode checked (sequence, pair or None) items with these settings, then pad the batch.

        A large batch is spread over worker processes (`subword.core.pool`), the settings sent
        along as values; the batch padding is done here, over the whole batch.
        """
        # Each item is padded with the batch below, not alone first (as the Rust package pads
        # it): padding to L then to the batch's length M >= L is padding to M. So the workers
        # send back no padding, which would be most of what they pickle at a fixed length.
        args = (is_pretokenized, add_special_tokens, offsets, None, truncation)
        pooled = self._pooled(_encode_packed, items, _item_chars(items, is_pretokenized), args)
        encodings = pooled if pooled is not None else self._encode_each(items, *args)
        if padding is not None:
            pad_encodings(encodings, padding, Encoding.pad_all_with if pooled is None else EncodingView.pad_fresh)
        return encodings

    def _encode_each(
        self,
        items: list[tuple[InputSequence, InputSequence | None]],
        is_pretokenized: bool,
        add_special_tokens: bool,
        offsets: bool,
        padding: PaddingParams | None,
        truncation: TruncationParams | None,
    ) -> list[Encoding]:
        """Each item encoded and post-processed (padded alone, not yet as a batch), a block of
        items encoded before they are post-processed. An error is the one the items taken one
        by one would raise first."""
        encoded = self._encoded
        post_process = self._post_process
        encodings: list[Encoding] = []
        for start in range(0, len(items), _BLOCK):
            block = items[start : start + _BLOCK]
            try:
                pairs: Iterable[tuple[Encoding, Encoding | None]] = encoded(block, is_pretokenized, offsets)
            except Exception:  # the block again, one item at a time: a post-processing error may come first
                pairs = (encoded([item], is_pretokenized, offsets)[0] for item in block)
            for encoding, pair_encoding in pairs:
                encodings.append(post_process(encoding, pair_encoding, add_special_tokens, padding, truncation))
        return encodings

    def _encoded(
        self, items: list[tuple[InputSequence, InputSequence | None]], is_pretokenized: bool, offsets: bool
    ) -> list[tuple[Encoding, Encoding | None]]:
        """Each item's sequence and pair (or None) encoded, with type ids 0 and 1; each step (the
        added-token split, then the rest) taken over all the items in turn."""
        split = self._split_sequence
        splits = [(split(sequence, is_pretokenized, offsets), None if pair is None else split(pair, is_pretokenized, offsets)) for sequence, pair in items]
        encode = self._encode_splits
        return [
            (encode(first, 0, is_pretokenized, offsets), None if second is None else encode(second, 1, is_pretokenized, offsets))
            for first, second in splits
        ]

    def _pooled(self, task: Any, items: list, chars: int, args: tuple) -> list | None:
        """`task(self, items, *args)` run by the worker processes, or None: run it in-process
        (a small batch, parallelism off, or a tokenizer that cannot be serialized)."""
        if not pool.worth_pooling(len(items), chars):
            return None
        return self.map_in_workers(task, items, args)

    def map_in_workers(self, task: Callable[..., Iterable[Any]], items: Sequence[Any], args: tuple = ()) -> list | None:
        """`task(copy_of_this_tokenizer, chunk, *args)` over chunks of `items` in the worker
        processes, what it returns (lists, or any iterables) laid end to end in order; None when
        the work must stay in-process (parallelism off or one worker, the pool busy, or custom
        Python components).
        `task` must be a module-level function; the caller decides whether `items` are worth it."""
        if pool.num_workers() <= 1:
            return None
        carrier = self._pool_carrier()
        if carrier is None:
            return None
        key, text = carrier
        return pool.run_chunked(key, text, from_carrier, task, items, args)

    def stream_in_workers(self, task: Callable[..., list], chunks: Iterable[Any], args: tuple = ()) -> Iterator[list]:
        """`task(copy_of_this_tokenizer, chunk, *args)` for each chunk, yielded in order as the
        worker processes finish them (a worker takes the next chunk as soon as it is free, a few
        chunks per worker at most in flight); in-process, on this tokenizer, when the work must
        stay here (as `map_in_workers`) or when there is only one chunk (starting the workers
        would cost more than it saves). `task` must be a module-level function."""
        chunks = iter(chunks)
        first = list(islice(chunks, 2))
        chunks = chain(first, chunks)
        carrier = self._pool_carrier() if pool.num_workers() > 1 and len(first) > 1 else None
        if carrier is None:
            return (task(self, chunk, *args) for chunk in chunks)
        key, text = carrier
        return pool.stream_chunks(key, text, from_carrier, task, chunks, args, local=self)

    def _pool_carrier(self) -> tuple[str, str | bytes] | None:
        """(key, carrier) that rebuilds this tokenizer in a worker (`from_carrier`); None if
        it has custom Python components. Serialized again only after a change: the methods that
        change the tokenizer bump `_version`, and `_components_mark` sees components edited in place."""
        mark = self._carrier_mark()
        cached = self._carrier
        if cached is not None and cached[0] == mark:
            return cached[1]
        source = vars(self).get("_source")  # (absent from tokenizers pickled by an older subword)
        if source is not None and source.model_mark != self._model_mark():
            source = None
        if source is not None and source.mark == mark:
            value: str | bytes = text_carrier(source.text, self.encode_special_tokens)
        else:
            try:
                value = carrier_of(self, source)
            except SubwordError:  # a custom Python component: it stays in this process
                self._carrier = (mark, None)
                return None
        carrier = (pool.carrier_key(value), value)
        self._carrier = (mark, carrier)
        return carrier

    def _carrier_mark(self) -> tuple:
        return (self._version, self._components_mark(), self.encode_special_tokens)

    def _loaded_from(self, text: str) -> Tokenizer:
        """Keep the tokenizer.json text this tokenizer was just read from for its pool carrier:
        while nothing changes, its first pooled batch sends that text instead of writing the
        tokenizer out again (GPT-2's to_str() takes 50-80 ms, as long as the batch itself);
        after changes that leave the model alone (transformers' loaders set the post-processor
        and special tokens), the carrier takes the model from that text and writes only the rest
        (writing Mistral's merges takes 30 ms)."""
        self._source = _Source(text, self._carrier_mark(), self._model_mark())
        return self

    def take_model_source(self, other: Tokenizer) -> None:
        """For the worker pool: when this tokenizer has `other`'s model, or one built from the
        same vocabulary with other settings (as transformers' loaders rebuild it), send workers
        the tokenizer.json text `other` was read from for its model, not the model written out."""
        source = vars(other).get("_source")
        if source is None or source.model_mark != other._model_mark():
            return
        settings = None
        if self._model is not other._model:
            settings = self._model.settings_over(other._model)
            if settings is None:
                return
        self._source = _Source(source.text, None, self._model_mark(), settings)

    def _components_mark(self) -> str | None:
        """A cheap summary of the components' settings: all but the model's vocabulary."""
        try:
            light = [c.to_json() if c is not None else None for c in (self._normalizer, self._pre_tokenizer, self._post_processor, self._decoder)]
        except SubwordError:
            return None
        return repr((light, self._model_mark()))

    def _model_mark(self) -> list:
        """The model's settings: its scalar attributes but those encoding changes (its
        vocabulary changes only with a new model)."""
        model = self._model
        state = vars(model) if hasattr(model, "__dict__") else {}
        runtime = getattr(model, "_RUNTIME_STATE", ())
        kind = type(model)
        return sorted(
            (name, value)
            for name, value in state.items()
            if isinstance(value, (str, int, float, type(None)))
            and name not in runtime
            and not isinstance(getattr(kind, name, None), cached_property)  # worked out on first use
        )

    def _split_sequence(self, sequence: InputSequence, is_pretokenized: bool, offsets: bool) -> PreTokenizedString | list[PreTokenizedString]:
        """`_split_added` of a text, or of each word of a pre-tokenized sequence."""
        if is_pretokenized:
            return [self._split_added(word, offsets) for word in sequence]
        return self._split_added(sequence, offsets)  # type: ignore[arg-type]

    def _encode_splits(
        self, split: PreTokenizedString | list[PreTokenizedString], type_id: int, is_pretokenized: bool, offsets: bool
    ) -> Encoding:
        """The Encoding of a `_split_sequence`: a pre-tokenized sequence's words merged, each
        word its own word id."""
        if not is_pretokenized:
            return self._encode_split(split, type_id, None, offsets)  # type: ignore[arg-type]
        words = [self._encode_split(word, type_id, index, offsets) for index, word in enumerate(split)]  # type: ignore[arg-type]
        return Encoding.merge(words, growing_offsets=False)

    def _split_added(self, text: str, offsets: bool = True) -> PreTokenizedString:
        """Added tokens split out of `text`, the text between them normalized; without
        `offsets`, on PlainStrings (no alignments), unless a custom Python normalizer may want them."""
        normalizer = self._normalizer
        if normalizer is None:
            return self._added_vocabulary.extract_and_normalize(text, None, offsets)
        return self._added_vocabulary.extract_and_normalize(text, normalizer.normalize, offsets or normalizer.is_custom)

    def _encode_split(self, pretokenized: PreTokenizedString, type_id: int, word_index: int | None, offsets: bool) -> Encoding:
        """One text, split by `_split_added`, through the model; without `offsets`, only the ids
        (the fast path).

        Both paths share the added-token split and the normalizer. The full path runs the
        pre-tokenizer on the NormalizedStrings (alignments kept); the ids path asks it for the
        words of each normalized piece (`split_str`, pinned to `pre_tokenize` by tests).
        """
        pre_tokenizer = self._pre_tokenizer
        if offsets:
            if pre_tokenizer is None or pre_tokenizer.has_word_spans:
                columns = self._word_columns.columns(pretokenized, pre_tokenizer, self._model, word_index)
                if columns is not None:
                    return Encoding.from_columns(*columns, type_id)
            if pre_tokenizer is not None:
                pre_tokenizer.pre_tokenize(pretokenized)
            pretokenized.tokenize_rows(self._model.tokenize_plain)
            return Encoding.from_columns(*pretokenized.token_columns(word_index), type_id)
        split_str = pre_tokenizer.split_str if pre_tokenizer is not None else None
        ids = pretokenized.ids(self._model.extend_ids, split_str)
        # The Rust fast path gives type id 0 here whatever the sequence; post-processing sets the
        # real ones, except in nested overflows, where Rust leaves the 0s: keep them for parity.
        return Encoding(ids=ids)

    def explain(self, sequence: str, add_special_tokens: bool = True) -> Explanation:
        """What each stage made of `sequence`: the added tokens cut out, the normalized pieces
        (with where each char comes from), the pre-tokens, the model's tokens and the final
        Encoding; `print(tokenizer.explain(text))` shows them as a report."""
        sequence = expect_str(sequence, "sequence")
        normalizer, pre_tokenizer = self._normalizer, self._pre_tokenizer
        return explain(
            sequence,
            self._added_vocabulary,
            normalizer.normalize if normalizer is not None else None,
            pre_tokenizer.pre_tokenize if pre_tokenizer is not None else None,
            self._model.tokenize_plain,
            self.encode(sequence, add_special_tokens=add_special_tokens),
        )

    def words(self, sequence: str) -> list[str]:
        """The words the model gets for `sequence`, as the ids path cuts them (an added token's
        text is one word): what training counts.

        >>> from subword.models import WordLevel
        >>> from subword.pre_tokenizers import Whitespace
        >>> tokenizer = Tokenizer(WordLevel({"[UNK]": 0}, unk_token="[UNK]"))
        >>> tokenizer.pre_tokenizer = Whitespace()
        >>> tokenizer.words("Hi there!")
        ['Hi', 'there', '!']
        """
        split_str = self._pre_tokenizer.split_str if self._pre_tokenizer is not None else None
        return self._split_added(sequence, offsets=False).words(split_str)

    def post_process(
        self,
        encoding: Encoding,
        pair: Encoding | None = None,
        add_special_tokens: bool = True,
        *,
        padding: PaddingParams | None | _Own = OWN,
        truncation: TruncationParams | None | _Own = OWN,
    ) -> Encoding:
        """Truncate, add special tokens and merge a pair, then pad: the end of the pipeline.

        `padding` and `truncation` are this call's settings (None: off), by default the
        tokenizer's own.
        """
        check_flag(add_special_tokens, "add_special_tokens")
        for name, value in (("encoding", encoding), ("pair", pair)):
            if not isinstance(value, Encoding) and (name == "encoding" or value is not None):
                raise ArgumentTypeError(f"post_process: {name} must be an Encoding, got {type_name(value)}")
        padding, truncation = self._call_settings(padding, truncation)
        return self._post_process(encoding, pair, add_special_tokens, padding, truncation)

    def _post_process(
        self,
        encoding: Encoding,
        pair: Encoding | None,
        add_special_tokens: bool,
        padding: PaddingParams | None,
        truncation: TruncationParams | None,
    ) -> Encoding:
        post_processor = self._post_processor
        if truncation is not None:
            added = post_processor.added_tokens(pair is not None) if post_processor is not None else 0
            if add_special_tokens and added > 0:
                truncation = truncation.without_special_tokens(added)
            encoding, pair = truncate_encodings(encoding, pair, truncation)
        if post_processor is not None:
            owned = [encoding] if pair is None else [encoding, pair]
            final = post_processor.process_owned(owned, add_special_tokens)
        elif pair is None:
            final = encoding
        else:
            encoding.set_sequence_id(0)
            pair.set_sequence_id(1)
            final = Encoding.merge([encoding, pair], growing_offsets=False)
        if padding is not None:
            pad_encodings([final], padding)
        return final

    # -- decoding -----------------------------------------------------------------------------

    def decode(self, ids: Iterable[int], skip_special_tokens: bool = True) -> str:
        """The text of these ids, through the decoder (tokens joined by spaces without one).

        Each id is looked up (added tokens first); ids without a token are dropped, and so are
        special tokens when `skip_special_tokens`. Per-id tables built on the first decode make
        this a filter and a few joins (`tokenizer/decoding.py`); `_decode_per_id` is the rule
        they are tested against.
        """
        if skip_special_tokens is not True and skip_special_tokens is not False:
            skip_special_tokens = check_flag(skip_special_tokens, "skip_special_tokens")
        id_decoder = self.id_decoder(skip_special_tokens)
        text = None
        if id_decoder is not None and type(ids) is list and id_decoder.looks_up_every_id(ids):
            try:  # the look-ups check the ids, without a pass of their own
                text = id_decoder.decode(ids)
            except TypeError:
                pass  # an id that is not an int: named by the check below
        if text is None:
            ids = int_list(ids)
            text = id_decoder.decode(ids) if id_decoder is not None else None
        return text if text is not None else self._decode_per_id(ids, skip_special_tokens)

    def id_decoder(self, skip_special_tokens: bool = True) -> IdDecoder | None:
        """What `decode` runs: an `IdDecoder` whose `decode(ids)` is `self.decode(ids,
        skip_special_tokens)` for the ids in its tables (None for others), or None when this
        tokenizer decodes id by id. The same object until the tokenizer changes, so a
        `DecodeStream` can keep what it learnt from it."""
        cached = self._decoding
        # One identity test while nothing changed (this runs at every decode and stream step).
        tables = cached[3] if cached is not None and cached[0] is edits.stamp else self._decode_tables()
        if tables is None:
            return None
        id_decoder = tables.id_decoders[skip_special_tokens]
        return id_decoder if id_decoder is not None else tables.id_decoder(skip_special_tokens)

    def _decode_per_id(self, ids: list[int], skip_special_tokens: bool) -> str:
        """`decode`, one id after the other: the rule the tables follow."""
        tokens = []
        for id_ in ids:
            token = self.id_to_token(id_)
            if token is None:
                continue
            if skip_special_tokens and self._added_vocabulary.is_special_token(token):
                continue
            tokens.append(token)
        if self._decoder is not None:
            return self._decoder.decode(tokens)
        return " ".join(tokens)

    def _decode_tables(self) -> DecodeTables | None:
        """The per-id decode tables once the edit stamp (`core.edits`), which every change of a
        tokenizer, an added vocabulary or a decoder replaces, has moved since they were checked
        (`id_decoder` tests it): kept, under the new stamp, if this tokenizer's own mark and
        decoder state are the same, else built again. The methods that change the tokenizer
        bump `_version`, added tokens given to the added vocabulary directly change its sizes,
        and a decoder changed in place has another state.
        """
        stamp = edits.stamp  # (read before the checks: a change during them moves it again)
        cached = self._decoding
        added = self._added_vocabulary
        mark = (self._version, len(added.tokens_by_id), len(added.special_tokens))
        state = decoder_state(self._decoder)
        if cached is not None and cached[1] == mark and cached[2] == state:  # something else changed
            self._decoding = (stamp, mark, state, cached[3])
            return cached[3]
        tables = DecodeTables.build(self._model, added, self._decoder)
        self._decoding = (stamp, mark, state, tables)
        return tables

    def decode_batch(self, sequences: list[Iterable[int]], skip_special_tokens: bool = True) -> list[str]:
        """`decode` for each list of ids.

        In this process: the rows are looked up together and each costs a few joins, less than
        sending it to the worker processes and back would.
        """
        if not isinstance(sequences, (list, tuple)):
            raise ArgumentTypeError(f"decode_batch needs a list of id lists, got {type_name(sequences)}")
        skip_special_tokens = check_flag(skip_special_tokens, "skip_special_tokens")
        id_decoder = self.id_decoder(skip_special_tokens)  # once for the batch
        if id_decoder is not None and type(sequences) is list and set(map(type, sequences)) <= _LIST:
            try:  # lists: their ids are checked by the look-ups, without a pass of their own
                ids = list(chain.from_iterable(sequences))
                return self._decoded_rows(id_decoder, sequences, ids, skip_special_tokens)
            except TypeError:
                pass  # an id that is not an int: checked below, for the error that names it
        rows = list(map(int_list, sequences))
        if id_decoder is None:
            return [self._decode_per_id(row, skip_special_tokens) for row in rows]
        return self._decoded_rows(id_decoder, rows, None, skip_special_tokens)

    def _decoded_rows(
        self, id_decoder: IdDecoder, rows: list[list[int]], ids: list[int] | None, skip_special_tokens: bool
    ) -> list[str]:
        """`decode_batch` of rows through the IdDecoder (`ids`: all of them in a row, or None),
        the rows with ids outside its tables the per-id way."""
        texts = id_decoder.decode_batch(rows, ids)
        if None in texts:  # ids outside the tables
            for index, text in enumerate(texts):
                if text is None:
                    texts[index] = self._decode_per_id(int_list(rows[index]), skip_special_tokens)
        return texts  # type: ignore[return-value]

    async def async_decode_batch(self, sequences: list[Iterable[int]], skip_special_tokens: bool = True) -> list[str]:
        """`decode_batch`, awaitable."""
        return await asyncio.to_thread(self.decode_batch, sequences, skip_special_tokens)

    # -- training -----------------------------------------------------------------------------

    def train(self, files: list[str], trainer: Any = None) -> None:
        """Train the model on text files (read line by line), through this tokenizer's
        normalizer and pre-tokenizer; the trainer defaults to the model's own."""
        train_tokenizer_from_files(self, files, trainer)

    def train_from_iterator(self, iterator: Iterable[Any], trainer: Any = None, length: int | None = None) -> None:
        """Train the model on an iterator of str (or of lists of str); `length` sizes the
        progress bar."""
        train_tokenizer(self, iterator, trainer, length)

    def train_from_counts(self, counts: WordCounts, trainer: Any = None, *, check_fingerprint: bool = True) -> None:
        """Train the model on word counts (`subword.count_words`, `WordCounts.load`): the same
        model `train_from_iterator` gives on the counted text, however it was sharded.

        The counts must come from this tokenizer's pipeline (normalizer, pre-tokenizer, added
        tokens): else a FingerprintMismatchError, unless `check_fingerprint=False`.

        >>> from subword import count_words
        >>> from subword.models import WordLevel
        >>> from subword.pre_tokenizers import Whitespace
        >>> from subword.trainers import WordLevelTrainer
        >>> tokenizer = Tokenizer(WordLevel(unk_token="[UNK]"))
        >>> tokenizer.pre_tokenizer = Whitespace()
        >>> shards = [count_words(tokenizer, ["a b a"]), count_words(tokenizer, ["b a c"])]
        >>> tokenizer.train_from_counts(sum(shards), WordLevelTrainer(special_tokens=["[UNK]"], show_progress=False))
        >>> tokenizer.get_vocab(with_added_tokens=False)
        {'[UNK]': 0, 'a': 1, 'b': 2, 'c': 3}
        """
        train_tokenizer_from_counts(self, counts, trainer, check_fingerprint=check_fingerprint)

    # -- serialization ------------------------------------------------------------------------

    def to_str(self, pretty: bool = False) -> str:
        """This tokenizer as a tokenizer.json string."""
        return tokenizer_to_str(self, check_flag(pretty, "pretty"))

    def save(self, path: Union[str, os.PathLike], pretty: bool = True) -> None:
        """Write tokenizer.json to `path`, atomically (a symlink's target is written)."""
        atomic_write_text(check_path(path, "path"), self.to_str(pretty))

    @classmethod
    def from_str(cls, json: str) -> Tokenizer:
        """Load from a tokenizer.json string."""
        return tokenizer_from_str(cls, json, source="tokenizer JSON string")._loaded_from(json)

    @classmethod
    def from_file(cls, path: Union[str, os.PathLike]) -> Tokenizer:
        """Load from a tokenizer.json file (a str or os.PathLike path; an int is refused, as in Rust)."""
        path = check_path(path, "path")
        try:
            with open(path, encoding="utf-8") as file:
                text = file.read()
        except UnicodeDecodeError as error:
            raise TokenizerFileError(f"{path}: not UTF-8 text ({error})") from error
        return tokenizer_from_str(cls, text, source=str(path))._loaded_from(text)

    @classmethod
    def from_buffer(cls, buffer: bytes) -> Tokenizer:
        """Load from the bytes of a tokenizer.json file."""
        if not isinstance(buffer, (bytes, bytearray, memoryview)):
            raise ArgumentTypeError(f"from_buffer needs bytes, got {type_name(buffer)}")
        try:
            text = bytes(buffer).decode("utf-8")
        except UnicodeDecodeError as error:
            raise TokenizerFileError(f"tokenizer JSON buffer: not UTF-8 text ({error})") from None
        return tokenizer_from_str(cls, text, source="tokenizer JSON buffer")._loaded_from(text)

    @classmethod
    def from_pretrained(cls, identifier: str, revision: str = "main", token: str | None = None) -> Tokenizer:
        """Load the tokenizer.json of a Hugging Face Hub repo, from the cache or downloaded.

        Args:
            identifier: a repo id (`"bert-base-uncased"`, `"org/name"`); or, subword's
                addition, a local tokenizer.json or a folder holding one.
            revision: a branch, tag or commit hash.
            token: for a private repo.

        The file is found in the Hugging Face cache (`HF_HUB_CACHE`, else `HF_HOME/hub`, else
        `~/.cache/huggingface/hub`) without any third-party package; one not cached is
        downloaded with huggingface_hub (`pip install "subword[hub]"`) unless `HF_HUB_OFFLINE=1`.
        A repo or file found neither way is a HubFileNotFoundError (a FileNotFoundError, as the
        Rust package lets huggingface_hub's LocalEntryNotFoundError through).
        """
        path = check_path(identifier, "identifier")
        expect_str(revision, "revision")
        if token is not None:
            expect_str(token, "token")
        if os.path.exists(path):
            if os.path.isdir(path):
                path = os.path.join(path, "tokenizer.json")
            if not os.path.isfile(path):
                raise ArgumentValueError(f"{identifier!r} is a folder without a tokenizer.json")
            return cls.from_file(path)
        return cls.from_file(HubRepo(path, revision=revision, token=token).file("tokenizer.json"))

    @classmethod
    def from_tiktoken(
        cls, path: Union[str, os.PathLike], pattern: str, special_tokens: dict[str, int] | None = None
    ) -> Tokenizer:
        """A byte-level BPE tokenizer from a `.tiktoken` ranks file, equal to `tiktoken.Encoding`.

        Args:
            path: the ranks file (base64 token, space, rank on each line).
            pattern: the regex that splits text into pieces (tiktoken's `pat_str`).
            special_tokens: special token text -> id, as tiktoken's `special_tokens`.

        As with tiktoken's `encode_ordinary`, special token text in the input is encoded as
        ordinary text; set `tokenizer.encode_special_tokens = False` to turn it into the
        special ids, as tiktoken's `allowed_special="all"` does. Pickles and copies keep that
        setting; tokenizer.json has no field for it (as in the Rust package), so a tokenizer
        saved and loaded again has the default, False: set it again after `from_file`.
        For tiktoken's per-call `allowed_special`/`disallowed_special`, use `subword.tiktoken`.
        """
        return read_tiktoken(cls, check_path(path, "path"), pattern, special_tokens)

    @classmethod
    def from_sentencepiece(cls, model_file: Union[str, os.PathLike]) -> Tokenizer:
        """The model of a SentencePiece `.model` file as a Tokenizer whose ids equal
        `sentencepiece.SentencePieceProcessor.encode` (no BOS/EOS are added).

        Control pieces are special tokens whose text in the input is encoded as plain text, as
        sentencepiece does (`encode_special_tokens` is True).
        """
        return read_sentencepiece(cls, check_path(model_file, "model_file"))

    def save_sentencepiece(self, path: Union[str, os.PathLike]) -> None:
        """Write a sentencepiece `.model` whose `SentencePieceProcessor.encode` gives this
        tokenizer's ids (`encode(text, add_special_tokens=False)`), atomically.

        A Unigram or sentencepiece-style BPE with sentencepiece's normalizer steps; anything
        sentencepiece cannot express is an ArgumentValueError naming it (see
        `subword.formats.sentencepiece_write`).
        """
        write_sentencepiece(self, check_path(path, "path"))

    def save_tiktoken(self, path: Union[str, os.PathLike]) -> None:
        """Write the ranks of this byte-level BPE as a `.tiktoken` file (the ids are the ranks;
        special tokens are left out), atomically; an ArgumentValueError when tiktoken's ranks
        cannot express its merges."""
        write_tiktoken(self, check_path(path, "path"))

    def __repr__(self) -> str:
        return self._format(short=False)

    def __str__(self) -> str:
        return self._format(short=True)

    def _format(self, short: bool) -> str:
        """The Rust package's `repr`/`str`: the tokenizer.json form, with Python-like syntax."""
        try:
            return rust_format(tokenizer_to_json(self), short=short, name="Tokenizer")
        except SubwordError:  # a custom component has no tokenizer.json form
            return f"Tokenizer(model={self._model!r})"


def _check_flags(is_pretokenized: Any, add_special_tokens: Any) -> None:
    """Refuse a flag that is not a bool (`add_special_tokens=None`), as the Rust package does."""
    check_flag(is_pretokenized, "is_pretokenized")
    check_flag(add_special_tokens, "add_special_tokens")


def _checked_items(inputs: Any, is_pretokenized: bool) -> list[tuple[InputSequence, InputSequence | None]]:
    """The (sequence, pair or None) of every `encode_batch` item, each checked, or raise."""
    inputs = from_numpy(inputs)
    if not isinstance(inputs, (list, tuple)):
        raise ArgumentTypeError(f"encode_batch input must be a list, got {type_name(inputs)}")
    if not is_pretokenized and are_valid_texts(inputs):
        return [(text, None) for text in inputs]
    items = []
    for index, item in enumerate(inputs):
        sequence, pair = split_batch_item(item, is_pretokenized, index)
        check_sequence(sequence, is_pretokenized, f"batch item {index}")
        if pair is not None:
            check_sequence(pair, is_pretokenized, f"batch item {index} pair")
        items.append((sequence, pair))
    return items


def _item_chars(items: list[tuple[InputSequence, InputSequence | None]], is_pretokenized: bool) -> int:
    """The characters in a batch's items: `[("ab", "c")] -> 3`."""
    if not is_pretokenized:
        return sum(len(sequence) + (len(pair) if pair is not None else 0) for sequence, pair in items)  # type: ignore[arg-type]
    return sum(sum(map(len, sequence)) + (sum(map(len, pair)) if pair is not None else 0) for sequence, pair in items)


_LIST = {list}




def _check_component(component: Any, base: type, name: str) -> Any:
    if component is not None and not isinstance(component, base):
        raise ArgumentTypeError(f"{name} must be a subword {base.__name__} or None, got {type_name(component)}")
    return component


class _Source:
    """The tokenizer.json text a tokenizer's model was read from (`Tokenizer._loaded_from`):
    the tokenizer's mark then (None if the text holds only the model), the model's mark, and the
    model settings that replace the text's (None: the text's own)."""

    __slots__ = ("text", "mark", "model_mark", "model_settings")

    def __init__(self, text: str, mark: tuple | None, model_mark: list, model_settings: dict | None = None) -> None:
        self.text = text
        self.mark = mark
        self.model_mark = model_mark
        self.model_settings = model_settings


def carrier_of(tokenizer: Tokenizer, model_source: _Source | None = None) -> bytes:
    """`tokenizer` as bytes that another process rebuilds it from (`from_carrier`): its
    `encode_special_tokens` and its tokenizer.json document, pickled. (Writing the JSON text
    takes two to three times as long, and reading it back twice as long.) With `model_source`,
    the text this tokenizer's model was read from, the document leaves the model out and the
    carrier holds that text and the settings to apply instead. Raises SubwordError for custom
    Python components, which have no JSON form."""
    document = tokenizer_to_json(tokenizer, with_model=model_source is None)
    model = None if model_source is None else (model_source.text, model_source.model_settings)
    return pickle.dumps((tokenizer.encode_special_tokens, document, model), protocol=5)


def text_carrier(text: str, encode_special_tokens: bool) -> str:
    """The carrier of a tokenizer loaded from the tokenizer.json `text` and unchanged since:
    its `encode_special_tokens` ("0" or "1"), a newline, then the text."""
    return ("1" if encode_special_tokens else "0") + "\n" + text


def from_carrier(carrier: str | bytes) -> Tokenizer:
    """The Tokenizer of a `carrier_of` or `text_carrier` value (a worker's copy)."""
    if isinstance(carrier, bytes):
        flag, document, model = pickle.loads(carrier)
        if model is not None:
            text, settings = model
            document["model"] = {**model_entry(text), **(settings or {})}
        tokenizer = tokenizer_from_json(Tokenizer, document)
        tokenizer.encode_special_tokens = flag
        return tokenizer
    flag_text, _, text = carrier.partition("\n")
    tokenizer = Tokenizer.from_str(text)
    tokenizer.encode_special_tokens = flag_text == "1"
    return tokenizer


def _encode_packed(tokenizer: Tokenizer, items: list, *args: Any) -> EncodingColumns:
    """`Tokenizer._encode_items`' task for one chunk of items: its Encodings, packed (unpacked
    as views by iterating it, as each chunk arrives)."""
    return EncodingColumns(tokenizer._encode_each(items, *args))


def _encode_and_convert(tokenizer: Tokenizer, items: list, args: tuple, convert: Callable[..., list], convert_args: tuple) -> list:
    """`Tokenizer.encode_items_into`'s task for one chunk of items."""
    return convert(tokenizer._encode_each(items, *args), *convert_args)
