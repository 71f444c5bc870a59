"""Metaspace decoder: turn the `▁` that stood for spaces back into spaces."""

from __future__ import annotations

from typing import Literal

from .._json import field
from ..errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError, type_name
from .base import Decoder, char_field, decoders_registry, expect_bool, expect_char

PrependScheme = Literal["first", "never", "always"]
_SCHEMES = ("first", "never", "always")


@decoders_registry.register("Metaspace")
class Metaspace(Decoder):
    """Replace `replacement` by a space; in the first token (unless prepend_scheme="never") drop it.

    >>> Metaspace().decode(["▁Hello", "▁wor", "ld"])
    'Hello world'
    """

    def __init__(self, replacement: str = "▁", prepend_scheme: PrependScheme = "always", split: bool = True) -> None:
        self.replacement = expect_char(replacement, "replacement")
        if not isinstance(prepend_scheme, str):
            raise ArgumentTypeError(f"prepend_scheme must be a str, got {type_name(prepend_scheme)}")
        if prepend_scheme not in _SCHEMES:
            raise ArgumentValueError(f"prepend_scheme must be one of {', '.join(_SCHEMES)}; got {prepend_scheme!r}")
        self.prepend_scheme = prepend_scheme
        self.split = expect_bool(split, "split")

    def decode_chain(self, tokens: list[str]) -> list[str]:
        """Every token with its replacement characters made spaces (removed in the first token)."""
        decoded = [token.replace(self.replacement, " ") for token in tokens]
        if decoded and self.prepend_scheme != "never":
            # Every replacement of the first token goes, not only a leading one: the Rust rule.
            decoded[0] = tokens[0].replace(self.replacement, "")
        return decoded

    def to_json(self) -> dict:
        """This decoder as its tokenizer.json entry."""
        return {
            "type": "Metaspace",
            "replacement": self.replacement,
            "prepend_scheme": self.prepend_scheme,
            "split": self.split,
        }

    @classmethod
    def from_json(cls, data: dict, path: str) -> Metaspace:
        """Read the decoder from its tokenizer.json entry, including the older `add_prefix_space`."""
        replacement, prepend_scheme, split = read_metaspace_fields(data, path)
        return cls(replacement, prepend_scheme, split)


def read_metaspace_fields(data: dict, path: str) -> tuple[str, PrependScheme, bool]:
    """(replacement, prepend_scheme, split) of a Metaspace entry; `add_prefix_space: false` means "never"."""
    replacement = char_field(data, "replacement", path)
    scheme = field(data, "prepend_scheme", str, path, default="always")
    if scheme not in _SCHEMES:
        raise TokenizerFileError(f"{path}.prepend_scheme: expected one of {', '.join(_SCHEMES)}, got {scheme!r:.60}")
    if field(data, "add_prefix_space", (bool, type(None)), path, default=None) is False:
        if scheme != "never":
            raise TokenizerFileError(f"{path}: add_prefix_space false does not match prepend_scheme {scheme!r}")
        scheme = "never"
    split = field(data, "split", (bool, type(None)), path, default=None)
    field(data, "str_rep", (str, type(None)), path, default=None)  # older files carry it; it is derived
    return replacement, scheme, True if split is None else split
