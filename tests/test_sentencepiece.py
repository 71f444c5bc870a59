"""Unit tests of subword.sentencepiece: the .model reader, the normalizer, both segmenters, decode.

Models are written by `serialize_model` below (a minimal protobuf writer for the fields the
reader keeps); expected values are worked out by hand from sentencepiece's rules.
"""

from __future__ import annotations

import random
import re
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subword.text.charsmap import build_charsmap
from subword.errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError
from subword.sentencepiece import (
    ModelProto,
    NormalizerSpec,
    Piece,
    PieceIdError,
    SentencePieceProcessor,
    TrainerSpec,
    parse_model_proto,
)
from subword.sentencepiece._model import decode_bytes
from subword.sentencepiece._normalize import SpecNormalizer
from subword.sentencepiece._proto import BPE, BYTE, CONTROL, NORMAL, UNKNOWN, UNUSED, USER_DEFINED
from subword.sentencepiece._unigram import _heap_pop, _heap_push, f32

# -- a minimal .model writer ------------------------------------------------------------------


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _tag(number: int, wire_type: int) -> bytes:
    return _varint(number << 3 | wire_type)


def _bytes_field(number: int, payload: bytes) -> bytes:
    return _tag(number, 2) + _varint(len(payload)) + payload


def _int_field(number: int, value: int) -> bytes:
    return _tag(number, 0) + _varint(value)


def serialize_model(model: ModelProto) -> bytes:
    """The bytes of a .model file holding `model` (the fields subword reads)."""
    out = bytearray()
    for piece in model.pieces:
        body = _bytes_field(1, piece.piece.encode()) + _tag(2, 5) + struct.pack("<f", piece.score)
        out += _bytes_field(1, body + _int_field(3, piece.type))
    trainer = model.trainer_spec
    body = _int_field(3, trainer.model_type) + _int_field(35, trainer.byte_fallback)
    body += _int_field(24, trainer.treat_whitespace_as_suffix)
    for number, name in ((40, "unk_id"), (41, "bos_id"), (42, "eos_id"), (43, "pad_id")):
        body += _int_field(number, getattr(trainer, name))
    names = ((45, "unk_piece"), (46, "bos_piece"), (47, "eos_piece"), (48, "pad_piece"), (44, "unk_surface"))
    for number, name in names:
        body += _bytes_field(number, getattr(trainer, name).encode())
    out += _bytes_field(2, body)
    for number, spec in ((3, model.normalizer_spec), (5, model.denormalizer_spec)):
        if spec is None:
            continue
        body = _bytes_field(1, spec.name.encode())
        if spec.precompiled_charsmap:
            body += _bytes_field(2, spec.precompiled_charsmap)
        body += _int_field(3, spec.add_dummy_prefix) + _int_field(4, spec.remove_extra_whitespaces)
        body += _int_field(5, spec.escape_whitespaces)
        out += _bytes_field(number, body)
    return bytes(out)


SPECIALS = [Piece("<unk>", 0.0, UNKNOWN), Piece("<s>", 0.0, CONTROL), Piece("</s>", 0.0, CONTROL)]


def make_model(pieces: list[tuple[str, float]] | list[Piece], model_type: int = 1, **spec) -> bytes:
    """A .model with <unk>, <s>, </s> then `pieces` (pairs are NORMAL pieces)."""
    listed = [p if isinstance(p, Piece) else Piece(p[0], p[1], NORMAL) for p in pieces]
    byte_fallback = any(p.type == BYTE for p in listed)
    model = ModelProto(
        pieces=SPECIALS + listed,
        trainer_spec=TrainerSpec(model_type=model_type, byte_fallback=byte_fallback),
        normalizer_spec=NormalizerSpec(**spec),
    )
    return serialize_model(model)


def processor(pieces, model_type: int = 1, **spec: bool) -> SentencePieceProcessor:
    return SentencePieceProcessor(model_proto=make_model(pieces, model_type, **spec))


UNIGRAM_PIECES = [("▁", -2.0), ("a", -3.0), ("b", -3.0), ("▁a", -1.0), ("ab", -2.5), ("▁ab", -4.5), ("c", -5.0)]
BPE_PIECES = [
    ("▁", -0.0), ("a", -1.0), ("b", -2.0), ("c", -3.0), ("ab", -4.0), ("▁a", -5.0), ("▁ab", -6.0), ("bc", -7.0)
]


# -- the protobuf reader ----------------------------------------------------------------------


