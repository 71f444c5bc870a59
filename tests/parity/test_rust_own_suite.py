"""The Rust package's own Python tests, run against subword through an import alias.

Point `SUBWORD_TOKENIZERS_TESTS` at a checkout's `bindings/python` folder (the suite is the
tokenizers repository's, not ours to copy) to run it: `_tokenizers_alias.py` makes `import
tokenizers` import subword and answers the suite's Hub downloads from the shared fixtures.
Left out, as the issue allows: tests marked `network`, the free-threaded-Python file, the
`multiprocessing_with_parallelism` tests (they assert that a forked child deadlocks, which
subword's workers never do), and the benchmarks of files only the network has (Llama 3, ALBERT;
the async benchmarks load Llama 3).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..shared_data import CORPORA, FIXTURES

SUITE = os.environ.get("SUBWORD_TOKENIZERS_TESTS")
HERE = Path(__file__).resolve().parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SUITE, reason="set SUBWORD_TOKENIZERS_TESTS to a tokenizers checkout's bindings/python folder"),
    pytest.mark.skipif(not FIXTURES.is_dir(), reason=f"shared fixtures not found at {FIXTURES}"),
]

# The benchmarks' data folder, from the shared fixtures.
BENCHMARK_DATA = {
    "big.txt": CORPORA / "en_prose.txt",
    "small.txt": FIXTURES / "hf-tokenizers-testdata" / "small.txt",
    "gpt2-vocab.json": FIXTURES / "gpt2" / "encoder.json",
    "gpt2-merges.txt": FIXTURES / "gpt2" / "vocab.bpe",
    "roberta.json": FIXTURES / "roberta-base" / "tokenizer.json",
}


def test_the_rust_packages_own_tests_pass_against_subword(tmp_path: Path) -> None:
    folder = Path(SUITE or "")
    assert (folder / "tests" / "bindings").is_dir(), f"{folder} is not a tokenizers bindings/python folder"
    for name, source in BENCHMARK_DATA.items():
        shutil.copyfile(source, tmp_path / name)
    ignored = ["tests/test_freethreaded.py"]
    if importlib.util.find_spec("datasets") is None:
        ignored.append("tests/documentation/test_tutorial_train_from_iterators.py")
    benchmarks = ["--benchmark-disable"]  # each benchmark runs once, as a test
    if importlib.util.find_spec("pytest_benchmark") is None:
        ignored.append("tests/test_benchmarks.py")
        benchmarks = []
    command = [
        sys.executable, "-m", "pytest", "-p", "_tokenizers_alias", "tests", "-q", "-p", "no:cacheprovider",
        "--tb=short", "-m", "not network", "-k", "not multiprocessing_with_parallelism and not llama3 and not albert and not TestAsync",
        *benchmarks, *(f"--ignore={path}" for path in ignored),
    ]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
                   "TOKENIZERS_DATA_DIR": str(tmp_path), "HF_HUB_OFFLINE": "1"}
    result = subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True, timeout=900)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-2000:]
    assert result.returncode == 0, f"{summary}\n{result.stdout[-6000:]}"
    assert " passed" in summary and "failed" not in summary and "error" not in summary, summary
