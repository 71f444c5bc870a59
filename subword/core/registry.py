"""Reading and writing tokenizer.json entries: the component registry and field helpers.

Every component class registers under its tokenizer.json `"type"` name, knows how to write
itself (`to_json() -> dict`) and how to read itself back (`from_json(data, path)`).
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from ..errors import TokenizerFileError, UnknownComponentError, type_name

T = TypeVar("T")

_MISSING = object()


class Registry:
    """Maps tokenizer.json `"type"` names of one pipeline stage to the classes that read them."""

    def __init__(self, stage: str) -> None:
        self.stage = stage
        self.classes: dict[str, type] = {}

    def register(self, type_name_: str) -> Callable[[type[T]], type[T]]:
        """Class decorator: `@normalizers_registry.register("NFC")`."""

        def decorate(cls: type[T]) -> type[T]:
            self.classes[type_name_] = cls
            cls.type_name = type_name_  # type: ignore[attr-defined]
            return cls

        return decorate

    def from_json(self, data: Any, path: str) -> Any:
        """Build the component described by `data`; `path` names its place for error messages."""
        if data is None:
            return None
        if not isinstance(data, dict):
            raise TokenizerFileError(f"{path}: expected an object with a \"type\", got {type_name(data)}")
        kind = data.get("type")
        if kind is None:
            raise TokenizerFileError(f"{path}: missing field \"type\"")
        cls = self.classes.get(kind)
        if cls is None:
            known = ", ".join(sorted(self.classes))
            raise UnknownComponentError(f"{path}: unknown {self.stage} type {kind!r}; known types: {known}")
        try:
            return cls.from_json(data, path)
        except TokenizerFileError:
            raise
        except (KeyError, TypeError, ValueError) as error:
            raise TokenizerFileError(f"{path} ({kind}): {error}") from error


def field(data: dict, name: str, expected: type | tuple[type, ...], path: str, default: Any = _MISSING) -> Any:
    """Read `data[name]`, checking its type; a missing field without a default is an error.

    `expected` may include `type(None)` to allow null. Booleans are not accepted as ints.
    """
    if name not in data:
        if default is _MISSING:
            raise TokenizerFileError(f"{path}: missing field \"{name}\"")
        return default
    value = data[name]
    expected_types = expected if isinstance(expected, tuple) else (expected,)
    is_bool_for_int = isinstance(value, bool) and bool not in expected_types
    if not isinstance(value, expected_types) or is_bool_for_int:
        names = " or ".join("null" if t is type(None) else t.__name__ for t in expected_types)
        raise TokenizerFileError(f"{path}.{name}: expected {names}, got {type_name(value)} {value!r:.60}")
    return value
