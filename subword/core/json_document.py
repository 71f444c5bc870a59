"""Reading JSON files as the Rust package (serde_json) reads them, with errors that name the place.

`parse_json_like_rust(text, source)` is `json.loads` with serde_json's rules on top:

- `NaN`, `Infinity` and `-Infinity` are not JSON: "expected value at line 1 column 9";
- a number too large for an f64 (`1e400`, an integer of 310 digits or more) is "number out of
  range at line L column C";
- floats are read as serde_json reads them (`text.rust_float`);
- containers nest at most 127 deep (serde_json's recursion limit of 128): deeper is
  "recursion limit exceeded at line L column C", never a bare RecursionError.

Python's json parses the text in C; the rules above cost nothing on good files: the float hook
checks one subtraction, and the depth and integer checks walk the document without the
large flat parts the caller names (a vocabulary's entries are checked by the model reading
them). Positions in messages are found again, on the error path only, by scanning the text.

`parse_json(text, source)` is plain Python JSON (what transformers reads configs with), whose
errors become a TokenizerFileError naming the file and the position too.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Iterable

from ..errors import FileNestingError, TokenizerFileError
from ..text.rust_float import parse_float_like_rust

# serde_json stops at 128 levels; the outermost object or array is level 1.
RUST_MAX_DEPTH = 127
# The smallest integer serde_json cannot hold in an f64 (it reads integers beyond u64 as f64).
_F64_OVERFLOW = 2**1024 - 2**970  # the first value that rounds to infinity
_NUMBER_OR_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|(-?(?:NaN|Infinity)|-?[0-9][0-9.eE+-]*)', re.DOTALL)


class _OutOfRange(ValueError):
    """A number literal that overflows an f64 (raised from inside json.loads)."""


def _rust_float(text: str, parse: Callable[[str], float] = parse_float_like_rust) -> float:
    value = parse(text)
    if value - value != 0.0:  # inf - inf is nan; a finite value gives 0.0
        raise _OutOfRange(text)
    return value


def _refuse_constant(name: str) -> float:
    raise json.JSONDecodeError(f"{name} is not JSON", "", 0)


def parse_json_like_rust(text: str, source: str, skip: Callable[[list], Iterable[int]] | None = None) -> Any:
    """The document in `text`, read with serde_json's rules (see the module docstring).

    `source` starts every error message. `skip(path)`, given the path of keys from the root to a
    container, may name keys whose values the depth and integer checks need not visit (large
    parts a reader checks entry by entry anyway).

    >>> parse_json_like_rust('{"a": [1, 2.5]}', "x.json")
    {'a': [1, 2.5]}
    >>> parse_json_like_rust('{"a": NaN}', "x.json")
    Traceback (most recent call last):
    ...
    subword.errors.TokenizerFileError: x.json: expected value at line 1 column 7 (NaN is not JSON)
    """
    try:
        document = json.loads(text, parse_float=_rust_float, parse_constant=_refuse_constant)
    except _OutOfRange:
        raise _error(source, text, "number out of range", _find_number(text, _overflows)) from None
    except RecursionError:
        offset = _depth_position(text, RUST_MAX_DEPTH + 1)
        raise _error(source, text, "recursion limit exceeded", offset, error=FileNestingError) from None
    except json.JSONDecodeError as error:
        if error.msg.endswith(" is not JSON"):
            name = error.msg.split()[0]
            raise _error(source, text, "expected value", _find_number(text, _is_constant), f"{name} is not JSON") from None
        raise TokenizerFileError(
            f"{source}: malformed JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    except ValueError:  # an integer literal of more than 4300 digits (Python's conversion limit)
        raise _error(source, text, "number out of range", _find_number(text, _overflows)) from None
    problem = _check_document(document, skip)
    if problem is not None:
        what, test = problem
        if test is None:
            raise _error(source, text, what, _depth_position(text, RUST_MAX_DEPTH + 1), error=FileNestingError)
        raise _error(source, text, what, _find_number(text, test))
    return document


def parse_json(text: str, source: str) -> Any:
    """`json.loads(text)` (Python's rules, as transformers reads its configs), with errors naming `source`.

    >>> parse_json('{"a": 1', "tokenizer_config.json")
    Traceback (most recent call last):
    ...
    subword.errors.TokenizerFileError: tokenizer_config.json: malformed JSON at line 1 column 8: Expecting ',' delimiter
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise TokenizerFileError(f"{source}: malformed JSON at line {error.lineno} column {error.colno}: {error.msg}") from None
    except RecursionError:
        raise FileNestingError(f"{source}: malformed JSON: nested too deeply for Python's json module") from None
    except ValueError as error:  # an integer of more than 4300 digits
        raise TokenizerFileError(f"{source}: malformed JSON: {error}") from None


def _check_document(document: Any, skip: Callable[[list], Iterable[int]] | None) -> tuple[str, Any] | None:
    """The first rule the parsed document breaks: too deep, or an integer too large for an f64.

    Each container's values are first sorted by type at C speed (`set(map(type, ...))`), so a
    flat vocabulary of 50,000 ids costs one pass of `map`, `min` and `max`, not a Python loop.
    """
    stack: list[tuple[Any, int, list]] = [(document, 1, [])]
    while stack:
        value, depth, path = stack.pop()
        if depth > RUST_MAX_DEPTH:
            return "recursion limit exceeded", None
        if isinstance(value, dict):
            skipped = skip(path) if skip is not None else ()
            items: Any = [item for key, item in value.items() if key not in skipped] if skipped else value.values()
            keys: Any = [key for key in value if key not in skipped] if skipped else value.keys()
        elif isinstance(value, list):
            items, keys = value, range(len(value))
        else:
            continue
        types = set(map(type, items))
        if int in types:
            ints = items if len(types) == 1 else [item for item in items if type(item) is int]
            if not (-_F64_OVERFLOW < min(ints) and max(ints) < _F64_OVERFLOW):
                return "number out of range", _overflows
        if dict in types or list in types:
            for key, item in zip(keys, items):
                if isinstance(item, (dict, list)):
                    stack.append((item, depth + 1, path + [key]))
    return None


def _overflows(literal: str) -> bool:
    if literal in ("NaN", "Infinity", "-Infinity", "-NaN", "-"):
        return False
    try:
        if any(c in literal for c in ".eE"):
            return parse_float_like_rust(literal) in (float("inf"), float("-inf"))
        return len(literal.lstrip("-")) > 4300 or not -_F64_OVERFLOW < int(literal) < _F64_OVERFLOW
    except ValueError:
        return False


def _is_constant(literal: str) -> bool:
    return literal.lstrip("-") in ("NaN", "Infinity")


def _find_number(text: str, test: Callable[[str], bool]) -> int:
    """The offset of the first number literal (outside strings) for which `test` holds, or 0."""
    for match in _NUMBER_OR_STRING.finditer(text):
        literal = match.group(1)
        if literal is not None and test(literal):
            return match.start(1)
    return 0


def _depth_position(text: str, limit: int) -> int:
    """The offset of the bracket (outside strings) that opens nesting level `limit`, or 0."""
    depth = 0
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text, re.DOTALL):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth >= limit:
                return match.start()
        elif char in "]}":
            depth -= 1
    return 0


def _error(
    source: str, text: str, what: str, offset: int, note: str = "", error: type[TokenizerFileError] = TokenizerFileError
) -> TokenizerFileError:
    """`what` at the line and column of `offset`, as serde_json words it (columns count from 1)."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return error(f"{source}: {what} at line {line} column {column}" + (f" ({note})" if note else ""))
