"""The `subword` command: encode text with a tokenizer.json and show the tokens.

    subword encode "Tokenizers split text into subwords."      # the packaged default tokenizer
    subword encode -t path/to/tokenizer.json "some text" --pair "more text" --no-special-tokens

Exit codes: 0 done, 1 the tokenizer failed on the input, 2 bad arguments (text that is not
UTF-8 among them) or an unreadable tokenizer file (the message on stderr says which file and what
is wrong with it).
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from pathlib import Path
from typing import Sequence

from .train import add_train_parser
from ..core.encoding import Encoding
from ..errors import SubwordError
from ..tokenizer.tokenizer import Tokenizer

PROG = "subword"
DEFAULT_TOKENIZER = "default_tokenizer.json"


class _FileProblem(Exception):
    """A tokenizer file that cannot be used; the message names it and the problem."""


def load_tokenizer(path: Path | None = None) -> Tokenizer:
    """The tokenizer saved at `path`, or the packaged default (a small BERT-style WordPiece) if None."""
    if path is None:
        text = (resources.files("subword") / "data" / DEFAULT_TOKENIZER).read_text(encoding="utf-8")
        return Tokenizer.from_str(text)
    try:
        return Tokenizer.from_file(str(path))
    except OSError as error:
        raise _FileProblem(f"cannot read tokenizer file {str(path)!r}: {error.strerror or error}") from error
    except (SubwordError, ValueError) as error:  # ValueError covers json.JSONDecodeError
        problem = str(error) if str(path) in str(error) else f"{path}: {error}"
        raise _FileProblem(f"not a valid tokenizer file: {problem}") from error


def _shown(token: str) -> str:
    """A token as printed: itself, or its repr where that could be misread (`_shown("a b") -> "'a b'"`).

    The repr is used for an empty token, one with whitespace or unprintable characters, and one
    that starts with a quote, so every printed token reads back unambiguously.
    """
    if token and token.isprintable() and not any(char.isspace() for char in token) and token[0] not in "'\"":
        return token
    return repr(token)


def format_table(encoding: Encoding) -> str:
    """One row per token: index, id, type id, start and end offsets, and the token, in aligned columns.

    >>> from subword.core.encoding import Encoding
    >>> print(format_table(Encoding(ids=[101, 7592], tokens=["[CLS]", "hello"], offsets=[(0, 0), (0, 5)])))
    index    id  type  start  end  token
        0   101     0      0    0  [CLS]
        1  7592     0      0    5  hello
    """
    header = ("index", "id", "type", "start", "end", "token")
    rows = [
        (str(i), str(id_), str(type_id), str(start), str(end), _shown(token))
        for i, (id_, type_id, (start, end), token) in enumerate(
            zip(encoding.ids, encoding.type_ids, encoding.offsets, encoding.tokens)
        )
    ]
    # The token column is last and left-aligned, so a long token never pushes the numbers apart.
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header) - 1)]
    lines = ["  ".join([*(cell.rjust(width) for cell, width in zip(row, widths)), row[-1]]) for row in [header, *rows]]
    return "\n".join(lines)


def _encode(args: argparse.Namespace) -> int:
    """`subword encode`: print the token table of one text (or pair)."""
    tokenizer = load_tokenizer(args.tokenizer)
    if args.no_padding:
        tokenizer.no_padding()
    if args.no_truncation:
        tokenizer.no_truncation()
    encoding = tokenizer.encode(args.text, args.pair, add_special_tokens=not args.no_special_tokens)
    print(format_table(encoding))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, one subcommand per job."""
    parser = argparse.ArgumentParser(prog=PROG, description="Pure-Python tokenizers with the `tokenizers` API.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    encode = commands.add_parser("encode", help="encode text and print its tokens, ids and offsets")
    encode.add_argument("text", help="the text to encode")
    encode.add_argument(
        "-t",
        "--tokenizer",
        type=Path,
        metavar="PATH",
        help="a tokenizer.json file (default: the small WordPiece tokenizer packaged with subword)",
    )
    encode.add_argument("--pair", metavar="TEXT", help="a second sequence, encoded as a pair with the first")
    encode.add_argument("--no-special-tokens", action="store_true", help="do not add [CLS]/[SEP] or the like")
    encode.add_argument("--no-padding", action="store_true", help="ignore the padding set in the tokenizer file")
    encode.add_argument(
        "--no-truncation", action="store_true", help="ignore the truncation set in the tokenizer file"
    )
    encode.set_defaults(run=_encode)
    add_train_parser(commands)
    return parser


def text_argument_problem(args: argparse.Namespace, names: dict[str, str] | None = None) -> str | None:
    """Why a text argument cannot be used, or None.

    Bytes that are not UTF-8 reach Python as lone surrogates (`b"\\xff"` -> "\\udcff"), which
    are not text. Paths are not checked: a file name need not be UTF-8. `names` gives the
    argument as the user typed it (`{"pair": "--pair"}`).

    >>> text_argument_problem(argparse.Namespace(text="caf\\udce9", pair=None))
    'argument text is not UTF-8 text (the byte 0xe9 at char 3); pass UTF-8'
    """
    for name, value in vars(args).items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and not text.isascii():
                for index, char in enumerate(text):
                    if "\udc80" <= char <= "\udcff":
                        return f"argument {(names or {}).get(name, name)} is not UTF-8 text (the byte 0x{ord(char) - 0xDC00:02x} at char {index}); pass UTF-8"
                    if "\ud800" <= char <= "\udfff":
                        return f"argument {(names or {}).get(name, name)} holds a lone surrogate U+{ord(char):04X} at char {index}"
    return None


def _argument_names(parser: argparse.ArgumentParser) -> dict[str, str]:
    """dest -> the argument as typed (`--pair`, `TEXT`), over the subcommands too."""
    names: dict[str, str] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for subparser in action.choices.values():
                names.update(_argument_names(subparser))
        elif action.option_strings:
            names[action.dest] = action.option_strings[-1]
        else:
            names[action.dest] = action.metavar if isinstance(action.metavar, str) else action.dest.upper()
    return names


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line `argv` (default: sys.argv[1:]) and return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    problem = text_argument_problem(args, _argument_names(parser))
    if problem is not None:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 2
    try:
        return args.run(args)
    except _FileProblem as problem:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except SubwordError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1
