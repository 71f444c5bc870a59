"""Learning BPE merges from word counts, step for step as the Rust `BpeTrainer` does.

1. The vocabulary starts with the special tokens, then the alphabet in code point order.
2. Each distinct word becomes a list of symbol ids (with the continuing-subword prefix on inner
   characters and the end-of-word suffix on the last one).
3. Pair counts and, per pair, the words holding it are computed once. A max-heap orders
   candidate merges by count, then by the smaller (left id, right id); it is updated lazily: an
   entry whose count is out of date goes back in with the current count.
4. Each merge rewrites only the words listed in its heap entry and adjusts the counts of the pairs
   around each merged occurrence, then queues the pairs that gained occurrences.

The Rust quirks that change the output are kept: the merged pair's own count is not reset (so a
pair can be merged twice, the later rank winning), a heap entry only rewrites the words it was
queued with, and `max_token_length` admits a new pair only if its length is *below* the limit.

Where Rust depends on hash-map order (and so differs from run to run), this module is
deterministic: with `limit_alphabet`, equally frequent characters are dropped in code point order;
words are read in sorted order, so the symbols made with the prefix or suffix get their ids in
the order they first occur there. Without prefix, suffix or limit (byte-level BPE), the result is
identical to Rust's.
"""

from __future__ import annotations

import heapq
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Mapping

from ..trainer import TrainingError, progress_bar

_SHIFT = 32  # a pair (a, b) of ids is the int a << 32 | b: same order as the tuple, cheaper to hash
_MASK = (1 << _SHIFT) - 1


@dataclass(frozen=True)
class BpeSettings:
    """What `learn_bpe` needs from a BpeTrainer or WordPieceTrainer."""

    vocab_size: int
    min_frequency: int = 0
    special_tokens: tuple[str, ...] = ()
    limit_alphabet: int | None = None
    initial_alphabet: tuple[str, ...] = ()
    continuing_subword_prefix: str | None = None
    end_of_word_suffix: str | None = None
    max_token_length: int | None = None
    show_progress: bool = False


class _Vocabulary:
    """Tokens by id and ids by token, growing one token at a time."""

    def __init__(self) -> None:
        self.tokens: list[str] = []
        self.ids: dict[str, int] = {}

    def add(self, token: str) -> int:
        """The id of `token`, added at the end if new."""
        id_ = self.ids.get(token)
        if id_ is None:
            id_ = self.ids[token] = len(self.tokens)
            self.tokens.append(token)
        return id_


def learn_bpe(word_counts: Mapping[str, int], settings: BpeSettings) -> tuple[list[str], list[tuple[str, str]]]:
    """The vocabulary (tokens by id) and the merges (by rank) learned from `word_counts`.

    >>> learn_bpe({"abab": 2, "ab": 1}, BpeSettings(vocab_size=4))
    (['a', 'b', 'ab', 'abab'], [('a', 'b'), ('ab', 'ab')])
    """
    vocab = _Vocabulary()
    for token in settings.special_tokens:
        vocab.add(token)
    for char in alphabet(word_counts, settings.initial_alphabet, settings.limit_alphabet):
        vocab.add(char)
    ordered = sorted(word_counts)
    counts = [word_counts[word] for word in ordered]
    with progress_bar(settings.show_progress, len(ordered), "Tokenize words") as bar:
        words = [_symbols(word, vocab, settings) for word in ordered]
        bar.update(len(ordered))
    _check_room(len(vocab.tokens), settings)
    with progress_bar(settings.show_progress, len(words), "Count pairs") as bar:
        pair_counts, where = _count_pairs(words, counts)
        bar.update(len(words))
    merges = _merge(words, counts, pair_counts, where, vocab, settings)
    return vocab.tokens, [(vocab.tokens[a], vocab.tokens[b]) for a, b in merges]


def _check_room(initial_size: int, settings: BpeSettings) -> None:
    """Raise a TrainingError when the vocabulary is over `vocab_size` before the first merge."""
    if initial_size <= settings.vocab_size:
        return
    marked = settings.continuing_subword_prefix is not None or settings.end_of_word_suffix is not None
    parts = "the special tokens and the alphabet" + (" with its prefixed/suffixed forms" if marked else "")
    raise TrainingError(
        f"vocab_size={settings.vocab_size} is too small: {parts} already make {initial_size} tokens; "
        f"raise vocab_size to at least {initial_size}, or lower limit_alphabet"
    )


def alphabet(word_counts: Mapping[str, int], initial: tuple[str, ...], limit: int | None) -> list[str]:
    """The characters to start from, in code point order; with `limit`, only that many of the most frequent.

    Characters of `initial` rank above every seen one. Equally frequent characters are dropped
    in code point order: `alphabet({"ab": 1, "b": 1}, (), 1) -> ['b']`.
    """
    frequency: Counter[str] = Counter()
    for word, count in word_counts.items():
        for char in word:
            frequency[char] += count
    for char in initial:
        frequency[char] = sys.maxsize
    kept = sorted(frequency)
    if limit is not None and len(kept) > limit:
        by_frequency = sorted(kept, key=lambda char: (frequency[char], char))
        kept = sorted(by_frequency[len(kept) - limit :])
    return kept


