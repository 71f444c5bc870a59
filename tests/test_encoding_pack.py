"""PackedEncodings (subword/core/encoding_pack.py): a pickled batch comes back equal, field by field."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from subword import Encoding, Tokenizer
from subword.core.encoding_pack import PackedEncodings
from tests.shared_data import fixture_path


def round_trip(encodings: list[Encoding]) -> list[Encoding]:
    made = pickle.loads(pickle.dumps(PackedEncodings(encodings), protocol=pickle.HIGHEST_PROTOCOL))
    assert type(made) is list
    return made


def fields(encoding: Encoding) -> tuple:
    """Every field as the public API reads it, overflowing windows included."""
    return (
        encoding.ids,
        encoding.type_ids,
        encoding.tokens,
        encoding.word_ids,
        encoding.offsets,
        encoding.special_tokens_mask,
        encoding.attention_mask,
        encoding.sequence_ranges,
        [fields(window) for window in encoding.overflowing],
    )


@st.composite
def encodings(draw, ints=st.integers(-(2**40), 2**40)) -> Encoding:
    n = draw(st.integers(0, 6))
    column = lambda values: draw(st.lists(values, min_size=n, max_size=n))  # noqa: E731
    if draw(st.booleans()):  # as the ids path makes them: the shared default columns
        return Encoding(ids=column(ints), type_ids=column(ints))
    return Encoding(
        ids=column(ints),
        type_ids=column(ints),
        tokens=column(st.text(max_size=3)),
        word_ids=column(st.none() | ints),
        offsets=column(st.tuples(ints, ints)),
        special_tokens_mask=column(ints),
        attention_mask=column(ints),
        sequence_ranges=draw(st.dictionaries(st.integers(0, 3), st.tuples(ints, ints), max_size=2)),
    )


@given(st.lists(encodings(), max_size=8), st.booleans())
def test_any_batch_comes_back_equal(batch: list[Encoding], windows: bool) -> None:
    # ints past 32 bits pack as 64-bit; an Encoding with overflowing windows travels as itself
    if windows and batch:
        batch[0].overflowing = batch[1:]
    made = round_trip(batch)
    assert [fields(encoding) for encoding in made] == [fields(encoding) for encoding in batch]
    assert made == batch


def test_encodings_of_the_pipeline_come_back_equal() -> None:
    tokenizer = Tokenizer.from_file(fixture_path("bert-base-uncased/tokenizer.json"))
    tokenizer.enable_truncation(8, stride=2)
    long_text = "Packed columns, lazy ones too: " + "héllo wörld 中文 " * 60  # >= 512 chars: lazy columns
    items = ["Hello, world!", ("A pair", "of sentences here"), "", long_text]
    full = tokenizer.encode_batch(items)
    fast = tokenizer.encode_batch_fast(items)
    assert any(encoding.overflowing for encoding in full)
    for batch in (full, fast):
        made = round_trip(batch)
        assert [fields(encoding) for encoding in made] == [fields(encoding) for encoding in batch]
