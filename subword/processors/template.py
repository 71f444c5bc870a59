"""TemplateProcessing: special tokens placed by a template such as `"[CLS] $A [SEP] $B:1 [SEP]:1"`.

A template is a list of pieces separated by single spaces. `$A` / `$B` stand for the first and
second sequence, `$` alone for `$A`, and `$N` (a number) for `$A` with type id N. Anything else
names a special token. Each piece may end with `:N` to set its type id (default 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..core.registry import field
from ..core.encoding import Encoding, KeptColumns
from ._plan import planned_encoding, special_columns
from ..errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError, type_name
from .base import PostProcessor, processors_registry

_U32 = 2**32
# Rust's integer parsing: an optional "+" and ASCII digits.
_NUMBER = re.compile(r"\+?[0-9]+")


@dataclass(frozen=True)
class Piece:
    """One item of a template: a sequence ("A" or "B") or a special token, with its type id."""

    kind: str  # "Sequence" or "SpecialToken", the tokenizer.json names
    id: str
    type_id: int

    def to_json(self) -> dict:
        """`{"Sequence": {"id": "A", "type_id": 0}}` or `{"SpecialToken": {"id": "[CLS]", "type_id": 0}}`."""
        return {self.kind: {"id": self.id, "type_id": self.type_id}}


@dataclass(frozen=True)
class SpecialToken:
    """What a special-token piece named `id` inserts: one or more ids with their tokens."""

    id: str
    ids: list[int]
    tokens: list[str]

    def to_json(self) -> dict:
        """`{"id": ..., "ids": [...], "tokens": [...]}`."""
        return {"id": self.id, "ids": list(self.ids), "tokens": list(self.tokens)}


def _parse_u32(text: str) -> int | None:
    if not _NUMBER.fullmatch(text):
        return None
    value = int(text)
    return value if value < _U32 else None


def parse_piece(text: str) -> Piece:
    """Read one template piece.

    >>> parse_piece("$B:1"), parse_piece("[SEP]")
    (Piece(kind='Sequence', id='B', type_id=1), Piece(kind='SpecialToken', id='[SEP]', type_id=0))
    """
    parts = text.split(":")
    type_id: int | None = 0
    if len(parts) == 2:
        type_id = _parse_u32(parts[1])
    piece = _parse_id(parts[0]) if len(parts) <= 2 else None
    if piece is None or type_id is None:
        raise ArgumentValueError(
            f'Cannot build Piece from string "{text}" '
            "(expected `$A`, `$B`, `$N` or a special token, optionally followed by `:type_id`)"
        )
    if len(parts) == 2:
        piece = Piece(piece.kind, piece.id, type_id)
    return piece


def _parse_id(text: str) -> Piece | None:
    if not text.startswith("$"):
        return Piece("SpecialToken", text, 0)
    rest = text[1:]
    if rest in ("", "A", "a"):
        return Piece("Sequence", "A", 0)
    if rest in ("B", "b"):
        return Piece("Sequence", "B", 0)
    number = _parse_u32(rest)
    return None if number is None else Piece("Sequence", "A", number)


def parse_template(template: Any, argument: str) -> list[Piece]:
    """A template from a string of space-separated pieces or a list of piece strings."""
    if isinstance(template, str):
        return [parse_piece(text) for text in template.split(" ")]
    if isinstance(template, (list, tuple)) and all(isinstance(text, str) for text in template):
        return [parse_piece(text) for text in template]
    raise ArgumentTypeError(f"{argument} must be a str or a list of str, got {type_name(template)}")


def _special_token_argument(value: Any) -> SpecialToken:
    """A special token from `("[CLS]", 101)`, `(101, "[CLS]")` or `{"id", "ids", "tokens"}`."""
    if isinstance(value, tuple) and len(value) == 2:
        if isinstance(value[0], str) and _is_u32(value[1]):
            return SpecialToken(value[0], [value[1]], [value[0]])
        if _is_u32(value[0]) and isinstance(value[1], str):
            return SpecialToken(value[1], [value[0]], [value[1]])
    if isinstance(value, dict):
        for key in ("id", "ids", "tokens"):
            if key not in value:
                raise ArgumentValueError(f"special token {value!r:.60}: `{key}` must be specified")
        id_, ids, tokens = value["id"], value["ids"], value["tokens"]
        if not isinstance(id_, str):
            raise ArgumentTypeError(f"special token `id` must be a str, got {type_name(id_)}")
        if not isinstance(ids, (list, tuple)) or not all(_is_u32(i) for i in ids):
            raise ArgumentTypeError(f"special token {id_!r}: `ids` must be a list of ints in 0..2**32")
        if not isinstance(tokens, (list, tuple)) or not all(isinstance(t, str) for t in tokens):
            raise ArgumentTypeError(f"special token {id_!r}: `tokens` must be a list of str")
        if len(ids) != len(tokens):
            raise ArgumentValueError(f"SpecialToken {id_!r}: ids and tokens must be of the same length")
        return SpecialToken(id_, list(ids), list(tokens))
    raise ArgumentTypeError(
        f"a special token must be a (str, int) or (int, str) tuple or a dict with id, ids and tokens; got {value!r:.60}"
    )


def _is_u32(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < _U32


@processors_registry.register("TemplateProcessing")
class TemplateProcessing(PostProcessor):
    """Add special tokens where a template says, with the type ids it gives.

    Args:
        single: the template for a single sequence (default `"$0"`).
        pair: the template for a pair (default `"$A:0 $B:1"`); it must use both sequences.
        special_tokens: every special token the templates name, as (token, id) tuples or
            dicts `{"id": name, "ids": [...], "tokens": [...]}`.

    >>> p = TemplateProcessing("[CLS] $A [SEP]", "[CLS] $A [SEP] $B:1 [SEP]:1", [("[CLS]", 1), ("[SEP]", 2)])
    >>> e = p.process(Encoding(ids=[7], tokens=["a"]), Encoding(ids=[8], tokens=["b"]))
    >>> e.tokens, e.type_ids
    (['[CLS]', 'a', '[SEP]', 'b', '[SEP]'], [0, 0, 0, 1, 1])
    """

    def __init__(
        self,
        single: str | list[str] | None = None,
        pair: str | list[str] | None = None,
        special_tokens: list | None = None,
    ) -> None:
        single_pieces = parse_template("$0" if single is None else single, "single")
        pair_pieces = parse_template("$A:0 $B:1" if pair is None else pair, "pair")
        tokens: dict[str, SpecialToken] = {}
        if special_tokens is not None:
            if not isinstance(special_tokens, (list, tuple)):
                raise ArgumentTypeError(f"special_tokens must be a list, got {type_name(special_tokens)}")
            for value in special_tokens:
                token = _special_token_argument(value)
                tokens[token.id] = token
        if pair is not None and {p.id for p in pair_pieces if p.kind == "Sequence"} != {"A", "B"}:
            raise ArgumentValueError("Template for `pair` must use both sequences ($A and $B)")
        named = [p.id for p in single_pieces + pair_pieces if p.kind == "SpecialToken"]
        missing = sorted({name for name in named if name not in tokens})
        if missing:
            raise ArgumentValueError(
                f"Missing SpecialToken(s) with id(s) `{', '.join(missing)}`: add them to special_tokens"
            )
        self._set(single_pieces, pair_pieces, tokens)

    def _set(self, single: list[Piece], pair: list[Piece], special_tokens: dict[str, SpecialToken]) -> None:
        self._single = single
        self._pair = pair
        self._special_tokens = special_tokens
        self._added_single = self._count_added(single)
        self._added_pair = self._count_added(pair)
        self._single_plan = self._plan(single, 1)
        self._pair_plan = self._plan(pair, 2)
        # the joined columns after type_ids, for sequences whose own are the shared defaults
        # (the ids path's), by (sequences, add_special_tokens, each sequence's length)
        self._default_tails = KeptColumns()

    def _plan(self, template: list[Piece], sequences: int) -> tuple | None:
        """The template as steps for `process_owned`'s one-pass merge: (sequence index, type id)
        or (special token, type id); None when only the general path handles it (a sequence
        named twice or missing, a special token missing)."""
        steps: list[tuple[Any, int]] = []
        seen: set[int] = set()
        for piece in template:
            if piece.kind == "Sequence":
                index = 0 if piece.id == "A" else 1
                if index in seen or index >= sequences:
                    return None
                seen.add(index)
                steps.append((index, piece.type_id))
            elif piece.id in self._special_tokens:
                token = self._special_tokens[piece.id]
                steps.append((special_columns(token.ids, token.tokens, piece.type_id), piece.type_id))
            else:
                return None
        return tuple(steps) if len(seen) == sequences else None

    def _count_added(self, template: list[Piece]) -> int:
        # A name missing from special_tokens (possible in a tokenizer.json) counts as 0 tokens.
        return sum(
            len(self._special_tokens[p.id].ids) if p.id in self._special_tokens else 0
            for p in template
            if p.kind == "SpecialToken"
        )

    @property
    def single(self) -> list[Piece]:
        """The template for a single sequence."""
        return list(self._single)

    @single.setter
    def single(self, template: str | list[str]) -> None:
        # The one template Rust lets you set; as there, its special tokens are not checked here.
        self._set(parse_template(template, "single"), self._pair, self._special_tokens)

    @property
    def pair(self) -> list[Piece]:
        """The template for a pair of sequences."""
        return list(self._pair)

    @property
    def special_tokens(self) -> dict[str, SpecialToken]:
        """The special tokens the templates may name, by name."""
        return dict(self._special_tokens)

    def added_tokens(self, is_pair: bool) -> int:
        """How many ids the template's special tokens add."""
        return self._added_pair if is_pair else self._added_single

    def process_owned(self, encodings: list[Encoding], add_special_tokens: bool) -> Encoding:
        """`PostProcessor.process_owned` in one pass over the template: each field is built
        once, without an Encoding per special token. A single sequence's overflowing windows
        (truncation's, which have none of their own) each go through the template the same
        way, keeping their own type ids, as merging the pieces gives them; the general path
        handles the rest (pairs with windows, nested windows) and unusual templates."""
        plan = self._pair_plan if len(encodings) == 2 else self._single_plan if len(encodings) == 1 else None
        if plan is None:
            return super().process_owned(encodings, add_special_tokens)
        if any(encoding.has_overflowing for encoding in encodings):
            windows = encodings[0].overflowing
            if len(encodings) != 1 or any(window.has_overflowing for window in windows):
                return super().process_owned(encodings, add_special_tokens)
            processed = planned_encoding(plan, encodings, add_special_tokens, False, self._default_tails)
            processed.overflowing = [planned_encoding(plan, [window], add_special_tokens, True, self._default_tails) for window in windows]
            return processed
        return planned_encoding(plan, encodings, add_special_tokens, False, self._default_tails)

    def process_encodings(self, encodings: list[Encoding], add_special_tokens: bool) -> list[Encoding]:
        """One Encoding per template piece: each sequence with the piece's type id, and each
        special token (only when `add_special_tokens`)."""
        if len(encodings) not in (1, 2):
            raise ArgumentValueError(f"TemplateProcessing takes 1 or 2 encodings, got {len(encodings)}")
        template = self._pair if len(encodings) == 2 else self._single
        result = []
        used: set[int] = set()
        for piece in template:
            if piece.kind == "Sequence":
                index = 0 if piece.id == "A" else 1
                if index >= len(encodings):
                    raise ArgumentValueError("the single-sequence template uses $B, but there is no second sequence")
                # A template may name a sequence twice, each time with its own type id.
                encoding = encodings[index].copy() if index in used else encodings[index]
                used.add(index)
                encoding.type_ids = [piece.type_id] * len(encoding)
                encoding.set_sequence_id(index)
                result.append(encoding)
            elif add_special_tokens:
                result.append(self._special_encoding(piece))
        return result

    def _special_encoding(self, piece: Piece) -> Encoding:
        token = self._special_tokens.get(piece.id)
        if token is None:
            raise ArgumentValueError(f"the template names the special token {piece.id!r}, which special_tokens lacks")
        n = len(token.ids)
        return Encoding(
            ids=list(token.ids),
            type_ids=[piece.type_id] * n,
            tokens=list(token.tokens),
            word_ids=[None] * n,
            offsets=[(0, 0)] * n,
            special_tokens_mask=[1] * n,
            attention_mask=[1] * n,
        )

    def to_json(self) -> dict:
        """This processor as its tokenizer.json entry (special tokens sorted by name)."""
        return {
            "type": "TemplateProcessing",
            "single": [p.to_json() for p in self._single],
            "pair": [p.to_json() for p in self._pair],
            "special_tokens": {name: self._special_tokens[name].to_json() for name in sorted(self._special_tokens)},
        }

    @classmethod
    def from_json(cls, data: dict, path: str) -> TemplateProcessing:
        """Read the processor from its tokenizer.json entry. As in the Rust package, the
        templates are not checked here; a missing special token fails when it is used."""
        processor = cls.__new__(cls)
        tokens = {
            name: _special_token_json(value, f"{path}.special_tokens.{name}")
            for name, value in field(data, "special_tokens", dict, path).items()
        }
        processor._set(_template_json(data, "single", path), _template_json(data, "pair", path), tokens)
        return processor


