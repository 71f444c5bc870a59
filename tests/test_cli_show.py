"""`subword show`: the coloured text and one line per token, checked by hand and against the
Rust package's encoding of the same text."""

from __future__ import annotations

import re

import pytest

from tests.shared_data import fixture_path
from tests.test_cli import run_cli

# End to end (subprocesses, clusters, a browser): left out of the quick tier (-m 'not slow').
pytestmark = pytest.mark.slow

tokenizers = pytest.importorskip("tokenizers", reason="the Rust package gives the reference tokens")

BLUE, YELLOW, RED, RESET = "\x1b[30;48;5;153m", "\x1b[30;48;5;229m", "\x1b[30;48;5;210m", "\x1b[0m"


def rows(output: str) -> list[list[str]]:
    return [line.split() for line in output.splitlines()[1:]]


def test_bert_rows_and_colours() -> None:
    path = str(fixture_path("bert-base-uncased/tokenizer.json"))
    result = run_cli("show", "-t", path, "--color", "always", "Hello tokenizers")
    assert result.returncode == 0, result.stderr
    reference = tokenizers.Tokenizer.from_file(path).encode("Hello tokenizers")
    lines = rows(result.stdout)
    assert [int(row[1]) for row in lines] == reference.ids  # [CLS] hello token ##izer ##s [SEP] + padding
    assert [row[2] for row in lines[:6]] == ["0-0", "0-5", "6-11", "11-15", "15-16", "0-0"]
    assert lines[0][3:] == ["[CLS]", "special"] and lines[5][3:] == ["[SEP]", "special"]
    # token 1 (hello) blue, token 2 (token) yellow, 3 (##izer) blue, 4 (##s) yellow
    assert result.stdout.splitlines()[0] == f"{YELLOW}Hello{RESET} {BLUE}token{RESET}{YELLOW}izer{RESET}{BLUE}s{RESET}"


def test_unknown_and_byte_pieces_are_marked() -> None:
    t5 = run_cli("show", "-t", str(fixture_path("t5/tokenizer.json")), "--color", "always", "a 😀")
    assert t5.returncode == 0, t5.stderr
    # "a" is no piece after "▁" here: "▁" and "a" both cover char 0 (the Rust package agrees)
    assert [row[3:] for row in rows(t5.stdout)] == [["▁"], ["a"], ["▁"], ["😀", "unk"], ["</s>", "special"]]
    assert f"{RED}😀{RESET}" in t5.stdout.splitlines()[0]
    mistral = run_cli("show", "-t", str(fixture_path("mistral-7b/tokenizer.json")), "𓀀")
    marked = [row[3:] for row in rows(mistral.stdout)]
    assert ["<0xF0>", "byte"] in marked and ["<0x93>", "byte"] in marked


def test_no_colour_when_piped_and_usage_errors() -> None:
    result = run_cli("show", "plain text")  # the packaged tokenizer; stdout is a pipe here
    assert result.returncode == 0 and "\x1b[" not in result.stdout
    assert result.stdout.splitlines()[0] == "plain text"
    empty = run_cli("show", "")
    assert empty.returncode == 2 and "the text to show is empty" in empty.stderr


def test_html_page_is_the_rust_visualizers(tmp_path) -> None:
    """`--html FILE` writes the page tokenizers.tools.EncodingVisualizer draws (its own stylesheet aside)."""
    from tokenizers.tools import EncodingVisualizer

    path = str(fixture_path("gpt2/tokenizer.json"))
    text = "Tom & <Jerry> 😀"
    page = tmp_path / "tokens.html"
    result = run_cli("show", "-t", path, text, "--html", str(page))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == text  # the terminal output as without --html
    expected = EncodingVisualizer(tokenizers.Tokenizer.from_file(path), default_to_notebook=False)(text)
    assert without_style(page.read_text(encoding="utf-8")) == without_style(expected)
    missing = run_cli("show", text, "--html", str(tmp_path / "no" / "such" / "folder.html"))
    assert missing.returncode == 2 and "cannot write" in missing.stderr and "folder.html" in missing.stderr


def without_style(page: str) -> str:
    return re.sub(r"<style>.*?</style>", "", page, flags=re.DOTALL)