def test_reader_reads_every_kept_field():
    model = ModelProto(
        pieces=SPECIALS + [Piece("▁x", -1.5, NORMAL), Piece("<0x41>", 0.0, BYTE)],
        trainer_spec=TrainerSpec(model_type=BPE, byte_fallback=True, pad_id=-1, bos_id=7, unk_surface="?"),
        normalizer_spec=NormalizerSpec(name="n", precompiled_charsmap=b"\x04\0\0\0abcd", add_dummy_prefix=False),
        denormalizer_spec=NormalizerSpec(remove_extra_whitespaces=False),
    )
    assert parse_model_proto(serialize_model(model)) == model


def test_reader_skips_unknown_fields_of_every_wire_type():
    group = _tag(9, 3) + _int_field(1, 5) + _tag(10, 3) + _tag(10, 4) + _tag(9, 4)
    extra = _int_field(99, 300) + _tag(98, 1) + b"\0" * 8 + _tag(97, 5) + b"\0" * 4 + _bytes_field(96, b"xyz") + group
    data = make_model([("a", -1.0)]) + extra
    assert [p.piece for p in parse_model_proto(data).pieces] == ["<unk>", "<s>", "</s>", "a"]


def test_reader_reads_negative_int32_as_ten_byte_varint():
    data = _bytes_field(1, _bytes_field(1, b"<unk>") + _int_field(3, UNKNOWN)) + _bytes_field(2, _int_field(43, -1))
    assert _int_field(43, -1)[2:] == b"\xff" * 9 + b"\x01"
    assert parse_model_proto(data).trainer_spec.pad_id == -1


def test_a_field_of_a_foreign_wire_type_is_skipped_as_protobuf_does():
    # pieces[0].score as a varint (wire type 0, not fixed32): an unknown field, the score stays 0
    model = parse_model_proto(b"\x0a\x05\x0a\x01a\x10\x07")
    assert model.pieces == [Piece("a", 0.0, NORMAL)]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x0a\x05ab", "needs 5 bytes but only 2 remain"),  # a truncated piece
        (b"\x0a", "truncated varint"),
        (b"\x08\x01", "ModelProto holds no pieces"),  # pieces as a varint: an unknown field to protobuf
        (b"\x0a\x02\x15\x00", "field pieces[0].score needs 4 bytes"),  # score cut short
        (b"\x0a\x04\x0a\x02\xff\xfe", "pieces[0].piece is not valid UTF-8"),
        (b"\x12\x02\x18\x01", "ModelProto holds no pieces"),
        (b"\x00\x01", "field number 0"),
        (b"\x7f", "invalid wire type 7"),
        (b"\xff" * 11, "varint longer than 10 bytes"),
        (_tag(9, 3) + _tag(10, 3), "group 9 of ModelProto is never closed"),
        (_tag(9, 3) + _tag(8, 4), "group end 8 does not match"),
        (b"", "ModelProto holds no pieces"),
    ],
)
def test_reader_rejects_bad_bytes_naming_the_place(data, message):
    with pytest.raises(TokenizerFileError, match=re.escape(message)) as error:
        parse_model_proto(data, "bad.model")
    assert str(error.value).startswith("bad.model: ")


@given(st.binary(max_size=200))
def test_reader_never_fails_otherwise_on_random_bytes(data):
    try:
        parse_model_proto(data)
    except TokenizerFileError:
        pass


@given(st.data())
def test_reader_on_truncated_real_model_bytes(data):
    blob = make_model(UNIGRAM_PIECES)
    cut = data.draw(st.integers(0, len(blob) - 1))
    try:
        SentencePieceProcessor(model_proto=blob[:cut])
    except TokenizerFileError as error:
        assert "<model_proto>" in str(error)


@given(st.data())
def test_mutated_model_bytes_load_or_fail_cleanly(data):
    blob = bytearray(make_model(UNIGRAM_PIECES))
    for _ in range(data.draw(st.integers(1, 4))):
        blob[data.draw(st.integers(0, len(blob) - 1))] = data.draw(st.integers(0, 255))
    try:
        sp = SentencePieceProcessor(model_proto=bytes(blob))
    except TokenizerFileError:
        return
    sp.encode("ab xy", out_type=str)
    sp.decode(list(range(len(sp))))


@pytest.mark.parametrize(
    "pieces, message",
    [
        ([Piece("a", 0.0, NORMAL), Piece("a", 0.0, NORMAL)], "'a' is already defined"),
        ([Piece("", 0.0, NORMAL)], "must not be empty"),
        ([Piece("<unk2>", 0.0, UNKNOWN)], "unk is already defined"),
        ([Piece("<0x41>", 0.0, BYTE)], "is found although `byte_fallback` is false"),
    ],
)
def test_loading_checks_pieces_as_sentencepiece_does(pieces, message):
    model = ModelProto(pieces=SPECIALS + pieces)
    with pytest.raises(TokenizerFileError, match=re.escape(message)):
        SentencePieceProcessor(model_proto=serialize_model(model))


