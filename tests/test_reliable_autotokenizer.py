"""AutoTokenizer finds files by the tokenizer class, and refuses configs of the wrong type
(issue 14, items 5 and 12). The comparison with transformers on the same folders is
tests/parity/test_autotokenizer_files_parity.py.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from subword.errors import ArgumentValueError, FileFieldTypeError, TokenizerFileError
from subword.transformers import AutoTokenizer
from tests.shared_data import fixture_path

BERT_IDS = [101, 7592, 2088, 999, 102]  # "Hello world!" with bert-base-uncased


def bert_folder(tmp_path: Path, *, config: dict | None = None, model_config: dict | None = None, stray: str = "classifier.model") -> Path:
    """vocab.txt of bert-base-uncased, a stray sentencepiece model, and the given configs."""
    folder = tmp_path / "bert"
    folder.mkdir()
    shutil.copy(fixture_path("bert-base-uncased/vocab.txt"), folder / "vocab.txt")
    shutil.copy(fixture_path("t5/spiece.model"), folder / stray)
    if config is not None:
        (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    if model_config is not None:
        (folder / "config.json").write_text(json.dumps(model_config), encoding="utf-8")
    return folder


def bert_config() -> dict:
    return json.loads(fixture_path("bert-base-uncased/tokenizer_config.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "config, model_config",
    [(bert_config, None), (None, {"model_type": "bert"}), (None, {"tokenizer_class": "BertTokenizerFast"}), (None, None)],
    ids=["tokenizer_class", "model_type", "config tokenizer_class", "no class"],
)
def test_a_stray_model_file_does_not_override_vocab_txt(tmp_path: Path, config, model_config) -> None:
    folder = bert_folder(tmp_path, config=config() if config else None, model_config=model_config)
    assert AutoTokenizer.from_pretrained(folder)("Hello world!")["input_ids"] == BERT_IDS


def test_the_class_names_its_files(tmp_path: Path) -> None:
    # a T5 folder reads spiece.model; a BERT class with only a sentencepiece file finds nothing of its own
    folder = tmp_path / "t5"
    folder.mkdir()
    shutil.copy(fixture_path("t5/spiece.model"), folder / "spiece.model")
    shutil.copy(fixture_path("bert-base-uncased/vocab.txt"), folder / "vocab.txt")
    (folder / "tokenizer_config.json").write_text(json.dumps({"tokenizer_class": "T5Tokenizer"}), encoding="utf-8")
    assert AutoTokenizer.from_pretrained(folder)("Hello world")["input_ids"] == [8774, 296, 1]
    other = tmp_path / "bert-without-vocab"
    other.mkdir()
    shutil.copy(fixture_path("t5/spiece.model"), other / "classifier.model")
    (other / "tokenizer_config.json").write_text(json.dumps({"tokenizer_class": "BertTokenizer"}), encoding="utf-8")
    with pytest.raises(ArgumentValueError, match="no tokenizer files found; BertTokenizer reads one of: tokenizer.json, tokenizer.model"):
        AutoTokenizer.from_pretrained(other)


def test_a_tiktoken_file_named_tokenizer_model_is_read_as_tiktoken(tmp_path: Path) -> None:
    folder = tmp_path / "tiktoken"
    folder.mkdir()
    shutil.copy(fixture_path("gpt2/gpt2.tiktoken"), folder / "tokenizer.model")
    pattern = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
    tokenizer = AutoTokenizer.from_pretrained(folder, pattern=pattern)
    assert tokenizer("Hello world")["input_ids"] == [15496, 995]


@pytest.mark.parametrize(
    "change, error, message",
    [
        ({"tokenizer_class": 5}, FileFieldTypeError, "tokenizer_class must be a str .* got int 5"),
        ({"tokenizer_class": ["BertTokenizer"]}, FileFieldTypeError, "tokenizer_class must be a str .* got list"),
        ({"added_tokens_decoder": {"30522": {"special": True}}}, TokenizerFileError, r"added_tokens_decoder\['30522'\]: missing field \"content\""),
        ({"added_tokens_decoder": {"30522": "[X]"}}, FileFieldTypeError, r"added_tokens_decoder\['30522'\] must be an AddedToken object"),
        ({"added_tokens_decoder": {"x": {"content": "[X]"}}}, TokenizerFileError, "the key 'x' is not an id"),
        ({"extra_special_tokens": 5}, FileFieldTypeError, "extra_special_tokens must be a list of tokens or a dict"),
        ({"model_max_length": "512"}, FileFieldTypeError, "model_max_length must be a number, got str '512'"),
        ({"unk_token": 5}, FileFieldTypeError, "unk_token must be a str or an AddedToken object"),
    ],
)
def test_config_fields_of_the_wrong_type(tmp_path: Path, change: dict, error: type, message: str) -> None:
    folder = bert_folder(tmp_path, config={**bert_config(), **change})
    with pytest.raises(error, match=message) as caught:
        AutoTokenizer.from_pretrained(folder)
    assert "tokenizer_config.json" in str(caught.value)
    if error is FileFieldTypeError:
        assert isinstance(caught.value, TypeError)  # what transformers raises for most of these


def test_malformed_config_json(tmp_path: Path) -> None:
    folder = bert_folder(tmp_path)  # no tokenizer_config.json: config.json names the class
    (folder / "config.json").write_text('{"model_type": 5}', encoding="utf-8")
    with pytest.raises(FileFieldTypeError, match="config.json: model_type must be a str"):
        AutoTokenizer.from_pretrained(folder)
    (folder / "config.json").write_text('{"model_type": "bert"', encoding="utf-8")
    with pytest.raises(TokenizerFileError, match=r"config.json: malformed JSON at line 1 column 22"):
        AutoTokenizer.from_pretrained(folder)
    (folder / "config.json").write_text("[" * 100_000, encoding="utf-8")
    with pytest.raises(TokenizerFileError, match="nested too deeply"):
        AutoTokenizer.from_pretrained(folder)
