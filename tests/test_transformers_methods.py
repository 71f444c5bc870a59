"""Unit tests of the methods model code calls on `subword.transformers` tokenizers (issue 11).

Built on the small packaged WordPiece tokenizer and tmp_path folders, so they need no fixture;
`tests/parity/test_transformers_methods_parity.py` checks the same methods against transformers.
"""

from __future__ import annotations

import copy
import json
import logging
import pickle
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from subword import Tokenizer
from subword.errors import ArgumentValueError, MissingDependencyError
from subword.transformers import (
    AutoTokenizer, BatchEncoding, BertTokenizer, BertTokenizerFast, PreTrainedTokenizer, PreTrainedTokenizerFast,
    default_tokenizer_path,
)

np = pytest.importorskip("numpy")


@pytest.fixture
def tok() -> PreTrainedTokenizer:
    return AutoTokenizer.from_pretrained(
        default_tokenizer_path(), cls_token="[CLS]", sep_token="[SEP]", pad_token="[PAD]", model_max_length=16
    )


def test_special_sequences(tok: PreTrainedTokenizer) -> None:
    cls, sep = tok.cls_token_id, tok.sep_token_id
    assert cls is not None and sep is not None
    ids = tok("a b", "c")["input_ids"]
    first, second = tok("a b", add_special_tokens=False)["input_ids"], tok("c", add_special_tokens=False)["input_ids"]
    assert tok.build_inputs_with_special_tokens(first, second) == ids
    assert tok.create_token_type_ids_from_sequences(first, second) == tok("a b", "c", return_token_type_ids=True)["token_type_ids"]
    assert tok.get_special_tokens_mask(first, second) == tok("a b", "c", return_special_tokens_mask=True)["special_tokens_mask"]
    assert tok.get_special_tokens_mask(ids, already_has_special_tokens=True) == [int(i in (cls, sep)) for i in ids]
    assert tok.get_special_tokens_mask(np.array(ids), already_has_special_tokens=True)[0] == 1
    with pytest.raises(ValueError, match="second sequence"):
        tok.get_special_tokens_mask(ids, [1], already_has_special_tokens=True)


def test_max_lengths_and_vocab(tok: PreTrainedTokenizer) -> None:
    assert tok.max_len_single_sentence == 16 - tok.num_special_tokens_to_add(False)
    assert tok.max_len_sentences_pair == 16 - tok.num_special_tokens_to_add(True)
    with pytest.raises(ValueError, match="deprecated"):
        tok.max_len_single_sentence = 3
    assert tok.vocab == tok.get_vocab()
    assert tok.init_kwargs["model_max_length"] == 16 and tok.init_kwargs["name_or_path"] == default_tokenizer_path()


def test_split_special_tokens(tok: PreTrainedTokenizer) -> None:
    whole = tok("[SEP] a", add_special_tokens=False)["input_ids"]
    split = tok("[SEP] a", add_special_tokens=False, split_special_tokens=True)["input_ids"]
    assert whole[0] == tok.sep_token_id and tok.sep_token_id not in split
    assert tok("[SEP] a", add_special_tokens=False)["input_ids"] == whole  # the call's flag does not stay
    tok.split_special_tokens = True
    assert tok("[SEP] a", add_special_tokens=False)["input_ids"] == split
    assert tok.tokenize("[SEP] a", split_special_tokens=False)[0] == "[SEP]"


def test_add_bos_eos_tokens_rebuild_the_post_processor(tok: PreTrainedTokenizer) -> None:
    tok.eos_token = "[SEP]"
    tok.add_eos_token = True
    assert tok("a", add_special_tokens=True)["input_ids"][-1] == tok.sep_token_id
    assert tok("a")["input_ids"][0] != tok.cls_token_id  # the generic template replaced BERT's
    tok.add_bos_token = True  # no bos_token: turns itself off, as in transformers
    assert tok.add_bos_token is False and tok.num_special_tokens_to_add(False) == 1


