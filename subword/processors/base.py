"""What every post-processor offers: add special tokens and merge a pair into one Encoding."""

from __future__ import annotations

from ..core.rust_repr import rust_format
from ..core.registry import Registry
from ..core.component_state import JsonState
from ..core.encoding import Encoding
from ..errors import ArgumentTypeError, type_name

# The Rust package reads a post-processor as an untagged enum (processors/mod.rs): the first
# of these that reads the entry wins; Roberta, Bert and Template do not check the "type" value.
processors_registry = Registry(
    "post-processor",
    untagged=("RobertaProcessing", "BertProcessing", "ByteLevel", "TemplateProcessing", "Sequence"),
    ignores_type=frozenset({"RobertaProcessing", "BertProcessing", "TemplateProcessing"}),
    untagged_only=True,
)


class PostProcessor(JsonState):
    """A post-processor. Subclasses implement `process_encodings` and `added_tokens`."""

    type_name = "PostProcessor"
    _state_registry = processors_registry

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
        """Process a single Encoding or a pair and merge the result into one new Encoding.

        Before `process_encodings` runs, input i gets sequence id i (its overflowing windows
        too) and type id i (its own tokens only, as in the Rust package). The inputs are left
        unchanged.
        """
        encodings = [encoding] if pair is None else [encoding, pair]
        return self.process_owned([_expect_encoding(e).copy() for e in encodings], add_special_tokens)

    def process_owned(self, encodings: list[Encoding], add_special_tokens: bool) -> Encoding:
        """`process` for encodings the caller hands over: they are changed and reused, not copied."""
        for i, each in enumerate(encodings):
            each.set_sequence_id(i)
            for window in each.overflowing:
                window.set_sequence_id(i)
            each.type_ids = [i] * len(each)
        processed = self.process_encodings(encodings, add_special_tokens)
        if len({id(each) for each in processed}) == len(processed):
            return Encoding.concat_owned(processed)
        return Encoding.merge(processed, growing_offsets=False)

    def to_json(self) -> dict:
        """This processor as its tokenizer.json entry."""
        return {"type": self.type_name}

    @classmethod
    def from_json(cls, data: dict, path: str) -> PostProcessor:
        """Read the processor from its tokenizer.json entry."""
        return cls()

    def __repr__(self) -> str:
        return rust_format(self.to_json())

    def __str__(self) -> str:
        return rust_format(self.to_json(), short=True)


def default_process(encodings: list[Encoding]) -> list[Encoding]:
    """What a tokenizer without post-processor does: a single Encoding stays as it is (no
    sequence id is set); a pair gets sequence ids 0 and 1 and is merged into one."""
    if len(encodings) == 1:
        return encodings
    merged = Encoding()
    for i, encoding in enumerate(encodings):
        encoding.set_sequence_id(i)
        merged.merge_with(encoding, growing_offsets=False)
    return [merged]


def _expect_encoding(value: object) -> Encoding:
    if not isinstance(value, Encoding):
        raise ArgumentTypeError(f"expected an Encoding, got {type_name(value)}")
    return value
