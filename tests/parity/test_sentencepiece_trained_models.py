"""Parity with sentencepiece on `.model` files trained on the fly with varied trainer settings.

`sentencepiece.SentencePieceTrainer` trains small models (unigram, bpe, char, word; byte
fallback, split digits, user-defined and control symbols, no dummy prefix, kept whitespace,
nmt_nfkc_cf and identity rules, whitespace as suffix, whitespace-only pieces, no script split,
custom special ids, short pieces) on a sample of the shared corpora. subword's
SentencePieceProcessor must give sentencepiece's ids, pieces, n-best lists, normalized text and
decoded text; `Tokenizer.from_sentencepiece` must give its ids. Expected values come from
sentencepiece.
"""

from __future__ import annotations

import functools
import io
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subword
from subword.sentencepiece import SentencePieceProcessor
from tests.shared_data import corpus_files, corpus_lines

spm = pytest.importorskip("sentencepiece")

SETTINGS = {
    "unigram": {"model_type": "unigram"},
    "bpe": {"model_type": "bpe"},
    "char": {"model_type": "char"},
    "word": {"model_type": "word"},
    "unigram-byte-fallback": {"model_type": "unigram", "byte_fallback": True, "vocab_size": 1500},
    "bpe-byte-fallback": {"model_type": "bpe", "byte_fallback": True, "vocab_size": 1500},
    "unigram-split-digits": {"model_type": "unigram", "split_digits": True},
    "bpe-user-and-control": {"model_type": "bpe", "user_defined_symbols": ["USER1", "<sep>", "ab"], "control_symbols": ["<cls>", "ctrl"]},
    "unigram-user-and-control": {"model_type": "unigram", "user_defined_symbols": ["USER1", "<sep>", "ab"], "control_symbols": ["<cls>", "ctrl"]},
    "unigram-no-dummy-prefix": {"model_type": "unigram", "add_dummy_prefix": False},
    "bpe-no-dummy-prefix": {"model_type": "bpe", "add_dummy_prefix": False},
    "unigram-keep-whitespace": {"model_type": "unigram", "remove_extra_whitespaces": False},
    "bpe-keep-whitespace": {"model_type": "bpe", "remove_extra_whitespaces": False},
    "unigram-nfkc-cf": {"model_type": "unigram", "normalization_rule_name": "nmt_nfkc_cf"},
    "unigram-identity": {"model_type": "unigram", "normalization_rule_name": "identity"},
    "bpe-identity": {"model_type": "bpe", "normalization_rule_name": "identity"},
    "unigram-whitespace-suffix": {"model_type": "unigram", "treat_whitespace_as_suffix": True},
    "bpe-whitespace-suffix": {"model_type": "bpe", "treat_whitespace_as_suffix": True},
    "unigram-whitespace-pieces": {"model_type": "unigram", "allow_whitespace_only_pieces": True, "remove_extra_whitespaces": False},
    "bpe-whitespace-pieces": {"model_type": "bpe", "allow_whitespace_only_pieces": True, "remove_extra_whitespaces": False},
    "unigram-one-script-run": {"model_type": "unigram", "split_by_unicode_script": False},
    "bpe-no-splits": {"model_type": "bpe", "split_by_unicode_script": False, "split_by_number": False, "split_by_whitespace": False},
    "unigram-no-whitespace-split": {"model_type": "unigram", "split_by_whitespace": False},
    "unigram-custom-ids": {"model_type": "unigram", "pad_id": 3, "unk_id": 1, "bos_id": 0, "eos_id": -1},
    "unigram-short-pieces": {"model_type": "unigram", "max_sentencepiece_length": 3},
}
BASE = {"vocab_size": 800, "hard_vocab_limit": False, "character_coverage": 0.98, "num_threads": 1, "minloglevel": 2}
ENGLISH_HINTS = ("en", "botchan", "shakespeare", "wiki")

EXTRA_LINES = [
    "Hello  world!", "  leading and trailing  ", "", " ", "   ", "a  b   c", "naïve café ``quoted'' text",
    "x\x00y\tz\u200b", "1234567890 3.14", "🤗🤗 emoji", "<s> </s> <unk> <cls> ctrl hi", "USER1 foo<sep>bar abab",
    "ǅ ﬁ ① ｱ ㍿", "\u00a0\u3000x", "▁▁x▁", "ÀÉÎ straße",
]


@functools.lru_cache(maxsize=None)
def _training_lines() -> tuple[str, ...]:
    """Mostly English, a few lines of every other language, so small vocabularies fit."""
    lines: list[str] = []
    for path in corpus_files():
        english = any(hint in path.name for hint in ENGLISH_HINTS)
        lines += corpus_lines(path, 300 if english else 4)
    if not lines:
        pytest.skip("the shared corpora are absent")
    return tuple(lines)


@functools.lru_cache(maxsize=None)
def _test_lines() -> tuple[str, ...]:
    return tuple(line for path in corpus_files() for line in corpus_lines(path, 5)) + tuple(EXTRA_LINES)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("spm")


def _train(name: str, folder: Path) -> Path:
    path = folder / f"{name}.model"
    if not path.exists():
        writer = io.BytesIO()
        spm.SentencePieceTrainer.train(sentence_iterator=iter(_training_lines()), model_writer=writer, **{**BASE, **SETTINGS[name]})
        path.write_bytes(writer.getvalue())
    return path


