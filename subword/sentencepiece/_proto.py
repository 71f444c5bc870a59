"""Read a sentencepiece `.model` file: a serialized `ModelProto` (protocol buffers, proto2).

Only the fields that encoding and decoding need are kept; every other field is skipped by its
wire type. The reader is a loop over (tag, value) pairs with no recursion beyond the fixed
nesting of the schema (ModelProto -> SentencePiece / TrainerSpec / NormalizerSpec), so a
malformed file fails fast with a TokenizerFileError naming the byte offset and the field.
The field numbers live here once, for this reader and for the writer (`_proto_write.py`).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Callable, Iterator

from ..errors import ModelFileError

VARINT, FIXED64, BYTES, GROUP_START, GROUP_END, FIXED32 = 0, 1, 2, 3, 4, 5
_MAX_VARINT_BYTES = 10
_MAX_DEPTH = 100  # protobuf's recursion limit: messages and groups nest at most 100 deep

# ModelProto.SentencePiece.Type
NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE = 1, 2, 3, 4, 5, 6
# TrainerSpec.ModelType
UNIGRAM, BPE, WORD, CHAR = 1, 2, 3, 4
# ModelProto's fields
PIECES, TRAINER_SPEC, NORMALIZER_SPEC, DENORMALIZER_SPEC = 1, 2, 3, 5


@dataclass
class Piece:
    """One vocabulary entry: its text, its score (a float32) and its type (NORMAL, CONTROL...)."""

    piece: str = ""
    score: float = 0.0
    type: int = NORMAL


@dataclass
class TrainerSpec:
    """The trainer settings that matter when encoding: model type, byte fallback, special pieces."""

    model_type: int = UNIGRAM
    vocab_size: int = 8000
    byte_fallback: bool = False
    treat_whitespace_as_suffix: bool = False
    unk_id: int = 0
    bos_id: int = 1
    eos_id: int = 2
    pad_id: int = -1
    unk_piece: str = "<unk>"
    bos_piece: str = "<s>"
    eos_piece: str = "</s>"
    pad_piece: str = "<pad>"
    unk_surface: str = " \u2047 "


@dataclass
class NormalizerSpec:
    """How text is normalized before (or, as a denormalizer, after) segmentation."""

    name: str = ""
    precompiled_charsmap: bytes = b""
    add_dummy_prefix: bool = True
    remove_extra_whitespaces: bool = True
    escape_whitespaces: bool = True


@dataclass
class ModelProto:
    """A parsed `.model` file."""

    pieces: list[Piece] = field(default_factory=list)
    trainer_spec: TrainerSpec = field(default_factory=TrainerSpec)
    normalizer_spec: NormalizerSpec = field(default_factory=NormalizerSpec)
    denormalizer_spec: NormalizerSpec | None = None


class _Reader:
    """Walks the fields of one message inside `data[start:end]`; `source` names the file in errors."""

    def __init__(self, data: bytes, start: int, end: int, source: str, message: str, depth: int = 0) -> None:
        self.data = data
        self.position = start
        self.end = end
        self.source = source
        self.message = message
        self.depth = depth  # how many messages enclose this one

    def error(self, what: str, offset: int | None = None) -> ModelFileError:
        at = self.position if offset is None else offset
        return ModelFileError(f"{self.source}: {what} (byte offset {at}); is it a sentencepiece .model file?")

    def varint(self) -> int:
        """Read one base-128 varint: b'\\x96\\x01' -> 150."""
        data, position, start = self.data, self.position, self.position
        result = shift = 0
        while True:
            if position >= self.end:
                raise self.error(f"truncated varint in {self.message}", start)
            byte = data[position]
            position += 1
            result |= (byte & 0x7F) << shift
            if byte < 0x80:
                break
            shift += 7
            if position - start >= _MAX_VARINT_BYTES:
                raise self.error(f"varint longer than 10 bytes in {self.message}", start)
        self.position = position
        return result

    def take(self, size: int, what: str) -> int:
        """Skip `size` bytes and return where they start."""
        start = self.position
        if size > self.end - start:
            raise self.error(f"{what} needs {size} bytes but only {self.end - start} remain", start)
        self.position = start + size
        return start

    def fields(self) -> Iterator[tuple[int, int, int]]:
        """(field number, wire type, offset of the tag) of each field, the reader left on its value."""
        while self.position < self.end:
            offset = self.position
            tag = self.varint()
            number, wire_type = tag >> 3, tag & 7
            if number == 0:
                raise self.error(f"field number 0 in {self.message}", offset)
            yield number, wire_type, offset

    def skip(self, number: int, wire_type: int, offset: int) -> None:
        """Skip the value of a field this reader does not use."""
        if wire_type == VARINT:
            self.varint()
        elif wire_type == FIXED64:
            self.take(8, f"field {number} of {self.message}")
        elif wire_type == FIXED32:
            self.take(4, f"field {number} of {self.message}")
        elif wire_type == BYTES:
            self.take(self.varint(), f"field {number} of {self.message}")
        elif wire_type == GROUP_START:
            self._skip_group(number, offset)
        else:
            raise self.error(f"field {number} of {self.message} has invalid wire type {wire_type}", offset)

    def _skip_group(self, number: int, offset: int) -> None:
        # Groups nest; a stack of open group numbers keeps this a loop, not a recursion.
        open_groups = [number]
        while open_groups:
            if self.position >= self.end:
                raise self.error(f"group {number} of {self.message} is never closed", offset)
            tag_offset = self.position
            tag = self.varint()
            inner, wire_type = tag >> 3, tag & 7
            if wire_type == GROUP_START:
                if self.depth + len(open_groups) >= _MAX_DEPTH:
                    raise self.error(f"groups nested deeper than {_MAX_DEPTH} in {self.message} (protobuf's limit)", tag_offset)
                open_groups.append(inner)
            elif wire_type == GROUP_END:
                if open_groups.pop() != inner:
                    raise self.error(f"group end {inner} does not match its start in {self.message}", tag_offset)
            else:
                self.skip(inner, wire_type, tag_offset)

    def expect(self, wire_type: int, expected: int, name: str, offset: int) -> None:
        if wire_type != expected:
            names = {VARINT: "varint", FIXED64: "fixed64", BYTES: "length-delimited", FIXED32: "fixed32"}
            raise self.error(
                f"field {name} has wire type {wire_type}, expected {expected} ({names[expected]})", offset
            )

    # -- typed values -------------------------------------------------------------------------

    def bytes_value(self, wire_type: int, name: str, offset: int) -> bytes:
        self.expect(wire_type, BYTES, name, offset)
        start = self.take(self.varint(), f"field {name}")
        return self.data[start : self.position]

    def str_value(self, wire_type: int, name: str, offset: int) -> str:
        raw = self.bytes_value(wire_type, name, offset)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise self.error(f"field {name} is not valid UTF-8", offset) from error

    def int_value(self, wire_type: int, name: str, offset: int) -> int:
        """An int32/enum: the low 32 bits of a varint, as two's complement (as protobuf reads it)."""
        self.expect(wire_type, VARINT, name, offset)
        value = self.varint() & 0xFFFFFFFF
        return value - (1 << 32) if value >= 1 << 31 else value

    def bool_value(self, wire_type: int, name: str, offset: int) -> bool:
        self.expect(wire_type, VARINT, name, offset)
        return self.varint() != 0

    def float_value(self, wire_type: int, name: str, offset: int) -> float:
        self.expect(wire_type, FIXED32, name, offset)
        start = self.take(4, f"field {name}")
        return struct.unpack_from("<f", self.data, start)[0]

    def submessage(self, wire_type: int, name: str, offset: int) -> _Reader:
        """A reader over the embedded message of a length-delimited field."""
        self.expect(wire_type, BYTES, name, offset)
        start = self.take(self.varint(), f"field {name}")
        return _Reader(self.data, start, self.position, self.source, name, self.depth + 1)


