"""`Precompiled`: apply a SentencePiece precompiled charsmap, grapheme by grapheme, as Rust does.

The Rust package's rule, kept exactly for parity (it is not sentencepiece's own longest-match
rule, see subword/_charsmap.py): split the text into extended grapheme clusters; a cluster of
fewer than 6 UTF-8 bytes whose start matches a key is replaced *whole* by that key's replacement
(the shortest matching key); otherwise each char is looked up and replaced on its own.

So only the clusters of two or more chars and at most 5 bytes can differ from a char-by-char
rewrite (`graphemes.short_clusters` finds them, with the `unicode-segmentation` crate's rules and
tables); text with none, and no char the charsmap removes, is rewritten char by char in one
`NormalizedString.translate`, which gives every new char the alignment of the char it replaces,
as Rust's rule does there. Most text has no char that could be in such a cluster at all
(`graphemes.joins_within`): one `str.translate` both rewrites it and, by a sentinel char, tells
whether it has one. `tests/test_precompiled.py` pins these quick paths to the rule
(`_normalize_by_rule`); `bench/precompiled.py` measures them.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, Union

from ..text.chars import CharMap
from ..text.charsmap import CharsMap
from ..text.graphemes import graphemes, joins_within, short_clusters
from ..core.registry import field
from ..errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError, type_name
from ..core.normalized_string import NormalizedString
from .base import Normalizer, normalizers_registry

_WHOLE_GRAPHEME_MAX_BYTES = 6
# What the char-by-char rewrite gives a char that may be in a cluster looked up whole (a
# noncharacter: should a text hold one, it only takes the slower path)
_MAY_JOIN = "\uffff"


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
        # Each char rewritten on its own; and, translating with the second, only the chars the
        # charsmap removes (maps to "") are kept.
        self._char_rewrites = CharMap(lambda char: _or_same(self._charsmap.transform(char), char))
        self._removed_chars = CharMap(lambda char: char if self._charsmap.transform(char) == "" else None)
        # The char rewrites, except that a char that may join a neighbour in a cluster of fewer
        # than 6 bytes becomes _MAY_JOIN
        self._lone_rewrites = CharMap(
            lambda char: _MAY_JOIN if joins_within(char, _WHOLE_GRAPHEME_MAX_BYTES - 1) else self._char_rewrites[ord(char)]
        )

    def normalize(self, normalized: NormalizedString) -> None:
        """Normalize in place, updating alignments."""
        text = normalized.normalized
        rewrites = self._lone_rewrites
        rewritten = rewrites.apply(text)
        wholes: list[tuple[int, int, str]] = []
        if _MAY_JOIN in rewritten:  # a char that may be in a cluster looked up whole
            wholes = self._whole_rewrites(text, rare_checked=True)
            rewrites = self._char_rewrites
            rewritten = rewrites.apply(text) if not wholes else ""
        # (subtle: a table's flag covers every char it has rewritten, this text's included; only
        # once some text had a char to remove is this text searched for one)
        if not wholes and (not rewrites.removes_chars or not text.translate(self._removed_chars)):
            normalized.translate(rewrites, rewritten)
            return
        # (subtle: with a removal, Rust's rule is not `translate`'s, see _append_replacement)
        changes = _changes(text, wholes, self._charsmap.transform)
        if changes is not None:
            normalized.transform(changes)

    def _whole_rewrites(self, text: str, rare_checked: bool = False) -> list[tuple[int, int, str]]:
        """(start, end, replacement) of each cluster of two or more chars, under 6 bytes, that a
        key of the charsmap starts: these are replaced whole."""
        transform = self._charsmap.transform
        wholes = []
        for start, end in short_clusters(text, _WHOLE_GRAPHEME_MAX_BYTES - 1, rare_checked=rare_checked):
            replacement = transform(text[start:end])
            if replacement is not None:
                wholes.append((start, end, replacement))
        return wholes

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

def _or_same(replacement: str | None, char: str) -> str:
    return char if replacement is None else replacement


def _changes(text: str, wholes: list[tuple[int, int, str]], transform) -> list[tuple[str, int]] | None:
    """The (char, change) items of the Rust rule, given the clusters replaced whole, or None when
    nothing changes."""
    changes: list[tuple[str, int]] = []
    modified = False
    position = 0
    for start, end, replacement in [*wholes, (len(text), len(text), None)]:
        for char in text[position:start]:
            new = transform(char)
            if new is None:
                changes.append((char, 0))
            else:
                modified = True
                _append_replacement(changes, 1, new)
        if replacement is not None:
            modified = True
            _append_replacement(changes, end - start, replacement)
        position = end
    return changes if modified else None


def _normalize_by_rule(charsmap: CharsMap, text: str) -> list[tuple[str, int]] | None:
    """The Rust rule written plainly, grapheme by grapheme (the reference the tests pin
    `Precompiled.normalize` to): the (char, change) items, or None when nothing changes."""
    changes: list[tuple[str, int]] = []
    modified = False
    for grapheme in graphemes(text):
        if len(grapheme.encode("utf-8")) < _WHOLE_GRAPHEME_MAX_BYTES:
            whole = charsmap.transform(grapheme)
            if whole is not None:
                modified = True
                _append_replacement(changes, len(grapheme), whole)
                continue
        for char in grapheme:
            new = charsmap.transform(char)
            if new is None:
                changes.append((char, 0))
            else:
                modified = True
                _append_replacement(changes, 1, new)
    return changes if modified else None


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
