"""Post-processors: add special tokens and merge pairs."""

from .base import PostProcessor, processors_registry

__all__ = ["PostProcessor", "processors_registry"]
