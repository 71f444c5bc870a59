"""`subword train`: train a tokenizer on text files and write its tokenizer.json.

    subword train --model bpe --vocab-size 32000 corpus.txt more.txt -o tokenizer.json
    subword train --model wordpiece --vocab-size 8000 -o out/             # on the stdlib docstrings
    subword train --model unigram --special-tokens "<unk>,<s>,</s>" corpus.txt -o spm.json
    subword train --model bpe --counts counts.tsv -o tokenizer.json   # word counts from `subword count`

Each model comes with a ready pipeline: byte-level BPE as GPT-2 has it, an uncased BERT
WordPiece, a WordLevel on whitespace-and-punctuation words, or a sentencepiece-style Unigram on
Metaspace words. With no files, the text is the docstrings of the running Python's standard
library. `--counts PATH` trains from word counts instead (`subword count --model MODEL`, TSV or
`.jsonl`), giving the tokenizer the counted text gives; counts of another pipeline are refused
(exit 2) unless `--no-fingerprint-check`. `--special-tokens` takes one comma-separated list (`--special-token TOKEN`, repeatable,
adds one token, commas and all), so a corpus file after it is never read as a token. `-o DIR/`
(ending in `/`) writes DIR/tokenizer.json; `-o DIR` naming a folder is refused with that advice
rather than guessed. The output is checked before training starts. Progress bars go to stderr only when it is a terminal, unless `--progress` or
`--no-progress` (`-q`) says otherwise. Exit codes: 0 done, 1 training failed, 2 bad arguments or
an output that cannot be written (the file is written atomically through `core.files`: it is the
old one or the new one, never half of one, and no temporary is left behind).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import decoders, normalizers, pre_tokenizers, processors
from .problems import CommandError, InputProblem, UsageProblem, shown_path
from .stdlib_corpus import docstrings
from ..core.files import atomic_write_text
from ..core.word_counts import WordCounts
from ..tokenizer.training import (
    check_counts_fingerprint,
    check_files,
    pipeline_fingerprint,
    train_tokenizer,
    train_tokenizer_from_counts,
    train_tokenizer_from_files,
)
from ..errors import ArgumentTypeError, ArgumentValueError, FingerprintMismatchError, WordCountsFileError
from ..models import BPE, Unigram, WordLevel, WordPiece
from ..tokenizer.tokenizer import Tokenizer
from ..trainers import BpeTrainer, UnigramTrainer, WordLevelTrainer, WordPieceTrainer
from ..models.trainer import Trainer

UNK = "[UNK]"


@dataclass(frozen=True)
class TrainOptions:
    """What the command line sets, whatever the model."""

    vocab_size: int
    min_frequency: int
    special_tokens: list[str]
    show_progress: bool


@dataclass(frozen=True)
class Recipe:
    """A model with its pipeline: `build` makes the untrained tokenizer and its trainer, `finish` completes it."""

    help: str
    special_tokens: tuple[str, ...]
    build: Callable[[TrainOptions], tuple[Tokenizer, Trainer]]
    finish: Callable[[Tokenizer], None] = lambda tokenizer: None


def _byte_level_bpe(options: TrainOptions) -> tuple[Tokenizer, Trainer]:
    tokenizer = Tokenizer(BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.post_processor = processors.ByteLevel(trim_offsets=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = BpeTrainer(
        vocab_size=options.vocab_size,
        min_frequency=options.min_frequency,
        special_tokens=options.special_tokens,
        show_progress=options.show_progress,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    return tokenizer, trainer


def _bert_wordpiece(options: TrainOptions) -> tuple[Tokenizer, Trainer]:
    _require_unk(options)
    tokenizer = Tokenizer(WordPiece(unk_token=UNK))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.decoder = decoders.WordPiece(prefix="##")
    trainer = WordPieceTrainer(
        vocab_size=options.vocab_size,
        min_frequency=options.min_frequency,
        special_tokens=options.special_tokens,
        show_progress=options.show_progress,
    )
    return tokenizer, trainer


def _bert_template(tokenizer: Tokenizer) -> None:
    """`[CLS] A [SEP]` and `[CLS] A [SEP] B [SEP]`, when both tokens were trained."""
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    if cls_id is not None and sep_id is not None:
        tokenizer.post_processor = processors.TemplateProcessing(
            single="[CLS] $A [SEP]",
            pair="[CLS] $A [SEP] $B:1 [SEP]:1",
            special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)],
        )


def _word_level(options: TrainOptions) -> tuple[Tokenizer, Trainer]:
    _require_unk(options)
    tokenizer = Tokenizer(WordLevel(unk_token=UNK))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    trainer = WordLevelTrainer(
        vocab_size=options.vocab_size,
        min_frequency=options.min_frequency,
        special_tokens=options.special_tokens,
        show_progress=options.show_progress,
    )
    return tokenizer, trainer


def _unigram(options: TrainOptions) -> tuple[Tokenizer, Trainer]:
    tokenizer = Tokenizer(Unigram())
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
    tokenizer.decoder = decoders.Metaspace()
    unk_token = options.special_tokens[0] if options.special_tokens else None
    trainer = UnigramTrainer(
        vocab_size=options.vocab_size,
        special_tokens=options.special_tokens,
        unk_token=unk_token,
        show_progress=options.show_progress,
    )
    return tokenizer, trainer


def _require_unk(options: TrainOptions) -> None:
    if UNK not in options.special_tokens:
        raise ArgumentValueError(f"this model needs the unknown token {UNK} among --special-tokens")


RECIPES: dict[str, Recipe] = {
    "bpe": Recipe("byte-level BPE, as GPT-2", ("<|endoftext|>",), _byte_level_bpe),
    "wordpiece": Recipe(
        "uncased BERT WordPiece", ("[PAD]", UNK, "[CLS]", "[SEP]", "[MASK]"), _bert_wordpiece, _bert_template
    ),
    "wordlevel": Recipe("whole words split on whitespace and punctuation", (UNK,), _word_level),
    "unigram": Recipe("sentencepiece-style Unigram (its unk: the first special token)", ("<unk>",), _unigram),
}


class _AddSpecialTokens(argparse.Action):
    """`--special-tokens A,B` and `--special-token A` add to one list, in the order given."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object, option: str | None = None
    ) -> None:
        text = str(values)  # nargs=None: argparse passes one str
        tokens = [text] if option == "--special-token" else text.split(",")
        if not all(tokens):
            parser.error(f"argument {option}: an empty token in {text!r}; separate tokens with single commas")
        setattr(namespace, self.dest, [*(getattr(namespace, self.dest) or []), *tokens])


