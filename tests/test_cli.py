"""The `subword` command line, checked against the Rust package on the same tokenizer files."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from subword.cli.main import main
from tests.shared_data import REPO_ROOT, fixture_path

TEXT = "Tokenizers split text into subwords."
MULTILINGUAL = "Héllo wörld — 日本語のテキスト, Привет мир 🤗  don't stop"


def default_tokenizer_path() -> Path:
    """The packaged default tokenizer.json, as a file path."""
    path = resources.files("subword") / "data" / "default_tokenizer.json"
    assert isinstance(path, Path), "subword is expected to be installed from a folder, not a zip"
    return path


def run_cli(*args: str, stdin: str | None = None, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess:
    """`python -m subword ARGS` in a fresh interpreter (from the repository root), `stdin` piped in
    (none: an empty stdin, never the terminal's), with the Hugging Face Hub offline."""
    return subprocess.run(
        [sys.executable, "-m", "subword", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=120,
        input=stdin if stdin is not None else "",
        # offline: a name that is no path must never wait on the network (the machine may have none)
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "PYTHONIOENCODING": "utf-8", "HF_HUB_OFFLINE": "1"},
    )


def parse_table(output: str) -> list[tuple[int, int, tuple[int, int], str]]:
    """(id, type id, offsets, token) for each row of the table `subword encode` prints."""
    lines = output.splitlines()
    assert lines[0].split() == ["index", "id", "type", "start", "end", "token"]
    rows = []
    for index, line in enumerate(lines[1:]):
        position, id_, type_id, start, end, token = line.split(maxsplit=5)
        assert int(position) == index
        shown = ast.literal_eval(token) if token[0] in "'\"" else token
        rows.append((int(id_), int(type_id), (int(start), int(end)), shown))
    return rows


def expected_rows(path: Path, text: str, pair: str | None = None, add_special_tokens: bool = True) -> list:
    """The same rows as the Rust package encodes them."""
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    encoding = tokenizers.Tokenizer.from_file(str(path)).encode(text, pair, add_special_tokens=add_special_tokens)
    return list(zip(encoding.ids, encoding.type_ids, encoding.offsets, encoding.tokens))


def test_encode_with_packaged_default_matches_rust() -> None:
    result = run_cli("encode", TEXT)
    assert result.returncode == 0, result.stderr
    assert parse_table(result.stdout) == expected_rows(default_tokenizer_path(), TEXT)


def test_encode_with_tokenizer_file_matches_rust() -> None:
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    path = fixture_path("bert-base-uncased/tokenizer.json")
    result = run_cli("encode", "-t", str(path), MULTILINGUAL)
    assert result.returncode == 0, result.stderr
    rows = parse_table(result.stdout)
    assert [row[0] for row in rows] == tokenizers.Tokenizer.from_file(str(path)).encode(MULTILINGUAL).ids
    assert rows == expected_rows(path, MULTILINGUAL)


def test_pair_without_special_tokens_matches_rust(capsys: pytest.CaptureFixture[str]) -> None:
    path = default_tokenizer_path()
    assert main(["encode", "-t", str(path), TEXT, "--pair", MULTILINGUAL, "--no-special-tokens"]) == 0
    assert parse_table(capsys.readouterr().out) == expected_rows(path, TEXT, MULTILINGUAL, add_special_tokens=False)


def test_pair_with_special_tokens_matches_rust(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["encode", TEXT, "--pair", "second text"]) == 0
    assert parse_table(capsys.readouterr().out) == expected_rows(default_tokenizer_path(), TEXT, "second text")


def test_no_padding_and_no_truncation_ignore_the_file_settings(capsys: pytest.CaptureFixture[str]) -> None:
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    path = fixture_path("bert-base-uncased/tokenizer.json")  # pads to 128 and truncates at 128
    long_text = " ".join(["word"] * 200)
    rust = tokenizers.Tokenizer.from_file(str(path))
    rust.no_padding()
    rust.no_truncation()
    for text in (TEXT, long_text):
        assert main(["encode", "-t", str(path), text, "--no-padding", "--no-truncation"]) == 0
        expected = rust.encode(text)
        assert parse_table(capsys.readouterr().out) == list(
            zip(expected.ids, expected.type_ids, expected.offsets, expected.tokens)
        )
    assert main(["encode", "-t", str(path), long_text, "--no-padding"]) == 0
    assert len(parse_table(capsys.readouterr().out)) == len(tokenizers.Tokenizer.from_file(str(path)).encode(long_text).ids)


def test_missing_file_exits_2_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-tokenizer.json"
    result = run_cli("encode", "-t", str(missing), TEXT)
    assert result.returncode == 2
    assert result.stdout == ""
    assert str(missing) in result.stderr and "No such file" in result.stderr


@pytest.mark.parametrize(
    "content, problem",
    [
        ('{"model": ', "not a valid tokenizer file"),
        ('{"version": "1.0", "model": {"type": "NoSuchModel"}}', "NoSuchModel"),
        ("[1, 2, 3]", "not a valid tokenizer file"),
    ],
)
def test_malformed_file_exits_2_naming_the_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, problem: str
) -> None:
    path = tmp_path / "tokenizer.json"
    path.write_text(content, encoding="utf-8")
    assert main(["encode", "-t", str(path), TEXT]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(path) in captured.err and problem in captured.err


def test_directory_instead_of_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["encode", "-t", str(tmp_path), TEXT]) == 2
    assert str(tmp_path) in capsys.readouterr().err


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
    assert "usage:" in capsys.readouterr().err
