"""Unigram training: subword against the Rust `tokenizers` package and sentencepiece, in one run.

Each library trains in its own child process (so `ru_maxrss` is its own peak memory), on one
corpus file, vocabulary 8,000:

    subword        Tokenizer(Unigram()) + Metaspace pre-tokenizer, `tokenizer.train([file], UnigramTrainer)`
    rust           the same with the `tokenizers` package
    sentencepiece  SentencePieceTrainer.train, settings as close to Metaspace + Unigram as it has
                   (see SPM_OPTIONS; its own C++ threads: --threads, default 2)

All three use the unknown token "<unk>" as their only special piece. After training (outside the
timing and the memory peak) each child measures tokens per byte on held-out text (the first
300 kB of wikitext.txt). The parent prints times, peaks, ratios to Rust, and the vocabulary
overlaps.

    python bench/train_unigram.py                                   # ../shared/corpora/en_prose.txt
    python bench/train_unigram.py --corpus other.txt --only subword,rust
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
SHARED = Path(os.environ.get("SUBWORD_SHARED", REPO_ROOT.parent / "shared"))
DEFAULT_CORPUS = SHARED / "corpora" / "en_prose.txt"
HELD_OUT = SHARED / "corpora" / "wikitext.txt"
LIBRARIES = ("subword", "rust", "sentencepiece")
SPM_OPTIONS = dict(
    model_type="unigram",
    character_coverage=1.0,
    normalization_rule_name="identity",
    remove_extra_whitespaces=False,
    add_dummy_prefix=True,
    split_by_whitespace=True,
    split_by_unicode_script=False,
    split_by_number=False,
    split_digits=False,
    max_sentencepiece_length=16,
    byte_fallback=False,
    unk_id=0,
    bos_id=-1,
    eos_id=-1,
    minloglevel=2,
)


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1e3


def _held_out_lines() -> list[str]:
    text = HELD_OUT.read_text(encoding="utf-8")[:300_000] if HELD_OUT.exists() else ""
    return [line for line in text.splitlines() if line.strip()]


def _train_tokenizers(library: str, corpus: str, vocab_size: int):
    """Train with subword or the Rust package; returns (seconds, tokenizer, vocab pieces)."""
    if library == "subword":
        from subword import Tokenizer, models, pre_tokenizers, trainers
    else:
        from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    tokenizer = Tokenizer(models.Unigram())
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
    trainer = trainers.UnigramTrainer(
        vocab_size=vocab_size, unk_token="<unk>", special_tokens=["<unk>"], show_progress=False
    )
    start = time.perf_counter()
    tokenizer.train([corpus], trainer)
    seconds = time.perf_counter() - start
    pieces = [piece for piece, _ in json.loads(tokenizer.to_str())["model"]["vocab"]]
    return seconds, tokenizer, pieces


def child(library: str, corpus: str, vocab_size: int, threads: int, folder: str) -> dict:
    """Train one library; the measures as a dict (printed as JSON by the child process)."""
    held_out = _held_out_lines()
    n_bytes = sum(len(line.encode("utf-8")) for line in held_out) or 1
    if library == "sentencepiece":
        import sentencepiece as spm

        start = time.perf_counter()
        spm.SentencePieceTrainer.train(
            input=corpus, model_prefix=os.path.join(folder, "spm"), vocab_size=vocab_size, num_threads=threads,
            **SPM_OPTIONS,
        )
        seconds = time.perf_counter() - start
        peak = _peak_mb()
        processor = spm.SentencePieceProcessor(model_file=os.path.join(folder, "spm.model"))
        pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
        tokens = sum(len(ids) for ids in processor.encode(held_out))
    else:
        seconds, tokenizer, pieces = _train_tokenizers(library, corpus, vocab_size)
        peak = _peak_mb()
        tokens = sum(len(encoding.ids) for encoding in tokenizer.encode_batch(held_out))
    with open(os.path.join(folder, f"{library}.json"), "w", encoding="utf-8") as handle:
        json.dump(pieces, handle)
    return {"seconds": seconds, "peak_mb": peak, "vocab": len(pieces), "tokens_per_byte": tokens / n_bytes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--vocab-size", type=int, default=8000)
    parser.add_argument("--only", default=",".join(LIBRARIES), help="comma-separated: " + ", ".join(LIBRARIES))
    parser.add_argument("--threads", type=int, default=2, help="sentencepiece's num_threads")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.corpus, args.vocab_size, args.threads, args.folder)))
        return
    libraries = [name for name in args.only.split(",") if name]
    size_mb = os.path.getsize(args.corpus) / 1e6
    print(f"Unigram {args.vocab_size} on {args.corpus} ({size_mb:.1f} MB), python {sys.version.split()[0]}")
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for library in libraries:
            command = [sys.executable, __file__, "--child", library, "--corpus", args.corpus, "--folder", folder,
                       "--vocab-size", str(args.vocab_size), "--threads", str(args.threads)]
            output = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT)
            if output.returncode != 0:
                print(f"{library}: failed\n{output.stderr[-2000:]}")
                continue
            results[library] = json.loads(output.stdout.strip().splitlines()[-1])
            r = results[library]
            print(f"  {library:<14} {r['seconds']:7.1f} s   peak {r['peak_mb']:7.0f} MB   "
                  f"vocab {r['vocab']}   held-out tokens/byte {r['tokens_per_byte']:.4f}")
        vocabularies = {name: set(json.load(open(os.path.join(folder, f"{name}.json"), encoding="utf-8")))
                        for name in results}
    if "subword" in results:
        for other in ("rust", "sentencepiece"):
            if other in results:
                ours, theirs = results["subword"], results[other]
                overlap = len(vocabularies["subword"] & vocabularies[other]) / len(vocabularies[other])
                print(f"  subword / {other}: time x{ours['seconds'] / theirs['seconds']:.2f}, "
                      f"peak memory x{ours['peak_mb'] / theirs['peak_mb']:.2f}, "
                      f"tokens/byte x{ours['tokens_per_byte'] / theirs['tokens_per_byte']:.4f}, "
                      f"vocabulary overlap {overlap:.4f}")


if __name__ == "__main__":
    main()
