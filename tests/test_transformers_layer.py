"""Unit tests of subword.transformers: argument checking, BatchEncoding, pad, loading, saving.

Outputs are compared with transformers in tests/parity/test_transformers_parity.py; the values
expected here are worked out by hand on the packaged default tokenizer (BERT-style WordPiece,
[PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from subword import Tokenizer
from subword.errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError
from subword.transformers import AutoTokenizer, BatchEncoding, CharSpan, PreTrainedTokenizer, default_tokenizer_path
from subword.transformers._params import TokenizerDefaults, resolve_settings
from tests.shared_data import REPO_ROOT

SPECIALS = {"pad_token": "[PAD]", "unk_token": "[UNK]", "cls_token": "[CLS]", "sep_token": "[SEP]", "mask_token": "[MASK]"}


@pytest.fixture(scope="module")
def tokenizer() -> PreTrainedTokenizer:
    return AutoTokenizer.from_pretrained(default_tokenizer_path(), **SPECIALS, model_max_length=16)


# -- _params: the one place where shorthand becomes settings ------------------------------------

DEFAULTS = TokenizerDefaults(model_max_length=16, pad_token="[PAD]", pad_token_id=0)


def test_padding_true_pads_to_longest_and_truncation_true_uses_model_max_length():
    settings = resolve_settings(DEFAULTS, padding=True, truncation=True)
    assert settings.padding.length is None and settings.padding.pad_token == "[PAD]"
    assert settings.truncation.max_length == 16 and settings.truncation.strategy == "longest_first"


def test_max_length_alone_turns_truncation_on():
    settings = resolve_settings(DEFAULTS, max_length=5)
    assert settings.padding is None and settings.truncation.max_length == 5


def test_no_model_max_length_means_truncation_true_does_nothing():
    assert resolve_settings(TokenizerDefaults(), truncation=True).truncation is None


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"padding": True, "truncation": True, "max_length": 10, "pad_to_multiple_of": 4}, "not a multiple"),
        ({"truncation": True, "max_length": 6, "stride": 4, "special_tokens_added": 2}, "stride"),
        ({"padding": "maximum"}, "padding must be one of"),
        ({"truncation": "only_third"}, "truncation must be one of"),
        ({"padding": True, "padding_side": "top"}, "padding_side"),
        ({"max_length": -1}, ">= 0"),
    ],
)
def test_contradictions_are_rejected(kwargs, message):
    with pytest.raises(ArgumentValueError, match=message):
        resolve_settings(DEFAULTS, **kwargs)


def test_what_transformers_ignores_is_ignored():
    with pytest.warns(UserWarning, match="`max_length` is ignored when `padding`=`True`"):
        settings = resolve_settings(DEFAULTS, padding=True, max_length=8)
    assert settings.padding.length is None and settings.truncation is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning: transformers warns only for padding=True
        assert resolve_settings(DEFAULTS, padding="longest", max_length=8).truncation is None
        assert resolve_settings(DEFAULTS, padding=True, max_length=8, verbose=False).truncation is None
    plain = resolve_settings(DEFAULTS)
    assert resolve_settings(DEFAULTS, stride=2) == plain
    assert resolve_settings(DEFAULTS, pad_to_multiple_of=8, padding_side="left") == plain


def test_padding_without_pad_token_is_rejected():
    with pytest.raises(ArgumentValueError, match="pad token"):
        resolve_settings(TokenizerDefaults(), padding=True)
    with pytest.raises(ArgumentValueError, match="needs a length"):
        resolve_settings(TokenizerDefaults(pad_token="[PAD]", pad_token_id=0), padding="max_length")


def test_wrong_argument_types():
    with pytest.raises(ArgumentTypeError):
        resolve_settings(DEFAULTS, padding=1.5)
    with pytest.raises(ArgumentTypeError):
        resolve_settings(DEFAULTS, max_length="8")


# -- calls ----------------------------------------------------------------------------------------


def test_single_and_batch_shapes(tokenizer):
    single = tokenizer("hello")
    assert single["input_ids"][0] == 2 and single["input_ids"][-1] == 3
    assert set(single) == {"input_ids", "attention_mask"}
    batch = tokenizer(["hello", "hello world again"], padding=True, return_tensors="np")
    assert isinstance(batch, BatchEncoding)
    assert batch.input_ids.dtype == np.int64 and batch.input_ids.shape == batch.attention_mask.shape
    assert batch.attention_mask[0].tolist().count(0) == batch.input_ids[0].tolist().count(0) > 0


def test_a_call_leaves_the_core_settings_unchanged(tokenizer):
    core = tokenizer.backend_tokenizer
    tokenizer(["a b c d e f g", "a"], padding="max_length", truncation=True, max_length=8)
    assert core.padding is None and core.truncation is None


def test_failed_call_also_restores_settings(tokenizer):
    with pytest.raises(ArgumentValueError):
        tokenizer(["a b c d e f", "a"], ["x", "y z w v u t"], truncation="only_first", max_length=6)
    assert tokenizer.backend_tokenizer.truncation is None


def test_targets_become_labels(tokenizer):
    batch = tokenizer(["question one"], text_target=["answer"], padding=True)
    assert batch["labels"] == tokenizer(["answer"])["input_ids"]
    assert tokenizer(text_target="answer")["input_ids"] == tokenizer("answer")["input_ids"]
    with pytest.raises(ArgumentValueError, match="text"):
        tokenizer()


def test_bad_inputs(tokenizer):
    with pytest.raises(ArgumentTypeError, match="text must be"):
        tokenizer(42)
    with pytest.raises(ArgumentValueError, match="as long as text"):
        tokenizer(["a", "b"], ["c"])


def test_pt_tensors_need_torch(tokenizer):
    pytest.importorskip("numpy")
    try:
        import torch  # noqa: F401
    except ImportError:
        with pytest.raises(ArgumentValueError, match="PyTorch"):
            tokenizer(["a"], return_tensors="pt")
    else:  # pragma: no cover - torch is not installed in CI
        assert tokenizer(["a"], return_tensors="pt")["input_ids"].dtype.is_floating_point is False


def test_ragged_numpy_gives_object_arrays_as_transformers_5(tokenizer):
    pytest.importorskip("numpy")
    ids = tokenizer(["a", "a b c"], return_tensors="np")["input_ids"]
    assert ids.dtype == object and [row.tolist() for row in ids] == tokenizer(["a", "a b c"])["input_ids"]


# -- BatchEncoding alignment ------------------------------------------------------------------------


def test_alignment_methods(tokenizer):
    batch = tokenizer(["hello world", "hi"], ["second", "x"], return_offsets_mapping=True)
    assert batch.sequence_ids(0)[0] is None and 1 in batch.sequence_ids(0)
    assert batch.word_ids(0)[0] is None
    token = batch.char_to_token(0, 6)  # the "w" of world
    assert batch.token_to_chars(0, token) == CharSpan(6, 11)
    assert batch.char_to_token(0, 0, sequence_index=1) == batch.sequence_ids(0).index(1)
    assert batch.tokens(1)[0] == "[CLS]"
    assert batch.n_sequences == 2 and len(batch.encodings) == 2
    with pytest.raises(ArgumentValueError, match="batch_index"):
        batch.char_to_token(3)


def test_batch_encoding_mapping_behaviour():
    batch = BatchEncoding({"input_ids": [1, 2]})
    assert batch.input_ids == [1, 2] and dict(batch) == {"input_ids": [1, 2]}
    with pytest.raises(AttributeError):
        batch.labels


# -- pad, decode, special tokens --------------------------------------------------------------------


def test_pad_after_the_fact(tokenizer):
    rows = [tokenizer("hello"), tokenizer("hello world again")]
    padded = tokenizer.pad([dict(row) for row in rows], return_tensors="np")
    longest = len(rows[1]["input_ids"])
    assert padded["input_ids"].shape == (2, longest)
    assert padded["input_ids"][0].tolist() == rows[0]["input_ids"] + [0] * (longest - len(rows[0]["input_ids"]))
    left = tokenizer.pad({"input_ids": [[5, 6], [7]]}, padding_side="left", pad_to_multiple_of=4)
    assert left["input_ids"] == [[0, 0, 5, 6], [0, 0, 0, 7]] and left["attention_mask"] == [[0, 0, 1, 1], [0, 0, 0, 1]]


def test_decode_forms(tokenizer):
    ids = tokenizer("hello , world")["input_ids"]
    assert tokenizer.decode(ids, skip_special_tokens=True) == "hello, world"
    # the WordPiece decoder cleans up on its own, so the flag changes nothing here
    assert tokenizer.decode(np.array(ids), skip_special_tokens=True, clean_up_tokenization_spaces=False) == "hello, world"
    assert tokenizer.decode(ids[1]) == "hello"
    assert tokenizer.decode([ids, ids], skip_special_tokens=True) == ["hello, world"] * 2
    assert tokenizer.batch_decode([ids]) == [tokenizer.decode(ids)]


def test_special_token_attributes(tokenizer):
    assert (tokenizer.pad_token_id, tokenizer.cls_token_id, tokenizer.sep_token_id) == (0, 2, 3)
    assert tokenizer.bos_token is None and tokenizer.bos_token_id is None
    assert tokenizer.all_special_tokens == ["[UNK]", "[SEP]", "[PAD]", "[CLS]", "[MASK]"]


def test_add_special_tokens_dict_and_unknown_key():
    tokenizer = AutoTokenizer.from_pretrained(default_tokenizer_path(), **SPECIALS)
    assert tokenizer.add_special_tokens({"bos_token": "<s>", "extra_special_tokens": ["<x>"]}) == 2
    assert tokenizer.bos_token == "<s>" and tokenizer.extra_special_tokens == ["<x>"]
    assert tokenizer("a <s> b")["input_ids"][2] == tokenizer.bos_token_id
    with pytest.raises(ArgumentValueError, match="not a special token name"):
        tokenizer.add_special_tokens({"start_token": "<go>"})


# -- loading and saving ---------------------------------------------------------------------------


def test_not_a_local_path_is_a_hub_id(tmp_path, monkeypatch):
    # A name that is no local path is a Hub repo id: offline and absent from the cache, an OSError.
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(OSError, match="'bert-base-uncased-not-a-folder' .*not in the cache"):
        AutoTokenizer.from_pretrained("bert-base-uncased-not-a-folder", cache_dir=tmp_path)


def test_folder_without_tokenizer_files(tmp_path):
    with pytest.raises(ArgumentValueError, match="no tokenizer files"):
        AutoTokenizer.from_pretrained(tmp_path)


def test_broken_sentencepiece_model_is_a_clear_error(tmp_path):
    (tmp_path / "spiece.model").write_bytes(b"\x00")
    with pytest.raises(TokenizerFileError, match="sentencepiece .model"):
        AutoTokenizer.from_pretrained(tmp_path)


def test_vocab_txt_folder_is_bert(tmp_path):
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "##s"]
    (tmp_path / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = AutoTokenizer.from_pretrained(tmp_path)
    batch = tokenizer("Hello worlds", "x")
    assert batch["input_ids"] == [2, 5, 6, 7, 3, 1, 3]
    assert batch["token_type_ids"] == [0, 0, 0, 0, 0, 1, 1]


def test_save_pretrained_round_trip(tokenizer, tmp_path):
    paths = tokenizer.save_pretrained(tmp_path / "saved")
    assert sorted(Path(p).name for p in paths) == ["tokenizer.json", "tokenizer_config.json"]  # as transformers 5
    config = json.loads((tmp_path / "saved" / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert config["pad_token"] == "[PAD]" and config["model_max_length"] == 16
    assert sorted(os.listdir(tmp_path / "saved")) == sorted(Path(p).name for p in paths)  # no temporary left
    again = AutoTokenizer.from_pretrained(tmp_path / "saved")
    texts = ["hello world", "a much longer text that will be cut somewhere"]
    assert dict(again(texts, padding=True, truncation=True)) == dict(tokenizer(texts, padding=True, truncation=True))


def test_wrapping_a_core_tokenizer_clears_its_settings():
    core = Tokenizer.from_file(default_tokenizer_path())
    core.enable_padding(length=50)
    wrapped = PreTrainedTokenizer(core, special_tokens={"pad_token": "[PAD]"})
    assert len(wrapped("hello")["input_ids"]) < 50
    with pytest.raises(ArgumentValueError, match="unknown special token names"):
        PreTrainedTokenizer(core, special_tokens={"start": "x"})


def test_importing_the_layer_does_not_import_numpy():
    code = "import sys, subword.transformers; print('numpy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO_ROOT)
    assert result.stdout.strip() == "False"


# -- the README example ---------------------------------------------------------------------------


def test_readme_example_runs():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python readme-example\n(.*?)```", readme, flags=re.DOTALL)
    if not blocks:
        pytest.skip("README.md has no ```python readme-example block yet")
    for block in blocks:
        exec(compile(block, "README.md readme-example", "exec"), {"__name__": "readme_example"})


@pytest.mark.parametrize("with_pairs", [False, True])
@pytest.mark.parametrize("bad_item", [0, 3, 6])
def test_a_batch_call_names_its_first_text_with_a_lone_surrogate(tokenizer: PreTrainedTokenizer, with_pairs: bool, bad_item: int) -> None:
    texts = ["plain", "é ok", "中文"] * 3
    pairs = list(reversed(texts))
    (pairs if with_pairs else texts)[bad_item] = "ok \ud83d"
    name = "text_pair" if with_pairs else "text"
    with pytest.raises(ArgumentTypeError, match=f"^{name} item {bad_item} holds a lone surrogate U\\+D83D at index 3"):
        tokenizer(texts, pairs if with_pairs else None)
    assert len(tokenizer(texts[:bad_item] or ["x"])["input_ids"]) == max(bad_item, 1)
