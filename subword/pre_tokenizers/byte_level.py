"""ByteLevel: GPT-2's split into words, then every byte shown as a printable char."""

from __future__ import annotations

from typing import Any

from ..text.byte_level import BYTE_TO_CHAR, to_byte_chars, to_byte_chars_each
from ..text.chars import BYTE_LEVEL
from ..text.oniguruma import Regex
from ..core.registry import field
from ..core.normalized_string import NormalizedString
from ..core.pre_tokenized_string import PreTokenizedString
from .base import Offsets, PreTokenizer, WordEdit, check_bool, pre_tokenizers_registry

# GPT-2's pattern, run by Oniguruma in the Rust package: its classes come from subword's
# Oniguruma tables (see text/oniguruma.py). The Rust package writes the contractions as seven
# alternatives ('s|'t|'re|...); with the apostrophe taken out they try the same strings in the
# same order, and a search is an eighth quicker.
GPT2_PATTERN = Regex(r"'(?:s|t|re|ve|m|ll|d)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")
# The compiled pattern to split a text with (quicker when the text allows, see Regex.compiled_for).
_GPT2_PATTERN_FOR = GPT2_PATTERN.compiled_for


def _FINDALL_GPT2_WORDS(text: str) -> list[str]:
    return GPT2_PATTERN.compiled_for(text).findall(text)


@pre_tokenizers_registry.register("ByteLevel")
class ByteLevel(PreTokenizer):
    """Split with GPT-2's pattern, then replace every UTF-8 byte by its byte-level char.

    Args:
        add_prefix_space: add a space before a split that does not start with one, so that
            the first word is treated like the others.
        trim_offsets: used by the ByteLevel post-processor, not here.
        use_regex: split with GPT-2's pattern; if False only the byte mapping is done.

    >>> ByteLevel().pre_tokenize_str("Hi  you")
    [('ĠHi', (0, 2)), ('Ġ', (2, 3)), ('Ġyou', (3, 7))]
    """

    def __init__(
        self, add_prefix_space: bool = True, trim_offsets: bool = True, use_regex: bool = True, **_kwargs: Any
    ) -> None:
        # Other keywords (the "type" of `ByteLevel(**json.loads(pre_tokenizer.__getstate__()))`) are ignored, as in Rust.
        self.add_prefix_space = check_bool(add_prefix_space, "add_prefix_space")
        self.trim_offsets = check_bool(trim_offsets, "trim_offsets")
        self.use_regex = check_bool(use_regex, "use_regex")

    @staticmethod
    def alphabet() -> list[str]:
        """The 256 byte-level chars, in byte order."""
        return list(BYTE_TO_CHAR)

    has_word_spans = True

    @property
    def word_edit(self) -> WordEdit:
        """Each word's chars replaced by the byte-level chars of their UTF-8 bytes."""
        return _map_bytes

    def edit_words(self, words: list[str]) -> list[str]:
        """The byte-level chars of each word, all words through the codec at once."""
        return to_byte_chars_each(words)

    def pre_tokenize(self, pretokenized: PreTokenizedString) -> None:
        """Split every split into GPT-2 words, then map each to byte-level chars."""
        pretokenized.split(lambda _, normalized: self._split_words(normalized))
        pretokenized.normalize(_map_bytes)

    def _split_words(self, normalized: NormalizedString) -> list[NormalizedString]:
        if self.add_prefix_space and not normalized.normalized.startswith(" "):
            normalized.prepend(" ")
        return normalized.slices(self._spans(normalized.normalized))

    def word_spans(self, sequence: str, *, at_start: bool = True) -> list[Offsets] | None:
        """The GPT-2 words, when no prefix space is to be added to `sequence` (the words are
        then mapped to byte-level chars)."""
        if self.add_prefix_space and not sequence.startswith(" "):
            return None
        return self._spans(sequence)

    def _spans(self, sequence: str) -> list[Offsets]:
        if not sequence:
            return []
        if self.use_regex:
            # GPT-2's pattern matches every char, never the empty string: an "isolated" split
            return [match.span() for match in _GPT2_PATTERN_FOR(sequence).finditer(sequence)]
        return [(0, len(sequence))]

    def split_str(self, sequence: str, *, at_start: bool = True) -> list[str]:
        """The words only: one `findall`, then the byte-level mapping of all the words at once."""
        if not sequence:
            return []
        if self.add_prefix_space and not sequence.startswith(" "):
            sequence = " " + sequence
        if not self.use_regex:
            return [to_byte_chars(sequence)]
        return to_byte_chars_each(_FINDALL_GPT2_WORDS(sequence))

    def split_words(self, words: list[str]) -> list[str]:
        """Without prefix space and pattern, only the byte mapping of each word is left to do."""
        if self.add_prefix_space or self.use_regex:
            return super().split_words(words)
        return [word for word in to_byte_chars_each(words) if word]

    def to_json(self) -> dict:
        """`{"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true}`."""
        return {
            "type": self.type_name,
            "add_prefix_space": self.add_prefix_space,
            "trim_offsets": self.trim_offsets,
            "use_regex": self.use_regex,
        }

    @classmethod
    def from_json(cls, data: dict, path: str) -> ByteLevel:
        """Read the flags; `use_regex` defaults to true, the others are required."""
        return cls(
            field(data, "add_prefix_space", bool, path),
            field(data, "trim_offsets", bool, path),
            field(data, "use_regex", bool, path, True),
        )


def _map_bytes(normalized: NormalizedString) -> None:
    """Replace every char by the byte-level chars of its UTF-8 bytes; the extra chars of a
    multi-byte char are new chars aligned with it."""
    normalized.translate(BYTE_LEVEL)
