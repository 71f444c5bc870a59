"""DecodeStream: decode generated ids one step at a time, yielding only the new text."""

from __future__ import annotations

from typing import Any

from ..core.inputs import check_flag, check_ids
from ..errors import SubwordError

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
        # None means the default (False), as in the Rust package; anything else must be a bool
        skip = False if skip_special_tokens is None else check_flag(skip_special_tokens, "skip_special_tokens")
        self.skip_special_tokens = skip
        # The ids still needed as context: the ones before the prefix, then the prefix's own.
        self._ids = [] if ids is None else check_ids(ids)
        self._prefix = ""  # the decode of the context ids, already returned
        self._prefix_index = 0  # where the prefix's ids start in `_ids`

    def step(self, tokenizer: Any, id: int | list[int]) -> str | None:
        """Add the next id (or list of ids); the text they add, or None if it is not complete yet."""
        new_ids = check_ids([id] if not isinstance(id, (list, tuple)) else id)
        if not self._prefix and self._ids:
            # Ids given at construction: their text counts as already returned.
            prefix = tokenizer.decode(self._ids, self.skip_special_tokens)
            if not prefix.endswith(_INCOMPLETE):
                self._prefix, self._prefix_index = prefix, len(self._ids)
        self._ids.extend(new_ids)
        text = tokenizer.decode(self._ids, self.skip_special_tokens)
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
        self._prefix = tokenizer.decode(self._ids, self.skip_special_tokens)
        self._prefix_index = next_prefix_index
        return new_text

    def __copy__(self) -> DecodeStream:
        clone = DecodeStream(skip_special_tokens=self.skip_special_tokens)
        clone._ids, clone._prefix, clone._prefix_index = list(self._ids), self._prefix, self._prefix_index
        return clone

    def __deepcopy__(self, memo: dict) -> DecodeStream:
        return self.__copy__()
