"""BPE: hand-worked merges, unknown characters, options, files and tokenizer.json entries."""

from __future__ import annotations

import doctest
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subword.models.bpe.files
import subword.models.bpe.merge
import subword.models.bpe.model
import subword.models.bpe.split
from subword.models.bpe.merge import merge_by_scan, merge_symbols
from subword.errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError
from subword.models import BPE, Token, models_registry

# a b c -> "ab" (rank 0) -> "abc" (rank 1); "bc" (rank 2) only helps when "ab" cannot form.
VOCAB = {"<unk>": 0, "a": 1, "b": 2, "c": 3, "ab": 4, "abc": 5, "bc": 6}
MERGES = [("a", "b"), ("ab", "c"), ("b", "c")]


def values(tokens) -> list[tuple[str, tuple[int, int]]]:
    """(value, offsets) of Tokens or of the pipeline's (id, value, offsets) rows."""
    return [(token[1], token[2]) for token in tokens]


@pytest.mark.parametrize(
    "module",
    [subword.models.bpe.model, subword.models.bpe.merge, subword.models.bpe.files, subword.models.bpe.split],
)
def test_doctests(module):
    assert doctest.testmod(module).failed == 0


def test_merges_apply_lowest_rank_first():
    model = BPE(VOCAB, MERGES)
    assert values(model.tokenize("abc")) == [("abc", (0, 3))]
    assert values(model.tokenize("bcab")) == [("bc", (0, 2)), ("ab", (2, 4))]
    assert values(model.tokenize("cba")) == [("c", (0, 1)), ("b", (1, 2)), ("a", (2, 3))]
    assert model.tokenize("") == [] and model.tokenize_ids("") == []


def test_equal_ranks_merge_leftmost_first():
    model = BPE({"a": 0, "aa": 1, "aaaa": 2}, [("a", "a"), ("aa", "aa")])
    assert values(model.tokenize("aaa")) == [("aa", (0, 2)), ("a", (2, 3))]
    assert values(model.tokenize("aaaaa")) == [("aaaa", (0, 4)), ("a", (4, 5))]


def test_a_merge_that_creates_a_lower_ranked_pair_applies_it_at_once():
    # "abab": (a, b) at 0 merges first; the new pair (ab, a) has rank 0 and wins over the
    # second (a, b), which then no longer exists. Merging all (a, b) first would give ab|ab.
    model = BPE({"a": 0, "b": 1, "ab": 2, "aba": 3}, [("ab", "a"), ("a", "b")])
    assert values(model.tokenize("abab")) == [("aba", (0, 3)), ("b", (3, 4))]


def test_merges_in_both_forms_and_repeated_pairs():
    as_strings = BPE(VOCAB, ["#version: 0.2", "a b", "ab c", "b c"])
    as_pairs = BPE(VOCAB, [["a", "b"], ("ab", "c"), ("b", "c")])
    assert as_strings.to_json() == as_pairs.to_json() == BPE(VOCAB, MERGES).to_json()
    # A repeated pair keeps its last rank, so (a, b) now comes after (b, c).
    repeated = BPE(VOCAB, [("a", "b"), ("b", "c"), ("a", "b")])
    assert values(repeated.tokenize("abc")) == [("a", (0, 1)), ("bc", (1, 3))]
    assert repeated.to_json()["merges"] == [["b", "c"], ["a", "b"]]


def test_unknown_characters():
    vocab = {"<unk>": 0, "a": 1, "b": 2, "ab": 3}
    plain = BPE(vocab, [("a", "b")], unk_token="<unk>")
    assert values(plain.tokenize_plain("xyab")) == [("<unk>", (0, 1)), ("<unk>", (1, 2)), ("ab", (2, 4))]
    fused = BPE(vocab, [("a", "b")], unk_token="<unk>", fuse_unk=True)
    assert values(fused.tokenize_plain("xyéab")) == [("<unk>", (0, 3)), ("ab", (3, 5))]
    # Without unk_token an unknown character is dropped; like Rust, the byte counts of the
    # tokens after it move left (here "ab" is made of a and b around the dropped x and é).
    dropping = BPE(vocab, [("a", "b")])
    assert values(dropping.tokenize_plain("axbéab")) == [("ab", (0, 2)), ("ab", (2, 4))]


