"""Post-processors: add special tokens and merge pairs."""

from .base import PostProcessor, default_process, processors_registry
from .bert import BertProcessing
from .byte_level import ByteLevel, trim_encoding_offsets, trimmed_offsets
from .roberta import RobertaProcessing
from .sequence import Sequence
from .template import TemplateProcessing

__all__ = [
    "BertProcessing",
    "ByteLevel",
    "PostProcessor",
    "RobertaProcessing",
    "Sequence",
    "TemplateProcessing",
    "default_process",
    "processors_registry",
    "trim_encoding_offsets",
    "trimmed_offsets",
]
