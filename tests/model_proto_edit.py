"""Edit the bytes of a real sentencepiece `.model` one field at a time, for tests of bad models.

A `.model` is a protobuf `ModelProto`: pieces (field 1), trainer_spec (2), normalizer_spec (3),
... `ModelBytes` splits the top level into raw fields, decodes only the pieces, and writes the
file back with every other byte unchanged, so a test can change one thing (a piece's text,
score or type; one trainer or normalizer field) and keep the rest of a shared fixture.

>>> model = ModelBytes(serialize_fields([(1, b"\\x0a\\x01a\\x15\\x00\\x00\\x80\\xbf\\x18\\x01")]))
>>> model.pieces
[['a', -1.0, 1]]
>>> model.pieces[0][0] = "b"
>>> ModelBytes(model.to_bytes()).pieces
[['b', -1.0, 1]]
"""

from __future__ import annotations

import struct

VARINT, FIXED64, BYTES, FIXED32 = 0, 1, 2, 5


def varint(value: int) -> bytes:
    """Base-128 varint of `value` (negative values as 64-bit two's complement)."""
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _read_varint(data: bytes, position: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, position
        shift += 7


def split_fields(data: bytes) -> list[tuple[int, int, bytes]]:
    """(field number, wire type, value bytes) of each field of one message (no groups)."""
    fields = []
    position = 0
    while position < len(data):
        tag, position = _read_varint(data, position)
        number, wire_type = tag >> 3, tag & 7
        if wire_type == VARINT:
            start = position
            _, position = _read_varint(data, position)
            value = data[start:position]
        elif wire_type == BYTES:
            size, position = _read_varint(data, position)
            value = data[position : position + size]
            position += size
        elif wire_type in (FIXED32, FIXED64):
            size = 4 if wire_type == FIXED32 else 8
            value = data[position : position + size]
            position += size
        else:
            raise ValueError(f"wire type {wire_type} is not handled by this test helper")
        fields.append((number, wire_type, value))
    return fields


def serialize_fields(fields: list[tuple[int, bytes]] | list[tuple[int, int, bytes]]) -> bytes:
    """The bytes of a message made of (number, value bytes) length-delimited fields, or of
    (number, wire type, value bytes) triples as `split_fields` returns them."""
    out = bytearray()
    for entry in fields:
        number, wire_type, value = entry if len(entry) == 3 else (entry[0], BYTES, entry[1])
        out += varint(number << 3 | wire_type)
        out += varint(len(value)) + value if wire_type == BYTES else value
    return bytes(out)


class ModelBytes:
    """A `.model` file as editable pieces (`[text, score, type]` lists) plus raw other fields."""

    def __init__(self, data: bytes) -> None:
        self.fields = split_fields(data)
        self.pieces: list[list] = []
        self._original: dict[tuple, bytes] = {}  # unchanged pieces are written back byte for byte
        for number, _, value in self.fields:
            if number == 1:
                piece: list = ["", 0.0, 1]
                for inner, _, inner_value in split_fields(value):
                    if inner == 1:
                        piece[0] = inner_value.decode("utf-8", "surrogateescape")
                    elif inner == 2:
                        piece[1] = struct.unpack("<f", inner_value)[0]
                    elif inner == 3:
                        piece[2] = _read_varint(inner_value, 0)[0]
                self.pieces.append(piece)
                self._original.setdefault(tuple(piece), value)

    @classmethod
    def read(cls, path: object) -> ModelBytes:
        with open(path, "rb") as handle:  # type: ignore[call-overload]
            return cls(handle.read())

    def set_spec_field(self, spec_number: int, field_number: int, wire_type: int, value: bytes | None) -> None:
        """Set (or with None remove) one field of trainer_spec (2) or normalizer_spec (3)."""
        for index, (number, outer_type, body) in enumerate(self.fields):
            if number == spec_number:
                inner = [f for f in split_fields(body) if f[0] != field_number]
                if value is not None:
                    inner.append((field_number, wire_type, value))
                self.fields[index] = (number, outer_type, serialize_fields(inner))
                return
        if value is not None:
            self.fields.append((spec_number, BYTES, serialize_fields([(field_number, wire_type, value)])))

    def to_bytes(self) -> bytes:
        """The file: the (edited) pieces first, as sentencepiece writes them, then every other
        field unchanged and in its order."""
        out = [(1, BYTES, self._original.get(tuple(piece)) or _piece_bytes(*piece)) for piece in self.pieces]
        out += [field for field in self.fields if field[0] != 1]
        return serialize_fields(out)


def _piece_bytes(text: str, score: float, type_: int) -> bytes:
    return serialize_fields(
        [
            (1, BYTES, text.encode("utf-8", "surrogateescape")),
            (2, FIXED32, struct.pack("<f", score)),
            (3, VARINT, varint(type_)),
        ]
    )
