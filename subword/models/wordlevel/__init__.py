"""WordLevel: the model and its trainer."""

from .model import WordLevel
from .trainer import WordLevelTrainer

__all__ = ["WordLevel", "WordLevelTrainer"]