@functools.lru_cache(maxsize=None)
def _processors(name: str, folder: Path) -> tuple[SentencePieceProcessor, object]:
    path = _train(name, folder)
    return SentencePieceProcessor(model_file=str(path)), spm.SentencePieceProcessor(model_file=str(path))


def _bos_eos(processor: object, text: str) -> object:
    try:
        return processor.encode(text, add_bos=True, add_eos=True)
    except (ValueError, RuntimeError, subword.SubwordError):
        return "refused"  # the model has no bos or eos piece


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_processor_matches_sentencepiece(name: str, model_dir: Path) -> None:
    ours, theirs = _processors(name, model_dir)
    assert ours.get_piece_size() == theirs.get_piece_size()
    for text in _test_lines():
        ids = theirs.encode(text)
        assert ours.encode(text) == ids, f"{name} ids of {text!r}"
        assert ours.encode(text, out_type=str) == theirs.encode(text, out_type=str), f"{name} pieces of {text!r}"
        assert ours.encode(text, out_type=str, emit_unk_piece=True) == theirs.encode(text, out_type=str, emit_unk_piece=True)
        assert ours.normalize(text) == theirs.normalize(text), f"{name} normalize {text!r}"
        assert ours.decode(ids) == theirs.decode(ids), f"{name} decode of {text!r}"
        assert _bos_eos(ours, text) == _bos_eos(theirs, text), f"{name} bos/eos {text!r}"
        if SETTINGS[name]["model_type"] == "unigram":
            short = text[:40]
            assert ours.nbest_encode_as_ids(short, 5) == theirs.nbest_encode_as_ids(short, 5), f"{name} n-best {short!r}"


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_decode_of_random_ids(name: str, model_dir: Path) -> None:
    ours, theirs = _processors(name, model_dir)
    generator = random.Random(name)
    for _ in range(40):
        ids = [generator.randrange(theirs.get_piece_size()) for _ in range(generator.randrange(10))]
        assert ours.decode(ids) == theirs.decode(ids), f"{name} decode {ids}"
        assert ours.decode(ids, out_type=bytes) == theirs.decode(ids, out_type=bytes), f"{name} decode bytes {ids}"
        pieces = [theirs.id_to_piece(i) for i in ids]
        assert ours.decode_pieces(pieces) == theirs.decode_pieces(pieces), f"{name} decode_pieces {pieces}"


TOKENIZER_MODELS = sorted(n for n, s in SETTINGS.items() if s["model_type"] in ("unigram", "bpe") and "suffix" not in n)


@pytest.mark.parametrize("name", TOKENIZER_MODELS)
def test_tokenizer_from_sentencepiece_ids(name: str, model_dir: Path) -> None:
    """Same ids as sentencepiece; decode too, when no unknown piece is involved.

    Skipped: text holding a control or unknown piece's spelling ("<unk>", "</s>"), which a
    Unigram lattice may match as that piece (a documented difference of the pipeline). Decode is
    not compared on text holding "▁": under the identity rule it stays a piece of its own, and
    sentencepiece drops every leading whitespace piece where the Strip decoder drops one space.
    """
    path = _train(name, model_dir)
    tokenizer = subword.Tokenizer.from_sentencepiece(path)
    theirs = spm.SentencePieceProcessor(model_file=str(path))
    reserved = [theirs.id_to_piece(i) for i in range(theirs.get_piece_size()) if theirs.is_control(i) or theirs.is_unknown(i)]
    for text in _test_lines():
        if any(piece in text for piece in reserved):
            continue
        ids = theirs.encode(text)
        assert tokenizer.encode(text).ids == ids, f"{name} {text!r}"
        if theirs.unk_id() not in ids and "▁" not in text:
            assert tokenizer.decode(ids) == theirs.decode(ids), f"{name} decode {text!r}"


def test_whitespace_as_suffix_is_refused_by_from_sentencepiece(model_dir: Path) -> None:
    with pytest.raises(subword.TokenizerFileError, match="treat_whitespace_as_suffix"):
        subword.Tokenizer.from_sentencepiece(_train("unigram-whitespace-suffix", model_dir))


HYPOTHESIS_MODELS = ["unigram-byte-fallback", "bpe-user-and-control", "unigram-nfkc-cf", "bpe-whitespace-pieces", "unigram-whitespace-suffix"]
PIECES = st.one_of(
    st.text(st.sampled_from("aAéÉe \t\n日本語한국어ßǅﬁ①ｱ½\u0301\u200b\u00a0\u3000\x00\x7f\ufeff\u00ad🤗.,!?'-0123▁"), max_size=8),
    st.sampled_from(["USER1", "<sep>", "ab", "<cls>", "ctrl", "  ", "the", "tion", "ｶﾞ", "\U00020000", "Ⅻ", "㍿", "İ"]),
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
)


@given(name=st.sampled_from(HYPOTHESIS_MODELS), text=st.lists(PIECES, max_size=6).map("".join))
def test_hypothesis_texts(name: str, text: str, model_dir: Path) -> None:
    ours, theirs = _processors(name, model_dir)
    ids = theirs.encode(text)
    assert ours.encode(text) == ids
    assert ours.encode(text, out_type=str) == theirs.encode(text, out_type=str)
    assert ours.decode(ids) == theirs.decode(ids)
    if SETTINGS[name]["model_type"] == "unigram":
        assert ours.nbest_encode_as_ids(text, 4) == theirs.nbest_encode_as_ids(text, 4)
