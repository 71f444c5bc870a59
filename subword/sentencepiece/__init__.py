"""Read sentencepiece `.model` files and encode with them exactly as the `sentencepiece` package does.

>>> from subword.sentencepiece import SentencePieceProcessor
>>> sp = SentencePieceProcessor(model_file="spiece.model")  # doctest: +SKIP
>>> sp.encode("Hello world")  # doctest: +SKIP
[8774, 296]
"""

from ._proto import ModelProto, NormalizerSpec, Piece, TrainerSpec, parse_model_proto
from .processor import PieceIdError, SentencePieceProcessor

__all__ = [
    "ModelProto",
    "NormalizerSpec",
    "Piece",
    "PieceIdError",
    "SentencePieceProcessor",
    "TrainerSpec",
    "parse_model_proto",
]
