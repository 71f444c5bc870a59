"""A tokenizer call that does not ask for offsets runs the ids path; the Encodings behind its
BatchEncoding are made on first use and equal those of a call that asked for offsets."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from subword.transformers import AutoTokenizer, PreTrainedTokenizer, default_tokenizer_path

SPECIALS = {"pad_token": "[PAD]", "unk_token": "[UNK]", "cls_token": "[CLS]", "sep_token": "[SEP]", "mask_token": "[MASK]"}
TEXT = st.text(
    st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(" \t\nabcxyz.,!é中[MASK]")), max_size=40
)
OPTIONS = st.fixed_dictionaries(
    {
        "padding": st.sampled_from([False, True, "longest", "max_length"]),
        "truncation": st.sampled_from([False, True, "longest_first", "only_first"]),
        "max_length": st.sampled_from([None, 4, 9, 32]),
        "add_special_tokens": st.booleans(),
        "return_special_tokens_mask": st.booleans(),
        "return_length": st.booleans(),
    }
)


@pytest.fixture(scope="module")
def tokenizer() -> PreTrainedTokenizer:
    return AutoTokenizer.from_pretrained(default_tokenizer_path(), **SPECIALS, model_max_length=16)


def call(tokenizer: PreTrainedTokenizer, texts: list, options: dict, **extra):
    try:
        return tokenizer(texts, **options, **extra)
    except Exception as error:  # contradictory options: both calls must refuse them alike
        return type(error), str(error)


@given(texts=st.lists(TEXT, min_size=1, max_size=4), pairs=st.booleans(), options=OPTIONS)
def test_lazy_encodings_equal_eager_ones(tokenizer, texts, pairs, options):
    batch = list(zip(texts, reversed(texts))) if pairs else texts
    lazy = call(tokenizer, batch, options)
    eager = call(tokenizer, batch, options, return_offsets_mapping=True)
    if isinstance(lazy, tuple) or isinstance(eager, tuple):
        assert lazy == eager
        return
    assert lazy._encodings is not None and callable(lazy._encodings)  # nothing made yet
    assert {key: value for key, value in eager.items() if key != "offset_mapping"} == dict(lazy)
    assert lazy.encodings == eager.encodings
    for row in range(len(texts)):
        assert lazy.word_ids(row) == eager.word_ids(row)
        assert lazy.tokens(row) == eager.tokens(row)


def test_alignment_methods_on_a_lazy_batch(tokenizer):
    batch = tokenizer(["Hello world", "Hi"], padding=True)
    assert callable(batch._encodings)
    assert batch.char_to_token(0, 6) == tokenizer(["Hello world", "Hi"], padding=True, return_offsets_mapping=True).char_to_token(0, 6)
    assert batch.tokens(0)[0] == "[CLS]"
    assert not callable(batch._encodings)  # made once, then kept


def test_tensors_from_the_ids_path(tokenizer):
    lazy = tokenizer(["Hello world", "Hi"], padding=True, return_tensors="np")
    eager = tokenizer(["Hello world", "Hi"], padding=True, return_tensors="np", return_offsets_mapping=True)
    for key in lazy:
        assert np.array_equal(lazy[key], eager[key])
        assert lazy[key].dtype == eager[key].dtype


def test_a_lazy_batch_pickles_and_copies_with_its_encodings(tokenizer):
    batch = tokenizer(["Hello world", "Hi"], padding=True)
    eager = tokenizer(["Hello world", "Hi"], padding=True, return_offsets_mapping=True)
    for again in (pickle.loads(pickle.dumps(batch)), copy.deepcopy(batch), copy.copy(batch)):
        assert again.encodings == eager.encodings
        assert dict(again) == {key: value for key, value in eager.items() if key != "offset_mapping"}


@given(
    texts=st.lists(TEXT, min_size=1, max_size=4),
    pairs=st.booleans(),
    options=OPTIONS,
    side=st.sampled_from(["right", "left"]),
    multiple=st.sampled_from([None, 3, 8]),
)
def test_padded_arrays_equal_the_padded_encodings(tokenizer, texts, pairs, options, side, multiple):
    """Tensors of the ids path are padded straight into arrays: the same arrays as the padded
    Encodings of the full path give, whatever the padding side, multiple, length or truncation."""
    batch = list(zip(texts, reversed(texts))) if pairs else texts
    extra = dict(return_tensors="np", padding_side=side, pad_to_multiple_of=multiple)
    direct = call(tokenizer, batch, options, **extra)
    eager = call(tokenizer, batch, options, **extra, return_offsets_mapping=True)
    if isinstance(direct, tuple) or isinstance(eager, tuple):
        assert direct == eager
        return
    assert list(direct) == [key for key in eager if key != "offset_mapping"]
    for key in direct:
        assert plain(direct[key]) == plain(eager[key]) and direct[key].dtype == eager[key].dtype, key
    assert direct.encodings == eager.encodings


def plain(array: np.ndarray) -> list:
    """An array as lists, rows of different lengths (an object array, as transformers 5 makes) too."""
    return [np.asarray(row).tolist() for row in array] if array.dtype == object else array.tolist()
