"""Vocabularies: checking them, and reading/writing vocab.txt (one token a line) and vocab.json.

`vocab` maps token -> id; ids need not be dense, and two tokens may share an id (then
`reverse_vocab` keeps the last). Files are written atomically.
"""

from __future__ import annotations

import json
import os
from typing import Any

from ..text.chars import is_whitespace
from ..core.files import atomic_write_text
from ..core.inputs import MAX_ID, check_path, in_id_range
from ..core.json_document import parse_json_like_rust
from ..errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError, type_name


def check_vocab(vocab: Any, argument: str = "vocab") -> dict[str, int]:
    """A copy of `vocab` if it maps str to ids in 0..2**32-1, else ArgumentTypeError/ValueError."""
    if not isinstance(vocab, dict):
        raise ArgumentTypeError(f"{argument} must be a dict of str -> int, got {type_name(vocab)}")
    if set(map(type, vocab)) <= {str} and _plain_ids(vocab):
        return dict(vocab)
    for token, id_ in vocab.items():
        if not isinstance(token, str) or not isinstance(id_, int) or isinstance(id_, bool):
            raise ArgumentTypeError(
                f"{argument} must be a dict of str -> int, got the entry {token!r:.60}: {id_!r:.60}"
            )
        if not 0 <= id_ <= MAX_ID:
            raise ArgumentValueError(f"{argument}[{token!r:.60}]: ids must be in 0..{MAX_ID}, got {id_}")
    return dict(vocab)


def expect_id(value: Any, argument: str = "id") -> int:
    """`value` as an int (anything with __index__, bool included, as in the Rust package); one
    outside 0..2**32-1 is an ArgumentRangeError (an OverflowError, as the Rust package raises),
    anything else an ArgumentTypeError."""
    if not hasattr(value, "__index__"):
        raise ArgumentTypeError(f"{argument} must be an int, got {type_name(value)}")
    return in_id_range(value.__index__(), argument)


def vocab_field(data: dict, path: str, name: str = "vocab") -> dict[str, int]:
    """Read the `name` object of a tokenizer.json model entry, checking every id."""
    if name not in data:
        raise TokenizerFileError(f'{path}: missing field "{name}"')
    vocab = data[name]
    if not isinstance(vocab, dict):
        raise TokenizerFileError(f"{path}.{name}: expected an object of token -> id, got {type_name(vocab)}")
    if _plain_ids(vocab):
        return dict(vocab)
    for token, id_ in vocab.items():
        if not _is_id(id_):
            raise TokenizerFileError(
                f"{path}.{name}[{token!r:.60}]: expected an id in 0..{MAX_ID}, got {id_!r:.60}"
            )
    return dict(vocab)


def reverse_vocab(vocab: dict[str, int]) -> dict[int, str]:
    """id -> token: `{"a": 0, "b": 1} -> {0: "a", 1: "b"}`."""
    return {id_: token for token, id_ in vocab.items()}


def ordered_vocab(vocab_r: dict[int, str]) -> dict[str, int]:
    """token -> id sorted by id, as tokenizer.json and vocab.json store it: `{1: "b", 0: "a"} -> {"a": 0, "b": 1}`."""
    return {vocab_r[id_]: id_ for id_ in sorted(vocab_r)}


def vocab_file_path(folder: str, prefix: str | None, name: str) -> str:
    """`folder/name`, or `folder/prefix-name` when a prefix is given."""
    folder = check_path(folder, "folder")
    if prefix is not None and not isinstance(prefix, str):
        raise ArgumentTypeError(f"prefix must be a str or None, got {type_name(prefix)}")
    return os.path.join(folder, name if prefix is None else f"{prefix}-{name}")


def read_vocab_txt(path: str) -> dict[str, int]:
    """token -> line number of a vocab.txt; trailing whitespace is dropped, a repeated token keeps its last line."""
    text = read_utf8(path)
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the newline ending the last line does not start another
    return {_trim_end(line): index for index, line in enumerate(lines)}


def write_vocab_txt(vocab: dict[str, int], path: str) -> str:
    """Write one token a line, ordered by id (ties keep vocab order), and return `path`."""
    tokens = sorted(vocab, key=vocab.__getitem__)
    atomic_write_text(path, "".join(f"{token}\n" for token in tokens))
    return path


def read_vocab_json(path: str) -> dict[str, int]:
    """token -> id of a vocab.json object; entries whose value is not a number are skipped."""
    data = parse_json_like_rust(read_utf8(path), path)
    if not isinstance(data, dict):
        raise TokenizerFileError(f"{path}: expected a JSON object of token -> id, got {type_name(data)}")
    vocab = {}
    for token, id_ in data.items():
        if isinstance(id_, (int, float)) and not isinstance(id_, bool):
            if not _is_id(id_):
                raise TokenizerFileError(f"{path}: the id of {token!r:.60} must be in 0..{MAX_ID}, got {id_!r}")
            vocab[token] = id_
    return vocab


def write_vocab_json(vocab_r: dict[int, str], path: str) -> str:
    """Write `{"token": id, ...}` ordered by id, compact like serde_json, and return `path`."""
    text = json.dumps(ordered_vocab(vocab_r), ensure_ascii=False, separators=(",", ":"))
    atomic_write_text(path, text)
    return path


def _plain_ids(vocab: dict) -> bool:
    """Whether every value of `vocab` is an int id in 0..2**32-1, proved by C-level passes over
    all of them at once; when False, the caller's entry-by-entry check names the bad one.

    {"a": 0, "b": 7} -> True;  {"a": -1} -> False;  {"a": True} -> False
    """
    ids = vocab.values()
    return not ids or (set(map(type, ids)) <= {int} and 0 <= min(ids) and max(ids) <= MAX_ID)


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ID


def read_utf8(path: str) -> str:
    """The text of a UTF-8 file; an invalid byte is a TokenizerFileError naming the file and line."""
    path = check_path(path, "path")
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TokenizerFileError(f"{path}, line {line}: not valid UTF-8 ({error.reason})") from error


def _trim_end(line: str) -> str:
    end = len(line)
    while end and is_whitespace(line[end - 1]):
        end -= 1
    return line[:end]
