"""`NormalizedString`: a string being normalized, with the alignment of every char to the original.

Every edit follows the rules of one primitive, `transform_range`, which receives the new chars
with a `change` each (0: replaces the char at that place, 1: a new char, -n: replaces and then
removes the n next chars). Offsets computed from the alignments are therefore right by
construction. Two common shapes of edit have a quicker form with the same result: replacing each
char by a string of its own (`translate`, `map_chars`: every new char takes the alignment of the
char it replaces) and keeping a range of chars (`strip`).

Offsets are in characters (Python str indices), as the `tokenizers` Python package reports them.
Each normalized char maps to the (start, end) range of the original chars it came from, relative
to `original`; `original_shift` says where `original` starts in the text the user passed.

Alignments are stored lazily, since most text is never resized by its normalizers: `_alignments`
is None while char i is still aligned with original char i (lowercasing ASCII keeps that), and
is only built when an edit changes lengths. Stored pairs are relative to `original` once
`_anchor` is subtracted, so that slicing copies a list slice instead of rebasing every pair. A
`translate` that changes lengths (BERT's spaces around CJK chars) leaves a `_Resize` in their
place, built when first read (`_current`): a text whose offsets nobody asks for never pays for them.
"""

from __future__ import annotations

from itertools import chain, repeat
from typing import Any, Callable, Iterable, Literal

from ..text.chars import LOWERCASE, UPPERCASE, CharMap, is_whitespace
from ..text.normalization import Form, changed_segments, is_unchanged_by
from ..errors import ArgumentTypeError, ArgumentValueError, type_name
from ..text.pattern import Pattern, find_matches

Offsets = tuple[int, int]
SplitDelimiterBehavior = Literal["removed", "isolated", "merged_with_previous", "merged_with_next", "contiguous"]
SPLIT_BEHAVIORS = ("removed", "isolated", "merged_with_previous", "merged_with_next", "contiguous")

# Identity alignments up to this length are sliced from one shared list instead of being rebuilt.
_IDENTITY_CACHE_LENGTH = 1 << 16
# `translate` copies the alignments in runs when at most one char in this many, of at most this
# many kinds, changes length (each kind is one `str.find` scan of the text)
_SPARSE_EDITS = 16
_SPARSE_KINDS = 8
_IDENTITY: list[Offsets] = []


def _positions(text: str, char: str) -> list[int]:
    """Every index of `char` in `text`."""
    found = []
    at = text.find(char)
    while at >= 0:
        found.append(at)
        at = text.find(char, at + 1)
    return found


def _identity(length: int) -> list[Offsets]:
    """The alignments of a string no edit has resized: `_identity(2) -> [(0, 1), (1, 2)]`."""
    if length > _IDENTITY_CACHE_LENGTH:
        return [(index, index + 1) for index in range(length)]
    if length > len(_IDENTITY):
        _IDENTITY.extend((index, index + 1) for index in range(len(_IDENTITY), length))
    return _IDENTITY[:length]


