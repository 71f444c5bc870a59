"""IdDecoder: ids to text for one vocabulary and one skip_special_tokens, and what one id adds.

`Tokenizer.decode` looks ids up, drops those without a token (and special ones if asked), and
decodes the rest. An IdDecoder does it with the set of ids to drop and a `DecodePlan`.
The Tokenizer builds it (`Tokenizer.id_decoder`); `decode` gives None for an id outside the
tables, which the Tokenizer then decodes the per-id way.

For `DecodeStream` it also knows, when the plan's text grows by appending units
(`DecodePlan.shape`), whether the text of some ids is *settled* (`settled`): the text of
`ids + more` is then the text of `ids` followed by the text `more` adds in the middle of a
sequence, whatever `more` is. That holds when the strip at the start (if any) is over and the
bytes (ByteLevel, ByteFallback) end with a complete character. What each id adds after a
settled text is its `record`.

What it does not do: the stream's rule and state (`decoders/stream.py`).
"""

from __future__ import annotations

from itertools import accumulate, chain, compress
from operator import lt
from typing import Iterable, Union

from ..core.inputs import int_list
from .byte_fallback import byte_token_value
from .byte_level import decode_byte_strings, token_bytes
from .plan import DecodePlan, Unit

_INCOMPLETE = "\ufffd"
# An id with a record (below): (text it adds after a settled text, or None if that text is
# empty or ends with an incomplete character; its text alone; whether that is settled; the
# bytes it adds to an incomplete character, or None if it ends one with something else).
Record = tuple[Union[str, None], str, bool, Union[bytes, None]]
# A decode of more ids than this goes the way of decode_batch, which builds tables as it goes.
_LONG = 256
# A batch of this many times more ids than the tables hold finds the units of every id.
_MANY = 20
DROPPED = True  # the record of an id that decode drops (special, or without a token)
UNKNOWN = False  # the record of an id outside the tables, or of any id when the plan has no shape


