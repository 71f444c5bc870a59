"""ByteLevel decoder: turn GPT-2's byte-level characters (`Ġ` for a space...) back into text."""

from __future__ import annotations

from itertools import accumulate
from typing import Any

from ..text.byte_level import from_byte_chars
from ..pre_tokenizers.byte_level import ByteLevel as ByteLevelPreTokenizer
from .base import Decoder, decoders_registry


@decoders_registry.register("ByteLevel")
class ByteLevel(Decoder):
    """Map each byte-level char back to its byte and decode all bytes at once as UTF-8.

    A token with a char outside the byte-level alphabet is taken as its own UTF-8 bytes.
    Bytes that are not valid UTF-8 become `�`. The options only matter to the ByteLevel
    pre-tokenizer, whose settings and tokenizer.json entry this decoder shares (as in Rust).

    >>> ByteLevel().decode(["Hello", "Ġw", "Ã¶", "rld", "Ċ"])
    'Hello wörld\\n'
    """

    def __init__(
        self, *, add_prefix_space: bool = True, trim_offsets: bool = True, use_regex: bool = True, **_kwargs: Any
    ) -> None:
        # Other keywords (the "type" of `ByteLevel(**json.loads(decoder.__getstate__()))`) are ignored, as in Rust.
        self._settings = ByteLevelPreTokenizer(add_prefix_space, trim_offsets, use_regex)

    def decode_chain(self, tokens: list[str]) -> list[str]:
        """One token: the decoded text."""
        joined = from_byte_chars("".join(tokens))  # all at once when every char is a byte-level one
        data = joined if joined is not None else b"".join(map(token_bytes, tokens))
        return [data.decode("utf-8", errors="replace")]

    def to_json(self) -> dict:
        """This decoder as its tokenizer.json entry."""
        return self._settings.to_json()

    @classmethod
    def from_json(cls, data: dict, path: str) -> ByteLevel:
        """Read the decoder from its tokenizer.json entry (`use_regex` may be missing: true)."""
        decoder = cls.__new__(cls)
        decoder._settings = ByteLevelPreTokenizer.from_json(data, path)
        return decoder


def tokens_byte_strings(tokens: list[str]) -> list[str]:
    """The bytes each token stands for (`token_bytes`) as a *byte string*: a str holding one
    char U+0000..U+00FF per byte, its Latin-1 decoding. Byte strings join as str, much faster
    than bytes do, and `"".join(them).encode("latin-1")` is the joined bytes. In one pass of the
    codec when all the tokens' chars are byte-level ones (each char then stands for one byte, so
    the result splits at the tokens' lengths).

    >>> tokens_byte_strings(["Ġw", "Ã©", "", "a b"])  # (a space is not a byte-level char: UTF-8)
    [' w', 'Ã©', '', 'a b']
    """
    data = from_byte_chars("".join(tokens)) if len(tokens) >= 8 else None  # (a few: the bulk steps cost more)
    if data is None:
        return list(map(token_byte_string, tokens))
    text = data.decode("latin-1")
    ends = list(accumulate(map(len, tokens)))
    return [text[start:end] for start, end in zip([0, *ends], ends)]


def token_byte_string(token: str) -> str:
    """The bytes one token stands for as a byte string (see `tokens_byte_strings`)."""
    return token_bytes(token).decode("latin-1")


def token_bytes(token: str) -> bytes:
    """The bytes a token stands for: `"Ġw" -> b" w"`; a token with another char is its UTF-8."""
    data = from_byte_chars(token)
    return token.encode("utf-8") if data is None else data


def decode_byte_strings(units: list[str]) -> str:
    """The text of joined byte strings (`tokens_byte_strings`): their bytes decoded as UTF-8,
    invalid bytes as `�`, as the ByteLevel decoder does."""
    return "".join(units).encode("latin-1").decode("utf-8", errors="replace")
