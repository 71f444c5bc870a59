"""sentencepiece's normalizer: charsmap rules, whitespace handling and the dummy prefix.

Reads the input left to right; at each position the longest user-defined symbol is kept as is,
else the longest charsmap rule is applied, else the char is kept. Then, as the spec says:
spaces at the start and end, and runs of spaces, are removed (`remove_extra_whitespaces`);
spaces become "▁" (`escape_whitespaces`); a "▁" is put in front (`add_dummy_prefix`, or
behind with `treat_whitespace_as_suffix`). Unlike the Rust package's `Precompiled`, rules are
matched longest-first across chars, never per grapheme. This module keeps no alignments.
"""

from __future__ import annotations

from typing import Callable, Generic, Iterable, TypeVar

from ..text.charsmap import CharsMap, _label, _offset
from ._proto import NormalizerSpec

SPACE_SYMBOL = "\u2581"
_CACHE_CAPACITY = 100_000

Value = TypeVar("Value")


class SpecNormalizer:
    """Normalize text as sentencepiece does for one NormalizerSpec.

    >>> SpecNormalizer(NormalizerSpec()).normalize("  hello   world ")
    '▁hello▁world'
    """

    def __init__(
        self,
        spec: NormalizerSpec,
        *,
        treat_whitespace_as_suffix: bool = False,
        user_defined: Iterable[str] = (),
    ) -> None:
        self.spec = spec
        self.charsmap = CharsMap(spec.precompiled_charsmap) if spec.precompiled_charsmap else None
        self.suffix = treat_whitespace_as_suffix
        self.user_defined = frozenset(s for s in user_defined if s)
        self._user_lengths = sorted({len(s) for s in self.user_defined}, reverse=True)
        # Caches of charsmap lookups: a char's normalized form on its own, whether a longer rule
        # starts with it, and whether one starts with a given pair of chars.
        self._alone: dict[str, tuple[str, bool]] = {}
        self._pairs: dict[str, bool] = {}
        # Words between spaces map on their own when no rule or user-defined symbol can hold a
        # space, and no replacement holds two (then the whitespace rules read the same char by
        # char as rule by rule). The cache: word -> its rewritten form.
        self._words: BoundedCache[str] | None = None
        self._rewrites = self.charsmap is not None or bool(self.user_defined)
        if self._splits_at_spaces():
            self._words = BoundedCache(self._rewrite)

    def _splits_at_spaces(self) -> bool:
        if any(" " in symbol for symbol in self.user_defined):
            return False
        if self.charsmap is None:
            return True
        units = self.charsmap.units
        # Conservative: a unit labelled with the space byte anywhere, or a replacement holding
        # two spaces, and the rules are read the slow way.
        return b"  " not in self.charsmap.replacements and not any(unit & 0x800000FF == 0x20 for unit in units)

    def _rewrite(self, word: str) -> str:
        """`word` with each longest rule applied (no whitespace rule): the rules read it alone."""
        parts = []
        position = 0
        while position < len(word):
            piece, consumed = self._prefix(word, position)
            parts.append(piece)
            position += consumed
        return "".join(parts)

    def _prefix(self, text: str, start: int) -> tuple[str, int]:
        """(normalized form, chars consumed) of the longest rule at text[start:]."""
        for length in self._user_lengths:
            candidate = text[start : start + length]
            if candidate in self.user_defined:
                return candidate, length
        char = text[start]
        if self.charsmap is None:
            return char, 1
        alone = self._alone.get(char)
        if alone is None:
            found = self.charsmap.longest_prefix(char)
            alone = (char if found is None else found[0], _has_prefix(self.charsmap, char.encode("utf-8"), longer=True))
            self._alone[char] = alone
        if alone[1] and start + 1 < len(text):
            pair = text[start : start + 2]
            continues = self._pairs.get(pair)
            if continues is None:
                continues = self._pairs[pair] = _has_prefix(self.charsmap, pair.encode("utf-8"))
            if continues:
                found = self.charsmap.longest_prefix(text, start)
                return found if found is not None else (char, 1)
        return alone[0], 1

    def normalize(self, text: str) -> str:
        """The normalized form of `text` ("" when it holds only spaces)."""
        if self._words is None or not text:
            return self._normalize_by_rules(text)
        spec = self.spec
        words = self._words
        rewritten = " ".join([words[word] for word in text.split(" ")]) if self._rewrites else text
        space = SPACE_SYMBOL if spec.escape_whitespaces else " "
        if spec.remove_extra_whitespaces:
            kept = [word for word in rewritten.split(" ") if word]
            if not kept:  # only spaces and deleted chars: let the rules decide what is left
                return self._normalize_by_rules(text)
            normalized = space.join(kept)
        else:
            normalized = rewritten.replace(" ", space) if spec.escape_whitespaces else rewritten
        if spec.add_dummy_prefix and not self.suffix:
            normalized = space + normalized
        if spec.remove_extra_whitespaces:
            normalized = normalized.rstrip(space)
        if spec.add_dummy_prefix and self.suffix:
            normalized += space
        return normalized

    def _normalize_by_rules(self, text: str) -> str:
        """`normalize`, rule by rule over the whole text (the rules live in `normalize_with_offsets`)."""
        return self.normalize_with_offsets(text)[0]

    def normalize_with_offsets(self, text: str) -> tuple[str, list[int]]:
        """`normalize`, with the UTF-8 byte offset in `text` of each byte of the result, and of its end.

        As sentencepiece's `Normalizer::Normalize`: a replacement's bytes all point at the start
        of the text it replaces, an added "▁" at where the reading stands.

        >>> SpecNormalizer(NormalizerSpec()).normalize_with_offsets(" ab")
        ('▁ab', [1, 1, 1, 1, 2, 3])
        """
        spec = self.spec
        remove_extra = spec.remove_extra_whitespaces
        space = SPACE_SYMBOL if spec.escape_whitespaces else " "
        space_size = len(space.encode("utf-8"))
        parts: list[str] = []
        offsets: list[int] = []
        consumed = 0  # bytes of `text` read so far
        size = len(text)
        position = 0
        if remove_extra:
            while position < size:
                piece, length = self._prefix(text, position)
                if piece != " ":
                    break
                consumed += len(text[position : position + length].encode("utf-8"))
                position += length
        if position >= size:  # empty, or only spaces: sentencepiece aligns nothing
            return "", []
        if spec.add_dummy_prefix and not self.suffix:
            parts.append(space)
            offsets.extend([consumed] * space_size)
        is_prev_space = remove_extra
        while position < size:
            piece, length = self._prefix(text, position)
            if is_prev_space:
                piece = piece.lstrip(" ")
            if piece:
                is_prev_space = piece[-1] == " "
                if spec.escape_whitespaces:
                    piece = piece.replace(" ", SPACE_SYMBOL)
                parts.append(piece)
                offsets.extend([consumed] * len(piece.encode("utf-8")))
            consumed += len(text[position : position + length].encode("utf-8"))
            position += length
            if not remove_extra:
                is_prev_space = False
        normalized = "".join(parts)
        if remove_extra:
            while normalized.endswith(space):
                normalized = normalized[: -len(space)]
                consumed = offsets[len(offsets) - space_size]
                del offsets[len(offsets) - space_size :]
        if spec.add_dummy_prefix and self.suffix:
            normalized += space
            offsets.extend([consumed] * space_size)
        offsets.append(consumed)
        return normalized, offsets