class NormalizedString:
    """The original text, its normalized form, and the alignment between the two."""

    __slots__ = ("original", "normalized", "_alignments", "_anchor", "original_shift")

    def __init__(self, sequence: str) -> None:
        self.original = sequence
        self.normalized = sequence
        self._alignments: list[Offsets] | _Resize | None = None
        self._anchor = 0
        self.original_shift = 0

    def __repr__(self) -> str:
        return f'NormalizedString(original="{self.original}", normalized="{self.normalized}")'  # Rust's format

    def __len__(self) -> int:
        return len(self.normalized)

    def __str__(self) -> str:
        return self.normalized

    def __getitem__(self, key: int | tuple[int, int] | slice) -> NormalizedString | None:
        """The part at a char index, a (start, end) pair or a slice of the normalized text, as
        `slice` gives it (None when out of range).

        >>> NormalizedString("Hello there")[6:]
        NormalizedString(original="there", normalized="there")
        """
        # Negative and slice indices count from the UTF-8 length, as the Rust package does.
        byte_length = len(self.normalized.encode("utf-8"))
        if isinstance(key, slice):
            start, end, _ = key.indices(byte_length)
        elif isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, int) for k in key):
            start, end = key
        elif isinstance(key, int) and not isinstance(key, bool):
            if key < -byte_length:
                raise ArgumentValueError(f"{-key} is bigger than max len")
            start = key + byte_length if key < 0 else key
            end = start + 1
        else:
            raise ArgumentTypeError(
                f"a NormalizedString index must be an int, a (start, end) pair or a slice, got {type_name(key)}"
            )
        # The Rust package's char ranges: an empty one must start on a char (or be 0..0); a
        # non-empty one must start on a char, and its end is cut to the length (a reversed
        # pair runs to the end, as its unsigned subtraction wraps).
        length = len(self.normalized)
        if start == end:
            if start >= length and start != 0:
                return None
        elif start >= length:
            return None
        elif end < start or end > length:
            end = length
        return self.slice(start, end)

    def for_each(self, func: Callable[[str], Any]) -> None:
        """Call `func` on each char of the normalized text."""
        for char in self.normalized:
            func(char)

    def is_empty(self) -> bool:
        """True when nothing is left of the normalized text."""
        return not self.normalized

    def offsets_original(self) -> Offsets:
        """Where this (possibly sliced) string's original text lies in the full input."""
        return self.original_shift, self.original_shift + len(self.original)

    @property
    def alignments(self) -> list[Offsets]:
        """The (start, end) range in `original` of each normalized char.

        >>> n = NormalizedString("ab"); n.prepend("_"); n.alignments
        [(0, 1), (0, 1), (1, 2)]
        """
        stored = self._stored()
        if self._anchor:
            anchor = self._anchor
            stored = self.alignments = [(start - anchor, end - anchor) for start, end in stored]
        return stored

    @alignments.setter
    def alignments(self, alignments: list[Offsets]) -> None:
        self._alignments = alignments
        self._anchor = 0

    def _stored(self) -> list[Offsets]:
        """The alignments as stored (`_anchor` not yet subtracted), built if still implicit."""
        alignments = self._current()
        if alignments is None:
            alignments = self._alignments = _identity(len(self.normalized))
        return alignments

    def _current(self) -> list[Offsets] | None:
        """The stored alignments, a pending resize built first; None while still implicit."""
        alignments = self._alignments
        if type(alignments) is _Resize:
            alignments = self._alignments = alignments.build()
        return alignments  # type: ignore[return-value]  # (a list or None now)

    # -- conversions --------------------------------------------------------------------------

    def original_offsets(self, start: int, end: int) -> Offsets | None:
        """Map a normalized range to the original range it comes from (relative to `original`).

        >>> n = NormalizedString("ab"); n.prepend("_"); n.original_offsets(0, 2)
        (0, 1)
        """
        if start == end:
            return start, end
        if start > end or end > len(self.normalized):
            return None
        alignments = self._current()
        if alignments is None:
            return start, end
        return alignments[start][0] - self._anchor, alignments[end - 1][1] - self._anchor

    def slice(self, range: int | tuple[int, int] | slice, end: int | None = None) -> NormalizedString | None:
        """The part of this string between two normalized offsets, keeping original offsets.

        With one argument, a range as `self[range]` takes it (the `tokenizers` signature);
        `slice(start, end)` is the same as `slice((start, end))`.
        """
        if end is None:
            return self[range]
        pieces = self.slices(((range, end),))  # type: ignore[list-item]
        return pieces[0] if pieces else None

    def whole_slice_reads_alike(self) -> bool:
        """Whether the piece `slices` gives of the whole (non-empty) text holds what this one
        holds: the same original text, shift and alignments. A caller may then keep this one."""
        if not self.normalized:
            return False
        alignments = self._alignments
        if alignments is None:
            return len(self.original) == len(self.normalized)
        if type(alignments) is _Resize:
            first, last = alignments.ends()  # (without building it)
        else:
            first, last = alignments[0][0], alignments[-1][1]  # type: ignore[index]
        anchor = self._anchor
        return first == anchor and last - anchor == len(self.original)

    def slices(self, spans: Iterable[Offsets]) -> list[NormalizedString]:
        """`slice` of every (start, end) span, leaving out the spans out of range."""
        original, normalized, shift = self.original, self.normalized, self.original_shift
        alignments, anchor, length = self._current(), self._anchor, len(self.normalized)
        new = NormalizedString.__new__
        pieces = []
        for start, end in spans:
            if start > end or end > length:
                continue
            piece = new(NormalizedString)
            if alignments is None:
                o_start, o_end = start, end
                piece._alignments = None
                piece._anchor = 0
            else:
                # (subtle: an empty range keeps its normalized offsets, as in `original_offsets`)
                o_start, o_end = (alignments[start][0] - anchor, alignments[end - 1][1] - anchor) if start < end else (start, end)
                piece._alignments = alignments[start:end]
                piece._anchor = anchor + o_start
            piece.original = original[o_start:o_end]
            piece.normalized = normalized[start:end]
            piece.original_shift = shift + o_start
            pieces.append(piece)
        return pieces

    def input_offsets(self, span: Offsets) -> Offsets:
        """Where a normalized (start, end) span comes from in the full input: `original_offsets`
        shifted by `original_shift`, or the span itself when it is out of range."""
        start, end = span
        shift = self.original_shift
        if not start < end <= len(self.normalized):
            return (shift + start, shift + end) if start == end else (start, end)
        alignments = self._current()
        if alignments is None:
            return shift + start, shift + end
        base = shift - self._anchor
        return base + alignments[start][0], base + alignments[end - 1][1]

    def input_offsets_of(self, spans: Iterable[Offsets]) -> list[Offsets]:
        """`input_offsets` of each span, in one pass (the full path's offsets of a word's tokens)."""
        shift, length = self.original_shift, len(self.normalized)
        alignments = self._current()
        if alignments is None:
            return [(shift + start, shift + end) if start == end or start < end <= length else (start, end) for start, end in spans]
        base = shift - self._anchor
        return [
            (base + alignments[start][0], base + alignments[end - 1][1])
            if start < end <= length
            else (shift + start, shift + end) if start == end else (start, end)
            for start, end in spans
        ]

    def input_offsets_of_words(self, words: Iterable[tuple[int, Iterable[Offsets]]]) -> list[Offsets]:
        """`input_offsets_of` the spans of each (start, spans within the word) pair, moved to
        where the word starts: the offsets of words' tokens (all spans in range)."""
        if self._current() is None:
            shift = self.original_shift
            return [(shift + start + span_start, shift + start + span_end) for start, spans in words for span_start, span_end in spans]
        return self.input_offsets_of([(start + span_start, start + span_end) for start, spans in words for span_start, span_end in spans])

    # -- the one edit primitive ---------------------------------------------------------------

    def transform_range(self, start: int, end: int, dest: Iterable[tuple[str, int]], initial_offset: int = 0) -> None:
        """Replace normalized[start:end] by the chars of `dest`, updating alignments.

        `dest` yields (char, change); `initial_offset` counts the chars removed before the first.
        """
        changes = dest if isinstance(dest, list) else list(dest)
        text = "".join([char for char, _ in changes])
        self_text = self.normalized
        if not initial_offset and len(changes) == end - start and not any(change for _, change in changes):
            # Each new char takes the place, and so the alignment, of an old one.
            self.normalized = self_text[:start] + text + self_text[end:]
            return
        old = self._stored()
        alignments = self._changed_alignments(old, start + initial_offset, changes)
        self.normalized = self_text[:start] + text + self_text[end:]
        self._alignments = old[:start] + alignments + old[end:]

    def _changed_alignments(self, old: list[Offsets], offset: int, changes: list[tuple[str, int]]) -> list[Offsets]:
        """The alignments of the new chars of `changes`, the first old char being old[offset]."""
        alignments: list[Offsets] = []
        for _, change in changes:
            if change > 0:
                # A new char shares the alignment of the char before it.
                alignments.append(old[offset - 1] if offset >= 1 else (self._anchor, self._anchor))
            else:
                alignments.append(old[offset])
                offset += 1 - change
        return alignments

    def transform_segments(self, segments: Iterable[tuple[int, int, list[tuple[str, int]]]]) -> None:
        """`transform_range(start, end, changes)` for each (start, end, changes), the ranges in
        order and apart, all in one pass (a text changed in a few places, not between them)."""
        old, text = self._stored(), self.normalized
        chars: list[str] = []
        alignments: list[Offsets] = []
        done = 0
        for start, end, changes in segments:
            chars.append(text[done:start])
            chars += [char for char, _ in changes]
            alignments += old[done:start]
            alignments += self._changed_alignments(old, start, changes)
            done = end
        chars.append(text[done:])
        alignments += old[done:]
        self.normalized = "".join(chars)
        self._alignments = alignments

    def transform(self, dest: Iterable[tuple[str, int]], initial_offset: int = 0) -> None:
        """`transform_range` over the whole normalized string."""
        self.transform_range(0, len(self.normalized), dest, initial_offset)

    # -- edits built on transform -------------------------------------------------------------

    def translate(self, table: CharMap, translated: str | None = None) -> None:
        """Replace every char `c` by `table[ord(c)]`, a str of any length ("" removes it).

        Each new char takes the alignment of the char it replaces. For a table that removes
        chars or adds chars, not both (like Rust's filter, map and lowercase), that is
        `transform` with (first new char, 0) then (each other new char, 1) per char, removed
        chars counted in the change of the char kept before them. One `str.translate` when a
        glance proves that every char stays one char, as in most text; otherwise the alignments
        are built when first read (`_Resize`). `translated`, if given, must be
        `table.apply(normalized)`, already computed by the caller.
        """
        text = self.normalized
        if translated is None:
            translated = table.apply(text)
        if not table.surely_keeps_places(text, translated):
            self._alignments = _Resize(self._alignments, text, table)
        self.normalized = translated

    def map_chars(self, func: Callable[[str], str]) -> None:
        """Replace every char by `func(char)`: one or more chars, or "" to remove it (each new
        char takes the alignment of the char it replaces, as in `translate`)."""
        replacements = [func(char) for char in self.normalized]
        text = "".join(replacements)
        if len(text) == len(replacements) and all(replacements):
            self.normalized = text
        else:
            self._replace_chars(text, map(len, replacements))

    def _replace_chars(self, text: str, counts: Iterable[int]) -> None:
        """Make `text` the normalized text, in which old char i became `counts[i]` chars, all
        aligned with it: `counts` (1, 0, 3) turn alignments [a, b, c] into [a, c, c, c]."""
        self._alignments = _repeated(self._stored(), counts)
        self.normalized = text

    def filter(self, func: Callable[[str], bool]) -> None:
        """Remove every char for which `func(char)` is false."""
        self.map_chars(lambda char: char if func(char) else "")

    def map(self, func: Callable[[str], str]) -> None:
        """Replace every char by `func(char)` (one char each)."""
        self.map_chars(func)

    def lowercase(self) -> None:
        """Lowercase char by char (no final-sigma rule, as in Rust's `char::to_lowercase`)."""
        self.translate(LOWERCASE)

    def uppercase(self) -> None:
        """Uppercase char by char, as Rust's `char::to_uppercase`."""
        self.translate(UPPERCASE)

    def prepend(self, s: str) -> None:
        """Add `s` before the first char; it is aligned with that first char."""
        if not self.normalized or not s:
            return
        # The first char becomes `s` + itself: `_replace_chars` with counts (len(s) + 1, 1, 1, ...).
        old = self._stored()
        self._alignments = [old[0]] * (len(s) + 1) + old[1:]
        self.normalized = s + self.normalized

    def append(self, s: str) -> None:
        """Add `s` after the last char; it is aligned with that last char."""
        if not s:
            return
        if not self.normalized:
            self.transform_range(0, 0, [(c, 1) for c in s])
            return
        # The last char becomes itself + `s`: `_replace_chars` with counts (1, ..., 1, len(s) + 1).
        old = self._stored()
        self._alignments = old[:-1] + [old[-1]] * (len(s) + 1)
        self.normalized += s

    def replace(self, pattern: Pattern, content: str) -> None:
        """Replace every match of `pattern` by `content`, aligned with the last char replaced."""
        if isinstance(pattern, str) and len(pattern) == 1 and len(content) == 1:
            # One char for one char: every char keeps its alignment.
            self.normalized = self.normalized.replace(pattern, content)
            return
        pieces = find_matches(pattern, self.normalized)
        if not any(is_match for _, is_match in pieces):
            return
        normalized: list[str] = []
        alignments: list[Offsets] = []
        old = self._stored()
        for (start, end), is_match in pieces:
            if not is_match:
                normalized.append(self.normalized[start:end])
                alignments += old[start:end]
            elif content:
                align = old[end - 1] if end >= 1 else (self._anchor, self._anchor)
                normalized.append(content)
                alignments += [align] * len(content)
        self.normalized = "".join(normalized)
        self._alignments = alignments

    def strip(self) -> None:
        """Remove leading and trailing whitespace."""
        self._lrstrip(True, True)

    def lstrip(self) -> None:
        """Remove leading whitespace."""
        self._lrstrip(True, False)

    def rstrip(self) -> None:
        """Remove trailing whitespace."""
        self._lrstrip(False, True)

    def _lrstrip(self, left: bool, right: bool) -> None:
        text = self.normalized
        leading = 0
        if left:
            while leading < len(text) and is_whitespace(text[leading]):
                leading += 1
        trailing = 0
        if right:
            while trailing < len(text) - leading and is_whitespace(text[len(text) - 1 - trailing]):
                trailing += 1
        if leading or trailing:
            self._keep(leading, len(text) - trailing)

    def _keep(self, start: int, end: int) -> None:
        """Keep normalized[start:end] only: `transform` of those chars, each with change 0
        except the last (-(chars dropped after it)), and `start` chars removed first."""
        self._alignments = self._stored()[start:end]
        self.normalized = self.normalized[start:end]

    def clear(self) -> int:
        """Remove everything; return how many chars were removed."""
        count = len(self.normalized)
        self._keep(count, count)
        return count

    def normalize_unicode(self, form: Form) -> None:
        """Unicode normalization ("NFD", "NFKD", "NFC" or "NFKC"), with alignments."""
        text = self.normalized
        if not is_unchanged_by(form, text):
            self.transform_segments(changed_segments(form, text))

    def nfd(self) -> None:
        """Unicode NFD, with alignments."""
        self.normalize_unicode("NFD")

    def nfkd(self) -> None:
        """Unicode NFKD, with alignments."""
        self.normalize_unicode("NFKD")

    def nfc(self) -> None:
        """Unicode NFC, with alignments."""
        self.normalize_unicode("NFC")

    def nfkc(self) -> None:
        """Unicode NFKC, with alignments."""
        self.normalize_unicode("NFKC")

    # -- splitting ----------------------------------------------------------------------------

    def split(self, pattern: Pattern, behavior: SplitDelimiterBehavior) -> list[NormalizedString]:
        """Split on `pattern`; `behavior` says what becomes of the delimiters.

        With input "the-final--countdown" and pattern "-":
        removed -> the, final, countdown; isolated -> the, -, final, -, -, countdown;
        merged_with_previous -> the-, final-, -, countdown; merged_with_next -> the, -final, -,
        -countdown; contiguous -> the, -, final, --, countdown.
        """
        return self.slices(split_spans(find_matches(pattern, self.normalized), behavior))


