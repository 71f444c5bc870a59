"""WordPiece and WordLevel against `tokenizers.models`: same tokens, ids and offsets.

The Rust models report offsets in bytes of the word; subword reports characters, so the Rust
offsets are converted before comparing.
"""

from __future__ import annotations

import json
import random
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tokenizers import models as rust_models
from tokenizers import pre_tokenizers as rust_pre_tokenizers

from subword.models import WordLevel, WordPiece, models_registry
from tests.shared_data import corpus_files, corpus_lines, fixture_path

VOCABS = ["bert-base-uncased/vocab.txt", "bert-base-cased/vocab.txt"]

# Letters, accents, CJK, emoji, combining marks, controls, zero-width chars, spaces.
WORD_CHARS = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    st.sampled_from("aeiouéèñüßøæ日本語中文한국어🤗👍🏽\u0301\u0308\u200b\u200d\ufeff\x00\x7f\t #-'"),
)


def rust_tokens(model, word: str) -> list[tuple[int, str, tuple[int, int]]] | str:
    """The Rust model's tokens (offsets in bytes of the word, as subword's), or "error" if it refuses."""
    try:
        tokens = model.tokenize(word)
    except Exception:
        return "error"
    return [(t.id, t.value, t.offsets) for t in tokens]


def our_tokens(model, word: str) -> list[tuple[int, str, tuple[int, int]]] | str:
    try:
        tokens = model.tokenize(word)
    except ValueError:
        return "error"
    return [(t.id, t.value, t.offsets) for t in tokens]


@lru_cache(maxsize=None)
def wordpiece_pair(relative: str, **options) -> tuple:
    path = str(fixture_path(relative))
    return rust_models.WordPiece.from_file(path, **options), WordPiece.from_file(path, **options)


def corpus_words(limit_per_file: int) -> list[str]:
    """Words of the shared corpora, cut as BERT cuts them (whitespace and punctuation)."""
    splitter = rust_pre_tokenizers.BertPreTokenizer()
    words = []
    for path in corpus_files():
        for line in corpus_lines(path, limit_per_file):
            words.extend(word for word, _ in splitter.pre_tokenize_str(line))
    return words


@pytest.mark.parametrize("relative", VOCABS)
def test_wordpiece_corpus_words(relative):
    rust, ours = wordpiece_pair(relative)
    words = corpus_words(limit_per_file=40)
    if not words:
        pytest.skip("no shared corpora")
    for word in words + [word.lower() for word in words]:
        assert our_tokens(ours, word) == rust_tokens(rust, word), word
        assert ours.tokenize_ids(word) == [t.id for t in rust.tokenize(word)], word


@pytest.mark.parametrize("relative", VOCABS)
@given(word=st.text(WORD_CHARS, max_size=30))
def test_wordpiece_hypothesis_text(relative, word):
    rust, ours = wordpiece_pair(relative)
    assert our_tokens(ours, word) == rust_tokens(rust, word)


@given(pieces=st.lists(st.integers(0, 30_521), min_size=1, max_size=12), joiner=st.sampled_from(["", "##", "x"]))
def test_wordpiece_words_built_from_vocab_pieces(pieces, joiner):
    """Words glued from vocabulary entries exercise the longest-match choice."""
    rust, ours = wordpiece_pair(VOCABS[0])
    word = joiner.join(ours.id_to_token(i).removeprefix("##") for i in pieces)
    assert our_tokens(ours, word) == rust_tokens(rust, word)


@pytest.mark.parametrize("options", [{"max_input_chars_per_word": 5}, {"max_input_chars_per_word": 0},
                                     {"continuing_subword_prefix": ""}, {"continuing_subword_prefix": "@@"},
                                     {"unk_token": "[PAD]"}, {"unk_token": "<missing>"}])
def test_wordpiece_options(options):
    rust, ours = wordpiece_pair(VOCABS[0], **options)
    for word in ["hello", "unaffable", "héllo", "日本語", "🤗x", "", "abcde", "abcdef", "é" * 5 + "x", "##s", "xq#"]:
        assert our_tokens(ours, word) == rust_tokens(rust, word), word


def test_wordpiece_small_vocab_with_multibyte_pieces():
    vocab = {"[UNK]": 0, "é": 1, "##é": 2, "a": 3, "##b": 4, "日": 5, "##本語": 6, "##本": 7}
    rust, ours = rust_models.WordPiece(vocab), WordPiece(vocab)
    for word in ["éé", "éx", "ab", "abb", "日本語", "日本", "日本本", "é" * 101, "é" * 100]:
        assert our_tokens(ours, word) == rust_tokens(rust, word), word


@settings(max_examples=200)
@given(
    pieces=st.lists(st.text("ab#é日", min_size=1, max_size=4), min_size=1, max_size=12),
    words=st.lists(st.text("ab#é日x", max_size=8), min_size=1, max_size=6),
    prefix=st.sampled_from(["##", "", "#", "a"]),
)
def test_wordpiece_random_vocab_and_prefix(pieces, words, prefix):
    # the longest-match walk bounds each candidate by the longest piece starting with its char
    vocab = {"[UNK]": 0, **{piece: index + 1 for index, piece in enumerate(dict.fromkeys(pieces))}}
    rust = rust_models.WordPiece(vocab, continuing_subword_prefix=prefix)
    ours = WordPiece(vocab, continuing_subword_prefix=prefix)
    for word in words:
        assert our_tokens(ours, word) == rust_tokens(rust, word), word
    ours.continuing_subword_prefix = rust.continuing_subword_prefix = "##" if prefix != "##" else "a"
    for word in words:
        assert our_tokens(ours, word) == rust_tokens(rust, word), (word, "after the prefix changed")


