"""BPE split points: cutting a word where no merge can join changes nothing, ids, tokens or offsets.

Random small models (every option but dropout, complete or partial byte fallback, merges on
byte tokens, repeated ids) tokenize random words through the word cache, pieces and all; the
reference runs the plain merge loop on the whole word, never cut and never cached.
"""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subword.models.bpe.model as bpe_model
from subword import Tokenizer
from subword.models import BPE
from subword.models.bpe import split
from subword.models.bpe.model import _offsets
from tests.shared_data import fixture_path

CHARS = "ab▁é日"  # what the vocabularies may know
TEXT_CHARS = CHARS + "xy\n🤗\0"  # and characters they never know (NUL: split_pieces' separator)
ALL_BYTES = [f"<0x{byte:02X}>" for byte in range(256)]


@pytest.fixture(autouse=True, scope="module")
def split_from_the_first_long_word():
    """The split table built on the first long word, not after _SPLIT_TABLE_AFTER characters."""
    with mock.patch.object(bpe_model, "_SPLIT_TABLE_AFTER", 0):
        yield
SOME_BYTES = [f"<0x{byte:02X}>" for byte in b"ab\n\xc3\xa9\xe6\x97\xa5"]


@st.composite
def models(draw) -> BPE:
    """A random BPE; merges are drawn from the tokens so far, so every merge's token exists."""
    # Mostly neither prefix nor suffix: only such models have split points.
    prefix = draw(st.sampled_from([None, None, None, "", "##"]))
    suffix = draw(st.sampled_from([None, None, None, "", "</w>"]))
    chars = draw(st.lists(st.sampled_from(CHARS), min_size=1, unique=True))
    tokens = ["<unk>", *chars]
    tokens += [prefix + c for c in chars] if prefix else []
    tokens += [c + suffix for c in chars] if suffix else []
    byte_tokens = draw(st.sampled_from([[], SOME_BYTES, ALL_BYTES]))
    # Merges on byte tokens only now and then: they turn off the cuts next to unknown characters.
    byte_sides = draw(st.sampled_from([[], SOME_BYTES[2:5]])) if byte_tokens else []
    merges = []
    for _ in range(draw(st.integers(0, 16))):
        left = draw(st.sampled_from(tokens + byte_sides))
        rights = [t for t in tokens if t.startswith(prefix)] if prefix else tokens + byte_sides
        right = draw(st.sampled_from(rights))
        joined = left + right[len(prefix or "") :]
        if joined not in tokens:
            tokens.append(joined)
        merges.append((left, right))
    vocab = {token: i for i, token in enumerate(dict.fromkeys(tokens + byte_tokens))}
    if draw(st.booleans()):  # two tokens with one id
        vocab[draw(st.sampled_from(tokens))] = draw(st.sampled_from(sorted(vocab.values())))
    return BPE(
        vocab,
        merges,
        unk_token=draw(st.sampled_from([None, "<unk>"])),
        fuse_unk=draw(st.booleans()),
        byte_fallback=draw(st.booleans()),
        ignore_merges=draw(st.booleans()),
        continuing_subword_prefix=prefix,
        end_of_word_suffix=suffix,
    )


def whole_word(model: BPE, word: str) -> list[tuple[int, str, tuple[int, int]]]:
    """The reference: the whole word through the plain merge loop (or found whole, with ignore_merges)."""
    if not word:
        return []
    if model.ignore_merges and word in model.get_vocab():
        return [(model.get_vocab()[word], word, (0, len(word)))]
    ids, positions, sizes = model._merge_word(word)
    return [(i, model.id_to_token(i), offsets) for i, offsets in zip(ids, _offsets(word, positions, sizes))]


def words_for(model: BPE) -> st.SearchStrategy[list[str]]:
    """Words of random text and of the model's tokens, then words made of them (cache hits)."""
    part = st.one_of(st.text(TEXT_CHARS, max_size=30), st.sampled_from(sorted(model.get_vocab())))
    return st.lists(st.lists(part, max_size=4).map("".join), max_size=6).map(
        lambda words: words + ["".join(words), "".join(words[::-1])]
    )


# (the shortest word cut, the shortest word whose places are found with arrays, the shortest
# word cut with a separator and str.split) of each path
SPLIT_PATHS = {
    "pairs": (2, 1 << 30, 1 << 30),
    "arrays": (2, 0, 1 << 30),
    "separator": (2, 0, 0),
    "defaults": (bpe_model._SPLIT_MIN_WORD, split.ARRAY_MIN_WORD, split.SEPARATOR_MIN_WORD),
}


@settings(max_examples=300)
@given(model=models(), data=st.data(), path=st.sampled_from(sorted(SPLIT_PATHS)), ids_first=st.booleans())
def test_split_points_change_nothing(model, data, path, ids_first):
    words = data.draw(words_for(model))
    smallest, array_min, separator_min = SPLIT_PATHS[path]
    with (
        mock.patch.object(bpe_model, "_SPLIT_MIN_WORD", smallest),
        mock.patch.object(split, "ARRAY_MIN_WORD", array_min),
        mock.patch.object(split, "SEPARATOR_MIN_WORD", separator_min),
    ):
        try:
            expected = [whole_word(model, word) for word in words]
        except Exception as error:  # an unk_token missing from the vocabulary: both must fail
            with pytest.raises(type(error)):
                for word in words:
                    model.tokenize_plain(word)
            return
        if ids_first:
            out: list[int] = []
            model.extend_ids(words, out)
            assert out == [row[0] for rows in expected for row in rows]
        for word, rows in zip(words, expected):
            assert list(model.tokenize_plain(word)) == rows, word
            assert model.tokenize_ids(word) == [row[0] for row in rows], word


