"""Load time of subword and of the Rust `tokenizers` package, on every shared tokenizer.json.

For each fixture both libraries load the same file in one process, `--repeat` times, each load
fresh. A run times the load, then the first `encode` on the new tokenizer (tables built on
first use are paid there, so laziness hides nothing); the table gives the best load, the best
first encode and the best load + first encode of a run, each for both libraries, and the ratio
subword/Rust. A sample encode must give equal ids. Peak memory: tracemalloc's peak while subword
loads, and for both libraries the growth of the peak RSS (`ru_maxrss`) over a load in a fresh
subprocess. `--extras` also times the other loaders on the shared folders: `.model` files
(sentencepiece, `Tokenizer.from_sentencepiece`, `subword.sentencepiece.SentencePieceProcessor`),
GPT-2's `.tiktoken` file (tiktoken, `Tokenizer.from_tiktoken`) and `AutoTokenizer.from_pretrained`
(transformers, `subword.transformers`). CPU time (`time.process_time`), as the machine is
shared: figures are still noisy, so compare ratios from one run. See bench/README.md.

    python bench/load.py                  # 5 tokenizer.json files, best of 5
    python bench/load.py --repeat 9 --extras
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SUBWORD_SHARED", REPO_ROOT.parent / "shared"))
FIXTURES = SHARED / "fixtures"
NAMES = ["bert-base-uncased", "gpt2", "roberta-base", "t5", "mistral-7b"]
SAMPLE = "Hello world! The quick brown fox jumps over the lazy dog. Héllo wörld — 日本語のテキスト"
GPT2_PATTERN = r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""

# A child process: import the library, load once, print the growth of its peak RSS in KiB. VmHWM
# (Linux) rather than ru_maxrss, which a child started by fork + exec inherits from its parent.
RSS_CHILD = """
import resource, sys
import {module} as library
def peak():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
before = peak()
library.Tokenizer.from_file(sys.argv[1])
print(peak() - before)
"""


def best_runs(load: Callable[[], Any], first_use: Callable[[Any], Any], repeat: int) -> tuple[float, float, float]:
    """Best load, best first use and best load + first use (of one run), in CPU seconds."""
    loads, uses, totals = [], [], []
    for _ in range(repeat):
        start = time.process_time()
        loaded = load()
        middle = time.process_time()
        first_use(loaded)
        end = time.process_time()
        loads.append(middle - start)
        uses.append(end - middle)
        totals.append(end - start)
    return min(loads), min(uses), min(totals)


def tracemalloc_peak(load: Callable[[], Any]) -> float:
    """The peak of Python allocations while `load` runs, in MiB (the result is kept until then)."""
    tracemalloc.start()
    try:
        loaded = load()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del loaded
    return peak / 2**20


def rss_growth(module: str, path: Path) -> float | None:
    """The growth of the peak RSS over one load in a fresh process, in MiB; None if it fails."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run(
        [sys.executable, "-c", RSS_CHILD.format(module=module), str(path)], capture_output=True, text=True, env=env
    )
    if result.returncode != 0:
        return None
    return int(result.stdout.strip()) / 1024


