"""Reading and writing ranks as `tiktoken.load` does, from local files and tiktoken's cache; never downloading.

tiktoken keeps each downloaded file in a cache folder (`TIKTOKEN_CACHE_DIR`, else
`DATA_GYM_CACHE_DIR`, else `<temp dir>/data-gym-cache`; an empty value turns the cache off),
named by the sha1 hex digest of its URL. subword reads that folder the same way, so files
tiktoken downloaded are found; a URL whose file is not there is a `NotCachedError` saying where
to put it. A local path is read directly (after the cache, as tiktoken looks there first too),
but, unlike tiktoken, no copy of it is written to the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile

from ..core.files import atomic_write_bytes
from ..errors import NotCachedError, TokenizerFileError
from ..formats.tiktoken import parse_tiktoken_bpe
from ..formats.tiktoken_write import tiktoken_bytes
from ..text.byte_level import BYTE_TO_CHAR


def cache_dir() -> str:
    """The folder tiktoken caches downloads in ("" when caching is off)."""
    if "TIKTOKEN_CACHE_DIR" in os.environ:
        return os.environ["TIKTOKEN_CACHE_DIR"]
    if "DATA_GYM_CACHE_DIR" in os.environ:
        return os.environ["DATA_GYM_CACHE_DIR"]
    return os.path.join(tempfile.gettempdir(), "data-gym-cache")


def cache_path(blobpath: str) -> str:
    """Where tiktoken caches `blobpath`: the sha1 hex digest of the URL, in `cache_dir()`.

    >>> os.path.basename(cache_path("https://openaipublic.blob.core.windows.net/encodings/r50k_base.tiktoken"))
    '0ea1e91bbb3a60f729a8dc8f777fd2fc07cd8df4'
    """
    return os.path.join(cache_dir(), hashlib.sha1(blobpath.encode()).hexdigest())


def read_file(blobpath: str) -> bytes:
    """The bytes of a local file; a URL (anything with "://") is a NotCachedError: subword never downloads."""
    if "://" in blobpath:
        raise NotCachedError(_not_cached(blobpath))
    with open(blobpath, "rb") as handle:
        return handle.read()


def check_hash(data: bytes, expected_hash: str) -> bool:
    """Whether the sha256 hex digest of `data` is `expected_hash`."""
    return hashlib.sha256(data).hexdigest() == expected_hash


def read_file_cached(blobpath: str, expected_hash: str | None = None) -> bytes:
    """The bytes of `blobpath`, from tiktoken's cache if it holds them (with the expected sha256),
    else from the local file; a URL not in the cache is a NotCachedError naming the file to add."""
    folder = cache_dir()
    if folder:
        cached = os.path.join(folder, hashlib.sha1(blobpath.encode()).hexdigest())
        if os.path.exists(cached):
            with open(cached, "rb") as handle:
                data = handle.read()
            if expected_hash is None or check_hash(data, expected_hash):
                return data
            if "://" in blobpath:  # tiktoken deletes it and downloads again; subword cannot
                raise TokenizerFileError(
                    f"{cached} (the cached copy of {blobpath}) has sha256 {hashlib.sha256(data).hexdigest()}, "
                    f"expected {expected_hash}: replace it with the right file or remove it"
                )
    data = read_file(blobpath)
    if expected_hash and not check_hash(data, expected_hash):
        raise TokenizerFileError(
            f"Hash mismatch for {blobpath}: sha256 {hashlib.sha256(data).hexdigest()}, expected {expected_hash}"
        )
    return data


def _not_cached(blobpath: str) -> str:
    folder = cache_dir()
    if not folder:
        return (
            f"{blobpath} cannot be read: subword does not download, and the tiktoken cache is turned off "
            "(TIKTOKEN_CACHE_DIR is empty). Set TIKTOKEN_CACHE_DIR to a folder holding the file, or load a "
            "local copy with load_tiktoken_bpe(path)"
        )
    return (
        f"{blobpath} is not in the tiktoken cache: subword does not download. Save the file as "
        f"{cache_path(blobpath)} (tiktoken names cached files by the sha1 of their URL, and fills this "
        "folder when it downloads), set TIKTOKEN_CACHE_DIR to a folder holding it, or load a local copy "
        "with load_tiktoken_bpe(path) and build an Encoding from it"
    )


def load_tiktoken_bpe(tiktoken_bpe_file: str, expected_hash: str | None = None) -> dict[bytes, int]:
    """The ranks of a `.tiktoken` file (a path, or a URL found in tiktoken's cache): token bytes -> rank.

    A line that is not `<base64> <rank>` is a ValueError naming the file and the line; so is a
    token or a rank given twice (tiktoken keeps the last token, and panics on a repeated rank).
    """
    return parse_tiktoken_bpe(read_file_cached(tiktoken_bpe_file, expected_hash), tiktoken_bpe_file)


def dump_tiktoken_bpe(bpe_ranks: dict[bytes, int], tiktoken_bpe_file: str) -> None:
    """Write `bpe_ranks` as a `.tiktoken` file (`<base64> <rank>` a line, by rank), atomically."""
    atomic_write_bytes(tiktoken_bpe_file, tiktoken_bytes(bpe_ranks))


def data_gym_to_mergeable_bpe_ranks(
    vocab_bpe_file: str,
    encoder_json_file: str,
    vocab_bpe_hash: str | None = None,
    encoder_json_hash: str | None = None,
    clobber_one_byte_tokens: bool = False,
) -> dict[bytes, int]:
    """The ranks of GPT-2's original files (vocab.bpe merges, encoder.json vocabulary), as tiktoken's gpt2 reads them.

    The single bytes come first, in the order of GPT-2's byte chars (printable bytes, then the
    others); each merge of vocab.bpe (after its header line; the text after the last newline is
    dropped, as tiktoken does) adds the next rank. encoder.json must give the same ranks
    (without `<|endoftext|>` and `<|startoftext|>`); with `clobber_one_byte_tokens` its single
    bytes' ranks replace the computed ones.
    """
    char_to_byte = {char: byte for byte, char in enumerate(BYTE_TO_CHAR)}

    def to_bytes(word: str, source: str) -> bytes:
        try:
            return bytes([char_to_byte[char] for char in word])
        except KeyError:
            raise TokenizerFileError(f"{source}: {word!r:.40} holds a char that is not one of GPT-2's byte chars") from None

    ranks = {bytes([char_to_byte[char]]): rank for rank, char in enumerate(sorted(BYTE_TO_CHAR))}
    merges = read_file_cached(vocab_bpe_file, vocab_bpe_hash).decode().split("\n")[1:-1]
    for number, line in enumerate(merges, start=2):
        parts = line.split()
        if len(parts) != 2:
            raise TokenizerFileError(f"{vocab_bpe_file}, line {number}: expected two tokens, got {line[:60]!r}")
        ranks[to_bytes(parts[0], vocab_bpe_file) + to_bytes(parts[1], vocab_bpe_file)] = len(ranks)
    encoder = json.loads(read_file_cached(encoder_json_file, encoder_json_hash))
    if not isinstance(encoder, dict):
        raise TokenizerFileError(f"{encoder_json_file}: expected a JSON object of token -> id")
    vocab = {to_bytes(token, encoder_json_file): id_ for token, id_ in encoder.items()}
    vocab.pop(b"<|endoftext|>", None)
    vocab.pop(b"<|startoftext|>", None)
    if clobber_one_byte_tokens:
        ranks.update({token: id_ for token, id_ in vocab.items() if len(token) == 1})
    if ranks != vocab:
        raise TokenizerFileError(_mismatch(ranks, vocab, vocab_bpe_file, encoder_json_file))
    return ranks


def _mismatch(ranks: dict[bytes, int], vocab: dict[bytes, int], vocab_bpe_file: str, encoder_json_file: str) -> str:
    """The message naming the first token on which the merges and encoder.json disagree."""
    for token in sorted(ranks.keys() | vocab.keys(), key=lambda token: ranks.get(token, vocab.get(token, -1))):
        if ranks.get(token) != vocab.get(token):
            return (
                f"{vocab_bpe_file} and {encoder_json_file} disagree on token {token!r:.40}: rank "
                f"{ranks.get(token)} from the merges, id {vocab.get(token)} in encoder.json; tiktoken needs "
                "the ids in merge order"
            )
    return f"{vocab_bpe_file} and {encoder_json_file} disagree"  # not reached
