"""The learned pieces of each sentencepiece model type, as (piece, score) in vocabulary order.

char and word follow sentencepiece's trainers exactly: pieces by count (then code point / byte
order), scored log(count) - log(total) in float precision. unigram runs subword's own
`UnigramTrainer` (sentencepiece's EM, via the Rust port) and bpe subword's `learn_bpe`, on the
words split where sentencepiece forbids a piece to cross; their results are close to
sentencepiece's, not equal (see tests/parity/test_sentencepiece_trainer_parity.py).
"""

from __future__ import annotations

import math
from collections import Counter

from ..errors import TrainerCheckError
from ..models.bpe.learn import BpeSettings, learn_bpe
from ..models.unigram.model import Unigram
from ._trainer_input import UNK_CHAR, Sentences, float32, piece_runs, word_counts

Scored = list[tuple[str, float]]


def _log_score(count: int, log_total: float) -> float:
    """log(count) - log(total), each step rounded to float32 as sentencepiece's float math is."""
    return float32(float32(math.log(float32(count))) - log_total)


def _by_count(counts: dict[str, int]) -> list[tuple[str, int]]:
    """Most frequent first, ties in UTF-8 byte order (code point order)."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def char_pieces(sentences: Sentences, room: int, flags: dict) -> Scored:
    """Every kept char, scored by its log frequency (sentencepiece's char trainer)."""
    log_total = float32(math.log(float32(sum(sentences.chars.values()))))
    ordered = _by_count(sentences.chars)
    if not flags["use_all_vocab"]:
        ordered = ordered[:room]
    return [(char, _log_score(count, log_total)) for char, count in ordered]


def word_pieces(sentences: Sentences, room: int, flags: dict) -> Scored:
    """Every whitespace-delimited word (with its "▁"), scored by its log frequency."""
    counts = word_counts(sentences.counts, flags["treat_whitespace_as_suffix"])
    log_total = float32(math.log(float32(sum(counts.values()))))
    pieces: Scored = []
    for word, count in _by_count(counts):
        if UNK_CHAR in word:
            continue
        if not flags["use_all_vocab"] and len(pieces) == room:
            break
        pieces.append((word, _log_score(count, log_total)))
    return pieces


def _run_counts(sentences: Sentences, flags: dict, reserved: tuple[str, ...]) -> Counter[str]:
    """The counts of the stretches a piece may span (`piece_runs` of every word)."""
    counts: Counter[str] = Counter()
    for word, count in word_counts(sentences.counts, flags["treat_whitespace_as_suffix"]).items():
        for run in piece_runs(word, flags, reserved):
            counts[run] += count
    return counts


def _check_room(sentences: Sentences, room: int) -> None:
    """sentencepiece's check: the kept chars and meta pieces fit in vocab_size."""
    if len(sentences.chars) >= room:
        raise TrainerCheckError(
            f"vocab_size is too small: the corpus keeps {len(sentences.chars)} chars (character_coverage) and "
            f"only {room} ids are left after the meta pieces; raise vocab_size or lower character_coverage"
        )


def unigram_pieces(sentences: Sentences, room: int, flags: dict, reserved: tuple[str, ...]) -> Scored:
    """Unigram pieces and scores from subword's UnigramTrainer, best score first.

    subtle: the trainer runs on whole words (cut only at "▅", the reserved symbols and, with
    split_digits, around digits): fed the script runs as words, its suffix-array seeds would
    miss every run that is only ever a whole word ("▁and" without "▁and,"). It learns a tenth
    more pieces than needed (half as many again, then twice as many, when too few are left);
    those sentencepiece would not allow (crossing a script or number boundary, or a user-defined
    symbol, which has its own id) are then dropped and the best `room` kept.
    """
    # numpy is needed only to train a Unigram model: keep it out of `import subword`
    from ..models.unigram.trainer import UnigramTrainer

    _check_room(sentences, room)
    whole_words = dict(flags, split_by_unicode_script=False, split_by_number=False)
    counts = _run_counts(sentences, whole_words, reserved)
    best: list[tuple[str, float]] = []
    # a tenth more than needed; more when the dropped pieces leave fewer than `room`
    for asked in (room + room // 10, room * 3 // 2, room * 2):
        trainer = UnigramTrainer(
            vocab_size=asked,
            show_progress=False,
            initial_alphabet=list(sentences.chars),
            shrinking_factor=flags["shrinking_factor"],
            max_piece_length=flags["max_sentencepiece_length"],
            n_sub_iterations=flags["num_sub_iterations"],
            seed_size=flags["seed_sentencepiece_size"],
        )
        trainer.feed_counts(counts)
        model = Unigram()
        trainer.train(model)
        scored = model.get_scores()
        allowed = [
            (piece, score)
            for piece, score in scored
            if piece not in reserved and (len(piece) == 1 or piece_runs(piece, flags) == [piece])
        ]
        best = sorted(allowed, key=lambda entry: -entry[1])
        if len(best) >= room or len(scored) < asked:  # enough, or the corpus has no more to give
            break
    chars = {piece for piece, _ in best if len(piece) == 1}
    kept = set(chars)
    for piece, _ in best:
        if len(kept) >= room:
            break
        kept.add(piece)
    return [(piece, float32(score)) for piece, score in best if piece in kept]


def bpe_pieces(sentences: Sentences, room: int, flags: dict, reserved: tuple[str, ...]) -> Scored:
    """BPE pieces: the merged pieces in merge order, then the chars by count; scored minus their rank."""
    _check_room(sentences, room)
    counts = _run_counts(sentences, flags, reserved)
    chars = [char for char, _ in _by_count(sentences.chars)]
    settings = BpeSettings(
        vocab_size=room,
        initial_alphabet=tuple(chars),
        max_token_length=flags["max_sentencepiece_length"],
    )
    _, merges = learn_bpe(counts, settings)
    merged: list[str] = []
    seen = set(chars)
    for left, right in merges:
        if left + right not in seen:
            seen.add(left + right)
            merged.append(left + right)
    ordered = merged[: room - len(chars)] + chars
    return [(piece, -float(rank)) for rank, piece in enumerate(ordered)]
