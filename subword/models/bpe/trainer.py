"""BpeTrainer: learn a BPE model's vocabulary and merges from a corpus.

The merges are learned by `_bpe_learn.learn_bpe` (see there for the order and tie-breaks); the
options and their defaults are those of `tokenizers.trainers.BpeTrainer`.
"""

from __future__ import annotations

from typing import Any

from ...core.added_vocabulary import AddedToken
from ...errors import ArgumentTypeError, type_name
from ..base import Model, register_trainer
from .model import BPE
from .learn import BpeSettings, learn_bpe
from ..trainer import Trainer, check_count, check_optional_count, check_optional_str, option, rebuild


def check_alphabet(value: Any, name: str = "initial_alphabet") -> list[str]:
    """A list of str as its distinct first characters, sorted (`["b", "ab", ""] -> ["a", "b"]`), as Rust reads it."""
    if not isinstance(value, (list, tuple, set, frozenset)):
        raise ArgumentTypeError(f"{name} must be a list of str (one character each), got {type_name(value)}")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise ArgumentTypeError(f"{name}[{index}] must be a str, got {type_name(item)}")
    return sorted({item[0] for item in value if item})


class MergeTrainer(Trainer):
    """The options BPE and WordPiece training share (both learn BPE merges)."""

    vocab_size = option("vocab_size", check_count, "The size of the final vocabulary, special tokens included.")
    min_frequency = option("min_frequency", check_count, "The fewest occurrences a pair needs to be merged.")
    limit_alphabet = option("limit_alphabet", check_optional_count, "Keep at most this many characters (or None).")
    initial_alphabet = option("initial_alphabet", check_alphabet, "Characters kept even if the corpus lacks them.")
    continuing_subword_prefix = option(
        "continuing_subword_prefix", check_optional_str, "The prefix of every symbol not starting a word."
    )
    end_of_word_suffix = option("end_of_word_suffix", check_optional_str, "The suffix of the symbol ending a word.")

    def __init__(
        self,
        vocab_size: int,
        min_frequency: int,
        show_progress: bool,
        special_tokens: list[str | AddedToken] | None,
        limit_alphabet: int | None,
        initial_alphabet: list[str] | None,
        continuing_subword_prefix: str | None,
        end_of_word_suffix: str | None,
    ) -> None:
        super().__init__(show_progress=show_progress, special_tokens=special_tokens)
        self.vocab_size = vocab_size
        self.min_frequency = min_frequency
        self.limit_alphabet = limit_alphabet
        self.initial_alphabet = [] if initial_alphabet is None else initial_alphabet
        self.continuing_subword_prefix = continuing_subword_prefix
        self.end_of_word_suffix = end_of_word_suffix

    def _learn(self, max_token_length: int | None = None) -> tuple[dict[str, int], list[tuple[str, str]]]:
        """The vocabulary and merges learned from the fed words."""
        self.check_words()
        settings = BpeSettings(
            vocab_size=self.vocab_size,
            min_frequency=self.min_frequency,
            special_tokens=tuple(token.content for token in self.special_tokens),
            limit_alphabet=self.limit_alphabet,
            initial_alphabet=tuple(self.initial_alphabet),
            continuing_subword_prefix=self.continuing_subword_prefix,
            end_of_word_suffix=self.end_of_word_suffix,
            max_token_length=max_token_length,
            show_progress=self.should_show_progress(),
        )
        tokens, merges = learn_bpe(self.words, settings)
        return {token: id_ for id_, token in enumerate(tokens)}, merges

    def _merge_state(self, progress_format: str, max_token_length: int | None) -> dict[str, Any]:
        """The fields of Rust's BpeTrainer, which WordPieceTrainer wraps."""
        return {
            "min_frequency": self.min_frequency,
            "vocab_size": self.vocab_size,
            "show_progress": self.show_progress,
            "progress_format": _PROGRESS_FORMAT_STATE[progress_format],
            "special_tokens": self._special_tokens_state(),
            "limit_alphabet": self.limit_alphabet,
            "initial_alphabet": list(self.initial_alphabet),
            "continuing_subword_prefix": self.continuing_subword_prefix,
            "end_of_word_suffix": self.end_of_word_suffix,
            "max_token_length": max_token_length,
            "words": self._words_state(),
        }


