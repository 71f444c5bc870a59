"""Trainers against the Rust trainers, on the same English and multilingual text.

Byte-level BPE and WordLevel are deterministic in Rust: subword must give the same tokenizer.json
(vocabulary, merges, added tokens) and so the same encodings of held-out text. Char-level BPE (with
a suffix and limit_alphabet) and WordPiece depend on hash order in Rust: subword must give the same
result on every run and a held-out token count within 0.5% of Rust's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tokenizers
from hypothesis import given
from hypothesis import strategies as st
from tokenizers import models as rust_models
from tokenizers import normalizers as rust_normalizers
from tokenizers import pre_tokenizers as rust_pre_tokenizers
from tokenizers import trainers as rust_trainers

import subword
from subword import models, normalizers, pre_tokenizers, trainers
from subword.tokenizer.training import train_tokenizer, train_tokenizer_from_files
from tests.shared_data import CORPORA

# About 600 kB of training text: English prose and verse, and several scripts.
TRAIN_PARTS = [
    ("tiny_shakespeare.txt", 150_000),
    ("multilingual/de.txt", 80_000),
    ("multilingual/ru.txt", 80_000),
    ("multilingual/zh.txt", 60_000),
    ("multilingual/ja.txt", 60_000),
    ("multilingual/ar.txt", 50_000),
    ("multilingual/hi.txt", 50_000),
    ("multilingual/emoji.txt", 40_000),
]
HELD_OUT_PARTS = [("wikitext.txt", 30_000), ("multilingual/fr.txt", 20_000), ("multilingual/el.txt", 20_000)]


def read_parts(parts: list[tuple[str, int]]) -> list[str]:
    """The lines (endings kept) of the first `size` characters of each file, cut at a line end."""
    lines: list[str] = []
    for name, size in parts:
        path = CORPORA / name
        if not path.exists():
            pytest.skip(f"shared corpus {path} is absent (set SUBWORD_SHARED to the shared/ folder)")
        text = path.read_text(encoding="utf-8")[:size]
        lines.extend(text[: text.rfind("\n") + 1].splitlines(keepends=True))
    return lines


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return read_parts(TRAIN_PARTS)


@pytest.fixture(scope="module")
def held_out() -> list[str]:
    return [line for line in read_parts(HELD_OUT_PARTS) if line.strip()]


def rust_byte_level(model=None) -> tokenizers.Tokenizer:
    tokenizer = tokenizers.Tokenizer(model or rust_models.BPE())
    tokenizer.pre_tokenizer = rust_pre_tokenizers.ByteLevel(add_prefix_space=False)
    return tokenizer


def subword_byte_level(model=None) -> subword.Tokenizer:
    tokenizer = subword.Tokenizer(model or models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    return tokenizer


def assert_same_tokenizer(ours: subword.Tokenizer, rust: tokenizers.Tokenizer, held_out: list[str]) -> None:
    """Same tokenizer.json (vocabulary, merges in order, added tokens) and same encodings of `held_out`."""
    expected, actual = json.loads(rust.to_str()), json.loads(ours.to_str())
    assert actual["model"]["vocab"] == expected["model"]["vocab"]
    if "merges" in expected["model"]:
        merges = actual["model"]["merges"]
        for rank, (mine, theirs) in enumerate(zip(merges, expected["model"]["merges"])):
            assert mine == theirs, f"merge {rank} differs: {mine} != {theirs}"
        assert len(merges) == len(expected["model"]["merges"])
    assert actual == expected
    expected_ids = [encoding.ids for encoding in rust.encode_batch(held_out)]
    assert [encoding.ids for encoding in ours.encode_batch(held_out)] == expected_ids


BYTE_LEVEL_CASES = {
    "alphabet and special tokens": dict(
        vocab_size=2500, special_tokens=["<s>", "<pad>", "</s>"], initial_alphabet="byte-level"
    ),
    "min_frequency": dict(vocab_size=2500, min_frequency=30, initial_alphabet="byte-level"),
    "max_token_length": dict(vocab_size=2500, max_token_length=4, special_tokens=["<|endoftext|>"]),
    "seen alphabet only": dict(vocab_size=2000),
}


@pytest.mark.parametrize("options", BYTE_LEVEL_CASES.values(), ids=BYTE_LEVEL_CASES.keys())
def test_byte_level_bpe_is_identical(options: dict, corpus: list[str], held_out: list[str]) -> None:
    options = dict(options, show_progress=False)
    if options.pop("initial_alphabet", None):
        options["initial_alphabet"] = pre_tokenizers.ByteLevel.alphabet()
    rust = rust_byte_level()
    rust.train_from_iterator(corpus, rust_trainers.BpeTrainer(**options))
    ours = subword_byte_level()
    train_tokenizer(ours, corpus, trainers.BpeTrainer(**options))
    assert_same_tokenizer(ours, rust, held_out)


def test_byte_level_bpe_from_files_is_identical(tmp_path: Path, corpus: list[str], held_out: list[str]) -> None:
    # Two files, one with "\r\n" endings: lines keep their endings, as Rust reads them.
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    half = len(corpus) // 2
    first.write_text("".join(corpus[:half]), encoding="utf-8", newline="")
    second.write_bytes("".join(corpus[half:]).replace("\n", "\r\n").encode("utf-8"))
    files = [str(first), str(second)]
    options = dict(vocab_size=2000, show_progress=False, initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    rust = rust_byte_level()
    rust.train(files, rust_trainers.BpeTrainer(**options))
    ours = subword_byte_level()
    train_tokenizer_from_files(ours, files, trainers.BpeTrainer(**options))
    assert_same_tokenizer(ours, rust, held_out)


def test_added_tokens_in_the_corpus_count_as_words(corpus: list[str], held_out: list[str]) -> None:
    # Special tokens already in the tokenizer are cut out before pre-tokenization, in training too.
    marked = [f"<doc>{line}" if index % 10 == 0 else line for index, line in enumerate(corpus)]
    options = dict(vocab_size=1500, show_progress=False, special_tokens=["<pad>"])
    rust = rust_byte_level()
    rust.add_special_tokens(["<doc>"])
    rust.train_from_iterator(marked, rust_trainers.BpeTrainer(**options), length=len(marked))
    ours = subword_byte_level()
    ours.add_special_tokens(["<doc>"])
    train_tokenizer(ours, marked, trainers.BpeTrainer(**options), length=len(marked))
    assert_same_tokenizer(ours, rust, held_out)


@pytest.mark.parametrize("min_frequency", [0, 3])
def test_word_level_is_identical(min_frequency: int, corpus: list[str], held_out: list[str]) -> None:
    # "the" is both a special token and a frequent word: Rust gives it the word's id.
    options = dict(vocab_size=3000, min_frequency=min_frequency, special_tokens=["[UNK]", "the"], show_progress=False)
    rust = tokenizers.Tokenizer(rust_models.WordLevel(unk_token="[UNK]"))
    rust.pre_tokenizer = rust_pre_tokenizers.Whitespace()
    rust.train_from_iterator(corpus, rust_trainers.WordLevelTrainer(**options))
    ours = subword.Tokenizer(models.WordLevel(unk_token="[UNK]"))
    ours.pre_tokenizer = pre_tokenizers.Whitespace()
    train_tokenizer(ours, corpus, trainers.WordLevelTrainer(**options))
    assert_same_tokenizer(ours, rust, held_out)


# Small corpora with much repetition, so that many merges tie: words from a few syllables, plus
# accents, CJK, emoji, combining marks, zero-width and control characters, and whitespace runs.
SYLLABLES = st.sampled_from(["ab", "ba", "an", "na", "the", "é", "e\u0301", "日本", "語", "🤗", "ß", "aa", "a"])
ODD = st.sampled_from(["\u200b", "\x07", "\u00a0", "  ", "\t", "\n", "\r\n", ",", "!", "'"])
WORDS = st.lists(SYLLABLES, min_size=1, max_size=5).map("".join)
LINES = st.lists(st.one_of(WORDS, WORDS, ODD, st.just(" ")), max_size=12).map("".join)
BPE_OPTIONS = st.fixed_dictionaries(
    {
        "vocab_size": st.integers(0, 80),  # merges on top of what the alphabet needs
        "min_frequency": st.integers(0, 4),
        "max_token_length": st.none() | st.integers(1, 6),
        "special_tokens": st.lists(st.sampled_from(["<s>", "a", "ab", "[UNK]"]), max_size=3),
    }
)


@given(lines=st.lists(LINES, min_size=1, max_size=30), options=BPE_OPTIONS, byte_level=st.booleans())
def test_bpe_matches_rust_on_small_corpora(lines: list[str], options: dict, byte_level: bool) -> None:
    # Char-level BPE without prefix, suffix or limit_alphabet is deterministic in Rust too.
    rust = rust_byte_level() if byte_level else tokenizers.Tokenizer(rust_models.BPE())
    ours = subword_byte_level() if byte_level else subword.Tokenizer(models.BPE())
    if not byte_level:
        rust.pre_tokenizer, ours.pre_tokenizer = rust_pre_tokenizers.Whitespace(), pre_tokenizers.Whitespace()
    alphabet = {char for word, _ in rust.pre_tokenizer.pre_tokenize_str("".join(lines)) for char in word}
    if not alphabet:
        return  # an empty corpus: subword refuses it (tested in test_trainers.py)
    options = dict(options, show_progress=False)
    options["vocab_size"] += len(alphabet) + len(options["special_tokens"])
    rust.train_from_iterator(lines, rust_trainers.BpeTrainer(**options))
    train_tokenizer(ours, lines, trainers.BpeTrainer(**options))
    assert json.loads(ours.to_str()) == json.loads(rust.to_str())


@given(lines=st.lists(LINES, min_size=1, max_size=30), vocab_size=st.integers(2, 30), min_frequency=st.integers(0, 3))
def test_word_level_matches_rust_on_small_corpora(lines: list[str], vocab_size: int, min_frequency: int) -> None:
    options = dict(vocab_size=vocab_size, min_frequency=min_frequency, special_tokens=["[UNK]", "ab"], show_progress=False)
    rust = tokenizers.Tokenizer(rust_models.WordLevel(unk_token="[UNK]"))
    ours = subword.Tokenizer(models.WordLevel(unk_token="[UNK]"))
    rust.pre_tokenizer, ours.pre_tokenizer = rust_pre_tokenizers.WhitespaceSplit(), pre_tokenizers.WhitespaceSplit()
    if not any(line.split() for line in lines):
        return
    rust.train_from_iterator(lines, rust_trainers.WordLevelTrainer(**options))
    train_tokenizer(ours, lines, trainers.WordLevelTrainer(**options))
    assert json.loads(ours.to_str()) == json.loads(rust.to_str())


def held_out_token_count(tokenizer, held_out: list[str]) -> int:
    return sum(len(encoding.ids) for encoding in tokenizer.encode_batch(held_out))


def assert_deterministic_and_close(build_ours, build_rust, corpus: list[str], held_out: list[str]) -> None:
    """Two subword runs give the same tokenizer; its held-out token count is within 0.5% of Rust's.

    `build_ours` and `build_rust` each return an untrained tokenizer and its trainer.
    """
    runs = []
    for _ in range(2):
        tokenizer, trainer = build_ours()
        train_tokenizer(tokenizer, corpus, trainer)
        runs.append(tokenizer)
    assert runs[0].to_str() == runs[1].to_str()
    rust, rust_trainer = build_rust()
    rust.train_from_iterator(corpus, rust_trainer)
    ours_count, rust_count = held_out_token_count(runs[0], held_out), held_out_token_count(rust, held_out)
    assert abs(ours_count - rust_count) <= 0.005 * rust_count, (ours_count, rust_count)
    assert runs[0].get_vocab_size() == rust.get_vocab_size()


def test_char_level_bpe_is_deterministic_and_close(corpus: list[str], held_out: list[str]) -> None:
    options = dict(
        vocab_size=3000, end_of_word_suffix="</w>", limit_alphabet=400, special_tokens=["<unk>"], show_progress=False
    )

    def build(package_models, package_pre_tokenizers, package_trainers):
        tokenizer = (tokenizers.Tokenizer if package_models is rust_models else subword.Tokenizer)(
            package_models.BPE(unk_token="<unk>", end_of_word_suffix="</w>")
        )
        tokenizer.pre_tokenizer = package_pre_tokenizers.Whitespace()
        return tokenizer, package_trainers.BpeTrainer(**options)

    assert_deterministic_and_close(
        lambda: build(models, pre_tokenizers, trainers),
        lambda: build(rust_models, rust_pre_tokenizers, rust_trainers),
        corpus,
        held_out,
    )


def test_wordpiece_is_deterministic_and_close(corpus: list[str], held_out: list[str]) -> None:
    options = dict(vocab_size=3500, limit_alphabet=800, special_tokens=["[UNK]", "[CLS]", "[SEP]"], show_progress=False)

    def build(package_models, package_normalizers, package_pre_tokenizers, package_trainers):
        tokenizer = (tokenizers.Tokenizer if package_models is rust_models else subword.Tokenizer)(
            package_models.WordPiece(unk_token="[UNK]")
        )
        tokenizer.normalizer = package_normalizers.BertNormalizer(lowercase=True)
        tokenizer.pre_tokenizer = package_pre_tokenizers.BertPreTokenizer()
        return tokenizer, package_trainers.WordPieceTrainer(**options)

    assert_deterministic_and_close(
        lambda: build(models, normalizers, pre_tokenizers, trainers),
        lambda: build(rust_models, rust_normalizers, rust_pre_tokenizers, rust_trainers),
        corpus,
        held_out,
    )


@pytest.mark.parametrize("name", ["BPE", "WordPiece", "WordLevel", "Unigram"])
def test_get_trainer_has_rust_defaults(name):
    expected = getattr(rust_models, name)().get_trainer()
    actual = getattr(models, name)().get_trainer()
    assert type(actual).__name__ == type(expected).__name__
    for option in ("vocab_size", "min_frequency", "special_tokens", "show_progress"):
        if hasattr(expected, option):
            assert getattr(actual, option) == getattr(expected, option), option