def test_loading_rejects_a_broken_charsmap():
    data = make_model(UNIGRAM_PIECES, precompiled_charsmap=b"\xff\0\0\0abcd")
    with pytest.raises(TokenizerFileError, match="precompiled_charsmap: Trie data size exceeds the input blob size"):
        SentencePieceProcessor(model_proto=data)


def test_loading_needs_an_unknown_piece_and_256_byte_pieces():
    with pytest.raises(TokenizerFileError, match="unk is not defined"):
        SentencePieceProcessor(model_proto=serialize_model(ModelProto(pieces=[Piece("a")])))
    model = ModelProto(pieces=SPECIALS + [Piece("<0x41>", 0.0, BYTE)], trainer_spec=TrainerSpec(byte_fallback=True))
    with pytest.raises(TokenizerFileError, match="there are not 256 byte pieces"):
        SentencePieceProcessor(model_proto=serialize_model(model))


# -- normalizer -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec, text, expected",
    [
        (NormalizerSpec(), "  hello   world  ", "▁hello▁world"),
        (NormalizerSpec(), " \u3000 ", "▁\u3000"),  # only " " counts as a space without a charsmap
        (NormalizerSpec(), "a▁", "▁a"),  # every trailing ▁ goes, even one from the input
        (NormalizerSpec(), "▁a", "▁▁a"),
        (NormalizerSpec(add_dummy_prefix=False), " a b", "a▁b"),
        (NormalizerSpec(remove_extra_whitespaces=False), " a  b ", "▁▁a▁▁b▁"),
        (NormalizerSpec(escape_whitespaces=False), " a  b ", " a b"),
        (NormalizerSpec(), "   ", ""),
        (NormalizerSpec(), "", ""),
    ],
)
def test_normalizer_whitespace_rules(spec, text, expected):
    assert SpecNormalizer(spec).normalize(text) == expected


def test_normalizer_applies_the_longest_rule_and_keeps_user_defined_pieces():
    charsmap = build_charsmap({"A": "a", "AB": "x", "ﬁ": "fi", "\u00a0": " ", "Z": " z "})
    normalizer = SpecNormalizer(NormalizerSpec(precompiled_charsmap=charsmap), user_defined=["<A>"])
    assert normalizer.normalize("ABA") == "▁xa"
    assert normalizer.normalize("ﬁ\u00a0\u00a0A") == "▁fi▁a"
    assert normalizer.normalize("<A>A") == "▁<A>a"
    # A rule's leading spaces are dropped after a space; its trailing spaces stay (then collapse).
    assert normalizer.normalize("a ZZb") == "▁a▁z▁z▁b"


def test_normalizer_puts_the_dummy_whitespace_last_when_asked():
    assert SpecNormalizer(NormalizerSpec(), treat_whitespace_as_suffix=True).normalize("a b") == "a▁b▁"


# -- unigram ----------------------------------------------------------------------------------


def test_unigram_viterbi_worked_by_hand():
    sp = processor(UNIGRAM_PIECES)
    # "▁ab": ▁a + b = -4.0 beats ▁ab (-4.5) and ▁ + ab (-4.5).
    assert sp.encode("ab", out_type=str) == ["▁a", "b"]
    assert sp.encode("ab") == [6, 5]
    # x and y are unknown: one unknown piece for the run, shown as its text.
    assert sp.encode("abxyc", out_type=str) == ["▁a", "b", "xy", "c"]
    assert sp.encode("abxyc", out_type=str, emit_unk_piece=True) == ["▁a", "b", "<unk>", "c"]
    assert sp.encode("abxyc") == [6, 5, 0, 9]


def test_unigram_nbest_worked_by_hand():
    sp = processor(UNIGRAM_PIECES)
    # ▁a+b -4.0, ▁ab -4.5, ▁+ab -4.5 (found after ▁ab), ▁+a+b -8.0
    assert sp.nbest_encode_as_pieces("ab", 10) == [["▁a", "b"], ["▁ab"], ["▁", "ab"], ["▁", "a", "b"]]
    assert sp.nbest_encode_as_ids("ab", 1) == [[6, 5]]
    assert sp.nbest_encode_as_pieces("", 3) == [[]]
    with pytest.raises(ArgumentValueError, match="nbest_size must be <= 512"):
        sp.nbest_encode_as_ids("ab", 513)


