"""Metaspace: spaces become a visible marker (`▁`), and words start at each marker."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Literal

import regex

from ..core.registry import field
from ..errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError, type_name
from ..core.normalized_string import NormalizedString
from ..core.pre_tokenized_string import PreTokenizedString
from ._char_split import words_pattern
from .base import Offsets, PreTokenizer, WordEdit, char_from_json, check_bool, check_char, pre_tokenizers_registry

PrependScheme = Literal["always", "first", "never"]
PREPEND_SCHEMES = ("always", "first", "never")


@lru_cache(maxsize=None)
def _words_pattern(replacement: str) -> regex.Pattern[str]:
    """The words of a split before every `replacement`."""
    return words_pattern(regex.escape(replacement), "merged_with_next")


@lru_cache(maxsize=None)
def _word_edit(replacement: str, prepends: bool) -> WordEdit:
    """Metaspace's edit of a text before it is split, and so of each word after the split (one
    function object per setting): spaces replaced, then a replacement prepended if `prepends`
    and it does not start with one."""

    def edit(normalized: NormalizedString) -> None:
        normalized.replace(" ", replacement)
        if prepends and not normalized.normalized.startswith(replacement):
            normalized.prepend(replacement)

    return edit


def check_prepend_scheme(value: Any) -> PrependScheme:
    """`value` if it is one of "always", "first" and "never", else an error."""
    if not isinstance(value, str):
        raise ArgumentTypeError(f"prepend_scheme must be a str, got {type_name(value)}")
    if value not in PREPEND_SCHEMES:
        raise ArgumentValueError(f"prepend_scheme must be one of {', '.join(PREPEND_SCHEMES)}; got {value!r}")
    return value  # type: ignore[return-value]


_SETTING_CHECKS: dict[str, Callable[[Any], Any]] = {
    "replacement": lambda value: check_char(value, "replacement"),
    "prepend_scheme": check_prepend_scheme,
    "split": lambda value: check_bool(value, "split"),
}


@pre_tokenizers_registry.register("Metaspace")
class Metaspace(PreTokenizer):
    """Replace every space by `replacement`, maybe add one in front, and split before each.

    Args:
        replacement: the one char that stands for a space (SentencePiece's `▁`).
        prepend_scheme: when to add a `replacement` in front of a split that lacks one:
            "always"; "first", only for the split that starts the input (not, say, the text
            after an added token); "never".
        split: split before every `replacement`; if False only the replacing is done.

    >>> Metaspace().pre_tokenize_str("Hey  you")
    [('▁Hey', (0, 3)), ('▁', (3, 4)), ('▁you', (4, 8))]
    """

    def __init__(self, replacement: str = "▁", prepend_scheme: PrependScheme = "always", split: bool = True) -> None:
        self.replacement = replacement
        self.prepend_scheme = prepend_scheme
        self.split = split

    def __setattr__(self, name: str, value: Any) -> None:
        # Each setting is checked when set, in the constructor or later (`metaspace.replacement = ""`).
        check = _SETTING_CHECKS.get(name)
        object.__setattr__(self, name, value if check is None else check(value))

    has_word_spans = True

    @property
    def word_edit(self) -> WordEdit:
        """A word's spaces replaced, and a replacement prepended where it lacks one under the
        "always" scheme (the other words of a text start with one once split)."""
        return _word_edit(self.replacement, self.prepend_scheme == "always")

    def word_spans(self, sequence: str, *, at_start: bool = True) -> list[Offsets] | None:
        """The words, cut before each space or replacement; None for the text that starts the
        input under the "first" scheme (only it is prepended), and for an empty text."""
        if not sequence or (at_start and self.prepend_scheme == "first"):
            return None
        if not self.split or (" " not in sequence and sequence.find(self.replacement, 1) == -1):
            return [(0, len(sequence))]  # one word (T5's, after WhitespaceSplit)
        replaced = sequence.replace(" ", self.replacement)
        return [match.span() for match in _words_pattern(self.replacement).finditer(replaced)]

    def keeps_words(self, texts: list[str], first_at_start: bool) -> bool:
        """True when no text holds a space or a replacement char (T5's words after
        WhitespaceSplit), or nothing is split, and `word_spans` answers for each."""
        if not all(texts) or (first_at_start and self.prepend_scheme == "first"):
            return False
        if not self.split:
            return True
        joined = "".join(texts)
        return " " not in joined and self.replacement not in joined

    def edit_words(self, words: list[str]) -> list[str]:
        """`word_edit` of each word, as str methods (a PlainString prepends nothing to an empty word)."""
        replacement = self.replacement
        edited = [word.replace(" ", replacement) for word in words]
        if self.prepend_scheme != "always":
            return edited
        return [word if not word or word.startswith(replacement) else replacement + word for word in edited]

    @property
    def position_dependent(self) -> bool:  # type: ignore[override]
        """True for the "first" scheme: only the split at the start of the input is prepended."""
        return self.prepend_scheme == "first"

    def pre_tokenize(self, pretokenized: PreTokenizedString) -> None:
        """Replace spaces, prepend where the scheme says, and split before each replacement."""
        pretokenized.split(lambda _, normalized: self._split_words(normalized))

    def _split_words(self, normalized: NormalizedString) -> list[NormalizedString]:
        starts_input = normalized.offsets_original()[0] == 0
        prepends = self.prepend_scheme == "always" or (self.prepend_scheme == "first" and starts_input)
        _word_edit(self.replacement, prepends)(normalized)
        if not self.split:
            return [normalized]
        text = normalized.normalized
        if text.find(self.replacement, 1) == -1:
            # One word: the whole text (still a slice, which drops the original chars that
            # an earlier edit removed at either end).
            return normalized.slices([(0, len(text))])
        return normalized.slices([match.span() for match in _words_pattern(self.replacement).finditer(text)])

    def _prepends(self, text: str, starts_input: bool) -> bool:
        if self.prepend_scheme == "never" or text.startswith(self.replacement):
            return False
        return self.prepend_scheme == "always" or starts_input

    def split_str(self, sequence: str, *, at_start: bool = True) -> list[str]:
        """The words only: `str.replace`, then one `findall`."""
        text = sequence.replace(" ", self.replacement)
        if not text:
            return []
        if self._prepends(text, at_start):
            text = self.replacement + text
        if not self.split:
            return [text]
        return _words_pattern(self.replacement).findall(text)

    def split_words(self, words: list[str]) -> list[str]:
        """`split_str` of each word (a Sequence's members' fast paths, T5's after WhitespaceSplit):
        a word without a space or a replacement char is itself, after the replacement when one
        is prepended, without a call per word (about a third of T5's ids path on English)."""
        replacement = self.replacement
        if self.prepend_scheme == "first":
            return super().split_words(words)
        prefix = replacement if self.prepend_scheme == "always" else ""
        split_str = self.split_str
        out: list[str] = []
        for word in words:
            if " " in word or replacement in word or not word:
                out.extend(split_str(word))
            else:
                out.append(prefix + word)
        return out

    def to_json(self) -> dict:
        """`{"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true}`."""
        return {
            "type": self.type_name,
            "replacement": self.replacement,
            "prepend_scheme": self.prepend_scheme,
            "split": self.split,
        }

    @classmethod
    def from_json(cls, data: dict, path: str) -> Metaspace:
        """Read the fields; the legacy `"add_prefix_space": false` means the "never" scheme."""
        replacement = char_from_json(data, "replacement", path)
        scheme = field(data, "prepend_scheme", str, path, "always")
        if scheme not in PREPEND_SCHEMES:
            expected = ", ".join(PREPEND_SCHEMES)
            raise TokenizerFileError(f"{path}.prepend_scheme: expected one of {expected}, got {scheme!r}")
        if field(data, "add_prefix_space", (bool, type(None)), path, None) is False:
            if scheme != "never":
                raise TokenizerFileError(
                    f"{path}.add_prefix_space: false contradicts prepend_scheme {scheme!r}; "
                    'use "prepend_scheme": "never"'
                )
        split = field(data, "split", (bool, type(None)), path, None) is not False
        field(data, "str_rep", (str, type(None)), path, None)  # written by old versions, read and dropped
        return cls(replacement, scheme, split)  # type: ignore[arg-type]
