"""Reading and writing tokenizer.json entries: the component registry and field helpers.

Every component class registers under its tokenizer.json `"type"` name, knows how to write
itself (`to_json() -> dict`) and how to read itself back (`from_json(data, path)`).
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from ..errors import TokenizerFileError, UnknownComponentError, type_name

T = TypeVar("T")

_MISSING = object()
_USIZE_MAX = 2**64 - 1


class Registry:
    """Maps tokenizer.json `"type"` names of one pipeline stage to the classes that read them,
    and reads an entry the way the Rust package does.

    The Rust package reads a component in one of two ways. When its `"type"` is one of the
    stage's `tagged` names, the class of that name reads it, and an error is final. Otherwise
    (no `"type"`, or one the stage does not know) it tries the stage's classes in its
    `untagged` order and takes the first that reads the entry without error: a class there
    checks the `"type"` value only if the Rust struct does (classes named in `ignores_type`
    do not; models accept a missing one, `type_optional`). Post-processors are read the second way only (`untagged_only`). So an entry the
    Rust package accepts is accepted here and becomes the same component, and one it refuses
    is refused, with an error naming the path and the known types.
    """

    def __init__(
        self,
        stage: str,
        tagged: dict[str, str | None] | None = None,
        untagged: tuple[str, ...] = (),
        ignores_type: frozenset[str] = frozenset(),
        untagged_only: bool = False,
        type_optional: bool = False,
    ) -> None:
        self.stage = stage
        self.classes: dict[str, type] = {}
        # Rust's tagged names -> registered name (None: a name the Rust package cannot read)
        self.tagged = tagged
        self.untagged = untagged
        self.ignores_type = ignores_type
        self.untagged_only = untagged_only
        self.type_optional = type_optional  # models: a missing "type" is fine, a wrong one is not

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
        tagged = self.tagged if self.tagged is not None else {name: name for name in self.classes}
        if not self.untagged_only and isinstance(kind, str) and kind in tagged:
            name = tagged[kind]
            if name is None:
                raise TokenizerFileError(f"{path}: the Rust package cannot read a {self.stage} of type {kind!r}")
            return self._read(name, data, path)
        errors: dict[str, str] = {}
        for name in self.untagged:
            if name not in self.ignores_type and kind != name and not ("type" not in data and self.type_optional):
                continue
            try:
                return self._read(name, data, path)
            except TokenizerFileError as error:
                errors[name] = str(error)
        if isinstance(kind, str) and kind in errors:
            raise TokenizerFileError(errors[kind])
        known = ", ".join(sorted(set(tagged) | set(self.classes)) if not self.untagged_only else self.untagged)
        what = "missing field \"type\"" if kind is None else f"unknown {self.stage} type {kind!r:.60}"
        raise UnknownComponentError(f"{path}: {what}, and the fields fit no other {self.stage}; known types: {known}")

    def _read(self, name: str, data: dict, path: str) -> Any:
        cls = self.classes[name]
        try:
            return cls.from_json(data, path)
        except TokenizerFileError:
            raise
        except (KeyError, TypeError, ValueError) as error:
            raise TokenizerFileError(f"{path} ({name}): {error}") from error


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


def uint_field(
    data: dict, name: str, path: str, maximum: int = _USIZE_MAX, default: Any = _MISSING, nullable: bool = False
) -> Any:
    """Read `data[name]` as serde reads an unsigned int: a u32 (`maximum=2**32 - 1`) or a usize
    (the default, 2**64 - 1). Not a float, not a bool; null only when `nullable`.

    >>> uint_field({"pad_id": 2**40}, "pad_id", "padding", 2**32 - 1)
    Traceback (most recent call last):
    ...
    subword.errors.TokenizerFileError: padding.pad_id: expected u32 (an int in 0..4294967295), got int 1099511627776
    """
    value = field(data, name, (int, type(None)) if nullable else int, path, default)
    if value is None or (value is default and name not in data):
        return value
    if not 0 <= value <= maximum:
        kind = "u32" if maximum == 2**32 - 1 else "usize"
        raise TokenizerFileError(f"{path}.{name}: expected {kind} (an int in 0..{maximum}), got int {value}")
    return value
