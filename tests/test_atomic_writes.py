"""Every file subword writes is written atomically (subword/core/files.py).

A writer killed at any moment leaves the old file or the new one, byte for byte, and at most its
own temporary, hidden and named `.NAME.RANDOM.tmp` so that no loader picks it up. A write goes
through a symlink to its target, keeps the old file's permission bits, never leaves a temporary
on an error, and its errors name the target. The Rust package writes through symlinks and keeps
permission bits too (it opens the path), and refuses an int path with a TypeError.
"""

from __future__ import annotations

import ast
import errno
import fnmatch
import glob
import json
import os
import random
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import subword
from subword import Tokenizer, models
from subword.cli.main import main as cli_main
from subword.core import files
from subword.core.files import atomic_write_bytes, is_temporary
from subword.errors import ArgumentTypeError
from subword.transformers import AutoTokenizer, PreTrainedTokenizer
from tests.shared_data import REPO_ROOT

# What loaders look for in a folder (subword/transformers/_loading.py and the formats).
LOADER_GLOBS = ["*.json", "*.model", "*.tiktoken", "*.txt", "vocab*", "merges*", "tokenizer*", "special_tokens_map*"]
posix_only = pytest.mark.skipif(os.name != "posix", reason="fork, kill -9, symlinks and modes are POSIX")


def _tokenizer(size: int = 50, extra: str | None = None) -> Tokenizer:
    vocab = {f"tok{i:06d}": i for i in range(size)}
    vocab["[UNK]"] = size
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    if extra:
        tokenizer.add_tokens([extra])
    return tokenizer


def _listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


# -- where and how a write lands -----------------------------------------------------------------


@posix_only
def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "victim.json").write_text("old", encoding="utf-8")
    (tmp_path / "link.json").symlink_to("victim.json")
    (tmp_path / "dangling.json").symlink_to("new-target.json")
    _tokenizer().save(str(tmp_path / "link.json"))
    _tokenizer().save(str(tmp_path / "dangling.json"))
    assert (tmp_path / "link.json").is_symlink() and (tmp_path / "dangling.json").is_symlink()
    assert json.loads((tmp_path / "victim.json").read_text(encoding="utf-8"))["model"]["type"] == "WordLevel"
    assert (tmp_path / "new-target.json").read_text(encoding="utf-8") == _tokenizer().to_str(True)
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    (tmp_path / "rust-victim.json").write_text("old", encoding="utf-8")
    (tmp_path / "rust-link.json").symlink_to("rust-victim.json")
    tokenizers.Tokenizer.from_str(_tokenizer().to_str()).save(str(tmp_path / "rust-link.json"))
    assert (tmp_path / "rust-link.json").is_symlink() and (tmp_path / "rust-victim.json").stat().st_size > 3


@posix_only
def test_a_planted_partial_link_cannot_redirect_subword_train(tmp_path: Path) -> None:
    # The old writer went through the fixed name OUT.partial, so a link there overwrote its target.
    corpus, victim, output = tmp_path / "corpus.txt", tmp_path / "victim.txt", tmp_path / "out.json"
    corpus.write_text("some words to learn from\n" * 50, encoding="utf-8")
    victim.write_text("precious", encoding="utf-8")
    for name in ("out.json.partial", "out.json.tmp", ".out.json.tmp"):
        (tmp_path / name).symlink_to(victim)
    assert cli_main(["train", "--model", "wordlevel", "-q", str(corpus), "-o", str(output)]) == 0
    assert victim.read_text(encoding="utf-8") == "precious"
    assert output.is_file() and not output.is_symlink()
    assert json.loads(output.read_text(encoding="utf-8"))["model"]["type"] == "WordLevel"


@posix_only
def test_permission_bits_are_kept_or_those_of_open(tmp_path: Path) -> None:
    kept = tmp_path / "kept.json"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    _tokenizer().save(str(kept))
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    reference = tmp_path / "reference.txt"
    reference.write_text("", encoding="utf-8")  # what a plain open() gives under this umask
    _tokenizer().save(str(tmp_path / "new.json"))
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == stat.S_IMODE(reference.stat().st_mode)
    private = tmp_path / "private.json"
    private.write_text("old", encoding="utf-8")
    private.chmod(0o600)
    _tokenizer().model.save(str(tmp_path), "x")  # a vocab file, through the same writer
    _tokenizer().save(str(private))
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


