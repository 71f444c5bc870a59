"""The Unigram model against the Rust package (segmentations, json, sampling) and sentencepiece
(n-best lists and sampling distributions of t5/spiece.model).

Random draws are compared as distributions: the total variation distance between the two
empirical distributions (or one and the exact one) must stay under a stated tolerance.
"""

from __future__ import annotations

import functools
import json
import math
import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subword
from subword.models import Unigram
from tests.shared_data import corpus_files, corpus_lines, fixture_path

tokenizers = pytest.importorskip("tokenizers")

SMALL = [("<unk>", 0.0), ("a", -1.0), ("b", -1.5), ("ab", -2.0), ("ba", -2.25), ("aba", -3.4)]
SMALL += [("<0x78>", -4.0), ("<0xC3>", -4.0), ("<0xA9>", -4.0)]  # "x" and "é" in bytes
WORD_CHARS = st.one_of(st.sampled_from("abxyé▁日本"), st.characters(codec="utf-8", exclude_categories=("Cs",)))


def rust_tokens(model, word: str) -> list[tuple[int, str, tuple[int, int]]]:
    return [(t.id, t.value, t.offsets) for t in model.tokenize(word)]  # bytes of the word, in both


def our_tokens(model: Unigram, word: str) -> list[tuple[int, str, tuple[int, int]]]:
    return [(t.id, t.value, t.offsets) for t in model.tokenize(word)]


@functools.lru_cache(maxsize=None)
def t5_models():
    entry = json.loads(fixture_path("t5/tokenizer.json").read_text("utf-8"))["model"]
    vocab = [tuple(pair) for pair in entry["vocab"]]
    return Unigram(vocab, entry["unk_id"]), tokenizers.models.Unigram(vocab, entry["unk_id"])


@functools.lru_cache(maxsize=None)
def small_models(byte_fallback: bool):
    return Unigram(SMALL, 0, byte_fallback), tokenizers.models.Unigram(SMALL, 0, byte_fallback)


def test_t5_words_of_the_corpora() -> None:
    ours, rust = t5_models()
    files = corpus_files()
    if not files:
        pytest.skip("no shared corpus files")
    for path in files:
        for line in corpus_lines(path, 10):
            for word in line.split():
                word = "▁" + word
                assert our_tokens(ours, word) == rust_tokens(rust, word), word
                assert ours.tokenize_ids(word) == [t.id for t in rust.tokenize(word)], word


@given(word=st.lists(WORD_CHARS, max_size=16).map("".join))
def test_t5_generated_words(word: str) -> None:
    ours, rust = t5_models()
    assert our_tokens(ours, word) == rust_tokens(rust, word)


@given(word=st.text(st.sampled_from("abxyé日"), max_size=12), byte_fallback=st.booleans())
def test_small_vocab_unknowns_and_byte_fallback(word: str, byte_fallback: bool) -> None:
    ours, rust = small_models(byte_fallback)
    assert our_tokens(ours, word) == rust_tokens(rust, word)
    assert ours.tokenize_ids(word) == [t.id for t in rust.tokenize(word)]


def test_missing_unk_id_raises_on_both_sides() -> None:
    vocab = [("a", -1.0), ("b", -2.0)]
    ours, rust = Unigram(vocab), tokenizers.models.Unigram(vocab)
    assert our_tokens(ours, "ab") == rust_tokens(rust, "ab")
    with pytest.raises(Exception, match="unk_id"):
        rust.tokenize("ax")
    with pytest.raises(subword.ArgumentValueError, match="unk_id"):
        ours.tokenize("ax")


def _rust_model_json(model) -> dict:
    return json.loads(tokenizers.Tokenizer(model).to_str())["model"]


@pytest.mark.parametrize("byte_fallback", [False, True])
@pytest.mark.parametrize("unk_id", [0, None])
def test_json_matches_rust(unk_id, byte_fallback) -> None:
    vocab = SMALL + [("c", 1e-7), ("d", -1e16)]
    ours, rust = Unigram(vocab, unk_id, byte_fallback), tokenizers.models.Unigram(vocab, unk_id, byte_fallback)
    assert ours.to_json() == _rust_model_json(rust)


def test_save_loads_in_rust(tmp_path) -> None:
    ours, _ = small_models(True)
    [path] = ours.save(str(tmp_path))
    document = json.loads(tokenizers.Tokenizer(tokenizers.models.Unigram()).to_str())
    document["model"] = json.loads(open(path, encoding="utf-8").read())
    rust = tokenizers.Tokenizer.from_str(json.dumps(document))
    assert _rust_model_json(rust.model) == ours.to_json()
    for word in ["abab", "xé", "bax日"]:
        assert our_tokens(ours, word) == rust_tokens(rust.model, word)
    # And the other way: Rust's own file loads in subword.
    rust.model.save(str(tmp_path), "rust")
    assert Unigram.load(tmp_path / "rust-unigram.json").to_json() == ours.to_json()


