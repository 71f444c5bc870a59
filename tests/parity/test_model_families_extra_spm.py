"""More SentencePiece families from a `.model` alone, against transformers 5 on the same folder:
XGLM, RemBERT, Reformer, FNet, BARThez and SeamlessM4T (with its run-time language switches), and
the first families' classes (Llama, CodeLlama, T5, XLNet, XLM-R, BigBird, DeBERTa-v2, Gemma) on
`.model`s with control and user-defined pieces whose config lists its own special tokens.

Each test assembles a folder from a shared `.model` (sentencepiece's Unigram and BPE test models,
the Japanese one; two that sentencepiece trains here with a control and user-defined pieces) under
the class's file name, with a tokenizer_config.json naming the class, loads
it with transformers' AutoTokenizer and with subword's, and compares encodings (single, pairs,
offsets, special-tokens masks, padding, truncation), tokens, decoding, special and added tokens,
over lines of the shared corpora and hypothesis texts; then each library's save_pretrained folder
is loaded by both. As in transformers, RemBERT adds `[CLS] A [SEP]` only when loaded from a
tokenizer.json, so a save round trip is compared with transformers' own reload, not the original.
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subword.transformers import AutoTokenizer
from tests.parity._spm_proto import patched_transformers
from tests.parity.test_model_families_files import (
    _assert_same_added_token,
    _assert_same_attributes,
    _assert_same_encodings,
    _load_both,
    _texts,
)
from tests.parity.test_model_families_spm import _assert_same_padding_and_truncation
from tests.shared_data import corpus_path, fixture_path

transformers = pytest.importorskip("transformers", reason="compares with transformers")
spm = pytest.importorskip("sentencepiece", reason="trains the models with control and user-defined pieces")

UNIGRAM = "sentencepiece-test/test_model.model"  # <unk> <s> </s>, 1000 pieces
BPE = "sentencepiece-test/botchan_en_bpe_1000.model"
JAPANESE = "sentencepiece-test/test_ja_model.model"
T5 = "t5/spiece.model"
# trained here: a control piece <ctl> and user-defined pieces <ud1> <ud2>, Unigram and BPE
TRAINED = {"ud-unigram": "unigram", "ud-bpe": "bpe"}
SEAMLESS_LANGUAGES = ["__eng__", "__fra__", "__deu__", "__spa__"]
TEXTS = ["a <ud1> b<ud2>c <ctl> d", "<ud1>", "x<y> <x>  <madeupword1>[CLS]"]

FAMILIES = [
    ("XGLMTokenizer", "tokenizer.model", UNIGRAM, {}),
    ("XGLMTokenizer", "tokenizer.model", JAPANESE, {"add_prefix_space": False}),
    ("XGLMTokenizer", "tokenizer.model", UNIGRAM, {"extra_special_tokens": ["<madeupword3>", "<x>"]}),
    ("RemBertTokenizer", "sentencepiece.model", UNIGRAM, {}),
    ("RemBertTokenizer", "sentencepiece.model", JAPANESE, {"do_lower_case": True, "keep_accents": False}),
    ("RemBertTokenizer", "sentencepiece.model", UNIGRAM, {"add_bos_token": True, "add_eos_token": True}),
    ("ReformerTokenizer", "spiece.model", BPE, {}),
    ("ReformerTokenizer", "spiece.model", UNIGRAM, {"add_eos_token": True}),
    ("FNetTokenizer", "spiece.model", UNIGRAM, {}),
    ("FNetTokenizer", "spiece.model", BPE, {"legacy": False}),
    ("FNetTokenizer", "spiece.model", JAPANESE, {"sep_token": "</s>", "cls_token": "<s>"}),
    ("BarthezTokenizer", "sentencepiece.bpe.model", UNIGRAM, {}),
    ("BarthezTokenizer", "sentencepiece.bpe.model", JAPANESE, {"add_prefix_space": False}),
    # the config's extra (or additional) special tokens replace the .model's control pieces
    ("XGLMTokenizer", "tokenizer.model", "ud-unigram", {}),
    ("XGLMTokenizer", "tokenizer.model", "ud-unigram", {"additional_special_tokens": ["<y>"]}),
    ("RemBertTokenizer", "sentencepiece.model", "ud-unigram", {"extra_special_tokens": ["<x>"]}),
    ("ReformerTokenizer", "spiece.model", "ud-bpe", {}),  # user-defined pieces: extra special tokens
    ("ReformerTokenizer", "spiece.model", "ud-unigram", {"extra_special_tokens": ["<x>"]}),
    ("FNetTokenizer", "spiece.model", "ud-bpe", {}),
    ("FNetTokenizer", "spiece.model", "ud-unigram", {"additional_special_tokens": ["<y>", "<ud1>"]}),
    ("BarthezTokenizer", "sentencepiece.bpe.model", "ud-unigram", {"additional_special_tokens": ["<y>", "<ud1>"]}),
    ("SeamlessM4TTokenizer", "sentencepiece.bpe.model", UNIGRAM, {}),
    ("SeamlessM4TTokenizer", "sentencepiece.bpe.model", BPE, {"src_lang": "deu", "tgt_lang": "__spa__"}),
    ("SeamlessM4TTokenizer", "sentencepiece.bpe.model", JAPANESE, {"additional_special_tokens": SEAMLESS_LANGUAGES}),
    ("SeamlessM4TTokenizer", "sentencepiece.bpe.model", "ud-bpe", {}),  # user-defined pieces: added, not special
    ("SeamlessM4TTokenizer", "sentencepiece.bpe.model", "ud-unigram", {"extra_special_tokens": ["<x>", "<ud2>"]}),
    # 32000 pieces with T5's charsmap (a second or two a load): marked slow
    ("XGLMTokenizer", "tokenizer.model", T5, {}),
    ("RemBertTokenizer", "sentencepiece.model", T5, {}),
    ("BarthezTokenizer", "sentencepiece.bpe.model", T5, {}),
    ("SeamlessM4TTokenizer", "sentencepiece.bpe.model", T5, {}),  # <pad> </s> <unk> first: ids shared as there
    # the first families' classes: a config's list of special tokens replaces the .model's pieces
    ("LlamaTokenizer", "tokenizer.model", "ud-bpe", {"extra_special_tokens": ["<x>"]}),
    ("LlamaTokenizer", "tokenizer.model", "ud-unigram", {"additional_special_tokens": ["<y>", "<ud1>"]}),
    ("CodeLlamaTokenizer", "tokenizer.model", "ud-bpe", {}),  # unknown pieces: <unk>, not dropped as in Llama
    ("CodeLlamaTokenizer", "tokenizer.model", "ud-unigram", {"extra_special_tokens": ["<x>"]}),
    ("T5Tokenizer", "spiece.model", "ud-unigram", {"extra_special_tokens": ["<x>"]}),  # no <extra_id_N> then
    ("T5Tokenizer", "spiece.model", "ud-bpe", {"additional_special_tokens": ["<y>", "<ud1>"]}),
    ("XLNetTokenizer", "spiece.model", "ud-bpe", {"extra_special_tokens": ["<x>", "<ud2>"]}),
    ("XLMRobertaTokenizer", "sentencepiece.bpe.model", "ud-unigram", {"extra_special_tokens": ["<x>", "<ud2>"]}),
    ("BigBirdTokenizer", "spiece.model", "ud-bpe", {"extra_special_tokens": ["<x>"]}),
    ("DebertaV2Tokenizer", "spm.model", "ud-bpe", {"extra_special_tokens": ["<x>"]}),
    ("GemmaTokenizer", "tokenizer.model", "ud-bpe", {"extra_special_tokens": ["<x>"]}),
]
IDS = [f"{name}-{model.split('/')[-1]}-{json.dumps(options)}" for name, _, model, options in FAMILIES]
PARAMS = [pytest.param(*family, id=id_, marks=[pytest.mark.slow] if family[2] == T5 else []) for family, id_ in zip(FAMILIES, IDS)]
# SeamlessM4T over T5's pieces gives `<s>` and `</s>` one id. Which of the two transformers' saved
# folder keeps changes from run to run (3 of 6 hash seeds differ; subword's is the same in all), so
# its save is not a reference there; the other tests still compare this case.
SAVED_PARAMS = [param for param in PARAMS if param.values[0] != "SeamlessM4TTokenizer" or param.values[2] != T5]


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The TRAINED models, 800 pieces from the first 2000 lines of en_prose.txt."""
    folder = tmp_path_factory.mktemp("spm")
    text = folder / "corpus.txt"
    text.write_text("\n".join(corpus_path("en_prose.txt").read_text(encoding="utf-8").splitlines()[:2000]), encoding="utf-8")
    for name, model_type in TRAINED.items():
        spm.SentencePieceTrainer.train(
            input=str(text), model_prefix=str(folder / name), vocab_size=800, model_type=model_type, minloglevel=2,
            control_symbols="<ctl>", user_defined_symbols="<ud1>,<ud2>",
        )
    return {name: folder / f"{name}.model" for name in TRAINED}


