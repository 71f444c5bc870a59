"""`BertNormalizer`: BERT's text cleanup, CJK spacing, accent stripping and lowercasing."""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from ..text.chars import LOWERCASE, CharMap, is_chinese_char, is_control, is_nonspacing_mark, is_whitespace
from ..text.normalization import decomposes_char_by_char, decomposition, is_unchanged_by
from ..core.registry import field

from ..errors import ArgumentTypeError, type_name
from ..core.normalized_string import NormalizedString
from .base import Normalizer, expect_bool, normalizers_registry


def _is_removed(char: str) -> bool:
    return char == "\0" or char == "\ufffd" or is_control(char)


_CLEAN = CharMap(lambda char: "" if _is_removed(char) else " " if is_whitespace(char) else char)
_CHINESE = CharMap(lambda char: f" {char} " if is_chinese_char(char) else char)
_NONSPACING = CharMap(lambda char: "" if is_nonspacing_mark(char) else char)
_LOWER = LOWERCASE
_NFD = CharMap(lambda char: decomposition(char, "NFD"))


@normalizers_registry.register("BertNormalizer")
@normalizers_registry.register("Bert")  # the Rust package reads this alias too
class BertNormalizer(Normalizer):
    """What BERT does to text before splitting it.

    Args:
        clean_text: remove control chars and turn every whitespace into a space.
        handle_chinese_chars: put spaces around CJK ideographs.
        strip_accents: remove accents (NFD, then drop nonspacing marks); None follows `lowercase`.
        lowercase: lowercase the text.

    >>> BertNormalizer().normalize_str("Héllo\\t中国")
    'hello  中  国 '
    """

    def __init__(
        self,
        clean_text: bool = True,
        handle_chinese_chars: bool = True,
        strip_accents: Optional[bool] = None,
        lowercase: bool = True,
    ) -> None:
        self.clean_text = expect_bool(clean_text, "clean_text")
        self.handle_chinese_chars = expect_bool(handle_chinese_chars, "handle_chinese_chars")
        if strip_accents is not None and not isinstance(strip_accents, bool):
            raise ArgumentTypeError(f"strip_accents must be a bool or None, got {type_name(strip_accents)}")
        self.strip_accents = strip_accents
        self.lowercase = expect_bool(lowercase, "lowercase")

    def _strips_accents(self) -> bool:
        return self.lowercase if self.strip_accents is None else self.strip_accents

    def normalize(self, normalized: NormalizedString) -> None:
        """Normalize in place, updating alignments: clean, pad CJK, strip accents (NFD, drop
        nonspacing marks), lowercase, in that order, each step optional."""
        before, after, both, through_nfd = _tables(self.clean_text, self.handle_chinese_chars, self._strips_accents(), self.lowercase)
        text = normalized.normalized
        if not self._strips_accents() or is_unchanged_by("NFD", text):
            # NFD keeps every char of this text (and the spaces and removals before it), so
            # the per-char tables run as one
            normalized.translate(both)
        elif decomposes_char_by_char(text, "NFD"):
            # NFD sorts no marks here: it is a per-char table too, and all three run as one
            normalized.translate(through_nfd)
        else:
            normalized.translate(before)
            normalized.nfd()
            normalized.translate(after)

    def to_json(self) -> dict:
        """This normalizer as its tokenizer.json entry."""
        return {
            "type": "BertNormalizer",
            "clean_text": self.clean_text,
            "handle_chinese_chars": self.handle_chinese_chars,
            "strip_accents": self.strip_accents,
            "lowercase": self.lowercase,
        }

    @classmethod
    def from_json(cls, data: dict, path: str) -> BertNormalizer:
        """Read the normalizer from its tokenizer.json entry."""
        return cls(
            clean_text=field(data, "clean_text", bool, path),
            handle_chinese_chars=field(data, "handle_chinese_chars", bool, path),
            strip_accents=field(data, "strip_accents", (bool, type(None)), path, None),
            lowercase=field(data, "lowercase", bool, path),
        )


@lru_cache(maxsize=None)
def _tables(clean_text: bool, handle_chinese_chars: bool, strip_accents: bool, lowercase: bool) -> tuple[CharMap, CharMap, CharMap, CharMap]:
    """The per-char tables that run before the accents' NFD, after it, both in one, and all
    three in one (NFD char by char between them)."""
    before = _chain([_CLEAN] * clean_text + [_CHINESE] * handle_chinese_chars)
    after = _chain([_NONSPACING] * strip_accents + [_LOWER] * lowercase)
    return before, after, _chain([before, after]), _chain([before, _NFD, after])


def _chain(tables: list[CharMap]) -> CharMap:
    if not tables:
        return CharMap(lambda char: char)
    first, *rest = tables
    return first.then(_chain(rest)) if rest else first
