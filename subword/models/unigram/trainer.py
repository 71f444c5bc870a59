"""UnigramTrainer: learn a Unigram model's pieces and scores from a corpus, as the Rust trainer does.

The steps (sentencepiece's algorithm, in the Rust package's variant):
1. seeds: every char, then the frequent substrings of the distinct words (`_unigram_seeds`);
2. EM: `n_sub_iterations` rounds of E step (expected piece counts by forward-backward over every
   word's lattice) and M step (digamma update, rare pieces dropped), then pruning to
   `shrinking_factor` of the size, until at most 1.1 * vocab_size pieces are left (`_unigram_em`);
3. finalize: every char of the corpus is kept, the best pieces fill the vocabulary, sorted by
   score, after the special tokens (and the unknown token).

Unlike the Rust package, the result does not depend on hash order: words are sorted, and so are
the chars added at the end.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...core.added_vocabulary import AddedToken
from ...errors import ArgumentTypeError, ArgumentValueError, type_name
from ..base import Model, register_trainer
from .model import Unigram
from .em import Occurrences, Vocabulary, e_step, m_step, prune
from .seeds import Corpus, make_seeds
from ..trainer import Trainer, TrainingError, check_count, check_optional_str, option, progress_bar, rebuild
from ..bpe.trainer import check_alphabet

_UNK_PIECE = "<UNK>"  # the unknown piece during training; never in the final vocabulary
_REQUIRED_CHAR_PENALTY = 0.0001  # each added char scores this much above the previous one


def _check_shrinking_factor(value: Any, name: str) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ArgumentTypeError(f"{name} must be a float, got {type_name(value)}")
    if not 0.0 < value < 1.0:
        raise ArgumentValueError(f"{name} must be between 0 and 1 (exclusive), e.g. 0.75; got {value}")
    return float(value)


def _check_positive(value: Any, name: str) -> int:
    if check_count(value, name) == 0:
        raise ArgumentValueError(f"{name} must be at least 1, got 0")
    return value


class UnigramTrainer(Trainer):
    """Trains a Unigram model (sentencepiece's EM algorithm, as the Rust `UnigramTrainer` runs it).

    Args:
        vocab_size: the size of the final vocabulary, special tokens included.
        show_progress: draw progress bars while training.
        special_tokens: tokens put first in the vocabulary (and added to the tokenizer as special).
        initial_alphabet: characters to keep even if the corpus lacks them (the first character
            of each string is used).
        shrinking_factor: the share of pieces each pruning round keeps, in (0, 1).
        unk_token: the unknown token; the special token of that name if there is one, else it
            is put first.
        max_piece_length: the longest piece, in chars.
        n_sub_iterations: EM rounds between two prunings.
        seed_size: how many seed pieces (chars included) EM starts from.

    >>> trainer = UnigramTrainer(vocab_size=12, unk_token="<unk>", show_progress=False)
    >>> trainer.feed(["low lower lowest low lower"], str.split)
    >>> model = Unigram()
    >>> trainer.train(model)
    []
    >>> [token.value for token in model.tokenize("lowest")]
    ['lowe', 's', 't']
    """

    model_class = Unigram

    vocab_size = option("vocab_size", check_count, "The size of the final vocabulary, special tokens included.")
    initial_alphabet = option("initial_alphabet", check_alphabet, "Characters kept even if the corpus lacks them.")
    shrinking_factor = option("shrinking_factor", _check_shrinking_factor, "The share of pieces a pruning keeps.")
    unk_token = option("unk_token", check_optional_str, "The unknown token, or None.")
    max_piece_length = option("max_piece_length", _check_positive, "The longest piece, in chars.")
    n_sub_iterations = option("n_sub_iterations", check_count, "EM rounds between two prunings.")
    seed_size = option("seed_size", _check_positive, "How many seed pieces EM starts from.")

    def __init__(
        self,
        vocab_size: int = 8000,
        show_progress: bool = True,
        special_tokens: list[str | AddedToken] | None = None,
        initial_alphabet: list[str] | None = None,
        shrinking_factor: float = 0.75,
        unk_token: str | None = None,
        max_piece_length: int = 16,
        n_sub_iterations: int = 2,
        *,
        seed_size: int = 1_000_000,
    ) -> None:
        super().__init__(show_progress=show_progress, special_tokens=special_tokens)
        self.vocab_size = vocab_size
        self.initial_alphabet = [] if initial_alphabet is None else initial_alphabet
        self.shrinking_factor = shrinking_factor
        self.unk_token = unk_token
        self.max_piece_length = max_piece_length
        self.n_sub_iterations = n_sub_iterations
        self.seed_size = seed_size

    def train(self, model: Model) -> list[AddedToken]:
        """Learn `model`'s pieces and scores from the fed words; return the special tokens."""
        self.check_model(model)
        self.check_words()
        words = sorted(word for word in self.words if word)
        if not words:
            raise TrainingError("nothing to train on: every word is empty")
        required = sorted({char for word in words for char in word} | set(self.initial_alphabet))
        self._check_room(len(required))
        corpus = Corpus.from_counts(words, [self.words[word] for word in words])
        with progress_bar(self.show_progress, 1, "Suffix array seeds") as bar:
            seeds = make_seeds(corpus, self.max_piece_length, self.seed_size)
            if seeds.n_chars == 0:  # Rust gives a model scoring "\0" null (infinite) here
                raise TrainingError('nothing to train on: the words hold no char but "\\0"')
            occurrences = Occurrences(corpus, seeds)
            bar.update(1)
        vocabulary = _initial_vocabulary(seeds.pieces, seeds.scores)
        vocabulary = self._run_em(occurrences, vocabulary, float(sum(self.words.values())))
        vocab, unk_id = self._finalize(vocabulary, required)
        rebuild(model, vocab, unk_id, False)
        return list(self.special_tokens)

    def _check_room(self, n_required: int) -> None:
        """Raise a TrainingError when the chars and special tokens alone overflow vocab_size."""
        n_special = len(self.special_tokens) + (1 if self._adds_unk() else 0)
        if n_required + n_special > self.vocab_size:
            raise TrainingError(
                f"vocab_size={self.vocab_size} is too small: the corpus and initial_alphabet have {n_required} "
                f"distinct chars and there are {n_special} special tokens; raise vocab_size to at least "
                f"{n_required + n_special}"
            )

    def _adds_unk(self) -> bool:
        """Whether the unknown token is not a special token, so finalize puts it first."""
        return self.unk_token is not None and all(t.content != self.unk_token for t in self.special_tokens)

    def _run_em(self, occurrences: Occurrences, vocabulary: Vocabulary, n_sentences: float) -> Vocabulary:
        """EM rounds and prunings until at most 1.1 * vocab_size pieces are left."""
        desired = self.vocab_size * 11 // 10
        expected_loops = int((math.log(desired) - math.log(len(vocabulary))) / math.log(self.shrinking_factor)) + 1
        total = max(expected_loops, 1) * self.n_sub_iterations
        with progress_bar(self.show_progress, total, "EM training") as bar:
            while True:
                for _ in range(self.n_sub_iterations):
                    vocabulary = m_step(vocabulary, e_step(occurrences, vocabulary))
                    bar.update(1)
                if len(vocabulary) <= desired:
                    bar.update(max(total - bar.n, 0))  # fewer rounds than foreseen: show it done
                    return vocabulary
                vocabulary = prune(occurrences, vocabulary, self.vocab_size, self.shrinking_factor, n_sentences)

    def _finalize(self, vocabulary: Vocabulary, required: list[str]) -> tuple[list[tuple[str, float]], int | None]:
        """The final (piece, score) list and unk id: required chars, the best pieces, sorted by score."""
        order = vocabulary.order[1:]
        score_of = {vocabulary.pieces[id_]: float(vocabulary.scores[id_]) for id_ in order.tolist()}
        min_score = min(score_of.values(), default=math.inf)
        pieces: list[tuple[str, float]] = []
        penalty = 0.0
        for char in required:
            if char in score_of:
                pieces.append((char, score_of[char]))
            else:
                pieces.append((char, min_score + penalty))
                penalty += _REQUIRED_CHAR_PENALTY
        adds_unk = self._adds_unk()
        room = self.vocab_size - len(self.special_tokens) - (1 if adds_unk else 0)
        inserted = set(required) | {_UNK_PIECE}
        for id_ in order.tolist():
            if len(pieces) >= room:
                break
            piece = vocabulary.pieces[id_]
            if piece not in inserted:
                inserted.add(piece)
                pieces.append((piece, float(vocabulary.scores[id_])))
        pieces.sort(key=lambda entry: -entry[1])  # stable: ties keep their order
        specials = [(token.content, 0.0) for token in self.special_tokens]
        unk_id = None
        if adds_unk:
            specials.insert(0, (self.unk_token, 0.0))
            unk_id = 0
        elif self.unk_token is not None:
            unk_id = next(i for i, token in enumerate(self.special_tokens) if token.content == self.unk_token)
        return specials + pieces, unk_id

    def _state(self) -> dict[str, Any]:
        return {
            "show_progress": self.show_progress,
            "vocab_size": self.vocab_size,
            "n_sub_iterations": self.n_sub_iterations,
            "shrinking_factor": self.shrinking_factor,
            "special_tokens": self._special_tokens_state(),
            "initial_alphabet": list(self.initial_alphabet),
            "unk_token": self.unk_token,
            "max_piece_length": self.max_piece_length,
            "seed_size": self.seed_size,
            "words": self._words_state(),
        }


def _initial_vocabulary(seed_pieces: list[str], seed_scores: np.ndarray) -> Vocabulary:
    """`<UNK>` then the seeds, scored log(score / total)."""
    scores = np.concatenate(([np.nan], np.log(seed_scores) - math.log(seed_scores.sum())))
    return Vocabulary([_UNK_PIECE] + seed_pieces, scores, np.arange(len(scores)))


register_trainer("Unigram", UnigramTrainer)
