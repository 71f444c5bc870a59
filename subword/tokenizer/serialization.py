"""tokenizer.json in both directions, with errors that name the file and the field."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..core.added_vocabulary import AddedToken
from ..core.json_document import parse_json_like_rust
from ..core.padding import PaddingParams
from ..core.truncation import TruncationParams
from ..decoders import decoders_registry
from ..errors import TokenizerFileError, type_name
from ..models import models_registry
from ..normalizers import normalizers_registry
from ..pre_tokenizers import pre_tokenizers_registry
from ..processors import processors_registry

if TYPE_CHECKING:
    from .tokenizer import Tokenizer

SERIALIZATION_VERSION = "1.0"
_TOP_LEVEL_KEYS = (
    "version", "truncation", "padding", "added_tokens", "normalizer", "pre_tokenizer", "post_processor", "decoder", "model"
)


def tokenizer_to_json(tokenizer: Tokenizer, with_model: bool = True) -> dict:
    """The tokenizer.json document of `tokenizer`, keys in the order the Rust package writes
    (without `with_model`, its "model" is None)."""

    def component(value: Any) -> Any:
        return None if value is None else value.to_json()

    return {
        "version": SERIALIZATION_VERSION,
        "truncation": component(tokenizer.truncation_params),
        "padding": component(tokenizer.padding_params),
        "added_tokens": [token.to_json(id_) for id_, token in tokenizer.get_added_tokens_decoder().items()],
        "normalizer": component(tokenizer.normalizer),
        "pre_tokenizer": component(tokenizer.pre_tokenizer),
        "post_processor": component(tokenizer.post_processor),
        "decoder": component(tokenizer.decoder),
        "model": tokenizer.model.to_json() if with_model else None,
    }


def tokenizer_to_str(tokenizer: Tokenizer, pretty: bool = False) -> str:
    """`tokenizer_to_json` as text."""
    document = tokenizer_to_json(tokenizer)
    if pretty:
        return json.dumps(document, ensure_ascii=False, indent=2)
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def tokenizer_from_str(cls: type[Tokenizer], text: str, source: str) -> Tokenizer:
    """Parse tokenizer.json text into a `cls` (the Tokenizer class); `source` (a path or a
    description) starts every error message."""
    document = parse_json_like_rust(text, source, skip=_flat_parts)
    return tokenizer_from_json(cls, document, source)


def model_entry(text: str) -> Any:
    """The "model" entry of the tokenizer.json `text`, read as `tokenizer_from_str` reads it."""
    return parse_json_like_rust(text, "tokenizer.json", skip=_flat_parts)["model"]


def _flat_parts(path: list) -> tuple[str, ...]:
    """The model's vocab and merges: the model checks each entry's type, so the depth check skips them."""
    return ("vocab", "merges") if path == ["model"] else ()


def tokenizer_from_json(cls: type[Tokenizer], document: Any, source: str = "tokenizer.json") -> Tokenizer:
    """Build a `cls` (the Tokenizer class) from a parsed tokenizer.json document.

    The components' modules register their types on import; importing this module imports
    `subword` first, and with it every component.
    """
    if not isinstance(document, dict):
        raise TokenizerFileError(f"{source}: expected a JSON object at the top level, got {type_name(document)}")
    unknown = [key for key in document if key not in _TOP_LEVEL_KEYS]
    if unknown:  # the Rust package's reader stops at an unknown key
        known = ", ".join(_TOP_LEVEL_KEYS)
        raise TokenizerFileError(f"{source}: unknown top-level field {unknown[0]!r:.60}; known fields: {known}")
    version = document.get("version", SERIALIZATION_VERSION)
    if version != SERIALIZATION_VERSION:
        raise TokenizerFileError(f"{source}: unknown tokenizer version {version!r} (expected {SERIALIZATION_VERSION!r})")
    if "model" not in document:
        raise TokenizerFileError(f"{source}: missing field \"model\"")
    tokenizer = cls(models_registry.from_json(_object(document["model"], f"{source}: model"), f"{source}: model"))
    tokenizer.normalizer = normalizers_registry.from_json(document.get("normalizer"), f"{source}: normalizer")
    tokenizer.pre_tokenizer = pre_tokenizers_registry.from_json(document.get("pre_tokenizer"), f"{source}: pre_tokenizer")
    tokenizer.post_processor = processors_registry.from_json(document.get("post_processor"), f"{source}: post_processor")
    tokenizer.decoder = decoders_registry.from_json(document.get("decoder"), f"{source}: decoder")
    truncation = document.get("truncation")
    if truncation is not None:
        tokenizer.truncation_params = TruncationParams.from_json(_object(truncation, f"{source}: truncation"), f"{source}: truncation")
    padding = document.get("padding")
    if padding is not None:
        tokenizer.padding_params = PaddingParams.from_json(_object(padding, f"{source}: padding"), f"{source}: padding")
    added = document.get("added_tokens", [])
    if not isinstance(added, list):
        raise TokenizerFileError(f"{source}: added_tokens: expected a list, got {type_name(added)}")
    tokens = [AddedToken.from_json(_object(entry, f"{source}: added_tokens[{i}]"), f"{source}: added_tokens[{i}]") for i, entry in enumerate(added)]
    tokenizer.add_tokens(tokens)  # AddedToken values keep their own `special`
    return tokenizer


def _object(value: Any, path: str) -> dict:
    if not isinstance(value, dict):
        raise TokenizerFileError(f"{path}: expected an object, got {type_name(value)}")
    return value
