"""tokenizer.json is read as strictly as the Rust package reads it, and bad values fail cleanly.

Issue 14, items 7 and 12: numbers JSON does not have, numbers out of range, nesting beyond
serde_json's recursion limit, ids outside u32, and padding that cannot fit in memory. Each
error is a SubwordError of the standard type the Rust package raises (its own `Exception` for
a file, OverflowError / TypeError for arguments) and names the field. The field-by-field
comparison with the Rust package is tests/parity/test_tokenizer_json_mutations.py.
"""

from __future__ import annotations

import json
from functools import lru_cache

import pytest

from subword import Encoding, Tokenizer
from subword.errors import ArgumentRangeError, ArgumentTypeError, MemoryLimitError, TokenizerFileError
from tests.shared_data import fixture_path


@lru_cache(maxsize=None)
def bert_text() -> str:
    """bert-base-uncased/tokenizer.json as `json.dumps` writes it (a space after each colon)."""
    return json.dumps(json.loads(fixture_path("bert-base-uncased/tokenizer.json").read_text(encoding="utf-8")))


def _with_stride(literal: str) -> str:
    document = json.loads(bert_text())
    document["truncation"]["stride"] = 0
    return json.dumps(document).replace('"stride": 0', f'"stride": {literal}', 1)


@pytest.mark.parametrize(
    "literal, message",
    [
        ("NaN", r"expected value at line 1 column \d+ \(NaN is not JSON\)"),
        ("Infinity", r"expected value at line 1 column \d+ \(Infinity is not JSON\)"),
        ("-Infinity", r"expected value .*-Infinity is not JSON"),
        ("1e400", r"number out of range at line 1 column \d+"),
        ("9" * 5000, r"number out of range at line 1 column \d+"),
        ("9" * 400, r"number out of range"),
    ],
)
def test_numbers_json_or_an_f64_cannot_hold(literal: str, message: str) -> None:
    with pytest.raises(TokenizerFileError, match=message):
        Tokenizer.from_str(_with_stride(literal))


@pytest.mark.parametrize("depth", [126, 1000, 100_000])
def test_deep_nesting_is_the_rust_recursion_error(depth: int) -> None:
    text = bert_text().replace('"normalizer": {', '"normalizer": {"x": ' + "[" * depth + "]" * depth + ", ", 1)
    with pytest.raises(TokenizerFileError, match=r"recursion limit exceeded at line \d+ column \d+"):
        Tokenizer.from_str(text)


def test_nesting_within_the_limit_loads() -> None:
    text = bert_text().replace('"normalizer": {', '"normalizer": {"x": ' + "[" * 125 + "]" * 125 + ", ", 1)
    assert Tokenizer.from_str(text).encode("hello").ids


@pytest.mark.parametrize(
    "path, value, field",
    [
        (("added_tokens", 0, "id"), "7", r"added_tokens\[0\]\.id"),
        (("added_tokens", 0, "id"), -1, r"added_tokens\[0\]\.id: expected u32"),
        (("added_tokens", 0, "id"), 2**40, r"added_tokens\[0\]\.id: expected u32"),
        (("added_tokens", 0, "id"), None, r"added_tokens\[0\]\.id"),
        (("added_tokens", 0, "id"), 9.0, r"added_tokens\[0\]\.id"),
        (("model", "max_input_chars_per_word"), 2**70, r"model\.max_input_chars_per_word: expected usize"),
        (("truncation", "max_length"), 2**64, r"truncation\.max_length: expected usize"),
        (("padding", "pad_id"), 2**32, r"padding\.pad_id: expected u32"),
    ],
)
def test_values_out_of_their_rust_type(path: tuple, value: object, field: str) -> None:
    document = json.loads(bert_text())
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    with pytest.raises(TokenizerFileError, match=field):
        Tokenizer.from_str(json.dumps(document))


def test_a_missing_added_token_id_or_flag_is_an_error() -> None:
    for key in ("id", "content", "single_word", "lstrip", "rstrip", "normalized", "special"):
        document = json.loads(bert_text())
        del document["added_tokens"][0][key]
        with pytest.raises(TokenizerFileError, match=rf'added_tokens\[0\]: missing field "{key}"'):
            Tokenizer.from_str(json.dumps(document))


def test_an_unknown_top_level_field_is_an_error() -> None:
    with pytest.raises(TokenizerFileError, match="unknown top-level field 'extra'"):
        Tokenizer.from_str('{"extra": 1, ' + bert_text().lstrip()[1:])


@pytest.mark.parametrize("argument", [{"pad_id": 2**40}, {"pad_id": -1}, {"pad_type_id": 2**32}, {"length": 2**64}])
def test_enable_padding_out_of_range_is_an_overflow_error(argument: dict) -> None:
    tokenizer = Tokenizer.from_str(bert_text())
    with pytest.raises(ArgumentRangeError) as caught:
        tokenizer.enable_padding(**argument)
    assert isinstance(caught.value, OverflowError)  # what the Rust package raises


def test_padding_beyond_memory_is_refused_before_allocating() -> None:
    tokenizer = Tokenizer.from_str(bert_text())
    tokenizer.enable_padding(length=10**12)  # accepted, as by the Rust package
    with pytest.raises(MemoryLimitError, match="padding to length 1000000000000"):
        tokenizer.encode("hello")
    with pytest.raises(MemoryError):
        tokenizer.encode_batch(["hello", "world"])


def test_post_process_needs_an_encoding() -> None:
    tokenizer = Tokenizer.from_str(bert_text())
    with pytest.raises(ArgumentTypeError, match="encoding must be an Encoding, got NoneType"):
        tokenizer.post_process(None)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="pair must be an Encoding, got str"):
        tokenizer.post_process(Encoding(ids=[1]), "x")  # type: ignore[arg-type]


def test_errors_agree_with_the_rust_package() -> None:
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    for literal in ("NaN", "1e400", "9" * 5000):
        with pytest.raises(Exception):
            tokenizers.Tokenizer.from_str(_with_stride(literal))
    rust = tokenizers.Tokenizer.from_str(bert_text())
    with pytest.raises(OverflowError):
        rust.enable_padding(pad_id=2**40)
    with pytest.raises(TypeError):
        rust.post_process(None)


def test_a_unigram_file_that_is_not_utf8_names_its_line(tmp_path) -> None:
    from subword.models import Unigram

    path = tmp_path / "unigram.json"
    path.write_bytes(b'{"type": "Unigram",\n "vocab": [["\xff", -1.0]], "unk_id": null}')
    with pytest.raises(TokenizerFileError, match=r"unigram\.json, line 2: not valid UTF-8"):
        Unigram.load(path)
    path.write_text('{"vocab": [["a", NaN]]}', encoding="utf-8")
    with pytest.raises(TokenizerFileError, match="NaN is not JSON"):
        Unigram.load(path)


def test_a_deeply_nested_vocab_json_is_the_rust_recursion_error(tmp_path) -> None:
    from subword.models import BPE

    vocab, merges = tmp_path / "vocab.json", tmp_path / "merges.txt"
    vocab.write_text('{"a": ' + "[" * 5000 + "]" * 5000 + "}", encoding="utf-8")
    merges.write_text("#version: 0.2\n", encoding="utf-8")
    with pytest.raises(TokenizerFileError, match=r"vocab\.json: recursion limit exceeded at line 1 column \d+"):
        BPE.from_file(str(vocab), str(merges))
