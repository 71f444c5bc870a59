"""subword.sentencepiece.SentencePieceProcessor against the `sentencepiece` package itself.

Every shared .model file: ids, pieces and decoded text of shared corpus lines and hypothesis
text; n-best lists; decode of arbitrary id sequences. Variants of the small botchan models
(user-defined, unused and byte pieces, other normalizer settings, a denormalizer) are written with
tests.test_sentencepiece.serialize_model and loaded by both. Sampling is compared as
distributions: the segmentations of a fixed input drawn many times by each side must be
within a total variation distance of SAMPLING_TOLERANCE (rare segmentations pooled; with 2,000
draws a side the sampling noise alone reaches about 0.05 for flat distributions).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from functools import lru_cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subword.text.charsmap import build_charsmap
from subword.sentencepiece import NormalizerSpec, SentencePieceProcessor, parse_model_proto
from subword.sentencepiece._proto import BYTE, UNUSED, USER_DEFINED, Piece
from tests.shared_data import corpus_files, corpus_lines, fixture_path
from tests.test_sentencepiece import serialize_model

spm = pytest.importorskip("sentencepiece")

MODELS = [
    "t5/spiece.model",
    "llama2/tokenizer.model",
    "mistral-7b/tokenizer.model",
    "sentencepiece-test/botchan_en_bpe_1000.model",
    "sentencepiece-test/botchan_en_unigram_1000.model",
    "sentencepiece-test/test_ja_model.model",
    "sentencepiece-test/test_model.model",
]
UNIGRAM_MODELS = [m for m in MODELS if "bpe" not in m and "llama" not in m and "mistral" not in m]
LINES_PER_FILE = 10
SAMPLES = 2000
SAMPLING_TOLERANCE = 0.08  # total variation distance between the two empirical distributions
RARE = 0.01  # segmentations drawn less often than this are pooled before comparing

EXTRA_LINES = [
    "",
    "   ",
    "  Hello   world  ",
    "a\tb\nc\r\nd",
    "ﬁ①\u0301e\u0301 Å Å",
    "a\0b",
    "x▁ ▁y▁",
    "<unk> <s> </s> <pad>",
    "日本語のテキスト、かな。",
    "emoji 🤗👍🏽 \U0001d518\U0001d52b",
    "\u200b\u200d\ufeff zero width",
    "....... ------- aaaaaaaaaaaa",
]

TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(" \t\n\u3000aeiouéèñüßøæ日本語中文한국어🤗👍🏽\u0301\u0308\u200b\u200d\ufeff▁.-"),  # noqa: E501
    ),
    max_size=40,
)


@lru_cache(maxsize=None)
def pair(relative: str) -> tuple[SentencePieceProcessor, object]:
    path = str(fixture_path(relative))
    return SentencePieceProcessor(model_file=path), spm.SentencePieceProcessor(model_file=path)


def lines() -> list[str]:
    found = [line for path in corpus_files() for line in corpus_lines(path, LINES_PER_FILE)]
    return found + EXTRA_LINES


def assert_same_encoding(ours, theirs, text: str) -> None:
    assert ours.encode(text, out_type=str) == theirs.encode(text, out_type=str), text
    ids = theirs.encode(text)
    assert ours.encode(text) == ids, text
    assert ours.decode(ids) == theirs.decode(ids), text


@pytest.mark.parametrize("model", MODELS)
def test_encode_and_decode_corpus_lines(model):
    ours, theirs = pair(model)
    for text in lines():
        assert_same_encoding(ours, theirs, text)
    batch = lines()[:5]
    assert ours.encode(batch, out_type=str, add_eos=True) == theirs.encode(batch, out_type=str, add_eos=True)


@pytest.mark.parametrize(
    "model", ["t5/spiece.model", "llama2/tokenizer.model", "sentencepiece-test/test_ja_model.model"]
)
@given(text=TEXT)
def test_encode_and_decode_hypothesis_text(model, text):
    ours, theirs = pair(model)
    assert_same_encoding(ours, theirs, text)
    assert ours.normalize(text) == theirs.normalize(text)


@pytest.mark.parametrize("model", ["t5/spiece.model", "llama2/tokenizer.model"])
@given(data=st.data())
def test_decode_any_ids(model, data):
    ours, theirs = pair(model)
    size = theirs.get_piece_size()
    # byte pieces, control pieces and the unknown piece sit at the start of the vocabulary
    ids = data.draw(st.lists(st.one_of(st.integers(0, 300), st.integers(0, size - 1)), max_size=20))
    assert ours.decode(ids) == theirs.decode(ids)
    pieces = [theirs.id_to_piece(i) for i in ids]
    assert ours.decode(pieces) == theirs.decode(pieces)


@pytest.mark.parametrize("model", UNIGRAM_MODELS)
def test_nbest_lists(model):
    ours, theirs = pair(model)
    texts = [text[:30] for text in lines()[::3]]
    for text in texts:
        assert ours.nbest_encode_as_pieces(text, 6) == theirs.nbest_encode_as_pieces(text, 6), text
    repeated = ["." * 13, "aaaaaaaa", "abababab", "-=-=-=-="]
    for text in repeated:
        assert ours.nbest_encode_as_ids(text, 40) == theirs.nbest_encode_as_ids(text, 40), text


@pytest.mark.parametrize("model", MODELS)
def test_vocabulary_queries(model):
    ours, theirs = pair(model)
    size = theirs.get_piece_size()
    assert len(ours) == size
    assert (ours.unk_id(), ours.bos_id(), ours.eos_id(), ours.pad_id()) == (
        theirs.unk_id(),
        theirs.bos_id(),
        theirs.eos_id(),
        theirs.pad_id(),
    )
    for id_ in list(range(0, 300)) + list(range(size - 50, size)):
        assert ours.id_to_piece(id_) == theirs.id_to_piece(id_)
        assert ours.get_score(id_) == theirs.get_score(id_)
        flags = (ours.is_control(id_), ours.is_unknown(id_), ours.is_unused(id_), ours.is_byte(id_))
        assert flags == (theirs.is_control(id_), theirs.is_unknown(id_), theirs.is_unused(id_), theirs.is_byte(id_))
        piece = theirs.id_to_piece(id_)
        assert ours.piece_to_id(piece) == theirs.piece_to_id(piece)
    assert ours.piece_to_id("not a piece at all") == theirs.piece_to_id("not a piece at all")


# -- edited models: every piece type and normalizer setting -----------------------------------


def edited(relative: str, unused: bool = True, **changes) -> bytes:
    """A botchan model with some pieces made user-defined (and unused), byte pieces, other settings."""
    model = parse_model_proto(fixture_path(relative).read_bytes())
    pieces = list(model.pieces)
    for index in range(40, 60, 3) if unused else ():
        pieces[index] = dataclasses.replace(pieces[index], type=UNUSED)
    index_of = {p.piece: i for i, p in enumerate(pieces)}
    for text in ("<sep>", "▁the▁", "ing", "ly "):
        if text in index_of:
            pieces[index_of[text]] = dataclasses.replace(pieces[index_of[text]], type=USER_DEFINED)
        else:
            pieces.append(Piece(text, 0.0, USER_DEFINED))
    byte_fallback = changes.pop("byte_fallback", False)
    if byte_fallback:
        pieces += [Piece(f"<0x{b:02X}>", 0.0, BYTE) for b in range(256)]
    trainer = dataclasses.replace(
        model.trainer_spec,
        byte_fallback=byte_fallback,
        treat_whitespace_as_suffix=changes.pop("treat_whitespace_as_suffix", False),
    )
    spec = dataclasses.replace(model.normalizer_spec, **changes)
    return serialize_model(dataclasses.replace(model, pieces=pieces, trainer_spec=trainer, normalizer_spec=spec))


VARIANTS = [
    {},
    {"byte_fallback": True},
    {"remove_extra_whitespaces": False},
    {"escape_whitespaces": False},
    {"add_dummy_prefix": False},
    {"treat_whitespace_as_suffix": True},
    {"precompiled_charsmap": b""},
]


@pytest.mark.parametrize("base", ["botchan_en_unigram_1000.model", "botchan_en_bpe_1000.model"])
@pytest.mark.parametrize("changes", VARIANTS, ids=lambda c: ",".join(c) or "pieces")
def test_edited_models(base, changes):
    data = edited(f"sentencepiece-test/{base}", **changes)
    ours, theirs = SentencePieceProcessor(model_proto=data), spm.SentencePieceProcessor(model_proto=data)
    texts = lines()[::4] + ["the<sep>thing  slowly ", " the  the ", "ééé 日本 <sep><sep>", "ly  ly"]
    for text in texts:
        assert_same_encoding(ours, theirs, text)
    if "unigram" in base:
        for text in texts[:20]:
            assert ours.nbest_encode_as_ids(text[:25], 5) == theirs.nbest_encode_as_ids(text[:25], 5), text


@pytest.mark.parametrize(
    "rules, flags",
    [
        ({"a": "A", "th": "TH", " ": "_"}, dict(add_dummy_prefix=False, remove_extra_whitespaces=False, escape_whitespaces=False)),
        ({"e": "E"}, {}),
    ],
)
def test_denormalizer(rules, flags):
    model = parse_model_proto(fixture_path("sentencepiece-test/botchan_en_unigram_1000.model").read_bytes())
    spec = NormalizerSpec(precompiled_charsmap=build_charsmap(rules), **flags)
    data = serialize_model(dataclasses.replace(model, denormalizer_spec=spec))
    ours, theirs = SentencePieceProcessor(model_proto=data), spm.SentencePieceProcessor(model_proto=data)
    for text in lines()[::5]:
        ids = theirs.encode(text)
        assert ours.decode(ids) == theirs.decode(ids), text


# -- sampling ---------------------------------------------------------------------------------


def total_variation(a: Counter, b: Counter) -> float:
    """Total variation distance, the outcomes rarer than RARE in both samples counted as one."""
    total_a, total_b = sum(a.values()), sum(b.values())
    common = {key for key in set(a) | set(b) if a[key] / total_a >= RARE or b[key] / total_b >= RARE}
    rare_a = sum(count for key, count in a.items() if key not in common)
    rare_b = sum(count for key, count in b.items() if key not in common)
    distance = sum(abs(a[key] / total_a - b[key] / total_b) for key in common)
    return 0.5 * (distance + abs(rare_a / total_a - rare_b / total_b))


@pytest.mark.parametrize(
    "model, text, nbest_size, alpha",
    [
        ("sentencepiece-test/botchan_en_unigram_1000.model", "the world", -1, 0.1),
        ("sentencepiece-test/botchan_en_unigram_1000.model", "nothing", -1, 0.2),
        ("t5/spiece.model", "Hello", 8, 0.3),
        ("sentencepiece-test/botchan_en_bpe_1000.model", "the world", -1, 0.2),
        ("llama2/tokenizer.model", "Hello there", -1, 0.1),
    ],
)
def test_sampling_distribution(model, text, nbest_size, alpha):
    path = str(fixture_path(model))
    ours = SentencePieceProcessor(model_file=path, seed=1234)
    theirs = spm.SentencePieceProcessor(model_file=path)
    spm.set_random_generator_seed(1234)
    drawn_ours = Counter(tuple(ours.sample_encode_as_ids(text, nbest_size, alpha)) for _ in range(SAMPLES))
    drawn_theirs = Counter(tuple(theirs.sample_encode_as_ids(text, nbest_size, alpha)) for _ in range(SAMPLES))
    assert len(drawn_theirs) > 2, "the input should have several likely segmentations"
    distance = total_variation(drawn_ours, drawn_theirs)
    print(f"{model} {text!r}: total variation {distance:.3f}")
    assert distance < SAMPLING_TOLERANCE


CALLS = [
    ((True,), {}),  # sentencepiece 0.2: add_bos is the second argument
    ((True, True), {}),
    ((False, False, True), {}),  # reverse
    ((), {"out_type": str}),
    ((), {"return_type": str}),
    ((), {"return_type": int, "out_type": int}),  # both: refused
    ((), {"return_bytes": True}),  # only with offset_mapping: refused
]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("args, options", CALLS)
def test_encode_arguments_in_sentencepiece_order(model, args, options):
    ours, theirs = pair(model)

    def outcome(processor):
        try:
            return processor.encode("Hello world, again", *args, **options)
        except Exception as error:
            return isinstance(error, ValueError)

    assert outcome(ours) == outcome(theirs)


@pytest.mark.parametrize("model", MODELS)
def test_decode_arguments_in_sentencepiece_order(model):
    ours, theirs = pair(model)
    ids = theirs.encode("Hello world, again")
    assert ours.decode(ids, bytes) == theirs.decode(ids, bytes)
    assert ours.decode(ids, return_type=str) == theirs.decode(ids, return_type=str)
    with pytest.raises(ValueError, match="Cannot specify both"):
        ours.decode(ids, return_type=str, out_type=str)
