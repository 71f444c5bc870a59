"""The full path's word cache: each word's token ids, strings and offsets within the word.

When the pre-tokenizer only cuts a text into words (`PreTokenizer.has_word_spans`), perhaps
editing each word alone (ByteLevel's bytes, Metaspace's marker), a word's tokens and their offsets
relative to the word depend only on the word, the edit and the model. So the full path need not
cut a NormalizedString per word: `WordColumns.columns` looks each word up and moves its offsets to
the word's place. The cache starts again whenever the edit, the model or the model's
`rows_stamp` changes (a model makes a new stamp when a setting changes); while the model's rows
may vary from call to call (dropout, sampling: no stamp), the usual path runs.

Memory: words of under `_LONGEST` chars are kept until there are `_CAPACITY` of them or they hold
`_TOKENS` tokens in all; later words are not kept (as the Rust package's word caches do: the words
met first, the frequent ones mostly, stay; emptying the cache instead made a pass over 20,000
lines of 17,000 distinct words tokenize most of them twice). At most about 10 MB (9 MB measured
over the shared corpora with GPT-2's tokenizer, whose Chinese and Japanese words are long). Until its
lazy columns are read, an Encoding holds its words' entries and pieces instead of its tokens,
offsets and word ids: about as much.
"""

from __future__ import annotations

from itertools import chain
from operator import itemgetter
from typing import Callable, Sequence, cast

from ..core.lazy_column import LazyColumn
from ..core.normalized_string import NormalizedString
from ..core.pre_tokenized_string import PreTokenizedString, Split
from ..core.token import TokenRow
from ..models.base import Model
from ..pre_tokenizers.base import PreTokenizer, WordEdit

Offsets = tuple[int, int]
Columns = tuple[list[int], "LazyColumn | Sequence", "LazyColumn | Sequence", "LazyColumn | Sequence"]
# word -> (ids, token strings, offsets within the word); the last two None until first read
_Entry = tuple[tuple[int, ...], "tuple[str, ...] | None", "tuple[Offsets, ...] | None"]

_CAPACITY = 1 << 14
_TOKENS = 1 << 16
_LONGEST = 64
# Texts from this many chars on get lazy columns: on shorter ones the few objects a lazy
# Encoding holds (which the garbage collector keeps scanning) cost more than the tuples saved.
_LAZY_FROM = 512
_IDS = _START = itemgetter(0)  # an entry's ids; a span's start
_ROWS = itemgetter(1)  # an entry's token strings: None until its rows are made


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
        pre_tokenizer: PreTokenizer | None,
        model: Model,
        word_index: int | None,
    ) -> Columns | None:
        """What `pre_tokenizer.pre_tokenize(pretokenized)`, `tokenize_rows(model.tokenize_plain)`
        and `token_columns(word_index)` give, `pretokenized` left as it is: the added tokens'
        splits as they are, the other splits cut at their `word_spans` (pre-tokenized the usual
        way where those are None; without a pre-tokenizer, each split is one word); the ids at once, the tokens, offsets and word ids as
        LazyColumns, made from the words' entries when first read. None, and nothing done, when
        the model's rows may vary from call to call: then every word must be tokenized, the
        usual way."""
        word_edit = pre_tokenizer.word_edit if pre_tokenizer is not None else None
        stamp = model.rows_stamp()
        if stamp is None:
            return None
        made_by = self._made_by
        if made_by is None or made_by[0] is not word_edit or made_by[1] is not model or made_by[2] is not stamp:
            made_by = (word_edit, model, stamp)
            self._entries, self._made_by, self._tokens = {}, made_by, 0
        entries = self._entries
        word_spans = pre_tokenizer.word_spans if pre_tokenizer is not None else _whole
        edit_words = pre_tokenizer.edit_words if pre_tokenizer is not None else _unedited
        lazy = len(pretokenized.original) >= _LAZY_FROM
        tokenize_ids, tokenize_plain = model.tokenize_ids, model.tokenize_plain
        ids: list[int] = []
        runs: list[_Words | _Usual] = []
        index = 0  # the word id: the split's index, as `token_columns` counts splits
        for split in pretokenized.splits:
            piece = split.normalized
            text = piece.normalized
            spans = None if split.tokens is not None else word_spans(text, at_start=piece.original_shift == 0)
            if spans is None:
                usual = _Usual(split, pretokenized.original, pre_tokenizer, tokenize_plain, word_index, index)
                ids += usual.ids
                runs.append(usual)
                index += usual.words
                continue
            words = [text[start:end] for start, end in spans]
            found: list[_Entry | None] = list(map(entries.get, words))
            if None in found:
                new = [position for position, entry in enumerate(found) if entry is None]
                if lazy:  # the ids path's rules on each word alone, the words edited together
                    edited = edit_words([words[position] for position in new])
                    fresh: list[_Entry] = [(tuple(tokenize_ids(word)), None, None) for word in edited]
                else:
                    fresh = [_entry(words[position], word_edit, tokenize_plain) for position in new]
                for position, entry in zip(new, fresh):
                    word = words[position]
                    if len(word) < _LONGEST:
                        self._keep(word, entry)
                    found[position] = entry
            word_entries = cast(list[_Entry], found)  # (none missing now)
            ids += chain.from_iterable(map(_IDS, word_entries))
            runs.append(_Words(piece, list(map(_START, spans)), words, word_entries, index))
            index += len(words)
        n = len(ids)
        if not n:
            return ids, (), (), ()
        made = _Made(runs, self, made_by)
        if not lazy:
            return ids, made.tokens(), made.offsets(), made.word_ids() if word_index is None else (word_index,) * n
        if any(isinstance(run, _Words) and None in map(_ROWS, run.entries) for run in runs):
            model.read_rows_before_change(made)  # the rows it will read must be today's
        word_ids = LazyColumn(made.word_ids, n) if word_index is None else (word_index,) * n
        return ids, LazyColumn(made.tokens, n), LazyColumn(made.offsets, n), word_ids

    def _complete(self, word: str, entry: _Entry, made_by: tuple) -> None:
        """Put a word's complete entry in place of its ids-only one, if the cache still holds
        entries made by `made_by`."""
        if self._made_by is made_by and word in self._entries:
            self._entries[word] = entry

    def _keep(self, word: str, entry: _Entry) -> None:
        if len(self._entries) < _CAPACITY and self._tokens < _TOKENS:
            self._entries[word] = entry
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


