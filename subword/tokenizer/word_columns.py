"""The full path's word cache: each word's token ids, strings and offsets within the word.

When the pre-tokenizer only cuts a text into words (`PreTokenizer.has_word_spans`), perhaps
editing each word alone (ByteLevel's bytes, Metaspace's marker), a word's tokens and their offsets
relative to the word depend only on the word, the edit and the model. So the full path need not
cut a NormalizedString per word: `WordColumns.columns` looks each word up and moves its offsets to
the word's place. The cache starts again whenever the edit, the model or the model's
`rows_stamp` changes (a model makes a new stamp when a setting changes); while the model's rows
may vary from call to call (dropout, sampling: no stamp), the usual path runs.

Memory: words of under `_LONGEST` chars are kept until there are `_CAPACITY` of them or they hold
`_TOKENS` tokens in all, then the cache starts again: at most about 10 MB (9 MB measured over the
shared corpora with GPT-2's tokenizer, whose Chinese and Japanese words are long).
"""

from __future__ import annotations

from typing import Callable, Sequence

from ..core.normalized_string import NormalizedString
from ..core.pre_tokenized_string import PreTokenizedString, Split
from ..core.token import TokenRow
from ..models.base import Model
from ..pre_tokenizers.base import PreTokenizer, WordEdit

Offsets = tuple[int, int]
Columns = tuple[list[int], list[str], list[Offsets], list["int | None"]]
# word -> (ids, token strings, offsets within the word)
_Entry = tuple[tuple[int, ...], tuple[str, ...], tuple[Offsets, ...]]

_CAPACITY = 1 << 14
_TOKENS = 1 << 16
_LONGEST = 64


class WordColumns:
    """A tokenizer's word cache for the full path (safe to share between threads: an entry
    lost to a concurrent reset is only computed again)."""

    __slots__ = ("_entries", "_made_by", "_tokens")

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._tokens = 0  # how many tokens the entries hold
        self._made_by: tuple[WordEdit | None, Model, object] | None = None  # what the entries depend on

    def columns(
        self,
        pretokenized: PreTokenizedString,
        pre_tokenizer: PreTokenizer,
        model: Model,
        word_index: int | None,
    ) -> Columns | None:
        """What `pre_tokenizer.pre_tokenize(pretokenized)`, `tokenize_rows(model.tokenize_plain)`
        and `token_columns(word_index)` give, `pretokenized` left as it is: the added tokens'
        splits as they are, the other splits cut at their `word_spans` (pre-tokenized the usual
        way where those are None). None, and nothing done, when the model's rows may vary from
        call to call: then every word must be tokenized, the usual way."""
        word_edit, stamp = pre_tokenizer.word_edit, model.rows_stamp()
        if stamp is None:
            return None
        tokenize_plain = model.tokenize_plain
        made_by = self._made_by
        if made_by is None or made_by[0] is not word_edit or made_by[1] is not model or made_by[2] is not stamp:
            self._entries, self._made_by, self._tokens = {}, (word_edit, model, stamp), 0
        entries = self._entries
        word_spans = pre_tokenizer.word_spans
        ids: list[int] = []
        values: list[str] = []
        offsets: list[Offsets] = []
        words: list[int | None] = []
        index = 0  # the word id: the split's index, as `token_columns` counts splits
        for split in pretokenized.splits:
            piece = split.normalized
            text = piece.normalized
            spans = None if split.tokens is not None else word_spans(text, at_start=piece.original_shift == 0)
            if spans is None:
                index = _add_usual(split, pretokenized.original, pre_tokenizer, tokenize_plain, word_index, index, (ids, values, offsets, words))
                continue
            starts: list[int] = []  # where each word starts
            spans_in_words: list[tuple[Offsets, ...]] = []  # the offsets of its tokens within it
            for start, end in spans:
                word = text[start:end]
                entry = entries.get(word)
                if entry is None:
                    entry = _entry(word, word_edit, tokenize_plain)
                    if len(word) < _LONGEST:
                        self._keep(word, entry)
                ids += entry[0]
                values += entry[1]
                starts.append(start)
                spans_in_words.append(entry[2])
            offsets += piece.input_offsets_of_words(zip(starts, spans_in_words))
            if word_index is None:
                words += [word for word, spans in enumerate(spans_in_words, index) for _ in spans]
            else:
                words += [word_index] * (len(ids) - len(words))
            index += len(starts)
        return ids, values, offsets, words

    def _keep(self, word: str, entry: _Entry) -> None:
        entries = self._entries
        if len(entries) >= _CAPACITY or self._tokens >= _TOKENS:
            entries.clear()
            self._tokens = 0
        entries[word] = entry
        self._tokens += len(entry[0])


def _entry(word: str, word_edit: WordEdit | None, tokenize_plain: Callable[[str], Sequence[TokenRow]]) -> _Entry:
    """A word's entry, made by the full path's rules on the word alone."""
    normalized = NormalizedString(word)
    if word_edit is not None:
        word_edit(normalized)
    rows = tokenize_plain(normalized.normalized)
    return (
        tuple([row[0] for row in rows]),
        tuple([row[1] for row in rows]),
        tuple(normalized.input_offsets_of([row[2] for row in rows])),
    )  # tuples: once seen by the garbage collector, untracked (they hold ints and strs only)


def _add_usual(
    split: Split,
    original: str,
    pre_tokenizer: PreTokenizer,
    tokenize_plain: Callable[[str], Sequence[TokenRow]],
    word_index: int | None,
    index: int,
    columns: Columns,
) -> int:
    """Add one split's columns the usual way (pre-tokenized unless it holds an added token);
    return the index of the next word."""
    alone = PreTokenizedString.from_splits(original, [split])
    if split.tokens is None:
        pre_tokenizer.pre_tokenize(alone)
        alone.tokenize_rows(tokenize_plain)
    ids, values, offsets, words = alone.token_columns(word_index)
    columns[0].extend(ids)
    columns[1].extend(values)
    columns[2].extend(offsets)
    columns[3].extend(words if word_index is not None else [index + word for word in words])  # type: ignore[operator]
    return index + len(alone.splits)
