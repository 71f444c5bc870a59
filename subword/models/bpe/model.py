"""BPE: split a word into characters, then apply the learned merges, lowest rank first.

Exactly the Rust package's BPE: unknown characters become `unk_token` (fused into one when
`fuse_unk`), or `<0xNN>` byte tokens with `byte_fallback`, or are dropped when there is neither;
`continuing_subword_prefix` / `end_of_word_suffix` mark the characters inside / at the end of a
word; `ignore_merges` returns a word found whole in the vocabulary as one token; `dropout` skips
each merge with that probability. A long word is cut where no merge can ever join (split.py)
and merged piece by piece through the word cache. This module does not train; see the trainers
for that.
"""

from __future__ import annotations

import operator
import random
import struct
from array import array
from functools import cached_property
from itertools import accumulate, chain, compress, count, repeat
from typing import Any, Callable, Iterable, Sequence

from ...core.inputs import check_flag as _bool
from ...core.inputs import check_path
from ...core.registry import field
from ...errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError, type_name
from .files import check_merges, merges_field, read_merges_txt, write_merges_txt
from .merge import merge_by_scan, merge_symbols, merges_only_grow
from .split import SplitTable, split_pieces, split_table
from ..vocab_files import (
    check_vocab,
    ordered_vocab,
    read_vocab_json,
    reverse_vocab,
    vocab_field,
    vocab_file_path,
    write_vocab_json,
)
from ..base import DictVocabModel, Model, Offsets, Token, TokenRow, models_registry

_ID_CODE = "L"  # array items of at least 32 bits, unsigned: every id fits (vocab_files.MAX_ID)
_CACHE_CAPACITY = 100_000  # Rust keeps 10,000; a bigger cache only changes speed
_CACHE_MAX_WORD = 256  # longer words are not cached, as in Rust
_SCAN_MAX = 16  # words of at most this many symbols merge without a heap (bench/merge_scan.py)
_SPLIT_MIN_WORD = 64  # shorter words are merged whole: looking for split points would not pay (byte-level words of Cyrillic or Greek run past 24 chars)
# Characters of such words merged whole before the split table is built: about what building it
# costs (some 13 ms for Mistral), so a model that rarely meets a long word never pays for it.
_SPLIT_TABLE_AFTER = 8192

Merges = list[tuple[str, str]]
# A word cache entry: the word's ids, and its token rows once the full path asked for them.
_CacheEntry = tuple[tuple[int, ...], tuple[TokenRow, ...] | None]


