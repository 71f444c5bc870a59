"""Decode throughput of subword and of the Rust `tokenizers` package, in one process, on the same ids.

For every `*/tokenizer.json` under ../shared/fixtures (or --tokenizer) and every corpus, the Rust
package encodes sampled lines (with special tokens); both libraries then decode those ids with
`decode` (all ids of the corpus in one call), `decode_batch` (one list per line) and
`DecodeStream` (one `step` per id, over the first --stream-ids ids), skip_special_tokens=True.
It prints ids per second (best of --repeat runs, each on a freshly loaded tokenizer, so a table
built on the first decode is timed), MB/s of decoded UTF-8 text, the ratio subword/Rust and whether
the texts are equal. See bench/README.md.

    python bench/decode.py                                  # every fixture tokenizer.json x en_prose, zh
    python bench/decode.py --tokenizer gpt2 --corpus en_prose.txt --clock cpu --repeat 5
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import sys
from pathlib import Path
from typing import Any, Callable

from encode import CLOCKS, PACKAGES, SHARED, load_libraries, plain_tokenizer_json, sample_lines

DEFAULT_CORPORA = ["en_prose.txt", "multilingual/zh.txt"]
METHODS = ["decode", "decode_batch", "stream"]


def fixture_tokenizers() -> list[Path]:
    """Every `tokenizer.json` one folder down in the fixtures, by folder name."""
    return sorted((SHARED / "fixtures").glob("*/tokenizer.json"))


def find_tokenizer(name: str) -> Path | None:
    """A tokenizer.json path, or the fixture folder `name` (or the first whose name starts with it)."""
    if Path(name).is_file():
        return Path(name)
    matches = [path for path in fixture_tokenizers() if path.parent.name.startswith(name)]
    return matches[0] if matches else None


def run_method(tokenizer: Any, method: str, rows: list[list[int]], stream_ids: list[int], stream_class: Any) -> Any:
    """The texts one method gives: a str (decode), a list of str (decode_batch, stream)."""
    if method == "decode":
        return tokenizer.decode([id_ for row in rows for id_ in row], skip_special_tokens=True)
    if method == "decode_batch":
        return tokenizer.decode_batch(rows, skip_special_tokens=True)
    stream = stream_class(skip_special_tokens=True)
    step = stream.step
    return [step(tokenizer, id_) for id_ in stream_ids]


def bench_rows(
    tokenizer_path: Path, corpus: str, lines: list[str], loaders: dict[str, Callable[[], Any]], args: argparse.Namespace
) -> list[str]:
    """Table rows (one per method) for one tokenizer and one corpus."""
    clock = CLOCKS[args.clock]
    rows = [encoding.ids for encoding in loaders["rust"]().encode_batch(lines, add_special_tokens=True)]
    stream_ids = [id_ for row in rows for id_ in row][: args.stream_ids]
    streams = stream_classes()
    table = []
    for method in METHODS:
        count = len(stream_ids) if method == "stream" else sum(map(len, rows))
        speeds, texts = {}, {}
        for library, load in loaders.items():
            best = float("inf")
            for _ in range(args.repeat):
                tokenizer = load()
                start = clock()
                result = run_method(tokenizer, method, rows, stream_ids, streams[library])
                best = min(best, clock() - start)
            speeds[library], texts[library] = count / best, result
        megabytes = _text_bytes(texts.get("rust", texts.get("subword"))) / 1e6
        ratio = f"{speeds['subword'] / speeds['rust']:.3f}" if len(speeds) == 2 else "-"
        same = ("yes" if texts["subword"] == texts["rust"] else "NO") if len(texts) == 2 else "-"
        cells = [f"{speeds[lib]:,.0f}" if lib in speeds else "-" for lib in ("subword", "rust")]
        mb_cells = [f"{megabytes * speeds[lib] / count:.2f}" if lib in speeds else "-" for lib in ("subword", "rust")]
        table.append(
            f"| {tokenizer_path.parent.name} | {corpus} | {method} | {count:,} | {cells[0]} | {cells[1]} "
            f"| {mb_cells[0]} | {mb_cells[1]} | {ratio} | {same} |"
        )
    return table


def stream_classes() -> dict[str, Any]:
    """Each library's DecodeStream class."""
    classes: dict[str, Any] = {}
    if "subword" in sys.modules:
        from subword.decoders import DecodeStream as SubwordStream

        classes["subword"] = SubwordStream
    if "tokenizers" in sys.modules:
        from tokenizers.decoders import DecodeStream as RustStream

        classes["rust"] = RustStream
    return classes


def _text_bytes(result: Any) -> int:
    if isinstance(result, str):
        return len(result.encode("utf-8"))
    return sum(len(text.encode("utf-8")) for text in result if text is not None)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run every tokenizer x corpus and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10000, help="lines per corpus file (default: 10000)")
    parser.add_argument(
        "--tokenizer", action="append", metavar="NAME", help="a fixtures folder (or its start) or a tokenizer.json; repeatable"
    )
    parser.add_argument("--corpus", action="append", metavar="FILE", help=f"a file under {SHARED / 'corpora'} or a path; repeatable")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per measurement; the best counts (default: 3)")
    parser.add_argument("--stream-ids", type=int, default=20000, help="ids stepped through DecodeStream (default: 20000)")
    parser.add_argument("--rust-threads", type=int, metavar="N", help="threads for the Rust package's batch calls")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall", help="wall: elapsed; cpu: process CPU time (steadier)")
    args = parser.parse_args(argv)
    if args.lines < 1 or args.repeat < 1 or args.stream_ids < 1:
        parser.error("--lines, --repeat and --stream-ids must be at least 1")
    if args.rust_threads is not None:
        os.environ["RAYON_NUM_THREADS"] = str(args.rust_threads)
    paths = []
    for name in args.tokenizer or [path.parent.name for path in fixture_tokenizers()]:
        path = find_tokenizer(name)
        if path is None:
            print(f"skipping tokenizer {name}: not found under {SHARED / 'fixtures'}")
        else:
            paths.append(path)
    print(f"command: {shlex.join(['python', 'bench/decode.py', *(argv if argv is not None else sys.argv[1:])])}")
    print(f"python {platform.python_version()}, {os.cpu_count()} cores")
    header_done = False
    for path in paths:
        loaders = load_libraries(plain_tokenizer_json(path))
        if "rust" not in loaders:
            print("error: the Rust package is needed to make the ids (pip install tokenizers)", file=sys.stderr)
            return 2
        if not header_done:
            versions = (f"{PACKAGES[lib]} {getattr(sys.modules[PACKAGES[lib]], '__version__', '?')}" for lib in loaders)
            print(f"versions: {', '.join(versions)}")
            print(f"Rust threads: {args.rust_threads or 'default (all cores)'}; {args.clock} clock, best of {args.repeat} runs")
            print(f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
            print("| tokenizer | corpus | method | ids | subword ids/s | Rust ids/s | subword MB/s | Rust MB/s | subword/Rust | same text |")
            print("|---|---|---|---:|---:|---:|---:|---:|---:|---|")
            header_done = True
        for corpus in args.corpus or DEFAULT_CORPORA:
            corpus_path = Path(corpus) if Path(corpus).is_file() else SHARED / "corpora" / corpus
            if not corpus_path.is_file():
                print(f"skipping corpus {corpus}: {corpus_path} not found")
                continue
            for row in bench_rows(path, corpus, sample_lines(corpus_path, args.lines), loaders, args):
                print(row, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