def _tvd(first: Counter, second: Counter) -> float:
    """Total variation distance between two empirical distributions."""
    n1, n2 = sum(first.values()), sum(second.values())
    return 0.5 * sum(abs(first[k] / n1 - second[k] / n2) for k in set(first) | set(second))


SAMPLES = 3000
TOLERANCE = 0.06  # with a handful of outcomes and 3000 draws a side, the TVD stays near 0.02


@pytest.mark.parametrize("nbest_size", [None, 3])
def test_rust_alpha_sampling_distribution(nbest_size) -> None:
    # SMALL has no two segmentations of "ababa" with equal scores: equal scores leave the n-best
    # order to each heap's tie-breaking, which subword does not copy.
    ours = Unigram(SMALL, 0, alpha=0.5, nbest_size=nbest_size)
    rust = tokenizers.models.Unigram(SMALL, 0, alpha=0.5, nbest_size=nbest_size)
    word = "ababa"
    rust_counts = Counter(tuple(t.value for t in rust.tokenize(word)) for _ in range(SAMPLES))
    our_counts = Counter(tuple(t.value for t in ours.tokenize(word)) for _ in range(SAMPLES))
    assert len(rust_counts) > 1
    assert _tvd(our_counts, rust_counts) < TOLERANCE, (our_counts, rust_counts)


# -- sentencepiece -----------------------------------------------------------------------------

SP_TEXTS = ["hello world", "unbelievable", "the quick brown fox", "Tokenization", "I saw 3 cats"]


@functools.lru_cache(maxsize=None)
def sentencepiece_pair():
    spm = pytest.importorskip("sentencepiece")
    processor = spm.SentencePieceProcessor(model_file=str(fixture_path("t5/spiece.model")))
    vocab = [(processor.id_to_piece(i), processor.get_score(i)) for i in range(processor.get_piece_size())]
    return Unigram(vocab, processor.unk_id()), processor


def _normalized(text: str) -> str:
    """sentencepiece's normalization of plain ASCII text: a dummy prefix, spaces as ▁."""
    return "▁" + text.replace(" ", "▁")


@pytest.mark.parametrize("text", SP_TEXTS)
def test_nbest_matches_sentencepiece(text: str) -> None:
    ours, processor = sentencepiece_pair()
    expected = processor.nbest_encode_as_pieces(text, 8)
    got = ours.nbest(_normalized(text), 8)
    assert [[t.value for t in tokens] for tokens, _ in got] == expected
    assert [[t.id for t in tokens] for tokens, _ in got] == processor.nbest_encode_as_ids(text, 8)


@pytest.mark.parametrize("nbest_size", [-1, 4])
@pytest.mark.parametrize("text", ["hello", "unbelievable"])
def test_sampling_distribution_matches_sentencepiece(text: str, nbest_size: int) -> None:
    ours, processor = sentencepiece_pair()
    alpha = 0.3
    rng = random.Random(7)
    sp_counts = Counter(tuple(processor.sample_encode_as_pieces(text, nbest_size, alpha)) for _ in range(SAMPLES))
    our_counts = Counter(
        tuple(t.value for t in ours.sample(_normalized(text), alpha, nbest_size=nbest_size, rng=rng)) for _ in range(SAMPLES)
    )
    assert _tvd(our_counts, sp_counts) < TOLERANCE, (our_counts.most_common(5), sp_counts.most_common(5))


def test_sample_probabilities_are_exp_alpha_score_over_the_lattice() -> None:
    # The exact distribution of "▁hello" under T5, by brute force over its lattice.
    ours, _ = sentencepiece_pair()
    text, alpha = "▁hello", 0.3
    lattice = ours.lattice(text)
    weights: dict[tuple[str, ...], float] = {}

    def walk(pos: int, pieces: tuple[str, ...], score: float) -> None:
        if pos == lattice.size:
            weights[pieces] = math.exp(alpha * score)
            return
        for node in lattice.begin_nodes[pos]:
            walk(lattice.ends[node], pieces + (text[pos : lattice.ends[node]],), score + lattice.scores[node])

    walk(0, (), 0.0)
    total = sum(weights.values())
    exact = Counter({k: round(SAMPLES * 100 * w / total) for k, w in weights.items()})
    rng = random.Random(3)
    counts = Counter(tuple(t.value for t in ours.sample(text, alpha, rng=rng)) for _ in range(SAMPLES))
    assert _tvd(counts, exact) < TOLERANCE
