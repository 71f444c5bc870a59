"""BPE merges: reading them in both forms ("a b" and ["a", "b"]) and the merges.txt file."""

from __future__ import annotations

from typing import Any

from ...core.files import atomic_write_text
from ...errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError, type_name

MERGES_HEADER = "#version: 0.2\n"


def split_merge(line: str) -> tuple[str, str] | None:
    """The two tokens of a legacy merge line, or None when it does not have exactly two.

    "a b" -> ("a", "b");  "a b c" -> None;  "ab" -> None
    """
    parts = line.split(" ")
    if len(parts) != 2:
        return None
    return parts[0], parts[1]


def check_merges(merges: Any, argument: str = "merges") -> list[tuple[str, str]]:
    """Merges as pairs, from a list of pairs or of "a b" strings (lines starting "#version" are skipped).

    >>> check_merges([("a", "b"), "ab c"])
    [('a', 'b'), ('ab', 'c')]
    """
    if not isinstance(merges, (list, tuple)):
        raise ArgumentTypeError(
            f"{argument} must be a list of (str, str) pairs or 'a b' strings, got {type_name(merges)}"
        )
    pairs = []
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
        pairs.append(pair)
    return pairs


def merges_field(data: dict, path: str) -> list[tuple[str, str]]:
    """Read the "merges" of a tokenizer.json BPE entry: all pairs, or all "a b" strings."""
    if "merges" not in data:
        raise TokenizerFileError(f'{path}: missing field "merges"')
    merges = data["merges"]
    if not isinstance(merges, list):
        raise TokenizerFileError(f"{path}.merges: expected a list, got {type_name(merges)}")
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
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TokenizerFileError(f"{path}, line {line}: not valid UTF-8 ({error.reason})") from error
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the newline ending the last line does not start another
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
