"""Replace decoder: undo a Replace normalizer, e.g. turn `▁` back into spaces."""

from __future__ import annotations

from typing import Union

from ..normalizers.replace import Replace as ReplaceNormalizer
from ..text.oniguruma import Regex
from .base import Decoder, decoders_registry


@decoders_registry.register("Replace")
class Replace(Decoder):
    """Replace every match of `pattern` (a str is matched literally) by `content`, token by token.

    The rule is the Replace normalizer's, applied to each token; the entry is the same too.

    >>> Replace("▁", " ").decode(["▁Hello", "▁world"])
    ' Hello world'
    """

    def __init__(self, pattern: Union[str, Regex], content: str) -> None:
        self._replace = ReplaceNormalizer(pattern, content)

    @property
    def pattern(self) -> Union[str, Regex]:
        """The literal str or `Regex` to find."""
        return self._replace.get_pattern()

    @property
    def content(self) -> str:
        """What each match becomes."""
        return self._replace.content

    def decode_chain(self, tokens: list[str]) -> list[str]:
        """Every token with its matches replaced."""
        pattern, content = self._replace.get_pattern(), self._replace.content
        if isinstance(pattern, str) and pattern:
            # A literal pattern is found left to right without overlaps, as str.replace does.
            return [token.replace(pattern, content) for token in tokens]
        return [self._replace.normalize_str(token) for token in tokens]

    def to_json(self) -> dict:
        """This decoder as its tokenizer.json entry."""
        return self._replace.to_json()

    @classmethod
    def from_json(cls, data: dict, path: str) -> Replace:
        """Read the decoder from its tokenizer.json entry."""
        decoder = cls.__new__(cls)
        decoder._replace = ReplaceNormalizer.from_json(data, path)
        return decoder
