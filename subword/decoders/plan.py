"""DecodePlan: a decoder compiled against one vocabulary, so decoding ids is table look-ups and joins.

A decoder chain (a `Sequence` is read as its decoders, in order) is split in three:

1. the leading decoders that map each token to one token (`Replace`, `Strip`, `Metaspace`,
   `WordPiece`, `BPEDecoder`), where the result depends only on the token and on whether it is
   the first or the last one. They run once over the whole vocabulary, giving the text of every
   id in the middle of a sequence; an id at an end gets its own text once, kept in a cache.
   The tables are built when the ids decoded call for them (a decode of more than `FEW` ids,
   or more ids in all than the vocabulary holds); until then each id's text is found once, as
   it comes, so a fresh tokenizer decodes its first few ids at once.
2. the decoder that joins: `Fuse`, `ByteLevel` (a per-id table of bytes, decoded once),
   `ByteFallback` followed by `Fuse` or by nothing (runs of byte tokens found in bulk), or the
   end of the chain.
3. the rest, which now sees a single token and runs as itself.

A chain that does not fit (CTC, a custom decoder before the join) keeps its own `decode_chain`
after step 1; one holding a decoder of another type (a subclass) is left to `decoder.decode`.
Every plan gives exactly `decoder.decode(tokens)`; tests/test_decode_plan.py checks it on
random ids, with and without the tables. What it does not do: look ids up or drop special tokens; the Tokenizer
gives it ids that all have a token.

For `DecodeStream`, a plan also says how its text grows (`shape`): with no decoder treating the
last token apart and nothing after the join but a `Strip` of the start, the text of ids is the
joined *units* of the ids (`units`, `join_units`) with that strip (`finish`) applied.
"""

from __future__ import annotations

import re
from typing import Any, Literal, Union

from .base import CustomDecoder, Decoder
from .bpe import BPEDecoder
from .byte_fallback import ByteFallback, byte_token_value, decode_byte_run
from .byte_level import ByteLevel, token_bytes, tokens_bytes
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
# A decode of more ids than this builds the tables (see the module docstring).
FEW = 64
# Places of a token at an end of a decode, indexes of DecodePlan._ends.
_FIRST, _LAST, _ONLY = 0, 1, 2

Shape = Literal["pieces", "bytes", "runs"]
Unit = Union[str, bytes]


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


