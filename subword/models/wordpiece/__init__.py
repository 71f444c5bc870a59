"""WordPiece: the model and its trainer."""

from .model import WordPiece
from .trainer import WordPieceTrainer

__all__ = ["WordPiece", "WordPieceTrainer"]