def _model_path(trained: dict[str, Path], model: str) -> Path:
    return trained[model] if model in trained else fixture_path(model)


def _texts_with_pieces() -> list[str]:
    return TEXTS + _texts()


def _folder(tmp_path: Path, trained: dict[str, Path], name: str, file_name: str, model: str, options: dict) -> Path:
    folder = tmp_path / "folder"
    folder.mkdir(exist_ok=True)
    shutil.copy(_model_path(trained, model), folder / file_name)
    (folder / "tokenizer_config.json").write_text(json.dumps({"tokenizer_class": name, **options}), encoding="utf-8")
    return folder


def _transformers(folder: Path) -> Any:
    with warnings.catch_warnings(), patched_transformers():
        warnings.simplefilter("ignore")
        transformers.logging.set_verbosity_error()
        return transformers.AutoTokenizer.from_pretrained(str(folder))


def _assert_same(theirs: Any, ours: Any, texts: list[str]) -> None:
    _assert_same_attributes(theirs, ours)
    _assert_same_encodings(theirs, ours, texts)
    assert type(ours).__name__ == type(theirs).__name__


@pytest.mark.parametrize("name, file_name, model, options", PARAMS)
def test_family_from_a_sentencepiece_model(
    tmp_path: Path, trained: dict[str, Path], name: str, file_name: str, model: str, options: dict
) -> None:
    theirs, ours = _load_both(_folder(tmp_path, trained, name, file_name, model, options))
    texts = _texts_with_pieces()
    _assert_same(theirs, ours, texts)
    _assert_same_padding_and_truncation(theirs, ours, texts[:12])
    for row in theirs(texts[:6], texts[6:12])["input_ids"]:
        assert ours.get_special_tokens_mask(row, already_has_special_tokens=True) == theirs.get_special_tokens_mask(
            row, already_has_special_tokens=True
        )
    _assert_same_added_token(theirs, ours)
    _assert_same_attributes(theirs, ours)


