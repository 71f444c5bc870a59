"""BPE merges: reading them in both forms ("a b" and ["a", "b"]) and the merges.txt file."""

from __future__ import annotations

import operator
from itertools import repeat
from typing import Any

from ...core.files import atomic_write_text
from ...errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError, type_name
from ..vocab_files import read_utf8

MERGES_HEADER = "#version: 0.2\n"


def split_merge(line: str) -> tuple[str, str] | None:
    """The two tokens of a legacy merge line, or None when it does not have exactly two.

    "a b" -> ("a", "b");  "a b c" -> None;  "ab" -> None
    """
    parts = line.split(" ")
    if len(parts) != 2:
        return None
    return parts[0], parts[1]


Columns = tuple[list[str], list[str]]  # the left and the right token of every merge, by rank


def check_merges(merges: Any, argument: str = "merges") -> Columns:
    """The merges' left and right tokens, from a list of pairs or of "a b" strings (lines
    starting "#version" are skipped).

    >>> check_merges([("a", "b"), "ab c"])
    (['a', 'ab'], ['b', 'c'])
    """
    if not isinstance(merges, (list, tuple)):
        raise ArgumentTypeError(
            f"{argument} must be a list of (str, str) pairs or 'a b' strings, got {type_name(merges)}"
        )
    columns = _plain_columns(merges)
    if columns is not None:
        return columns
    firsts, seconds = [], []
    for index, merge in enumerate(merges):
        if isinstance(merge, str):
            if merge.startswith("#version"):
                continue
            pair = split_merge(merge)
            if pair is None:
                raise ArgumentValueError(
                    f"{argument}[{index}]: {merge!r:.60} is not two tokens separated by one space"
                )
        elif isinstance(merge, (list, tuple)) and len(merge) == 2 and all(isinstance(t, str) for t in merge):
            pair = (merge[0], merge[1])
        else:
            raise ArgumentTypeError(
                f"{argument}[{index}] must be a (str, str) pair or an 'a b' string, got {merge!r:.60}"
            )
        firsts.append(pair[0])
        seconds.append(pair[1])
    return firsts, seconds


def _plain_columns(merges: list | tuple) -> Columns | None:
    """The columns of `merges` when a few C-level passes over the whole list prove it well
    formed: all "a b" strings with one space each and no "#version" line, or all 2-item
    lists/tuples of str. None otherwise; the entry-by-entry check then skips or names the odd ones.

    ["a b", "ab c"] -> (["a", "ab"], ["b", "c"]);  ["a b c"] -> None;  [] -> ([], [])
    """
    kinds = set(map(type, merges))
    if kinds == {str}:
        # Each merge has a space, and joining them all gives 2 tokens per merge: then every
        # merge has exactly one space, and the tokens alternate left, right.
        tokens = " ".join(merges).split(" ")
        if (
            len(tokens) != 2 * len(merges)
            or not all(map(operator.contains, merges, repeat(" ")))
            or any(map(str.startswith, merges, repeat("#version")))
        ):
            return None
        return tokens[0::2], tokens[1::2]
    if not kinds <= {list, tuple} or set(map(len, merges)) - {2}:
        return None
    firsts, seconds = [merge[0] for merge in merges], [merge[1] for merge in merges]
    if not set(map(type, firsts)) | set(map(type, seconds)) <= {str}:
        return None
    return firsts, seconds


def merges_field(data: dict, path: str) -> Columns:
    """Read the "merges" of a tokenizer.json BPE entry (all pairs, or all "a b" strings) as columns."""
    if "merges" not in data:
        raise TokenizerFileError(f'{path}: missing field "merges"')
    merges = data["merges"]
    if not isinstance(merges, list):
        raise TokenizerFileError(f"{path}.merges: expected a list, got {type_name(merges)}")
    columns = _plain_columns(merges)
    if columns is not None:
        return columns
    all_pairs = all(isinstance(m, list) and len(m) == 2 and all(isinstance(t, str) for t in m) for m in merges)
    if not all_pairs and not all(isinstance(m, str) for m in merges):
        raise TokenizerFileError(
            f'{path}.merges: expected a list of ["a", "b"] pairs or a list of "a b" strings, not a mix'
        )
    try:
        return check_merges(merges, f"{path}.merges")
    except ArgumentValueError as error:
        raise TokenizerFileError(str(error)) from error


def read_merges_txt(path: str) -> list[tuple[str, str]]:
    """The merges of a merges.txt: one "a b" a line, after an optional "#version" line."""
    text = read_utf8(path)
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the newline ending the last line does not start another
    body = lines[1:] if lines and lines[0].startswith("#version") else lines
    columns = _plain_columns(body) if body and "\r" not in text else None
    if columns is not None:
        return list(zip(*columns))
    merges = []
    for number, line in enumerate(lines, start=1):
        if line.endswith("\r"):
            line = line[:-1]
        if line.startswith("#version"):
            continue
        pair = split_merge(line)
        if pair is None:
            raise TokenizerFileError(
                f"{path}, line {number}: expected two tokens separated by one space, got {line!r:.60}"
            )
        merges.append(pair)
    return merges


def write_merges_txt(merges: list[tuple[str, str]], path: str) -> str:
    """Write the "#version: 0.2" header then one "a b" line per merge; returns `path`."""
    atomic_write_text(path, MERGES_HEADER + "".join(f"{a} {b}\n" for a, b in merges))
    return path
