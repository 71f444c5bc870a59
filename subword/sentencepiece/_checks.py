"""The checks sentencepiece makes when it loads a `.model`, in its order and with its words.

`check_model(proto, source)` refuses what `sentencepiece.SentencePieceProcessor(model_file=...)`
refuses (sentencepiece 0.2.3: `ModelInterface::InitializePieces`, the unigram model's score
and trie checks, `Normalizer::DecodePrecompiledCharsMap` and the double-array validation),
raising a ModelFileError (a RuntimeError, as sentencepiece raises) whose message names the file,
the piece or field, and sentencepiece's own reason. It returns the piece index both loaders use:

- pieces: not empty, shorter than 8000 bytes, without a NUL (with byte fallback a piece that
  is exactly "\\0" becomes UNUSED and is skipped, as sentencepiece does), not defined twice
  (a BPE model keeps all pieces in one table, the others keep control, unknown and byte
  pieces apart), one unknown piece (none needed with byte fallback), byte pieces only with
  byte fallback, spelled `<0x00>`..`<0xFF>`, all 256 of them;
- unigram models: no NaN or infinite score, at least one normal piece;
- precompiled charsmaps (normalizer and denormalizer): the size header, a trie of a multiple
  of 1024 bytes, a NUL-terminated replacement block, and trie units that stay in bounds.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field

from ..errors import ModelFileError
from ._proto import BPE, BYTE, NORMAL, UNIGRAM, UNKNOWN, UNUSED, USER_DEFINED, ModelProto

_MAX_PIECE_BYTES = 8000
BYTE_PIECES = {f"<0x{byte:02X}>": byte for byte in range(256)}


@dataclass
class PieceIndex:
    """Piece -> id tables: normal, user-defined and unused pieces; control, unknown and byte pieces."""

    normal: dict[str, int] = field(default_factory=dict)
    reserved: dict[str, int] = field(default_factory=dict)
    unk_id: int = -1


def check_model(proto: ModelProto, source: str) -> PieceIndex:
    """Check a parsed `.model` as sentencepiece does on loading (see the module docstring)."""
    index = _index_pieces(proto, source)
    if proto.trainer_spec.model_type == UNIGRAM:
        for id_, piece in enumerate(proto.pieces):
            if not math.isfinite(piece.score):
                raise ModelFileError(f"{source}: pieces[{id_}] ({piece.piece!r:.40}): score is NaN or Inf ({piece.score})")
        if not index.normal:
            raise ModelFileError(f"{source}: no pieces are loaded (a unigram model needs a normal piece)")
    check_charsmap(proto.normalizer_spec.precompiled_charsmap, f"{source}: normalizer_spec.precompiled_charsmap")
    if proto.denormalizer_spec is not None:
        check_charsmap(proto.denormalizer_spec.precompiled_charsmap, f"{source}: denormalizer_spec.precompiled_charsmap")
    return index


def _index_pieces(proto: ModelProto, source: str) -> PieceIndex:
    byte_fallback = proto.trainer_spec.byte_fallback
    pieces = proto.pieces
    for id_, piece in enumerate(pieces):
        if len(piece.piece) * 4 >= _MAX_PIECE_BYTES and len(piece.piece.encode("utf-8")) >= _MAX_PIECE_BYTES:
            raise ModelFileError(f"{source}: pieces[{id_}]: piece is too long (8000 bytes or more)")
        if byte_fallback and piece.piece == "\0":
            piece.type = UNUSED  # sentencepiece's workaround for converted models (its issue 1308)
    one_table = proto.trainer_spec.model_type == BPE
    index = PieceIndex()
    normal, reserved = index.normal, index.reserved
    bytes_found = set()
    for id_, piece in enumerate(pieces):
        text, type_ = piece.piece, piece.type
        if not text:
            raise ModelFileError(f"{source}: pieces[{id_}]: piece must not be empty")
        if text == "\0" and type_ == UNUSED:
            continue
        if "\0" in text:
            raise ModelFileError(f"{source}: pieces[{id_}] ({text!r:.40}): piece must not include null character")
        table = normal if one_table or type_ in (NORMAL, USER_DEFINED, UNUSED) else reserved
        if text in table:
            raise ModelFileError(f"{source}: pieces[{id_}]: {text!r:.40} is already defined (id {table[text]})")
        table[text] = id_
        if type_ == UNKNOWN:
            if index.unk_id >= 0:
                raise ModelFileError(f"{source}: pieces[{id_}]: unk is already defined (id {index.unk_id})")
            index.unk_id = id_
        elif type_ == BYTE:
            if not byte_fallback:
                raise ModelFileError(
                    f"{source}: pieces[{id_}]: byte piece {text!r:.40} is found although `byte_fallback` is false"
                )
            byte = BYTE_PIECES.get(text)
            if byte is None:
                raise ModelFileError(f"{source}: pieces[{id_}]: byte piece {text!r:.40} is invalid (expected <0x00>..<0xFF>)")
            bytes_found.add(byte)
    if one_table:  # control, unknown and byte pieces are looked up in the same table
        reserved.update((text, id_) for text, id_ in normal.items() if pieces[id_].type not in (NORMAL, USER_DEFINED, UNUSED))
    if index.unk_id < 0 and not byte_fallback:
        raise ModelFileError(f"{source}: unk is not defined (no piece has type UNKNOWN)")
    if byte_fallback and len(bytes_found) != 256:
        raise ModelFileError(
            f"{source}: there are not 256 byte pieces although `byte_fallback` is true (found {len(bytes_found)})"
        )
    return index


def check_charsmap(blob: bytes, where: str) -> None:
    """Refuse a precompiled charsmap sentencepiece refuses; an empty one means none.

    >>> check_charsmap(struct.pack("<I", 512) + bytes(516), "spec")
    Traceback (most recent call last):
    ...
    subword.errors.ModelFileError: spec: Trie data size is not divisible by 1024 (512 bytes)
    """
    if not blob:
        return
    if len(blob) <= 4:
        raise ModelFileError(f"{where}: Blob for normalization rule is broken ({len(blob)} bytes)")
    (trie_size,) = struct.unpack_from("<I", blob, 0)
    if trie_size >= len(blob) - 4:
        raise ModelFileError(f"{where}: Trie data size exceeds the input blob size ({trie_size} of {len(blob) - 4} bytes)")
    if trie_size < 1024 or trie_size % 1024:
        raise ModelFileError(f"{where}: Trie data size is not divisible by 1024 ({trie_size} bytes)")
    normalized = blob[4 + trie_size :]
    if normalized[-1:] != b"\0":
        raise ModelFileError(f"{where}: normalized block must be null terminated")
    units = struct.unpack_from(f"<{trie_size // 4}I", blob, 4)
    if not _valid_trie(units, len(normalized)):
        raise ModelFileError(f"{where}: precompiled_charsmap is invalid (a trie unit points out of bounds)")


def _valid_trie(units: tuple[int, ...], value_limit: int) -> bool:
    """darts-clone's `DoubleArray::validate`: offsets stay inside the array, a unit that has a
    leaf points at a leaf, and leaf values (offsets into the replacements) stay below `value_limit`."""
    size = len(units)
    root = units[0]
    offset = (root >> 10) << ((root & 512) >> 6)
    if root & 0x800000FF or root & 256 or offset == 0 or (offset | 0xFF) >= size:
        return False
    for i in range(1, size):
        unit = units[i]
        if unit & 0x80000000:  # a leaf: its value is an offset into the replacements
            if unit & 0x7FFFFFFF >= value_limit:
                return False
        elif unit:  # (a zero unit always passes: size is a multiple of 256)
            child = i ^ ((unit >> 10) << ((unit & 512) >> 6))
            if (child | 0xFF) >= size or (unit & 256 and not units[child] & 0x80000000):
                return False
    return True
