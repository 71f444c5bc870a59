"""subword's AutoTokenizer finds the same files as transformers 5's, and refuses the same configs.

Folders built from the shared fixtures: BERT's vocab.txt beside a stray sentencepiece model,
with the class named in tokenizer_config.json or by config.json's model_type. Both libraries
must give BERT's ids. Configs of the wrong type must make both refuse, subword with a
SubwordError of the standard type transformers raises (TypeError or ValueError; transformers'
own AttributeError for a non-str tokenizer_class is a TypeError in subword).
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pytest

from subword.errors import SubwordError
from subword.transformers import AutoTokenizer
from tests.shared_data import fixture_path

transformers = pytest.importorskip("transformers", reason="compares with transformers")


def _folder(tmp_path: Path, config: dict | None, model_config: dict | None, tokenizer_json: bool = False) -> Path:
    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copy(fixture_path("bert-base-uncased/vocab.txt"), folder / "vocab.txt")
    shutil.copy(fixture_path("t5/spiece.model"), folder / "classifier.model")
    if tokenizer_json:
        shutil.copy(fixture_path("bert-base-uncased/tokenizer.json"), folder / "tokenizer.json")
    if config is not None:
        (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    if model_config is not None:
        (folder / "config.json").write_text(json.dumps(model_config), encoding="utf-8")
    return folder


def _theirs(folder: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return transformers.AutoTokenizer.from_pretrained(str(folder))


BERT_CONFIG = {"tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": 512}


@pytest.mark.parametrize(
    "config, model_config, tokenizer_json",
    [(BERT_CONFIG, None, False), (None, {"model_type": "bert"}, False), (BERT_CONFIG, None, True)],
    ids=["tokenizer_class", "model_type", "with tokenizer.json"],
)
def test_a_stray_model_file_changes_nothing(tmp_path: Path, config, model_config, tokenizer_json) -> None:
    folder = _folder(tmp_path, config, model_config, tokenizer_json)
    texts = ["Hello world!", "Héllo wörld — 日本語のテキスト", "a [MASK] b"]
    assert AutoTokenizer.from_pretrained(folder)(texts)["input_ids"] == _theirs(folder)(texts)["input_ids"]


@pytest.mark.parametrize(
    "change",
    [
        {"tokenizer_class": 5},
        {"tokenizer_class": ["BertTokenizer"]},
        {"added_tokens_decoder": {"30522": "[X]"}},
        {"added_tokens_decoder": {"x": {"content": "[X]"}}},
        {"extra_special_tokens": 5},
        {"unk_token": 5},
        {"do_lower_case": "yes"},
        {"padding_side": "middle"},
    ],
    ids=lambda change: json.dumps(change)[:40],
)
def test_configs_both_refuse(tmp_path: Path, change: dict) -> None:
    folder = _folder(tmp_path, {**BERT_CONFIG, **change}, None)
    with pytest.raises(Exception) as theirs:
        _theirs(folder)
    with pytest.raises(SubwordError) as ours:
        AutoTokenizer.from_pretrained(folder)
    expected = TypeError if isinstance(theirs.value, AttributeError) else type(theirs.value)
    assert isinstance(ours.value, expected), (theirs.value, ours.value)


def test_a_str_model_max_length(tmp_path: Path) -> None:
    # transformers loads it and fails with a TypeError when it truncates; subword refuses it when loading
    folder = _folder(tmp_path, {**BERT_CONFIG, "model_max_length": "512"}, None)
    with pytest.raises(TypeError):
        _theirs(folder)("hello", truncation=True)
    with pytest.raises(SubwordError, match="model_max_length must be a number") as ours:
        AutoTokenizer.from_pretrained(folder)
    assert isinstance(ours.value, TypeError)


def test_an_added_token_without_content(tmp_path: Path) -> None:
    # transformers reads it as an empty token and drops it; subword refuses the malformed entry
    folder = _folder(tmp_path, {**BERT_CONFIG, "added_tokens_decoder": {"30522": {"special": True}}}, None)
    _theirs(folder)
    with pytest.raises(SubwordError, match='missing field "content"'):
        AutoTokenizer.from_pretrained(folder)
