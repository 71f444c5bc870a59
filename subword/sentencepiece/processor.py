"""`SentencePieceProcessor`: the API of the `sentencepiece` package (0.2.3, and 0.2.1's), in pure Python.

Reads a `.model` file itself (no protobuf, no sentencepiece import) and gives the same ids,
pieces, n-best lists, decoded text, offsets and serialized protos (see _results.py for the
`return_type`s). Sampling draws from the same distributions, with Python's random generator.
Not offered: training, the `Parallel*` methods. Method names come in sentencepiece's spellings:
`encode_as_ids`, `EncodeAsIds`, and the snake_case alias of every CamelCase method.
"""

from __future__ import annotations

import os
import random
from typing import Any, Union

from ..core.inputs import check_path, check_text
from ..errors import ArgumentTypeError, ArgumentValueError, type_name
from . import _settings
from ._model import Segment, SentencePieceModel
from ._normalize import SpecNormalizer, unicode_alignment
from ._proto import BYTE, CONTROL, UNKNOWN, UNUSED, parse_model_proto
from ._results import PROTO_TYPES, int32_array, nbest_result, offset_mapping, resolve_return_type, text_result
from ._scoring import entropy, sample_and_score
from ._text_proto import ImmutableSentencePieceText, decoded_text, encoded_text

_MAX_NBEST = 512  # sentencepiece's limit for n-best lists and sampling

Ids = list[int]
Pieces = list[str]
EncodeOutput = Union[Ids, Pieces, list[Ids], list[Pieces], Any]


class PieceIdError(ArgumentValueError, IndexError):
    """A piece id outside 0..vocab_size-1 (an IndexError, as sentencepiece raises)."""


class LoneSurrogateError(ArgumentTypeError, RuntimeError):
    """A text holding a lone surrogate, which UTF-8 cannot spell: sentencepiece raises a
    RuntimeError for such a str and a TypeError for one inside a list; this is both."""


class UnsupportedOptionError(ArgumentValueError, RuntimeError):
    """An option sentencepiece refuses for this call or model (a RuntimeError there), e.g.
    add_bos with a proto result, or n-best lists of a BPE model."""


def _check_unicode(text: str) -> str:
    try:
        check_text(text, "input")
    except ArgumentTypeError as error:
        raise LoneSurrogateError(str(error)) from None
    return text


def _check_nbest_size(nbest_size: Any) -> int:
    if not isinstance(nbest_size, int) or isinstance(nbest_size, bool):
        raise ArgumentTypeError(f"nbest_size must be an int, got {type_name(nbest_size)}")
    if nbest_size > _MAX_NBEST:
        raise ArgumentValueError(f"nbest_size must be <= {_MAX_NBEST}, got {nbest_size}")
    return nbest_size


def _check_num_threads(num_threads: Any) -> None:
    if not isinstance(num_threads, int):
        raise ArgumentTypeError("num_threads must be int")


def _check_text(text: Any) -> str:
    if isinstance(text, (bytes, bytearray)):
        try:
            return bytes(text).decode("utf-8")
        except UnicodeDecodeError as error:
            raise ArgumentValueError(f"input bytes must be UTF-8: {error}") from error
    if not isinstance(text, str):
        raise ArgumentTypeError(f"input must be a str (or a list of str), got {type_name(text)}")
    return _check_unicode(text)


def _no_rewrites(add_bos: bool, add_eos: bool, reverse: bool, emit_unk_piece: bool) -> None:
    if add_bos or add_eos or reverse or emit_unk_piece:
        raise UnsupportedOptionError(
            "UNIMPLEMENTED: add_bos, add_eos, reverse, and emit_unk_piece is not supported in proto API"
        )


def _is_sequence(value: Any) -> bool:
    return hasattr(value, "__len__") and not isinstance(value, (str, bytes))


