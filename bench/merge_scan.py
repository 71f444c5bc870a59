"""BPE's two merge loops on the same words: the heap (`merge_symbols`) against the scan (`merge_by_scan`).

`BPE._merge_word` takes the scan for words of at most `_SCAN_MAX` symbols. This measures where
the scan stops paying: words cut from a corpus at each length, mapped to the model's symbols
(GPT-2: byte-level chars; SentencePiece-style BPE: spaces as "▁"), merged by both loops. Prints
microseconds per word (best of --repeat) and heap/scan, and checks both give the same tokens.

    python bench/merge_scan.py
    python bench/merge_scan.py --tokenizer mistral-7b --corpus multilingual/ru.txt --words 1000
"""

from __future__ import annotations

import argparse
import platform
import shlex
import sys
import time
from typing import Callable

from encode import SHARED

from subword import Tokenizer
from subword.models.bpe.merge import merge_by_scan, merge_symbols
from subword.models.bpe.model import _SCAN_MAX
from subword.text.byte_level import to_byte_chars

LENGTHS = [4, 8, 12, 16, 20, 24, 32, 48, 64]


def model_text(tokenizer: Tokenizer, text: str) -> str:
    """The text as a BPE model's words hold it: byte-level chars (GPT-2), or spaces as "▁" (SentencePiece-style)."""
    return to_byte_chars(text) if "Ġ" in tokenizer.get_vocab() else text.replace(" ", "▁")


def word_options(description: str, default_words: int, argv: list[str] | None) -> argparse.Namespace:
    """The options of a benchmark over words of each length: tokenizers, corpus, words, repeat."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--tokenizer", action="append", help="fixture folder names (default: gpt2 and mistral-7b)")
    parser.add_argument("--corpus", default="en_prose.txt", help="a file under ../shared/corpora (default: en_prose.txt)")
    parser.add_argument("--words", type=int, default=default_words, help=f"words per length (default: {default_words})")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs; the best counts (default: 5)")
    return parser.parse_args(argv)


def words_of(tokenizer: Tokenizer, text: str, length: int, count: int) -> list[list[int]]:
    """`count` stretches of `length` chars of the text, as the model's symbol ids (stretches with unknown chars skipped)."""
    vocab = tokenizer.get_vocab()
    text = model_text(tokenizer, text)
    stretches = (text[start : start + length] for start in range(0, len(text) - length, length))
    words = [[vocab[char] for char in word] for word in stretches if all(char in vocab for char in word)]
    return words[:count]


def scanned(word: list[int], ranks: dict[tuple[int, int], int], merged: list[int]) -> list[int]:
    """The token ids `merge_by_scan` leaves in `word`."""
    merge_by_scan(word, ranks, merged)
    return word


def best_seconds(merge: Callable[[list[int]], object], words: list[list[int]], repeat: int) -> float:
    """The best time over `repeat` runs of `merge` on fresh copies of the words."""
    best = float("inf")
    for _ in range(repeat):
        copies = [list(word) for word in words]
        start = time.perf_counter()
        for word in copies:
            merge(word)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    """Parse the options and print one Markdown row per word length."""
    args = word_options(__doc__.splitlines()[0], 500, argv)
    text = (SHARED / "corpora" / args.corpus).read_text(encoding="utf-8")
    print("command: python bench/merge_scan.py " + shlex.join(argv if argv is not None else sys.argv[1:]))
    print(f"python {platform.python_version()}; _SCAN_MAX = {_SCAN_MAX}; corpus {args.corpus}\n")
    print("| tokenizer | symbols | words | heap us/word | scan us/word | heap/scan | same tokens |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name in args.tokenizer or ["gpt2", "mistral-7b"]:
        tokenizer = Tokenizer.from_file(str(SHARED / "fixtures" / name / "tokenizer.json"))
        ranks, merged = tokenizer.model._ranks, tokenizer.model._merged
        for length in LENGTHS:
            words = words_of(tokenizer, text, length, args.words)
            if not words:
                continue
            by_heap = [[word[p] for p in merge_symbols(word, ranks, merged)] for word in map(list, words)]
            by_scan = [scanned(word, ranks, merged) for word in map(list, words)]
            heap = best_seconds(lambda word: merge_symbols(word, ranks, merged), words, args.repeat)
            scan = best_seconds(lambda word: merge_by_scan(word, ranks, merged), words, args.repeat)
            per_word = 1e6 / len(words)
            print(
                f"| {name} | {length} | {len(words)} | {heap * per_word:.1f} | {scan * per_word:.1f} "
                f"| {heap / scan:.2f} | {'yes' if by_heap == by_scan else 'NO'} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
