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
        return list(map(self.strip, tokens))

    def strip(self, token: str) -> str:
        """One token stripped: `Strip(" ", 1, 2).strip("  a   ") -> " a "`."""
        content, start, stop = self.content, 0, 0
        if self.start and token.startswith(content):
            start = min(self.start, len(token) - len(token.lstrip(content)))
        if self.stop and token.endswith(content):
            stop = min(self.stop, len(token) - len(token.rstrip(content)))
        if not (start or stop):
            return token
        # The Rust package panics when the right cut reaches past the left one; we return "".
        return token[start : max(start, len(token) - stop)]

    def to_json(self) -> dict:
        """This decoder as its tokenizer.json entry."""
        return {"type": "Strip", "content": self.content, "start": self.start, "stop": self.stop}

    @classmethod
    def from_json(cls, data: dict, path: str) -> Strip:
        """Read the decoder from its tokenizer.json entry."""
        return cls(char_field(data, "content", path), count_field(data, "start", path), count_field(data, "stop", path))
