"""What every decoder offers: turn a list of token strings back into text.

Also the argument and tokenizer.json field checks that the decoders share.
"""

from __future__ import annotations

from typing import Any

from ..core.rust_repr import rust_format
from ..core.inputs import check_flag as expect_bool  # noqa: F401  (the one rule, under the name this stage imports)
from ..core.registry import Registry, field
from ..core.component_state import JsonState
from ..core.edits import note_edit
from ..errors import ArgumentTypeError, ArgumentValueError, CustomComponentError, SubwordError, TokenizerFileError, type_name

# How the Rust package reads a decoder (decoders/mod.rs).
_DECODERS = ("BPEDecoder", "ByteLevel", "WordPiece", "Metaspace", "CTC", "Sequence", "Replace", "Fuse", "Strip", "ByteFallback")
decoders_registry = Registry(
    "decoder",
    tagged={name: name for name in _DECODERS},
    untagged=_DECODERS,
    ignores_type=frozenset({"BPEDecoder", "WordPiece", "CTC", "Replace", "Strip"}),
)

class Decoder(JsonState):
    """A decoder. Subclasses implement `decode_chain`, which maps tokens to tokens so decoders
    can be chained in a `Sequence`; `decode` joins the result."""

    type_name = "Decoder"
    _state_registry = decoders_registry

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        note_edit()  # (a decode cache built from this decoder checks it again)

    def decode_chain(self, tokens: list[str]) -> list[str]:
        """Transform the token strings; the joined result is the decoded text."""
        raise NotImplementedError

    def decode(self, tokens: list[str]) -> str:
        """The text these tokens spell."""
        return "".join(self.decode_chain(expect_tokens(tokens)))

    def to_json(self) -> dict:
        """This decoder as its tokenizer.json entry."""
        return {"type": self.type_name}

    @classmethod
    def from_json(cls, data: dict, path: str) -> Decoder:
        """Read the decoder from its tokenizer.json entry."""
        return cls()

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.to_json() == self.to_json()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(repr(self))

    def __repr__(self) -> str:
        return rust_format(self.to_json())

    def __str__(self) -> str:
        return rust_format(self.to_json(), short=True)

    @staticmethod
    def custom(decoder: Any) -> Decoder:
        """A decoder written in Python: any object with a `decode_chain(tokens)` method returning
        a list of str. A tokenizer holding one cannot be saved."""
        return CustomDecoder(decoder)


class CustomDecoder(Decoder):
    """The wrapper `Decoder.custom` returns."""

    type_name = "Custom"

    def __init__(self, inner: Any) -> None:
        if not callable(getattr(inner, "decode_chain", None)):
            raise ArgumentTypeError(f"a custom decoder needs a decode_chain(tokens) method; {type_name(inner)} has none")
        self.inner = inner

    def decode_chain(self, tokens: list[str]) -> list[str]:
        try:
            chained = self.inner.decode_chain(list(tokens))
        except Exception as error:
            raise CustomComponentError.wrapping(error) from error
        if not isinstance(chained, list) or not all(isinstance(token, str) for token in chained):
            raise ArgumentTypeError(f"a custom decoder's decode_chain must return a list of str, got {type_name(chained)}")
        return chained

    def to_json(self) -> dict:
        raise SubwordError("Custom PyDecoder cannot be serialized")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CustomDecoder) and other.inner is self.inner

    def __hash__(self) -> int:
        return id(self.inner)

    def __repr__(self) -> str:
        return f"Decoder.custom({self.inner!r})"

    def __str__(self) -> str:
        return repr(self)


def expect_tokens(tokens: Any) -> list[str]:
    """`tokens` as a new list, if it is a list or tuple of str; else ArgumentTypeError."""
    if not isinstance(tokens, (list, tuple)) or not all(isinstance(token, str) for token in tokens):
        raise ArgumentTypeError(f"tokens must be a list of str, got {type_name(tokens)} {tokens!r:.60}")
    return list(tokens)


def expect_count(value: Any, argument: str) -> int:
    """`value` if it is an int >= 0, else ArgumentTypeError / ArgumentValueError naming `argument`."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise ArgumentTypeError(f"{argument} must be an int, got {type_name(value)}")
    if value < 0:
        raise ArgumentValueError(f"{argument} must be >= 0, got {value}")
    return value


def expect_char(value: Any, argument: str) -> str:
    """`value` if it is a str of exactly one character, else an error naming `argument`."""
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{argument} must be a str of one character, got {type_name(value)}")
    if len(value) != 1:
        raise ArgumentValueError(f"{argument}: expected a string of length 1, got {value!r}")  # Rust's words
    return value


def count_field(data: dict, name: str, path: str) -> int:
    """Read an int >= 0 field of a tokenizer.json entry."""
    value = field(data, name, int, path)
    if value < 0:
        raise TokenizerFileError(f"{path}.{name}: expected an int >= 0, got {value}")
    return value


def char_field(data: dict, name: str, path: str) -> str:
    """Read a one-character string field of a tokenizer.json entry."""
    value = field(data, name, str, path)
    if len(value) != 1:
        raise TokenizerFileError(f"{path}.{name}: expected a string of one character, got {value!r:.60}")
    return value