def json_table(repeat: int, memory: bool) -> None:
    import subword
    import tokenizers

    print(f"## tokenizer.json: `Tokenizer.from_file`, then the first `encode` (CPU ms, best of {repeat})\n")
    print("| fixture | Rust load | subword load | ratio | Rust 1st encode | subword 1st encode "
          "| Rust load+1st | subword load+1st | ratio | same ids |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for name in NAMES:
        path = FIXTURES / name / "tokenizer.json"
        if not path.exists():
            print(f"| {name} | absent: {path} |")
            continue
        rust = best_runs(lambda: tokenizers.Tokenizer.from_file(str(path)), lambda t: t.encode(SAMPLE), repeat)
        ours = best_runs(lambda: subword.Tokenizer.from_file(str(path)), lambda t: t.encode(SAMPLE), repeat)
        same = tokenizers.Tokenizer.from_file(str(path)).encode(SAMPLE).ids == subword.Tokenizer.from_file(str(path)).encode(SAMPLE).ids
        ms = [f"{1000 * value:.1f}" for value in (rust[0], ours[0])]
        print(
            f"| {name} | {ms[0]} | {ms[1]} | {ours[0] / rust[0]:.2f} | {1000 * rust[1]:.2f} | {1000 * ours[1]:.2f} "
            f"| {1000 * rust[2]:.1f} | {1000 * ours[2]:.1f} | {ours[2] / rust[2]:.2f} | {'yes' if same else 'NO'} |"
        )
    if not memory:
        return
    print("\n## Peak memory of one load (MiB)\n")
    print("| fixture | subword tracemalloc peak | Rust peak-RSS growth | subword peak-RSS growth |")
    print("|---|---:|---:|---:|")
    for name in NAMES:
        path = FIXTURES / name / "tokenizer.json"
        if not path.exists():
            continue
        peak = tracemalloc_peak(lambda: subword.Tokenizer.from_file(str(path)))
        growths = [rss_growth(module, path) for module in ("tokenizers", "subword")]
        cells = ["failed" if value is None else f"{value:.1f}" for value in growths]
        print(f"| {name} | {peak:.1f} | {cells[0]} | {cells[1]} |")


def extras_table(repeat: int) -> None:
    """The other loaders, each against its reference package when that is installed."""
    import subword
    from subword.sentencepiece import SentencePieceProcessor
    from subword.transformers import AutoTokenizer

    rows: list[tuple[str, str, Callable[[], Any], Callable[[Any], Any]]] = []
    for folder in ("t5", "mistral-7b", "llama2"):
        model = next((p for p in (FIXTURES / folder).glob("*.model")), None)
        if model is None:
            continue
        try:
            import sentencepiece

            rows.append((f"{folder}/{model.name}", "sentencepiece", lambda m=model: sentencepiece.SentencePieceProcessor(model_file=str(m)), lambda s: s.encode(SAMPLE)))
        except ImportError:
            pass
        rows.append((f"{folder}/{model.name}", "subword SentencePieceProcessor", lambda m=model: SentencePieceProcessor(model_file=str(m)), lambda s: s.encode(SAMPLE)))
        rows.append((f"{folder}/{model.name}", "subword Tokenizer.from_sentencepiece", lambda m=model: subword.Tokenizer.from_sentencepiece(str(m)), lambda t: t.encode(SAMPLE)))
    ranks = FIXTURES / "gpt2" / "gpt2.tiktoken"
    if ranks.exists():
        try:
            import tiktoken
            from tiktoken.load import load_tiktoken_bpe

            def tiktoken_load() -> Any:
                return tiktoken.Encoding("gpt2", pat_str=GPT2_PATTERN, mergeable_ranks=load_tiktoken_bpe(str(ranks)), special_tokens={"<|endoftext|>": 50256})

            rows.append(("gpt2/gpt2.tiktoken", "tiktoken", tiktoken_load, lambda e: e.encode_ordinary(SAMPLE)))
        except ImportError:
            pass
        rows.append(("gpt2/gpt2.tiktoken", "subword Tokenizer.from_tiktoken", lambda: subword.Tokenizer.from_tiktoken(str(ranks), GPT2_PATTERN, {"<|endoftext|>": 50256}), lambda t: t.encode(SAMPLE)))
    for folder in ("bert-base-uncased", "roberta-base", "gpt2", "t5", "mistral-7b"):
        path = FIXTURES / folder
        try:
            import transformers

            rows.append((folder + "/", "transformers AutoTokenizer", lambda p=path: transformers.AutoTokenizer.from_pretrained(str(p)), lambda t: t(SAMPLE)))
        except ImportError:
            pass
        rows.append((folder + "/", "subword AutoTokenizer", lambda p=path: AutoTokenizer.from_pretrained(str(p)), lambda t: t(SAMPLE)))
    print(f"\n## Other loaders (CPU ms, best of {repeat})\n")
    print("| file | loader | load | 1st use | load+1st |")
    print("|---|---|---:|---:|---:|")
    for file, loader, load, first_use in rows:
        try:
            load_s, use_s, total_s = best_runs(load, first_use, repeat)
        except Exception as error:  # a reference package that cannot read the file: say so, go on
            print(f"| {file} | {loader} | failed: {type(error).__name__} | | |")
            continue
        print(f"| {file} | {loader} | {1000 * load_s:.1f} | {1000 * use_s:.2f} | {1000 * total_s:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="loads per library and file; the best counts")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory table (it starts subprocesses)")
    parser.add_argument("--extras", action="store_true", help="also time .model, .tiktoken and AutoTokenizer loading")
    args = parser.parse_args()
    try:
        import tokenizers
    except ImportError:
        sys.exit("bench/load.py compares with the Rust package: python -m pip install tokenizers")
    import subword

    print(f"Python {platform.python_version()} on {platform.machine()}, tokenizers {tokenizers.__version__}, "
          f"subword at {Path(subword.__file__).parent}; CPU time, a busy machine makes it noisy.\n")
    json_table(args.repeat, not args.no_memory)
    if args.extras:
        extras_table(args.repeat)


if __name__ == "__main__":
    main()