class BpeTrainer(MergeTrainer):
    """Trains a BPE model: the alphabet, then the most frequent pair merged again and again.

    Args:
        vocab_size: the size of the final vocabulary, special tokens and alphabet included.
        min_frequency: the fewest occurrences a pair needs to be merged.
        show_progress: draw progress bars while training.
        special_tokens: tokens put first in the vocabulary (and added to the tokenizer as special).
        limit_alphabet: keep at most this many characters, the most frequent ones.
        initial_alphabet: characters to keep even if the corpus lacks them (the first character
            of each string is used).
        continuing_subword_prefix / end_of_word_suffix: marks of the symbols inside / ending a word.
        max_token_length: cap on the characters of a token (as in Rust, merged tokens stay
            shorter than the cap, except that two characters always merge).

    With a ByteLevel pre-tokenizer and its alphabet, the vocabulary and merges are the Rust
    trainer's exactly; with a prefix, suffix or limit_alphabet, where Rust depends on hash order,
    the result is deterministic (see `_bpe_learn`).

    >>> from subword.models import BPE
    >>> trainer = BpeTrainer(vocab_size=10, show_progress=False)
    >>> trainer.feed(["low lower lowest"], str.split)
    >>> model = BPE()
    >>> trainer.train(model)
    []
    >>> model.tokenize_ids("lower")
    [9, 3]
    """

    model_class = BPE

    max_token_length = option("max_token_length", check_optional_count, "The longest a token may get (or None).")
    progress_format = option(
        "progress_format", lambda value, name: _progress_format(value), '"indicatif", "json" or "silent".'
    )

    def __init__(
        self,
        vocab_size: int = 30000,
        min_frequency: int = 0,
        show_progress: bool = True,
        special_tokens: list[str | AddedToken] | None = None,
        limit_alphabet: int | None = None,
        initial_alphabet: list[str] | None = None,
        continuing_subword_prefix: str | None = None,
        end_of_word_suffix: str | None = None,
        max_token_length: int | None = None,
        progress_format: str = "indicatif",
    ) -> None:
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
        self.max_token_length = max_token_length
        self.progress_format = progress_format

    def get_word_count(self) -> int:
        """How many distinct words the fed corpus holds (0 before feeding)."""
        return len(self.words)

    def should_show_progress(self) -> bool:
        """Whether training draws progress bars ("silent" draws none)."""
        return self.show_progress and self.progress_format != "silent"

    def train(self, model: Model) -> list[AddedToken]:
        """Learn the vocabulary and merges into `model` (its other options are kept); the special tokens."""
        self.check_model(model)
        vocab, merges = self._learn(self.max_token_length)
        rebuild(
            model,
            vocab,
            merges,
            dropout=model.dropout,
            unk_token=model.unk_token,
            continuing_subword_prefix=self.continuing_subword_prefix,
            end_of_word_suffix=self.end_of_word_suffix,
            fuse_unk=model.fuse_unk,
            byte_fallback=model.byte_fallback,
            ignore_merges=model.ignore_merges,
        )
        return list(self.special_tokens)

    def _state(self) -> dict[str, Any]:
        return self._merge_state(self.progress_format, self.max_token_length)

    def _restore(self, state: dict[str, Any]) -> None:
        progress_format = str(state.get("progress_format", "Indicatif"))
        super()._restore({**state, "progress_format": _PROGRESS_FORMAT_FROM_STATE.get(progress_format, progress_format)})


_PROGRESS_FORMAT_STATE = {"indicatif": "Indicatif", "json": "JsonLines", "silent": "Silent"}
_PROGRESS_FORMAT_FROM_STATE = {state: value for value, state in _PROGRESS_FORMAT_STATE.items()}


def _progress_format(value: Any) -> str:
    """ "json" or "silent" as given; any other value is "indicatif", as the Rust package reads it."""
    return value if value in ("json", "silent") else "indicatif"


register_trainer("BPE", BpeTrainer)