def test_tokenize_gives_byte_offsets_as_rust():
    # Worked by hand from the Rust package's rule: each symbol takes its UTF-8 bytes, one after
    # the other; a byte token takes its one byte, a dropped character none.
    vocab = {"<unk>": 0, "a": 1, "b": 2, "ab": 3, "<0xC3>": 4, "<0xA9>": 5}
    model = BPE(vocab, [("a", "b")], unk_token="<unk>", byte_fallback=True)
    assert values(model.tokenize("éab")) == [("<0xC3>", (0, 1)), ("<0xA9>", (1, 2)), ("ab", (2, 4))]
    fused = BPE(vocab, [("a", "b")], unk_token="<unk>", fuse_unk=True)
    assert values(fused.tokenize("xy日ab")) == [("<unk>", (0, 5)), ("ab", (5, 7))]
    dropping = BPE(vocab, [("a", "b")])
    assert values(dropping.tokenize("axbéab")) == [("ab", (0, 2)), ("ab", (2, 4))]
    assert values(BPE({"日本": 0, "日": 1, "本": 2}, [("日", "本")], ignore_merges=True).tokenize("日本")) == [("日本", (0, 6))]


def test_unk_token_missing_from_the_vocabulary_fails_when_needed():
    model = BPE({"a": 0}, [], unk_token="<unk>")
    assert model.tokenize_ids("a") == [0]
    with pytest.raises(ArgumentValueError, match="unk_token"):
        model.tokenize("b")


def test_byte_fallback():
    vocab = {"<unk>": 0, "a": 1, "b": 2, "ab": 3, "<0xC3>": 4, "<0xA9>": 5}
    model = BPE(vocab, [("a", "b")], unk_token="<unk>", byte_fallback=True)
    # Both bytes of "é" get the offsets of the whole character.
    assert values(model.tokenize_plain("éab")) == [("<0xC3>", (0, 1)), ("<0xA9>", (0, 1)), ("ab", (1, 3))]
    # As in Rust, an unknown character waiting to become <unk> comes after the bytes that follow.
    assert [t[1] for t in model.tokenize_plain("xéab")] == ["<0xC3>", "<0xA9>", "<unk>", "ab"]
    # A character whose bytes are not all in the vocabulary falls back to <unk>.
    assert values(model.tokenize_plain("日")) == [("<unk>", (0, 1))]


def test_continuing_subword_prefix_and_end_of_word_suffix():
    vocab = {"l": 0, "##o": 1, "##w</w>": 2, "lo": 3, "low</w>": 4}
    model = BPE(vocab, [("l", "##o"), ("lo", "##w</w>")], continuing_subword_prefix="##", end_of_word_suffix="</w>")
    assert values(model.tokenize("low")) == [("low</w>", (0, 3))]
    # "##w" (not last) and "##l</w>" are not in the vocabulary and there is no unk_token.
    assert values(model.tokenize("lowl")) == [("lo", (0, 2))]


def test_a_merge_token_missing_from_the_vocabulary_is_refused():
    with pytest.raises(ArgumentValueError, match="'b'"):
        BPE({"a": 0}, [("a", "b")])
    with pytest.raises(ArgumentValueError, match="'ab'"):
        BPE({"a": 0, "b": 1}, [("a", "b")])


def test_ignore_merges():
    model = BPE({"a": 0, "b": 1, "ab": 2, "abab": 3}, [("a", "b")], ignore_merges=True)
    assert values(model.tokenize("abab")) == [("abab", (0, 4))]
    assert values(model.tokenize("aba")) == [("ab", (0, 2)), ("a", (2, 3))]
    model.ignore_merges = False
    assert values(model.tokenize("abab")) == [("ab", (0, 2)), ("ab", (2, 4))]


def test_dropout():
    base = BPE(VOCAB, MERGES)
    assert BPE(VOCAB, MERGES, dropout=0.0).tokenize("abcabc") == base.tokenize("abcabc")
    assert BPE(VOCAB, MERGES, dropout=1.0).tokenize_ids("abcabc") == [1, 2, 3, 1, 2, 3]
    seeded = [BPE(VOCAB, MERGES, dropout=0.5, seed=7).tokenize_ids("abc" * 20) for _ in range(2)]
    assert seeded[0] == seeded[1]


