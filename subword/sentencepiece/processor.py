"""`SentencePieceProcessor`: the common API of the `sentencepiece` package, in pure Python.

Reads a `.model` file itself (no protobuf, no sentencepiece import) and gives the same ids,
pieces, n-best lists and decoded text. Sampling draws from the same distributions, with
Python's random generator. Not offered: training, protos as output, offsets, thread pools.
Method names come in sentencepiece's three spellings: `encode_as_ids`, `EncodeAsIds`, and the
snake_case aliases of every CamelCase method.
"""

from __future__ import annotations

import os
import random
from typing import Any, Union

from ..core.inputs import check_path, check_text
from ..errors import ArgumentTypeError, ArgumentValueError, type_name
from ._model import Segment, SentencePieceModel
from ._proto import BYTE, CONTROL, UNKNOWN, UNUSED, parse_model_proto

_MAX_NBEST = 512  # sentencepiece's limit for n-best lists and sampling

Ids = list[int]
Pieces = list[str]
EncodeOutput = Union[Ids, Pieces, list[Ids], list[Pieces]]


class PieceIdError(ArgumentValueError, IndexError):
    """A piece id outside 0..vocab_size-1 (an IndexError, as sentencepiece raises)."""


class LoneSurrogateError(ArgumentTypeError, RuntimeError):
    """A text holding a lone surrogate, which UTF-8 cannot spell: sentencepiece raises a
    RuntimeError for such a str and a TypeError for one inside a list; this is both."""


def _check_unicode(text: str) -> str:
    try:
        check_text(text, "input")
    except ArgumentTypeError as error:
        raise LoneSurrogateError(str(error)) from None
    return text


def _check_out_type(out_type: Any) -> type:
    if out_type is not int and out_type is not str:
        raise ArgumentValueError(f"out_type must be int or str, got {out_type!r}")
    return out_type


def _return_type(return_type: Any, out_type: Any) -> Any:
    """The one of `return_type` and its older name `out_type` that is given, as sentencepiece 0.2 reads them."""
    if out_type is not None and return_type is not None:
        raise ArgumentValueError("Cannot specify both out_type and return_type. Use return_type instead.")
    chosen = return_type if return_type is not None else out_type
    if chosen in ("proto", "serialized_proto", "numpy", "offset_mapping", "immutable_proto"):
        raise ArgumentValueError(f"return_type={chosen!r} is not supported by subword's SentencePieceProcessor yet")
    return chosen


def _check_nbest_size(nbest_size: Any) -> int:
    if not isinstance(nbest_size, int) or isinstance(nbest_size, bool):
        raise ArgumentTypeError(f"nbest_size must be an int, got {type_name(nbest_size)}")
    if nbest_size > _MAX_NBEST:
        raise ArgumentValueError(f"nbest_size must be <= {_MAX_NBEST}, got {nbest_size}")
    return nbest_size


def _check_text(text: Any) -> str:
    if isinstance(text, (bytes, bytearray)):
        try:
            return bytes(text).decode("utf-8")
        except UnicodeDecodeError as error:
            raise ArgumentValueError(f"input bytes must be UTF-8: {error}") from error
    if not isinstance(text, str):
        raise ArgumentTypeError(f"input must be a str (or a list of str), got {type_name(text)}")
    return _check_unicode(text)


