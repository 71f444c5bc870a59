"""The rest of sentencepiece's module API, side by side with the installed `sentencepiece` (0.2.3).

On every shared .model: serialized protos (encode, n-best, decode of ids and of pieces: the
same bytes), offset mappings (str and bytes input, return_bytes), bytes and numpy outputs,
Normalize with offsets, batched forms, from_file/from_proto, pickling and deepcopy; the error
types of the same bad calls; SentencePieceNormalizer (model files, rule names from
sentencepiece's package_data, norm_map, rule_tsv); override_normalizer_spec against a model
written with the overridden spec; and the method names (CamelCase and snake_case) both offer.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import pickle
from functools import lru_cache

import pytest

import subword.sentencepiece as ssp
from subword.sentencepiece import SentencePieceNormalizer, SentencePieceProcessor, parse_model_proto
from tests.parity.test_sentencepiece_parity import MODELS, UNIGRAM_MODELS
from tests.shared_data import corpus_files, corpus_lines, fixture_path
from tests.test_sentencepiece import serialize_model

spm = pytest.importorskip("sentencepiece")

TEXTS = [
    "I saw 藤 a girl with a telescope.",
    "  ＡＢ c ",
    "ＫＡＤＯＫＡＷＡABC",
    "㍻",
    "",
    "   ",
    "a  b\tc",
    "Hello  world.\u3000x ",
    "ﬁ ﬂ é e\u0301",
    "吾輩は猫である。Hello world. ABC 123",
    "藤藤 x 藤😀 ",
    "\x00a\u200bb",
]
# Method names of sentencepiece 0.2.3's processor that subword does not offer.
NOT_OFFERED = {"ParallelEncode", "ParallelEncodeAsIds", "ParallelEncodeAsPieces", "ParallelEncodeAsNumpy",
               "ParallelEncodeAsProto"}


@lru_cache(maxsize=None)
def pair(relative: str) -> tuple[SentencePieceProcessor, object]:
    path = str(fixture_path(relative))
    return SentencePieceProcessor(model_file=path), spm.SentencePieceProcessor(model_file=path)


def texts() -> list[str]:
    return TEXTS + [line for path in corpus_files()[:3] for line in corpus_lines(path, 3)]


@pytest.mark.parametrize("model", MODELS)
def test_serialized_protos_are_the_same_bytes(model):
    ours, theirs = pair(model)
    for text in texts():
        assert ours.encode(text, return_type="serialized_proto") == theirs.encode(text, return_type="serialized_proto"), text
        assert ours.encode_as_serialized_proto(text) == theirs.encode(text, return_type="serialized_proto"), text
        if model in UNIGRAM_MODELS:
            expected = theirs.nbest_encode(text, nbest_size=5, return_type="serialized_proto")
            assert ours.nbest_encode(text, nbest_size=5, return_type="serialized_proto") == expected, text
        ids = theirs.encode(text)
        for extra in ([], [0], [1, 2], [3, 0, 0]):  # unknown and control ids around the text
            sequence = extra + ids + extra[::-1]
            pieces = theirs.id_to_piece(sequence)
            assert ours.decode(sequence, return_type="serialized_proto") == theirs.decode(sequence, return_type="serialized_proto")
            assert ours.decode(pieces, return_type="serialized_proto") == theirs.decode(pieces, return_type="serialized_proto")


@pytest.mark.parametrize("model", ["llama2/tokenizer.model", "mistral-7b/tokenizer.model"])
def test_byte_pieces_in_protos_and_offsets(model):
    ours, theirs = pair(model)
    byte = {b: theirs.piece_to_id(f"<0x{b:02X}>") for b in range(256)}
    for sequence in ([byte[0xC3], byte[0xA9], byte[0xFF], 5], [byte[0xE8], byte[0x97]], [5, byte[0xE8], byte[0x97], byte[0xA4], byte[0x41]]):
        for kind in ("serialized_proto", "offset_mapping", str, bytes):
            assert ours.decode(sequence, return_type=kind) == theirs.decode(sequence, return_type=kind)
    for text in ["藤😀 x", "\u0fff\U000e0100 a"]:
        assert ours.encode(text, return_type="offset_mapping") == theirs.encode(text, return_type="offset_mapping")


@pytest.mark.parametrize("model", MODELS)
def test_offset_mappings(model):
    ours, theirs = pair(model)
    for text in texts():
        for return_bytes in (None, True, False):
            expected = theirs.encode(text, return_type="offset_mapping", return_bytes=return_bytes)
            assert ours.encode(text, return_type="offset_mapping", return_bytes=return_bytes) == expected, text
        expected = theirs.encode(text.encode(), return_type="offset_mapping")
        assert ours.encode_as_offset_mapping(text.encode()) == expected, text
        ids = [1] + theirs.encode(text) + [2, 0]
        for return_bytes in (None, True):
            expected = theirs.decode(ids, return_type="offset_mapping", return_bytes=return_bytes)
            assert ours.decode(ids, return_type="offset_mapping", return_bytes=return_bytes) == expected, text


@pytest.mark.parametrize("model", MODELS)
def test_bytes_numpy_and_batched_outputs(model):
    ours, theirs = pair(model)
    batch = texts()
    for kind in (int, str, bytes, "serialized_proto", "offset_mapping"):
        assert ours.encode(batch, return_type=kind) == theirs.encode(batch, return_type=kind), kind
        assert ours.encode(batch, return_type=kind, num_threads=3, thread_pool=ssp.ThreadPool(2)) == [
            theirs.encode(text, return_type=kind) for text in batch
        ]
    assert [a.tolist() for a in ours.encode(batch, return_type="numpy")] == [a.tolist() for a in theirs.encode(batch, return_type="numpy")]
    assert str(ours.encode_as_numpy("hello").dtype) == "int32"
    ids = theirs.encode(batch)
    for kind in (str, bytes, "serialized_proto", "offset_mapping"):
        assert ours.decode(ids, return_type=kind) == theirs.decode(ids, return_type=kind), kind
    numpy = pytest.importorskip("numpy")
    assert ours.decode(numpy.array(ids[0], dtype=numpy.int32)) == theirs.decode(ids[0])
    assert ours.decode_ids(ids[0], return_type=bytes) == theirs.decode_ids(ids[0], return_type=bytes)
    assert ours.decode([]) == theirs.decode([]) and ours.decode([[]]) == theirs.decode([[]])
    if model in UNIGRAM_MODELS:
        expected = [[a.tolist() for a in row] for row in theirs.nbest_encode(batch[:3], nbest_size=3, return_type="numpy")]
        assert [[a.tolist() for a in row] for row in ours.nbest_encode(batch[:3], nbest_size=3, return_type="numpy")] == expected
        assert ours.nbest_encode(batch[:3], nbest_size=3, return_type=bytes) == theirs.nbest_encode(batch[:3], nbest_size=3, return_type=bytes)


@pytest.mark.parametrize("model", MODELS)
def test_normalize_with_offsets(model):
    ours, theirs = pair(model)
    for text in texts():
        assert ours.normalize(text, with_offsets=True) == theirs.normalize(text, with_offsets=True), text
        assert ours.normalize(text.encode(), with_offsets=True) == theirs.normalize(text.encode(), with_offsets=True), text
        assert ours.normalize(text.encode()) == theirs.normalize(text.encode())
    assert ours.normalize(TEXTS, with_offsets=True) == theirs.normalize(TEXTS, with_offsets=True)


@pytest.mark.parametrize("model", MODELS)
def test_unknown_ids_decode_to_the_unknown_surface(model):
    ours, theirs = pair(model)
    unk = theirs.unk_id()
    for ids in ([unk], [unk, 5, unk], [5, unk, unk, 6], [1, unk, 2]):
        assert ours.decode(ids) == theirs.decode(ids)
        assert ours.decode(theirs.id_to_piece(ids)) == theirs.decode(theirs.id_to_piece(ids))


@pytest.mark.parametrize("model", MODELS)
def test_constructors_pickling_and_deepcopy(model):
    ours, theirs = pair(model)
    path = fixture_path(model)
    text = "Hello world, 藤 and 😀."
    expected = theirs.encode(text, out_type=str)
    made = [
        SentencePieceProcessor.from_file(str(path), out_type=str),
        SentencePieceProcessor.from_proto(path.read_bytes(), return_type=str),
        pickle.loads(pickle.dumps(SentencePieceProcessor(model_file=str(path), out_type=str))),
        copy.deepcopy(SentencePieceProcessor(model_file=str(path), out_type=str)),
    ]
    for processor in made:
        assert processor.encode(text) == expected
    assert spm.SentencePieceProcessor.from_file(str(path), out_type=str).encode(text) == expected


def _error_type(call):
    try:
        call()
    except Exception as error:  # noqa: BLE001 - the type is what is compared
        return type(error)
    return None


ERROR_CALLS = {
    "proto with add_bos": lambda sp: sp.encode("hi", return_type="serialized_proto", add_bos=True),
    "offset mapping with reverse": lambda sp: sp.encode("hi", return_type="offset_mapping", reverse=True),
    "nbest proto with add_eos": lambda sp: sp.nbest_encode("hi", nbest_size=2, return_type="serialized_proto", add_eos=True),
    "nbest offset mapping": lambda sp: sp.nbest_encode("hi", nbest_size=2, return_type="offset_mapping"),
    "id out of range": lambda sp: sp.decode([5, 10**6]),
    "negative id": lambda sp: sp.decode([5, -1]),
    "id out of range in a proto": lambda sp: sp.decode([10**6], return_type="serialized_proto"),
    "piece then id": lambda sp: sp.decode(["a", 5]),
    "id then piece": lambda sp: sp.decode([5, "a"]),
    "unknown return type": lambda sp: sp.encode("hi", return_type="foo"),
    "both out_type and return_type": lambda sp: sp.encode("hi", out_type=int, return_type=str),
    "return_bytes without offsets": lambda sp: sp.encode("hi", return_bytes=True),
    "num_threads not an int": lambda sp: sp.encode(["hi"], num_threads="x"),
    "decode to ints": lambda sp: sp.decode([5], return_type=int),
    "encode an int": lambda sp: sp.encode(5),
    "sampling without nbest_size": lambda sp: sp.encode("hi", enable_sampling=True, nbest_size=1),
    "from_file with model_file": lambda sp: type(sp).from_file("x.model", model_file="y"),
    "decode bytes return_bytes": lambda sp: sp.decode([5], return_type=bytes, return_bytes=True),
}


@pytest.mark.parametrize("model", ["sentencepiece-test/test_model.model", "llama2/tokenizer.model"])
@pytest.mark.parametrize("name", sorted(ERROR_CALLS))
def test_error_types(model, name):
    ours, theirs = pair(model)
    expected = _error_type(lambda: ERROR_CALLS[name](theirs))
    found = _error_type(lambda: ERROR_CALLS[name](ours))
    assert expected is not None, "the reference accepts this call"
    assert found is not None and issubclass(found, expected), (name, found, expected)


def test_nbest_of_a_bpe_model_is_a_runtime_error():
    ours, theirs = pair("sentencepiece-test/botchan_en_bpe_1000.model")
    expected = _error_type(lambda: theirs.nbest_encode("hi", nbest_size=3))
    assert expected is RuntimeError
    assert issubclass(_error_type(lambda: ours.nbest_encode("hi", nbest_size=3)), expected)


@pytest.mark.parametrize("flag", ["add_dummy_prefix", "remove_extra_whitespaces", "escape_whitespaces"])
def test_override_normalizer_spec_matches_a_model_written_with_it(flag):
    path = fixture_path("sentencepiece-test/test_model.model")
    proto = parse_model_proto(path.read_bytes())
    changed = serialize_model(dataclasses.replace(proto, normalizer_spec=dataclasses.replace(proto.normalizer_spec, **{flag: False})))
    theirs = spm.SentencePieceProcessor(model_proto=changed)
    ours = SentencePieceProcessor(model_file=str(path))
    ours.override_normalizer_spec(**{flag: False})
    for text in [" hello  world ", "  a\tb  ", "ＡＢ c"]:
        assert ours.encode(text, out_type=str) == theirs.encode(text, out_type=str)
        assert ours.encode(text, return_type="serialized_proto") == theirs.encode(text, return_type="serialized_proto")
        ids = theirs.encode(text)
        assert ours.decode(ids) == theirs.decode(ids)
    assert pickle.loads(pickle.dumps(ours)).encode(" hello  world ", out_type=str) == theirs.encode(" hello  world ", out_type=str)


# -- SentencePieceNormalizer -------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize(
    "flags", [{}, dict(add_dummy_prefix=False), dict(remove_extra_whitespaces=False, escape_whitespaces=False)]
)
def test_normalizer_of_a_model_file(model, flags):
    path = str(fixture_path(model))
    ours, theirs = SentencePieceNormalizer(model_file=path, **flags), spm.SentencePieceNormalizer(model_file=path, **flags)
    for text in texts():
        assert ours.normalize(text) == theirs.normalize(text), text
        assert ours.normalize(text, with_offsets=True) == theirs.normalize(text, with_offsets=True), text
        assert ours.normalize(text.encode(), with_offsets=True) == theirs.normalize(text.encode(), with_offsets=True)
    assert pickle.loads(pickle.dumps(ours)).normalize(TEXTS) == theirs.normalize(TEXTS)


@pytest.fixture
def reference_data_dir():
    folder = os.path.join(os.path.dirname(spm.__file__), "package_data")
    if not os.path.isdir(folder):
        pytest.skip(f"the installed sentencepiece has no package_data folder ({folder})")
    ssp.set_data_dir(folder)
    yield folder
    ssp.set_data_dir("")


@pytest.mark.parametrize("rule_name", ["identity", "nfkc", "nfkc_cf", "nmt_nfkc", "nmt_nfkc_cf"])
def test_normalizer_of_a_rule_name(rule_name, reference_data_dir):
    ours, theirs = SentencePieceNormalizer(rule_name=rule_name), spm.SentencePieceNormalizer(rule_name=rule_name)
    for text in texts():
        assert ours.normalize(text, with_offsets=True) == theirs.normalize(text, with_offsets=True), text


def test_unknown_rule_names_and_missing_sources_raise_as_sentencepiece():
    assert issubclass(_error_type(lambda: SentencePieceNormalizer(rule_name="foo")), _error_type(lambda: spm.SentencePieceNormalizer(rule_name="foo")))
    assert issubclass(_error_type(SentencePieceNormalizer), _error_type(spm.SentencePieceNormalizer))
    assert issubclass(_error_type(lambda: SentencePieceNormalizer(norm_map={"a": "b"})), TypeError)


def test_normalizer_of_norm_map_and_rule_tsv(tmp_path):
    rules = [("a", "b"), ("ab", "X"), ("ﬁ", "fi"), ("Ａ", "")]
    ours, theirs = SentencePieceNormalizer(norm_map=rules), spm.SentencePieceNormalizer(norm_map=rules)
    tsv = tmp_path / "rules.tsv"
    tsv.write_text("41\t61\n42 43\t78 79\nFF21\t\n", encoding="utf-8")
    pairs = [(ours, theirs), (SentencePieceNormalizer(rule_tsv=str(tsv)), spm.SentencePieceNormalizer(rule_tsv=str(tsv)))]
    for mine, reference in pairs:
        for text in texts() + ["  aab  c ", "ABC Ａ BCx ﬁ"]:
            assert mine.normalize(text, with_offsets=True) == reference.normalize(text, with_offsets=True), text


def test_method_names():
    ours, theirs = set(dir(SentencePieceProcessor)), set(dir(spm.SentencePieceProcessor))
    public = {name for name in theirs if not name.startswith("_")}
    missing = {name for name in public - ours}
    snake_of_missing = {name for name in missing if name.startswith("parallel_")}
    assert missing - snake_of_missing == NOT_OFFERED
    for module_name in ["set_random_generator_seed", "set_min_log_level", "set_data_dir", "SentencePieceNormalizer", "ThreadPool",
                        "SentencePieceTrainer"]:
        assert hasattr(ssp, module_name) and hasattr(spm, module_name)