def test_settings_are_checked_and_empty_the_cache():
    model = BPE(VOCAB, MERGES)
    assert model.tokenize_ids("xa") == [1]
    model.unk_token = "<unk>"
    assert model.tokenize_ids("xa") == [0, 1]
    with pytest.raises(ArgumentValueError):
        model.dropout = 1.5
    with pytest.raises(ArgumentTypeError):
        model.fuse_unk = "yes"
    with pytest.raises(ArgumentTypeError):
        BPE(VOCAB, MERGES, unk_token=3)
    with pytest.raises(ArgumentTypeError):
        BPE(VOCAB, [("a", "b", "c")])
    with pytest.raises(ArgumentValueError):
        BPE(VOCAB, ["a b c"])
    with pytest.raises(ArgumentValueError, match="both"):
        BPE(VOCAB)
    assert BPE(dropout=0.1).dropout == 0.1


def test_no_cache_gives_the_same_tokens():
    assert BPE(VOCAB, MERGES, cache_capacity=0).tokenize("abcb") == BPE(VOCAB, MERGES).tokenize("abcb")


def test_read_file_with_and_without_header(tmp_path):
    (tmp_path / "vocab.json").write_text(json.dumps(VOCAB), encoding="utf-8")
    (tmp_path / "with.txt").write_text("#version: 0.2\na b\r\nab c\nb c\n", encoding="utf-8")
    (tmp_path / "without.txt").write_text("a b\nab c\nb c", encoding="utf-8")
    for name in ("with.txt", "without.txt"):
        vocab, merges = BPE.read_file(str(tmp_path / "vocab.json"), str(tmp_path / name))
        assert vocab == VOCAB and merges == MERGES
    model = BPE.from_file(str(tmp_path / "vocab.json"), str(tmp_path / "with.txt"), unk_token="<unk>")
    assert model.unk_token == "<unk>" and model.tokenize_ids("abc") == [5]
    assert BPE(str(tmp_path / "vocab.json"), str(tmp_path / "without.txt")).tokenize_ids("abc") == [5]


def test_a_bad_merges_line_is_named(tmp_path):
    (tmp_path / "vocab.json").write_text(json.dumps(VOCAB), encoding="utf-8")
    (tmp_path / "merges.txt").write_text("#version: 0.2\na b\nab c d\n", encoding="utf-8")
    with pytest.raises(TokenizerFileError, match="line 3"):
        BPE.read_file(str(tmp_path / "vocab.json"), str(tmp_path / "merges.txt"))


def test_save_round_trip(tmp_path):
    model = BPE(VOCAB, MERGES, unk_token="<unk>")
    paths = model.save(str(tmp_path), "tiny")
    assert paths == [str(tmp_path / "tiny-vocab.json"), str(tmp_path / "tiny-merges.txt")]
    assert (tmp_path / "tiny-merges.txt").read_text(encoding="utf-8") == "#version: 0.2\na b\nab c\nb c\n"
    assert json.loads((tmp_path / "tiny-vocab.json").read_text(encoding="utf-8")) == VOCAB
    again = BPE.from_file(*paths, unk_token="<unk>")
    assert again.to_json() == model.to_json()


def test_to_json_and_from_json():
    model = BPE(VOCAB, MERGES, unk_token="<unk>", ignore_merges=True)
    assert model.to_json() == {
        "type": "BPE",
        "dropout": None,
        "unk_token": "<unk>",
        "continuing_subword_prefix": None,
        "end_of_word_suffix": None,
        "fuse_unk": False,
        "byte_fallback": False,
        "ignore_merges": True,
        "vocab": VOCAB,
        "merges": [["a", "b"], ["ab", "c"], ["b", "c"]],
    }
    assert models_registry.from_json(model.to_json(), "model").to_json() == model.to_json()
    minimal = models_registry.from_json({"type": "BPE", "vocab": VOCAB, "merges": ["a b", "ab c"]}, "model")
    assert minimal.tokenize_ids("abc") == [5] and minimal.unk_token is None and minimal.fuse_unk is False
    with_nulls = {"type": "BPE", "vocab": VOCAB, "merges": [], "fuse_unk": None, "dropout": None}
    assert models_registry.from_json(with_nulls, "model").fuse_unk is False


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"type": "BPE", "vocab": VOCAB}, "merges"),
        ({"type": "BPE", "merges": []}, "vocab"),
        ({"type": "BPE", "vocab": VOCAB, "merges": ["a b", ["ab", "c"]]}, "mix"),
        ({"type": "BPE", "vocab": VOCAB, "merges": [], "dropout": "0.1"}, "dropout"),
        ({"type": "BPE", "vocab": VOCAB, "merges": [], "dropout": 2}, "dropout"),
        ({"type": "BPE", "vocab": VOCAB, "merges": ["a x"]}, "'x'"),
        ({"type": "BPE", "vocab": {"a": -1}, "merges": []}, "vocab"),
    ],
)
def test_malformed_entries_name_the_field(entry, message):
    with pytest.raises(TokenizerFileError, match=message):
        models_registry.from_json(entry, "model")


