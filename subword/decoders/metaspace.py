"""Metaspace decoder: turn the `▁` that stood for spaces back into spaces."""

from __future__ import annotations

from ..pre_tokenizers.metaspace import Metaspace as MetaspacePreTokenizer
from ..pre_tokenizers.metaspace import PrependScheme
from .base import Decoder, decoders_registry


@decoders_registry.register("Metaspace")
class Metaspace(Decoder):
    """Replace `replacement` by a space; in the first token (unless prepend_scheme="never") drop it.

    The settings, their checks and their tokenizer.json entry are the Metaspace pre-tokenizer's,
    as in Rust, where one object plays both parts.

    >>> Metaspace().decode(["▁Hello", "▁wor", "ld"])
    'Hello world'
    """

    def __init__(self, replacement: str = "▁", prepend_scheme: PrependScheme = "always", split: bool = True) -> None:
        self._settings = MetaspacePreTokenizer(replacement, prepend_scheme, split)

    @property
    def replacement(self) -> str:
        """The one character that stands for a space."""
        return self._settings.replacement

    @replacement.setter
    def replacement(self, value: str) -> None:
        self._settings.replacement = value  # checked there

    @property
    def prepend_scheme(self) -> PrependScheme:
        """"always", "first" or "never": whether the first token's replacement is dropped."""
        return self._settings.prepend_scheme

    @prepend_scheme.setter
    def prepend_scheme(self, value: PrependScheme) -> None:
        self._settings.prepend_scheme = value  # checked there

    @property
    def split(self) -> bool:
        """Only used by the pre-tokenizer; kept so the entry round-trips."""
        return self._settings.split

    @split.setter
    def split(self, value: bool) -> None:
        self._settings.split = value  # checked there

    def decode_chain(self, tokens: list[str]) -> list[str]:
        """Every token with its replacement characters made spaces (removed in the first token)."""
        replacement = self.replacement
        decoded = [token.replace(replacement, " ") for token in tokens]
        if decoded and self.prepend_scheme != "never":
            decoded[0] = self.decode_firsts(tokens[:1])[0]
        return decoded

    def decode_first_and_middle(self, token: str) -> tuple[str, str]:
        """`decode_chain([token, token])` in one go, for a stream's first look at an id."""
        settings = self._settings
        middle = token.replace(settings.replacement, " ")
        return (middle if settings.prepend_scheme == "never" else token.replace(settings.replacement, "")), middle

    def decode_firsts(self, tokens: list[str]) -> list[str]:
        """What `decode_chain` makes of each token as the first one (prepend_scheme not "never")."""
        replacement = self.replacement
        # Every replacement of the first token goes, not only a leading one: the Rust rule.
        return [token.replace(replacement, "") for token in tokens]

    def to_json(self) -> dict:
        """This decoder as its tokenizer.json entry."""
        return self._settings.to_json()

    @classmethod
    def from_json(cls, data: dict, path: str) -> Metaspace:
        """Read the decoder from its tokenizer.json entry, including the older `add_prefix_space`."""
        decoder = cls.__new__(cls)
        decoder._settings = MetaspacePreTokenizer.from_json(data, path)
        return decoder
