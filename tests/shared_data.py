"""Where ../shared is, how to read it, and how many examples hypothesis runs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SUBWORD_SHARED", REPO_ROOT.parent / "shared"))
FIXTURES = SHARED / "fixtures"
CORPORA = SHARED / "corpora"

settings.register_profile(
    "subword",
    max_examples=int(os.environ.get("SUBWORD_HYPOTHESIS_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("subword")


def fixture_path(relative: str) -> Path:
    """The path of a shared fixture; the calling test is skipped, with the reason, if it is absent."""
    path = FIXTURES / relative
    if not path.exists():
        pytest.skip(f"shared fixture {path} is absent (set SUBWORD_SHARED to the shared/ folder)")
    return path


def corpus_path(relative: str) -> Path:
    """The path of a shared corpus file; skips the calling test if it is absent."""
    path = CORPORA / relative
    if not path.exists():
        pytest.skip(f"shared corpus {path} is absent (set SUBWORD_SHARED to the shared/ folder)")
    return path


def corpus_files() -> list[Path]:
    """Every text file of the shared corpora (both folders), sorted; empty if absent."""
    files = sorted(CORPORA.rglob("*.txt")) + sorted((FIXTURES / "corpora").rglob("*.txt"))
    return [f for f in files if f.is_file()]


def corpus_lines(path: Path, limit: int) -> list[str]:
    """Up to `limit` non-empty lines spread over the whole file (not only its start)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if len(lines) <= limit:
        return lines
    step = len(lines) / limit
    return [lines[int(i * step)] for i in range(limit)]
