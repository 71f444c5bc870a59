"""Strip decoder: remove up to `left` / `right` copies of a character from each token's ends."""

from __future__ import annotations

from .base import Decoder, char_field, count_field, decoders_registry, expect_char, expect_count


@decoders_registry.register("Strip")
class Strip(Decoder):
    """Strip `content` from the ends of every token.

    >>> Strip(" ", left=1).decode(["  a", " b"])
    ' ab'
    """

    def __init__(self, content: str = " ", left: int = 0, right: int = 0) -> None:
        self.content = expect_char(content, "content")
        # stored under the names the tokenizer.json entry and the Rust objects use
        self.start = expect_count(left, "left")
        self.stop = expect_count(right, "right")

    def decode_chain(self, tokens: list[str]) -> list[str]:
        """Each token without up to `start` leading and `stop` trailing copies of `content`."""
        return [self._strip(token) for token in tokens]

    def _strip(self, token: str) -> str:
        start = 0
        while start < min(self.start, len(token)) and token[start] == self.content:
            start += 1
        # The Rust package panics when the right cut reaches past the left one; we return "".
        stop = len(token)
        while len(token) - stop < self.stop and stop > start and token[stop - 1] == self.content:
            stop -= 1
        return token[start:stop]

    def to_json(self) -> dict:
        """This decoder as its tokenizer.json entry."""
        return {"type": "Strip", "content": self.content, "start": self.start, "stop": self.stop}

    @classmethod
    def from_json(cls, data: dict, path: str) -> Strip:
        """Read the decoder from its tokenizer.json entry."""
        return cls(char_field(data, "content", path), count_field(data, "start", path), count_field(data, "stop", path))
