"""The .model and .tiktoken writers on small hand-made tokenizers: protobuf bytes worked out from
the wire format, ids worked out by hand (and given by sentencepiece), and every refusal."""

from __future__ import annotations

import base64

import pytest

from subword import Tokenizer, decoders, models, normalizers, pre_tokenizers
from subword.errors import ArgumentValueError
from subword.sentencepiece._proto import BYTE, CONTROL, NORMAL, UNKNOWN, ModelProto, NormalizerSpec, Piece, TrainerSpec, parse_model_proto
from subword.sentencepiece._proto_write import serialize_model_proto, varint
from subword.text.byte_level import BYTE_TO_CHAR

spm = pytest.importorskip("sentencepiece")


def test_varints_as_the_protobuf_encoding_guide_gives_them() -> None:
    assert varint(1) == b"\x01"
    assert varint(150) == b"\x96\x01"
    assert varint(-1) == b"\xff" * 9 + b"\x01"  # a negative int32: ten bytes


def test_a_piece_message_byte_by_byte() -> None:
    proto = ModelProto(pieces=[Piece("a", 1.0, CONTROL)])
    data = serialize_model_proto(proto)
    # field 1 (bytes) of 10 bytes: piece "a" (0x0a 01 61), score 1.0f (0x15 0000803f), type 3 (0x18 03)
    assert data.startswith(b"\x0a\x0a" + b"\x0a\x01a" + b"\x15\x00\x00\x80\x3f" + b"\x18\x03")


def test_serialized_protos_read_back_equal() -> None:
    proto = ModelProto(
        pieces=[Piece("<unk>", 0.0, UNKNOWN), Piece("▁a", -1.5, NORMAL), Piece("<0x41>", 0.0, BYTE)],
        trainer_spec=TrainerSpec(model_type=2, vocab_size=3, byte_fallback=True, unk_id=0, bos_id=-1, eos_id=-1, pad_id=-1),
        normalizer_spec=NormalizerSpec(name="identity", add_dummy_prefix=False, remove_extra_whitespaces=False),
        denormalizer_spec=NormalizerSpec(name="x", precompiled_charsmap=b"\x01\x02"),
    )
    assert parse_model_proto(serialize_model_proto(proto)) == proto


def small_bpe(merges: list[tuple[str, str]]) -> Tokenizer:
    vocab = {"<unk>": 0, "a": 1, "b": 2, "c": 3, "ab": 4, "bc": 5, "abc": 6}
    return Tokenizer(models.BPE(vocab, merges, unk_token="<unk>", fuse_unk=True))


def test_bpe_scores_make_sentencepiece_merge_in_merge_order(tmp_path) -> None:
    # "abcb": ab (merge 0) before bc (merge 1), then ab+c -> abc (merge 2): [abc, b]
    tokenizer = small_bpe([("a", "b"), ("b", "c"), ("ab", "c"), ("a", "bc")])
    tokenizer.save_sentencepiece(tmp_path / "small.model")
    sp = spm.SentencePieceProcessor(model_file=str(tmp_path / "small.model"))
    assert sp.encode("abcb") == [6, 2] == tokenizer.encode("abcb").ids
    # "bcab": bc is merge 1, ab merge 0 -> [bc, ab]; no merge of bc+ab
    assert sp.encode("bcab") == [5, 4] == tokenizer.encode("bcab").ids
    assert sp.encode("xa") == [0, 1] and sp.unk_id() == 0


def test_bpe_merges_sentencepiece_would_not_follow_are_refused(tmp_path) -> None:
    with pytest.raises(ArgumentValueError, match=r"'a' \+ 'bc' make the piece 'abc'.*no such merge"):
        small_bpe([("a", "b"), ("b", "c"), ("ab", "c")]).save_sentencepiece(tmp_path / "x.model")
    with pytest.raises(ArgumentValueError, match="the merges making 'abc' are not together"):
        small_bpe([("a", "b"), ("ab", "c"), ("b", "c"), ("a", "bc")]).save_sentencepiece(tmp_path / "x.model")
    assert not (tmp_path / "x.model").exists()


def unigram(normalizer=None, pre_tokenizer=None) -> Tokenizer:
    tokenizer = Tokenizer(models.Unigram([("<unk>", 0.0), ("▁a", -1.0), ("a", -2.0), ("▁", -3.0)], unk_id=0))
    if normalizer is not None:
        tokenizer.normalizer = normalizer
    if pre_tokenizer is not None:
        tokenizer.pre_tokenizer = pre_tokenizer
    return tokenizer


