"""One long line through a tokenizer: subword's encode and encode_batch_fast against the Rust package.

The text is a corpus file with every run of whitespace made one space (no line breaks), cut to
--bytes of UTF-8: for a tokenizer without a pre-tokenizer (Mistral, Llama 2) it is one word of a
million characters. Each call runs on a freshly loaded tokenizer (loading not timed, word cache
empty); CPU time (`time.process_time`), best of --rounds, as the machine is shared. With
--baseline DIR, the `subword` package inside DIR (say a `git archive` of main, unpacked) is timed
too, in the same process, under another name. Ids must be equal everywhere.

    python bench/long_line.py                                    # Mistral, 1 MB of en_prose.txt
    python bench/long_line.py --baseline /tmp/main --rounds 5    # old and new code side by side
    python bench/long_line.py --tokenizer path/to/tokenizer.json --corpus multilingual/ru.txt
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ["RAYON_NUM_THREADS"] = "1"  # before the Rust package is imported

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SUBWORD_SHARED", REPO_ROOT.parent / "shared"))


def long_line(corpus: Path, size: int) -> str:
    """The corpus as one line: whitespace runs made single spaces, cut to `size` bytes of UTF-8."""
    text = " ".join(corpus.read_text(encoding="utf-8").split())
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


def baseline_package(folder: Path, scratch: str) -> Any:
    """The `subword` package in `folder`, imported as `subword_baseline` (its imports are relative)."""
    shutil.copytree(folder / "subword", Path(scratch) / "subword_baseline")
    sys.path.insert(0, scratch)
    return importlib.import_module("subword_baseline")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokenizer", default="mistral-7b", help="a fixtures folder or a tokenizer.json path")
    parser.add_argument("--corpus", default="en_prose.txt", help="a file under ../shared/corpora, or a path")
    parser.add_argument("--bytes", type=int, default=1_000_000, help="UTF-8 bytes of the line (default: 1 MB)")
    parser.add_argument("--rounds", type=int, default=3, help="calls per figure; the best counts (default: 3)")
    parser.add_argument("--baseline", type=Path, help="a folder holding another version's `subword` package")
    args = parser.parse_args(argv)
    tokenizer = Path(args.tokenizer)
    if not tokenizer.is_file():
        tokenizer = SHARED / "fixtures" / args.tokenizer / "tokenizer.json"
    corpus = Path(args.corpus) if Path(args.corpus).is_file() else SHARED / "corpora" / args.corpus
    text = long_line(corpus, args.bytes)

    import subword
    import tokenizers

    with tempfile.TemporaryDirectory() as scratch:
        libraries = {"rust": tokenizers, "subword": subword}
        if args.baseline:
            libraries["baseline"] = baseline_package(args.baseline, scratch)
        print(f"python {platform.python_version()}, {os.cpu_count()} cores, tokenizers {tokenizers.__version__}")
        print(f"{tokenizer}, {len(text.encode('utf-8')):,} bytes of {corpus.name} in one line; load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
        best: dict[tuple[str, str], float] = {}
        ids: dict[tuple[str, str], list[int]] = {}
        for _ in range(args.rounds):
            for name, library in libraries.items():
                for method in ("encode",) if name == "rust" else ("encode", "encode_batch_fast"):
                    loaded = library.Tokenizer.from_file(str(tokenizer))
                    start = time.process_time()
                    encoding = loaded.encode(text) if method == "encode" else loaded.encode_batch_fast([text])[0]
                    seconds = time.process_time() - start
                    best[name, method] = min(best.get((name, method), seconds), seconds)
                    ids[name, method] = encoding.ids
    rust = best["rust", "encode"]
    print("| library | call | CPU s | x Rust | same ids |")
    print("|---|---|---:|---:|---|")
    for (name, method), seconds in best.items():
        same = "yes" if ids[name, method] == ids["rust", "encode"] else "NO"
        print(f"| {name} | {method} | {seconds:.3f} | {rust / seconds:.2f} | {same} |")
    return 0 if all(value == ids["rust", "encode"] for value in ids.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
