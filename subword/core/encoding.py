"""`Encoding`: the output of the pipeline for one input (a single sequence or a pair).

Besides the per-token lists, an Encoding knows which tokens belong to which input sequence
(`sequence_ranges`, empty for a lone sequence), and keeps the windows that truncation cut off
in `overflowing`. Merging, truncating and padding follow the Rust `tokenizers` rules exactly,
overflowing encodings included.
"""

from __future__ import annotations

import operator
import os
import warnings
from functools import lru_cache
from typing import Any, Callable, Iterable, Literal, Sequence

from .inputs import check_flag
from .lazy_column import LazyColumn, join, made
from ..errors import ArgumentRangeError, ArgumentTypeError, ArgumentValueError, MemoryLimitError, type_name

Offsets = tuple[int, int]
Direction = Literal["left", "right"]

U32_MAX = 2**32 - 1  # ids and type ids are u32 in the Rust package
USIZE_MAX = 2**64 - 1  # lengths are usize
# Bytes a padded position costs: one 8-byte slot in each of the 7 per-token lists.
_BYTES_PER_POSITION = 8 * 7


def expect_count(value: Any, argument: str, maximum: int = USIZE_MAX) -> int:
    """Return `value` if it is an int in 0..maximum (not a bool), else raise naming `argument`:
    an ArgumentTypeError, or an ArgumentRangeError (an OverflowError, as the Rust package raises).

    >>> expect_count(2**32, "pad_id", U32_MAX)
    Traceback (most recent call last):
    ...
    subword.errors.ArgumentRangeError: pad_id must be an int in 0..4294967295 (a u32), got 4294967296
    """
    if not isinstance(value, int) or isinstance(value, bool):
        raise ArgumentTypeError(f"{argument} must be an int >= 0, got {type_name(value)}")
    if not 0 <= value <= maximum:
        kind = "a u32" if maximum == U32_MAX else "a usize"
        raise ArgumentRangeError(f"{argument} must be an int in 0..{maximum} ({kind}), got {value}")
    return value


def check_padding_memory(length: int, sequences: int) -> None:
    """Refuse padding `sequences` encodings to `length` tokens when that needs more memory than
    the machine has (the Rust package aborts the process there); the error names the length."""
    needed = length * sequences * _BYTES_PER_POSITION
    if needed > _physical_memory():
        raise MemoryLimitError(
            f"padding to length {length} needs about {needed / 2**30:.0f} GiB, more than this machine's memory; "
            "lower the padding length"
        )


@lru_cache(maxsize=None)
def _physical_memory() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # no sysconf (Windows): allow up to 2**40 bytes
        return 2**40


def expect_direction(value: Any, argument: str = "direction", message: str | None = None) -> Direction:
    """Return `value` if it is "left" or "right", else raise naming `argument`.

    `message` (formatted with `value`) replaces the ValueError's text where the Rust package's
    own words are known and matched on ("Invalid truncation direction value : {value}").
    """
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{argument} must be 'left' or 'right', got {type_name(value)}")
    if value not in ("left", "right"):
        text = f"{argument} must be 'left' or 'right', got {value!r}" if message is None else message.format(value=value)
        raise ArgumentValueError(text)
    return value  # type: ignore[return-value]


COLUMNS = ("ids", "type_ids", "tokens", "word_ids", "offsets", "special_tokens_mask", "attention_mask")
_OFFSETS = COLUMNS.index("offsets")


def _column(name: str, doc: str) -> property:
    """A per-token field, stored as a tuple (or a LazyColumn, made on first read): read, it is
    a new list (as the Rust package gives one); set, any iterable becomes the new column."""
    private = "_" + name

    def get(self: Encoding) -> list:
        return list(self._made(private))

    def set(self: Encoding, values: Iterable) -> None:
        setattr(self, private, tuple(values))

    return property(get, set, doc=doc)