def test_unigram_user_defined_and_unused_pieces():
    pieces = UNIGRAM_PIECES + [Piece("b▁a", 0.0, USER_DEFINED), Piece("bc", -0.1, UNUSED)]
    sp = processor(pieces)
    # the user-defined piece is never normalized (its ▁ stays) and always wins; bc is never used
    assert sp.encode("ab▁a bc", out_type=str) == ["▁a", "b▁a", "▁", "b", "c"]


def test_unigram_byte_fallback_spells_unknown_text_in_bytes():
    byte_pieces = [Piece(f"<0x{b:02X}>", 0.0, BYTE) for b in range(256)]
    sp = processor(UNIGRAM_PIECES + byte_pieces)
    first_byte = 3 + len(UNIGRAM_PIECES)
    assert sp.encode("aé", out_type=str) == ["▁a", "<0xC3>", "<0xA9>"]
    assert sp.encode("aé") == [6, first_byte + 0xC3, first_byte + 0xA9]
    assert sp.decode(sp.encode("aé")) == "aé"


def test_sampling_draws_only_segmentations_and_all_of_them():
    sp = SentencePieceProcessor(model_proto=make_model(UNIGRAM_PIECES), seed=3)
    seen = {tuple(sp.sample_encode_as_pieces("ab", -1, 0.5)) for _ in range(300)}
    assert seen == {("▁a", "b"), ("▁ab",), ("▁", "ab"), ("▁", "a", "b")}
    seen = {tuple(sp.sample_encode_as_pieces("ab", 2, 0.5)) for _ in range(200)}
    assert seen == {("▁a", "b"), ("▁ab",)}
    with pytest.raises(ArgumentValueError, match="enable_sampling"):
        sp.encode("ab", enable_sampling=True, nbest_size=1)


# -- BPE --------------------------------------------------------------------------------------


def test_bpe_merges_by_score_leftmost_first():
    sp = processor(BPE_PIECES, model_type=BPE)
    # ▁ a b c: "ab" (-4) before "▁a" (-5) and "bc" (-7); then "▁" + "ab" -> "▁ab" (-6).
    assert sp.encode("abc", out_type=str) == ["▁ab", "c"]
    # "a a": both "▁a" pairs score the same; no piece joins them further.
    assert sp.encode("a a", out_type=str) == ["▁a", "▁a"]
    assert sp.encode("bcx", out_type=str) == ["▁", "bc", "x"]
    with pytest.raises(ArgumentValueError, match="unigram models only"):
        sp.nbest_encode_as_ids("abc", 2)


def test_bpe_splits_unused_pieces_back_and_freezes_user_defined_ones():
    pieces = BPE_PIECES + [Piece("ca", -0.5, UNUSED), Piece("cab", -0.1, NORMAL), Piece("<x>", 0.0, USER_DEFINED)]
    sp = processor(pieces, model_type=BPE)
    # c+a -> "ca" (unused), ca+b -> "cab": kept, since "cab" itself is a normal piece
    assert sp.encode("cab", out_type=str) == ["▁", "cab"]
    # c+a -> "ca" (unused) and nothing joins it further: split back into c, a
    assert sp.encode("ca", out_type=str) == ["▁", "c", "a"]
    assert sp.encode("a<x>b", out_type=str) == ["▁a", "<x>", "b"]


def test_bpe_dropout_one_never_merges():
    sp = processor(BPE_PIECES, model_type=BPE)
    assert sp.encode("abc", out_type=str, enable_sampling=True, alpha=1.0, nbest_size=-1) == ["▁", "a", "b", "c"]


# -- decode -----------------------------------------------------------------------------------


def test_decode_rules():
    sp = processor(UNIGRAM_PIECES)
    assert sp.decode([6, 5, 1, 0, 2]) == "ab ⁇ "
    assert sp.decode(["▁", "▁a", "xyz", "<unk>"]) == "axyz ⁇ "  # every leading ▁ goes
    assert sp.decode([]) == "" and sp.decode("") == ""
    assert sp.decode(6) == "a" and sp.decode("▁a") == "a"
    assert sp.decode([[6], [], [5]]) == ["a", "", "b"]
    assert sp.decode([6, 5], out_type=bytes) == b"ab"
    keep = processor(UNIGRAM_PIECES, remove_extra_whitespaces=False)
    assert keep.decode(["▁", "▁a"]) == " a"  # only the dummy prefix goes


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"a\xc3\xa9", "aé"),
        (b"\xe2\x82", "\ufffd\ufffd"),  # each byte of a cut sequence
        (b"\xc0\xaf", "\ufffd\ufffd"),  # overlong
        (b"\xed\xa0\x80", "\ufffd\ufffd\ufffd"),  # a surrogate
        (b"\xf4\x90\x80\x80", "\ufffd" * 4),  # above U+10FFFF
        (b"\xef\xbf\xbd", "\ufffd"),
    ],
)
def test_decode_bytes_replaces_each_invalid_byte(data, expected):
    assert decode_bytes(data) == expected


