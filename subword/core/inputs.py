"""Checking what users pass to `Tokenizer.encode*`, `decode` and the loaders, with errors that say what was expected."""

from __future__ import annotations

import os
from typing import Any, Sequence

import regex

from ..errors import ArgumentRangeError, ArgumentTypeError, type_name


def from_numpy(value: Any) -> Any:
    """A numpy array as nested lists (`np.array([["a", "b"]]) -> [["a", "b"]]`), anything else as is.

    The Rust package takes numpy arrays of str wherever it takes a list (`encode_batch(np.array(["a", "b"]))`);
    numpy is recognised by its type's module, so it is never imported.
    """
    kind = type(value)
    if kind.__name__ == "ndarray" and kind.__module__ == "numpy":
        return value.tolist()
    return value


def check_sequence(sequence: Any, is_pretokenized: bool, name: str) -> None:
    """Raise unless `sequence` is a str (or a list of str when `is_pretokenized`) of valid text."""
    if is_pretokenized:
        if not isinstance(sequence, (list, tuple)) or not all(isinstance(word, str) for word in sequence):
            raise ArgumentTypeError(  # the Rust package's words first
                f"PreTokenizedInputSequence must be Union[List[str], Tuple[str]]: {name} is a {type_name(sequence)}"
                " (is_pretokenized=True takes a list of words)"
            )
        for word in sequence:
            check_text(word, name)
    elif not isinstance(sequence, str):
        raise ArgumentTypeError(
            f"TextInputSequence must be str: {name} is a {type_name(sequence)} (pass is_pretokenized=True for a list of words)"
        )
    else:
        check_text(sequence, name)


_SURROGATE = regex.compile("[\ud800-\udfff]")


def check_text(text: str, name: str) -> None:
    """Raise if `text` holds a lone surrogate."""
    found = _lone_surrogate(text)
    if found is not None:
        raise ArgumentTypeError(
            f"{name} holds a lone surrogate U+{ord(found.group()):04X} at index {found.start()}, which is not "
            "valid Unicode text (decode bytes with errors='replace' first)"
        )


def are_valid_texts(items: Sequence[Any]) -> bool:
    """Whether every item is a str without a lone surrogate: a batch of plain texts, its usual
    case, checked in one pass (an error is then found item by item, by `check_text`)."""
    return all(isinstance(item, str) and _lone_surrogate(item) is None for item in items)


def _lone_surrogate(text: str) -> regex.Match[str] | None:
    # A lone surrogate cannot be written as UTF-8; the Rust package refuses such a str too.
    return None if text.isascii() else _SURROGATE.search(text)


def split_batch_item(item: Any, is_pretokenized: bool, index: int) -> tuple[Any, Any]:
    """(sequence, pair or None) of one `encode_batch` item."""
    item = from_numpy(item)
    if not is_pretokenized:
        if isinstance(item, str):
            return item, None
        if isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(s, str) for s in item):
            return item[0], item[1]
        raise ArgumentTypeError(f"batch item {index} must be a str or a (str, str) pair, got {type_name(item)}")
    if isinstance(item, (list, tuple)):
        if all(isinstance(word, str) for word in item):
            return list(item), None
        item = [from_numpy(part) for part in item]
        if len(item) == 2 and all(isinstance(s, (list, tuple)) for s in item):
            check_sequence(item[0], True, f"batch item {index} sequence")
            check_sequence(item[1], True, f"batch item {index} pair")
            return list(item[0]), list(item[1])
    raise ArgumentTypeError(
        f"batch item {index} must be a list of str or a pair of lists when is_pretokenized=True, got {type_name(item)}"
    )


def check_ids(ids: Any) -> list[int]:
    """The ids as a list of int, each in 0..2**32-1 (the Rust package's u32), checked in order:
    anything with __index__ is an id, bool included, as there; another element is an
    ArgumentTypeError, an int out of range an ArgumentRangeError (an OverflowError, as there)."""
    try:
        values = list(ids)
    except TypeError:
        raise ArgumentTypeError(f"ids must be a list of int, got {type_name(ids)}") from None
    checked = []
    for value in values:
        if not hasattr(value, "__index__"):
            raise ArgumentTypeError(f"ids must be a list of int, got an element of type {type_name(value)}")
        checked.append(in_id_range(value.__index__()))
    return checked


def in_id_range(value: int, argument: str = "id") -> int:
    """`value` if it is in 0..2**32-1 (the Rust package's u32), else an ArgumentRangeError (an
    OverflowError, as there)."""
    if not 0 <= value <= MAX_ID:
        raise ArgumentRangeError(f"{argument} must be in 0..{MAX_ID}, got {value}")
    return value


def int_list(ids: Any) -> list[int]:
    """`check_ids(ids)`, without a Python step per id when `ids` is already a list of int in range."""
    if type(ids) is list and set(map(type, ids)) <= _INT and (not ids or (min(ids) >= 0 and max(ids) <= MAX_ID)):
        return ids
    return check_ids(ids)


_INT = {int}
MAX_ID = 2**32 - 1  # ids are u32 in the Rust package


def check_path(value: Any, argument: str) -> str:
    """`value` as a path str: a str or an os.PathLike of str (`check_path(Path("a"), "path") -> 'a'`).

    Anything else is an ArgumentTypeError, as in the Rust package (which takes only str): an int
    would be opened as a file descriptor (`open(0)` reads stdin), bytes are not text.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, os.PathLike):
        path = os.fspath(value)
        if isinstance(path, str):
            return path
    hint = " (a file descriptor is not a path)" if isinstance(value, int) and not isinstance(value, bool) else ""
    raise ArgumentTypeError(f"{argument} must be a str or os.PathLike path, got {type_name(value)}{hint}")


def check_flag(value: Any, argument: str) -> bool:
    """`value` if it is a bool (numpy's bool too, as in the Rust package), else an ArgumentTypeError.

    The one rule for every flag subword takes (`add_special_tokens`, `skip_special_tokens`,
    `encode_special_tokens`, the components' options): as in the Rust package, "no", None, 0 and
    1 are refused rather than read as true or false.

    >>> check_flag(False, "add_special_tokens")
    False
    >>> check_flag("no", "add_special_tokens")
    Traceback (most recent call last):
    subword.errors.ArgumentTypeError: add_special_tokens must be a bool, got str 'no'
    """
    if value is True or value is False:
        return value
    kind = type(value)
    if kind.__module__ == "numpy" and kind.__name__ in ("bool_", "bool"):
        return bool(value)
    raise ArgumentTypeError(f"{argument} must be a bool, got {type_name(value)} {value!r:.40}")
