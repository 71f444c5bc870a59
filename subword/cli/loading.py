"""`-t/--tokenizer`: load any tokenizer subword reads, from a path or a name.

The kind of a file is read from its name's extension, and from its content where the extension
says nothing; nothing is guessed silently:

- a folder: `AutoTokenizer.from_pretrained(folder)`'s tokenizer (tokenizer.json, a sentencepiece
  `.model`, vocab.txt, vocab.json + merges.txt, ... as transformers finds them and with the
  special tokens its tokenizer_config.json names);
- `.json`, or content starting with `{`: a tokenizer.json (`Tokenizer.from_file`, its padding
  and truncation kept); `vocab.json` beside a `merges.txt` (and no tokenizer.json): their folder;
- `.tiktoken`, or content of `<base64> <rank>` lines: tiktoken ranks, split by the pattern of
  the tiktoken encoding named by `--tiktoken-encoding` or by the file (`cl100k_base.tiktoken`),
  or by `--tiktoken-pattern`;
- `.model`: a sentencepiece model (`Tokenizer.from_sentencepiece`: no BOS/EOS added), or
  tiktoken ranks under that name, as transformers reads them;
- `.txt` with one token a line: a WordPiece vocab.txt with BERT's pipeline (through
  `AutoTokenizer`);
- a name that is no existing path (`bert-base-uncased`): `AutoTokenizer.from_pretrained(name)`.

Anything else raises `InputProblem` naming the file and what was expected (exit code 2).
"""

from __future__ import annotations

import argparse
import os
import re
from importlib import resources
from pathlib import Path
from typing import Callable

from .problems import InputProblem, shown_path
from ..errors import SubwordError
from ..formats.tiktoken_encodings import TIKTOKEN_ENCODINGS, known_encoding
from ..tokenizer.tokenizer import Tokenizer
from ..transformers import AutoTokenizer

DEFAULT_TOKENIZER = "default_tokenizer.json"
EXPECTED = (
    "expected a tokenizer.json, a sentencepiece .model, a .tiktoken ranks file, a vocab.txt, "
    "or a folder holding tokenizer files"
)
_TIKTOKEN_LINE = re.compile(rb"\A[A-Za-z0-9+/=]+ [0-9]+\r?\n")
_TOKENIZER_SUFFIXES = (".json", ".model", ".tiktoken", ".txt", ".vocab", ".bpe")


def load_tokenizer(
    path: Path | None = None, *, tiktoken_encoding: str | None = None, tiktoken_pattern: str | None = None
) -> Tokenizer:
    """The tokenizer at `path` (see the module docstring), or the packaged default (a small BERT-style WordPiece) if None.

    >>> load_tokenizer().encode("Hello").tokens
    ['[CLS]', 'hello', '[SEP]']
    """
    if path is None:
        _refuse_tiktoken_options(tiktoken_encoding, tiktoken_pattern, "the packaged default tokenizer")
        text = (resources.files("subword") / "data" / DEFAULT_TOKENIZER).read_text(encoding="utf-8")
        return Tokenizer.from_str(text)
    name = os.fspath(path)
    if os.path.isdir(name):
        _refuse_tiktoken_options(tiktoken_encoding, tiktoken_pattern, f"the folder {shown_path(name)}")
        return _from_pretrained(name, f"the folder {shown_path(name)}")
    if not os.path.exists(name) and not _looks_like_a_path(name):
        _refuse_tiktoken_options(tiktoken_encoding, tiktoken_pattern, f"the name {name!r}")
        return _from_pretrained(name, repr(name))
    kind = _kind(name, _head(name))
    if kind == "tiktoken":
        return _from_tiktoken(name, tiktoken_encoding, tiktoken_pattern)
    _refuse_tiktoken_options(tiktoken_encoding, tiktoken_pattern, shown_path(name))
    if kind == "sentencepiece":
        return _loaded(Tokenizer.from_sentencepiece, name, "a sentencepiece .model")
    if kind == "vocab.txt":
        _check_vocab_txt(name)
        return _from_pretrained(name, shown_path(name))
    folder = os.path.dirname(os.path.abspath(name))
    if os.path.basename(name) == "vocab.json" and _is_file(folder, "merges.txt") and not _is_file(folder, "tokenizer.json"):
        return _from_pretrained(folder, f"the folder {shown_path(folder)}")
    return _loaded(Tokenizer.from_file, name, "a tokenizer.json")


def _looks_like_a_path(name: str) -> bool:
    """Whether a missing `name` was meant as a file (`./x`, `/a/b`, `a/b/c`, `x.json`), not a model name (`org/model`)."""
    return (
        os.path.isabs(name)
        or name.startswith((".", "~"))
        or name.count("/") > 1
        or os.sep != "/" and os.sep in name
        or name.endswith(_TOKENIZER_SUFFIXES)
    )


def _head(name: str) -> bytes:
    """The first bytes of the file `name`, to tell its kind; an unreadable file is an InputProblem."""
    try:
        with open(name, "rb") as handle:
            return handle.read(256)
    except OSError as error:
        raise InputProblem(f"cannot read tokenizer file {shown_path(name)!r}: {error.strerror or error}") from None


def _kind(name: str, head: bytes) -> str:
    """"json", "tiktoken", "sentencepiece" or "vocab.txt": by extension, else by content."""
    is_tiktoken = bool(_TIKTOKEN_LINE.match(head))
    if name.endswith(".json"):
        return "json"
    if name.endswith(".tiktoken") or (name.endswith(".model") and is_tiktoken):
        return "tiktoken"
    if name.endswith(".model"):
        return "sentencepiece"
    if name.endswith(".txt"):
        return "vocab.txt"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "json"
    if is_tiktoken:
        return "tiktoken"
    raise InputProblem(f"{shown_path(name)}: not a tokenizer file subword knows; {EXPECTED}")


