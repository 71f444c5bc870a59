"""DecodePlan: a decoder compiled against one vocabulary, so decoding ids is table look-ups and joins.

A decoder chain (a `Sequence` is read as its decoders, in order) is split in three:

1. the leading decoders that map each token to one token (`Replace`, `Strip`, `Metaspace`,
   `WordPiece`, `BPEDecoder`), where the result depends only on the token and on whether it is
   the first or the last one. They run once over the whole vocabulary, giving the text of every
   id in the middle of a sequence; the first and last tokens of a call go through them again.
2. the decoder that joins: `Fuse`, `ByteLevel` (a per-id table of bytes, decoded once),
   `ByteFallback` followed by `Fuse` or by nothing (runs of byte tokens found in bulk), or the
   end of the chain.
3. the rest, which now sees a single token and runs as itself.

A chain that does not fit (CTC, a custom decoder before the join) keeps its own `decode_chain`
after step 1; one holding a decoder of another type (a subclass) is left to `decoder.decode`. Every plan gives exactly `decoder.decode(tokens)`; tests/test_decode_plan.py
checks it on random ids. What it does not do: look ids up or drop special tokens; the Tokenizer
gives it ids that all have a token.
"""

from __future__ import annotations

import re
from typing import Any

from .base import CustomDecoder, Decoder
from .bpe import BPEDecoder
from .byte_fallback import ByteFallback, byte_token_value, decode_byte_run
from .byte_level import ByteLevel, token_bytes
from .ctc import CTC
from .fuse import Fuse
from .metaspace import Metaspace
from .replace import Replace
from .sequence import Sequence
from .strip import Strip
from .wordpiece import WordPiece

# Decoders that map n tokens to n tokens, each by its own text and its place (first, last, other).
_ONE_TO_ONE = (Replace, Strip, Metaspace, WordPiece, BPEDecoder)
# The decoders whose decode is "".join(decode_chain(tokens)); a chain with another type (a
# subclass, say) is decoded by the decoder itself.
_KNOWN = (*_ONE_TO_ONE, Fuse, ByteLevel, ByteFallback, CTC, CustomDecoder)
_BYTE_RUNS = re.compile(rb"\x01+")


def flatten(decoder: Decoder) -> list[Decoder]:
    """The decoders a chain runs, nested `Sequence`s opened: `Sequence([a, Sequence([b])]) -> [a, b]`."""
    if type(decoder) is Sequence:
        return [inner for part in decoder.decoders for inner in flatten(part)]
    return [decoder]


def decoder_state(decoder: Decoder | None) -> Any:
    """A value that changes when the decoder is replaced or one of its settings is set in place
    (compared with ==, it costs a few attribute reads)."""
    if decoder is None:
        return None
    if type(decoder) is Sequence:
        return (decoder, tuple(decoder_state(inner) for inner in decoder.decoders))
    return (decoder, tuple(vars(decoder).values()))


def _run(decoders: list[Decoder], tokens: list[str]) -> list[str]:
    for decoder in decoders:
        tokens = decoder.decode_chain(tokens)
    return tokens


class DecodePlan:
    """`decode(ids)` equal to `decoder.decode([vocab[id] for id in ids])` (spaces between the
    tokens when there is no decoder), for ids whose `vocab` entry is a str.

    >>> from subword.decoders import Metaspace
    >>> plan = DecodePlan(Metaspace(), ["▁Hello", "▁world", "!"])
    >>> plan.decode([0, 1, 2, 1])
    'Hello world! world'
    """

    def __init__(self, decoder: Decoder | None, vocab: list[str | None]) -> None:
        self._vocab = vocab
        self._decoder = decoder
        self._join = "join"
        self._prefix: list[Decoder] = []
        self._rest: list[Decoder] = []
        if decoder is None:
            self._join = "spaces"
            return
        chain = flatten(decoder)
        if not all(type(part) in _KNOWN for part in chain):
            self._join = "decoder"
            return
        count = 0
        while count < len(chain) and type(chain[count]) in _ONE_TO_ONE:
            count += 1
        self._prefix, rest = chain[:count], chain[count:]
        filled = [token if token is not None else "" for token in vocab]
        # The middle text of every id: its token between two others, so neither first nor last.
        self._middle = _run(self._prefix, ["", *filled, ""])[1:-1] if self._prefix else filled
        if not rest or type(rest[0]) is Fuse:
            self._rest = rest[1:]
        elif type(rest[0]) is ByteLevel:
            self._join = "bytes"
            self._bytes = [token_bytes(token) for token in self._middle]
            self._rest = rest[1:]
        elif type(rest[0]) is ByteFallback and (len(rest) == 1 or type(rest[1]) is Fuse):
            self._join = "byte_fallback"
            values = [byte_token_value(token) for token in self._middle]
            self._byte_values = [value if value is not None else 0 for value in values]
            self._is_byte = [value is not None for value in values]
            self._rest = rest[2:]
        else:
            self._join = "chain"
            self._rest = rest

    def decode(self, ids: list[int]) -> str:
        """The text of `ids` (every one with a token in the vocabulary)."""
        if self._join == "spaces":
            return " ".join(map(self._vocab.__getitem__, ids))  # type: ignore[arg-type]
        if self._join == "decoder":
            return self._decoder.decode(list(map(self._vocab.__getitem__, ids)))  # type: ignore[union-attr, arg-type]
        if not ids:
            return "".join(_run([self._decoder], []))  # type: ignore[list-item]
        vocab = self._vocab
        ends = _run(self._prefix, [vocab[ids[0]]] if len(ids) == 1 else [vocab[ids[0]], vocab[ids[-1]]])  # type: ignore[list-item]
        if self._join == "bytes":
            data = list(map(self._bytes.__getitem__, ids))
            data[0], data[-1] = token_bytes(ends[0]), token_bytes(ends[-1])
            text = b"".join(data).decode("utf-8", errors="replace")
        else:
            pieces = list(map(self._middle.__getitem__, ids))
            pieces[0], pieces[-1] = ends[0], ends[-1]
            if self._join == "chain":
                return "".join(_run(self._rest, pieces))
            text = self._fuse_byte_runs(ids, pieces) if self._join == "byte_fallback" else "".join(pieces)
        return "".join(_run(self._rest, [text])) if self._rest else text

    def _fuse_byte_runs(self, ids: list[int], pieces: list[str]) -> str:
        """ByteFallback then Fuse: each run of byte tokens decoded as UTF-8 (all or nothing)."""
        flags = bytearray(map(self._is_byte.__getitem__, ids))
        values = list(map(self._byte_values.__getitem__, ids))
        for index in {0, len(ids) - 1}:  # the ends went through the first decoders again
            value = byte_token_value(pieces[index])
            flags[index], values[index] = value is not None, value or 0
        if 1 not in flags:
            return "".join(pieces)
        out, done = [], 0
        for run in _BYTE_RUNS.finditer(flags):
            start, stop = run.span()
            out.append("".join(pieces[done:start]))
            out.extend(decode_byte_run(bytearray(values[start:stop])))
            done = stop
        out.append("".join(pieces[done:]))
        return "".join(out)
