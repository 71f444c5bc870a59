"""A loaded sentencepiece model: vocabulary, normalizer and segmenter, encode to pieces and decode back.

`SentencePieceModel` checks the pieces as sentencepiece does when it loads a model, then
encodes in its steps: normalize -> segment (unigram, BPE, word or char) -> merge runs of
unknown pieces, or spell them as `<0xNN>` byte pieces with byte fallback. `decode` undoes the
whitespace escaping and the dummy prefix and reassembles byte pieces into UTF-8, an invalid byte
becoming U+FFFD. The public, sentencepiece-compatible surface is in processor.py.
"""

from __future__ import annotations

import random
import re

from ..errors import ArgumentValueError, ModelFileError
from ._bpe import BpeSegmenter
from ._checks import BYTE_PIECES, check_model
from ._normalize import SPACE_SYMBOL, SpecNormalizer
from ._proto import BPE, BYTE, CHAR, CONTROL, NORMAL, UNIGRAM, UNKNOWN, USER_DEFINED, WORD, ModelProto
from ._unigram import UnigramSegmenter

Segment = tuple[str, int]  # (piece text, vocabulary id)

_WORD = re.compile(f"{SPACE_SYMBOL}[^{SPACE_SYMBOL}]*|[^{SPACE_SYMBOL}]+")
_MODEL_TYPES = {UNIGRAM: "unigram", BPE: "bpe", WORD: "word", CHAR: "char"}


def byte_piece(byte: int) -> str:
    """The piece that spells one byte: 10 -> '<0x0A>'."""
    return f"<0x{byte:02X}>"


_BYTE_PIECES = BYTE_PIECES


class SentencePieceModel:
    """Everything read from one `.model` file that encoding and decoding need."""

    def __init__(self, proto: ModelProto, source: str) -> None:
        self.proto = proto
        self.source = source
        index = check_model(proto, source)  # may turn a "\0" piece into an unused one, as sentencepiece
        self.pieces = [p.piece for p in proto.pieces]
        self.types = [p.type for p in proto.pieces]
        self.scores = [p.score for p in proto.pieces]
        trainer = proto.trainer_spec
        self.byte_fallback = trainer.byte_fallback
        self._normal = index.normal  # normal, user-defined and unused pieces
        self._reserved = index.reserved  # control, unknown and byte pieces
        self.unk_id = index.unk_id  # -1 when byte fallback stands in for an unknown piece
        user_defined = [p.piece for p in proto.pieces if p.type == USER_DEFINED]
        self._user_defined = frozenset(user_defined)
        self._user_lengths = sorted({len(p) for p in user_defined}, reverse=True)
        self._user_defined_list = user_defined
        self.normalizer: SpecNormalizer
        self.denormalizer: SpecNormalizer | None
        self.reset_normalizer()
        self.model_type = trainer.model_type
        self.unigram = UnigramSegmenter(proto.pieces, self.unk_id) if self.model_type == UNIGRAM else None
        self.bpe = None
        if self.model_type == BPE:
            self.bpe = BpeSegmenter(proto.pieces, self.piece_to_id, self.match_user_defined)

    def reset_normalizer(self) -> None:
        """(Re)build the normalizer and denormalizer from the proto's specs (after they change)."""
        proto = self.proto
        denormalizer = proto.denormalizer_spec
        try:
            self.normalizer = SpecNormalizer(
                proto.normalizer_spec,
                treat_whitespace_as_suffix=proto.trainer_spec.treat_whitespace_as_suffix,
                user_defined=self._user_defined_list,
            )
            self.denormalizer = None
            if denormalizer is not None and denormalizer.precompiled_charsmap:
                self.denormalizer = SpecNormalizer(denormalizer)
        except ArgumentValueError as error:
            raise ModelFileError(f"{self.source}: a normalizer spec's {error}") from error

    # -- vocabulary ---------------------------------------------------------------------------

    def piece_to_id(self, piece: str) -> int:
        """The id of `piece`, or the unknown id."""
        id_ = self._reserved.get(piece)
        if id_ is None:
            id_ = self._normal.get(piece, self.unk_id)
        return id_

    def match_user_defined(self, text: str, start: int) -> int:
        """The length of the longest user-defined piece at text[start:], or 0."""
        for length in self._user_lengths:
            if text[start : start + length] in self._user_defined:
                return length
        return 0

    def special_id(self, piece: str, type_: int) -> int:
        """The id of `piece` when it has type `type_`, else -1 (as bos_id(), unk_id()...)."""
        id_ = self.piece_to_id(piece)
        return id_ if id_ >= 0 and self.types[id_] == type_ else -1

    # -- encoding -----------------------------------------------------------------------------

    def segment(self, normalized: str) -> list[Segment]:
        """The model's best segmentation of normalized text."""
        if self.unigram is not None:
            return self.unigram.encode(normalized)
        if self.bpe is not None:
            return self.bpe.encode(normalized)
        if self.model_type == WORD:
            return [(word, self.piece_to_id(word)) for word in _WORD.findall(normalized)]
        segments = []
        position = 0
        while position < len(normalized):
            length = self.match_user_defined(normalized, position) or 1
            piece = normalized[position : position + length]
            segments.append((piece, self.piece_to_id(piece)))
            position += length
        return segments

    def sample(self, normalized: str, nbest_size: int, alpha: float, rng: random.Random | None = None) -> list[Segment]:
        """A sampled segmentation: unigram subword regularization, or BPE-dropout with probability `alpha`."""
        if self.unigram is not None:
            return self.unigram.sample(normalized, alpha, nbest_size, rng)
        if self.bpe is not None:
            return self.bpe.encode(normalized, alpha, rng)
        raise ArgumentValueError(f"sampling is not available for {_MODEL_TYPES[self.model_type]} models")

    def nbest(self, normalized: str, nbest_size: int) -> list[list[Segment]]:
        """The n best segmentations (unigram models only)."""
        return [segments for segments, _ in self.nbest_scored(normalized, nbest_size)]

    def nbest_scored(self, normalized: str, nbest_size: int) -> list[tuple[list[Segment], float]]:
        """The n best segmentations with their scores (unigram models only)."""
        if self.unigram is None:
            kind = _MODEL_TYPES[self.model_type]
            raise ArgumentValueError(f"n-best lists are available for unigram models only, not {kind}")
        return self.unigram.nbest(normalized, nbest_size)

    def finish(self, segments: list[Segment]) -> list[Segment]:
        """Merge each run of unknown pieces into one, or with byte fallback spell them as byte pieces.

        With unknown id 0: [('▁a', 5), ('x', 0), ('y', 0)] -> [('▁a', 5), ('xy', 0)], or with byte
        fallback [('▁a', 5), ('<0x78>', 123), ('<0x79>', 124)].
        """
        unk_id = self.unk_id
        if not any([id_ == unk_id for _, id_ in segments]):
            return segments  # the usual case; the unknown piece is the only one of its type
        out: list[Segment] = []
        previous_unknown = False
        for piece, id_ in segments:
            unknown = id_ == unk_id  # the one unknown piece (or -1, when byte fallback stands in)
            if unknown and self.byte_fallback:
                out.extend((name, self._reserved[name]) for name in map(byte_piece, piece.encode("utf-8")))
            elif unknown and previous_unknown:
                out[-1] = (out[-1][0] + piece, id_)
            else:
                out.append((piece, id_))
            previous_unknown = unknown
        return out

    # -- decoding -----------------------------------------------------------------------------

    def decode(self, pieces: list[str]) -> str:
        """The text of `pieces` (ids looked up by piece, as sentencepiece does)."""
        return self.decode_surfaces(pieces)[1]

    def decode_surfaces(self, pieces: list[str]) -> tuple[list[str], str]:
        """What each piece decodes to, and the text (the surfaces joined, then denormalized).

        As sentencepiece's `Decode`: control pieces decode to "", the unknown piece to
        `unk_surface` (" ⁇ "); the first "▁" of the text (with remove_extra_whitespaces every
        leading one) is dropped; a run of byte pieces is read as UTF-8, the last byte of each
        char holding it and an invalid byte becoming U+FFFD.
        """
        spec = self.proto.normalizer_spec
        strips_first = spec.add_dummy_prefix or spec.remove_extra_whitespaces
        unk_surface = self.proto.trainer_spec.unk_surface
        surfaces = [""] * len(pieces)
        written = False  # whether any surface so far is non-empty
        at_start, stripped = True, False
        run_start = 0
        for index, piece in enumerate(pieces):
            id_ = self.piece_to_id(piece)
            type_ = self.types[id_] if id_ >= 0 else NORMAL  # -1: no such piece and no unknown piece
            if type_ == BYTE:
                continue
            written = _decode_byte_run(pieces, run_start, index, surfaces) or written
            run_start = index + 1
            if at_start and (stripped or written):
                at_start = False
            stripped = False
            if type_ == CONTROL:
                continue
            if type_ == UNKNOWN:
                surfaces[index] = unk_surface if self.pieces[id_] == piece else piece
            else:
                if at_start and strips_first and piece.startswith(SPACE_SYMBOL):
                    piece = piece[1:]
                    stripped = not spec.remove_extra_whitespaces
                surfaces[index] = piece.replace(SPACE_SYMBOL, " ")
            written = written or bool(surfaces[index])
        _decode_byte_run(pieces, run_start, len(pieces), surfaces)
        text = "".join(surfaces)
        return surfaces, self.denormalizer.normalize(text) if self.denormalizer is not None else text


