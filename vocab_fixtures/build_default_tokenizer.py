"""Build subword's shipped default tokenizer: a BERT-style WordPiece trained by subword itself.

The training text is the docstrings of the running Python's standard library, read at run time
from its source files (`subword/cli/stdlib_corpus.py`), so nothing is downloaded and no
third-party text is shipped. subword's WordPiece trainer is deterministic: for a given Python (its docstrings) every run writes
the same file.

Run from the repository root:

    python vocab_fixtures/build_default_tokenizer.py
"""

from __future__ import annotations

import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "subword" / "data" / "default_tokenizer.json"
VOCAB_SIZE = 8000


def main() -> int:
    """Train the default tokenizer with `subword train` and write it into the package."""
    from subword.cli import main as subword_cli

    return subword_cli(["train", "--model", "wordpiece", "--vocab-size", str(VOCAB_SIZE), "-o", str(OUTPUT)])


if __name__ == "__main__":
    sys.exit(main())