class SentencePieceProcessor:
    """Encode and decode with a sentencepiece `.model`, as `sentencepiece.SentencePieceProcessor`.

    Args:
        model_file: path of the `.model` file to load (or pass `model_proto`).
        model_proto: the bytes of a `.model` file.
        out_type, add_bos, add_eos, reverse, emit_unk_piece, enable_sampling, nbest_size, alpha:
            defaults for `encode` (see there).
        seed: seed of the generator used when sampling (None: from the system).

    With T5's spiece.model::

        sp = SentencePieceProcessor(model_file="spiece.model")
        sp.encode("Hello world", out_type=str)   # ['▁Hello', '▁world']
    """

    def __init__(
        self,
        model_file: str | os.PathLike | None = None,
        model_proto: bytes | None = None,
        out_type: type = int,
        add_bos: bool = False,
        add_eos: bool = False,
        reverse: bool = False,
        emit_unk_piece: bool = False,
        enable_sampling: bool = False,
        nbest_size: int = -1,
        alpha: float = 0.1,
        num_threads: int = -1,
        *,
        seed: int | None = None,
    ) -> None:
        self._out_type = _check_out_type(out_type)
        self._add_bos = add_bos
        self._add_eos = add_eos
        self._reverse = reverse
        self._emit_unk_piece = emit_unk_piece
        self._enable_sampling = enable_sampling
        self._nbest_size = nbest_size
        self._alpha = alpha
        self._rng = random.Random(seed)
        self._model: SentencePieceModel | None = None
        self._serialized = b""
        if model_file or model_proto:
            self.Load(model_file=model_file, model_proto=model_proto)

    # -- loading ------------------------------------------------------------------------------

    def Load(self, model_file: str | os.PathLike | None = None, model_proto: bytes | None = None) -> bool:
        """Load a model from a file path or from the bytes of a `.model` file."""
        if model_file and model_proto:
            raise ArgumentValueError("pass either model_file or model_proto, not both")
        if model_proto:
            return self.LoadFromSerializedProto(model_proto)
        if model_file:
            return self.LoadFromFile(model_file)
        raise ArgumentValueError("pass model_file (a path) or model_proto (the bytes of a .model file)")

    def LoadFromFile(self, filename: str | os.PathLike) -> bool:
        """Load the `.model` file at `filename` (a str, bytes or os.PathLike path; not an int)."""
        filename = check_path(os.fsdecode(filename) if isinstance(filename, bytes) else filename, "model_file")
        with open(filename, "rb") as handle:
            data = handle.read()
        self._load(data, os.fspath(filename))
        return True

    def LoadFromSerializedProto(self, serialized: bytes) -> bool:
        """Load a model from the bytes of a `.model` file."""
        if not isinstance(serialized, (bytes, bytearray, memoryview)):
            raise ArgumentTypeError(f"model_proto must be bytes, got {type_name(serialized)}")
        self._load(bytes(serialized), "<model_proto>")
        return True

    def _load(self, data: bytes, source: str) -> None:
        self._model = SentencePieceModel(parse_model_proto(data, source), source)
        self._serialized = data

    def __getstate__(self) -> dict:
        """The options and the `.model` bytes (as sentencepiece pickles its processor); the model
        is read again from them, not pickled with its tables and caches."""
        return {**vars(self), "_model": None}

    def __setstate__(self, state: dict) -> None:
        vars(self).update(state)
        if self._serialized:
            self._load(self._serialized, "<pickled model_proto>")

    @property
    def model(self) -> SentencePieceModel:
        """The loaded model (raises if none is loaded yet)."""
        if self._model is None:
            raise ArgumentValueError("no model is loaded: call load(model_file=...) first")
        return self._model

    def serialized_model_proto(self) -> bytes:
        """The bytes of the loaded `.model` file."""
        return self._serialized

    # -- encoding -----------------------------------------------------------------------------

    def Encode(
        self,
        input: str | list[str],
        add_bos: bool | None = None,
        add_eos: bool | None = None,
        reverse: bool | None = None,
        emit_unk_piece: bool | None = None,
        enable_sampling: bool | None = None,
        nbest_size: int | None = None,
        alpha: float | None = None,
        num_threads: int | None = None,
        thread_pool: Any = None,
        return_type: type | None = None,
        out_type: type | None = None,
        return_bytes: bool | None = None,
    ) -> EncodeOutput:
        """The ids (int) or pieces (str) of a text, or of each text of a list; the arguments in
        sentencepiece 0.2's order (`return_type`, or its older name `out_type`, comes late).

        Args:
            add_bos, add_eos: put the bos / eos id around the result (after `reverse`).
            reverse: reverse the pieces.
            emit_unk_piece: with pieces, show unknown text as the unknown piece ("<unk>").
            enable_sampling: draw a segmentation (unigram: subword regularization with
                `nbest_size` and smoothing `alpha`; BPE: BPE-dropout with probability `alpha`).
            num_threads, thread_pool: accepted as sentencepiece does; subword encodes in one thread.
        """
        if return_bytes is not None:
            raise ArgumentValueError("return_bytes is only supported when return_type='offset_mapping'")
        out_type = _check_out_type(self._out_type if return_type is None and out_type is None else _return_type(return_type, out_type))
        options = dict(
            add_bos=self._add_bos if add_bos is None else add_bos,
            add_eos=self._add_eos if add_eos is None else add_eos,
            reverse=self._reverse if reverse is None else reverse,
            emit_unk_piece=self._emit_unk_piece if emit_unk_piece is None else emit_unk_piece,
        )
        sampling = self._enable_sampling if enable_sampling is None else enable_sampling
        nbest_size = self._nbest_size if nbest_size is None else nbest_size
        alpha = self._alpha if alpha is None else alpha
        if sampling and (nbest_size is None or nbest_size in (0, 1) or alpha is None):
            raise ArgumentValueError(
                'with enable_sampling=True, pass nbest_size > 1 (draw among the n best) or nbest_size=-1 '
                "(draw among all segmentations), and alpha"
            )
        if sampling:
            _check_nbest_size(nbest_size)

        model = self.model
        normalize = model.normalizer.normalize

        def encode_one(text: str) -> Ids | Pieces:
            normalized = normalize(_check_unicode(text) if type(text) is str else _check_text(text))
            if sampling:
                segments = model.sample(normalized, nbest_size, alpha, self._rng)
            else:
                segments = model.segment(normalized)
            return self._output(model.finish(segments), out_type, **options)

        if isinstance(input, list):
            return [encode_one(text) for text in input]
        return encode_one(input)

    def _output(
        self, segments: list[Segment], out_type: type, add_bos: bool, add_eos: bool, reverse: bool, emit_unk_piece: bool
    ) -> Ids | Pieces:
        """Ids or pieces of finished segments, with the bos/eos/reverse/unk options applied."""
        bos = self.bos_id() if add_bos else 0
        eos = self.eos_id() if add_eos else 0
        if bos < 0 or eos < 0:
            which = "BOS" if bos < 0 else "EOS"
            raise ArgumentValueError(f"{which} token is not defined as a control symbol in this model")
        if out_type is int:
            result: list = [id_ for _, id_ in segments]
        else:
            model = self.model
            unk = model.unk_id
            result = [model.pieces[unk] if emit_unk_piece and id_ == unk else piece for piece, id_ in segments]
            bos, eos = (model.pieces[bos] if add_bos else ""), (model.pieces[eos] if add_eos else "")
        if reverse:
            result.reverse()
        if add_bos:
            result.insert(0, bos)
        if add_eos:
            result.append(eos)
        return result

    def EncodeAsIds(self, input: str | list[str], **options: Any) -> Ids | list[Ids]:
        """The ids of a text (or of each text of a list)."""
        return self.Encode(input, out_type=int, **options)

    def EncodeAsPieces(self, input: str | list[str], **options: Any) -> Pieces | list[Pieces]:
        """The pieces of a text (or of each text of a list)."""
        return self.Encode(input, out_type=str, **options)

    def SampleEncodeAsIds(
        self, input: str | list[str], nbest_size: int | None = None, alpha: float | None = None, **options: Any
    ) -> Ids | list[Ids]:
        """Ids of a sampled segmentation (see `encode`'s enable_sampling)."""
        return self.Encode(input, out_type=int, enable_sampling=True, nbest_size=nbest_size, alpha=alpha, **options)

    def SampleEncodeAsPieces(
        self, input: str | list[str], nbest_size: int | None = None, alpha: float | None = None, **options: Any
    ) -> Pieces | list[Pieces]:
        """Pieces of a sampled segmentation (see `encode`'s enable_sampling)."""
        return self.Encode(input, out_type=str, enable_sampling=True, nbest_size=nbest_size, alpha=alpha, **options)

    def NBestEncode(
        self,
        input: str | list[str],
        out_type: type | None = None,
        add_bos: bool | None = None,
        add_eos: bool | None = None,
        reverse: bool | None = None,
        emit_unk_piece: bool | None = None,
        nbest_size: int | None = None,
    ) -> list:
        """The `nbest_size` best segmentations (unigram models), best first, as ids or pieces."""
        out_type = _check_out_type(self._out_type if out_type is None else out_type)
        options = dict(
            add_bos=self._add_bos if add_bos is None else add_bos,
            add_eos=self._add_eos if add_eos is None else add_eos,
            reverse=self._reverse if reverse is None else reverse,
            emit_unk_piece=self._emit_unk_piece if emit_unk_piece is None else emit_unk_piece,
        )
        nbest_size = max(_check_nbest_size(self._nbest_size if nbest_size is None else nbest_size), 1)

        def encode_one(text: str) -> list:
            normalized = self.model.normalizer.normalize(_check_text(text))
            return [
                self._output(self.model.finish(segments), out_type, **options)
                for segments in self.model.nbest(normalized, nbest_size)
            ]

        if isinstance(input, list):
            return [encode_one(text) for text in input]
        return encode_one(input)

    def NBestEncodeAsIds(self, input: str | list[str], nbest_size: int | None = None, **options: Any) -> list:
        """The n best segmentations as ids."""
        return self.NBestEncode(input, out_type=int, nbest_size=nbest_size, **options)

    def NBestEncodeAsPieces(self, input: str | list[str], nbest_size: int | None = None, **options: Any) -> list:
        """The n best segmentations as pieces."""
        return self.NBestEncode(input, out_type=str, nbest_size=nbest_size, **options)

    def Normalize(self, input: str | list[str]) -> str | list[str]:
        """The normalized form of a text (or of each text of a list), as the model sees it."""
        if isinstance(input, list):
            return [self.model.normalizer.normalize(_check_text(text)) for text in input]
        return self.model.normalizer.normalize(_check_text(input))

    # -- decoding -----------------------------------------------------------------------------

    def Decode(
        self,
        input: Any,
        return_type: type | None = None,
        out_type: type | None = None,
        num_threads: int | None = None,
        thread_pool: Any = None,
        return_bytes: bool | None = None,
    ) -> str | list[str] | bytes:
        """The text of ids or pieces: one id or piece, a list of them, or a list of such lists
        (`return_type` str or bytes; `out_type` is its older name).

        With T5's spiece.model, `sp.decode([8774, 296])` is 'Hello world'.
        """
        if return_bytes is not None:
            raise ArgumentValueError("return_bytes is only supported when return_type='offset_mapping'")
        out_type = str if return_type is None and out_type is None else _return_type(return_type, out_type)
        if out_type not in (str, bytes):
            raise ArgumentValueError(f"out_type must be str or bytes, got {out_type!r}")
        if isinstance(input, (int, str)) and not isinstance(input, bool):
            input = [input] if input != "" else []
        if input is None:
            input = []
        if not isinstance(input, (list, tuple)):
            raise ArgumentTypeError(f"decode takes ids or pieces (or lists of them), got {type_name(input)}")
        if any(isinstance(item, (list, tuple)) for item in input):
            return [self._decode_one(list(item), out_type) for item in input]
        return self._decode_one(list(input), out_type)

    def _decode_one(self, items: list, out_type: type) -> str | bytes:
        model = self.model
        if all(isinstance(item, str) for item in items):
            pieces = items
        else:
            pieces = [model.pieces[self._check_id(item)] for item in items]
        text = model.decode(pieces)
        return text.encode("utf-8") if out_type is bytes else text

    def DecodeIds(self, input: Any, out_type: type = str, **options: Any) -> str | list[str] | bytes:
        """The text of ids (see `decode`)."""
        return self.Decode(input, out_type=out_type, **options)

    def DecodePieces(self, input: Any, out_type: type = str, **options: Any) -> str | list[str] | bytes:
        """The text of pieces (see `decode`)."""
        return self.Decode(input, out_type=out_type, **options)

    # -- vocabulary ---------------------------------------------------------------------------

    def _check_id(self, id_: Any) -> int:
        if not isinstance(id_, int) or isinstance(id_, bool):
            raise ArgumentTypeError(f"a piece id must be an int, got {type_name(id_)}")
        size = len(self.model.pieces)
        if not 0 <= id_ < size:
            raise PieceIdError(f"piece id {id_} is out of range (the vocabulary has ids 0..{size - 1})")
        return id_

    def GetPieceSize(self) -> int:
        """How many pieces the vocabulary has."""
        return len(self.model.pieces)

    def PieceToId(self, piece: str | list[str]) -> int | list[int]:
        """The id of a piece (the unknown id when absent), or of each piece of a list."""
        if isinstance(piece, list):
            return [self.model.piece_to_id(_check_text(p)) for p in piece]
        return self.model.piece_to_id(_check_text(piece))

    def IdToPiece(self, id: int | list[int]) -> str | list[str]:
        """The piece with this id, or of each id of a list."""
        if isinstance(id, list):
            return [self.model.pieces[self._check_id(i)] for i in id]
        return self.model.pieces[self._check_id(id)]

    def GetScore(self, id: int | list[int]) -> float | list[float]:
        """The score of a piece (a float32 value)."""
        if isinstance(id, list):
            return [self.model.scores[self._check_id(i)] for i in id]
        return self.model.scores[self._check_id(id)]

    def _has_type(self, id: int | list[int], type_: int) -> bool | list[bool]:
        types = self.model.types
        if isinstance(id, list):
            return [types[self._check_id(i)] == type_ for i in id]
        return types[self._check_id(id)] == type_

    def IsUnknown(self, id: int | list[int]) -> bool | list[bool]:
        """Whether the id is the unknown piece."""
        return self._has_type(id, UNKNOWN)

    def IsControl(self, id: int | list[int]) -> bool | list[bool]:
        """Whether the id is a control piece (<s>, </s>...), never produced by encode."""
        return self._has_type(id, CONTROL)

    def IsUnused(self, id: int | list[int]) -> bool | list[bool]:
        """Whether the id is an unused piece, never produced by encode."""
        return self._has_type(id, UNUSED)

    def IsByte(self, id: int | list[int]) -> bool | list[bool]:
        """Whether the id is a byte piece (<0x41>)."""
        return self._has_type(id, BYTE)

    def unk_id(self) -> int:
        """The id of the unknown piece, or -1."""
        return self.model.special_id(self.model.proto.trainer_spec.unk_piece or "<unk>", UNKNOWN)

    def bos_id(self) -> int:
        """The id of the beginning-of-sentence piece, or -1 when the model has none."""
        return self.model.special_id(self.model.proto.trainer_spec.bos_piece or "<s>", CONTROL)

    def eos_id(self) -> int:
        """The id of the end-of-sentence piece, or -1 when the model has none."""
        return self.model.special_id(self.model.proto.trainer_spec.eos_piece or "</s>", CONTROL)

    def pad_id(self) -> int:
        """The id of the padding piece, or -1 when the model has none."""
        return self.model.special_id(self.model.proto.trainer_spec.pad_piece or "<pad>", CONTROL)

    def __len__(self) -> int:
        return self.GetPieceSize()

    def __getitem__(self, piece: str) -> int:
        return self.PieceToId(piece)

    def __repr__(self) -> str:
        if self._model is None:
            return "SentencePieceProcessor(<no model>)"
        return f"SentencePieceProcessor(model={self._model.source!r}, vocab_size={len(self._model.pieces)})"

    # Aliases sentencepiece offers.
    Tokenize = Encode
    Detokenize = Decode
    piece_size = vocab_size = GetPieceSize


def _add_snake_case_aliases(cls: type) -> None:
    """Give each CamelCase method its snake_case name too, as sentencepiece does.

    NBestEncodeAsIds -> nbest_encode_as_ids, GetPieceSize -> get_piece_size.
    """
    import re

    for name, value in list(vars(cls).items()):
        if re.match(r"[A-Z]", name):
            snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower().replace("n_best", "nbest")
            setattr(cls, snake, value)


_add_snake_case_aliases(SentencePieceProcessor)
