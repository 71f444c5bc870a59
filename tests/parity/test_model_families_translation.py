"""Translation and code families from vocabulary files against transformers 5: Code Llama's
infilling (`suffix=`, `<FILL_ME>`, `suffix_first`), each compared after the same sequence of
calls on the same folder (transformers' infilling leaves the backend's normalizer changed, and
later calls must see the same change)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.parity.test_model_families_files import _load_both
from tests.parity.test_model_families_more import _folder

transformers = pytest.importorskip("transformers", reason="compares with transformers")


def _same(theirs: Any, ours: Any, step: Callable[[Any], Any]) -> None:
    expected, got = step(theirs), step(ours)
    if hasattr(expected, "keys"):
        expected, got = dict(expected), {key: got[key] for key in got}
    assert got == expected


# -- Code Llama infilling -------------------------------------------------------------------------

CODE = "def f(x):\n    <FILL_ME>\n    return x  # ▁<PRE> done"


@pytest.fixture(scope="module", params=[("llama2/tokenizer.model", {}),
                                        ("mistral-7b/tokenizer.model", {"add_bos_token": False, "add_eos_token": True})],
                ids=["llama2", "mistral-eos"])
def code_llama(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    model, config = request.param
    folder = _folder(tmp_path_factory.mktemp("code_llama"), model, "tokenizer.model",
                     {"tokenizer_class": "CodeLlamaTokenizer", **config})
    return _load_both(folder)


STEPS: list[Callable[[Any], Any]] = [
    lambda t: t("  Hello world\n  again")["input_ids"],  # before any infilling call
    lambda t: t.tokenize("x <FILL_ME> y  z"),
    lambda t: t(CODE)["input_ids"],
    lambda t: t("  Hello world\n  again <s> b")["input_ids"],  # after: transformers' reset normalizer
    lambda t: t(CODE, suffix_first=True)["input_ids"],
    lambda t: t(CODE, add_special_tokens=False)["input_ids"],
    lambda t: t(CODE, add_special_tokens=False, suffix_first=True)["input_ids"],
    lambda t: t("def f(x):", suffix="  return x\n")["input_ids"],
    lambda t: t("def f(x):", suffix="")["input_ids"],
    lambda t: t("def f(x): <FILL_ME>")["input_ids"],
    lambda t: t.tokenize("def f(x): <FILL_ME>"),
    lambda t: t.tokenize("a", suffix=" b  c", suffix_first=True),
    lambda t: t.tokenize("a", " b  c"),  # the suffix is the second positional argument
    lambda t: t.tokenize("a", " b  c", True),
    lambda t: t.tokenize("a b", pair="c  d", add_special_tokens=True),
    lambda t: t.encode("<FILL_ME>tail", suffix_first=True),
    lambda t: dict(t(["a", "c d"], suffix=["b  e", "d"], return_offsets_mapping=True, return_special_tokens_mask=True)),
    lambda t: t(["a <FILL_ME> b", "c"])["input_ids"],  # a batch is never cut at the fill token
    lambda t: t.decode(t(CODE)["input_ids"]),
]


def test_code_llama_infilling_matches_transformers(code_llama: tuple[Any, Any]) -> None:
    theirs, ours = code_llama
    for step in STEPS:
        _same(theirs, ours, step)


def test_code_llama_infilling_on_random_code(code_llama: tuple[Any, Any]) -> None:
    theirs, ours = code_llama
    words = st.sampled_from(list("ab (){}:=\n\t  é中") + ["def ", "return", "<s>", "▁<MID>"])
    pieces = st.lists(words, max_size=8).map("".join)

    @settings(max_examples=15, deadline=None)
    @given(pieces, pieces, st.booleans(), st.booleans())
    def check(prefix: str, suffix: str, suffix_first: bool, special: bool) -> None:
        options = {"suffix_first": suffix_first, "add_special_tokens": special}
        _same(theirs, ours, lambda t: dict(t(prefix, suffix=suffix, **options)))
        _same(theirs, ours, lambda t: t.tokenize(prefix + "<FILL_ME>" + suffix, suffix_first=suffix_first))

    check()


def test_code_llama_fill_token_twice_is_a_value_error(code_llama: tuple[Any, Any]) -> None:
    theirs, ours = code_llama
    with pytest.raises(ValueError):
        theirs("a <FILL_ME> b <FILL_ME> c")
    with pytest.raises(ValueError, match="more than once"):
        ours("a <FILL_ME> b <FILL_ME> c")


# -- mBART / mBART-50 / NLLB: transformers' fairseq tables ---------------------------------------

UNIGRAM = "sentencepiece-test/test_model.model"
TABLES = {
    "MBartTokenizer": ("lang_code_to_id", "fairseq_offset", "fairseq_tokens_to_ids", "fairseq_ids_to_tokens", "cur_lang_code"),
    "MBart50Tokenizer": ("lang_code_to_id", "id_to_lang_code", "fairseq_offset", "fairseq_tokens_to_ids",
                         "fairseq_ids_to_tokens", "cur_lang_code_id"),
    "NllbTokenizer": ("fairseq_offset", "fairseq_tokens_to_ids", "fairseq_ids_to_tokens", "cur_lang_code"),
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_translation_tables_match_transformers(tmp_path: Path, name: str) -> None:
    config = {"tokenizer_class": name, "src_lang": "ro_RO" if name != "NllbTokenizer" else "fra_Latn"}
    theirs, ours = _load_both(_folder(tmp_path, UNIGRAM, "sentencepiece.bpe.model", config))
    attributes = TABLES[name]
    _same(theirs, ours, lambda t: [getattr(t, attribute) for attribute in attributes])
    last = "lang_code_to_id" if name != "NllbTokenizer" else "fairseq_tokens_to_ids"
    assert hasattr(theirs, last) and hasattr(ours, last)

    def switch(t: Any) -> Any:
        t.src_lang = "de_DE" if name != "NllbTokenizer" else "deu_Latn"
        return [getattr(t, attribute) for attribute in attributes]

    _same(theirs, ours, switch)


# -- classes subword does not rebuild: refused by name --------------------------------------------


@pytest.mark.parametrize("name, files", [
    ("LayoutXLMTokenizer", ("sentencepiece.bpe.model",)),
])
def test_unsupported_translation_classes_are_refused_by_name(tmp_path: Path, name: str, files: tuple[str, ...]) -> None:
    import json
    import shutil

    from subword.errors import TokenizerFileError
    from subword.transformers import AutoTokenizer
    from tests.shared_data import fixture_path

    for file_name in files:
        if file_name.endswith(".json"):
            (tmp_path / file_name).write_text(json.dumps({"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}), encoding="utf-8")
        else:
            shutil.copy(fixture_path(UNIGRAM), tmp_path / file_name)
    (tmp_path / "tokenizer_config.json").write_text(json.dumps({"tokenizer_class": name}), encoding="utf-8")
    with pytest.raises(TokenizerFileError, match=name):
        AutoTokenizer.from_pretrained(tmp_path)
