"""subword's `encode_batch` over its worker pool against the Rust package's over its threads.

Both libraries at their default parallelism (one worker / thread per CPU), on the same lines,
checking equal ids. Prints wall seconds (best of --repeat), the CPU seconds spent (subword: its
own process plus its workers; Rust: its threads), and the ratio subword/Rust. subword's first
call also starts the pool: that call is reported apart ("cold"). A busy machine makes every
figure noisy: run it more than once.

    python bench/parallel.py                        # BERT uncased, 20,000 lines of en_prose.txt
    python bench/parallel.py --method encode_batch_fast --lines 5000
    python bench/parallel.py --padding                 # both pad each batch to its longest
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from encode import DEFAULT_TOKENIZER, SHARED, plain_tokenizer_json, sample_lines

import subword
from subword.core import pool


def workers_cpu_seconds() -> float:
    """CPU seconds used so far by the pool's workers (Linux /proc; 0 elsewhere)."""
    total = 0.0
    for pid in pool.worker_pids():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def timed(call, repeat: int, with_workers: bool) -> tuple[float, float, object]:
    """(best wall seconds, CPU seconds of that run, result)."""
    best = (float("inf"), 0.0, None)
    for _ in range(repeat):
        workers_before, cpu_before, start = workers_cpu_seconds() if with_workers else 0.0, time.process_time(), time.perf_counter()
        result = call()
        wall = time.perf_counter() - start
        cpu = time.process_time() - cpu_before + ((workers_cpu_seconds() - workers_before) if with_workers else 0.0)
        if wall < best[0]:
            best = (wall, cpu, result)
    return best


def read_ids(encodings: list) -> tuple[float, list]:
    """(seconds, ids): every Encoding's `.ids` read once, as a caller of the batch would."""
    start = time.perf_counter()
    ids = [encoding.ids for encoding in encodings]
    return time.perf_counter() - start, ids


def same_fields(ours, rust) -> bool:
    """Whether two Encodings agree on every per-token field and on their sequence ranges."""
    fields = ("ids", "type_ids", "tokens", "offsets", "word_ids", "special_tokens_mask", "attention_mask")
    same = all(getattr(ours, field) == getattr(rust, field) for field in fields)
    return same and [ours.token_to_sequence(i) for i in range(len(ours))] == [rust.token_to_sequence(i) for i in range(len(rust))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpora" / "en_prose.txt")
    parser.add_argument("--tokenizer", type=Path, default=DEFAULT_TOKENIZER)
    parser.add_argument("--method", choices=["encode_batch", "encode_batch_fast"], default="encode_batch")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--padding", action="store_true", help="both tokenizers pad each batch to its longest (enable_padding())")
    args = parser.parse_args(argv)

    import tokenizers

    lines = sample_lines(args.corpus, args.lines)
    megabytes = sum(len(line.encode("utf-8")) for line in lines) / 1e6
    text = plain_tokenizer_json(args.tokenizer)
    ours = subword.Tokenizer.from_str(text)
    rust = tokenizers.Tokenizer.from_str(text)
    if args.padding:
        ours.enable_padding()
        rust.enable_padding()
    rust_method = "encode_batch" if args.method == "encode_batch" else "encode_batch_fast"

    padded = ", padded to the longest" if args.padding else ""
    print(f"{len(lines)} lines ({megabytes:.2f} MB) of {args.corpus.name}, {args.tokenizer.parent.name}, {args.method}{padded}")
    print(f"subword workers: {pool.num_workers()}  Rust threads: default  CPUs: {os.cpu_count()}  load: {os.getloadavg()[0]:.1f}")
    cold = time.perf_counter()
    getattr(ours, args.method)(lines)
    print(f"subword cold (starts the pool):  {time.perf_counter() - cold:7.2f} s")
    ours_wall, ours_cpu, ours_result = timed(lambda: getattr(ours, args.method)(lines), args.repeat, True)
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    alone_wall, alone_cpu, _ = timed(lambda: getattr(ours, args.method)(lines), 1, False)
    del os.environ["TOKENIZERS_PARALLELISM"]
    rust_wall, rust_cpu, rust_result = timed(lambda: getattr(rust, rust_method)(lines), args.repeat, False)
    ours_read, ours_ids = read_ids(ours_result)
    rust_read, rust_ids = read_ids(rust_result)
    same = ours_ids == rust_ids and all(map(same_fields, ours_result, rust_result))  # type: ignore[arg-type]
    print(f"subword pooled:                  {ours_wall:7.2f} s wall {ours_cpu:7.2f} s CPU  {megabytes / ours_wall:6.2f} MB/s")
    print(f"subword in-process:              {alone_wall:7.2f} s wall {alone_cpu:7.2f} s CPU  speed-up of the pool {alone_wall / ours_wall:.2f}x")
    print(f"Rust tokenizers:                 {rust_wall:7.2f} s wall {rust_cpu:7.2f} s CPU  {megabytes / rust_wall:6.2f} MB/s")
    print(f"then .ids of every Encoding:     subword {ours_read * 1000:.0f} ms, Rust {rust_read * 1000:.0f} ms (after the timed calls)")
    print(f"speed subword/Rust (wall time):  {rust_wall / ours_wall:7.2f}x   every field equal: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
