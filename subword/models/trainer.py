"""What every trainer shares: word counting, option checking, progress bars, and the errors.

A trainer works in two steps, as the Rust package's `Trainer` trait does: `feed(iterator, process)`
counts the words `process` makes of each sequence (only the distinct words and their counts are
kept, so memory grows with the vocabulary of the corpus, not its size) and hands the counts to
`feed_counts` (which also takes counts made earlier, `WordCounts`), then `train(model)` learns
the model from those counts, rebuilds `model` in place, and returns the special tokens the
tokenizer should add. Reading files and running a tokenizer's pipeline is `subword.tokenizer.training`'s job.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Callable, Iterable, Mapping

from ..core.inputs import check_flag as check_bool
from ..core.added_vocabulary import AddedToken, as_added_token
from ..core.rust_repr import rust_format
from ..core.word_counts import WordCounts
from ..errors import ArgumentTypeError, ArgumentValueError, TrainingError, type_name
from .base import Model


# -- option checks ---------------------------------------------------------------------------------


def check_count(value: Any, name: str) -> int:
    """`value` if it is an int >= 0 (not a bool): `check_count(3, "vocab_size") -> 3`."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise ArgumentTypeError(f"{name} must be an int, got {type_name(value)}")
    if value < 0:
        raise ArgumentValueError(f"{name} must be >= 0, got {value}")
    return value


def check_optional_count(value: Any, name: str) -> int | None:
    """None, or an int >= 0."""
    return None if value is None else check_count(value, name)


def check_optional_str(value: Any, name: str) -> str | None:
    """None, or a str."""
    if value is not None and not isinstance(value, str):
        raise ArgumentTypeError(f"{name} must be a str or None, got {type_name(value)}")
    return value


def check_special_tokens(value: Any, name: str = "special_tokens") -> list[AddedToken]:
    """A list of str or AddedToken, as AddedTokens marked special (copies: the caller's are left alone)."""
    if not isinstance(value, (list, tuple)):
        raise ArgumentTypeError(f"{name} must be a list of str or AddedToken, got {type_name(value)}")
    tokens = []
    for index, token in enumerate(value):
        try:
            tokens.append(as_added_token(token, special=True))
        except ArgumentTypeError:
            raise ArgumentTypeError(f"{name}[{index}] must be a str or AddedToken, got {type_name(token)}") from None
    return tokens


def option(name: str, check: Callable[[Any, str], Any], doc: str) -> property:
    """A trainer setting: a property whose setter checks the value with `check(value, name)`."""
    attribute = "_" + name

    def get(self: Trainer) -> Any:
        return getattr(self, attribute)

    def set_(self: Trainer, value: Any) -> None:
        setattr(self, attribute, check(value, name))

    return property(get, set_, doc=doc)


# -- the trainer -----------------------------------------------------------------------------------


