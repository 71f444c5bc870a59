"""SentencePiece-style BPE (Mistral, Llama 2) against the Rust package, where split points cut every line.

Those tokenizers have no pre-tokenizer, so a whole text is one word and the model cuts it where
no merge can join (models/bpe/split.py). Every field must equal the Rust package's, offsets
included, on every shared corpus (10 KiB chunks as tokbench cuts them, lines, and one long line
without line breaks) and on generated text over all of Unicode; the ids path must agree too. The
Llama 2 tokenizer.json is made as the Hugging Face converter makes it: Mistral's pipeline, with
the merges `transformers` derives from llama2/tokenizer.model. Random small models are also
compared with `tokenizers.models.BPE` on words long enough to be cut.
"""

from __future__ import annotations

import json
from functools import lru_cache
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subword.models.bpe.model as bpe_model
from subword import Tokenizer
from subword.models import BPE
from tests.parity._compare import assert_batches_equal, assert_encodings_equal, ours_outcome, rust_outcome
from tests.parity.test_bpe_model_parity import ALPHABET, bpe_setups, our_tokens, rust_tokens
from tests.shared_data import corpus_files, corpus_lines, fixture_path

tokenizers = pytest.importorskip("tokenizers")

CHUNK_BYTES = 10 * 1024
CHUNKS_PER_CORPUS = 4
LONG_LINE_BYTES = 200_000


@lru_cache(maxsize=None)
def mistral_json() -> str:
    return fixture_path("mistral-7b/tokenizer.json").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def llama2_json() -> str:
    """Llama 2's tokenizer.json as `transformers` converts it (legacy): Mistral's pipeline, Llama 2's pieces."""
    spm = pytest.importorskip("sentencepiece")
    converter = pytest.importorskip("transformers.convert_slow_tokenizer")
    processor = spm.SentencePieceProcessor(model_file=str(fixture_path("llama2/tokenizer.model")))
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    vocab = {piece: i for i, piece in enumerate(pieces)}
    scores = {piece: processor.get_score(i) for i, piece in enumerate(pieces)}
    document = json.loads(mistral_json())
    document["model"]["vocab"] = vocab
    document["model"]["merges"] = [list(pair) for pair in converter.generate_merges(vocab, scores)]
    assert [(t["id"], t["content"]) for t in document["added_tokens"]] == [(0, "<unk>"), (1, "<s>"), (2, "</s>")]
    return json.dumps(document)


JSONS = {"mistral": mistral_json, "llama2": llama2_json}


@pytest.fixture(autouse=True, scope="module")
def split_from_the_first_long_word():
    """The split table built on the first long word, not after _SPLIT_TABLE_AFTER characters."""
    with mock.patch.object(bpe_model, "_SPLIT_TABLE_AFTER", 0):
        yield


@lru_cache(maxsize=None)
def pair(name: str) -> tuple[Tokenizer, object]:
    document = JSONS[name]()
    return Tokenizer.from_str(document), tokenizers.Tokenizer.from_str(document)


def chunks(text: str) -> list[str]:
    """The first CHUNKS_PER_CORPUS chunks of CHUNK_BYTES bytes, each end moved to a character boundary."""
    raw, out, start = text.encode("utf-8"), [], 0
    while start < len(raw) and len(out) < CHUNKS_PER_CORPUS:
        end = min(start + CHUNK_BYTES, len(raw))
        while end < len(raw) and raw[end] & 0xC0 == 0x80:
            end += 1
        out.append(raw[start:end].decode("utf-8"))
        start = end
    return out


def assert_same(name: str, texts: list[str], context: str) -> None:
    ours, rust = pair(name)
    expected = rust.encode_batch(texts)
    assert_batches_equal(ours.encode_batch(texts), expected, f"{name} {context}")
    fast = [e.ids for e in ours.encode_batch_fast(texts)]
    assert fast == [e.ids for e in expected], f"{name} {context}: fast path"


def corpus_ids() -> list[str]:
    return [path.name for path in corpus_files()] or ["none"]


@pytest.mark.parametrize("name", sorted(JSONS))
@pytest.mark.parametrize("corpus", corpus_ids())
def test_every_corpus(name, corpus):
    paths = [path for path in corpus_files() if path.name == corpus]
    if not paths:
        pytest.skip("no shared corpora")
    text = paths[0].read_text(encoding="utf-8")
    assert_same(name, chunks(text) + corpus_lines(paths[0], 20), corpus)


@pytest.mark.parametrize("name", sorted(JSONS))
def test_a_long_line_without_line_breaks(name):
    files = corpus_files()
    if not files:
        pytest.skip("no shared corpora")
    line = " ".join(" ".join(path.read_text(encoding="utf-8").split()) for path in files)
    line = line.encode("utf-8")[:LONG_LINE_BYTES].decode("utf-8", "ignore")
    assert_same(name, [line], "a long line")


# Words, spaces and any character: long texts, so that most are cut.
TEXTS = st.lists(
    st.one_of(
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
        st.sampled_from(["the", "▁", "  ", "\n", "\t", "日本語", "naïve", "🤗", "<s>", "<0x0A>", "1234"]),
    ),
    max_size=30,
).map(" ".join)


@given(name=st.sampled_from(sorted(JSONS)), text=TEXTS)
def test_generated_text(name, text):
    ours, rust = pair(name)
    assert_encodings_equal(ours.encode(text), rust.encode(text), f"{name} {text!r}")
    assert ours.encode_batch_fast([text])[0].ids == rust.encode(text).ids, f"{name} {text!r}: fast path"


@given(setup=bpe_setups(), words=st.lists(st.text(ALPHABET + "xy", min_size=20, max_size=80), max_size=4))
def test_random_models_on_long_words(setup, words):
    vocab, merges, options = setup
    rust = tokenizers.models.BPE(vocab, merges, **options)
    ours = BPE(vocab, merges, **options)
    for word in words + ["".join(words)]:
        expected = rust_outcome(lambda: rust_tokens(rust, word))
        got = ours_outcome(lambda: our_tokens(ours, word), expected, word)
        if got is not None:
            assert got == expected, (word, merges, options)
