"""`subword decode`: turn ids back into text.

    subword decode 101 7592 102                        # one sequence from the arguments
    subword encode -f notes.txt --format ids | subword decode --skip-special-tokens
    subword decode --jsonl -f encoded.jsonl --format jsonl

Ids are separated by spaces or commas (`[1, 2, 3]`, as Python prints a list, is read too). From
files or stdin each line is one sequence; with `--jsonl` each line is a JSON object whose "ids"
field is the sequence (what `subword encode --format jsonl` writes). Each sequence is decoded on
its own with `Tokenizer.decode`; special tokens are kept unless `--skip-special-tokens`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import BinaryIO, Iterator, TextIO

from .loading import add_tokenizer_arguments, tokenizer_from_args
from .problems import InputProblem, TokenizerFailed, UsageProblem
from .reading import STDIN, check_files, json_fields, lines_of, stdin_is_piped
from ..errors import SubwordError

_MAX_ID = 2**32 - 1  # ids are u32, as in the Rust package
_SEPARATORS = re.compile(r"[\s,]+")


def add_decode_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `decode` subcommand to the `subword` parser's subcommands."""
    parser = commands.add_parser(
        "decode",
        help="decode ids back into text",
        description="Decode ids (arguments: one sequence; --file or stdin: one sequence a line) into text.",
    )
    parser.add_argument(
        "ids", nargs="*", metavar="ID",
        help="the ids of one sequence, separated by spaces or commas; '-' (or none, with stdin not a terminal) reads "
        "stdin, one sequence a line",
    )
    parser.add_argument(
        "-f", "--file", action="append", default=[], type=Path, metavar="PATH",
        help="a file of sequences, one a line ('-': stdin); repeatable",
    )
    parser.add_argument(
        "--jsonl", action="store_true", help='read each line as a JSON object whose "ids" field is the sequence'
    )
    parser.add_argument(
        "--format", choices=("text", "jsonl"), default="text",
        help='text: each decoded text on its own line (a text holding a newline spans lines); jsonl: {"text": ...} '
        "a line (default: text)",
    )
    parser.add_argument("--skip-special-tokens", action="store_true", help="leave special tokens out of the text")
    add_tokenizer_arguments(parser)
    parser.set_defaults(run=run_decode, parser=parser)
    return parser


def run_decode(args: argparse.Namespace, stdin: BinaryIO | None = None, out: TextIO | None = None) -> int:
    """`subword decode`: write the text of each id sequence to `out` (default: stdout)."""
    stdin = stdin if stdin is not None else sys.stdin.buffer
    out = out if out is not None else sys.stdout
    sequences = input_sequences(args, stdin)
    tokenizer = tokenizer_from_args(args)
    for where, ids in sequences:
        try:
            text = tokenizer.decode(ids, skip_special_tokens=args.skip_special_tokens)
        except SubwordError as error:
            raise TokenizerFailed(f"{where}: {error}") from None
        out.write(json.dumps({"text": text}, ensure_ascii=False) if args.format == "jsonl" else text)
        out.write("\n")
    return 0


def input_sequences(args: argparse.Namespace, stdin: BinaryIO) -> Iterator[tuple[str, list[int]]]:
    """(where, ids) of each sequence to decode: the arguments as one, else each line of the files or stdin."""
    arguments: list[str] = args.ids
    files: list[Path] = args.file
    if arguments == [STDIN]:
        arguments, files = [], [Path(STDIN), *files]
    if arguments and (files or args.jsonl):
        raise UsageProblem("give the ids as arguments, or --file/stdin lines, not both")
    check_files(files)
    if arguments:
        return iter([("the arguments", parse_ids(" ".join(arguments), "the arguments"))])
    if not files:
        if not stdin_is_piped(stdin):
            raise UsageProblem("no ids to decode: give them as arguments, --file PATH, or pipe lines into stdin")
        files = [Path(STDIN)]
    lines = lines_of(files, stdin)
    if args.jsonl:
        return ((where, _json_ids(value, where)) for where, value in json_fields(lines, "ids"))
    return ((where, parse_ids(text, where)) for where, text in lines)


def parse_ids(text: str, where: str) -> list[int]:
    """The ids written in `text`, separated by spaces or commas, optionally in brackets.

    >>> parse_ids("[101, 7592,102]", "line 1")
    [101, 7592, 102]
    """
    inner = text.strip()
    if inner.startswith("[") and inner.endswith("]"):
        inner = inner[1:-1]
    ids = []
    for part in _SEPARATORS.split(inner.strip()):
        if not part:
            continue
        if not part.isascii() or not part.isdigit():
            raise InputProblem(f"{where}: {part!r:.40} is not an id; expected ids (0 or more) separated by spaces or commas")
        ids.append(_checked_id(int(part), where))
    return ids


def _json_ids(value: object, where: str) -> list[int]:
    if not isinstance(value, list) or any(isinstance(id_, bool) or not isinstance(id_, int) for id_ in value):
        raise InputProblem(f'{where}: the "ids" field must be an array of integers, got {json.dumps(value)[:60]}')
    return [_checked_id(id_, where) for id_ in value]


def _checked_id(id_: int, where: str) -> int:
    if not 0 <= id_ <= _MAX_ID:
        raise InputProblem(f"{where}: id {id_} is out of range; ids are 0..{_MAX_ID}")
    return id_

