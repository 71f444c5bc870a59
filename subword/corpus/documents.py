"""The documents of a line range and their token ids: the part of `tokenize_corpus` a worker runs.

A document is one line (its "\\n" or "\\r\\n" dropped), or with `jsonl_field` the string under
that key of the line's JSON object. Empty documents (blank lines, "" fields) are skipped. Each
document becomes its ids (`encode_batch_fast` without special tokens, padding or truncation)
followed by the separator id. A range comes back as three arrays: the ids, where each
document's ids end (counting from the range's first id) and where each document starts in its
file (a byte offset), which is what resuming after an interruption needs.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import numpy as np

from ..core.line_ranges import LineRange, line_number, read_lines
from ..errors import ArgumentValueError, type_name

if TYPE_CHECKING:
    from ..tokenizer.tokenizer import Tokenizer

EncodedRange = tuple[Any, Any, Any]  # ids (uint32), document ends (int64), document starts (int64)


def documents(line_range: LineRange, jsonl_field: str | None) -> tuple[list[Any], list[int]]:
    """The documents of a range and the byte offset in the file where each starts.

    >>> import tempfile
    >>> path = tempfile.mkstemp()[1]
    >>> _ = open(path, "wb").write(b"one\\r\\n\\nt\\xc3\\xa9o\\n")
    >>> documents((path, 0, 11), None)
    (['one', 'téo'], [0, 6])
    """
    path, offset, _ = line_range
    texts: list[Any] = []  # str; typed as encode_batch_fast's input list
    starts: list[int] = []
    for line in read_lines(line_range, ArgumentValueError, "corpus files"):
        text = line[:-2] if line.endswith("\r\n") else line[:-1] if line.endswith("\n") else line
        if jsonl_field is not None:
            text = _field(path, offset, text, jsonl_field) if text.strip() else ""
        if text:
            texts.append(text)
            starts.append(offset)
        offset += len(line) if line.isascii() else len(line.encode("utf-8"))
    return texts, starts


def encode_ranges(tokenizer: Tokenizer, ranges: list[LineRange], separator_id: int, jsonl_field: str | None) -> list[EncodedRange]:
    """Each range's (ids, document ends, document starts); a pool task, run in a worker or in-process."""
    results = []
    for line_range in ranges:
        texts, starts = documents(line_range, jsonl_field)
        encodings = tokenizer.encode_batch_fast(texts, add_special_tokens=False, padding=None, truncation=None)
        ids: list[int] = []
        ends: list[int] = []
        for encoding in encodings:
            ids += encoding.ids
            ids.append(separator_id)
            ends.append(len(ids))
        results.append((np.array(ids, dtype=np.uint32), np.array(ends, dtype=np.int64), np.array(starts, dtype=np.int64)))
    return results


def _field(path: str, offset: int, text: str, field: str) -> str:
    """The string under `field` of a JSON lines record, else an error naming the file and line."""
    try:
        record = json.loads(text)
    except ValueError as error:
        raise ArgumentValueError(f"{path}, line {line_number(path, offset)}: not JSON ({error})") from None
    if not isinstance(record, dict) or field not in record:
        found = f"keys {sorted(record)[:10]}" if isinstance(record, dict) else type_name(record)
        raise ArgumentValueError(f"{path}, line {line_number(path, offset)}: no {field!r} field (found {found}); "
                                 "pick the text field with --jsonl FIELD (jsonl_field=...)")
    value = record[field]
    if not isinstance(value, str):
        raise ArgumentValueError(f"{path}, line {line_number(path, offset)}: the {field!r} field is {type_name(value)}, not a string")
    return value
