"""`subword show`: see how a text splits into tokens, in the terminal.

    subword show "Tokenizers split text into subwords."
    subword show -t t5/tokenizer.json "Hello wörld" --color always | less -R
    subword show "Hello world" --html tokens.html     # also the EncodingVisualizer page

The text is printed once with each token's characters on its own background colour (two
alternating colours, so that neighbours stand apart), then one line per token: its index, id,
(start, end) characters and text. The unknown token and byte-fallback pieces (`<0xE2>`) are marked
`unk` and `byte`; special tokens, which cover no character, are marked `special`. Colours are
used when stdout is a terminal (`--color auto`), or always, or never. `--html FILE` also writes
the same encoding as `subword.tools.EncodingVisualizer`'s HTML page, to open in a browser.
"""

from __future__ import annotations

import argparse
import re
import sys
from itertools import groupby
from pathlib import Path
from typing import TextIO

from .encode import shown
from .loading import add_tokenizer_arguments, tokenizer_from_args
from .problems import InputProblem, TokenizerFailed, UsageProblem, shown_path
from ..core.encoding import Encoding
from ..core.files import atomic_write_text
from ..errors import SubwordError
from ..tokenizer.tokenizer import Tokenizer
from ..tools.visualizer import make_page

# Two backgrounds (ANSI 256 colours: light blue, light yellow), black text; the unknown token red.
_BACKGROUNDS = ("\x1b[30;48;5;153m", "\x1b[30;48;5;229m")
_UNKNOWN = "\x1b[30;48;5;210m"
_RESET = "\x1b[0m"
_BYTE_PIECE = re.compile(r"<0x[0-9A-Fa-f]{2}>")


def add_show_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `show` subcommand to the `subword` parser's subcommands."""
    parser = commands.add_parser(
        "show",
        help="show a text's tokens, coloured in the terminal",
        description="Print the text with each token's characters coloured, then one line per token.",
    )
    parser.add_argument("text", metavar="TEXT", help="the text to show")
    parser.add_argument("--no-special-tokens", action="store_true", help="do not add the special tokens")
    parser.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto",
        help="colour the tokens: when stdout is a terminal (auto), always, or never (default: auto)",
    )
    parser.add_argument(
        "--html", metavar="FILE", type=Path,
        help="also write the tokens as an HTML page to FILE (tokenizers.tools.EncodingVisualizer's page)",
    )
    add_tokenizer_arguments(parser)
    parser.set_defaults(run=run_show, parser=parser)
    return parser


def run_show(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """`subword show`: write the coloured text and the token lines to `out` (default: stdout)."""
    out = out if out is not None else sys.stdout
    if not args.text:
        raise UsageProblem("the text to show is empty")
    tokenizer = tokenizer_from_args(args)
    try:
        encoding = tokenizer.encode(args.text, add_special_tokens=not args.no_special_tokens)
    except SubwordError as error:
        raise TokenizerFailed(str(error)) from None
    if args.html is not None:
        try:
            atomic_write_text(args.html, make_page(args.text, encoding, []))
        except OSError as error:
            raise InputProblem(f"cannot write '{shown_path(args.html)}': {error.strerror or error}") from None
    color = args.color == "always" or (args.color == "auto" and out.isatty())
    out.write(render(args.text, encoding, tokenizer, color))
    return 0


def render(text: str, encoding: Encoding, tokenizer: Tokenizer, color: bool) -> str:
    """The coloured text (when `color`) and one line per token, as `subword show` prints them.

    >>> from subword import Tokenizer
    >>> from subword.models import WordLevel
    >>> from subword.pre_tokenizers import Whitespace
    >>> tokenizer = Tokenizer(WordLevel({"hi": 0, "[UNK]": 1}, unk_token="[UNK]"))
    >>> tokenizer.pre_tokenizer = Whitespace()
    >>> print(render("hi yo", tokenizer.encode("hi yo"), tokenizer, color=False), end="")
    hi yo
        0       0     0-2     hi
        1       1     3-5     [UNK]  unk
    """
    lines = [_coloured(text, encoding, tokenizer) if color else text]
    unk = _unknown_id(tokenizer)
    for index, (id_, token, (start, end), special) in enumerate(
        zip(encoding.ids, encoding.tokens, encoding.offsets, encoding.special_tokens_mask)
    ):
        marks = [mark for mark, holds in _marks(id_, token, unk, special) if holds]
        lines.append(f"{index:>5}  {id_:>6}  {start:>4}-{end:<4}  {shown(token)}" + ("  " + " ".join(marks) if marks else ""))
    return "\n".join(lines) + "\n"


def _marks(id_: int, token: str, unk: int | None, special: int) -> list[tuple[str, bool]]:
    return [("unk", id_ == unk), ("byte", bool(_BYTE_PIECE.fullmatch(token))), ("special", bool(special))]


def _coloured(text: str, encoding: Encoding, tokenizer: Tokenizer) -> str:
    """`text` with each token's characters on a background colour (a char of several tokens
    takes the last one's; chars no token covers stay plain)."""
    colours: list[str | None] = [None] * len(text)
    unk = _unknown_id(tokenizer)
    for index, (id_, (start, end), special) in enumerate(zip(encoding.ids, encoding.offsets, encoding.special_tokens_mask)):
        if special:
            continue
        colour = _UNKNOWN if id_ == unk else _BACKGROUNDS[index % 2]
        colours[start:end] = [colour] * (end - start)
    parts = []
    position = 0
    for background, run in groupby(colours):
        length = sum(1 for _ in run)
        chars = text[position : position + length]
        parts.append(chars if background is None else f"{background}{chars}{_RESET}")
        position += length
    return "".join(parts)


def _unknown_id(tokenizer: Tokenizer) -> int | None:
    """The id of the model's unknown token, if it has one."""
    model = tokenizer.model
    unk_id = getattr(model, "unk_id", None)
    if isinstance(unk_id, int):
        return unk_id
    unk_token = getattr(model, "unk_token", None)
    return tokenizer.token_to_id(unk_token) if isinstance(unk_token, str) else None
