"""SentencePieceTrainer on small hand-worked corpora: flags, meta pieces, char scores, files.

Parity with sentencepiece's own trainer is in tests/parity/test_sentencepiece_trainer_parity.py.
"""

from __future__ import annotations

import io
import math
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subword.errors import ArgumentValueError, TrainerCheckError, UnknownFlagError
from subword.sentencepiece import SentencePieceTrainer, parse_model_proto, set_random_generator_seed
from subword.sentencepiece._checks import check_charsmap
from subword.sentencepiece._normalize import SpecNormalizer
from subword.sentencepiece._proto import BYTE, CHAR, CONTROL, NORMAL, UNKNOWN, USER_DEFINED, NormalizerSpec
from subword.sentencepiece._trainer_charsmap import rule_charsmap
from subword.sentencepiece._trainer_flags import parse_flag_string, read_flags
from subword.sentencepiece._trainer_input import select
from subword.sentencepiece.trainer import meta_pieces
from subword.text.charsmap import CharsMap, build_charsmap


def f32(value: float) -> float:
    return struct.unpack("<f", struct.pack("<f", value))[0]


def train(lines: list[str], **flags) -> list[tuple[str, float, int]]:
    out = io.BytesIO()
    SentencePieceTrainer.train(sentence_iterator=iter(lines), model_writer=out, **flags)
    return [(p.piece, p.score, p.type) for p in parse_model_proto(out.getvalue(), "model").pieces]


def test_char_model_by_hand() -> None:
    # "▁ab", "▁a": ▁ 2, a 2, b 1 of 5 chars; equal counts in code point order ("a" < "▁")
    pieces = train(["ab", "a"], vocab_size=6, model_type="char", normalization_rule_name="identity")
    assert [p for p, _, _ in pieces] == ["<unk>", "<s>", "</s>", "a", "▁", "b"]
    assert [t for _, _, t in pieces] == [UNKNOWN, CONTROL, CONTROL, NORMAL, NORMAL, NORMAL]
    assert pieces[3][1] == pytest.approx(math.log(2 / 5), abs=1e-6)
    assert pieces[5][1] == pytest.approx(math.log(1 / 5), abs=1e-6)


def test_word_model_by_hand() -> None:
    pieces = train(["a b a", "b a"], vocab_size=5, model_type="word", normalization_rule_name="identity")
    assert [(p, round(s, 5)) for p, s, _ in pieces[3:]] == [("▁a", round(f32(math.log(3 / 5)), 5)), ("▁b", round(f32(math.log(2 / 5)), 5))]


def test_meta_pieces_in_sentencepiece_order() -> None:
    flags = read_flags({"control_symbols": "<c>", "user_defined_symbols": "<u>,<v>", "pad_id": "4", "vocab_size": "20"})
    assert meta_pieces(flags) == {
        0: ("<unk>", UNKNOWN), 1: ("<s>", CONTROL), 2: ("</s>", CONTROL), 4: ("<pad>", CONTROL),
        3: ("<c>", CONTROL), 5: ("<u>", USER_DEFINED), 6: ("<v>", USER_DEFINED),
    }
    with_bytes = meta_pieces(read_flags({"byte_fallback": "true", "vocab_size": "300"}))
    assert with_bytes[3] == ("<0x00>", BYTE) and with_bytes[258] == ("<0xFF>", BYTE)


def test_flag_string_and_keywords_agree() -> None:
    assert parse_flag_string("--vocab_size=10 --byte_fallback --model_type=char") == {
        "vocab_size": "10", "byte_fallback": "true", "model_type": "char",
    }
    lines = ["hello world", "world peace"]
    by_keywords = train(lines, vocab_size=12, model_type="char")
    out = io.BytesIO()
    SentencePieceTrainer.train(sentence_iterator=iter(lines), model_writer=out, **parse_flag_string("--vocab_size=12 --model_type=char"))
    assert [(p.piece, p.score) for p in parse_model_proto(out.getvalue(), "m").pieces] == [(p, s) for p, s, _ in by_keywords]


