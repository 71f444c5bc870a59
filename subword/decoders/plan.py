"""DecodePlan: a decoder compiled against one vocabulary, so decoding ids is table look-ups and joins.

A decoder chain (a `Sequence` is read as its decoders, in order) is split in three:

1. the leading decoders that map each token to one token (`Replace`, `Strip`, `Metaspace`,
   `WordPiece`, `BPEDecoder`), where the result depends only on the token and on whether it is
   the first or the last one. They give the text of each id in the middle of a sequence once,
   when a decode first meets the id (for all the new ids of a decode at once), and the plan
   keeps it; an id at an end gets its own text once, kept too. So a decode costs in proportion
   to its ids and to the ids it meets for the first time, not to the whole vocabulary.
2. the decoder that joins: `Fuse`, `ByteLevel` (a per-id table of bytes, as byte strings),
   `ByteFallback` followed by `Fuse` or by nothing (runs of byte tokens found in bulk), or the
   end of the chain.
3. the rest, which now sees a single token and runs as itself.

A chain that does not fit (CTC, a custom decoder before the join) keeps its own `decode_chain`
after step 1; one holding a decoder of another type (a subclass) is left to `decoder.decode`.
Every plan gives exactly `decoder.decode(tokens)`; tests/test_decode_plan.py checks it on
random ids, on fresh plans and on plans that have seen every id. What it does not do: look ids
up or drop special tokens; the Tokenizer gives it ids that all have a token.

For `DecodeStream`, a plan also says how its text grows (`shape`): with no decoder treating the
last token apart and nothing after the join but a `Strip` of the start, the text of ids is the
joined *units* of the ids (`units`, `join_units`) with that strip (`finish`) applied.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Literal

from .base import CustomDecoder, Decoder
from .bpe import BPEDecoder
from .byte_fallback import ByteFallback, byte_token_value, byte_token_values, decode_byte_run
from .byte_level import ByteLevel, decode_byte_strings, token_byte_string, tokens_byte_strings
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
# Places of a token at an end of a decode, indexes of DecodePlan._ends.
_FIRST, _LAST, _ONLY = 0, 1, 2

Shape = Literal["pieces", "bytes", "runs"]
Unit = str  # what an id adds to a join: text, or bytes as a byte string (`tokens_byte_strings`)


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
        # How `IdDecoder.decode_batch` joins the rows of a batch, unit by unit: "str" (the
        # units), "bytes" (ByteLevel's bytes, decoded lossily), "utf8" (ByteFallback's: the UTF-8
        # of each middle text, a byte token's byte; a row that is not valid UTF-8 is decoded
        # again as itself), or None (each row as itself). Bytes are byte strings
        # (`tokens_byte_strings`), which join faster than bytes.
        self.bulk: Literal["str", "bytes", "utf8"] | None = None
        self.strip: tuple[str, int] | None = None  # `finish` strips up to n leading copies of a char
        self._strip_rest: Strip | None = None  # the rest, when it is one Strip
        # By id, the middle unit of each id seen so far, None for the others (`_add_middles`).
        self._middles: list[Unit | None] = [None] * len(vocab)
        # With ByteFallback, by id for the same ids: the UTF-8 of the middle text (a byte
        # token's own byte) as a byte string, the byte a byte token stands for (0 for others),
        # which ones are byte tokens (sized when the join is known).
        self._utf8: list[str] = []
        self._byte_value: list[int] = []
        self._is_byte: list[bool] = []
        self._byte_ids: set[int] = set()
        # How `IdDecoder.record` finds what one id adds: "bytes" (ByteLevel alone: the token's
        # bytes), "pieces" (units of text joined, nothing after the join: the id's units), or
        # None (the units joined and finished, as a decode does).
        self.record_rule: Literal["bytes", "pieces"] | None = None
        # With a Metaspace alone before a join of text: its rule for one token, first and middle.
        self._first_and_middle: Callable[[str], tuple[str, str]] | None = None
        if decoder is None:
            self._join, self.shape, self.first_apart, self.record_rule = "spaces", "pieces", True, "pieces"
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
            self._utf8, self._byte_value, self._is_byte = [""] * len(vocab), [0] * len(vocab), [False] * len(vocab)
            self._rest = rest[2:]
        else:
            self._join = "chain"
            self._rest = rest
            return
        if not self._last:
            bulk = {"join": "str", "bytes": "bytes", "byte_fallback": None if self.first_apart else "utf8"}
            self.bulk = bulk[self._join]  # type: ignore[assignment]
        strip = self._rest[0] if len(self._rest) == 1 and type(self._rest[0]) is Strip else None
        self._strip_rest = strip
        if (not self._rest or (strip is not None and strip.stop == 0)) and not self._last:
            self.shape = "bytes" if self._join == "bytes" else "runs" if self._join == "byte_fallback" else "pieces"
            if strip is not None and strip.start:
                self.strip = (strip.content, strip.start)
        if self.shape is not None and not self._rest:
            if self._join == "bytes" and not self._prefix:
                self.record_rule = "bytes"
            elif self._join == "join":
                self.record_rule = "pieces"
                if len(self._prefix) == 1 and type(self._prefix[0]) is Metaspace:
                    self._first_and_middle = self._prefix[0].decode_first_and_middle

    def decode(self, ids: list[int]) -> str:
        """The text of `ids` (every one with a token in the vocabulary)."""
        join = self._join
        if join == "spaces":
            return " ".join(map(self._vocab.__getitem__, ids))  # type: ignore[arg-type]
        if join == "decoder":
            return self._decoder.decode(list(map(self._vocab.__getitem__, ids)))  # type: ignore[union-attr, arg-type]
        if not ids:
            return "".join(_run([self._decoder], []))  # type: ignore[list-item]
        units = self.units(ids)
        if join == "chain":
            return "".join(_run(self._rest, units))
        text = self._joined(ids, units)
        return self.finish(text) if self._rest else text

    def _joined(self, ids: list[int], units: list[Unit]) -> str:
        """The joined text (before `finish`) of the units of `ids`."""
        join = self._join
        if join == "bytes":
            return decode_byte_strings(units)
        if join == "byte_fallback" and (self.first_apart or self._last or not self._byte_ids.isdisjoint(ids)):
            # (an end's own text may be a byte token where its middle one is not)
            return self._fuse_byte_runs(ids, units)
        return "".join(units)

    def units(self, ids: list[int]) -> list[Unit]:
        """What each id adds to the join (for ByteLevel, its bytes as a byte string), by its place:
        `[0, 1]` with a Metaspace decoder and vocab `["▁a", "▁b"]` -> `["a", " b"]`."""
        if self._join == "spaces":
            vocab = self._vocab
            return [vocab[ids[0]], *[" " + vocab[id_] for id_ in ids[1:]]] if ids else []  # type: ignore[operator, list-item]
        units = self._middle_units(ids)
        if units and (self.first_apart or self._last):
            if len(ids) == 1:
                units[0] = self._end(ids[0], _ONLY)
            else:
                if self.first_apart:
                    units[0] = self._end(ids[0], _FIRST)
                if self._last:
                    units[-1] = self._end(ids[-1], _LAST)
        return units

    def bulk_units(self, ids: list[int]) -> list[Unit]:
        """What each id adds to a row joined in bulk (see `bulk`), as if in its middle."""
        if self.bulk == "utf8":
            self._add_middles(ids)  # (fills the UTF-8 table)
            return list(map(self._utf8.__getitem__, ids))
        return self._new_middles(ids)  # (the IdDecoder keeps them: not kept here too)

    def _middle_units(self, ids: list[int]) -> list[Unit]:
        """The middle unit of each id, those of ids not seen before found first."""
        units = list(map(self._middles.__getitem__, ids))
        if None in units:
            self._add_middles(ids)
            units = list(map(self._middles.__getitem__, ids))
        return units  # type: ignore[return-value]

    def middle_unit(self, id_: int) -> Unit:
        """The unit of id_ between two other ids."""
        if self._join == "spaces":
            return " " + self._vocab[id_]  # type: ignore[operator]
        unit = self._middles[id_]
        return unit if unit is not None else self._add_middle(id_)

    def first_and_middle_unit(self, id_: int) -> tuple[Unit, Unit]:
        """The unit of id_ as the first id of a decode and between two others (what a stream's
        record needs): the same object where the first id has no text of its own; with a
        Metaspace alone, its rule for one token; else, when neither is known yet, both come from
        one run of the one-to-one decoders, over `[token, token, ""]`."""
        if not self.first_apart:
            unit = self.middle_unit(id_)
            return unit, unit
        if self._first_and_middle is not None:  # (two replaces: not worth keeping)
            return self._first_and_middle(self._vocab[id_] or "")
        firsts = self._ends[_FIRST]
        if self._join != "spaces" and self._middles[id_] is None and id_ not in firsts:
            token = self._vocab[id_] or ""
            first, middle = self._units_of(_run(self._prefix, [token, token, ""])[:2])
            self._keep_middle(id_, middle)
            firsts[id_] = first
            return first, middle
        return self.first_units([id_])[0], self.middle_unit(id_)

    def _add_middles(self, ids: list[int]) -> None:
        """Find the middle units of the ids not seen before, all in one run of the decoders."""
        middles = self._middles
        new = [id_ for id_ in set(ids) if middles[id_] is None]
        self._keep_middles(new, self._new_middles(new))

    def _keep_middles(self, ids: list[int], units: list[Any]) -> None:
        """Keep the middle units of these ids (not seen before), and with ByteFallback their bytes."""
        middles = self._middles
        if self._join == "byte_fallback":  # (these first: another thread reads them once a unit is there)
            for id_, text, value in zip(ids, units, byte_token_values(units)):  # (the units are the texts)
                if value is None:
                    self._utf8[id_] = text.encode("utf-8", "surrogatepass").decode("latin-1")
                else:
                    self._utf8[id_], self._byte_value[id_], self._is_byte[id_] = chr(value), value, True
                    self._byte_ids.add(id_)
        for id_, unit in zip(ids, units):
            middles[id_] = unit

    def _middle_texts(self, ids: list[int]) -> list[str]:
        """The text of each id's token between two others (neither first nor last), after the
        one-to-one decoders."""
        vocab = self._vocab
        tokens = [vocab[id_] or "" for id_ in ids]
        return _run(self._prefix, ["", *tokens, ""])[1:-1] if self._prefix else tokens

    def _new_middles(self, ids: list[int]) -> list[Unit]:
        """The middle unit of each id, found anew (for ids not seen before)."""
        return self._units_of(self._middle_texts(ids))

    def _add_middle(self, id_: int) -> Unit:
        """Find and keep the middle unit of one id not seen before: `_add_middles([id_])`, without
        its lists where no decoder runs before the join (a stream asks for one id at a time)."""
        unit = self._new_middles([id_])[0] if self._prefix else self._unit_of(self._vocab[id_] or "")
        self._keep_middle(id_, unit)
        return unit

    def _keep_middle(self, id_: int, unit: Unit) -> None:
        """`_keep_middles([id_], [unit])`, without its lists where the unit is all that is kept."""
        if self._join == "byte_fallback":
            self._keep_middles([id_], [unit])
        else:
            self._middles[id_] = unit

    def _units_of(self, texts: list[str]) -> list[Unit]:
        """The units of these texts (after the one-to-one decoders): for ByteLevel, byte strings."""
        return tokens_byte_strings(texts) if self._join == "bytes" else texts

    def _unit_of(self, text: str) -> Unit:
        """`_units_of([text])[0]`, without its lists."""
        return token_byte_string(text) if self._join == "bytes" else text

    def join_units(self, units: list[Unit]) -> str:
        """The joined text of these units, before `finish`."""
        if self._join == "bytes":
            return decode_byte_strings(units)
        if self._join == "byte_fallback":
            if len(units) == 1:
                value = byte_token_value(units[0])
                return units[0] if value is None else decode_byte_run(bytearray([value]))[0]
            return fuse_byte_runs(units)
        return "".join(units)

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
        if place == _FIRST:
            return self.first_units([id_])[0]
        cache = self._ends[place]
        unit = cache.get(id_)
        if unit is None:
            token = self._vocab[id_] or ""
            unit = self._units_of(_run(self._prefix, [token] if place == _ONLY else ["", token])[-1:])[0]
            cache[id_] = unit
        return unit

    def first_units(self, ids: list[int]) -> list[Unit]:
        """The unit of each id as the first one of a decode (those not seen before found together)."""
        cache = self._ends[_FIRST]
        try:
            return list(map(cache.__getitem__, ids))
        except KeyError:
            new = [id_ for id_ in set(ids) if id_ not in cache]
            texts = [self._vocab[id_] or "" for id_ in new]
            for decoder in self._prefix:  # each one-to-one decoder's rule for a first token
                if _places(decoder)[0]:
                    texts = decoder.decode_firsts(texts)  # type: ignore[attr-defined]
                else:
                    texts = decoder.decode_chain(["", *texts, ""])[1:-1]
            cache.update(zip(new, self._units_of(texts)))
            return list(map(cache.__getitem__, ids))

    def _fuse_byte_runs(self, ids: list[int], pieces: list[str]) -> str:
        """ByteFallback then Fuse: each run of byte tokens decoded as UTF-8 (all or nothing)."""
        if not (self.first_apart or self._last):
            # A text's UTF-8 is whole and never starts with a continuation byte, so the bytes of
            # all the ids are valid UTF-8 exactly when every run of byte tokens is: then they
            # decode at once to the same text.
            try:
                return "".join(map(self._utf8.__getitem__, ids)).encode("latin-1").decode("utf-8")
            except UnicodeDecodeError:
                pass
        flags = bytearray(map(self._is_byte.__getitem__, ids))
        if self.first_apart or self._last:  # the ends have texts of their own
            for index in {0, len(ids) - 1}:
                flags[index] = byte_token_value(pieces[index]) is not None
        if 1 not in flags:
            return "".join(pieces)
        values = list(map(self._byte_value.__getitem__, ids))
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
