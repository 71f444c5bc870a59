"""`Encoding.encode_with_unstable`'s completions, by tiktoken's brute-force rule.

The last piece of the text may merge differently once more text follows, so its ids (and those
of the all-whitespace tokens before it) are held back as *unstable bytes*; the completions are
the id sequences that could start the encoding of any text beginning with those bytes:

1. every single token that starts with the unstable bytes;
2. for each cut `prefix | suffix` of the unstable bytes and each token starting with `suffix`:
   the encoding of `prefix + token`, up to the token that covers the unstable bytes;
3. if the unstable bytes end with a whitespace char after something else: their two parts'
   BPE ids one after the other (the pattern may split there once text follows).

What it does not do: look for more stable ids inside the last piece (tiktoken does not either).
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from ..formats.tiktoken import split_with_ranks
from ..text.byte_level import BYTE_TO_CHAR
from ..text.chars import is_whitespace

if TYPE_CHECKING:
    from .core import Encoding

_SPACE_BYTES = frozenset(b" \n\t")


def byte_chars(piece: bytes) -> str:
    """`piece` in GPT-2's byte chars, as the BPE model's words are: b" a" -> "Ġa"."""
    return "".join([BYTE_TO_CHAR[byte] for byte in piece])


def encode_with_unstable(encoding: Encoding, tokens: list[int], last_piece: int) -> tuple[list[int], list[list[int]]]:
    """(stable ids, sorted completions) of text encoded as `tokens`, whose last piece has
    `last_piece` ids (0 when the text ends with a special token)."""
    if last_piece == 0:
        return tokens, []
    last_piece = _with_spaces_before(encoding, tokens, last_piece)
    unstable = encoding.decode_bytes(tokens[len(tokens) - last_piece :])
    stable = tokens[: len(tokens) - last_piece]
    if not unstable:
        return stable, []
    ranks = encoding._mergeable_ranks
    completions: set[tuple[int, ...]] = {(ranks[token],) for token in _starting_with(encoding, unstable)}
    texts, raw = [], []  # (prefix + token) that is UTF-8 goes through the pattern, in one batch
    for cut in range(1, len(unstable)):
        prefix = unstable[:cut]
        for token in _starting_with(encoding, unstable[cut:]):
            possibility = prefix + token
            try:
                texts.append(possibility.decode("utf-8"))
            except UnicodeDecodeError:
                raw.append(possibility)
    for ids in encoding._ordinary(texts) + [_byte_pair_encode(ranks, possibility) for possibility in raw]:
        completions.add(_covering(encoding, ids, len(unstable)))
    last = _last_char(unstable)
    if len(unstable) > 1 and last is not None and is_whitespace(last[0]) and last[1] < len(unstable):
        cut = len(unstable) - last[1]
        completions.add(tuple(_byte_pair_encode(ranks, unstable[:cut]) + _byte_pair_encode(ranks, unstable[cut:])))
    return stable, [list(sequence) for sequence in sorted(completions)]


def _with_spaces_before(encoding: Encoding, tokens: list[int], last_piece: int) -> int:
    """`last_piece` grown over the all-whitespace tokens before it, if it starts with one
    (the pattern's split after "\\n" can vanish once text follows, as with cl100k's `\\s*[\\r\\n]+`)."""

    def all_space(token: int) -> bool:
        piece = encoding._rank_bytes.get(token)
        return piece is not None and all(byte in _SPACE_BYTES for byte in piece)

    if all_space(tokens[len(tokens) - last_piece]):
        while last_piece < len(tokens) and all_space(tokens[len(tokens) - last_piece - 1]):
            last_piece += 1
    return last_piece


def _starting_with(encoding: Encoding, start: bytes) -> list[bytes]:
    """The mergeable tokens that start with `start`, in byte order."""
    tokens = encoding._sorted_token_bytes()
    found = []
    for index in range(bisect.bisect_left(tokens, start), len(tokens)):
        if not tokens[index].startswith(start):
            break
        found.append(tokens[index])
    return found


def _covering(encoding: Encoding, ids: list[int], length: int) -> tuple[int, ...]:
    """The first ids of `ids` whose bytes reach `length`: all of them if they never do."""
    taken, covered = [], 0
    for id_ in ids:
        taken.append(id_)
        covered += len(encoding._id_to_bytes[id_])
        if covered >= length:
            break
    return tuple(taken)


def _byte_pair_encode(ranks: dict[bytes, int], piece: bytes) -> list[int]:
    """tiktoken's BPE of raw bytes (no whole-piece look-up first), by the reference rule."""
    return [ranks[part] for part in split_with_ranks(ranks, piece)]


def _last_char(data: bytes) -> tuple[str, int] | None:
    """The last char of `data` and its UTF-8 length, or None if `data` does not end with a whole char."""
    for size in range(1, min(4, len(data)) + 1):
        try:
            text = data[-size:].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return (text, size) if len(text) == 1 else None
    return None
