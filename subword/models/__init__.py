"""Models: turn one word into subword tokens."""

from .base import Model, Token, models_registry
from .bpe import BPE
from .unigram import Unigram
from .wordlevel import WordLevel
from .wordpiece import WordPiece

__all__ = ["BPE", "Model", "Token", "Unigram", "WordLevel", "WordPiece", "models_registry"]
