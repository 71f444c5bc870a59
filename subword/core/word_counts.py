"""`WordCounts`: how often each word occurs in a corpus, as a value to save, merge and train from.

Counting is the part of training that reads the whole corpus; the counts are small (one entry
per distinct word). So a corpus can be counted in shards (on other machines, at other times),
the shards added up (`a + b`, `sum(shards)`), saved, and a model trained from the total with
`Tokenizer.train_from_counts`, which gives the model `train_from_iterator` gives on the text.

Each WordCounts carries the *fingerprint* of the pipeline that cut the words (see
`subword.tokenizer.training.pipeline_fingerprint`), or None when unknown (counts made by hand,
or by a pipeline with custom Python components). Counts of different fingerprints never add up.

Files (`save` / `load`), UTF-8, one entry a line ending in "\\n", most frequent words first
(ties in code point order), so equal counts always make equal files:

- TSV (the default): a header `#subword-word-counts<TAB>1<TAB>FINGERPRINT` (the fingerprint
  or `none`), then `WORD<TAB>COUNT` lines. In WORD a backslash is written `\\\\`, a tab `\\t`, a
  line feed `\\n`, a carriage return `\\r`, and a lone surrogate `\\uXXXX`; nothing else is
  escaped, so every word reads back exactly. A file without the header (from another tool)
  loads with fingerprint None.
- JSON lines (a path ending in `.jsonl`, or `format="jsonl"`): a first record
  `{"subword_word_counts": 1, "fingerprint": "..." or null}`, then `{"word": ..., "count": ...}`.

Counts are whole numbers from 1 to 2**64 - 1 (the Rust trainers count in u64); a file holding
another, a repeated word or a malformed line is refused with a WordCountsFileError naming the
file and the line. Files are written atomically (`core.files`).

What it does not do: stream a file larger than memory (a file is read and written whole).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from typing import Any, Iterable, Iterator, Literal, Union

from .files import atomic_write_bytes
from .inputs import check_path
from ..errors import ArgumentTypeError, ArgumentValueError, FingerprintMismatchError, WordCountsFileError, type_name

PathLike = Union[str, "os.PathLike[str]"]
Format = Literal["tsv", "jsonl"]

MAX_COUNT = 2**64 - 1
FORMAT_VERSION = 1
TSV_MAGIC = "#subword-word-counts"
JSONL_MAGIC = "subword_word_counts"

_FINGERPRINT = re.compile(r"[0-9a-f]{64}")
_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
_NEEDS_ESCAPE = re.compile("[\\\\\t\n\r\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.|\Z)", re.DOTALL)


class WordCounts(Mapping[str, int]):
    """The distinct words of a corpus and how often each occurs, with the fingerprint of the
    pipeline that cut them. Immutable; `a + b` adds counts, and `sum(shards)` works too (an
    empty list sums to 0: write `sum(shards, WordCounts())` when the list may be empty).

    >>> counts = WordCounts({"low": 2, "er": 1}) + WordCounts({"low": 1})
    >>> counts["low"], len(counts), counts.total()
    (3, 2, 4)
    """

    def __init__(self, counts: Mapping[str, int] | Iterable[tuple[str, int]] = (), *, fingerprint: str | None = None) -> None:
        """Copy `counts` (a mapping or (word, count) pairs; each count an int from 1 to 2**64 - 1)."""
        items = counts.items() if isinstance(counts, Mapping) else counts
        table: dict[str, int] = {}
        for word, count in items:
            if not isinstance(word, str):
                raise ArgumentTypeError(f"word counts: a word must be a str, got {type_name(word)}")
            table[word] = table.get(word, 0) + check_word_count(count, word)
        if any(count > MAX_COUNT for count in table.values()):
            word = next(word for word, count in table.items() if count > MAX_COUNT)
            raise ArgumentValueError(f"word counts: the count of {word!r} is over 2**64 - 1")
        self._counts = table
        self.fingerprint = check_fingerprint(fingerprint)

    @classmethod
    def counted(cls, counts: dict[str, int], *, fingerprint: str | None = None) -> WordCounts:
        """WordCounts of a dict that counting made (str words, counts of 1 or more), without a
        check per word (only the 2**64 - 1 bound) and, for a plain dict, without a copy.

        >>> from collections import Counter
        >>> WordCounts.counted({"low": 2})["low"], "high" in WordCounts.counted(Counter(low=2))
        (2, False)
        """
        table = counts if type(counts) is dict else dict(counts)  # a Counter's missing words count 0
        if table and max(table.values()) > MAX_COUNT:
            word = next(word for word, count in table.items() if count > MAX_COUNT)
            raise ArgumentValueError(f"word counts: the count of {word!r} is over 2**64 - 1")
        return _trusted(table, check_fingerprint(fingerprint))

    def __getitem__(self, word: str) -> int:
        return self._counts[word]

    def __iter__(self) -> Iterator[str]:
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WordCounts):
            return NotImplemented
        return self.fingerprint == other.fingerprint and self._counts == other._counts

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(f"{word!r}: {count}" for word, count in self.most_common(3))
        more = f", ... ({len(self)} words)" if len(self) > 3 else ""
        return f"WordCounts({{{shown}{more}}}, fingerprint={self.fingerprint!r})"

    def total(self) -> int:
        """How many words the corpus held (the sum of the counts)."""
        return sum(self._counts.values())

    def most_common(self, n: int | None = None) -> list[tuple[str, int]]:
        """(word, count) pairs, most frequent first, ties in code point order; the first `n` if given."""
        ranked = sorted(self._counts.items(), key=_rank)
        return ranked if n is None else ranked[:n]

    def __add__(self, other: object) -> WordCounts:
        """The counts of both, added; both must come from the same pipeline (an empty one fits any)."""
        if not isinstance(other, WordCounts):
            return NotImplemented
        fingerprint = _merged_fingerprint(self, other)
        big, small = (self, other) if len(self) >= len(other) else (other, self)
        table = dict(big._counts)
        for word, count in small._counts.items():
            total = table.get(word, 0) + count
            if total > MAX_COUNT:
                raise ArgumentValueError(f"word counts: adding them takes the count of {word!r} over 2**64 - 1")
            table[word] = total
        return _trusted(table, fingerprint)

    def __radd__(self, other: object) -> WordCounts:
        """`0 + counts` is `counts`, so that `sum(shards)` works without a start value."""
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def save(self, path: PathLike, *, format: Format | None = None) -> None:
        """Write the counts to `path` atomically: TSV, or JSON lines if `path` ends in `.jsonl`
        (`format` overrides the extension). `WordCounts.load(path) == self` (see the module docstring)."""
        name = check_path(path, "path")
        kind = _format_of(name, format)
        ranked = self.most_common()
        lines = _tsv_lines(ranked, self.fingerprint) if kind == "tsv" else _jsonl_lines(ranked, self.fingerprint)
        atomic_write_bytes(name, "".join(lines).encode("utf-8"))

    @classmethod
    def load(cls, path: PathLike, *, format: Format | None = None) -> WordCounts:
        """Read a file `save` wrote (or a headerless `word<TAB>count` TSV); errors name the file and line."""
        name = check_path(path, "path")
        kind = _format_of(name, format)
        try:
            with open(name, "rb") as file:
                data = file.read()
        except OSError as error:
            raise ArgumentValueError(f"cannot read word counts {name!r}: {error.strerror or error}") from None
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        if lines and lines[0].startswith(b"\xef\xbb\xbf"):  # a byte order mark some editors add
            lines[0] = lines[0][3:]
        header = _read_tsv_header if kind == "tsv" else _read_jsonl_header
        fingerprint, skip = header(name, lines[0] if lines else b"")
        reader = _read_tsv if kind == "tsv" else _read_jsonl
        table: dict[str, int] = {}
        first_line: dict[str, int] = {}
        for number, word, count in reader(name, lines, skip):
            if word in table:
                raise WordCountsFileError(f"{name}, line {number}: the word {word!r} again (first on line {first_line[word]})")
            table[word] = count
            first_line[word] = number
        return _trusted(table, fingerprint)


def check_word_count(count: Any, word: str) -> int:
    """`count` if it is an int from 1 to 2**64 - 1, else an error naming `word`."""
    if not isinstance(count, int) or isinstance(count, bool):
        raise ArgumentTypeError(f"word counts: the count of {word!r} must be an int, got {type_name(count)}")
    if not 1 <= count <= MAX_COUNT:
        raise ArgumentValueError(f"word counts: the count of {word!r} must be from 1 to 2**64 - 1, got {count}")
    return count


def check_fingerprint(value: Any) -> str | None:
    """None, or a sha256 hex digest (64 lowercase hex digits)."""
    if value is not None and (not isinstance(value, str) or not _FINGERPRINT.fullmatch(value)):
        raise ArgumentValueError(f"a word-counts fingerprint must be None or 64 lowercase hex digits, got {value!r:.80}")
    return value


def escape_word(word: str) -> str:
    r"""`word` as a TSV field: `escape_word("a\tb\\c") -> 'a\\tb\\\\c'`."""
    if not _NEEDS_ESCAPE.search(word):
        return word
    return _NEEDS_ESCAPE.sub(lambda m: _TSV_ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), word)


def unescape_word(field: str) -> str:
    r"""The word of a TSV field, `escape_word` undone: `unescape_word('a\\tb') -> 'a\tb'`; ValueError on a bad escape."""
    if "\\" not in field:
        return field

    def replace(match: re.Match) -> str:
        code = match.group(1)
        if len(code) == 5:
            return chr(int(code[1:], 16))
        if not code:
            raise ValueError("a lone backslash ends the word (write a backslash as \\\\)")
        if code not in _TSV_UNESCAPES:
            raise ValueError(f"unknown escape \\{code} (known: \\\\, \\t, \\n, \\r, \\uXXXX)")
        return _TSV_UNESCAPES[code]

    return _ESCAPE.sub(replace, field)


def _trusted(table: dict[str, int], fingerprint: str | None) -> WordCounts:
    """A WordCounts of already checked counts, without copying them again."""
    counts = WordCounts.__new__(WordCounts)
    counts._counts = table
    counts.fingerprint = fingerprint
    return counts


def _rank(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def _merged_fingerprint(a: WordCounts, b: WordCounts) -> str | None:
    """The fingerprint of `a + b`: theirs if equal; an empty WordCounts takes the other's."""
    if a.fingerprint == b.fingerprint or not b:
        return a.fingerprint
    if not a:
        return b.fingerprint
    raise FingerprintMismatchError(
        f"cannot add word counts of different pipelines (fingerprints {a.fingerprint} and {b.fingerprint}): "
        "the normalizer, pre-tokenizer or added tokens differ, so their words are not comparable; "
        "count every shard with the same tokenizer"
    )


