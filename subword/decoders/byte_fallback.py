"""ByteFallback decoder: turn runs of `<0xNN>` byte tokens back into the text they encode."""

from __future__ import annotations

from .base import Decoder, decoders_registry

_HEX_DIGITS = "0123456789abcdefABCDEF"
# Every byte token, with its byte: `<0x` two hex digits `>`, or, since Rust's u8::from_str_radix
# also accepts a leading "+", `<0x+` one digit `>`. "<0x0a>", "<0x0A>" and "<0x+A>" are all 10.
_BYTE_TOKENS: dict[str, int] = {
    **{f"<0x{high}{low}>": int(high + low, 16) for high in _HEX_DIGITS for low in _HEX_DIGITS},
    **{f"<0x+{digit}>": int(digit, 16) for digit in _HEX_DIGITS},
}


def byte_token_value(token: str) -> int | None:
    """The byte a `<0xNN>` token stands for, or None: `"<0xE9>" -> 233`, `"e" -> None`."""
    return _BYTE_TOKENS.get(token)


def byte_token_values(tokens: list[str]) -> list[int | None]:
    """`byte_token_value` of each token, in one pass."""
    return list(map(_BYTE_TOKENS.get, tokens))


@decoders_registry.register("ByteFallback")
class ByteFallback(Decoder):
    """Decode byte tokens as UTF-8; a run that is not valid UTF-8 gives one `�` per byte.

    >>> ByteFallback().decode(["a", "<0xC3>", "<0xA9>", "b", "<0xFF>"])
    'aéb�'
    >>> ByteFallback().decode(["<0xC3>", "<0xA9>", "<0xFF>"])
    '���'
    """

    def decode_chain(self, tokens: list[str]) -> list[str]:
        """The tokens, with each run of byte tokens replaced by its text."""
        if _BYTE_TOKENS.keys().isdisjoint(tokens):
            return list(tokens)
        decoded: list[str] = []
        run = bytearray()
        for token in tokens:
            value = _BYTE_TOKENS.get(token)
            if value is not None:
                run.append(value)
                continue
            if run:
                decoded.extend(decode_byte_run(run))
                run.clear()
            decoded.append(token)
        if run:
            decoded.extend(decode_byte_run(run))
        return decoded


def decode_byte_run(run: bytearray) -> list[str]:
    """`b"\\xc3\\xa9" -> ["é"]`, `b"\\xc3\\xff" -> ["�", "�"]`: all or nothing, unlike lossy decoding."""
    try:
        return [run.decode("utf-8")]
    except UnicodeDecodeError:
        return ["\ufffd"] * len(run)