@posix_only
def test_a_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    atomic_write_bytes(fifo, b"through the pipe")
    reader.join(10)
    assert received == [b"through the pipe"] and stat.S_ISFIFO(fifo.stat().st_mode)


# -- errors -------------------------------------------------------------------------------------


def test_a_folder_as_target_is_refused_naming_it(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(IsADirectoryError) as raised:
        _tokenizer().save(str(tmp_path / "folder"))
    assert raised.value.filename == str(tmp_path / "folder") and _listing(tmp_path) == ["folder"]
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    with pytest.raises(Exception, match="Is a directory"):
        tokenizers.Tokenizer.from_str(_tokenizer().to_str()).save(str(tmp_path / "folder"))


def test_a_missing_folder_is_an_error_naming_the_target(tmp_path: Path) -> None:
    target = str(tmp_path / "missing" / "tokenizer.json")
    with pytest.raises(FileNotFoundError) as raised:
        _tokenizer().save(target)
    assert raised.value.filename == target and _listing(tmp_path) == []


def test_a_read_only_folder_is_an_error_naming_the_target(tmp_path: Path, monkeypatch) -> None:
    # Simulated: the tests may run as root, for whom no folder is read-only.
    (tmp_path / "tokenizer.json").write_text("old", encoding="utf-8")

    def refuse(path, flags, mode=0o777, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", path)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(PermissionError) as raised:
        _tokenizer().save(tmp_path / "tokenizer.json")
    monkeypatch.undo()
    assert raised.value.filename == str(tmp_path / "tokenizer.json")
    assert _listing(tmp_path) == ["tokenizer.json"] and (tmp_path / "tokenizer.json").read_text() == "old"


def test_a_full_disk_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "tokenizer.json"
    target.write_text("old", encoding="utf-8")
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, descriptor, *args):
            self.file = real_fdopen(descriptor, *args)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data):
            self.file.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", FullDisk)
    with pytest.raises(OSError) as raised:
        _tokenizer().save(target)
    monkeypatch.undo()
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == str(target)
    assert _listing(tmp_path) == ["tokenizer.json"] and target.read_text(encoding="utf-8") == "old"


def test_an_int_path_is_a_type_error_as_in_rust(tmp_path: Path) -> None:
    for path in (0, 3, 1.5, b"tokenizer.json", None):
        with pytest.raises(ArgumentTypeError, match="path must be a str or os.PathLike"):
            _tokenizer().save(path)
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    with pytest.raises(TypeError):
        tokenizers.Tokenizer.from_str(_tokenizer().to_str()).save(3)


