"""Models: turn one word into subword tokens."""

from .base import Model, Token, models_registry
from .bpe.model import BPE
from .unigram.model import Unigram
from .wordlevel.model import WordLevel
from .wordpiece.model import WordPiece

__all__ = ["BPE", "Model", "Token", "Unigram", "WordLevel", "WordPiece", "models_registry"]
