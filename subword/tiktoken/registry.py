"""The encodings tiktoken knows by name (its `tiktoken_ext.openai_public`), read from tiktoken's cache.

Each is its files' URLs and sha256 hashes, its pattern and its special tokens, as in tiktoken
0.14. `get_encoding` reads the files from tiktoken's cache folder (see `load`), never
downloading; it makes each encoding once and keeps it.

What it does not do: find tiktoken's plugins (`tiktoken_ext.*` packages of other encodings).
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from ..errors import ArgumentValueError
from ..formats.tiktoken_encodings import (
    CL100K_PATTERN,
    ENDOFPROMPT,
    ENDOFTEXT,
    FIM_MIDDLE,
    FIM_PREFIX,
    FIM_SUFFIX,
    O200K_PATTERN,
    R50K_PATTERN,
)
from .core import ENCODINGS, Encoding, _get_registered
from .load import data_gym_to_mergeable_bpe_ranks, load_tiktoken_bpe

__all__ = ["ENCODINGS", "ENCODING_CONSTRUCTORS", "get_encoding", "list_encoding_names"]

_BLOB = "https://openaipublic.blob.core.windows.net"
# (URL, sha256) of each ranks file
GPT2_VOCAB_BPE = (f"{_BLOB}/gpt-2/encodings/main/vocab.bpe", "1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5")
GPT2_ENCODER_JSON = (f"{_BLOB}/gpt-2/encodings/main/encoder.json", "196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783")
R50K_BASE = (f"{_BLOB}/encodings/r50k_base.tiktoken", "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930")
P50K_BASE = (f"{_BLOB}/encodings/p50k_base.tiktoken", "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069")
CL100K_BASE = (f"{_BLOB}/encodings/cl100k_base.tiktoken", "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7")
O200K_BASE = (f"{_BLOB}/encodings/o200k_base.tiktoken", "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d")


def gpt2() -> dict[str, Any]:
    """GPT-2's encoding, from its original vocab.bpe and encoder.json."""
    ranks = data_gym_to_mergeable_bpe_ranks(
        vocab_bpe_file=GPT2_VOCAB_BPE[0],
        encoder_json_file=GPT2_ENCODER_JSON[0],
        vocab_bpe_hash=GPT2_VOCAB_BPE[1],
        encoder_json_hash=GPT2_ENCODER_JSON[1],
    )
    return _arguments("gpt2", R50K_PATTERN, ranks, {ENDOFTEXT: 50256}, explicit_n_vocab=50257)


def r50k_base() -> dict[str, Any]:
    """GPT-3's encoding (GPT-2's ranks as a .tiktoken file)."""
    ranks = load_tiktoken_bpe(*R50K_BASE)
    return _arguments("r50k_base", R50K_PATTERN, ranks, {ENDOFTEXT: 50256}, explicit_n_vocab=50257)


def p50k_base() -> dict[str, Any]:
    """Codex's encoding."""
    ranks = load_tiktoken_bpe(*P50K_BASE)
    return _arguments("p50k_base", R50K_PATTERN, ranks, {ENDOFTEXT: 50256}, explicit_n_vocab=50281)


def p50k_edit() -> dict[str, Any]:
    """p50k_base with the fill-in-the-middle tokens."""
    ranks = load_tiktoken_bpe(*P50K_BASE)
    specials = {ENDOFTEXT: 50256, FIM_PREFIX: 50281, FIM_MIDDLE: 50282, FIM_SUFFIX: 50283}
    return _arguments("p50k_edit", R50K_PATTERN, ranks, specials)


def cl100k_base() -> dict[str, Any]:
    """GPT-3.5's and GPT-4's encoding."""
    ranks = load_tiktoken_bpe(*CL100K_BASE)
    specials = {ENDOFTEXT: 100257, FIM_PREFIX: 100258, FIM_MIDDLE: 100259, FIM_SUFFIX: 100260, ENDOFPROMPT: 100276}
    return _arguments("cl100k_base", CL100K_PATTERN, ranks, specials)


def o200k_base() -> dict[str, Any]:
    """GPT-4o's encoding."""
    ranks = load_tiktoken_bpe(*O200K_BASE)
    return _arguments("o200k_base", O200K_PATTERN, ranks, {ENDOFTEXT: 199999, ENDOFPROMPT: 200018})


def o200k_harmony() -> dict[str, Any]:
    """o200k_base with gpt-oss's chat-format tokens and reserved ids up to 201087."""
    base = o200k_base()
    named = ["<|startoftext|>", ENDOFTEXT, "<|reserved_200000|>", "<|reserved_200001|>", "<|return|>", "<|constrain|>"]
    named += ["<|reserved_200004|>", "<|channel|>", "<|start|>", "<|end|>", "<|message|>", "<|reserved_200009|>"]
    named += ["<|reserved_200010|>", "<|reserved_200011|>", "<|call|>"]
    specials = {**base["special_tokens"], **{token: 199998 + index for index, token in enumerate(named)}}
    specials.update({f"<|reserved_{id_}|>": id_ for id_ in range(200013, 201088)})
    return _arguments("o200k_harmony", base["pat_str"], base["mergeable_ranks"], specials)


def _arguments(name: str, pattern: str, ranks: dict[bytes, int], specials: dict[str, int], **more: Any) -> dict[str, Any]:
    """`Encoding`'s keyword arguments."""
    return {"name": name, **more, "pat_str": pattern, "mergeable_ranks": ranks, "special_tokens": specials}


ENCODING_CONSTRUCTORS: dict[str, Callable[[], dict[str, Any]]] = {
    "gpt2": gpt2,
    "r50k_base": r50k_base,
    "p50k_base": p50k_base,
    "p50k_edit": p50k_edit,
    "cl100k_base": cl100k_base,
    "o200k_base": o200k_base,
    "o200k_harmony": o200k_harmony,
}
_lock = threading.RLock()


def get_encoding(encoding_name: str) -> Encoding:
    """The encoding named `encoding_name`, made once from tiktoken's cache and then kept.

    A file not in the cache is a NotCachedError (a FileNotFoundError) naming the file to add.
    """
    if not isinstance(encoding_name, str):
        raise ArgumentValueError(f"Expected a string in get_encoding, got {type(encoding_name)}")
    if encoding_name in ENCODINGS:
        return ENCODINGS[encoding_name]
    with _lock:
        if encoding_name in ENCODINGS:
            return ENCODINGS[encoding_name]
        if encoding_name not in ENCODING_CONSTRUCTORS:
            raise ArgumentValueError(
                f"Unknown encoding {encoding_name}.\nKnown encodings: {', '.join(ENCODING_CONSTRUCTORS)}"
            )
        encoding = Encoding(**ENCODING_CONSTRUCTORS[encoding_name]())
        ENCODINGS[encoding_name] = encoding
        return encoding


def list_encoding_names() -> list[str]:
    """The names `get_encoding` knows.

    >>> list_encoding_names()[:3]
    ['gpt2', 'r50k_base', 'p50k_base']
    """
    return list(ENCODING_CONSTRUCTORS)


_get_registered.append(get_encoding)  # lets Encoding.__setstate__ unpickle an encoding by name
