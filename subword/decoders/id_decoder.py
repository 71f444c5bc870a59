"""IdDecoder: ids to text for one vocabulary and one skip_special_tokens, and what one id adds.

`Tokenizer.decode` looks ids up, drops those without a token (and special ones if asked), and
decodes the rest. An IdDecoder does it with tables: a keep filter by id and a `DecodePlan`.
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

from itertools import compress
from typing import Union

from .byte_fallback import byte_token_value
from .plan import DecodePlan

_INCOMPLETE = "\ufffd"
# An id with a record (below): (text it adds after a settled text, or None if that text is
# empty or ends with an incomplete character; its text alone; whether that is settled; the
# bytes it adds to an incomplete character, or None if it ends one with something else).
Record = tuple[Union[str, None], str, bool, Union[bytes, None]]
DROPPED = True  # the record of an id that decode drops (special, or without a token)
UNKNOWN = False  # the record of an id outside the tables, or of any id when the plan has no shape


class IdDecoder:
    """`decode(ids)` equal to `tokenizer.decode(ids, skip_special_tokens)` for ids in the tables.

    >>> from subword.decoders import Metaspace
    >>> decoder = IdDecoder(DecodePlan(Metaspace(), ["▁Hello", "<s>", "▁world"]), [True, False, True])
    >>> decoder.decode([1, 0, 1, 2]), decoder.decode([3])
    ('Hello world', None)
    >>> decoder.record(2), decoder.record(1)  # " world" after "Hello"; alone, "world"
    ((' world', 'world', True, None), True)
    """

    def __init__(self, plan: DecodePlan, keep: list[bool] | None, size: int | None = None) -> None:
        self.plan = plan
        self._keep = keep  # by id: whether a decode keeps it; None: every id is kept
        self._size = size if size is not None else len(keep) if keep is not None else 0
        # record() of the ids seen so far; DecodeStream reads it directly
        self.records: dict[int, Union[Record, bool]] = {}
        # How the bytes of an incomplete character decode: ByteLevel's lossy UTF-8, or
        # ByteFallback's all or nothing (None: the run is not valid).
        self.lossy = plan.shape == "bytes"

    def decode(self, ids: list[int]) -> str | None:
        """The text of `ids`, or None if one of them is outside the tables."""
        if ids and (min(ids) < 0 or max(ids) >= self._size):
            return None
        keep = self._keep
        return self.plan.decode(ids if keep is None else list(compress(ids, map(keep.__getitem__, ids))))

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
        if self._keep is not None and not self._keep[id_]:
            return DROPPED
        unit = plan.middle_unit(id_)
        added: str | None = plan.join_units([unit])
        if not added or added.endswith(_INCOMPLETE):
            added = None
        if plan.shape == "bytes":
            data: bytes | None = unit  # type: ignore[assignment]
        elif plan.shape == "runs" and byte_token_value(unit) is not None:  # type: ignore[arg-type]
            data = bytes([byte_token_value(unit)])  # type: ignore[arg-type, list-item]
        else:
            data = None
        return added, plan.decode([id_]), self.settled([id_]), data

    def settled(self, ids: list[int]) -> bool:
        """Whether the text of `ids` is settled (see the module docstring); False if unknown."""
        plan = self.plan
        if plan.shape is None or not ids or min(ids) < 0 or max(ids) >= self._size:
            return False
        kept = ids if self._keep is None else list(compress(ids, map(self._keep.__getitem__, ids)))
        if not kept:  # the next id would be the first one, with a text of its own
            return False
        return self._settled_text(plan.join_units(plan.units(kept)))

    def settle(self, ids: list[int], text: str) -> tuple[str, bool]:
        """(decode(ids), settled(ids)) for ids whose units, all in the middle of a sequence,
        were bytes that decode to `text`: what `DecodeStream` needs once an incomplete
        character is complete."""
        if self.plan.first_apart:  # the first id's unit is not the one decoded
            return self.decode(ids), self.settled(ids)  # type: ignore[return-value]
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
