"""The tokenizer a worker process rebuilds once and keeps: `TokenizerCarrier`.

A Dask or Spark task must not carry a Tokenizer object (pickled again for every task) nor load
one per row. The driver makes one `TokenizerCarrier` (the tokenizer.json string, the one setting
tokenizer.json leaves out, and a hash of both: the worker pool's carrier); the framework ships that value once per worker
(a Dask graph key, a Spark broadcast), and `carrier.tokenizer()` on the worker rebuilds the
Tokenizer the first time and then returns the same object to every later partition of that
process, so its word caches stay warm. A process keeps the last `KEPT_TOKENIZERS` tokenizers.

What it does not do: ship a tokenizer with custom Python components (they have no
tokenizer.json form); `TokenizerCarrier.of` refuses one with the serializer's error.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from ..core.pool import carrier_key
from ..tokenizer.tokenizer import Tokenizer, carrier_of, from_carrier

KEPT_TOKENIZERS = 4

_lock = threading.Lock()  # a Dask worker runs partitions on several threads
_kept: OrderedDict[str, Tokenizer] = OrderedDict()
_builds: dict[str, int] = {}


@dataclass(frozen=True)
class TokenizerCarrier:
    """A Tokenizer as a small picklable value: the bytes the worker pool also rebuilds it from
    (`tokenizer.carrier_of`: its tokenizer.json document and `encode_special_tokens`), and their hash.

    >>> from subword.models import WordLevel
    >>> carrier = TokenizerCarrier.of(Tokenizer(WordLevel({"a": 0}, unk_token="a")))
    >>> carrier.tokenizer() is carrier.tokenizer()  # built once in this process, then kept
    True
    """

    text: str | bytes = field(repr=False)
    key: str

    @classmethod
    def of(cls, tokenizer: Tokenizer) -> TokenizerCarrier:
        """The carrier of `tokenizer` as it is now (later changes to it are not seen)."""
        text = carrier_of(tokenizer)
        return cls(text, carrier_key(text))

    def tokenizer(self) -> Tokenizer:
        """The Tokenizer this carrier describes: built on this process's first call, then kept."""
        with _lock:
            kept = _kept.get(self.key)
            if kept is not None:
                _kept.move_to_end(self.key)
                return kept
        built = from_carrier(self.text)
        with _lock:
            kept = _kept.setdefault(self.key, built)  # another thread may have built it meanwhile
            if kept is built:
                _builds[self.key] = _builds.get(self.key, 0) + 1
            _kept.move_to_end(self.key)
            while len(_kept) > KEPT_TOKENIZERS:
                _kept.popitem(last=False)
        return kept


def builds(key: str) -> int:
    """How many times this process has built the tokenizer of carrier `key` (for tests)."""
    with _lock:
        return _builds.get(key, 0)
