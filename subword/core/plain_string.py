"""`PlainString`: a NormalizedString for the ids-only path, which keeps no alignments.

The ids path needs two things from a piece of the input: its normalized text, and whether it
starts the input (Metaspace's "first" prepend scheme asks `original_shift == 0`). A PlainString
runs the same edits as a NormalizedString, so every normalizer rule is written once, but instead
of the alignment of every char it keeps one number, `_lead`: how many leading chars are aligned
with the first char of the input. Each edit updates `_lead` as the NormalizedString edit would
move those alignments; slicing then knows whether a piece starts the input without building an
alignment list (which costs as much as the rest of the normalization on text whose length
changes, CJK text under BertNormalizer say). Offsets are not available: asking for them raises.

`tests/test_plain_string.py` pins every edit to NormalizedString on hypothesis text.
"""

from __future__ import annotations

from itertools import islice
from typing import Iterable

from ..errors import SubwordError
from ..text.normalization import (
    Form,
    changing_range,
    changing_segments,
    decompose_text,
    decomposed_prefix_end,
    is_unchanged_by,
    normalize_segments,
    normalize_with_changes,
)
from ..text.chars import CharMap
from ..text.pattern import Pattern, find_matches
from .normalized_string import NormalizedString, Offsets


class PlainString(NormalizedString):
    """A NormalizedString without alignments (see the module docstring).

    >>> text = PlainString("  a b"); text.strip(); text.slices([(0, 1), (2, 3)])[0].original_shift
    1
    >>> PlainString("a b").slices([(0, 1)])[0].original_shift
    0
    """

    __slots__ = ("_lead",)

    def __init__(self, sequence: str) -> None:
        super().__init__(sequence)
        self._lead = 1 if sequence else 0

    # -- what the ids path reads --------------------------------------------------------------

    def slices(self, spans: Iterable[Offsets]) -> list[NormalizedString]:
        """The pieces at these spans; a piece starts the input (`original_shift == 0`) when its
        first char is aligned with the input's first char; otherwise `original_shift` is 1."""
        normalized, lead, starts = self.normalized, self._lead, self.original_shift == 0
        length = len(normalized)
        new = PlainString.__new__
        pieces: list[NormalizedString] = []
        for start, end in spans:
            if start > end or end > length:
                continue
            piece = new(PlainString)
            piece.normalized = piece.original = normalized[start:end]
            piece._alignments = None
            piece._anchor = 0
            piece._lead = max(0, min(lead, end) - start)
            # (subtle: an empty span starts where its normalized offset says, as in NormalizedString)
            piece.original_shift = 0 if starts and (start < lead if start < end else start == 0) else 1
            pieces.append(piece)
        return pieces

    def whole_slice_reads_alike(self) -> bool:
        """Whether the piece `slices` gives of the whole (non-empty) text starts the input exactly
        when this one does: all the ids path reads of it (its text, `original_shift == 0`)."""
        return bool(self.normalized) and (self.original_shift != 0 or self._lead > 0)

    def _stored(self) -> list[Offsets]:
        raise SubwordError("a PlainString keeps no alignments (the ids-only path has no offsets)")

    @property
    def alignments(self) -> list[Offsets]:
        raise SubwordError("a PlainString keeps no alignments (the ids-only path has no offsets)")

    @alignments.setter
    def alignments(self, alignments: list[Offsets]) -> None:
        raise SubwordError("a PlainString keeps no alignments (the ids-only path has no offsets)")

    def original_offsets(self, start: int, end: int) -> Offsets | None:
        raise SubwordError("a PlainString keeps no alignments (the ids-only path has no offsets)")

    def input_offsets(self, span: Offsets) -> Offsets:
        raise SubwordError("a PlainString keeps no alignments (the ids-only path has no offsets)")

    # -- the edits, each moving `_lead` as NormalizedString moves the alignments ---------------

    def transform_range(self, start: int, end: int, dest: Iterable[tuple[str, int]], initial_offset: int = 0) -> None:
        """Replace normalized[start:end] by the chars of `dest` ((char, change) pairs)."""
        changes = dest if isinstance(dest, list) else list(dest)
        text = self.normalized
        self._lead = self._lead_after(start, end, changes, initial_offset)
        self.normalized = text[:start] + "".join([char for char, _ in changes]) + text[end:]

    def transform_segments(self, segments: Iterable[tuple[int, int, list[tuple[str, int]]]]) -> None:
        """`transform_range` of each segment, the last first (the others keep their places)."""
        for start, end, changes in reversed(list(segments)):
            self.transform_range(start, end, changes)

    def _lead_after(self, start: int, end: int, changes: list[tuple[str, int]], initial_offset: int = 0) -> int:
        """`_lead` once normalized[start:end] is replaced by `changes`."""
        lead = self._lead
        if lead < start:
            return lead
        # The first `start` chars keep their alignment; then the new chars, each aligned as
        # in NormalizedString.transform_range, then the chars after `end`.
        new_lead = start
        offset = start + initial_offset
        for _, change in changes:
            if change > 0:
                leading = offset == 0 or offset - 1 < lead
            else:
                leading = offset < lead
                offset += 1 - change
            if not leading:
                return new_lead
            new_lead += 1
        return new_lead + max(0, lead - end)

    def normalize_unicode(self, form: Form) -> None:
        """Unicode normalization without alignments. NFD and NFKD in one pass (`decompose_text`),
        the per-char changes worked out only up to the first starter at or after `_lead` (they
        are a prefix of all of them, and the first char after it is not leading); NFC and NFKC
        only on the parts they change (`changing_segments`), the general way when those reach
        the leading chars."""
        text = self.normalized
        if is_unchanged_by(form, text):
            return
        if form in ("NFD", "NFKD"):
            start, end = changing_range(text)
            if self._lead >= start:
                stop = min(end, decomposed_prefix_end(text, form, max(start, self._lead)))
                self._lead = self._lead_after(start, stop, normalize_with_changes(form, text[start:stop]))
            self.normalized = decompose_text(text, form)
            return
        segments = changing_segments(form, text)
        if segments and segments[0][0] <= self._lead:
            super().normalize_unicode(form)
            return
        self.normalized = normalize_segments(form, text, segments)

    def translate(self, table: CharMap, translated: str | None = None) -> None:
        """NormalizedString.translate without its check that every char keeps its place: only
        the chars aligned with the input's first char are counted again."""
        text = self.normalized
        self._replace_chars(table.apply(text) if translated is None else translated, (len(table[ord(char)] or "") for char in text))

    def _replace_chars(self, text: str, counts: Iterable[int]) -> None:
        self._lead = sum(islice(counts, self._lead))
        self.normalized = text

    def prepend(self, s: str) -> None:
        """Add `s` before the first char, aligned with it."""
        if not self.normalized or not s:
            return
        if self._lead:
            self._lead += len(s)
        self.normalized = s + self.normalized

    def append(self, s: str) -> None:
        """Add `s` after the last char, aligned with it (with the input start when empty)."""
        if not s:
            return
        if not self.normalized or self._lead == len(self.normalized):
            self._lead += len(s)
        self.normalized += s

    def replace(self, pattern: Pattern, content: str) -> None:
        """Replace every match of `pattern` by `content`, aligned with the last char replaced."""
        text = self.normalized
        if isinstance(pattern, str) and len(pattern) == 1 and len(content) == 1:
            self.normalized = text.replace(pattern, content)
            return
        pieces = find_matches(pattern, text)
        if not any(is_match for _, is_match in pieces):
            return
        lead, new_lead, counting = self._lead, 0, True
        parts: list[str] = []
        for (start, end), is_match in pieces:
            if not is_match:
                parts.append(text[start:end])
                if counting:
                    new_lead += max(0, min(end, lead) - start)
                    counting = end <= lead
            elif content:
                parts.append(content)
                if counting:
                    counting = end == 0 or end - 1 < lead
                    new_lead += len(content) if counting else 0
        self._lead = new_lead
        self.normalized = "".join(parts)

    def _keep(self, start: int, end: int) -> None:
        self._lead = max(0, min(self._lead, end) - start)
        self.normalized = self.normalized[start:end]