def _places(decoder: Decoder) -> tuple[bool, bool]:
    """Whether a one-to-one decoder treats the first token, the last token, apart from the others."""
    if type(decoder) is Metaspace:
        return decoder.prepend_scheme != "never", False
    return type(decoder) is WordPiece, type(decoder) is BPEDecoder


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
        # Whether the first (last) id of a decode has a text of its own, not its middle one.
        self.first_apart = self._last = False
        self._ends: tuple[dict[int, Any], ...] = ({}, {}, {})  # by place: id -> unit
        self.shape: Shape | None = None
        self.strip: tuple[str, int] | None = None  # `finish` strips up to n leading copies of a char
        self._strip_rest: Strip | None = None  # the rest, when it is one Strip
        self._tables = False  # whether the per-id tables are built (`_build_tables`)
        self._middles: dict[int, Unit] = {}  # until then, the middle unit of the ids seen
        self._few = 0  # ids decoded without the tables
        if decoder is None:
            self._join, self.shape, self.first_apart = "spaces", "pieces", True
            return
        chain = flatten(decoder)
        if not all(type(part) in _KNOWN for part in chain):
            self._join = "decoder"
            return
        count = 0
        while count < len(chain) and type(chain[count]) in _ONE_TO_ONE:
            count += 1
        self._prefix, rest = chain[:count], chain[count:]
        places = [_places(part) for part in self._prefix]
        self.first_apart, self._last = any(first for first, _ in places), any(last for _, last in places)
        if not rest or type(rest[0]) is Fuse:
            self._rest = rest[1:]
        elif type(rest[0]) is ByteLevel:
            self._join = "bytes"
            self._rest = rest[1:]
        elif type(rest[0]) is ByteFallback and (len(rest) == 1 or type(rest[1]) is Fuse):
            self._join = "byte_fallback"
            self._rest = rest[2:]
        else:
            self._join = "chain"
            self._rest = rest
            return
        strip = self._rest[0] if len(self._rest) == 1 and type(self._rest[0]) is Strip else None
        self._strip_rest = strip
        if (not self._rest or (strip is not None and strip.stop == 0)) and not self._last:
            self.shape = "bytes" if self._join == "bytes" else "runs" if self._join == "byte_fallback" else "pieces"
            if strip is not None and strip.start:
                self.strip = (strip.content, strip.start)

    def decode(self, ids: list[int]) -> str:
        """The text of `ids` (every one with a token in the vocabulary)."""
        join = self._join
        if join == "spaces":
            return " ".join(map(self._vocab.__getitem__, ids))  # type: ignore[arg-type]
        if join == "decoder":
            return self._decoder.decode(list(map(self._vocab.__getitem__, ids)))  # type: ignore[union-attr, arg-type]
        if not ids:
            return "".join(_run([self._decoder], []))  # type: ignore[list-item]
        if not self._tables_for(len(ids)):
            units = self.units(ids)
            return "".join(_run(self._rest, units)) if join == "chain" else self.finish(self.join_units(units))  # type: ignore[arg-type]
        ends_apart = self.first_apart or self._last
        if join == "bytes":
            data = b"".join(self.units(ids) if ends_apart else map(self._bytes.__getitem__, ids))  # type: ignore[arg-type]
            text = data.decode("utf-8", errors="replace")
        else:
            pieces: list[str] = self.units(ids) if ends_apart else list(map(self._middle.__getitem__, ids))  # type: ignore[assignment]
            if join == "chain":
                return "".join(_run(self._rest, pieces))
            if join == "byte_fallback" and (ends_apart or not self._byte_ids.isdisjoint(ids)):
                text = self._fuse_byte_runs(ids, pieces)
            else:
                text = "".join(pieces)
        return self.finish(text) if self._rest else text

    def units(self, ids: list[int]) -> list[Unit]:
        """What each id adds to the join (bytes for ByteLevel, else str), by its place:
        `[0, 1]` with a Metaspace decoder and vocab `["▁a", "▁b"]` -> `["a", " b"]`."""
        if self._join == "spaces":
            vocab = self._vocab
            return [vocab[ids[0]], *[" " + vocab[id_] for id_ in ids[1:]]] if ids else []  # type: ignore[operator, list-item]
        if self._tables:
            units: list[Any] = list(map((self._bytes if self._join == "bytes" else self._middle).__getitem__, ids))
        else:
            units = list(map(self.middle_unit, ids))
        if units and (self.first_apart or self._last):
            if len(ids) == 1:
                units[0] = self._end(ids[0], _ONLY)
            else:
                if self.first_apart:
                    units[0] = self._end(ids[0], _FIRST)
                if self._last:
                    units[-1] = self._end(ids[-1], _LAST)
        return units

    def middle_unit(self, id_: int) -> Unit:
        """The unit of id_ between two other ids."""
        if self._join == "spaces":
            return " " + self._vocab[id_]  # type: ignore[operator]
        if self._tables:
            return self._bytes[id_] if self._join == "bytes" else self._middle[id_]
        unit = self._middles.get(id_)
        if unit is None:
            token = self._vocab[id_] or ""
            if not self._prefix:
                unit = token
            elif self.first_apart and id_ not in self._ends[_FIRST]:  # its first unit in the same run
                first, unit, _ = _run(self._prefix, [token, token, ""])
                self._ends[_FIRST][id_] = token_bytes(first) if self._join == "bytes" else first
            else:
                unit = _run(self._prefix, ["", token, ""])[1]
            if self._join == "bytes":
                unit = token_bytes(unit)
            self._middles[id_] = unit
        return unit

    def expect(self, count: int) -> None:
        """Say that decodes of `count` ids in all follow (a batch): the tables are built now
        if they would be before the end."""
        if not self._tables and self._join not in ("spaces", "decoder") and self._few + count > len(self._vocab):
            self._build_tables()

    def _tables_for(self, count: int) -> bool:
        """Whether a decode of `count` ids goes through the tables, built now if it is time."""
        if not self._tables:
            self._few += count
            if count <= FEW and self._few <= len(self._vocab):
                return False
            self._build_tables()
        return True

    def _build_tables(self) -> None:
        """The middle unit of every id, and for ByteFallback which ones are bytes."""
        filled = [token if token is not None else "" for token in self._vocab]
        # The middle text of every id: its token between two others, so neither first nor last.
        middle = _run(self._prefix, ["", *filled, ""])[1:-1] if self._prefix else filled
        if self._join == "bytes":
            self._bytes = tokens_bytes(middle)
        elif self._join == "byte_fallback":
            values = [byte_token_value(token) for token in middle]
            self._byte_values = [value if value is not None else 0 for value in values]
            self._is_byte = [value is not None for value in values]
            self._byte_ids = {id_ for id_, value in enumerate(values) if value is not None}
            # The UTF-8 of each middle text, a byte token's own byte: see _fuse_byte_runs.
            self._utf8 = [token.encode("utf-8", "surrogatepass") for token in middle]
            for id_ in self._byte_ids:
                self._utf8[id_] = bytes([self._byte_values[id_]])
        self._middle = middle
        self._tables, self._middles = True, {}  # (the tables first: another thread may read them)

    def join_units(self, units: list[Unit]) -> str:
        """The joined text of these units, before `finish`."""
        if self._join == "bytes":
            return b"".join(units).decode("utf-8", errors="replace")  # type: ignore[arg-type]
        if self._join == "byte_fallback":
            if len(units) == 1:
                value = byte_token_value(units[0])  # type: ignore[arg-type]
                return units[0] if value is None else decode_byte_run(bytearray([value]))[0]  # type: ignore[return-value]
            return fuse_byte_runs(units)  # type: ignore[arg-type]
        return "".join(units)  # type: ignore[arg-type]

    @property
    def finishes(self) -> bool:
        """Whether decoders run after the join (`finish` changes the joined text)."""
        return bool(self._rest)

    def finish(self, text: str) -> str:
        """The decoders after the join, on the joined text."""
        if self._strip_rest is not None:
            return self._strip_rest.strip(text)
        return "".join(_run(self._rest, [text])) if self._rest else text

    def _end(self, id_: int, place: int) -> Unit:
        """The unit of id_ as the first, last or only token (found once, then cached)."""
        if place == _ONLY and not self._last:
            place = _FIRST  # the same unit
        cache = self._ends[place]
        unit = cache.get(id_)
        if unit is None:
            token = self._vocab[id_] or ""
            if place == _ONLY:
                unit = _run(self._prefix, [token])[0]
            else:
                unit = _run(self._prefix, [token, ""] if place == _FIRST else ["", token])[place]
            if self._join == "bytes":
                unit = token_bytes(unit)
            cache[id_] = unit
        return unit

    def _fuse_byte_runs(self, ids: list[int], pieces: list[str]) -> str:
        """ByteFallback then Fuse: each run of byte tokens decoded as UTF-8 (all or nothing)."""
        if not (self.first_apart or self._last):
            # A text's UTF-8 is whole and never starts with a continuation byte, so the bytes of
            # all the ids are valid UTF-8 exactly when every run of byte tokens is: then they
            # decode at once to the same text.
            try:
                return b"".join(map(self._utf8.__getitem__, ids)).decode("utf-8")
            except UnicodeDecodeError:
                pass
        flags = bytearray(map(self._is_byte.__getitem__, ids))
        if self.first_apart or self._last:  # the ends have texts of their own
            for index in {0, len(ids) - 1}:
                flags[index] = byte_token_value(pieces[index]) is not None
        if 1 not in flags:
            return "".join(pieces)
        values = list(map(self._byte_values.__getitem__, ids))
        if self.first_apart or self._last:
            for index in {0, len(ids) - 1}:
                values[index] = byte_token_value(pieces[index]) or 0
        return _fuse(pieces, flags, values)


def fuse_byte_runs(pieces: list[str]) -> str:
    """ByteFallback then Fuse on a few pieces: `["a", "<0xC3>", "<0xA9>"] -> "aé"`."""
    values = [byte_token_value(piece) for piece in pieces]
    flags = bytearray(value is not None for value in values)
    return _fuse(pieces, flags, [value or 0 for value in values]) if 1 in flags else "".join(pieces)


def _fuse(pieces: list[str], flags: bytearray, values: list[int]) -> str:
    out, done = [], 0
    for run in _BYTE_RUNS.finditer(flags):
        start, stop = run.span()
        out.append("".join(pieces[done:start]))
        out.extend(decode_byte_run(bytearray(values[start:stop])))
        done = stop
    out.append("".join(pieces[done:]))
    return "".join(out)
