"""Truncation settings and the rule that shares a token budget between a pair of sequences."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal

from .registry import field, uint_field
from .encoding import Direction, Encoding, expect_count, expect_direction
from ..errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError, type_name

Strategy = Literal["longest_first", "only_first", "only_second"]

_STRATEGY_JSON = {"longest_first": "LongestFirst", "only_first": "OnlyFirst", "only_second": "OnlySecond"}
_DIRECTION_JSON = {"left": "Left", "right": "Right"}

# Rust keeps lengths in a 64-bit usize; a budget smaller than the special tokens wraps around.
_USIZE = 2**64


@dataclass(frozen=True)
class TruncationParams:
    """How to truncate: the token budget, the overlap of overflowing windows, which sequence gives
    up tokens, and from which end.

    >>> TruncationParams(128, stride=16).to_dict()
    {'max_length': 128, 'stride': 16, 'strategy': 'longest_first', 'direction': 'right'}
    """

    max_length: int
    stride: int = 0
    strategy: Strategy = "longest_first"
    direction: Direction = "right"

    def __post_init__(self) -> None:
        expect_count(self.max_length, "max_length")
        expect_count(self.stride, "stride")
        expect_direction(self.direction, message="Unknown `direction`: `{value}`. Use one of `left` or `right`.")
        if not isinstance(self.strategy, str):
            raise ArgumentTypeError(f"strategy must be a str, got {type_name(self.strategy)}")
        if self.strategy not in _STRATEGY_JSON:
            known = ", ".join(repr(s) for s in _STRATEGY_JSON)
            raise ArgumentValueError(f"strategy must be one of {known}, got {self.strategy!r}")

    def with_max_length(self, max_length: int) -> TruncationParams:
        """The same settings with another budget."""
        return replace(self, max_length=max_length)

    def without_special_tokens(self, added_tokens: int) -> TruncationParams:
        """The budget left for the input once `added_tokens` special tokens are set aside.

        As in the Rust package, a budget smaller than `added_tokens` wraps around to a huge
        one, which in effect turns truncation off.
        """
        return _without(self, expect_count(added_tokens, "added_tokens"))

    def check_stride(self, added_tokens: int) -> None:
        """Raise if the stride cannot fit in the budget left after `added_tokens` special tokens."""
        effective = self.without_special_tokens(added_tokens).max_length
        if effective < self.stride:
            raise ArgumentValueError(
                f"tokenizer stride set to {self.stride}, which is greater than or equal to its effective max "
                f"length of {effective} (= {self.max_length} original max length - {added_tokens} added special "
                "tokens); lower the stride or raise max_length"
            )

    def to_dict(self) -> dict:
        """The settings as `tokenizers.Tokenizer.truncation` shows them."""
        return {"max_length": self.max_length, "stride": self.stride, "strategy": self.strategy, "direction": self.direction}

    def to_json(self) -> dict:
        """The settings as the tokenizer.json "truncation" entry."""
        return {
            "direction": _DIRECTION_JSON[self.direction],
            "max_length": self.max_length,
            "strategy": _STRATEGY_JSON[self.strategy],
            "stride": self.stride,
        }

    @classmethod
    def from_json(cls, data: Any, path: str = "truncation") -> TruncationParams:
        """Read the tokenizer.json "truncation" entry (`direction` may be absent: it means Right)."""
        if not isinstance(data, dict):
            raise TokenizerFileError(f"{path}: expected an object, got {type_name(data)}")
        return cls(
            max_length=_json_count(data, "max_length", path),
            stride=_json_count(data, "stride", path),
            strategy=_json_choice(data, "strategy", _STRATEGY_JSON, path),
            direction=_json_choice(data, "direction", _DIRECTION_JSON, path, default="Right"),
        )


def _json_count(data: dict, name: str, path: str) -> int:
    return uint_field(data, name, path)


def _json_choice(data: dict, name: str, choices: dict[str, str], path: str, default: str | None = None) -> Any:
    """Read a Rust enum name (`"LongestFirst"`) back to its Python spelling (`"longest_first"`)."""
    value = field(data, name, str, path) if default is None else field(data, name, str, path, default)
    for python_name, json_name in choices.items():
        if value == json_name:
            return python_name
    known = ", ".join(repr(v) for v in choices.values())
    raise TokenizerFileError(f"{path}.{name}: expected one of {known}, got {value!r}")


def truncate_encodings(
    encoding: Encoding, pair: Encoding | None, params: TruncationParams
) -> tuple[Encoding, Encoding | None]:
    """Truncate a sequence (and its pair) in place so that together they fit `params.max_length`.

    longest_first takes tokens from the longer sequence until both are equally long, then from
    both (of an odd budget, the longer sequence keeps the extra token; on a tie, the pair). only_first / only_second
    take everything from one sequence, and fail if that one is too short.

    >>> a, b = Encoding(ids=[1, 2, 3, 4, 5]), Encoding(ids=[6, 7])
    >>> [e.ids for e in truncate_encodings(a, b, TruncationParams(5))]
    [[1, 2, 3], [6, 7]]
    """
    max_length, stride, direction = params.max_length, params.stride, params.direction
    if max_length == 0:
        encoding.truncate(0, stride, direction)
        if pair is not None:
            pair.truncate(0, stride, direction)
        return encoding, pair

    total = len(encoding) + (len(pair) if pair is not None else 0)
    if total <= max_length:
        return encoding, pair
    to_remove = total - max_length

    if params.strategy == "longest_first":
        if pair is None:
            encoding.truncate(max_length, stride, direction)
        else:
            first, second = _share(len(encoding), len(pair), max_length)
            encoding.truncate(first, stride, direction)
            pair.truncate(second, stride, direction)
        return encoding, pair

    if params.strategy == "only_first":
        target = encoding
    elif pair is not None:
        target = pair
    else:
        raise ArgumentValueError("Truncation error: Second sequence not provided (strategy 'only_second' needs a pair)")
    if len(target) <= to_remove:
        raise ArgumentValueError(
            "Truncation error: Sequence to truncate too short to respect the provided max_length "
            f"({params.strategy} would have to remove {to_remove} of its {len(target)} tokens)"
        )
    target.truncate(len(target) - to_remove, stride, direction)
    return encoding, pair


def _share(n1: int, n2: int, max_length: int) -> tuple[int, int]:
    """The lengths longest_first keeps of a pair of lengths (n1, n2), whose sum exceeds max_length.

    (8, 2, 6) -> (4, 2); (5, 5, 7) -> (3, 4); (2, 9, 7) -> (2, 5).
    """
    short, long_ = min(n1, n2), max(n1, n2)
    long_ = short if short > max_length else max(short, max_length - short)
    if short + long_ > max_length:
        short = max_length // 2
        long_ = short + max_length % 2
    return (long_, short) if n1 > n2 else (short, long_)


@lru_cache(maxsize=64)
def _without(params: TruncationParams, added_tokens: int) -> TruncationParams:
    # (one value per setting: each item of a batch asks for the same one)
    return replace(params, max_length=(params.max_length - added_tokens) % _USIZE)
