"""Normalizers: clean and transform the text before it is split, keeping alignments."""

from .base import Normalizer, normalizers_registry

__all__ = ["Normalizer", "normalizers_registry"]
