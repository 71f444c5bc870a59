"""What every post-processor offers: add special tokens and merge a pair into one Encoding."""

from __future__ import annotations

from .._json import Registry
from ..encoding import Encoding

processors_registry = Registry("post-processor")


class PostProcessor:
    """A post-processor. Subclasses implement `process_encodings` and `added_tokens`."""

    type_name = "PostProcessor"

    def added_tokens(self, is_pair: bool) -> int:
        """How many special tokens `process` adds to a single input or a pair."""
        raise NotImplementedError

    def num_special_tokens_to_add(self, is_pair: bool) -> int:
        """The `tokenizers` name of `added_tokens`."""
        return self.added_tokens(is_pair)

    def process_encodings(self, encodings: list[Encoding], add_special_tokens: bool) -> list[Encoding]:
        """Add special tokens (when asked) and set type ids; one Encoding per input sequence.
        Overflowing encodings are processed the same way."""
        raise NotImplementedError

    def process(self, encoding: Encoding, pair: Encoding | None = None, add_special_tokens: bool = True) -> Encoding:
        """Process a single Encoding or a pair and merge the result into one Encoding."""
        encodings = [encoding] if pair is None else [encoding, pair]
        processed = self.process_encodings(encodings, add_special_tokens)
        return Encoding.merge(processed, growing_offsets=False)

    def to_json(self) -> dict:
        """This processor as its tokenizer.json entry."""
        return {"type": self.type_name}

    @classmethod
    def from_json(cls, data: dict, path: str) -> PostProcessor:
        """Read the processor from its tokenizer.json entry."""
        return cls()

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.to_json().items() if k != "type")
        return f"{self.type_name}({fields})"
