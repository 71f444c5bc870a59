"""Helpers of the parity tests of transformers' Python tokenizer classes (M2M100, Marian, PLBart, ...)."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, Callable

from subword.transformers import AutoTokenizer
from tests.parity._spm_proto import patched_transformers


def load_both(folder: Path) -> tuple[Any, Any]:
    """(transformers' tokenizer, subword's) of `folder`, transformers' warnings and logs silenced."""
    import transformers  # the tests using this skip without it

    with warnings.catch_warnings(), patched_transformers():
        warnings.simplefilter("ignore")
        transformers.logging.set_verbosity_error()
        theirs = transformers.AutoTokenizer.from_pretrained(str(folder))
    return theirs, AutoTokenizer.from_pretrained(folder)


def same(theirs: Any, ours: Any, step: Callable[[Any], Any]) -> None:
    """`step` gives the same on both (a BatchEncoding compared as a dict)."""
    expected, got = step(theirs), step(ours)
    if hasattr(expected, "keys"):
        expected, got = dict(expected), {key: got[key] for key in got}
    assert got == expected
