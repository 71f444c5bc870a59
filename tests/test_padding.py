"""PaddingParams and pad_encodings, on hand-worked examples."""

from __future__ import annotations

import pytest

from subword import ArgumentTypeError, ArgumentValueError, Encoding, TokenizerFileError
from subword.core.padding import PaddingParams, pad_encodings


def test_params_dict_and_json() -> None:
    params = PaddingParams()
    assert params.strategy == "batch_longest"
    assert params.to_dict() == {
        "length": None,
        "pad_to_multiple_of": None,
        "pad_id": 0,
        "pad_token": "[PAD]",
        "pad_type_id": 0,
        "direction": "right",
    }
    assert params.to_json() == {
        "strategy": "BatchLongest",
        "direction": "Right",
        "pad_to_multiple_of": None,
        "pad_id": 0,
        "pad_type_id": 0,
        "pad_token": "[PAD]",
    }
    fixed = PaddingParams(length=128, direction="left", pad_to_multiple_of=8, pad_id=1, pad_type_id=2, pad_token="<pad>")
    assert fixed.strategy == "fixed"
    assert fixed.to_json()["strategy"] == {"Fixed": 128} and fixed.to_json()["direction"] == "Left"
    assert PaddingParams.from_json(fixed.to_json()) == fixed
    assert PaddingParams.from_json(params.to_json()) == params


def test_strategy_must_agree_with_length() -> None:
    assert PaddingParams(strategy="fixed", length=4).length == 4
    with pytest.raises(ArgumentValueError, match="pass length"):
        PaddingParams(strategy="fixed")
    with pytest.raises(ArgumentValueError, match="leave length unset"):
        PaddingParams(strategy="batch_longest", length=3)
    with pytest.raises(ArgumentValueError, match="strategy must be"):
        PaddingParams(strategy="longest")


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"length": -1}, ArgumentValueError),
        ({"direction": "up"}, ArgumentValueError),
        ({"pad_id": "0"}, ArgumentTypeError),
        ({"pad_token": None}, ArgumentTypeError),
        ({"pad_to_multiple_of": 2.0}, ArgumentTypeError),
    ],
)
def test_params_validation(kwargs, error) -> None:
    with pytest.raises(error):
        PaddingParams(**kwargs)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"strategy": "Longest"}, "strategy"),
        ({"strategy": {"Fixed": "8"}}, "Fixed"),
        ({"direction": "right"}, "direction"),
        ({"pad_id": -1}, "pad_id"),
    ],
)
def test_from_json_errors(change, message) -> None:
    data = {**PaddingParams().to_json(), **change}
    with pytest.raises(TokenizerFileError, match=message):
        PaddingParams.from_json(data)


def test_batch_longest_and_multiple() -> None:
    batch = [Encoding(ids=[1, 2, 3, 4, 5]), Encoding(ids=[1, 2, 3])]
    pad_encodings(batch, PaddingParams(pad_to_multiple_of=6))
    assert [len(e) for e in batch] == [6, 6]
    batch = [Encoding(ids=[1, 2, 3, 4, 5]), Encoding(ids=[1, 2, 3])]
    pad_encodings(batch, PaddingParams(length=7, pad_to_multiple_of=8))
    assert [len(e) for e in batch] == [8, 8]
    batch = [Encoding(ids=[1, 2, 3])]
    pad_encodings(batch, PaddingParams(pad_to_multiple_of=0))
    assert len(batch[0]) == 3, "a multiple of 0 is ignored"
    pad_encodings([], PaddingParams())


def test_overflowing_is_padded_but_not_measured() -> None:
    e = Encoding(ids=[1, 2], overflowing=[Encoding(ids=[3, 4, 5, 6]), Encoding(ids=[7])])
    pad_encodings([e, Encoding(ids=[8, 9, 10])], PaddingParams(pad_id=0, direction="left"))
    assert e.ids == [0, 1, 2]
    assert [o.ids for o in e.overflowing] == [[3, 4, 5, 6], [0, 0, 7]]
