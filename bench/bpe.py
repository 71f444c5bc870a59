"""GPT-2 encode throughput: subword against the Rust `tokenizers` package and tiktoken, same lines, one process.

Ids only: subword `encode_batch_fast`, Rust `encode_batch_fast` and tiktoken `encode_ordinary_batch`,
each with its default parallelism (subword: one thread; Rust and tiktoken: several). Full
encodings: subword `encode_batch` against Rust `encode_batch` (tiktoken has no offsets). Prints
MB/s of UTF-8 input (best of --repeat runs, each on a freshly loaded tokenizer), the ratio
subword/peer and whether the ids agree. Nothing is asserted: this is a measurement.

    python bench/bpe.py                            # 2000 lines of en_prose.txt and multilingual/ru.txt
    python bench/bpe.py --lines 500 --repeat 5 --corpus multilingual/zh.txt --clock cpu
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import sys
from typing import Any, Callable

from encode import (
    CLOCKS,
    SHARED,
    best_time,
    keep_in_process_for_cpu_clock,
    load_libraries,
    plain_tokenizer_json,
    print_corpus_rows,
)

GPT2_JSON = SHARED / "fixtures" / "gpt2" / "tokenizer.json"
GPT2_TIKTOKEN = SHARED / "fixtures" / "gpt2" / "gpt2.tiktoken"
GPT2_PATTERN = r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
DEFAULT_CORPORA = ["en_prose.txt", "multilingual/ru.txt"]


class _TiktokenBatch:
    """tiktoken behind the batch-call name the other libraries use, returning objects with `.ids`."""

    def __init__(self, encoding: Any) -> None:
        self._encoding = encoding

    def encode_batch_fast(self, lines: list[str]) -> list[Any]:
        return [_Ids(ids) for ids in self._encoding.encode_ordinary_batch(lines)]


class _Ids:
    def __init__(self, ids: list[int]) -> None:
        self.ids = ids


def tiktoken_loader() -> Callable[[], Any] | None:
    """A function loading GPT-2 as a tiktoken Encoding from the shared rank file, or None if unavailable."""
    try:
        import tiktoken
        from tiktoken.load import load_tiktoken_bpe
    except ImportError as error:
        print(f"skipping tiktoken: {error} (pip install tiktoken)")
        return None
    if not GPT2_TIKTOKEN.is_file():
        print(f"skipping tiktoken: {GPT2_TIKTOKEN} not found")
        return None
    ranks = load_tiktoken_bpe(str(GPT2_TIKTOKEN))

    def load() -> _TiktokenBatch:
        encoding = tiktoken.Encoding(
            "gpt2", pat_str=GPT2_PATTERN, mergeable_ranks=ranks, special_tokens={"<|endoftext|>": 50256}
        )
        return _TiktokenBatch(encoding)

    return load


def bench_corpus(
    name: str, lines: list[str], loaders: dict[str, Callable[[], Any]], repeat: int, clock: Callable[[], float]
) -> list[str]:
    """Table rows for one corpus: the ids-only row (three libraries), then the full-encoding row."""
    megabytes = sum(len(line.encode("utf-8")) for line in lines) / 1e6
    rows = []
    for method, peers in (("encode_batch_fast", ("rust", "tiktoken")), ("encode_batch", ("rust",))):
        speeds, ids = {}, {}
        for library in ("subword", *peers):
            if library not in loaders:
                continue
            seconds, encodings = best_time(loaders[library], method, lines, repeat, clock)
            speeds[library] = megabytes / seconds
            ids[library] = [encoding.ids for encoding in encodings]
        cells = [f"{speeds[lib]:.3f}" if lib in speeds else "-" for lib in ("subword", "rust", "tiktoken")]
        ratios = [
            f"{speeds['subword'] / speeds[peer]:.4f}" if "subword" in speeds and peer in speeds else "-"
            for peer in ("rust", "tiktoken")
        ]
        same = "yes" if len({str(value) for value in ids.values()}) == 1 else "NO"
        method_name = "ids only" if method == "encode_batch_fast" else "encode_batch"
        rows.append(
            f"| {name} | {len(lines)} | {megabytes:.3f} | {method_name} | {' | '.join(cells)} | "
            f"{' | '.join(ratios)} | {same} |"
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run every corpus and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2000, help="lines per corpus file (default: 2000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best counts (default: 3)")
    parser.add_argument(
        "--corpus",
        action="append",
        metavar="FILE",
        help=f"a file under {SHARED / 'corpora'} or any path; repeatable (default: {' '.join(DEFAULT_CORPORA)})",
    )
    parser.add_argument(
        "--clock", choices=sorted(CLOCKS), default="wall", help="wall: elapsed time; cpu: CPU time of the process, both libraries kept in it"
    )
    args = parser.parse_args(argv)
    if args.lines < 1 or args.repeat < 1:
        parser.error("--lines and --repeat must be at least 1")
    keep_in_process_for_cpu_clock(args.clock)
    if not GPT2_JSON.is_file():
        print(f"error: {GPT2_JSON} not found (set SUBWORD_SHARED)", file=sys.stderr)
        return 2

    loaders = load_libraries(plain_tokenizer_json(GPT2_JSON))
    tiktoken_load = tiktoken_loader()
    if tiktoken_load is not None:
        loaders["tiktoken"] = tiktoken_load
    print(f"command: {shlex.join(['python', 'bench/bpe.py', *(argv if argv is not None else sys.argv[1:])])}")
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, GPT-2 from {GPT2_JSON.parent}")
    versions = []
    for package in ("subword", "tokenizers", "tiktoken"):
        module = sys.modules.get(package)
        if module is not None:
            versions.append(f"{package} {getattr(module, '__version__', '?')}")
    print(f"versions: {', '.join(versions)}")
    parallelism = "one process each" if args.clock == "cpu" else "default parallelism"
    print(f"{parallelism}; {args.clock} clock, best of {args.repeat} runs")
    print(f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print(
        "| corpus | lines | MB | method | subword MB/s | Rust MB/s | tiktoken MB/s "
        "| subword/Rust | subword/tiktoken | same ids |"
    )
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---|")
    print_corpus_rows(args, DEFAULT_CORPORA, bench_corpus, loaders)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
