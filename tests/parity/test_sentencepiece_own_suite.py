"""sentencepiece's own Python tests (`python/test/sentencepiece_test.py`), run against subword.

Set SUBWORD_SENTENCEPIECE_TESTS to that file (its data files, test_model.model, botchan.txt...,
beside it); the test is skipped otherwise. It runs the file under pytest in a subprocess, with
`import sentencepiece` giving `subword.sentencepiece` (tests/parity/_sentencepiece_alias.py),
in a temporary folder (the suite writes pickles to its working folder). The only failures
allowed are KNOWN_FAILURES: tests of 0.2.1's suite that the installed sentencepiece fails too,
which are run against it as well and must fail there with the same message. Any other failure
fails this test, naming it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shared_data import REPO_ROOT

SUITE = os.environ.get("SUBWORD_SENTENCEPIECE_TESTS", "")

DESELECTED: dict[str, str] = {}
# Tests of sentencepiece 0.2.1's suite that sentencepiece 0.2.3 (the reference subword follows)
# fails the same way: 0.2.3 keeps a normalizer's whitespace flags unless they are passed
# (its fix of issue 1334), where 0.2.1 reset them to False.
KNOWN_FAILURES = {
    "test_normalizer": "0.2.3 keeps the model's add_dummy_prefix: '▁KADOKAWAABC', not 'KADOKAWAABC'",
    "test_normalizer_rule": "0.2.3 keeps the rule's add_dummy_prefix: '▁ＡＢＣ', not 'ＡＢＣ'",
}


def _run_suite(suite: Path, workdir: Path, alias: bool = True, only: list[str] | None = None) -> tuple[str, dict[str, tuple[str, str]]]:
    """Run the suite, through the alias unless `alias` is False (then against the installed
    sentencepiece), all of it or the tests named in `only`; (pytest's output, {test name:
    (outcome, message)})."""
    deselect = " and ".join(f"not {name}" for name in DESELECTED) or "not _nothing_deselected_"
    selected = [f"{suite}::TestSentencepieceProcessor::{name}" for name in only] if only else [str(suite)]
    command = [sys.executable, "-m", "pytest", *selected, "-p", "no:cacheprovider", "-q", "-rA", "-k", deselect]
    if alias:
        command += ["-p", "tests.parity._sentencepiece_alias"]
    # wide lines: the summary keeps each failure's whole message
    environment = {**os.environ, "COLUMNS": "1000", "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(command, cwd=workdir, env=environment, capture_output=True, text=True, timeout=1800)
    outcomes = {
        match.group(2): (match.group(1), match.group(3) or "")
        for match in re.finditer(r"^(PASSED|FAILED|ERROR) \S*::(\w+)(?: - (.*))?$", done.stdout, re.MULTILINE)
    }
    return done.stdout + done.stderr, outcomes


def test_sentencepiece_own_suite_passes_against_subword(tmp_path):
    if not SUITE:
        pytest.skip("set SUBWORD_SENTENCEPIECE_TESTS to sentencepiece's python/test/sentencepiece_test.py")
    suite = Path(SUITE)
    if not suite.is_file():
        pytest.skip(f"SUBWORD_SENTENCEPIECE_TESTS={SUITE} is not a file")
    output, outcomes = _run_suite(suite, tmp_path)
    assert outcomes, f"no test ran:\n{output[-3000:]}"
    failed = sorted(name for name, (outcome, _) in outcomes.items() if outcome != "PASSED")
    unexpected = [name for name in failed if name not in KNOWN_FAILURES]
    passed = sum(outcome == "PASSED" for outcome, _ in outcomes.values())
    print(f"sentencepiece's own suite through subword: {passed} passed, {len(failed)} failed {failed}")
    assert not unexpected, f"failed: {unexpected}\n{output[-6000:]}"


def test_the_known_failures_fail_the_same_way_with_the_installed_sentencepiece(tmp_path):
    if not SUITE or not Path(SUITE).is_file():
        pytest.skip("set SUBWORD_SENTENCEPIECE_TESTS to sentencepiece's python/test/sentencepiece_test.py")
    pytest.importorskip("sentencepiece", reason="the installed sentencepiece is the reference")
    names = sorted(KNOWN_FAILURES)
    reference_output, reference = _run_suite(Path(SUITE), tmp_path, alias=False, only=names)
    ours_output, ours = _run_suite(Path(SUITE), tmp_path, alias=True, only=names)
    for name in names:
        assert reference.get(name, ("",))[0] == "FAILED", f"{name} does not fail with the installed sentencepiece:\n{reference_output[-3000:]}"
        assert ours.get(name) == reference[name], f"{name}: subword {ours.get(name)}, sentencepiece {reference[name]}\n{ours_output[-3000:]}"
