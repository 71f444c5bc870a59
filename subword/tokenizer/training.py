"""Training a Tokenizer's model on text: what `Tokenizer.train` and `train_from_iterator` run.

Each sequence goes through the tokenizer's own pipeline (added tokens split out, normalizer,
pre-tokenizer) exactly as `encode` would cut it, the trainer counts the words, learns the model
in place, and the trainer's special tokens are added to the tokenizer. As in Rust, the text of an
added token found in the corpus counts as one word. Files are read line by line with the line
endings kept, as the Rust package reads them.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Union

from ..core.inputs import check_path
from ..errors import ArgumentTypeError, ArgumentValueError, type_name
from ..models.base import Model
from ..models.trainer import Trainer, TrainingError, progress_bar

if TYPE_CHECKING:
    from .tokenizer import Tokenizer

PathLike = Union[str, "os.PathLike[str]"]

def default_trainer(model: Model) -> Trainer:
    """A trainer with default options for `model`'s type: `model.get_trainer()`, as in Rust."""
    return model.get_trainer()


def sequence_words(tokenizer: Tokenizer) -> Callable[[str], list[str]]:
    """The function that cuts one training sequence into words, as `tokenizer.encode` would."""
    return tokenizer.words


def train_tokenizer(
    tokenizer: Tokenizer, iterator: Iterable[Any], trainer: Trainer | None = None, length: int | None = None
) -> None:
    """Train `tokenizer`'s model on the sequences of `iterator` (str, or batches of str).

    `length`, the number of items if known, only sizes the progress bar.
    """
    trainer = _check_trainer(trainer, tokenizer)
    with progress_bar(trainer.should_show_progress(), length, "Pre-processing sequences") as bar:
        trainer.feed(_counted(flatten_sequences(iterator), bar), sequence_words(tokenizer))
    _finish(tokenizer, trainer)


def train_tokenizer_from_files(tokenizer: Tokenizer, files: list[PathLike], trainer: Trainer | None = None) -> None:
    """Train `tokenizer`'s model on the lines of `files` (UTF-8 text)."""
    paths = check_files(files)
    trainer = _check_trainer(trainer, tokenizer)
    total = sum(os.path.getsize(path) for path in paths)
    with progress_bar(trainer.should_show_progress(), total, "Pre-processing files", unit="B") as bar:
        bar.unit_scale = True
        lines = _counted(iterate_files(paths), bar, lambda line: len(line.encode("utf-8")))
        trainer.feed(lines, sequence_words(tokenizer))
    _finish(tokenizer, trainer)


def _check_trainer(trainer: Trainer | None, tokenizer: Tokenizer) -> Trainer:
    if trainer is None:
        return default_trainer(tokenizer.model)
    if not isinstance(trainer, Trainer):
        raise ArgumentTypeError(f"trainer must be a subword trainer (subword.trainers), got {type_name(trainer)}")
    trainer.check_model(tokenizer.model)
    return trainer


def _finish(tokenizer: Tokenizer, trainer: Trainer) -> None:
    """Learn the model from the counted words and add the trainer's special tokens."""
    special_tokens = trainer.train(tokenizer.model)
    tokenizer.add_special_tokens(special_tokens)


def _counted(items: Iterable[str], bar: Any, size: Callable[[str], int] | None = None) -> Iterator[str]:
    """`items`, moving `bar` on by one (or by `size(item)`) for each."""
    for item in items:
        bar.update(1 if size is None else size(item))
        yield item


def flatten_sequences(iterator: Iterable[Any]) -> Iterator[str]:
    """The sequences of `iterator`, whose items are str or iterables (batches) of str.

    >>> list(flatten_sequences(["a", ["b", "c"], ("d",)]))
    ['a', 'b', 'c', 'd']
    """
    if isinstance(iterator, (str, bytes)):
        raise ArgumentTypeError(
            f"the training data must be an iterable of str (e.g. a list of lines), got one {type_name(iterator)}"
        )
    for index, item in enumerate(iterator):
        if isinstance(item, str):
            yield item
        elif isinstance(item, (bytes, bytearray)):
            raise ArgumentTypeError(
                f"training item {index} is {type_name(item)}, not str: decode it first, e.g. item.decode('utf-8')"
            )
        else:
            try:
                batch = iter(item)
            except TypeError:
                raise ArgumentTypeError(
                    f"training item {index} must be a str or a batch (iterable) of str, got {type_name(item)}"
                ) from None
            for inner, sequence in enumerate(batch):
                if not isinstance(sequence, str):
                    raise ArgumentTypeError(
                        f"training item {index}[{inner}] must be a str, got {type_name(sequence)}"
                    )
                yield sequence


def check_files(files: Any) -> list[str]:
    """The paths of `files` (a list of str or PathLike), each an existing file, else a clear error."""
    if isinstance(files, (str, bytes, os.PathLike)) or not isinstance(files, (list, tuple)):
        raise ArgumentTypeError(f"files must be a list of paths, e.g. [\"corpus.txt\"], got {type_name(files)}")
    paths = []
    for index, file in enumerate(files):
        path = check_path(file, f"files[{index}]")
        if not os.path.isfile(path):
            problem = "is a directory" if os.path.isdir(path) else "does not exist"
            raise ArgumentValueError(f"training file {path!r} {problem}")
        paths.append(path)
    return paths


def iterate_files(files: Iterable[PathLike]) -> Iterator[str]:
    """Every line of each file in turn, with its line ending kept ("\\n" or "\\r\\n"), decoded as UTF-8.

    Lines end at "\\n" only, as in Rust (a lone "\\r" does not end a line).
    """
    for file in files:
        path = os.fspath(file)
        try:
            handle = open(path, "rb")
        except OSError as error:
            raise ArgumentValueError(f"cannot read training file {path!r}: {error.strerror or error}") from error
        with handle:
            for number, raw in enumerate(handle, 1):
                try:
                    yield raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    raise TrainingError(
                        f"{path}, line {number}: not valid UTF-8 ({error.reason} at byte {error.start}); "
                        "training files must be UTF-8 text"
                    ) from None
