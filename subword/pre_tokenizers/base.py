"""What every pre-tokenizer offers: split a PreTokenizedString into words, in place.

`pre_tokenize` is the rule. `split_str`, the words of one plain string, derives from it; the
ids-only path calls it on each normalized piece, telling it whether the piece starts the input
(`NormalizedString.original_shift == 0`, exact for every normalizer). The pre-tokenizers that
real tokenizers use most (Whitespace, WhitespaceSplit, BertPreTokenizer, ByteLevel, Metaspace,
Split, Punctuation, Digits, Sequence) override it with a hand-written variant: bench/RESULTS.md
("One pipeline") has the figures that justify each, and tests/test_pre_tokenizers.py
(`test_split_str_equals_full_path`) pins every variant to `pre_tokenize` on hypothesis text.

`word_spans` says where a pre-tokenizer that only cuts puts its words (the full path's word cache
reads it). For those that cut and nothing else (`WordSpansPreTokenizer`) it is the rule itself;
ByteLevel, Metaspace and Sequence also edit each word (`word_edit`), and
`test_word_spans_equal_full_path` pins their spans and edits to `pre_tokenize`.
"""

from __future__ import annotations

from typing import Any, Callable

from ..core.ref_mut import PreTokenizedStringRefMut, lent
from ..core.rust_repr import rust_format
from ..core.inputs import check_flag as check_bool  # noqa: F401  (the one rule, under the name the pre-tokenizers import)
from ..core.registry import Registry, field
from ..core.component_state import JsonState
from ..errors import ArgumentTypeError, ArgumentValueError, BorrowError, CustomComponentError, SubwordError, TokenizerFileError, type_name
from ..core.normalized_string import SPLIT_BEHAVIORS, NormalizedString, SplitDelimiterBehavior
from ..core.plain_string import PlainString
from ..core.pre_tokenized_string import PreTokenizedString

# How the Rust package reads a pre-tokenizer (pre_tokenizers/mod.rs). Its tagged name
# "Delimiter" reaches CharDelimiterSplit, which then refuses the type "Delimiter".
_PRE_TOKENIZERS = (
    "BertPreTokenizer", "ByteLevel", "CharDelimiterSplit", "Metaspace", "Whitespace", "Sequence", "Split",
    "Punctuation", "WhitespaceSplit", "Digits", "UnicodeScripts", "FixedLength",
)
pre_tokenizers_registry = Registry(
    "pre-tokenizer",
    tagged={**{name: name for name in _PRE_TOKENIZERS if name != "CharDelimiterSplit"}, "Delimiter": None},
    untagged=_PRE_TOKENIZERS,
)

Offsets = tuple[int, int]
WordEdit = Callable[[NormalizedString], None]

# How tokenizer.json spells each split behavior.
BEHAVIOR_JSON = {
    "removed": "Removed",
    "isolated": "Isolated",
    "merged_with_previous": "MergedWithPrevious",
    "merged_with_next": "MergedWithNext",
    "contiguous": "Contiguous",
}
_BEHAVIOR_FROM_JSON = {spelled: behavior for behavior, spelled in BEHAVIOR_JSON.items()}


class PreTokenizer(JsonState):
    """A pre-tokenizer. Subclasses implement `pre_tokenize`; `split_str` may be overridden with
    a faster version that returns only the words of a plain string (the ids-only fast path)."""

    type_name = "PreTokenizer"
    _state_registry = pre_tokenizers_registry

    # True when the words depend on where the text starts in the input (Metaspace "first").
    position_dependent = False
    # True when `word_spans` can say where `pre_tokenize` cuts a text (the full path then
    # looks each word up in the tokenizer's word cache, `tokenizer/word_columns.py`).
    has_word_spans = False

    def pre_tokenize(self, pretokenized: PreTokenizedString) -> None:
        """Split every not-yet-tokenized split of `pretokenized`, in place."""
        raise NotImplementedError

    def pre_tokenize_str(self, sequence: str) -> list[tuple[str, Offsets]]:
        """The words of a plain string with their offsets.

        >>> from subword.pre_tokenizers import Whitespace
        >>> Whitespace().pre_tokenize_str("Hi there!")
        [('Hi', (0, 2)), ('there', (3, 8)), ('!', (8, 9))]
        """
        pretokenized = PreTokenizedString(sequence)
        self.pre_tokenize(pretokenized)
        return [(word, offsets) for word, offsets, _ in pretokenized.get_splits()]

    @property
    def word_edit(self) -> WordEdit | None:
        """What `pre_tokenize` does to each word once cut (ByteLevel: its bytes to chars), one
        function object per setting (the word cache starts again when it changes); None: nothing."""
        return None

    def edit_words(self, words: list[str]) -> list[str]:
        """Each of `words` after `word_edit` alone: the words the model tokenizes. Override
        when it can be quicker."""
        edit = self.word_edit
        if edit is None:
            return words
        edited = []
        for word in words:
            plain = PlainString(word)
            edit(plain)
            edited.append(plain.normalized)
        return edited

    def word_spans(self, sequence: str, *, at_start: bool = True) -> list[Offsets] | None:
        """Where `pre_tokenize` cuts `sequence` into words: the (start, end) of each non-empty
        word, when all it does to this text is cut it there and apply `word_edit` to each word;
        None when it does more (or `has_word_spans` is False)."""
        return None

    def keeps_words(self, texts: list[str], first_at_start: bool) -> bool:
        """Whether `word_spans` of each text (the first at the start of the input if
        `first_at_start`, the others not) is the whole text: one word each, as it is. False when
        that is not known at a glance (the default)."""
        return False

    def split_str(self, sequence: str, *, at_start: bool = True) -> list[str]:
        """Only the words of `pre_tokenize_str(sequence)`. Override when it can be quicker.

        `at_start` says whether `sequence` begins the input: a piece after an added token does
        not, and only position-dependent pre-tokenizers (Metaspace "first") give other words.
        """
        normalized = NormalizedString(sequence)
        if not at_start:
            normalized.original_shift = 1
        pretokenized = PreTokenizedString(normalized)
        self.pre_tokenize(pretokenized)
        return [split.normalized.normalized for split in pretokenized.splits]

    def split_words(self, words: list[str]) -> list[str]:
        """`split_str` of each word, flattened: how a Sequence chains its members' fast paths."""
        split_str = self.split_str
        if len(words) == 1:  # a Sequence's first member: the whole text, no flattening
            return split_str(words[0])
        return [piece for word in words for piece in split_str(word)]

    def to_json(self) -> dict:
        """This pre-tokenizer as its tokenizer.json entry."""
        return {"type": self.type_name}

    @classmethod
    def from_json(cls, data: dict, path: str) -> PreTokenizer:
        """Read the pre-tokenizer from its tokenizer.json entry."""
        return cls()

    def __repr__(self) -> str:
        return rust_format(self.to_json())

    def __str__(self) -> str:
        return rust_format(self.to_json(), short=True)

    @staticmethod
    def custom(pre_tokenizer: Any) -> PreTokenizer:
        """A pre-tokenizer written in Python: any object with a `pre_tokenize(pretokenized)` method
        that splits the PreTokenizedString in place. A tokenizer holding one cannot be saved."""
        return CustomPreTokenizer(pre_tokenizer)


