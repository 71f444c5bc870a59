"""subword.transformers against transformers' fast tokenizers (tokenizers backend), local files only.

Each fixture folder is loaded by both `AutoTokenizer`s; a lean matrix of calls (single, batch,
pairs, targets, padding and truncation options, overflow, words, offsets, masks, tensors) must
give equal dicts: same keys, values, and for numpy the same dtypes and shapes. Errors must agree
in kind: both raise, or neither.
"""

from __future__ import annotations

import json
import os
import shutil
import warnings
from functools import lru_cache
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
np = pytest.importorskip("numpy")
transformers = pytest.importorskip("transformers")

from subword.errors import SubwordError  # noqa: E402
from tests.parity._spm_proto import patched_transformers  # noqa: E402
from subword.transformers import AutoTokenizer  # noqa: E402
from tests.shared_data import fixture_path  # noqa: E402

transformers.logging.set_verbosity_error()

TEXTS = [
    "Hello world! The quick brown fox jumps over the lazy dog.",
    "Héllo wörld — 日本語のテキスト, Привет мир 🤗",
    "short",
    "  two  spaces\tand a tab\n",
]
PAIRS = ["a second sentence", "x", "another pair text that is long enough to be cut in two", "y z"]
WORDS = [text.split() for text in TEXTS]

CALLS = {
    "single": ((TEXTS[0],), {}),
    "batch": ((TEXTS,), {}),
    "pair": ((TEXTS[0], PAIRS[0]), {}),
    "batch_pairs": ((TEXTS, PAIRS), {}),
    "pad_longest": ((TEXTS,), {"padding": True}),
    "pad_longest_np": ((TEXTS,), {"padding": "longest", "return_tensors": "np"}),
    "pad_max_length_np": ((TEXTS,), {"padding": "max_length", "max_length": 24, "truncation": True, "return_tensors": "np"}),
    "do_not_pad": ((TEXTS,), {"padding": "do_not_pad", "truncation": "do_not_truncate"}),
    "only_first": ((TEXTS, PAIRS), {"truncation": "only_first", "max_length": 20}),
    "only_second": (([TEXTS[2]] * 4, PAIRS), {"truncation": "only_second", "max_length": 12}),
    "longest_first_padded": ((TEXTS, PAIRS), {"truncation": True, "max_length": 10, "padding": True}),
    "max_length_alone": ((TEXTS,), {"max_length": 6}),
    "truncate_left": ((TEXTS,), {"max_length": 7, "truncation": True}),
    "overflow": ((TEXTS,), {"max_length": 8, "truncation": True, "stride": 2, "return_overflowing_tokens": True, "padding": True}),
    "overflow_single": ((TEXTS[1],), {"max_length": 8, "truncation": True, "stride": 3, "return_overflowing_tokens": True}),
    "overflow_pairs": (([TEXTS[2]] * 4, PAIRS), {"max_length": 12, "truncation": "only_second", "stride": 1, "return_overflowing_tokens": True}),
    "too_short_to_truncate": ((TEXTS, PAIRS), {"truncation": "only_second", "max_length": 8}),
    "words": ((WORDS,), {"is_split_into_words": True, "return_offsets_mapping": True}),
    "words_single_pair": ((WORDS[0], WORDS[2]), {"is_split_into_words": True}),
    "returns": ((TEXTS, PAIRS), {"return_offsets_mapping": True, "return_special_tokens_mask": True, "return_length": True}),
    "left_multiple_np": ((TEXTS,), {"padding": True, "pad_to_multiple_of": 8, "padding_side": "left", "return_tensors": "np", "return_token_type_ids": True}),
    "single_np": ((TEXTS[0],), {"return_tensors": "np", "return_offsets_mapping": True}),
    "no_specials": ((TEXTS,), {"add_special_tokens": False, "return_attention_mask": False}),
    "target_only": ((), {"text_target": TEXTS[0]}),
    "with_targets_np": ((TEXTS,), {"text_target": PAIRS, "padding": True, "return_tensors": "np"}),
}


_VOCAB_ROOT: list[Path] = []  # set by the session fixture below


@pytest.fixture(scope="module", autouse=True)
def _vocab_root(tmp_path_factory):
    _VOCAB_ROOT.append(tmp_path_factory.mktemp("vocab-folders"))
    yield
    _VOCAB_ROOT.pop()
    _pair.cache_clear()


