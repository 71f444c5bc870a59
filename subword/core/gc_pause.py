"""Pausing Python's cyclic garbage collector while a large file is turned into objects.

Loading a tokenizer.json makes hundreds of thousands of small objects (the parsed document,
then the vocabulary and merge tables), none of them in a reference cycle. Each batch of new
objects triggers a collection that walks everything made so far: a third of the load time
for GPT-2's 50,000 merges. Reference counting still frees everything as usual; only the
cycle search waits until the load is over.

This module does not change what the collector does afterwards, nor pause it for anything
but the `with` block: nested and concurrent blocks share one pause, and the collector comes
back on when the last block ends, unless it was off before the first one began.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_lock = threading.Lock()
_depth = 0  # `with gc_paused()` blocks running now, in any thread
_was_enabled = False  # whether the collector was on when the first of them began


@contextmanager
def gc_paused() -> Iterator[None]:
    """Turn the cyclic garbage collector off for the `with` block.

    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
