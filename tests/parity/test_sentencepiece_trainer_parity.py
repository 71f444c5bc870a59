"""SentencePieceTrainer against sentencepiece's trainer, on the same lines and flags.

char and word models must be equal (pieces, scores, types, trainer ids, the .vocab text).
unigram and bpe models come from subword's own trainers: the .model subword writes must load in
sentencepiece and give on held-out text the ids of `Tokenizer.from_sentencepiece` of it, and be
close to sentencepiece's model. Measured on 3000 lines of en_prose.txt, vocab_size=1000, held-out
text 500 other lines (tokens per held-out byte, sentencepiece's model vs subword's):
    unigram: vocabulary overlap 0.816, tokens per byte 0.3270 vs 0.3437 (+5.1%)
    bpe:     vocabulary overlap 0.974, tokens per byte 0.3325 vs 0.3323 (-0.1%)
(On 1200 lines of multilingual/ja.txt, vocab_size=2000, not a test: unigram overlap 0.836 and
tokens per byte 0.2322 vs 0.2320; bpe overlap 0.992, 0.2197 vs 0.2198.)
The bounds below leave a margin on these. The nmt_nfkc charsmap subword builds from its Unicode
9.0 tables is compared with the one sentencepiece ships (package_data/nmt_nfkc.bin).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

sentencepiece = pytest.importorskip("sentencepiece")

from subword import Tokenizer  # noqa: E402
from subword.sentencepiece import SentencePieceTrainer, parse_model_proto  # noqa: E402
from subword.sentencepiece._normalize import SpecNormalizer  # noqa: E402
from subword.sentencepiece._proto import NormalizerSpec  # noqa: E402
from subword.sentencepiece._trainer_charsmap import rule_charsmap  # noqa: E402
from tests.shared_data import corpus_files, corpus_path  # noqa: E402

TRAIN_LINES = 3000
HELD_OUT = 500


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[str]]:
    """(a training file of the first lines of en_prose.txt, held-out lines after them)."""
    lines = corpus_path("en_prose.txt").read_text(encoding="utf-8").split("\n")
    folder = tmp_path_factory.mktemp("corpus")
    train = folder / "train.txt"
    train.write_text("\n".join(lines[:TRAIN_LINES]) + "\n", encoding="utf-8")
    held = [line for line in lines[TRAIN_LINES : TRAIN_LINES + HELD_OUT] if line.strip()]
    return train, held


def train_both(folder: Path, **flags) -> tuple[Path, Path]:
    """Train with sentencepiece and with subword; the two .model paths."""
    sentencepiece.SentencePieceTrainer.train(model_prefix=str(folder / "ref"), minloglevel=2, **flags)
    SentencePieceTrainer.train(model_prefix=str(folder / "sub"), **flags)
    return folder / "ref.model", folder / "sub.model"


EXACT_CASES = [
    dict(model_type="char", vocab_size=300),
    dict(model_type="char", vocab_size=60),  # fewer ids than chars: the most frequent kept
    dict(model_type="char", vocab_size=300, character_coverage=0.99, add_dummy_prefix=False),
    dict(model_type="word", vocab_size=2000),
    dict(model_type="word", vocab_size=1500, user_defined_symbols=["<sep>", "##"], control_symbols=["<cls>"]),
    dict(model_type="word", vocab_size=1500, unk_id=3, bos_id=-1, eos_id=0, pad_id=1, normalization_rule_name="identity"),
    dict(model_type="word", vocab_size=100000, hard_vocab_limit=False, remove_extra_whitespaces=False),
    dict(model_type="char", vocab_size=300, control_symbols="<a>,<b>", bos_piece="<a>", treat_whitespace_as_suffix=True),
]


@pytest.mark.parametrize("flags", EXACT_CASES, ids=lambda flags: "-".join(f"{k}={v}" for k, v in flags.items()))
def test_char_and_word_models_equal_sentencepiece(corpus, tmp_path, flags) -> None:
    train, _ = corpus
    ref, sub = train_both(tmp_path, input=str(train), **flags)
    expected = parse_model_proto(ref.read_bytes(), "ref")
    actual = parse_model_proto(sub.read_bytes(), "sub")
    assert actual.pieces == expected.pieces
    assert actual.trainer_spec == expected.trainer_spec
    assert (tmp_path / "sub.vocab").read_text(encoding="utf-8") == (tmp_path / "ref.vocab").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "model_type, min_overlap, max_ratio",
    [("unigram", 0.78, 1.09), ("bpe", 0.95, 1.02)],
)
def test_unigram_and_bpe_close_to_sentencepiece(corpus, tmp_path, model_type, min_overlap, max_ratio) -> None:
    train, held = corpus
    ref, sub = train_both(tmp_path, input=str(train), vocab_size=1000, model_type=model_type)
    expected = sentencepiece.SentencePieceProcessor(model_file=str(ref))
    actual = sentencepiece.SentencePieceProcessor(model_file=str(sub))  # loads in sentencepiece
    tokenizer = Tokenizer.from_sentencepiece(sub)
    for line in held:
        assert tokenizer.encode(line, add_special_tokens=False).ids == actual.encode(line), line
    vocab = lambda sp: {sp.id_to_piece(i) for i in range(sp.get_piece_size())}  # noqa: E731
    overlap = len(vocab(expected) & vocab(actual)) / expected.get_piece_size()
    size = sum(len(line.encode("utf-8")) for line in held)
    ratio = sum(map(len, actual.encode(held))) / sum(map(len, expected.encode(held)))
    print(f"{model_type}: overlap {overlap:.3f}, tokens per byte {ratio:.3f} x sentencepiece's ({size} bytes)")
    assert overlap >= min_overlap
    assert 0.95 <= ratio <= max_ratio


def test_byte_fallback_and_symbols_load_in_sentencepiece(corpus, tmp_path) -> None:
    train, held = corpus
    flags = dict(input=str(train), vocab_size=800, model_type="bpe", byte_fallback=True, user_defined_symbols=["<sep>"])
    ref, sub = train_both(tmp_path, **flags)
    expected = parse_model_proto(ref.read_bytes(), "ref")
    actual = parse_model_proto(sub.read_bytes(), "sub")
    meta = lambda proto: [(p.piece, p.type) for p in proto.pieces if p.type != 1]  # noqa: E731
    assert meta(actual) == meta(expected)  # unk, bos, eos, <sep>, the 256 bytes, in sentencepiece's ids
    processor = sentencepiece.SentencePieceProcessor(model_file=str(sub))
    tokenizer = Tokenizer.from_sentencepiece(sub)
    for line in held[:100] + ["emoji 🙂 and <sep> and ☃"]:
        assert tokenizer.encode(line, add_special_tokens=False).ids == processor.encode(line), line


def test_sentence_iterator_and_model_writer_as_sentencepiece(corpus) -> None:
    train, _ = corpus
    lines = train.read_text(encoding="utf-8").splitlines()
    expected, actual = io.BytesIO(), io.BytesIO()
    flags = dict(vocab_size=250, model_type="char", minloglevel=2)
    sentencepiece.SentencePieceTrainer.train(sentence_iterator=iter(lines), model_writer=expected, **flags)
    SentencePieceTrainer.train(sentence_iterator=iter(lines), model_writer=actual, **flags)
    assert parse_model_proto(actual.getvalue(), "sub").pieces == parse_model_proto(expected.getvalue(), "ref").pieces


def test_flag_string_as_sentencepiece(corpus, tmp_path) -> None:
    train, _ = corpus
    args = f"--input={train} --model_prefix={{}} --vocab_size=900 --model_type=word --split_digits --minloglevel=2"
    sentencepiece.SentencePieceTrainer.train(args.format(tmp_path / "ref"))
    SentencePieceTrainer.train(args.format(tmp_path / "sub"))
    assert (tmp_path / "sub.vocab").read_text(encoding="utf-8") == (tmp_path / "ref.vocab").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "flags",
    [
        dict(bad_flag=1),
        dict(vocab_size="abc"),
        dict(split_digits="maybe"),
        dict(model_type="foo"),
        dict(vocab_size=-5),
        dict(vocab_size=100000, model_type="word"),
        dict(normalization_rule_name="bogus"),
        dict(unk_id=-1),
        dict(user_defined_symbols=["<unk>"]),
    ],
    ids=str,
)
def test_errors_of_the_same_type_as_sentencepiece(corpus, tmp_path, flags) -> None:
    train, _ = corpus
    flags = dict(dict(input=str(train), vocab_size=200, model_type="char"), **flags)
    with pytest.raises(Exception) as expected:
        sentencepiece.SentencePieceTrainer.train(model_prefix=str(tmp_path / "ref"), minloglevel=2, **flags)
    with pytest.raises(expected.type):
        SentencePieceTrainer.train(model_prefix=str(tmp_path / "sub"), **flags)


def test_nmt_nfkc_charsmap_normalizes_as_sentencepiece() -> None:
    """subword's nmt_nfkc (Unicode 9.0 tables) against sentencepiece's on every corpus line."""
    expected = sentencepiece.SentencePieceNormalizer(rule_name="nmt_nfkc")
    actual = SpecNormalizer(NormalizerSpec(name="nmt_nfkc", precompiled_charsmap=rule_charsmap("nmt_nfkc")))
    files = corpus_files()
    if not files:
        pytest.skip("no shared corpora")
    lines = [line for path in files for line in path.read_text(encoding="utf-8").splitlines()[:300]]
    lines += ["ｶﾞｷﾞ ① ﬁ ㍻ Å K", "\u1100\u1161\u11a8 \u3131\u314f", "a\u0301\u0323 e\u0323\u0301", "tab\there\u200bzw"]
    differing = [line for line in lines if actual.normalize(line) != expected.normalize(line)]
    assert not differing, differing[:5]


@pytest.mark.parametrize(
    "flags",
    [
        dict(model_type="bpe", split_digits=True, treat_whitespace_as_suffix=True),
        dict(model_type="unigram", user_defined_symbols=["<sep>"], character_coverage=0.98, pad_id=3),
        dict(model_type="unigram", normalization_rule_name="identity", add_dummy_prefix=False, remove_extra_whitespaces=False),
    ],
    ids=str,
)
def test_other_flags_load_and_encode_as_sentencepiece(corpus, tmp_path, flags) -> None:
    """Models with other flags (whitespace as suffix: no tokenizer.json form, so subword's
    SentencePieceProcessor) encode held-out text as sentencepiece does with them."""
    from subword.sentencepiece import SentencePieceProcessor

    train, held = corpus
    SentencePieceTrainer.train(input=str(train), model_prefix=str(tmp_path / "sub"), vocab_size=600, **flags)
    expected = sentencepiece.SentencePieceProcessor(model_file=str(tmp_path / "sub.model"))
    actual = SentencePieceProcessor(model_file=str(tmp_path / "sub.model"))
    for line in held[:150] + ["digits 12345 and 3.14", "  spaces   here ", "<sep> ünïcödé ﬁ ①"]:
        assert actual.encode(line) == expected.encode(line), line


@pytest.mark.parametrize("model_type, vocab_size", [("char", 1000), ("word", 1100)])
def test_japanese_char_and_word_models_equal_sentencepiece(tmp_path, model_type, vocab_size) -> None:
    """Japanese: many rare chars (character_coverage drops them), no spaces inside sentences."""
    lines = [line for line in corpus_path("multilingual/ja.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    train = tmp_path / "ja.txt"
    train.write_text("\n".join(lines[:1200]) + "\n", encoding="utf-8")
    train_both(tmp_path, input=str(train), vocab_size=vocab_size, model_type=model_type, hard_vocab_limit=False)
    assert (tmp_path / "sub.vocab").read_text(encoding="utf-8") == (tmp_path / "ref.vocab").read_text(encoding="utf-8")
    expected = parse_model_proto((tmp_path / "ref.model").read_bytes(), "ref")
    assert parse_model_proto((tmp_path / "sub.model").read_bytes(), "sub").pieces == expected.pieces
