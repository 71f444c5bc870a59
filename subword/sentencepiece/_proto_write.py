"""Write a `ModelProto` as the bytes of a sentencepiece `.model` (protocol buffers, proto2).

The inverse of `_proto.parse_model_proto`, with the same field numbers (`_proto.PIECE_FIELDS`,
`TRAINER_FIELDS`, `NORMALIZER_FIELDS`): every field the reader keeps is written, in field
number order, as protobuf's own serializer does. Fields the reader skips (trainer options such
as `input` or `character_coverage`) are not written, so sentencepiece sees their defaults.
"""

from __future__ import annotations

import struct

from ._proto import (
    BYTES,
    DENORMALIZER_SPEC,
    FIXED32,
    NORMALIZER_FIELDS,
    NORMALIZER_SPEC,
    PIECE_FIELDS,
    PIECES,
    TRAINER_FIELDS,
    TRAINER_SPEC,
    VARINT,
    ModelProto,
    NormalizerSpec,
)


def varint(value: int) -> bytes:
    """Base-128 varint; a negative int32 is written as its 64-bit two's complement (10 bytes).

    >>> varint(150), varint(-1)[-1]
    (b'\\x96\\x01', 1)
    """
    if value < 0:
        value += 1 << 64
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _tag(number: int, wire_type: int) -> bytes:
    return varint(number << 3 | wire_type)


def _field(number: int, method: str, value: object) -> bytes:
    """One field, encoded as the reader method `method` reads it back."""
    if method in ("str_value", "bytes_value"):
        raw = value.encode("utf-8") if isinstance(value, str) else bytes(value)  # type: ignore[call-overload]
        return _tag(number, BYTES) + varint(len(raw)) + raw
    if method == "float_value":
        return _tag(number, FIXED32) + struct.pack("<f", value)
    return _tag(number, VARINT) + varint(int(value))  # type: ignore[call-overload]


def _message(target: object, fields: dict[int, tuple[str, str]]) -> bytes:
    return b"".join(_field(number, method, getattr(target, name)) for number, (name, method) in sorted(fields.items()))


def _embedded(number: int, body: bytes) -> bytes:
    return _tag(number, BYTES) + varint(len(body)) + body


def serialize_model_proto(proto: ModelProto) -> bytes:
    """The `.model` bytes of `proto`; `parse_model_proto` reads back an equal ModelProto."""
    parts = [_embedded(PIECES, _message(piece, PIECE_FIELDS)) for piece in proto.pieces]
    parts.append(_embedded(TRAINER_SPEC, _message(proto.trainer_spec, TRAINER_FIELDS)))
    parts.append(_embedded(NORMALIZER_SPEC, _normalizer(proto.normalizer_spec)))
    if proto.denormalizer_spec is not None:
        parts.append(_embedded(DENORMALIZER_SPEC, _normalizer(proto.denormalizer_spec)))
    return b"".join(parts)


def _normalizer(spec: NormalizerSpec) -> bytes:
    # An empty charsmap is left out (protobuf would write it as b"": the same to every reader).
    fields = {n: f for n, f in NORMALIZER_FIELDS.items() if f[0] != "precompiled_charsmap" or spec.precompiled_charsmap}
    return _message(spec, fields)