HYPOTHESIS = [0, 1, 3, 4, 6, 8, 9, 11, 16, 18, 21, 22]


@pytest.mark.parametrize("index", HYPOTHESIS, ids=[IDS[i] for i in HYPOTHESIS])
def test_family_on_random_texts(tmp_path: Path, trained: dict[str, Path], index: int) -> None:
    theirs, ours = _load_both(_folder(tmp_path, trained, *FAMILIES[index]))

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40), min_size=1, max_size=4))
    def check(texts: list[str]) -> None:
        _assert_same_encodings(theirs, ours, texts)

    check()


@pytest.mark.parametrize("name, file_name, model, options", SAVED_PARAMS)
def test_family_save_pretrained_both_ways(
    tmp_path: Path, trained: dict[str, Path], name: str, file_name: str, model: str, options: dict
) -> None:
    """What each library saves loads in both with the outputs of transformers' reload of its own folder."""
    theirs, ours = _load_both(_folder(tmp_path, trained, name, file_name, model, options))
    theirs.save_pretrained(str(tmp_path / "theirs"))
    ours.save_pretrained(tmp_path / "ours")
    expected = _transformers(tmp_path / "theirs")
    texts = _texts_with_pieces()[:40]
    for reloaded in (_transformers(tmp_path / "ours"), AutoTokenizer.from_pretrained(tmp_path / "theirs"),
                     AutoTokenizer.from_pretrained(tmp_path / "ours")):
        _assert_same(expected, reloaded, texts)
        assert reloaded.extra_special_tokens == expected.extra_special_tokens


@pytest.mark.parametrize("name, file_name, model, options", PARAMS)
def test_family_from_the_saved_config_and_the_model(
    tmp_path: Path, trained: dict[str, Path], name: str, file_name: str, model: str, options: dict
) -> None:
    """A Hub-style folder: the config transformers saves (added_tokens_decoder, extra tokens) and the `.model`."""
    theirs, _ = _load_both(_folder(tmp_path, trained, name, file_name, model, options))
    saved = tmp_path / "saved"
    theirs.save_pretrained(str(saved))
    (saved / "tokenizer.json").unlink()
    shutil.copy(_model_path(trained, model), saved / file_name)
    theirs, ours = _load_both(saved)
    _assert_same(theirs, ours, _texts_with_pieces()[:40])


