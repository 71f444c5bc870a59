"""Bad input raises a subword.errors exception whose message names the place and the expectation.

Each malformed tokenizer.json or wrong argument is first checked to be refused by the Rust
`tokenizers` package too, so subword is never stricter by accident. save() is checked to be
atomic: a failure part-way leaves the old file intact and no temporary file behind.
"""

from __future__ import annotations

import copy
import json
import os
from functools import lru_cache
from typing import Any, Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subword
from subword.core.inputs import are_valid_texts
from subword.errors import (
    ArgumentTypeError,
    ArgumentValueError,
    SubwordError,
    TokenizerFileError,
    UnknownComponentError,
)
from tests.shared_data import fixture_path


@lru_cache(maxsize=None)
def bert_document() -> str:
    """bert-base-uncased/tokenizer.json as the Rust package writes it."""
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    return tokenizers.Tokenizer.from_file(str(fixture_path("bert-base-uncased/tokenizer.json"))).to_str()


def edited(edit: Callable[[dict], Any]) -> str:
    """The bert document with `edit` applied to a copy."""
    document = copy.deepcopy(json.loads(bert_document()))
    edit(document)
    return json.dumps(document)


def _delete(path: list[str]) -> Callable[[dict], None]:
    def edit(document: dict) -> None:
        for key in path[:-1]:
            document = document[key]
        del document[path[-1]]

    return edit


def _set(path: list[str], value: Any) -> Callable[[dict], None]:
    def edit(document: dict) -> None:
        for key in path[:-1]:
            document = document[key]
        document[path[-1]] = value

    return edit


# label -> (edit, error class, words the message must contain)
MALFORMED_FILES: dict[str, tuple[Callable[[dict], Any], type, list[str]]] = {
    "model-without-vocab": (_delete(["model", "vocab"]), TokenizerFileError, ["vocab"]),
    "no-model": (_delete(["model"]), TokenizerFileError, ["model"]),
    "vocab-is-a-string": (_set(["model", "vocab"], "abc"), TokenizerFileError, ["vocab", "str"]),
    "unk-token-is-an-int": (_set(["model", "unk_token"], 5), TokenizerFileError, ["unk_token", "int"]),
    "negative-max-input-chars": (
        _set(["model", "max_input_chars_per_word"], -1),
        TokenizerFileError,
        ["max_input_chars_per_word"],
    ),
    "lowercase-is-a-string": (_set(["normalizer", "lowercase"], "yes"), TokenizerFileError, ["lowercase", "str"]),
    "padding-length-is-a-string": (_set(["padding", "strategy"], {"Fixed": "x"}), TokenizerFileError, ["Fixed"]),
    "added-tokens-not-a-list": (_set(["added_tokens"], {}), TokenizerFileError, ["added_tokens", "list"]),
    "unknown-truncation-strategy": (
        _set(["truncation", "strategy"], "Bogus"),
        TokenizerFileError,
        ["strategy", "Bogus"],
    ),
    "template-single-is-an-int": (_set(["post_processor", "single"], 5), TokenizerFileError, ["single"]),
    "unknown-version": (_set(["version"], "2.0"), TokenizerFileError, ["version", "2.0"]),
    # An unknown type must name itself and list the known ones.
    "unknown-model": (
        _set(["model"], {"type": "NoSuchModel", "vocab": {}}),
        UnknownComponentError,
        ["NoSuchModel", "WordPiece"],
    ),
    "unknown-normalizer": (
        _set(["normalizer"], {"type": "NoSuchNormalizer"}),
        UnknownComponentError,
        ["NoSuchNormalizer", "BertNormalizer"],
    ),
    "unknown-pre-tokenizer": (
        _set(["pre_tokenizer"], {"type": "NoSuchPreTokenizer"}),
        UnknownComponentError,
        ["NoSuchPreTokenizer", "BertPreTokenizer"],
    ),
    "unknown-post-processor": (
        _set(["post_processor"], {"type": "NoSuchProcessor"}),
        UnknownComponentError,
        ["NoSuchProcessor", "TemplateProcessing"],
    ),
    "unknown-decoder": (
        _set(["decoder"], {"type": "NoSuchDecoder"}),
        UnknownComponentError,
        ["NoSuchDecoder", "WordPiece"],
    ),
}


@pytest.mark.parametrize("label", list(MALFORMED_FILES))
def test_malformed_tokenizer_json(label):
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    edit, error_class, words = MALFORMED_FILES[label]
    text = edited(edit)
    with pytest.raises(Exception):
        tokenizers.Tokenizer.from_str(text)
    with pytest.raises(error_class) as raised:
        subword.Tokenizer.from_str(text)
    message = str(raised.value)
    for word in words:
        assert word in message, f"the message {message!r} should mention {word!r}"


