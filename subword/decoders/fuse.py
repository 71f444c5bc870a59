"""Fuse decoder: join all tokens into one."""

from __future__ import annotations

from .base import Decoder, decoders_registry


@decoders_registry.register("Fuse")
class Fuse(Decoder):
    """Concatenate the tokens, so later decoders in a `Sequence` see a single token.

    >>> Fuse().decode_chain(["a", "b", "c"])
    ['abc']
    """

    def decode_chain(self, tokens: list[str]) -> list[str]:
        """One token: all of them joined."""
        return ["".join(tokens)]
