"""DecodeStream: decode generated ids one step at a time, yielding only the new text.

The rule is the Rust package's `step_decode_stream` (`_step`): decode the ids kept as context
with the new ones, and return what the text gained past the prefix (the text last returned, as
the context alone decodes), unless the text has not grown (in UTF-8 bytes) or ends with an
incomplete character. Each step thus decodes a few ids two or three times.

The fast path skips those decodes while the context's text is settled (`IdDecoder.settled`:
the text of more ids is the context's text then theirs): with the tokenizer's `IdDecoder`
unchanged, an id whose `IdDecoder.record` has a complete text returns it and becomes the
context, as the rule would leave it; an id the decode drops returns None and waits in the ids;
the bytes of a character spread over several ids (ByteLevel, ByteFallback) gather in a buffer
until they decode. Anything else (ids given at construction, a text to a character not
complete, an unknown id, a tokenizer changed or replaced between steps, a decoder plan of
another shape, a list of ids) goes through the rule, which settles the context again with its
next text. Both paths keep the rule's state (ids, prefix, prefix index), so either can follow
the other.
tests/test_decode_stream.py pins the two paths together.
"""

from __future__ import annotations

from typing import Any

from ..core import edits
from ..core.inputs import check_flag, check_ids
from ..errors import ArgumentRangeError, ArgumentTypeError, SubwordError
from .id_decoder import DROPPED, IdDecoder

# The replacement character at the end of a decode means a multi-byte character is not complete.
_INCOMPLETE = "\ufffd"


