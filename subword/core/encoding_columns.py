"""`EncodingColumns`: a batch of Encodings as one set of flat columns, as a worker sends it back.

A worker of the pool (`subword.core.pool`) encodes a chunk of a batch and pickles the result to
the calling process. Pickled one by one, 2,500 Encodings of English lines are some 60,000
objects to rebuild there (a tuple per column, a pair per offset, a dict of sequence ranges),
and the collector walks them while the workers wait on that one process. Packed, the chunk is
a dozen flat values (bytes or an array where the numbers fit), and each Encoding comes back as
an `EncodingView`: its ids at once, its other fields read from the chunk the first time they
are used, so `encode_batch(lines)` followed by `.ids` never builds the offsets.

What it does not do: compress. The values travel as they are.

>>> import pickle
>>> from subword.core.encoding import Encoding
>>> batch = [Encoding([7, 8], tokens=["a", "b"], offsets=[(0, 1), (1, 2)]), Encoding([9])]
>>> views = pickle.loads(pickle.dumps(EncodingColumns(batch))).encodings()
>>> [view.ids for view in views], views[0].offsets, views == batch
([[7, 8], [9]], [(0, 1), (1, 2)], True)
"""

from __future__ import annotations

from array import array
from itertools import accumulate, chain
from operator import attrgetter
from typing import Any, Iterator, Sequence

from .encoding import COLUMNS, Encoding, default_columns, padded, padding_filler, shifted_ranges

_OFFSETS, _TYPE_IDS = COLUMNS.index("offsets"), COLUMNS.index("type_ids")
_COLUMN_OF_SLOT = {"_" + name: index for index, name in enumerate(COLUMNS)}
_SLOTS = frozenset(Encoding.__slots__)  # what a view reads from its chunk: everything

Flat = Sequence[Any]  # bytes, an array of u32 or a tuple: what `tuple(flat[i:j])` reads back


class EncodingColumns:
    """Encodings packed as flat columns: `columns[k]` holds column k (of `COLUMNS`) of every
    Encoding end to end, the columns after type ids None where every Encoding has the shared
    defaults (`Encoding.has_default_columns`, as the ids path gives them); the sequence ranges as
    flat (sequence id, start, stop) triples."""

    __slots__ = ("starts", "columns", "range_starts", "ranges", "overflowing")

    def __init__(self, encodings: list[Encoding]) -> None:
        self.starts: Flat = _compact((0, *accumulate(len(encoding._ids) for encoding in encodings)))
        defaults = all(encoding.has_default_columns() for encoding in encodings)  # (the ids path)
        self.columns: list[Flat | None] = [
            None if defaults and column > _TYPE_IDS else _flat(encodings, column) for column in range(len(COLUMNS))
        ]
        self.range_starts: Flat = _compact((0, *accumulate(3 * len(encoding.sequence_ranges) for encoding in encodings)))
        self.ranges: Flat = _compact(
            tuple(
                value
                for encoding in encodings
                for sequence, (start, stop) in encoding.sequence_ranges.items()
                for value in (sequence, start, stop)
            )
        )
        # Few Encodings have windows cut off: only theirs are sent, by position.
        self.overflowing: dict[int, tuple[Encoding, ...]] = {i: e._overflowing for i, e in enumerate(encodings) if e._overflowing}

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __iter__(self) -> Iterator[Encoding]:
        return iter(self.encodings())

    def encodings(self) -> list[Encoding]:
        """The packed Encodings (new ones at each call), as views that read their other fields
        from this chunk when used. Their ids are read at once: nearly every caller reads them,
        and a field read through a view costs more later (20,000 BERT lines: 28 ms here and
        11 ms to read every `.ids`, against 15 ms and 30 ms with the ids read later)."""
        new = EncodingView.__new__
        ids, starts = self.columns[0], self.starts
        views: list[Encoding] = []
        for index in range(len(self)):
            view = new(EncodingView)
            view._chunk, view._index, view._pending_padding = self, index, None
            view._ids = tuple(ids[starts[index] : starts[index + 1]])  # type: ignore[index]
            views.append(view)
        return views

    def value(self, slot: str, index: int) -> Any:
        """What Encoding `index` holds in `slot` (as `Encoding.__slots__` names it)."""
        if slot == "_overflowing":  # copies: an Encoding's windows are its own to pad or change
            return tuple(window.copy() for window in self.overflowing.get(index, ()))
        if slot == "sequence_ranges":  # a new dict: each Encoding has its own
            triples = self.ranges[self.range_starts[index] : self.range_starts[index + 1]]
            return {triples[i]: (triples[i + 1], triples[i + 2]) for i in range(0, len(triples), 3)}
        column = _COLUMN_OF_SLOT[slot]
        start, stop = self.starts[index], self.starts[index + 1]
        values = self.columns[column]
        if values is None:
            return default_columns(stop - start)[column - 1]
        if column == _OFFSETS:
            flat = iter(values[2 * start : 2 * stop])
            return tuple(zip(flat, flat))
        return tuple(values[start:stop])


