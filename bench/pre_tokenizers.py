"""Why some pre-tokenizers keep a hand-written `split_str`: each variant against the shared rule.

The ids-only path asks the pre-tokenizer for the words of each normalized piece (`split_str`).
`PreTokenizer.split_str` derives them from `pre_tokenize` (the rule the full path runs, with
NormalizedString alignments); a few pre-tokenizers override it with a variant on plain strings.
For every overriding pre-tokenizer this prints the MB/s of the derived rule and of the variant on
the same lines, their ratio, and whether both gave the same words (they must: a variant that
does not pay for itself should be deleted). tests/test_pre_tokenizers.py pins each variant to the
rule on hypothesis text.

    python bench/pre_tokenizers.py
    python bench/pre_tokenizers.py --lines 500 --corpus multilingual/ru.txt
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Callable

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SUBWORD_SHARED", REPO_ROOT.parent / "shared"))
DEFAULT_CORPORA = ["en_prose.txt", "multilingual/zh.txt"]


def sample_lines(path: Path, count: int) -> list[str]:
    """`count` non-empty lines spread evenly over the file."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    step = max(len(lines) / count, 1)
    return [lines[int(i * step)] for i in range(min(count, len(lines)))]


def best_seconds(split: Callable[[str], list[str]], lines: list[str], repeat: int) -> tuple[float, list[list[str]]]:
    """The best time of `repeat` passes of `split` over `lines`, and the words of the last pass."""
    best, words = float("inf"), []
    for _ in range(repeat):
        start = time.process_time()
        words = [split(line) for line in lines]
        best = min(best, time.process_time() - start)
    return best, words


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2000, help="lines per corpus file (default: 2000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the best counts (default: 3)")
    parser.add_argument("--corpus", action="append", help="a path, or a name under ../shared/corpora (repeatable)")
    args = parser.parse_args()

    from subword.pre_tokenizers import (
        BertPreTokenizer,
        ByteLevel,
        Digits,
        Metaspace,
        PreTokenizer,
        Punctuation,
        Sequence,
        Split,
        Whitespace,
        WhitespaceSplit,
    )
    from subword import Regex

    gpt4_pattern = (
        r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
    )
    candidates = {
        "Whitespace": Whitespace(),
        "WhitespaceSplit": WhitespaceSplit(),
        "BertPreTokenizer": BertPreTokenizer(),
        "ByteLevel": ByteLevel(),
        "Metaspace": Metaspace(),
        "Punctuation": Punctuation(),
        "Digits(individual)": Digits(individual_digits=True),
        "Split(GPT-4 pattern)": Split(Regex(gpt4_pattern), "isolated"),
        "Sequence[Split, ByteLevel]": Sequence([Split(Regex(gpt4_pattern), "isolated"), ByteLevel(add_prefix_space=False, use_regex=False)]),
    }
    print(f"python {sys.version.split()[0]}; cpu clock, best of {args.repeat}; command: python bench/pre_tokenizers.py {' '.join(sys.argv[1:])}")
    print()
    print("| corpus | pre-tokenizer | rule MB/s | variant MB/s | variant/rule | same words |")
    print("|---|---|---:|---:|---:|---|")
    for name in args.corpus or DEFAULT_CORPORA:
        path = Path(name) if Path(name).is_file() else SHARED / "corpora" / name
        if not path.is_file():
            print(f"skipping {name}: no such file ({path})")
            continue
        lines = sample_lines(path, args.lines)
        megabytes = sum(len(line.encode("utf-8")) for line in lines) / 1e6
        for label, pre_tokenizer in candidates.items():
            rule_seconds, rule_words = best_seconds(lambda text: PreTokenizer.split_str(pre_tokenizer, text), lines, args.repeat)
            variant_seconds, variant_words = best_seconds(pre_tokenizer.split_str, lines, args.repeat)
            same = "yes" if rule_words == variant_words else "NO"
            print(
                f"| {path.name} | {label} | {megabytes / rule_seconds:.2f} | {megabytes / variant_seconds:.2f} "
                f"| {rule_seconds / variant_seconds:.2f}x | {same} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