class DecodeStream:
    """Incremental decoding: `step` returns the text the new ids add, or None until they add some.

    Decoding each id on its own loses what depends on the neighbours (the space a Metaspace
    decoder strips at the start, bytes of one character spread over several byte-level or byte
    fallback tokens). The stream keeps the few ids before the new ones, decodes them together,
    and returns what the new ids added to the text.

    >>> import subword
    >>> vocab = {"▁Hello": 0, "▁world": 1}
    >>> tokenizer = subword.Tokenizer(subword.models.WordLevel(vocab, unk_token="▁Hello"))
    >>> tokenizer.decoder = subword.decoders.Metaspace()
    >>> stream = DecodeStream()
    >>> [stream.step(tokenizer, id_) for id_ in (0, 1)]
    ['Hello', ' world']
    """

    def __init__(self, ids: list[int] | None = None, skip_special_tokens: bool = False) -> None:
        self._forget_tokenizer()
        self.skip_special_tokens = skip_special_tokens  # (checked by the setter)
        # The ids still needed as context: the ones before the prefix, then the prefix's own.
        self._ids = [] if ids is None else check_ids(ids)
        self._prefix = ""  # the decode of the context ids, already returned
        self._prefix_index = 0  # where the prefix's ids start in `_ids`
        # The fast path's state (see below): the IdDecoder the context's text is settled for
        # (None: not settled), and the bytes of an incomplete character after it.
        self._settled_for: IdDecoder | None = None
        self._pending: bytes | None = None

    @property
    def skip_special_tokens(self) -> bool:
        """Whether the special tokens' ids decode to nothing."""
        return self._skip_special_tokens

    @skip_special_tokens.setter
    def skip_special_tokens(self, value: bool | None) -> None:
        # None means the default (False), as in the Rust package; anything else must be a bool
        self._skip_special_tokens = False if value is None else check_flag(value, "skip_special_tokens")
        self._forget_tokenizer()

    def _forget_tokenizer(self) -> None:
        """Empty the look-up of the tokenizer's IdDecoder (`_look_up`)."""
        self._tokenizer: Any = None
        self._stamp: object = None
        self._current: IdDecoder | None = None

    def step(self, tokenizer: Any, id: int | list[int]) -> str | None:
        """Add the next id (or list of ids); the text they add, or None if it is not complete yet."""
        # The tokenizer's IdDecoder is the one of the last step while neither the tokenizer nor
        # the edit stamp changed: two identity tests, where asking the tokenizer costs half a step.
        if tokenizer is self._tokenizer and edits.stamp is self._stamp:
            id_decoder = self._current
        else:
            id_decoder = self._look_up(tokenizer)
        if type(id) is int and id_decoder is self._settled_for and id_decoder is not None:
            record: Any = id_decoder.records.get(id)  # type: ignore[union-attr]
            if record is None:
                record = id_decoder.record(id)  # type: ignore[union-attr]
            if record.__class__ is tuple:
                added, alone, settled, data = record
                if self._pending is None:
                    if added is not None:
                        # An id with a complete text: the rule returns it, the id becomes the context.
                        if self._prefix_index == len(self._ids) or not self._prefix:
                            # (with an empty prefix the rule first counts dropped ids as returned)
                            self._ids, self._prefix_index = [id], 1
                        else:  # dropped ids before it stay in the context
                            self._keep_dropped(id)
                        self._prefix = alone
                        if not settled:
                            self._settled_for = None
                        return added  # type: ignore[no-any-return]
                    if data:  # the start of a character
                        self._absorb_dropped()
                        self._ids.append(id)
                        self._pending = data
                        return None
                elif data is not None:
                    return self._add_to_character(id, data, id_decoder)  # type: ignore[arg-type]
            elif record is DROPPED:
                if self._pending is None:
                    self._absorb_dropped()
                self._ids.append(id)  # the text is the same: None
                return None
        try:
            new_ids = check_ids([id] if not isinstance(id, (list, tuple)) else id)
        except ArgumentRangeError as error:  # the Rust package's StreamInput takes no such id
            raise ArgumentTypeError(f"StreamInput must be either an integer or a list of integers: {error}") from None
        return self._step(tokenizer, id_decoder, new_ids)

    def _look_up(self, tokenizer: Any) -> IdDecoder | None:
        """The tokenizer's IdDecoder (None if it has none), kept with the tokenizer and the stamp."""
        stamp = edits.stamp  # (read first: a change after it moves it again)
        method = getattr(tokenizer, "id_decoder", None)
        id_decoder = method(self._skip_special_tokens) if method is not None else None
        self._tokenizer, self._stamp, self._current = tokenizer, stamp, id_decoder
        return id_decoder

    # The fast path. Its state: the context is `_ids[:_prefix_index]`, whose text is the prefix
    # and is settled for `_settled_for`; after it come dropped ids and, if `_pending` is not None,
    # the ids of an incomplete character, `_pending` its bytes.

    def _keep_dropped(self, id: int) -> None:
        """The context after an id with a complete text, when dropped ids came before it."""
        del self._ids[: self._prefix_index]
        self._ids.append(id)
        self._prefix_index = len(self._ids)

    def _absorb_dropped(self) -> None:
        """The rule's first move when the prefix is empty: the ids so far count as returned."""
        if not self._prefix:
            self._prefix_index = len(self._ids)

    def _add_to_character(self, id: int, data: bytes, id_decoder: IdDecoder) -> str | None:
        """Bytes to an incomplete character: the text is the prefix then the pending bytes'."""
        self._ids.append(id)
        pending = self._pending + data  # type: ignore[operator]
        if id_decoder.lossy:
            text: str | None = pending.decode("utf-8", errors="replace")
        else:
            try:
                text = pending.decode("utf-8")
            except UnicodeDecodeError:  # a run of byte tokens decodes whole or not at all
                text = None
        if text is None or text.endswith(_INCOMPLETE):
            self._pending = pending
            return None
        self._pending = None
        del self._ids[: self._prefix_index]
        self._prefix_index = len(self._ids)
        self._prefix, settled = id_decoder.settle(self._ids, text)
        self._settled_for = id_decoder if settled else None
        return text

    def _step(self, tokenizer: Any, id_decoder: IdDecoder | None, new_ids: list[int]) -> str | None:
        """The rule: Rust's `step_decode_stream`, decoding through `id_decoder` where it can."""
        skip = self.skip_special_tokens

        def decode(ids: list[int]) -> str:
            text = id_decoder.decode(ids) if id_decoder is not None else None
            return text if text is not None else tokenizer.decode(ids, skip)

        self._settled_for, self._pending = None, None
        if not self._prefix and self._ids:
            # Ids given at construction, or a context that decodes to nothing: their text counts
            # as already returned.
            prefix = decode(self._ids)
            if not prefix.endswith(_INCOMPLETE):
                self._prefix, self._prefix_index = prefix, len(self._ids)
        self._ids.extend(new_ids)
        text = decode(self._ids)
        # Lengths in UTF-8 bytes, as the Rust package compares them.
        if len(text.encode("utf-8")) <= len(self._prefix.encode("utf-8")) or text.endswith(_INCOMPLETE):
            return None
        if not text.startswith(self._prefix):
            raise SubwordError(
                f"Invalid prefix encountered while decoding stream. Token ID: {self._ids[-1]}, "
                f"Expected prefix: '{self._prefix}', Actual string: '{text}'"
            )
        new_text = text[len(self._prefix) :]
        next_prefix_index = len(self._ids) - self._prefix_index
        del self._ids[: self._prefix_index]
        self._prefix = decode(self._ids)
        self._prefix_index = next_prefix_index
        if id_decoder is not None:  # the context is now the ids of the text returned, as the fast path needs
            self._settled_for = id_decoder if id_decoder.settled(self._ids) else None
        return new_text

    def __copy__(self) -> DecodeStream:
        clone = DecodeStream(skip_special_tokens=self.skip_special_tokens)
        clone._ids, clone._prefix, clone._prefix_index = list(self._ids), self._prefix, self._prefix_index
        clone._settled_for, clone._pending = self._settled_for, self._pending
        return clone

    def __deepcopy__(self, memo: dict) -> DecodeStream:
        return self.__copy__()

    def __getstate__(self) -> dict:
        state = vars(self.__copy__())  # (what a copy carries: not the tokenizer, a pickle of it)
        state["_settled_for"] = None  # nor its tables: the next step settles the context again
        return state

