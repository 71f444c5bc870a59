"""`PreTrainedTokenizer`: transformers' tokenizer front end around a subword `Tokenizer`.

`tokenizer(texts, padding=True, truncation=True, max_length=..., return_tensors="np")` gives the
same `BatchEncoding` as transformers' fast tokenizers. The call's shorthand becomes a
`PaddingParams` / `TruncationParams` value in `_params.resolve_settings` only, and that value is
passed down to the core tokenizer with the inputs: a call never changes the shared core
`Tokenizer`'s padding or truncation, so one `PreTrainedTokenizer` serves many threads at once.
A call's `split_special_tokens` picks a twin of the backend with that `encode_special_tokens`
flag (`Tokenizer.with_encode_special_tokens`), where transformers sets the shared backend's flag.
"""

from __future__ import annotations

import copy
import logging
import os
import re
from operator import itemgetter
from typing import Any, Iterable, Union

from ..core.added_vocabulary import AddedToken
from ..core.encoding import Encoding
from ..errors import ArgumentTypeError, ArgumentValueError, type_name
from ..core.padding import PaddingParams, padded_arrays
from ..core.truncation import TruncationParams
from ..text.replace_each import replace_each, replace_in
from ..tokenizer.tokenizer import Tokenizer
from ._builders import PLAIN_NAMES
from . import _chat
from ._chat_files import ChatTemplate, check_chat_template
from ._hub import from_pretrained
from ._saving import save_pretrained
from ._inputs import as_batch, as_subword_token, special_token, to_python
from ._pad import pad as pad_inputs
from ._params import VERY_LARGE_INTEGER, PaddingArg, TokenizerDefaults, TruncationArg, resolve_settings
from ._sequences import SpecialSequences
from ._special_tokens import SPECIAL_TOKENS_ATTRIBUTES, SpecialTokenAttributes
from ._training import train_new_from_iterator
from .batch_encoding import BatchEncoding, TensorType

logger = logging.getLogger("subword.transformers")
_TOO_LONG = "sequence-length-is-longer-than-the-specified-maximum"

TextInput = Union[str, list[str], list[list[str]]]


# Each model input's column of an Encoding: its values (`_COLUMN_OF`), and for the integer ones
# the name of the column (`_ENCODING_COLUMN`, as `core.padding.padded_arrays` takes it).
_COLUMN_OF: dict[str, Any] = {
    "input_ids": lambda e: e.ids,
    "token_type_ids": lambda e: e.type_ids,
    "attention_mask": lambda e: e.attention_mask,
    "special_tokens_mask": lambda e: e.special_tokens_mask,
    "offset_mapping": lambda e: e.offsets,
    "length": len,
}
_ENCODING_COLUMN = {"input_ids": "ids", "token_type_ids": "type_ids", "attention_mask": "attention_mask", "special_tokens_mask": "special_tokens_mask"}

