"""pytest setup for the whole repository (tests/conftest.py holds the tests' own)."""

# These modules' doctests use the GPT-2 ranks of the shared fixtures: tests/test_tiktoken_api.py
# runs them with those ranks (and skips, naming the file, when it is absent).
collect_ignore = ["subword/tiktoken/core.py"]
# The import-alias plugins of the reference suites (`import tokenizers` gives subword): run only
# as `-p` plugins of a subprocess, never imported by this run's doctest collection.
collect_ignore += ["tests/parity/_sentencepiece_alias.py", "tests/parity/_tokenizers_alias.py"]
