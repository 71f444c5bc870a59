"""Pickling and copying a pipeline component through its tokenizer.json entry.

As in the Rust package, a component's pickled state is its tokenizer.json entry as JSON bytes
(`__getstate__`), and unpickling reads it back through the stage's registry. So a component
pickles whatever it keeps for speed (compiled patterns, tables, closures, caches): that is
rebuilt from the entry, not sent. A component that has no entry (one holding a custom Python
component) pickles its attributes instead, as any Python object does.

    >>> import pickle
    >>> from subword.normalizers import Lowercase
    >>> Lowercase().__getstate__(), pickle.loads(pickle.dumps(Lowercase())).normalize_str("Ab")
    (b'{"type":"Lowercase"}', 'ab')
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from ..errors import SubwordError
from .registry import Registry


class JsonState:
    """Mixin of each stage's base class; `_state_registry` is the stage's registry."""

    _state_registry: ClassVar[Registry]

    def to_json(self) -> dict:
        raise NotImplementedError

    def __getstate__(self) -> Any:
        try:
            entry = self.to_json()
        except SubwordError:  # a custom component inside: it has no tokenizer.json entry
            return dict(vars(self))
        return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")  # serde_json's spacing

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, (bytes, str)):
            registry = self._state_registry
            state = vars(registry.from_json(json.loads(state), f"the pickled {registry.stage}"))
        vars(self).update(state)
