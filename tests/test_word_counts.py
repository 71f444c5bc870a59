"""Word counts as data: count shards, add them up, save and load them, train from them.

The promise checked by hypothesis: for each of the four models, a corpus cut into random shards,
counted shard by shard, the counts added in a random order, then `train_from_counts`, gives the
tokenizer (tokenizer.json, byte for byte) that `train_from_iterator` gives on the whole corpus.
"""

from __future__ import annotations

import json
import pickle
import random
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import given, settings, strategies as st

import subword
from subword import (
    AddedToken,
    FingerprintMismatchError,
    Tokenizer,
    TrainingError,
    WordCounts,
    WordCountsFileError,
    count_words,
    count_words_in_files,
)
from subword import normalizers, pre_tokenizers
from subword.errors import ArgumentTypeError, ArgumentValueError
from subword.models import BPE, Unigram, WordLevel, WordPiece
from subword.tokenizer.training import pipeline_fingerprint
from subword.trainers import BpeTrainer, Trainer, UnigramTrainer, WordLevelTrainer, WordPieceTrainer
from tests.test_cli import run_cli

FEW = max(3, settings.default.max_examples // 5)  # each example trains two models


# -- the four models, each with a pipeline and a small trainer ------------------------------------


def bpe_setup() -> tuple[Tokenizer, Trainer]:
    tokenizer = Tokenizer(BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    trainer = BpeTrainer(vocab_size=300, special_tokens=["<s>"], show_progress=False,
                         initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    return tokenizer, trainer


def char_bpe_setup() -> tuple[Tokenizer, Trainer]:
    """BPE with a suffix and limit_alphabet: the options where the Rust trainer depends on hash order."""
    tokenizer = Tokenizer(BPE(unk_token="<unk>"))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    trainer = BpeTrainer(vocab_size=40, special_tokens=["<unk>"], show_progress=False, end_of_word_suffix="</w>",
                         limit_alphabet=6, min_frequency=2)
    return tokenizer, trainer


def wordpiece_setup() -> tuple[Tokenizer, Trainer]:
    tokenizer = Tokenizer(WordPiece(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    trainer = WordPieceTrainer(vocab_size=40, special_tokens=["[UNK]", "[CLS]"], show_progress=False)
    return tokenizer, trainer


def wordlevel_setup() -> tuple[Tokenizer, Trainer]:
    tokenizer = Tokenizer(WordLevel(unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    trainer = WordLevelTrainer(vocab_size=12, min_frequency=1, special_tokens=["[UNK]"], show_progress=False)
    return tokenizer, trainer


def unigram_setup() -> tuple[Tokenizer, Trainer]:
    tokenizer = Tokenizer(Unigram())
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
    trainer = UnigramTrainer(vocab_size=40, special_tokens=["<unk>"], unk_token="<unk>", show_progress=False,
                             max_piece_length=6)
    return tokenizer, trainer


SETUPS: dict[str, Callable[[], tuple[Tokenizer, Trainer]]] = {
    "bpe": bpe_setup,
    "char_bpe": char_bpe_setup,
    "wordpiece": wordpiece_setup,
    "wordlevel": wordlevel_setup,
    "unigram": unigram_setup,
}


def trained(train: Callable[[Tokenizer, Trainer], None], setup: Callable[[], tuple[Tokenizer, Trainer]]) -> str:
    """The tokenizer.json of a freshly set up tokenizer trained by `train`, or the training error."""
    tokenizer, trainer = setup()
    try:
        train(tokenizer, trainer)
    except TrainingError as error:
        return f"{type(error).__name__}: {error}"
    return tokenizer.to_str()


# Few letters, so words repeat and pairs tie; "<s>" is the BPE trainer's special token (after
# training it is an added token, before it is plain text).
lines = st.text(alphabet="abcAB é\t.,<s>", max_size=24)


@pytest.mark.parametrize("name", sorted(SETUPS))
@settings(max_examples=FEW)
@given(corpus=st.lists(lines, min_size=1, max_size=25), data=st.data())
def test_sharded_counts_train_the_model_the_text_trains(name: str, corpus: list[str], data: st.DataObject) -> None:
    setup = SETUPS[name]
    cuts = sorted(data.draw(st.lists(st.integers(0, len(corpus)), max_size=4), label="cuts"))
    shards = [corpus[start:stop] for start, stop in zip([0, *cuts], [*cuts, len(corpus)])]
    order = data.draw(st.permutations(range(len(shards))), label="order")
    counter = setup()[0]
    counted = [count_words(counter, shard) for shard in shards]
    total = sum(counted[index] for index in order)
    assert total == count_words(counter, corpus)

    def from_counts(tokenizer: Tokenizer, trainer: Trainer) -> None:
        tokenizer.train_from_counts(total, trainer)

    def from_text(tokenizer: Tokenizer, trainer: Trainer) -> None:
        tokenizer.train_from_iterator(corpus, trainer)

    assert trained(from_counts, setup) == trained(from_text, setup)


@pytest.mark.parametrize("name", sorted(SETUPS))
def test_insertion_order_of_the_counts_does_not_matter(name: str) -> None:
    """The trainers sort the words: counts listed in any order train the same model."""
    tokenizer, _ = SETUPS[name]()
    corpus = ["ab abc bca cab", "b a c abcab", "ca ab ab ab", "aa bb cc abc"] * 3
    counts = count_words(tokenizer, corpus)
    results = set()
    for seed in range(4):
        items = list(counts.items())
        random.Random(seed).shuffle(items)
        shuffled = WordCounts(dict(items), fingerprint=counts.fingerprint)
        results.add(trained(lambda t, trainer: t.train_from_counts(shuffled, trainer), SETUPS[name]))
    assert len(results) == 1


def test_counting_files_counts_their_lines_as_train_reads_them(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("low lower\r\nlowest\n", encoding="utf-8")
    second.write_text("newer newest <s>", encoding="utf-8")
    tokenizer, _ = bpe_setup()
    counts = count_words_in_files(tokenizer, [first, second])
    assert counts == count_words(tokenizer, ["low lower\r\n", "lowest\n", "newer newest <s>"])
    from_files = trained(lambda t, trainer: t.train([str(first), str(second)], trainer), bpe_setup)
    assert trained(lambda t, trainer: t.train_from_counts(counts, trainer), bpe_setup) == from_files


def test_counts_match_the_rust_trainer() -> None:
    """Training from counts gives the model the Rust package trains on the text (byte-level BPE,
    WordLevel: the trainers that are Rust's exactly)."""
    tokenizers = pytest.importorskip("tokenizers", reason="the Rust package is the reference")
    corpus = ["The quick brown fox, the lazy dog.", "the dog barks; the fox runs", "Quick! quick, quick."] * 4
    for setup in (bpe_setup, wordlevel_setup):
        tokenizer, trainer = setup()
        tokenizer.train_from_counts(sum(count_words(tokenizer, [line]) for line in reversed(corpus)), trainer)
        rust = tokenizers.Tokenizer.from_str(setup()[0].to_str())
        options = {"vocab_size": trainer.vocab_size, "special_tokens": [t.content for t in trainer.special_tokens],
                   "show_progress": False}
        if isinstance(trainer, BpeTrainer):
            rust_trainer = tokenizers.trainers.BpeTrainer(initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), **options)
        else:
            rust_trainer = tokenizers.trainers.WordLevelTrainer(min_frequency=1, **options)
        rust.train_from_iterator(corpus, rust_trainer)
        assert json.loads(tokenizer.to_str())["model"] == json.loads(rust.to_str())["model"]


# -- adding up --------------------------------------------------------------------------------------


def test_sum_and_add() -> None:
    a = WordCounts({"x": 1, "y": 2})
    b = WordCounts({"y": 3, "z": 4})
    assert a + b == b + a == WordCounts({"x": 1, "y": 5, "z": 4})
    assert sum([a, b]) == sum([a, b], WordCounts()) == a + b
    assert sum([a]) is a
    assert a + WordCounts() == a and (a + WordCounts()) is not a
    assert dict(a) == {"x": 1, "y": 2} and a == WordCounts({"y": 2, "x": 1})
    assert a.total() == 3 and len(a + b) == 3
    with pytest.raises(TypeError):
        a + {"x": 1}  # type: ignore[operator]
    with pytest.raises(TypeError):
        1 + a  # type: ignore[operator]


def test_adding_counts_of_different_pipelines_is_refused() -> None:
    tokenizer, _ = wordlevel_setup()
    other, _ = bpe_setup()
    mine, theirs = count_words(tokenizer, ["a b"]), count_words(other, ["a b"])
    with pytest.raises(FingerprintMismatchError, match="count every shard with the same tokenizer"):
        mine + theirs
    assert (mine + WordCounts()).fingerprint == (WordCounts() + mine).fingerprint == mine.fingerprint


def test_counts_are_checked() -> None:
    with pytest.raises(ArgumentValueError, match="from 1 to 2\\*\\*64 - 1"):
        WordCounts({"a": 0})
    with pytest.raises(ArgumentValueError):
        WordCounts({"a": -1})
    with pytest.raises(ArgumentTypeError):
        WordCounts({"a": 1.0})  # type: ignore[dict-item]
    with pytest.raises(ArgumentTypeError):
        WordCounts({1: 1})  # type: ignore[dict-item]
    with pytest.raises(ArgumentValueError, match="over 2\\*\\*64 - 1"):
        WordCounts({"a": 2**64 - 1}) + WordCounts({"a": 1})
    with pytest.raises(ArgumentValueError, match="fingerprint"):
        WordCounts({"a": 1}, fingerprint="abc")
    assert WordCounts({"a": 2**64 - 1})["a"] == 2**64 - 1


def test_pickling_keeps_counts_and_fingerprint() -> None:
    tokenizer, _ = wordpiece_setup()
    counts = count_words(tokenizer, ["Hello, hello world!"] * 3)
    copy = pickle.loads(pickle.dumps(counts))
    assert copy == counts and copy.fingerprint == counts.fingerprint
    assert len(pickle.dumps(counts)) < 400


# -- files ------------------------------------------------------------------------------------------

AWKWARD = ["a\tb", "line\nbreak", "back\\slash", "\\t", "\\", "", "emoji 😀", "cr\r", "\ud800 lone", "#subword-word-counts",
           "\\u0041", " ", "\u2028", "x\x0cy"]


@pytest.mark.parametrize("extension", ["tsv", "jsonl"])
def test_awkward_words_round_trip(tmp_path: Path, extension: str) -> None:
    counts = WordCounts({word: index + 1 for index, word in enumerate(AWKWARD)}, fingerprint="0" * 64)
    path = tmp_path / f"counts.{extension}"
    counts.save(path)
    assert WordCounts.load(path) == counts
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary left behind


@settings(max_examples=FEW)
@given(st.dictionaries(st.text(), st.integers(1, 2**64 - 1), max_size=8), st.sampled_from(["tsv", "jsonl"]))
def test_any_counts_round_trip(tmp_path_factory: pytest.TempPathFactory, table: dict, extension: str) -> None:
    path = tmp_path_factory.mktemp("counts") / f"c.{extension}"
    WordCounts(table).save(path)
    assert WordCounts.load(path) == WordCounts(table)


def test_tsv_file_format(tmp_path: Path) -> None:
    path = tmp_path / "counts.tsv"
    WordCounts({"b": 2, "a\tb": 2, "c": 5}, fingerprint="f" * 64).save(path)
    assert path.read_bytes() == f"#subword-word-counts\t1\t{'f' * 64}\nc\t5\na\\tb\t2\nb\t2\n".encode()
    WordCounts({"x": 1}).save(path)
    assert path.read_text(encoding="utf-8") == "#subword-word-counts\t1\tnone\nx\t1\n"


def test_jsonl_file_format(tmp_path: Path) -> None:
    path = tmp_path / "counts.jsonl"
    WordCounts({"é": 2, "a": 3}).save(path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert records == [{"subword_word_counts": 1, "fingerprint": None}, {"word": "a", "count": 3}, {"word": "é", "count": 2}]
    assert "é" in path.read_text(encoding="utf-8")
    WordCounts({"x": 1}).save(tmp_path / "counts.txt", format="jsonl")
    assert WordCounts.load(tmp_path / "counts.txt", format="jsonl") == WordCounts({"x": 1})


def test_a_headerless_tsv_loads_without_fingerprint(tmp_path: Path) -> None:
    path = tmp_path / "counts.tsv"
    path.write_bytes(b"hello\t3\r\nworld\t18446744073709551615\n")
    counts = WordCounts.load(path)
    assert counts == WordCounts({"hello": 3, "world": 2**64 - 1}) and counts.fingerprint is None


@pytest.mark.parametrize(
    "content, line, message",
    [
        (b"a\t-1\n", 1, "not a whole number"),
        (b"a\t18446744073709551616\n", 1, "outside 1 to 2\\*\\*64 - 1"),
        (b"a\t0\n", 1, "outside 1 to 2\\*\\*64 - 1"),
        (b"a\t1\nb\t1.5\n", 2, "not a whole number"),
        (b"a\t1\nb\n", 2, "expected WORD<TAB>COUNT, found 1"),
        (b"a\t1\nb\tc\t1\n", 2, "found 3"),
        (b"a\t1\nb\t2\na\t3\n", 3, "again \\(first on line 1\\)"),
        (b"a\\q\t1\n", 1, "unknown escape"),
        (b"a\\\t1\n", 1, "lone backslash"),
        (b"\xff\t1\n", 1, "not valid UTF-8"),
        (b"#subword-word-counts\t2\tnone\n", 1, "format version"),
        (b"#subword-word-counts\t1\tXYZ\n", 1, "not 64 lowercase hex"),
        (b"#subword-word-counts\t1\tnone\nok\t1\n\t\n", 3, "not a whole number"),
    ],
)
def test_malformed_tsv_names_file_and_line(tmp_path: Path, content: bytes, line: int, message: str) -> None:
    path = tmp_path / "counts.tsv"
    path.write_bytes(content)
    with pytest.raises(WordCountsFileError, match=f"^{path}, line {line}: .*{message}"):
        WordCounts.load(path)


@pytest.mark.parametrize(
    "records, line, message",
    [
        (['{"word": "a", "count": -1}'], 1, "outside 1 to 2\\*\\*64 - 1"),
        (['{"word": "a", "count": 18446744073709551616}'], 1, "outside"),
        (['{"word": "a", "count": 1.0}'], 1, "whole number"),
        (['{"word": "a", "count": true}'], 1, "whole number"),
        (['{"word": 1, "count": 1}'], 1, "must be a string"),
        (['{"subword_word_counts": 1, "fingerprint": null}', "[1]"], 2, "JSON object"),
        (['{"subword_word_counts": 1, "fingerprint": null}', "{nope"], 2, "not JSON"),
        (['{"subword_word_counts": 7, "fingerprint": null}'], 1, "format version"),
        (['{"word": "a", "count": 1}', '{"word": "a", "count": 1}'], 2, "again"),
    ],
)
def test_malformed_jsonl_names_file_and_line(tmp_path: Path, records: list[str], line: int, message: str) -> None:
    path = tmp_path / "counts.jsonl"
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    with pytest.raises(WordCountsFileError, match=f"^{path}, line {line}: .*{message}"):
        WordCounts.load(path)


def test_a_missing_file_is_an_argument_error(tmp_path: Path) -> None:
    with pytest.raises(ArgumentValueError, match="cannot read word counts"):
        WordCounts.load(tmp_path / "absent.tsv")


# -- the fingerprint --------------------------------------------------------------------------------


def test_the_fingerprint_follows_what_cuts_the_words() -> None:
    tokenizer, _ = wordlevel_setup()
    base = pipeline_fingerprint(tokenizer)
    assert base is not None and len(base) == 64
    assert pipeline_fingerprint(Tokenizer.from_str(tokenizer.to_str())) == base  # stable through tokenizer.json
    assert pipeline_fingerprint(wordlevel_setup()[0]) == base
    tokenizer.model = WordLevel({"[UNK]": 0, "a": 1}, unk_token="[UNK]")  # the model does not cut words
    assert pipeline_fingerprint(tokenizer) == base
    tokenizer.normalizer = normalizers.Lowercase()
    lowered = pipeline_fingerprint(tokenizer)
    assert lowered != base
    tokenizer.add_tokens([AddedToken("<x>", single_word=True)])
    assert pipeline_fingerprint(tokenizer) not in (base, lowered)
    tokenizer.normalizer = normalizers.Sequence([normalizers.Lowercase()])
    assert pipeline_fingerprint(tokenizer) != lowered


def test_counts_of_another_pipeline_are_refused_unless_overridden() -> None:
    counter, _ = wordlevel_setup()
    counts = count_words(counter, ["a b c a"])
    tokenizer, trainer = wordlevel_setup()
    tokenizer.normalizer = normalizers.Lowercase()
    with pytest.raises(FingerprintMismatchError) as caught:
        tokenizer.train_from_counts(counts, trainer)
    message = str(caught.value)
    assert counts.fingerprint in message and pipeline_fingerprint(tokenizer) in message
    assert "check_fingerprint=False" in message and "count_words" in message
    assert isinstance(caught.value, ValueError)
    tokenizer.train_from_counts(counts, trainer, check_fingerprint=False)
    assert tokenizer.get_vocab(with_added_tokens=False) == {"[UNK]": 0, "a": 1, "b": 2, "c": 3}


def test_counts_without_fingerprint_need_the_override() -> None:
    tokenizer, trainer = wordlevel_setup()
    with pytest.raises(FingerprintMismatchError, match="carry no fingerprint"):
        tokenizer.train_from_counts(WordCounts({"a": 2}), trainer)
    tokenizer.train_from_counts(WordCounts({"a": 2}), trainer, check_fingerprint=False)
    assert tokenizer.token_to_id("a") == 1


def test_a_custom_pipeline_has_no_fingerprint() -> None:
    class Upper:
        def normalize(self, normalized: subword.NormalizedString) -> None:
            normalized.uppercase()

    tokenizer, trainer = wordlevel_setup()
    tokenizer.normalizer = normalizers.Normalizer.custom(Upper())
    counts = count_words(tokenizer, ["a b a"])
    assert counts.fingerprint is None and counts == WordCounts({"A": 2, "B": 1})
    with pytest.raises(FingerprintMismatchError, match="custom Python"):
        tokenizer.train_from_counts(counts, trainer)
    tokenizer.train_from_counts(counts, trainer, check_fingerprint=False)
    assert tokenizer.token_to_id("A") == 1


def test_train_from_counts_checks_its_arguments() -> None:
    tokenizer, trainer = wordlevel_setup()
    with pytest.raises(ArgumentTypeError, match="WordCounts"):
        tokenizer.train_from_counts({"a": 1}, trainer)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="can only train a WordPiece"):
        tokenizer.train_from_counts(count_words(tokenizer, ["a"]), WordPieceTrainer())
    with pytest.raises(TrainingError, match="nothing to train on"):
        tokenizer.train_from_counts(count_words(tokenizer, [" "]), trainer)


def test_trainer_feed_counts_takes_a_mapping() -> None:
    trainer = WordLevelTrainer(show_progress=False)
    trainer.feed_counts({"b": 1, "a": 2})
    assert trainer.words == {"a": 2, "b": 1}
    with pytest.raises(ArgumentValueError):
        trainer.feed_counts({"a": 0})
    with pytest.raises(ArgumentTypeError):
        trainer.feed_counts([("a", 1)])  # type: ignore[arg-type]
# -- the command line -------------------------------------------------------------------------------


def test_cli_count_then_train_equals_train(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("low lower lowest\nnewer newest wider\n" * 3, encoding="utf-8")
    half = tmp_path / "half.txt"
    half.write_text("low low widest\n", encoding="utf-8")
    counts, direct, from_counts = tmp_path / "counts.tsv", tmp_path / "direct.json", tmp_path / "counted.json"
    done = run_cli("count", "--model", "bpe", "-o", str(counts), str(corpus), str(half))
    assert done.returncode == 0, done.stderr
    assert "words" in done.stdout and counts.read_text(encoding="utf-8").startswith("#subword-word-counts\t1\t")
    options = ["--model", "bpe", "--vocab-size", "280", "-q"]
    assert run_cli("train", *options, "-o", str(direct), str(corpus), str(half)).returncode == 0
    done = run_cli("train", *options, "--counts", str(counts), "-o", str(from_counts))
    assert done.returncode == 0, done.stderr
    assert from_counts.read_text(encoding="utf-8") == direct.read_text(encoding="utf-8")


def test_cli_count_with_a_tokenizer_file_and_jsonl(tmp_path: Path) -> None:
    tokenizer, _ = wordlevel_setup()
    tokenizer_file = tmp_path / "tokenizer.json"
    tokenizer.save(str(tokenizer_file))
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("a b a\n", encoding="utf-8")
    output = tmp_path / "counts.jsonl"
    done = run_cli("count", "-t", str(tokenizer_file), "-o", str(output), str(corpus))
    assert done.returncode == 0, done.stderr
    assert WordCounts.load(output) == count_words(tokenizer, ["a b a\n"])


@pytest.mark.parametrize(
    "args, message",
    [
        (["count", "-o", "{tmp}/c.tsv", "{tmp}/absent.txt", "--model", "bpe"], "does not exist"),
        (["count", "-o", "{tmp}/c.tsv", "{tmp}/corpus.txt"], "one of -t/--tokenizer or -m/--model"),
        (["count", "-o", "{tmp}/missing/c.tsv", "--model", "bpe", "{tmp}/corpus.txt"], "folder does not exist"),
        (["train", "--model", "wordlevel", "--counts", "{tmp}/absent.tsv", "-o", "{tmp}/t.json"], "cannot read word counts"),
        (["train", "--model", "wordlevel", "--counts", "{tmp}/bad.tsv", "-o", "{tmp}/t.json"], "bad.tsv, line 1"),
        (["train", "--model", "wordlevel", "--counts", "{tmp}/bpe.tsv", "-o", "{tmp}/t.json"], "fingerprint"),
        (["train", "--model", "bpe", "--counts", "{tmp}/bpe.tsv", "-o", "{tmp}/t.json", "{tmp}/corpus.txt"],
         "not both"),
    ],
)
def test_cli_count_and_train_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "corpus.txt").write_text("a b\n", encoding="utf-8")
    (tmp_path / "bad.tsv").write_text("a\t-3\n", encoding="utf-8")
    counter, _ = bpe_setup()
    count_words(counter, ["a b"]).save(tmp_path / "bpe.tsv")
    done = run_cli(*[arg.format(tmp=tmp_path) for arg in args])
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert message in done.stderr


def test_cli_train_from_counts_without_fingerprint_check(tmp_path: Path) -> None:
    counts = tmp_path / "counts.tsv"
    counts.write_text("hello\t3\nworld\t2\n", encoding="utf-8")
    output = tmp_path / "t.json"
    done = run_cli("train", "--model", "wordlevel", "--counts", str(counts), "-o", str(output), "-q")
    assert done.returncode == 2 and "--no-fingerprint-check" in done.stderr
    done = run_cli("train", "--model", "wordlevel", "--counts", str(counts), "--no-fingerprint-check", "-o", str(output), "-q")
    assert done.returncode == 0, done.stderr
    assert Tokenizer.from_file(str(output)).token_to_id("hello") == 1


def test_cli_count_into_a_folder_and_the_mismatch_message(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("a b a\n", encoding="utf-8")
    done = run_cli("count", "-m", "wordlevel", "-o", f"{tmp_path}/", str(corpus))
    assert done.returncode == 0, done.stderr
    counts = WordCounts.load(tmp_path / "counts.tsv")
    assert counts == WordCounts({"a": 2, "b": 1}, fingerprint=counts.fingerprint)
    done = run_cli("train", "-m", "bpe", "--counts", str(tmp_path / "counts.tsv"), "-o", str(tmp_path / "t.json"))
    assert done.returncode == 2
    assert counts.fingerprint is not None and counts.fingerprint in done.stderr
    assert pipeline_fingerprint(bpe_setup()[0]) in done.stderr and "subword count --model bpe" in done.stderr
