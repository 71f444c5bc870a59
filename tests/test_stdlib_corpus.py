"""The default training corpus is read from the stdlib's source files: nothing is imported or run.

A `csv.py` or `tabnanny.py` in the working folder used to run when `subword train` gathered the
stdlib docstrings by importing every module; now the same files are parsed with `ast`, from the
interpreter's own library folder only, and the corpus is the same from any folder.
"""

from __future__ import annotations

import ast
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from subword.cli.stdlib_corpus import _is_skipped, docstrings, stdlib_dir, stdlib_sources
from tests.shared_data import REPO_ROOT

# End to end (subprocesses, clusters, a browser): left out of the quick tier (-m 'not slow').
pytestmark = pytest.mark.slow

PLANTED = ["csv", "tabnanny", "smtplib", "this", "antigravity", "webbrowser"]  # none imported at start-up
DIGEST = (
    "import hashlib, sys; from subword.cli.stdlib_corpus import docstrings; "
    "print(hashlib.sha256('\\x00'.join(docstrings()).encode()).hexdigest()); "
    "print(sorted(m for m in sys.modules if m in {'csv', 'tabnanny', 'smtplib', 'webbrowser', 'this'}))"
)


def _plant(folder: Path) -> Path:
    """Modules named like stdlib ones that leave a marker file when they run."""
    marker = folder / "ran.txt"
    for name in PLANTED:
        (folder / f"{name}.py").write_text(f"open({str(marker)!r}, 'a').write({name!r} + '\\n')\n", encoding="utf-8")
    return marker


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT), **env}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=300)


def test_train_without_files_runs_no_module_of_the_working_folder(tmp_path: Path) -> None:
    marker = _plant(tmp_path)
    result = _run(["-m", "subword", "train", "--model", "wordlevel", "--vocab-size", "300", "-q", "-o", "out.json"],
                  cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not marker.exists(), f"planted modules ran: {marker.read_text()}"
    assert "stdlib docstrings" in result.stdout and (tmp_path / "out.json").is_file()


def test_the_corpus_is_the_same_from_any_folder_and_imports_nothing(tmp_path: Path) -> None:
    planted = tmp_path / "planted"
    planted.mkdir()
    marker = _plant(planted)
    here = _run(["-c", DIGEST], cwd=REPO_ROOT)
    there = _run(["-c", DIGEST], cwd=planted, PYTHONPATH=f"{planted}{os.pathsep}{REPO_ROOT}")
    assert here.returncode == 0 and there.returncode == 0, here.stderr + there.stderr
    assert here.stdout == there.stdout
    assert here.stdout.splitlines()[1] == "[]"  # docstrings() imported none of those modules
    assert not marker.exists()


def test_the_docstrings_come_from_the_interpreters_library_files() -> None:
    texts = docstrings()
    assert len(texts) > 2000 and len(texts) == len(set(texts)) and all(texts)
    assert texts == docstrings()
    sources = dict(stdlib_sources())
    assert sources["csv"] == stdlib_dir() / "csv.py" and sources["json.decoder"] == stdlib_dir() / "json" / "decoder.py"
    assert all(path.is_relative_to(stdlib_dir()) and "site-packages" not in path.parts for path in sources.values())
    assert not any(_is_skipped(name) for name in sources)
    csv_doc = ast.get_docstring(ast.parse((stdlib_dir() / "csv.py").read_bytes()))
    assert csv_doc in texts
    assert hashlib.sha256(csv_doc.encode()).hexdigest()  # a real text, not the planted one


def test_a_library_folder_with_odd_files_is_read_safely(tmp_path: Path) -> None:
    (tmp_path / "csv.py").write_text('"""Module doc."""\nclass Reader:\n    """A reader."""\n    def read(self):\n'
                                     '        """Read a row."""\n    def _hidden(self):\n        """Hidden."""\n',
                                     encoding="utf-8")
    (tmp_path / "json").mkdir()
    (tmp_path / "json" / "__init__.py").write_text('"""Json doc."""\n', encoding="utf-8")
    (tmp_path / "json" / "broken.py").write_text("def (:\n", encoding="utf-8")  # not Python: skipped
    (tmp_path / "json" / "tests").mkdir()
    (tmp_path / "json" / "tests" / "__init__.py").write_text('"""Test doc."""\n', encoding="utf-8")
    (tmp_path / "not_a_stdlib_name.py").write_text('"""Never read."""\n', encoding="utf-8")
    assert docstrings(tmp_path) == ["Module doc.", "A reader.", "Read a row.", "Json doc."]
