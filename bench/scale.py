"""Scaling to large corpora: counting and tokenize-corpus on 1 and 2 workers, and BPE training
from files against the Rust `tokenizers` package, time and peak memory.

The corpus (`--size-mb`, default 200) is built in a temporary folder from the shared corpora:
their lines, shuffled with a fixed seed, repeated until the size is reached, in 4 files. Every
measurement runs in a fresh child process (SUBWORD_NUM_WORKERS / RAYON_NUM_THREADS set for it):

    count     subword.count_words_in_files, byte-level BPE pipeline, 1 and 2 workers (counts equal?)
    train     byte-level BPE, vocab 32,000, from the files: subword (all cores) and Rust (its
              default parallelism); same model?
    tokenize  subword.tokenize_corpus with the GPT-2 tokenizer, 1 and 2 workers (same shards?)

CPU seconds (user + system of the child and its workers, from `os.wait4`) show the work done:
on a busy machine the wall-clock ratio of 2 workers to 1 is capped by the cores free, while a
CPU-seconds ratio near 1.0 says the pool adds little work, so the speed-up on 2 idle cores
would be near 2x. Peak memory: `ru_maxrss` of the child (from `os.wait4`: its largest single process, workers
included once they are reaped), and the most the child and its workers held at one time (the sum
of their resident sizes, read from /proc every 20 ms; Linux only).

    python bench/scale.py --size-mb 20                  # small, to check it works
    python bench/scale.py                               # the 200 MB figure (many minutes)
    python bench/scale.py --only train                  # one step
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SUBWORD_SHARED", REPO_ROOT.parent / "shared"))
CORPORA = SHARED / "corpora"
GPT2 = SHARED / "fixtures" / "gpt2" / "tokenizer.json"
VOCAB_SIZE = 32_000
FILES = 4


def build_corpus(folder: Path, size_mb: float) -> list[Path]:
    """FILES files of shuffled shared-corpus lines, `size_mb` MB in all."""
    lines = [line for path in sorted(CORPORA.rglob("*.txt")) for line in path.read_bytes().splitlines(keepends=True)
             if line.strip()]
    lines = [line if line.endswith(b"\n") else line + b"\n" for line in lines]
    rng = random.Random(13)
    target = int(size_mb * 1e6) // FILES
    paths = []
    for index in range(FILES):
        path = folder / f"corpus-{index}.txt"
        written = 0
        with open(path, "wb") as file:
            while written < target:
                rng.shuffle(lines)
                for line in lines:
                    file.write(line)
                    written += len(line)
                    if written >= target:
                        break
        paths.append(path)
    return paths


# -- the children -------------------------------------------------------------------------------


def _rss_mb(usage: int) -> float:
    return usage / 1e6 if sys.platform == "darwin" else usage / 1e3


def _byte_level(package):  # type: ignore[no-untyped-def]
    tokenizer = package.Tokenizer(package.models.BPE())
    tokenizer.pre_tokenizer = package.pre_tokenizers.ByteLevel(add_prefix_space=False)
    return tokenizer


def child(step: str, library: str, files: list[str], output: str) -> dict:
    """Run one step; return seconds, memory and a digest of the result."""
    import hashlib

    if library == "rust":
        import tokenizers as package
    else:
        import subword as package
        from subword.core import pool
    started = time.perf_counter()
    if step == "count":
        counts = package.count_words_in_files(_byte_level(package), files)
        digest = hashlib.sha256(json.dumps(sorted(counts.items())).encode()).hexdigest()[:16]
        extra = {"words": len(counts)}
    elif step == "train":
        tokenizer = _byte_level(package)
        trainer = package.trainers.BpeTrainer(vocab_size=VOCAB_SIZE, show_progress=False,
                                              initial_alphabet=package.pre_tokenizers.ByteLevel.alphabet())
        tokenizer.train(files, trainer)
        model = json.loads(tokenizer.to_str())["model"]
        digest = hashlib.sha256(json.dumps(model, sort_keys=True).encode()).hexdigest()[:16]
        extra = {"vocab": tokenizer.get_vocab_size()}
    else:
        tokenizer = package.Tokenizer.from_file(str(GPT2))
        manifest = package.tokenize_corpus(tokenizer, files, output)
        digest = hashlib.sha256(b"".join(Path(output, s["file"]).read_bytes() for s in manifest["shards"])).hexdigest()[:16]
        extra = {"tokens": manifest["tokens"]}
    seconds = time.perf_counter() - started
    if library == "subword":
        pool.shutdown()  # reap the workers, so that their peak shows in the parent's wait4
    return {"seconds": seconds, "digest": digest, **extra}


def measure(step: str, library: str, files: list[Path], workers: int | None, folder: Path) -> dict:
    """One child process for one step; its report, with the process's peak from RUSAGE_CHILDREN."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    if workers is not None:
        env["SUBWORD_NUM_WORKERS"] = str(workers)
    output = folder / f"shards-{library}-{workers}"
    command = [sys.executable, __file__, "--child", step, library, str(output), *map(str, files)]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=env, cwd=REPO_ROOT)
        peak = [0]
        sampler = threading.Thread(target=_sample_tree_rss, args=(process.pid, peak), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)  # this child's rusage: its largest process, reaped workers too
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"{step} {library} failed:\n{err.read()}")
        report = json.loads(out.read().strip().splitlines()[-1])
    report["max_process_mb"] = _rss_mb(usage.ru_maxrss)
    report["cpu"] = usage.ru_utime + usage.ru_stime  # the child and its reaped workers
    report["together_mb"] = peak[0] / 1e3
    return report


