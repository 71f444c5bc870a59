"""CTC decoder: collapse the repeated frames and pads of a speech model's output."""

from __future__ import annotations

from itertools import groupby

from ..core.registry import field
from ..errors import expect_str
from .base import Decoder, decoders_registry, expect_bool
from .wordpiece import cleanup as wordpiece_cleanup


@decoders_registry.register("CTC")
class CTC(Decoder):
    """Merge consecutive repeats, drop `pad_token`, and (with cleanup) make `|` a space.

    >>> CTC().decode(["<pad>", "h", "h", "e", "<pad>", "l", "<pad>", "l", "o", "o", "|", "a"])
    'hello a'
    """

    def __init__(self, pad_token: str = "<pad>", word_delimiter_token: str = "|", cleanup: bool = True) -> None:
        self.pad_token = expect_str(pad_token, "pad_token")
        self.word_delimiter_token = expect_str(word_delimiter_token, "word_delimiter_token")
        self.cleanup = expect_bool(cleanup, "cleanup")

    def decode_chain(self, tokens: list[str]) -> list[str]:
        """The non-empty tokens left after merging repeats and removing pads."""
        decoded = []
        for token, _ in groupby(tokens):
            token = token.replace(self.pad_token, "")
            if self.cleanup:
                token = wordpiece_cleanup(token).replace(self.word_delimiter_token, " ")
            if token:
                decoded.append(token)
        return decoded

    def to_json(self) -> dict:
        """This decoder as its tokenizer.json entry."""
        return {
            "type": "CTC",
            "pad_token": self.pad_token,
            "word_delimiter_token": self.word_delimiter_token,
            "cleanup": self.cleanup,
        }

    @classmethod
    def from_json(cls, data: dict, path: str) -> CTC:
        """Read the decoder from its tokenizer.json entry."""
        return cls(
            field(data, "pad_token", str, path),
            field(data, "word_delimiter_token", str, path),
            field(data, "cleanup", bool, path),
        )