def unicode_alignment(original: str, normalized: str, byte_offsets: list[int]) -> list[int]:
    """Byte alignments turned into char alignments, as sentencepiece's ConvertToUnicodeAlignment:
    each char of `normalized` (and its end) gets the char offset in `original` of its last byte's
    alignment.

    >>> unicode_alignment("ａb", "ab", [0, 3, 4])
    [0, 1, 2]
    """
    original_chars = char_index_of_bytes(original)
    normalized_chars = char_index_of_bytes(normalized)
    result = [0] * (len(normalized) + 1)
    for byte, offset in enumerate(byte_offsets):
        result[normalized_chars[byte]] = original_chars[offset]
    return result


def char_index_of_bytes(text: str) -> list[int]:
    """For each UTF-8 byte of `text` (and its end), the index of the char it belongs to."""
    index = []
    for position, char in enumerate(text):
        index.extend([position] * len(char.encode("utf-8")))
    index.append(len(text))
    return index


class BoundedCache(dict, Generic[Value]):
    """key -> `compute(key)`, computed on first use; emptied when it reaches 100,000 entries."""

    def __init__(self, compute: Callable[[str], Value]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: str) -> Value:
        if len(self) >= _CACHE_CAPACITY:
            self.clear()
        value = self[key] = self.compute(key)
        return value


def _has_prefix(charsmap: CharsMap, key: bytes, longer: bool = False) -> bool:
    """Whether some rule of `charsmap` starts with `key` (and, with `longer`, is longer than it)."""
    units = charsmap.units
    if not units:
        return False
    node = _offset(units[0])
    for byte in key:
        node ^= byte
        if node >= len(units) or _label(units[node]) != byte:
            return False
        node ^= _offset(units[node])
    if not longer:
        return True
    # A child labelled b sits at node ^ b and carries b as its label (0 is the leaf's value).
    return any(node ^ byte < len(units) and _label(units[node ^ byte]) == byte for byte in range(1, 256))
