"""Pretraining data: a corpus tokenized once into fixed-width numpy shards, on all cores, resumable.

    tokenize_corpus(tokenizer, ["a.txt", "b.txt"], "out/")   # subword tokenize-corpus -t T --output out/ a.txt b.txt

What it writes in the output folder:

- `shard_00000.bin`, `shard_00001.bin`, ...: raw little-endian token ids, `uint16` when every id
  of the tokenizer fits (ids < 65536), else `uint32`; every shard holds exactly `shard_tokens`
  ids except the last. Read one with `numpy.fromfile(path, dtype=manifest["dtype"])` or
  `numpy.memmap`. The stream is: for each document in order, its ids (`encode` without special
  tokens, padding or truncation) then the separator id; shards cut the stream anywhere, so a
  document may run on into the next shard.
- `manifest.json`, the index: the settings (tokenizer fingerprint = sha256 of its tokenizer.json
  text, separator token and id, dtype, shard size, how documents are read, the source files with
  their sizes and mtimes, subword's version), then each shard with its token count, the number of
  documents that end in it and where in the sources it starts, the totals, and `complete`.

Documents: one a line (line endings dropped), or with `jsonl_field` the string under that key of
each JSON line; empty documents are skipped. The separator is the tokenizer's end-of-text special
token (the first of `SEPARATOR_CANDIDATES` it has) unless `separator` names one.

Every file is written atomically (`core.files`), a shard before the manifest that lists it. Run
again with the same arguments after an interruption, the shards the manifest lists are kept and
the work goes on where the last one ended (the manifest records the document and the number of
its ids already written), giving byte for byte the output of an uninterrupted run; with other
arguments it refuses unless `overwrite=True`. The files are read a few MB at a time and encoded
by the worker processes (`subword.set_num_workers`), which read their own ranges and send back
arrays of ids; the parent only cuts and writes shards, so memory stays near one shard.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import deque
from importlib import metadata
from typing import TYPE_CHECKING, Any, Iterator, Sequence, Union

import numpy as np

from ..core.files import atomic_write_bytes, atomic_write_text, is_temporary
from ..core.inputs import check_flag, check_path
from ..core.line_ranges import LineRange, line_ranges
from ..errors import ArgumentTypeError, ArgumentValueError, type_name
from ..models.trainer import progress_bar
from ..tokenizer.training import check_files
from . import DEFAULT_SHARD_TOKENS
from .documents import EncodedRange, encode_ranges

if TYPE_CHECKING:
    from ..tokenizer.tokenizer import Tokenizer

PathLike = Union[str, "os.PathLike[str]"]

FORMAT = "subword-token-shards"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SEPARATOR_CANDIDATES = ("<|endoftext|>", "<|end_of_text|>", "</s>", "<eos>", "<|eos|>", "[EOS]")

Position = dict  # {"source": file index, "offset": byte offset of a document, "skip": its ids already written}


def tokenize_corpus(
    tokenizer: Tokenizer,
    files: Sequence[PathLike],
    output_dir: PathLike,
    *,
    separator: str | None = None,
    shard_tokens: int = DEFAULT_SHARD_TOKENS,
    jsonl_field: str | None = None,
    overwrite: bool = False,
    show_progress: bool = False,
) -> dict:
    """Tokenize the documents of `files` into shards and a manifest in `output_dir` (see the
    module docstring); return the manifest. Resumes an interrupted run of the same arguments."""
    paths = check_files(files)
    folder = check_path(output_dir, "output_dir")
    if not isinstance(shard_tokens, int) or isinstance(shard_tokens, bool):
        raise ArgumentTypeError(f"shard_tokens must be an int, got {type_name(shard_tokens)}")
    if shard_tokens < 1:
        raise ArgumentValueError(f"shard_tokens must be at least 1, got {shard_tokens}")
    if jsonl_field is not None and not isinstance(jsonl_field, str):
        raise ArgumentTypeError(f"jsonl_field must be a str or None, got {type_name(jsonl_field)}")
    settings = _settings(tokenizer, paths, separator, shard_tokens, jsonl_field)
    manifest = _start(folder, settings, check_flag(overwrite, "overwrite"))
    if not manifest["complete"]:
        _run(tokenizer, paths, folder, manifest, check_flag(show_progress, "show_progress"))
    return manifest


def separator_token(tokenizer: Tokenizer, separator: str | None = None) -> tuple[str, int]:
    """(token, id) of the document separator: `separator`, or the tokenizer's end-of-text token."""
    if separator is not None:
        if not isinstance(separator, str):
            raise ArgumentTypeError(f"separator must be a token (str), got {type_name(separator)}")
        token_id = tokenizer.token_to_id(separator)
        if token_id is None:
            raise ArgumentValueError(f"the separator {separator!r} is not a token of this tokenizer; add it first "
                                     "(tokenizer.add_special_tokens([...])) or pick one of its tokens")
        return separator, token_id
    specials = [t.content for t in tokenizer.get_added_tokens_decoder().values() if t.special]
    for candidate in SEPARATOR_CANDIDATES:
        if candidate in specials:
            return candidate, tokenizer.token_to_id(candidate)  # type: ignore[return-value]
    raise ArgumentValueError(
        f"this tokenizer has no end-of-text token ({', '.join(SEPARATOR_CANDIDATES)}) to separate documents "
        f"(its special tokens: {specials[:10]}); name one with separator=... (--separator TOKEN)"
    )