def test_the_cli_reports_a_write_error_in_one_line_with_exit_code_2(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("a few words\n" * 20, encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "out.json").symlink_to(tmp_path / "nowhere" / "out.json")
    for output, expected in ((tmp_path / "folder", "it is a folder"), (tmp_path / "out.json", "No such file")):
        result = subprocess.run(
            [sys.executable, "-m", "subword", "train", "--model", "wordlevel", "-q", str(corpus), "-o", str(output)],
            capture_output=True, text=True, cwd=tmp_path, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        )
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1 and expected in result.stderr and str(output) in result.stderr
        assert "Traceback" not in result.stderr
    assert _listing(tmp_path) == ["corpus.txt", "folder", "out.json"]


def test_temporaries_are_hidden_and_match_no_loader_glob(tmp_path: Path) -> None:
    descriptor, temporary = files._create_temporary(str(tmp_path), "tokenizer.json", 0o666)
    os.close(descriptor)
    name = os.path.basename(temporary)
    assert is_temporary(name) and name.startswith(".tokenizer.json.")
    assert not any(fnmatch.fnmatch(name, pattern) for pattern in LOADER_GLOBS)
    assert glob.glob(str(tmp_path / "*")) == []


# -- kill -9 at random moments ---------------------------------------------------------------------


def _kill_trials(kind: str, folder: str, trials: int, seed: int) -> dict:
    """Run in a fresh process: fork a writer that writes version A, B, A, ... of the files in a
    loop, kill it with SIGKILL after a random time, check the files, `trials` times."""
    rng = random.Random(seed)
    root = Path(folder)
    target = root / ("saved" if kind == "save_pretrained" else "target.json")
    versions = [_tokenizer(50_000), _tokenizer(50_000, extra="an-added-token")]
    if kind == "train":
        corpora = [root / "a.txt", root / "b.txt"]
        for index, corpus in enumerate(corpora):
            words = [f"w{rng.randrange(20_000 + index)}" for _ in range(60_000)]
            corpus.write_text(" ".join(words), encoding="utf-8")

    def write(which: int) -> None:
        if kind == "bytes":
            atomic_write_bytes(target, bytes([65 + which]) * 4_000_000)
        elif kind == "save":
            versions[which].save(str(target))
        elif kind == "save_pretrained":
            PreTrainedTokenizer(versions[which]).save_pretrained(target)
        else:
            code = cli_main(["train", "--model", "wordlevel", "-q", "--vocab-size", "30000", str(corpora[which]),
                             "-o", str(target)])
            assert code == 0

    def snapshot() -> dict[str, bytes]:
        paths = sorted(target.iterdir()) if target.is_dir() else [target]
        return {path.name: path.read_bytes() for path in paths if not is_temporary(path.name)}

    expected = []
    started = time.perf_counter()
    for which in (1, 0):  # end with version A in place: the "old" file of the first trial
        write(which)
        expected.append(snapshot())
    period = (time.perf_counter() - started) / 2
    report: dict = {"trials": trials, "bad": [], "strays": [], "most_strays": 0, "period": period}
    for trial in range(trials):
        pid = os.fork()
        if pid == 0:  # the writer: A, B, A, ... until killed
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            which = 1
            while True:
                write(which)
                which = 1 - which
        time.sleep(rng.uniform(0, 1.2 * period))  # any moment of a write cycle
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        found = snapshot()
        for name, data in found.items():
            if data not in (expected[0][name], expected[1][name]):
                report["bad"].append((trial, name, len(data)))
        if set(found) != set(expected[0]):
            report["bad"].append((trial, "files", sorted(found)))
        known = set(expected[0]) | {"a.txt", "b.txt", "saved"}
        strays = [name for name in os.listdir(target if target.is_dir() else root) if name not in known]
        report["strays"] += strays
        report["most_strays"] = max(report["most_strays"], len(strays))
        report["globbed"] = [p for pattern in LOADER_GLOBS for p in glob.glob(str(root / "**" / pattern), recursive=True)
                             if is_temporary(os.path.basename(p))]
        if trial < trials - 1:  # the last trial's temporary stays, for the loader to ignore
            for name in strays:
                os.unlink((target if target.is_dir() else root) / name)
    if kind == "save_pretrained":
        AutoTokenizer.from_pretrained(target)
    elif kind != "bytes":
        Tokenizer.from_file(str(target))
    report["leftover"] = sorted(os.listdir(target if target.is_dir() else root))
    return report


@posix_only
@pytest.mark.slow
@pytest.mark.parametrize("kind", ["bytes", "save", "save_pretrained", "train"])
def test_kill_9_at_random_moments_leaves_the_old_or_the_new_file(kind: str, tmp_path: Path) -> None:
    script = (
        "import json, sys; from tests.test_atomic_writes import _kill_trials; "
        f"print(json.dumps(_kill_trials({kind!r}, sys.argv[1], 50, {random.randrange(10**6)})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, cwd=REPO_ROOT, timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "TOKENIZERS_PARALLELISM": "false"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["bad"] == [], report
    assert report["most_strays"] <= 1, report  # one writer, one file at a time: one temporary at most
    assert all(is_temporary(name) for name in report["strays"]), report["strays"]
    assert report["globbed"] == []


def _writes(tree: ast.AST) -> list[int]:
    """Lines of `open(..., "w"/"a"/"x"/"+")`, `.write_text`, `.write_bytes`, `json.dump` and `os.open` calls."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        modes = [arg.value for arg in node.args[1:2] + [k.value for k in node.keywords if k.arg == "mode"]
                 if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
        if name in ("write_text", "write_bytes", "dump", "fdopen", "mkstemp", "NamedTemporaryFile") or (
            name == "open" and (any(set(mode) & set("wax+") for mode in modes) or isinstance(node.func, ast.Attribute)
                                and getattr(node.func.value, "id", "") == "os")
        ):
            lines.append(node.lineno)
    return lines


def test_every_file_is_written_by_the_one_helper() -> None:
    """Only core/files.py opens a file for writing (checked on the syntax of every module)."""
    offenders = []
    for path in sorted(Path(subword.__file__).parent.rglob("*.py")):
        if path.parent.name == "core" and path.name == "files.py":
            continue
        for line in _writes(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{path.relative_to(REPO_ROOT)}:{line}")
    assert offenders == []
    assert _writes(ast.parse(Path(files.__file__).read_text(encoding="utf-8")))  # the check does see writes
