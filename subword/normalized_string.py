"""`NormalizedString`: a string being normalized, with the alignment of every char to the original.

Every edit goes through one primitive, `transform_range`, which receives the new chars with a
`change` each (0: replaces the char at that place, 1: a new char, -n: replaces and then removes
the n next chars). Offsets computed from the alignments are therefore right by construction.

Offsets are in characters (Python str indices), as the `tokenizers` Python package reports them.
Each normalized char maps to the (start, end) range of the original chars it came from, relative
to `original`; `original_shift` says where `original` starts in the text the user passed.
"""

from __future__ import annotations

from typing import Callable, Iterable, Literal

from .errors import ArgumentValueError
from .pattern import Pattern, find_matches

Offsets = tuple[int, int]
SplitDelimiterBehavior = Literal["removed", "isolated", "merged_with_previous", "merged_with_next", "contiguous"]
SPLIT_BEHAVIORS = ("removed", "isolated", "merged_with_previous", "merged_with_next", "contiguous")


class NormalizedString:
    """The original text, its normalized form, and the alignment between the two."""

    __slots__ = ("original", "normalized", "alignments", "original_shift")

    def __init__(self, sequence: str) -> None:
        self.original = sequence
        self.normalized = sequence
        self.alignments: list[Offsets] = [(i, i + 1) for i in range(len(sequence))]
        self.original_shift = 0

    def __repr__(self) -> str:
        return f"NormalizedString(original={self.original!r}, normalized={self.normalized!r})"

    def __len__(self) -> int:
        return len(self.normalized)

    def is_empty(self) -> bool:
        """True when nothing is left of the normalized text."""
        return not self.normalized

    def offsets_original(self) -> Offsets:
        """Where this (possibly sliced) string's original text lies in the full input."""
        return self.original_shift, self.original_shift + len(self.original)

    # -- conversions --------------------------------------------------------------------------

    def original_offsets(self, start: int, end: int) -> Offsets | None:
        """Map a normalized range to the original range it comes from (relative to `original`).

        >>> n = NormalizedString("ab"); n.prepend("_"); n.original_offsets(0, 2)
        (0, 1)
        """
        if start == end:
            return start, end
        if start > end or end > len(self.alignments):
            return None
        return self.alignments[start][0], self.alignments[end - 1][1]

    def slice(self, start: int, end: int) -> NormalizedString | None:
        """The part of this string between two normalized offsets, keeping original offsets."""
        original_range = self.original_offsets(start, end)
        if original_range is None:
            return None
        o_start, o_end = original_range
        piece = NormalizedString.__new__(NormalizedString)
        piece.original = self.original[o_start:o_end]
        piece.normalized = self.normalized[start:end]
        piece.alignments = [(a - o_start, b - o_start) for a, b in self.alignments[start:end]]
        piece.original_shift = self.original_shift + o_start
        return piece

    # -- the one edit primitive ---------------------------------------------------------------

    def transform_range(self, start: int, end: int, dest: Iterable[tuple[str, int]], initial_offset: int = 0) -> None:
        """Replace normalized[start:end] by the chars of `dest`, updating alignments.

        `dest` yields (char, change); `initial_offset` counts the chars removed before the first.
        """
        old_alignments = self.alignments
        offset = start + initial_offset
        chars: list[str] = []
        alignments: list[Offsets] = []
        for char, change in dest:
            if change > 0:
                # A new char shares the alignment of the char before it.
                alignments.append(old_alignments[offset - 1] if offset >= 1 else (0, 0))
            else:
                alignments.append(old_alignments[offset])
                offset += 1 - change
            chars.append(char)
        self.normalized = self.normalized[:start] + "".join(chars) + self.normalized[end:]
        self.alignments = old_alignments[:start] + alignments + old_alignments[end:]

    def transform(self, dest: Iterable[tuple[str, int]], initial_offset: int = 0) -> None:
        """`transform_range` over the whole normalized string."""
        self.transform_range(0, len(self.normalized), dest, initial_offset)

    # -- edits built on transform -------------------------------------------------------------

    def filter(self, keep: Callable[[str], bool]) -> None:
        """Remove every char for which `keep(char)` is false."""
        transforms: list[tuple[str, int]] = []
        removed = 0
        removed_at_start = 0
        last: str | None = None
        for char in self.normalized:
            if keep(char):
                if last is None:
                    removed_at_start = removed
                else:
                    transforms.append((last, -removed))
                last = char
                removed = 0
            else:
                removed += 1
        if last is None:
            removed_at_start = removed
        else:
            transforms.append((last, -removed))
        self.transform(transforms, removed_at_start)

    def map(self, func: Callable[[str], str]) -> None:
        """Replace every char by `func(char)` (one char each)."""
        self.transform([(func(char), 0) for char in self.normalized])

    def map_chars(self, func: Callable[[str], str]) -> None:
        """Replace every char by the non-empty string `func(char)` (one or more chars)."""
        transforms: list[tuple[str, int]] = []
        for char in self.normalized:
            replacement = func(char)
            transforms.append((replacement[0], 0))
            transforms.extend((extra, 1) for extra in replacement[1:])
        self.transform(transforms)

    def lowercase(self) -> None:
        """Lowercase char by char (no final-sigma rule, as in Rust's `char::to_lowercase`)."""
        from ._chars import to_lowercase

        self.map_chars(to_lowercase)

    def uppercase(self) -> None:
        """Uppercase char by char, as Rust's `char::to_uppercase`."""
        from ._chars import to_uppercase

        self.map_chars(to_uppercase)

    def prepend(self, text: str) -> None:
        """Add `text` before the first char; it is aligned with that first char."""
        if not self.normalized or not text:
            return
        first = self.normalized[0]
        dest = [(c, 0 if i == 0 else 1) for i, c in enumerate(text)]
        dest.append((first, 1))
        self.transform_range(0, 1, dest)

    def append(self, text: str) -> None:
        """Add `text` after the last char; it is aligned with that last char."""
        if not text:
            return
        if not self.normalized:
            self.transform_range(0, 0, [(c, 1) for c in text])
            return
        last = len(self.normalized) - 1
        dest = [(self.normalized[last], 0)] + [(c, 1) for c in text]
        self.transform_range(last, last + 1, dest)

    def replace(self, pattern: Pattern, content: str) -> None:
        """Replace every match of `pattern` by `content`, aligned with the last char replaced."""
        pieces = find_matches(pattern, self.normalized)
        if not any(is_match for _, is_match in pieces):
            return
        normalized: list[str] = []
        alignments: list[Offsets] = []
        old = self.alignments
        for (start, end), is_match in pieces:
            if not is_match:
                normalized.append(self.normalized[start:end])
                alignments.extend(old[start:end])
            elif content:
                align = old[end - 1] if end >= 1 else (0, 0)
                normalized.append(content)
                alignments.extend([align] * len(content))
        self.normalized = "".join(normalized)
        self.alignments = alignments

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
        from ._chars import is_whitespace

        text = self.normalized
        leading = 0
        if left:
            while leading < len(text) and is_whitespace(text[leading]):
                leading += 1
        trailing = 0
        if right:
            while trailing < len(text) - leading and is_whitespace(text[len(text) - 1 - trailing]):
                trailing += 1
        if not leading and not trailing:
            return
        kept = text[leading : len(text) - trailing]
        dest = [(c, 0) for c in kept]
        if dest:
            dest[-1] = (dest[-1][0], -trailing)
        self.transform(dest, leading)

    def clear(self) -> int:
        """Remove everything; return how many chars were removed."""
        count = len(self.normalized)
        self.transform([], count)
        return count

    def nfd(self) -> None:
        """Unicode NFD, with alignments."""
        from ._unicode import normalize_with_changes

        self.transform(normalize_with_changes("NFD", self.normalized))

    def nfkd(self) -> None:
        """Unicode NFKD, with alignments."""
        from ._unicode import normalize_with_changes

        self.transform(normalize_with_changes("NFKD", self.normalized))

    def nfc(self) -> None:
        """Unicode NFC, with alignments."""
        from ._unicode import normalize_with_changes

        self.transform(normalize_with_changes("NFC", self.normalized))

    def nfkc(self) -> None:
        """Unicode NFKC, with alignments."""
        from ._unicode import normalize_with_changes

        self.transform(normalize_with_changes("NFKC", self.normalized))

    # -- splitting ----------------------------------------------------------------------------

    def split(self, pattern: Pattern, behavior: SplitDelimiterBehavior) -> list[NormalizedString]:
        """Split on `pattern`; `behavior` says what becomes of the delimiters.

        With input "the-final--countdown" and pattern "-":
        removed -> the, final, countdown; isolated -> the, -, final, -, -, countdown;
        merged_with_previous -> the-, final-, -, countdown; merged_with_next -> the, -final, -,
        -countdown; contiguous -> the, -, final, --, countdown.
        """
        pieces = find_matches(pattern, self.normalized)
        spans = split_spans(pieces, behavior)
        result = []
        for start, end in spans:
            piece = self.slice(start, end)
            if piece is not None:
                result.append(piece)
        return result


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

