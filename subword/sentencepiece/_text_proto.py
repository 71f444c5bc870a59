"""sentencepiece's `SentencePieceText`: a text, its pieces and where each piece came from.

`encoded_text` builds one from an encoding (as sentencepiece's `PopulateSentencePieceText`),
`decoded_text` from a decoding (as its `Decode` into a proto). `serialize` writes the proto
bytes sentencepiece writes (proto2: a field is written only when it was set, in field-number
order), so `encode(..., return_type='serialized_proto')` gives the same bytes. The objects are
`ImmutableSentencePieceText` (and its n-best list), as sentencepiece 0.2.1's Python module offers.
Spans (`begin`, `end`) are UTF-8 byte offsets until `to_unicode_spans` turns them into char
offsets, as sentencepiece does for its immutable protos. This module parses no proto bytes.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any, Iterator, Sequence

from ._normalize import char_index_of_bytes
from ._proto import CONTROL


@dataclass(eq=False)
class ImmutableSentencePieceText_ImmutableSentencePiece:
    """One piece: its text, id, the surface it covers and the span of that surface."""

    _piece: str = ""
    _id: int = 0
    _surface: str | None = None  # None: the field is not set (control and inner byte pieces)
    _begin: int = 0
    _end: int = 0

    @property
    def piece(self) -> str:
        return self._piece

    @property
    def piece_as_bytes(self) -> bytes:
        return self._piece.encode("utf-8")

    @property
    def id(self) -> int:
        return self._id

    @property
    def surface(self) -> str:
        return self._surface or ""

    @property
    def surface_as_bytes(self) -> bytes:
        return self.surface.encode("utf-8")

    @property
    def begin(self) -> int:
        return self._begin

    @property
    def end(self) -> int:
        return self._end

    def __str__(self) -> str:
        return f'piece: "{self.piece}"\nid: {self.id}\nsurface: "{self.surface}"\nbegin: {self.begin}\nend: {self.end}\n'

    __repr__ = __str__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ImmutableSentencePieceText_ImmutableSentencePiece):
            return NotImplemented
        return (self.piece, self.id, self.surface, self.begin, self.end) == (
            other.piece, other.id, other.surface, other.begin, other.end)

    def __hash__(self) -> int:
        return hash(str(self))


@dataclass(eq=False)
class ImmutableSentencePieceText:
    """A text and its pieces (sentencepiece's SentencePieceText), with `score` for n-best and samples."""

    _text: str = ""
    _pieces: list[ImmutableSentencePieceText_ImmutableSentencePiece] = field(default_factory=list)
    _score: float | None = None  # None: not set

    @property
    def text(self) -> str:
        return self._text

    @property
    def text_as_bytes(self) -> bytes:
        return self._text.encode("utf-8")

    @property
    def score(self) -> float:
        return self._score or 0.0

    @property
    def pieces(self) -> _Items:
        return _Items(self._pieces, "piece")

    def SerializeAsString(self) -> bytes:
        """The proto bytes sentencepiece writes for this text."""
        return serialize_text(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ImmutableSentencePieceText):
            return NotImplemented
        return self.SerializeAsString() == other.SerializeAsString()

    def __hash__(self) -> int:
        return hash(self.SerializeAsString())

    def __str__(self) -> str:
        pieces = "\n".join(f"pieces {{\n{piece}}}" for piece in self._pieces)
        return f'text: "{self.text}"\nscore: {self.score}\n{pieces}'

    __repr__ = __str__


@dataclass(eq=False)
class ImmutableNBestSentencePieceText:
    """Several segmentations of one text (n-best lists, samples), each an ImmutableSentencePieceText."""

    _nbests: list[ImmutableSentencePieceText] = field(default_factory=list)

    @property
    def nbests(self) -> _Items:
        return _Items(self._nbests, "nbests")

    def SerializeAsString(self) -> bytes:
        """The proto bytes sentencepiece writes for this list (NBestSentencePieceText)."""
        return b"".join(_length_delimited(1, serialize_text(text)) for text in self._nbests)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ImmutableNBestSentencePieceText):
            return NotImplemented
        return self.SerializeAsString() == other.SerializeAsString()

    def __hash__(self) -> int:
        return hash(self.SerializeAsString())

    def __str__(self) -> str:
        return "\n".join(f"nbests {{\n{text}}}" for text in self._nbests)

    __repr__ = __str__


class _Items(Sequence):
    """A read-only view of pieces or n-best texts: len, index (negative too), slices, iteration."""

    def __init__(self, items: list, what: str) -> None:
        self._items = items
        self._what = what

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return self._items[index]
        if not -len(self._items) <= index < len(self._items):
            raise IndexError(f"{self._what} index is out of range")
        return self._items[index]

    def __iter__(self) -> Iterator:
        return iter(self._items)

    def __str__(self) -> str:
        return "\n".join(f"{self._what} {{\n{item}}}" for item in self._items)

    __repr__ = __str__


