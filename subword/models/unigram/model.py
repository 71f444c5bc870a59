"""Unigram: split a word into the pieces whose summed log-probability (score) is highest.

Exactly the Rust package's Unigram: Viterbi over every vocabulary piece found in the word; a
char that starts no one-char piece becomes an unknown node scored `min score - 10`; consecutive
unknowns are fused into one token (its value is the text it covers); with `byte_fallback` an
unknown token becomes `<0xNN>` byte tokens when all of them exist. `alpha` (and `nbest_size`)
make `tokenize` sample a segmentation instead, as the Rust package does. Besides, `nbest` and
`sample` give sentencepiece's n-best lists and subword-regularization samples.
This module does not train; see the trainers for that.
"""

from __future__ import annotations

import json
import math
import os
import random
from typing import Any, Sequence

from ...core.files import atomic_write_text
from ...core.inputs import check_path
from ...core.json_document import parse_json_like_rust
from ...core.registry import field
from ...errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError, type_name
from .lattice import Lattice, PieceTrie, best_path, populate, sample_nbest, split_unknowns
from ..vocab_files import read_utf8, vocab_file_path
from ..base import Model, Token, TokenRow, models_registry

# A piece of a segmentation: (start, end, id), chars [start, end) of the word.
Span = tuple[int, int, int]

UNK_PENALTY = 10.0
_CACHE_CAPACITY = 100_000  # words; once full, new ones are not kept (as in Rust, which keeps 10,000)
_CACHE_MAX_WORD = 256  # longer words are not cached, as in Rust

Vocab = list[tuple[str, float]]


def _check_vocab(vocab: Any) -> tuple[list[str], list[float]]:
    """The pieces and the scores of `vocab`, or ArgumentTypeError naming the bad entry.

    Two lists, not a pair per entry: loading then allocates no object per piece.
    """
    if not isinstance(vocab, (list, tuple)):
        raise ArgumentTypeError(f"vocab must be a list of (piece, score) pairs, got {type_name(vocab)}")
    columns = _plain_columns(vocab)
    if columns is None:
        for index, entry in enumerate(vocab):
            if not _is_pair(entry, (list, tuple)):
                raise ArgumentTypeError(f"vocab[{index}] must be a (str, float) pair, got {entry!r:.60}")
        columns = [entry[0] for entry in vocab], [entry[1] for entry in vocab]
    pieces, scores = columns
    if not set(map(type, scores)) <= {float}:
        scores = list(map(float, scores))
    return pieces, scores


def _plain_columns(vocab: list | tuple) -> tuple[list[str], list[float]] | None:
    """The pieces and scores when every entry is a list or tuple of a str and a float or int,
    proved by a few C-level passes over the whole vocabulary; None also when some entry is
    merely unusual (a str subclass), which the entry-by-entry check then accepts or names.

    [["a", -1.0], ("b", 0)] -> (["a", "b"], [-1.0, 0]);  [["a", True]] -> None
    """
    if not set(map(type, vocab)) <= {list, tuple} or set(map(len, vocab)) - {2}:
        return None
    pieces = [entry[0] for entry in vocab]
    scores = [entry[1] for entry in vocab]
    if set(map(type, pieces)) <= {str} and set(map(type, scores)) <= {float, int}:
        return pieces, scores
    return None


def _is_pair(entry: Any, kinds: tuple[type, ...]) -> bool:
    """Whether `entry` is one of `kinds` holding a str and an int or float (not a bool)."""
    if not isinstance(entry, kinds):
        return False
    pair: Any = entry  # isinstance with a tuple of types narrows to `object`
    return len(pair) == 2 and isinstance(pair[0], str) and isinstance(pair[1], (int, float)) and not isinstance(pair[1], bool)