class IdDecoder:
    """`decode(ids)` equal to `tokenizer.decode(ids, skip_special_tokens)` for ids in the tables.

    >>> from subword.decoders import Metaspace
    >>> vocab = ["▁Hello", "<s>", "▁world"]
    >>> decoder = IdDecoder(DecodePlan(Metaspace(), vocab), vocab, {"<s>", None})
    >>> decoder.decode([1, 0, 1, 2]), decoder.decode([3])
    ('Hello world', None)
    >>> decoder.record(2), decoder.record(1)  # " world" after "Hello"; alone, "world"
    ((' world', 'world', True, None), True)
    """

    def __init__(self, plan: DecodePlan, vocab: list[str | None], dropped_tokens: set[str | None]) -> None:
        self.plan = plan
        self._vocab = vocab  # by id, its token (None: no token)
        self._dropped_tokens = dropped_tokens  # a decode drops the ids of these tokens
        self._dropped_ids: set[int] | None = None  # all of them (`_dropped`, found when needed)
        self._size = len(vocab)  # the ids in the tables: 0 to size - 1
        self._keep: list[bool] | None = None  # by id, whether a decode keeps it (made when needed)
        # By id, what it adds to a row of decode_batch (`_add_units`); None: not seen yet.
        self._units: list[Unit | None] | None = None
        # record() of the ids seen so far; DecodeStream reads it directly
        self.records: dict[int, Union[Record, bool]] = {}
        # How the bytes of an incomplete character decode: ByteLevel's lossy UTF-8, or
        # ByteFallback's all or nothing (None: the run is not valid).
        self.lossy = plan.shape == "bytes"
        # Whether a joined text is its own decode and is settled if it ends with a whole character.
        self._text_is_context = plan.strip is None and not plan.finishes

    def decode(self, ids: list[int]) -> str | None:
        """The text of `ids`, or None if one of them is outside the tables."""
        if self.looks_up_every_id(ids):
            return self.decode_batch([ids], ids)[0]
        return self._decode_row(ids)

    def looks_up_every_id(self, ids: list[int]) -> bool:
        """Whether `decode(ids)` looks every id up in a list, so that one that is not an int
        raises TypeError without a check of its own (long decodes, as decode_batch)."""
        return len(ids) > _LONG and self.plan.bulk is not None

    def _decode_row(self, ids: list[int]) -> str | None:
        """`decode`, the ids filtered, then the plan's decode."""
        if ids and (min(ids) < 0 or max(ids) >= self._size):
            return None
        dropped = self._dropped_for(ids)
        if dropped and not dropped.isdisjoint(ids):
            ids = self._kept(ids, dropped)
        return self.plan.decode(ids)

    @property
    def _dropped(self) -> set[int]:
        """The ids a decode drops (found once, when first needed)."""
        dropped = self._dropped_ids
        if dropped is None:
            dropped = self._dropped_ids = self._drops(range(self._size))
        return dropped

    def _dropped_for(self, ids: list[int]) -> set[int]:
        """The dropped ids to filter `ids` (all in the tables) with: all of them once found (or for
        a long row), else those among a short row's own ids, so that a first short decode or a
        stream on a fresh tokenizer looks up a few ids, not the whole vocabulary."""
        if self._dropped_ids is not None or len(ids) > _LONG:
            return self._dropped
        return self._dropped_among(set(ids))

    def _dropped_among(self, ids: set[int]) -> set[int]:
        """The ids of `ids` (all in the tables) that a decode drops; before `_dropped` is
        needed, found among them alone (a bulk decode meets far fewer ids than the tables hold)."""
        if self._dropped_ids is not None:
            return self._dropped_ids.intersection(ids)  # (iterates the smaller set)
        return self._drops(ids)

    def _drops(self, ids: Iterable[int]) -> set[int]:
        """The ids of `ids` whose token is one of the dropped tokens."""
        listed = list(ids)
        return set(compress(listed, map(self._dropped_tokens.__contains__, map(self._vocab.__getitem__, listed))))

    def _kept(self, ids: list[int], dropped: set[int]) -> list[int]:
        """The ids a decode keeps; `dropped` holds the dropped ids among them (`_dropped_for`)."""
        start, end = 0, len(ids)
        while start < end and ids[start] in dropped:
            start += 1
        while end > start and ids[end - 1] in dropped:
            end -= 1
        ids = ids[start:end]
        if dropped.isdisjoint(ids):  # the usual case: special tokens only around the text
            return ids
        if len(ids) <= _LONG:  # (`dropped` may be a short row's own, see `_dropped_for`)
            return [id_ for id_ in ids if id_ not in dropped]
        keep = self._keep
        if keep is None:
            keep = [True] * self._size
            for id_ in self._dropped:
                keep[id_] = False
            self._keep = keep
        return list(compress(ids, map(keep.__getitem__, ids)))

    def decode_batch(self, rows: list[list[int]], ids: list[int] | None = None) -> list[str | None]:
        """`decode` of each row; `ids`, all the rows' ids in a row, if already made (they may be
        unchecked: every id is looked up, see below).

        With a plan that joins in bulk, every id is looked up once in a table of what it adds
        to a row (nothing, for the ids a decode drops), and each row is one join. An id that is
        not an int raises TypeError (from the look-up: the caller checks the ids then).
        """
        plan = self.plan
        if ids is None:
            ids = list(chain.from_iterable(rows))
        if plan.bulk is None or not ids:
            return self._each_row(rows)
        least = self._add_units(ids) if self._units is None else min(ids)
        if least < 0:
            return self._each_row(rows)
        ends = list(accumulate(map(len, rows)))
        starts = [0, *ends[:-1]]
        try:
            texts = self._joined_rows(ids, starts, ends)
        except IndexError:  # an id past the tables
            return self._each_row(rows)
        except TypeError:  # the unit of an id not seen before is None
            self._add_units(ids)
            texts = self._joined_rows(ids, starts, ends)
        # Rows the bulk rule does not give: no unit kept, where the text is the decoder's own
        # (or the units are empty); with ByteFallback, bytes that are not valid UTF-8 or a
        # replacement character that may stand for them.
        if plan.bulk == "utf8":
            again = [index for index, text in enumerate(texts) if not text or _INCOMPLETE in text]
        else:
            again = [index for index, text in enumerate(texts) if not text] if "" in texts else []
        if plan.finishes:
            texts = list(map(plan.finish, texts))
        for index in again:
            texts[index] = self._decode_row(rows[index])  # type: ignore[assignment]
        return texts  # type: ignore[return-value]

    def _each_row(self, rows: list[list[int]]) -> list[str | None]:
        """`decode` of each row alone (the rows may be unchecked: checked here)."""
        return [self._decode_row(int_list(row)) for row in rows]

    def _joined_rows(self, ids: list[int], starts: list[int], ends: list[int]) -> list[str]:
        """The joined text of each span of ids, with the plan's bulk units."""
        units = list(map(self._units.__getitem__, ids))  # type: ignore[index]
        if self.plan.first_apart:
            self._place_firsts(ids, units, starts, ends)
        spans = zip(starts, ends)
        if self.plan.bulk == "str":
            return ["".join(units[start:end]) for start, end in spans]
        return [decode_byte_strings(units[start:end]) for start, end in spans]

    def _add_units(self, ids: list[int]) -> int:
        """Find the bulk units of the ids (in range) not seen before: the plan's `bulk_units`,
        empty for the ids a decode drops. For many times more ids than the tables hold, those
        of every id (cheaper than finding which ids are there). Gives the least id (found on
        the way: `decode_batch` needs it)."""
        table, size = self._units, self._size
        if table is None:
            table = self._units = [None] * size
        if len(ids) >= _MANY * size:
            seen: set[int] = set(range(size))
            least = min(ids)
        else:
            seen = set(ids)
            least = min(seen)
            if least < 0 or max(seen) >= size:
                seen = {id_ for id_ in seen if 0 <= id_ < size}
        # (the dropped ids first: another thread may read any unit that is not None)
        for id_ in self._dropped_among(seen):
            table[id_] = ""
        new = [id_ for id_ in seen if table[id_] is None]
        for id_, unit in zip(new, self.plan.bulk_units(new)):
            table[id_] = unit
        return least

    def _place_firsts(self, ids: list[int], units: list[Unit], starts: list[int], ends: list[int]) -> None:
        """Give the first id kept in each span its unit as the first one of a decode."""
        firsts = list(compress(starts, map(lt, starts, ends)))
        dropped = self._dropped
        if not dropped.isdisjoint(map(ids.__getitem__, firsts)):  # some spans start with ids to drop
            firsts = []
            for start, end in zip(starts, ends):
                while start < end and ids[start] in dropped:
                    start += 1
                if start < end:
                    firsts.append(start)
        for index, unit in zip(firsts, self.plan.first_units(list(map(ids.__getitem__, firsts)))):
            units[index] = unit

    def record(self, id_: int) -> Union[Record, bool]:
        """What `id_` adds after a settled text (found once): a `Record`, DROPPED or UNKNOWN.

        With a Metaspace decoder: `"▁world" -> (" world", "world", True, None)`; with ByteLevel,
        the first of the two tokens of "é": `"Ã" -> (None, "\\ufffd", False, b"\\xc3")`.
        """
        record = self.records.get(id_)
        if record is None:
            record = self.records[id_] = self._record(id_)
        return record

    def _record(self, id_: int) -> Union[Record, bool]:
        plan = self.plan
        if plan.shape is None or not 0 <= id_ < self._size:
            return UNKNOWN
        token = self._vocab[id_]
        if token in self._dropped_tokens:  # (`_drops` of one id)
            return DROPPED
        # The plan's shortcuts for a stream's first look at an id (`_joined_record` is the rule
        # they follow; tests/test_decode_stream.py pins them to it).
        rule = plan.record_rule
        if rule == "bytes":
            return _bytes_record(token)  # type: ignore[arg-type]
        if rule == "pieces":
            first, unit = plan.first_and_middle_unit(id_)
            return _added_text(unit), first, True, None
        return self._joined_record(id_)

    def _joined_record(self, id_: int) -> Record:
        """The record of an id the decode keeps, from its units joined and finished."""
        plan = self.plan
        shape = plan.shape
        first, unit = plan.first_and_middle_unit(id_)  # (alone, the id is the first one)
        joined = plan.join_units([unit])
        added = _added_text(joined)
        if shape == "bytes":
            data: bytes | None = unit.encode("latin-1")
        elif shape == "runs" and (value := byte_token_value(unit)) is not None:
            data = bytes([value])
        else:
            data = None
        if first is not unit:
            joined = plan.join_units([first])
        return added, plan.finish(joined), self._settled_text(joined), data

    def settled(self, ids: list[int]) -> bool:
        """Whether the text of `ids` is settled (see the module docstring); False if unknown."""
        plan = self.plan
        if plan.shape is None or not ids or min(ids) < 0 or max(ids) >= self._size:
            return False
        dropped = self._dropped_for(ids)
        kept = self._kept(ids, dropped) if dropped else ids
        if not kept:  # the next id would be the first one, with a text of its own
            return False
        return self._settled_text(plan.join_units(plan.units(kept)))

    def settle(self, ids: list[int], text: str) -> tuple[str, bool]:
        """(decode(ids), settled(ids)) for ids whose units, all in the middle of a sequence,
        were bytes that decode to `text`: what `DecodeStream` needs once an incomplete
        character is complete."""
        if self.plan.first_apart:  # the first id's unit is not the one decoded
            return self.decode(ids), self.settled(ids)  # type: ignore[return-value]
        if self._text_is_context:  # (the caller's text does not end with a replacement character)
            return text, True
        return self.plan.finish(text), self._settled_text(text)

    def _settled_text(self, text: str) -> bool:
        """Whether a joined text (before `finish`) is settled.

        Bytes whose decoded text does not end with a replacement character end with a complete
        character, where decoding more bytes starts afresh: lossy UTF-8 replaces maximal
        invalid subparts, and a run of ByteFallback bytes ending so is valid. Units of text
        (pieces) are complete whatever they hold.
        """
        if self.plan.shape != "pieces" and text.endswith(_INCOMPLETE):
            return False
        if self.plan.strip is None:
            return True
        # The strip at the start (up to `count` copies of `char`) must be over.
        char, count = self.plan.strip
        return len(text) >= count or text.lstrip(char) != ""


def _bytes_record(token: str) -> Record:
    """The record of a token with a ByteLevel decoder alone: its bytes decoded, settled when they
    end with a complete character."""
    data = token_bytes(token)
    text = data.decode("utf-8", errors="replace")
    if text.endswith(_INCOMPLETE):  # (`_added_text` in one test with the settled flag)
        return None, text, False, data
    return text or None, text, True, data


def _added_text(joined: str) -> str | None:
    """A record's added text: the joined text of its middle unit, None if it is empty or ends
    with an incomplete character (the stream then goes the rule's way or gathers bytes)."""
    return joined if joined and not joined.endswith(_INCOMPLETE) else None