def _optional_str(value: Any, name: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ArgumentTypeError(f"{name} must be a str or None, got {type_name(value)}")
    return value


def _dropout(value: Any, name: str = "dropout") -> float | None:
    """None, or a probability in [0, 1] held as Rust holds it, an f32: 0.1 -> 0.1."""
    if value is None:
        return None
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ArgumentTypeError(f"{name} must be a float in [0, 1] or None, got {type_name(value)}")
    if not 0.0 <= value <= 1.0:
        raise ArgumentValueError(f"{name} must be between 0 and 1 inclusive, got {value}")
    single = struct.unpack("f", struct.pack("f", value))[0]
    # The shortest decimal that names the same f32, so tokenizer.json shows 0.1, not 0.10000000149.
    for digits in range(1, 10):
        short = float(f"{single:.{digits}g}")
        if struct.unpack("f", struct.pack("f", short))[0] == single:
            return short
    return single


def _setting(name: str, check: Callable[[Any, str], Any], doc: str) -> property:
    """A property that type-checks the new value and empties the word cache (and split table)."""
    attribute = "_" + name

    def get(self: BPE) -> Any:
        return getattr(self, attribute)

    def set_(self: BPE, value: Any) -> None:
        value = check(value, name)
        self._rows_changing()
        setattr(self, attribute, value)
        self._forget()

    return property(get, set_, doc=doc)


def _utf8_length(char: str) -> int:
    return len(char.encode("utf-8", "surrogatepass"))


@models_registry.register("BPE")
class BPE(DictVocabModel):
    """Byte-pair encoding, as in GPT-2 or RoBERTa.

    `merges` may be pairs `("a", "b")` or strings `"a b"`; `vocab` and `merges` may also be the
    paths of a vocab.json and a merges.txt. `seed` seeds the dropout's random numbers.

    >>> model = BPE({"a": 0, "b": 1, "c": 2, "ab": 3, "abc": 4}, [("a", "b"), "ab c"])
    >>> model.tokenize("abcb")
    [Token(id=4, value='abc', offsets=(0, 3)), Token(id=1, value='b', offsets=(3, 4))]
    >>> model.tokenize_ids("cab")
    [2, 3]
    """

    # The values behind the settings' properties (see `_setting`).
    _dropout: float | None
    _unk_token: str | None
    _continuing_subword_prefix: str | None
    _end_of_word_suffix: str | None
    _fuse_unk: bool
    _byte_fallback: bool
    _ignore_merges: bool
    # Characters of long words merged whole so far, while the split table is not built.
    _merged_whole: int
    _RUNTIME_STATE = ("_merged_whole",)

    dropout = _setting("dropout", _dropout, "Probability of skipping each merge (None or 0: never).")
    unk_token = _setting("unk_token", _optional_str, "The token for characters missing from the vocabulary.")
    continuing_subword_prefix = _setting(
        "continuing_subword_prefix", _optional_str, "The prefix of every symbol that does not start a word."
    )
    end_of_word_suffix = _setting("end_of_word_suffix", _optional_str, "The suffix of the symbol ending a word.")
    fuse_unk = _setting("fuse_unk", _bool, "Whether consecutive unknown characters make one unk_token.")
    byte_fallback = _setting("byte_fallback", _bool, "Whether unknown characters become <0xNN> byte tokens.")
    ignore_merges = _setting("ignore_merges", _bool, "Whether a word found whole in the vocabulary is one token.")

    def __init__(
        self,
        vocab: dict[str, int] | str | None = None,
        merges: Merges | list[str] | str | None = None,
        *,
        cache_capacity: int | None = None,
        dropout: float | None = None,
        unk_token: str | None = None,
        continuing_subword_prefix: str | None = None,
        end_of_word_suffix: str | None = None,
        fuse_unk: bool | None = None,
        byte_fallback: bool = False,
        ignore_merges: bool = False,
        seed: int | None = None,
    ) -> None:
        if (vocab is None) != (merges is None):
            raise ArgumentValueError("BPE: `vocab` and `merges` must be both specified, or neither")
        if isinstance(vocab, str) or isinstance(merges, str):
            if not (isinstance(vocab, str) and isinstance(merges, str)):
                raise ArgumentValueError("BPE: `vocab` and `merges` must be both file paths or both in memory")
            vocab, merges = BPE.read_file(vocab, merges)
        if cache_capacity is None:
            cache_capacity = _CACHE_CAPACITY
        if not isinstance(cache_capacity, int) or isinstance(cache_capacity, bool):
            raise ArgumentTypeError(f"cache_capacity must be an int or None, got {type_name(cache_capacity)}")
        if cache_capacity < 0:
            raise ArgumentValueError(f"cache_capacity must be >= 0 (0 turns the cache off), got {cache_capacity}")
        self._cache: dict[str, _CacheEntry] = {}
        self._cache_capacity = cache_capacity
        self._rng = random.Random(seed)
        self.dropout = dropout
        self.unk_token = unk_token
        self.continuing_subword_prefix = continuing_subword_prefix
        self.end_of_word_suffix = end_of_word_suffix
        self.fuse_unk = False if fuse_unk is None else fuse_unk
        self.byte_fallback = byte_fallback
        self.ignore_merges = ignore_merges
        self._vocab = check_vocab(vocab if vocab is not None else {})
        self._vocab_r = reverse_vocab(self._vocab)
        self._byte_ids = [self._vocab.get(f"<0x{byte:02X}>") for byte in range(256)]
        self._set_merges(*check_merges(merges if merges is not None else []))

    def _set_merges(self, firsts: list[str], seconds: list[str]) -> None:
        """Take these merges (checked already): their ids now, their `_ranks` on first use."""
        self._merge_ids, self._merged = self._merge_table(firsts, seconds)
        self.__dict__.pop("_ranks", None)
        self._forget()

    @cached_property
    def _ranks(self) -> dict[tuple[int, int], int]:
        """(id_a, id_b) -> rank, a repeated pair keeping its last rank; built on first use (a
        fifth of loading Mistral's tokenizer.json), `_merged[rank]` being the merge's token."""
        ids_a, ids_b = self._merge_ids
        return dict(zip(zip(ids_a, ids_b), range(len(ids_a))))

    def _merge_table(self, firsts: list[str], seconds: list[str]) -> tuple[tuple[array, array], list[int]]:
        """((the ids of the left tokens, of the right ones), the ids of the merged tokens), by rank.

        The pairs' ids, read only to build `_ranks`, are arrays, which the garbage collector does
        not walk as it walks a list (after loading GPT-2's tokenizer.json, the next collection
        walks 100,000 ints fewer); the merged ids stay a list, which the merge loops index.

        Built with whole-list lookups (`map(vocab.get, ...)`); only when one of them misses does
        `_missing_merge_token` walk the merges to name the first token not in the vocabulary.
        """
        prefix = self._continuing_subword_prefix
        prefix_bytes = len(prefix.encode()) if prefix else 0
        if prefix_bytes:
            # Like Rust, the prefix's length is cut from the right token whatever it starts with.
            joined = [a + b.encode()[prefix_bytes:].decode("utf-8", "replace") for a, b in zip(firsts, seconds)]
        else:
            joined = list(map(operator.add, firsts, seconds))
        get = self._vocab.get
        ids_a, ids_b, merged = list(map(get, firsts)), list(map(get, seconds)), list(map(get, joined))
        if None in ids_a or None in ids_b or None in merged:
            raise self._missing_merge_token(firsts, seconds, joined)
        return (array(_ID_CODE, ids_a), array(_ID_CODE, ids_b)), merged  # type: ignore[arg-type, return-value]  # no None

    def _missing_merge_token(self, firsts: list[str], seconds: list[str], joined: list[str]) -> ArgumentValueError:
        """The error naming the first merge that needs a token missing from the vocabulary."""
        for rank, (a, b, both) in enumerate(zip(firsts, seconds, joined)):
            for token in (a, b, both):
                if token not in self._vocab:
                    return ArgumentValueError(
                        f"BPE: merge {rank} ({a!r:.40}, {b!r:.40}) needs the token {token!r:.60}, "
                        "which is not in the vocabulary"
                    )
        return ArgumentValueError("BPE: a merge needs a token that is not in the vocabulary")

    # -- files ------------------------------------------------------------------------------------

    @staticmethod
    def read_file(vocab: str, merges: str) -> tuple[dict[str, int], Merges]:
        """Read a vocab.json and a merges.txt (with or without its "#version" line)."""
        return read_vocab_json(check_path(vocab, "vocab")), read_merges_txt(check_path(merges, "merges"))

    @classmethod
    def from_file(cls, vocab: str, merges: str, **kwargs: Any) -> BPE:
        """A BPE from a vocab.json and a merges.txt; `kwargs` are the constructor's options."""
        vocab_map, merge_pairs = cls.read_file(vocab, merges)
        return cls(vocab_map, merge_pairs, **kwargs)

    def save(self, folder: str, prefix: str | None = None) -> list[str]:
        """Write vocab.json and merges.txt (with a `prefix-` if given) into `folder`; returns their paths."""
        vocab_path = vocab_file_path(folder, prefix, "vocab.json")
        merges_path = vocab_file_path(folder, prefix, "merges.txt")
        write_vocab_json(self._vocab_r, vocab_path)
        write_merges_txt(self._merges(), merges_path)
        return [vocab_path, merges_path]

    def _merges(self) -> Merges:
        """The merges by rank, as token pairs."""
        vocab_r = self._vocab_r
        return [(vocab_r[a], vocab_r[b]) for a, b in self._id_pairs_by_rank()]

    def _id_pairs_by_rank(self) -> Iterable[tuple[int, int]]:
        ranks = self._ranks
        if len(ranks) == len(self._merged):  # no repeated pair: the table was filled in rank order
            return ranks
        return sorted(ranks, key=ranks.__getitem__)

    def to_json(self) -> dict:
        """This model as its tokenizer.json entry."""
        vocab_r = self._vocab_r
        return {
            **self.settings_json(),
            "vocab": ordered_vocab(self._vocab_r),
            "merges": [[vocab_r[a], vocab_r[b]] for a, b in self._id_pairs_by_rank()],
        }

    def settings_json(self) -> dict:
        """This model's tokenizer.json entry without its vocabulary and merges."""
        return {
            "type": "BPE",
            "dropout": self._dropout,
            "unk_token": self._unk_token,
            "continuing_subword_prefix": self._continuing_subword_prefix,
            "end_of_word_suffix": self._end_of_word_suffix,
            "fuse_unk": self._fuse_unk,
            "byte_fallback": self._byte_fallback,
            "ignore_merges": self._ignore_merges,
        }

    def _same_tables(self, other: Model) -> bool:
        # the merge table is built with the prefix: the same merges under another one build another
        assert isinstance(other, BPE)
        return (
            other._continuing_subword_prefix == self._continuing_subword_prefix
            and other._vocab == self._vocab
            and other._ranks == self._ranks
            and other._merged == self._merged
        )

    @classmethod
    def from_json(cls, data: dict, path: str) -> BPE:
        """Read the model from its tokenizer.json entry (merges as pairs or "a b" strings)."""
        options: dict[str, Any] = {}
        for name, kind in (
            ("dropout", (int, float)),
            ("unk_token", str),
            ("continuing_subword_prefix", str),
            ("end_of_word_suffix", str),
            ("fuse_unk", bool),
            ("byte_fallback", bool),
            ("ignore_merges", bool),
        ):
            value = field(data, name, (kind if isinstance(kind, tuple) else (kind,)) + (type(None),), path, None)
            if value is not None:
                options[name] = value
        vocab = vocab_field(data, path)
        firsts, seconds = merges_field(data, path)
        try:
            model = cls(vocab, [], **options)
            model._set_merges(firsts, seconds)  # (checked already: not checked again)
            return model
        except ArgumentValueError as error:
            raise TokenizerFileError(f"{path}: {error}") from error

    # -- tokenizing -------------------------------------------------------------------------------

    def tokenize(self, sequence: str) -> list[Token]:
        """The tokens of one word, offsets in UTF-8 bytes as the Rust package's `BPE.tokenize`
        gives them: each byte token its own byte, and an unknown char dropped (no `unk_token`)
        taking no room."""
        if not sequence:
            return []
        whole = self._vocab.get(sequence) if self._ignore_merges else None
        if whole is not None:
            return [Token(whole, sequence, (0, len(sequence.encode("utf-8", "surrogatepass"))))]
        ids, positions, sizes = self._merge_word(sequence)
        if not ids:
            return []
        values = map(self._vocab_r.__getitem__, ids)
        return list(map(Token, ids, values, _byte_offsets(sequence, positions, sizes)))

    def tokenize_plain(self, sequence: str) -> Sequence[TokenRow]:
        """`tokenize` as plain (id, value, offsets) tuples, shared with the word cache."""
        cached = self._cache.get(sequence)  # always empty with dropout: setting it clears the cache
        if cached is not None and cached[1] is not None:
            return cached[1]
        if not sequence:
            return ()
        if self._dropout:
            ids, positions, sizes = self._merge_word(sequence)
            return tuple(zip(ids, map(self._vocab_r.__getitem__, ids), _offsets(sequence, positions, sizes)))
        return self._tokenize_and_cache(sequence)[1]

    def tokenize_ids(self, sequence: str) -> list[int]:
        """Only the ids of `tokenize(sequence)`: the fast path."""
        cached = self._cache.get(sequence)
        if cached is not None:
            return list(cached[0])
        if not sequence:
            return []
        if self._dropout:
            return self._merge_word(sequence)[0]
        return list(self._ids_and_cache(sequence))

    def extend_ids(self, words: list[str], out: list[int]) -> None:
        """Append the ids of every word to `out`, through the word cache."""
        if self._dropout:
            return super().extend_ids(words, out)
        cache_get = self._cache.get
        extend = out.extend
        for word in words:
            cached = cache_get(word)
            if cached is not None:
                extend(cached[0])
            elif word:
                extend(self._ids_and_cache(word))

    def _ids_and_cache(self, word: str) -> tuple[int, ...]:
        """The ids of a word, remembered without its Tokens (the fast path never needs them)."""
        whole = self._vocab.get(word) if self._ignore_merges else None
        if whole is not None:
            ids: tuple[int, ...] = (whole,)
        else:
            parts = self._pieces(word)
            if parts is not None:
                return self._pieces_ids(parts)  # the cache holds its pieces, not the word
            ids = tuple(self._merge_word(word)[0])
        if len(word) < _CACHE_MAX_WORD and len(self._cache) < self._cache_capacity:
            self._cache[word] = (ids, None)
        return ids

    def _tokenize_and_cache(self, word: str) -> tuple[tuple[int, ...], tuple[TokenRow, ...]]:
        """Ids and token rows of a word, remembered (replacing an ids-only entry). Plain tuples
        of ints and strs, which the garbage collector stops tracking, unlike Token objects."""
        whole = self._vocab.get(word) if self._ignore_merges else None
        if whole is not None:
            result: tuple[tuple[int, ...], tuple[TokenRow, ...]] = ((whole,), ((whole, word, (0, len(word))),))
        else:
            parts = self._pieces(word)
            if parts is not None:
                rows = self._pieces_rows(parts)
                return tuple([row[0] for row in rows]), rows  # the cache holds its pieces, not the word
            rows = self._merged_rows(word)
            result = (tuple([row[0] for row in rows]), rows)
        self._remember(word, result)
        return result

    def _remember(self, word: str, result: _CacheEntry) -> None:
        """Cache a word's ids and rows if it is short and there is room (or it is cached already)."""
        if len(word) < _CACHE_MAX_WORD and (word in self._cache or len(self._cache) < self._cache_capacity):
            self._cache[word] = result

    def _merged_rows(self, word: str) -> tuple[TokenRow, ...]:
        """The token rows of a word through the merge loop (no cache, no `ignore_merges`)."""
        ids, positions, sizes = self._merge_word(word)
        return tuple(zip(ids, map(self._vocab_r.__getitem__, ids), _offsets(word, positions, sizes)))

    # -- split points (see split.py) ------------------------------------------------------------

    @cached_property
    def _split_table(self) -> SplitTable | None:
        """The split table, built on first use; None where split points are not proved exact.

        `_forget` drops it when a setting or the merges change.
        """
        if (
            self._dropout
            or self._continuing_subword_prefix
            or self._end_of_word_suffix
            or len(self._vocab_r) != len(self._vocab)
        ):
            return None
        all_bytes = self._byte_fallback and None not in self._byte_ids
        drops = not all_bytes and self._unk_token is None
        return split_table(self._vocab_r, self._ranks, all_bytes, drops)

    def rows_stamp(self) -> object | None:
        """See `Model.rows_stamp`: None under dropout."""
        return None if self._dropout else self._stamp

    def _forget(self) -> None:
        """Empty the word cache and drop the split table: a setting or the merges changed."""
        self._stamp = object()
        self._cache.clear()
        self.__dict__.pop("_split_table", None)
        self.__dict__.pop("_merges_only_grow", None)
        self._merged_whole = 0

    def _pieces(self, word: str) -> list[str] | None:
        """`word` cut at its split points, or None to merge it whole.

        Words shorter than _SPLIT_MIN_WORD are merged whole, and so are longer ones until they
        add up to _SPLIT_TABLE_AFTER characters and the split table is built.
        """
        if len(word) < _SPLIT_MIN_WORD:
            return None
        if "_split_table" not in self.__dict__:  # not built yet (a functools.cached_property)
            self._merged_whole += len(word)
            if self._merged_whole < _SPLIT_TABLE_AFTER:
                return None
        table = self._split_table
        if table is None:
            return None
        return split_pieces(word, table)

    def _pieces_ids(self, parts: list[str]) -> tuple[int, ...]:
        """The ids of a word made of these pieces: each piece's, through the word cache."""
        entries = self._entries(parts)
        for index in list(compress(count(), map(operator.is_, entries, repeat(None)))):
            entries[index] = self._piece_entry(parts[index], False)
        return tuple(chain.from_iterable(map(operator.itemgetter(0), entries)))

    def _pieces_rows(self, parts: list[str]) -> tuple[TokenRow, ...]:
        """The token rows of a word made of these pieces, offsets moved to the word's characters."""
        entries = self._entries(parts)
        for index in [i for i, entry in enumerate(entries) if entry is None or entry[1] is None]:
            entries[index] = self._piece_entry(parts[index], True)
        starts = accumulate(map(len, parts), initial=0)
        return tuple(
            [
                (id_, value, (begin + start, end + start))
                for rows, start in zip(map(operator.itemgetter(1), entries), starts)
                for id_, value, (begin, end) in rows
            ]
        )

    def _entries(self, parts: list[str]) -> list[_CacheEntry | None]:
        """The cache entries of the pieces; None where missing or not to be read (see `_piece_entry`)."""
        entries = list(map(self._cache.get, parts))
        if self._ignore_merges:
            vocab = self._vocab
            return [None if part in vocab else entry for part, entry in zip(parts, entries)]
        return entries

    def _piece_entry(self, part: str, rows: bool) -> _CacheEntry:
        """A piece's cache entry, with token rows if `rows`; merged and remembered if not cached.

        Subtle: with `ignore_merges` a piece found whole in the vocabulary is merged all the same
        (only a whole word is looked up), so it must neither read nor fill the cache, which holds
        what a word gives.
        """
        whole_token = self._ignore_merges and part in self._vocab
        if not whole_token:
            cached = self._cache.get(part)  # a piece met earlier in the same word
            if cached is not None and (cached[1] is not None or not rows):
                return cached
        if rows:
            part_rows = self._merged_rows(part)
            entry: _CacheEntry = (tuple([row[0] for row in part_rows]), part_rows)
            if not whole_token:
                self._remember(part, entry)
            return entry
        entry = (tuple(self._merge_word(part)[0]), None)
        if not whole_token and len(part) < _CACHE_MAX_WORD and len(self._cache) < self._cache_capacity:
            self._cache[part] = entry
        return entry

    def _merge_word(self, word: str) -> tuple[list[int], list[int], list[int] | None]:
        """(token ids, the first symbol of each token, the byte size of each symbol or None).

        Sizes are None when each symbol is exactly one character of `word`.
        """
        if not self._continuing_subword_prefix and not self._end_of_word_suffix:
            try:
                ids = list(map(self._vocab.__getitem__, word))
                sizes = None
            except KeyError:
                ids, sizes = self._symbols(word)
        else:
            ids, sizes = self._symbols(word)
        if not ids:
            return [], [], sizes
        if len(ids) <= _SCAN_MAX and not self._dropout and self._merges_only_grow:
            return ids, merge_by_scan(ids, self._ranks, self._merged), sizes
        positions = merge_symbols(ids, self._ranks, self._merged, self._dropout, self._rng)
        return [ids[p] for p in positions], positions, sizes

    @cached_property
    def _merges_only_grow(self) -> bool:
        """Whether short words may take `merge_by_scan` (see there); `_forget` drops it."""
        return merges_only_grow(self._ranks, self._merged)

    def _symbols(self, word: str) -> tuple[list[int], list[int] | None]:
        """The ids of the word's symbols before any merge, and their sizes in bytes (see `_merge_word`)."""
        vocab, prefix, suffix = self._vocab, self._continuing_subword_prefix, self._end_of_word_suffix
        ids: list[int] = []
        sizes: list[int] = []
        one_char_each = True
        unk: list[int] | None = None  # [id, size] of an unknown run not yet added
        last = len(word) - 1
        for index, char in enumerate(word):
            symbol = char
            if index and prefix is not None:
                symbol = prefix + symbol
            if index == last and suffix is not None:
                symbol += suffix
            size = _utf8_length(char)
            id_ = vocab.get(symbol)
            if id_ is not None:
                if unk is not None:
                    ids.append(unk[0])
                    sizes.append(unk[1])
                    unk = None
                ids.append(id_)
                sizes.append(size)
                continue
            if self._byte_fallback:
                byte_ids = [self._byte_ids[byte] for byte in symbol.encode("utf-8", "surrogatepass")]
                if None not in byte_ids:
                    # subtle: like Rust, a pending unk_token stays pending and comes after these bytes.
                    ids.extend(byte_ids)
                    sizes.extend(repeat(1, len(byte_ids)))
                    one_char_each = False
                    continue
            if self._unk_token is None:
                one_char_each = False  # the character is dropped
            elif unk is not None and self._fuse_unk:
                unk[1] += size
                one_char_each = False
            else:
                if unk is not None:
                    ids.append(unk[0])
                    sizes.append(unk[1])
                unk = [self._unk_id(), size]
        if unk is not None:
            ids.append(unk[0])
            sizes.append(unk[1])
        return ids, None if one_char_each else sizes

    def _unk_id(self) -> int:
        id_ = self._vocab.get(self._unk_token)  # type: ignore[arg-type]
        if id_ is None:
            raise ArgumentValueError(
                f"BPE: the unk_token {self._unk_token!r} is not in the vocabulary; add it or change unk_token"
            )
        return id_


def _byte_offsets(word: str, positions: list[int], sizes: list[int] | None) -> list[Offsets]:
    """Byte offsets of the tokens starting at symbol `positions`, as Rust counts them: each
    token's symbols' sizes, one after the other (symbol i is character i without sizes)."""
    if not positions:
        return []
    if sizes is None:
        sizes = [_utf8_length(char) for char in word]
    byte_ends = list(accumulate(sizes))
    starts = [byte_ends[position - 1] if position else 0 for position in positions]
    return list(zip(starts, starts[1:] + [byte_ends[-1]]))


def _offsets(word: str, positions: list[int], sizes: list[int] | None) -> list[Offsets]:
    """Character offsets of the tokens starting at symbol `positions`.

    Without sizes, symbol i is character i. With sizes (bytes, as Rust counts them), a token
    spans the characters holding its bytes: a byte token inside "é" gets the whole "é".
    """
    if sizes is None:
        ends = positions[1:] + [len(word)]
        return list(zip(positions, ends))
    char_of_byte = [index for index, char in enumerate(word) for _ in range(_utf8_length(char))]
    last = len(char_of_byte)
    offsets = []
    for start, end in _byte_offsets(word, positions, sizes):
        # Clamp: a prefix turned into byte tokens can count more bytes than the word has.
        char_start = char_of_byte[start] if start < last else len(word)
        char_end = char_of_byte[end - 1] + 1 if end <= last else len(word)
        offsets.append((char_start, char_end))
    return offsets