@pytest.mark.parametrize(
    "tokenizer, message",
    [
        (Tokenizer(models.WordPiece({"[UNK]": 0, "a": 1}, unk_token="[UNK]")), "a WordPiece model"),
        (unigram(normalizers.BertNormalizer()), "the normalizer step BertNormalizer"),
        (unigram(normalizers.NFKC()), "the normalizer step NFKC"),
        (unigram(pre_tokenizer=pre_tokenizers.ByteLevel()), "the pre-tokenizer ByteLevel"),
        (unigram(normalizers.Replace(normalizers.Regex(" {2,}"), " ")), "removing only some extra spaces"),
        (unigram(pre_tokenizer=pre_tokenizers.Metaspace()), r"Metaspace\(prepend_scheme='always'\) on text that may start or end with a space"),
        (Tokenizer(models.Unigram([("a", -1.0)])), "without an unknown token"),
        (Tokenizer(models.BPE({"<unk>": 0, "a": 1}, [], unk_token="<unk>", dropout=0.5)), "dropout"),
    ],
    ids=["wordpiece", "bert", "nfkc", "bytelevel", "collapse-only", "metaspace", "no-unk", "dropout"],
)
def test_what_sentencepiece_cannot_express_is_refused(tokenizer, message, tmp_path) -> None:
    with pytest.raises(ArgumentValueError, match=message):
        tokenizer.save_sentencepiece(tmp_path / "x.model")


def test_whitespace_split_then_metaspace_folds_unicode_spaces(tmp_path) -> None:
    # WhitespaceSplit cuts at "\u3000" too; with no charsmap of its own, one mapping it to " " is written
    tokenizer = unigram(pre_tokenizer=pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Metaspace()]))
    tokenizer.save_sentencepiece(tmp_path / "ws.model")
    sp = spm.SentencePieceProcessor(model_file=str(tmp_path / "ws.model"))
    assert sp.encode("a\u3000 a\ta ") == [1, 1, 1] == tokenizer.encode("a\u3000 a\ta ").ids


def test_special_added_tokens_become_control_pieces(tmp_path) -> None:
    tokenizer = unigram(pre_tokenizer=pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Metaspace()]))
    tokenizer.add_special_tokens(["<s>", "</s>"])
    tokenizer.add_tokens(["xyz"])
    tokenizer.save_sentencepiece(tmp_path / "t.model")
    sp = spm.SentencePieceProcessor(model_file=str(tmp_path / "t.model"))
    assert [sp.id_to_piece(i) for i in range(7)] == ["<unk>", "▁a", "a", "▁", "<s>", "</s>", "xyz"]
    assert (sp.bos_id(), sp.eos_id(), sp.pad_id()) == (4, 5, -1)
    assert sp.is_control(4) and sp.is_control(5) and not sp.is_control(6)
    assert sp.encode("axyz") == [1, 6]  # a user-defined piece is matched whole


def ranks_file(tmp_path, ranks: dict[bytes, int]):
    path = tmp_path / "small.tiktoken"
    path.write_bytes(b"".join(base64.b64encode(token) + b" %d\n" % rank for token, rank in ranks.items()))
    return path


def test_tiktoken_written_equals_the_ranks_read(tmp_path) -> None:
    ranks = {bytes([byte]): byte for byte in range(256)} | {b"ab": 256, b" a": 257, b" ab": 258}
    path = ranks_file(tmp_path, ranks)
    tokenizer = Tokenizer.from_tiktoken(path, r" ?\w+|\s+")
    tokenizer.save_tiktoken(tmp_path / "again.tiktoken")
    assert (tmp_path / "again.tiktoken").read_bytes() == path.read_bytes()


def test_tiktoken_refuses_what_ranks_cannot_express(tmp_path) -> None:
    with pytest.raises(ArgumentValueError, match="byte-level BPE; this tokenizer's model is Unigram"):
        unigram().save_tiktoken(tmp_path / "x.tiktoken")
    vocab = {char: byte for byte, char in enumerate(BYTE_TO_CHAR)} | {"ab": 256, "cd": 257}
    swapped = Tokenizer(models.BPE(vocab, [("c", "d"), ("a", "b")]))  # "cd" merges first but has the higher id
    swapped.pre_tokenizer = pre_tokenizers.ByteLevel()
    with pytest.raises(ArgumentValueError, match=r"merge 0 is \('c', 'd'\), but the ranks \(the ids\) make \('a', 'b'\)"):
        swapped.save_tiktoken(tmp_path / "x.tiktoken")
    assert not (tmp_path / "x.tiktoken").exists()
    bpe = Tokenizer(models.BPE({"a": 0}, []))
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel()
    bpe.decoder = decoders.ByteLevel()
    with pytest.raises(Exception, match="single bytes have no rank"):
        bpe.save_tiktoken(tmp_path / "x.tiktoken")
