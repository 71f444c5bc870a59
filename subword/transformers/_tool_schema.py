"""`get_json_schema`: the JSON schema of a Python function, for the `tools` of a chat template.

The schema is transformers' (`transformers.utils.get_json_schema`): the function's name, the
summary of its Google-style docstring, and one property per argument, typed from its hint and
described by its `Args:` entry (a trailing `(choices: [...])` becomes an `enum`). A `Returns:`
block describes the return value when its hint converts.

Hints converted: int, float, str, bool, None, Any, list, tuple, dict (bare or parameterized),
Union / Optional / `X | Y`, Literal and Enum classes. Not done: transformers' image and audio
types (`PIL.Image`, `torch.Tensor`); such hints raise `ToolSchemaError`, as a custom class does.
Docstring sections are found as lines that read exactly `Args:`, `Returns:` or `Raises:`, the
layout transformers' parser is written for.
"""

from __future__ import annotations

import inspect
import json
import re
import types
from enum import Enum
from typing import Any, Callable, Literal, Union, get_args, get_origin, get_type_hints

from ..errors import ToolSchemaError

_SCALARS: dict[type, str] = {int: "integer", float: "number", str: "string", bool: "boolean", type(None): "null"}
_BARE: dict[Any, dict[str, str]] = {
    **{kind: {"type": name} for kind, name in _SCALARS.items()},
    list: {"type": "array"},
    tuple: {"type": "array"},
    dict: {"type": "object"},
    Any: {},
}
_SECTIONS = ("Args:", "Returns:", "Raises:")
# an argument entry: indentation, name, an optional "(type)", a colon, the start of its description
_ENTRY = re.compile(r"([ \t]*)(\w+)(?:[ \t]*\([^()\n]*\))?:\s*(.*)")
_CHOICES = re.compile(r"\(choices:\s*(.*?)\)\s*$", re.IGNORECASE)


def get_json_schema(func: Callable) -> dict[str, Any]:
    """The `{"type": "function", "function": {...}}` schema of `func`, as transformers builds it.

    >>> def multiply(x: float, y: float = 1.0):
    ...     '''Multiply two numbers.
    ...
    ...     Args:
    ...         x: The first number
    ...         y: The second number
    ...     '''
    >>> get_json_schema(multiply)["function"]["parameters"]["properties"]["x"]
    {'type': 'number', 'description': 'The first number'}
    """
    name = getattr(func, "__name__", "operation")
    doc = inspect.getdoc(func)
    if not doc:
        raise ToolSchemaError(f"Cannot generate JSON schema for {name} because it has no docstring!")
    summary, arguments, returns = parse_docstring(doc.strip())
    parameters = _parameters_schema(func, name)
    return_schema = parameters["properties"].pop("return", None)
    if return_schema is not None and returns is not None:
        return_schema["description"] = returns
    for argument, schema in parameters["properties"].items():
        if argument not in arguments:
            raise ToolSchemaError(
                f"Cannot generate JSON schema for {name} because the docstring has no description for the "
                f"argument '{argument}'"
            )
        description = arguments[argument]
        choices = _CHOICES.search(description)
        if choices:
            schema["enum"] = [c.strip() if isinstance(c, str) else c for c in json.loads(choices.group(1))]
            description = description[: choices.start()].strip()
        schema["description"] = description
    function: dict[str, Any] = {"name": name, "description": summary, "parameters": parameters}
    if return_schema is not None:
        function["return"] = return_schema
    return {"type": "function", "function": function}


def parse_docstring(doc: str) -> tuple[str | None, dict[str, str], str | None]:
    """The summary, the `Args:` descriptions (whitespace runs across lines made one space) and
    the `Returns:` text of a Google-style docstring.

    >>> parse_docstring("Add.\\n\\nArgs:\\n    a (int): first\\n        and more\\n    b: second\\nReturns:\\n    The sum")
    ('Add.', {'a': 'first and more', 'b': 'second'}, 'The sum')
    """
    lines = doc.split("\n")
    starts = {line.strip(): index for index, line in reversed(list(enumerate(lines))) if line.strip() in _SECTIONS}
    first = min(starts.values(), default=len(lines))
    summary = "\n".join(lines[:first]).strip()

    def section(header: str, enders: tuple[str, ...]) -> list[str] | None:
        if header not in starts or starts[header] == 0:  # a section follows a newline
            return None
        start = starts[header] + 1
        ends = [index for title, index in starts.items() if index >= start and title in enders]
        return lines[start : min(ends, default=len(lines))]

    args = section("Args:", ("Returns:", "Raises:"))
    returns_lines = section("Returns:", ("Raises:",))  # as transformers: an Args: after Returns: is part of it
    returns = "\n".join(returns_lines).strip() if returns_lines is not None else None
    return summary, _argument_descriptions(args or []), returns


