"""Helpers shared by the post-processors: checking arguments, and putting special tokens
around an Encoding and each of its overflowing windows."""

from __future__ import annotations

from typing import Any

from ..core.inputs import check_flag as expect_bool  # noqa: F401  (the one rule, under the name this stage imports)
from ..core.registry import field
from ..core.encoding import Encoding, KeptColumns
from ..errors import ArgumentTypeError, TokenizerFileError
from ._plan import planned_encoding, special_columns
from .base import PostProcessor

SpecialToken = tuple[str, int]

_U32 = 2**32


def expect_special_token(value: Any, argument: str) -> SpecialToken:
    """Return `value` if it is a (token, id) tuple, e.g. `("[SEP]", 102)`, else raise."""
    if (
        not isinstance(value, tuple)
        or len(value) != 2
        or not isinstance(value[0], str)
        or not isinstance(value[1], int)
        or isinstance(value[1], bool)
        or not 0 <= value[1] < _U32
    ):
        raise ArgumentTypeError(f"{argument} must be a (token, id) tuple like (\"[SEP]\", 102), got {value!r:.60}")
    return value


def special_token_field(data: dict, name: str, path: str) -> SpecialToken:
    """Read a `["[SEP]", 102]` entry of tokenizer.json."""
    value = field(data, name, list, path)
    if len(value) != 2 or not isinstance(value[0], str) or not isinstance(value[1], int) or isinstance(value[1], bool):
        raise TokenizerFileError(f"{path}.{name}: expected [token, id], got {value!r:.60}")
    if not 0 <= value[1] < _U32:
        raise TokenizerFileError(f"{path}.{name}: the id must be in 0..2**32, got {value[1]}")
    return value[0], value[1]


def surround(
    encoding: Encoding,
    before: list[SpecialToken],
    after: list[SpecialToken],
    *,
    sequence_id: int,
    special_type_id: int,
    type_id: int | None = None,
) -> Encoding:
    """A new Encoding: `before` + encoding + `after`, for the encoding and each overflowing window.

    The special tokens get `special_type_id`; the encoding's own tokens keep their type ids,
    or all take `type_id` when it is given. The sequence range covers the encoding's own
    tokens only. The attention mask becomes all ones; windows of windows are dropped.
    """
    result = _surround_one(encoding, before, after, sequence_id, special_type_id, type_id)
    result.overflowing = [
        _surround_one(window, before, after, sequence_id, special_type_id, type_id) for window in encoding.overflowing
    ]
    return result


def _surround_one(
    encoding: Encoding,
    before: list[SpecialToken],
    after: list[SpecialToken],
    sequence_id: int,
    special_type_id: int,
    type_id: int | None,
) -> Encoding:
    nb, na, n = len(before), len(after), len(encoding)
    own_type_ids = list(encoding.type_ids) if type_id is None else [type_id] * n
    return Encoding(
        ids=[id_ for _, id_ in before] + encoding.ids + [id_ for _, id_ in after],
        type_ids=[special_type_id] * nb + own_type_ids + [special_type_id] * na,
        tokens=[token for token, _ in before] + encoding.tokens + [token for token, _ in after],
        word_ids=[None] * nb + encoding.word_ids + [None] * na,
        offsets=[(0, 0)] * nb + encoding.offsets + [(0, 0)] * na,
        special_tokens_mask=[1] * nb + [0] * n + [1] * na,
        attention_mask=[1] * (nb + n + na),
        sequence_ranges={sequence_id: (nb, nb + n)},
    )


class ClsSepProcessor(PostProcessor):
    """What BertProcessing and RobertaProcessing share: a separator and a classifier token, and
    their templates as plans for the one-pass merge (`_plan`)."""

    _plans: tuple[tuple, tuple, KeptColumns] | None = None

    @property
    def sep(self) -> SpecialToken:
        """The separator (token, id)."""
        return self._sep

    @sep.setter
    def sep(self, value: SpecialToken) -> None:
        self._sep = expect_special_token(value, "sep")
        self._plans = None

    @property
    def cls(self) -> SpecialToken:
        """The classifier (token, id)."""
        return self._cls

    @cls.setter
    def cls(self, value: SpecialToken) -> None:
        self._cls = expect_special_token(value, "cls_token")
        self._plans = None

    def _steps(self, pair: bool) -> list[tuple[Any, int]]:
        """The template: (sequence index, type id) or (special token, type id) steps."""
        raise NotImplementedError

    def _prepare(self, encodings: list[Encoding]) -> None:
        """What the processor does to the sequences before the special tokens go around them."""

    def process_owned(self, encodings: list[Encoding], add_special_tokens: bool) -> Encoding:
        """`PostProcessor.process_owned`, in one pass over the template's plan when the special
        tokens are added and no sequence has overflowing windows (the general path handles those)."""
        if not add_special_tokens or len(encodings) not in (1, 2) or any(e.has_overflowing for e in encodings):
            return super().process_owned(encodings, add_special_tokens)
        self._prepare(encodings)
        plans = self._plans
        if plans is None:
            plans = self._plans = (self._plan(False), self._plan(True), KeptColumns())
        return planned_encoding(plans[len(encodings) - 1], encodings, True, False, plans[2], surround=True)

    def _plan(self, pair: bool) -> tuple:
        return tuple(
            (step, type_id) if isinstance(step, int) else (special_columns([step[1]], [step[0]], type_id), type_id)
            for step, type_id in self._steps(pair)
        )
