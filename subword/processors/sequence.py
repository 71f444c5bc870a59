"""Sequence: run several post-processors one after the other."""

from __future__ import annotations

from ..core.registry import field
from ..core.encoding import Encoding
from ..errors import ArgumentTypeError, TokenizerFileError, type_name
from .base import PostProcessor, processors_registry


@processors_registry.register("Sequence")
class Sequence(PostProcessor):
    """Apply each processor's `process_encodings` in turn; the special tokens they add add up.

    Nested Sequences given to the constructor are flattened, as in the `tokenizers` package.

    >>> from subword.processors import ByteLevel, BertProcessing
    >>> p = Sequence([ByteLevel(), BertProcessing(("[SEP]", 102), ("[CLS]", 101))])
    >>> p.num_special_tokens_to_add(is_pair=True)
    3
    """

    def __init__(self, processors: list[PostProcessor]) -> None:
        if not isinstance(processors, (list, tuple)):
            raise ArgumentTypeError(f"processors must be a list of PostProcessors, got {type_name(processors)}")
        flat: list[PostProcessor] = []
        for processor in processors:
            if isinstance(processor, Sequence):
                flat.extend(processor._processors)
            else:
                flat.append(_expect_processor(processor))
        self._processors = flat

    def __getitem__(self, index: int) -> PostProcessor:
        return self._processors[index]

    def __setitem__(self, index: int, processor: PostProcessor) -> None:
        if isinstance(processor, Sequence):
            raise ArgumentTypeError("a Sequence item cannot itself be a Sequence")
        self._processors[index] = _expect_processor(processor)

    def __len__(self) -> int:
        return len(self._processors)

    def added_tokens(self, is_pair: bool) -> int:
        """The sum over the processors."""
        return sum(p.added_tokens(is_pair) for p in self._processors)

    def process_encodings(self, encodings: list[Encoding], add_special_tokens: bool) -> list[Encoding]:
        """Feed the encodings through every processor in order."""
        for processor in self._processors:
            encodings = processor.process_encodings(encodings, add_special_tokens)
        return encodings

    def to_json(self) -> dict:
        """This processor as its tokenizer.json entry."""
        return {"type": "Sequence", "processors": [p.to_json() for p in self._processors]}

    @classmethod
    def from_json(cls, data: dict, path: str) -> Sequence:
        """Read the processor from its tokenizer.json entry (nesting is kept, as the Rust package does)."""
        processors = []
        for i, entry in enumerate(field(data, "processors", list, path)):
            if entry is None:
                raise TokenizerFileError(f"{path}.processors[{i}]: expected a post-processor, got null")
            processors.append(processors_registry.from_json(entry, f"{path}.processors[{i}]"))
        sequence = cls.__new__(cls)
        sequence._processors = processors
        return sequence


def _expect_processor(value: object) -> PostProcessor:
    if not isinstance(value, PostProcessor):
        raise ArgumentTypeError(f"expected a PostProcessor, got {type_name(value)}")
    return value