class EncodingView(Encoding):
    """An Encoding of an `EncodingColumns` chunk: a field not set yet is read from the chunk on
    first use (padded, if its batch was) and kept, so from the outside a view is an Encoding like
    any other. It keeps the chunk alive while it lives; pickling or copying it gives a plain
    Encoding."""

    __slots__ = ("_chunk", "_index", "_pending_padding")
    _chunk: EncodingColumns
    _index: int
    _pending_padding: tuple[tuple[tuple, ...], bool] | None  # (the padding's filler, on the right?) not yet applied

    def __getattr__(self, name: str) -> Any:
        # Called only for a slot not set yet, or for a name that does not exist.
        if name in _SLOTS:
            value = self._chunk.value(name, self._index)
            if self._pending_padding is not None and name != "_overflowing":  # (padded by pad_fresh)
                filler, right = self._pending_padding
                if name == "sequence_ranges":
                    value = value if right else shifted_ranges(value, len(filler[0]))
                else:
                    value = padded(value, filler[_COLUMN_OF_SLOT[name]], right)
            setattr(self, name, value)
            return value
        raise AttributeError(f"'Encoding' object has no attribute {name!r}")

    @staticmethod
    def pad_fresh(views: list[EncodingView], length: int, right: bool, pads: tuple[int, int, str]) -> None:
        """`Encoding.pad_all_with` for views straight from their chunk (nothing read from it but
        their overflowing windows): the ids and the windows padded now, every other field when
        first read, by the same rule (`Encoding._pad`)."""
        for view in views:
            if view._pending_padding is not None:  # padded before: its fields are read and padded again
                view._pad(length, right, pads)
                continue
            for window in view._overflowing:
                window._pad(length, right, pads)
            missing = length - len(view._ids)
            if missing > 0:
                filler = padding_filler(missing, pads)
                view._pending_padding = (filler, right)
                view._ids = padded(view._ids, filler[0], right)


def _flat(encodings: list[Encoding], column: int) -> Flat:
    """Column `column` of every Encoding end to end."""
    values = map(attrgetter("_" + COLUMNS[column]), encodings)  # tuples, or LazyColumns (iterating one makes it)
    if column == _OFFSETS:
        return _compact(tuple(chain.from_iterable(chain.from_iterable(values))))
    return _compact(tuple(chain.from_iterable(values)))


def _compact(values: tuple) -> Flat:
    """The values as bytes if they are all in 0..255, else as an array of u32 if they fit,
    else as they are (word ids hold None): bytes and arrays pickle as one block of memory."""
    try:
        return bytes(values)
    except (ValueError, TypeError):
        pass
    try:
        return array("I", values)
    except (OverflowError, TypeError):
        return values
