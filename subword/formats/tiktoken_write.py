"""Write a byte-level BPE `Tokenizer` as a `.tiktoken` ranks file (`<base64 token> <rank>` a line).

The inverse of `formats/tiktoken.py`: the ranks are the ids, each token's bytes read back from
GPT-2's byte chars. tiktoken knows no merges, only ranks (the lowest-ranked pair merges
first), so a tokenizer is written only if its ranks give back its merges exactly (ids in merge
order, as GPT-2's are); special added tokens are left out, as tiktoken keeps them apart.
This module writes the file format for `subword.tiktoken.load.dump_tiktoken_bpe` too.
"""

from __future__ import annotations

import base64
import json
import os
from typing import TYPE_CHECKING

from ..core.files import atomic_write_bytes
from ..errors import ArgumentValueError
from ..text.byte_level import BYTE_TO_CHAR
from .tiktoken import bpe_from_ranks, check_byte_ranks

if TYPE_CHECKING:
    from ..tokenizer.tokenizer import Tokenizer

_CHAR_TO_BYTE = {char: byte for byte, char in enumerate(BYTE_TO_CHAR)}


def tiktoken_bytes(ranks: dict[bytes, int]) -> bytes:
    """The content of a `.tiktoken` file of `ranks`, a line per token by rank.

    >>> tiktoken_bytes({b"b": 1, b"a": 0})
    b'YQ== 0\\nYg== 1\\n'
    """
    lines = sorted(ranks.items(), key=lambda item: item[1])
    return b"".join(base64.b64encode(token) + b" " + str(rank).encode() + b"\n" for token, rank in lines)


def write_tiktoken(tokenizer: Tokenizer, path: str | os.PathLike) -> None:
    """Write the ranks of the byte-level BPE `tokenizer` as a `.tiktoken` file, atomically.

    `Tokenizer.save_tiktoken` calls it; see `tiktoken_ranks_of` for what is refused.
    """
    atomic_write_bytes(path, tiktoken_bytes(tiktoken_ranks_of(tokenizer)))


def tiktoken_ranks_of(tokenizer: Tokenizer) -> dict[bytes, int]:
    """token bytes -> rank (its id) of a byte-level BPE tokenizer whose merges the ranks express.

    Refused with an ArgumentValueError naming the token or merge: another model or
    pre-tokenizer, a token that is not made of GPT-2's byte chars, a missing single byte, and
    merges that tiktoken's lowest-rank-first rule would not make in that order.
    """
    document = json.loads(tokenizer.to_str())
    model = document["model"]
    if model.get("type") != "BPE":
        raise ArgumentValueError(f"a .tiktoken file holds a byte-level BPE; this tokenizer's model is {model.get('type')}")
    if "ByteLevel" not in json.dumps(document["pre_tokenizer"]):
        raise ArgumentValueError("a .tiktoken file holds a byte-level BPE; this tokenizer has no ByteLevel pre-tokenizer")
    for option in ("dropout", "continuing_subword_prefix", "end_of_word_suffix"):
        if model.get(option):
            raise ArgumentValueError(f"tiktoken cannot express BPE's {option}={model[option]!r}")
    specials = {token["content"] for token in document["added_tokens"] if token["special"]}
    ranks = {_token_bytes(token): id_ for token, id_ in model["vocab"].items() if token not in specials}
    if len(set(ranks.values())) != len(ranks):
        raise ArgumentValueError("two tokens of the vocabulary have the same bytes or id; tiktoken ranks are one per token")
    check_byte_ranks(ranks, "the tokenizer's vocabulary")
    _check_merges(ranks, model["merges"])
    return ranks


def _token_bytes(token: str) -> bytes:
    try:
        return bytes([_CHAR_TO_BYTE[char] for char in token])
    except KeyError:
        raise ArgumentValueError(f"token {token!r:.40} is not made of GPT-2's byte chars, so it has no bytes for tiktoken") from None


def _check_merges(ranks: dict[bytes, int], merges: list) -> None:
    """Refuse merges that the ranks, read by tiktoken's rule, would not give back in that order."""
    _, implied = bpe_from_ranks(ranks)
    given = [tuple(merge.split(" ", 1)) if isinstance(merge, str) else tuple(merge) for merge in merges]
    for rank, (ours, theirs) in enumerate(zip(given, implied)):
        if ours != theirs:
            raise ArgumentValueError(
                f"tiktoken cannot express these merges: merge {rank} is {ours!r}, but the ranks (the ids) make "
                f"{theirs!r} there; tiktoken needs ids in merge order"
            )
    if len(given) != len(implied):
        raise ArgumentValueError(
            f"tiktoken cannot express these merges: the ranks (the ids) make {len(implied)} merges, the tokenizer has {len(given)}"
        )
