"""`LazyColumn`: a per-token column of an Encoding computed only when it is read.

The full path knows each token's string, offsets and word at once, but building them costs a
tuple per token; `encode(text).ids` never reads them. A LazyColumn holds how to make the values
(`make()`, called at most once) and behaves as the tuple it stands for: truncation slices it,
post-processing and padding join it with other columns, all without making the values. It is a
rope: a tuple of parts (a source, start, stop), each source a plain tuple or a shared `_Source`.
"""

from __future__ import annotations

from functools import partial
from itertools import chain
from typing import Any, Callable, Iterator, Sequence


class _Source:
    """Values made once, on first use, and shared by every slice of them."""

    __slots__ = ("_make", "_values")

    def __init__(self, make: Callable[[], Sequence]) -> None:
        self._make: Callable[[], Sequence] | None = make
        self._values: tuple | None = None

    def values(self) -> tuple:
        values = self._values
        if values is None:
            make = self._make
            if make is None:  # made by another thread in the meantime
                return self._values  # type: ignore[return-value]
            values = self._values = tuple(make())
            self._make = None  # frees what the values were made from
        return values

    @property
    def is_made(self) -> bool:
        """Whether the values are made already."""
        return self._values is not None


_Part = tuple[Any, int, int]  # (a tuple or a _Source, start, stop)


class LazyColumn:
    """The values of a column, made when first read; slicing and `+` keep it lazy."""

    __slots__ = ("_parts", "_length", "_whole")

    def __init__(self, make: Callable[[], Sequence], length: int) -> None:
        """`make()` gives the `length` values (a sequence of exactly that many)."""
        self._whole = _Source(make)  # the column's values
        self._parts: tuple[_Part, ...] = ((self._whole, 0, length),)
        self._length = length

    @classmethod
    def _of_parts(cls, parts: tuple[_Part, ...], length: int) -> LazyColumn:
        column = cls.__new__(cls)
        column._parts, column._length = parts, length
        column._whole = _Source(partial(_joined, parts))
        return column

    def values(self) -> tuple:
        """The values, as a tuple (made now if they were not yet)."""
        return self._whole.values()

    @property
    def is_made(self) -> bool:
        """Whether the values are made already."""
        return self._whole.is_made

    def _rope(self) -> tuple[_Part, ...]:
        if self._whole.is_made:
            return ((self._whole.values(), 0, self._length),)
        return self._parts

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator:
        return iter(self.values())

    def __getitem__(self, key: Any) -> Any:
        if key.__class__ is slice and not self._whole.is_made and key.step in (None, 1):
            start, stop, _ = key.indices(self._length)
            return self._slice(start, max(start, stop))
        return self.values()[key]

    def _slice(self, start: int, stop: int) -> LazyColumn | tuple:
        if start == stop:
            return ()
        parts: list[_Part] = []
        position = 0  # where the current part starts in the column
        for source, first, last in self._rope():
            size = last - first
            begin, end = max(start - position, 0), min(stop - position, size)
            if begin < end:
                parts.append((source, first + begin, first + end))
            position += size
            if position >= stop:
                break
        return LazyColumn._of_parts(tuple(parts), stop - start)

    def __add__(self, other: Any) -> LazyColumn | tuple:
        if not isinstance(other, (tuple, LazyColumn)):
            return NotImplemented
        return join((self, other))

    def __radd__(self, other: Any) -> LazyColumn | tuple:
        if not isinstance(other, tuple):
            return NotImplemented
        return join((other, self))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyColumn):
            return self.values() == other.values()
        return self.values() == other

    __hash__ = None  # type: ignore[assignment]  # compares as its values: not hashable

    def __repr__(self) -> str:
        return f"LazyColumn({self.values()!r})"

    def __reduce__(self) -> tuple:
        return tuple, (self.values(),)  # pickled (and copied) as the tuple it stands for


def _part_values(part: _Part) -> tuple:
    source, start, stop = part
    values = source.values() if source.__class__ is _Source else source
    return values if start == 0 and stop == len(values) else values[start:stop]


def _joined(parts: tuple[_Part, ...]) -> tuple:
    pieces = [_part_values(part) for part in parts]
    return pieces[0] if len(pieces) == 1 else tuple(chain.from_iterable(pieces))


def join(columns: Sequence[tuple | LazyColumn]) -> tuple | LazyColumn:
    """The columns laid end to end: a tuple, or a LazyColumn when any of them is one (nothing
    is made then)."""
    if not any(column.__class__ is LazyColumn for column in columns):
        if len(columns) == 1:
            return columns[0]
        if len(columns) == 2:
            return columns[0] + columns[1]  # type: ignore[operator]
        return tuple(chain.from_iterable(columns))
    parts: list[_Part] = []
    for column in columns:
        if column.__class__ is LazyColumn:
            parts += column._rope()  # type: ignore[union-attr]
        elif column:
            parts.append((column, 0, len(column)))
    return LazyColumn._of_parts(tuple(parts), sum(map(len, columns)))


def made(column: tuple | LazyColumn) -> tuple:
    """The column's values as a tuple."""
    return column.values() if column.__class__ is LazyColumn else column  # type: ignore[union-attr, return-value]
