"""The exceptions subword raises, one small tree.

    SubwordError
    ├── TokenizerFileError (ValueError)     a tokenizer.json or vocab file is malformed
    │   ├── UnknownComponentError           a component "type" nobody registered
    │   ├── FileFieldTypeError (TypeError)  a config field of the wrong type (as transformers)
    │   ├── FileRangeError (OverflowError)  a number outside its type's range (as tiktoken)
    │   ├── FileNestingError (RecursionError)  JSON nested deeper than the reader allows
    │   └── ModelFileError (RuntimeError)   a sentencepiece .model sentencepiece refuses
    ├── ArgumentTypeError (TypeError)       an argument of the wrong type
    ├── ArgumentValueError (ValueError)     an argument of the right type but a bad value
    │   ├── ArgumentRangeError (OverflowError)  an int outside its type's range (ids are u32)
    │   ├── RepoIdError (OSError)           neither a local path nor a valid Hub repo id
    │   ├── MissingDependencyError (ImportError)  an optional package (torch) is not installed
    │   ├── UnknownFlagError (RuntimeError)  a sentencepiece trainer flag that does not exist
    │   └── ToolSchemaError                 a chat tool function with no usable JSON schema
    ├── TrainingError (ValueError)          training cannot make a model of this corpus
    │   ├── FingerprintMismatchError        word counts made by another pipeline than the tokenizer's
    │   └── TrainerCheckError (RuntimeError)  sentencepiece's trainer would fail a check (vocab_size too high)
    ├── WordCountsFileError (ValueError)    a word-counts file (TSV or JSON lines) is malformed
    ├── RegexTimeoutError (RuntimeError)    a user regex backtracked past its time budget
    ├── MemoryLimitError (MemoryError)      a call would need more memory than the machine has
    ├── WorkerPoolError (RuntimeError)      a worker process of a parallel batch died
    ├── HubFileNotFoundError (FileNotFoundError)  a Hub repo, revision or file neither cached
    │                                             nor downloadable
    └── NotCachedError (FileNotFoundError)  a tiktoken encoding's file (a URL) not in tiktoken's
                                            cache folder; subword never downloads it

Each message names the place (file, field, argument) and, where it can, the fix. The second
base of an error is the standard type the reference package raises for the same input, so code
written for tokenizers, sentencepiece, tiktoken or transformers catches subword's errors too.
"""

from __future__ import annotations

from typing import Any


class SubwordError(Exception):
    """Base class of every error subword raises on purpose."""


class TokenizerFileError(SubwordError, ValueError):
    """A serialized tokenizer (or vocabulary file) could not be read."""


class UnknownComponentError(TokenizerFileError):
    """A component `"type"` that no registered class handles."""


class FileFieldTypeError(TokenizerFileError, TypeError):
    """A field of a file (tokenizer_config.json) has the wrong type: a TypeError, as transformers raises."""


class FileRangeError(TokenizerFileError, OverflowError):
    """A number in a file is outside the range of its type (a rank above 2**32 - 1)."""


class FileNestingError(TokenizerFileError, RecursionError):
    """A JSON file nested deeper than its reader allows (128 levels in the Rust package): where
    Python's json would raise a bare RecursionError, as transformers lets it through."""


class ModelFileError(TokenizerFileError, RuntimeError):
    """A sentencepiece `.model` that sentencepiece refuses (a RuntimeError there too)."""


class CustomComponentError(SubwordError):
    """A custom Python component (`Normalizer.custom(...)`, ...) raised: the message starts with
    its exception's type, `"TypeError: ..."`, and the original is the `__cause__`. A bare
    Exception subclass, as the Rust package raises a bare Exception."""

    @classmethod
    def wrapping(cls, error: BaseException) -> CustomComponentError:
        """The error to raise for `error`, raised by a custom component."""
        return cls(f"{type(error).__name__}: {error}")


class BorrowError(SubwordError):
    """A NormalizedString or PreTokenizedString handed to a custom component was used after the
    call returned (Rust's words: "Cannot use a NormalizedStringRefMut outside `normalize`")."""


