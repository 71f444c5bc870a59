"""Models: turn one word into subword tokens."""

from .base import Model, Token, models_registry

__all__ = ["Model", "Token", "models_registry"]
