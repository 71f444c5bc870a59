"""`PreTokenizedString`: the input cut into splits (words), each a NormalizedString.

Pre-tokenizers cut splits further; the model then turns each split into tokens. A split that
already has tokens (an added token, say) is left alone by both.
"""

from __future__ import annotations

from typing import Callable, Iterable, Literal, Union

from .normalized_string import NormalizedString

Offsets = tuple[int, int]
# A pre-tokenizer's `split_str`: the words of one plain string, told whether it starts the input.
SplitStr = Callable[..., list[str]]


class Split:
    """One piece of a PreTokenizedString: its NormalizedString and, once tokenized, its tokens."""

    __slots__ = ("normalized", "tokens")

    def __init__(self, normalized: NormalizedString, tokens: list | None = None) -> None:
        self.normalized = normalized
        self.tokens = tokens

    def __repr__(self) -> str:
        return f"Split({self.normalized.normalized!r}, tokens={self.tokens!r})"


class PreTokenizedString:
    """A string cut into splits that keep their offsets in the original text."""

    __slots__ = ("original", "splits")

    def __init__(self, sequence: Union[str, NormalizedString]) -> None:
        normalized = NormalizedString(sequence) if isinstance(sequence, str) else sequence
        self.original = normalized.original
        self.splits: list[Split] = [Split(normalized)]

    @classmethod
    def from_splits(cls, original: str, splits: list[Split]) -> PreTokenizedString:
        """Build from splits made elsewhere (the added vocabulary makes them)."""
        pretokenized = cls.__new__(cls)
        pretokenized.original = original
        pretokenized.splits = splits
        return pretokenized

    def split(self, split_fn: Callable[[int, NormalizedString], Iterable[Union[NormalizedString, Split]]]) -> None:
        """Replace each untokenized split by what `split_fn(index, normalized)` returns.

        Empty pieces are dropped.
        """
        new_splits: list[Split] = []
        for index, split in enumerate(self.splits):
            if split.tokens is not None:
                new_splits.append(split)
                continue
            for piece in split_fn(index, split.normalized):
                piece = piece if isinstance(piece, Split) else Split(piece)
                if piece.normalized.normalized:
                    new_splits.append(piece)
        self.splits = new_splits

    def normalize(self, normalize_fn: Callable[[NormalizedString], None]) -> None:
        """Normalize every untokenized split in place."""
        for split in self.splits:
            if split.tokens is None:
                normalize_fn(split.normalized)

    def tokenize(self, tokenize_fn: Callable[[str], list]) -> None:
        """Give every untokenized split the tokens `tokenize_fn(normalized_text)` returns."""
        for split in self.splits:
            if split.tokens is None:
                split.tokens = tokenize_fn(split.normalized.normalized)

    def words(self, split_str: SplitStr | None = None) -> list[str]:
        """The normalized text of every split, each untokenized one cut further by
        `split_str(text, at_start=...)` when given (what training counts)."""
        words: list[str] = []
        for split in self.splits:
            if split.tokens is None:
                words += _words_of(split.normalized, split_str)
            elif split.normalized.normalized:
                words.append(split.normalized.normalized)
        return words

    def ids(self, extend_ids: Callable[[list[str], list[int]], None], split_str: SplitStr | None = None) -> list[int]:
        """The ids of every split, in order, without offsets (the fast path): a tokenized split
        gives its tokens' ids; the words of the others (cut as in `words`) go to
        `extend_ids(words, out)`."""
        ids: list[int] = []
        words: list[str] = []
        for split in self.splits:
            tokens = split.tokens
            if tokens is None:
                words += _words_of(split.normalized, split_str)
                continue
            if words:
                extend_ids(words, ids)
                words = []
            ids += [token[0] for token in tokens]
        if words:
            extend_ids(words, ids)
        return ids

    def token_rows(self, word_index: int | None) -> list[tuple[int, str, Offsets, int | None]]:
        """(id, token, original offsets, word id) for every token, in order.

        The word id is the split's index, or `word_index` for pre-tokenized input.
        """
        rows: list[tuple[int, str, Offsets, int | None]] = []
        for index, split in enumerate(self.splits):
            tokens = split.tokens
            if tokens is None:
                raise RuntimeError("split has not been tokenized; call PreTokenizedString.tokenize first")
            word = index if word_index is None else word_index
            input_offsets = split.normalized.input_offsets
            rows += [(id_, value, input_offsets(offsets), word) for id_, value, offsets in tokens]
        return rows

    def get_splits(
        self,
        offset_referential: Literal["original", "normalized"] = "original",
        offset_type: Literal["char", "byte"] = "char",
    ) -> list[tuple[str, Offsets, list | None]]:
        """(normalized text, offsets, tokens) for each split."""
        result = []
        position = 0
        for split in self.splits:
            normalized = split.normalized
            if offset_referential == "original":
                offsets = normalized.offsets_original()
            else:
                offsets = (position, position + len(normalized.normalized))
                position = offsets[1]
            if offset_type == "byte":
                offsets = _char_to_byte_offsets(self.original, offsets)
            result.append((normalized.normalized, offsets, split.tokens))
        return result


def _char_to_byte_offsets(text: str, offsets: Offsets) -> Offsets:
    start, end = offsets
    prefix = len(text[:start].encode("utf-8"))
    return prefix, prefix + len(text[start:end].encode("utf-8"))


def _words_of(piece: NormalizedString, split_str: SplitStr | None) -> list[str]:
    """The words of an untokenized piece: `split_str`'s, told whether the piece starts the input,
    or the piece itself (none when it is empty)."""
    if split_str is None:
        return [piece.normalized] if piece.normalized else []
    return split_str(piece.normalized, at_start=piece.original_shift == 0)
