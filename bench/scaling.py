"""How encode time grows with the input: 10 KB, 100 KB and 1 MB strings without whitespace.

A string without whitespace is one pre-token (or a few), so the BPE merge loop sees one very long
word; a quadratic step shows as a time ratio near 100 per 10x size instead of 10. For each kind
of text (one letter repeated, two letters alternating, CJK, letters and digits mixed) it times
subword (`encode` and `encode_batch_fast`), the Rust package (`encode`) and tiktoken
(`encode_ordinary`) on the same GPT-2 vocabulary. Each measurement runs in a child process
with a time limit, so one slow library cannot stall the table. Nothing is asserted.

    python bench/scaling.py                          # GPT-2, every kind, 10 KB / 100 KB / 1 MB
    python bench/scaling.py --kind one-letter --sizes 10000 100000 --timeout 60
    python bench/scaling.py --tokenizer mistral-7b/tokenizer.json   # no pre-tokenizer, byte fallback
    python bench/scaling.py --profile one-letter 100000    # cProfile of subword's encode on one input
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

from bpe import GPT2_PATTERN, GPT2_TIKTOKEN
from encode import SHARED, plain_tokenizer_json

HERE = Path(__file__).resolve()
DEFAULT_TOKENIZER = "gpt2/tokenizer.json"
DEFAULT_SIZES = [10_000, 100_000, 1_000_000]
# (library, method) pairs timed for each input.
RUNS = [("subword", "encode"), ("subword", "encode_batch_fast"), ("rust", "encode"), ("tiktoken", "encode_ordinary")]
_CJK = "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从"
_LETTERS_AND_DIGITS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _cycle(alphabet: str, size: int) -> str:
    """`alphabet` repeated until the text has `size` UTF-8 bytes (or just under)."""
    per_char = len(alphabet.encode("utf-8")) / len(alphabet)
    count = int(size / per_char)
    return (alphabet * (count // len(alphabet) + 1))[:count]


def _random_mix(size: int) -> str:
    rng = random.Random(0)
    return "".join(rng.choices(_LETTERS_AND_DIGITS, k=size))


# kind -> a function making a text of about `size` UTF-8 bytes.
KINDS: dict[str, Callable[[int], str]] = {
    "one-letter": lambda size: "a" * size,
    "two-letters": lambda size: _cycle("ab", size),
    "cjk": lambda size: _cycle(_CJK, size),
    "letters-digits": _random_mix,
}


def _loader(library: str, tokenizer: Path) -> Callable[[], Any]:
    if library == "subword":
        import subword

        return lambda: subword.Tokenizer.from_str(plain_tokenizer_json(tokenizer))
    if library == "rust":
        import tokenizers

        return lambda: tokenizers.Tokenizer.from_str(plain_tokenizer_json(tokenizer))
    import tiktoken
    from tiktoken.load import load_tiktoken_bpe

    ranks = load_tiktoken_bpe(str(GPT2_TIKTOKEN))
    return lambda: tiktoken.Encoding("gpt2", pat_str=GPT2_PATTERN, mergeable_ranks=ranks, special_tokens={})


def time_one(library: str, method: str, kind: str, size: int, tokenizer: Path) -> float:
    """Seconds for one call of `method` on a fresh tokenizer (loading not timed)."""
    text = KINDS[kind](size)
    encoder = _loader(library, tokenizer)()
    call = getattr(encoder, method)
    argument: Any = [text] if method == "encode_batch_fast" else text
    start = time.perf_counter()
    call(argument)
    return time.perf_counter() - start


def time_in_child(library: str, method: str, kind: str, size: int, tokenizer: Path, timeout: float) -> float | None:
    """`time_one` in a child process; None if it ran past `timeout` seconds or failed."""
    command = [sys.executable, str(HERE), "--child", library, method, kind, str(size), "--tokenizer", str(tokenizer)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        print(f"  {library}.{method} {kind} {size}: failed: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    return float(done.stdout.strip().splitlines()[-1])


def profile(kind: str, size: int, tokenizer: Path, top: int = 25) -> None:
    """Print the functions where subword's encode spends its time on one input."""
    text = KINDS[kind](size)
    encoder = _loader("subword", tokenizer)()
    profiler = cProfile.Profile()
    profiler.runcall(encoder.encode, text)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def _format(seconds: float | None, timeout: float) -> str:
    return f"> {timeout:g}" if seconds is None else f"{seconds:.4f}"


def _growth(times: list[float | None]) -> str:
    ratios = [f"{b / a:.1f}x" if a and b else "-" for a, b in zip(times, times[1:])]
    return " / ".join(ratios)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, time every (kind, library, size) and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokenizer", default=DEFAULT_TOKENIZER, help="a path or a name under fixtures/ (default: GPT-2)")
    parser.add_argument("--kind", action="append", choices=sorted(KINDS), help="repeatable (default: all)")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=DEFAULT_SIZES, help="UTF-8 bytes (default: 10 KB, 100 KB, 1 MB)"
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds allowed per measurement (default: 300)")
    parser.add_argument("--profile", nargs=2, metavar=("KIND", "SIZE"), help="profile subword's encode on one input")
    parser.add_argument("--child", nargs=4, metavar=("LIBRARY", "METHOD", "KIND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    tokenizer = Path(args.tokenizer) if Path(args.tokenizer).is_file() else SHARED / "fixtures" / args.tokenizer
    if not tokenizer.is_file():
        print(f"error: tokenizer file {tokenizer} not found (set SUBWORD_SHARED or pass --tokenizer)", file=sys.stderr)
        return 2
    if args.child:
        library, method, kind, size = args.child
        print(time_one(library, method, kind, int(size), tokenizer))
        return 0
    if args.profile:
        profile(args.profile[0], int(args.profile[1]), tokenizer)
        return 0

    runs = RUNS if tokenizer.parent.name == "gpt2" else [run for run in RUNS if run[0] != "tiktoken"]
    print(f"command: python bench/scaling.py {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip())
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, tokenizer {tokenizer}")
    print(f"seconds per call (one call, fresh tokenizer, child process, limit {args.timeout:g} s)")
    print(f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    sizes = args.sizes
    print(f"| kind | library.method | {' | '.join(f'{size:,} B' for size in sizes)} | growth per step |")
    print(f"|---|---|{'---:|' * len(sizes)}---|")
    for kind in args.kind or list(KINDS):
        for library, method in runs:
            times = [time_in_child(library, method, kind, size, tokenizer, args.timeout) for size in sizes]
            cells = " | ".join(_format(seconds, args.timeout) for seconds in times)
            print(f"| {kind} | {library}.{method} | {cells} | {_growth(times)} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
