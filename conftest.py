"""pytest setup for the whole repository (tests/conftest.py holds the tests' own)."""

# These modules' doctests use the GPT-2 ranks of the shared fixtures: tests/test_tiktoken_api.py
# runs them with those ranks (and skips, naming the file, when it is absent).
collect_ignore = ["subword/tiktoken/core.py"]
