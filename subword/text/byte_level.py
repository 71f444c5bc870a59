"""The byte-level alphabet of GPT-2: each of the 256 byte values shown as a printable char.

Printable Latin-1 bytes (`!`..`~`, `¡`..`¬`, `®`..`ÿ`) stand for themselves; the other 68 bytes
(controls, space, soft hyphen) take the chars from U+0100 on, in byte order, so that space is
`Ġ` (U+0120) and newline is `Ċ` (U+010A). The ByteLevel pre-tokenizer, decoder and processor
and the BPE model all read these tables from here.
"""

from __future__ import annotations

from codecs import charmap_build, charmap_decode, charmap_encode


def _byte_to_char_table() -> list[str]:
    printable = [*range(ord("!"), ord("~") + 1), *range(0xA1, 0xAC + 1), *range(0xAE, 0xFF + 1)]
    chars = [""] * 256
    for byte in printable:
        chars[byte] = chr(byte)
    stand_in = 0x100
    for byte in range(256):
        if not chars[byte]:
            chars[byte] = chr(stand_in)
            stand_in += 1
    return chars


BYTE_TO_CHAR: list[str] = _byte_to_char_table()
CHAR_TO_BYTE: dict[str, int] = {char: byte for byte, char in enumerate(BYTE_TO_CHAR)}

# A charmap codec table: the char at index b decodes byte b.
_DECODING_TABLE = "".join(BYTE_TO_CHAR)
# Its inverse, for charmap_encode: a byte-level char -> its byte; any other char is an error.
_ENCODING_MAP = charmap_build(_DECODING_TABLE)


def to_byte_chars(text: str) -> str:
    """The UTF-8 bytes of `text`, each shown as its byte-level char.

    >>> to_byte_chars("a é")
    'aĠÃ©'
    """
    return charmap_decode(text.encode("utf-8"), "strict", _DECODING_TABLE)[0]


def to_byte_chars_each(texts: list[str]) -> list[str]:
    """`[to_byte_chars(text) for text in texts]`, in one codec call when no text holds a NUL.

    >>> to_byte_chars_each(["a", "", " é"])
    ['a', '', 'ĠÃ©']
    """
    joined = "\0".join(texts)
    # NUL is the separator: its byte-level char (Ā) then stands only for the joins
    if len(texts) < 2 or joined.count("\0") != len(texts) - 1:
        return [to_byte_chars(text) for text in texts]
    return to_byte_chars(joined).split(BYTE_TO_CHAR[0])


def from_byte_chars(text: str) -> bytes | None:
    """The bytes that byte-level chars stand for, or None if some char is not one of them.

    >>> from_byte_chars("aĠÃ©").decode()
    'a é'
    """
    try:
        return charmap_encode(text, "strict", _ENCODING_MAP)[0]
    except UnicodeEncodeError:
        return None
