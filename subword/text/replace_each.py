"""Literal replacements made in many texts at once, through one joined text.

>>> replace_each(["a .", "b ,", "c"], ((" .", "."), (" ,", ",")))
['a.', 'b,', 'c']
"""

from __future__ import annotations

from typing import Iterable

# Joins the texts: no pattern or replacement holds it, so no match can cross from one text to the
# next, and splitting at it gives the texts back.
_SEPARATOR = "\x00"


def replace_in(text: str, replacements: Iterable[tuple[str, str]]) -> str:
    """`text` with each (old, new) pair replaced in turn, as `str.replace` does."""
    for old, new in replacements:
        text = text.replace(old, new)
    return text


def replace_each(texts: list[str], replacements: tuple[tuple[str, str], ...]) -> list[str]:
    """`replace_in(text, replacements)` of each text: one pass over them all when the separator
    is free (in no text, no pattern and no replacement), else text by text."""
    if len(texts) < 8 or any(_SEPARATOR in old or _SEPARATOR in new for old, new in replacements):
        return [replace_in(text, replacements) for text in texts]
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != len(texts) - 1:  # a text holds the separator
        return [replace_in(text, replacements) for text in texts]
    return replace_in(joined, replacements).split(_SEPARATOR)
