"""Training time and peak memory of subword and of the Rust `tokenizers` package, in the same run.

Each (library, job) pair trains in a fresh child process, so its peak resident memory (the
`ru_maxrss` of that process) is its own; the resident memory after imports, before training, is
printed too. Jobs, on one corpus file read line by line (`Tokenizer.train` on the file):

    bpe        byte-level BPE (ByteLevel pre-tokenizer and alphabet), vocab 32,000
    wordpiece  uncased BERT WordPiece (BertNormalizer, BertPreTokenizer), vocab 30,000
    unigram    Metaspace + Unigram, vocab 8,000 (only if subword.models.unigram.trainer exists)

For the deterministic trainers (bpe) the script also checks that both produced the same model.
For bpe and unigram it also times `sentencepiece`'s trainer of the same kind and size on the same
file (character_coverage 1.0, identity normalization, as many threads as cores).

    python bench/train.py                               # ../shared/corpora/en_prose.txt, all jobs
    python bench/train.py --job bpe --rust-threads 1    # one job, the Rust trainer on one thread
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SUBWORD_SHARED", REPO_ROOT.parent / "shared"))
DEFAULT_CORPUS = SHARED / "corpora" / "en_prose.txt"
VOCAB_SIZES = {"bpe": 32_000, "wordpiece": 30_000, "unigram": 8_000}
EXACT_JOBS = {"bpe"}  # jobs whose Rust trainer is deterministic, so both models must be equal


def _peak_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1e3


def _current_mb() -> float:
    """This process's resident memory now, in MB (from /proc where available, else the peak)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        return _peak_mb()


def _build(library: str, job: str):
    """The untrained tokenizer and its trainer for `job`, from the `library` package's modules."""
    if library == "subword":
        import subword as package
        from subword import models, normalizers, pre_tokenizers, trainers
    else:
        import tokenizers as package
        from tokenizers import models, normalizers, pre_tokenizers, trainers
    vocab_size = VOCAB_SIZES[job]
    if job == "bpe":
        tokenizer = package.Tokenizer(models.BPE())
        tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        trainer = trainers.BpeTrainer(
            vocab_size=vocab_size, show_progress=False, initial_alphabet=pre_tokenizers.ByteLevel.alphabet()
        )
    elif job == "wordpiece":
        tokenizer = package.Tokenizer(models.WordPiece(unk_token="[UNK]"))
        tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
        tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        trainer = trainers.WordPieceTrainer(
            vocab_size=vocab_size, show_progress=False, special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        )
    else:
        tokenizer = package.Tokenizer(models.Unigram())
        tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
        trainer = trainers.UnigramTrainer(
            vocab_size=vocab_size, show_progress=False, special_tokens=["<unk>"], unk_token="<unk>"
        )
    return tokenizer, trainer


def _train_with(library: str, tokenizer, trainer, corpus: str) -> None:
    if library == "subword" and not hasattr(tokenizer, "train"):  # before Tokenizer.train is wired in
        from subword.tokenizer.training import train_tokenizer_from_files

        train_tokenizer_from_files(tokenizer, [corpus], trainer)
    else:
        tokenizer.train([corpus], trainer)


SENTENCEPIECE_JOBS = {"bpe", "unigram"}


def _train_sentencepiece(job: str, corpus: str, output: str) -> dict:
    import sentencepiece

    before = _current_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    sentencepiece.SentencePieceTrainer.train(
        input=corpus,
        model_prefix=output,
        model_type=job,
        vocab_size=VOCAB_SIZES[job],
        character_coverage=1.0,
        normalization_rule_name="identity",
        num_threads=os.cpu_count() or 1,
        minloglevel=2,
    )
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"wall": wall, "cpu": cpu, "before_mb": before, "peak_mb": _peak_mb(), "vocab": VOCAB_SIZES[job]}


