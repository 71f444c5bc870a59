"""Sequence: several pre-tokenizers, one after the other."""

from __future__ import annotations

from typing import Iterable

from ..core.registry import field
from ..errors import ArgumentTypeError, TokenizerFileError, type_name
from ..core.pre_tokenized_string import PreTokenizedString
from .base import Offsets, PreTokenizer, WordEdit, pre_tokenizers_registry


@pre_tokenizers_registry.register("Sequence")
class Sequence(PreTokenizer):
    """Apply each pre-tokenizer in turn to the splits the previous ones left.

    A Sequence given to the constructor is unpacked into its members, as `tokenizers` does.

    >>> from subword.pre_tokenizers import Digits, Whitespace
    >>> Sequence([Whitespace(), Digits(individual_digits=True)]).split_str("in 2024")
    ['in', '2', '0', '2', '4']
    """

    def __init__(self, pretokenizers: Iterable[PreTokenizer]) -> None:
        if not isinstance(pretokenizers, (list, tuple)):
            raise ArgumentTypeError(f"pretokenizers must be a list of PreTokenizer, got {type_name(pretokenizers)}")
        members: list[PreTokenizer] = []
        for index, member in enumerate(pretokenizers):
            if isinstance(member, Sequence):
                members.extend(member.pretokenizers)
            elif isinstance(member, PreTokenizer):
                members.append(member)
            else:
                raise ArgumentTypeError(f"pretokenizers[{index}] must be a PreTokenizer, got {type_name(member)}")
        self.pretokenizers = members

    @property
    def position_dependent(self) -> bool:  # type: ignore[override]
        """True when a member's words depend on where the text starts."""
        return any(member.position_dependent for member in self.pretokenizers)

    @property
    def has_word_spans(self) -> bool:  # type: ignore[override]
        """True when every member only cuts, the last one perhaps editing its words too."""
        members = self.pretokenizers
        return (
            bool(members)
            and not self.position_dependent
            and all(member.has_word_spans for member in members)
            and all(member.word_edit is None for member in members[:-1])
        )

    @property
    def word_edit(self) -> WordEdit | None:
        """The last member's `word_edit`."""
        return self.pretokenizers[-1].word_edit if self.pretokenizers else None

    def edit_words(self, words: list[str]) -> list[str]:
        """The last member's `edit_words`."""
        return self.pretokenizers[-1].edit_words(words) if self.pretokenizers else words

    def word_spans(self, sequence: str, *, at_start: bool = True) -> list[Offsets] | None:
        """The members' cuts, each inside the words of the one before."""
        if not self.has_word_spans:
            return None
        spans = [(0, len(sequence))] if sequence else []
        for member in self.pretokenizers:
            texts = [sequence[start:end] for start, end in spans]
            if texts and member.keeps_words(texts, at_start and spans[0][0] == 0):
                continue
            cut: list[Offsets] = []
            for (start, _), text in zip(spans, texts):
                inner = member.word_spans(text, at_start=at_start and start == 0)
                if inner is None:
                    return None
                cut += [(start + inner_start, start + inner_end) for inner_start, inner_end in inner]
            spans = cut
        return spans

    def __len__(self) -> int:
        return len(self.pretokenizers)

    def __getitem__(self, index: int) -> PreTokenizer:
        return self.pretokenizers[index]

    def __setitem__(self, index: int, pretokenizer: PreTokenizer) -> None:
        if not isinstance(pretokenizer, PreTokenizer) or isinstance(pretokenizer, Sequence):
            raise ArgumentTypeError(
                f"a Sequence member must be a PreTokenizer other than a Sequence, got {type_name(pretokenizer)}"
            )
        self.pretokenizers[index] = pretokenizer

    def pre_tokenize(self, pretokenized: PreTokenizedString) -> None:
        """Run every member on `pretokenized`, in order."""
        for member in self.pretokenizers:
            member.pre_tokenize(pretokenized)

    def split_str(self, sequence: str, *, at_start: bool = True) -> list[str]:
        """Chain the members' fast paths; take the full path if a member cares where its
        text starts (a word's position is lost once the text is cut into plain strings)."""
        if self.position_dependent:
            return super().split_str(sequence, at_start=at_start)
        words = [sequence]
        for member in self.pretokenizers:
            words = member.split_words(words)
        return words

    def to_json(self) -> dict:
        """`{"type": "Sequence", "pretokenizers": [...]}`."""
        return {"type": self.type_name, "pretokenizers": [member.to_json() for member in self.pretokenizers]}

    @classmethod
    def from_json(cls, data: dict, path: str) -> Sequence:
        """Read every member (nested Sequences stay nested, as in the file)."""
        entries = field(data, "pretokenizers", list, path)
        members = []
        for index, entry in enumerate(entries):
            where = f"{path}.pretokenizers[{index}]"
            if entry is None:
                raise TokenizerFileError(f"{where}: expected a pre-tokenizer object, got null")
            members.append(pre_tokenizers_registry.from_json(entry, where))
        sequence = cls([])
        sequence.pretokenizers = members
        return sequence
