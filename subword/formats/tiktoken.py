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
from ..errors import (
    ArgumentRangeError,
    ArgumentTypeError,
    ArgumentValueError,
    FileRangeError,
    TokenizerFileError,
    type_name,
)
from ..models import BPE
from ..text.byte_level import BYTE_TO_CHAR
from ..text.oniguruma import Regex

if TYPE_CHECKING:
    from ..tokenizer.tokenizer import Tokenizer

PathLike = Union[str, os.PathLike]
_MAX_RANK = 2**32 - 1  # tiktoken's ranks are u32


def load_tiktoken_bpe(path: PathLike) -> dict[bytes, int]:
    """Read a .tiktoken file: token bytes -> rank, as `tiktoken.load.load_tiktoken_bpe` reads it
    (see `parse_tiktoken_bpe` for the rules)."""
    with open(path, "rb") as handle:
        return parse_tiktoken_bpe(handle.read(), os.fspath(path))


def parse_tiktoken_bpe(data: bytes, name: str) -> dict[bytes, int]:
    """The ranks of the .tiktoken file content `data` (`name` starts every error message).

    Empty lines are skipped and the base64 is read leniently, as tiktoken does (whisper's file
    has a "=" token). Refused, naming the file and the line: a line that is not
    `<base64> <int>` (a ValueError, as in tiktoken), a rank outside 0..2**32-1 (an
    OverflowError, as `tiktoken.Encoding` raises), a file without ranks, and a token or a rank
    given twice (tiktoken keeps the last token silently and panics on a repeated rank).

    >>> parse_tiktoken_bpe(b"YQ== 0\\nYg== 1\\n", "ab.tiktoken")
    {b'a': 0, b'b': 1}
    """
    ranks: dict[bytes, int] = {}
    lines = 0
    for number, line in enumerate(data.splitlines(), start=1):
        if not line:  # (a line of spaces is an error, as in tiktoken)
            continue
        parts = line.split()
        lines += 1
        try:
            if len(parts) != 2:
                raise ValueError
            token = base64.b64decode(parts[0])
            rank = int(parts[1])
        except (ValueError, binascii.Error):
            raise TokenizerFileError(
                f"{name}, line {number}: expected '<base64 token> <rank>', got {line[:60].decode('utf-8', 'replace')!r}"
            ) from None
        if not 0 <= rank <= _MAX_RANK:
            raise FileRangeError(f"{name}, line {number}: the rank must be in 0..{_MAX_RANK}, got {rank}")
        ranks[token] = rank
    if not ranks:
        raise TokenizerFileError(f"{name}: holds no ranks; expected lines of '<base64 token> <rank>'")
    if len(ranks) != lines or len(set(ranks.values())) != len(ranks):
        raise TokenizerFileError(_repeated(data, name))
    return ranks


def _repeated(data: bytes, name: str) -> str:
    """The message naming the first token or rank given twice (only called when there is one)."""
    tokens: dict[bytes, int] = {}
    ranks: dict[int, int] = {}
    for number, line in enumerate(data.splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        token, rank = base64.b64decode(parts[0]), int(parts[1])
        if token in tokens:
            return f"{name}, line {number}: token {token!r:.40} is already on line {tokens[token]}; each token takes one rank"
        if rank in ranks:
            return (
                f"{name}, line {number}: rank {rank} is already on line {ranks[rank]} (a line cut short?); "
                "each rank belongs to one token"
            )
        tokens[token], ranks[rank] = number, number
    return f"{name}: a token or a rank is given twice"  # not reached


def check_byte_ranks(ranks: dict[bytes, int], source: str) -> None:
    """Refuse ranks that miss a single byte: a byte-level BPE could not encode text holding it
    (tiktoken panics there, subword would drop the byte).

    >>> check_byte_ranks({bytes([b]): b for b in range(255)}, "x.tiktoken")
    Traceback (most recent call last):
    ...
    subword.errors.TokenizerFileError: x.tiktoken: 1 of the 256 single bytes have no rank (b'\\xff'); a byte-level encoder needs every byte
    """
    missing = [bytes([byte]) for byte in range(256) if bytes([byte]) not in ranks]
    if missing:
        shown = ", ".join(repr(token) for token in missing[:8]) + (", ..." if len(missing) > 8 else "")
        raise TokenizerFileError(
            f"{source}: {len(missing)} of the 256 single bytes have no rank ({shown}); a byte-level encoder needs every byte"
        )


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
    return tokenizer_from_ranks(cls, load_tiktoken_bpe(path), pattern, special_tokens, os.fspath(path))


def tokenizer_from_ranks(
    cls: type[Tokenizer],
    ranks: dict[bytes, int],
    pattern: str,
    special_tokens: dict[str, int] | None,
    source: str,
    every_byte: bool = True,
) -> Tokenizer:
    """`read_tiktoken` of ranks already read; `source` (a file name, an argument) names them in errors.

    With `every_byte=False` ranks may miss single bytes (the caller must refuse text holding them).
    """
    if not isinstance(pattern, str):
        raise ArgumentTypeError(f"pattern must be a str (tiktoken's pat_str), got {type_name(pattern)}")
    if every_byte:
        check_byte_ranks(ranks, source)
    specials = _special_tokens(special_tokens, ranks)
    vocab, merges = bpe_from_ranks(ranks)
    tokenizer = cls(BPE(vocab, merges, ignore_merges=True))
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(pattern), behavior="isolated"),
            pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False),
        ]
    )
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.added_vocabulary.add_tokens_with_ids(specials)
    tokenizer.encode_special_tokens = True
    return tokenizer


def _special_tokens(special_tokens: object, ranks: dict[bytes, int]) -> list[tuple[AddedToken, int]]:
    """The special tokens as (AddedToken, id), ids ascending; each id a u32 that no rank and no
    other special token has (tiktoken accepts `{"<|x|>": 97}` and so aliases the token of rank 97)."""
    if special_tokens is None:
        return []
    if not isinstance(special_tokens, dict):
        raise ArgumentTypeError(
            f"special_tokens must be a dict of token text -> id (tiktoken's special_tokens), got {type_name(special_tokens)}"
        )
    taken: dict[int, str] = {}
    largest = max(ranks.values())
    by_rank: dict[int, bytes] = {}  # built only if an id is not above every rank
    specials = []
    for content, id_ in special_tokens.items():
        if not isinstance(content, str) or isinstance(id_, bool) or not isinstance(id_, int):
            raise ArgumentTypeError(
                f"special_tokens must map str to int, got {type_name(content)} {content!r:.40} -> {type_name(id_)}"
            )
        if not 0 <= id_ <= _MAX_RANK:
            raise ArgumentRangeError(f"special_tokens[{content!r:.40}]: the id must be in 0..{_MAX_RANK}, got {id_}")
        if id_ <= largest:
            by_rank = by_rank or {rank: token for token, rank in ranks.items()}
            if id_ in by_rank:
                raise ArgumentValueError(
                    f"special_tokens[{content!r:.40}]: id {id_} is the rank of token {by_rank[id_]!r:.40}; "
                    f"give special tokens ids above the ranks (the largest is {largest})"
                )
        if id_ in taken:
            raise ArgumentValueError(f"special_tokens[{content!r:.40}]: id {id_} is also the id of {taken[id_]!r:.40}")
        taken[id_] = content
        specials.append((AddedToken(content, special=True), id_))
    return sorted(specials, key=lambda item: item[1])