def test_files_written_with_vocab(tmp_path) -> None:
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("low lower lowest\nnewer newest\n", encoding="utf-8")
    SentencePieceTrainer.train(f"--input={corpus} --model_prefix={tmp_path / 'm'} --vocab_size=14 --model_type=char")
    proto = parse_model_proto((tmp_path / "m.model").read_bytes(), "m.model")
    assert proto.trainer_spec.model_type == CHAR and proto.normalizer_spec.name == "nmt_nfkc"
    vocab = (tmp_path / "m.vocab").read_text(encoding="utf-8").splitlines()
    assert vocab[:3] == ["<unk>\t0", "<s>\t0", "</s>\t0"]
    assert [line.split("\t")[0] for line in vocab] == [p.piece for p in proto.pieces]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["corpus.txt", "m.model", "m.vocab"]  # no temporaries


@pytest.mark.parametrize(
    "flags, error",
    [
        ({"no_such_flag": 1}, UnknownFlagError),
        ({"vocab_size": "ten"}, ArgumentValueError),
        ({"model_type": "trie"}, ArgumentValueError),
        ({"vocab_size": 0}, TrainerCheckError),
        ({"vocab_size": 500, "model_type": "word"}, TrainerCheckError),  # only 3 words
        ({"input_format": "tsv"}, ArgumentValueError),  # not implemented: refused, not ignored
        ({"byte_fallback": True, "vocab_size": 400}, TrainerCheckError),  # char models refuse it
    ],
)
def test_bad_flags(flags, error) -> None:
    base = {"vocab_size": 10, "model_type": "char"}
    with pytest.raises(error):
        train(["a b c"], **{**base, **flags})
    assert issubclass(UnknownFlagError, RuntimeError) and issubclass(TrainerCheckError, RuntimeError)


def test_input_sentence_size() -> None:
    flags = read_flags({"input_sentence_size": "2", "shuffle_input_sentence": "false"})
    assert select(["a", "", "b", "c"], flags, None) == ["a", "b"]  # type: ignore[arg-type]
    set_random_generator_seed(7)
    first = train([f"line{i}" for i in range(50)], vocab_size=8, model_type="char", input_sentence_size=5, hard_vocab_limit=False)
    second = train([f"line{i}" for i in range(50)], vocab_size=8, model_type="char", input_sentence_size=5, hard_vocab_limit=False)
    assert first == second


def test_nmt_nfkc_rules_by_hand() -> None:
    normalizer = SpecNormalizer(NormalizerSpec(name="nmt_nfkc", precompiled_charsmap=rule_charsmap("nmt_nfkc")))
    assert normalizer.normalize("ﬁne\tｶﾞ①\x01x  ") == "▁fine▁ガ1x"
    assert normalizer.normalize("\u1100\u1161 A\u030a") == "▁가▁Å"
    check_charsmap(rule_charsmap("nmt_nfkc"), "nmt_nfkc")  # sentencepiece would load it


def test_large_charsmap_is_a_valid_double_array() -> None:
    rules = {chr(0x4E00 + i): chr(0x4E00 + (i * 7) % 5000) * (i % 3 + 1) for i in range(5000)}
    blob = build_charsmap(rules)
    check_charsmap(blob, "rules")
    charsmap = CharsMap(blob)
    assert all(charsmap.longest_prefix(key) == (value, 1) for key, value in list(rules.items())[::97])


@given(st.lists(st.text(alphabet=st.sampled_from('ab ,"\n\r\t\b'), max_size=6), min_size=1, max_size=5))
def test_list_flags_read_and_write_csv_as_pythons_csv_module(items):
    # sentencepiece's wrapper sends keyword lists as one csv.writer row (no line terminator)
    import csv
    import io

    from subword.sentencepiece._trainer_flags import _csv_fields, _csv_row

    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(items)
    assert _csv_row(items) == out.getvalue()
    assert _csv_fields(out.getvalue()) == items


def test_digits_are_ascii_and_full_width_only_as_in_sentencepiece():
    # sentencepiece's is_unicode_decimal_number: 0x30-0x39 and 0xFF10-0xFF19, nothing else
    from subword.sentencepiece._trainer_input import is_decimal_number

    assert [is_decimal_number(c) for c in "07０９"] == [True] * 4
    assert [is_decimal_number(c) for c in "²٣४①/:"] == [False] * 6