# Characters from everywhere in Unicode, a few of them often, so that pairs repeat.
ANY_CHAR = st.one_of(st.sampled_from("ab▁日🤗\x00\U0010ffff"), st.characters(blacklist_categories=()))


@given(
    joinable=st.lists(st.tuples(st.one_of(ANY_CHAR, st.just("")), st.one_of(ANY_CHAR, st.just(""))), max_size=30),
    word=st.text(ANY_CHAR, max_size=60),
)
def test_arrays_find_the_places_that_pairs_find(joinable, word):
    # The rule written out: a place is a split point when its two characters are no joinable pair.
    pairs = frozenset(joinable)
    expected = [i for i in range(1, len(word)) if (word[i - 1], word[i]) not in pairs]
    arrays = split.pair_arrays(joinable)
    assert split._unjoinable_places(word, arrays) == expected
    table = split.SplitTable(pairs, frozenset(word), True, False, arrays)
    bounds = [0, *expected, len(word)]
    with mock.patch.object(split, "ARRAY_MIN_WORD", 0), mock.patch.object(split, "SEPARATOR_MIN_WORD", 0):
        assert split.split_points(word, table) == expected
        assert split.split_pieces(word, table) == ([word[a:b] for a, b in zip(bounds, bounds[1:])] if expected else None)


def assert_same_as_whole(model: BPE, word: str) -> None:
    expected = whole_word(model, word)
    assert model.tokenize_ids(word) == [row[0] for row in expected]
    assert list(model.tokenize_plain(word)) == expected


def test_ignore_merges_looks_up_words_not_pieces():
    # "aab" is in the vocabulary, but its merges give aa|b: whole it is one token, as a piece two.
    vocab = {"<unk>": 0, "a": 1, "b": 2, "c": 3, "aa": 4, "ab": 5, "aab": 6}
    model = BPE(vocab, [("a", "a"), ("a", "b"), ("a", "ab")], unk_token="<unk>", ignore_merges=True)
    long_word = "aabc" * 8
    assert model.tokenize_ids("aab") == [6]  # now cached as a word
    assert model.tokenize_ids(long_word) == [4, 2, 3] * 8
    assert_same_as_whole(model, long_word)


@pytest.mark.parametrize("first", ["a", "zzz"])
def test_two_tokens_with_one_id_turn_the_table_off(first):
    second = {"a": "zzz", "zzz": "a"}[first]
    vocab = {first: 0, second: 0, "b": 1, "ab": 2, **{token: 3 + i for i, token in enumerate(ALL_BYTES)}}
    model = BPE(vocab, [("a", "b")], byte_fallback=True)
    assert model._split_table is None
    assert model.tokenize_ids("ab" * 20) == [2] * 20
    assert_same_as_whole(model, "ab" * 20)


def test_the_table_is_built_once_long_words_add_up():
    vocab = {"<unk>": 0, "a": 1, "b": 2, "ab": 3}
    model = BPE(vocab, [("a", "b")], unk_token="<unk>")
    word = "ab" * 40
    with mock.patch.object(bpe_model, "_SPLIT_TABLE_AFTER", 100):
        assert model.tokenize_ids(word) == [3] * 40 and "_split_table" not in vars(model)
        assert model.tokenize_ids("b" + word) == [2] + [3] * 40 and "_split_table" in vars(model)
        assert model.tokenize_ids("a" + word) == [1] + [3] * 40
        assert_same_as_whole(model, "a" + word)


def test_the_table_only_where_proved():
    vocab = {"<unk>": 0, "a": 1, "b": 2, "ab": 3}
    assert BPE(vocab, [("a", "b")], unk_token="<unk>")._split_table is not None
    assert BPE(vocab, [("a", "b")])._split_table.drops  # an unknown character would be dropped
    assert BPE(vocab, [("a", "b")], byte_fallback=True)._split_table.drops  # with too few byte tokens
    assert BPE(vocab, [("a", "b")], unk_token="<unk>", dropout=0.5)._split_table is None
    prefixed = BPE({**vocab, "##b": 4}, [("a", "##b")], unk_token="<unk>", continuing_subword_prefix="##")
    assert prefixed._split_table is None
    suffixed = BPE({**vocab, "b</w>": 4, "ab</w>": 5}, [("a", "b</w>")], unk_token="<unk>", end_of_word_suffix="</w>")
    assert suffixed._split_table is None
    assert BPE({**vocab, "alias": 3}, [("a", "b")], unk_token="<unk>")._split_table is None
    model = BPE(vocab, [("a", "b")], unk_token="<unk>")
    assert model._split_table is not None
    model.dropout = 0.5  # a setting that changes drops the table, as it empties the cache
    assert model._split_table is None


def test_mistral_lines_are_cut_into_words_and_pieces():
    tokenizer = Tokenizer.from_file(str(fixture_path("mistral-7b/tokenizer.json")))
    table = tokenizer.model._split_table
    assert table is not None and table.cut_unknown
    line = "▁Hello▁world,▁this▁is▁one▁long▁line\nwith▁a▁newline"
    pieces = split.pieces(line, split.split_points(line, table))
    assert "▁world" in pieces and "\n" in pieces and "".join(pieces) == line
