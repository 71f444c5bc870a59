"""`subword train` from the shell: special tokens that cannot swallow the corpus, `-o` naming a
folder, progress bars only on a terminal. Trained files are read back by the Rust package.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shared_data import REPO_ROOT
from tests.test_cli import run_cli

# End to end (subprocesses, clusters, a browser): left out of the quick tier (-m 'not slow').
pytestmark = pytest.mark.slow

CORPUS = "hello world, hello there!\nthe world is wide\n" * 20


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.txt"
    path.write_text(CORPUS, encoding="utf-8")
    return path


def listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_special_tokens_are_one_comma_separated_list(tmp_path: Path, corpus: Path) -> None:
    tokenizers = pytest.importorskip("tokenizers", reason="reads the trained file with the Rust package")
    output = tmp_path / "out.json"
    result = run_cli("train", "-m", "wordlevel", "--special-tokens", "[UNK],<s>", "--special-token", "a,b",
                     str(corpus), "-o", str(output), "--vocab-size", "50", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "from 1 file(s)" in result.stdout  # the corpus, not the stdlib docstrings
    rust = tokenizers.Tokenizer.from_file(str(output))
    assert [rust.id_to_token(id_) for id_ in range(3)] == ["[UNK]", "<s>", "a,b"]
    assert rust.encode("hello wide").tokens == ["hello", "wide"]


def test_the_old_space_separated_form_is_an_error_not_a_silent_default(tmp_path: Path, corpus: Path) -> None:
    result = run_cli("train", "-m", "wordlevel", "--special-tokens", "[UNK]", "</s>", str(corpus), "-o", "out.json",
                     cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "subword train: error: training file '</s>' does not exist "
        "(--special-tokens takes one comma-separated list: --special-tokens '<s>,</s>' corpus.txt)\n"
    )
    assert listing(tmp_path) == ["corpus.txt"]
    result = run_cli("train", "-m", "wordlevel", "--special-tokens", "[UNK],,x", str(corpus), "-o", "out.json",
                     cwd=tmp_path)
    assert result.returncode == 2 and "an empty token in '[UNK],,x'" in result.stderr
    assert result.stderr.startswith("usage: subword train")


def test_output_ending_in_a_slash_is_a_folder(tmp_path: Path, corpus: Path) -> None:
    tokenizers = pytest.importorskip("tokenizers", reason="reads the trained file with the Rust package")
    (tmp_path / "out").mkdir()
    result = run_cli("train", "-m", "wordlevel", str(corpus), "-o", "out/", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("-> out/tokenizer.json")
    assert listing(tmp_path / "out") == ["tokenizer.json"]
    assert tokenizers.Tokenizer.from_file(str(tmp_path / "out" / "tokenizer.json")).encode("hello").tokens == ["hello"]


@pytest.mark.parametrize(
    "output, message",
    [
        ("out", "cannot write 'out': it is a folder; to write its tokenizer.json, pass -o 'out/tokenizer.json' (or a path ending in /)"),
        ("missing/", "cannot write 'missing/tokenizer.json': its folder does not exist"),
        ("missing/t.json", "cannot write 'missing/t.json': its folder does not exist"),
    ],
)
def test_an_output_that_cannot_be_written_is_refused_before_training(
    tmp_path: Path, corpus: Path, output: str, message: str
) -> None:
    (tmp_path / "out").mkdir()
    result = run_cli("train", "-m", "wordlevel", str(corpus), "-o", output, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"subword train: error: {message}\n"
    assert listing(tmp_path) == ["corpus.txt", "out"] and listing(tmp_path / "out") == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_refused_before_training(tmp_path: Path, corpus: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = run_cli("train", "-m", "wordlevel", str(corpus), "-o", str(folder / "t.json"), cwd=tmp_path)
    finally:
        folder.chmod(0o700)
    assert result.returncode == 2 and "Permission denied" in result.stderr


@pytest.mark.parametrize("flags, shown", [([], False), (["--progress"], True), (["--no-progress"], False),
                                          (["-q"], False)])
def test_progress_bars_only_on_a_terminal_or_when_asked(tmp_path: Path, corpus: Path, flags: list[str],
                                                        shown: bool) -> None:
    result = run_cli("train", "-m", "bpe", "--vocab-size", "300", *flags, str(corpus), "-o", "t.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (result.stderr != "") is shown, result.stderr


@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal")
def test_progress_bars_on_a_terminal_by_default(tmp_path: Path, corpus: Path) -> None:
    controller, terminal = os.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "subword", "train", "-m", "bpe", "--vocab-size", "300", str(corpus), "-o", "t.json"],
            stdout=subprocess.PIPE, stderr=terminal, cwd=tmp_path, timeout=120,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        )
        os.set_blocking(controller, False)
        try:
            shown = os.read(controller, 1 << 16)
        except BlockingIOError:
            shown = b""
    finally:
        os.close(controller)
        os.close(terminal)
    assert result.returncode == 0
    assert shown, "no progress bar on a terminal"
    assert json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["model"]["type"] == "BPE"
