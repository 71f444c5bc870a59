"""UnigramTrainer: options, seeds, the batched lattice, the digamma update, errors, determinism."""

from __future__ import annotations

import inspect
import json
import math
import os
import subprocess
import sys
from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from subword import Tokenizer
from subword.errors import ArgumentTypeError, ArgumentValueError
from subword.models import WordLevel, Unigram
from subword.models.unigram.lattice import EOS, Lattice, PieceTrie, populate
from subword.trainers import TrainingError, UnigramTrainer
from subword.models.unigram.em import digamma
from subword.models.unigram.trainer_lattice import Batch, best_paths, expected_counts
from subword.models.unigram.seeds import Corpus, make_seeds
from tests.shared_data import REPO_ROOT, corpus_lines, corpus_path


def trained(lines: list[str], **options) -> Unigram:
    trainer = UnigramTrainer(show_progress=False, **options)
    trainer.feed(lines, str.split)
    model = Unigram()
    trainer.train(model)
    return model


# -- options ---------------------------------------------------------------------------------------


def test_defaults_are_the_rust_bindings() -> None:
    # The signature the Rust binding documents (its text_signature).
    expected = dict(
        vocab_size=8000,
        show_progress=True,
        special_tokens=[],
        initial_alphabet=[],
        shrinking_factor=0.75,
        unk_token=None,
        max_piece_length=16,
        n_sub_iterations=2,
    )
    trainer = UnigramTrainer()
    for name, value in expected.items():
        assert getattr(trainer, name) == value, name
    assert list(inspect.signature(UnigramTrainer).parameters)[:8] == list(expected)
    assert trainer.seed_size == 1_000_000


@pytest.mark.parametrize(
    "options, error",
    [
        (dict(vocab_size="8000"), ArgumentTypeError),
        (dict(vocab_size=-1), ArgumentValueError),
        (dict(shrinking_factor=1.0), ArgumentValueError),
        (dict(shrinking_factor=0), ArgumentValueError),
        (dict(shrinking_factor="0.5"), ArgumentTypeError),
        (dict(max_piece_length=0), ArgumentValueError),
        (dict(unk_token=3), ArgumentTypeError),
        (dict(special_tokens="<unk>"), ArgumentTypeError),
        (dict(initial_alphabet=[1]), ArgumentTypeError),
        (dict(n_sub_iterations=1.5), ArgumentTypeError),
    ],
)
def test_bad_options(options, error) -> None:
    with pytest.raises(error):
        UnigramTrainer(**options)


def test_initial_alphabet_keeps_first_chars() -> None:
    assert UnigramTrainer(initial_alphabet=["b", "ax", ""]).initial_alphabet == ["a", "b"]


# -- seeds -----------------------------------------------------------------------------------------


def test_seeds_of_the_rust_unit_test() -> None:
    # tokenizers/src/models/unigram/trainer.rs, test_unigram_chars: chars by count then char,
    # both descending, then the substrings "is " (2 x 3) and "s " (2 x 2).
    seeds = make_seeds(Corpus.from_counts(["This is a", "こんにちは友達"], [1, 1]), 16, 1_000_000)
    assert seeds.pieces == ["s", "i", " ", "達", "友", "ん", "は", "に", "ち", "こ", "h", "a", "T", "is ", "s "]
    assert seeds.scores.tolist() == [2, 2, 2] + [1] * 10 + [6, 4]


def brute_force_seeds(words: list[str], counts: list[int], max_length: int) -> list[tuple[str, int]]:
    """The readable definition: chars by weighted count; substrings seen at least twice (in distinct
    words) followed by two different chars (or word ends), scored occurrences * length; best first."""
    chars: Counter[str] = Counter()
    for word, count in zip(words, counts):
        for char in word:
            if char != "\0":
                chars[char] += count
    followers: dict[str, list[str]] = {}
    text = "\0".join(words) + "\0"
    for start in range(len(text)):
        for length in range(2, max_length + 1):
            piece = text[start : start + length]
            if len(piece) < length or "\0" in piece:
                break
            followers.setdefault(piece, []).append(text[start + length])
    ranked_chars = sorted(((count, char) for char, count in chars.items()), reverse=True)
    substrings = sorted(((len(f) * len(p), p) for p, f in followers.items() if len(set(f)) > 1), reverse=True)
    return [(char, count) for count, char in ranked_chars] + [(piece, score) for score, piece in substrings]


@given(
    st.lists(st.text(alphabet="abcé\0日", min_size=1, max_size=14), min_size=1, max_size=25, unique=True),
    st.integers(min_value=2, max_value=7),
)
def test_seeds_match_the_brute_force_definition(words, max_length) -> None:
    counts = [1 + len(word) % 3 for word in words]
    seeds = make_seeds(Corpus.from_counts(words, counts), max_length, 1_000_000)
    assert list(zip(seeds.pieces, seeds.scores.astype(int).tolist())) == brute_force_seeds(words, counts, max_length)