def split_spans(pieces: list[tuple[Offsets, bool]], behavior: str) -> list[Offsets]:
    """The spans kept by a split, from `find_matches` pieces and a delimiter behavior."""
    if behavior == "removed":
        return [offsets for offsets, is_match in pieces if not is_match]
    if behavior == "isolated":
        return [offsets for offsets, _ in pieces]
    spans: list[list[int]] = []
    if behavior == "contiguous":
        previous_match = False
        for (start, end), is_match in pieces:
            if is_match == previous_match and spans:
                spans[-1][1] = end
            else:
                spans.append([start, end])
            previous_match = is_match
    elif behavior == "merged_with_previous":
        previous_match = False
        for (start, end), is_match in pieces:
            if is_match and not previous_match and spans:
                spans[-1][1] = end
            else:
                spans.append([start, end])
            previous_match = is_match
    elif behavior == "merged_with_next":
        previous_match = False
        for (start, end), is_match in reversed(pieces):
            if is_match and not previous_match and spans:
                spans[-1][0] = start
            else:
                spans.append([start, end])
            previous_match = is_match
        spans.reverse()
    else:
        raise ArgumentValueError(f"unknown split behavior {behavior!r}; expected one of {', '.join(SPLIT_BEHAVIORS)}")
    return [(start, end) for start, end in spans]