def _settings(tokenizer: Tokenizer, paths: list[str], separator: str | None, shard_tokens: int, jsonl_field: str | None) -> dict:
    """What decides the output: a run with other settings cannot continue this one's shards."""
    token, token_id = separator_token(tokenizer, separator)
    largest = max(tokenizer.get_vocab(with_added_tokens=True).values(), default=0)
    text = tokenizer.to_str()
    sources = []
    for path in paths:
        status = os.stat(path)
        sources.append({"path": os.path.abspath(path), "bytes": status.st_size, "mtime_ns": status.st_mtime_ns})
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tokenizer_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "encode_special_tokens": tokenizer.encode_special_tokens,
        "separator": {"token": token, "id": token_id},
        "dtype": "uint16" if largest < 2**16 else "uint32",
        "shard_tokens": shard_tokens,
        "read_as": "lines" if jsonl_field is None else {"jsonl_field": jsonl_field},
        "sources": sources,
    }


def _start(folder: str, settings: dict, overwrite: bool) -> dict:
    """The manifest to continue: the one in `folder` if its settings match, else a new one."""
    os.makedirs(folder, exist_ok=True)
    names = os.listdir(folder)
    for name in names:
        if is_temporary(name) and name.startswith((".shard_", f".{MANIFEST}")):
            os.unlink(os.path.join(folder, name))  # left by a process killed while writing
    ours = [name for name in names if name == MANIFEST or (name.startswith("shard_") and name.endswith(".bin"))]
    manifest_path = os.path.join(folder, MANIFEST)
    if ours and overwrite:
        for name in ours:
            os.unlink(os.path.join(folder, name))
    elif os.path.exists(manifest_path):
        with open(manifest_path, encoding="utf-8") as file:
            manifest = json.load(file)
        differing = [key for key in settings if manifest.get(key) != settings[key]]
        if differing:
            raise ArgumentValueError(
                f"{folder!r} holds shards made with other settings ({', '.join(differing)} differ); "
                "pass overwrite=True (--overwrite) to replace them, or another output folder"
            )
        for name in ours:  # a shard written after the manifest was: it is made again
            if name != MANIFEST and name not in {shard["file"] for shard in manifest["shards"]}:
                os.unlink(os.path.join(folder, name))
        return manifest  # type: ignore[no-any-return]
    elif ours:
        raise ArgumentValueError(f"{folder!r} holds shard files but no {MANIFEST}; pass overwrite=True (--overwrite) to replace them")
    return {**settings, "shards": [], "next": {"source": 0, "offset": 0, "skip": 0},
            "tokens": 0, "documents": 0, "complete": False, "subword_version": _version()}


def _run(tokenizer: Tokenizer, paths: list[str], folder: str, manifest: dict, show_progress: bool) -> None:
    """Encode from `manifest["next"]` on, writing each full shard and then the manifest."""
    start = manifest["next"]
    writer = _ShardWriter(folder, manifest)
    separator_id, field = manifest["separator"]["id"], _field(manifest)
    sizes = [os.path.getsize(path) for path in paths]
    done = sum(sizes[: start["source"]]) + start["offset"]
    sent: deque[tuple[int, LineRange]] = deque()  # (source, range) of the ranges out, in order

    def chunks() -> Iterator[list[LineRange]]:
        for source, line_range in _ranges_from(paths, start):
            sent.append((source, line_range))
            yield [line_range]

    with progress_bar(show_progress, sum(sizes), "Tokenizing corpus", unit="B") as bar:
        bar.unit_scale = True
        bar.update(done)
        skip = start["skip"]
        # One range per chunk, each sent to the next free worker as soon as it is free; the
        # results come back in order, and each is written while the workers go on.
        for [encoded] in tokenizer.stream_in_workers(encode_ranges, chunks(), (separator_id, field)):
            source, (_, begin, end) = sent.popleft()
            writer.add(source, encoded, skip, {"source": source, "offset": end, "skip": 0})
            skip = 0
            bar.update(end - begin)
    writer.finish()


