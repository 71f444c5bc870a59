"""subword.sentencepiece's calls the installed sentencepiece (0.2.3) no longer has, checked by hand.

calculate_entropy and sample_encode_and_score (sentencepiece 0.2.1) are checked against a
brute-force enumeration of every segmentation of a short text (the distribution
exp(alpha * score) / Z), immutable protos against the serialized protos sentencepiece 0.2.3
writes (tests/parity/test_sentencepiece_api_parity.py) and against their own fields.
"""

from __future__ import annotations

import math
import struct

import pytest

import subword.sentencepiece as ssp
from subword.sentencepiece import SentencePieceProcessor
from subword.sentencepiece._proto import NORMAL, Piece
from tests.shared_data import fixture_path
from tests.test_sentencepiece import make_model

PIECES = [  # make_model puts <unk>, <s>, </s> first
    Piece("▁", -2.0, NORMAL),
    Piece("a", -1.0, NORMAL),
    Piece("b", -1.5, NORMAL),
    Piece("▁a", -1.2, NORMAL),
    Piece("ab", -1.1, NORMAL),
    Piece("▁ab", -2.5, NORMAL),
]


def segmentations(text: str, vocab: dict[str, float]) -> list[list[str]]:
    """Every way to cut `text` into pieces of `vocab` (by hand, no lattice)."""
    if not text:
        return [[]]
    found = []
    for end in range(1, len(text) + 1):
        if text[:end] in vocab:
            found += [[text[:end]] + rest for rest in segmentations(text[end:], vocab)]
    return found


def brute_force(text: str, alpha: float) -> dict[tuple[str, ...], float]:
    """Segmentation -> probability exp(alpha * score) / Z."""
    vocab = {p.piece: struct.unpack("<f", struct.pack("<f", p.score))[0] for p in PIECES if p.type == NORMAL}  # float32, as stored
    weights = {tuple(s): math.exp(alpha * sum(vocab[p] for p in s)) for s in segmentations(text, vocab)}
    total = sum(weights.values())
    return {key: weight / total for key, weight in weights.items()}


@pytest.fixture
def sp():
    return SentencePieceProcessor(model_proto=make_model(PIECES), seed=5)


@pytest.mark.parametrize("alpha", [0.1, 0.5, 1.0, 2.0])
def test_entropy_is_the_entropy_of_the_segmentation_distribution(sp, alpha):
    probabilities = brute_force("▁abab", alpha)
    expected = -sum(p * math.log(p) for p in probabilities.values())
    assert sp.calculate_entropy("abab", alpha) == pytest.approx(expected, rel=1e-9)
    assert sp.CalculateEntropy(["abab", "ab"], alpha=alpha) == [sp.calculate_entropy("abab", alpha), sp.calculate_entropy("ab", alpha)]


def test_entropy_of_one_segmentation_is_zero(sp):
    assert sp.calculate_entropy("b", 1.0) == pytest.approx(0.0, abs=1e-12)


def test_samples_with_replacement_score_their_log_probability(sp):
    probabilities = brute_force("▁abab", 0.5)
    samples = sp.sample_encode_and_score("abab", num_samples=50, alpha=0.5, out_type=str)
    assert len(samples) == 50
    for pieces, score in samples:
        assert score == pytest.approx(math.log(probabilities[tuple(pieces)]), rel=1e-9)
        assert sp.decode(pieces) == "abab"


def test_samples_without_replacement_are_distinct_and_can_include_the_best(sp):
    samples = sp.sample_encode_and_score("abab", num_samples=4, alpha=0.5, wor=True, include_best=True, out_type=str)
    assert samples[0] == (sp.encode("abab", out_type=str), 0.0)
    drawn = [tuple(pieces) for pieces, _ in samples]
    assert len(set(drawn)) == len(drawn) == 4
    assert all(score <= 0.0 for _, score in samples)
    ids = sp.sample_encode_and_score_as_ids(["abab", "ab"], 3, wor=True)
    assert [len(row) for row in ids] == [3, 3] and sp.decode(ids[1][0][0]) == "ab"


def test_samples_as_protos(sp):
    nbest = sp.sample_encode_and_score_as_immutable_proto("abab", 3, alpha=0.5)
    assert len(nbest.nbests) == 3
    for text in nbest.nbests:
        assert text.text == "abab" and "".join(p.surface for p in text.pieces) == "abab" and text.score < 0
    assert isinstance(sp.sample_encode_and_score_as_serialized_proto("abab", 3), bytes)


def test_sample_and_score_refusals_are_runtime_errors(sp):
    with pytest.raises(RuntimeError, match="wor = True"):
        sp.sample_encode_and_score("ab", include_best=True)
    with pytest.raises(RuntimeError, match="positive"):
        sp.sample_encode_and_score("ab", num_samples=0)
    with pytest.raises(RuntimeError, match="not supported in proto API"):
        sp.sample_encode_and_score("ab", out_type="serialized_proto", add_bos=True)


def test_the_module_seed_makes_sampling_repeat():
    sp = SentencePieceProcessor(model_proto=make_model(PIECES))
    ssp.set_random_generator_seed(7)
    first = [sp.encode("abab abab", out_type=str, enable_sampling=True, alpha=0.5) for _ in range(20)]
    ssp.set_random_generator_seed(7)
    assert [sp.encode("abab abab", out_type=str, enable_sampling=True, alpha=0.5) for _ in range(20)] == first
    ssp.set_min_log_level(2)
    with pytest.raises(TypeError):
        ssp.set_random_generator_seed("7")


def test_immutable_proto_fields_and_char_spans():
    sp = SentencePieceProcessor(model_file=str(fixture_path("sentencepiece-test/test_ja_model.model")))
    text = "吾輩は猫である。Hello world. ABC 123"
    proto = sp.encode(text, out_type="immutable_proto")
    assert proto.text == text and proto.text_as_bytes == text.encode()
    assert [text[p.begin : p.end] for p in proto.pieces] == [p.surface for p in proto.pieces]
    assert [p.id for p in proto.pieces] == sp.encode(text) and [p.piece for p in proto.pieces] == sp.encode(text, out_type=str)
    assert proto.pieces[-1] == proto.pieces[len(proto.pieces) - 1] and proto.pieces[::-1] == list(reversed(proto.pieces))
    with pytest.raises(IndexError):
        proto.pieces[len(proto.pieces)]
    assert sp.decode_ids_as_immutable_proto([p.id for p in proto.pieces]) == proto
    assert hash(sp.encode_as_immutable_proto(text)) == hash(proto)
    byte_spans = sp.encode(text, return_type="proto")  # as sentencepiece's serialized proto: UTF-8 spans
    assert [text.encode()[p.begin : p.end].decode() for p in byte_spans.pieces] == [p.surface for p in proto.pieces]
    assert 'text: "吾輩' in str(proto)
    nbest = sp.nbest_encode_as_immutable_proto(text, 3)
    assert len(nbest.nbests) == 3 and nbest.nbests[0].pieces[0] == proto.pieces[0]

