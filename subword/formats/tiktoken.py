"""tiktoken rank files (`<base64 token> <rank>` a line) and the byte-level BPE they describe.

A tiktoken encoding has ranks, not merges: the pair whose concatenation has the lowest rank
merges first. `bpe_from_ranks` recovers the merges (each token of two bytes or more is made
from the two parts that BPE, using only lower ranks, splits it into) and writes tokens with
GPT-2's byte-level chars, so `models.BPE(vocab, merges)` behind a ByteLevel pre-tokenizer
gives tiktoken's ids. Special tokens are not in rank files; pass them to the tokenizer.
"""

from __future__ import annotations

import base64
import binascii
import os
from typing import TYPE_CHECKING, Union

from .. import decoders, pre_tokenizers
from ..core.added_vocabulary import AddedToken
from ..errors import ArgumentTypeError, TokenizerFileError, type_name
from ..models import BPE
from ..text.byte_level import BYTE_TO_CHAR
from ..text.oniguruma import Regex

if TYPE_CHECKING:
    from ..tokenizer.tokenizer import Tokenizer

PathLike = Union[str, os.PathLike]


def load_tiktoken_bpe(path: PathLike) -> dict[bytes, int]:
    """Read a .tiktoken file: token bytes -> rank. Empty lines are skipped; a repeated token keeps its last rank."""
    with open(path, "rb") as handle:
        data = handle.read()
    ranks: dict[bytes, int] = {}
    for number, line in enumerate(data.split(b"\n"), start=1):
        parts = line.split()
        if not parts:
            continue
        try:
            if len(parts) != 2:
                raise ValueError
            token = base64.b64decode(parts[0])  # lenient like tiktoken: whisper's file has a "=" token
            rank = int(parts[1])
            if rank < 0:
                raise ValueError
        except (ValueError, binascii.Error):
            raise TokenizerFileError(
                f"{os.fspath(path)}, line {number}: expected '<base64 token> <rank >= 0>', "
                f"got {line[:60].decode('utf-8', 'replace')!r}"
            ) from None
        ranks[token] = rank
    return ranks


def bpe_from_ranks(ranks: dict[bytes, int]) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """The (vocab, merges) of a byte-level BPE equal to the tiktoken ranks; ids are the ranks.

    Tokens that no merge of lower-ranked tokens can build stay in the vocabulary without a merge.

    >>> vocab, merges = bpe_from_ranks({b"a": 0, b" ": 1, b" a": 2, b"aa": 3, b" aa": 4})
    >>> vocab
    {'a': 0, 'Ġ': 1, 'Ġa': 2, 'aa': 3, 'Ġaa': 4}
    >>> merges
    [('Ġ', 'a'), ('a', 'a'), ('Ġa', 'a')]
    """
    vocab = {_byte_chars(token): rank for token, rank in sorted(ranks.items(), key=lambda item: item[1])}
    merges = []
    for token, rank in sorted(ranks.items(), key=lambda item: item[1]):
        if len(token) < 2:
            continue
        parts = split_with_ranks(ranks, token, max_rank=rank)
        if len(parts) == 2:
            merges.append((_byte_chars(parts[0]), _byte_chars(parts[1])))
    return vocab, merges


def split_with_ranks(ranks: dict[bytes, int], token: bytes, max_rank: int | None = None) -> list[bytes]:
    """The parts tiktoken's BPE makes of `token`, merging only pairs whose rank is below `max_rank`.

    The readable reference algorithm: merge the adjacent pair with the lowest rank (the leftmost
    on ties) until no pair is a token.

    >>> split_with_ranks({b"a": 0, b"b": 1, b"ab": 2, b"abb": 3}, b"abb", max_rank=3)
    [b'ab', b'b']
    """
    parts = [token[i : i + 1] for i in range(len(token))]
    while len(parts) > 1:
        best_rank, best_index = None, -1
        for index in range(len(parts) - 1):
            rank = ranks.get(parts[index] + parts[index + 1])
            if rank is not None and (max_rank is None or rank < max_rank) and (best_rank is None or rank < best_rank):
                best_rank, best_index = rank, index
        if best_rank is None:
            break
        parts[best_index : best_index + 2] = [parts[best_index] + parts[best_index + 1]]
    return parts


def _byte_chars(token: bytes) -> str:
    return "".join([BYTE_TO_CHAR[byte] for byte in token])


def read_tiktoken(
    cls: type[Tokenizer], path: PathLike, pattern: str, special_tokens: dict[str, int] | None = None
) -> Tokenizer:
    """A byte-level BPE `cls` (the Tokenizer class) equal to `tiktoken.Encoding(pat_str=pattern,
    mergeable_ranks=..., special_tokens=...)`: split by `pattern`, bytes as GPT-2's byte chars,
    whole pieces looked up first (tiktoken's rule, `ignore_merges`). `Tokenizer.from_tiktoken`
    calls it with its own class."""
    if not isinstance(pattern, str):
        raise ArgumentTypeError(f"pattern must be a str (tiktoken's pat_str), got {type_name(pattern)}")
    vocab, merges = bpe_from_ranks(load_tiktoken_bpe(path))
    tokenizer = cls(BPE(vocab, merges, ignore_merges=True))
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(pattern), behavior="isolated"),
            pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False),
        ]
    )
    tokenizer.decoder = decoders.ByteLevel()
    specials = []
    for content, id_ in sorted((special_tokens or {}).items(), key=lambda item: item[1]):
        if not isinstance(content, str) or isinstance(id_, bool) or not isinstance(id_, int):
            raise ArgumentTypeError("special_tokens must map str to int")
        specials.append((AddedToken(content, special=True), id_))
    tokenizer.added_vocabulary.add_tokens_with_ids(specials)
    tokenizer.encode_special_tokens = True
    return tokenizer
