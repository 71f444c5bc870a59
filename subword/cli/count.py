"""`subword count`: count the words of text files as training would, and write the counts.

    subword count --model bpe -o counts.tsv corpus.txt more.txt     # for `subword train --model bpe`
    subword count --model bpe -o part2.jsonl shard2.txt              # JSON lines
    subword count -t tokenizer.json -o counts.tsv corpus.txt         # that file's pipeline

The words are cut as training cuts them (added tokens, normalizer, pre-tokenizer; see
`subword.count_words`): `--model MODEL` uses the pipeline `subword train --model MODEL` trains,
`-t` a tokenizer file's (for `Tokenizer.train_from_counts` in Python). With no files, the text
is the stdlib docstrings, as for `subword train`. The counts carry the pipeline's fingerprint,
so `subword train --counts` refuses counts of another pipeline. The file is TSV (`word<TAB>count`
with a header; a path ending in `.jsonl` gives JSON lines), written atomically; `-o DIR/` writes
DIR/counts.tsv. Exit codes: 0 done, 1 the tokenizer failed on the text, 2 bad arguments, a
corpus file missing or not UTF-8, or an output that cannot be written. Files are counted on all
cores (see `subword.count_words_in_files`); a progress bar shows when stderr is a terminal.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .loading import add_tokenizer_arguments, tokenizer_from_args
from .problems import InputProblem, UsageProblem, shown_path
from .stdlib_corpus import docstrings
from .train import RECIPES, TrainOptions, check_output, output_path
from ..core.word_counts import WordCounts
from ..errors import ArgumentTypeError, ArgumentValueError, TrainingError
from ..tokenizer.tokenizer import Tokenizer
from ..tokenizer.training import check_files, count_words, count_words_in_files

COUNTS_FILE = "counts.tsv"


def add_count_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `count` subcommand to the `subword` parser's subcommands."""
    parser = subparsers.add_parser(
        "count",
        help="count the words of text files as training would, for `subword train --counts`",
        description="Count the words of text files, cut as training cuts them, and write the counts "
        "(TSV, or JSON lines for a .jsonl path). Shards counted apart can be trained on together "
        "in Python: sum(WordCounts.load(path) for path in paths).",
    )
    parser.add_argument(
        "files", nargs="*", type=Path, metavar="FILE", help="UTF-8 text files (default: the stdlib docstrings)"
    )
    parser.add_argument(
        "-m", "--model", choices=sorted(RECIPES),
        help="count with the pipeline `subword train --model MODEL` trains (for `subword train --counts`)",
    )
    add_tokenizer_arguments(parser, default="or give -m")
    parser.add_argument(
        "-o", "--output", required=True, type=lambda value: output_path(value, COUNTS_FILE), metavar="PATH",
        help=f"where to write the counts (.jsonl: JSON lines, else TSV); a path ending in / gets {COUNTS_FILE}",
    )
    progress = parser.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None,
        help="show a progress bar on stderr (default: only when stderr is a terminal)",
    )
    progress.add_argument("-q", "--quiet", dest="progress", action="store_false", default=None, help="no progress bar")
    parser.set_defaults(run=run_count, parser=parser)
    return parser


def run_count(args: argparse.Namespace) -> int:
    """Count as `args` say, write the counts, print a summary; return the exit code."""
    started = time.perf_counter()
    tokenizer, pipeline = _counting_tokenizer(args)
    output: Path = args.output
    try:
        paths = check_files(args.files) if args.files else []
    except (ArgumentTypeError, ArgumentValueError) as error:
        raise InputProblem(str(error)) from None
    check_output(output, COUNTS_FILE)
    try:
        if paths:
            show_progress = sys.stderr.isatty() if args.progress is None else args.progress
            counts = count_words_in_files(tokenizer, paths, show_progress=show_progress)
            source = f"{len(paths)} file(s)"
        else:
            texts = docstrings()
            counts = count_words(tokenizer, texts)
            source = f"{len(texts)} stdlib docstrings"
    except (TrainingError, ArgumentValueError) as error:  # a file that is not UTF-8, or unreadable
        raise InputProblem(str(error)) from None
    _save(counts, output)
    seconds = time.perf_counter() - started
    print(
        f"{pipeline}: {len(counts)} distinct words ({counts.total()} in all) from {source} "
        f"in {seconds:.1f} s -> {shown_path(output)}"
    )
    return 0


def _counting_tokenizer(args: argparse.Namespace) -> tuple[Tokenizer, str]:
    """The tokenizer whose pipeline cuts the words, and how to name it: `-m`'s recipe or `-t`'s file."""
    if (args.model is None) == (args.tokenizer is None):
        raise UsageProblem("give one of -t/--tokenizer or -m/--model (the pipeline that cuts the words)")
    if args.model is not None:
        if args.tiktoken_encoding is not None or args.tiktoken_pattern is not None:
            raise UsageProblem("--tiktoken-encoding and --tiktoken-pattern go with -t, not --model")
        recipe = RECIPES[args.model]
        options = TrainOptions(vocab_size=0, min_frequency=0, special_tokens=list(recipe.special_tokens), show_progress=False)
        return recipe.build(options)[0], f"{args.model} pipeline"
    return tokenizer_from_args(args), f"'{shown_path(args.tokenizer)}' pipeline"


def _save(counts: WordCounts, output: Path) -> None:
    try:
        counts.save(output)
    except OSError as error:
        raise InputProblem(f"cannot write '{shown_path(output)}': {error.strerror or error}") from None