def test_malformed_json_names_the_file_and_position(tmp_path):
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    path = tmp_path / "broken.json"
    path.write_text('{"version": "1.0", "model": ', encoding="utf-8")
    with pytest.raises(Exception):
        tokenizers.Tokenizer.from_file(str(path))
    with pytest.raises(TokenizerFileError) as raised:
        subword.Tokenizer.from_file(str(path))
    message = str(raised.value)
    assert "broken.json" in message and "JSON" in message and "line 1" in message, message
    with pytest.raises(TokenizerFileError):
        subword.Tokenizer.from_str("{not json")
    with pytest.raises(TokenizerFileError):
        subword.Tokenizer.from_buffer(b"\xff\xfe not utf-8")
    with pytest.raises(TokenizerFileError) as raised:
        subword.Tokenizer.from_str("[]")
    assert "object" in str(raised.value)


def test_not_utf8_file(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"version": "1.0", "model": {"type": "WordPiece", "vocab": {"caf\xe9": 0}}}')
    with pytest.raises(TokenizerFileError) as raised:
        subword.Tokenizer.from_file(str(path))
    assert "latin1.json" in str(raised.value)


@lru_cache(maxsize=None)
def _tokenizers() -> tuple[Any, Any]:
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    return subword.Tokenizer.from_str(bert_document()), tokenizers.Tokenizer.from_str(bert_document())


# label -> (call taking (tokenizer, module), words the message must contain)
WRONG_ARGUMENT_TYPES: dict[str, tuple[Callable[[Any, Any], Any], list[str]]] = {
    "encode-int": (lambda tok, m: tok.encode(123), ["str", "int"]),
    "encode-none": (lambda tok, m: tok.encode(None), ["str", "NoneType"]),
    "encode-bytes": (lambda tok, m: tok.encode(b"text"), ["str", "bytes"]),
    "encode-list-not-pretokenized": (lambda tok, m: tok.encode(["a", "b"]), ["str", "list", "is_pretokenized"]),
    "encode-pair-int": (lambda tok, m: tok.encode("a", 5), ["pair", "str", "int"]),
    "encode-str-pretokenized": (lambda tok, m: tok.encode("a", is_pretokenized=True), ["list", "str"]),
    "encode-batch-str": (lambda tok, m: tok.encode_batch("not a list"), ["list", "str"]),
    "encode-batch-fast-str": (lambda tok, m: tok.encode_batch_fast("not a list"), ["list", "str"]),
    "encode-batch-int-item": (lambda tok, m: tok.encode_batch([123]), ["item 0", "int"]),
    "encode-batch-triple": (lambda tok, m: tok.encode_batch([("a", "b", "c")]), ["item 0"]),
    "encode-batch-str-pretokenized": (
        lambda tok, m: tok.encode_batch(["ab"], is_pretokenized=True),
        ["item 0", "list"],
    ),
    "decode-str": (lambda tok, m: tok.decode("abc"), ["int"]),
    "decode-float": (lambda tok, m: tok.decode([1.5]), ["int", "float"]),
    "decode-none": (lambda tok, m: tok.decode([None]), ["int", "NoneType"]),
    "decode-batch-str": (lambda tok, m: tok.decode_batch("ab"), ["list"]),
    "add-tokens-str": (lambda tok, m: tok.add_tokens("abc"), ["list", "str"]),
    "add-tokens-int-item": (lambda tok, m: tok.add_tokens([1]), ["AddedToken", "int"]),
    "add-special-tokens-str": (lambda tok, m: tok.add_special_tokens("abc"), ["list", "str"]),
    "token-to-id-int": (lambda tok, m: tok.token_to_id(5), ["str", "int"]),
    "id-to-token-str": (lambda tok, m: tok.id_to_token("a"), ["int", "str"]),
    "padding-length-str": (lambda tok, m: tok.enable_padding(length="x"), ["length", "int", "str"]),
    "truncation-max-length-str": (lambda tok, m: tok.enable_truncation("5"), ["max_length", "int", "str"]),
    "truncation-stride-str": (lambda tok, m: tok.enable_truncation(5, stride="a"), ["stride", "int"]),
    "truncation-strategy-int": (lambda tok, m: tok.enable_truncation(5, strategy=5), ["strategy", "str", "int"]),
    "added-token-int": (lambda tok, m: m.AddedToken(5), ["content", "str", "int"]),
    "added-token-flag-str": (lambda tok, m: m.AddedToken("a", lstrip="x"), ["lstrip", "bool", "str"]),
    "tokenizer-none": (lambda tok, m: m.Tokenizer(None), ["model", "NoneType"]),
}


@pytest.mark.parametrize("label", list(WRONG_ARGUMENT_TYPES))
def test_wrong_argument_type(label):
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    call, words = WRONG_ARGUMENT_TYPES[label]
    ours, rust = _tokenizers()
    with pytest.raises(TypeError):
        call(rust, tokenizers)
    with pytest.raises(ArgumentTypeError) as raised:
        call(ours, subword)
    assert isinstance(raised.value, TypeError)
    message = str(raised.value)
    for word in words:
        assert word in message, f"the message {message!r} should mention {word!r}"


WRONG_ARGUMENT_VALUES: dict[str, tuple[Callable[[Any], Any], list[str]]] = {
    "padding-direction": (lambda tok: tok.enable_padding(direction="up"), ["direction", "up", "left", "right"]),
    "truncation-direction": (
        lambda tok: tok.enable_truncation(5, direction="up"),
        ["direction", "up", "left", "right"],
    ),
    "truncation-strategy": (
        lambda tok: tok.enable_truncation(5, strategy="bogus"),
        ["strategy", "bogus", "longest_first"],
    ),
    "truncation-stride": (lambda tok: tok.enable_truncation(5, stride=5), ["stride"]),
}


