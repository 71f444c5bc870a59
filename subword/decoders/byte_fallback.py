"""ByteFallback decoder: turn runs of `<0xNN>` byte tokens back into the text they encode."""

from __future__ import annotations

import re

from .base import Decoder, decoders_registry

# Rust's u8::from_str_radix also accepts a leading "+", so "<0x+A>" is the byte 0x0A.
_BYTE_TOKEN = re.compile(r"<0x([0-9a-fA-F]{2}|\+[0-9a-fA-F])>")


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
        decoded: list[str] = []
        run = bytearray()
        for token in tokens:
            match = _BYTE_TOKEN.fullmatch(token)
            if match:
                run.append(int(match.group(1), 16))
                continue
            if run:
                decoded.extend(_decode_run(run))
                run.clear()
            decoded.append(token)
        if run:
            decoded.extend(_decode_run(run))
        return decoded


def _decode_run(run: bytearray) -> list[str]:
    """`b"\\xc3\\xa9" -> ["é"]`, `b"\\xc3\\xff" -> ["�", "�"]`: all or nothing, unlike lossy decoding."""
    try:
        return [run.decode("utf-8")]
    except UnicodeDecodeError:
        return ["\ufffd"] * len(run)
