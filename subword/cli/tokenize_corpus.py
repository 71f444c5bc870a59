"""`subword tokenize-corpus`: a corpus's token ids as numpy shards, for pretraining.

    subword tokenize-corpus -t tokenizer.json --output shards/ corpus.txt more.txt
    subword tokenize-corpus -t gpt2 --output shards/ --jsonl text data.jsonl --shard-tokens 100000000

See `subword.corpus.tokenize_corpus` for what is written (shard_NNNNN.bin and manifest.json). Run
the same command again after an interruption and it goes on where it stopped; other arguments
over existing shards are refused unless `--overwrite`. All cores are used (`SUBWORD_NUM_WORKERS`,
`TOKENIZERS_PARALLELISM`). Exit codes: 0 done, 1 the tokenizer failed, 2 bad arguments, a corpus
file missing, not UTF-8 or not JSON, or an output folder holding other shards.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .loading import add_tokenizer_arguments, tokenizer_from_args
from .problems import InputProblem, UsageProblem, shown_path
from ..corpus import DEFAULT_SHARD_TOKENS
from ..errors import ArgumentTypeError, ArgumentValueError


def add_tokenize_corpus_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `tokenize-corpus` subcommand to the `subword` parser's subcommands."""
    parser = subparsers.add_parser(
        "tokenize-corpus",
        help="write the token ids of text files as numpy shards with a manifest (pretraining data)",
        description="Tokenize every document (a line, or a JSON lines field) of the files, each followed by "
        "a separator token, into fixed-size uint16/uint32 shards and a manifest.json; resumable.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="UTF-8 text (or JSON lines) files")
    add_tokenizer_arguments(parser, default="required")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="DIR", help="the folder of the shards")
    parser.add_argument("--jsonl", metavar="FIELD", help="read each line as JSON and take the document from FIELD")
    parser.add_argument(
        "--separator", metavar="TOKEN", help="the token after each document (default: the tokenizer's end-of-text token)"
    )
    parser.add_argument(
        "--shard-tokens", type=int, default=DEFAULT_SHARD_TOKENS, metavar="N",
        help=f"token ids per shard (default: {DEFAULT_SHARD_TOKENS})",
    )
    parser.add_argument("--overwrite", action="store_true", help="replace the shards of another run in the folder")
    progress = parser.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None,
        help="show a progress bar on stderr (default: only when stderr is a terminal)",
    )
    progress.add_argument("-q", "--quiet", dest="progress", action="store_false", default=None, help="no progress bar")
    parser.set_defaults(run=run_tokenize_corpus, parser=parser)
    return parser


def run_tokenize_corpus(args: argparse.Namespace) -> int:
    """Tokenize as `args` say, print a summary; return the exit code."""
    if args.tokenizer is None:
        raise UsageProblem("give the tokenizer with -t/--tokenizer")
    from ..corpus.shards import tokenize_corpus  # numpy: loaded only for this command

    started = time.perf_counter()
    tokenizer = tokenizer_from_args(args)
    try:
        manifest = tokenize_corpus(
            tokenizer, args.files, args.output, separator=args.separator, shard_tokens=args.shard_tokens,
            jsonl_field=args.jsonl, overwrite=args.overwrite,
            show_progress=sys.stderr.isatty() if args.progress is None else args.progress,
        )
    except (ArgumentTypeError, ArgumentValueError) as error:
        raise InputProblem(str(error)) from None
    except OSError as error:
        raise InputProblem(f"cannot write in '{shown_path(args.output)}': {error.strerror or error}") from None
    seconds = time.perf_counter() - started
    print(
        f"{manifest['tokens']} tokens of {manifest['documents']} documents in {len(manifest['shards'])} "
        f"{manifest['dtype']} shard(s) in {seconds:.1f} s -> {shown_path(args.output)}"
    )
    return 0