def _symbols(word: str, vocab: _Vocabulary, settings: BpeSettings) -> list[int]:
    """The ids of a word's first symbols: its characters found in the alphabet, marked with prefix and suffix.

    Marked symbols ("##b", "c</w>") join the vocabulary as they are first met.
    """
    ids = vocab.ids
    prefix, suffix = settings.continuing_subword_prefix, settings.end_of_word_suffix
    if prefix is None and suffix is None:
        return [ids[char] for char in word if char in ids]
    symbols = []
    last = len(word) - 1
    for index, char in enumerate(word):
        if char not in ids:
            continue
        if index and prefix is not None:
            char = prefix + char
        if index == last and suffix is not None:
            char += suffix
        symbols.append(vocab.add(char))
    return symbols


def _count_pairs(words: list[list[int]], counts: list[int]) -> tuple[dict[int, int], dict[int, list[int]]]:
    """How often each adjacent pair occurs (weighted by word counts), and which words hold it
    (each word once, in ascending order)."""
    pair_counts: dict[int, int] = defaultdict(int)
    where: dict[int, list[int]] = defaultdict(list)
    for index, symbols in enumerate(words):
        count = counts[index]
        for a, b in zip(symbols, symbols[1:]):
            pair = a << _SHIFT | b
            pair_counts[pair] += count
            holders = where[pair]
            if not holders or holders[-1] != index:
                holders.append(index)
    return pair_counts, where


def _merge(
    words: list[list[int]],
    counts: list[int],
    pair_counts: dict[int, int],
    where: dict[int, list[int]],
    vocab: _Vocabulary,
    settings: BpeSettings,
) -> list[tuple[int, int]]:
    """Merge the best pair until the vocabulary is full or no pair is frequent enough; the merged pairs."""
    prefix = settings.continuing_subword_prefix
    max_length = sys.maxsize if settings.max_token_length is None else settings.max_token_length
    # Symbol lengths (in characters) only matter against a max_token_length.
    lengths = None if settings.max_token_length is None else [[1] * len(symbols) for symbols in words]
    # (-count, pair, push number, the words to rewrite): word lists, not sets, as stale entries
    # stay queued until popped (a set of ints costs several times a list of them)
    queue: list[tuple[int, int, int, list[int]]] = []
    pushes = 0
    for pair, positions in where.items():
        queue.append((-pair_counts[pair], pair, pushes, positions))
        pushes += 1
    heapq.heapify(queue)
    merges: list[tuple[int, int]] = []
    tokens = vocab.tokens
    with progress_bar(settings.show_progress, max(settings.vocab_size - len(tokens), 0), "Compute merges") as bar:
        while len(tokens) < settings.vocab_size and queue:
            negative_count, pair, _, positions = heapq.heappop(queue)
            count = pair_counts[pair]
            if -negative_count != count:
                heapq.heappush(queue, (-count, pair, pushes, positions))
                pushes += 1
                continue
            if count < 1 or count < settings.min_frequency:
                break
            a, b = pair >> _SHIFT, pair & _MASK
            right = tokens[b]
            if prefix is not None and right.startswith(prefix):
                right = right[len(prefix) :]
            new_id = vocab.add(tokens[a] + right)
            merges.append((a, b))
            gained: dict[int, list[int]] = defaultdict(list)
            merge = (a, b, new_id)
            for index in positions:
                word_lengths = lengths[index] if lengths is not None else None
                for made in merge_in_word(words[index], word_lengths, merge, max_length, counts[index], pair_counts):
                    holders = gained[made]
                    if not holders or holders[-1] != index:
                        holders.append(index)
            for changed, holders in gained.items():
                count = pair_counts[changed]
                if count > 0:
                    heapq.heappush(queue, (-count, changed, pushes, holders))
                    pushes += 1
            bar.update(1)
    return merges


def merge_in_word(
    symbols: list[int],
    lengths: list[int] | None,
    pair: tuple[int, int, int],
    max_length: int,
    weight: int,
    pair_counts: defaultdict[int, int],
) -> list[int]:
    """Replace each (a, b) of `symbols`, left to right, by `new_id` (`pair` is (a, b, new_id)), in place.

    Every pair an occurrence destroys loses `weight` in `pair_counts`, every pair it makes gains
    it; a made pair counts only if its length (from `lengths`) is below `max_length`. Returns the
    made pairs. `symbols=[1, 2, 1, 2], pair=(1, 2, 3)` -> `symbols == [3, 3]`; (2, 1) loses one,
    (3, 1) gains one and loses it, (3, 3) gains one; returns [(3, 1), (3, 3)] as ints.
    """
    a, b, new_id = pair
    made: list[int] = []
    new_length = 0
    index = 0
    while True:
        try:
            index = symbols.index(a, index)
        except ValueError:
            return made
        if index + 1 < len(symbols) and symbols[index + 1] == b:
            if lengths is not None:
                new_length = lengths[index] + lengths[index + 1]
                lengths[index : index + 2] = [new_length]
            if index > 0:
                before = symbols[index - 1]
                pair_counts[before << _SHIFT | a] -= weight
                if lengths is None or lengths[index - 1] + new_length < max_length:
                    made.append(before << _SHIFT | new_id)
                    pair_counts[made[-1]] += weight
            symbols[index : index + 2] = [new_id]
            if index + 1 < len(symbols):
                after = symbols[index + 1]
                pair_counts[b << _SHIFT | after] -= weight
                if lengths is None or lengths[index + 1] + new_length < max_length:
                    made.append(new_id << _SHIFT | after)
                    pair_counts[made[-1]] += weight
        index += 1
