"""Byte-pair encoding: the model and its trainer."""

from .model import BPE
from .trainer import BpeTrainer

__all__ = ["BPE", "BpeTrainer"]
