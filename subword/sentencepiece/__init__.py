"""Read sentencepiece `.model` files and encode with them exactly as the `sentencepiece` package does.

With T5's spiece.model::

    from subword.sentencepiece import SentencePieceProcessor
    sp = SentencePieceProcessor(model_file="spiece.model")
    sp.encode("Hello world")   # [8774, 296]

The module offers sentencepiece's API (0.2.3, and 0.2.1's proto and scoring methods), training
included (`SentencePieceTrainer`: char and word models equal sentencepiece's, unigram and bpe
models come from subword's own trainers and are close to sentencepiece's).
"""

from ._proto import ModelProto, NormalizerSpec, Piece, TrainerSpec, parse_model_proto
from ._settings import (
    SetDataDir,
    SetMinLogLevel,
    SetRandomGeneratorSeed,
    ThreadPool,
    set_data_dir,
    set_min_log_level,
    set_random_generator_seed,
)
from ._text_proto import (
    ImmutableNBestSentencePieceText,
    ImmutableSentencePieceText,
    ImmutableSentencePieceText_ImmutableSentencePiece,
)
from .normalizer import SentencePieceNormalizer
from .processor import LoneSurrogateError, PieceIdError, SentencePieceProcessor, UnsupportedOptionError
from .trainer import SentencePieceTrainer

__version__ = "0.2.3"  # the sentencepiece API this module follows

__all__ = [
    "ImmutableNBestSentencePieceText",
    "ImmutableSentencePieceText",
    "ImmutableSentencePieceText_ImmutableSentencePiece",
    "LoneSurrogateError",
    "ModelProto",
    "NormalizerSpec",
    "Piece",
    "PieceIdError",
    "SentencePieceNormalizer",
    "SentencePieceProcessor",
    "SetDataDir",
    "SetMinLogLevel",
    "SetRandomGeneratorSeed",
    "SentencePieceTrainer",
    "ThreadPool",
    "TrainerSpec",
    "UnsupportedOptionError",
    "parse_model_proto",
    "set_data_dir",
    "set_min_log_level",
    "set_random_generator_seed",
]
