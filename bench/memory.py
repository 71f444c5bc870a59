"""Peak memory of `encode` on one large string: subword against the Rust `tokenizers` package.

For every shared tokenizer.json (padding and truncation off) and each library, a fresh
subprocess loads the tokenizer, reads the text (the first `--size-mb` MB of a corpus, line
breaks kept: one string), resets its peak RSS (`/proc/self/clear_refs`), runs `encode(text)`
with the Encoding kept alive, and reports how far the peak RSS (`VmHWM`) rose over the RSS
before the call. The table gives both growths, the ratio subword/Rust (the speed issue's goal:
at most 2x) and whether the two libraries gave the same ids (a digest of them), with the CPU
seconds of the call for context. Linux only (it reads /proc).

    python bench/memory.py                          # 10 MB of en_prose through every fixture
    python bench/memory.py --tokenizer gpt2 --corpus zh --size-mb 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from encode import plain_tokenizer_json
from tokbench import corpus_text, tokenizer_files

REPO_ROOT = Path(__file__).resolve().parent.parent
LIBRARIES = {"subword": "subword", "rust": "tokenizers"}

# The child: load, read the text, reset the peak, encode, print the growth in KiB and an ids digest.
CHILD = """
import hashlib, json, sys, time
from array import array
import {module} as library

def status(field):
    with open("/proc/self/status") as lines:
        return next(int(line.split()[1]) for line in lines if line.startswith(field))

tokenizer = library.Tokenizer.from_file(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as file:
    text = file.read()
with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")  # the peak RSS starts again from the current RSS
before = status("VmRSS:")
start = time.process_time()
encoding = tokenizer.encode(text)
seconds = time.process_time() - start
peak = status("VmHWM:")
ids = encoding.ids
print(json.dumps({{
    "growth_kib": peak - before,
    "seconds": seconds,
    "count": len(ids),
    "digest": hashlib.sha256(array("q", ids).tobytes()).hexdigest(),
    "offsets_digest": hashlib.sha256(array("q", [i for pair in encoding.offsets for i in pair]).tobytes()).hexdigest(),
}}))
"""


def measure(module: str, tokenizer_path: Path, text_path: Path) -> dict[str, Any] | None:
    """One child's report, or None (with the reason printed) when it failed."""
    env = {**os.environ, "RAYON_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    result = subprocess.run(
        [sys.executable, "-c", CHILD.format(module=module), str(tokenizer_path), str(text_path)],
        capture_output=True,
        text=True,
        env=env,
    )
    if result.returncode != 0:
        print(f"{module} on {tokenizer_path.parent.name} failed: {result.stderr.strip().splitlines()[-1:]}")
        return None
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tokenizer", action="append", help="a fixture folder name prefix or a tokenizer.json path (repeatable; all by default)")
    parser.add_argument("--corpus", default="en_prose", help="a corpus name (see tokbench.py) or a text file")
    parser.add_argument("--size-mb", type=float, default=10.0, help="how many MB of the corpus make the string")
    args = parser.parse_args(argv)
    if not Path("/proc/self/clear_refs").exists():
        print("bench/memory.py needs Linux's /proc/self/clear_refs")
        return 1
    size = int(args.size_mb * 1_000_000)
    text = corpus_text(args.corpus, size)
    if text is None:
        print(f"no corpus {args.corpus!r}")
        return 1
    text = text.encode("utf-8")[:size].decode("utf-8", errors="ignore")
    print("command: python bench/memory.py " + shlex.join(argv if argv is not None else sys.argv[1:]))
    print(f"python {platform.python_version()}; {args.corpus}: {len(text.encode('utf-8')) / 1e6:.2f} MB, {text.count(chr(10))} line breaks, one string")
    print()
    print("| tokenizer | ids | subword peak growth MB | Rust peak growth MB | subword/Rust | subword CPU s | Rust CPU s | same ids, offsets |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        text_path = Path(folder) / "text.txt"
        text_path.write_text(text, encoding="utf-8")
        for path in tokenizer_files(args.tokenizer):
            plain = Path(folder) / "tokenizer.json"
            plain.write_text(plain_tokenizer_json(path), encoding="utf-8")
            reports = {name: measure(module, plain, text_path) for name, module in LIBRARIES.items()}
            ours, theirs = reports["subword"], reports["rust"]
            if ours is None or theirs is None:
                continue
            ratio = ours["growth_kib"] / max(theirs["growth_kib"], 1)
            worst = max(worst, ratio)
            same = ours["digest"] == theirs["digest"] and ours["offsets_digest"] == theirs["offsets_digest"]
            print(
                f"| {path.parent.name} | {ours['count']:,} | {ours['growth_kib'] / 1024:.0f} | {theirs['growth_kib'] / 1024:.0f} "
                f"| {ratio:.2f} | {ours['seconds']:.2f} | {theirs['seconds']:.2f} | {'yes' if same else 'NO'} |"
            )
    print()
    print(f"largest ratio subword/Rust: {worst:.2f} (goal: at most 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