class SentencePieceProcessor:
    """Encode and decode with a sentencepiece `.model`, as `sentencepiece.SentencePieceProcessor`.

    Args:
        model_file: path of the `.model` file to load (or pass `model_proto`).
        model_proto: the bytes of a `.model` file.
        out_type, add_bos, add_eos, reverse, emit_unk_piece, enable_sampling, nbest_size, alpha:
            defaults for `encode` (see there); `return_type` is the newer name of `out_type`.
        num_threads: accepted as sentencepiece does; subword encodes in one thread.
        seed: seed of this processor's own generator for sampling (None: the module-wide one,
            see `set_random_generator_seed`).

    With T5's spiece.model::

        sp = SentencePieceProcessor(model_file="spiece.model")
        sp.encode("Hello world", out_type=str)   # ['▁Hello', '▁world']
    """

    def __init__(
        self,
        model_file: str | os.PathLike | None = None,
        model_proto: bytes | None = None,
        out_type: Any = None,
        add_bos: bool = False,
        add_eos: bool = False,
        reverse: bool = False,
        emit_unk_piece: bool = False,
        enable_sampling: bool = False,
        nbest_size: int = -1,
        alpha: float = 0.1,
        num_threads: int = -1,
        return_type: Any = None,
        *,
        seed: int | None = None,
    ) -> None:
        self._out_type = resolve_return_type(return_type, out_type, int)
        self._add_bos = add_bos
        self._add_eos = add_eos
        self._reverse = reverse
        self._emit_unk_piece = emit_unk_piece
        self._enable_sampling = enable_sampling
        self._nbest_size = nbest_size
        self._alpha = alpha
        self._num_threads = num_threads
        self._rng: random.Random | None = None if seed is None else random.Random(seed)
        self._model: SentencePieceModel | None = None
        self._serialized = b""
        self._overrides: dict[str, bool] = {}
        if model_file or model_proto:
            self.Load(model_file=model_file, model_proto=model_proto)

    def Init(self, model_file: str | os.PathLike | None = None, model_proto: bytes | None = None, **options: Any) -> None:
        """Set up again with new defaults (and load a model), as sentencepiece 0.2.1's `Init`."""
        SentencePieceProcessor.__init__(self, model_file, model_proto, **options)

    @classmethod
    def from_file(cls, model_file: str | os.PathLike, **options: Any) -> SentencePieceProcessor:
        """A processor with the `.model` file at `model_file` loaded (`options` as the constructor's)."""
        if "model_file" in options or "model_proto" in options:
            raise ArgumentValueError("model_file and model_proto cannot be passed via kwargs when using from_file classmethod.")
        processor = cls(**options)
        processor.LoadFromFile(model_file)
        return processor

    @classmethod
    def from_proto(cls, model_proto: bytes, **options: Any) -> SentencePieceProcessor:
        """A processor with the bytes of a `.model` file loaded (`options` as the constructor's)."""
        if "model_file" in options or "model_proto" in options:
            raise ArgumentValueError("model_file and model_proto cannot be passed via kwargs when using from_proto classmethod.")
        processor = cls(**options)
        processor.LoadFromSerializedProto(model_proto)
        return processor

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
        self._overrides = {}

    def __getstate__(self) -> dict:
        """The options and the `.model` bytes (as sentencepiece pickles its processor); the model
        is read again from them, not pickled with its tables and caches."""
        return {**vars(self), "_model": None}

    def __setstate__(self, state: dict) -> None:
        overrides = state.get("_overrides", {})
        vars(self).update(state)
        if self._serialized:
            self._load(self._serialized, "<pickled model_proto>")
            self.OverrideNormalizerSpec(**overrides)

    @property
    def model(self) -> SentencePieceModel:
        """The loaded model (raises if none is loaded yet)."""
        if self._model is None:
            raise ArgumentValueError("no model is loaded: call load(model_file=...) first")
        return self._model

    def serialized_model_proto(self) -> bytes:
        """The bytes of the loaded `.model` file."""
        return self._serialized

    def OverrideNormalizerSpec(self, **fields: Any) -> None:
        """Change the normalizer's add_dummy_prefix, remove_extra_whitespaces or escape_whitespaces
        (bools, or sentencepiece's strings "true"/"0"...); pickles keep the change.

        With add_dummy_prefix=False, test_model.model encodes "hello" without a leading "▁".
        """
        spec = self.model.proto.normalizer_spec
        for name, value in fields.items():
            if name not in ("add_dummy_prefix", "remove_extra_whitespaces", "escape_whitespaces"):
                raise UnsupportedOptionError(
                    f"unknown normalizer_spec field {name!r} (known: add_dummy_prefix, remove_extra_whitespaces, "
                    "escape_whitespaces)"
                )
            flag = _parse_flag(name, value)
            setattr(spec, name, flag)
            self._overrides[name] = flag
        self.model.reset_normalizer()

    def _generator(self) -> random.Random:
        return self._rng if self._rng is not None else _settings.generator()

    # -- encoding -----------------------------------------------------------------------------

    def Encode(
        self,
        input: Any,
        add_bos: bool | None = None,
        add_eos: bool | None = None,
        reverse: bool | None = None,
        emit_unk_piece: bool | None = None,
        enable_sampling: bool | None = None,
        nbest_size: int | None = None,
        alpha: float | None = None,
        num_threads: int | None = None,
        thread_pool: Any = None,
        return_type: Any = None,
        out_type: Any = None,
        return_bytes: bool | None = None,
    ) -> EncodeOutput:
        """The ids (int), pieces (str, or bytes) or another `return_type` of a text, or of each
        text of a list; the arguments in sentencepiece 0.2.3's order (`out_type` is the older
        name of `return_type`).

        Args:
            add_bos, add_eos: put the bos / eos id around the result (after `reverse`).
            reverse: reverse the pieces.
            emit_unk_piece: with pieces, show unknown text as the unknown piece ("<unk>").
            enable_sampling: draw a segmentation (unigram: subword regularization with
                `nbest_size` and smoothing `alpha`; BPE: BPE-dropout with probability `alpha`).
            num_threads, thread_pool: accepted as sentencepiece does; subword encodes in one thread.
            return_bytes: with 'offset_mapping', pieces and spans in UTF-8 bytes (default: when
                the input is bytes).
        """
        kind = resolve_return_type(return_type, out_type, self._out_type)
        if return_bytes is not None and kind != "offset_mapping":
            raise ArgumentValueError("return_bytes is only supported when return_type='offset_mapping'")
        options = self._rewrites(add_bos, add_eos, reverse, emit_unk_piece)
        sampling = self._enable_sampling if enable_sampling is None else enable_sampling
        nbest_size = self._nbest_size if nbest_size is None else nbest_size
        alpha = self._alpha if alpha is None else alpha
        if sampling is True and (nbest_size is None or nbest_size in (0, 1) or alpha is None):
            raise ArgumentValueError(
                'When enable_sampling is True, We must specify "nbest_size > 1" or "nbest_size = -1", and "alpha". '
                '"nbest_size" is enabled only on unigram mode ignored in BPE-dropout.'
            )
        _check_num_threads(self._num_threads if num_threads is None else num_threads)
        if sampling:
            _check_nbest_size(nbest_size)
        if kind in PROTO_TYPES:
            _no_rewrites(**options)
        model = self.model

        def segments_of(normalized: str) -> list[Segment]:
            if sampling:
                return model.sample(normalized, nbest_size, alpha, self._generator())
            return model.segment(normalized)

        def encode_one(text: Any) -> Any:
            if kind in PROTO_TYPES:
                as_bytes = isinstance(text, bytes) if return_bytes is None else bool(return_bytes)
                result = self._encoded_text(text, segments_of)
                return text_result(result, kind, as_bytes)
            normalized = model.normalizer.normalize(_check_unicode(text) if type(text) is str else _check_text(text))
            return self._shape(self._output(model.finish(segments_of(normalized)), kind, **options), kind)

        if isinstance(input, list):
            if kind == "offset_mapping" and return_bytes is None:
                return_bytes = bool(input) and isinstance(input[0], bytes)
            return [encode_one(text) for text in input]
        return encode_one(input)

    def _rewrites(self, add_bos: Any, add_eos: Any, reverse: Any, emit_unk_piece: Any) -> dict:
        return dict(
            add_bos=self._add_bos if add_bos is None else add_bos,
            add_eos=self._add_eos if add_eos is None else add_eos,
            reverse=self._reverse if reverse is None else reverse,
            emit_unk_piece=self._emit_unk_piece if emit_unk_piece is None else emit_unk_piece,
        )

    def _encoded_text(self, text: Any, segments_of: Any) -> ImmutableSentencePieceText:
        """The SentencePieceText (byte spans) of one text segmented by `segments_of(normalized)`."""
        model = self.model
        text = _check_text(text)
        normalized, norm_to_orig = model.normalizer.normalize_with_offsets(text)
        return self._text_of(text, normalized, norm_to_orig, segments_of(normalized))

    def _text_of(self, text: str, normalized: str, norm_to_orig: list[int], segments: list[Segment]) -> ImmutableSentencePieceText:
        model = self.model
        byte_ids = {f"<0x{byte:02X}>": model.piece_to_id(f"<0x{byte:02X}>") for byte in range(256)} if model.byte_fallback else {}
        return encoded_text(text, normalized, norm_to_orig, segments, model.types, model.unk_id, model.byte_fallback, byte_ids)

    @staticmethod
    def _shape(result: list, kind: Any) -> Any:
        """Ids or pieces as `kind` asks: pieces as bytes, ids as a numpy array."""
        if kind is bytes:
            return [piece.encode("utf-8") for piece in result]
        if kind == "numpy":
            return int32_array(result)
        return result

    def _output(
        self, segments: list[Segment], kind: Any, add_bos: bool, add_eos: bool, reverse: bool, emit_unk_piece: bool
    ) -> Ids | Pieces:
        """Ids or pieces of finished segments, with the bos/eos/reverse/unk options applied."""
        bos = self.bos_id() if add_bos else 0
        eos = self.eos_id() if add_eos else 0
        if bos < 0 or eos < 0:
            which = "BOS" if bos < 0 else "EOS"
            raise ArgumentValueError(f"{which} token is not defined as a control symbol in this model")
        if kind is int or kind == "numpy":
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

    def EncodeAsIds(self, input: Any, **options: Any) -> Any:
        """The ids of a text (or of each text of a list)."""
        return self.Encode(input, return_type=int, **options)

    def EncodeAsPieces(self, input: Any, **options: Any) -> Any:
        """The pieces of a text (or of each text of a list)."""
        return self.Encode(input, return_type=str, **options)

    def EncodeAsNumpy(self, input: Any, **options: Any) -> Any:
        """The ids of a text as a numpy int32 array (or one array per text of a list)."""
        return self.Encode(input, return_type="numpy", **options)

    def EncodeAsProto(self, input: Any, **options: Any) -> Any:
        """The SentencePieceText of a text (byte spans)."""
        return self.Encode(input, return_type="proto", **options)

    def EncodeAsSerializedProto(self, input: Any, **options: Any) -> Any:
        """The SentencePieceText of a text, serialized as sentencepiece serializes it."""
        return self.Encode(input, return_type="serialized_proto", **options)

    def EncodeAsImmutableProto(self, input: Any, **options: Any) -> Any:
        """The ImmutableSentencePieceText of a text (char spans)."""
        return self.Encode(input, return_type="immutable_proto", **options)

    def EncodeAsOffsetMapping(self, input: Any, **options: Any) -> Any:
        """{'ids', 'pieces', 'offsets'} of a text: each piece's (begin, end) span of the input."""
        return self.Encode(input, return_type="offset_mapping", **options)

    def SampleEncodeAsIds(self, input: Any, nbest_size: int | None = None, alpha: float | None = None, **options: Any) -> Any:
        """Ids of a sampled segmentation (see `encode`'s enable_sampling)."""
        return self.Encode(input, return_type=int, enable_sampling=True, nbest_size=nbest_size, alpha=alpha, **options)

    def SampleEncodeAsPieces(self, input: Any, nbest_size: int | None = None, alpha: float | None = None, **options: Any) -> Any:
        """Pieces of a sampled segmentation (see `encode`'s enable_sampling)."""
        return self.Encode(input, return_type=str, enable_sampling=True, nbest_size=nbest_size, alpha=alpha, **options)

    def SampleEncodeAsNumpy(self, input: Any, nbest_size: int | None = None, alpha: float | None = None, **options: Any) -> Any:
        """Ids of a sampled segmentation as a numpy array."""
        return self.Encode(input, return_type="numpy", enable_sampling=True, nbest_size=nbest_size, alpha=alpha, **options)

    def SampleEncodeAsProto(self, input: Any, nbest_size: int | None = None, alpha: float | None = None, **options: Any) -> Any:
        """SentencePieceText of a sampled segmentation."""
        return self.Encode(input, return_type="proto", enable_sampling=True, nbest_size=nbest_size, alpha=alpha, **options)

    def SampleEncodeAsSerializedProto(
        self, input: Any, nbest_size: int | None = None, alpha: float | None = None, **options: Any
    ) -> Any:
        """Serialized SentencePieceText of a sampled segmentation."""
        return self.Encode(
            input, return_type="serialized_proto", enable_sampling=True, nbest_size=nbest_size, alpha=alpha, **options
        )

    def SampleEncodeAsImmutableProto(
        self, input: Any, nbest_size: int | None = None, alpha: float | None = None, **options: Any
    ) -> Any:
        """ImmutableSentencePieceText of a sampled segmentation."""
        return self.Encode(
            input, return_type="immutable_proto", enable_sampling=True, nbest_size=nbest_size, alpha=alpha, **options
        )

    def NBestEncode(
        self,
        input: Any,
        add_bos: bool | None = None,
        add_eos: bool | None = None,
        reverse: bool | None = None,
        emit_unk_piece: bool | None = None,
        nbest_size: int | None = None,
        return_type: Any = None,
        out_type: Any = None,
    ) -> list:
        """The `nbest_size` best segmentations (unigram models), best first, in `return_type`."""
        kind = resolve_return_type(return_type, out_type, self._out_type)
        if kind == "offset_mapping":
            raise ArgumentValueError("unknown return_type=offset_mapping")
        options = self._rewrites(add_bos, add_eos, reverse, emit_unk_piece)
        nbest_size = max(_check_nbest_size(self._nbest_size if nbest_size is None else nbest_size), 1)
        if kind in PROTO_TYPES:
            _no_rewrites(**options)
        model = self.model
        if model.unigram is None:
            raise UnsupportedOptionError("NBestEncode is not available for the current model: n-best lists are for unigram models only.")

        def encode_one(text: Any) -> Any:
            text = _check_text(text)
            if kind in PROTO_TYPES:
                normalized, norm_to_orig = model.normalizer.normalize_with_offsets(text)
                texts = []
                for segments, score in model.nbest_scored(normalized, nbest_size):
                    result = self._text_of(text, normalized, norm_to_orig, segments)
                    result._score = score
                    texts.append(result)
                return nbest_result(texts, kind)
            normalized = model.normalizer.normalize(text)
            return [
                self._shape(self._output(model.finish(segments), kind, **options), kind)
                for segments in model.nbest(normalized, nbest_size)
            ]

        if isinstance(input, list):
            return [encode_one(text) for text in input]
        return encode_one(input)

    def NBestEncodeAsIds(self, input: Any, nbest_size: int | None = None, **options: Any) -> list:
        """The n best segmentations as ids."""
        return self.NBestEncode(input, nbest_size=nbest_size, return_type=int, **options)

    def NBestEncodeAsPieces(self, input: Any, nbest_size: int | None = None, **options: Any) -> list:
        """The n best segmentations as pieces."""
        return self.NBestEncode(input, nbest_size=nbest_size, return_type=str, **options)

    def NBestEncodeAsNumpy(self, input: Any, nbest_size: int | None = None, **options: Any) -> list:
        """The n best segmentations as numpy arrays of ids."""
        return self.NBestEncode(input, nbest_size=nbest_size, return_type="numpy", **options)

    def NBestEncodeAsProto(self, input: Any, nbest_size: int | None = None, **options: Any) -> Any:
        """The n best segmentations as an n-best text (byte spans)."""
        return self.NBestEncode(input, nbest_size=nbest_size, return_type="proto", **options)

    def NBestEncodeAsSerializedProto(self, input: Any, nbest_size: int | None = None, **options: Any) -> Any:
        """The n best segmentations, serialized as sentencepiece's NBestSentencePieceText."""
        return self.NBestEncode(input, nbest_size=nbest_size, return_type="serialized_proto", **options)

    def NBestEncodeAsImmutableProto(self, input: Any, nbest_size: int | None = None, **options: Any) -> Any:
        """The n best segmentations as an ImmutableNBestSentencePieceText (char spans)."""
        return self.NBestEncode(input, nbest_size=nbest_size, return_type="immutable_proto", **options)

    def SampleEncodeAndScore(
        self,
        input: Any,
        out_type: Any = None,
        add_bos: bool | None = None,
        add_eos: bool | None = None,
        reverse: bool | None = None,
        emit_unk_piece: bool | None = None,
        num_samples: int | None = None,
        alpha: float | None = None,
        wor: bool | None = None,
        include_best: bool | None = None,
        return_type: Any = None,
    ) -> Any:
        """`num_samples` segmentations (unigram models) with their scores, as sentencepiece 0.2.1.

        Args:
            alpha: inverse temperature (default 1.0): a segmentation weighs exp(alpha * score).
            wor: sample without replacement; the score is then the log of the sample's
                inclusion probability, else its log-probability.
            include_best: put the best segmentation first, with score 0.0 (needs `wor`).
        """
        kind = resolve_return_type(return_type, out_type, self._out_type)
        options = self._rewrites(add_bos, add_eos, reverse, emit_unk_piece)
        num_samples = 1 if num_samples is None else num_samples
        alpha = 1.0 if alpha is None else alpha
        if num_samples <= 0:
            raise UnsupportedOptionError("num_examples must be positive")
        if include_best and not wor:
            raise UnsupportedOptionError('When include_best is True, We must specify "wor = True".')
        if kind in PROTO_TYPES or kind == "numpy":
            _no_rewrites(**options)
        model = self.model
        if model.unigram is None:
            raise UnsupportedOptionError("SampleEncodeAndScore is not available for the current model (only unigram).")

        def encode_one(text: Any) -> Any:
            text = _check_text(text)
            normalized, norm_to_orig = model.normalizer.normalize_with_offsets(text)
            if not normalized:
                raise UnsupportedOptionError("SampleEncodeAndScore returns empty result (the text normalizes to nothing).")
            assert model.unigram is not None
            samples = sample_and_score(
                model.unigram.lattice(normalized), normalized, model.unigram.encode(normalized), num_samples,
                alpha, bool(wor), bool(include_best), self._generator(),
            )
            if kind in PROTO_TYPES:
                texts = []
                for segments, score in samples:
                    result = self._text_of(text, normalized, norm_to_orig, segments)
                    result._score = score
                    texts.append(result)
                return nbest_result(texts, kind)
            return [(self._shape(self._output(model.finish(segments), kind, **options), kind), score) for segments, score in samples]

        if isinstance(input, list):
            return [encode_one(text) for text in input]
        return encode_one(input)

    def SampleEncodeAndScoreAsIds(self, input: Any, num_samples: int | None = None, alpha: float | None = None, **options: Any) -> Any:
        """Samples as ids, with their scores."""
        return self.SampleEncodeAndScore(input, num_samples=num_samples, alpha=alpha, out_type=int, **options)

    def SampleEncodeAndScoreAsPieces(
        self, input: Any, num_samples: int | None = None, alpha: float | None = None, **options: Any
    ) -> Any:
        """Samples as pieces, with their scores."""
        return self.SampleEncodeAndScore(input, num_samples=num_samples, alpha=alpha, out_type=str, **options)

    def SampleEncodeAndScoreAsSerializedProto(
        self, input: Any, num_samples: int | None = None, alpha: float | None = None, **options: Any
    ) -> Any:
        """Samples as a serialized NBestSentencePieceText (scores in each text's `score`)."""
        return self.SampleEncodeAndScore(input, num_samples=num_samples, alpha=alpha, out_type="serialized_proto", **options)

    def SampleEncodeAndScoreAsImmutableProto(
        self, input: Any, num_samples: int | None = None, alpha: float | None = None, **options: Any
    ) -> Any:
        """Samples as an ImmutableNBestSentencePieceText (scores in each text's `score`)."""
        return self.SampleEncodeAndScore(input, num_samples=num_samples, alpha=alpha, out_type="immutable_proto", **options)

    def CalculateEntropy(self, input: Any, alpha: float, num_threads: int | None = None) -> float | list[float]:
        """The entropy of the segmentations of a text (unigram models), each weighted by
        exp(alpha * score); for a list, of each text."""
        model = self.model
        if model.unigram is None:
            raise UnsupportedOptionError("CalculateEntropy is not available for the current model (only unigram).")
        unigram = model.unigram

        def entropy_of(text: Any) -> float:
            normalized = model.normalizer.normalize(_check_text(text))
            return entropy(unigram.lattice(normalized), alpha)

        if isinstance(input, list):
            _check_num_threads(self._num_threads if num_threads is None else num_threads)
            return [entropy_of(text) for text in input]
        return entropy_of(input)

    def Normalize(self, input: Any, with_offsets: bool | None = None) -> Any:
        """The normalized form of a text (or of each text of a list), as the model sees it.

        With `with_offsets`, (normalized, alignment): for each char of the result (and its end)
        the char offset it comes from; for bytes input, both in UTF-8 bytes.
        """
        return normalize_input(self.model.normalizer, input, with_offsets)

    # -- decoding -----------------------------------------------------------------------------

    def Decode(
        self,
        input: Any,
        return_type: Any = None,
        out_type: Any = None,
        num_threads: int | None = None,
        thread_pool: Any = None,
        return_bytes: bool | None = None,
    ) -> Any:
        """The text of ids or pieces: one id or piece, a list (or numpy array) of them, or a list
        of such lists; `return_type` str, bytes, 'serialized_proto', 'proto', 'immutable_proto'
        or 'offset_mapping' (`out_type` is its older name).

        With T5's spiece.model, `sp.decode([8774, 296])` is 'Hello world'.
        """
        kind = resolve_return_type(return_type, out_type, str)
        if return_bytes is not None and kind != "offset_mapping":
            raise ArgumentValueError("return_bytes is only supported when return_type='offset_mapping'")
        _check_num_threads(self._num_threads if num_threads is None else num_threads)
        if kind is int or kind == "numpy":
            raise ArgumentValueError(f"unknown return_type={kind!r} or input type")
        if input is None or (isinstance(input, (str, bytes)) and len(input) == 0):
            input = []
        if not _is_sequence(input):
            input = [input]
        if hasattr(input, "ndim"):
            batch = input.ndim > 1
        else:
            batch = len(input) > 0 and _is_sequence(input[0])
        if batch:
            return [self._decode_one(list(item), kind, bool(return_bytes)) for item in input]
        return self._decode_one(list(input), kind, bool(return_bytes))

    def _decode_one(self, items: list, kind: Any, return_bytes: bool) -> Any:
        model = self.model
        if items and isinstance(items[0], (str, bytes)):
            if not all(isinstance(item, (str, bytes)) for item in items):
                raise ArgumentTypeError("List elements must be str or bytes")
            pieces = [item.decode("utf-8", "replace") if isinstance(item, bytes) else item for item in items]
        else:
            if not all(_is_id(item) for item in items):
                raise ArgumentTypeError("Input must be an integer buffer, list of integers, or a sequence of integers.")
            pieces = [model.pieces[self._check_id(int(item))] for item in items]
        if kind is str or kind is bytes:
            text = model.decode(pieces)
            return text.encode("utf-8") if kind is bytes else text
        surfaces, text = model.decode_surfaces(pieces)
        result = decoded_text([(piece, model.piece_to_id(piece)) for piece in pieces], surfaces, text)
        if kind == "offset_mapping":
            return offset_mapping(result, return_bytes, with_text=True)
        return text_result(result, kind)

    def DecodeIds(self, input: Any, return_type: Any = None, **options: Any) -> Any:
        """The text of ids (see `decode`)."""
        return self.Decode(input, return_type, **options)

    def DecodePieces(self, input: Any, return_type: Any = None, **options: Any) -> Any:
        """The text of pieces (see `decode`)."""
        return self.Decode(input, return_type, **options)

    def DecodeIdsAsProto(self, input: Any, **options: Any) -> Any:
        """The SentencePieceText of decoding ids (byte spans)."""
        return self.Decode(input, "proto", **options)

    def DecodePiecesAsProto(self, input: Any, **options: Any) -> Any:
        """The SentencePieceText of decoding pieces (byte spans)."""
        return self.Decode(input, "proto", **options)

    def DecodeIdsAsSerializedProto(self, input: Any, **options: Any) -> Any:
        """The serialized SentencePieceText of decoding ids."""
        return self.Decode(input, "serialized_proto", **options)

    def DecodePiecesAsSerializedProto(self, input: Any, **options: Any) -> Any:
        """The serialized SentencePieceText of decoding pieces."""
        return self.Decode(input, "serialized_proto", **options)

    def DecodeIdsAsImmutableProto(self, input: Any, **options: Any) -> Any:
        """The ImmutableSentencePieceText of decoding ids (char spans)."""
        return self.Decode(input, "immutable_proto", **options)

    def DecodePiecesAsImmutableProto(self, input: Any, **options: Any) -> Any:
        """The ImmutableSentencePieceText of decoding pieces (char spans)."""
        return self.Decode(input, "immutable_proto", **options)

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


