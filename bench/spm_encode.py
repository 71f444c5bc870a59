"""Encode throughput of sentencepiece models: subword, the `sentencepiece` package, the Rust package.

For T5 (unigram) and Llama 2 (BPE with byte fallback) it encodes the same lines, one at a time,
with: subword's SentencePieceProcessor; subword's Tokenizer from `Tokenizer.from_sentencepiece`;
sentencepiece's SentencePieceProcessor (one thread); and the Rust package, which loads
t5/tokenizer.json for T5 and our from_sentencepiece JSON for Llama (RAYON_NUM_THREADS=1).
It prints MB/s of UTF-8 input (best of --repeat runs, each with freshly loaded encoders so no
cache carries over), each figure's ratio to sentencepiece, and whether the ids equal
sentencepiece's.

    python bench/spm_encode.py                          # 2000 lines of en_prose.txt and zh.txt
    python bench/spm_encode.py --lines 500 --corpus multilingual/ru.txt
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import sys
import time
from pathlib import Path
from typing import Callable

os.environ.setdefault("RAYON_NUM_THREADS", "1")

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SUBWORD_SHARED", REPO_ROOT.parent / "shared"))
FIXTURES = SHARED / "fixtures"
MODELS = {
    "t5": (FIXTURES / "t5" / "spiece.model", FIXTURES / "t5" / "tokenizer.json"),
    "llama2": (FIXTURES / "llama2" / "tokenizer.model", None),
}
DEFAULT_CORPORA = ["en_prose.txt", "multilingual/zh.txt"]

Encoder = Callable[[str], list[int]]


def sample_lines(path: Path, count: int) -> list[str]:
    """`count` non-empty lines spread evenly over the whole file (all of them if it has fewer)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if len(lines) <= count:
        return lines
    step = len(lines) / count
    return [lines[int(i * step)] for i in range(count)]


def encoders(model_file: Path, rust_json: Path | None) -> dict[str, Encoder]:
    """name -> a function encoding one line to ids, for every library that imports."""
    from subword import Tokenizer
    from subword.sentencepiece import SentencePieceProcessor

    found: dict[str, Encoder] = {}
    ours = SentencePieceProcessor(model_file=str(model_file))
    found["subword SentencePieceProcessor"] = ours.encode
    pipeline = Tokenizer.from_sentencepiece(model_file)
    found["subword Tokenizer"] = lambda text: pipeline.encode(text, add_special_tokens=False).ids
    try:
        import sentencepiece
    except ImportError as error:
        print(f"skipping sentencepiece: {error}")
    else:
        theirs = sentencepiece.SentencePieceProcessor(model_file=str(model_file), num_threads=1)
        found["sentencepiece"] = theirs.encode
    try:
        import tokenizers
    except ImportError as error:
        print(f"skipping tokenizers: {error}")
    else:
        if rust_json is not None:
            rust = tokenizers.Tokenizer.from_file(str(rust_json))
            label = f"tokenizers ({rust_json.parent.name}/{rust_json.name})"
        else:
            rust = tokenizers.Tokenizer.from_str(pipeline.to_str())
            rust.encode_special_tokens = True
            label = "tokenizers (our from_sentencepiece JSON)"
        found[label] = lambda text: rust.encode(text, add_special_tokens=False).ids
    return found


def best_times(
    model_file: Path, rust_json: Path | None, lines: list[str], repeat: int
) -> dict[str, tuple[float, list]]:
    """label -> (best seconds, ids); every run loads fresh encoders, so no cache outlives a run."""
    results: dict[str, tuple[float, list]] = {}
    for _ in range(repeat):
        for label, encode in encoders(model_file, rust_json).items():
            start = time.perf_counter()
            ids = [encode(line) for line in lines]
            seconds = time.perf_counter() - start
            if label not in results or seconds < results[label][0]:
                results[label] = (seconds, ids)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=2000, help="lines per corpus file")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best counts")
    parser.add_argument("--corpus", action="append", help="a path, or a name under ../shared/corpora (repeatable)")
    parser.add_argument("--model", action="append", choices=sorted(MODELS), help="model(s) to run (default: all)")
    args = parser.parse_args()
    print(f"$ python {shlex.join(sys.argv)}")
    threads = os.environ["RAYON_NUM_THREADS"]
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}; RAYON_NUM_THREADS={threads}")
    for name in args.model or sorted(MODELS, reverse=True):
        model_file, rust_json = MODELS[name]
        if not model_file.exists():
            print(f"skipping {name}: {model_file} is absent")
            continue
        for corpus in args.corpus or DEFAULT_CORPORA:
            path = Path(corpus) if Path(corpus).exists() else SHARED / "corpora" / corpus
            if not path.exists():
                print(f"skipping {corpus}: absent")
                continue
            lines = sample_lines(path, args.lines)
            size = sum(len(line.encode("utf-8")) for line in lines) / 1e6
            print(f"\n### {name}, {path.name}: {len(lines)} lines, {size:.2f} MB\n")
            print("| encoder | MB/s | / sentencepiece | ids = sentencepiece |")
            print("|---|---:|---:|---|")
            results = best_times(model_file, rust_json, lines, args.repeat)
            reference = results.get("sentencepiece")
            for label, (seconds, ids) in results.items():
                ratio, same = "-", "-"
                if reference:
                    ratio = f"{reference[0] / seconds:.3f}"
                    differ = sum(a != b for a, b in zip(ids, reference[1]))
                    same = "yes" if not differ else f"no ({differ} lines differ)"
                print(f"| {label} | {size / seconds:.2f} | {ratio} | {same} |")


if __name__ == "__main__":
    main()
