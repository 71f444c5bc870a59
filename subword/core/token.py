"""`Token`: one token a model produced, as the pipeline passes it on (re-exported by subword.models)."""

from __future__ import annotations

from typing import NamedTuple

Offsets = tuple[int, int]
# A token as a plain (id, value, offsets) tuple: what the pipeline passes along and the models'
# word caches keep (the garbage collector stops tracking tuples of ints and strs).
TokenRow = tuple[int, str, Offsets]


class Token(NamedTuple):
    """One token a model produced: its id, its string, and its offsets inside the word.

    >>> Token(7, "hello", (0, 5)).as_tuple()
    (7, 'hello', (0, 5))
    """

    id: int
    value: str
    offsets: Offsets

    def as_tuple(self) -> tuple[int, str, Offsets]:
        """(id, value, offsets), as `tokenizers.Token.as_tuple` gives them."""
        return (self.id, self.value, self.offsets)