def _optional_index(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ArgumentTypeError(f"{name} must be an int >= 0 or None, got {type_name(value)}")
    if value < 0:
        raise ArgumentValueError(f"{name} must be >= 0, got {value}")
    return value


def _optional_float(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ArgumentTypeError(f"{name} must be a float or None, got {type_name(value)}")
    return float(value)


@models_registry.register("Unigram")
class Unigram(Model):
    """A Unigram language model over subword pieces.

    Args:
        vocab: (piece, score) pairs; the id of a piece is its index. None (with unk_id None)
            gives the vocabulary [("<unk>", 0.0)] with unk_id 0.
        unk_id: the index of the unknown piece, or None (then an unknown char is an error).
        byte_fallback: spell unknown text as `<0xNN>` byte pieces when they all exist.
        alpha, nbest_size: when alpha is set (and not 0), `tokenize` samples (see `tokenize`).

    >>> model = Unigram([("<unk>", 0.0), ("a", -1.0), ("b", -2.0), ("ab", -2.5)], unk_id=0)
    >>> model.tokenize("abxy")
    [Token(id=3, value='ab', offsets=(0, 2)), Token(id=0, value='xy', offsets=(2, 4))]
    """

    _RUNTIME_STATE = ("_trie",)  # the piece trie, built on first use

    def __init__(
        self,
        vocab: Sequence[tuple[str, float]] | None = None,
        unk_id: int | None = None,
        byte_fallback: bool | None = None,
        alpha: float | None = None,
        nbest_size: int | None = None,
    ) -> None:
        unk_id = _optional_index(unk_id, "unk_id")
        if vocab is None:
            if unk_id is not None:
                raise ArgumentValueError("`vocab` and `unk_id` must be both specified")
            vocab, unk_id = [("<unk>", 0.0)], 0
        self._vocab_pieces, self._vocab_scores = _check_vocab(vocab)
        if unk_id is not None:
            if not self._vocab_pieces:
                raise ArgumentValueError("the vocabulary is empty but at least the unknown piece is needed")
            if unk_id >= len(self._vocab_pieces):
                raise ArgumentValueError(f"unk_id {unk_id} is not an index of the vocabulary (size {len(self._vocab_pieces)})")
        if byte_fallback is not None and not isinstance(byte_fallback, bool):
            raise ArgumentTypeError(f"byte_fallback must be a bool, got {type_name(byte_fallback)}")
        self._unk_id = unk_id
        self._byte_fallback = bool(byte_fallback)
        self.alpha = alpha
        self.nbest_size = nbest_size
        self._token_to_id = dict(zip(self._vocab_pieces, range(len(self._vocab_pieces))))
        self._trie: PieceTrie | None = None  # built on first use, see `_piece_trie`
        self.min_score = min(self._vocab_scores, default=math.inf)
        self._cache: dict[str, Sequence[Span]] = {}
        self._ids_cache: dict[str, tuple[int, ...]] = {}  # the fast path's: word -> ids of its best segmentation
        self._stamp = object()  # (no setting changes the best segmentation)

    # -- settings -----------------------------------------------------------------------------

    @property
    def unk_id(self) -> int | None:
        """The id of the unknown piece, or None."""
        return self._unk_id

    @property
    def byte_fallback(self) -> bool:
        """Whether unknown text is spelled as `<0xNN>` byte pieces."""
        return self._byte_fallback

    @property
    def unk_score(self) -> float:
        """The score of an unknown node: the lowest piece score minus a penalty of 10."""
        return self.min_score - UNK_PENALTY

    @property
    def alpha(self) -> float | None:
        """With a value other than None or 0, `tokenize` samples with this smoothing."""
        return self._alpha

    @alpha.setter
    def alpha(self, value: float | None) -> None:
        value = _optional_float(value, "alpha")
        self._rows_changing()
        self._alpha = value

    @property
    def nbest_size(self) -> int | None:
        """When sampling, draw among this many best segmentations (None or 0: among all)."""
        return self._nbest_size

    @nbest_size.setter
    def nbest_size(self, value: int | None) -> None:
        value = _optional_index(value, "nbest_size")
        self._rows_changing()
        self._nbest_size = value

    def _piece_trie(self) -> PieceTrie:
        """The table of the pieces (about 30 ms for T5's 32,000 pieces), built once, on first use.
        Threads racing here each build a whole table and keep one of them."""
        trie = self._trie
        if trie is None:
            # A repeated piece is found under its last id, with that id's score, as in Rust.
            ids = self._token_to_id.values()
            trie = PieceTrie(zip(self._token_to_id, ids, map(self._vocab_scores.__getitem__, ids)))
            self._trie = trie
        return trie

    # -- vocabulary files ---------------------------------------------------------------------

    @classmethod
    def from_vocab_file(
        cls, path: str | os.PathLike, unk_token: str | None = "<unk>", byte_fallback: bool = False
    ) -> Unigram:
        """A Unigram from a sentencepiece `.vocab` file (`piece<TAB>score` a line).

        `unk_token` names the unknown piece (None: no unknown piece); it must be in the file.
        """
        vocab = read_vocab_file(path)
        unk_id = None
        if unk_token is not None:
            unk_id = next((i for i, (piece, _) in enumerate(vocab) if piece == unk_token), None)
            if unk_id is None:
                raise TokenizerFileError(
                    f"{os.fspath(path)}: the unknown piece {unk_token!r} is not in the file; "
                    f"pass the file's unknown piece as unk_token, or unk_token=None"
                )
        return cls(vocab, unk_id, byte_fallback)

    # -- encoding -----------------------------------------------------------------------------

    def _best_pieces(self, sequence: str) -> Sequence[Span]:
        pieces = self._cache.get(sequence)
        if pieces is None:
            pieces = best_path(sequence, self._piece_trie(), self._unk_id, self.unk_score)
            if pieces is None:
                raise self._missing_unk_error()
            if len(sequence.encode("utf-8")) < _CACHE_MAX_WORD and len(self._cache) < _CACHE_CAPACITY:
                self._cache[sequence] = pieces
        return pieces

    def _missing_unk_error(self) -> ArgumentValueError:
        # Rust's exact words, which its own tests (and so its users) match on
        return ArgumentValueError("Encountered an unknown token but `unk_id` is missing")

    def _pieces(self, sequence: str) -> Sequence[Span]:
        """The segmentation `tokenize` uses: the best one, or a sample when alpha is set."""
        if not sequence:
            return []
        if not self._alpha:
            return self._best_pieces(sequence)
        # The Rust package's sampling: its own forward recurrence, and unk_id is required.
        if self._unk_id is None:
            raise self._missing_unk_error()
        lattice = self.lattice(sequence)
        if self._nbest_size:
            path = _rust_sample_nbest(lattice, self._nbest_size, self._alpha)
        else:
            path = lattice.sample(self._alpha, compound=True)
        return [lattice.piece(node) for node in path]

    def tokenize_plain(self, sequence: str) -> Sequence[TokenRow]:
        """`tokenize` as plain (id, value, offsets) tuples."""
        return self._to_tokens(sequence, self._pieces(sequence))

    def tokenize_ids(self, sequence: str) -> list[int]:
        """Only the ids of `tokenize(sequence)`, through the ids cache of `extend_ids`."""
        if self._alpha:
            return self._ids_of(sequence, _fuse_unknowns(self._pieces(sequence), self._unk_id))
        ids = self._ids_cache.get(sequence)
        return list(ids if ids is not None else self._ids_and_cache(sequence))

    def _ids_of(self, sequence: str, pieces: Sequence[Span]) -> list[int]:
        """The ids of `_to_tokens(sequence, pieces)` for pieces whose unknown runs are fused (as
        `best_path` and `_fuse_unknowns` give them), without its rows where no byte fallback
        applies: a known piece's id is the one `_to_tokens` looks up (the trie is built from
        `_token_to_id`), and each unknown run is looked up whole, unless none can be a piece."""
        ids = [piece[2] for piece in pieces]
        unk = self._unk_id
        if unk is None or unk not in ids:
            return ids
        if self._byte_fallback:
            return [row[0] for row in self._to_tokens(sequence, pieces)]
        if not any(map(sequence.__contains__, self._piece_trie().prefix_only_chars())):
            return ids  # every unknown run starts with a char that starts no piece
        lookup = self._token_to_id.get
        return [lookup(sequence[start:end], unk) if id_ == unk else id_ for start, end, id_ in pieces]

    def extend_ids(self, words: list[str], out: list[int]) -> None:
        """Append the ids of every word to `out`, through the word cache (sampling bypasses it)."""
        if self._alpha:
            return super().extend_ids(words, out)
        cache_get = self._ids_cache.get
        extend = out.extend
        for word in words:
            ids = cache_get(word)
            extend(ids if ids is not None else self._ids_and_cache(word))

    def _ids_and_cache(self, word: str) -> tuple[int, ...]:
        ids = tuple(self._ids_of(word, self._best_pieces(word) if word else []))
        if len(word) < _CACHE_MAX_WORD and len(self._ids_cache) < _CACHE_CAPACITY:
            self._ids_cache[word] = ids
        return ids

    def _to_tokens(self, sequence: str, pieces: Sequence[Span], fuse_unk: bool = True) -> list[TokenRow]:
        """Token rows of a segmentation: unknown runs fused, then looked up (or spelled in bytes)."""
        tokens: list[TokenRow] = []
        for start, end, id_ in _fuse_unknowns(pieces, self._unk_id) if fuse_unk else pieces:
            value = sequence[start:end]
            known = self._token_to_id.get(value)
            if known is not None:
                tokens.append((known, value, (start, end)))
                continue
            if self._byte_fallback:
                byte_tokens = self._byte_tokens(value, (start, end))
                if byte_tokens is not None:
                    tokens.extend(byte_tokens)
                    continue
            if self._unk_id is None:
                raise self._missing_unk_error()
            tokens.append((self._unk_id, value, (start, end)))
        return tokens

    def _byte_tokens(self, value: str, offsets: tuple[int, int]) -> list[TokenRow] | None:
        """`<0xNN>` tokens spelling `value` in UTF-8, all with `offsets`; None if one is missing."""
        tokens = []
        for byte in value.encode("utf-8"):
            piece = f"<0x{byte:02X}>"
            id_ = self._token_to_id.get(piece)
            if id_ is None:
                return None
            tokens.append((id_, piece, offsets))
        return tokens

    # -- lattices, n-best lists and samples (sentencepiece's semantics) -------------------------

    def lattice(self, sequence: str) -> Lattice:
        """The lattice of every piece found in `sequence`, with unknown nodes where needed."""
        lattice = Lattice(len(sequence))
        populate(lattice, sequence, self._piece_trie(), self._unk_id, self.unk_score)
        return lattice

    def nbest(self, sequence: str, n: int, *, fuse_unk: bool = True) -> list[tuple[list[Token], float]]:
        """The `n` best segmentations of `sequence` with their scores, best first.

        As sentencepiece's NBestEncode: an empty sequence gives one empty segmentation.

        >>> model = Unigram([("<unk>", 0.0), ("a", -1.0), ("b", -1.0), ("ab", -1.5)], unk_id=0)
        >>> [([t.value for t in tokens], score) for tokens, score in model.nbest("ab", 2)]
        [(['ab'], -1.5), (['a', 'b'], -2.0)]
        """
        if not sequence:
            return [([], 0.0)]
        lattice = self.lattice(sequence)
        return [
            (list(map(Token._make, self._to_tokens(sequence, [lattice.piece(node) for node in path], fuse_unk))), score)
            for path, score in lattice.nbest(n)
        ]

    def sample(
        self,
        sequence: str,
        alpha: float,
        *,
        nbest_size: int = -1,
        rng: random.Random | None = None,
        fuse_unk: bool = True,
    ) -> list[Token]:
        """One segmentation drawn with probability proportional to exp(alpha * score).

        As sentencepiece's SampleEncode: `nbest_size` < 0 draws among all segmentations (forward
        filtering, backward sampling); 0 or 1 gives the best one; > 1 draws among that many best.
        """
        if not sequence:
            return []
        if nbest_size in (0, 1):
            pieces = self._best_pieces(sequence)
            if not fuse_unk:
                pieces = split_unknowns(pieces, self._unk_id)
        else:
            lattice = self.lattice(sequence)
            if nbest_size > 1:
                path = sample_nbest(lattice.nbest(nbest_size), alpha, rng)
            else:
                path = lattice.sample(alpha, rng)
            pieces = [lattice.piece(node) for node in path]
        return list(map(Token._make, self._to_tokens(sequence, pieces, fuse_unk)))

    # -- vocabulary ---------------------------------------------------------------------------

    def get_trainer(self) -> Any:
        """A UnigramTrainer with default options."""
        # Imported here, not at the top: the trainer needs numpy, which `import subword` must not
        # load (an allowed lazy import, see tests/test_architecture.py). Importing it registers it.
        from . import trainer  # noqa: F401

        return super().get_trainer()

    def token_to_id(self, token: str) -> int | None:
        """The id of `token`, or None."""
        return self._token_to_id.get(token)

    def id_to_token(self, id: int) -> str | None:
        """The piece with this id, or None."""
        return self._vocab_pieces[id] if 0 <= id < len(self._vocab_pieces) else None

    def get_vocab(self) -> dict[str, int]:
        """piece -> id (a repeated piece keeps its last id)."""
        return dict(self._token_to_id)

    def get_vocab_size(self) -> int:
        """How many entries the vocabulary has (repeated pieces included)."""
        return len(self._vocab_pieces)

    def get_scores(self) -> list[tuple[str, float]]:
        """A copy of the (piece, score) list, in id order."""
        return list(zip(self._vocab_pieces, self._vocab_scores))

    def get_pieces(self) -> list[str]:
        """A copy of the pieces, in id order (`get_scores` without the scores)."""
        return list(self._vocab_pieces)

    def rows_stamp(self) -> object | None:
        """See `Model.rows_stamp`: None when sampling."""
        return None if self._alpha else self._stamp

    def clear_cache(self) -> None:
        """Forget the segmentations remembered so far."""
        self._cache.clear()
        self._ids_cache.clear()

    # -- serialization ------------------------------------------------------------------------

    def save(self, folder: str, prefix: str | None = None) -> list[str]:
        """Write `unigram.json` (or `{prefix}-unigram.json`), loadable by `Unigram.load`; returns its path."""
        path = vocab_file_path(folder, prefix, "unigram.json")
        atomic_write_text(path, json.dumps(self.to_json(), ensure_ascii=False, indent=2))
        return [path]

    @classmethod
    def load(cls, path: str | os.PathLike) -> Unigram:
        """Read a model written by `save`."""
        path = check_path(path, "path")
        data = parse_json_like_rust(read_utf8(os.fspath(path)), os.fspath(path))
        if not isinstance(data, dict):
            raise TokenizerFileError(f"{os.fspath(path)}: expected a JSON object, got {type_name(data)}")
        return cls.from_json(data, os.fspath(path))

    def to_json(self) -> dict:
        """This model as its tokenizer.json entry."""
        entry = self.settings_json()
        entry["vocab"] = [[piece, score] for piece, score in zip(self._vocab_pieces, self._vocab_scores)]
        entry["byte_fallback"] = entry.pop("byte_fallback")  # the Rust package writes it after the vocabulary
        return entry

    def settings_json(self) -> dict:
        """This model's tokenizer.json entry without its vocabulary."""
        return {"type": "Unigram", "unk_id": self._unk_id, "byte_fallback": self._byte_fallback}

    def _same_tables(self, other: Model) -> bool:
        assert isinstance(other, Unigram)
        return other._vocab_pieces == self._vocab_pieces and other._vocab_scores == self._vocab_scores

    @classmethod
    def from_json(cls, data: dict, path: str) -> Unigram:
        """Read the model from its tokenizer.json entry."""
        kind = data.get("type", "Unigram")
        if kind != "Unigram":
            raise TokenizerFileError(f'{path}.type: expected "Unigram", got {kind!r:.60}')
        vocab = field(data, "vocab", list, path)
        unk_id = field(data, "unk_id", (int, type(None)), path, None)
        if unk_id is not None and unk_id < 0:
            raise TokenizerFileError(f"{path}.unk_id: expected an index >= 0, got {unk_id}")
        byte_fallback = field(data, "byte_fallback", bool, path, False)
        try:
            model = cls(vocab, unk_id, byte_fallback)
        except ArgumentTypeError:  # the constructor checked the vocabulary: name the entry in the file
            for index, entry in enumerate(vocab):
                if not _is_pair(entry, (list,)):
                    raise TokenizerFileError(f"{path}.vocab[{index}]: expected [piece, score], got {entry!r:.60}") from None
            raise
        except ArgumentValueError as error:
            raise TokenizerFileError(f"{path}: {error}") from error
        # The piece table is built on first use (`_piece_trie`), not here: it is a third of
        # T5's load time, which would otherwise be over 2x the Rust package's (bench/load.py
        # gives load and first encode apart and together).
        return model


def read_vocab_file(path: str | os.PathLike) -> Vocab:
    """The (piece, score) pairs of a sentencepiece `.vocab` file, one `piece<TAB>score` a line.

    Errors name the file and the line: a line without a tab, or whose score is not a number.
    """
    name = os.fspath(path)
    text = read_utf8(name)
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    vocab = []
    for number, line in enumerate(lines, start=1):
        line = line.removesuffix("\r")
        piece, tab, score = line.rpartition("\t")
        if not tab or not piece:
            raise TokenizerFileError(f"{name}, line {number}: expected 'piece<TAB>score', got {line!r:.60}")
        try:
            value = float(score)
        except ValueError:
            raise TokenizerFileError(f"{name}, line {number}: the score {score!r:.30} is not a number") from None
        vocab.append((piece, value))
    return vocab


def _fuse_unknowns(pieces: Sequence[Span], unk_id: int | None) -> list[Span]:
    """Merge each run of consecutive unknown pieces into one: [a, unk, unk, b] -> [a, unk, b]."""
    if unk_id is None:
        return list(pieces)
    fused: list[Span] = []
    run_start = run_end = -1  # the unknown run being read, if run_start >= 0
    for piece in pieces:
        if piece[2] == unk_id:
            if run_start < 0:
                run_start = piece[0]
            run_end = piece[1]
            continue
        if run_start >= 0:
            fused.append((run_start, run_end, unk_id))
            run_start = -1
        fused.append(piece)
    if run_start >= 0:
        fused.append((run_start, run_end, unk_id))
    return fused


def _rust_sample_nbest(lattice: Lattice, n: int, theta: float) -> list[int]:
    """The Rust package's draw among the n best: weights exp(theta * score), the best if they are unusable."""
    paths = lattice.nbest(n)
    if not paths:
        return lattice.viterbi()[0]
    weights = [math.exp(theta * score) for _, score in paths]
    if not any(weights) or any(math.isinf(w) or math.isnan(w) for w in weights):
        return paths[0][0]
    return sample_nbest(paths, theta)