# -- building -----------------------------------------------------------------------------------


def encoded_text(
    text: str,
    normalized: str,
    norm_to_orig: list[int],
    segments: list[tuple[str, int]],
    types: list[int],
    unk_id: int,
    byte_fallback: bool,
    byte_id: dict[str, int],
) -> ImmutableSentencePieceText:
    """The SentencePieceText of an encoding, before unknown pieces are merged or spelled in bytes.

    `norm_to_orig` maps each UTF-8 byte of `normalized` (and its end) to a byte offset of
    `text`. Runs of unknown pieces become one piece; with byte fallback an unknown piece
    becomes its `<0xNN>` byte pieces, the last one holding the surface.
    """
    source = text.encode("utf-8")
    pieces: list[ImmutableSentencePieceText_ImmutableSentencePiece] = []
    consumed = 0
    previous_unknown = False
    for piece, id_ in segments:
        unknown = id_ == unk_id
        if not unknown and types[id_] == CONTROL:
            at = norm_to_orig[consumed]
            pieces.append(ImmutableSentencePieceText_ImmutableSentencePiece(piece, id_, None, at, at))
            previous_unknown = False
            continue
        raw = piece.encode("utf-8")
        begin, end = norm_to_orig[consumed], norm_to_orig[consumed + len(raw)]
        surface = source[begin:end].decode("utf-8", "replace")
        if unknown and byte_fallback:
            for index, byte in enumerate(raw):
                name = f"<0x{byte:02X}>"
                last = index == len(raw) - 1
                pieces.append(ImmutableSentencePieceText_ImmutableSentencePiece(
                    name, byte_id[name], surface if last else None, begin, end if last else begin))
        elif unknown and previous_unknown:
            last_piece = pieces[-1]
            last_piece._piece += piece
            last_piece._surface = (last_piece._surface or "") + surface
            last_piece._end = end
        else:
            pieces.append(ImmutableSentencePieceText_ImmutableSentencePiece(piece, id_, surface, begin, end))
        consumed += len(raw)
        previous_unknown = unknown
    return ImmutableSentencePieceText(text, pieces)


def decoded_text(pieces: list[tuple[str, int]], surfaces: list[str], text: str) -> ImmutableSentencePieceText:
    """The SentencePieceText of a decoding: each piece with the surface it decoded to (spans in bytes)."""
    out = []
    position = 0
    for (piece, id_), surface in zip(pieces, surfaces):
        size = len(surface.encode("utf-8"))
        out.append(ImmutableSentencePieceText_ImmutableSentencePiece(piece, id_, surface, position, position + size))
        position += size
    return ImmutableSentencePieceText(text, out)


def to_unicode_spans(text: ImmutableSentencePieceText) -> ImmutableSentencePieceText:
    """Turn byte spans into char spans of `text.text`, in place (sentencepiece's ConvertToUnicodeSpans).

    A byte offset inside a char maps to that char: with text "añ", byte spans (1, 3) -> (1, 2).
    """
    if not text._text:
        return text
    char_at = char_index_of_bytes(text._text)
    last = len(char_at) - 1
    for piece in text._pieces:
        piece._begin = char_at[min(max(piece._begin, 0), last)]
        piece._end = char_at[min(max(piece._end, 0), last)]
    return text


# -- serializing --------------------------------------------------------------------------------


def _varint(value: int) -> bytes:
    """Base-128 varint of a non-negative int: 300 -> b'\\xac\\x02'."""
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _length_delimited(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _uint32(number: int, value: int) -> bytes:
    return _varint(number << 3) + _varint(value & 0xFFFFFFFF)


def serialize_piece(piece: ImmutableSentencePieceText_ImmutableSentencePiece) -> bytes:
    """SentencePieceText.SentencePiece: piece (1), id (2), surface (3, when set), begin (4), end (5)."""
    out = _length_delimited(1, piece._piece.encode("utf-8")) + _uint32(2, piece._id)
    if piece._surface is not None:
        out += _length_delimited(3, piece._surface.encode("utf-8"))
    return out + _uint32(4, piece._begin) + _uint32(5, piece._end)


def serialize_text(text: ImmutableSentencePieceText) -> bytes:
    """SentencePieceText: text (1), pieces (2), score (3, a float, when set)."""
    out = _length_delimited(1, text._text.encode("utf-8"))
    out += b"".join(_length_delimited(2, serialize_piece(piece)) for piece in text._pieces)
    if text._score is not None:
        out += _varint(3 << 3 | 5) + struct.pack("<f", text._score)
    return out
