"""subword: BPE, WordPiece and Unigram tokenizers in pure Python, with the `tokenizers` API."""

from . import decoders, models, normalizers, pre_tokenizers, processors
from .encoding import Encoding
from .errors import (
    ArgumentTypeError,
    ArgumentValueError,
    SubwordError,
    TokenizerFileError,
    UnknownComponentError,
)
from .normalized_string import NormalizedString
from .pre_tokenized_string import PreTokenizedString

__version__ = "0.1.0"

__all__ = [
    "ArgumentTypeError",
    "ArgumentValueError",
    "Encoding",
    "NormalizedString",
    "PreTokenizedString",
    "SubwordError",
    "TokenizerFileError",
    "UnknownComponentError",
    "decoders",
    "models",
    "normalizers",
    "pre_tokenizers",
    "processors",
]
