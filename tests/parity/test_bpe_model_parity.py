"""BPE against `tokenizers.models.BPE`: same ids, tokens and offsets, same files and JSON.

`Model.tokenize` reports offsets in bytes of the word in both (each byte token of "é" its own
byte); the pipeline's `tokenize_plain` counts characters, and the byte tokens inside "é" all get
all of "é", as the Rust Encoding does.
"""

from __future__ import annotations

import collections
import json
from functools import lru_cache

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tokenizers import Tokenizer as RustTokenizer
from tokenizers import models as rust_models
from tokenizers import pre_tokenizers as rust_pre_tokenizers

from subword.models import BPE
from tests.parity._compare import ours_outcome, rust_outcome
from tests.shared_data import corpus_files, corpus_lines, fixture_path

# Letters, accents, CJK, emoji, combining marks, controls, zero-width chars, spaces.
TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from("aeiouéèñüßøæ日本語中文한국어🤗👍🏽\u0301\u0308\u200b\u200d\ufeff"),
        st.sampled_from("\x00\x7f\t #-'"),
    ),
    max_size=60,
)


def rust_tokens(model, word: str) -> list[tuple[int, str, tuple[int, int]]]:
    """The Rust model's tokens, offsets in bytes of the word."""
    return [(t.id, t.value, t.offsets) for t in model.tokenize(word)]


def our_tokens(model: BPE, word: str) -> list[tuple[int, str, tuple[int, int]]]:
    tokens = [(t.id, t.value, t.offsets) for t in model.tokenize(word)]
    assert model.tokenize_ids(word) == [t[0] for t in tokens], word
    return tokens


# -- the real vocabularies --------------------------------------------------------------------


def _byte_level_words(text: str) -> list[str]:
    splitter = rust_pre_tokenizers.ByteLevel(add_prefix_space=False)
    return [word for word, _ in splitter.pre_tokenize_str(text)]


def _whitespace_words(text: str) -> list[str]:
    return [word for word, _ in rust_pre_tokenizers.Whitespace().pre_tokenize_str(text)]


def _bert_lower_words(text: str) -> list[str]:
    return [word for word, _ in rust_pre_tokenizers.BertPreTokenizer().pre_tokenize_str(text.lower())]


def _metaspace_word(text: str) -> list[str]:
    # Mistral's normalizer prepends "▁" and replaces spaces; the whole line is one word.
    return ["▁" + text.replace(" ", "▁")] if text else []


def _from_files(vocab: str, merges: str, **options):
    paths = str(fixture_path(vocab)), str(fixture_path(merges))
    return BPE.from_file(*paths, **options), rust_models.BPE.from_file(*paths, **options)


def _from_tokenizer_json(path: str):
    location = fixture_path(path)
    entry = json.loads(location.read_text(encoding="utf-8"))["model"]
    return BPE.from_json(entry, f"{path}:model"), RustTokenizer.from_file(str(location)).model


MODELS = {
    "gpt2": (lambda: _from_files("gpt2/encoder.json", "gpt2/vocab.bpe"), _byte_level_words),
    "openai-gpt": (
        lambda: _from_files(
            "openai-gpt/vocab.json", "openai-gpt/merges.txt", unk_token="<unk>", end_of_word_suffix="</w>"
        ),
        _bert_lower_words,
    ),
    "wiki": (lambda: _from_tokenizer_json("hf-tokenizers-testdata/tokenizer-wiki.json"), _whitespace_words),
    "mistral": (lambda: _from_tokenizer_json("mistral-7b/tokenizer.json"), _metaspace_word),
}


@lru_cache(maxsize=None)
def loaded(name: str):
    return MODELS[name][0]()


@lru_cache(maxsize=None)
def corpus_words(name: str) -> list[str]:
    files = corpus_files()
    if not files:
        pytest.skip("no shared corpora")
    lines = [line for path in files for line in corpus_lines(path, 12)]
    return [word for line in lines for word in MODELS[name][1](line)]


@pytest.mark.parametrize("name", sorted(MODELS))
def test_corpus_words(name):
    ours, rust = loaded(name)
    for word in corpus_words(name):
        assert our_tokens(ours, word) == rust_tokens(rust, word), word


@pytest.mark.parametrize("name", sorted(MODELS))
@given(text=TEXT)
def test_generated_words(name, text):
    ours, rust = loaded(name)
    for word in MODELS[name][1](text) + [text]:
        assert our_tokens(ours, word) == rust_tokens(rust, word), word


@pytest.mark.parametrize("name", ["gpt2", "wiki"])
def test_same_json_and_files(name, tmp_path):
    ours, rust = loaded(name)
    rust_entry = json.loads(RustTokenizer(rust).to_str())["model"]
    assert list(ours.to_json().items()) == list(rust_entry.items())
    (tmp_path / "ours").mkdir()
    (tmp_path / "rust").mkdir()
    ours_paths = ours.save(str(tmp_path / "ours"), "x")
    rust_paths = rust.save(str(tmp_path / "rust"), "x")
    assert [p.replace("ours", "rust") for p in ours_paths] == rust_paths
    for mine, theirs in zip(ours_paths, rust_paths):
        assert open(mine, "rb").read() == open(theirs, "rb").read()


# -- small random vocabularies, every option ----------------------------------------------------

ALPHABET = "abcé日"


