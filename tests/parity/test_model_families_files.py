"""Every model family from its vocabulary files alone, against transformers 5 on the same folder.

Each test assembles a folder in tmp_path from the shared vocabularies (BERT's vocab.txt, RoBERTa's
vocab.json + merges.txt, OpenAI GPT's, T5's spiece.model, Llama 2's tokenizer.model) and a
tokenizer_config.json naming the class, loads it with transformers' AutoTokenizer and with
subword's, and compares ids, tokens, offsets, special-tokens masks, pairs, decoding, vocabulary
sizes, special tokens and added tokens over the shared corpora and hypothesis texts.

transformers reads `.model` files through protobuf, which is not installed here;
`tests.parity._spm_proto` stands in for it, so transformers' own converter code still runs.
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subword.errors import SubwordError
from subword.transformers import AutoTokenizer
from tests.parity._spm_proto import patched_transformers
from tests.shared_data import corpus_files, corpus_lines, fixture_path

transformers = pytest.importorskip("transformers", reason="compares with transformers")

VOCAB_TXT = {"vocab.txt": "bert-base-uncased/vocab.txt"}
CASED_VOCAB_TXT = {"vocab.txt": "bert-base-cased/vocab.txt"}
ROBERTA = {"vocab.json": "roberta-base/vocab.json", "merges.txt": "roberta-base/merges.txt"}
OPENAI_GPT = {"vocab.json": "openai-gpt/vocab.json", "merges.txt": "openai-gpt/merges.txt"}
T5 = {"spiece.model": "t5/spiece.model"}
LLAMA = {"tokenizer.model": "llama2/tokenizer.model"}
MISTRAL = {"tokenizer.model": "mistral-7b/tokenizer.model"}

SAMPLES = [
    "Hello world! The quick brown fox jumps over the lazy dog.",
    "Héllo wörld — 日本語のテキスト, Привет мир 🤗",
    "  leading and   inner   spaces\tand a tab\nand a newline  ",
    "don't you'll we've I'M 12345 3.14 $100 #hashtag @user e-mail",
    "[CLS] [MASK] <mask> <s> </s> <pad> <unk> <|endoftext|> <extra_id_0> [SEP]",
    "",
]


def _folder(tmp_path: Path, files: dict[str, str], config: dict | None) -> Path:
    folder = tmp_path / "folder"
    folder.mkdir(exist_ok=True)
    for name, relative in files.items():
        shutil.copy(fixture_path(relative), folder / name)
    if config is not None:
        (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    return folder


def _load_both(folder: Path) -> tuple[Any, Any]:
    with warnings.catch_warnings(), patched_transformers():
        warnings.simplefilter("ignore")
        transformers.logging.set_verbosity_error()
        theirs = transformers.AutoTokenizer.from_pretrained(str(folder))
    return theirs, AutoTokenizer.from_pretrained(folder)


def _texts() -> list[str]:
    lines = [line for path in corpus_files() for line in corpus_lines(path, 6)]
    return SAMPLES + lines


def _flags(tokenizer: Any) -> dict[int, tuple]:
    return {
        id_: (str(token), token.lstrip, token.rstrip, token.single_word, token.normalized, token.special)
        for id_, token in tokenizer.added_tokens_decoder.items()
    }


def _assert_same_attributes(theirs: Any, ours: Any) -> None:
    assert ours.vocab_size == theirs.vocab_size
    assert len(ours) == len(theirs)
    assert {k: str(v) for k, v in ours.special_tokens_map.items()} == {
        k: str(v) for k, v in theirs.special_tokens_map.items()
    }
    assert ours.all_special_ids == theirs.all_special_ids
    assert _flags(ours) == _flags(theirs)
    assert ours.get_vocab() == theirs.get_vocab()
    assert ours.model_input_names == theirs.model_input_names
    assert ours.padding_side == theirs.padding_side


def _assert_same_encodings(theirs: Any, ours: Any, texts: list[str]) -> None:
    options = {"return_offsets_mapping": True, "return_special_tokens_mask": True}
    for pair in (None, list(reversed(texts))):
        expected = theirs(texts, pair, **options)
        got = ours(texts, pair, **options)
        for key in expected:
            assert got[key] == expected[key], (key, pair is not None)
    assert [ours.tokenize(text) for text in texts] == [theirs.tokenize(text) for text in texts]
    ids = theirs(texts)["input_ids"]
    for skip in (False, True):
        assert ours.batch_decode(ids, skip_special_tokens=skip) == theirs.batch_decode(ids, skip_special_tokens=skip)
        assert [ours.decode(row, skip_special_tokens=skip) for row in ids[:8]] == [
            theirs.decode(row, skip_special_tokens=skip) for row in ids[:8]
        ]
    assert [ours.convert_ids_to_tokens(row) for row in ids] == [theirs.convert_ids_to_tokens(row) for row in ids]


def _assert_same_added_token(theirs: Any, ours: Any) -> None:
    assert ours.add_tokens(["<new>", "fox jumps"]) == theirs.add_tokens(["<new>", "fox jumps"])
    texts = ["hello <new> world", "<new>start", "the fox jumps<new>", " <new> "]
    _assert_same_encodings(theirs, ours, texts)
    assert ours.add_special_tokens({"extra_special_tokens": ["<special>"]}) == theirs.add_special_tokens(
        {"extra_special_tokens": ["<special>"]}
    )
    _assert_same_encodings(theirs, ours, ["a <special> b <new> c"])


FAMILIES = [
    ("BertTokenizer", VOCAB_TXT, {}),
    ("BertTokenizer", CASED_VOCAB_TXT, {"do_lower_case": False}),
    ("DistilBertTokenizer", VOCAB_TXT, {}),
    ("ElectraTokenizer", VOCAB_TXT, {}),
    ("LayoutLMTokenizer", VOCAB_TXT, {}),
    ("ConvBertTokenizer", VOCAB_TXT, {}),
    ("DPRReaderTokenizer", VOCAB_TXT, {}),
    ("MPNetTokenizer", VOCAB_TXT, {}),
    ("FunnelTokenizer", CASED_VOCAB_TXT, {"do_lower_case": False, "unk_token": "[UNK]"}),
    ("GPT2Tokenizer", ROBERTA, {}),
    ("GPT2Tokenizer", ROBERTA, {"add_prefix_space": True}),
    ("RobertaTokenizer", ROBERTA, {}),
    ("BartTokenizer", ROBERTA, {}),
    ("LongformerTokenizer", ROBERTA, {"add_prefix_space": True}),
    ("DebertaTokenizer", ROBERTA, {}),
    ("CodeGenTokenizer", ROBERTA, {}),
    ("Qwen2Tokenizer", ROBERTA, {}),
    ("OpenAIGPTTokenizer", OPENAI_GPT, {}),
    ("CLIPTokenizer", OPENAI_GPT, {}),
    ("T5Tokenizer", T5, {}),
    ("LlamaTokenizer", LLAMA, {}),
    ("LlamaTokenizer", LLAMA, {"legacy": True}),
    ("LlamaTokenizer", MISTRAL, {"add_bos_token": True}),
    (None, LLAMA, None),
    (None, MISTRAL, None),
]
IDS = [f"{name}-{next(iter(files.values())).split('/')[0]}-{json.dumps(options)}" for name, files, options in FAMILIES]


def _family_folder(tmp_path: Path, name: str | None, files: dict[str, str], options: dict | None) -> Path:
    folder = _folder(tmp_path, files, None if options is None else {"tokenizer_class": name, **options})
    if name == "CLIPTokenizer":  # OpenAI GPT's vocabulary lacks CLIP's two special tokens
        vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        for token in ("<|startoftext|>", "<|endoftext|>"):
            vocab[token] = len(vocab)
        (folder / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    return folder


@pytest.mark.parametrize("name, files, options", FAMILIES, ids=IDS)
def test_family_from_vocabulary_files(tmp_path: Path, name: str | None, files: dict, options: dict | None) -> None:
    theirs, ours = _load_both(_family_folder(tmp_path, name, files, options))
    _assert_same_attributes(theirs, ours)
    _assert_same_encodings(theirs, ours, _texts())
    _assert_same_added_token(theirs, ours)
    _assert_same_attributes(theirs, ours)


HYPOTHESIS_FAMILIES = [FAMILIES[0], FAMILIES[7], FAMILIES[11], FAMILIES[17], FAMILIES[18], FAMILIES[19], FAMILIES[20]]


@pytest.mark.parametrize(
    "name, files, options", HYPOTHESIS_FAMILIES, ids=[f"{name}-{json.dumps(o)}" for name, _, o in HYPOTHESIS_FAMILIES]
)
def test_family_on_random_texts(tmp_path: Path, name: str | None, files: dict, options: dict | None) -> None:
    theirs, ours = _load_both(_family_folder(tmp_path, name, files, options))

    @given(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40), min_size=1, max_size=4))
    def check(texts: list[str]) -> None:
        _assert_same_encodings(theirs, ours, texts)

    check()


@pytest.mark.parametrize("name", ["CTRLTokenizer", "BlenderbotTokenizer", "HerbertTokenizer"])
def test_an_unsupported_class_is_refused(tmp_path: Path, name: str) -> None:
    folder = _folder(tmp_path, ROBERTA, {"tokenizer_class": name})
    with pytest.raises(SubwordError, match=name):
        AutoTokenizer.from_pretrained(folder)


def test_pad_token_from_eos_of_a_bare_sentencepiece_model(tmp_path: Path) -> None:
    theirs, ours = _load_both(_folder(tmp_path, LLAMA, None))
    theirs.pad_token = theirs.eos_token
    ours.pad_token = ours.eos_token
    texts = ["short", "a somewhat longer text"]
    assert ours(texts, padding=True)["input_ids"] == theirs(texts, padding=True)["input_ids"]
