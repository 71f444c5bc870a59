"""Command-line arguments that are not UTF-8: a one-line message and exit code 2 for text, a
file name used as it is (file names need not be UTF-8).

Python passes such bytes on as lone surrogates (surrogateescape): `b"\\xff"` becomes "\\udcff".
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shared_data import REPO_ROOT

# End to end (subprocesses, clusters, a browser): left out of the quick tier (-m 'not slow').
pytestmark = pytest.mark.slow

posix_only = pytest.mark.skipif(os.name != "posix", reason="bytes arguments and file names are POSIX")


def _run(*args: bytes | str, cwd: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "subword", *args], capture_output=True, cwd=cwd, env=environment,
                          timeout=120)


@posix_only
@pytest.mark.parametrize(
    "args, named",
    [
        ((b"encode", b"caf\xe9"), "encode: error: argument TEXT is not UTF-8 text (the byte 0xe9 at char 3)"),
        ((b"encode", b"text", b"--pair", b"\xff"), "encode: error: argument --pair is not UTF-8 text (the byte 0xff at char 0)"),
        ((b"encode", b"--jsonl", b"t\xe9xt"), "encode: error: argument --jsonl is not UTF-8 text (the byte 0xe9 at char 1)"),
        ((b"train", b"--model", b"wordlevel", b"-o", b"out.json", b"--special-tokens", b"[UNK],\xfe"),
         "train: error: argument --special-tokens is not UTF-8 text (the byte 0xfe at char 0)"),
    ],
)
def test_text_that_is_not_utf8_is_refused_in_one_line(args: tuple[bytes, ...], named: str, tmp_path: Path) -> None:
    result = _run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == f"subword {named}; pass UTF-8\n"
    assert os.listdir(tmp_path) == []


@posix_only
def test_a_file_name_that_is_not_utf8_is_used_as_it_is(tmp_path: Path) -> None:
    (tmp_path / os.fsdecode(b"c\xf6rpus.txt")).write_text("some words to learn from\n" * 20, encoding="utf-8")
    result = _run(b"train", b"--model", b"wordlevel", b"-q", b"c\xf6rpus.txt", b"-o", b"\xff.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().rstrip().endswith("-> \\xff.json")
    assert (tmp_path / os.fsdecode(b"\xff.json")).is_file()
    result = _run(b"encode", b"-t", b"\xff.json", b"words", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    missing = _run(b"encode", b"-t", b"\xfe.json", b"words", cwd=tmp_path)
    assert missing.returncode == 2 and missing.stderr.count(b"\n") == 1 and b"Traceback" not in missing.stderr
