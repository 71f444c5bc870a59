"""Sequence decoder: run several decoders one after the other."""

from __future__ import annotations

from typing import Any

from ..errors import ArgumentTypeError, TokenizerFileError, type_name
from ..core.edits import note_edit
from .base import Decoder, decoders_registry


def _noting(method: Any) -> Any:
    def edit(self: list, *args: Any, **kwargs: Any) -> Any:
        result = method(self, *args, **kwargs)
        note_edit()
        return result

    edit.__name__ = method.__name__
    return edit


class DecoderList(list):
    """A Sequence's decoders: a list that notes its changes (`core.edits`), so the decode
    tables built from the Sequence are built again after `sequence.decoders.append(...)`."""

    append = _noting(list.append)
    extend = _noting(list.extend)
    insert = _noting(list.insert)
    pop = _noting(list.pop)
    remove = _noting(list.remove)
    clear = _noting(list.clear)
    sort = _noting(list.sort)
    reverse = _noting(list.reverse)
    __setitem__ = _noting(list.__setitem__)
    __delitem__ = _noting(list.__delitem__)
    __iadd__ = _noting(list.__iadd__)
    __imul__ = _noting(list.__imul__)


@decoders_registry.register("Sequence")
class Sequence(Decoder):
    """Feed each decoder's `decode_chain` output to the next one.

    >>> from subword.decoders import Fuse, Strip
    >>> Sequence([Fuse(), Strip(" ", left=1)]).decode([" a", " b"])
    'a b'
    """

    def __init__(self, decoders: list[Decoder]) -> None:
        self.decoders = decoders

    @property
    def decoders(self) -> list[Decoder]:
        """The decoders, in the order they run (a list: changing it changes the Sequence)."""
        return self._decoders

    @decoders.setter
    def decoders(self, decoders: list[Decoder]) -> None:
        if not isinstance(decoders, (list, tuple)):
            raise ArgumentTypeError(f"decoders must be a list of decoders, got {type_name(decoders)}")
        for decoder in decoders:
            if not isinstance(decoder, Decoder):
                raise ArgumentTypeError(f"decoders must be a list of decoders, got an item of type {type_name(decoder)}")
        self._decoders = DecoderList(decoders)

    def decode_chain(self, tokens: list[str]) -> list[str]:
        """The tokens after every decoder, in order."""
        for decoder in self.decoders:
            tokens = decoder.decode_chain(tokens)
        return tokens

    def to_json(self) -> dict:
        """This decoder as its tokenizer.json entry."""
        return {"type": "Sequence", "decoders": [decoder.to_json() for decoder in self.decoders]}

    @classmethod
    def from_json(cls, data: dict, path: str) -> Sequence:
        """Read the decoder and all of its decoders from its tokenizer.json entry."""
        entries: Any = data.get("decoders")
        if not isinstance(entries, list):
            if "decoders" not in data:
                raise TokenizerFileError(f'{path}: missing field "decoders"')
            raise TokenizerFileError(f"{path}.decoders: expected a list, got {type_name(entries)}")
        return cls([decoders_registry.from_json(entry, f"{path}.decoders[{i}]") for i, entry in enumerate(entries)])