@pytest.mark.parametrize("label", list(WRONG_ARGUMENT_VALUES))
def test_wrong_argument_value(label):
    call, words = WRONG_ARGUMENT_VALUES[label]
    ours, rust = _tokenizers()
    with pytest.raises(ValueError):
        call(rust)
    with pytest.raises(ArgumentValueError) as raised:
        call(ours)
    message = str(raised.value)
    for word in words:
        assert word in message, f"the message {message!r} should mention {word!r}"


def test_negative_id_is_refused():
    ours, rust = _tokenizers()
    with pytest.raises(OverflowError):
        rust.decode([-1])
    with pytest.raises(SubwordError):
        ours.decode([-1])


# -- atomic save ------------------------------------------------------------------------------


def _folder_after_failed_save(tmp_path, monkeypatch, patch: Callable[[Any], None]) -> tuple[str, list[str]]:
    """Save once, break something with `patch`, save again; return the file text and the folder listing."""
    ours = subword.Tokenizer.from_str(bert_document())
    path = tmp_path / "tokenizer.json"
    ours.save(str(path))
    before = path.read_text(encoding="utf-8")
    ours.add_tokens(["a-new-token"])
    patch(monkeypatch)
    with pytest.raises(RuntimeError, match="simulated"):
        ours.save(str(path))
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == before, "the old file was changed by a failed save"
    return before, sorted(os.listdir(tmp_path))


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("simulated failure")


def test_save_is_atomic_when_serialization_fails(tmp_path, monkeypatch):
    _, listing = _folder_after_failed_save(tmp_path, monkeypatch, lambda m: m.setattr(json, "dumps", _boom))
    assert listing == ["tokenizer.json"]


def test_save_is_atomic_when_writing_fails(tmp_path, monkeypatch):
    # fsync runs after the bytes went to the temporary file and before the rename.
    _, listing = _folder_after_failed_save(tmp_path, monkeypatch, lambda m: m.setattr(os, "fsync", _boom))
    assert listing == ["tokenizer.json"], "a temporary file was left behind"


def test_save_is_atomic_when_rename_fails(tmp_path, monkeypatch):
    _, listing = _folder_after_failed_save(tmp_path, monkeypatch, lambda m: m.setattr(os, "replace", _boom))
    assert listing == ["tokenizer.json"], "a temporary file was left behind"


def test_save_then_load_gives_the_same_document(tmp_path):
    ours = subword.Tokenizer.from_str(bert_document())
    path = tmp_path / "tokenizer.json"
    ours.save(str(path))
    ours.save(path)  # a PathLike works too
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(bert_document())


@pytest.mark.parametrize("call", ["encode", "encode_pair", "encode_batch", "encode_batch_fast", "pretokenized"])
def test_lone_surrogates_are_refused_like_rust(call: str) -> None:
    """A str holding a lone surrogate is not text: the Rust package raises TypeError, so do we."""
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    rust = tokenizers.Tokenizer.from_file(str(fixture_path("gpt2/tokenizer.json")))
    ours = subword.Tokenizer.from_file(str(fixture_path("gpt2/tokenizer.json")))
    bad = "ok \ud83d"
    calls = {
        "encode": lambda t: t.encode(bad),
        "encode_pair": lambda t: t.encode("fine", bad),
        "encode_batch": lambda t: t.encode_batch(["fine", bad]),
        "encode_batch_fast": lambda t: t.encode_batch_fast([("fine", bad)]),
        "pretokenized": lambda t: t.encode(["fine", bad], is_pretokenized=True),
    }
    with pytest.raises(TypeError):
        calls[call](rust)
    with pytest.raises(ArgumentTypeError, match="surrogate U\\+D83D"):
        calls[call](ours)


@given(st.lists(st.one_of(st.text(max_size=6), st.integers(), st.lists(st.text(max_size=2), max_size=2)), max_size=6))
def test_a_batch_is_checked_in_one_pass_by_the_rule_item_by_item(items: list) -> None:
    valid = all(isinstance(item, str) and not any("\ud800" <= char <= "\udfff" for char in item) for item in items)
    assert are_valid_texts(items) is valid


@given(st.lists(st.text(alphabet=st.sampled_from("ab é\ud83d\udc00"), max_size=4), min_size=1, max_size=6))
def test_a_batch_names_its_first_item_with_a_lone_surrogate(texts: list[str]) -> None:
    ours = subword.Tokenizer.from_file(str(fixture_path("gpt2/tokenizer.json")))
    bad = [index for index, text in enumerate(texts) if any("\ud800" <= char <= "\udfff" for char in text)]
    if not bad:
        assert len(ours.encode_batch(texts)) == len(texts)
        return
    with pytest.raises(ArgumentTypeError, match=f"^batch item {bad[0]} holds a lone surrogate"):
        ours.encode_batch(texts)