def _vocab_folder(name: str, files: dict[str, str], config: dict) -> Path:
    """A folder of vocab files renamed as transformers expects (vocab.json, merges.txt...)."""
    folder = _VOCAB_ROOT[-1] / name
    if not folder.exists():
        sources = {fixture_path(source): target for source, target in files.items()}  # skips when absent
        folder.mkdir()
        for source, target in sources.items():
            shutil.copy(source, folder / target)
        (folder / "tokenizer_config.json").write_text(json.dumps(config))
    return folder


FOLDERS = {
    "bert-base-uncased": lambda: fixture_path("bert-base-uncased"),
    "gpt2": lambda: fixture_path("gpt2"),
    "roberta-base": lambda: fixture_path("roberta-base"),
    "t5": lambda: fixture_path("t5"),
    "mistral-7b": lambda: fixture_path("mistral-7b"),
    "bert-base-cased-vocab": lambda: _vocab_folder(
        "bert-base-cased", {"bert-base-cased/vocab.txt": "vocab.txt"}, {"tokenizer_class": "BertTokenizer", "do_lower_case": False}
    ),
    "gpt2-vocab": lambda: _vocab_folder(
        "gpt2", {"gpt2/encoder.json": "vocab.json", "gpt2/vocab.bpe": "merges.txt"}, {"tokenizer_class": "GPT2Tokenizer"}
    ),
    "roberta-vocab": lambda: _vocab_folder(
        "roberta", {"roberta-base/vocab.json": "vocab.json", "roberta-base/merges.txt": "merges.txt"}, {"tokenizer_class": "RobertaTokenizer"}
    ),
}
# Tokenizers without a pad token get one, the same way on both sides.
PAD_TOKENS = {"gpt2": "<|endoftext|>", "roberta-base": "<pad>", "gpt2-vocab": "<|endoftext|>", "mistral-7b": "</s>"}


@lru_cache(maxsize=None)
def _pair(name: str):
    folder = FOLDERS[name]()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = transformers.AutoTokenizer.from_pretrained(str(folder))
    ours = AutoTokenizer.from_pretrained(folder)
    if name in PAD_TOKENS:
        for tokenizer in (theirs, ours):
            tokenizer.add_special_tokens({"pad_token": PAD_TOKENS[name]})
    return theirs, ours


