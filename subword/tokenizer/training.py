"""Training a Tokenizer's model on text: what `Tokenizer.train` and `train_from_iterator` run.

Each sequence goes through the tokenizer's own pipeline (added tokens split out, normalizer,
pre-tokenizer) exactly as `encode` would cut it, the trainer counts the words, learns the model
in place, and the trainer's special tokens are added to the tokenizer. As in Rust, the text of an
added token found in the corpus counts as one word. Files are read line by line with the line
endings kept, as the Rust package reads them: cut into line-aligned ranges of a few MB
(`core.line_ranges`), each counted by a worker process (`Tokenizer.map_in_workers`), the counts
added up here, so memory follows the distinct words, not the size of the files.

Counting can also be done apart from learning: `count_words` (and `count_words_in_files`) run
the same cut and counting rule (`models.trainer.count_words` over `Tokenizer.words`) and give a
`WordCounts`, tagged with the tokenizer's `pipeline_fingerprint`; `train_tokenizer_from_counts`
hands such counts to the trainer's `feed_counts`, the step `Trainer.feed` ends with. So training
on the counts of a corpus, however it was sharded, gives exactly the model training on the text
gives: every trainer reads the words in an order of their own (sorted), never the order in which
they were first seen (tests/test_word_counts.py checks this for the four models).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence, Union

from ..core import pool
from ..core.inputs import check_flag, check_path
from ..core.line_ranges import LineRange, line_ranges, read_lines
from ..core.word_counts import WordCounts
from ..errors import ArgumentTypeError, ArgumentValueError, FingerprintMismatchError, SubwordError, type_name
from ..models.base import Model
from ..models.trainer import Trainer, TrainingError, count_words as count_sequence_words, progress_bar

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
    counts = _count_files(tokenizer, paths, trainer.should_show_progress(), "Pre-processing files")
    # The workers' memory (the tokenizer they rebuilt, what counting left in their heaps) is of
    # no use while the model learns, which can take minutes: free it; the next batch starts new ones.
    pool.shutdown()
    trainer.feed_counts(counts)
    _finish(tokenizer, trainer)


def pipeline_fingerprint(tokenizer: Tokenizer) -> str | None:
    """A sha256 (hex) of everything that decides the words `tokenizer.words` cuts: the normalizer,
    the pre-tokenizer, the added tokens (content and flags, by id; not the ids themselves) and
    `encode_special_tokens`, as canonical JSON (sorted keys, no spaces, ASCII). None when a
    component is custom Python code, which has no JSON form.

    No trainer option is part of it: trainers learn from the counts, none of their options
    changes which words are counted. The model is not part of it either.
    """
    normalizer, pre_tokenizer = tokenizer.normalizer, tokenizer.pre_tokenizer
    try:
        settings = {
            "fingerprint_version": 1,
            "normalizer": None if normalizer is None else normalizer.to_json(),
            "pre_tokenizer": None if pre_tokenizer is None else pre_tokenizer.to_json(),
            "added_tokens": [
                {key: value for key, value in token.to_json(id_).items() if key != "id"}
                for id_, token in sorted(tokenizer.get_added_tokens_decoder().items())
            ],
            "encode_special_tokens": tokenizer.encode_special_tokens,
        }
    except SubwordError:  # a custom Python component cannot be serialized
        return None
    text = json.dumps(settings, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def count_words(tokenizer: Tokenizer, texts: Iterable[Any]) -> WordCounts:
    """How often each word occurs in `texts` (str, or batches of str), cut by `tokenizer`'s
    added tokens, normalizer and pre-tokenizer exactly as training cuts them.

    >>> from subword import Tokenizer
    >>> from subword.models import WordLevel
    >>> from subword.pre_tokenizers import Whitespace
    >>> tokenizer = Tokenizer(WordLevel(unk_token="[UNK]"))
    >>> tokenizer.pre_tokenizer = Whitespace()
    >>> counts = count_words(tokenizer, ["to be, or", ["not to be"]])
    >>> counts.most_common()
    [('be', 2), ('to', 2), (',', 1), ('not', 1), ('or', 1)]
    """
    return _counts_of(tokenizer, flatten_sequences(texts))


def count_words_in_files(tokenizer: Tokenizer, files: Sequence[PathLike], *, show_progress: bool = False) -> WordCounts:
    """`count_words` over the lines of `files` (UTF-8, line endings kept), as `Tokenizer.train` reads them.

    The files are read a few MB at a time (`core.line_ranges`) and counted on all cores (the
    worker pool, `subword.set_num_workers`), each worker reading its own ranges and sending back
    their counts; memory grows with the number of distinct words, not with the files. The counts
    are those of counting in one process.
    """
    return _count_files(tokenizer, check_files(files), check_flag(show_progress, "show_progress"), "Counting words")


def _count_files(tokenizer: Tokenizer, paths: list[str], show_progress: bool, description: str) -> WordCounts:
    fingerprint = pipeline_fingerprint(tokenizer)  # first: the pipeline as it is when counting starts
    counts: Counter[str] = Counter()
    total = sum(os.path.getsize(path) for path in paths)
    with progress_bar(show_progress, total, description, unit="B") as bar:
        bar.unit_scale = True
        # One range per chunk, each sent to the next free worker: no worker waits for a round to end.
        chunks = ([line_range] for line_range in line_ranges(paths))
        for [(size, partial)] in tokenizer.stream_in_workers(_count_range, chunks):
            if counts:
                counts.update(partial)
            else:
                counts = partial  # the first range's counts: nothing to add them to
            bar.update(size)
    return WordCounts.counted(counts, fingerprint=fingerprint)


def _count_range(tokenizer: Tokenizer, ranges: list[LineRange]) -> list[tuple[int, Counter[str]]]:
    """[(bytes, word counts)] of one line range (a pool task: runs in a worker)."""
    [line_range] = ranges
    counts = count_sequence_words(read_lines(line_range, TrainingError, "training files"), tokenizer.words)
    return [(line_range[2] - line_range[1], counts)]


def _counts_of(tokenizer: Tokenizer, sequences: Iterable[str]) -> WordCounts:
    fingerprint = pipeline_fingerprint(tokenizer)  # first: the pipeline as it is when counting starts
    return WordCounts.counted(count_sequence_words(sequences, sequence_words(tokenizer)), fingerprint=fingerprint)


def train_tokenizer_from_counts(
    tokenizer: Tokenizer, counts: WordCounts, trainer: Trainer | None = None, *, check_fingerprint: bool = True
) -> None:
    """Train `tokenizer`'s model on `counts`: the model training on the counted text gives.

    Raises FingerprintMismatchError when the counts were cut by another pipeline than
    `tokenizer`'s, unless `check_fingerprint=False`.
    """
    if not isinstance(counts, WordCounts):
        raise ArgumentTypeError(
            f"counts must be a WordCounts (from subword.count_words or WordCounts.load), got {type_name(counts)}"
        )
    if check_flag(check_fingerprint, "check_fingerprint"):
        check_counts_fingerprint(tokenizer, counts)
    trainer = _check_trainer(trainer, tokenizer)
    trainer.feed_counts(counts)
    _finish(tokenizer, trainer)


def check_counts_fingerprint(tokenizer: Tokenizer, counts: WordCounts) -> None:
    """Raise FingerprintMismatchError unless `counts` were cut by `tokenizer`'s pipeline."""
    expected = pipeline_fingerprint(tokenizer)
    if expected is not None and counts.fingerprint == expected:
        return
    if expected is None:
        problem = "this tokenizer has a custom Python normalizer or pre-tokenizer, so its pipeline has no fingerprint"
    elif counts.fingerprint is None:
        problem = f"the counts carry no fingerprint (made by hand or by a custom pipeline); this tokenizer's is {expected}"
    else:
        problem = (
            f"the counts were made by a pipeline of fingerprint {counts.fingerprint}, this tokenizer's is {expected} "
            "(its normalizer, pre-tokenizer or added tokens differ, so the words are not the ones it would count)"
        )
    raise FingerprintMismatchError(
        f"{problem}; count the text again with this tokenizer (subword.count_words(tokenizer, texts)), "
        "or pass check_fingerprint=False to train on these counts anyway"
    )


def _check_trainer(trainer: Trainer | None, tokenizer: Tokenizer) -> Trainer:
    if trainer is None:
        return default_trainer(tokenizer.model)
    if not isinstance(trainer, Trainer):
        raise ArgumentTypeError(f"trainer must be a subword trainer (subword.trainers), got {type_name(trainer)}")
    trainer.check_model(tokenizer.model)
    return trainer


def _finish(tokenizer: Tokenizer, trainer: Trainer) -> None:
    """Learn the model from the counted words and add the trainer's special tokens."""
    model = tokenizer.model
    special_tokens = trainer.train(model)
    # The model learnt in place: set it again, so that what depends on it (the decode tables,
    # the worker pool's copy of this tokenizer) is made afresh, as after any new model.
    tokenizer.model = model
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