@st.composite
def bpe_setups(draw):
    """A random vocabulary with random merges (repeats, odd orders) and random options."""
    prefix = draw(st.sampled_from([None, "", "##"]))
    suffix = draw(st.sampled_from([None, "</w>"]))
    options = {
        "continuing_subword_prefix": prefix,
        "end_of_word_suffix": suffix,
        "unk_token": draw(st.sampled_from([None, "<unk>"])),
        "fuse_unk": draw(st.booleans()),
        "byte_fallback": draw(st.booleans()),
        "ignore_merges": draw(st.booleans()),
    }
    chars = draw(st.lists(st.sampled_from(ALPHABET), min_size=1, unique=True))
    byte_tokens = draw(st.lists(st.sampled_from(b"ab\xc3\xa9\xe6"), unique=True))
    tokens = ["<unk>"] + chars + [f"<0x{b:02X}>" for b in byte_tokens]
    if prefix:
        tokens += [prefix + c for c in chars]
    if suffix:
        tokens += [c + suffix for c in chars]
    merges = []
    for _ in range(draw(st.integers(0, 12))):
        a = draw(st.sampled_from(tokens))
        right = [t for t in tokens if t.startswith(prefix)] if prefix else tokens
        b = draw(st.sampled_from(right))
        joined = a + b[len(prefix or "") :]
        if joined not in tokens:
            tokens.append(joined)
        merges.append((a, b))
    vocab = {token: i for i, token in enumerate(dict.fromkeys(tokens))}
    # The Rust constructor takes no None for the prefix and suffix: leave unset options out.
    return vocab, merges, {name: value for name, value in options.items() if value is not None}


@given(setup=bpe_setups(), words=st.lists(st.text(ALPHABET + "xy", max_size=12), max_size=6))
def test_random_vocabularies(setup, words):
    vocab, merges, options = setup
    rust = rust_models.BPE(vocab, merges, **options)
    ours = BPE(vocab, merges, **options)
    for word in words:
        expected = rust_outcome(lambda: rust_tokens(rust, word))
        got = ours_outcome(lambda: our_tokens(ours, word), expected, word)
        if got is not None:
            assert got == expected, (word, merges, options)
    rust_entry = json.loads(RustTokenizer(rust).to_str())["model"]
    assert list(ours.to_json().items()) == list(rust_entry.items())
    assert BPE.from_json(rust_entry, "model").to_json() == rust_entry


def test_rust_reads_our_json():
    vocab = {"<unk>": 0, "a": 1, "b": 2, "ab": 3}
    ours = BPE(vocab, ["a b"], dropout=0.1, unk_token="<unk>", fuse_unk=True, byte_fallback=True)
    document = json.loads(RustTokenizer(rust_models.BPE()).to_str())
    document["model"] = ours.to_json()
    rust = RustTokenizer.from_str(json.dumps(document))
    assert json.loads(rust.to_str())["model"] == ours.to_json()


def test_unknown_and_inconsistent_merges_match_rust():
    cases = [
        ({"a": 0, "b": 1, "ab": 2, "aba": 3}, [("ab", "a"), ("a", "b")], {}, ["abab", "ababab", "aabab"]),
        ({"<unk>": 0, "a": 1, "b": 2, "ab": 3, "<0xC3>": 4, "<0xA9>": 5}, [("a", "b")],
         {"unk_token": "<unk>", "byte_fallback": True, "fuse_unk": True}, ["xyéxa", "xéab", "ééxx"]),
        ({"a": 0, "b": 1, "ab": 2}, [("a", "b")], {}, ["axbéab", "ééab"]),
    ]
    for vocab, merges, options, words in cases:
        ours, rust = BPE(vocab, merges, **options), rust_models.BPE(vocab, merges, **options)
        for word in words:
            assert our_tokens(ours, word) == rust_tokens(rust, word), word


# -- dropout ------------------------------------------------------------------------------------

DROPOUT_WORD = "Ġrepresentatives"
SAMPLES = 3000
# Rust draws its own random numbers, so the two count distributions are compared statistically:
# their total variation distance must stay under 0.06 (about 3x what sampling noise gives at
# 3000 samples; observed ~0.02) and their means within 0.15 tokens.
MAX_DISTANCE = 0.06


def _counts(model, word: str) -> collections.Counter:
    return collections.Counter(len(model.tokenize(word)) for _ in range(SAMPLES))


def test_dropout_distribution_matches_rust():
    paths = str(fixture_path("gpt2/encoder.json")), str(fixture_path("gpt2/vocab.bpe"))
    plain = len(BPE.from_file(*paths).tokenize(DROPOUT_WORD))
    assert [t.value for t in BPE.from_file(*paths, dropout=1.0).tokenize(DROPOUT_WORD)] == list(DROPOUT_WORD)
    ours = BPE.from_file(*paths, dropout=0.5, seed=0)
    rust = rust_models.BPE.from_file(*paths, dropout=0.5)
    for _ in range(200):
        assert "".join(t.value for t in ours.tokenize(DROPOUT_WORD)) == DROPOUT_WORD
    mine, theirs = _counts(ours, DROPOUT_WORD), _counts(rust, DROPOUT_WORD)
    distance = sum(abs(mine[k] - theirs[k]) for k in mine.keys() | theirs.keys()) / (2 * SAMPLES)
    mean_mine = sum(k * v for k, v in mine.items()) / SAMPLES
    mean_theirs = sum(k * v for k, v in theirs.items()) / SAMPLES
    assert plain < mean_mine < len(DROPOUT_WORD)
    assert distance < MAX_DISTANCE, (sorted(mine.items()), sorted(theirs.items()))
    assert abs(mean_mine - mean_theirs) < 0.15


def test_a_long_word_without_spaces():
    ours, rust = loaded("gpt2")
    files = corpus_files()
    if not files:
        pytest.skip("no shared corpora")
    text = "".join(files[0].read_text(encoding="utf-8").split())[:20_000]
    word = "".join(_byte_level_words(text))
    assert our_tokens(ours, word) == rust_tokens(rust, word)