def _plain(value):
    """Values in a comparable form: arrays keep their dtype and shape, tuples become lists."""
    if isinstance(value, np.ndarray):
        return ("ndarray", value.dtype.name, value.shape, value.tolist())
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _call(tokenizer, args, kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return {key: _plain(value) for key, value in tokenizer(*args, **kwargs).items()}
        except (SubwordError, ValueError, Exception) as error:  # tokenizers raises a bare Exception
            return ("error", type(error).__name__)


def assert_same_outputs(theirs, ours, calls=CALLS.values()):
    for args, kwargs in calls:
        expected, got = _call(theirs, args, kwargs), _call(ours, args, kwargs)
        if isinstance(expected, tuple) or isinstance(got, tuple):
            assert isinstance(expected, tuple) == isinstance(got, tuple), (kwargs, expected, got)
        else:
            assert got == expected, kwargs


@pytest.mark.parametrize("name", list(FOLDERS))
@pytest.mark.parametrize("call", list(CALLS))
def test_call_matrix(name, call):
    theirs, ours = _pair(name)
    assert_same_outputs(theirs, ours, [CALLS[call]])


@pytest.mark.parametrize("name", list(FOLDERS))
def test_attributes(name):
    theirs, ours = _pair(name)
    for attribute in (
        "all_special_tokens", "all_special_ids", "vocab_size", "model_max_length", "padding_side",
        "truncation_side", "pad_token", "pad_token_id", "bos_token_id", "eos_token_id", "unk_token_id",
        "cls_token_id", "sep_token_id", "mask_token_id", "model_input_names", "clean_up_tokenization_spaces",
    ):
        assert getattr(ours, attribute) == getattr(theirs, attribute), attribute
    assert len(ours) == len(theirs)
    assert ours.get_vocab() == theirs.get_vocab()


@pytest.mark.parametrize("name", list(FOLDERS))
def test_decode_and_tokenize(name):
    theirs, ours = _pair(name)
    for ids in (theirs(TEXTS)["input_ids"], theirs(TEXTS, PAIRS)["input_ids"]):
        for skip in (False, True):
            for clean_up in (None, False, True):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    expected = theirs.batch_decode(ids, skip_special_tokens=skip, clean_up_tokenization_spaces=clean_up)
                assert ours.batch_decode(ids, skip_special_tokens=skip, clean_up_tokenization_spaces=clean_up) == expected
                assert ours.decode(ids[0], skip_special_tokens=skip, clean_up_tokenization_spaces=clean_up) == expected[0]
        assert ours.convert_ids_to_tokens(ids[1]) == theirs.convert_ids_to_tokens(ids[1])
        assert ours.convert_ids_to_tokens(ids[1], skip_special_tokens=True) == theirs.convert_ids_to_tokens(ids[1], skip_special_tokens=True)
    for text in TEXTS:
        tokens = theirs.tokenize(text)
        assert ours.tokenize(text) == tokens
        assert ours.convert_tokens_to_ids(tokens) == theirs.convert_tokens_to_ids(tokens)
        assert ours.convert_tokens_to_string(tokens) == theirs.convert_tokens_to_string(tokens)
        assert ours.encode(text) == theirs.encode(text)


@pytest.mark.parametrize("name", ["bert-base-uncased", "gpt2", "t5"])
def test_added_tokens_then_encode(name):
    theirs = transformers.AutoTokenizer.from_pretrained(str(FOLDERS[name]()))
    ours = AutoTokenizer.from_pretrained(FOLDERS[name]())
    added = [tokenizer.add_tokens(["newword", "hello"]) for tokenizer in (theirs, ours)]
    added_special = [tokenizer.add_special_tokens({"pad_token": "<PAD>", "extra_special_tokens": ["<sep2>"]}) for tokenizer in (theirs, ours)]
    assert added[1] == added[0] and added_special[1] == added_special[0]
    assert ours.added_tokens_encoder == theirs.added_tokens_encoder
    text = "a newword <sep2> and <PAD> hello"
    assert_same_outputs(theirs, ours, [((text,), {}), (([text, "x"],), {"padding": True, "return_tensors": "np"})])
    ids = theirs(text)["input_ids"]
    assert ours.decode(ids, skip_special_tokens=True) == theirs.decode(ids, skip_special_tokens=True)
    assert ours.all_special_tokens == theirs.all_special_tokens


@pytest.mark.parametrize("name", list(FOLDERS))
def test_subword_save_loaded_by_transformers(name, tmp_path):
    theirs_original, ours = _pair(name)
    ours.save_pretrained(tmp_path)
    theirs = transformers.AutoTokenizer.from_pretrained(str(tmp_path))
    assert theirs.padding_side == ours.padding_side
    assert theirs.all_special_tokens == ours.all_special_tokens
    assert_same_outputs(theirs, ours)


@pytest.mark.parametrize("name", list(FOLDERS))
def test_transformers_save_loaded_by_subword(name, tmp_path):
    theirs, _ = _pair(name)
    theirs.save_pretrained(str(tmp_path))
    ours = AutoTokenizer.from_pretrained(tmp_path)
    assert ours.all_special_tokens == theirs.all_special_tokens
    assert_same_outputs(theirs, ours)


def test_tiktoken_folder_matches_gpt2(tmp_path):
    shutil.copy(fixture_path("gpt2/gpt2.tiktoken"), tmp_path / "gpt2.tiktoken")
    gpt2_pattern = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
    # a .tiktoken file is read when named (transformers 5 itself reads no such folder)
    ours = AutoTokenizer.from_pretrained(tmp_path / "gpt2.tiktoken", pattern=gpt2_pattern)
    theirs, _ = _pair("gpt2")
    assert ours(TEXTS)["input_ids"] == theirs(TEXTS)["input_ids"]


def _sentencepiece_available() -> bool:
    try:
        import subword.formats.sentencepiece  # noqa: F401
    except ModuleNotFoundError:
        return False
    return True


@pytest.mark.skipif(not _sentencepiece_available(), reason="subword.formats.sentencepiece is not written yet")
@pytest.mark.parametrize("name, model", [("t5", "spiece.model"), ("mistral-7b", "tokenizer.model")])
def test_sentencepiece_folder_matches_transformers(name, model, tmp_path):
    # transformers reads .model files through protobuf (absent here): a stand-in decodes them for
    # its converter. transformers 5 gives other ids for this folder than for the model's
    # tokenizer.json (its LlamaTokenizer ranks the merges of a .model by piece id, not by score).
    shutil.copy(fixture_path(f"{name}/{model}"), tmp_path / model)
    shutil.copy(fixture_path(f"{name}/tokenizer_config.json"), tmp_path / "tokenizer_config.json")
    ours = AutoTokenizer.from_pretrained(tmp_path)
    with patched_transformers():
        theirs = transformers.AutoTokenizer.from_pretrained(str(tmp_path))
    texts = [text for text in TEXTS if "-----" not in text]
    assert ours(texts)["input_ids"] == theirs(texts)["input_ids"]