def normalize_input(normalizer: SpecNormalizer, input: Any, with_offsets: bool | None) -> Any:
    """`Normalize` of a processor or a SentencePieceNormalizer: a str, bytes or a list of them,
    each normalized; with `with_offsets`, (normalized, alignment) in chars (bytes for bytes)."""

    def normalize_one(text: Any) -> Any:
        as_bytes = isinstance(text, bytes)
        text = _check_text(text)
        if not with_offsets:
            normalized = normalizer.normalize(text)
            return normalized.encode("utf-8") if as_bytes else normalized
        normalized, offsets = normalizer.normalize_with_offsets(text)
        if as_bytes:
            return normalized.encode("utf-8"), offsets
        return normalized, unicode_alignment(text, normalized, offsets)

    if isinstance(input, list):
        return [normalize_one(text) for text in input]
    return normalize_one(input)


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


def _is_id(item: Any) -> bool:
    """An int (numpy's too), not a bool."""
    return hasattr(item, "__index__") and not isinstance(item, (bool, str, bytes))


def _parse_flag(name: str, value: Any) -> bool:
    """A bool normalizer field given as a bool or as sentencepiece's strings ("true", "0"...)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "t", "true", "y", "yes", ""):
        return True
    if text in ("0", "f", "false", "n", "no"):
        return False
    raise UnsupportedOptionError(f"cannot parse {value!r} as a bool for normalizer_spec.{name}")