def test_call_keywords_and_positions(tok: PreTrainedTokenizer) -> None:
    assert tok("a b", None, None, None, True, "max_length", True, 6)["input_ids"] == tok("a b", padding="max_length", max_length=6)["input_ids"]
    assert tok.encode("a b", None, True, "max_length", True, 6) == tok("a b", padding="max_length", max_length=6)["input_ids"]
    assert tok("a", unknown_option=1, verbose=False) == tok("a")
    assert tok(["a b c"], tokenizer_kwargs={"max_length": 3, "truncation": True})["input_ids"][0].__len__() == 3
    ids = tok("a b")["input_ids"]
    assert tok.decode(ids, True, spaces_between_special_tokens=False) == tok.decode(ids, skip_special_tokens=True)
    assert tok.batch_decode([ids], True, None, anything=1) == [tok.decode(ids, skip_special_tokens=True)]


def test_too_long_warning_is_logged_once(tok: PreTrainedTokenizer, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="subword.transformers"):
        tok("a " * 40)
        tok("b " * 40)
        tok("a " * 40, truncation=True)
    messages = [r.getMessage() for r in caplog.records if "Token indices sequence length" in r.getMessage()]
    assert len(messages) == 1 and "(42 > 16)" in messages[0]


def test_return_length_and_ragged_numpy(tok: PreTrainedTokenizer) -> None:
    assert tok("a b", return_length=True)["length"] == [4]
    batch = tok(["a", "a b c"], return_tensors="np", return_length=True)
    assert batch["input_ids"].dtype == object and batch["length"].tolist() == [3, 5]
    assert tok("a", return_tensors="np", return_length=True)["length"].tolist() == [3]
    prepended = tok("a").convert_to_tensors("np", prepend_batch_axis=True)
    assert prepended["input_ids"].shape == (1, 3)
    with pytest.raises(ValueError, match="not a valid TensorType"):
        tok("a", return_tensors="xx")


def test_batch_encoding_mapping_and_slices(tok: PreTrainedTokenizer) -> None:
    batch = tok(["a", "b c"], ["d", "e"])
    assert list(batch.keys()) == tok.model_input_names and list(batch.values())[0] == batch["input_ids"]
    assert batch.n_sequences == 2 and batch.is_fast and batch.sequence_ids(0)[1] == 0
    assert len(batch[0:2]) == 2  # with Encodings, a slice gives Encodings (as transformers)
    plain = BatchEncoding({"input_ids": [[1], [2], [3]]})
    assert plain[1:] == {"input_ids": [[2], [3]]} and not plain.is_fast


class _FakeTensor:
    def __init__(self, value: Any, device: str = "cpu") -> None:
        self.value, self.device = value, device

    def to(self, device: Any = None, non_blocking: bool = False) -> _FakeTensor:
        return _FakeTensor(self.value, str(device))

    def tolist(self) -> Any:
        return self.value


_FakeTensor.__module__ = "torch"  # what pad looks at to tell torch rows


@pytest.fixture
def fake_torch(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    torch = types.ModuleType("torch")
    torch.int64 = "int64"  # type: ignore[attr-defined]
    torch.device = type("device", (), {})  # type: ignore[attr-defined]
    torch.tensor = lambda value, dtype=None: _FakeTensor(value)  # type: ignore[attr-defined]
    torch.from_numpy = lambda array: _FakeTensor(array.tolist())  # type: ignore[attr-defined]
    torch.is_tensor = lambda value: isinstance(value, _FakeTensor)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "torch", torch)
    return torch


def test_to_device_without_torch(tok: PreTrainedTokenizer) -> None:
    if "torch" in sys.modules:  # pragma: no cover - torch is not installed here
        pytest.skip("torch is installed")
    with pytest.raises(ImportError, match="PyTorch"):
        tok("a").to("cuda")
    with pytest.raises(MissingDependencyError):
        tok("a", return_tensors="pt")