def _template_json(data: dict, name: str, path: str) -> list[Piece]:
    pieces = []
    for i, entry in enumerate(field(data, name, list, path)):
        where = f"{path}.{name}[{i}]"
        if not isinstance(entry, dict) or len(entry) != 1 or next(iter(entry)) not in ("Sequence", "SpecialToken"):
            expected = '{"Sequence": {...}} or {"SpecialToken": {...}}'
            raise TokenizerFileError(f"{where}: expected {expected}, got {entry!r:.60}")
        kind, body = next(iter(entry.items()))
        if not isinstance(body, dict):
            raise TokenizerFileError(f"{where}.{kind}: expected an object, got {type_name(body)}")
        id_ = field(body, "id", str, f"{where}.{kind}")
        if kind == "Sequence" and id_ not in ("A", "B"):
            raise TokenizerFileError(f"{where}.Sequence.id: expected \"A\" or \"B\", got {id_!r}")
        type_id = field(body, "type_id", int, f"{where}.{kind}")
        if not 0 <= type_id < _U32:
            raise TokenizerFileError(f"{where}.{kind}.type_id: expected an int in 0..2**32, got {type_id}")
        pieces.append(Piece(kind, id_, type_id))
    return pieces


def _special_token_json(value: Any, path: str) -> SpecialToken:
    if not isinstance(value, dict):
        raise TokenizerFileError(f"{path}: expected an object, got {type_name(value)}")
    id_ = field(value, "id", str, path)
    ids = field(value, "ids", list, path)
    tokens = field(value, "tokens", list, path)
    if not all(_is_u32(i) for i in ids):
        raise TokenizerFileError(f"{path}.ids: expected a list of ints in 0..2**32, got {ids!r:.60}")
    if not all(isinstance(t, str) for t in tokens):
        raise TokenizerFileError(f"{path}.tokens: expected a list of str, got {tokens!r:.60}")
    # The Rust package reads ids and tokens of different lengths as they are (each list then
    # goes into the Encoding as written), so they are not checked here either.
    return SpecialToken(id_, ids, tokens)
