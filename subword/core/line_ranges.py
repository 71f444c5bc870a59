"""Text files cut into line-aligned byte ranges, so that workers can each read their own part.

A range is `(path, start, end)`: bytes `start` to `end` of the file, starting a line and ending
just after a "\\n" (or at the end of the file). Ranges are found by seeking, never by reading
the whole file, and a range is read on its own, by whichever process gets it: the parent sends
three values to a worker, not the text. Lines end at "\\n" only (a lone "\\r" does not end a
line, as in the Rust package), and keep their ending, as `Tokenizer.train` reads them.

What it does not do: guess an encoding (files are UTF-8), or cut a line too long for one range
(such a line makes its range longer).
"""

from __future__ import annotations

import os
from typing import Iterable, Iterator

RANGE_BYTES = 4 << 20  # what one worker reads at a time: big enough to amortize the trip

LineRange = tuple[str, int, int]


def line_ranges(paths: Iterable[str], size: int | None = None) -> Iterator[LineRange]:
    """Line-aligned ranges of about `size` bytes covering each file in turn (none for an empty
    file), each naming its file by its absolute path.

    >>> import tempfile
    >>> path = tempfile.mkstemp()[1]
    >>> _ = open(path, "wb").write(b"ab\\ncd\\nef")
    >>> [(start, end) for _, start, end in line_ranges([path], size=2)]
    [(0, 3), (3, 6), (6, 8)]
    """
    size = RANGE_BYTES if size is None else size
    for path in paths:
        # absolute: the worker processes that read the ranges may have another working folder
        path = os.path.abspath(path)
        total = os.path.getsize(path)
        with open(path, "rb") as file:
            start = 0
            while start < total:
                end = min(start + size, total)
                if end < total:
                    file.seek(end - 1)
                    end += len(file.readline()) - 1  # to just after the next "\n" (or the end)
                yield path, start, end
                start = end


def read_lines(line_range: LineRange, error: type[Exception] = ValueError, what: str = "the files") -> list[str]:
    """The lines of a range, endings kept, decoded as UTF-8; `error` names the file and line if not UTF-8."""
    path, start, end = line_range
    data = read_bytes(line_range)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as problem:
        number = line_number(path, start + problem.start)
        column = problem.start - data.rfind(b"\n", 0, problem.start) - 1
        raise error(f"{path}, line {number}: not valid UTF-8 ({problem.reason} at byte {column}); {what} must be UTF-8 text") from None
    lines = text.split("\n")
    last = lines.pop()  # "" when the range ends with "\n"
    lines = [line + "\n" for line in lines]
    if last:
        lines.append(last)
    return lines


def read_bytes(line_range: LineRange) -> bytes:
    """The bytes of a range."""
    path, start, end = line_range
    with open(path, "rb") as file:
        file.seek(start)
        return file.read(end - start)


def line_number(path: str, offset: int) -> int:
    """The 1-based number of the line holding byte `offset` of the file (read in blocks)."""
    count = 1
    with open(path, "rb") as file:
        while offset > 0:
            block = file.read(min(offset, 1 << 20))
            if not block:
                break
            count += block.count(b"\n")
            offset -= len(block)
    return count
