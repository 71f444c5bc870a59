"""The package as a whole: its imports, its public surface, its data files, and the README's promises."""

from __future__ import annotations

import __future__
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import types
from importlib import resources
from pathlib import Path

import pytest

import subword
from tests.shared_data import REPO_ROOT

OPTIONAL_DEPENDENCIES = ["tokenizers", "sentencepiece", "tiktoken", "transformers", "torch", "huggingface_hub", "jinja2",
                         "IPython", "dask", "distributed", "pandas", "pyarrow", "pyspark"]
README = REPO_ROOT / "README.md"
CI_SCRIPT = REPO_ROOT / ".ci" / "run"


def code_blocks(markdown: str, language: str = "") -> list[str]:
    """The fenced code blocks of `markdown` whose info string is `language` ("" for none)."""
    return re.findall(rf"^```{re.escape(language)}\n(.*?)^```$", markdown, flags=re.MULTILINE | re.DOTALL)


def readme_test_command() -> str:
    """The one-line command the README gives for installing the test dependencies and running the suite."""
    commands = [
        line.strip()
        for block in code_blocks(README.read_text(encoding="utf-8"))
        for line in block.splitlines()
        if "-m pytest" in line and "[test]" in line
    ]
    assert len(commands) == 1, f"expected one install-and-test command in README.md, found {commands}"
    return commands[0]


@pytest.mark.parametrize("module", ["subword", "subword.cli.main", "subword.distributed"])
def test_import_loads_no_optional_dependency(module: str) -> None:
    code = f"import sys, {module}; print(' '.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    loaded = {name.split(".")[0] for name in result.stdout.split()}
    assert loaded.isdisjoint(OPTIONAL_DEPENDENCIES), sorted(loaded.intersection(OPTIONAL_DEPENDENCIES))


def test_all_names_exist() -> None:
    missing = [name for name in subword.__all__ if not hasattr(subword, name)]
    assert not missing
    assert len(set(subword.__all__)) == len(subword.__all__)


def test_all_lists_every_public_attribute() -> None:
    unlisted = [
        name
        for name, value in vars(subword).items()
        if not name.startswith("_")
        and not isinstance(value, (types.ModuleType, __future__._Feature))
        and name not in subword.__all__
    ]
    assert not unlisted, f"public names missing from subword.__all__: {unlisted}"


def test_packaged_default_tokenizer_is_a_bert_wordpiece() -> None:
    document = json.loads((resources.files("subword") / "data" / "default_tokenizer.json").read_text(encoding="utf-8"))
    assert document["model"]["type"] == "WordPiece"
    assert len(document["model"]["vocab"]) == 8000
    assert [token["content"] for token in document["added_tokens"]] == ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def test_ci_runs_the_readme_test_command() -> None:
    command = readme_test_command()
    script = [line.strip() for line in CI_SCRIPT.read_text(encoding="utf-8").splitlines()]
    assert any(line == command or line.startswith(command + " ||") for line in script), (
        f".ci/run must run the README's test command {command!r} verbatim"
    )
    assert os.access(CI_SCRIPT, os.X_OK), ".ci/run must be executable"


@pytest.mark.slow
def test_readme_quick_start_trains_then_encodes(tmp_path: Path) -> None:
    """Run the README's main command (after `pip install .`), with its output path moved into
    `tmp_path`, and check the trained tokenizer encodes like the Rust package does with the same file."""
    tokenizers = pytest.importorskip("tokenizers", reason="the Rust package is the reference")
    blocks = code_blocks(README.read_text(encoding="utf-8"))
    command = next(line for block in blocks for line in block.splitlines() if line.startswith("pip install . && subword train"))
    steps = [shlex.split(step) for step in command.split(" && ")[1:]]
    assert [step[:2] for step in steps] == [["subword", "train"], ["subword", "encode"]]
    chosen = steps[0][steps[0].index("-o") + 1]
    assert steps[1][steps[1].index("-t") + 1] == chosen
    assert os.path.isabs(chosen) or chosen.startswith("~"), "the quick start must not write into the working folder"
    output = str(tmp_path / "tokenizer.json")
    outputs = []
    for step in steps:
        args = [output if arg == chosen else arg for arg in step[1:]]
        done = subprocess.run(
            [sys.executable, "-m", "subword", *args], cwd=tmp_path, capture_output=True, text=True, check=True
        )
        outputs.append(done.stdout)
    text = steps[1][-1]
    expected = tokenizers.Tokenizer.from_file(output).encode(text).ids
    printed = [int(row.split()[1]) for row in outputs[1].splitlines()[1:]]
    assert printed == expected


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix" or shutil.which("bash") is None, reason="the examples are bash lines")
def test_readme_shell_examples_run(tmp_path: Path) -> None:
    """Each line of the README's `sh` blocks runs (with `python -m subword` for `subword`) and exits 0, silently."""
    lines = [line for block in code_blocks(README.read_text(encoding="utf-8"), "sh") for line in block.splitlines()]
    assert lines, "README.md has no sh example"
    command = f"{shlex.quote(sys.executable)} -m subword"
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    for line in lines:
        runnable = re.sub(r"(^|\| )subword ", lambda match: f"{match.group(1)}{command} ", line)
        done = subprocess.run(["bash", "-o", "pipefail", "-c", runnable], cwd=tmp_path, capture_output=True,
                              text=True, timeout=120, env=environment)
        assert done.returncode == 0 and done.stderr == "" and done.stdout, (line, done.stderr)


@pytest.mark.slow
def test_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(resources.files("subword") / "data" / "default_tokenizer.json", tmp_path / "tokenizer.json")
    monkeypatch.chdir(tmp_path)
    examples = code_blocks(README.read_text(encoding="utf-8"), "python")
    assert examples, "README.md has no python example"
    for example in examples:
        exec(compile(example, "README.md", "exec"), {})


@pytest.mark.slow
def test_build_includes_the_default_tokenizer(tmp_path: Path) -> None:
    """What a non-editable `pip install .` gets: setuptools' build_py output, from a copy of the source."""
    pytest.importorskip("setuptools", reason="building the package needs setuptools")
    source = tmp_path / "src"
    shutil.copytree(REPO_ROOT / "subword", source / "subword", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO_ROOT / name, source / name)
    build = tmp_path / "build"
    command = [sys.executable, "-c", "import setuptools; setuptools.setup()", "-q", "build_py", "--build-lib", str(build)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=source, timeout=300)
    assert result.returncode == 0, result.stderr
    for name in ("data/default_tokenizer.json", "data/visualizer.css", "__main__.py", "cli/main.py", "text/chars.py", "models/bpe/trainer.py"):
        assert (build / "subword" / name).is_file(), f"subword/{name} is missing from the built package"
