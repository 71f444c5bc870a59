"""The trainers and the training entry points: hand-worked results, determinism, options and errors.

Comparisons with the Rust trainers on real corpora are in tests/parity/test_trainers_parity.py.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import defaultdict

import pytest

import subword.trainers
from subword import AddedToken, Tokenizer
from subword.errors import ArgumentTypeError, ArgumentValueError, SubwordError
from subword.models import BPE, WordLevel, WordPiece
from subword.pre_tokenizers import WhitespaceSplit
from subword.tokenizer.training import (
    default_trainer,
    flatten_sequences,
    iterate_files,
    train_tokenizer,
    train_tokenizer_from_files,
)
from subword.cli.train import add_train_parser
from subword.trainers import BpeTrainer, Trainer, TrainingError, WordLevelTrainer, WordPieceTrainer
from subword.models.bpe.learn import BpeSettings, alphabet, learn_bpe, merge_in_word
from tests.shared_data import REPO_ROOT


def bpe_result(words: dict[str, int], **settings) -> tuple[list[str], list[tuple[str, str]]]:
    return learn_bpe(words, BpeSettings(**settings))


def whitespace_tokenizer(model) -> Tokenizer:
    tokenizer = Tokenizer(model)
    tokenizer.pre_tokenizer = WhitespaceSplit()
    return tokenizer


# -- learning merges, worked by hand ---------------------------------------------------------------


def test_merges_follow_counts_then_smallest_pair_ids() -> None:
    # ids: a=0 b=1 c=2. Counts: ab=3, bc=2, ca=1 -> "ab" first; after merging it in "abc" x2
    # and "ab" x1: (ab, c)=2, (b, c)=0, (c, a)=1 -> "abc".
    tokens, merges = bpe_result({"abc": 2, "ab": 1, "ca": 1}, vocab_size=5)
    assert tokens == ["a", "b", "c", "ab", "abc"]
    assert merges == [("a", "b"), ("ab", "c")]


def test_equal_counts_merge_the_pair_with_smaller_ids_first() -> None:
    # "xy" and "ba" both occur twice; ids: a=0 b=1 x=2 y=3, so (b, a) = (1, 0) comes before (2, 3).
    tokens, merges = bpe_result({"xy": 2, "ba": 2}, vocab_size=5)
    assert merges == [("b", "a")]
    assert tokens[-1] == "ba"


def test_repeated_symbol_merges_left_to_right_without_overlap() -> None:
    # "aaaaa": (a, a) is merged left to right: aa aa a. Then (aa, a) and (aa, aa) occur once
    # each, and (aa, a) = (1, 0) has the smaller ids.
    tokens, merges = bpe_result({"aaaaa": 1}, vocab_size=3)
    assert merges == [("a", "a"), ("aa", "a")]
    assert tokens == ["a", "aa", "aaa"]


def test_merge_in_word_updates_the_pair_counts() -> None:
    symbols = [1, 2, 1, 2]
    pair = lambda a, b: a << 32 | b  # noqa: E731
    pair_counts = defaultdict(int, {pair(1, 2): 10, pair(2, 1): 5})
    made = merge_in_word(symbols, None, (1, 2, 3), sys.maxsize, 5, pair_counts)
    assert symbols == [3, 3]
    assert made == [pair(3, 1), pair(3, 3)]
    # (1, 2) itself is left alone, as in Rust; (3, 1) was made and destroyed again.
    assert pair_counts == {pair(1, 2): 10, pair(2, 1): 0, pair(3, 1): 0, pair(3, 3): 5}


def test_min_frequency_stops_the_merges() -> None:
    tokens, merges = bpe_result({"ab": 3, "cd": 2}, vocab_size=100, min_frequency=3)
    assert merges == [("a", "b")]


def test_max_token_length_keeps_new_tokens_below_the_cap() -> None:
    # As in Rust: a pair made by a merge counts only if its length is below the cap, while the
    # pairs of single characters always count.
    assert bpe_result({"abc": 1}, vocab_size=100, max_token_length=1)[0] == ["a", "b", "c", "ab"]
    assert bpe_result({"abc": 1}, vocab_size=100, max_token_length=3)[0] == ["a", "b", "c", "ab"]
    assert bpe_result({"abc": 1}, vocab_size=100, max_token_length=4)[0] == ["a", "b", "c", "ab", "abc"]
    assert bpe_result({"abc": 1}, vocab_size=100)[0] == ["a", "b", "c", "ab", "abc"]


def test_prefix_and_suffix_mark_the_symbols() -> None:
    tokens, merges = bpe_result({"ab": 2}, vocab_size=100, continuing_subword_prefix="##", end_of_word_suffix="</w>")
    assert tokens == ["a", "b", "##b</w>", "ab</w>"]
    assert merges == [("a", "##b</w>")]


def test_special_tokens_come_first_and_once() -> None:
    tokens, _ = bpe_result({"ab": 1}, vocab_size=3, special_tokens=("<s>", "<s>", "a"))
    assert tokens == ["<s>", "a", "b"]


def test_alphabet_limit_drops_the_rarest_characters_ties_in_code_point_order() -> None:
    assert alphabet({"aab": 1, "c": 1, "d": 1}, (), 2) == ["a", "d"]
    assert alphabet({"ab": 5}, ("z",), 2) == ["b", "z"]  # the initial alphabet outranks seen characters
    assert alphabet({"ba": 1}, ("é", "c"), None) == ["a", "b", "c", "é"]


def test_char_level_training_does_not_depend_on_feeding_order() -> None:
    lines = ["the cat sat on the mat", "a dog, a cat; the end", "über straße 東京 東京都"] * 3

    def train(sequences: list[str]) -> dict:
        trainer = BpeTrainer(vocab_size=60, end_of_word_suffix="</w>", continuing_subword_prefix="##",
                             limit_alphabet=20, show_progress=False)
        tokenizer = whitespace_tokenizer(BPE())
        train_tokenizer(tokenizer, sequences, trainer)
        return tokenizer.model.to_json()

    assert train(lines) == train(lines[::-1])


# -- the trainer classes ---------------------------------------------------------------------------


def test_bpe_trainer_keeps_the_model_options() -> None:
    model = BPE(unk_token="<unk>", fuse_unk=True, byte_fallback=True)
    trainer = BpeTrainer(vocab_size=10, special_tokens=["<unk>"], show_progress=False)
    trainer.feed(["hello world"], str.split)
    assert [token.content for token in trainer.train(model)] == ["<unk>"]
    assert (model.unk_token, model.fuse_unk, model.byte_fallback) == ("<unk>", True, True)
    assert model.token_to_id("<unk>") == 0


def test_wordpiece_trainer_gives_a_wordpiece_vocabulary() -> None:
    model = WordPiece(unk_token="<unk>", max_input_chars_per_word=5)
    trainer = WordPieceTrainer(vocab_size=30, special_tokens=["<unk>"], show_progress=False)
    trainer.feed(["playing played player plays"], str.split)
    trainer.train(model)
    assert model.unk_token == "<unk>" and model.max_input_chars_per_word == 5
    assert "##y" in model.get_vocab() and "play" in model.get_vocab()
    assert [token.value for token in model.tokenize("plays")] == ["plays"]
    assert [token.value for token in model.tokenize("playsplay")] == ["<unk>"]  # over 5 characters


def test_word_level_ranks_by_count_then_word_and_honours_min_frequency() -> None:
    trainer = WordLevelTrainer(vocab_size=10, min_frequency=2, special_tokens=["[UNK]"], show_progress=False)
    trainer.feed(["b a c b a d b e e"], str.split)
    model = WordLevel(unk_token="[UNK]")
    trainer.train(model)
    assert model.get_vocab() == {"[UNK]": 0, "b": 1, "a": 2, "e": 3}


def test_word_level_special_token_seen_as_word_takes_the_later_id() -> None:
    # Rust builds the map from [specials..., words...]: the repeated entry keeps its last index.
    trainer = WordLevelTrainer(vocab_size=10, special_tokens=["[UNK]", "x"], show_progress=False)
    trainer.feed(["x x y"], str.split)
    model = WordLevel()
    trainer.train(model)
    assert model.get_vocab() == {"[UNK]": 0, "x": 2, "y": 3}


def test_options_are_checked_properties() -> None:
    trainer = BpeTrainer(initial_alphabet=["b", "ab", ""], special_tokens=["<s>", AddedToken("<m>", lstrip=True)])
    assert trainer.initial_alphabet == ["a", "b"]
    assert [token.special for token in trainer.special_tokens] == [True, True]
    assert trainer.special_tokens[1].lstrip
    trainer.vocab_size = 123
    assert trainer.vocab_size == 123
    with pytest.raises(ArgumentTypeError, match="vocab_size must be an int"):
        trainer.vocab_size = "123"
    assert WordPieceTrainer().continuing_subword_prefix == "##"
    assert (WordLevelTrainer().vocab_size, BpeTrainer().min_frequency, BpeTrainer().show_progress) == (30000, 0, True)


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: BpeTrainer(vocab_size="10"), ArgumentTypeError, "vocab_size must be an int"),
        (lambda: BpeTrainer(vocab_size=-1), ArgumentValueError, "vocab_size must be >= 0"),
        (lambda: BpeTrainer(min_frequency=True), ArgumentTypeError, "min_frequency"),
        (lambda: BpeTrainer(show_progress=1), ArgumentTypeError, "show_progress must be a bool"),
        (lambda: BpeTrainer(special_tokens=["a", 1]), ArgumentTypeError, r"special_tokens\[1\]"),
        (lambda: BpeTrainer(special_tokens="[UNK]"), ArgumentTypeError, "special_tokens must be a list"),
        (lambda: BpeTrainer(initial_alphabet="abc"), ArgumentTypeError, "initial_alphabet must be a list"),
        (lambda: BpeTrainer(limit_alphabet=2.5), ArgumentTypeError, "limit_alphabet"),
        (lambda: BpeTrainer(end_of_word_suffix=1), ArgumentTypeError, "end_of_word_suffix"),
        (lambda: WordPieceTrainer(continuing_subword_prefix=None), ArgumentTypeError, "continuing_subword_prefix"),
        (lambda: WordLevelTrainer(vocab_size=None), ArgumentTypeError, "vocab_size"),
    ],
)
def test_bad_options_are_rejected(make, error, message) -> None:
    with pytest.raises(error, match=message):
        make()


def test_empty_corpus_is_an_error() -> None:
    for trainer in (BpeTrainer(show_progress=False), WordPieceTrainer(show_progress=False),
                    WordLevelTrainer(show_progress=False)):
        tokenizer = whitespace_tokenizer(trainer.model_class())
        with pytest.raises(TrainingError, match="nothing to train on"):
            train_tokenizer(tokenizer, ["", "   \n"], trainer)


def test_vocab_size_below_alphabet_and_special_tokens_is_an_error() -> None:
    trainer = BpeTrainer(vocab_size=4, special_tokens=["<s>", "</s>"], show_progress=False)
    with pytest.raises(TrainingError, match="vocab_size=4 is too small.* 5 tokens"):
        train_tokenizer(whitespace_tokenizer(BPE()), ["abc"], trainer)
    trainer = WordLevelTrainer(vocab_size=1, special_tokens=["<s>", "</s>"], show_progress=False)
    with pytest.raises(TrainingError, match="special tokens"):
        train_tokenizer(whitespace_tokenizer(WordLevel()), ["abc"], trainer)


def test_a_trainer_refuses_another_model() -> None:
    with pytest.raises(ArgumentTypeError, match=r"BpeTrainer can only train a BPE \(Rust.s words\), got WordPiece"):
        train_tokenizer(whitespace_tokenizer(WordPiece()), ["abc"], BpeTrainer(show_progress=False))


def test_all_names_are_exported() -> None:
    exported = set(subword.trainers.__all__)
    assert all(isinstance(getattr(subword.trainers, name), type) for name in exported)
    assert {name for name, value in vars(subword.trainers).items() if isinstance(value, type)} <= exported


# -- the training entry points ---------------------------------------------------------------------


def test_train_tokenizer_adds_special_tokens_and_counts_added_tokens_as_words() -> None:
    tokenizer = whitespace_tokenizer(WordLevel(unk_token="[UNK]"))
    tokenizer.add_special_tokens(["<sep>"])
    trainer = WordLevelTrainer(special_tokens=["[UNK]"], show_progress=False)
    train_tokenizer(tokenizer, ["x<sep>y", ["y y", "<sep>"]], trainer)
    assert trainer.words == {"x": 1, "y": 3, "<sep>": 2}
    assert tokenizer.model.get_vocab() == {"[UNK]": 0, "y": 1, "<sep>": 2, "x": 3}
    assert tokenizer.get_added_tokens_decoder()[0].content == "[UNK]"


def test_default_trainer_follows_the_model() -> None:
    assert type(default_trainer(BPE())) is BpeTrainer
    assert type(default_trainer(WordPiece())) is WordPieceTrainer
    assert type(default_trainer(WordLevel())) is WordLevelTrainer
    with pytest.raises(TrainingError, match="nothing to train on"):  # trainer=None: the model's default one
        train_tokenizer(whitespace_tokenizer(WordLevel()), [])


def test_default_trainer_of_unigram() -> None:
    from subword.models import Unigram

    assert type(default_trainer(Unigram())) is subword.trainers.UnigramTrainer


def test_flatten_sequences_takes_str_and_batches_and_rejects_bytes() -> None:
    assert list(flatten_sequences(iter(["a", ("b", "c"), []]))) == ["a", "b", "c"]
    with pytest.raises(ArgumentTypeError, match="item 1 is bytes.*decode"):
        list(flatten_sequences(["a", b"b"]))
    with pytest.raises(ArgumentTypeError, match=r"item 0\[1\] must be a str"):
        list(flatten_sequences([["a", b"b"]]))
    with pytest.raises(ArgumentTypeError, match="item 0 must be a str or a batch"):
        list(flatten_sequences([3]))
    with pytest.raises(ArgumentTypeError, match="iterable of str"):
        list(flatten_sequences("one string"))


def test_iterate_files_keeps_line_endings_and_splits_on_newline_only(tmp_path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(b"a\r\nb\rc\nd")
    second.write_bytes("é\n\n".encode())
    assert list(iterate_files([first, str(second)])) == ["a\r\n", "b\rc\n", "d", "é\n", "\n"]


def test_training_files_errors(tmp_path) -> None:
    tokenizer = whitespace_tokenizer(WordLevel())
    trainer = WordLevelTrainer(show_progress=False)
    with pytest.raises(ArgumentValueError, match="'.*missing.txt' does not exist"):
        train_tokenizer_from_files(tokenizer, [tmp_path / "missing.txt"], trainer)
    with pytest.raises(ArgumentValueError, match="is a directory"):
        train_tokenizer_from_files(tokenizer, [tmp_path], trainer)
    with pytest.raises(ArgumentTypeError, match="list of paths"):
        train_tokenizer_from_files(tokenizer, str(tmp_path / "a.txt"), trainer)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("fine\ncafé\n".encode("latin-1"))
    with pytest.raises(TrainingError, match="latin1.txt, line 2: not valid UTF-8"):
        train_tokenizer_from_files(tokenizer, [latin1], trainer)


def test_feed_streams_and_keeps_only_distinct_words() -> None:
    trainer = WordLevelTrainer(show_progress=False)
    lines = (f"w{i % 7} common" for i in range(50_000))  # a generator: never held in memory whole
    trainer.feed(lines, str.split)
    assert len(trainer.words) == 8 and trainer.words["common"] == 50_000


def test_progress_bars_are_drawn_only_when_asked(capsys) -> None:
    for show in (True, False):
        train_tokenizer(whitespace_tokenizer(BPE()), ["ab ab abc"], BpeTrainer(vocab_size=6, show_progress=show))
        drawn = capsys.readouterr().err
        assert all((stage in drawn) == show for stage in ("Pre-processing", "Count pairs", "Compute merges"))


@pytest.mark.skipif(not hasattr(Tokenizer, "train_from_iterator"), reason="Tokenizer.train* not wired yet")
def test_tokenizer_train_methods(tmp_path) -> None:
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("one two two\nthree\n", encoding="utf-8")
    tokenizer = whitespace_tokenizer(WordLevel(unk_token="[UNK]"))
    tokenizer.train([str(corpus)], WordLevelTrainer(special_tokens=["[UNK]"], show_progress=False))
    assert tokenizer.get_vocab() == {"[UNK]": 0, "two": 1, "one": 2, "three": 3}
    tokenizer.train_from_iterator(["a a b"], WordLevelTrainer(show_progress=False), length=1)
    assert tokenizer.model.get_vocab() == {"a": 0, "b": 1}


# -- the command line ------------------------------------------------------------------------------


def run_train_command(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="subword")
    add_train_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["train", *argv])
    return args.run(args)


@pytest.mark.parametrize(
    "model, text",
    [("bpe", "Hello wörld!"), ("wordpiece", "Hello wörld!"), ("wordlevel", "hello x"), ("unigram", "hello wide x")],
)
def test_cli_train_writes_a_tokenizer_rust_loads(tmp_path, model, text) -> None:
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("hello world, hello there!\nthe world is wide\n" * 20, encoding="utf-8")
    output = tmp_path / "tokenizer.json"
    assert run_train_command("--model", model, "--vocab-size", "300", "-q", str(corpus), "-o", str(output)) == 0
    rust = tokenizers.Tokenizer.from_file(str(output))
    ours = Tokenizer.from_file(str(output))
    assert ours.encode(text).ids == rust.encode(text).ids
    types = {"bpe": "BPE", "wordpiece": "WordPiece", "wordlevel": "WordLevel", "unigram": "Unigram"}
    assert json.loads(output.read_text())["model"]["type"] == types[model]


def test_cli_train_bad_arguments_exit_2(tmp_path, capsys) -> None:
    output = str(tmp_path / "t.json")
    assert run_train_command("--model", "bpe", str(tmp_path / "missing.txt"), "-o", output) == 2
    assert "does not exist" in capsys.readouterr().err
    assert run_train_command("--model", "wordlevel", "--special-tokens", "<pad>", "-o", output) == 2
    assert "[UNK]" in capsys.readouterr().err
    assert run_train_command("--model", "bpe", "-o", str(tmp_path / "no" / "t.json")) == 2


def test_cli_train_defaults_to_the_stdlib_docstrings(tmp_path) -> None:
    # In a fresh interpreter: gathering the docstrings imports most of the standard library.
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    output = tmp_path / "tokenizer.json"
    script = (
        "import argparse, sys; from subword.cli.train import add_train_parser; "
        "p = argparse.ArgumentParser(); add_train_parser(p.add_subparsers()); "
        "a = p.parse_args(sys.argv[1:]); sys.exit(a.run(a))"
    )
    command = ["train", "--model", "wordpiece", "--vocab-size", "2000", "-q", "-o", str(output)]
    result = subprocess.run(
        [sys.executable, "-c", script, *command], capture_output=True, text=True, cwd=REPO_ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "stdlib docstrings" in result.stdout
    rust = tokenizers.Tokenizer.from_file(str(output))
    assert rust.get_vocab_size() == 2000
    assert rust.encode("Return the value.").tokens == ["[CLS]", "return", "the", "value", ".", "[SEP]"]


def test_subword_errors_are_subword_errors() -> None:
    assert issubclass(TrainingError, SubwordError) and issubclass(TrainingError, ValueError)
    assert issubclass(BpeTrainer, Trainer)
