"""A pytest plugin that runs the Rust package's own Python tests against subword.

From `<tokenizers>/bindings/python`, with this folder on PYTHONPATH,
`python -m pytest -p _tokenizers_alias tests` makes
`import tokenizers` (and its stage modules) import subword, and answers the suite's Hub downloads
(`hf_hub_download` of its test data repo) from the shared fixtures; a file not there skips its
test as needing the network. `test_rust_own_suite.py` drives it.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import pytest

import subword

# Standalone (the suite has its own `tests` package): the shared folder as tests/shared_data.py finds it.
SHARED = Path(os.environ.get("SUBWORD_SHARED", Path(__file__).resolve().parents[3] / "shared"))
FIXTURES, CORPORA = SHARED / "fixtures", SHARED / "corpora"

STAGES = ("models", "normalizers", "pre_tokenizers", "processors", "decoders", "trainers", "implementations", "tools")

# The suite's test data (hf-internal-testing/tokenizers-test-data) found in the shared fixtures.
LOCAL_FILES = {
    "roberta-base-vocab.json": FIXTURES / "roberta-base" / "vocab.json",
    "roberta-base-merges.txt": FIXTURES / "roberta-base" / "merges.txt",
    "bert-base-uncased-vocab.txt": FIXTURES / "bert-base-uncased" / "vocab.txt",
    "openai-gpt-vocab.json": FIXTURES / "openai-gpt" / "vocab.json",
    "openai-gpt-merges.txt": FIXTURES / "openai-gpt" / "merges.txt",
    "small.txt": FIXTURES / "hf-tokenizers-testdata" / "small.txt",
    "big.txt": CORPORA / "en_prose.txt",
    "tokenizer-wiki.json": FIXTURES / "hf-tokenizers-testdata" / "tokenizer-wiki.json",
    "bert-wiki.json": FIXTURES / "hf-tokenizers-testdata" / "bert-wiki.json",
}


def _alias() -> None:
    sys.modules["tokenizers"] = subword
    for stage in STAGES:
        try:
            sys.modules[f"tokenizers.{stage}"] = importlib.import_module(f"subword.{stage}")
        except ImportError:
            pass


def _local_download(repo_id: str = "", filename: str = "", **kwargs: Any) -> str:
    path = LOCAL_FILES.get(filename)
    if path is None or not path.exists():
        pytest.skip(f"needs the network: {repo_id}/{filename}")
    return str(path)


def pytest_configure(config: pytest.Config) -> None:
    _alias()
    import huggingface_hub

    huggingface_hub.hf_hub_download = _local_download
