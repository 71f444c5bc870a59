"""`Tokenizer.explain`: what each stage of the pipeline made of one text.

The stages are the encode path's own, run once more with every intermediate kept:

    added tokens  -> the text cut around added tokens found in the raw text
    normalized    -> each piece between them after the normalizer (added tokens found in the
                     normalized text are cut out too), with where each normalized char comes from
    pre-tokens    -> the words the pre-tokenizer makes, with their offsets in the text
    model tokens  -> what the model makes of each word
    encoding      -> the final Encoding, after truncation, special tokens and padding

`str(explanation)` prints a report meant for a person asking "why did my text tokenize like this?".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from typing import Callable

from ..core.added_vocabulary import AddedVocabulary
from ..core.encoding import Encoding
from ..core.normalized_string import NormalizedString
from ..core.pre_tokenized_string import PreTokenizedString

Offsets = tuple[int, int]


@dataclass(frozen=True)
class Piece:
    """A piece of the text at one stage: its text, its (start, end) chars in the input, and the
    added token's id when the piece is one."""

    text: str
    offsets: Offsets
    added_id: int | None = None


@dataclass(frozen=True)
class NormalizedPiece:
    """A piece after the normalizer: the text before and after, and for each normalized char the
    (start, end) chars of the input it comes from."""

    original: str
    normalized: str
    offsets: Offsets
    alignments: tuple[Offsets, ...]
    added_id: int | None = None


@dataclass(frozen=True)
class ModelToken:
    """A token the model made: its id, its text, its (start, end) chars in the input, and the
    index of the pre-token (word) it belongs to."""

    id: int
    value: str
    offsets: Offsets
    word: int


@dataclass(frozen=True)
class Explanation:
    """Each stage's output for one text (see the module docstring)."""

    text: str
    added_tokens: list[Piece] = field(default_factory=list)
    normalized: list[NormalizedPiece] = field(default_factory=list)
    pre_tokens: list[Piece] = field(default_factory=list)
    model_tokens: list[ModelToken] = field(default_factory=list)
    encoding: Encoding = field(default_factory=Encoding)

    def __str__(self) -> str:
        lines = [f"text: {self.text!r}", "", "1. added tokens (cut out of the raw text):"]
        lines += [f"   {_span(p.offsets)}  {p.text!r}" + _added(p.added_id) for p in self.added_tokens] or ["   (none)"]
        lines += ["", "2. normalized:"]
        for piece in self.normalized:
            changed = "" if piece.original == piece.normalized else f"  <- {piece.original!r}"
            lines.append(f"   {_span(piece.offsets)}  {piece.normalized!r}{changed}" + _added(piece.added_id))
        lines += ["", "3. pre-tokens (words):"]
        lines += [f"   {index:>3}  {_span(p.offsets)}  {p.text!r}" + _added(p.added_id) for index, p in enumerate(self.pre_tokens)]
        lines += ["", "4. model tokens:"]
        lines += [f"   word {t.word:>3}  {_span(t.offsets)}  {t.id:>7}  {t.value!r}" for t in self.model_tokens]
        lines += ["", "5. encoding (truncated, special tokens added, padded):"]
        encoding = self.encoding
        rows = zip(encoding.ids, encoding.tokens, encoding.offsets, encoding.type_ids, encoding.special_tokens_mask)
        for (id_, token, offsets, type_id, special), group in groupby(rows):
            repeats = sum(1 for _ in group)  # a run of padding is one line
            lines.append(
                f"   {_span(offsets)}  {id_:>7}  type {type_id}  {token!r}"
                + ("  (special)" if special else "")
                + (f"  x {repeats}" if repeats > 1 else "")
            )
        return "\n".join(lines)


def explain(
    text: str,
    added_vocabulary: AddedVocabulary,
    normalize: Callable[[NormalizedString], None] | None,
    pre_tokenize: Callable[[PreTokenizedString], None] | None,
    tokenize: Callable[[str], list],
    encoding: Encoding,
) -> Explanation:
    """The stages of one text, from the Tokenizer's components (`Tokenizer.explain` calls this).

    >>> from subword import Tokenizer
    >>> from subword.models import WordLevel
    >>> from subword.pre_tokenizers import Whitespace
    >>> tokenizer = Tokenizer(WordLevel({"hi": 0, "there": 1, "[UNK]": 2}, unk_token="[UNK]"))
    >>> tokenizer.pre_tokenizer = Whitespace()
    >>> [(t.value, t.offsets) for t in tokenizer.explain("hi there").model_tokens]
    [('hi', (0, 2)), ('there', (3, 8))]
    """
    added = [
        Piece(text[start:end], (start, end), id_)
        for id_, (start, end) in (added_vocabulary.find_matches(text, normalized=False) if text else [])
        if start < end
    ]
    pretokenized = added_vocabulary.extract_and_normalize(text, normalize)
    normalized = [_normalized_piece(split.normalized, split.tokens) for split in pretokenized.splits]
    if pre_tokenize is not None:
        pre_tokenize(pretokenized)
    pre_tokens = [
        Piece(split.normalized.normalized, split.normalized.offsets_original(), split.tokens[0][0] if split.tokens else None)
        for split in pretokenized.splits
    ]
    pretokenized.tokenize_rows(tokenize)
    ids, values, offsets, words = pretokenized.token_columns(None)
    model_tokens = [ModelToken(id_, value, span, word or 0) for id_, value, span, word in zip(ids, values, offsets, words)]
    return Explanation(text, added, normalized, pre_tokens, model_tokens, encoding)


def _normalized_piece(piece: NormalizedString, tokens: object) -> NormalizedPiece:
    start, end = piece.offsets_original()
    alignments = tuple(piece.input_offsets_of([(i, i + 1) for i in range(len(piece.normalized))]))
    added_id = tokens[0][0] if tokens else None  # type: ignore[index]
    return NormalizedPiece(piece.original, piece.normalized, (start, end), alignments, added_id)


def _span(offsets: Offsets) -> str:
    return f"{offsets[0]:>4}-{offsets[1]:<4}"


def _added(added_id: int | None) -> str:
    return "" if added_id is None else f"  (added token {added_id})"