def test_seed_size_caps_the_substrings() -> None:
    seeds = make_seeds(Corpus.from_counts(["abcabc", "abcab", "bcab"], [1, 1, 1]), 16, 5)
    assert len(seeds.pieces) == 5 and seeds.n_chars == 3


# -- the batched lattice against the model's one-sentence lattice ------------------------------------


def batch_of(words: list[str], vocab: dict[str, float]) -> Batch:
    """Every vocabulary piece found in `words`, as batch rows (words laid out with a gap after each)."""
    first, starts, ends, pieces, scores, sentences = [], [], [], [], [], []
    ids = {piece: id_ for id_, piece in enumerate(vocab)}
    offset = 0
    for index, word in enumerate(words):
        first.append(offset)
        for start in range(len(word)):
            for end in range(start + 1, len(word) + 1):
                if word[start:end] in vocab:
                    starts.append(offset + start)
                    ends.append(offset + end)
                    pieces.append(ids[word[start:end]])
                    scores.append(vocab[word[start:end]])
                    sentences.append(index)
        offset += len(word) + 1
    return Batch(
        np.array(first), np.array([len(w) for w in words]), np.arange(1, len(words) + 1, dtype=float),
        np.array(starts), np.array(ends), np.array(pieces), np.array(scores), np.array(sentences), offset + 1,
    )


vocabularies = st.dictionaries(
    st.text(alphabet="abc", min_size=2, max_size=3), st.floats(min_value=-8, max_value=-0.1), max_size=8
).map(lambda extra: {"a": -2.0, "b": -2.5, "c": -3.0, **extra})


@given(st.lists(st.text(alphabet="abc", min_size=1, max_size=7), min_size=1, max_size=4), vocabularies)
def test_batched_lattice_matches_the_model_lattice(words, vocab) -> None:
    batch = batch_of(words, vocab)
    trie = PieceTrie((piece, id_, score) for id_, (piece, score) in enumerate(vocab.items()))
    nodes, best_scores = best_paths(batch)
    expected = np.zeros(len(vocab))
    for index, word in enumerate(words):
        lattice = Lattice(len(word))
        populate(lattice, word, trie, None, 0.0)
        path, score = lattice.viterbi()
        assert best_scores[index] == pytest.approx(score)
        log_z = lattice.forward()[EOS]
        # Every path, weighted by its probability: the marginals, the slow and obvious way.
        for path, path_score in lattice.nbest(10_000):
            for node in path:
                expected[lattice.ids[node]] += (index + 1) * math.exp(path_score - log_z)
    assert np.allclose(expected_counts(batch, len(vocab)), expected)
    # The nodes given back tile each word and add up to its best score.
    for index, word in enumerate(words):
        mine = sorted(nodes[batch.sentences[nodes] == index].tolist(), key=lambda node: batch.starts[node])
        spans = [(int(batch.starts[n]), int(batch.ends[n])) for n in mine]
        start = int(batch.first[index])
        assert [s for s, _ in spans] == [start] + [e for _, e in spans[:-1]] and spans[-1][1] == start + len(word)
        assert math.fsum(batch.scores[mine]) == pytest.approx(best_scores[index])


# -- the M step's digamma ------------------------------------------------------------------------------


def test_digamma_known_values() -> None:
    euler = 0.5772156649015329
    values = digamma(np.array([1.0, 0.5, 2.0, 100.0]))
    assert values[0] == pytest.approx(-euler, abs=1e-9)
    assert values[1] == pytest.approx(-euler - 2 * math.log(2), abs=1e-9)
    assert values[2] == pytest.approx(1 - euler, abs=1e-9)
    assert values[3] == pytest.approx(math.log(100) - 1 / 200 - 1 / 120000, abs=1e-9)


@given(st.floats(min_value=0.5, max_value=1e6))
def test_digamma_recurrence(x) -> None:
    assert digamma(np.array([x + 1]))[0] == pytest.approx(digamma(np.array([x]))[0] + 1 / x, rel=1e-9, abs=1e-9)


# -- training ------------------------------------------------------------------------------------------


LINES = ["the cat sat on the mat", "the dog sat on the log", "a cat and a dog", "cats and dogs and logs"] * 3


def test_vocabulary_layout() -> None:
    model = trained(LINES, vocab_size=40, unk_token="<unk>", special_tokens=["<pad>"])
    vocab = model.get_scores()
    assert vocab[:2] == [("<unk>", 0.0), ("<pad>", 0.0)] and model.unk_id == 0
    assert len(vocab) <= 40  # EM drops the pieces nobody uses: a tiny corpus gives fewer
    scores = [score for _, score in vocab[2:]]
    assert scores == sorted(scores, reverse=True)
    assert set("".join(LINES).replace(" ", "")) <= {piece for piece, _ in vocab}  # every char of the corpus


