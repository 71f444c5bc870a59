"""What every normalizer offers: edit a NormalizedString in place, keeping alignments."""

from __future__ import annotations

from typing import Any

from ..core.ref_mut import NormalizedStringRefMut, lent
from ..core.rust_repr import rust_format
from ..core.inputs import check_flag as expect_bool  # noqa: F401  (the one rule, under the name this stage imports)
from ..core.registry import Registry
from ..core.component_state import JsonState
from ..errors import ArgumentTypeError, BorrowError, CustomComponentError, SubwordError, type_name
from ..core.normalized_string import NormalizedString

# How the Rust package reads a normalizer (normalizers/mod.rs): tagged names, then the
# untagged order; the structs that do not check the "type" value.
normalizers_registry = Registry(
    "normalizer",
    tagged={
        name: ("BertNormalizer" if name == "Bert" else name)
        for name in (
            "Bert", "Strip", "StripAccents", "NFC", "NFD", "NFKC", "NFKD", "Sequence", "Lowercase", "Nmt",
            "Precompiled", "Replace", "Prepend", "ByteLevel",
        )
    },
    untagged=(
        "BertNormalizer", "Strip", "StripAccents", "NFC", "NFD", "NFKC", "NFKD", "Sequence", "Lowercase", "Nmt",
        "Precompiled", "Replace", "Prepend", "ByteLevel",
    ),
    ignores_type=frozenset({"BertNormalizer", "Strip", "Sequence", "Replace", "Prepend"}),
)


class Normalizer(JsonState):
    """A normalizer. Subclasses implement `normalize`, the one rule both encoding paths run;
    `normalize_str` derives from it."""

    type_name = "Normalizer"
    _state_registry = normalizers_registry
    # A normalizer written in Python (`Normalizer.custom`) may read alignments, so the ids-only
    # path gives it a full NormalizedString rather than a PlainString.
    is_custom = False

    def normalize(self, normalized: NormalizedString) -> None:
        """Normalize in place, updating alignments."""
        raise NotImplementedError

    def normalize_str(self, sequence: str) -> str:
        """The normalized form of a plain string.

        >>> from subword.normalizers import Lowercase
        >>> Lowercase().normalize_str("HeLLo")
        'hello'
        """
        normalized = NormalizedString(sequence)
        self.normalize(normalized)
        return normalized.normalized

    def to_json(self) -> dict:
        """This normalizer as its tokenizer.json entry."""
        return {"type": self.type_name}

    @classmethod
    def from_json(cls, data: dict, path: str) -> Normalizer:
        """Read the normalizer from its tokenizer.json entry."""
        return cls()

    def __repr__(self) -> str:
        return rust_format(self.to_json())

    def __str__(self) -> str:
        return rust_format(self.to_json(), short=True)

    @staticmethod
    def custom(normalizer: Any) -> Normalizer:
        """A normalizer written in Python: any object with a `normalize(normalized)` method that
        edits the NormalizedString in place. A tokenizer holding one cannot be saved."""
        return CustomNormalizer(normalizer)


class CustomNormalizer(Normalizer):
    """The wrapper `Normalizer.custom` returns."""

    type_name = "Custom"
    is_custom = True

    def __init__(self, inner: Any) -> None:
        if not callable(getattr(inner, "normalize", None)):
            raise ArgumentTypeError(f"a custom normalizer needs a normalize(normalized) method; {type_name(inner)} has none")
        self.inner = inner

    def normalize(self, normalized: NormalizedString) -> None:
        with lent(NormalizedStringRefMut, normalized) as borrowed:
            try:
                self.inner.normalize(borrowed)
            except BorrowError:
                raise
            except Exception as error:
                raise CustomComponentError.wrapping(error) from error

    def to_json(self) -> dict:
        raise SubwordError("Custom Normalizer cannot be serialized")

    def __repr__(self) -> str:
        return f"Normalizer.custom({self.inner!r})"

    def __str__(self) -> str:
        return repr(self)
