"""ByteLevel decoder: turn GPT-2's byte-level characters (`Ġ` for a space...) back into text."""

from __future__ import annotations

from .._byte_level import from_byte_chars
from .._json import field
from .base import Decoder, decoders_registry, expect_bool


@decoders_registry.register("ByteLevel")
class ByteLevel(Decoder):
    """Map each byte-level char back to its byte and decode all bytes at once as UTF-8.

    A token with a char outside the byte-level alphabet is taken as its own UTF-8 bytes.
    Bytes that are not valid UTF-8 become `�`. The options only matter to the ByteLevel
    pre-tokenizer and processor; they are kept so the tokenizer.json entry round-trips.

    >>> ByteLevel().decode(["Hello", "Ġw", "Ã¶", "rld", "Ċ"])
    'Hello wörld\\n'
    """

    def __init__(self, *, add_prefix_space: bool = True, trim_offsets: bool = True, use_regex: bool = True) -> None:
        self.add_prefix_space = expect_bool(add_prefix_space, "add_prefix_space")
        self.trim_offsets = expect_bool(trim_offsets, "trim_offsets")
        self.use_regex = expect_bool(use_regex, "use_regex")

    def decode_chain(self, tokens: list[str]) -> list[str]:
        """One token: the decoded text."""
        data = b"".join(_token_bytes(token) for token in tokens)
        return [data.decode("utf-8", errors="replace")]

    def to_json(self) -> dict:
        """This decoder as its tokenizer.json entry."""
        return {
            "type": "ByteLevel",
            "add_prefix_space": self.add_prefix_space,
            "trim_offsets": self.trim_offsets,
            "use_regex": self.use_regex,
        }

    @classmethod
    def from_json(cls, data: dict, path: str) -> ByteLevel:
        """Read the decoder from its tokenizer.json entry (`use_regex` may be missing: true)."""
        return cls(
            add_prefix_space=field(data, "add_prefix_space", bool, path),
            trim_offsets=field(data, "trim_offsets", bool, path),
            use_regex=field(data, "use_regex", bool, path, default=True),
        )


def _token_bytes(token: str) -> bytes:
    data = from_byte_chars(token)
    return token.encode("utf-8") if data is None else data