# Field number -> (attribute, reader method name), per message.
PIECE_FIELDS = {1: ("piece", "str_value"), 2: ("score", "float_value"), 3: ("type", "enum_value")}
TRAINER_FIELDS = {
    3: ("model_type", "enum_value"),
    4: ("vocab_size", "int_value"),
    24: ("treat_whitespace_as_suffix", "bool_value"),
    35: ("byte_fallback", "bool_value"),
    40: ("unk_id", "int_value"),
    41: ("bos_id", "int_value"),
    42: ("eos_id", "int_value"),
    43: ("pad_id", "int_value"),
    44: ("unk_surface", "str_value"),
    45: ("unk_piece", "str_value"),
    46: ("bos_piece", "str_value"),
    47: ("eos_piece", "str_value"),
    48: ("pad_piece", "str_value"),
}
NORMALIZER_FIELDS = {
    1: ("name", "str_value"),
    2: ("precompiled_charsmap", "bytes_value"),
    3: ("add_dummy_prefix", "bool_value"),
    4: ("remove_extra_whitespaces", "bool_value"),
    5: ("escape_whitespaces", "bool_value"),
}


# The wire type each reader method expects; a field that comes with another one is an unknown field.
_WIRE_TYPES = {
    "str_value": BYTES, "bytes_value": BYTES, "int_value": VARINT, "enum_value": VARINT, "bool_value": VARINT,
    "float_value": FIXED32,
}
# The values each enum field knows; protobuf (proto2) keeps any other value aside as an unknown
# field, and the field keeps its previous (or default) value.
_ENUM_VALUES = {
    "type": frozenset({NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE}),
    "model_type": frozenset({UNIGRAM, BPE, WORD, CHAR}),
}