def _argument_descriptions(lines: list[str]) -> dict[str, str]:
    """name -> description of the entries of an `Args:` block; a line indented deeper than its
    entry continues it."""
    entries: list[tuple[str, str, list[str]]] = []
    for line in lines:
        if not line.strip():
            continue
        match = _ENTRY.fullmatch(line)
        continues = entries and line.startswith(entries[-1][0]) and line[len(entries[-1][0]) :][:1] in (" ", "\t")
        if match and not continues:
            entries.append((match.group(1), match.group(2), [match.group(3).strip()]))
        elif entries:
            entries[-1][2].append(line.strip())
    return {name: " ".join(part for part in parts if part) for _, name, parts in entries}


def _parameters_schema(func: Callable, name: str) -> dict[str, Any]:
    """The "parameters" object: a property per typed argument (and "return"), and the required ones."""
    hints = get_type_hints(func)
    signature = inspect.signature(func)
    parameters = signature.parameters
    first = next(iter(parameters), None)
    receiver = first if first in ("self", "cls") and parameters[first].annotation is inspect.Parameter.empty else None
    required = []
    for parameter in parameters.values():
        if parameter.name == receiver:
            continue
        if parameter.annotation is inspect.Parameter.empty:
            raise ToolSchemaError(f"Argument {parameter.name} is missing a type hint in function {name}")
        if parameter.default is inspect.Parameter.empty:
            required.append(parameter.name)
    properties: dict[str, Any] = {}
    for argument, hint in hints.items():
        if argument == receiver:
            continue
        if argument == "return":
            try:  # the model never writes the return value: a hint that does not convert is left out
                properties["return"] = hint_schema(hint)
            except ToolSchemaError:
                pass
        elif argument in parameters:
            properties[argument] = hint_schema(hint)
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def hint_schema(hint: Any) -> dict[str, Any]:
    """The JSON schema of a type hint.

    >>> hint_schema(int | None), hint_schema(list[str]), hint_schema(Literal["a", 1])
    ({'type': 'integer', 'nullable': True}, {'type': 'array', 'items': {'type': 'string'}}, {'type': ['string', 'integer'], 'enum': ['a', 1]})
    """
    origin, args = get_origin(hint), get_args(hint)
    if origin is None and isinstance(hint, type) and issubclass(hint, Enum):
        values = [member.value for member in hint]
        if not values:
            raise ToolSchemaError(f"The Enum {hint.__name__} has no members, so no value could ever match it.")
        if any(type(value) not in _SCALARS for value in values):
            raise ToolSchemaError(
                f"The Enum {hint.__name__} has member values that cannot be written as JSON scalars: {values}; "
                "use int, float, str, bool or None values"
            )
        return _enum_schema(values)
    if origin is None:
        try:
            return dict(_BARE[hint])
        except (KeyError, TypeError):
            raise ToolSchemaError(
                f"Couldn't convert the type hint {hint!r} to a JSON schema: use int, float, str, bool, Enum classes, "
                "Literal, and list, tuple, dict and Union types of those, or pass the tool's JSON schema instead"
            ) from None
    if origin is Union or origin is types.UnionType:
        members = [hint_schema(arg) for arg in args if arg is not type(None)]
        if len(members) == 1:
            schema = members[0]
        elif all(member.keys() == {"type"} and isinstance(member["type"], str) for member in members):
            names = sorted({member["type"] for member in members})
            schema = {"type": names[0] if len(names) == 1 else names}
        else:
            schema = {"anyOf": members}
        if type(None) in args:
            schema["nullable"] = True
        return schema
    if origin is Literal and args:
        if any(type(arg) not in _SCALARS for arg in args):
            raise ToolSchemaError("Only the valid python literals can be listed in typing.Literal.")
        return _enum_schema(list(args))
    if origin is list:
        return {"type": "array", "items": hint_schema(args[0])} if args else {"type": "array"}
    if origin is tuple:
        if not args:
            return {"type": "array"}
        if len(args) == 1:
            raise ToolSchemaError(
                f"The type hint {str(hint).replace('typing.', '')} is a Tuple with a single element; use list[] "
                "for several elements, or the element type alone"
            )
        if ... in args:
            raise ToolSchemaError("Conversion of '...' is not supported in Tuple type hints; use list[] instead")
        return {"type": "array", "prefixItems": [hint_schema(arg) for arg in args]}
    if origin is dict:
        schema = {"type": "object"}
        if len(args) == 2:
            schema["additionalProperties"] = hint_schema(args[1])
        return schema
    raise ToolSchemaError(f"Couldn't parse the type hint {hint!r}, likely a custom class or object")


def _enum_schema(values: list) -> dict[str, Any]:
    """`{"type": ..., "enum": values}`, the type listing each JSON type of the values once."""
    names = list(dict.fromkeys(_SCALARS[type(value)] for value in values))
    return {"type": names[0] if len(names) == 1 else names, "enum": values}
