"""Encoding: merge, truncate, pad and the position lookups, on hand-worked examples."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subword import ArgumentTypeError, ArgumentValueError, Encoding


def hello_world() -> Encoding:
    return Encoding(
        ids=[1, 2, 3],
        tokens=["Hello", "World", "!"],
        word_ids=[0, 1, 2],
        offsets=[(0, 5), (6, 11), (11, 12)],
    )


def test_defaults_follow_ids() -> None:
    e = Encoding(ids=[4, 5])
    assert (e.type_ids, e.tokens, e.word_ids, e.offsets) == ([0, 0], ["", ""], [None, None], [(0, 0), (0, 0)])
    assert (e.special_tokens_mask, e.attention_mask, e.overflowing, e.sequence_ranges) == ([0, 0], [1, 1], [], {})
    assert len(e) == 2
    with pytest.warns(DeprecationWarning, match="please use Encoding.word_ids"):
        assert e.words == e.word_ids


def test_fields_read_as_new_lists_as_in_the_rust_package() -> None:
    e = hello_world()
    ids = e.ids
    ids.append(9)
    assert e.ids == [1, 2, 3] and e.ids is not e.ids
    e.type_ids = (1, 1, 1)
    assert e.type_ids == [1, 1, 1]


def test_equality_compares_every_field() -> None:
    assert hello_world() == hello_world()
    other = hello_world()
    other.sequence_ranges = {0: (0, 3)}
    assert other != hello_world()
    assert hello_world() != "not an encoding"


def test_merge_with_growing_offsets() -> None:
    a = Encoding(ids=[1], tokens=["Hello "], word_ids=[0], offsets=[(0, 6)])
    b = Encoding(ids=[2], type_ids=[1], tokens=["World!"], word_ids=[0], offsets=[(0, 6)])
    merged = Encoding.merge([a, b])
    assert merged.offsets == [(0, 6), (6, 12)]
    assert merged.type_ids == [0, 1]
    assert Encoding.merge([a, b], growing_offsets=False).offsets == [(0, 6), (0, 6)]
    assert a.ids == [1], "merge must not change its inputs"


def test_merge_shifts_sequence_ranges_and_combines_overflowing() -> None:
    a = Encoding(ids=[1, 2], overflowing=[Encoding(ids=[9])], sequence_ranges={0: (0, 2)})
    b = Encoding(ids=[3], overflowing=[Encoding(ids=[8])], sequence_ranges={1: (0, 1)})
    merged = Encoding.merge([a, b], growing_offsets=False)
    assert merged.sequence_ranges == {0: (0, 2), 1: (2, 3)}
    # ours+pair, ours+pair's window, then self+pair's window
    assert [o.ids for o in merged.overflowing] == [[9, 3], [9, 8], [1, 2, 8]]


def test_merge_with_itself() -> None:
    e = Encoding(ids=[1], offsets=[(0, 2)])
    e.merge_with(e, growing_offsets=True)
    assert e.ids == [1, 1] and e.offsets == [(0, 2), (2, 4)]


def test_truncate_right() -> None:
    e = hello_world()
    e.truncate(2)
    assert e.tokens == ["Hello", "World"]
    assert [o.tokens for o in e.overflowing] == [["!"]]
    assert e.overflowing[0].offsets == [(11, 12)]


def test_truncate_to_zero_moves_everything_to_overflowing() -> None:
    e = hello_world()
    e.sequence_ranges = {0: (0, 3)}
    e.truncate(0)
    assert len(e) == 0 and e.sequence_ranges == {}
    whole = hello_world()
    whole.sequence_ranges = {0: (0, 3)}
    assert e.overflowing == [whole]


def test_truncate_with_stride_both_directions() -> None:
    e = Encoding(ids=[1, 2, 3, 4, 5])
    e.truncate(4, stride=2)
    assert e.ids == [1, 2, 3, 4]
    assert [o.ids for o in e.overflowing] == [[3, 4, 5]]
    e = Encoding(ids=[1, 2, 3, 4, 5, 6, 7])
    e.truncate(3, stride=1, direction="left")
    assert e.ids == [5, 6, 7]
    assert [o.ids for o in e.overflowing] == [[3, 4, 5], [1, 2, 3]]


def test_truncate_drops_sequence_ranges_and_old_overflowing() -> None:
    e = Encoding(ids=[1, 2, 3], sequence_ranges={0: (0, 3)}, overflowing=[Encoding(ids=[7])])
    e.truncate(2)
    assert e.sequence_ranges == {} and [o.ids for o in e.overflowing] == [[3]]
    e = Encoding(ids=[1, 2], sequence_ranges={0: (0, 2)})
    e.truncate(5)
    assert e.sequence_ranges == {0: (0, 2)}, "nothing to cut: nothing changes"


@given(st.integers(1, 30), st.integers(1, 10), st.integers(0, 9), st.sampled_from(["left", "right"]))
def test_truncation_windows_cover_the_tokens_with_stride_overlap(n: int, max_length: int, stride: int, direction: str) -> None:
    if stride >= max_length:
        stride = max_length - 1
    e = Encoding(ids=list(range(n)))
    e.truncate(max_length, stride=stride, direction=direction)
    windows = [e.ids] + [o.ids for o in e.overflowing]
    assert all(1 <= len(w) <= max_length for w in windows)
    assert set().union(*windows) == set(range(n))
    if direction == "left":
        windows = windows[::-1]
    for before, after in zip(windows, windows[1:]):
        assert before[-stride:] == after[:stride] if stride else before[-1] + 1 == after[0]


def test_pad_right_and_left() -> None:
    e = Encoding(ids=[5], sequence_ranges={0: (0, 1)}, overflowing=[Encoding(ids=[6, 7])])
    e.pad(3, direction="left", pad_id=9, pad_type_id=2, pad_token="<pad>")
    assert e.ids == [9, 9, 5] and e.type_ids == [2, 2, 0] and e.tokens == ["<pad>", "<pad>", ""]
    assert e.attention_mask == [0, 0, 1] and e.special_tokens_mask == [1, 1, 0]
    assert e.word_ids == [None, None, None] and e.offsets == [(0, 0)] * 3
    assert e.sequence_ranges == {0: (2, 3)}
    assert e.overflowing[0].ids == [9, 6, 7]
    e.pad(4)
    assert e.ids == [9, 9, 5, 0] and e.sequence_ranges == {0: (2, 3)}
    e.pad(2)
    assert len(e) == 4, "never shortens"


def test_sequence_ids() -> None:
    e = Encoding(ids=[0] * 6, sequence_ranges={0: (1, 3), 1: (4, 5)})
    assert e.sequence_ids == [None, 0, 0, None, 1, None]
    assert e.n_sequences == 2
    assert Encoding(ids=[1, 2]).sequence_ids == [0, 0]
    e = Encoding(ids=[1, 2])
    e.set_sequence_id(1)
    assert e.sequence_ranges == {1: (0, 2)} and e.n_sequences == 1
    assert e.sequence_ids == [0, 0], "sequence 0 has no range, so it means the whole encoding"


def pair_encoding() -> Encoding:
    # [CLS] hello world [SEP] how are you [SEP]
    return Encoding(
        ids=[101, 7, 8, 102, 9, 10, 11, 102],
        word_ids=[None, 0, 1, None, 0, 1, 2, None],
        offsets=[(0, 0), (0, 5), (6, 11), (0, 0), (0, 3), (4, 7), (8, 11), (0, 0)],
        sequence_ranges={0: (1, 3), 1: (4, 7)},
    )


def test_lookups_on_a_pair() -> None:
    e = pair_encoding()
    assert e.char_to_token(7) == 2 and e.char_to_token(5, 1) == 5 and e.char_to_token(7, 1) is None
    assert e.char_to_token(5) is None, "the space belongs to no token"
    assert e.char_to_word(9, 1) == 2
    assert e.word_to_tokens(1) == (2, 3) and e.word_to_tokens(1, 1) == (5, 6)
    assert e.word_to_tokens(2) is None
    assert e.word_to_chars(0, 1) == (0, 3)
    assert e.token_to_chars(5) == (4, 7) and e.token_to_chars(0) is None
    assert e.token_to_word(2) == 1 and e.token_to_word(3) is None
    assert e.token_to_sequence(4) == 1 and e.token_to_sequence(3) is None
    assert e.token_to_sequence(8) is None and e.token_to_sequence(9) is None


def test_lookups_on_a_single_sequence() -> None:
    e = hello_world()
    assert e.token_to_sequence(3) == 0, "one past the end still answers 0, as in the Rust package"
    assert e.token_to_chars(3) is None and e.token_to_sequence(4) is None
    assert e.word_to_tokens(2) == (2, 3)


def test_word_to_tokens_stops_at_a_later_word() -> None:
    e = Encoding(ids=[1, 2, 3, 4], word_ids=[0, None, 2, 0])
    assert e.word_to_tokens(0) == (0, 1), "the scan stops at word 2 and never sees the last 0"
    assert e.word_to_tokens(2) == (2, 3)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda e: e.truncate(2, stride=2), ArgumentValueError),
        (lambda e: e.truncate(-1), ArgumentValueError),
        (lambda e: e.truncate(1.5), ArgumentTypeError),
        (lambda e: e.truncate(2, direction="up"), ArgumentValueError),
        (lambda e: e.pad(4, direction="middle"), ArgumentValueError),
        (lambda e: e.pad(4, pad_token=3), ArgumentTypeError),
        (lambda e: e.char_to_token(-1), ArgumentValueError),
        (lambda e: e.word_to_tokens(True), ArgumentTypeError),
        (lambda e: e.merge_with([1], True), ArgumentTypeError),
        (lambda e: Encoding.merge([e, "x"]), ArgumentTypeError),
    ],
)
def test_invalid_arguments(call, error) -> None:
    with pytest.raises(error):
        call(hello_world())


def test_stride_error_says_what_to_do() -> None:
    with pytest.raises(ArgumentValueError, match="stride .* strictly less than max_length"):
        hello_world().truncate(2, stride=2)


def test_pickles_and_copies_with_every_field() -> None:
    import copy
    import pickle

    encoding = hello_world()
    encoding.overflowing = [Encoding(ids=[7], tokens=["x"], offsets=[(1, 2)])]
    encoding.set_sequence_id(1)
    for copied in (pickle.loads(pickle.dumps(encoding)), copy.deepcopy(encoding), copy.copy(encoding)):
        assert copied == encoding and copied is not encoding
        assert (copied.ids, copied.tokens, copied.offsets, copied.sequence_ranges) == ([1, 2, 3], ["Hello", "World", "!"], [(0, 5), (6, 11), (11, 12)], {1: (0, 3)})
        assert [o.tokens for o in copied.overflowing] == [["x"]]
    deep = copy.deepcopy(encoding)
    deep.set_sequence_id(0)
    assert encoding.sequence_ranges == {1: (0, 3)}  # a deep copy's ranges are its own


@given(
    ids=st.lists(st.integers(0, 9), max_size=30),
    max_length=st.integers(1, 12),
    stride=st.integers(0, 11),
    direction=st.sampled_from(["left", "right"]),
    pad=st.integers(0, 40),
)
def test_default_columns_shared_or_written_out_give_the_same_windows(ids, max_length, stride, direction, pad) -> None:
    # The ids path's Encodings share their default columns (and truncation keeps a window of
    # them without slicing): the same as an Encoding with every column written out.
    n = len(ids)
    stride = min(stride, max_length - 1)
    for _ in range(2):  # the second time, the padded columns are those kept from the first
        shared = Encoding(ids=ids)
        written = Encoding(ids, [0] * n, [""] * n, [None] * n, [(0, 0)] * n, [0] * n, [1] * n)
        assert shared == written
        for encoding in (shared, written):
            encoding.truncate(max_length, stride, direction)
            encoding.pad(pad, direction)
        assert shared == written


def test_kept_columns_stay_within_their_budget() -> None:
    from subword.core.encoding import KeptColumns

    kept = KeptColumns(budget=10)
    kept.keep("a", (1,) * 6, 6)
    kept.keep("b", (2,) * 4, 4)
    assert set(kept) == {"a", "b"} and kept.held == 10
    kept.keep("c", (3,) * 2, 2)  # over the budget: emptied first
    assert set(kept) == {"c"} and kept.held == 2
    assert kept.keep("d", (4,) * 11, 11) == (4,) * 11 and "d" not in kept  # too big to keep


def test_a_batch_costs_the_garbage_collector_one_object_per_encoding() -> None:
    import gc

    from subword import Tokenizer
    from tests.shared_data import fixture_path

    tokenizer = Tokenizer.from_file(str(fixture_path("bert-base-uncased/tokenizer.json")))
    tokenizer.no_padding()
    texts = ["a short line", "another line of text", "a pair"]
    tokenizer.encode_batch(texts)
    gc.collect()  # the collector has seen the ranges' tuples: it no longer tracks them
    encodings = tokenizer.encode_batch(texts)
    assert [encoding.sequence_ranges for encoding in encodings] == [{0: (1, 4)}, {0: (1, 5)}, {0: (1, 3)}]
    assert not any(gc.is_tracked(encoding.sequence_ranges) for encoding in encodings)


@pytest.mark.parametrize("direction", ["right", "left"])
def test_encodings_of_one_length_share_their_type_ids_and_masks_padded_or_not(direction: str) -> None:
    from subword import Tokenizer
    from subword.models import WordLevel
    from subword.pre_tokenizers import Whitespace
    from subword.processors import BertProcessing

    tokenizer = Tokenizer(WordLevel({"[UNK]": 0, "[CLS]": 1, "[SEP]": 2, "a": 3, "b": 4, "[PAD]": 5}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = Whitespace()
    tokenizer.post_processor = BertProcessing(("[SEP]", 2), ("[CLS]", 1))
    first, second, third = tokenizer.encode_batch(["a b", "b a", "a b a"])  # (the full path, eager)
    assert first._special_tokens_mask is second._special_tokens_mask and first._attention_mask is second._attention_mask
    assert first._type_ids is second._type_ids
    tokenizer.enable_padding(direction=direction, pad_id=5, pad_token="[PAD]", length=6)
    padded = tokenizer.encode_batch(["a b", "b a", "a b a"])
    for encoding, ids in zip(padded, [[1, 3, 4, 2], [1, 4, 3, 2], [1, 3, 4, 3, 2]]):
        assert len(encoding) == 6
        kept = slice(6 - len(ids), None) if direction == "left" else slice(None, len(ids))
        filler = slice(None, 6 - len(ids)) if direction == "left" else slice(len(ids), None)
        assert encoding.ids[kept] == ids and set(encoding.ids[filler]) == {5}
        assert encoding.attention_mask[kept] == [1] * len(ids) and set(encoding.attention_mask[filler]) == {0}
        assert encoding.special_tokens_mask[kept] == [1] + [0] * (len(ids) - 2) + [1]
        assert set(encoding.special_tokens_mask[filler]) == {1} and encoding.type_ids == [0] * 6
        assert encoding.tokens[filler] == ["[PAD]"] * (6 - len(ids)) and encoding.offsets[filler] == [(0, 0)] * (6 - len(ids))
    assert padded[0]._attention_mask is padded[1]._attention_mask  # padded once for both
    assert padded[0]._attention_mask is not padded[2]._attention_mask
