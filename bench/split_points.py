"""BPE split points two ways on the same words: pairs as tuples (`joinable` set) against numpy arrays.

`split_points` looks words of at least `ARRAY_MIN_WORD` characters up in the table's arrays
(`_unjoinable_places`) and shorter ones pair by pair in the `joinable` set. This measures where the
arrays start paying: stretches of each length cut from a corpus as the model sees them (GPT-2:
byte-level chars; SentencePiece-style BPE: spaces as "▁"), both ways. Prints
microseconds per word (best of --repeat) and pairs/arrays, and checks both give the same places.
Then the cutting itself: `split_pieces` slicing the word place by place against cutting it with
`str.split` at a separator put in at each place (both in microseconds per word, their ratio, and
whether the pieces are the same): where the second starts paying sets `SEPARATOR_MIN_WORD`.

    python bench/split_points.py
    python bench/split_points.py --tokenizer mistral-7b --corpus multilingual/zh.txt
"""

from __future__ import annotations

import platform
import shlex
import sys
import time
from typing import Callable
from unittest import mock

from encode import SHARED
from merge_scan import model_text, word_options

from subword import Tokenizer
from subword.models.bpe import split as split_module
from subword.models.bpe.split import ARRAY_MIN_WORD, _unjoinable_places, split_pieces, split_points

LENGTHS = [32, 64, 96, 128, 192, 256, 512, 1024, 2048, 10240]


def stretches(tokenizer: Tokenizer, text: str, length: int, count: int) -> list[str]:
    """`count` stretches of `length` chars of the text, as the model sees them."""
    text = model_text(tokenizer, text)
    return [text[start : start + length] for start in range(0, len(text) - length, length)][:count]


def best_seconds(find: Callable[[str], object], words: list[str], repeat: int) -> float:
    """The best time over `repeat` runs of `find` on every word."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for word in words:
            find(word)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    """Parse the options and print one Markdown row per word length."""
    args = word_options(__doc__.splitlines()[0], 200, argv)
    text = (SHARED / "corpora" / args.corpus).read_text(encoding="utf-8")
    print("command: python bench/split_points.py " + shlex.join(argv if argv is not None else sys.argv[1:]))
    print(f"python {platform.python_version()}; ARRAY_MIN_WORD = {ARRAY_MIN_WORD}; corpus {args.corpus}\n")
    print(
        "| tokenizer | chars | words | pairs us/word | arrays us/word | pairs/arrays | same places "
        "| slices us/word | str.split us/word | slices/str.split | same pieces |"
    )
    print("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---|")
    for name in args.tokenizer or ["gpt2", "mistral-7b"]:
        tokenizer = Tokenizer.from_file(str(SHARED / "fixtures" / name / "tokenizer.json"))
        table = tokenizer.model._split_table
        if table is None or table.arrays is None:
            print(f"| {name} | - | - | - | - | - | no split table | - | - | - | - |")
            continue
        by_pairs = table._replace(arrays=None)
        for length in LENGTHS:
            words = stretches(tokenizer, text, length, args.words)
            if not words:
                continue
            same = all(split_points(word, by_pairs) == _unjoinable_places(word, table.arrays) for word in words)
            pairs = best_seconds(lambda word: split_points(word, by_pairs), words, args.repeat)
            arrays = best_seconds(lambda word: _unjoinable_places(word, table.arrays), words, args.repeat)
            with mock.patch.object(split_module, "SEPARATOR_MIN_WORD", 1 << 30):  # every word sliced
                by_slices = [split_pieces(word, table) for word in words]
                slices = best_seconds(lambda word: split_pieces(word, table), words, args.repeat)
            with mock.patch.object(split_module, "SEPARATOR_MIN_WORD", 0):  # every word cut by str.split
                same_pieces = by_slices == [split_pieces(word, table) for word in words]
                by_split = best_seconds(lambda word: split_pieces(word, table), words, args.repeat)
            per_word = 1e6 / len(words)
            print(
                f"| {name} | {length} | {len(words)} | {pairs * per_word:.1f} | {arrays * per_word:.1f} "
                f"| {pairs / arrays:.2f} | {'yes' if same else 'NO'} | {slices * per_word:.1f} | {by_split * per_word:.1f} "
                f"| {slices / by_split:.2f} | {'yes' if same_pieces else 'NO'} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