# -- processor API ----------------------------------------------------------------------------


def test_processor_api_and_aliases():
    sp = processor(UNIGRAM_PIECES)
    assert sp.encode(["ab", ""]) == [[6, 5], []]
    assert sp.encode("ab", add_bos=True, add_eos=True, reverse=True) == [1, 5, 6, 2]
    assert sp.encode("ab", out_type=str, add_bos=True) == ["<s>", "▁a", "b"]
    assert sp.EncodeAsIds("ab") == sp.encode_as_ids("ab") == sp.tokenize("ab") == [6, 5]
    assert sp.EncodeAsPieces("ab") == sp.encode_as_pieces("ab") == ["▁a", "b"]
    assert sp.NBestEncodeAsIds("ab", 2) == sp.nbest_encode_as_ids("ab", 2)
    assert sp.DecodeIds([6, 5]) == sp.decode_pieces(["▁a", "b"]) == sp.detokenize([6, 5]) == "ab"
    assert (sp.unk_id(), sp.bos_id(), sp.eos_id(), sp.pad_id()) == (0, 1, 2, -1)
    assert len(sp) == sp.get_piece_size() == sp.vocab_size() == sp.piece_size() == 10
    assert sp["▁a"] == sp.piece_to_id("▁a") == 6 and sp.piece_to_id("zz") == 0
    assert sp.id_to_piece([6, 0]) == ["▁a", "<unk>"] and sp.IdToPiece(6) == "▁a"
    assert sp.get_score(6) == -1.0 and sp.get_score(3) == -2.0
    assert sp.is_control(1) and sp.is_unknown(0) and not sp.is_unused(6) and not sp.is_byte(6)
    assert sp.normalize(" a  b ") == "▁a▁b"
    assert sp.serialized_model_proto() == make_model(UNIGRAM_PIECES)


def test_processor_errors():
    sp = processor(UNIGRAM_PIECES)
    with pytest.raises(PieceIdError, match="out of range") as error:
        sp.decode([10])
    assert isinstance(error.value, IndexError)
    with pytest.raises(IndexError):
        sp.id_to_piece(-1)
    with pytest.raises(ArgumentTypeError, match="must be a str"):
        sp.encode(3)
    with pytest.raises(ArgumentValueError, match="Invalid return_type"):
        sp.encode("a", out_type=float)
    with pytest.raises(ArgumentValueError, match="no model is loaded"):
        SentencePieceProcessor().encode("a")
    with pytest.raises(ArgumentValueError, match="either model_file or model_proto"):
        SentencePieceProcessor().load(model_file="x", model_proto=b"x")
    no_bos = SentencePieceProcessor(model_proto=serialize_model(ModelProto(pieces=[Piece("<unk>", 0.0, UNKNOWN), Piece("a")])))
    with pytest.raises(ArgumentValueError, match="BOS token is not defined"):
        no_bos.encode("a", add_bos=True)


def test_load_from_file(tmp_path):
    path = tmp_path / "m.model"
    path.write_bytes(make_model(UNIGRAM_PIECES))
    sp = SentencePieceProcessor()
    assert sp.Load(str(path)) is True
    assert sp.encode("ab") == [6, 5]
    assert SentencePieceProcessor(model_file=path).encode("ab") == [6, 5]


# -- helpers ----------------------------------------------------------------------------------


def test_f32_rounds_to_float():
    assert f32(0.1) == struct.unpack("<f", struct.pack("<f", 0.1))[0]


@given(st.lists(st.integers(-5, 5), max_size=60))
def test_heap_pops_in_max_order(keys):
    heap: list = []
    for key in keys:
        _heap_push(heap, [key])
    assert [_heap_pop(heap)[0] for _ in keys] == sorted(keys, reverse=True)


def test_seeded_sampling_is_reproducible():
    a = SentencePieceProcessor(model_proto=make_model(UNIGRAM_PIECES), seed=7)
    b = SentencePieceProcessor(model_proto=make_model(UNIGRAM_PIECES), seed=7)
    texts = ["".join(random.Random(i).choice("ab ") for _ in range(8)) for i in range(20)]
    assert [a.sample_encode_as_ids(t, -1, 0.3) for t in texts] == [b.sample_encode_as_ids(t, -1, 0.3) for t in texts]
