"""The one place where `padding=`, `truncation=`, `max_length=`... become core settings.

transformers accepts bool-or-str shorthand (`padding=True`, `truncation="only_first"`) and fills
gaps from the tokenizer (`model_max_length`, `padding_side`). `resolve_settings` turns one call's
arguments into a frozen `EncodeSettings` holding the core's `PaddingParams` / `TruncationParams`,
and raises ArgumentValueError for combinations transformers would silently reinterpret.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Literal, Union

from ..errors import ArgumentTypeError, ArgumentValueError, type_name
from ..core.padding import PaddingParams
from ..core.truncation import TruncationParams

# transformers' marker for "no limit known" (model_max_length of tokenizers without a config).
VERY_LARGE_INTEGER = int(1e30)
LARGE_INTEGER = int(1e20)

PaddingArg = Union[bool, Literal["longest", "max_length", "do_not_pad"]]
TruncationArg = Union[bool, None, Literal["longest_first", "only_first", "only_second", "do_not_truncate"]]

_PADDING = {True: "longest", False: None, "longest": "longest", "max_length": "max_length", "do_not_pad": None}
_TRUNCATION = {
    True: "longest_first",
    False: None,
    None: None,
    "longest_first": "longest_first",
    "only_first": "only_first",
    "only_second": "only_second",
    "do_not_truncate": None,
}


@dataclass(frozen=True)
class TokenizerDefaults:
    """What a tokenizer contributes to a call's settings when the call leaves them out."""

    model_max_length: int = VERY_LARGE_INTEGER
    padding_side: Literal["left", "right"] = "right"
    truncation_side: Literal["left", "right"] = "right"
    pad_token: str | None = None
    pad_token_id: int | None = None
    pad_token_type_id: int = 0


@dataclass(frozen=True)
class EncodeSettings:
    """The padding and truncation of one call (None: off)."""

    padding: PaddingParams | None = None
    truncation: TruncationParams | None = None


def resolve_settings(
    defaults: TokenizerDefaults,
    *,
    padding: PaddingArg = False,
    truncation: TruncationArg = None,
    max_length: int | None = None,
    stride: int = 0,
    pad_to_multiple_of: int | None = None,
    padding_side: str | None = None,
    special_tokens_added: int = 0,
    stride_fits: bool = True,
    verbose: bool = True,
) -> EncodeSettings:
    """The core settings for one call, or an ArgumentValueError saying what contradicts what.

    Args:
        special_tokens_added: how many special tokens the call adds per input (they count
            against `max_length`, so a stride must fit in what is left).
        stride_fits: whether to check that it does (transformers' Python tokenizers do not).
        verbose: whether to warn, as transformers does, that `max_length` is ignored.

    As in transformers, a `stride` without truncation, or `pad_to_multiple_of` and
    `padding_side` without padding, are ignored.

    >>> d = TokenizerDefaults(model_max_length=512, pad_token="[PAD]", pad_token_id=0)
    >>> s = resolve_settings(d, padding=True, truncation=True)
    >>> s.padding.length, s.truncation.max_length
    (None, 512)
    >>> resolve_settings(d, max_length=8).truncation.max_length  # max_length alone truncates
    8
    """
    padding_strategy = _choice(padding, _PADDING, "padding")
    truncation_strategy = _choice(truncation, _TRUNCATION, "truncation")
    if max_length is not None:
        _count(max_length, "max_length")
        if padding_strategy is None and truncation is None:
            truncation_strategy = "longest_first"  # transformers' long-standing shorthand
        elif padding_strategy == "longest" and truncation_strategy is None and padding is True and verbose:
            warnings.warn(  # transformers' warning; it pads to the longest text
                "`max_length` is ignored when `padding`=`True` and there is no truncation strategy. "
                "To pad to max length, use `padding='max_length'`."
            )
    _count(stride, "stride")
    if pad_to_multiple_of is not None and _count(pad_to_multiple_of, "pad_to_multiple_of") == 0:
        raise ArgumentValueError("pad_to_multiple_of must be > 0 (or None)")
    if padding_side is not None and padding_side not in ("left", "right"):
        raise ArgumentValueError(f"padding_side must be 'left' or 'right', got {padding_side!r}")

    limit = max_length
    if limit is None and defaults.model_max_length <= LARGE_INTEGER:
        limit = defaults.model_max_length
    truncation_params = None
    if truncation_strategy is not None and limit is not None:
        truncation_params = _truncation(truncation_strategy, limit, stride, defaults, special_tokens_added if stride_fits else None)
    padding_params = None
    if padding_strategy is not None:
        if padding_strategy == "max_length" and limit is None:
            raise ArgumentValueError(
                "padding='max_length' needs a length: pass max_length=N (this tokenizer has no model_max_length)"
            )
        padding_params = _padding(padding_strategy, limit, pad_to_multiple_of, padding_side, defaults)
        if truncation_params is not None and pad_to_multiple_of and limit % pad_to_multiple_of:
            raise ArgumentValueError(
                f"truncation length ({limit}) is not a multiple of pad_to_multiple_of ({pad_to_multiple_of}); "
                "make max_length a multiple of it"
            )
    return EncodeSettings(padding=padding_params, truncation=truncation_params)


def _truncation(
    strategy: str, limit: int, stride: int, defaults: TokenizerDefaults, special_tokens_added: int | None
) -> TruncationParams:
    if special_tokens_added is not None and stride and stride >= limit - special_tokens_added:
        raise ArgumentValueError(
            f"stride ({stride}) must be smaller than max_length ({limit}) minus the {special_tokens_added} "
            "special tokens added; lower the stride or raise max_length"
        )
    return TruncationParams(max_length=limit, stride=stride, strategy=strategy, direction=defaults.truncation_side)


def _padding(
    strategy: str, limit: int | None, multiple: int | None, side: str | None, defaults: TokenizerDefaults
) -> PaddingParams:
    if defaults.pad_token is None or defaults.pad_token_id is None:
        raise ArgumentValueError(
            "padding needs a pad token and this tokenizer has none: set one, e.g. "
            "`tokenizer.pad_token = tokenizer.eos_token` or `tokenizer.add_special_tokens({'pad_token': '[PAD]'})`"
        )
    return PaddingParams(
        length=limit if strategy == "max_length" else None,
        direction=side if side is not None else defaults.padding_side,
        pad_to_multiple_of=multiple,
        pad_id=defaults.pad_token_id,
        pad_type_id=defaults.pad_token_type_id,
        pad_token=defaults.pad_token,
    )


def _choice(value: object, choices: dict, name: str) -> str | None:
    if not isinstance(value, (bool, str, type(None))):
        raise ArgumentTypeError(f"{name} must be a bool or a str, got {type_name(value)}")
    if value not in choices or (value is None and name == "padding"):
        known = ", ".join(repr(key) for key in choices if key is not None)
        raise ArgumentValueError(f"{name} must be one of {known}; got {value!r}")
    return choices[value]


def _count(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentTypeError(f"{name} must be an int, got {type_name(value)}")
    if value < 0:
        raise ArgumentValueError(f"{name} must be >= 0, got {value}")
    return value
