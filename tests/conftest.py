"""pytest setup: loads the hypothesis profile (see shared_data) and checks that the reference
packages imported are the real ones."""

from tests import shared_data  # noqa: F401  (registers and loads the hypothesis profile)

import sys

import pytest

REFERENCES = ("tokenizers", "sentencepiece", "tiktoken", "transformers")


def pytest_collection_finish(session: pytest.Session) -> None:
    """Fail the run if a reference package's name leads to subword: a parity test would then
    compare subword with itself (the suites' import aliases belong in subprocesses only)."""
    for name in REFERENCES:
        module = sys.modules.get(name)
        if module is not None and module.__name__.startswith("subword"):
            raise pytest.UsageError(f"sys.modules[{name!r}] is {module.__name__}: an import alias leaked into this run")