def _decode_byte_run(pieces: list[str], start: int, end: int, surfaces: list[str]) -> bool:
    """Fill the surfaces of the byte pieces pieces[start:end]; whether any is non-empty.

    ['<0xC3>', '<0xA9>', '<0xFF>'] -> surfaces ['', 'é', '\ufffd'].
    """
    if start >= end:
        return False
    data = bytes(_BYTE_PIECES[piece] for piece in pieces[start:end])
    offset = 0
    while offset < len(data):
        width = _utf8_width(data[offset])
        try:
            char = data[offset : offset + width].decode("utf-8") if width else None
        except UnicodeDecodeError:
            char = None
        if char is None or len(char) != 1:
            surfaces[start + offset] = "\ufffd"
            offset += 1
        else:
            surfaces[start + offset + width - 1] = char
            offset += width
    return True


def decode_bytes(data: bytes) -> str:
    """UTF-8 text of `data`, each byte of an invalid sequence becoming one U+FFFD.

    >>> decode_bytes(b"a\\xe2\\x82b")
    'a\\ufffd\\ufffdb'
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    chars = []
    position = 0
    while position < len(data):
        lead = data[position]
        width = _utf8_width(lead)
        try:
            chars.append(data[position : position + width].decode("utf-8") if width else "\ufffd")
        except UnicodeDecodeError:
            chars.append("\ufffd")
            width = 1
        position += width or 1
    return "".join(chars)


def _utf8_width(lead: int) -> int:
    """How many bytes the UTF-8 sequence starting with byte `lead` claims (0: not a lead byte)."""
    if lead < 0x80:
        return 1
    if lead & 0xE0 == 0xC0:
        return 2
    if lead & 0xF0 == 0xE0:
        return 3
    return 4 if lead & 0xF8 == 0xF0 else 0