def add_train_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `train` subcommand to the `subword` parser's subcommands."""
    models = "; ".join(f"{name}: {recipe.help}" for name, recipe in RECIPES.items())
    parser = subparsers.add_parser(
        "train",
        help="train a tokenizer on text files and write its tokenizer.json",
        description=f"Train a tokenizer and write its tokenizer.json. Models: {models}.",
    )
    parser.add_argument(
        "files", nargs="*", type=Path, metavar="FILE", help="UTF-8 text files (default: the stdlib docstrings)"
    )
    parser.add_argument("-m", "--model", required=True, choices=sorted(RECIPES), help="the model to train")
    parser.add_argument(
        "--counts", type=Path, metavar="PATH",
        help="train from word counts written by `subword count --model MODEL` (TSV, or JSON lines if .jsonl) "
        "instead of text files",
    )
    parser.add_argument(
        "--no-fingerprint-check", action="store_true",
        help="train from --counts even if another pipeline (or a tool other than subword) counted them",
    )
    parser.add_argument(
        "-o", "--output", required=True, type=output_path, metavar="PATH",
        help="where to write the tokenizer.json; a path ending in / names a folder, which gets FOLDER/tokenizer.json",
    )
    parser.add_argument(
        "--vocab-size", type=int, default=30000, metavar="N", help="the vocabulary size (default: 30000)"
    )
    parser.add_argument(
        "--min-frequency", type=int, default=0, metavar="N", help="the fewest occurrences to learn from (default: 0)"
    )
    parser.add_argument(
        "--special-tokens", dest="special_tokens", action=_AddSpecialTokens, metavar="A,B,...",
        help="special tokens, comma-separated, put first (default: per model)",
    )
    parser.add_argument(
        "--special-token", dest="special_tokens", action=_AddSpecialTokens, metavar="TOKEN",
        help="one more special token (repeatable; for a token holding a comma)",
    )
    progress = parser.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None,
        help="show progress bars on stderr (default: only when stderr is a terminal)",
    )
    progress.add_argument("-q", "--quiet", dest="progress", action="store_false", default=None, help="no progress bars (--no-progress)")
    parser.set_defaults(run=run_train, parser=parser)
    return parser