class Encoding:
    """Ids, tokens, offsets, masks and word/sequence ids of one encoded input.

    The per-token fields are columns kept as tuples, which the garbage collector stops tracking
    once it has seen them: a batch of thousands of Encodings then costs it a few objects each,
    not a list per field it would walk at every full collection. Reading a field gives a list.
    The full path gives tokens, offsets and word ids as LazyColumns: `encode(text).ids` never
    makes them.
    """

    __slots__ = (
        "_ids",
        "_type_ids",
        "_tokens",
        "_word_ids",
        "_offsets",
        "_special_tokens_mask",
        "_attention_mask",
        "_overflowing",
        "sequence_ranges",
    )

    ids = _column("ids", "The token ids.")
    type_ids = _column("type_ids", "The type (segment) id of each token.")
    tokens = _column("tokens", "The token strings.")
    word_ids = _column("word_ids", "The word each token comes from (None for special tokens).")
    offsets = _column("offsets", "The (start, end) chars of the input each token covers.")
    special_tokens_mask = _column("special_tokens_mask", "1 for each special token, 0 for the others.")
    attention_mask = _column("attention_mask", "1 for each real token, 0 for padding.")

    def __init__(
        self,
        ids: Iterable[int] | None = None,
        type_ids: Iterable[int] | None = None,
        tokens: Iterable[str] | None = None,
        word_ids: Iterable[int | None] | None = None,
        offsets: Iterable[Offsets] | None = None,
        special_tokens_mask: Iterable[int] | None = None,
        attention_mask: Iterable[int] | None = None,
        overflowing: Iterable[Encoding] | None = None,
        sequence_ranges: dict[int, tuple[int, int]] | None = None,
    ) -> None:
        self._ids: tuple[int, ...] = tuple(ids) if ids is not None else ()
        defaults = default_columns(len(self._ids))
        self._type_ids: tuple[int, ...] = tuple(type_ids) if type_ids is not None else defaults[0]
        self._tokens: tuple[str, ...] | LazyColumn = tuple(tokens) if tokens is not None else defaults[1]
        self._word_ids: tuple[int | None, ...] | LazyColumn = tuple(word_ids) if word_ids is not None else defaults[2]
        self._offsets: tuple[Offsets, ...] | LazyColumn = tuple(offsets) if offsets is not None else defaults[3]
        self._special_tokens_mask: tuple[int, ...] = tuple(special_tokens_mask) if special_tokens_mask is not None else defaults[4]
        self._attention_mask: tuple[int, ...] = tuple(attention_mask) if attention_mask is not None else defaults[5]
        self._overflowing: tuple[Encoding, ...] = tuple(overflowing) if overflowing is not None else ()
        self.sequence_ranges: dict[int, tuple[int, int]] = sequence_ranges if sequence_ranges is not None else {}

    @classmethod
    def from_columns(
        cls,
        ids: Iterable[int],
        tokens: Iterable[str] | LazyColumn,
        offsets: Iterable[Offsets] | LazyColumn,
        word_ids: Iterable[int | None] | LazyColumn,
        type_id: int,
    ) -> Encoding:
        """Build from the columns of one sequence, as `PreTokenizedString.token_columns` or
        the word cache gives them (LazyColumns are kept as they are)."""
        encoding = cls(ids)
        n = len(encoding._ids)
        encoding._tokens, encoding._offsets, encoding._word_ids = (
            column if column.__class__ is LazyColumn else tuple(column) for column in (tokens, offsets, word_ids)  # type: ignore[misc]
        )
        if type_id:
            encoding._type_ids = (type_id,) * n
        return encoding

    def transform_offsets(self, rule: Callable[[Sequence[str], Sequence[Offsets]], Sequence[Offsets] | None]) -> None:
        """Replace the offsets by `rule(tokens, offsets)` (None: keep them), in place: at once, or
        when they are first read if they are not made yet."""
        tokens, offsets = self._tokens, self._offsets
        if offsets.__class__ is LazyColumn and not offsets.is_made:  # type: ignore[union-attr]

            def make() -> Sequence[Offsets]:
                made_offsets = made(offsets)
                return rule(made(tokens), made_offsets) or made_offsets

            self._offsets = LazyColumn(make, len(offsets))
            return
        new = rule(made(tokens), made(offsets))
        if new is not None:
            self._offsets = tuple(new)

    def _made(self, private: str) -> tuple:
        """The column in slot `private` as a tuple, made (and kept) now if it was lazy."""
        column = getattr(self, private)
        if column.__class__ is LazyColumn:
            column = column.values()
            setattr(self, private, column)
        return column

    @property
    def overflowing(self) -> list[Encoding]:
        """The windows that truncation cut off, each an Encoding."""
        return list(self._overflowing)

    @overflowing.setter
    def overflowing(self, encodings: Iterable[Encoding]) -> None:
        self._overflowing = tuple(encodings)

    @property
    def has_overflowing(self) -> bool:
        """Whether truncation cut off any window (`bool(overflowing)`, without the copy)."""
        return bool(self._overflowing)

    @classmethod
    def from_parts(cls, parts: list[tuple[tuple, ...]], sequence_ranges: dict[int, tuple[int, int]]) -> Encoding:
        """The Encoding of pieces laid end to end, each given as its columns (in `COLUMNS`
        order, as `columns()` gives them)."""
        encoding = cls.__new__(cls)
        encoding._set_columns(joined_columns(parts))
        encoding._overflowing = ()
        encoding.sequence_ranges = sequence_ranges
        return encoding

    def columns(self) -> tuple[tuple, ...]:
        """Every per-token field as stored, in `COLUMNS` order: no copy is made."""
        return (self._ids, self._type_ids, self._tokens, self._word_ids, self._offsets, self._special_tokens_mask, self._attention_mask)

    def _set_columns(self, columns: Iterable[tuple]) -> None:
        (
            self._ids,
            self._type_ids,
            self._tokens,
            self._word_ids,
            self._offsets,
            self._special_tokens_mask,
            self._attention_mask,
        ) = columns

    def has_default_masks(self) -> bool:
        """Whether the special tokens mask and the attention mask are the shared defaults of this
        length (all 0, all 1), as the full path and the ids path build them."""
        defaults = _defaults_made.get(len(self._ids))
        return defaults is not None and self._special_tokens_mask is defaults[4] and self._attention_mask is defaults[5]

    def has_default_columns(self) -> bool:
        """Whether every column after type_ids is the shared default of this length (as the ids
        path builds them): their values then depend on the length alone."""
        defaults = _defaults_made.get(len(self._ids))
        return (
            defaults is not None
            and self._tokens is defaults[1]
            and self._word_ids is defaults[2]
            and self._offsets is defaults[3]
            and self._special_tokens_mask is defaults[4]
            and self._attention_mask is defaults[5]
        )

    def copy(self) -> Encoding:
        """A deep copy (the columns are immutable, so they are shared; overflowing is copied)."""
        copied = self._take(0, len(self._ids))
        copied._overflowing = tuple(o.copy() for o in self._overflowing)
        copied.sequence_ranges = dict(self.sequence_ranges)
        return copied

    def _take(self, start: int, stop: int) -> Encoding:
        """The tokens start..stop as a new Encoding, without overflowing or sequence ranges."""
        taken = Encoding.__new__(Encoding)
        taken._ids = ids = self._ids[start:stop]
        taken._type_ids = self._type_ids[start:stop]
        if self.has_default_columns():
            # the ids path's columns, all defaults: those of the window's length, not sliced
            (_, taken._tokens, taken._word_ids, taken._offsets, taken._special_tokens_mask, taken._attention_mask) = (
                _defaults_made.get(len(ids)) or default_columns(len(ids))
            )
        else:
            taken._tokens = self._tokens[start:stop]
            taken._word_ids = self._word_ids[start:stop]
            taken._offsets = self._offsets[start:stop]
            taken._special_tokens_mask = self._special_tokens_mask[start:stop]
            taken._attention_mask = self._attention_mask[start:stop]
        taken._overflowing = ()
        taken.sequence_ranges = {}
        return taken

    def __len__(self) -> int:
        return len(self._ids)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Encoding):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in Encoding.__slots__)

    __hash__ = None  # type: ignore[assignment]  # mutable, so not hashable

    def __repr__(self) -> str:
        return f"Encoding(num_tokens={len(self._ids)}, attributes=[ids, type_ids, tokens, offsets, attention_mask, special_tokens_mask, overflowing])"

    def __getstate__(self) -> tuple:
        return tuple(getattr(self, name) for name in Encoding.__slots__)

    def __reduce__(self) -> tuple:
        # Pickled as a call of `_restore`, which sets the slots in one assignment: the worker
        # pool sends Encodings back by the thousand, and __setstate__'s loop was a fifth of it.
        return _restore, self.__getstate__()

    def __setstate__(self, state: tuple) -> None:
        for name, value in zip(Encoding.__slots__, state):
            setattr(self, name, value)

    # -- sequences -----------------------------------------------------------------------------

    @property
    def words(self) -> list[int | None]:
        """Old name of `word_ids`; warns as the Rust package does."""
        warnings.warn(
            "Deprecated in 0.9.4: Encoding.words is deprecated, please use Encoding.word_ids instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        return list(self._made("_word_ids"))

    @property
    def n_sequences(self) -> int:
        """How many input sequences this Encoding holds (1 when no ranges are recorded)."""
        return len(self.sequence_ranges) or 1

    def set_sequence_id(self, sequence_id: int) -> None:
        """Mark every token as belonging to sequence `sequence_id`."""
        self.sequence_ranges[expect_count(sequence_id, "sequence_id")] = (0, len(self._ids))

    def _sequence_range(self, sequence_id: int) -> tuple[int, int]:
        # An unknown sequence id means "the whole encoding", as in the Rust package.
        return self.sequence_ranges.get(sequence_id, (0, len(self._ids)))

    @property
    def sequence_ids(self) -> list[int | None]:
        """For each token, the index of the sequence it belongs to (None for special tokens)."""
        n = len(self._ids)
        sequences: list[int | None] = [None] * n
        for sequence_id in range(self.n_sequences):
            start, end = self._sequence_range(sequence_id)
            for i in range(start, min(end, n)):
                sequences[i] = sequence_id
        return sequences

    # -- lookups -------------------------------------------------------------------------------

    def token_to_sequence(self, token_index: int) -> int | None:
        """The sequence of token `token_index`, or None.

        >>> Encoding(ids=[7, 8], sequence_ranges={0: (0, 1), 1: (1, 2)}).token_to_sequence(1)
        1
        """
        token_index = expect_count(token_index, "token_index")
        if token_index > len(self._ids):
            return None
        if not self.sequence_ranges:
            return 0
        for sequence_id, (start, end) in self.sequence_ranges.items():
            if start <= token_index < end:
                return sequence_id
        return None

    def token_to_chars(self, token_index: int) -> Offsets | None:
        """The offsets of token `token_index`, or None."""
        if self.token_to_sequence(token_index) is None or token_index >= len(self._offsets):
            return None
        return self._made("_offsets")[token_index]

    def token_to_word(self, token_index: int) -> int | None:
        """The word that token `token_index` is part of, or None."""
        if self.token_to_sequence(token_index) is None or token_index >= len(self._word_ids):
            return None
        return self._made("_word_ids")[token_index]

    def word_to_tokens(self, word_index: int, sequence_index: int = 0) -> tuple[int, int] | None:
        """The tokens (start, end + 1) of word `word_index` of the given sequence, or None.

        >>> Encoding(ids=[1, 2, 3], word_ids=[0, 1, 1]).word_to_tokens(1)
        (1, 3)
        """
        word_index = expect_count(word_index, "word_index")
        start, end = self._sequence_range(expect_count(sequence_index, "sequence_index"))
        if start > end or end > len(self._word_ids):
            return None
        word_ids = self._made("_word_ids")
        found: list[int] = []
        for i in range(start, end):
            word = word_ids[i]
            # subtle: the scan stops at the first later word, but words of None never stop it
            if word is not None and word > word_index:
                break
            if word == word_index:
                found.append(i)
        if not found:
            return None
        return found[0], found[-1] + 1

    def word_to_chars(self, word_index: int, sequence_index: int = 0) -> Offsets | None:
        """The offsets (start, end) covered by word `word_index` of the given sequence, or None."""
        tokens = self.word_to_tokens(word_index, sequence_index)
        if tokens is None:
            return None
        start, end = tokens
        offsets = self._made("_offsets")
        return offsets[start][0], offsets[end - 1][1]

    def char_to_token(self, char_pos: int, sequence_index: int = 0) -> int | None:
        """The first token of the given sequence whose offsets contain `char_pos`, or None.

        >>> Encoding(ids=[1, 2], offsets=[(0, 5), (6, 11)]).char_to_token(7)
        1
        """
        char_pos = expect_count(char_pos, "char_pos")
        start, end = self._sequence_range(expect_count(sequence_index, "sequence_index"))
        if start > end or end > len(self._offsets):
            return None
        offsets = self._made("_offsets")
        for i in range(start, end):
            token_start, token_end = offsets[i]
            if token_start <= char_pos < token_end:
                return i
        return None

    def char_to_word(self, char_pos: int, sequence_index: int = 0) -> int | None:
        """The word of the given sequence that contains `char_pos`, or None."""
        token = self.char_to_token(char_pos, sequence_index)
        return None if token is None else self.token_to_word(token)

    # -- merge ---------------------------------------------------------------------------------

    @staticmethod
    def merge(encodings: Iterable[Encoding], growing_offsets: bool = True) -> Encoding:
        """Concatenate `encodings` into a new one (the inputs are left unchanged).

        With `growing_offsets`, each encoding's offsets are shifted past the last offset so far.
        """
        growing_offsets = check_flag(growing_offsets, "growing_offsets")
        merged = Encoding()
        for encoding in encodings:
            merged.merge_with(encoding, growing_offsets)
        return merged

    @staticmethod
    def concat_owned(encodings: list[Encoding]) -> Encoding:
        """`merge(encodings, growing_offsets=False)`, reusing the first encoding: all must be
        distinct objects that nobody else holds."""
        if not encodings:
            return Encoding()
        merged = encodings[0]
        rest = encodings[1:]
        if not rest:
            return merged
        if merged._overflowing or any(encoding._overflowing for encoding in rest):
            for encoding in rest:
                merged.merge_with(encoding, False)
            return merged
        # Without overflowing windows, merging is concatenating each column once.
        length = len(merged._ids)
        for encoding in rest:
            for sequence_id, (start, end) in encoding.sequence_ranges.items():
                merged.sequence_ranges[sequence_id] = (start + length, end + length)
            length += len(encoding._ids)
        merged._set_columns(joined_columns([encoding.columns() for encoding in encodings]))
        return merged

    def merge_with(self, pair: Encoding, growing_offsets: bool) -> None:
        """Append `pair` to this Encoding, in place; `pair` is left unchanged.

        Overflowing windows combine: each of ours with `pair` and with each of its windows,
        then ourselves with each of its windows.
        """
        if not isinstance(pair, Encoding):
            raise ArgumentTypeError(f"can only merge an Encoding, got {type_name(pair)}")
        if pair is self:
            pair = self.copy()
        overflowing = []
        for ours in self._overflowing:
            overflowing.append(_merged(ours, pair, growing_offsets))
            overflowing.extend(_merged(ours, theirs, growing_offsets) for theirs in pair._overflowing)
        overflowing.extend(_merged(self, theirs, growing_offsets) for theirs in pair._overflowing)

        length = len(self._ids)
        for sequence_id, (start, end) in pair.sequence_ranges.items():
            self.sequence_ranges[sequence_id] = (start + length, end + length)
        shift = self._offsets[-1][1] if growing_offsets and self._offsets else 0
        theirs = list(pair.columns())
        if shift:
            theirs[_OFFSETS] = tuple([(start + shift, end + shift) for start, end in theirs[_OFFSETS]])
        self._set_columns([ours + their for ours, their in zip(self.columns(), theirs)])
        self._overflowing = tuple(overflowing)

    # -- truncate and pad ----------------------------------------------------------------------

    def truncate(self, max_length: int, stride: int = 0, direction: Direction = "right") -> None:
        """Keep `max_length` tokens, in place; the rest goes to `overflowing` in windows that
        repeat the last `stride` tokens of the previous one. Previous overflowing is dropped.

        >>> e = Encoding(ids=[1, 2, 3, 4, 5])
        >>> e.truncate(3, stride=1)
        >>> e.ids, [o.ids for o in e.overflowing]
        ([1, 2, 3], [[3, 4, 5]])
        """
        max_length = expect_count(max_length, "max_length")
        stride = expect_count(stride, "stride")
        direction = expect_direction(direction, message="Invalid truncation direction value : {value}")
        n = len(self._ids)
        if max_length >= n:
            return
        if max_length == 0:
            whole = Encoding.__new__(Encoding)
            for name in Encoding.__slots__:
                setattr(whole, name, getattr(self, name))
            empty = Encoding()
            for name in Encoding.__slots__:
                setattr(self, name, getattr(empty, name))
            self._overflowing = (whole,)
            return
        if stride >= max_length:
            raise ArgumentValueError(
                f"stride ({stride}) must be strictly less than max_length ({max_length}); note that "
                "max_length may be shorter than the model's, as it subtracts the special tokens added"
            )
        windows = [self._take(start, stop) for start, stop in _windows(n, max_length, stride, direction)]
        first = windows[0]
        self._set_columns(first.columns())
        self._overflowing = tuple(windows[1:])
        self.sequence_ranges = {}

    def pad(
        self,
        length: int,
        direction: Direction = "right",
        pad_id: int = 0,
        pad_type_id: int = 0,
        pad_token: str = "[PAD]",
    ) -> None:
        """Pad to `length` tokens, in place (overflowing too); longer encodings stay as they are."""
        check_padding_memory(expect_count(length, "length"), 1 + len(self._overflowing))
        Encoding.pad_all([self], length, direction, pad_id, pad_type_id, pad_token)

    @staticmethod
    def pad_all(
        encodings: Iterable[Encoding], length: int, direction: Direction, pad_id: int, pad_type_id: int, pad_token: str
    ) -> None:
        """`pad` every encoding (overflowing too) with the same settings, checked once."""
        length = expect_count(length, "length")
        direction = expect_direction(direction)
        pad_id = expect_count(pad_id, "pad_id", U32_MAX)
        pad_type_id = expect_count(pad_type_id, "pad_type_id", U32_MAX)
        if not isinstance(pad_token, str):
            raise ArgumentTypeError(f"pad_token must be a str, got {type_name(pad_token)}")
        Encoding.pad_all_with(encodings, length, direction == "right", (pad_id, pad_type_id, pad_token))

    @staticmethod
    def pad_all_with(encodings: Iterable[Encoding], length: int, right: bool, pads: tuple[int, int, str]) -> None:
        """`pad_all` with settings already checked (a `PaddingParams`): (pad_id, pad_type_id, pad_token)."""
        for encoding in encodings:
            encoding._pad(length, right, pads)

    def _pad(self, length: int, right: bool, pads: tuple[int, int, str]) -> None:
        for encoding in self._overflowing:
            encoding._pad(length, right, pads)
        missing = length - len(self._ids)
        if missing <= 0:
            return
        filler = padding_filler(missing, pads)
        columns = self.columns()
        key = (id(columns[2]), missing, pads, right)
        kept = _padded_tails.get(key)
        if kept is not None and all(map(operator.is_, kept[0], columns[2:])):
            tail = kept[1]
        else:
            tokens, word_ids, offsets, special_tokens_mask, attention_mask = columns[2:]
            tail = (
                padded(tokens, filler[2], right),
                padded(word_ids, filler[3], right),
                padded(offsets, filler[4], right),
                _padded_shared(special_tokens_mask, filler[5], right),
                _padded_shared(attention_mask, filler[6], right),
            )
            shared = _shared_tails.get(id(columns[2]))
            if shared is not None and all(map(operator.is_, shared, columns[2:])):
                _padded_tails.keep(key, (columns[2:], tail), 5 * (2 * len(self._ids) + missing))
        self._set_columns((padded(columns[0], filler[0], right), _padded_shared(columns[1], filler[1], right), *tail))
        if not right:
            self.sequence_ranges = shifted_ranges(self.sequence_ranges, missing)


def padded(column: tuple, values: tuple, right: bool) -> tuple:
    """`column` with its padding `values` on the `right` (else the left) side."""
    return column + values if right else values + column


def shifted_ranges(ranges: dict[int, tuple[int, int]], missing: int) -> dict[int, tuple[int, int]]:
    """Sequence ranges after `missing` pads on the left."""
    return {sequence_id: (start + missing, end + missing) for sequence_id, (start, end) in ranges.items()}


def _padded_shared(column: tuple, values: tuple, right: bool) -> tuple:
    """`padded`, kept for the next Encoding that holds the same column (type ids and masks,
    one tuple for every Encoding of a length: see `processors/_plan.py`). An entry holds the
    column and the values it was made from, so no id in its key is reused while it is kept."""
    key = (id(column), id(values), right)
    kept = _padded_columns.get(key)
    if kept is None or kept[0] is not column or kept[1] is not values:
        kept = _padded_columns.keep(key, (column, values, padded(column, values, right)), len(column) + len(values))
    return kept[2]


class KeptColumns(dict):
    """A cache of column tuples, emptied whenever keeping one more entry would make it hold more
    than `budget` values in all: it stays a few MB whatever lengths go through it."""

    def __init__(self, budget: int = 1 << 19) -> None:
        super().__init__()
        self.budget = budget
        self.held = 0

    def keep(self, key: Any, value: Any, size: int) -> Any:
        """Keep `value` (columns of `size` values in all) under `key`, and return it."""
        if size > self.budget:
            return value
        if self.held + size > self.budget:
            self.clear()
            self.held = 0
        self[key] = value
        self.held += size
        return value


# Columns after type_ids that many Encodings share (the defaults of a length, a template's
# joins of them), by the id of their first: `share_tail` registers them, and `_pad` keeps
# their padded forms in `_padded_tails`, each with the columns it was made from (so no id is
# reused while it is kept; a hit is checked column by column, by identity).
_shared_tails = KeptColumns()
_padded_tails = KeptColumns()


# (start, end) tuples of sequence ranges, by start << 32 | end (see `shared_span`)
_spans = KeptColumns(4096)


def shared_span(start: int, end: int) -> tuple[int, int]:
    """The tuple (start, end), one object for every Encoding whose `sequence_ranges` hold it.

    The garbage collector stops tracking a tuple of ints once it has seen it, and a dict made of
    untracked values is never tracked: each Encoding of a batch then costs the collector one object,
    not two (its full collections, which walk every tracked object, came twice as often).
    """
    if start < 0 or end >> 32:  # (outside the key's range: a tuple of its own)
        return start, end
    key = start << 32 | end
    span = _spans.get(key)
    return span if span is not None else _spans.keep(key, (start, end), 1)


# Padded type ids and masks, by the ids of the column and of its padding (see `_padded_shared`).
_padded_columns = KeptColumns()


def share_tail(tail: tuple[tuple, ...]) -> tuple[tuple, ...]:
    """Register `tail` (the columns after type_ids) as shared by many Encodings; returns it."""
    return _shared_tails.keep(id(tail[0]), tail, 5 * len(tail[0]))


# The padding columns made so far, by (count, (pad_id, pad_type_id, pad_token)): tuples, shared
# by every encoding padded alike (a tokenizer padding to a fixed length pads every text).
_fillers = KeptColumns()


def padding_filler(missing: int, pads: tuple[int, int, str]) -> tuple[tuple, ...]:
    """The `missing` padding values of each column, in the order of COLUMNS (kept for reuse)."""
    filler = _fillers.get((missing, pads))
    return filler if filler is not None else _filler(missing, pads)


def _filler(missing: int, pads: tuple[int, int, str]) -> tuple[tuple, ...]:
    pad_id, pad_type_id, pad_token = pads
    filler = (
        (pad_id,) * missing,
        (pad_type_id,) * missing,
        (pad_token,) * missing,
        (None,) * missing,
        ((0, 0),) * missing,
        (1,) * missing,
        (0,) * missing,
    )
    return _fillers.keep((missing, pads), filler, 7 * missing)


# The default columns (all but ids) of each length made so far: shared tuples, as the ids path
# builds every Encoding with them; `_take` keeps a window of them without slicing.
_defaults_made = KeptColumns()


def default_columns(n: int) -> tuple[tuple, ...]:
    """The default `n` values of each column after ids, in the order of COLUMNS (shared tuples)."""
    defaults = _defaults_made.get(n)
    if defaults is None:
        defaults = ((0,) * n, *share_tail((("",) * n, (None,) * n, ((0, 0),) * n, (0,) * n, (1,) * n)))
        _defaults_made.keep(n, defaults, 6 * n)
    return defaults


def joined_columns(parts: list[tuple[tuple, ...]]) -> Sequence[Any]:
    """The columns of encodings laid end to end, from each one's `columns()`. (Post-processing
    joins a few parts: tuple concatenation copies each column in one go.)"""
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return [first + second for first, second in zip(*parts)]
    if len(parts) == 3:  # a special token, a sequence, a special token: the usual template
        return [first + second + third for first, second, third in zip(*parts)]
    return [join(column) for column in zip(*parts)]


def _merged(first: Encoding, second: Encoding, growing_offsets: bool) -> Encoding:
    merged = first.copy()
    merged.merge_with(second, growing_offsets)
    return merged


def _windows(n: int, max_length: int, stride: int, direction: Direction) -> list[tuple[int, int]]:
    """The (start, stop) token windows of truncation, kept window first.

    n=5, max_length=3, stride=1: right -> [(0, 3), (2, 5)]; left -> [(2, 5), (0, 3)].
    """
    step = max_length - stride
    windows = []
    if direction == "right":
        for start in range(0, n, step):
            stop = min(start + max_length, n)
            windows.append((start, stop))
            if stop == n:
                break
    else:
        for last in range(n - 1, -1, -step):
            stop = last + 1
            start = max(stop - max_length, 0)
            windows.append((start, stop))
            if start == 0:
                break
    return windows


def _restore(*state: Any) -> Encoding:
    """An Encoding from its slots' values, in `Encoding.__slots__` order (how it is unpickled)."""
    encoding = Encoding.__new__(Encoding)
    (
        encoding._ids,
        encoding._type_ids,
        encoding._tokens,
        encoding._word_ids,
        encoding._offsets,
        encoding._special_tokens_mask,
        encoding._attention_mask,
        encoding._overflowing,
        encoding.sequence_ranges,
    ) = state
    return encoding
