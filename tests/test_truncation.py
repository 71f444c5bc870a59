"""TruncationParams and truncate_encodings, on hand-worked examples."""

from __future__ import annotations

import pytest

from subword import ArgumentTypeError, ArgumentValueError, Encoding, TokenizerFileError
from subword.core.truncation import TruncationParams, truncate_encodings


def seq(n: int, start: int = 0) -> Encoding:
    return Encoding(ids=list(range(start, start + n)))


def test_params_dict_and_json() -> None:
    params = TruncationParams(10, stride=2, strategy="only_second", direction="left")
    assert params.to_dict() == {"max_length": 10, "stride": 2, "strategy": "only_second", "direction": "left"}
    assert params.to_json() == {"direction": "Left", "max_length": 10, "strategy": "OnlySecond", "stride": 2}
    assert TruncationParams.from_json(params.to_json()) == params
    no_direction = {"max_length": 5, "strategy": "LongestFirst", "stride": 0}
    assert TruncationParams.from_json(no_direction) == TruncationParams(5)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"max_length": 5, "strategy": "Longest", "stride": 0}, "strategy"),
        ({"max_length": -1, "strategy": "LongestFirst", "stride": 0}, "max_length"),
        ({"max_length": 5, "strategy": "LongestFirst"}, "stride"),
        ({"max_length": 5, "strategy": "LongestFirst", "stride": 0, "direction": "Up"}, "direction"),
        ([], "object"),
    ],
)
def test_from_json_errors(data, message) -> None:
    with pytest.raises(TokenizerFileError, match=message):
        TruncationParams.from_json(data)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"max_length": -1}, ArgumentValueError),
        ({"max_length": "5"}, ArgumentTypeError),
        ({"max_length": 5, "stride": -2}, ArgumentValueError),
        ({"max_length": 5, "strategy": "longest"}, ArgumentValueError),
        ({"max_length": 5, "direction": "up"}, ArgumentValueError),
    ],
)
def test_params_validation(kwargs, error) -> None:
    with pytest.raises(error):
        TruncationParams(**kwargs)


def test_budget_for_special_tokens() -> None:
    params = TruncationParams(10, stride=3)
    assert params.without_special_tokens(3).max_length == 7
    assert params.without_special_tokens(11).max_length == 2**64 - 1, "wraps as Rust's usize does"
    params.check_stride(7)
    with pytest.raises(ArgumentValueError, match="effective max length of 2"):
        params.check_stride(8)
    assert params.with_max_length(4) == TruncationParams(4, stride=3)


@pytest.mark.parametrize(
    ("n1", "n2", "max_length", "expected"),
    [
        (2, 4, 7, (2, 4)),  # fits: nothing to do
        (2, 8, 7, (2, 5)),  # only the longer one loses tokens
        (8, 2, 7, (5, 2)),
        (4, 8, 7, (3, 4)),  # both: the shorter gets the smaller half
        (8, 4, 7, (4, 3)),
        (5, 5, 7, (3, 4)),  # a tie: the first is "shorter"
        (8, 8, 6, (3, 3)),
        (9, 2, 1, (1, 0)),
    ],
)
def test_longest_first_on_a_pair(n1, n2, max_length, expected) -> None:
    a, b = truncate_encodings(seq(n1), seq(n2, 100), TruncationParams(max_length))
    assert (len(a), len(b)) == expected


def test_longest_first_single_and_zero() -> None:
    a, b = truncate_encodings(seq(5), None, TruncationParams(3))
    assert a.ids == [0, 1, 2] and b is None and [o.ids for o in a.overflowing] == [[3, 4]]
    a, b = truncate_encodings(seq(2), seq(2), TruncationParams(0))
    assert len(a) == len(b) == 0 and a.overflowing[0].ids == [0, 1]


def test_only_first_and_only_second() -> None:
    a, b = truncate_encodings(seq(6), seq(3, 100), TruncationParams(7, strategy="only_first", direction="left"))
    assert a.ids == [2, 3, 4, 5] and b.ids == [100, 101, 102]
    a, b = truncate_encodings(seq(2), seq(6, 100), TruncationParams(5, strategy="only_second"))
    assert a.ids == [0, 1] and b.ids == [100, 101, 102]


def test_errors() -> None:
    with pytest.raises(ArgumentValueError, match="Second sequence not provided"):
        truncate_encodings(seq(6), None, TruncationParams(3, strategy="only_second"))
    with pytest.raises(ArgumentValueError, match="too short"):
        truncate_encodings(seq(2), seq(8), TruncationParams(4, strategy="only_first"))
    with pytest.raises(ArgumentValueError, match="stride"):
        truncate_encodings(seq(8), None, TruncationParams(3, stride=3))


def test_stride_windows_per_sequence() -> None:
    a, b = truncate_encodings(seq(6), seq(6, 100), TruncationParams(6, stride=1))
    assert a.ids == [0, 1, 2] and [o.ids for o in a.overflowing] == [[2, 3, 4], [4, 5]]
    assert b.ids == [100, 101, 102]
