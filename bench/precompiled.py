"""The Precompiled normalizer alone: its quick path against the rule it is pinned to, and Rust.

`Precompiled.normalize` rewrites text char by char in one `translate` unless a grapheme cluster
of 2+ chars under 6 bytes is looked up whole or a char is removed (see
subword/normalizers/precompiled.py); `_normalize_by_rule` is the rule written plainly, grapheme
by grapheme, which tests/test_precompiled.py pins `normalize` to. With T5's charsmap, on 10 KiB
chunks of each corpus, this prints the MB/s (CPU clock, best of --repeat) of: the rule (on a
NormalizedString), `normalize` on a NormalizedString (the full path) and on a PlainString (the
ids path), and the Rust package's `normalize_str`; and whether all gave the same text.

    python bench/precompiled.py
    python bench/precompiled.py --chunks 20 --corpus multilingual/ar.txt
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import time
from pathlib import Path
from typing import Callable

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SUBWORD_SHARED", REPO_ROOT.parent / "shared"))
DEFAULT_CORPORA = ["en_prose.txt", "multilingual/zh.txt", "multilingual/ja.txt", "multilingual/ru.txt", "multilingual/hi.txt"]
CHUNK_BYTES = 10 * 1024


def chunks(path: Path, count: int) -> list[str]:
    """The first `count` 10 KiB chunks of the file, cut on char boundaries."""
    data = path.read_text(encoding="utf-8").encode("utf-8")
    out, start = [], 0
    while len(out) < count and start < len(data):
        end = min(start + CHUNK_BYTES, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:
            end += 1
        out.append(data[start:end].decode("utf-8"))
        start = end
    return out


def best_mbps(normalize: Callable[[str], str], texts: list[str], repeat: int) -> tuple[float, list[str]]:
    """The best MB/s of `repeat` passes of `normalize` over `texts`, and the last pass's output."""
    size = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    best, out = float("inf"), []
    for _ in range(repeat):
        start = time.process_time()
        out = [normalize(text) for text in texts]
        best = min(best, time.process_time() - start)
    return size / best, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=30, help="10 KiB chunks per corpus (default: 30)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the best counts (default: 3)")
    parser.add_argument("--corpus", action="append", help="a path, or a name under ../shared/corpora (repeatable)")
    args = parser.parse_args()

    from subword.core.normalized_string import NormalizedString
    from subword.core.plain_string import PlainString
    from subword.normalizers import Precompiled
    from subword.normalizers.precompiled import _normalize_by_rule
    from subword.text.charsmap import CharsMap

    data = base64.b64decode(
        json.loads((SHARED / "fixtures" / "t5" / "tokenizer.json").read_text("utf-8"))["normalizer"]["precompiled_charsmap"]
    )
    try:
        import tokenizers

        rust = tokenizers.normalizers.Precompiled(data)
    except ImportError:
        rust = None
        print("the Rust `tokenizers` package is not installed: its column is left out", file=sys.stderr)

    def by_rule(text: str) -> str:
        normalized = NormalizedString(text)
        changes = _normalize_by_rule(CharsMap(data), text)
        if changes is not None:
            normalized.transform(changes)
        return normalized.normalized

    def run(make: Callable[[str], NormalizedString]) -> Callable[[str], str]:
        normalizer = Precompiled(data)

        def normalize(text: str) -> str:
            normalized = make(text)
            normalizer.normalize(normalized)
            return normalized.normalized

        return normalize

    print(f"python {sys.version.split()[0]}, T5 charsmap, {args.chunks} chunks of 10 KiB, CPU clock, best of {args.repeat}")
    print("| corpus | rule | normalize (full) | normalize (ids) | Rust | same text |")
    print("|---|---:|---:|---:|---:|---|")
    for name in args.corpus or DEFAULT_CORPORA:
        path = Path(name) if Path(name).exists() else SHARED / "corpora" / name
        if not path.exists():
            print(f"{name}: not found, skipped", file=sys.stderr)
            continue
        texts = chunks(path, args.chunks)
        figures, outputs = [], []
        calls = [by_rule, run(NormalizedString), run(PlainString)] + ([rust.normalize_str] if rust else [])
        for call in calls:
            call(texts[0])  # warm the lookups' caches
            mbps, out = best_mbps(call, texts, args.repeat)
            figures.append(f"{mbps:.2f}")
            outputs.append(out)
        same = all(out == outputs[0] for out in outputs)
        print(f"| {path.name} | {' | '.join(figures)} | {'yes' if same else 'NO'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
