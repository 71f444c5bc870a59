"""`subword convert IN OUT`, run as a command: written files checked with the reference packages,
refusals checked for their exit code, their message, and that nothing was written."""

from __future__ import annotations

import json

import pytest

from tests.shared_data import corpus_files, corpus_lines, fixture_path
from tests.test_cli import run_cli

# End to end (subprocesses, clusters, a browser): left out of the quick tier (-m 'not slow').
pytestmark = pytest.mark.slow

spm = pytest.importorskip("sentencepiece")
tokenizers = pytest.importorskip("tokenizers")


def texts() -> list[str]:
    return [line for path in corpus_files() for line in corpus_lines(path, 3)] + [" a  b ", "日本語 🤗"]


def test_tokenizer_json_to_model_matches_the_original_model(tmp_path) -> None:
    out = tmp_path / "mistral.model"
    result = run_cli("convert", str(fixture_path("mistral-7b/tokenizer.json")), str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{out}: a sentencepiece .model of 32000 tokens, the same ids as {fixture_path('mistral-7b/tokenizer.json')} on 15 texts\n"
    written = spm.SentencePieceProcessor(model_file=str(out))
    original = spm.SentencePieceProcessor(model_file=str(fixture_path("mistral-7b/tokenizer.model")))
    for text in texts():
        assert written.encode(text) == original.encode(text), text


def test_model_to_tokenizer_json_loads_in_the_rust_package(tmp_path) -> None:
    out = tmp_path / "tokenizer.json"
    model = fixture_path("llama2/tokenizer.model")
    result = run_cli("convert", str(model), str(out))
    assert result.returncode == 0, result.stderr
    rust, sp = tokenizers.Tokenizer.from_file(str(out)), spm.SentencePieceProcessor(model_file=str(model))
    rust.encode_special_tokens = True  # "<unk>" in the text is text to sentencepiece (tokenizer.json has no field for it)
    for text in texts():
        assert rust.encode(text, add_special_tokens=False).ids == sp.encode(text), text


def test_gpt2_to_tiktoken_equals_the_shared_file(tmp_path) -> None:
    out = tmp_path / "gpt2.tiktoken"
    result = run_cli("convert", str(fixture_path("gpt2/tokenizer.json")), str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == fixture_path("gpt2/gpt2.tiktoken").read_bytes()


def test_gpt2_to_vocab_json_and_merges_equal_openais_files(tmp_path) -> None:
    out = tmp_path / "gpt2" / "vocab.json"
    out.parent.mkdir()
    result = run_cli("convert", str(fixture_path("gpt2/tokenizer.json")), str(out))
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text("utf-8")) == json.loads(fixture_path("gpt2/encoder.json").read_text("utf-8"))
    lines = (out.parent / "merges.txt").read_text("utf-8").splitlines()
    merges = [line.split() for line in lines[lines[0].startswith("#version") :]]  # ("# #" is a merge)
    original = [line.split() for line in fixture_path("gpt2/vocab.bpe").read_text("utf-8").split("\n")[1:-1]]
    assert merges == original


def test_a_pipeline_sentencepiece_cannot_express_is_refused(tmp_path) -> None:
    out = tmp_path / "gpt2.model"
    result = run_cli("convert", str(fixture_path("gpt2/tokenizer.json")), str(out))
    assert result.returncode == 2
    assert "sentencepiece cannot express" in result.stderr and "gpt2" in result.stderr
    assert not out.exists()


def test_a_conversion_that_changes_ids_is_refused(tmp_path) -> None:
    # bert-wiki.json has no BERT normalizer; a vocab.txt is read back with BERT's, which splits Chinese chars
    out = tmp_path / "vocab.txt"
    result = run_cli("convert", str(fixture_path("hf-tokenizers-testdata/bert-wiki.json")), str(out))
    assert result.returncode == 2
    assert "would change ids" in result.stderr and "日本語" in result.stderr
    assert not out.exists()


def test_sample_texts_from_a_file(tmp_path) -> None:
    # T5's WhitespaceSplit cuts at U+0085, which its charsmap leaves as it is for sentencepiece
    samples = tmp_path / "samples.txt"
    samples.write_text("a\x85b\n", encoding="utf-8")
    t5 = str(fixture_path("t5/tokenizer.json"))
    assert run_cli("convert", t5, str(tmp_path / "plain.model")).returncode == 0
    refused = run_cli("convert", t5, str(tmp_path / "t5.model"), "--texts", str(samples))
    assert refused.returncode == 2 and "would change ids" in refused.stderr and "\\x85" in refused.stderr
    assert not (tmp_path / "t5.model").exists()


def test_an_unknown_output_kind_is_refused(tmp_path) -> None:
    result = run_cli("convert", str(fixture_path("t5/tokenizer.json")), str(tmp_path / "t5.bin"))
    assert result.returncode == 2 and "OUT must end in vocab.json, .json, .model, .tiktoken, .txt" in result.stderr
