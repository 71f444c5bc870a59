"""The exceptions subword raises, one small tree.

    SubwordError
    ├── TokenizerFileError (ValueError)     a tokenizer.json or vocab file is malformed
    │   └── UnknownComponentError           a component "type" nobody registered
    ├── ArgumentTypeError (TypeError)       an argument of the wrong type
    ├── ArgumentValueError (ValueError)     an argument of the right type but a bad value
    ├── TrainingError (ValueError)          training cannot make a model of this corpus
    ├── RegexTimeoutError (RuntimeError)    a user regex backtracked past its time budget
    └── WorkerPoolError (RuntimeError)      a worker process of a parallel batch died

Each message names the place (file, field, argument) and, where it can, the fix.
"""

from __future__ import annotations

from typing import Any


class SubwordError(Exception):
    """Base class of every error subword raises on purpose."""


class TokenizerFileError(SubwordError, ValueError):
    """A serialized tokenizer (or vocabulary file) could not be read."""


class UnknownComponentError(TokenizerFileError):
    """A component `"type"` that no registered class handles."""


class ArgumentTypeError(SubwordError, TypeError):
    """An argument has the wrong type."""


class ArgumentValueError(SubwordError, ValueError):
    """An argument has the right type but an unusable value."""


class TrainingError(SubwordError, ValueError):
    """Training cannot produce a model from this corpus with these options."""


class RegexTimeoutError(SubwordError, RuntimeError):
    """A user pattern (Split, Replace) backtracked catastrophically and used up its time budget.

    The Rust package stops such a match too, at Oniguruma's retry limit (with a panic, which is
    no Exception); see subword/text/regex_budget.py.
    """


class WorkerPoolError(SubwordError, RuntimeError):
    """A worker process died (killed, out of memory) while a batch was spread over the workers.

    Only that call fails: the next one starts fresh workers. `TOKENIZERS_PARALLELISM=false`
    keeps every batch in-process.
    """


def type_name(value: Any) -> str:
    """The name of `value`'s type, for error messages: `type_name(3) -> 'int'`."""
    return type(value).__name__


def expect_str(value: Any, argument: str) -> str:
    """Return `value` if it is a str, else raise an ArgumentTypeError naming `argument`."""
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{argument} must be a str, got {type_name(value)}")
    return value
