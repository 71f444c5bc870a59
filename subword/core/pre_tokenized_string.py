"""`PreTokenizedString`: the input cut into splits (words), each a NormalizedString.

Pre-tokenizers cut splits further; the model then turns each split into tokens. A split that
already has tokens (an added token, say) is left alone by both.
"""

from __future__ import annotations

from typing import Callable, Iterable, Literal, Sequence, Union

from .encoding import Encoding
from .normalized_string import NormalizedString
from .token import Token

Offsets = tuple[int, int]
# A pre-tokenizer's `split_str`: the words of one plain string, told whether it starts the input.
SplitStr = Callable[..., list[str]]


class Split:
    """One piece of a PreTokenizedString: its NormalizedString and, once tokenized, its tokens."""

    __slots__ = ("normalized", "tokens")

    def __init__(self, normalized: NormalizedString, tokens: Sequence | None = None) -> None:
        self.normalized = normalized
        self.tokens: Sequence | None = tokens

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

    def split(self, func: Callable[[int, NormalizedString], Iterable[Union[NormalizedString, Split]]]) -> None:
        """Replace each untokenized split by what `func(index, normalized)` returns.

        Empty pieces are dropped.
        """
        new_splits: list[Split] = []
        for index, split in enumerate(self.splits):
            if split.tokens is not None:
                new_splits.append(split)
                continue
            for piece in func(index, split.normalized):
                piece = piece if isinstance(piece, Split) else Split(piece)
                if piece.normalized.normalized:
                    new_splits.append(piece)
        self.splits = new_splits

    def normalize(self, func: Callable[[NormalizedString], None]) -> None:
        """Normalize every untokenized split in place."""
        for split in self.splits:
            if split.tokens is None:
                func(split.normalized)

    def tokenize(self, func: Callable[[str], Sequence]) -> None:
        """Give every untokenized split the Tokens `func(normalized_text)` returns, their offsets
        in UTF-8 bytes of that text, as the Rust package takes them (`model.tokenize` fits)."""
        for split in self.splits:
            if split.tokens is None:
                text = split.normalized.normalized
                tokens = func(text)
                split.tokens = tokens if text.isascii() else _char_rows(text, tokens)

    def tokenize_rows(self, func: Callable[[str], Sequence]) -> None:
        """Give every untokenized split the (id, value, offsets in chars) rows, or Tokens,
        `func(normalized_text)` returns (`model.tokenize_plain`), which the splits share and never change."""
        for split in self.splits:
            if split.tokens is None:
                split.tokens = func(split.normalized.normalized)

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

    def token_columns(self, word_index: int | None) -> tuple[list[int], list[str], list[Offsets], list[int | None]]:
        """The ids, token strings, original offsets and word ids of every token, in order.

        The word id is the split's index, or `word_index` for pre-tokenized input.
        """
        ids: list[int] = []
        values: list[str] = []
        offsets: list[Offsets] = []
        words: list[int | None] = []
        for index, split in enumerate(self.splits):
            tokens = split.tokens
            if tokens is None:
                raise RuntimeError("Split has not been tokenized, call `PreTokenizedString::tokenize` first")
            if not tokens:
                continue
            if len(tokens) == 1:  # (most words are one token)
                id_, value, span = tokens[0]
                ids.append(id_)
                values.append(value)
                offsets.append(split.normalized.input_offsets(span))
                words.append(index if word_index is None else word_index)
                continue
            split_ids, split_values, spans = zip(*tokens)
            ids += split_ids
            values += split_values
            offsets += split.normalized.input_offsets_of(spans)
            words += [index if word_index is None else word_index] * len(split_ids)
        return ids, values, offsets, words

    def to_encoding(self, type_id: int = 0, word_idx: int | None = None) -> Encoding:
        """An Encoding of the tokens of every split (all tokenized), offsets in the original text.

        Word ids are the splits' indices, or `word_idx` for every token; type ids are `type_id`.
        """
        ids, values, offsets, words = self.token_columns(word_idx)
        return Encoding.from_columns(ids, values, offsets, words, type_id)

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
            tokens = None if split.tokens is None else list(map(Token._make, split.tokens))
            result.append((normalized.normalized, offsets, tokens))
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


def _char_rows(text: str, tokens: Sequence) -> list[tuple[int, str, tuple[int, int]]]:
    """(id, value, offsets) rows of Tokens whose offsets count UTF-8 bytes of `text`, counting
    chars instead: a range that ends inside a char takes all of it.

    >>> _char_rows("é a", [(0, "é", (0, 2)), (1, "a", (3, 4))])
    [(0, 'é', (0, 1)), (1, 'a', (2, 3))]
    """
    char_of_byte = [index for index, char in enumerate(text) for _ in char.encode("utf-8", "surrogatepass")]
    size = len(char_of_byte)

    def char_offset(byte: int, end: bool) -> int:
        if byte >= size:
            return len(text)
        return char_of_byte[byte - 1] + 1 if end and byte else char_of_byte[byte]

    return [(id_, value, (char_offset(start, False), char_offset(end, True))) for id_, value, (start, end) in tokens]
