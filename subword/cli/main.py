"""The `subword` command: encode, decode and train tokenizers from the shell.

    subword encode "Tokenizers split text into subwords."      # the packaged default tokenizer
    subword encode -t tokenizer.json -f corpus.txt --format ids | head -3
    cat texts.txt | subword encode -t spiece.model --format jsonl
    subword decode -t tokenizer.json 101 7592 102
    subword train --model bpe -o tokenizer.json corpus.txt
    subword count --model bpe -o counts.tsv corpus.txt && subword train --model bpe --counts counts.tsv -o tokenizer.json
    subword convert tokenizer.json tokenizer.model      # refused (exit code 2) if ids would change
    subword tokenize-corpus -t tokenizer.json --output shards/ corpus.txt   # numpy shards for pretraining
    subword --version

`-t` takes a tokenizer.json, a sentencepiece `.model`, a `.tiktoken` file, a vocab.txt or a
folder (see `subword.cli.loading`). Exit codes: 0 done; 1 the tokenizer failed on the input (or
training failed); 2 bad arguments or input: usage errors, unreadable or unknown tokenizer files,
input that is not UTF-8 or not JSON (the message on stderr names the file, the line and the
problem); 130 interrupted (Ctrl-C); 141 the reader of stdout went away (`| head`): the command
stops quietly, with the code a shell reports for a program ended by SIGPIPE (128 + 13), as
`cat` or `grep` would end. Input is read and output written as UTF-8, whatever the locale.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from .convert import add_convert_parser
from .count import add_count_parser
from .decode import add_decode_parser
from .show import add_show_parser
from .encode import add_encode_parser, format_table
from .problems import CommandError, InputProblem, UsageProblem
from .tokenize_corpus import add_tokenize_corpus_parser
from .train import add_train_parser
from ..core.files import point_at_null_device
from ..errors import SubwordError

PROG = "subword"
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141

__all__ = ["build_parser", "format_table", "main", "text_argument_problem"]


def version() -> str:
    """subword's version, from the installed package's metadata."""
    # Imported here, not at the top: importlib.metadata imports csv, and importing the command
    # line must import nothing a stray `csv.py` in the working folder could stand in for
    # (tests/test_stdlib_corpus.py plants one).
    from importlib import metadata

    try:
        return metadata.version("subword")
    except metadata.PackageNotFoundError:
        return "(version unknown: not installed)"


class _Version(argparse.Action):
    """`--version`: print `subword VERSION` and exit, reading the version only when asked."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"{PROG} {version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, one subcommand per job."""
    parser = argparse.ArgumentParser(prog=PROG, description="Pure-Python tokenizers with the `tokenizers` API.")
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_encode_parser(commands)
    add_decode_parser(commands)
    add_show_parser(commands)
    add_train_parser(commands)
    add_count_parser(commands)
    add_convert_parser(commands)
    add_tokenize_corpus_parser(commands)
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
    """dest -> the argument as typed (`--pair`, `TEXT`)."""
    names: dict[str, str] = {}
    for action in parser._actions:
        if action.option_strings:
            names.setdefault(action.dest, action.option_strings[-1])
        else:
            names[action.dest] = action.metavar if isinstance(action.metavar, str) else action.dest.upper()
    return names


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line `argv` (default: sys.argv[1:]) and return the exit code."""
    try:
        _utf8_stdout()
        code = _run(argv)
        sys.stdout.flush()  # inside the try: a closed pipe shows here for the last buffered lines
        return code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    subparser: argparse.ArgumentParser = args.parser
    try:
        problem = text_argument_problem(args, _argument_names(subparser))
        if problem is not None:
            raise InputProblem(problem)
        return int(args.run(args))
    except CommandError as error:
        if isinstance(error, UsageProblem):
            subparser.print_usage(sys.stderr)
        return _report(subparser, str(error), error.exit_code)
    except SubwordError as error:  # a tokenizer failed on input it cannot handle
        return _report(subparser, str(error), 1)


def _report(subparser: argparse.ArgumentParser, message: str, code: int) -> int:
    """Print `PROG COMMAND: error: MESSAGE` on stderr, after what stdout holds, and return `code`."""
    sys.stdout.flush()
    print(f"{subparser.prog}: error: {message}", file=sys.stderr)
    return code


def _utf8_stdout() -> None:
    """Write UTF-8 whatever the locale says (tokens and JSON lines are UTF-8 text), as the input is read."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if encoding != "utf8" and reconfigure is not None:
        reconfigure(encoding="utf-8")


def _silence_stdout() -> None:
    """Point stdout at the null device, so that Python's flush at exit finds no closed pipe (and prints nothing)."""
    try:
        point_at_null_device(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no file descriptor: an in-process test's stream
        pass
