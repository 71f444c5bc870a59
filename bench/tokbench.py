"""The tokbench protocol: subword against the Rust `tokenizers` package, one tokenizer x one corpus per cell.

Every `*/tokenizer.json` under ../shared/fixtures (padding and truncation switched off) meets the
shared corpora and a source-code corpus. Each corpus is cut into 10 KiB chunks on character
boundaries (at most --max-bytes of it), and the chunks into --passes + 1 disjoint parts, as
tokbench does: part 0 warms a freshly loaded tokenizer, untimed, and each timed pass encodes a
part it has never seen, so no pass measures a cache of its own input. A cell's figure is the
median over the timed passes of MB (10^6 bytes of UTF-8) per second. Single thread
(RAYON_NUM_THREADS=1), `add_special_tokens=False`. Timed per cell: the Rust package's
`encode(chunk).ids`, subword's `encode(chunk).ids`, and subword's fastest public ids call
(`encode_batch_fast(part)`, one call per part). The ids of all parts are checked equal; a cell
whose ids differ is left out of the medians. With --cold each timed pass loads a fresh tokenizer
and nothing is warmed (the chunks are then cut into --passes parts).

    python bench/tokbench.py                                 # every tokenizer x 6 corpora, 1 MiB each
    python bench/tokbench.py --tokenizer gpt2 --corpus zh --corpus code --passes 3
    python bench/tokbench.py --cold --max-bytes 200000
    python bench/tokbench.py --tokenizer t5 --clock cpu      # CPU time, steadier on a busy machine
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import statistics
import sys
import sysconfig
import time
from pathlib import Path
from typing import Any, Callable

from encode import SHARED, load_libraries, plain_tokenizer_json

# One thread, set before the Rust package is imported (load_libraries imports it).
os.environ["RAYON_NUM_THREADS"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"

CHUNK_BYTES = 10 * 1024
CODE = "code"  # the corpus made of the Python standard library's own source files
# corpus name -> file under ../shared/corpora (CODE is built, see code_corpus)
CORPORA = {
    "en_prose": "en_prose.txt",
    "wikitext": "wikitext.txt",
    "shakespeare": "tiny_shakespeare.txt",
    **{lang: f"multilingual/{lang}.txt" for lang in "ar de el emoji es fr he hi ja ko ru th zh".split()},
    CODE: None,
}
DEFAULT_CORPORA = ["en_prose", "zh", "ja", "ru", "hi", CODE]


def _encode_ids(tokenizer: Any, part: list[str]) -> list[list[int]]:
    return [tokenizer.encode(chunk, add_special_tokens=False).ids for chunk in part]


# subword's public calls that give ids for many texts; the fastest one present is reported.
SUBWORD_IDS_CALLS: dict[str, Callable[[Any, list[str]], list[list[int]]]] = {
    "encode_batch_fast": lambda tok, part: [e.ids for e in tok.encode_batch_fast(part, add_special_tokens=False)],
}


def chunks_of(text: str, max_bytes: int) -> list[str]:
    """Chunks of CHUNK_BYTES bytes of UTF-8, each end moved forward to a character boundary (tokbench's cut).

    At most max_bytes // CHUNK_BYTES chunks (at least one).
    """
    raw = text.encode("utf-8")
    chunks: list[str] = []
    start = 0
    while start < len(raw) and len(chunks) < max(1, max_bytes // CHUNK_BYTES):
        end = min(start + CHUNK_BYTES, len(raw))
        while end < len(raw) and raw[end] & 0xC0 == 0x80:  # a continuation byte: not a boundary
            end += 1
        chunks.append(raw[start:end].decode("utf-8"))
        start = end
    return chunks


def code_corpus(max_bytes: int) -> str:
    """The standard library's top-level `*.py` files, by name, joined until max_bytes (this Python's stdlib)."""
    texts, size = [], 0
    for path in sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py")):
        if size >= max_bytes:
            break
        text = path.read_text(encoding="utf-8", errors="replace")
        texts.append(text)
        size += len(text.encode("utf-8"))
    return "\n".join(texts)


def parts_of(chunks: list[str], count: int) -> list[list[str]]:
    """`count` disjoint runs of consecutive chunks covering them all (fewer if there are fewer chunks).

    >>> parts_of(["a", "b", "c", "d", "e"], 2)
    [['a', 'b'], ['c', 'd', 'e']]
    """
    count = min(count, len(chunks))
    return [chunks[i * len(chunks) // count : (i + 1) * len(chunks) // count] for i in range(count)]


# The clock of the timed passes: elapsed time, or the process's CPU time (steadier on a busy machine)
CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}


def measure(
    load: Callable[[], Any],
    call: Callable[[Any, list[str]], list[list[int]]],
    parts: list[list[str]],
    cold: bool,
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[float, list[list[int]]]:
    """Median MB/s over the timed parts, and the ids of every chunk in order.

    Warm: one tokenizer, part 0 untimed, every later part timed. Cold: every part timed, each with
    a freshly loaded tokenizer. Loading is never timed.
    """
    ids: list[list[int]] = []
    tokenizer = load()
    if not cold:
        ids += call(tokenizer, parts[0])
    speeds = []
    for part in parts if cold else parts[1:]:
        if cold:
            tokenizer = load()
        start = clock()
        result = call(tokenizer, part)
        seconds = clock() - start
        speeds.append(sum(len(chunk.encode("utf-8")) for chunk in part) / 1e6 / seconds)
        ids += result
    return statistics.median(speeds), ids


def bench_cell(
    loaders: dict[str, Callable[[], Any]], chunks: list[str], passes: int, cold: bool, clock: Callable[[], float] = time.perf_counter
) -> dict[str, Any]:
    """MB/s of each call on one cell, the fastest subword ids call, and which calls' ids differ from Rust's."""
    parts = parts_of(chunks, passes if cold else passes + 1)
    rust, reference = measure(loaders["rust"], _encode_ids, parts, cold, clock)
    encode, ids = measure(loaders["subword"], _encode_ids, parts, cold, clock)
    differ = {"encode": sum(a != b for a, b in zip(reference, ids))}
    fastest = ("-", 0.0)
    for name, call in SUBWORD_IDS_CALLS.items():
        speed, ids = measure(loaders["subword"], call, parts, cold, clock)
        differ[name] = sum(a != b for a, b in zip(reference, ids))
        fastest = max(fastest, (name, speed), key=lambda pair: pair[1])
    differ = {name: count for name, count in differ.items() if count}
    return {"rust": rust, "encode": encode, "ids_call": fastest[0], "ids": fastest[1], "differ": differ}


def corpus_text(name: str, max_bytes: int) -> str | None:
    """The text of a corpus by name (a CORPORA key, a file under ../shared/corpora, or a path); None if absent."""
    if name == CODE:
        return code_corpus(max_bytes)
    path = SHARED / "corpora" / CORPORA.get(name, name)
    if not path.is_file():
        path = Path(name)
    return path.read_text(encoding="utf-8") if path.is_file() else None


def tokenizer_files(selected: list[str] | None) -> list[Path]:
    """Every fixture tokenizer.json whose folder name starts with one of `selected` (all by default); paths as given."""
    found = sorted((SHARED / "fixtures").glob("*/tokenizer.json"))
    if not selected:
        return found
    paths = [Path(name) for name in selected if Path(name).is_file()]
    return paths + [path for path in found if any(path.parent.name.startswith(name) for name in selected)]


def summary(cells: list[tuple[str, str, dict[str, Any]]]) -> None:
    """Median over the cells whose ids agree of each ratio to Rust, and the three worst cells of each."""
    agreeing = [(f"{tok} x {corpus}", cell) for tok, corpus, cell in cells if not cell["differ"]]
    print(f"\n{len(agreeing)} of {len(cells)} cells give the Rust package's ids; over those:\n")
    print("| ratio | median | worst cells |")
    print("|---|---:|---|")
    for column, label in (("encode", "subword encode / Rust encode"), ("ids", "subword fastest ids call / Rust encode")):
        ratios = sorted((cell[column] / cell["rust"], name) for name, cell in agreeing)
        if ratios:
            worst = ", ".join(f"{name} {ratio:.2f}" for ratio, name in ratios[:3])
            print(f"| {label} | {statistics.median(r for r, _ in ratios):.3f} | {worst} |")
    for tok, corpus, cell in cells:
        if cell["differ"]:
            counts = ", ".join(f"{name} in {count} of {cell['chunks']} chunks" for name, count in cell["differ"].items())
            print(f"\nids differ from Rust's: {tok} x {corpus}: {counts}")


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run every cell and print the Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5, help="timed passes per cell; the median counts (default: 5)")
    parser.add_argument(
        "--max-bytes", type=int, default=100 * CHUNK_BYTES, help="bytes of each corpus, cut into 10 KiB chunks (default: 1 MiB)"
    )
    parser.add_argument("--cold", action="store_true", help="a fresh tokenizer for every timed pass, no warm-up")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall", help="elapsed time (default) or the process's CPU time")
    parser.add_argument(
        "--tokenizer", action="append", metavar="NAME", help="a fixture folder name or its start (gpt2, bert), or a tokenizer.json path; repeatable"
    )
    parser.add_argument(
        "--corpus",
        action="append",
        metavar="NAME",
        help=f"one of {', '.join(CORPORA)}, or a file; repeatable (default: {' '.join(DEFAULT_CORPORA)})",
    )
    args = parser.parse_args(argv)
    if args.passes < 1 or args.max_bytes < 1:
        parser.error("--passes and --max-bytes must be at least 1")
    tokenizers = tokenizer_files(args.tokenizer)
    if not tokenizers:
        print(f"error: no tokenizer.json found under {SHARED / 'fixtures'} (set SUBWORD_SHARED or pass --tokenizer)", file=sys.stderr)
        return 2

    print(f"command: {shlex.join(['python', 'bench/tokbench.py', *(argv if argv is not None else sys.argv[1:])])}")
    loaders = load_libraries(plain_tokenizer_json(tokenizers[0]))
    if len(loaders) < 2:
        print("error: both subword and tokenizers must import", file=sys.stderr)
        return 2
    versions = ", ".join(f"{name} {sys.modules[name].__version__}" for name in ("subword", "tokenizers"))
    print(f"python {platform.python_version()}, {os.cpu_count()} cores; versions: {versions}")
    protocol = "cold: fresh tokenizer per pass" if args.cold else "warm: one untimed part, then"
    print(f"RAYON_NUM_THREADS=1; {protocol} median of {args.passes} timed passes over disjoint parts; 10 KiB chunks")
    print(f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")

    corpora = {}
    for name in args.corpus or DEFAULT_CORPORA:
        text = corpus_text(name, args.max_bytes)
        if text is None:
            print(f"skipping corpus {name}: not found")
        else:
            corpora[name] = chunks_of(text, args.max_bytes)
    print("| tokenizer | corpus | MB | Rust encode MB/s | subword encode MB/s | subword ids MB/s | ids call "
          "| encode/Rust | ids/Rust | same ids |")
    print("|---|---|---:|---:|---:|---:|---|---:|---:|---|")
    cells = []
    for path in tokenizers:
        loaders = load_libraries(plain_tokenizer_json(path))
        for name, chunks in corpora.items():
            cell = bench_cell(loaders, chunks, args.passes, args.cold, CLOCKS[args.clock])
            cell["chunks"] = len(chunks)
            cells.append((path.parent.name, name, cell))
            size = sum(len(chunk.encode("utf-8")) for chunk in chunks) / 1e6
            same = "NO: " + ", ".join(cell["differ"]) if cell["differ"] else "yes"
            print(
                f"| {path.parent.name} | {name} | {size:.2f} | {cell['rust']:.3f} | {cell['encode']:.3f} | {cell['ids']:.3f} "
                f"| {cell['ids_call']} | {cell['encode'] / cell['rust']:.3f} | {cell['ids'] / cell['rust']:.3f} | {same} |",
                flush=True,
            )
    summary(cells)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
