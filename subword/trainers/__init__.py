"""Trainers: learn a model's vocabulary from a corpus (`Tokenizer.train` runs them)."""

from ..models.trainer import Trainer, TrainingError
from ..models.bpe.trainer import BpeTrainer
from ..models.wordlevel.trainer import WordLevelTrainer
from ..models.wordpiece.trainer import WordPieceTrainer



def __getattr__(name: str):
    # The Unigram trainer needs numpy; load it on first use so `import subword` stays light.
    if name == "UnigramTrainer":
        from ..models.unigram.trainer import UnigramTrainer

        globals()["UnigramTrainer"] = UnigramTrainer
        return UnigramTrainer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["BpeTrainer", "Trainer", "TrainingError", "UnigramTrainer", "WordLevelTrainer", "WordPieceTrainer"]
