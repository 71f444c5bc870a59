"""Trainers: learn a model's vocabulary from a corpus (`Tokenizer.train` runs them)."""

from .base import Trainer, TrainingError
from .bpe import BpeTrainer
from .unigram import UnigramTrainer
from .wordlevel import WordLevelTrainer
from .wordpiece import WordPieceTrainer

__all__ = ["BpeTrainer", "Trainer", "TrainingError", "UnigramTrainer", "WordLevelTrainer", "WordPieceTrainer"]
