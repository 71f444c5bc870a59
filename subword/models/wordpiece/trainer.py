"""WordPieceTrainer: learn a WordPiece vocabulary the way the Rust package does, with BPE merges.

The vocabulary is that of a BPE trained with `continuing_subword_prefix` ("##" by default); the
merges themselves are dropped, since WordPiece matches the longest piece instead.
"""

from __future__ import annotations

from typing import Any

from ...core.added_vocabulary import AddedToken
from ...errors import expect_str
from ..base import Model, register_trainer
from .model import WordPiece
from ..trainer import check_optional_str, option, rebuild
from ..bpe.trainer import MergeTrainer


class WordPieceTrainer(MergeTrainer):
    """Trains a WordPiece model; the options and defaults are `tokenizers.trainers.WordPieceTrainer`'s.

    Args:
        vocab_size: the size of the final vocabulary, special tokens and alphabet included.
        min_frequency: the fewest occurrences a pair needs to be merged.
        show_progress: draw progress bars while training.
        special_tokens: tokens put first in the vocabulary (and added to the tokenizer as special).
        limit_alphabet: keep at most this many characters, the most frequent ones.
        initial_alphabet: characters to keep even if the corpus lacks them.
        continuing_subword_prefix: the mark of pieces inside a word ("##").
        end_of_word_suffix: a mark for pieces ending a word, or None.

    The Rust trainer's ids depend on hash order; this one is deterministic (see `_bpe_learn`).

    >>> from subword.models import WordPiece
    >>> trainer = WordPieceTrainer(vocab_size=18, special_tokens=["[UNK]"], show_progress=False)
    >>> trainer.feed(["low lower lowest"], str.split)
    >>> model = WordPiece()
    >>> trainer.train(model)
    [AddedToken("[UNK]", rstrip=False, lstrip=False, single_word=False, normalized=False, special=True)]
    >>> [token.value for token in model.tokenize("lowest")]
    ['lowe', '##st']
    """

    model_class = WordPiece

    continuing_subword_prefix = option(
        "continuing_subword_prefix", check_optional_str, "The prefix of pieces inside a word (None: no prefix while learning)."
    )

    def __init__(
        self,
        vocab_size: int = 30000,
        min_frequency: int = 0,
        show_progress: bool = True,
        special_tokens: list[str | AddedToken] | None = None,
        limit_alphabet: int | None = None,
        initial_alphabet: list[str] | None = None,
        continuing_subword_prefix: str = "##",
        end_of_word_suffix: str | None = None,
    ) -> None:
        # as in Rust, None is refused here but may be set afterwards (`trainer.continuing_subword_prefix = None`)
        expect_str(continuing_subword_prefix, "continuing_subword_prefix")
        super().__init__(
            vocab_size,
            min_frequency,
            show_progress,
            special_tokens,
            limit_alphabet,
            initial_alphabet,
            continuing_subword_prefix,
            end_of_word_suffix,
        )

    def _state(self) -> dict[str, Any]:
        return {"bpe_trainer": self._merge_state("indicatif", None)}

    def _restore(self, state: dict[str, Any]) -> None:
        inner = dict(state.get("bpe_trainer", {}))
        for ignored in ("progress_format", "max_token_length"):  # not WordPieceTrainer settings
            inner.pop(ignored, None)
        super()._restore(inner)

    def train(self, model: Model) -> list[AddedToken]:
        """Learn the vocabulary into `model` (its unk_token and word limit are kept); the special tokens."""
        self.check_model(model)
        vocab, _ = self._learn()
        rebuild(
            model,
            vocab,
            unk_token=model.unk_token,
            max_input_chars_per_word=model.max_input_chars_per_word,
            # with no prefix the model gets WordPiece's default "##", as Rust's `WordPiece::from_bpe` gives it
            continuing_subword_prefix="##" if self.continuing_subword_prefix is None else self.continuing_subword_prefix,
        )
        return list(self.special_tokens)


register_trainer("WordPiece", WordPieceTrainer)