class _Resize:
    """The alignments `NormalizedString.translate` makes, not built yet: those `old` had for
    `text` (None: implicit), each char's copied once per char `table` puts in its place.
    Pickled and copied as what it builds."""

    __slots__ = ("old", "text", "table")

    def __init__(self, old: list[Offsets] | _Resize | None, text: str, table: CharMap) -> None:
        self.old, self.text, self.table = old, text, table

    def __reduce__(self) -> tuple:
        return _built, (self.build(),)

    def build(self) -> list[Offsets] | None:
        """The alignments (None: still implicit, when every char kept its place after all).
        Where the chars that change length are few (of a few kinds), the alignments between
        them are copied in runs, not rebuilt char by char."""
        text, table = self.text, self.table
        # (`translate` made this only when `surely_keeps_places` failed, and it fails for good:
        # the table's flags only ever turn on)
        moved = text.translate(table.irregular)
        old = self._old()
        if not moved:
            return old
        if old is None:
            old = _identity(len(text))
        kinds = set(moved)
        if len(moved) * _SPARSE_EDITS > len(text) or len(kinds) > _SPARSE_KINDS:
            return _repeated(old, map(len, map(table.__getitem__, map(ord, text))))
        new: list[Offsets] = []
        previous = 0
        for position in sorted(chain.from_iterable(_positions(text, char) for char in kinds)):
            new += old[previous:position]
            new += [old[position]] * len(table[ord(text[position])] or "")
            previous = position + 1
        new += old[previous:]
        return new

    def ends(self) -> tuple[int, int]:
        """The start of the first built alignment and the end of the last (some char is left)."""
        text, table = self.text, self.table
        first = next(index for index, char in enumerate(text) if table[ord(char)])
        last = next(index for index in range(len(text) - 1, -1, -1) if table[ord(text[index])])
        old = self._old()
        if old is None:
            return first, last + 1
        return old[first][0], old[last][1]

    def _old(self) -> list[Offsets] | None:
        old = self.old
        if type(old) is _Resize:
            old = self.old = old.build()
        return old  # type: ignore[return-value]


def _built(alignments: list[Offsets] | None) -> list[Offsets] | None:
    return alignments


def _repeated(alignments: list[Offsets], counts: Iterable[int]) -> list[Offsets]:
    """Each alignment `counts[i]` times: (1, 0, 3) turn [a, b, c] into [a, c, c, c]."""
    return list(chain.from_iterable(map(repeat, alignments, counts)))
