"""Where `subword encode` and `subword decode` read their input: arguments, files, stdin.

Files and stdin are read as UTF-8, one item a line: only the line ending (`\\n` or `\\r\\n`) is
taken off, so a line of spaces stays a text of spaces and a file's byte order mark stays in its
first line. Lines are read as they come, so a pipe is encoded while it is still being written.
With `--jsonl FIELD` each line is a JSON object and the item is its FIELD (blank lines are
skipped). A line that is not UTF-8, not JSON or without the field is an `InputProblem` naming
the file and the line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import BinaryIO, Iterator, NamedTuple, Sequence

from .problems import InputProblem, shown_path

STDIN = "-"


class Line(NamedTuple):
    """One input item and where it comes from (`"notes.txt, line 3"`, `"argument 2"`)."""

    where: str
    text: str


def check_files(paths: Sequence[Path]) -> None:
    """Refuse, before anything is read, a file that is missing, a folder, or unreadable."""
    for path in paths:
        name = os.fspath(path)
        if name == STDIN:
            continue
        if os.path.isdir(name):
            raise InputProblem(f"cannot read {shown_path(name)!r}: it is a folder; pass a text file")
        if not os.path.exists(name):
            raise InputProblem(f"cannot read {shown_path(name)!r}: No such file or directory")
        if not os.access(name, os.R_OK):
            raise InputProblem(f"cannot read {shown_path(name)!r}: Permission denied")


def stdin_is_piped(stdin: BinaryIO) -> bool:
    """Whether stdin is a pipe or a file rather than a terminal (where nobody would type texts)."""
    try:
        return not os.isatty(stdin.fileno())
    except (OSError, ValueError):  # no file descriptor (a test's stream): not a terminal
        return True


def lines_of(paths: Sequence[Path], stdin: BinaryIO) -> Iterator[Line]:
    """The lines of each file in turn (`-` is stdin), without their line endings."""
    for path in paths:
        name = os.fspath(path)
        if name == STDIN:
            yield from _lines(stdin, "<stdin>")
            continue
        try:
            with open(name, "rb") as handle:
                yield from _lines(handle, shown_path(name))
        except OSError as error:
            raise InputProblem(f"cannot read {shown_path(name)!r}: {error.strerror or error}") from None


def _lines(stream: BinaryIO, source: str) -> Iterator[Line]:
    """The lines of one binary stream, decoded as UTF-8.

    >>> import io
    >>> list(_lines(io.BytesIO(b"a b\\r\\n\\n c"), "x.txt"))
    [Line(where='x.txt, line 1', text='a b'), Line(where='x.txt, line 2', text=''), Line(where='x.txt, line 3', text=' c')]
    """
    for number, raw in enumerate(stream, start=1):
        if raw.endswith(b"\n"):
            raw = raw[:-2] if raw.endswith(b"\r\n") else raw[:-1]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputProblem(
                f"{source}, line {number}: not UTF-8 text (the byte 0x{raw[error.start]:02x} at byte {error.start}); "
                "pass UTF-8"
            ) from None
        yield Line(f"{source}, line {number}", text)


def json_fields(lines: Iterator[Line], field: str) -> Iterator[tuple[str, object]]:
    """(where, value of `field`) for each JSON object line; blank lines are skipped.

    >>> list(json_fields(iter([Line("x, line 1", '{"text": "hi", "id": 7}'), Line("x, line 2", " ")]), "text"))
    [('x, line 1', 'hi')]
    """
    for where, text in lines:
        if not text.strip():
            continue
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputProblem(f"{where}: not JSON ({error.msg} at char {error.pos}); --jsonl reads one JSON object a line") from None
        if not isinstance(document, dict):
            raise InputProblem(f"{where}: expected a JSON object with a {field!r} field, got {type(document).__name__}")
        if field not in document:
            raise InputProblem(f"{where}: the JSON object has no {field!r} field (it has {_keys(document)})")
        yield where, document[field]


def _keys(document: dict) -> str:
    keys = list(document)
    return ", ".join(repr(key) for key in keys[:8]) + (", ..." if len(keys) > 8 else "") if keys else "no fields"
