"""BPEDecoder: turn the end-of-word suffix of BPE tokens (`</w>`) back into spaces."""

from __future__ import annotations

from ..core.registry import field
from ..errors import expect_str
from .base import Decoder, decoders_registry


@decoders_registry.register("BPEDecoder")
class BPEDecoder(Decoder):
    """Replace `suffix` by a space in every token, and by nothing in the last one.

    >>> BPEDecoder().decode(["hel", "lo</w>", "world</w>"])
    'hello world'
    """

    def __init__(self, suffix: str = "</w>") -> None:
        self.suffix = expect_str(suffix, "suffix")

    def decode_chain(self, tokens: list[str]) -> list[str]:
        """Every token with its suffixes replaced."""
        last = len(tokens) - 1
        return [token.replace(self.suffix, "" if i == last else " ") for i, token in enumerate(tokens)]

    def to_json(self) -> dict:
        """This decoder as its tokenizer.json entry."""
        return {"type": "BPEDecoder", "suffix": self.suffix}

    @classmethod
    def from_json(cls, data: dict, path: str) -> BPEDecoder:
        """Read the decoder from its tokenizer.json entry."""
        return cls(field(data, "suffix", str, path))