def test_pt_and_to_device_with_a_fake_torch(tok: PreTrainedTokenizer, fake_torch: types.ModuleType) -> None:
    batch = tok(["a", "b c"], padding=True, return_tensors="pt")
    assert isinstance(batch["input_ids"], _FakeTensor)
    moved = batch.to("cuda:0")
    assert moved is batch and batch["input_ids"].device == "cuda:0"
    padded = tok.pad({"input_ids": [_FakeTensor([5, 6]), _FakeTensor([7])]})  # torch rows come back as torch
    assert isinstance(padded["input_ids"], _FakeTensor) and padded["input_ids"].value == [[5, 6], [7, 0]]


def test_pad_numpy_rows_and_errors(tok: PreTrainedTokenizer) -> None:
    padded = tok.pad({"input_ids": [np.array([5, 6, 7]), np.array([8])]})
    assert isinstance(padded["input_ids"], np.ndarray) and padded["input_ids"].tolist() == [[5, 6, 7], [8, 0, 0]]
    rows = tok.pad([{"input_ids": np.array([5, 6])}, {"input_ids": np.array([8])}], return_tensors=None)
    assert rows["attention_mask"].tolist() == [[1, 1], [1, 0]]  # numpy rows give numpy, as transformers
    with pytest.raises(ValueError, match="type of 5 unknown"):
        tok.pad({"input_ids": np.array([5, 6])})
    with pytest.raises(ValueError, match="includes input_ids"):
        tok.pad({"attention_mask": [[1]]})


def test_pickle_and_deepcopy(tok: PreTrainedTokenizer) -> None:
    tok.add_tokens(["newword"])
    tok.split_special_tokens = True
    for clone in (pickle.loads(pickle.dumps(tok)), copy.deepcopy(tok)):
        assert clone(["a newword", "[SEP] b"], padding=True) == tok(["a newword", "[SEP] b"], padding=True)
        assert clone.special_tokens_map == tok.special_tokens_map and clone.split_special_tokens
        assert clone.init_kwargs == tok.init_kwargs and clone.model_max_length == 16


def test_save_pretrained_files_and_unknown_keys(tok: PreTrainedTokenizer, tmp_path: Path) -> None:
    source = tmp_path / "source"
    tok.save_pretrained(source)
    config = json.loads((source / "tokenizer_config.json").read_text(encoding="utf-8"))
    config["my_custom_key"] = {"kept": True}
    (source / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    (source / "added_tokens.json").write_text(json.dumps({"zzznew": len(tok)}), encoding="utf-8")
    loaded = AutoTokenizer.from_pretrained(source)
    assert loaded.convert_tokens_to_ids("zzznew") == len(tok)
    paths = loaded.save_pretrained(tmp_path / "again")
    assert sorted(Path(p).name for p in paths) == ["tokenizer.json", "tokenizer_config.json"]
    saved = json.loads((tmp_path / "again" / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert saved["my_custom_key"] == {"kept": True} and "name_or_path" not in saved
    assert loaded.save_vocabulary(str(tmp_path)) == (str(tmp_path / "vocab.txt"),)


def test_tokenizer_file_and_class_names(tmp_path: Path) -> None:
    direct = PreTrainedTokenizer(tokenizer_file=default_tokenizer_path())
    assert direct("a b")["input_ids"] == Tokenizer.from_file(default_tokenizer_path()).encode("a b").ids
    assert BertTokenizerFast is BertTokenizer and PreTrainedTokenizerFast is PreTrainedTokenizer
    bert = BertTokenizer.from_pretrained(default_tokenizer_path())
    assert type(bert) is BertTokenizer and bert("a")["input_ids"][0] == bert.cls_token_id
    assert repr(bert).startswith("BertTokenizer(")


def test_train_new_from_iterator(tok: PreTrainedTokenizer) -> None:
    corpus = ["the cat sat on the mat", "the dog sat on the log", "cats and dogs"] * 5
    new = tok.train_new_from_iterator([corpus], 60, show_progress=False, new_special_tokens=["<x>"])
    assert type(new) is type(tok) and len(new) <= 60 + 1
    assert new.special_tokens_map == tok.special_tokens_map and "<x>" in new.extra_special_tokens
    ids = new("the cat <x>")["input_ids"]
    assert ids[0] == new.cls_token_id and new.convert_tokens_to_ids("<x>") in ids
