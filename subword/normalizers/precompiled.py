"""`Precompiled`: apply a SentencePiece precompiled charsmap, grapheme by grapheme, as Rust does.

The Rust package's rule, kept exactly for parity (it is not sentencepiece's own longest-match
rule, see subword/_charsmap.py): split the text into extended grapheme clusters; a cluster of
fewer than 6 UTF-8 bytes whose start matches a key is replaced *whole* by that key's replacement
(the shortest matching key); otherwise each char is looked up and replaced on its own.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, Union

import regex

from ..text.chars import CharMap
from ..text.charsmap import CharsMap
from ..core.registry import field
from ..errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError, type_name
from ..core.normalized_string import NormalizedString
from .base import Normalizer, normalizers_registry

_GRAPHEME = regex.compile(r"\X", regex.DOTALL)
# Chars that never join a neighbour into one grapheme (Grapheme_Cluster_Break Other or Control,
# so not CR, LF, marks, joiners, Hangul jamo or regional indicators): a text of only such chars
# is one grapheme per char.
_LONE = regex.compile(r"[\p{Grapheme_Cluster_Break=Other}\p{Grapheme_Cluster_Break=Control}]")
_WHOLE_GRAPHEME_MAX_BYTES = 6

# (chars of the input, their replacement) pieces of one grapheme.
Rewrite = tuple[tuple[int, str], ...]


def _charsmap_bytes(value: Any) -> bytes:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, (list, tuple)) and all(isinstance(b, int) and not isinstance(b, bool) for b in value):
        if not all(0 <= b <= 255 for b in value):
            raise ArgumentValueError("precompiled_charsmap: every item of the list must be a byte (0..255)")
        return bytes(value)
    raise ArgumentTypeError(f"precompiled_charsmap must be bytes (or a list of byte values), got {type_name(value)}")


@normalizers_registry.register("Precompiled")
class Precompiled(Normalizer):
    """Normalize with a SentencePiece `precompiled_charsmap` (e.g. nmt_nfkc), keeping alignments.

    With T5's charsmap, `normalize_str("ﬁ① x")` gives "fi1 x", the "ﬁ" aligned with both "f"
    and "i". The charsmap is usually read from a tokenizer.json or a sentencepiece .model.
    """

    def __init__(self, precompiled_charsmap: Union[bytes, list[int]]) -> None:
        self.precompiled_charsmap = _charsmap_bytes(precompiled_charsmap)
        self._charsmap = CharsMap(self.precompiled_charsmap)
        self._rewrites: dict[str, Rewrite | None] = {}
        # Translating with the first keeps only the chars that may join a neighbour in a
        # grapheme; the second rewrites each char on its own.
        self._joining_chars = CharMap(lambda char: None if _LONE.match(char) else char)
        self._char_rewrites = CharMap(lambda char: _or_same(self._charsmap.transform(char), char))
        # Translating with this keeps only the chars the charsmap removes (maps to "").
        self._removed_chars = CharMap(lambda char: char if self._charsmap.transform(char) == "" else None)

    def _rewrite(self, grapheme: str) -> Rewrite | None:
        """How one grapheme is rewritten, or None when no lookup matched."""
        if len(grapheme) == 1:  # most graphemes: the charsmap's own cache is enough
            replacement = self._charsmap.transform(grapheme)
            return None if replacement is None else ((1, replacement),)
        cached = self._rewrites.get(grapheme, False)
        if cached is not False:
            return cached
        transform = self._charsmap.transform
        rewrite: Rewrite | None = None
        whole = transform(grapheme) if len(grapheme.encode("utf-8")) < _WHOLE_GRAPHEME_MAX_BYTES else None
        if whole is not None:
            rewrite = ((len(grapheme), whole),)
        else:
            replacements = [transform(char) for char in grapheme]
            if any(r is not None for r in replacements):
                rewrite = tuple((1, char if r is None else r) for char, r in zip(grapheme, replacements))
        if len(self._rewrites) >= 100_000:
            self._rewrites.clear()
        self._rewrites[grapheme] = rewrite
        return rewrite

    def normalize(self, normalized: NormalizedString) -> None:
        """Normalize in place, updating alignments."""
        text = normalized.normalized
        if not text.translate(self._joining_chars) and not text.translate(self._removed_chars):
            # The common case: one grapheme per char, none removed, so each char is rewritten on
            # its own and its new chars all take its alignment (removals have Rust's quirks, see
            # _append_replacement).
            normalized.translate(self._char_rewrites)
            return
        changes: list[tuple[str, int]] = []
        modified = False
        for grapheme in _GRAPHEME.findall(text):
            rewrite = self._rewrite(grapheme)
            if rewrite is None:
                changes.extend((char, 0) for char in grapheme)
                continue
            modified = True
            for old_count, new in rewrite:
                _append_replacement(changes, old_count, new)
        if modified:
            normalized.transform(changes)

    def to_json(self) -> dict:
        """This normalizer as its tokenizer.json entry (the charsmap in standard base64)."""
        encoded = base64.b64encode(self.precompiled_charsmap).decode("ascii")
        return {"type": "Precompiled", "precompiled_charsmap": encoded}

    @classmethod
    def from_json(cls, data: dict, path: str) -> Precompiled:
        """Read the normalizer from its tokenizer.json entry."""
        encoded = field(data, "precompiled_charsmap", str, path)
        try:
            raw = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as error:
            raise TokenizerFileError(f"{path}.precompiled_charsmap: not valid base64 ({error})") from error
        try:
            return cls(raw)
        except ArgumentValueError as error:
            raise TokenizerFileError(f"{path}.precompiled_charsmap: {error}") from error

    def __repr__(self) -> str:
        return f"Precompiled(precompiled_charsmap=<{len(self.precompiled_charsmap)} bytes>)"


def _or_same(replacement: str | None, char: str) -> str:
    return char if replacement is None else replacement


def _append_replacement(changes: list[tuple[str, int]], old_count: int, new: str) -> None:
    """Add the (char, change) items that replace `old_count` chars by `new`, as Rust does.

    The new chars replace the old ones in order; extra new chars are marked inserted, and missing
    ones are removed after the last item added so far (subtle: when `new` is empty, that item
    belongs to an earlier grapheme; at the very start there is none and the removal is lost, as
    in Rust, shifting the alignments of what follows).
    """
    changes.extend((char, 0) for char in new)
    diff = len(new) - old_count
    if diff > 0:
        for index in range(len(changes) - diff, len(changes)):
            changes[index] = (changes[index][0], 1)
    elif diff < 0 and changes:
        char, change = changes[-1]
        changes[-1] = (char, change + diff)
