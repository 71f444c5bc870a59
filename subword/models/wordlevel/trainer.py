"""WordLevelTrainer: the most frequent words become the vocabulary."""

from __future__ import annotations

from typing import Any

from ...core.added_vocabulary import AddedToken
from ..base import Model, register_trainer
from .model import WordLevel
from ..trainer import Trainer, TrainingError, check_count, option, rebuild


class WordLevelTrainer(Trainer):
    """Trains a WordLevel model: special tokens first, then words by falling count, ties in code point order.

    Args:
        vocab_size: the size of the final vocabulary, special tokens included.
        min_frequency: the fewest occurrences a word needs to be kept.
        show_progress: draw progress bars while training.
        special_tokens: tokens put first in the vocabulary (and added to the tokenizer as special).

    The vocabulary is the Rust trainer's exactly (including its one quirk: a special token that is
    also a kept word takes the word's, later, id).

    >>> from subword.models import WordLevel
    >>> trainer = WordLevelTrainer(vocab_size=3, special_tokens=["[UNK]"], show_progress=False)
    >>> trainer.feed(["b a b c a b"], str.split)
    >>> model = WordLevel(unk_token="[UNK]")
    >>> trainer.train(model)[0].content
    '[UNK]'
    >>> model.get_vocab()
    {'[UNK]': 0, 'b': 1, 'a': 2}
    """

    model_class = WordLevel

    vocab_size = option("vocab_size", check_count, "The size of the final vocabulary, special tokens included.")
    min_frequency = option("min_frequency", check_count, "The fewest occurrences a word needs to be kept.")

    def __init__(
        self,
        vocab_size: int = 30000,
        min_frequency: int = 0,
        show_progress: bool = True,
        special_tokens: list[str | AddedToken] | None = None,
    ) -> None:
        super().__init__(show_progress=show_progress, special_tokens=special_tokens)
        self.vocab_size = vocab_size
        self.min_frequency = min_frequency

    def train(self, model: Model) -> list[AddedToken]:
        """Learn the vocabulary into `model` (its unk_token is kept); the special tokens."""
        self.check_model(model)
        self.check_words()
        if self.vocab_size < len(self.special_tokens):
            raise TrainingError(
                f"vocab_size={self.vocab_size} is too small for the {len(self.special_tokens)} special tokens; "
                f"raise it to at least {len(self.special_tokens)}"
            )
        ranked = sorted(self.words.items(), key=lambda item: (-item[1], item[0]))
        kept = [word for word, count in ranked if count >= self.min_frequency]
        entries = [token.content for token in self.special_tokens] + kept
        vocab: dict[str, int] = {}
        for id_, token in enumerate(entries[: self.vocab_size]):
            vocab[token] = id_  # a repeated token keeps its last id, as in Rust
        rebuild(model, vocab, unk_token=model.unk_token)
        return list(self.special_tokens)

    def _state(self) -> dict[str, Any]:
        return {
            "min_frequency": self.min_frequency,
            "vocab_size": self.vocab_size,
            "show_progress": self.show_progress,
            "special_tokens": self._special_tokens_state(),
            "words": self._words_state(),
        }


register_trainer("WordLevel", WordLevelTrainer)
