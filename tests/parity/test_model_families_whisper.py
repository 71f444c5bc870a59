"""WhisperTokenizer from vocab.json + merges.txt, against transformers 5 on the same folder.

The folder holds GPT-2's vocabulary and merges (Whisper's English vocabulary is GPT-2's) and a
tokenizer_config.json naming WhisperTokenizer whose added_tokens_decoder lists Whisper's special
tokens in their published order (<|endoftext|> 50256, <|startoftranscript|>, the languages, the
tasks, ..., <|notimestamps|>, then timestamp tokens). Encodings with the prefix tokens of each
language/task/timestamps setting, and decoding (timestamps dropped from the text, a prompt
dropped with skip_special_tokens) are compared.
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
from tests.shared_data import fixture_path

transformers = pytest.importorskip("transformers", reason="compares with transformers")
from transformers.models.whisper.tokenization_whisper import LANGUAGES  # noqa: E402

TASKS = ["<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>", "<|nocaptions|>", "<|notimestamps|>"]
SPECIALS = ["<|endoftext|>", "<|startoftranscript|>"] + [f"<|{code}|>" for code in LANGUAGES] + TASKS
TIMESTAMPS = [f"<|{i * 0.02:.2f}|>" for i in range(40)]


def _whisper_folder(tmp_path: Path, options: dict) -> Path:
    folder = tmp_path / "whisper"
    folder.mkdir()
    shutil.copy(fixture_path("gpt2/encoder.json"), folder / "vocab.json")
    shutil.copy(fixture_path("gpt2/vocab.bpe"), folder / "merges.txt")
    added = {
        str(50256 + i): {"content": token, "lstrip": False, "rstrip": False, "normalized": False,
                         "single_word": False, "special": token not in TIMESTAMPS}
        for i, token in enumerate(SPECIALS + TIMESTAMPS)
    }
    config = {"tokenizer_class": "WhisperTokenizer", "added_tokens_decoder": added,
              "extra_special_tokens": SPECIALS[1:], **options}
    (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    return folder


OPTIONS = [
    {},
    {"language": "fr", "task": "transcribe"},
    {"language": "ja", "task": "translate", "predict_timestamps": True},
    {"language": "French", "task": "transcribe"},
    {"language": "castilian"},
    {"add_prefix_space": True},
]


@pytest.mark.parametrize("options", OPTIONS, ids=[json.dumps(o) for o in OPTIONS])
def test_whisper_from_vocabulary_files(tmp_path: Path, options: dict) -> None:
    theirs, ours = _load_both(_whisper_folder(tmp_path, options))
    _assert_same_attributes(theirs, ours)
    _assert_same_encodings(theirs, ours, _texts())
    _assert_same_decodings(theirs, ours)
    _assert_same_added_token(theirs, ours)


def _assert_same_decodings(theirs: Any, ours: Any) -> None:
    ids = theirs.convert_tokens_to_ids
    text = theirs("hello world", add_special_tokens=False)["input_ids"]
    rows = [
        ids(["<|startoftranscript|>", "<|en|>", "<|0.00|>"]) + text + ids(["<|0.50|>", "<|endoftext|>"]),
        ids(["<|startofprev|>"]) + text + ids(["<|startoftranscript|>", "<|notimestamps|>"]) + text,
        ids(["<|startofprev|>"]) + text,
        [],
    ]
    for skip in (False, True):
        assert [ours.decode(row, skip_special_tokens=skip) for row in rows] == [
            theirs.decode(row, skip_special_tokens=skip) for row in rows
        ]
        assert ours.batch_decode(rows, skip_special_tokens=skip) == theirs.batch_decode(rows, skip_special_tokens=skip)


def test_whisper_on_random_texts(tmp_path: Path) -> None:
    theirs, ours = _load_both(_whisper_folder(tmp_path, {"language": "de", "task": "transcribe"}))

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40), min_size=1, max_size=4))
    def check(texts: list[str]) -> None:
        _assert_same_encodings(theirs, ours, texts)

    check()


@pytest.mark.parametrize("language", ["klingon", "xx"])
def test_an_unknown_language_is_refused_as_transformers_does(tmp_path: Path, language: str) -> None:
    from subword.transformers import AutoTokenizer

    folder = _whisper_folder(tmp_path, {"language": language})
    with pytest.raises(ValueError, match="Unsupported language") as expected:
        _load_both(folder)
    with pytest.raises(ValueError) as got:
        AutoTokenizer.from_pretrained(folder)
    assert str(got.value) == str(expected.value)


def test_the_language_table_is_whispers() -> None:
    from transformers.models.whisper.tokenization_whisper import TO_LANGUAGE_CODE

    from subword.transformers._whisper_languages import LANGUAGE_CODES, TO_LANGUAGE_CODE as ours

    assert ours == TO_LANGUAGE_CODE
    assert LANGUAGE_CODES == tuple(LANGUAGES)


def test_whisper_from_the_tokenizer_json_transformers_saves(tmp_path: Path) -> None:
    theirs, _ = _load_both(_whisper_folder(tmp_path, {"language": "fr", "task": "transcribe"}))
    saved = tmp_path / "saved"
    theirs.save_pretrained(str(saved))
    theirs, ours = _load_both(saved)
    _assert_same_attributes(theirs, ours)
    _assert_same_encodings(theirs, ours, _texts()[:40])
    _assert_same_decodings(theirs, ours)
