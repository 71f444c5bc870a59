"""Decoders: turn token strings back into text."""

from .base import Decoder, decoders_registry

__all__ = ["Decoder", "decoders_registry"]