class Trainer:
    """Learns a model from the words of a corpus: `feed` counts them, `train` learns.

    Subclasses set `model_class` (what they train) and implement `train`.
    """

    model_class: type[Model] = Model

    show_progress = option("show_progress", check_bool, "Whether training draws progress bars.")
    special_tokens = option("special_tokens", check_special_tokens, "The special tokens put first in the vocabulary.")

    def __init__(self, *, show_progress: bool = True, special_tokens: list[str | AddedToken] | None = None) -> None:
        self.show_progress = show_progress
        self.special_tokens = [] if special_tokens is None else special_tokens
        self.words: Counter[str] = Counter()

    def feed(self, iterator: Iterable[str], process: Callable[[str], list[str]]) -> None:
        """Count the words `process` makes of each sequence, replacing the counts of an earlier feed.

        >>> trainer = Trainer()
        >>> trainer.feed(["a b a", "b"], str.split)
        >>> trainer.words
        Counter({'a': 2, 'b': 2})
        """
        self.feed_counts(count_words(iterator, process))

    def feed_counts(self, counts: Mapping[str, int]) -> None:
        """Learn from these word counts (a WordCounts, or any mapping of str to int >= 1), replacing
        the counts of an earlier feed; `feed` ends here.

        The trainers never depend on the order of the words (they sort them), so counts merged in
        any order give the same model.

        >>> trainer = Trainer()
        >>> trainer.feed_counts({"b": 2, "a": 3})
        >>> trainer.words
        Counter({'a': 3, 'b': 2})
        """
        if not isinstance(counts, WordCounts):
            if not isinstance(counts, Mapping):
                raise ArgumentTypeError(f"counts must be a mapping of word to count (a WordCounts), got {type_name(counts)}")
            counts = WordCounts(counts)  # checks the words and counts
        self.words = Counter(counts)

    def should_show_progress(self) -> bool:
        """Whether training draws progress bars."""
        return self.show_progress

    def train(self, model: Model) -> list[AddedToken]:
        """Learn `model` from the fed words, rebuilding it in place; return the special tokens to add."""
        raise NotImplementedError

    def check_model(self, model: Model) -> None:
        """Raise an ArgumentTypeError unless `model` is the kind this trainer trains."""
        if not isinstance(model, self.model_class):
            raise ArgumentTypeError(
                f"{type(self).__name__} can only train a {self.model_class.__name__} (Rust's words), got "
                f"{type_name(model)}; use the trainer of that model (or pass trainer=None for its default one)"
            )

    def check_words(self) -> None:
        """Raise a TrainingError when `feed` found no words at all."""
        if not self.words:
            raise TrainingError(
                "nothing to train on: the corpus is empty, or the normalizer and pre-tokenizer left no words"
            )

    # -- state, as the Rust package pickles and prints a trainer ----------------------------------

    def _state(self) -> dict[str, Any]:
        """The settings and fed words in the Rust package's serde form, its field order included."""
        raise NotImplementedError

    def _special_tokens_state(self) -> list[dict[str, Any]]:
        return [token.__getstate__() for token in self.special_tokens]

    def _words_state(self) -> dict[str, int]:
        return dict(sorted(self.words.items()))

    def _restore(self, state: dict[str, Any]) -> None:
        """Set the settings and words of a `_state()` form (the constructor's defaults first)."""
        type(self).__init__(self)
        for name, value in state.items():
            if name == "words":
                self.words = Counter(WordCounts(value))
            elif name == "special_tokens":
                self.special_tokens = [AddedToken(**token) if isinstance(token, dict) else token for token in value]
            else:
                setattr(self, name, value)

    def __getstate__(self) -> bytes:
        """The trainer as the Rust package pickles it: `{"BpeTrainer": {...}}` as compact JSON bytes."""
        return json.dumps({type(self).__name__: self._state()}, ensure_ascii=False, separators=(",", ":")).encode()

    def __setstate__(self, state: bytes | str) -> None:
        """Rebuild the trainer from `__getstate__()`'s JSON."""
        data = json.loads(state)
        if not isinstance(data, dict) or list(data) != [type(self).__name__]:
            raise ArgumentValueError(f"not the state of a {type(self).__name__}: {str(state)[:60]!r}")
        self._restore(data[type(self).__name__])

    def __repr__(self) -> str:
        return self._format(short=False)

    def __str__(self) -> str:
        return self._format(short=True)

    def _format(self, short: bool) -> str:
        name = type(self).__name__
        return f"{name}({rust_format(self._state(), short=short, name=name)})"


def count_words(iterator: Iterable[str], process: Callable[[str], list[str]]) -> Counter[str]:
    """How often each word occurs in the sequences, split into words by `process`.

    >>> count_words(["to be or", "not to be"], str.split)
    Counter({'to': 2, 'be': 2, 'or': 1, 'not': 1})
    """
    counts: Counter[str] = Counter()
    update = counts.update
    for index, sequence in enumerate(iterator):
        if not isinstance(sequence, str):
            raise ArgumentTypeError(f"training sequence {index} must be a str, got {type_name(sequence)}")
        update(process(sequence))
    return counts


def progress_bar(show: bool, total: int | None, description: str, unit: str = "it") -> Any:
    """A tqdm bar (a silent one when `show` is False); use it as a context manager."""
    from tqdm.auto import tqdm  # imported here so that `import subword` stays light

    return tqdm(total=total, desc=description, unit=unit, disable=not show, dynamic_ncols=True, leave=True)


def rebuild(model: Model, *args: Any, **kwargs: Any) -> None:
    """Re-run `model`'s constructor on it, so the caller's model object holds the trained state.

    Training changes the model the tokenizer already holds, as Rust's `train(&mut model)` does;
    going through the constructor keeps every check and derived table of the model class.
    """
    model._rows_changing()
    type(model).__init__(model, *args, **kwargs)
