"""`Encoding`: the output of the pipeline for one input (a single sequence or a pair).

Besides the per-token lists, an Encoding knows which tokens belong to which input sequence
(`sequence_ranges`, empty for a lone sequence), and keeps the windows that truncation cut off
in `overflowing`. Merging, truncating and padding follow the Rust `tokenizers` rules exactly,
overflowing encodings included.
"""

from __future__ import annotations

import os
from typing import Any, Iterable, Literal

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


def _physical_memory() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # no sysconf (Windows): allow up to 2**40 bytes
        return 2**40


def expect_direction(value: Any, argument: str = "direction") -> Direction:
    """Return `value` if it is "left" or "right", else raise naming `argument`."""
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{argument} must be 'left' or 'right', got {type_name(value)}")
    if value not in ("left", "right"):
        raise ArgumentValueError(f"{argument} must be 'left' or 'right', got {value!r}")
    return value  # type: ignore[return-value]


_LIST_FIELDS = ("ids", "type_ids", "tokens", "word_ids", "offsets", "special_tokens_mask", "attention_mask")


class Encoding:
    """Ids, tokens, offsets, masks and word/sequence ids of one encoded input."""

    __slots__ = (
        "ids",
        "type_ids",
        "tokens",
        "word_ids",
        "offsets",
        "special_tokens_mask",
        "attention_mask",
        "overflowing",
        "sequence_ranges",
    )

    def __init__(
        self,
        ids: list[int] | None = None,
        type_ids: list[int] | None = None,
        tokens: list[str] | None = None,
        word_ids: list[int | None] | None = None,
        offsets: list[Offsets] | None = None,
        special_tokens_mask: list[int] | None = None,
        attention_mask: list[int] | None = None,
        overflowing: list[Encoding] | None = None,
        sequence_ranges: dict[int, tuple[int, int]] | None = None,
    ) -> None:
        self.ids = ids if ids is not None else []
        n = len(self.ids)
        self.type_ids = type_ids if type_ids is not None else [0] * n
        self.tokens = tokens if tokens is not None else [""] * n
        self.word_ids = word_ids if word_ids is not None else [None] * n
        self.offsets = offsets if offsets is not None else [(0, 0)] * n
        self.special_tokens_mask = special_tokens_mask if special_tokens_mask is not None else [0] * n
        self.attention_mask = attention_mask if attention_mask is not None else [1] * n
        self.overflowing = overflowing if overflowing is not None else []
        self.sequence_ranges = sequence_ranges if sequence_ranges is not None else {}

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, str, Offsets, int | None]], type_id: int) -> Encoding:
        """Build from (id, token, offsets, word id) rows, as `PreTokenizedString.token_rows` gives."""
        columns = list(zip(*rows))
        if not columns:
            return cls()
        ids, tokens, offsets, word_ids = (list(column) for column in columns)
        n = len(ids)
        return cls(ids, [type_id] * n, tokens, word_ids, offsets, [0] * n, [1] * n)

    def copy(self) -> Encoding:
        """A deep copy: new lists, overflowing encodings copied too."""
        return Encoding(
            list(self.ids),
            list(self.type_ids),
            list(self.tokens),
            list(self.word_ids),
            list(self.offsets),
            list(self.special_tokens_mask),
            list(self.attention_mask),
            [o.copy() for o in self.overflowing],
            dict(self.sequence_ranges),
        )

    def _take(self, start: int, stop: int) -> Encoding:
        """The tokens start..stop as a new Encoding, without overflowing or sequence ranges."""
        return Encoding(
            self.ids[start:stop],
            self.type_ids[start:stop],
            self.tokens[start:stop],
            self.word_ids[start:stop],
            self.offsets[start:stop],
            self.special_tokens_mask[start:stop],
            self.attention_mask[start:stop],
        )

    def __len__(self) -> int:
        return len(self.ids)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Encoding):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    __hash__ = None  # type: ignore[assignment]  # mutable, so not hashable

    def __repr__(self) -> str:
        return f"Encoding(num_tokens={len(self.ids)}, attributes=[ids, type_ids, tokens, offsets, attention_mask, special_tokens_mask, overflowing])"

    # -- sequences -----------------------------------------------------------------------------

    @property
    def words(self) -> list[int | None]:
        """Old name of `word_ids`."""
        return self.word_ids

    @property
    def n_sequences(self) -> int:
        """How many input sequences this Encoding holds (1 when no ranges are recorded)."""
        return len(self.sequence_ranges) or 1

    def set_sequence_id(self, sequence_id: int) -> None:
        """Mark every token as belonging to sequence `sequence_id`."""
        self.sequence_ranges[expect_count(sequence_id, "sequence_id")] = (0, len(self.ids))

    def _sequence_range(self, sequence_id: int) -> tuple[int, int]:
        # An unknown sequence id means "the whole encoding", as in the Rust package.
        return self.sequence_ranges.get(sequence_id, (0, len(self.ids)))

    @property
    def sequence_ids(self) -> list[int | None]:
        """For each token, the index of the sequence it belongs to (None for special tokens)."""
        n = len(self.ids)
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
        if token_index > len(self.ids):
            return None
        if not self.sequence_ranges:
            return 0
        for sequence_id, (start, end) in self.sequence_ranges.items():
            if start <= token_index < end:
                return sequence_id
        return None

    def token_to_chars(self, token_index: int) -> Offsets | None:
        """The offsets of token `token_index`, or None."""
        if self.token_to_sequence(token_index) is None or token_index >= len(self.offsets):
            return None
        return self.offsets[token_index]

    def token_to_word(self, token_index: int) -> int | None:
        """The word that token `token_index` is part of, or None."""
        if self.token_to_sequence(token_index) is None or token_index >= len(self.word_ids):
            return None
        return self.word_ids[token_index]

    def word_to_tokens(self, word_index: int, sequence_index: int = 0) -> tuple[int, int] | None:
        """The tokens (start, end + 1) of word `word_index` of the given sequence, or None.

        >>> Encoding(ids=[1, 2, 3], word_ids=[0, 1, 1]).word_to_tokens(1)
        (1, 3)
        """
        word_index = expect_count(word_index, "word_index")
        start, end = self._sequence_range(expect_count(sequence_index, "sequence_index"))
        if start > end or end > len(self.word_ids):
            return None
        found: list[int] = []
        for i in range(start, end):
            word = self.word_ids[i]
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
        return self.offsets[start][0], self.offsets[end - 1][1]

    def char_to_token(self, char_pos: int, sequence_index: int = 0) -> int | None:
        """The first token of the given sequence whose offsets contain `char_pos`, or None.

        >>> Encoding(ids=[1, 2], offsets=[(0, 5), (6, 11)]).char_to_token(7)
        1
        """
        char_pos = expect_count(char_pos, "char_pos")
        start, end = self._sequence_range(expect_count(sequence_index, "sequence_index"))
        if start > end or end > len(self.offsets):
            return None
        for i in range(start, end):
            token_start, token_end = self.offsets[i]
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
        if merged.overflowing or any(encoding.overflowing for encoding in rest):
            for encoding in rest:
                merged.merge_with(encoding, False)
            return merged
        # Without overflowing windows, merging is concatenating each field once.
        length = len(merged.ids)
        for encoding in rest:
            for sequence_id, (start, end) in encoding.sequence_ranges.items():
                merged.sequence_ranges[sequence_id] = (start + length, end + length)
            length += len(encoding.ids)
        for name in _LIST_FIELDS:
            values = getattr(merged, name)
            for encoding in rest:
                values += getattr(encoding, name)
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
        for ours in self.overflowing:
            overflowing.append(_merged(ours, pair, growing_offsets))
            overflowing.extend(_merged(ours, theirs, growing_offsets) for theirs in pair.overflowing)
        overflowing.extend(_merged(self, theirs, growing_offsets) for theirs in pair.overflowing)

        length = len(self.ids)
        for sequence_id, (start, end) in pair.sequence_ranges.items():
            self.sequence_ranges[sequence_id] = (start + length, end + length)
        self.ids.extend(pair.ids)
        self.type_ids.extend(pair.type_ids)
        self.tokens.extend(pair.tokens)
        self.word_ids.extend(pair.word_ids)
        shift = self.offsets[-1][1] if growing_offsets and self.offsets else 0
        if shift:
            self.offsets.extend((start + shift, end + shift) for start, end in pair.offsets)
        else:
            self.offsets.extend(pair.offsets)
        self.special_tokens_mask.extend(pair.special_tokens_mask)
        self.attention_mask.extend(pair.attention_mask)
        self.overflowing = overflowing

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
        direction = expect_direction(direction)
        n = len(self.ids)
        if max_length >= n:
            return
        if max_length == 0:
            whole = Encoding(*(getattr(self, name) for name in self.__slots__))
            for name in self.__slots__:
                setattr(self, name, {} if name == "sequence_ranges" else [])
            self.overflowing.append(whole)
            return
        if stride >= max_length:
            raise ArgumentValueError(
                f"stride ({stride}) must be strictly less than max_length ({max_length}); note that "
                "max_length may be shorter than the model's, as it subtracts the special tokens added"
            )
        windows = [self._take(start, stop) for start, stop in _windows(n, max_length, stride, direction)]
        first = windows[0]
        first.overflowing = windows[1:]
        for name in self.__slots__:
            setattr(self, name, getattr(first, name))

    def pad(
        self,
        length: int,
        direction: Direction = "right",
        pad_id: int = 0,
        pad_type_id: int = 0,
        pad_token: str = "[PAD]",
    ) -> None:
        """Pad to `length` tokens, in place (overflowing too); longer encodings stay as they are."""
        length = expect_count(length, "length")
        direction = expect_direction(direction)
        pad_id = expect_count(pad_id, "pad_id", U32_MAX)
        pad_type_id = expect_count(pad_type_id, "pad_type_id", U32_MAX)
        check_padding_memory(length, 1 + len(self.overflowing))
        if not isinstance(pad_token, str):
            raise ArgumentTypeError(f"pad_token must be a str, got {type_name(pad_token)}")
        self._pad(length, direction, pad_id, pad_type_id, pad_token)

    def _pad(self, length: int, direction: Direction, pad_id: int, pad_type_id: int, pad_token: str) -> None:
        for encoding in self.overflowing:
            encoding._pad(length, direction, pad_id, pad_type_id, pad_token)
        missing = length - len(self.ids)
        if missing <= 0:
            return
        padding = {
            "ids": [pad_id] * missing,
            "type_ids": [pad_type_id] * missing,
            "tokens": [pad_token] * missing,
            "word_ids": [None] * missing,
            "offsets": [(0, 0)] * missing,
            "special_tokens_mask": [1] * missing,
            "attention_mask": [0] * missing,
        }
        if direction == "right":
            for name, values in padding.items():
                getattr(self, name).extend(values)
        else:
            for name, values in padding.items():
                setattr(self, name, values + getattr(self, name))
            self.sequence_ranges = {
                sequence_id: (start + missing, end + missing) for sequence_id, (start, end) in self.sequence_ranges.items()
            }


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
