"""Padding settings and padding a batch of Encodings to one length."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any, Callable, Iterable, Literal, Sequence

from .registry import field, uint_field
from .encoding import U32_MAX, Direction, Encoding, check_padding_memory, expect_count, expect_direction
from ..errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError, type_name

Strategy = Literal["batch_longest", "fixed"]
PadAll = Callable[[Any, int, bool, tuple[int, int, str]], None]  # (encodings, length, right, pads)

_DIRECTION_JSON = {"left": "Left", "right": "Right"}


@dataclass(frozen=True)
class PaddingParams:
    """How to pad: to the longest encoding of the batch, or to a fixed `length`; rounded up to
    `pad_to_multiple_of`; with which id, type id and token; on which side.

    `strategy` follows from `length` (None: "batch_longest", an int: "fixed"); passing both
    must agree.

    >>> PaddingParams(length=8).to_dict()["length"], PaddingParams().strategy
    (8, 'batch_longest')
    """

    length: int | None = None
    direction: Direction = "right"
    pad_to_multiple_of: int | None = None
    pad_id: int = 0
    pad_type_id: int = 0
    pad_token: str = "[PAD]"
    strategy: Strategy | None = None

    def __post_init__(self) -> None:
        if self.length is not None:
            expect_count(self.length, "length")
        if self.pad_to_multiple_of is not None:
            expect_count(self.pad_to_multiple_of, "pad_to_multiple_of")
        expect_direction(self.direction, message="Unknown `direction`: `{value}`. Use one of `left` or `right`")
        expect_count(self.pad_id, "pad_id", U32_MAX)
        expect_count(self.pad_type_id, "pad_type_id", U32_MAX)
        if not isinstance(self.pad_token, str):
            raise ArgumentTypeError(f"pad_token must be a str, got {type_name(self.pad_token)}")
        implied = "batch_longest" if self.length is None else "fixed"
        if self.strategy is not None and self.strategy != implied:
            if self.strategy not in ("batch_longest", "fixed"):
                raise ArgumentValueError(f"strategy must be 'batch_longest' or 'fixed', got {self.strategy!r}")
            hint = "pass length=N" if self.strategy == "fixed" else "leave length unset"
            raise ArgumentValueError(f"strategy={self.strategy!r} contradicts length={self.length!r}: {hint}")
        object.__setattr__(self, "strategy", implied)

    def to_dict(self) -> dict:
        """The settings as `tokenizers.Tokenizer.padding` shows them."""
        return {
            "length": self.length,
            "pad_to_multiple_of": self.pad_to_multiple_of,
            "pad_id": self.pad_id,
            "pad_token": self.pad_token,
            "pad_type_id": self.pad_type_id,
            "direction": self.direction,
        }

    def to_json(self) -> dict:
        """The settings as the tokenizer.json "padding" entry."""
        return {
            "strategy": "BatchLongest" if self.length is None else {"Fixed": self.length},
            "direction": _DIRECTION_JSON[self.direction],
            "pad_to_multiple_of": self.pad_to_multiple_of,
            "pad_id": self.pad_id,
            "pad_type_id": self.pad_type_id,
            "pad_token": self.pad_token,
        }

    @classmethod
    def from_json(cls, data: Any, path: str = "padding") -> PaddingParams:
        """Read the tokenizer.json "padding" entry."""
        if not isinstance(data, dict):
            raise TokenizerFileError(f"{path}: expected an object, got {type_name(data)}")
        direction = field(data, "direction", str, path)
        if direction not in ("Left", "Right"):
            raise TokenizerFileError(f"{path}.direction: expected 'Left' or 'Right', got {direction!r}")
        return cls(
            length=_strategy_length(field(data, "strategy", (str, dict), path), path),
            direction=direction.lower(),
            pad_to_multiple_of=uint_field(data, "pad_to_multiple_of", path, default=None, nullable=True),
            pad_id=uint_field(data, "pad_id", path, U32_MAX),
            pad_type_id=uint_field(data, "pad_type_id", path, U32_MAX),
            pad_token=field(data, "pad_token", str, path),
        )


def _strategy_length(strategy: str | dict, path: str) -> int | None:
    """`"BatchLongest"` -> None, `{"Fixed": 128}` -> 128."""
    if strategy == "BatchLongest":
        return None
    if isinstance(strategy, dict) and list(strategy) == ["Fixed"]:
        return uint_field(strategy, "Fixed", f"{path}.strategy")
    raise TokenizerFileError(f"{path}.strategy: expected \"BatchLongest\" or {{\"Fixed\": <int>}}, got {strategy!r:.60}")


def pad_encodings(encodings: list[Encoding], params: PaddingParams, pad_all: PadAll = Encoding.pad_all_with) -> None:
    """Pad every encoding (and its overflowing ones) in place to one length, with `pad_all`
    (`EncodingView.pad_fresh` for a pooled batch's views, which pad their fields when read).

    The length is `params.length`, or the longest of `encodings` (overflowing not counted),
    rounded up to a multiple of `pad_to_multiple_of` when that is set and not 0.

    >>> batch = [Encoding(ids=[1, 2, 3]), Encoding(ids=[4])]
    >>> pad_encodings(batch, PaddingParams(pad_to_multiple_of=2))
    >>> [e.ids for e in batch]
    [[1, 2, 3, 0], [4, 0, 0, 0]]
    """
    if not encodings:
        return
    length = padded_length([len(e) for e in encodings], params)
    if all(len(e) >= length and not e.has_overflowing for e in encodings):
        return  # nothing to pad (a single encoding padded to the batch's longest)
    check_padding_memory(length, sum(1 + len(encoding.overflowing) for encoding in encodings))
    pads = (params.pad_id, params.pad_type_id, params.pad_token)
    pad_all(encodings, length, params.direction == "right", pads)


def padded_length(lengths: list[int], params: PaddingParams) -> int:
    """The length a batch of encodings of these lengths is padded to (see `pad_encodings`).

    >>> padded_length([3, 1], PaddingParams(pad_to_multiple_of=4)), padded_length([3], PaddingParams(length=2))
    (4, 2)
    """
    length = params.length if params.length is not None else max(lengths)
    multiple = params.pad_to_multiple_of
    if multiple and length % multiple:
        length += multiple - length % multiple
    return length


# The value of each padded position, by column: the pad id, the pad type id, 1, 0.
_PAD_VALUES = {"ids": "pad_id", "type_ids": "pad_type_id", "special_tokens_mask": 1, "attention_mask": 0}


def padded_arrays(rows: list[Sequence[Sequence[int]]], params: PaddingParams, columns: list[str]) -> dict[str, Any] | None:
    """Rows of integer columns (`row[k]` the values of `columns[k]`, names of `COLUMNS` in
    subword.core.encoding among ids, type_ids, special_tokens_mask, attention_mask; ids first)
    padded as `pad_encodings` pads Encodings of those columns: one numpy int64 array of shape
    (batch, length) a column, built without padding any row; None when the rows cannot make one
    array (a row longer than the padded length).

    >>> arrays = padded_arrays([([1, 2, 3], [1, 1, 1]), ([4], [1])], PaddingParams(pad_id=9), ["ids", "attention_mask"])
    >>> arrays["ids"].tolist(), arrays["attention_mask"].tolist()
    ([[1, 2, 3], [4, 9, 9]], [[1, 1, 1], [1, 0, 0]])
    """
    import numpy as np

    if not rows:
        return None
    lengths = np.fromiter(map(len, map(itemgetter(0), rows)), dtype=np.int64, count=len(rows))
    length = padded_length(lengths.tolist(), params)
    if int(lengths.max()) > length:
        return None
    check_padding_memory(length, len(rows))
    positions = np.arange(length)
    if params.direction == "right":
        filled = positions < lengths[:, None]
    else:
        filled = positions >= (length - lengths)[:, None]
    arrays: dict[str, Any] = {}
    for index, name in enumerate(columns):
        pad = _PAD_VALUES[name]
        array = np.full((len(rows), length), getattr(params, pad) if isinstance(pad, str) else pad, dtype=np.int64)
        array[filled] = np.fromiter(chain.from_iterable(map(itemgetter(index), rows)), dtype=np.int64, count=int(lengths.sum()))
        arrays[name] = array
    return arrays
