"""The SentencePiece model families from a `.model` alone, against transformers 5 on the same folder.

Each test assembles a folder from a shared `.model` (or one sentencepiece trains here with the
class's id layout: ALBERT's `<pad> <unk> [CLS] [SEP] [MASK]`, DeBERTa-v2's `[PAD] [CLS] [SEP]
[UNK]`, XLNet's control pieces) under the class's file name, with a tokenizer_config.json naming
the class, loads it with transformers' AutoTokenizer and with subword's, and compares encodings
(single, pairs, offsets, special-tokens masks, padding, truncation), decoding, special tokens and
added tokens over lines of the shared corpora and hypothesis texts. The comparisons are those of
`test_model_families_files`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.parity.test_model_families_files import (
    _assert_same_added_token,
    _assert_same_attributes,
    _assert_same_encodings,
    _load_both,
    _texts,
)
from tests.shared_data import corpus_path, fixture_path

transformers = pytest.importorskip("transformers", reason="compares with transformers")
spm = pytest.importorskip("sentencepiece", reason="trains the class-layout models with sentencepiece")

UNIGRAM = "sentencepiece-test/test_model.model"  # <unk> <s> </s>: fairseq's first pieces
JAPANESE = "sentencepiece-test/test_ja_model.model"
T5 = "t5/spiece.model"  # <pad> </s> <unk>: Pegasus' first pieces
# sentencepiece trainer options of the id layouts the classes' own models have
LAYOUTS = {
    "albert": {"pad_id": 0, "unk_id": 1, "bos_id": -1, "eos_id": -1, "control_symbols": "[CLS],[SEP],[MASK]"},
    "deberta": {
        "pad_id": 0, "pad_piece": "[PAD]", "bos_id": 1, "bos_piece": "[CLS]", "eos_id": 2, "eos_piece": "[SEP]",
        "unk_id": 3, "unk_piece": "[UNK]", "control_symbols": "[MASK]",
    },
    "xlnet": {"control_symbols": "<cls>,<sep>,<pad>,<mask>,<eod>,<eop>"},
    # Gemma's layout: <pad> <eos> <bos> <unk>, user-defined pieces, byte-fallback BPE
    "gemma": {
        "model_type": "bpe", "byte_fallback": True, "pad_id": 0, "eos_id": 1, "bos_id": 2, "unk_id": 3,
        "bos_piece": "<bos>", "eos_piece": "<eos>", "control_symbols": "<mask>",
        "user_defined_symbols": "<start_of_turn>,<end_of_turn>,<h1>,\n\n",
    },
}


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One small Unigram model per layout, trained on the multilingual and English corpora."""
    folder = tmp_path_factory.mktemp("spm")
    sources = [corpus_path("en_prose.txt")] + sorted(corpus_path("multilingual").glob("*.txt"))[:6]
    text = folder / "corpus.txt"
    text.write_text(
        "\n".join(line for path in sources for line in path.read_text(encoding="utf-8").splitlines()[:300]),
        encoding="utf-8",
    )
    models = {}
    for name, options in LAYOUTS.items():
        spm.SentencePieceTrainer.train(
            input=str(text), model_prefix=str(folder / name), vocab_size=2000,
            character_coverage=0.9995, minloglevel=2, **{"model_type": "unigram", **options},
        )
        models[name] = folder / f"{name}.model"
    return models


def _model_path(trained: dict[str, Path], model: str) -> Path:
    return trained[model] if model in trained else fixture_path(model)


