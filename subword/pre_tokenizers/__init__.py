"""Pre-tokenizers: cut the normalized text into words, keeping offsets."""

from .base import PreTokenizer, pre_tokenizers_registry

__all__ = ["PreTokenizer", "pre_tokenizers_registry"]