class WordSpansPreTokenizer(PreTokenizer):
    """A pre-tokenizer that only cuts: its `word_spans` is the rule, `pre_tokenize` applies it."""

    has_word_spans = True

    def pre_tokenize(self, pretokenized: PreTokenizedString) -> None:
        """Cut every split at its `word_spans`."""

        def cut(_: int, normalized: NormalizedString) -> list[NormalizedString]:
            return normalized.slices(self.word_spans(normalized.normalized, at_start=normalized.original_shift == 0))

        pretokenized.split(cut)

    def word_spans(self, sequence: str, *, at_start: bool = True) -> list[Offsets]:
        """The (start, end) of each non-empty word of `sequence`."""
        raise NotImplementedError


class CustomPreTokenizer(PreTokenizer):
    """The wrapper `PreTokenizer.custom` returns."""

    type_name = "Custom"

    def __init__(self, inner: Any) -> None:
        if not callable(getattr(inner, "pre_tokenize", None)):
            raise ArgumentTypeError(
                f"a custom pre-tokenizer needs a pre_tokenize(pretokenized) method; {type_name(inner)} has none"
            )
        self.inner = inner

    def pre_tokenize(self, pretokenized: PreTokenizedString) -> None:
        with lent(PreTokenizedStringRefMut, pretokenized) as borrowed:
            try:
                self.inner.pre_tokenize(borrowed)
            except BorrowError:
                raise
            except Exception as error:
                raise CustomComponentError.wrapping(error) from error

    def to_json(self) -> dict:
        raise SubwordError("Custom PreTokenizer cannot be serialized")

    def __repr__(self) -> str:
        return f"PreTokenizer.custom({self.inner!r})"

    def __str__(self) -> str:
        return repr(self)


def check_char(value: Any, argument: str) -> str:
    """Return `value` if it is a str of exactly one char, else raise naming `argument`."""
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{argument} must be a str of one char, got {type_name(value)}")
    if len(value) != 1:
        raise ArgumentValueError(f"{argument}: expected a string of length 1, got {value!r}")  # Rust's words
    return value


def check_behavior(value: Any) -> SplitDelimiterBehavior:
    """Return `value` if it names a split behavior ("removed", "isolated", ...), else raise."""
    if not isinstance(value, str):
        raise ArgumentTypeError(f"behavior must be a str, got {type_name(value)}")
    if value not in SPLIT_BEHAVIORS:
        raise ArgumentValueError(f"behavior must be one of {', '.join(SPLIT_BEHAVIORS)}; got {value!r}")
    return value  # type: ignore[return-value]


def behavior_from_json(data: dict, path: str, default: str | None = None) -> SplitDelimiterBehavior:
    """Read the `"behavior"` field ("Removed", "Isolated", ...) as a behavior name."""
    spelled = field(data, "behavior", str, path) if default is None else field(data, "behavior", str, path, default)
    behavior = _BEHAVIOR_FROM_JSON.get(spelled)
    if behavior is None:
        expected = ", ".join(BEHAVIOR_JSON.values())
        raise TokenizerFileError(f"{path}.behavior: expected one of {expected}, got {spelled!r}")
    return behavior  # type: ignore[return-value]


def char_from_json(data: dict, name: str, path: str) -> str:
    """Read a field that must hold exactly one char."""
    value = field(data, name, str, path)
    if len(value) != 1:
        raise TokenizerFileError(f"{path}.{name}: expected exactly one char, got {value!r}")
    return value
