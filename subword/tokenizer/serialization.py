"""tokenizer.json in both directions, with errors that name the file and the field."""

from __future__ import annotations

import json
from typing import Any

from ..text.rust_float import parse_float_like_rust
from ..core.added_vocabulary import AddedToken
from ..decoders import decoders_registry
from ..errors import TokenizerFileError, type_name
from ..models import models_registry
from ..normalizers import normalizers_registry
from ..core.padding import PaddingParams
from ..pre_tokenizers import pre_tokenizers_registry
from ..processors import processors_registry
from .tokenizer import Tokenizer
from ..core.truncation import TruncationParams

SERIALIZATION_VERSION = "1.0"


def _ensure_components_loaded() -> None:
    # The component modules register themselves on import; `subword/__init__` imports them,
    # but a caller may have imported only this module.
    import subword  # noqa: F401


def tokenizer_to_json(tokenizer: Tokenizer) -> dict:
    """The tokenizer.json document of `tokenizer`, keys in the order the Rust package writes."""

    def component(value: Any) -> Any:
        return None if value is None else value.to_json()

    return {
        "version": SERIALIZATION_VERSION,
        "truncation": component(tokenizer._truncation),
        "padding": component(tokenizer._padding),
        "added_tokens": tokenizer._added_vocabulary.to_json(),
        "normalizer": component(tokenizer.normalizer),
        "pre_tokenizer": component(tokenizer.pre_tokenizer),
        "post_processor": component(tokenizer.post_processor),
        "decoder": component(tokenizer.decoder),
        "model": tokenizer.model.to_json(),
    }


def tokenizer_to_str(tokenizer: Tokenizer, pretty: bool = False) -> str:
    """`tokenizer_to_json` as text."""
    document = tokenizer_to_json(tokenizer)
    if pretty:
        return json.dumps(document, ensure_ascii=False, indent=2)
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def tokenizer_from_str(text: str, source: str) -> Tokenizer:
    """Parse tokenizer.json text; `source` (a path or a description) starts every error message."""
    try:
        document = json.loads(text, parse_float=parse_float_like_rust)
    except json.JSONDecodeError as error:
        raise TokenizerFileError(f"{source}: malformed JSON at line {error.lineno} column {error.colno}: {error.msg}") from None
    return tokenizer_from_json(document, source)


def tokenizer_from_json(document: Any, source: str = "tokenizer.json") -> Tokenizer:
    """Build a Tokenizer from a parsed tokenizer.json document."""
    _ensure_components_loaded()
    if not isinstance(document, dict):
        raise TokenizerFileError(f"{source}: expected a JSON object at the top level, got {type_name(document)}")
    version = document.get("version", SERIALIZATION_VERSION)
    if version != SERIALIZATION_VERSION:
        raise TokenizerFileError(f"{source}: unknown tokenizer version {version!r} (expected {SERIALIZATION_VERSION!r})")
    if "model" not in document:
        raise TokenizerFileError(f"{source}: missing field \"model\"")
    tokenizer = Tokenizer(_read_model(document["model"], f"{source}: model"))
    tokenizer.normalizer = normalizers_registry.from_json(document.get("normalizer"), f"{source}: normalizer")
    tokenizer.pre_tokenizer = pre_tokenizers_registry.from_json(document.get("pre_tokenizer"), f"{source}: pre_tokenizer")
    tokenizer.post_processor = processors_registry.from_json(document.get("post_processor"), f"{source}: post_processor")
    tokenizer.decoder = decoders_registry.from_json(document.get("decoder"), f"{source}: decoder")
    truncation = document.get("truncation")
    if truncation is not None:
        tokenizer._truncation = TruncationParams.from_json(_object(truncation, f"{source}: truncation"), f"{source}: truncation")
    padding = document.get("padding")
    if padding is not None:
        tokenizer._padding = PaddingParams.from_json(_object(padding, f"{source}: padding"), f"{source}: padding")
    added = document.get("added_tokens", [])
    if not isinstance(added, list):
        raise TokenizerFileError(f"{source}: added_tokens: expected a list, got {type_name(added)}")
    tokens = [AddedToken.from_json(_object(entry, f"{source}: added_tokens[{i}]"), f"{source}: added_tokens[{i}]") for i, entry in enumerate(added)]
    tokenizer._added_vocabulary.add_tokens(tokens, tokenizer.model, tokenizer._normalize_str_or_none())
    return tokenizer


def _object(value: Any, path: str) -> dict:
    if not isinstance(value, dict):
        raise TokenizerFileError(f"{path}: expected an object, got {type_name(value)}")
    return value


def _read_model(data: Any, path: str) -> Any:
    """Read the model entry; old files have no "type", so guess it from the fields present."""
    data = _object(data, path)
    if "type" not in data:
        if "merges" in data:
            kind = "BPE"
        elif "max_input_chars_per_word" in data or "continuing_subword_prefix" in data:
            kind = "WordPiece"
        elif isinstance(data.get("vocab"), list):
            kind = "Unigram"
        else:
            kind = "WordLevel"
        data = {"type": kind, **data}
    return models_registry.from_json(data, path)
