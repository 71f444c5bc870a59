"""A stand-in for protobuf's `sentencepiece_model_pb2`, so transformers converts `.model` files here.

transformers 5 reads a sentencepiece `.model` through protobuf (`SentencePieceExtractor`), which
is not installed on the test machine. `patched_transformers()` hands transformers' converter a
`ModelProto` decoded by `tests.model_proto_edit.split_fields` instead, exposing the fields the
converter reads with protobuf's defaults; everything else is transformers' own code.
"""

from __future__ import annotations

import contextlib
import struct
from types import SimpleNamespace
from typing import Any, Iterator

from tests.model_proto_edit import BYTES, FIXED32, VARINT, _read_varint, serialize_fields, split_fields, varint

# (field number, name, kind, default) of the messages transformers reads
_TRAINER = {
    3: ("model_type", "enum", 1),
    4: ("vocab_size", "int", 8000),
    35: ("byte_fallback", "bool", False),
    40: ("unk_id", "int", 0),
    41: ("bos_id", "int", 1),
    42: ("eos_id", "int", 2),
    43: ("pad_id", "int", -1),
    45: ("unk_piece", "str", "<unk>"),
    46: ("bos_piece", "str", "<s>"),
    47: ("eos_piece", "str", "</s>"),
    48: ("pad_piece", "str", "<pad>"),
}
_NORMALIZER = {
    1: ("name", "str", ""),
    2: ("precompiled_charsmap", "bytes", b""),
    3: ("add_dummy_prefix", "bool", True),
    4: ("remove_extra_whitespaces", "bool", True),
    5: ("escape_whitespaces", "bool", True),
}


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _message(body: bytes, spec: dict[int, tuple[str, str, Any]]) -> SimpleNamespace:
    values = {name: default for name, _, default in spec.values()}
    for number, wire_type, raw in split_fields(body):
        if number not in spec:
            continue
        name, kind, _ = spec[number]
        if kind == "str":
            values[name] = raw.decode("utf-8")
        elif kind == "bytes":
            values[name] = raw
        elif wire_type == VARINT:
            number_value = _signed(_read_varint(raw, 0)[0])
            values[name] = bool(number_value) if kind == "bool" else number_value
    return SimpleNamespace(**values)


def _piece(body: bytes) -> SimpleNamespace:
    piece = SimpleNamespace(piece="", score=0.0, type=1)
    for number, wire_type, raw in split_fields(body):
        if number == 1 and wire_type == BYTES:
            piece.piece = raw.decode("utf-8")
        elif number == 2 and wire_type == FIXED32:
            piece.score = struct.unpack("<f", raw)[0]
        elif number == 3 and wire_type == VARINT:
            piece.type = _read_varint(raw, 0)[0]
    return piece


class ModelProto:
    """The part of sentencepiece's ModelProto that transformers' converters read."""

    def __init__(self) -> None:
        self.pieces: list[SimpleNamespace] = []
        self.trainer_spec = _message(b"", _TRAINER)
        self.normalizer_spec = _message(b"", _NORMALIZER)
        self._data = b""

    @classmethod
    def FromString(cls, data: bytes) -> ModelProto:  # noqa: N802 - protobuf's name
        """A decoded `.model`."""
        proto = cls()
        proto.ParseFromString(data)
        return proto

    def SerializeToString(self) -> bytes:  # noqa: N802 - protobuf's name
        """The bytes read, with the normalizer's add_dummy_prefix as it is now (the field
        transformers' `legacy=False` turns off)."""
        fields = []
        for number, wire_type, body in split_fields(self._data):
            if number == 3:
                kept = [field for field in split_fields(body) if field[0] != 3]
                body = serialize_fields(kept + [(3, VARINT, varint(int(self.normalizer_spec.add_dummy_prefix)))])
            fields.append((number, wire_type, body))
        return serialize_fields(fields)

    def ParseFromString(self, data: bytes) -> None:  # noqa: N802 - protobuf's name
        """Decode a serialized `.model`."""
        self._data = data
        for number, _, body in split_fields(data):
            if number == 1:
                self.pieces.append(_piece(body))
            elif number == 2:
                self.trainer_spec = _message(body, _TRAINER)
            elif number == 3:
                self.normalizer_spec = _message(body, _NORMALIZER)


@contextlib.contextmanager
def patched_transformers() -> Iterator[None]:
    """Within the block, transformers reads `.model` files through `ModelProto` above."""
    import transformers.convert_slow_tokenizer as convert
    import transformers.tokenization_utils_sentencepiece as backend  # legacy=False edits the model

    import transformers.models.siglip.tokenization_siglip as siglip  # asks for protobuf, which it never uses

    module = SimpleNamespace(ModelProto=ModelProto)
    saved = convert.import_protobuf, convert.requires_backends, backend.import_protobuf, siglip.requires_backends
    convert.import_protobuf = backend.import_protobuf = lambda *args, **kwargs: module
    convert.requires_backends = siglip.requires_backends = lambda *args, **kwargs: None
    try:
        yield
    finally:
        convert.import_protobuf, convert.requires_backends, backend.import_protobuf, siglip.requires_backends = saved
