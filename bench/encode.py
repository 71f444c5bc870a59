"""Encode throughput of subword and of the Rust `tokenizers` package, in one process, on the same lines.

For each corpus file and each of `encode_batch_fast` (ids only) and `encode_batch` (offsets, masks,
...) it prints MB/s (UTF-8 bytes of input per second, best of --repeat runs) for both libraries and
the ratio subword/Rust, and checks that both produced the same ids. Padding and truncation are
switched off in the tokenizer.json before either library loads it. See bench/README.md.

    python bench/encode.py                       # BERT uncased, 2000 lines of en_prose.txt and zh.txt
    python bench/encode.py --lines 500 --repeat 5 --rust-threads 1
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import sys
import time
from pathlib import Path
from typing import Any, Callable

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SUBWORD_SHARED", REPO_ROOT.parent / "shared"))
DEFAULT_TOKENIZER = SHARED / "fixtures" / "bert-base-uncased" / "tokenizer.json"
DEFAULT_CORPORA = ["en_prose.txt", "multilingual/zh.txt"]
METHODS = ["encode_batch_fast", "encode_batch"]
PACKAGES = {"subword": "subword", "rust": "tokenizers"}
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def sample_lines(path: Path, count: int) -> list[str]:
    """`count` non-empty lines spread evenly over the whole file (all of them if it has fewer)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if len(lines) <= count:
        return lines
    step = len(lines) / count
    return [lines[int(i * step)] for i in range(count)]


def plain_tokenizer_json(path: Path) -> str:
    """The tokenizer.json at `path` with padding and truncation switched off."""
    document = json.loads(path.read_text(encoding="utf-8"))
    document["padding"] = None
    document["truncation"] = None
    return json.dumps(document, ensure_ascii=False)


def load_libraries(tokenizer_json: str) -> dict[str, Callable[[], Any]]:
    """{"subword": load, "rust": load}, a function loading a fresh tokenizer, for each library that imports."""
    loaded = {}
    try:
        from subword import Tokenizer as SubwordTokenizer
    except ImportError as error:
        print(f"skipping subword: {error}")
    else:
        loaded["subword"] = lambda: SubwordTokenizer.from_str(tokenizer_json)
    try:
        from tokenizers import Tokenizer as RustTokenizer
    except ImportError as error:
        print(f"skipping the Rust package: {error} (pip install tokenizers)")
    else:
        loaded["rust"] = lambda: RustTokenizer.from_str(tokenizer_json)
    return loaded


def best_time(
    load: Callable[[], Any], method: str, lines: list[str], repeat: int, clock: Callable[[], float]
) -> tuple[float, list[Any]]:
    """The shortest of `repeat` timings of `method(lines)`, and the encodings of the last run.

    Each run uses a freshly loaded tokenizer (loading is not timed), so no run starts with word
    caches that an earlier run over the same lines filled.
    """
    best, result = float("inf"), None
    for _ in range(repeat):
        encode = getattr(load(), method)
        start = clock()
        result = encode(lines)
        best = min(best, clock() - start)
    return best, result


def bench_corpus(
    name: str, lines: list[str], loaders: dict[str, Callable[[], Any]], repeat: int, clock: Callable[[], float]
) -> list[str]:
    """Table rows (one per method) for one corpus, with the ids agreement of the libraries."""
    megabytes = sum(len(line.encode("utf-8")) for line in lines) / 1e6
    rows = []
    for method in METHODS:
        speeds, ids = {}, {}
        for library, load in loaders.items():
            seconds, encodings = best_time(load, method, lines, repeat, clock)
            speeds[library] = megabytes / seconds
            ids[library] = [encoding.ids for encoding in encodings]
        ratio = f"{speeds['subword'] / speeds['rust']:.4f}" if len(speeds) == 2 else "-"
        same = ("yes" if ids["subword"] == ids["rust"] else "NO") if len(ids) == 2 else "-"
        cells = [f"{speeds[lib]:.3f}" if lib in speeds else "-" for lib in ("subword", "rust")]
        rows.append(
            f"| {name} | {len(lines)} | {megabytes:.3f} | {method} | {cells[0]} | {cells[1]} | {ratio} | {same} |"
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run every corpus and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2000, help="lines per corpus file (default: 2000)")
    parser.add_argument("--tokenizer", type=Path, default=DEFAULT_TOKENIZER, help="a tokenizer.json (default: BERT uncased)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per measurement; the best counts (default: 3)")
    parser.add_argument(
        "--corpus",
        action="append",
        metavar="FILE",
        help=f"a file under {SHARED / 'corpora'} or any path; repeatable (default: {' '.join(DEFAULT_CORPORA)})",
    )
    parser.add_argument(
        "--rust-threads", type=int, metavar="N", help="threads for the Rust package's batch calls (default: all cores)"
    )
    parser.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="wall",
        help="wall: elapsed time; cpu: CPU time of the process, all threads, with both libraries kept in this process (steadier on a busy machine)",
    )
    args = parser.parse_args(argv)
    if args.lines < 1 or args.repeat < 1:
        parser.error("--lines and --repeat must be at least 1")
    if args.rust_threads is not None:
        os.environ["RAYON_NUM_THREADS"] = str(args.rust_threads)  # read when the Rust thread pool starts
    keep_in_process_for_cpu_clock(args.clock)
    if not args.tokenizer.is_file():
        print(f"error: tokenizer file {args.tokenizer} not found (set SUBWORD_SHARED or pass --tokenizer)", file=sys.stderr)
        return 2

    loaders = load_libraries(plain_tokenizer_json(args.tokenizer))
    if not loaders:
        print("error: neither subword nor tokenizers could be imported", file=sys.stderr)
        return 2
    print(f"command: {shlex.join(['python', 'bench/encode.py', *(argv if argv is not None else sys.argv[1:])])}")
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, tokenizer {args.tokenizer}")
    versions = (f"{PACKAGES[lib]} {getattr(sys.modules[PACKAGES[lib]], '__version__', '?')}" for lib in loaders)
    print(f"versions: {', '.join(versions)}")
    print(f"Rust threads: {args.rust_threads or 'default (all cores)'}; {args.clock} clock, best of {args.repeat} runs")
    print(f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print("| corpus | lines | MB | method | subword MB/s | Rust MB/s | subword/Rust | same ids |")
    print("|---|---:|---:|---|---:|---:|---:|---|")
    print_corpus_rows(args, DEFAULT_CORPORA, bench_corpus, loaders)
    return 0


def keep_in_process_for_cpu_clock(clock: str) -> None:
    """With the CPU clock, make both libraries encode in this process (TOKENIZERS_PARALLELISM=false).

    `time.process_time` cannot see subword's worker processes, so a pooled batch would look
    almost free; the Rust package's threads are counted either way.
    """
    if clock == "cpu":
        os.environ["TOKENIZERS_PARALLELISM"] = "false"


def print_corpus_rows(args: argparse.Namespace, default_corpora: Any, bench_corpus: Callable, loaders: Any) -> None:
    """Print the table rows `bench_corpus` gives for each corpus file of `args` (or the defaults)."""
    for corpus in args.corpus or default_corpora:
        path = Path(corpus) if Path(corpus).is_file() else SHARED / "corpora" / corpus
        if not path.is_file():
            print(f"skipping corpus {corpus}: {path} not found")
            continue
        for row in bench_corpus(corpus, sample_lines(path, args.lines), loaders, args.repeat, CLOCKS[args.clock]):
            print(row, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