class ArgumentTypeError(SubwordError, TypeError):
    """An argument has the wrong type."""


class ArgumentValueError(SubwordError, ValueError):
    """An argument has the right type but an unusable value."""


class ArgumentRangeError(ArgumentValueError, OverflowError):
    """An int argument outside the range of its type (an id >= 2**32): an OverflowError, as the
    Rust package and tiktoken raise."""


class RepoIdError(ArgumentValueError, OSError):
    """A name that is no local path and no valid Hub repo id (`"a/b/c"`, `"a--b"`): a ValueError,
    as the Rust package's `from_pretrained` raises, and an OSError, as transformers raises."""


class MissingDependencyError(ArgumentValueError, ImportError):
    """An option needs an optional package that is not installed (`return_tensors="pt"` without
    torch): an ImportError, as transformers raises."""


class UnknownFlagError(ArgumentValueError, RuntimeError):
    """A sentencepiece trainer flag that does not exist (sentencepiece raises RuntimeError)."""


class ToolSchemaError(ArgumentValueError):
    """A tool given to `apply_chat_template` as a Python function whose type hints or docstring
    cannot become a JSON schema (a hint of a custom class, an argument without a description)."""


class TrainingError(SubwordError, ValueError):
    """Training cannot produce a model from this corpus with these options."""


class FingerprintMismatchError(TrainingError):
    """Word counts whose pipeline fingerprint (normalizer, pre-tokenizer, added tokens) is not the
    tokenizer's, so they are not the words training on the text would count; the message names
    both fingerprints and the fix (count again, or `check_fingerprint=False`)."""


class TrainerCheckError(TrainingError, RuntimeError):
    """A `SentencePieceTrainer` setting or corpus that sentencepiece's trainer refuses with a
    RuntimeError (a vocab_size too high for the corpus, a meta piece id out of range)."""


class WordCountsFileError(SubwordError, ValueError):
    """A word-counts file (`WordCounts.load`) is malformed; the message names the file and line."""


class RegexTimeoutError(SubwordError, RuntimeError):
    """A user pattern (Split, Replace) backtracked catastrophically and used up its time budget.

    The Rust package stops such a match too, at Oniguruma's retry limit (with a panic, which is
    no Exception); see subword/text/regex_budget.py.
    """
class MemoryLimitError(SubwordError, MemoryError):
    """A call would need more memory than the machine has (padding to 10**12 tokens): refused
    before allocating, where the Rust package aborts the process."""


class WorkerPoolError(SubwordError, RuntimeError):
    """A worker process died (killed, out of memory) while a batch was spread over the workers.

    Only that call fails: the next one starts fresh workers. `TOKENIZERS_PARALLELISM=false`
    keeps every batch in-process.
    """


class HubFileNotFoundError(SubwordError, FileNotFoundError):
    """A Hugging Face Hub repo, revision or file that is not in the local cache and cannot be
    downloaded (offline, `local_files_only=True`, no huggingface_hub, or absent on the Hub).

    A FileNotFoundError, as huggingface_hub's LocalEntryNotFoundError that the Rust package lets
    through, so also the OSError transformers raises. The message names the repo, the revision,
    the file and the cache folder looked in.
    """


class NotCachedError(SubwordError, FileNotFoundError):
    """A file that `subword.tiktoken` would have to download (a URL of `get_encoding`'s known
    encodings, or one given to `load_tiktoken_bpe`) and that is not in tiktoken's cache folder.

    tiktoken downloads it, and offline raises the OSError of `requests`; subword never downloads.
    The message names the cache file to create (the sha1 of the URL in `TIKTOKEN_CACHE_DIR`)
    and the other way: `load_tiktoken_bpe(local_path)`.
    """


def type_name(value: Any) -> str:
    """The name of `value`'s type, for error messages: `type_name(3) -> 'int'`."""
    return type(value).__name__


def expect_str(value: Any, argument: str) -> str:
    """Return `value` if it is a str, else raise an ArgumentTypeError naming `argument`."""
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{argument} must be a str, got {type_name(value)}")
    return value