def output_path(value: str, file_name: str = "tokenizer.json") -> Path:
    """The -o argument: a path ending in a separator names a folder, whose `file_name` is written."""
    return Path(value, file_name) if value.endswith(("/", os.sep)) else Path(value)


def run_train(args: argparse.Namespace) -> int:
    """Train as `args` say, write the tokenizer.json, and return the exit code (errors are printed on stderr)."""
    try:
        return _train(args)
    except CommandError as error:
        print(f"subword train: error: {error}", file=sys.stderr)
        return error.exit_code


def _train(args: argparse.Namespace) -> int:
    recipe = RECIPES[args.model]
    options = TrainOptions(
        vocab_size=args.vocab_size,
        min_frequency=args.min_frequency,
        special_tokens=list(recipe.special_tokens if args.special_tokens is None else args.special_tokens),
        show_progress=sys.stderr.isatty() if args.progress is None else args.progress,
    )
    started = time.perf_counter()
    output: Path = args.output
    if args.counts is not None and args.files:
        raise UsageProblem("give text files or --counts, not both")
    if args.no_fingerprint_check and args.counts is None:
        raise UsageProblem("--no-fingerprint-check goes with --counts")
    try:
        paths = check_files(args.files) if args.files else []
        tokenizer, trainer = recipe.build(options)
    except (ArgumentTypeError, ArgumentValueError) as error:
        hint = ""
        if args.special_tokens is not None and any(not path.exists() for path in args.files):
            hint = " (--special-tokens takes one comma-separated list: --special-tokens '<s>,</s>' corpus.txt)"
        raise InputProblem(f"{error}{hint}") from None
    check_output(output)
    if args.counts is not None:
        counts = _load_counts(args.counts)
        if not args.no_fingerprint_check:
            _check_fingerprint(tokenizer, counts, args.counts, args.model)
        train_tokenizer_from_counts(tokenizer, counts, trainer, check_fingerprint=False)
        source = f"{len(counts)} counted words in '{shown_path(args.counts)}'"
    elif paths:
        train_tokenizer_from_files(tokenizer, paths, trainer)
        source = f"{len(paths)} file(s)"
    else:
        texts = docstrings()
        train_tokenizer(tokenizer, texts, trainer, length=len(texts))
        source = f"{len(texts)} stdlib docstrings"
    recipe.finish(tokenizer)
    try:
        atomic_write_text(output, tokenizer.to_str(pretty=True))
    except OSError as error:
        raise InputProblem(f"cannot write '{shown_path(output)}': {error.strerror or error}") from None
    seconds = time.perf_counter() - started
    print(f"{args.model}: {tokenizer.get_vocab_size()} tokens from {source} in {seconds:.1f} s -> {shown_path(output)}")
    return 0


def _load_counts(path: Path) -> WordCounts:
    """The word counts of `--counts`, or an InputProblem naming the file (and line)."""
    try:
        return WordCounts.load(path)
    except (WordCountsFileError, ArgumentValueError) as error:
        raise InputProblem(str(error)) from None


def _check_fingerprint(tokenizer: Tokenizer, counts: WordCounts, path: Path, model: str) -> None:
    """Refuse counts another pipeline made, with the command-line fix."""
    try:
        check_counts_fingerprint(tokenizer, counts)
    except FingerprintMismatchError:
        made_by = "carry no fingerprint" if counts.fingerprint is None else f"have the fingerprint {counts.fingerprint}"
        raise InputProblem(
            f"the word counts in '{shown_path(path)}' {made_by}, not {pipeline_fingerprint(tokenizer)}, "
            f"the --model {model} pipeline's; "
            f"count the text with `subword count --model {model}`, or pass --no-fingerprint-check to train on them anyway"
        ) from None


def check_output(output: Path, file_name: str = "tokenizer.json") -> None:
    """Refuse, before the work, an output whose folder is missing or not writable, or that is a folder."""
    folder = output.parent
    if not folder.is_dir():
        raise InputProblem(f"cannot write '{shown_path(output)}': its folder does not exist")
    if output.is_dir():
        raise InputProblem(
            f"cannot write '{shown_path(output)}': it is a folder; to write its {file_name}, "
            f"pass -o '{shown_path(output / file_name)}' (or a path ending in /)"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputProblem(f"cannot write '{shown_path(output)}': Permission denied (its folder is not writable)")