def _format_of(name: str, format: Any) -> Format:
    if format is None:
        return "jsonl" if name.endswith(".jsonl") else "tsv"
    if format not in ("tsv", "jsonl"):
        raise ArgumentValueError(f"format must be 'tsv' or 'jsonl' (or None: from the extension), got {format!r}")
    return format  # type: ignore[no-any-return]


def _tsv_lines(ranked: list[tuple[str, int]], fingerprint: str | None) -> Iterator[str]:
    yield f"{TSV_MAGIC}\t{FORMAT_VERSION}\t{fingerprint or 'none'}\n"
    for word, count in ranked:
        yield f"{escape_word(word)}\t{count}\n"


def _jsonl_lines(ranked: list[tuple[str, int]], fingerprint: str | None) -> Iterator[str]:
    yield json.dumps({JSONL_MAGIC: FORMAT_VERSION, "fingerprint": fingerprint}) + "\n"
    for word, count in ranked:
        record = {"word": word, "count": count}
        line = json.dumps(record, ensure_ascii=False)
        if _SURROGATE.search(word):
            line = json.dumps(record)  # a lone surrogate has no UTF-8 form: write it as \\uXXXX
        yield line + "\n"


def _decoded(name: str, number: int, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise WordCountsFileError(f"{name}, line {number}: not valid UTF-8 ({error.reason} at byte {error.start})") from None


def _read_tsv_header(name: str, first: bytes) -> tuple[str | None, int]:
    """(fingerprint, lines to skip) of a TSV's first line: (None, 0) if it is no header."""
    fields = _decoded(name, 1, first[:-1] if first.endswith(b"\r") else first).split("\t")
    if len(fields) != 3 or fields[0] != TSV_MAGIC:
        return None, 0
    _check_version(name, fields[1] == str(FORMAT_VERSION), fields[1])
    return _header_fingerprint(name, None if fields[2] == "none" else fields[2]), 1


def _read_tsv(name: str, lines: list[bytes], skip: int) -> Iterator[tuple[int, str, int]]:
    """(line number, word, count) of each entry line."""
    for number in range(skip + 1, len(lines) + 1):
        raw = lines[number - 1]
        line = _decoded(name, number, raw[:-1] if raw.endswith(b"\r") else raw)
        fields = line.split("\t")
        if len(fields) != 2:
            raise WordCountsFileError(
                f"{name}, line {number}: expected WORD<TAB>COUNT, found {len(fields)} field(s) "
                "(tabs, newlines and backslashes in a word are written \\t, \\n and \\\\)"
            )
        try:
            word = unescape_word(fields[0])
        except ValueError as error:
            raise WordCountsFileError(f"{name}, line {number}: {error}") from None
        text = fields[1]
        if not (text.isascii() and text.isdigit()):
            raise WordCountsFileError(f"{name}, line {number}: the count {text!r:.40} is not a whole number from 1 to 2**64 - 1")
        yield number, word, _checked_count(name, number, int(text))


def _read_jsonl_header(name: str, first: bytes) -> tuple[str | None, int]:
    """(fingerprint, lines to skip) of a JSON lines file's first line: (None, 0) if it is no header."""
    record = _json_record(name, 1, first) if first.strip() else None
    if record is None or JSONL_MAGIC not in record:
        return None, 0
    version = record[JSONL_MAGIC]
    _check_version(name, version == FORMAT_VERSION and not isinstance(version, bool), version)
    return _header_fingerprint(name, record.get("fingerprint")), 1


def _read_jsonl(name: str, lines: list[bytes], skip: int) -> Iterator[tuple[int, str, int]]:
    """(line number, word, count) of each record (blank lines skipped)."""
    for number in range(skip + 1, len(lines) + 1):
        raw = lines[number - 1]
        if not raw.strip():
            continue
        record = _json_record(name, number, raw)
        word, count = record.get("word"), record.get("count")
        if not isinstance(word, str):
            raise WordCountsFileError(f"{name}, line {number}: \"word\" must be a string, got {type_name(word)}")
        if not isinstance(count, int) or isinstance(count, bool):
            raise WordCountsFileError(f"{name}, line {number}: \"count\" must be a whole number, got {count!r:.40}")
        yield number, word, _checked_count(name, number, count)


def _json_record(name: str, number: int, raw: bytes) -> dict:
    try:
        record = json.loads(_decoded(name, number, raw))
    except ValueError as error:
        raise WordCountsFileError(f"{name}, line {number}: not JSON ({error})") from None
    if not isinstance(record, dict):
        raise WordCountsFileError(f"{name}, line {number}: expected a JSON object, got {type_name(record)}")
    return record


def _checked_count(name: str, number: int, count: int) -> int:
    if not 1 <= count <= MAX_COUNT:
        raise WordCountsFileError(f"{name}, line {number}: the count {count} is outside 1 to 2**64 - 1")
    return count


def _check_version(name: str, known: bool, version: Any) -> None:
    if not known:
        raise WordCountsFileError(f"{name}, line 1: word-counts format version {version!r:.40}; this subword reads version {FORMAT_VERSION}")


def _header_fingerprint(name: str, fingerprint: Any) -> str | None:
    try:
        return check_fingerprint(fingerprint)
    except ArgumentValueError:
        raise WordCountsFileError(f"{name}, line 1: the fingerprint {fingerprint!r:.80} is not 64 lowercase hex digits") from None