def _is_file(folder: str, name: str) -> bool:
    return os.path.isfile(os.path.join(folder, name))


def _loaded(load: Callable[[str], Tokenizer], name: str, what: str) -> Tokenizer:
    """`load(name)` (a Tokenizer class method), its errors turned into an InputProblem saying what was expected."""
    try:
        return load(name)
    except OSError as error:
        raise InputProblem(f"cannot read tokenizer file {shown_path(name)!r}: {error.strerror or error}") from None
    except (SubwordError, ValueError) as error:  # ValueError covers json.JSONDecodeError
        problem = str(error) if name in str(error) else f"{shown_path(name)}: {error}"
        raise InputProblem(f"not a valid tokenizer file: {problem} ({what} was expected)") from None


def _from_pretrained(name: str, shown: str) -> Tokenizer:
    """The tokenizer (the `backend_tokenizer`) of `AutoTokenizer.from_pretrained(name)`."""
    try:
        return AutoTokenizer.from_pretrained(name).backend_tokenizer
    except (OSError, SubwordError, ValueError) as error:
        message = str(error) if isinstance(error, SubwordError) else f"{type(error).__name__}: {error}"
        raise InputProblem(f"cannot load a tokenizer from {shown}: {message}") from None


def _check_vocab_txt(name: str) -> None:
    """Refuse a .txt that is not one token a line (a corpus, a merges.txt) before reading it as a WordPiece vocab."""
    try:
        with open(name, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise InputProblem(f"cannot read tokenizer file {shown_path(name)!r}: {error.strerror or error}") from None
    for number, line in enumerate(data.split(b"\n"), start=1):
        token = line.rstrip(b"\r")
        try:
            text = token.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputProblem(
                f"{shown_path(name)}, line {number}: not UTF-8 (byte 0x{token[error.start]:02x}); {EXPECTED}"
            ) from None
        if any(char.isspace() for char in text):
            raise InputProblem(
                f"{shown_path(name)}, line {number}: holds whitespace, so this is not a WordPiece vocab.txt "
                f"(one token a line): is it a corpus or a merges.txt? {EXPECTED}"
            )


def _from_tiktoken(name: str, encoding: str | None, pattern: str | None) -> Tokenizer:
    """tiktoken ranks with the pattern and special tokens of `encoding` (by default the file's stem), or `pattern` alone."""
    if encoding is not None and pattern is not None:
        raise InputProblem("give --tiktoken-encoding or --tiktoken-pattern, not both")
    stem = os.path.basename(name).rsplit(".", 1)[0]
    if pattern is not None:
        specials: dict[str, int] = {}
        what = "--tiktoken-pattern"
    else:
        encoding = encoding or (stem if stem in TIKTOKEN_ENCODINGS else None)
        if encoding is None:
            raise InputProblem(
                f"{shown_path(name)}: tiktoken ranks need the split pattern of their encoding, and the file name "
                f"does not name one; pass --tiktoken-encoding NAME ({', '.join(TIKTOKEN_ENCODINGS)}) "
                "or --tiktoken-pattern REGEX"
            )
        pattern, specials = known_encoding(encoding)
        what = f"the tiktoken encoding {encoding!r}"
    try:
        return Tokenizer.from_tiktoken(name, pattern, specials)
    except OSError as error:
        raise InputProblem(f"cannot read tokenizer file {shown_path(name)!r}: {error.strerror or error}") from None
    except SubwordError as error:
        hint = ""
        if str(error).startswith("special_tokens"):  # an id that is a rank of this file
            hint = "; is the file of another encoding? Pass its --tiktoken-encoding, or --tiktoken-pattern"
        raise InputProblem(f"cannot load the tiktoken ranks {shown_path(name)} with {what}: {error}{hint}") from None


def _refuse_tiktoken_options(encoding: str | None, pattern: str | None, what: str) -> None:
    """--tiktoken-* options only go with a tiktoken ranks file."""
    if encoding is not None or pattern is not None:
        option = "--tiktoken-encoding" if encoding is not None else "--tiktoken-pattern"
        raise InputProblem(f"{option} goes with a .tiktoken ranks file, not {what}")


def add_tokenizer_arguments(
    parser: argparse.ArgumentParser, default: str = "default: the small WordPiece tokenizer packaged with subword"
) -> None:
    """`-t/--tokenizer` and the tiktoken options, shared by `encode`, `decode` and `count`; `default`
    says in the help what no `-t` means."""
    parser.add_argument(
        "-t",
        "--tokenizer",
        type=Path,
        metavar="PATH",
        help="a tokenizer.json, a sentencepiece .model, a .tiktoken file, a vocab.txt, a folder of tokenizer "
        f"files, or a model name AutoTokenizer knows ({default})",
    )
    tiktoken = parser.add_mutually_exclusive_group()
    tiktoken.add_argument(
        "--tiktoken-encoding",
        choices=list(TIKTOKEN_ENCODINGS),
        metavar="NAME",
        help="the tiktoken encoding whose split pattern and special tokens go with a .tiktoken file "
        f"({', '.join(TIKTOKEN_ENCODINGS)}; default: the file's name, as in cl100k_base.tiktoken)",
    )
    tiktoken.add_argument(
        "--tiktoken-pattern", metavar="REGEX", help="the split pattern of a .tiktoken file of another encoding (no special tokens)"
    )


def tokenizer_from_args(args: argparse.Namespace) -> Tokenizer:
    """The tokenizer `-t` and the tiktoken options name."""
    return load_tokenizer(args.tokenizer, tiktoken_encoding=args.tiktoken_encoding, tiktoken_pattern=args.tiktoken_pattern)
