"""The README's `datasets.Dataset.map(batched=True, num_proc=N)` recipe: a second run, in a new
interpreter, finds the first run's cache (same fingerprint), because a subword Tokenizer hashes
the same for two loads of one file and before and after it encodes. Skipped without `datasets`
(a heavy package, not in the test extra).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from subword import Tokenizer
from tests.shared_data import REPO_ROOT, corpus_path, fixture_path

# End to end (subprocesses, clusters, a browser): left out of the quick tier (-m 'not slow').
pytestmark = pytest.mark.slow

datasets = pytest.importorskip("datasets", reason="the recipe is for 🤗 datasets (pip install datasets)")


def readme_recipe() -> str:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```py\n(.*?)```", readme, re.S)  # `py`, not `python`: test_package runs those
    [recipe] = [block for block in blocks if "num_proc=" in block and ".map(" in block]
    return recipe


def test_the_tokenizer_hashes_the_same_across_loads_and_calls() -> None:
    from datasets.fingerprint import Hasher

    path = fixture_path("gpt2/tokenizer.json")
    first, second = Tokenizer.from_file(str(path)), Tokenizer.from_file(str(path))
    before = Hasher.hash(first)
    assert Hasher.hash(second) == before
    first.encode("Hello there"), first.encode_batch_fast(["a b c"] * 100), first.decode([1, 2, 3])
    assert Hasher.hash(first) == before
    first.no_truncation()
    assert Hasher.hash(first) != before, "a changed tokenizer must change the fingerprint"


def test_the_readme_recipe_keeps_its_fingerprint_across_runs(tmp_path: Path) -> None:
    (tmp_path / "tokenizer.json").write_bytes(fixture_path("gpt2/tokenizer.json").read_bytes())
    (tmp_path / "corpus.txt").write_bytes(corpus_path("en_prose.txt").read_bytes()[:100_000])
    script = tmp_path / "recipe.py"
    script.write_text(readme_recipe() + "\nprint('FINGERPRINT', tokenized._fingerprint, len(tokenized))\n", encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "HF_DATASETS_CACHE": str(tmp_path / "cache"),
                   "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}
    outputs = []
    for _ in range(2):
        result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=environment, capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 0, result.stderr[-2000:]
        outputs.append(re.findall(r"FINGERPRINT \w+ \d+", result.stdout))
    assert outputs[0] == outputs[1] and len(outputs[0]) == 1
    caches = [name for name in os.listdir(next((tmp_path / "cache").rglob("*.arrow")).parent) if name.startswith("cache-")]
    assert caches, "the map's results were cached"
