"""The edit stamp: an object replaced at every change, in this process, of something a
tokenizer's decode tables are built from (a tokenizer's components, its added tokens, a decoder
changed in place).

A cache stamped when it was checked is still valid while the stamp is the same object: one
identity test where the checks of what it depends on would be several, which matters to
`DecodeStream.step`, paid once per generated token. When the stamp moved, the cache checks
what it depends on (something else may have changed) and takes the new stamp if nothing did.
An object, not a count, so that no stamp made in another process (a pickled cache) can match.

Read it as `edits.stamp` (a module attribute: a step pays for a function call more than for the
test it guards); `from .edits import stamp` would keep the stamp of the moment of the import.
"""

from __future__ import annotations

stamp = object()


def note_edit() -> None:
    """Replace the stamp: call it after the change, so a cache that reads the stamp before it
    checks what it depends on never takes a stamp older than what it saw."""
    global stamp
    stamp = object()