def _read_message(reader: _Reader, target: object, fields: dict[int, tuple[str, str]]) -> None:
    """Set the attributes of `target` from the fields of `reader`'s message (the last one wins)."""
    for number, wire_type, offset in reader.fields():
        known = fields.get(number)
        if known is None:
            reader.skip(number, wire_type, offset)
            continue
        attribute, method = known
        if wire_type != _WIRE_TYPES[method]:  # protobuf keeps it aside as an unknown field
            reader.skip(number, wire_type, offset)
            continue
        if method == "enum_value":
            value = reader.int_value(wire_type, f"{reader.message}.{attribute}", offset)
            if value in _ENUM_VALUES[attribute]:
                setattr(target, attribute, value)
            continue
        read: Callable = getattr(reader, method)
        setattr(target, attribute, read(wire_type, f"{reader.message}.{attribute}", offset))


def parse_model_proto(data: bytes, source: str = "<model_proto>") -> ModelProto:
    """Parse the bytes of a sentencepiece `.model` file.

    Raises ModelFileError (a RuntimeError, as sentencepiece raises; naming `source`, the field
    and the byte offset) when the bytes are not a well-formed ModelProto or hold no pieces.
    As protobuf does, a field whose wire type is not its own is skipped as an unknown field, and
    an enum field keeps its default for a value it does not know.
    """
    data = bytes(data)
    model = ModelProto()
    reader = _Reader(data, 0, len(data), source, "ModelProto")
    for number, wire_type, offset in reader.fields():
        if number in (PIECES, TRAINER_SPEC, NORMALIZER_SPEC, DENORMALIZER_SPEC) and wire_type != BYTES:
            reader.skip(number, wire_type, offset)  # an unknown field to protobuf
        elif number == PIECES:
            piece = Piece()
            sub = reader.submessage(wire_type, f"pieces[{len(model.pieces)}]", offset)
            _read_message(sub, piece, PIECE_FIELDS)
            model.pieces.append(piece)
        elif number == TRAINER_SPEC:
            _read_message(reader.submessage(wire_type, "trainer_spec", offset), model.trainer_spec, TRAINER_FIELDS)
        elif number in (NORMALIZER_SPEC, DENORMALIZER_SPEC):
            name = "normalizer_spec" if number == NORMALIZER_SPEC else "denormalizer_spec"
            spec = model.normalizer_spec if number == NORMALIZER_SPEC else (model.denormalizer_spec or NormalizerSpec())
            _read_message(reader.submessage(wire_type, name, offset), spec, NORMALIZER_FIELDS)
            if number == DENORMALIZER_SPEC:
                model.denormalizer_spec = spec
        else:
            reader.skip(number, wire_type, offset)
    if not model.pieces:
        raise ModelFileError(f"{source}: ModelProto holds no pieces; is it a sentencepiece .model file?")
    return model


def parse_normalizer_spec(data: bytes, source: str = "<normalizer_spec>") -> NormalizerSpec:
    """Parse the bytes of a serialized NormalizerSpec (as `SentencePieceNormalizer(normalizer_spec=...)` takes).

    >>> parse_normalizer_spec(b"\\n\\x08identity\\x18\\x00").add_dummy_prefix
    False
    """
    spec = NormalizerSpec()
    data = bytes(data)
    _read_message(_Reader(data, 0, len(data), source, "NormalizerSpec"), spec, NORMALIZER_FIELDS)
    return spec