def test_wordlevel_matches_rust():
    vocab = {"<unk>": 0, "hello": 1, "wörld": 2, "日本": 3, "": 4}
    for unk in [None, "<unk>", "hello", "<none>"]:
        rust, ours = rust_models.WordLevel(vocab, unk), WordLevel(vocab, unk)
        for word in ["hello", "wörld", "日本", "日本語", "", "x", "<unk>"]:
            assert our_tokens(ours, word) == rust_tokens(rust, word), (unk, word)


@given(word=st.text(WORD_CHARS, max_size=12))
def test_wordlevel_hypothesis(word):
    vocab = {"<unk>": 0, word[:3]: 1, word: 2}
    rust, ours = rust_models.WordLevel(vocab, "<unk>"), WordLevel(vocab, "<unk>")
    for probe in [word, word[:3], word[1:], word + "x"]:
        assert our_tokens(ours, probe) == rust_tokens(rust, probe)


def rust_model_json(model) -> dict:
    from tokenizers import Tokenizer

    return json.loads(Tokenizer(model).to_str())["model"]


def test_json_entries_equal_rust():
    vocab = {"[UNK]": 0, "a": 1, "##b": 2, "é": 5, "<unk>": 3}
    assert WordPiece(vocab).to_json() == rust_model_json(rust_models.WordPiece(vocab))
    options = dict(unk_token="a", max_input_chars_per_word=7, continuing_subword_prefix="@@")
    assert WordPiece(vocab, **options).to_json() == rust_model_json(rust_models.WordPiece(vocab, **options))
    assert WordPiece().to_json() == rust_model_json(rust_models.WordPiece())
    assert WordLevel(vocab, "a").to_json() == rust_model_json(rust_models.WordLevel(vocab, "a"))
    assert WordLevel().to_json() == rust_model_json(rust_models.WordLevel())
    # the key order too, since tokenizer.json files are compared as text
    assert list(WordPiece(vocab).to_json()) == list(rust_model_json(rust_models.WordPiece(vocab)))
    assert list(WordLevel(vocab).to_json()) == list(rust_model_json(rust_models.WordLevel(vocab)))
    assert list(WordPiece(vocab).to_json()["vocab"]) == list(rust_model_json(rust_models.WordPiece(vocab))["vocab"])


def test_bert_fixture_model_entry_loads_like_rust():
    data = json.loads(fixture_path("bert-base-uncased/tokenizer.json").read_text(encoding="utf-8"))
    model = models_registry.from_json(data["model"], "model")
    assert isinstance(model, WordPiece)
    assert model.to_json() == data["model"]


@pytest.mark.parametrize("relative", VOCABS)
def test_save_writes_what_rust_writes(relative, tmp_path):
    rust, ours = wordpiece_pair(relative)
    (tmp_path / "rust").mkdir()
    (tmp_path / "ours").mkdir()
    rust_files = rust.save(str(tmp_path / "rust"), "p")
    our_files = ours.save(str(tmp_path / "ours"), "p")
    assert [p.rsplit("/", 1)[1] for p in our_files] == [p.rsplit("/", 1)[1] for p in rust_files] == ["p-vocab.txt"]
    assert (tmp_path / "ours" / "p-vocab.txt").read_bytes() == (tmp_path / "rust" / "p-vocab.txt").read_bytes()


def test_wordlevel_save_writes_what_rust_writes(tmp_path):
    rng = random.Random(0)
    vocab = {f"tok{i}\u00e9\"\\\n\t\x01": i for i in rng.sample(range(100), 60)}
    rust, ours = rust_models.WordLevel(vocab), WordLevel(vocab)
    (tmp_path / "rust").mkdir()
    (tmp_path / "ours").mkdir()
    rust.save(str(tmp_path / "rust"))
    ours.save(str(tmp_path / "ours"))
    assert (tmp_path / "ours" / "vocab.json").read_bytes() == (tmp_path / "rust" / "vocab.json").read_bytes()


@pytest.mark.parametrize(
    "content",
    [b"a\nb\n", b"a\nb", b"a \t\nb\r\n\nc\xc2\xa0\n", b"", b"\n", b"x\nx\ny\n", b"a\x0bb\nc\x1cd\n", b"\xe6\x97\xa5\n##\xe6\x9c\xac\n"],
)
def test_read_vocab_txt_like_rust(content, tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_bytes(content)
    assert WordPiece.read_file(str(path)) == rust_models.WordPiece.read_file(str(path))


@pytest.mark.parametrize(
    "content",
    ['{"a": 0, "b": 7}', '{"a": 0, "b": "skip", "c": null, "d": [1]}', '{"a": 1, "a": 2}', '{"\\u00e9": 3}'],
)
def test_read_vocab_json_like_rust(content, tmp_path):
    path = tmp_path / "vocab.json"
    path.write_text(content, encoding="utf-8")
    assert WordLevel.read_file(str(path)) == rust_models.WordLevel.read_file(str(path))


@pytest.mark.parametrize("content", ["[1, 2]", '{"a": -1}', '{"a": 1.5}', "not json"])
def test_read_vocab_json_errors_like_rust(content, tmp_path):
    path = tmp_path / "vocab.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(Exception):
        rust_models.WordLevel.read_file(str(path))
    with pytest.raises(ValueError):
        WordLevel.read_file(str(path))