@given(st.text(alphabet="abcx", max_size=40))
def test_fast_path_agrees_with_tokens(word):
    for options in ({}, {"unk_token": "<unk>"}, {"unk_token": "<unk>", "fuse_unk": True}):
        model = BPE(VOCAB, MERGES, **options)
        tokens = model.tokenize(word)
        assert model.tokenize_ids(word) == [token.id for token in tokens]
        assert BPE(VOCAB, MERGES, cache_capacity=0, **options).tokenize_ids(word) == [t.id for t in tokens]
        if options and word:  # nothing is dropped: the offsets tile the word
            assert tokens[0].offsets[0] == 0 and tokens[-1].offsets[1] == len(word)
            assert [t.offsets[0] for t in tokens[1:]] == [t.offsets[1] for t in tokens[:-1]]
            assert all(t.value == word[slice(*t.offsets)] for t in tokens if t.value != "<unk>")


@st.composite
def grown_models(draw) -> BPE:
    """A BPE whose merges join random pairs of its tokens: repeated results (two pairs making one
    token, as in vocabularies converted from SentencePiece), chains, and sometimes a prefix."""
    prefix = draw(st.sampled_from([None, "##"]))
    tokens = ["a", "b", "c", "d"] + ([f"{prefix}{char}" for char in "abcd"] if prefix else [])
    merges: list[tuple[str, str]] = []
    for _ in range(draw(st.integers(0, 30))):
        left, right = draw(st.sampled_from(tokens)), draw(st.sampled_from(tokens))
        if prefix and not right.startswith(prefix):
            continue
        merges.append((left, right))
        joined = left + (right[len(prefix) :] if prefix else right)
        if joined not in tokens:
            tokens.append(joined)
    return BPE({token: id_ for id_, token in enumerate(tokens)}, merges, continuing_subword_prefix=prefix)


@given(grown_models(), st.lists(st.text(alphabet="abcd", min_size=1, max_size=24), min_size=1, max_size=5))
def test_short_words_merge_by_scan_as_by_heap(model, words):
    assert model._merges_only_grow
    for word in words:
        symbols, _ = model._symbols(word)
        heap_ids = list(symbols)
        positions = merge_symbols(heap_ids, model._ranks, model._merged)
        scan_ids = list(symbols)
        assert merge_by_scan(scan_ids, model._ranks, model._merged) == positions
        assert scan_ids == [heap_ids[p] for p in positions]


def test_a_merge_that_gives_back_its_own_token_keeps_the_heap():
    # With the prefix "##", the merge ("a", "##") makes "a" + "" = "a": merge_by_scan's
    # reasoning does not hold, so every word takes merge_symbols.
    model = BPE({"a": 0, "##": 1, "b": 2, "ab": 3, "##b": 4}, [("a", "##"), ("a", "##b")], continuing_subword_prefix="##")
    assert not model._merges_only_grow
    assert BPE(VOCAB, MERGES)._merges_only_grow


def test_settings_over_names_the_settings_of_a_model_with_the_same_tables():
    vocab = {"a": 0, "b": 1, "ab": 2, "##b": 3, "a##b": 4}
    merges = [("a", "b")]
    base = BPE(vocab, merges)
    assert BPE(vocab, merges, unk_token="a", fuse_unk=True).settings_over(base) == {
        "type": "BPE", "dropout": None, "unk_token": "a", "continuing_subword_prefix": None,
        "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": False, "ignore_merges": False,
    }
    assert BPE(vocab, []).settings_over(base) is None  # other merges
    assert BPE({**vocab, "c": 5}, merges).settings_over(base) is None  # another vocabulary
    # the prefix changes what a merge makes ("a" + "##b" -> "ab"), so the same merges build other tables
    assert BPE(vocab, [("a", "##b")], continuing_subword_prefix="##").settings_over(BPE(vocab, [("a", "##b")])) is None
