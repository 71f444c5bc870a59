"""`subword encode`: encode texts from arguments, files or stdin and print their tokens.

    subword encode "some text"                       # a table: index, id, type, start, end, token
    subword encode -f corpus.txt --format ids        # one line of ids per line of the file
    cat notes.txt | subword encode --format jsonl    # one JSON object per line of stdin
    subword encode --jsonl text -f data.jsonl        # the "text" field of each JSON line

Each text is encoded on its own (`Tokenizer.encode`), so the tokenizer file's padding and
truncation apply to it as to a single `encode` call. Output is written as each text is encoded.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import BinaryIO, Callable, Iterator, TextIO

from .loading import add_tokenizer_arguments, tokenizer_from_args
from .problems import InputProblem, TokenizerFailed, UsageProblem
from .reading import STDIN, Line, check_files, json_fields, lines_of, stdin_is_piped
from ..core.encoding import Encoding
from ..errors import SubwordError
from ..tokenizer.tokenizer import Tokenizer

FORMATS = ("table", "ids", "tokens", "jsonl")


def add_encode_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `encode` subcommand to the `subword` parser's subcommands."""
    parser = commands.add_parser(
        "encode",
        help="encode texts and print their tokens, ids and offsets",
        description="Encode texts (arguments, --file, or stdin, one text a line) and print their tokens.",
    )
    parser.add_argument(
        "text",
        nargs="*",
        metavar="TEXT",
        help="texts to encode, each on its own; '-' reads stdin, one text a line "
        "(the default when no TEXT or --file is given and stdin is not a terminal)",
    )
    parser.add_argument(
        "-f", "--file", action="append", default=[], type=Path, metavar="PATH",
        help="a UTF-8 file to encode, one text a line ('-': stdin); repeatable, read after the TEXT arguments",
    )
    parser.add_argument(
        "--jsonl", metavar="FIELD", help="read each line of the files or stdin as a JSON object and encode its FIELD"
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="table",
        help="table: a table per text (blank lines between); ids: the ids of a text per line; tokens: its tokens "
        "per line; jsonl: a JSON object per text with ids, tokens, offsets and masks (default: table)",
    )
    add_tokenizer_arguments(parser)
    parser.add_argument("--pair", metavar="TEXT", help="a second sequence, encoded as a pair with the (single) text")
    parser.add_argument("--no-special-tokens", action="store_true", help="do not add [CLS]/[SEP] or the like")
    parser.add_argument("--no-padding", action="store_true", help="ignore the padding set in the tokenizer file")
    parser.add_argument("--no-truncation", action="store_true", help="ignore the truncation set in the tokenizer file")
    parser.set_defaults(run=run_encode, parser=parser)
    return parser


def run_encode(args: argparse.Namespace, stdin: BinaryIO | None = None, out: TextIO | None = None) -> int:
    """`subword encode`: write the encoding of each input text to `out` (default: stdout)."""
    stdin = stdin if stdin is not None else sys.stdin.buffer
    out = out if out is not None else sys.stdout
    texts = input_texts(args, stdin)
    if args.pair is not None:
        first = list(_take(texts, 2))
        if len(first) != 1:
            raise UsageProblem(f"--pair goes with a single text, got {'none' if not first else 'several'}")
        texts = iter(first)
    tokenizer = tokenizer_from_args(args)
    if args.no_padding:
        tokenizer.no_padding()
    if args.no_truncation:
        tokenizer.no_truncation()
    add_special_tokens = not args.no_special_tokens
    if args.format == "ids" and args.pair is None and _batch_like_single(tokenizer):
        for chunk in _chunks(texts, _IDS_CHUNK):
            try:
                encodings = tokenizer.encode_batch_fast([text for _, text in chunk], add_special_tokens=add_special_tokens)
            except SubwordError:  # encode one at a time to name the text that fails
                encodings = [_encode(tokenizer, line, None, add_special_tokens) for line in chunk]
            out.write("".join(format_ids(encoding) + "\n" for encoding in encodings))
        return 0
    write = WRITERS[args.format]
    for index, line in enumerate(texts):
        encoding = _encode(tokenizer, line, args.pair, add_special_tokens)
        if args.format == "table" and index:
            out.write("\n")
        out.write(write(encoding))
        out.write("\n")
    return 0


# Ids only: texts are encoded this many at a time on the ids path (spread over the worker
# processes when the chunk is large enough), each one's ids as `encode` gives them.
_IDS_CHUNK = 4096


def _encode(tokenizer: Tokenizer, line: Line, pair: str | None, add_special_tokens: bool) -> Encoding:
    where, text = line
    try:
        return tokenizer.encode(text, pair, add_special_tokens=add_special_tokens)
    except SubwordError as error:
        raise TokenizerFailed(f"{where}: {error}") from None


def _batch_like_single(tokenizer: Tokenizer) -> bool:
    """Whether a batch gives each text the ids `encode` gives it alone: not so when the
    tokenizer pads each batch to its longest text."""
    padding = tokenizer.padding
    return padding is None or padding["length"] is not None


