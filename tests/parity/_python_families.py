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


def all_ids(tokenizer: Any) -> list[int]:
    """The ids of the vocabulary and the added tokens (PLBart's len() counts tokens, BARTpho's
    vocab_size distinct ids: neither is the highest id)."""
    return sorted(set(tokenizer.get_vocab().values()) | set(tokenizer.added_tokens_decoder))


def assert_decodes_alike(theirs: Any, ours: Any, texts: list[str], special_text: str) -> None:
    """`decode` and `batch_decode` with their flags give the same text on rows of `texts`, on every
    id, and on special tokens around and inside a row; `special_text`'s tokens join alike."""
    rows = theirs(texts)["input_ids"]
    rows.append(all_ids(theirs))
    rows.append(theirs.all_special_ids + rows[0] + theirs.all_special_ids[::-1] + theirs.all_special_ids)
    for skip in (False, True):
        same(theirs, ours, lambda t: t.batch_decode(rows, skip_special_tokens=skip))
        same(theirs, ours, lambda t: [t.decode(row, skip_special_tokens=skip) for row in rows])
    for clean_up in (False, True):
        same(theirs, ours, lambda t: t.decode(rows[0], clean_up_tokenization_spaces=clean_up))
    same(theirs, ours, lambda t: t.convert_tokens_to_string(t.tokenize(special_text)))
    same(theirs, ours, lambda t: t.decode(rows[1][0]))


def assert_class_names_load(folder: Path, tokenizer_class: str, text: str, pair: str) -> None:
    """`X.from_pretrained` and `XFast.from_pretrained` (both exported, one class) load `folder` as
    transformers does."""
    import subword.transformers as ours_module

    theirs, _ = load_both(folder)
    for class_name in (tokenizer_class, tokenizer_class + "Fast"):
        cls = getattr(ours_module, class_name)
        assert cls is getattr(ours_module, tokenizer_class) and class_name in ours_module.__all__
        ours = cls.from_pretrained(folder)
        assert type(ours).__name__ == tokenizer_class
        same(theirs, ours, lambda t: (t(text, pair)["input_ids"], t.decode(t(pair)["input_ids"])))