@pytest.mark.parametrize(
    "name", ["XGLMTokenizer", "RemBertTokenizer", "ReformerTokenizer", "FNetTokenizer", "BarthezTokenizer", "SeamlessM4TTokenizer"]
)
def test_the_class_names_are_exported(tmp_path: Path, trained: dict[str, Path], name: str) -> None:
    """`from subword.transformers import X, XFast`; `X.from_pretrained` on a folder whose config
    names no class reads X's file and builds X's pipeline, as transformers' X."""
    import subword.transformers as ours_module

    model, file_name = next((m, f) for n, f, m, _ in FAMILIES if n == name)
    assert getattr(ours_module, f"{name}Fast") is getattr(ours_module, name)
    folder = _folder(tmp_path, trained, name, file_name, model, {})
    (folder / "tokenizer_config.json").unlink()
    with warnings.catch_warnings(), patched_transformers():
        warnings.simplefilter("ignore")
        theirs = getattr(transformers, name).from_pretrained(str(folder))
    ours = getattr(ours_module, name).from_pretrained(folder)
    assert type(ours).__name__ == name
    _assert_same_encodings(theirs, ours, _texts()[:20])


SEAMLESS = [index for index, family in enumerate(FAMILIES) if family[0] == "SeamlessM4TTokenizer" and family[2] != T5]


def _run_both(theirs: Any, ours: Any, step: Any) -> None:
    """Run `step` on both tokenizers and compare what it returns (dicts of lists compared as dicts)."""
    expected, got = step(theirs), step(ours)
    if hasattr(expected, "keys"):
        expected, got = dict(expected), {key: got[key] for key in got}
    assert got == expected


@pytest.mark.parametrize("index", SEAMLESS, ids=[IDS[i] for i in SEAMLESS])
def test_seamless_m4t_languages_at_run_time(tmp_path: Path, trained: dict[str, Path], index: int) -> None:
    """The same sequence of switches and calls on both gives the same ids, labels, templates and tables."""
    theirs, ours = _load_both(_folder(tmp_path, trained, *FAMILIES[index]))
    state = lambda t: (t.src_lang, t.tgt_lang, t.prefix_tokens, t.suffix_tokens, t.cur_lang_code)  # noqa: E731
    _run_both(theirs, ours, lambda t: (state(t), t.fairseq_offset, t.fairseq_tokens_to_ids, t.fairseq_ids_to_tokens))
    # before any call: the target template __init__ leaves
    _run_both(theirs, ours, lambda t: (t.encode("Hello world"), t.tokenize("a b", add_special_tokens=True)))
    _run_both(theirs, ours, lambda t: (dict(t("Hello world", "a pair", return_special_tokens_mask=True)), state(t)))
    _run_both(theirs, ours, lambda t: (t.encode("Hello world"), state(t)))
    sources, targets = ["Hello world", "UN Chief Says"], ["Bonjour le monde", "Le chef de l'ONU"]
    _run_both(theirs, ours, lambda t: dict(t(sources, text_target=targets, padding=True)))
    _run_both(theirs, ours, lambda t: (dict(t(text_target=targets[0], text_pair_target=targets[1])), state(t)))
    _run_both(theirs, ours, lambda t: (t.encode("after a target call"), state(t)))

    def switch(t: Any) -> Any:
        t.src_lang = "fra"
        first = dict(t("Bonjour", "paire"))
        t.tgt_lang = "__deu__"  # a target template until the next call
        return first, state(t), t.encode("Hallo"), dict(t("Hallo")), state(t)

    _run_both(theirs, ours, switch)
    _run_both(theirs, ours, lambda t: (dict(t(sources, text_target=targets, src_lang="spa", tgt_lang="eng")), state(t)))

    def manual(t: Any) -> Any:
        t.set_tgt_lang_special_tokens("__xyz__")  # not in the vocabulary: the unknown token
        in_target = (t.encode("x y"), state(t))
        t.set_src_lang_special_tokens("__fra__")
        return in_target, t.encode("x y"), state(t)

    _run_both(theirs, ours, manual)
    labels = theirs(sources, text_target=targets)["labels"]
    for skip in (False, True):
        _run_both(theirs, ours, lambda t: t.batch_decode(labels, skip_special_tokens=skip))