def run_child(library: str, job: str, corpus: str, output: str) -> None:
    """Train once and print one JSON line: seconds (wall and CPU), memory before and at peak, vocab size."""
    if library == "sentencepiece":
        print(json.dumps(_train_sentencepiece(job, corpus, output)))
        return
    tokenizer, trainer = _build(library, job)
    before = _current_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    _train_with(library, tokenizer, trainer, corpus)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    Path(output).write_text(tokenizer.to_str(), encoding="utf-8")
    report = {"wall": wall, "cpu": cpu, "before_mb": before, "peak_mb": _peak_mb(), "vocab": tokenizer.get_vocab_size()}
    print(json.dumps(report))


def measure(library: str, job: str, corpus: Path, rust_threads: int | None, folder: str) -> dict:
    """Run one child process and return its report (with the path of the tokenizer it wrote)."""
    output = os.path.join(folder, f"{library}-{job}.json")
    env = dict(os.environ)
    if rust_threads is not None:
        env["RAYON_NUM_THREADS"] = str(rust_threads)
    command = [sys.executable, __file__, "--child", library, job, "--corpus", str(corpus), "--output", output]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO_ROOT)
    if result.returncode != 0:
        raise SystemExit(f"{library} {job} failed:\n{result.stderr}")
    return {**json.loads(result.stdout.strip().splitlines()[-1]), "output": output}


def same_model(first: str, second: str) -> bool:
    """Whether two tokenizer.json files hold the same model (vocabulary and merges)."""
    models = [json.loads(Path(path).read_text(encoding="utf-8"))["model"] for path in (first, second)]
    return models[0] == models[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"a UTF-8 text file ({DEFAULT_CORPUS})")
    parser.add_argument("--job", action="append", choices=sorted(VOCAB_SIZES), help="repeatable (default: all)")
    parser.add_argument("--rust-threads", type=int, help="RAYON_NUM_THREADS for the Rust trainer (default: all cores)")
    parser.add_argument("--child", nargs=2, metavar=("LIBRARY", "JOB"), help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(*args.child, str(args.corpus), args.output)
        return
    if not args.corpus.exists():
        raise SystemExit(f"corpus {args.corpus} is absent (set SUBWORD_SHARED to the shared/ folder)")
    jobs = args.job or sorted(VOCAB_SIZES)
    if "unigram" in jobs and importlib.util.find_spec("subword.models.unigram.trainer") is None:
        print("skipping unigram: subword.models.unigram.trainer does not exist yet")
        jobs.remove("unigram")
    import tokenizers

    size_mb = args.corpus.stat().st_size / 1e6
    print(f"corpus {args.corpus.name} ({size_mb:.1f} MB); Python {platform.python_version()}, "
          f"tokenizers {tokenizers.__version__}, {os.cpu_count()} cores, Rust threads: {args.rust_threads or 'all'}")
    print()
    print("| job | vocab | subword s (CPU s) | Rust s (CPU s) | time ratio | subword MB before/peak | "
          "Rust MB before/peak | same model | sentencepiece s (CPU s) | subword/sentencepiece | sentencepiece MB peak |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for job in jobs:
            ours = measure("subword", job, args.corpus, args.rust_threads, folder)
            rust = measure("rust", job, args.corpus, args.rust_threads, folder)
            same = ("yes" if same_model(ours["output"], rust["output"]) else "NO") if job in EXACT_JOBS else "n/a"
            spm = "- | - | -"
            if job in SENTENCEPIECE_JOBS and importlib.util.find_spec("sentencepiece") is not None:
                theirs = measure("sentencepiece", job, args.corpus, args.rust_threads, folder)
                spm = f"{theirs['wall']:.1f} ({theirs['cpu']:.1f}) | {ours['wall'] / theirs['wall']:.1f}x | {theirs['peak_mb']:.0f}"
            print(
                f"| {job} | {ours['vocab']} | {ours['wall']:.1f} ({ours['cpu']:.1f}) | {rust['wall']:.1f} "
                f"({rust['cpu']:.1f}) | {ours['wall'] / rust['wall']:.1f}x | {ours['before_mb']:.0f} / "
                f"{ours['peak_mb']:.0f} | {rust['before_mb']:.0f} / {rust['peak_mb']:.0f} | {same} | {spm} |"
            )


if __name__ == "__main__":
    main()
