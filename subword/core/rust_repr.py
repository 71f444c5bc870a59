"""`repr()` and `str()` of tokenizers and components in the Rust package's format.

The Rust package prints an object by walking its serde form (the tokenizer.json entry) with a
Python-looking syntax: structs as `Name(field=value, ...)` (the `"type"` tag dropped), maps as
`{"key":value, ...}`, sequences as `[a, b]`, tuples as `(a, b)`, enum variants bare (`always`,
`Right`, `Fixed(512)`, `String("x")`), `None`/`True`/`False`, floats as Rust prints them.
`str()` shows at most 5 items of a list or map (then `...`) and 100 bytes of a string;
`repr()` at most 99 items.

This module walks the tokenizer.json form subword already writes; what the JSON cannot say (which
strings are enum variants, which lists are tuples, which maps are structs) comes from the
field names, as the Rust types decide it:

>>> rust_format({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True})
'Metaspace(replacement="▁", prepend_scheme=always, split=True)'
>>> rust_format({"type": "Unigram", "unk_id": 0, "vocab": [["A", 0.0], ["B", -0.01]], "byte_fallback": False})
'Unigram(unk_id=0, vocab=[("A", 0), ("B", -0.01)], byte_fallback=False)'
>>> rust_format({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}, short=True)
'{"a":1, "b":2, "c":3, "d":4, "e":5, ...}'
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

__all__ = ["rust_format", "rust_float"]

SHORT_ITEMS = 6  # str(): the 6th item of a list or map becomes "..."
LONG_ITEMS = 100  # repr()
SHORT_STRING_BYTES = 100  # str(): longer strings are cut and end in "..."

# Fields whose JSON string is a Rust unit enum variant, printed bare.
_UNIT_VARIANT_FIELDS = frozenset({"prepend_scheme", "behavior", "direction", "strategy", "progress_format"})
# Fields whose JSON list is a Rust tuple, printed in parentheses (per struct type).
_TUPLE_FIELDS = {"BertProcessing": {"sep", "cls"}, "RobertaProcessing": {"sep", "cls"}}
# Fields whose JSON list holds Rust tuples (per struct type).
_TUPLE_ITEM_FIELDS = {"Unigram": {"vocab"}, "BPE": {"merges"}}
# Single-key JSON objects that are Rust newtype variants: `{"String": "x"}` -> `String("x")`.
_NEWTYPE_VARIANTS = frozenset({"String", "Regex", "Fixed"})
# Maps without a "type" tag that are Rust structs, by the field that holds them.
_STRUCT_FIELDS = {"truncation": "TruncationParams", "padding": "PaddingParams", "bpe_trainer": "BpeTrainer"}
# Lists of maps without a "type" tag that hold Rust structs, by field (a trainer's special tokens).
_STRUCT_ITEM_FIELDS = {"special_tokens": "AddedToken"}


def rust_format(value: Any, *, short: bool = False, name: str | None = None) -> str:
    """`value` (a tokenizer.json form) as the Rust package's `str()` (`short`) or `repr()`.

    `name` names a top-level struct that has no `"type"` tag (the Rust `Tokenizer`)."""
    out: list[str] = []
    _Writer(out, short).value(value, name=name)
    return "".join(out)


def rust_float(number: float) -> str:
    """`number` as Rust's `Display` for f64: shortest round-trip digits, never an exponent.

    >>> [rust_float(x) for x in (0.0, -0.0, 1.0, -0.01, 1e-7, 1.5e21, float("nan"))]
    ['0', '-0', '1', '-0.01', '0.0000001', '1500000000000000000000', 'NaN']
    """
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "inf" if number > 0 else "-inf"
    text = format(Decimal(repr(number)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


class _Writer:
    """One walk over a value, appending to `out`."""

    def __init__(self, out: list[str], short: bool) -> None:
        self.out = out
        self.short = short
        self.items = SHORT_ITEMS if short else LONG_ITEMS

    def value(self, value: Any, *, name: str | None = None, field: str = "", owner: str = "") -> None:
        out = self.out
        if value is None:
            out.append("None")
        elif value is True or value is False:
            out.append("True" if value else "False")
        elif isinstance(value, int):
            out.append(str(value))
        elif isinstance(value, float):
            out.append(rust_float(value))
        elif isinstance(value, str):
            if field in _UNIT_VARIANT_FIELDS:
                out.append(value)
            else:
                self.string(value)
        elif isinstance(value, (list, tuple)):
            if field in _TUPLE_FIELDS.get(owner, ()):
                self.sequence(value, "(", ")")
            elif field in _TUPLE_ITEM_FIELDS.get(owner, ()):
                self.sequence(value, "[", "]", tuple_items=True)
            elif field in ("single", "pair") and owner == "TemplateProcessing":
                self.sequence(value, "[", "]", variants=True)
            elif field in _STRUCT_ITEM_FIELDS:
                self.sequence(value, "[", "]", item_struct=_STRUCT_ITEM_FIELDS[field])
            else:
                self.sequence(value, "[", "]")
        elif isinstance(value, dict):
            self.mapping(value, name=name, field=field, owner=owner)
        else:
            raise TypeError(f"cannot format {type(value).__name__} in the Rust package's style")

    def string(self, text: str) -> None:
        if self.short and len(text.encode("utf-8")) > SHORT_STRING_BYTES:
            cut = text.encode("utf-8")[:SHORT_STRING_BYTES].decode("utf-8", errors="ignore")
            self.out.append(f'"{cut}..."')
        else:
            self.out.append(f'"{text}"')

    def sequence(
        self,
        items: Any,
        opening: str,
        closing: str,
        *,
        tuple_items: bool = False,
        variants: bool = False,
        item_struct: str | None = None,
    ) -> None:
        out = self.out
        out.append(opening)
        for index, item in enumerate(items):
            if index + 1 >= self.items:
                out.append(", ...")
                break
            if index:
                out.append(", ")
            if tuple_items and isinstance(item, (list, tuple)):
                self.sequence(item, "(", ")")
            elif variants and isinstance(item, dict) and len(item) == 1:
                self.template_piece(item)
            elif item_struct is not None and isinstance(item, dict):
                self.struct(item_struct, item)
            else:
                self.value(item)
        out.append(closing)

    def template_piece(self, piece: dict) -> None:
        """`{"Sequence": {"id": "A", "type_id": 0}}` -> `Sequence(id=A, type_id=0)`."""
        ((variant, fields),) = piece.items()
        self.out.append(f"{variant}(")
        for index, (key, item) in enumerate(fields.items()):
            if index:
                self.out.append(", ")
            self.out.append(f"{key}=")
            if variant == "Sequence" and key == "id":
                self.out.append(str(item))
            else:
                self.value(item)
        self.out.append(")")

    def mapping(self, mapping: dict, *, name: str | None, field: str, owner: str) -> None:
        out = self.out
        if len(mapping) == 1:
            ((key, item),) = mapping.items()
            if key in _NEWTYPE_VARIANTS:
                out.append(f"{key}(")
                self.value(item)
                out.append(")")
                return
        struct = name or (mapping.get("type") if isinstance(mapping.get("type"), str) else None)
        struct = struct or _STRUCT_FIELDS.get(field)
        if owner == "TemplateProcessing" and field == "special_tokens":
            self.map_items(mapping, value_struct="SpecialToken")
        elif struct is not None:
            self.struct(struct, mapping)
        else:
            self.map_items(mapping)

    def struct(self, struct: str, fields: dict) -> None:
        out = self.out
        out.append(f"{struct}(")
        first = True
        for key, item in fields.items():
            if key == "type":
                continue
            if not first:
                out.append(", ")
            first = False
            out.append(f"{key}=")
            self.value(item, field=key, owner=struct)
        out.append(")")

    def map_items(self, mapping: dict, value_struct: str | None = None) -> None:
        """`{"key":value, ...}`; each value a `value_struct` struct when given."""
        out = self.out
        out.append("{")
        for index, (key, item) in enumerate(mapping.items()):
            if index + 1 >= self.items:
                out.append(", ...")
                break
            if index:
                out.append(", ")
            self.string(str(key))
            out.append(":")
            if value_struct is None:
                self.value(item)
            else:
                self.struct(value_struct, item)
        out.append("}")