def _unedited(words: list[str]) -> list[str]:
    return words


def _whole(text: str, *, at_start: bool = True) -> list[Offsets]:
    """Without a pre-tokenizer, a split is one word (an empty one too: it has a word id)."""
    return [(0, len(text))]


class _Words:
    """A split cut into words: its piece, where each word starts, the words, their entries (some
    perhaps without tokens and offsets yet) and the first word's id."""

    __slots__ = ("piece", "starts", "words", "entries", "first")

    def __init__(self, piece: NormalizedString, starts: list[int], words: list[str], entries: list[_Entry], first: int) -> None:
        self.piece, self.starts, self.words, self.entries, self.first = piece, starts, words, entries, first


class _Usual:
    """A split's columns made the usual way (pre-tokenized unless it holds an added token), and
    how many words it counts."""

    __slots__ = ("ids", "tokens", "offsets", "word_ids", "words")

    def __init__(
        self,
        split: Split,
        original: str,
        pre_tokenizer: PreTokenizer | None,
        tokenize_plain: Callable[[str], Sequence[TokenRow]],
        word_index: int | None,
        index: int,
    ) -> None:
        alone = PreTokenizedString.from_splits(original, [split])
        if split.tokens is None:
            if pre_tokenizer is not None:
                pre_tokenizer.pre_tokenize(alone)
            alone.tokenize_rows(tokenize_plain)
        self.ids, self.tokens, self.offsets, word_ids = alone.token_columns(word_index)
        self.word_ids: list[int | None] = word_ids if word_index is not None else [index + word for word in word_ids]  # type: ignore[operator]
        self.words = len(alone.splits)


class _Made:
    """The tokens, offsets and word ids of a text's runs, each made when first asked for."""

    __slots__ = ("_runs", "_cache", "_made_by", "_complete", "__weakref__")

    def __init__(self, runs: list[_Words | _Usual], cache: WordColumns, made_by: tuple) -> None:
        self._runs = runs
        self._cache = cache
        self._made_by = made_by
        self._complete = False

    def complete(self) -> None:
        """Give every entry its tokens and offsets now (the model is about to change)."""
        self._completed()

    def _completed(self) -> list[_Words | _Usual]:
        """The runs, every entry given its tokens and offsets (also in the cache)."""
        runs = self._runs
        if not self._complete:
            word_edit, model = self._made_by[0], self._made_by[1]
            made: dict[str, _Entry] = {}  # a word met again in the text is made once
            for run in runs:
                if isinstance(run, _Words):
                    entries = run.entries
                    for position in [position for position, entry in enumerate(entries) if entry[1] is None]:
                        word = run.words[position]
                        entry = made.get(word)
                        if entry is None:
                            entry = made[word] = _entry(word, word_edit, model.tokenize_plain)
                            self._cache._complete(word, entry, self._made_by)
                        entries[position] = entry
            self._complete = True
        return runs

    def tokens(self) -> list[str]:
        values: list[str] = []
        for run in self._completed():
            if isinstance(run, _Words):
                for entry in run.entries:
                    values += entry[1]  # type: ignore[arg-type]  # (complete: not None)
            else:
                values += run.tokens
        return values

    def offsets(self) -> list[Offsets]:
        offsets: list[Offsets] = []
        for run in self._completed():
            if isinstance(run, _Words):
                spans_in_words = [entry[2] for entry in run.entries]
                offsets += run.piece.input_offsets_of_words(zip(run.starts, spans_in_words))  # type: ignore[arg-type]
            else:
                offsets += run.offsets
        return offsets

    def word_ids(self) -> list[int | None]:
        words: list[int | None] = []
        for run in self._runs:
            if isinstance(run, _Words):
                words += [word for word, entry in enumerate(run.entries, run.first) for _ in entry[0]]
            else:
                words += run.word_ids
        return words