def test_unk_among_special_tokens_and_no_unk() -> None:
    model = trained(LINES, vocab_size=40, unk_token="[UNK]", special_tokens=["[PAD]", "[UNK]"])
    assert model.unk_id == 1 and model.get_scores()[:2] == [("[PAD]", 0.0), ("[UNK]", 0.0)]
    assert trained(LINES, vocab_size=40).unk_id is None


def test_initial_alphabet_and_max_piece_length() -> None:
    model = trained(LINES, vocab_size=40, initial_alphabet=["Z"], max_piece_length=2)
    pieces = [piece for piece, _ in model.get_scores()]
    assert "Z" in pieces
    assert max(map(len, pieces)) <= 2


def test_training_is_deterministic() -> None:
    lines = corpus_lines(corpus_path("tiny_shakespeare.txt"), 800)
    assert trained(lines, vocab_size=500).get_scores() == trained(lines, vocab_size=500).get_scores()


def test_training_does_not_depend_on_hash_order(tmp_path) -> None:
    script = (
        "import json, sys\n"
        "from subword.models import Unigram\n"
        "from subword.trainers import UnigramTrainer\n"
        "trainer = UnigramTrainer(vocab_size=60, show_progress=False, initial_alphabet=list('xyzw'))\n"
        "trainer.feed(sys.argv[1:], str.split)\n"
        "model = Unigram()\n"
        "trainer.train(model)\n"
        "print(json.dumps(model.get_scores()))\n"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", script, *LINES, "éèê ça ÿ"], env=env, cwd=REPO_ROOT,
            capture_output=True, text=True, check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


@given(
    st.lists(st.text(alphabet="abcé日 \0", min_size=1, max_size=20), min_size=1, max_size=30),
    st.integers(min_value=10, max_value=40),
)
def test_tiny_corpora_give_valid_vocabularies(lines, vocab_size) -> None:
    """Many exact ties and prunings: still the same result twice, every char kept, scores sorted."""
    chars = set("".join(lines).replace(" ", ""))
    if len(chars) > vocab_size or not chars - {"\0"}:
        return  # errors, tested below
    first, second = trained(lines, vocab_size=vocab_size), trained(lines, vocab_size=vocab_size)
    assert first.get_scores() == second.get_scores()
    pieces = [piece for piece, _ in first.get_scores()]
    assert len(pieces) <= vocab_size and len(set(pieces)) == len(pieces) and chars <= set(pieces)
    scores = [score for _, score in first.get_scores()]
    assert scores == sorted(scores, reverse=True)


def test_empty_corpus_is_an_error() -> None:
    trainer = UnigramTrainer(show_progress=False)
    trainer.feed([], str.split)
    with pytest.raises(TrainingError, match="empty"):
        trainer.train(Unigram())
    trainer.feed(["   ", ""], str.split)
    with pytest.raises(TrainingError):
        trainer.train(Unigram())
    trainer.feed(["\0 \0\0"], str.split)
    with pytest.raises(TrainingError, match="no char but"):
        trainer.train(Unigram())


def test_too_small_vocab_is_an_error() -> None:
    trainer = UnigramTrainer(vocab_size=5, show_progress=False, special_tokens=["<unk>"])
    trainer.feed(["abcde fgh"], str.split)
    with pytest.raises(TrainingError, match="vocab_size=5 is too small.*8 distinct chars.*at least 9"):
        trainer.train(Unigram())


def test_wrong_model_is_an_error() -> None:
    trainer = UnigramTrainer(show_progress=False)
    trainer.feed(["abc"], str.split)
    with pytest.raises(ArgumentTypeError, match="UnigramTrainer can only train a Unigram"):
        trainer.train(WordLevel())


def test_tokenizer_train_and_progress_bars(capfd) -> None:
    tokenizer = Tokenizer(Unigram())
    tokenizer.train_from_iterator(LINES, UnigramTrainer(vocab_size=30, unk_token="<unk>", special_tokens=["<unk>"]))
    assert tokenizer.get_vocab_size() <= 30 and tokenizer.id_to_token(0) == "<unk>"
    assert [token.value for token in tokenizer.model.tokenize("cat")] in (["cat"], ["c", "at"], ["ca", "t"])
    assert json.loads(tokenizer.to_str())["added_tokens"][0]["content"] == "<unk>"
    error = capfd.readouterr().err
    assert "Suffix array seeds" in error and "EM training" in error


def test_repr_lists_the_settings() -> None:
    text = repr(UnigramTrainer(vocab_size=10))
    # the Rust package's format: the trainer enum's variant around the trainer's fields
    assert text.startswith("UnigramTrainer(UnigramTrainer(show_progress=True, vocab_size=10, n_sub_iterations=2, ")
    assert "shrinking_factor=0.75" in text and text.endswith("words={}))")