class PreTrainedTokenizer(SpecialSequences, SpecialTokenAttributes):
    """A tokenizer with transformers' API: call it on texts to get model inputs.

    Usually made by `AutoTokenizer.from_pretrained(path)`; built directly, it wraps any subword
    `Tokenizer` (its own padding and truncation settings are cleared: each call passes its own).

    Every method but the ones that add tokens or set attributes (`add_tokens`,
    `add_special_tokens`, `pad_token = ...`, `padding_side = ...`, `add_eos_token = ...`) is safe
    to call from many threads on one tokenizer: a call's padding and truncation travel with the
    call, and so does `split_special_tokens`.

    >>> from subword.transformers import AutoTokenizer, default_tokenizer_path
    >>> tokenizer = AutoTokenizer.from_pretrained(default_tokenizer_path(), pad_token="[PAD]")
    >>> batch = tokenizer(["a short text", "a longer text here"], padding=True, return_tensors="np")
    >>> batch["input_ids"].shape[0], batch["attention_mask"].dtype.name
    (2, 'int64')
    """

    # Whisper: decoded text loses the matches of this pattern (timestamp tokens), and decoding one
    # sequence with skip_special_tokens drops a prompt: from the first token of the pair, when the
    # sequence starts with it, up to the second
    decode_drop_pattern: str | None = None
    decode_prompt_tokens: tuple[str, str] | None = None
    # the model classes by name (`tokenizer_classes`): AutoTokenizer gives a folder's class
    _model_classes: dict[str, type[PreTrainedTokenizer]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        PreTrainedTokenizer._model_classes.setdefault(cls.__name__, cls)

    @classmethod
    def _class_to_load(cls, tokenizer_class: str | None) -> type[PreTrainedTokenizer]:
        """The class `from_pretrained` makes: for the generic class, the model class the folder
        names (`MBartTokenizer` has `src_lang`), as transformers' AutoTokenizer; else `cls`."""
        if cls is not PreTrainedTokenizer or not tokenizer_class:
            return cls
        return PreTrainedTokenizer._model_classes.get(tokenizer_class, cls)

    def __init__(
        self,
        tokenizer: Tokenizer | None = None,
        *,
        tokenizer_file: Union[str, os.PathLike, None] = None,
        tokenizer_object: Tokenizer | None = None,
        special_tokens: dict[str, str | None] | None = None,
        extra_special_tokens: list[str] | tuple[str, ...] = (),
        model_max_length: int = VERY_LARGE_INTEGER,
        padding_side: str | None = None,
        truncation_side: str | None = None,
        model_input_names: list[str] | tuple[str, ...] = PLAIN_NAMES,
        clean_up_tokenization_spaces: bool = False,
        tokenizer_class: str = "TokenizersBackend",
        init_options: dict[str, Any] | None = None,
        name_or_path: str = "",
        chat_template: ChatTemplate | list[dict[str, str]] | None = None,
        decode_suffix: str | None = None,
        split_special_tokens: bool = False,
        add_bos_token: bool | None = None,
        add_eos_token: bool | None = None,
        verbose: bool = False,
        init_kwargs: dict[str, Any] | None = None,
    ) -> None:
        from_file = tokenizer is None and (tokenizer_object is not None or tokenizer_file is not None)
        if tokenizer is None and tokenizer_object is not None:
            tokenizer = copy.deepcopy(tokenizer_object)  # as transformers: the caller's object stays as it is
        if tokenizer is None and tokenizer_file is not None:
            tokenizer = Tokenizer.from_file(os.fspath(tokenizer_file))
        if not isinstance(tokenizer, Tokenizer):
            raise ArgumentTypeError(f"PreTrainedTokenizer wraps a subword Tokenizer, got {type_name(tokenizer)}")
        if from_file:  # as transformers: the file's own padding and truncation fill the gaps
            padding, truncation = tokenizer.padding or {}, tokenizer.truncation or {}
            if padding.get("pad_token") is not None and (special_tokens or {}).get("pad_token") is None:
                special_tokens = {**(special_tokens or {}), "pad_token": padding["pad_token"]}
            padding_side = padding_side or padding.get("direction")
            truncation_side = truncation_side or truncation.get("direction")
        padding_side, truncation_side = padding_side or "right", truncation_side or "right"
        unknown = set(special_tokens or {}) - set(SPECIAL_TOKENS_ATTRIBUTES)
        if unknown:
            raise ArgumentValueError(f"unknown special token names {sorted(unknown)}; known: {SPECIAL_TOKENS_ATTRIBUTES}")
        for name, side in (("padding_side", padding_side), ("truncation_side", truncation_side)):
            if side not in ("left", "right"):
                raise ArgumentValueError(f"{name} must be 'left' or 'right', got {side!r}")
        tokenizer.no_padding()
        tokenizer.no_truncation()
        tokenizer.encode_special_tokens = False
        self._tokenizer = tokenizer
        self._special_tokens = {name: (special_tokens or {}).get(name) for name in SPECIAL_TOKENS_ATTRIBUTES}
        self._extra_special_tokens = list(extra_special_tokens)
        self.model_max_length = model_max_length
        self.padding_side = padding_side
        self.truncation_side = truncation_side
        self.model_input_names = list(model_input_names)
        self.clean_up_tokenization_spaces = clean_up_tokenization_spaces
        self.pad_token_type_id = 0
        self.tokenizer_class = tokenizer_class
        self.init_options = dict(init_options or {})
        self.name_or_path = name_or_path
        # a str, or a dict of named templates ("default", "tool_use", ...); set it at will
        self.chat_template: ChatTemplate | None = check_chat_template(chat_template)
        # CLIP: decoded text has this end-of-word suffix turned into spaces, then is stripped
        self.decode_suffix = decode_suffix
        self.split_special_tokens = bool(split_special_tokens)
        self.verbose = verbose
        self.deprecation_warnings: dict[str, bool] = {}
        # the keyword arguments of the tokenizer as transformers keeps them (from_pretrained: the
        # config as read, then the call's keyword arguments); save_pretrained writes them back
        self.init_kwargs: dict[str, Any] = dict(init_kwargs if init_kwargs is not None else self.init_options)
        self._add_bos_token = bool(add_bos_token)
        self._add_eos_token = bool(add_eos_token)
        if add_bos_token is not None or add_eos_token is not None:
            self.update_post_processor()

    @classmethod
    def from_pretrained(
        cls,
        pretrained_model_name_or_path: Union[str, os.PathLike],
        *,
        cache_dir: Union[str, os.PathLike, None] = None,
        revision: str | None = None,
        subfolder: str = "",
        local_files_only: bool = False,
        token: Union[str, bool, None] = None,
        **kwargs: Any,
    ) -> PreTrainedTokenizer:
        """Load a local tokenizer folder or file, or a Hub repo; see `AutoTokenizer.from_pretrained`."""
        return from_pretrained(
            cls, pretrained_model_name_or_path, cache_dir=cache_dir, revision=revision, subfolder=subfolder,
            local_files_only=local_files_only, token=token, **kwargs,
        )

    # -- the call -------------------------------------------------------------------------------

    def __call__(
        self,
        text: TextInput | None = None,
        text_pair: TextInput | None = None,
        text_target: TextInput | None = None,
        text_pair_target: TextInput | None = None,
        add_special_tokens: bool = True,
        padding: PaddingArg = False,
        truncation: TruncationArg = None,
        max_length: int | None = None,
        stride: int = 0,
        is_split_into_words: bool = False,
        pad_to_multiple_of: int | None = None,
        padding_side: str | None = None,
        return_tensors: TensorType | None = None,
        return_token_type_ids: bool | None = None,
        return_attention_mask: bool | None = None,
        return_overflowing_tokens: bool = False,
        return_special_tokens_mask: bool = False,
        return_offsets_mapping: bool = False,
        return_length: bool = False,
        verbose: bool = True,
        tokenizer_kwargs: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> BatchEncoding:
        """Encode one text, a pair, or a batch of either into model inputs.

        Args:
            text: a str, a batch (list of str), or words (list of str) / a batch of word lists
                when `is_split_into_words`.
            text_pair: the second sequence(s), of the same shape as `text`.
            text_target, text_pair_target: target text(s); their `input_ids` become `labels`
                (alone, they are returned as `input_ids`).
            padding: True/"longest" (to the longest row), "max_length", False/"do_not_pad".
            truncation: True/"longest_first", "only_first", "only_second", False/"do_not_truncate".
            max_length: the length for truncation and "max_length" padding (default: the
                tokenizer's `model_max_length`); given alone, it turns truncation on.
            return_tensors: "np" for numpy int64 arrays, "pt" for torch tensors, None for lists.
            verbose: warn (once per tokenizer) when a text is longer than `model_max_length`.
            tokenizer_kwargs: more of these options as a dict (the explicit ones win).
            kwargs: `split_special_tokens` (encode special tokens' text as ordinary text; by
                default the tokenizer's attribute); other keywords are ignored, as transformers
                ignores them.
        """
        if text is None and text_target is None:
            raise ArgumentValueError("pass `text` or `text_target` (or both)")
        options: dict[str, Any] = dict(
            add_special_tokens=add_special_tokens,
            padding=padding,
            truncation=truncation,
            max_length=max_length,
            stride=stride,
            is_split_into_words=is_split_into_words,
            pad_to_multiple_of=pad_to_multiple_of,
            padding_side=padding_side,
            return_tensors=return_tensors,
            return_token_type_ids=return_token_type_ids,
            return_attention_mask=return_attention_mask,
            return_overflowing_tokens=return_overflowing_tokens,
            return_special_tokens_mask=return_special_tokens_mask,
            return_offsets_mapping=return_offsets_mapping,
            return_length=return_length,
            verbose=verbose,
            split_special_tokens=kwargs.pop("split_special_tokens", self.split_special_tokens),
        )
        if tokenizer_kwargs:  # as transformers' code does (its comment says otherwise): they win
            options.update({key: value for key, value in tokenizer_kwargs.items() if key in options})
        max_target_length = kwargs.pop("max_target_length", None)
        # `encode` and `tokenize` keep a template a class switched to, as transformers' do
        backend = self._input_backend() if kwargs.pop("_switch_to_input", True) else self._tokenizer
        backend = kwargs.pop("_backend", None) or backend  # a class's per-call pipeline (Code Llama's infilling)
        inputs = None if text is None else self._encode_call(text, text_pair, backend=backend, **options)
        if text_target is None:
            return inputs  # type: ignore[return-value]
        if max_target_length is not None:
            options["max_length"] = max_target_length
        targets = self._encode_call(text_target, text_pair_target, backend=self._target_backend(), **options)
        if inputs is None:
            return targets
        inputs["labels"] = targets["input_ids"]
        return inputs

    def _input_backend(self) -> Tokenizer:
        """The core tokenizer that encodes `text`: a class with source and target templates
        (mBART's languages) gives the source one."""
        return self._tokenizer

    def _target_backend(self) -> Tokenizer:
        """The core tokenizer that encodes `text_target` (its `input_ids` become `labels`)."""
        return self._tokenizer

    def _defaults(self) -> TokenizerDefaults:
        return TokenizerDefaults(
            model_max_length=self.model_max_length,
            padding_side=self.padding_side,
            truncation_side=self.truncation_side,
            pad_token=self.pad_token,
            pad_token_id=self.pad_token_id,
            pad_token_type_id=self.pad_token_type_id,
        )

    def _split_backend(self, backend: Tokenizer, split_special_tokens: bool) -> Tokenizer:
        """The backend a call runs on: under `split_special_tokens`, a twin that encodes the
        special tokens' text as text (the shared backend is left as it is)."""
        return backend.with_encode_special_tokens(split_special_tokens)

    def _encode_call(
        self,
        text: Any,
        pair: Any,
        *,
        backend: Tokenizer,
        add_special_tokens: bool,
        padding: PaddingArg,
        truncation: TruncationArg,
        max_length: int | None,
        stride: int,
        is_split_into_words: bool,
        pad_to_multiple_of: int | None,
        padding_side: str | None,
        return_tensors: TensorType | None,
        return_overflowing_tokens: bool,
        verbose: bool,
        split_special_tokens: bool,
        **returns: Any,
    ) -> BatchEncoding:
        items, is_batched = as_batch(text, pair, is_split_into_words)
        is_pair = any(item_pair is not None for _, item_pair in items)
        settings = resolve_settings(
            self._defaults(),
            padding=padding,
            truncation=truncation,
            max_length=max_length,
            stride=stride,
            pad_to_multiple_of=pad_to_multiple_of,
            padding_side=padding_side,
            special_tokens_added=backend.num_special_tokens_to_add(is_pair) if add_special_tokens else 0,
            verbose=verbose,
        )
        # the call's split_special_tokens picks a twin of the backend with that flag: transformers
        # sets the shared backend's flag instead, which a concurrent call would see
        tokenizer = self._split_backend(backend, bool(split_special_tokens))

        def encode_rows(offsets: bool) -> tuple[list[Encoding], list[int]]:
            # as_batch checked the items as the core would: hand them over unchecked
            encodings = tokenizer.encode_items(
                items,
                is_split_into_words,
                add_special_tokens,
                offsets=offsets,
                padding=settings.padding,
                truncation=settings.truncation,
            )
            return _rows(encodings, return_overflowing_tokens)

        # The ids path unless offsets are asked for; tokens, offsets and word ids are made only
        # if a later method (word_ids(), char_to_token(), tokens(), .encodings) needs them.
        # Overflowing windows take the full path: the ids path keeps the Rust fast path's type
        # ids of 0 in nested overflows (see Tokenizer._encode_split), transformers does not.
        with_offsets = bool(returns["return_offsets_mapping"]) or return_overflowing_tokens
        data = None
        if not with_offsets and (settings.padding is None or return_tensors is not None):
            data = self._ids_path_inputs(
                tokenizer, items, is_split_into_words, add_special_tokens, settings.padding, settings.truncation, **returns
            )
            if data is None:  # a row longer than a fixed padded length makes no array: padded Encodings then
                rows, sample_of_row = encode_rows(False)
        else:
            rows, sample_of_row = encode_rows(with_offsets)
        if data is None:
            data = self._model_inputs(rows, **returns)
        if return_overflowing_tokens:
            data["overflow_to_sample_mapping"] = sample_of_row
        if max_length is None and settings.truncation is None and (settings.padding is None or settings.padding.length is None):
            self._warn_if_too_long(data["input_ids"], verbose)
        if not is_batched and return_tensors is None and not return_overflowing_tokens:
            # as transformers: a column of one value per row ("length") keeps its list
            data = {key: value[0] if value and isinstance(value[0], list) else value for key, value in data.items()}
        encodings = rows if with_offsets else (lambda: encode_rows(True)[0])
        return BatchEncoding(data, encodings, tensor_type=return_tensors, n_sequences=2 if is_pair else 1)

    def _warn_if_too_long(self, rows: Any, verbose: bool) -> None:
        """transformers' warning, once per tokenizer, when a row is longer than `model_max_length`."""
        limit = self.model_max_length
        if not verbose or limit == 0 or self.deprecation_warnings.get(_TOO_LONG):
            return
        longest = max((len(row) for row in rows), default=0) if not hasattr(rows, "shape") else rows.shape[-1]
        if longest > limit:
            logger.warning(
                "Token indices sequence length is longer than the specified maximum sequence length "
                f"for this model ({longest} > {limit}). Running this sequence through the model "
                "will result in indexing errors"
            )
            self.deprecation_warnings[_TOO_LONG] = True

    def _wanted_inputs(
        self,
        *,
        return_token_type_ids: bool | None,
        return_attention_mask: bool | None,
        return_special_tokens_mask: bool,
        return_offsets_mapping: bool,
        return_length: bool,
    ) -> list[str]:
        """The names of the columns a call returns, in transformers' order."""
        if return_token_type_ids is None:
            return_token_type_ids = "token_type_ids" in self.model_input_names
        if return_attention_mask is None:
            return_attention_mask = "attention_mask" in self.model_input_names
        asked = {
            "input_ids": True,
            "token_type_ids": return_token_type_ids,
            "attention_mask": return_attention_mask,
            "special_tokens_mask": return_special_tokens_mask,
            "offset_mapping": return_offsets_mapping,
            "length": return_length,
        }
        return [name for name, wanted in asked.items() if wanted]

    def _model_inputs(self, rows: list[Encoding], **returns: Any) -> dict[str, list]:
        """The columns transformers returns, in its order, as lists."""
        names = self._wanted_inputs(**returns)
        return _input_columns(_input_rows(rows, names), names)

    def _ids_path_inputs(
        self,
        tokenizer: Tokenizer,
        items: list,
        is_split_into_words: bool,
        add_special_tokens: bool,
        padding: PaddingParams | None,
        truncation: TruncationParams | None,
        **returns: Any,
    ) -> dict[str, Any] | None:
        """`_model_inputs` of the items on the ids path, from rows of model inputs (the worker
        processes send back those, not Encodings): lists, or with `padding` numpy arrays filled
        straight from the rows, none of them padded; None when the rows cannot make one array."""
        names = self._wanted_inputs(**returns)
        inputs = tokenizer.encode_items_into(items, is_split_into_words, add_special_tokens, truncation, _input_rows, names)
        if padding is None:
            return _input_columns(inputs, names)
        integer = [name for name in names if name in _ENCODING_COLUMN]  # all but "length", which comes last
        arrays = padded_arrays(inputs, padding, [_ENCODING_COLUMN[name] for name in integer])
        if arrays is None:
            return None
        data: dict[str, Any] = {name: arrays[_ENCODING_COLUMN[name]] for name in integer}
        if "length" in names:
            import numpy as np

            data["length"] = np.full(len(inputs), arrays["ids"].shape[1], dtype=np.int64)
        return data

    def encode(
        self,
        text: TextInput,
        text_pair: TextInput | None = None,
        add_special_tokens: bool = True,
        padding: PaddingArg = False,
        truncation: TruncationArg = None,
        max_length: int | None = None,
        stride: int = 0,
        padding_side: str | None = None,
        return_tensors: TensorType | None = None,
        **kwargs: Any,
    ) -> Any:
        """The `input_ids` of one text (or pair): `tokenizer(text, ...)["input_ids"]`; `kwargs`
        as `__call__` takes them (`is_split_into_words`, `split_special_tokens`, `verbose`)."""
        return self(
            text,
            text_pair,
            add_special_tokens=add_special_tokens,
            padding=padding,
            truncation=truncation,
            max_length=max_length,
            stride=stride,
            padding_side=padding_side,
            return_tensors=return_tensors,
            _switch_to_input=False,
            **kwargs,
        )["input_ids"]

    def tokenize(self, text: str, pair: str | None = None, add_special_tokens: bool = False, **kwargs: Any) -> list[str]:
        """The token strings of a text (without special tokens unless asked); `kwargs` as `__call__`."""
        kwargs.pop("return_offsets_mapping", None)
        return self(text, pair, add_special_tokens=add_special_tokens, return_offsets_mapping=True, _switch_to_input=False, **kwargs).encodings[0].tokens  # type: ignore[index]

    # -- chat templates (see _chat) ------------------------------------------------------------

    apply_chat_template = _chat.apply_chat_template
    get_chat_template = _chat.get_chat_template

    # -- padding after the fact -----------------------------------------------------------------

    def pad(
        self,
        encoded_inputs: Any,
        padding: PaddingArg = True,
        max_length: int | None = None,
        pad_to_multiple_of: int | None = None,
        padding_side: str | None = None,
        return_attention_mask: bool | None = None,
        return_tensors: TensorType | None = None,
        verbose: bool = True,
    ) -> BatchEncoding:
        """Pad already encoded inputs: a dict of lists, a list of dicts, or a BatchEncoding, rows
        as lists, numpy arrays or torch tensors (then returned as such unless `return_tensors`)."""
        return pad_inputs(self, encoded_inputs, padding, max_length, pad_to_multiple_of, padding_side, return_attention_mask, return_tensors)

    # -- decoding -------------------------------------------------------------------------------

    def decode(self, token_ids: Any, skip_special_tokens: bool = False, **kwargs: Any) -> Any:
        """The text of a list of ids (a list of texts for a batch of id lists).

        `kwargs`: `clean_up_tokenization_spaces` (default: the tokenizer's attribute); others
        (`spaces_between_special_tokens`, ...) are ignored, as transformers' fast tokenizers do.
        """
        clean_up_tokenization_spaces = kwargs.get("clean_up_tokenization_spaces")
        ids = to_python(token_ids)
        if isinstance(ids, dict):
            ids = ids["input_ids"]
        if isinstance(ids, int):
            ids = [ids]
        if ids and isinstance(ids[0], list):
            return self._decode_rows(ids, skip_special_tokens, clean_up_tokenization_spaces)
        if skip_special_tokens and self.decode_prompt_tokens is not None:
            ids = self._strip_prompt(ids)
        return self._decode_rows([ids], skip_special_tokens, clean_up_tokenization_spaces)[0]

    def _strip_prompt(self, ids: list[int]) -> list[int]:
        """Whisper: a sequence starting with the prompt token, from the start token on (none: [])."""
        assert self.decode_prompt_tokens is not None
        prompt, start = (self._tokenizer.token_to_id(token) for token in self.decode_prompt_tokens)
        if not ids or prompt is None or ids[0] != prompt:
            return ids
        return ids[ids.index(start):] if start in ids else []

    def batch_decode(
        self, sequences: Any, skip_special_tokens: bool = False, clean_up_tokenization_spaces: bool | None = None, **kwargs: Any
    ) -> list[str]:
        """`decode` for each list of ids."""
        return self._decode_rows(to_python(sequences), skip_special_tokens, clean_up_tokenization_spaces)

    def _decode_rows(self, rows: list[list[int]], skip_special_tokens: bool, clean_up: bool | None) -> list[str]:
        """The text of each row of ids (`Tokenizer.decode_batch`, then the optional clean-up)."""
        texts = self._tokenizer.decode_batch(rows, skip_special_tokens=skip_special_tokens)
        if self.decode_suffix:
            texts = [text.replace(self.decode_suffix, " ").strip() for text in texts]
        if self.decode_drop_pattern:
            texts = [re.sub(self.decode_drop_pattern, "", text) for text in texts]
        return replace_each(texts, _CLEAN_UPS) if self._cleans_up(clean_up) else texts

    def _clean_up(self, text: str, clean_up: bool | None) -> str:
        return clean_up_tokenization(text) if self._cleans_up(clean_up) else text

    def _cleans_up(self, clean_up: bool | None) -> bool:
        """Whether a decode cleans up the tokenization spaces (`clean_up_tokenization`)."""
        if clean_up is None:
            clean_up = self.clean_up_tokenization_spaces
        # transformers skips the clean-up for BPE models: it was made for WordPiece and would
        # eat real spaces before punctuation
        return bool(clean_up) and type(self._tokenizer.model).__name__ != "BPE"

    def convert_tokens_to_string(self, tokens: list[str]) -> str:
        """Join tokens into text with the decoder (spaces between them when there is none)."""
        decoder = self._tokenizer.decoder
        return decoder.decode(list(tokens)) if decoder is not None else " ".join(tokens)

    # -- vocabulary -----------------------------------------------------------------------------

    def convert_tokens_to_ids(self, tokens: Any) -> Any:
        """The id of a token (the unknown token's id when absent), or of each token of a list."""
        if isinstance(tokens, str):
            return self._token_id(tokens)
        return [self._token_id(token) for token in tokens]

    def _token_id(self, token: str) -> int | None:
        found = self._tokenizer.token_to_id(token)
        if found is None:
            unk = self._special_tokens.get("unk_token")
            return None if unk is None else self._tokenizer.token_to_id(unk)
        return found

    def convert_ids_to_tokens(self, ids: Any, skip_special_tokens: bool = False) -> Any:
        """The token of an id, or the tokens of a list of ids."""
        ids = to_python(ids)
        if isinstance(ids, int):
            return self._tokenizer.id_to_token(ids)
        skipped = set(self.all_special_ids) if skip_special_tokens else set()
        return [self._tokenizer.id_to_token(id_) for id_ in ids if id_ not in skipped]

    def add_tokens(self, new_tokens: Any, special_tokens: bool = False) -> int:
        """Add tokens (str or AddedToken, one or a list); return how many are new."""
        if not new_tokens:
            return 0
        tokens = list(new_tokens) if isinstance(new_tokens, (list, tuple)) else [new_tokens]
        tokens = [as_subword_token(token) for token in tokens]
        if special_tokens:
            return self._tokenizer.add_special_tokens(tokens)
        return self._tokenizer.add_tokens(tokens)

    def add_special_tokens(self, special_tokens_dict: dict[str, Any], replace_extra_special_tokens: bool = True) -> int:
        """Set named special tokens ({"pad_token": "[PAD]"}) and extra ones ("extra_special_tokens": [...]),
        adding the new ones to the vocabulary; return how many are new."""
        allowed = set(SPECIAL_TOKENS_ATTRIBUTES) | {"extra_special_tokens", "additional_special_tokens"}
        added: list[AddedToken] = []
        for key, value in dict(special_tokens_dict).items():
            if key not in allowed:
                raise ArgumentValueError(f"{key!r} is not a special token name; use one of {sorted(allowed)}")
            if key in ("extra_special_tokens", "additional_special_tokens"):
                if not isinstance(value, (list, tuple)):
                    raise ArgumentTypeError(f"{key} must be a list of tokens, got {type_name(value)}")
                tokens = [special_token(token) for token in value]
                contents = [token.content for token in tokens]
                if replace_extra_special_tokens:
                    self._extra_special_tokens = contents
                else:
                    self._extra_special_tokens += [c for c in contents if c not in self._extra_special_tokens]
                added.extend(tokens)
            else:
                token = special_token(value)
                self._special_tokens[key] = token.content
                added.append(token)
        return self.add_tokens(added, special_tokens=True) if added else 0

    def num_special_tokens_to_add(self, pair: bool = False) -> int:
        """How many special tokens encoding adds to a single sequence (or a pair)."""
        return self._tokenizer.num_special_tokens_to_add(pair)

    @property
    def backend_tokenizer(self) -> Tokenizer:
        """The subword Tokenizer doing the work."""
        return self._tokenizer

    @property
    def is_fast(self) -> bool:
        """Always True: outputs keep their Encodings, as with transformers' fast tokenizers."""
        return True

    @property
    def vocab_size(self) -> int:
        """The size of the model's vocabulary, added tokens excluded."""
        return self._tokenizer.get_vocab_size(with_added_tokens=False)

    def __len__(self) -> int:
        return self._tokenizer.get_vocab_size(with_added_tokens=True)

    def get_vocab(self) -> dict[str, int]:
        """token -> id, added tokens included."""
        return self._tokenizer.get_vocab(with_added_tokens=True)

    @property
    def vocab(self) -> dict[str, int]:
        """Same as `get_vocab()`."""
        return self.get_vocab()

    @property
    def added_tokens_decoder(self) -> dict[int, AddedToken]:
        """The added tokens by id."""
        return self._tokenizer.get_added_tokens_decoder()

    @property
    def added_tokens_encoder(self) -> dict[str, int]:
        """The ids of the added tokens, by content."""
        return {token.content: id_ for id_, token in self.added_tokens_decoder.items()}

    def get_added_vocab(self) -> dict[str, int]:
        """Same as `added_tokens_encoder`."""
        return self.added_tokens_encoder

    # -- training -------------------------------------------------------------------------------

    def train_new_from_iterator(
        self,
        text_iterator: Iterable[Any],
        vocab_size: int,
        length: int | None = None,
        new_special_tokens: list[str | AddedToken] | None = None,
        special_tokens_map: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> PreTrainedTokenizer:
        """A new tokenizer with this one's pipeline and special tokens, its model (BPE,
        WordPiece, Unigram, WordLevel) trained on `text_iterator` to `vocab_size` entries.

        Args:
            text_iterator: texts, or batches (lists) of texts.
            length: the number of items, for the progress bar.
            new_special_tokens: more special tokens to add.
            special_tokens_map: old special token -> new one, to rename some.
            kwargs: passed to the model's trainer (`min_frequency`, `show_progress`, ...).
        """
        return train_new_from_iterator(self, text_iterator, vocab_size, length, new_special_tokens, special_tokens_map, **kwargs)

    # -- saving ---------------------------------------------------------------------------------

    def save_pretrained(
        self, save_directory: Union[str, os.PathLike], filename_prefix: str | None = None, *, save_jinja_files: bool = True
    ) -> tuple[str, ...]:
        """Write tokenizer.json, tokenizer_config.json, special_tokens_map.json and the chat
        templates (chat_template.jinja and additional_chat_templates/, or with
        `save_jinja_files=False` a tokenizer_config.json key) into a folder (created if needed)
        that both subword and transformers load; return the paths."""
        return save_pretrained(self, save_directory, filename_prefix, save_jinja_files=save_jinja_files)

    def save_vocabulary(self, save_directory: str, filename_prefix: str | None = None) -> tuple[str, ...]:
        """Write the model's vocabulary files (vocab.txt; vocab.json and merges.txt; unigram.json)
        into an existing folder, as `tokenizer.backend_tokenizer.model.save` does; return their paths."""
        if not os.path.isdir(save_directory):
            raise ArgumentValueError(f"Vocabulary path ({save_directory}) should be a directory")
        return tuple(self._tokenizer.model.save(os.fspath(save_directory), filename_prefix))

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(name_or_path={self.name_or_path!r}, tokenizer_class={self.tokenizer_class!r}, "
            f"vocab_size={self.vocab_size}, model_max_length={self.model_max_length}, padding_side={self.padding_side!r}, "
            f"special_tokens={self.special_tokens_map})"
        )


def clean_up_tokenization(text: str) -> str:
    """transformers' clean-up of spaces before punctuation and English contractions.

    >>> clean_up_tokenization("it 's fine , is n't it ?")
    "it's fine, isn't it?"
    """
    return replace_in(text, _CLEAN_UPS)


# (spaced, tight) pairs, replaced in this order
_CLEAN_UPS = (
    (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
    (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
)


def _input_rows(encodings: list[Encoding], names: list[str]) -> list[tuple]:
    """Each Encoding's model inputs named `names` (see `_COLUMN_OF`), as one tuple a row."""
    columns = [_COLUMN_OF[name] for name in names]
    return [tuple([column(encoding) for column in columns]) for encoding in encodings]


def _input_columns(inputs: list[tuple], names: list[str]) -> dict[str, list]:
    """`_input_rows` turned into one list a name: {name: [its value in each row]}."""
    return {name: list(map(itemgetter(index), inputs)) for index, name in enumerate(names)}


def _rows(encodings: list[Encoding], with_overflow: bool) -> tuple[list[Encoding], list[int]]:
    """The rows of a call (each Encoding, then its overflowing windows when asked) and the
    sample each row comes from."""
    rows: list[Encoding] = []
    sample_of_row: list[int] = []
    for index, encoding in enumerate(encodings):
        windows = [encoding, *encoding.overflowing] if with_overflow else [encoding]
        rows.extend(windows)
        sample_of_row.extend([index] * len(windows))
    return rows, sample_of_row
