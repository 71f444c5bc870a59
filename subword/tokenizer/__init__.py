"""The tokenization pipeline: `Tokenizer`, its tokenizer.json reading and writing, and training."""

from .tokenizer import Tokenizer

__all__ = ["Tokenizer"]