def _folder(tmp_path: Path, model: Path, file_name: str, config: dict) -> Path:
    folder = tmp_path / "folder"
    folder.mkdir(exist_ok=True)
    shutil.copy(model, folder / file_name)
    (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    return folder


FAMILIES = [
    ("XLMRobertaTokenizer", "sentencepiece.bpe.model", UNIGRAM, {}),
    ("XLMRobertaTokenizer", "sentencepiece.bpe.model", JAPANESE, {}),
    ("CamembertTokenizer", "sentencepiece.bpe.model", UNIGRAM, {}),
    ("AlbertTokenizer", "spiece.model", "albert", {}),
    ("AlbertTokenizer", "spiece.model", "albert", {"do_lower_case": False, "keep_accents": True}),
    ("XLNetTokenizer", "spiece.model", "xlnet", {}),
    ("DebertaV2Tokenizer", "spm.model", "deberta", {}),
    ("DebertaV2Tokenizer", "spm.model", "deberta", {"do_lower_case": True, "split_by_punct": True}),
    ("BigBirdTokenizer", "spiece.model", UNIGRAM, {}),
    ("PegasusTokenizer", "spiece.model", T5, {}),
    ("GemmaTokenizer", "tokenizer.model", "llama2/tokenizer.model", {}),
    ("GemmaTokenizer", "tokenizer.model", "mistral-7b/tokenizer.model", {"add_bos_token": True}),
    ("GemmaTokenizer", "tokenizer.model", "gemma", {"add_bos_token": True}),
    ("MBartTokenizer", "sentencepiece.bpe.model", UNIGRAM, {}),
    ("MBartTokenizer", "sentencepiece.bpe.model", UNIGRAM, {"src_lang": "ro_RO", "tgt_lang": "en_XX"}),
    ("MBart50Tokenizer", "sentencepiece.bpe.model", UNIGRAM, {}),
    ("MBart50Tokenizer", "sentencepiece.bpe.model", JAPANESE, {"src_lang": "ja_XX"}),
    ("XLMRobertaTokenizer", "sentencepiece.bpe.model", UNIGRAM, {"add_prefix_space": False}),
    ("CamembertTokenizer", "sentencepiece.bpe.model", JAPANESE, {"mask_token": "<MASK>"}),
    ("XLNetTokenizer", "spiece.model", "xlnet", {"do_lower_case": True}),
    ("DebertaV2Tokenizer", "spm.model", "deberta", {"add_prefix_space": False}),
    ("BigBirdTokenizer", "spiece.model", UNIGRAM, {"add_prefix_space": False}),
    ("PegasusTokenizer", "spiece.model", T5, {"offset": 10, "mask_token": "<mask_1>", "mask_token_sent": None}),
    ("AlbertTokenizer", "spiece.model", "albert", {"add_prefix_space": False}),
    ("LlamaTokenizer", "tokenizer.model", "gemma", {}),  # user-defined pieces: added tokens, as for Gemma
]
IDS = [f"{name}-{model.split('/')[-1]}-{json.dumps(options)}" for name, _, model, options in FAMILIES]
LARGE = (T5, "llama2/tokenizer.model", "mistral-7b/tokenizer.model")  # 32000 pieces: a second or two a load
# the reloads of saved folders, the 32000-piece ones marked slow
SAVED = [
    pytest.param(index, id=IDS[index], marks=[pytest.mark.slow] if FAMILIES[index][2] in LARGE else [])
    for index in range(len(FAMILIES))
]


def _family(tmp_path: Path, trained: dict[str, Path], name: str, file_name: str, model: str, options: dict) -> tuple[Any, Any]:
    return _load_both(_folder(tmp_path, _model_path(trained, model), file_name, {"tokenizer_class": name, **options}))


def _assert_same_padding_and_truncation(theirs: Any, ours: Any, texts: list[str]) -> None:
    if theirs.pad_token is None:
        return
    for options in (
        {"padding": True},
        {"padding": "max_length", "max_length": 24, "truncation": True},
        {"padding": True, "truncation": "longest_first", "max_length": 20},
        {"padding": True, "return_token_type_ids": True, "pad_to_multiple_of": 8},
    ):
        pair = list(reversed(texts)) if options.get("truncation") == "longest_first" else None
        expected, got = theirs(texts, pair, **options), ours(texts, pair, **options)
        assert {key: got[key] for key in expected} == dict(expected), options


@pytest.mark.parametrize("name, file_name, model, options", FAMILIES, ids=IDS)
def test_family_from_a_sentencepiece_model(
    tmp_path: Path, trained: dict[str, Path], name: str, file_name: str, model: str, options: dict
) -> None:
    theirs, ours = _family(tmp_path, trained, name, file_name, model, options)
    _assert_same_attributes(theirs, ours)
    texts = _texts()
    _assert_same_encodings(theirs, ours, texts)
    _assert_same_padding_and_truncation(theirs, ours, texts[:12])
    ids = theirs(texts[:6])["input_ids"]
    for row in ids:
        assert ours.get_special_tokens_mask(row, already_has_special_tokens=True) == theirs.get_special_tokens_mask(
            row, already_has_special_tokens=True
        )
    _assert_same_added_token(theirs, ours)
    _assert_same_attributes(theirs, ours)


HYPOTHESIS = [0, 2, 3, 5, 6, 8, 9, 10, 13, 15]


@pytest.mark.parametrize("index", HYPOTHESIS, ids=[IDS[i] for i in HYPOTHESIS])
def test_family_on_random_texts(tmp_path: Path, trained: dict[str, Path], index: int) -> None:
    theirs, ours = _family(tmp_path, trained, *FAMILIES[index])

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40), min_size=1, max_size=4))
    def check(texts: list[str]) -> None:
        _assert_same_encodings(theirs, ours, texts)

    check()


@pytest.mark.parametrize("index", SAVED)
def test_family_from_the_tokenizer_json_transformers_saves(tmp_path: Path, trained: dict[str, Path], index: int) -> None:
    """The folder transformers' save_pretrained writes (tokenizer.json and the class's config) loads the same."""
    theirs, _ = _family(tmp_path, trained, *FAMILIES[index])
    saved = tmp_path / "saved"
    theirs.save_pretrained(str(saved))
    theirs, ours = _load_both(saved)
    _assert_same_attributes(theirs, ours)
    _assert_same_encodings(theirs, ours, _texts()[:40])


@pytest.mark.parametrize(
    "name, file_name", [("CpmTokenizer", "spiece.model")]
)
def test_an_unsupported_sentencepiece_class_is_refused(tmp_path: Path, name: str, file_name: str) -> None:
    """A class without a recipe is refused by name, not loaded with another pipeline."""
    from subword.errors import SubwordError
    from subword.transformers import AutoTokenizer

    folder = _folder(tmp_path, fixture_path(UNIGRAM), file_name, {"tokenizer_class": name})
    with pytest.raises(SubwordError, match=f"{name}.*XLMRobertaTokenizer"):
        AutoTokenizer.from_pretrained(folder)


@pytest.mark.parametrize("index", SAVED)
def test_family_from_the_saved_config_and_the_model(tmp_path: Path, trained: dict[str, Path], index: int) -> None:
    """A Hub-style folder: the config transformers saves (added_tokens_decoder, extra tokens) and the `.model`."""
    name, file_name, model, options = FAMILIES[index]
    theirs, _ = _family(tmp_path, trained, name, file_name, model, options)
    saved = tmp_path / "saved"
    theirs.save_pretrained(str(saved))
    (saved / "tokenizer.json").unlink()
    shutil.copy(_model_path(trained, model), saved / file_name)
    theirs, ours = _load_both(saved)
    _assert_same_attributes(theirs, ours)
    _assert_same_encodings(theirs, ours, _texts()[:40])
