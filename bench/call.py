"""The transformers call, `tok(texts, ...)`: subword.transformers against transformers, same folder, same texts.

For each fixture folder (BERT, GPT-2, RoBERTa, T5, Llama 2, and Mistral 7B, which has Llama 2's
tokenizer class and algorithm) both `AutoTokenizer`s load the folder (transformers': its fast
tokenizer) and make two calls on the same lines of en_prose.txt:

    tok(texts, padding=True, truncation=True, max_length=128, return_tensors="np")
    tok(texts)

all the texts in one call, or in calls of --batch-size texts as a DataLoader makes them. Each
library runs at its default parallelism (the Rust package behind transformers uses every core,
subword its worker pool for a large call, one core for a small one). It prints MB/s of UTF-8 input (best of --repeat runs, each on freshly loaded
tokenizers, loading not timed; with --warm, each run's tokenizers first make the same calls once,
untimed, as a model's tokenizer has by its second batch), the ratio subword/transformers and
whether the outputs are equal:
same keys, and for every key the same values (arrays: same dtype, shape and elements). Folders
without a pad token get one, the same on both sides (eos, else unk, else PAD_TOKENS).

    python bench/call.py                                  # 4000 lines, one call per folder and kind
    python bench/call.py --batch-size 32 --folder gpt2 --lines 1000
    python bench/call.py --batch-size 32 --warm             # word caches filled by an untimed pass
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import sys
import time
import warnings
from pathlib import Path
from typing import Any, Callable

from encode import SHARED, sample_lines

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # local folders only
FOLDERS = ["bert-base-uncased", "gpt2", "roberta-base", "t5", "llama2", "mistral-7b"]
# The pad token of folders whose files name no pad, eos nor unk token.
PAD_TOKENS = {"gpt2": "<|endoftext|>", "roberta-base": "<pad>"}
CALLS: dict[str, dict[str, Any]] = {
    "padding=True, truncation=True, max_length=128, np": dict(padding=True, truncation=True, max_length=128, return_tensors="np"),
    "tok(texts)": {},
}


def loaders(folder: Path) -> dict[str, Callable[[], Any]] | None:
    """{"subword": load, "transformers": load} for a folder both libraries can read, else None (with a message)."""
    try:
        import transformers
        from subword.transformers import AutoTokenizer
    except ImportError as error:
        print(f"skipping {folder.name}: {error} (pip install transformers numpy)")
        return None
    transformers.logging.set_verbosity_error()

    def loader(auto: Any) -> Callable[[], Any]:
        def load() -> Any:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tokenizer = auto.from_pretrained(str(folder))
            if tokenizer.pad_token is None:
                tokenizer.pad_token = tokenizer.eos_token or tokenizer.unk_token or PAD_TOKENS.get(folder.name)
            return tokenizer

        return load

    found = {"subword": loader(AutoTokenizer), "transformers": loader(transformers.AutoTokenizer)}
    for library, load in found.items():
        try:
            tokenizer = load()
        except Exception as error:  # noqa: BLE001 - any failure to load means this folder is skipped
            hint = "" if (folder / "tokenizer.json").is_file() else "; transformers reads a bare .model only with protobuf installed"
            print(f"skipping {folder.name}: {library} cannot load it ({type(error).__name__}: {str(error)[:120]}{hint})")
            return None
        if library == "transformers" and not tokenizer.is_fast:
            print(f"skipping {folder.name}: transformers gave a slow tokenizer")
            return None
    return found


def same_output(ours: Any, theirs: Any) -> bool:
    """Equal BatchEncodings: the same keys, equal values, arrays of the same dtype and shape."""
    import numpy as np

    if sorted(ours.keys()) != sorted(theirs.keys()):
        return False
    for key in ours.keys():
        a, b = ours[key], theirs[key]
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
                return False
            if a.dtype != b.dtype or a.shape != b.shape or not np.array_equal(a, b):
                return False
        elif a != b:
            return False
    return True


def best_time(
    load: Callable[[], Any], batches: list[list[str]], options: dict[str, Any], repeat: int, warm: bool
) -> tuple[float, list]:
    """The shortest of `repeat` timings of calling a fresh tokenizer on every batch (after an
    untimed pass over them if `warm`), and the outputs of the last run."""
    best, outputs = float("inf"), []
    for _ in range(repeat):
        tokenizer = load()
        if warm:
            for batch in batches:
                tokenizer(batch, **options)
        start = time.perf_counter()
        outputs = [tokenizer(batch, **options) for batch in batches]
        best = min(best, time.perf_counter() - start)
    return best, outputs


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run every folder and call, print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=4000, help="lines of en_prose.txt (default: 4000)")
    parser.add_argument("--batch-size", type=int, help="texts per call (default: all the lines in one call)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best counts (default: 3)")
    parser.add_argument("--warm", action="store_true", help="time each tokenizer after an untimed pass over the same calls")
    parser.add_argument("--folder", action="append", metavar="NAME", help=f"a folder under fixtures (default: {' '.join(FOLDERS)})")
    args = parser.parse_args(argv)
    if args.lines < 1 or args.repeat < 1 or (args.batch_size is not None and args.batch_size < 1):
        parser.error("--lines, --repeat and --batch-size must be at least 1")
    corpus = SHARED / "corpora" / "en_prose.txt"
    if not corpus.is_file():
        print(f"error: {corpus} not found (set SUBWORD_SHARED)", file=sys.stderr)
        return 2
    texts = sample_lines(corpus, args.lines)
    size = args.batch_size or len(texts)
    batches = [texts[i : i + size] for i in range(0, len(texts), size)]
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6

    print(f"command: {shlex.join(['python', 'bench/call.py', *(argv if argv is not None else sys.argv[1:])])}")
    runs = [(name, loaders(SHARED / "fixtures" / name)) for name in args.folder or FOLDERS]
    versions = [f"{name} {sys.modules[name].__version__}" for name in ("subword", "transformers", "tokenizers", "numpy") if name in sys.modules]
    print(f"python {platform.python_version()}, {os.cpu_count()} cores; versions: {', '.join(versions)}")
    print(f"{len(texts)} lines of {corpus.name}, {megabytes:.3f} MB, {len(batches)} call(s) of up to {size} texts")
    print(f"default parallelism; wall clock, best of {args.repeat} runs{', each after an untimed warm pass' if args.warm else ', cold caches'}")
    print(f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print("| folder | call | subword MB/s | transformers MB/s | subword/transformers | same output |")
    print("|---|---|---:|---:|---:|---|")
    for name, found in runs:
        if found is None:
            continue
        for label, options in CALLS.items():
            ours, our_outputs = best_time(found["subword"], batches, options, args.repeat, args.warm)
            theirs, their_outputs = best_time(found["transformers"], batches, options, args.repeat, args.warm)
            same = all(same_output(a, b) for a, b in zip(our_outputs, their_outputs))
            print(
                f"| {name} | {label} | {megabytes / ours:.3f} | {megabytes / theirs:.3f} | {theirs / ours:.3f} "
                f"| {'yes' if same else 'NO'} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
