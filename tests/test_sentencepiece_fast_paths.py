"""The cached fast paths of the sentencepiece reader agree with the plain whole-text ones.

Normalizing word by word vs rule by rule over the text; segmenting chunk by chunk (cached) vs
the whole normalized text at once, for unigram (float32 near-ties included) and BPE. The
comparison with the `sentencepiece` package itself is in tests/parity/test_sentencepiece_parity.py,
plus a near-tie model here that only float32 sums over a long text can decide.
"""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subword.sentencepiece import SentencePieceProcessor
from subword.sentencepiece._chunks import pieces_stay_in_chunks, split_chunks
from subword.sentencepiece._proto import CONTROL, UNKNOWN, ModelProto, NormalizerSpec, Piece
from tests.shared_data import corpus_files, corpus_lines, fixture_path
from tests.test_sentencepiece import serialize_model

MODELS = [
    "t5/spiece.model",
    "llama2/tokenizer.model",
    "sentencepiece-test/botchan_en_bpe_1000.model",
    "sentencepiece-test/botchan_en_unigram_1000.model",
    "sentencepiece-test/test_ja_model.model",
]

TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(" \t\n\u3000aeiouéñüß日本語한국어🤗👍🏽\u0301\u0308\u200b\u200d\ufeff\u00a8▁.-"),
    ),
    max_size=60,
)


@lru_cache(maxsize=None)
def processor(relative: str) -> SentencePieceProcessor:
    return SentencePieceProcessor(model_file=str(fixture_path(relative)))


def assert_fast_paths_agree(sp: SentencePieceProcessor, text: str) -> None:
    model = sp.model
    normalized = model.normalizer.normalize(text)
    assert normalized == model.normalizer._normalize_by_rules(text), text
    if model.unigram is not None:
        assert model.unigram.encode(normalized) == model.unigram.viterbi(normalized)[0], text
    if model.bpe is not None:
        assert model.bpe.encode(normalized) == model.bpe._merge(normalized), text


def test_split_chunks():
    assert split_chunks("▁a▁▁bc") == ["▁a", "▁▁bc"]
    assert split_chunks("ab▁c▁▁") == ["ab", "▁c", "▁▁"]
    assert split_chunks("") == []
    assert pieces_stay_in_chunks(["▁a", "▁▁", "b", "▁"])
    assert not pieces_stay_in_chunks(["▁a", "a▁"])


@pytest.mark.parametrize("relative", MODELS)
def test_the_fast_paths_are_on(relative):
    model = processor(relative).model
    assert model.normalizer._words is not None
    assert (model.unigram or model.bpe)._chunks is not None


@pytest.mark.parametrize("relative", MODELS)
@given(text=TEXT)
def test_fast_paths_agree_on_hypothesis_text(relative, text):
    assert_fast_paths_agree(processor(relative), text)


@pytest.mark.slow
@pytest.mark.parametrize("relative", MODELS)
def test_fast_paths_agree_on_long_corpus_texts(relative):
    # Long texts reach large float32 scores, where near-ties inside a chunk can flip.
    sp = processor(relative)
    for path in corpus_files():
        text = " ".join(corpus_lines(path, 40))
        assert_fast_paths_agree(sp, text)
        assert_fast_paths_agree(sp, text * 4)


def near_tie_model() -> bytes:
    """'▁ab' scores a hair below '▁a' + 'b': at score 0 they differ, after many '▁z' float32 ties them."""
    pieces = [
        Piece("<unk>", 0.0, UNKNOWN),
        Piece("<s>", 0.0, CONTROL),
        Piece("</s>", 0.0, CONTROL),
        Piece("▁z", -10.0),
        Piece("▁a", -1.0),
        Piece("b", -2.0),
        Piece("▁ab", -3.0000002),
        Piece("▁", -8.0),
        Piece("a", -8.0),
        Piece("z", -20.0),
    ]
    return serialize_model(ModelProto(pieces=pieces, normalizer_spec=NormalizerSpec(name="identity")))


@pytest.mark.parametrize("prefix_words", [0, 1, 300])
def test_near_tie_matches_sentencepiece(prefix_words):
    spm = pytest.importorskip("sentencepiece")
    data = near_tie_model()
    ours, theirs = SentencePieceProcessor(model_proto=data), spm.SentencePieceProcessor(model_proto=data)
    text = "z " * prefix_words + "ab"
    assert ours.encode(text, out_type=str) == theirs.encode(text, out_type=str)
    if prefix_words == 300:  # the case is only a test if float32 really decides it here
        assert theirs.encode(text, out_type=str)[-1] == "▁ab"
        assert ours.encode("ab", out_type=str) == ["▁a", "b"]
