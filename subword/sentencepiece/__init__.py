"""Read sentencepiece `.model` files and encode with them exactly as the `sentencepiece` package does.

With T5's spiece.model::

    from subword.sentencepiece import SentencePieceProcessor
    sp = SentencePieceProcessor(model_file="spiece.model")
    sp.encode("Hello world")   # [8774, 296]
"""

from ._proto import ModelProto, NormalizerSpec, Piece, TrainerSpec, parse_model_proto
from .processor import LoneSurrogateError, PieceIdError, SentencePieceProcessor
from .trainer import SentencePieceTrainer, set_random_generator_seed

__all__ = [
    "ModelProto",
    "NormalizerSpec",
    "Piece",
    "LoneSurrogateError",
    "PieceIdError",
    "SentencePieceProcessor",
    "SentencePieceTrainer",
    "TrainerSpec",
    "parse_model_proto",
    "set_random_generator_seed",
]
