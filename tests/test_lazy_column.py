"""LazyColumn (subword/core/lazy_column.py) against the tuples it stands for: the same slices and
joins on plain tuples give the same values, and the values are made once, only when read."""

from __future__ import annotations

import copy
import pickle

from hypothesis import given
from hypothesis import strategies as st

from subword.core.encoding import Encoding
from subword.core.lazy_column import LazyColumn, join


class Counted:
    """A `make` that counts its calls."""

    def __init__(self, values: tuple) -> None:
        self.values = values
        self.calls = 0

    def __call__(self) -> list:
        self.calls += 1
        return list(self.values)


_values = st.lists(st.integers(0, 99), max_size=6).map(tuple)
# each step: ("slice", start, stop) or ("join", values, lazy?, before?)
_step = st.one_of(
    st.tuples(st.just("slice"), st.integers(-8, 12), st.integers(-8, 12)),
    st.tuples(st.just("join"), _values, st.booleans(), st.booleans()),
)


@given(first=_values, steps=st.lists(_step, max_size=8))
def test_slices_and_joins_give_what_tuples_give(first: tuple, steps: list) -> None:
    makers = [Counted(first)]
    lazy: LazyColumn | tuple = LazyColumn(makers[0], len(first))
    plain = first
    for step in steps:
        if step[0] == "slice":
            _, start, stop = step
            lazy, plain = lazy[start:stop], plain[start:stop]
        else:
            _, values, is_lazy, before = step
            if is_lazy:
                makers.append(Counted(values))
                other: LazyColumn | tuple = LazyColumn(makers[-1], len(values))
            else:
                other = values
            lazy, plain = (other + lazy, values + plain) if before else (lazy + other, plain + values)
        assert len(lazy) == len(plain)
    assert all(maker.calls == 0 for maker in makers)  # nothing made before it is read
    assert tuple(lazy) == plain and lazy == plain and list(lazy) == list(plain)
    assert all(maker.calls <= 1 for maker in makers)
    assert tuple(lazy) == plain  # read again: made already


def test_joining_many_columns_is_one_rope() -> None:
    columns = [LazyColumn(lambda i=i: [i, i], 2) for i in range(1000)]
    joined = join([*columns, (7,)])
    assert isinstance(joined, LazyColumn) and len(joined) == 2001
    assert joined[1998:] == (999, 999, 7)


def test_pickled_and_copied_as_the_tuple() -> None:
    column = LazyColumn(lambda: ["a", "b"], 2)
    assert pickle.loads(pickle.dumps(column)) == ("a", "b")
    assert type(copy.deepcopy(column)) is tuple


def test_an_encoding_with_lazy_columns_equals_the_eager_one() -> None:
    def lazy() -> Encoding:
        return Encoding.from_columns(
            [5, 6, 7],
            LazyColumn(lambda: ["a", "b", "c"], 3),
            LazyColumn(lambda: [(0, 1), (1, 2), (3, 4)], 3),
            LazyColumn(lambda: [0, 0, 1], 3),
            type_id=1,
        )

    eager = Encoding([5, 6, 7], [1, 1, 1], ["a", "b", "c"], [0, 0, 1], [(0, 1), (1, 2), (3, 4)], [0, 0, 0], [1, 1, 1])
    assert lazy() == eager and pickle.loads(pickle.dumps(lazy())) == eager and lazy().copy() == eager
    encoding = lazy()
    assert (encoding.char_to_token(3), encoding.word_to_chars(0), encoding.token_to_word(2)) == (2, (0, 2), 1)
    encoding.truncate(2, stride=1)
    assert (encoding.tokens, encoding.overflowing[0].offsets) == (["a", "b"], [(1, 2), (3, 4)])
    padded = lazy()
    padded.pad(5, direction="left", pad_token="<p>")
    assert padded.tokens == ["<p>", "<p>", "a", "b", "c"] and padded.word_ids == [None, None, 0, 0, 1]
