"""The strings a custom Python component edits, lent for the duration of one call.

A custom normalizer's `normalize(normalized)` gets a `NormalizedStringRefMut`, a custom
pre-tokenizer's `pre_tokenize(pretok)` a `PreTokenizedStringRefMut`: each forwards every attribute
to the pipeline's own string while the call runs and raises `BorrowError` afterwards, as the
Rust package's borrowed references do, so a component that keeps one cannot edit a string the
pipeline has moved on from.

>>> from subword.core.normalized_string import NormalizedString
>>> kept = []
>>> with lent(NormalizedStringRefMut, NormalizedString("AB")) as normalized:
...     normalized.lowercase()
...     kept.append(normalized)
>>> kept[0].lowercase()
Traceback (most recent call last):
...
subword.errors.BorrowError: Cannot use a NormalizedStringRefMut outside `normalize`
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator, TypeVar

from ..errors import BorrowError

__all__ = ["NormalizedStringRefMut", "PreTokenizedStringRefMut", "lent"]


class _RefMut:
    """Forwards to `target` until released."""

    __slots__ = ("_target",)
    _method = ""

    def __init__(self, target: Any) -> None:
        object.__setattr__(self, "_target", target)

    def _borrowed(self) -> Any:
        target = object.__getattribute__(self, "_target")
        if target is None:
            raise BorrowError(f"Cannot use a {type(self).__name__} outside `{self._method}`")
        return target

    def __getattr__(self, name: str) -> Any:
        return getattr(self._borrowed(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._borrowed(), name, value)

    def __len__(self) -> int:
        return len(self._borrowed())

    def __getitem__(self, key: Any) -> Any:
        return self._borrowed()[key]

    def __str__(self) -> str:
        return str(self._borrowed())

    def __repr__(self) -> str:
        return repr(self._borrowed())


class NormalizedStringRefMut(_RefMut):
    """The NormalizedString a custom normalizer edits."""

    __slots__ = ()
    _method = "normalize"


class PreTokenizedStringRefMut(_RefMut):
    """The PreTokenizedString a custom pre-tokenizer splits."""

    __slots__ = ()
    _method = "pre_tokenize"


R = TypeVar("R", bound=_RefMut)


@contextmanager
def lent(kind: type[R], target: Any) -> Iterator[R]:
    """`target` behind a `kind` reference that stops working when the block ends."""
    reference = kind(target)
    try:
        yield reference
    finally:
        object.__setattr__(reference, "_target", None)
