"""More transformers families from vocabulary files, and their runtime switches, against transformers 5.

Runtime language switching: mBART / mBART-50 / NLLB `src_lang` and `tgt_lang` (the template
changes), `text_target=` / `text_pair_target=` (labels with the target language's template),
`set_src_lang_special_tokens` / `set_tgt_lang_special_tokens`, and Whisper's `set_prefix_tokens`,
each compared with transformers after the same sequence of calls on the same folder. NLLB from a
`.model` (fairseq's reordered ids, BPE merges of the piece ids), and the exported class names:
`from subword.transformers import X` and `X.from_pretrained(folder)` against transformers' `X`.
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.parity._spm_proto import patched_transformers
from tests.parity.test_model_families_files import (
    _assert_same_added_token,
    _assert_same_attributes,
    _assert_same_encodings,
    _load_both,
    _texts,
)
from tests.shared_data import fixture_path

transformers = pytest.importorskip("transformers", reason="compares with transformers")

UNIGRAM = "sentencepiece-test/test_model.model"  # <unk> <s> </s>, 1000 pieces
JAPANESE = "sentencepiece-test/test_ja_model.model"
PAIRS = [
    ("Hello world, this is a test.", "Bonjour le monde, ceci est un test."),
    ("UN Chief Says There Is No Military Solution in Syria", "Şeful ONU declară că nu există o soluţie militară în Siria"),
    ("", "x"),
]


def _folder(tmp_path: Path, model: str, file_name: str, config: dict, name: str = "folder") -> Path:
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    shutil.copy(fixture_path(model), folder / file_name)
    (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    return folder


def _run_both(theirs: Any, ours: Any, step: Callable[[Any], Any]) -> None:
    """Run `step` on both tokenizers and compare what it returns (dicts of lists compared as dicts)."""
    expected, got = step(theirs), step(ours)
    if hasattr(expected, "keys"):
        expected, got = dict(expected), {key: got[key] for key in got}
    assert got == expected


def _inputs(tokenizer: Any, **options: Any) -> Any:
    sources, targets = [s for s, _ in PAIRS], [t for _, t in PAIRS]
    return tokenizer(sources, text_target=targets, **options)


# (class, file name, model, config) of the translation classes
TRANSLATION = [
    ("MBartTokenizer", "sentencepiece.bpe.model", UNIGRAM, {}),
    ("MBartTokenizer", "sentencepiece.bpe.model", UNIGRAM, {"src_lang": "ro_RO", "tgt_lang": "en_XX"}),
    ("MBart50Tokenizer", "sentencepiece.bpe.model", UNIGRAM, {}),
    ("MBart50Tokenizer", "sentencepiece.bpe.model", JAPANESE, {"src_lang": "ja_XX", "tgt_lang": "fr_XX"}),
    ("NllbTokenizer", "sentencepiece.bpe.model", UNIGRAM, {}),
    ("NllbTokenizer", "sentencepiece.bpe.model", UNIGRAM, {"legacy_behaviour": True}),
    (
        "NllbTokenizer", "sentencepiece.bpe.model", JAPANESE,
        {"src_lang": "jpn_Jpan", "tgt_lang": "fra_Latn", "extra_special_tokens": ["eng_Latn", "fra_Latn", "jpn_Jpan"]},
    ),
]
TRANSLATION_IDS = [f"{name}-{model.split('/')[-1]}-{json.dumps(config)}" for name, _, model, config in TRANSLATION]
# languages each class switches to (the last one missing from NLLB's bare vocabulary)
LANGUAGES = {"MBartTokenizer": ("de_DE", "ro_RO"), "MBart50Tokenizer": ("pl_PL", "en_XX"),
             "NllbTokenizer": ("fra_Latn", "deu_Latn")}


@pytest.fixture(scope="module", params=range(len(TRANSLATION)), ids=TRANSLATION_IDS)
def translation(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Any, Any]:
    name, file_name, model, config = TRANSLATION[request.param]
    folder = _folder(tmp_path_factory.mktemp("translation"), model, file_name, {"tokenizer_class": name, **config})
    theirs, ours = _load_both(folder)
    return name, theirs, ours


def test_translation_family_from_a_sentencepiece_model(translation: tuple[str, Any, Any]) -> None:
    _, theirs, ours = translation
    _assert_same_attributes(theirs, ours)
    _assert_same_encodings(theirs, ours, _texts()[:60])
    assert ours.src_lang == theirs.src_lang and ours.tgt_lang == theirs.tgt_lang


def test_switching_languages_at_run_time(translation: tuple[str, Any, Any]) -> None:
    """The same sequence of switches and calls on both tokenizers gives the same ids and labels."""
    name, theirs, ours = translation
    first, second = LANGUAGES[name]
    options = {"padding": True, "return_special_tokens_mask": True}
    _run_both(theirs, ours, lambda t: _inputs(t, **options))
    _run_both(theirs, ours, lambda t: (t.tgt_lang, t.src_lang, t.prefix_tokens, t.suffix_tokens))

    def set_source(t: Any) -> Any:
        t.src_lang = first
        return t("Hello world", "a pair"), t.prefix_tokens, t.suffix_tokens, t.cur_lang_code if name != "MBart50Tokenizer" else 0

    _run_both(theirs, ours, set_source)
    _run_both(theirs, ours, lambda t: _inputs(t, **options))

    def set_target(t: Any) -> Any:
        t.tgt_lang = second
        return dict(t("source text", text_target="target text", text_pair_target="its pair")), t.tgt_lang

    _run_both(theirs, ours, set_target)
    _run_both(theirs, ours, lambda t: dict(t(text_target=["only a target", "and another"], max_length=4, truncation=True)))

    def manual_target_mode(t: Any) -> Any:
        t.set_tgt_lang_special_tokens(first)
        in_target = t("encoded with the target template", add_special_tokens=True)  # a call returns to the source
        t.set_tgt_lang_special_tokens(second)
        return dict(in_target), t.prefix_tokens, t.suffix_tokens, t.convert_ids_to_tokens(t.suffix_tokens)

    _run_both(theirs, ours, manual_target_mode)
    # tokenize and encode keep the template set_tgt_lang_special_tokens left, as transformers' do
    _run_both(theirs, ours, lambda t: (t.tokenize("a b", add_special_tokens=True), t.encode("c"), t.prefix_tokens))
    _run_both(theirs, ours, lambda t: (t("a b")["input_ids"], t.tokenize("a b", add_special_tokens=True), t.suffix_tokens))
    ids = theirs(["Hello world"], text_target=["Bonjour"])["labels"]
    for skip in (False, True):
        assert ours.batch_decode(ids, skip_special_tokens=skip) == theirs.batch_decode(ids, skip_special_tokens=skip)


def test_target_labels_on_random_texts(translation: tuple[str, Any, Any]) -> None:
    _, theirs, ours = translation

    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.tuples(st.text(max_size=30), st.text(max_size=30)), min_size=1, max_size=3))
    def check(pairs: list[tuple[str, str]]) -> None:
        sources, targets = [s for s, _ in pairs], [t for _, t in pairs]
        expected = theirs(sources, text_target=targets, padding=True)
        got = ours(sources, text_target=targets, padding=True)
        assert {key: got[key] for key in expected} == dict(expected)

    check()


def test_nllb_added_tokens_and_padding(translation: tuple[str, Any, Any]) -> None:
    name, theirs, ours = translation
    if name != "NllbTokenizer":
        pytest.skip("NLLB only")
    texts = _texts()[:10]
    for options in ({"padding": True}, {"padding": "max_length", "max_length": 24, "truncation": True}):
        expected, got = theirs(texts, **options), ours(texts, **options)
        assert {key: got[key] for key in expected} == dict(expected)


def test_nllb_from_the_tokenizer_json_transformers_saves(tmp_path: Path) -> None:
    folder = _folder(tmp_path, UNIGRAM, "sentencepiece.bpe.model",
                     {"tokenizer_class": "NllbTokenizer", "src_lang": "fra_Latn", "extra_special_tokens": ["fra_Latn", "eng_Latn"]})
    theirs, _ = _load_both(folder)
    theirs.save_pretrained(str(tmp_path / "saved"))
    theirs, ours = _load_both(tmp_path / "saved")
    _assert_same_attributes(theirs, ours)
    _assert_same_encodings(theirs, ours, _texts()[:30])
    _assert_same_added_token(theirs, ours)
    _run_both(theirs, ours, lambda t: _inputs(t, padding=True))


# -- Whisper: set_prefix_tokens ------------------------------------------------------------------


@pytest.fixture(scope="module")
def whisper(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    from tests.parity.test_model_families_whisper import _whisper_folder

    return _load_both(_whisper_folder(tmp_path_factory.mktemp("whisper"), {"language": "en", "task": "transcribe"}))


@pytest.mark.parametrize(
    "settings_",
    [
        {"language": "fr", "task": "translate"},
        {"language": "German"},
        {"predict_timestamps": True},
        {"task": "transcribe", "predict_timestamps": False},
        {},
    ],
    ids=json.dumps,
)
def test_whisper_set_prefix_tokens(whisper: tuple[Any, Any], settings_: dict) -> None:
    theirs, ours = whisper

    def switch(t: Any) -> Any:
        t.set_prefix_tokens(**settings_)
        return (dict(t(["Hello world", "again"], ["a pair", "b"])), t.prefix_tokens, t.language, t.task,
                t.predict_timestamps, t(text_target="labels too")["input_ids"])

    _run_both(theirs, ours, switch)


def test_whisper_decoder_prompt_ids(whisper: tuple[Any, Any]) -> None:
    theirs, ours = whisper
    _run_both(theirs, ours, lambda t: (t.get_decoder_prompt_ids(task="translate", language="ja"), t("text")["input_ids"]))
    _run_both(theirs, ours, lambda t: (t.get_decoder_prompt_ids(no_timestamps=False), t.prefix_tokens))


def test_whisper_refuses_an_unknown_language_as_transformers(whisper: tuple[Any, Any]) -> None:
    theirs, ours = whisper
    with pytest.raises(ValueError) as expected:
        theirs.set_prefix_tokens(language="klingon")
    with pytest.raises(ValueError) as got:
        ours.set_prefix_tokens(language="klingon")
    assert str(got.value) == str(expected.value)


# -- the exported classes --------------------------------------------------------------------------

EXPORTS = [
    ("BertTokenizer", {"vocab.txt": "bert-base-uncased/vocab.txt"}, {}),
    ("GPT2Tokenizer", {"vocab.json": "roberta-base/vocab.json", "merges.txt": "roberta-base/merges.txt"}, {}),
    ("RobertaTokenizer", {"vocab.json": "roberta-base/vocab.json", "merges.txt": "roberta-base/merges.txt"}, {}),
    ("XLMRobertaTokenizer", {"sentencepiece.bpe.model": UNIGRAM}, {}),
    ("CamembertTokenizer", {"sentencepiece.bpe.model": UNIGRAM}, {}),
    ("BigBirdTokenizer", {"spiece.model": UNIGRAM}, {}),
    ("MBartTokenizer", {"sentencepiece.bpe.model": UNIGRAM}, {"src_lang": "de_DE"}),
    ("MBart50Tokenizer", {"sentencepiece.bpe.model": UNIGRAM}, {}),
    ("NllbTokenizer", {"sentencepiece.bpe.model": UNIGRAM}, {}),
    ("GemmaTokenizer", {"tokenizer.model": "mistral-7b/tokenizer.model"}, {}),
    ("CodeLlamaTokenizer", {"tokenizer.model": "mistral-7b/tokenizer.model"}, {}),
    ("WhisperTokenizer", {"vocab.json": "gpt2/encoder.json", "merges.txt": "gpt2/vocab.bpe"}, {}),
]


def test_every_supported_class_is_exported_with_its_fast_alias() -> None:
    import subword.transformers as exported
    from subword.transformers._builders import RECIPES

    for name in RECIPES:
        cls = getattr(exported, name)
        assert getattr(exported, name + "Fast") is cls
        assert name in exported.__all__ and name + "Fast" in exported.__all__
        assert cls.__name__ == name


@pytest.mark.parametrize("name, files, config", EXPORTS, ids=[name for name, _, _ in EXPORTS])
def test_class_from_pretrained_matches_transformers(tmp_path: Path, name: str, files: dict, config: dict) -> None:
    """`X.from_pretrained(folder)` on a folder whose config names no class, as transformers' `X`."""
    import subword.transformers as exported

    folder = tmp_path / "folder"
    folder.mkdir()
    for file_name, relative in files.items():
        shutil.copy(fixture_path(relative), folder / file_name)
    if config:
        (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    with warnings.catch_warnings(), patched_transformers():
        warnings.simplefilter("ignore")
        transformers.logging.set_verbosity_error()
        theirs = getattr(transformers, name).from_pretrained(str(folder))
    ours = getattr(exported, name).from_pretrained(folder)
    assert type(ours).__name__ == type(theirs).__name__ == name
    _assert_same_attributes(theirs, ours)
    _assert_same_encodings(theirs, ours, _texts()[:30])


# -- CodeLlama ------------------------------------------------------------------------------------

CODE_LLAMA = [
    ("llama2/tokenizer.model", {}),
    ("mistral-7b/tokenizer.model", {"add_bos_token": False, "add_eos_token": True}),
]


@pytest.mark.parametrize("model, config", CODE_LLAMA, ids=[json.dumps(c) for _, c in CODE_LLAMA])
def test_code_llama_from_its_tokenizer_model(tmp_path: Path, model: str, config: dict) -> None:
    folder = _folder(tmp_path, model, "tokenizer.model", {"tokenizer_class": "CodeLlamaTokenizer", **config})
    theirs, ours = _load_both(folder)
    _assert_same_attributes(theirs, ours)
    _assert_same_encodings(theirs, ours, _texts()[:60] + ["def f(x):\n    return x  # ▁<PRE> ▁<EOT> <s>"])
    _run_both(theirs, ours, lambda t: (t.add_bos_token, t.prefix_id, t.middle_id, t.suffix_id, t.eot_id, t.fill_token,
                                       t.prefix_token, t.middle_token, t.suffix_token, t.eot_token))


def test_the_language_tables_are_transformers() -> None:
    from transformers.models.mbart.tokenization_mbart import FAIRSEQ_LANGUAGE_CODES as MBART
    from transformers.models.mbart50.tokenization_mbart50 import FAIRSEQ_LANGUAGE_CODES as MBART50
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES as NLLB

    from subword.transformers._spm_families import MBART50_LANGUAGES, MBART_LANGUAGES
    from subword.transformers._translation_families import NLLB_LANGUAGES

    assert (list(MBART_LANGUAGES), list(MBART50_LANGUAGES), list(NLLB_LANGUAGES)) == (MBART, MBART50, NLLB)
