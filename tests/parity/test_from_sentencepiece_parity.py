"""Tokenizer.from_sentencepiece: the Tokenizer built from a .model against sentencepiece and the Rust package.

Against sentencepiece, `encode(text, add_special_tokens=False).ids` must equal
`SentencePieceProcessor.encode(text)`, except for the two documented differences, which are
skipped: the Rust package's Precompiled normalizes grapheme by grapheme (lines it normalizes
differently from sentencepiece), and a Unigram model may match a control or unknown piece's
text ("<unk>") in the input. Exact score ties (runs like "......."), which sentencepiece breaks
by float rounding, are left out of the lines, as are unused pieces in the edited models.
Against the Rust package loading our tokenizer.json, ids,
tokens, offsets and decoded text must be equal on every line, with no exception.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

import pytest
from hypothesis import given

from subword import Tokenizer
from subword.sentencepiece import parse_model_proto
from subword.sentencepiece._proto import CONTROL, UNIGRAM, UNKNOWN
from tests.parity.test_sentencepiece_parity import EXTRA_LINES, MODELS, TEXT, edited
from tests.shared_data import corpus_files, corpus_lines, fixture_path

spm = pytest.importorskip("sentencepiece")
tokenizers = pytest.importorskip("tokenizers")

LINES_PER_FILE = 8


@lru_cache(maxsize=None)
def built(relative: str) -> tuple[Tokenizer, object, object, list[str]]:
    """(our Tokenizer, the Rust one loaded from our JSON, sentencepiece, texts skipped against it)."""
    path = fixture_path(relative)
    ours = Tokenizer.from_sentencepiece(path)
    return ours, rust_from(ours), spm.SentencePieceProcessor(model_file=str(path)), skipped_pieces(path.read_bytes())


def rust_from(ours: Tokenizer):
    rust = tokenizers.Tokenizer.from_str(ours.to_str())
    rust.encode_special_tokens = True  # not part of tokenizer.json
    return rust


def skipped_pieces(model_bytes: bytes) -> list[str]:
    """Piece texts a Unigram model may match in the input where sentencepiece never does."""
    proto = parse_model_proto(model_bytes)
    if proto.trainer_spec.model_type != UNIGRAM:
        return []
    return [p.piece for p in proto.pieces if p.type in (CONTROL, UNKNOWN)]


def lines() -> list[str]:
    extra = [line for line in EXTRA_LINES if "......." not in line]
    return [line for path in corpus_files() for line in corpus_lines(path, LINES_PER_FILE)] + extra


def comparable(ours: Tokenizer, sp, skipped: list[str], text: str) -> bool:
    """False for the documented differences: grapheme-wise Precompiled, or a special piece's text."""
    if any(piece in text for piece in skipped):
        return False
    return ours.normalizer.normalize_str(text) == sp.normalize(text)


def assert_same_as_sentencepiece(ids: list[int], sp, text: str) -> None:
    """The ids sentencepiece gives, or a segmentation tied with them in total score.

    A tie (say "h"+"hhh" against "hhh"+"h") goes the way the running float sums round, and
    sentencepiece sums in float32 where the Rust package (and this Tokenizer, which must load in
    it) sums in float64; so the two may pick different, equally scored, segmentations.
    """
    expected = sp.encode(text)
    if ids == expected:
        return
    pieces = [sp.id_to_piece(id_) for id_ in ids]
    assert "".join(pieces) == "".join(sp.id_to_piece(id_) for id_ in expected), text
    assert math.fsum(map(sp.get_score, ids)) == math.fsum(map(sp.get_score, expected)), (text, ids, expected)


def assert_same_as_rust(ours: Tokenizer, rust, text: str) -> None:
    mine, theirs = ours.encode(text, add_special_tokens=False), rust.encode(text, add_special_tokens=False)
    assert (mine.ids, mine.tokens, mine.offsets) == (theirs.ids, theirs.tokens, theirs.offsets), text
    assert ours.decode(mine.ids) == rust.decode(theirs.ids), text


@pytest.mark.parametrize("model", MODELS)
def test_ids_equal_sentencepiece(model):
    ours, _, sp, skipped = built(model)
    compared = 0
    for text in lines():
        if comparable(ours, sp, skipped, text):
            assert_same_as_sentencepiece(ours.encode(text, add_special_tokens=False).ids, sp, text)
            compared += 1
    assert compared >= 0.8 * len(lines())


@pytest.mark.parametrize("model", MODELS)
def test_rust_loads_our_json_with_the_same_results(model):
    ours, rust, _, _ = built(model)
    for text in lines():
        assert_same_as_rust(ours, rust, text)
    assert json.loads(rust.to_str())["model"]["type"] == json.loads(ours.to_str())["model"]["type"]


@pytest.mark.parametrize("model", ["t5/spiece.model", "llama2/tokenizer.model"])
@given(text=TEXT)
def test_hypothesis_text(model, text):
    ours, rust, sp, skipped = built(model)
    assert_same_as_rust(ours, rust, text)
    if comparable(ours, sp, skipped, text):
        assert_same_as_sentencepiece(ours.encode(text, add_special_tokens=False).ids, sp, text)


@pytest.mark.parametrize("base", ["botchan_en_unigram_1000.model", "botchan_en_bpe_1000.model"])
@pytest.mark.parametrize(
    "changes", [{}, {"byte_fallback": True}, {"remove_extra_whitespaces": False}, {"add_dummy_prefix": False}]
)
def test_edited_models(base, changes, tmp_path):
    path = tmp_path / "edited.model"
    path.write_bytes(edited(f"sentencepiece-test/{base}", unused=False, **changes))
    ours = Tokenizer.from_sentencepiece(path)
    rust, sp = rust_from(ours), spm.SentencePieceProcessor(model_file=str(path))
    skipped = skipped_pieces(path.read_bytes())
    for text in lines()[::4] + ["the<sep>thing  slowly ", " the  the ", "ééé 日本 <sep><sep>"]:
        assert_same_as_rust(ours, rust, text)
        if comparable(ours, sp, skipped, text):
            assert_same_as_sentencepiece(ours.encode(text, add_special_tokens=False).ids, sp, text)


def test_special_pieces_are_special_tokens_encoded_as_text():
    ours, rust, sp, _ = built("llama2/tokenizer.model")
    assert ours.encode("<s>hi</s>", add_special_tokens=False).ids == sp.encode("<s>hi</s>")
    ours.encode_special_tokens = False
    try:
        assert ours.encode("<s>hi", add_special_tokens=False).ids[0] == sp.bos_id()
    finally:
        ours.encode_special_tokens = True
    assert ours.decode([sp.bos_id(), *sp.encode("hi")], skip_special_tokens=True) == "hi"