def _chunks(lines: Iterator[Line], size: int) -> Iterator[list[Line]]:
    """`size` lines at a time; the lines read before a line that cannot be read come first."""
    while True:
        chunk: list[Line] = []
        try:
            chunk.extend(_take(lines, size))
        except InputProblem:
            if chunk:
                yield chunk
            raise
        if not chunk:
            return
        yield chunk


def input_texts(args: argparse.Namespace, stdin: BinaryIO) -> Iterator[Line]:
    """The texts to encode: the arguments (`-` is stdin's lines), then the files; stdin if none is given."""
    arguments: list[str] = args.text
    files = args.file
    if args.jsonl is not None and any(argument != STDIN for argument in arguments):
        raise UsageProblem("--jsonl reads JSON lines from --file or stdin; give no TEXT arguments with it (but '-')")
    check_files(files)
    if not arguments and not files:
        if not stdin_is_piped(stdin):
            raise UsageProblem("no text to encode: give TEXT arguments, --file PATH, or pipe lines into stdin")
        arguments = [STDIN]

    def lines() -> Iterator[Line]:
        for number, argument in enumerate(arguments, start=1):
            if argument == STDIN:
                yield from lines_of([Path(STDIN)], stdin)
            else:
                yield Line(f"argument {number}", argument)
        yield from lines_of(files, stdin)

    if args.jsonl is None:
        return lines()
    return _json_texts(lines(), args.jsonl)


def _json_texts(lines: Iterator[Line], field: str) -> Iterator[Line]:
    for where, value in json_fields(lines, field):
        if not isinstance(value, str):
            raise InputProblem(f"{where}: the {field!r} field must be a string, got {_json_type(value)}")
        yield Line(where, value)


def _json_type(value: object) -> str:
    """The JSON name of a parsed value's type (`_json_type([1]) -> 'an array'`)."""
    names = {dict: "an object", list: "an array", bool: "a boolean", int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _take(items: Iterator[Line], count: int) -> Iterator[Line]:
    for _, item in zip(range(count), items):
        yield item


def shown(token: str) -> str:
    """A token as printed: itself, or its repr where that could be misread (`shown("a b") -> "'a b'"`).

    The repr is used for an empty token, one with whitespace or unprintable characters, and one
    that starts with a quote, so every printed token reads back unambiguously.
    """
    if token and token.isprintable() and not any(char.isspace() for char in token) and token[0] not in "'\"":
        return token
    return repr(token)


def format_table(encoding: Encoding) -> str:
    """One row per token: index, id, type id, start and end offsets, and the token, in aligned columns.

    >>> print(format_table(Encoding(ids=[101, 7592], tokens=["[CLS]", "hello"], offsets=[(0, 0), (0, 5)])))
    index    id  type  start  end  token
        0   101     0      0    0  [CLS]
        1  7592     0      0    5  hello
    """
    header = ("index", "id", "type", "start", "end", "token")
    rows = [
        (str(i), str(id_), str(type_id), str(start), str(end), shown(token))
        for i, (id_, type_id, (start, end), token) in enumerate(
            zip(encoding.ids, encoding.type_ids, encoding.offsets, encoding.tokens)
        )
    ]
    # The token column is last and left-aligned, so a long token never pushes the numbers apart.
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header) - 1)]
    lines = ["  ".join([*(cell.rjust(width) for cell, width in zip(row, widths)), row[-1]]) for row in [header, *rows]]
    return "\n".join(lines)


def format_ids(encoding: Encoding) -> str:
    """The ids, space-separated (`"101 7592 102"`)."""
    return " ".join(map(str, encoding.ids))


def format_tokens(encoding: Encoding) -> str:
    """The tokens, space-separated, each as `shown` prints it (so a token holding a space is quoted)."""
    return " ".join(map(shown, encoding.tokens))


def format_jsonl(encoding: Encoding) -> str:
    """One JSON object: ids, tokens, offsets (chars), type_ids, attention_mask, special_tokens_mask, word_ids.

    >>> format_jsonl(Encoding(ids=[5], tokens=["é"], offsets=[(0, 1)], word_ids=[0]))
    '{"ids": [5], "tokens": ["é"], "offsets": [[0, 1]], "type_ids": [0], "attention_mask": [1], "special_tokens_mask": [0], "word_ids": [0]}'
    """
    record = {
        "ids": encoding.ids,
        "tokens": encoding.tokens,
        "offsets": [list(offsets) for offsets in encoding.offsets],
        "type_ids": encoding.type_ids,
        "attention_mask": encoding.attention_mask,
        "special_tokens_mask": encoding.special_tokens_mask,
        "word_ids": encoding.word_ids,
    }
    return json.dumps(record, ensure_ascii=False)


WRITERS: dict[str, Callable[[Encoding], str]] = {
    "table": format_table,
    "ids": format_ids,
    "tokens": format_tokens,
    "jsonl": format_jsonl,
}
