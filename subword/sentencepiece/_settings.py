"""sentencepiece's module-wide settings: the random generator's seed, the log level, the data folder.

- `set_random_generator_seed(seed)`: seeds the generator every processor draws from unless it
  was given its own `seed` (sampling then repeats run to run; the draws are Python's, not
  sentencepiece's mt19937 stream, so the samples differ from sentencepiece's).
- `set_min_log_level(level)`: kept for compatibility; subword's sentencepiece module logs nothing.
- `set_data_dir(path)`: where `SentencePieceNormalizer(rule_name=...)` finds `<rule>.bin`
  (sentencepiece 0.2.3 ships nfkc.bin, nmt_nfkc.bin, ... in its `package_data` folder).
- `ThreadPool(num_threads)`: accepted where sentencepiece takes a `thread_pool`; subword encodes
  in the calling thread, so results are the same with or without it.
"""

from __future__ import annotations

import os
import random

from ..core.inputs import check_path
from ..errors import ArgumentTypeError, type_name

_generator = random.Random()
_state: dict = {"min_log_level": 0, "data_dir": "", "seed": None}


def generator() -> random.Random:
    """The module-wide generator (seeded by `set_random_generator_seed`)."""
    return _generator


def SetRandomGeneratorSeed(seed: int) -> None:
    """Seed the generator sampling draws from, and the trainer's sample of `input_sentence_size`
    (as `sentencepiece.set_random_generator_seed`)."""
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ArgumentTypeError(f"seed must be an int, got {type_name(seed)}")
    _generator.seed(seed)
    _state["seed"] = seed


def last_seed() -> int | None:
    """The seed `set_random_generator_seed` was last given (None: never)."""
    return _state["seed"]


def SetMinLogLevel(level: int) -> None:
    """Accepted as sentencepiece does (0: info ... 3: fatal); subword logs nothing here."""
    if not isinstance(level, int) or isinstance(level, bool):
        raise ArgumentTypeError(f"level must be an int, got {type_name(level)}")
    _state["min_log_level"] = level


def SetDataDir(data_dir: str | os.PathLike) -> None:
    """The folder holding normalization rules as `<rule_name>.bin` (see SentencePieceNormalizer)."""
    _state["data_dir"] = os.fspath(check_path(data_dir, "data_dir"))


def data_dir() -> str:
    """The folder set by `set_data_dir` ("" when none is set)."""
    return str(_state["data_dir"])


class ThreadPool:
    """A stand-in for sentencepiece's ThreadPool: subword encodes in the calling thread."""

    def __init__(self, num_threads: int = -1) -> None:
        if not isinstance(num_threads, int) or isinstance(num_threads, bool):
            raise ArgumentTypeError(f"num_threads must be an int, got {type_name(num_threads)}")
        self.num_threads = num_threads


set_random_generator_seed = SetRandomGeneratorSeed
set_min_log_level = SetMinLogLevel
set_data_dir = SetDataDir