def _ranges_from(paths: list[str], start: Position) -> Any:
    """(source index, range) of every range from the resume position on."""
    for source in range(start["source"], len(paths)):
        offset = start["offset"] if source == start["source"] else 0
        for path, begin, end in line_ranges([paths[source]]):
            if end > offset:
                yield source, (path, max(begin, offset), end)


class _ShardWriter:
    """Collects encoded ranges and writes each full shard, then the manifest that lists it.

    The pending ids are kept as numpy arrays, with, per pending document, where its ids end
    (counted from the first pending id), its source file and its byte offset: the parts of a
    range are joined only when a shard is cut.
    """

    def __init__(self, folder: str, manifest: dict) -> None:
        self.folder, self.manifest = folder, manifest
        self.size, self.dtype = manifest["shard_tokens"], np.dtype(manifest["dtype"]).newbyteorder("<")
        self.ids: list[Any] = []  # uint32 arrays of ids not yet in a shard
        self.ends: list[Any] = []  # int64 arrays: where each pending document ends
        self.sources: list[Any] = []  # int64 arrays: the file of each pending document
        self.offsets: list[Any] = []  # int64 arrays: where each pending document starts in its file
        self.pending = 0
        self.start: Position = manifest["next"]  # where the pending ids start
        self.after: Position = manifest["next"]  # where the input goes on after the pending ids

    def add(self, source: int, encoded: EncodedRange, skip: int, after: Position) -> None:
        """Take a range's ids (less the first `skip`, written before an interruption); write full shards."""
        ids, ends, offsets = encoded
        self.ids.append(ids[skip:])
        self.ends.append(ends + (self.pending - skip))
        self.sources.append(np.full(len(offsets), source, dtype=np.int64))
        self.offsets.append(offsets)
        self.pending += len(ids) - skip
        self.after = after
        while self.pending >= self.size:
            self._write(self.size)

    def finish(self) -> None:
        """Write the last, shorter shard (if any ids are left) and mark the manifest complete."""
        if self.pending:
            self._write(self.pending)
        self.manifest["complete"] = True
        self.manifest["next"] = self.after
        self._save_manifest()

    def _write(self, count: int) -> None:
        ids, ends, sources, offsets = (np.concatenate(parts) for parts in (self.ids, self.ends, self.sources, self.offsets))
        ended = int(np.searchsorted(ends, count, side="right"))  # documents whose last id is in the shard
        name = f"shard_{len(self.manifest['shards']):05d}.bin"
        atomic_write_bytes(os.path.join(self.folder, name), memoryview(ids[:count].astype(self.dtype)))  # type: ignore[arg-type]
        self.manifest["shards"].append({"file": name, "tokens": count, "documents": ended, "start": self.start})
        self.manifest["tokens"] += count
        self.manifest["documents"] += ended
        if ended < len(ends):  # the cut falls inside a document: a resume skips its ids written so far
            begin = int(ends[ended - 1]) if ended else -self.start["skip"]
            self.start = {"source": int(sources[ended]), "offset": int(offsets[ended]), "skip": count - begin}
        else:
            self.start = self.after
        self.manifest["next"] = self.start
        self.ids, self.ends = [ids[count:]], [ends[ended:] - count]
        self.sources, self.offsets = [sources[ended:]], [offsets[ended:]]
        self.pending -= count
        self._save_manifest()

    def _save_manifest(self) -> None:
        atomic_write_text(os.path.join(self.folder, MANIFEST), json.dumps(self.manifest, indent=1) + "\n")


def _field(manifest: dict) -> str | None:
    read_as = manifest["read_as"]
    return read_as["jsonl_field"] if isinstance(read_as, dict) else None


def _version() -> str:
    try:
        return metadata.version("subword")
    except metadata.PackageNotFoundError:
        return "unknown"