def _sample_tree_rss(pid: int, peak: list[int]) -> None:
    """Keep in `peak[0]` the largest sum of resident kB of `pid` and its children seen, until `pid` ends."""
    while os.path.exists(f"/proc/{pid}/stat"):
        total = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                if int(entry) != pid and parent != pid:
                    continue
                with open(f"/proc/{entry}/status") as status:
                    total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
            except (OSError, ValueError, StopIteration, IndexError):  # gone meanwhile, or a zombie
                continue
        peak[0] = max(peak[0], total)
        time.sleep(0.02)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=200, help="corpus size in MB (default 200)")
    parser.add_argument("--only", action="append", choices=["count", "train", "tokenize"], help="repeatable (default: all)")
    parser.add_argument("--child", nargs=3, metavar=("STEP", "LIBRARY", "OUTPUT"), help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child[:2], args.files, args.child[2])))
        return
    if not CORPORA.exists():
        raise SystemExit(f"{CORPORA} is absent (set SUBWORD_SHARED to the shared/ folder)")
    import tokenizers

    steps = args.only or ["count", "train", "tokenize"]
    with open("/proc/loadavg") as loadavg:
        load = " ".join(loadavg.read().split()[:3])
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        files = build_corpus(folder, args.size_mb)
        size = sum(path.stat().st_size for path in files) / 1e6
        print(f"corpus: {size:.1f} MB in {len(files)} files; Python {platform.python_version()}, "
              f"tokenizers {tokenizers.__version__}, {os.cpu_count()} cores, load average before: {load}")
        print()
        print("| step | library | workers | wall s | CPU s (all processes) | MB/s | peak MB (largest process) | "
              "peak MB (all processes at once) | result |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---|")

        def row(step: str, library: str, workers: str, report: dict) -> None:
            result = {k: report[k] for k in ("words", "vocab", "tokens") if k in report}
            print(f"| {step} | {library} | {workers} | {report['seconds']:.1f} | {report['cpu']:.1f} | {size / report['seconds']:.2f} | "
                  f"{report['max_process_mb']:.0f} | {report['together_mb']:.0f} | {result} {report['digest']} |", flush=True)

        ratios = []
        for step in ("count", "tokenize"):
            if step in steps:
                one = measure(step, "subword", files, 1, folder)
                row(step, "subword", "1", one)
                two = measure(step, "subword", files, 2, folder)
                row(step, "subword", "2", two)
                same = "same result" if one["digest"] == two["digest"] else "DIFFERENT RESULTS"
                ratios.append(f"{step}: 2 workers {one['seconds'] / two['seconds']:.2f}x 1 worker's speed (wall), "
                              f"CPU seconds {two['cpu'] / one['cpu']:.2f}x ({same})")
        if "train" in steps:
            ours = measure("train", "subword", files, None, folder)
            row("train", "subword", "default", ours)
            rust = measure("train", "rust", files, None, folder)
            row("train", "rust", "default", rust)
            same = "same model" if ours["digest"] == rust["digest"] else "DIFFERENT MODELS"
            ratios.append(f"train: subword {ours['seconds'] / rust['seconds']:.2f}x Rust's time, peak "
                          f"{ours['together_mb']:.0f} MB (all processes at once) vs {rust['together_mb']:.0f} MB ({same})")
        print()
        for line in ratios:
            print(line)


if __name__ == "__main__":
    main()
