"""EncodingColumns and EncodingView: a packed batch comes back as Encodings equal to the ones packed."""

from __future__ import annotations

import copy
import gc
import pickle
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subword.core.encoding import COLUMNS, Encoding
from subword.core.encoding_columns import EncodingColumns, EncodingView
from subword.core.padding import PaddingParams, pad_encodings

FIELDS = COLUMNS + ("sequence_ranges", "overflowing", "n_sequences")
# Mostly small numbers (bytes), some up to u32 (an array), some past it (kept as a tuple).
NUMBER = st.one_of(st.integers(0, 255), st.integers(0, 2**32 - 1), st.integers(0, 2**40))


@st.composite
def encodings(draw: st.DrawFn, nested: bool = True) -> Encoding:
    n = draw(st.integers(0, 6))
    if draw(st.booleans()):  # the shared default columns, as the ids path leaves them
        encoding = Encoding(draw(st.lists(NUMBER, min_size=n, max_size=n)))
    else:
        column = lambda values: draw(st.lists(values, min_size=n, max_size=n))  # noqa: E731
        encoding = Encoding(
            ids=column(NUMBER),
            type_ids=column(NUMBER),
            tokens=column(st.text(max_size=4)),
            word_ids=column(st.none() | NUMBER),
            offsets=column(st.tuples(NUMBER, NUMBER)),
            special_tokens_mask=column(st.integers(0, 1)),
            attention_mask=column(st.integers(0, 1)),
        )
    encoding.sequence_ranges = draw(st.dictionaries(st.integers(0, 1), st.tuples(NUMBER, NUMBER), max_size=2))
    if nested:
        encoding.overflowing = draw(st.lists(encodings(nested=False), max_size=2))
    return encoding


def fields(encoding: Encoding) -> list:
    return [getattr(encoding, name) for name in FIELDS]


@given(batch=st.lists(encodings(), max_size=8), pickled=st.booleans())
def test_views_read_back_every_field_of_the_packed_encodings(batch: list[Encoding], pickled: bool) -> None:
    chunk = EncodingColumns(batch)
    if pickled:
        chunk = pickle.loads(pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL))
    views = chunk.encodings()
    assert all(type(view) is EncodingView for view in views)
    assert [fields(view) for view in views] == [fields(encoding) for encoding in batch]
    assert views == batch


@given(rows=st.lists(st.lists(NUMBER, max_size=6), min_size=1, max_size=6))
def test_views_of_the_ids_path_keep_its_shared_default_columns(rows: list[list[int]]) -> None:
    # (In a batch mixing both paths the values are read back, as above, but not shared.)
    batch = [Encoding(ids) for ids in rows]
    views = pickle.loads(pickle.dumps(EncodingColumns(batch))).encodings()
    assert all(encoding.has_default_columns() for encoding in batch)
    assert all(view.has_default_columns() for view in views)


def test_a_field_set_on_a_view_before_it_is_read_stays_set() -> None:
    original = Encoding([1, 2], tokens=["a", "b"], offsets=[(0, 1), (1, 2)])
    view = EncodingColumns([original]).encodings()[0]
    view.tokens = ["x", "y"]
    view.sequence_ranges = {0: (0, 2)}
    assert view.ids == [1, 2] and view.offsets == [(0, 1), (1, 2)]
    assert view.tokens == ["x", "y"] and view.sequence_ranges == {0: (0, 2)}


@given(
    encoding=encodings(),
    length=st.integers(0, 10),
    direction=st.sampled_from(["left", "right"]),
    max_length=st.integers(0, 8),
)
def test_a_view_pads_and_truncates_as_the_encoding_it_stands_for(encoding: Encoding, length: int, direction: str, max_length: int) -> None:
    for change in (lambda e: e.pad(length, direction=direction), lambda e: e.truncate(max_length, direction=direction)):
        expected = encoding.copy()
        change(expected)
        view = EncodingColumns([encoding]).encodings()[0]
        change(view)
        assert fields(view) == fields(expected)


def test_copying_or_pickling_a_view_gives_a_plain_encoding() -> None:
    original = Encoding([5, 6, 7], tokens=["a", "b", "c"], offsets=[(0, 1), (1, 2), (2, 3)])
    original.sequence_ranges = {0: (0, 3)}
    view = pickle.loads(pickle.dumps(EncodingColumns([original]))).encodings()[0]
    for made in (pickle.loads(pickle.dumps(view)), copy.copy(view), copy.deepcopy(view), view.copy()):
        assert type(made) is Encoding and made == original and made.sequence_ranges == {0: (0, 3)}


def test_a_view_has_no_attribute_an_encoding_lacks() -> None:
    view = EncodingColumns([Encoding([1])]).encodings()[0]
    with pytest.raises(AttributeError, match="'Encoding' object has no attribute 'idz'"):
        view.idz  # noqa: B018


def test_views_read_from_many_threads_agree() -> None:
    batch = [Encoding(list(range(i, i + 40)), tokens=[str(t) for t in range(40)], offsets=[(t, t + 1) for t in range(40)]) for i in range(300)]
    views = EncodingColumns(batch).encodings()
    results: list[list] = []

    def read() -> None:
        results.append([fields(view) for view in views])

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = [fields(encoding) for encoding in batch]
    assert len(results) == 4 and all(result == expected for result in results)


def test_a_packed_batch_unpickles_into_a_few_objects_not_some_per_encoding() -> None:
    batch = [Encoding([1000 + i, 2000 + i], tokens=["ab", "cd"], offsets=[(0, 2), (3, 5)]) for i in range(1000)]
    for encoding in batch:
        encoding.sequence_ranges = {0: (0, 2)}

    def objects_made_by(load) -> int:
        gc.collect()
        gc.disable()
        try:
            before = len(gc.get_objects())
            loaded = load()
            return len(gc.get_objects()) - before
        finally:
            del loaded
            gc.enable()

    packed = pickle.dumps(EncodingColumns(batch))
    one_by_one = pickle.dumps(batch)
    assert objects_made_by(lambda: pickle.loads(packed)) < 20
    assert objects_made_by(lambda: pickle.loads(one_by_one)) > 5000  # a tuple per column and per offset


@given(
    batch=st.lists(encodings(), min_size=1, max_size=6),
    length=st.none() | st.integers(0, 9),
    direction=st.sampled_from(["left", "right"]),
    multiple=st.none() | st.integers(0, 4),
    then=st.none() | st.integers(0, 12),
    then_fresh=st.booleans(),
)
def test_views_padded_as_they_come_equal_encodings_padded_at_once(
    batch: list[Encoding], length: int | None, direction: str, multiple: int | None, then: int | None, then_fresh: bool
) -> None:
    params = PaddingParams(length=length, direction=direction, pad_to_multiple_of=multiple, pad_id=7, pad_type_id=3, pad_token="<p>")
    expected = [encoding.copy() for encoding in batch]
    pad_encodings(expected, params)
    views = EncodingColumns(batch).encodings()
    pad_encodings(views, params, EncodingView.pad_fresh)
    if then is not None:  # padded again, before any field is read: the pending padding comes first
        again = PaddingParams(length=then)
        pad_encodings(expected, again)
        pad_encodings(views, again, EncodingView.pad_fresh if then_fresh else Encoding.pad_all_with)
    assert [fields(view) for view in views] == [fields(encoding) for encoding in expected]
    assert [fields(window) for view in views for window in view.overflowing] == [
        fields(window) for encoding in expected for window in encoding.overflowing
    ]
