"""The ready-made tokenizers (`subword.implementations`) against `tokenizers.implementations`.

Same constructor arguments, same training text, same calls on both sides. Where the Rust
training is deterministic (byte-level BPE, SentencePiece BPE: no prefix or suffix tokens), the
trained tokenizer.json must be identical and so must every field of the held-out encodings.
Where it is not (see `HASH_ORDERED_IDS`), the same vocabulary and merges up to ids, the same
held-out tokens, and full encodings from one shared vocabulary are compared instead.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import pytest
import tokenizers
import tokenizers.implementations as rust_implementations

import subword
import subword.implementations as implementations
from tests.parity._compare import assert_batches_equal, assert_encodings_equal, assert_same_decode, assert_same_encode
from tests.shared_data import CORPORA, corpus_lines, fixture_path

CLASSES = [
    "ByteLevelBPETokenizer",
    "CharBPETokenizer",
    "BertWordPieceTokenizer",
    "SentencePieceBPETokenizer",
    "SentencePieceUnigramTokenizer",
]
VOCAB_SIZE = 1000


def _lines(name: str, limit: int) -> list[str]:
    path = CORPORA / name
    if not path.exists():
        pytest.skip(f"shared corpus {path} is absent (set SUBWORD_SHARED to the shared/ folder)")
    return corpus_lines(path, limit)


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    """About 260 kB: English verse with some German and Russian."""
    return _lines("tiny_shakespeare.txt", 4000) + _lines("multilingual/de.txt", 500) + _lines("multilingual/ru.txt", 500)


@pytest.fixture(scope="module")
def held_out(corpus: list[str]) -> list[str]:
    """Wikipedia and French lines, then verse lines left out of the corpus (their chars are all known)."""
    seen = set(corpus)
    verse = [line for line in _lines("tiny_shakespeare.txt", 9000)[1::3] if line not in seen][:60]
    return _lines("wikitext.txt", 150) + _lines("multilingual/fr.txt", 30) + verse


# (class, constructor arguments, training arguments); show_progress=False is added to the latter.
CASES = [
    ("ByteLevelBPETokenizer", {}, {}),
    (
        "ByteLevelBPETokenizer",
        dict(add_prefix_space=True, lowercase=True, unicode_normalizer="nfkc", trim_offsets=True),
        dict(min_frequency=3, special_tokens=["<s>", "</s>"]),
    ),
    ("CharBPETokenizer", {}, {}),
    (
        "CharBPETokenizer",
        dict(lowercase=True, bert_normalizer=False, split_on_whitespace_only=True, unk_token="<unk>"),
        dict(min_frequency=1, limit_alphabet=200, special_tokens=["<unk>", "<pad>"]),
    ),
    ("BertWordPieceTokenizer", {}, {}),
    ("BertWordPieceTokenizer", dict(lowercase=False, strip_accents=True), dict(limit_alphabet=150)),
    ("SentencePieceBPETokenizer", {}, {}),
    ("SentencePieceBPETokenizer", dict(add_prefix_space=False, replacement="_"), dict(special_tokens=["<unk>", "<s>"])),
    # Without unk_token the held-out chars missing from the corpus make both sides raise.
    ("SentencePieceUnigramTokenizer", {}, dict(unk_token="<unk>")),
    ("SentencePieceUnigramTokenizer", dict(add_prefix_space=False), dict(unk_token="<unk>", special_tokens=["<unk>", "<pad>"])),
]
CASE_IDS = [f"{name}-{'defaults' if not ctor and not train else 'options'}-{index}" for index, (name, ctor, train) in enumerate(CASES)]

# Rust numbers the tokens it makes from characters plus a prefix or suffix ("##e" for WordPiece,
# "e</w>" for CharBPE) in the order of a randomly seeded HashMap, so ids and the order of tied
# merges change from run to run; its Unigram trainer appends the single chars in hash order.
HASH_ORDERED_IDS = {"CharBPETokenizer", "BertWordPieceTokenizer", "SentencePieceUnigramTokenizer"}


def _train_both(name: str, ctor: dict, train: dict, corpus: list[str]) -> tuple[Any, Any]:
    options = dict(train, vocab_size=VOCAB_SIZE, show_progress=False)
    ours, rust = getattr(subword, name)(**ctor), getattr(tokenizers, name)(**ctor)
    ours.train_from_iterator(corpus, **options)
    rust.train_from_iterator(corpus, **options)
    return ours, rust


def _assert_same_trained(name: str, ours: Any, rust: Any) -> None:
    """Identical tokenizer.json, or where Rust's ids are hash-ordered, identical up to them."""
    mine, theirs = json.loads(ours.to_str()), json.loads(rust.to_str())
    if name not in HASH_ORDERED_IDS:
        assert mine == theirs
        return
    my_model, their_model = mine.pop("model"), theirs.pop("model")
    assert mine == theirs  # normalizer, pre-tokenizer, decoder, added tokens (ids of specials come first)
    my_vocab, their_vocab = dict(my_model.pop("vocab")), dict(their_model.pop("vocab"))
    assert len(my_model.pop("merges", [])) == len(their_model.pop("merges", []))
    assert my_model == their_model  # the model's options
    # Merges tied at the end are picked by hash-ordered ids, so a Rust run now and then keeps
    # other tokens (seen: WordPiece on one file of verse, up to 30 of 1000 from run to run).
    assert len(my_vocab) == len(their_vocab)
    assert len(my_vocab.keys() ^ their_vocab.keys()) <= 0.05 * len(their_vocab)
    if name == "SentencePieceUnigramTokenizer":
        for piece in my_vocab.keys() & their_vocab.keys():
            if len(piece) > 1:  # chars get their scores in Rust's hash order
                assert my_vocab[piece] == pytest.approx(their_vocab[piece], abs=1e-6), piece


def _assert_same_encodings(ours: Any, rust: Any, texts: list[str]) -> None:
    """Every field of encode, encode_batch (with pairs) and decode."""
    for text in texts[:40]:
        assert_same_encode(lambda: ours.encode(text), lambda: rust.encode(text), repr(text))
    pairs = list(zip(texts[::2], texts[1::2]))
    assert_same_encode(lambda: ours.encode_batch(texts), lambda: rust.encode_batch(texts), "encode_batch")
    assert_same_encode(lambda: ours.encode_batch(pairs), lambda: rust.encode_batch(pairs), "encode_batch pairs")
    for encoding in rust.encode_batch(texts):
        assert_same_decode(ours, rust, encoding.ids, "decode")
    ids = [encoding.ids for encoding in rust.encode_batch(texts)]
    assert ours.decode_batch(ids) == rust.decode_batch(ids)


@pytest.mark.parametrize(("name", "ctor", "train"), CASES, ids=CASE_IDS)
def test_train_from_iterator(name: str, ctor: dict, train: dict, corpus: list[str], held_out: list[str], tmp_path: Path) -> None:
    ours, rust = _train_both(name, ctor, train, corpus)
    _assert_same_trained(name, ours, rust)
    assert ours.get_vocab_size() == rust.get_vocab_size()
    assert repr(ours) == repr(rust)
    if name not in HASH_ORDERED_IDS:
        _assert_same_encodings(ours, rust, held_out)
        return
    # The same tokens for held-out text whatever their ids, but for the lines a swapped token
    # (see _assert_same_trained) or a Unigram near-tie (float sums made in hash order) touches.
    my_tokens = [encoding.tokens for encoding in ours.encode_batch(held_out)]
    their_tokens = [encoding.tokens for encoding in rust.encode_batch(held_out)]
    assert sum(mine == theirs for mine, theirs in zip(my_tokens, their_tokens)) >= 0.9 * len(held_out)
    my_count, their_count = sum(map(len, my_tokens)), sum(map(len, their_tokens))
    assert abs(my_count - their_count) <= 0.005 * their_count
    # Full encodings from one vocabulary: Rust's, given to both constructors.
    ours_loaded, rust_loaded = _from_rust_vocabulary(name, ctor, rust, tmp_path)
    _assert_same_encodings(ours_loaded, rust_loaded, _encodable(ours_loaded, rust_loaded, held_out))


def _encodable(ours: Any, rust: Any, texts: list[str]) -> list[str]:
    """The texts Rust encodes, each compared; a Unigram built from a vocab list has no unk_id,
    so both sides must refuse unknown chars."""
    kept = [text for text in texts if assert_same_encode(lambda: ours.encode(text), lambda: rust.encode(text), text)]
    assert len(kept) >= 50
    return kept


def _from_rust_vocabulary(name: str, ctor: dict, rust: Any, folder: Path) -> tuple[Any, Any]:
    """Both classes built on the vocabulary (and merges) Rust trained: by from_file, or the vocab list."""
    if name == "SentencePieceUnigramTokenizer":
        vocab = [tuple(entry) for entry in json.loads(rust.to_str())["model"]["vocab"]]
        return subword.SentencePieceUnigramTokenizer(vocab, **ctor), tokenizers.SentencePieceUnigramTokenizer(vocab, **ctor)
    files = rust.save_model(str(folder))
    return getattr(subword, name).from_file(*files, **ctor), getattr(tokenizers, name).from_file(*files, **ctor)


@pytest.mark.parametrize("name", ["ByteLevelBPETokenizer", "SentencePieceBPETokenizer", "BertWordPieceTokenizer"])
def test_train_from_files(name: str, corpus: list[str], held_out: list[str], tmp_path: Path) -> None:
    # Two files, one of them given alone as a str on the second call; lines keep their endings.
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("\n".join(corpus[:3000]) + "\n", encoding="utf-8")
    second.write_text("\n".join(corpus[3000:]) + "\n", encoding="utf-8")
    options = dict(vocab_size=VOCAB_SIZE, show_progress=False)
    for files in ([str(first), str(second)], str(first)):
        ours, rust = getattr(subword, name)(), getattr(tokenizers, name)()
        ours.train(files, **options)
        rust.train(files, **options)
        _assert_same_trained(name, ours, rust)
        if name not in HASH_ORDERED_IDS:
            _assert_same_encodings(ours, rust, held_out[:60])


def test_byte_level_from_gpt2_files(held_out: list[str]) -> None:
    vocab, merges = str(fixture_path("gpt2/encoder.json")), str(fixture_path("gpt2/vocab.bpe"))
    for options in ({}, dict(add_prefix_space=True, trim_offsets=True, lowercase=True)):
        ours = subword.ByteLevelBPETokenizer.from_file(vocab, merges, **options)
        rust = tokenizers.ByteLevelBPETokenizer.from_file(vocab, merges, **options)
        assert json.loads(ours.to_str()) == json.loads(rust.to_str())
        _assert_same_encodings(ours, rust, held_out)
    # Paths given to the constructor are read as files too.
    assert subword.ByteLevelBPETokenizer(vocab, merges).to_str() == rust_implementations.ByteLevelBPETokenizer(vocab, merges).to_str()


def test_char_bpe_from_openai_gpt_files(held_out: list[str]) -> None:
    vocab, merges = str(fixture_path("openai-gpt/vocab.json")), str(fixture_path("openai-gpt/merges.txt"))
    for options in (dict(lowercase=True), dict(unicode_normalizer="nfc", split_on_whitespace_only=True, dropout=0.0)):
        ours = subword.CharBPETokenizer.from_file(vocab, merges, **options)
        rust = tokenizers.CharBPETokenizer.from_file(vocab, merges, **options)
        assert json.loads(ours.to_str()) == json.loads(rust.to_str())
        _assert_same_encodings(ours, rust, held_out)


def test_bert_wordpiece_from_vocab_file(held_out: list[str]) -> None:
    vocab = str(fixture_path("bert-base-uncased/vocab.txt"))
    for options in ({}, dict(strip_accents=False, handle_chinese_chars=False, clean_text=False)):
        ours = subword.BertWordPieceTokenizer.from_file(vocab, **options)
        rust = tokenizers.BertWordPieceTokenizer.from_file(vocab, **options)
        assert json.loads(ours.to_str()) == json.loads(rust.to_str())
        _assert_same_encodings(ours, rust, held_out)
        assert ours.num_special_tokens_to_add(True) == rust.num_special_tokens_to_add(True) == 3


def test_padding_truncation_and_added_tokens(held_out: list[str]) -> None:
    vocab = str(fixture_path("bert-base-uncased/vocab.txt"))
    ours, rust = subword.BertWordPieceTokenizer.from_file(vocab), tokenizers.BertWordPieceTokenizer.from_file(vocab)
    for tokenizer in (ours, rust):
        tokenizer.enable_truncation(24, stride=4, strategy="longest_first")
        tokenizer.enable_padding(pad_to_multiple_of=8, pad_id=0, pad_token="[PAD]")
        assert tokenizer.add_tokens(["wikitext", "[NEW]"]) == 2
        assert tokenizer.add_special_tokens(["<doc>"]) == 1
    assert ours.padding == rust.padding
    assert ours.truncation == rust.truncation
    texts = [f"<doc> {line} [NEW]" for line in held_out[:30]]
    assert_same_encode(lambda: ours.encode_batch(texts), lambda: rust.encode_batch(texts))
    assert_same_encode(lambda: ours.encode(texts[0], texts[1]), lambda: rust.encode(texts[0], texts[1]))
    words = held_out[0].split()
    assert_same_encode(lambda: ours.encode(words, is_pretokenized=True), lambda: rust.encode(words, is_pretokenized=True))
    assert {i: str(t) for i, t in ours.get_added_tokens_decoder().items()} == {
        i: str(t) for i, t in rust.get_added_tokens_decoder().items()
    }
    assert ours.get_vocab() == rust.get_vocab()
    assert ours.get_vocab_size(with_added_tokens=False) == rust.get_vocab_size(with_added_tokens=False)
    assert [ours.token_to_id(t) for t in ("[NEW]", "the", "zzzq")] == [rust.token_to_id(t) for t in ("[NEW]", "the", "zzzq")]
    assert [ours.id_to_token(i) for i in (0, 1996, 30522, 10**6)] == [rust.id_to_token(i) for i in (0, 1996, 30522, 10**6)]
    assert ours.normalize("Héllo  WÖRLD\t") == rust.normalize("Héllo  WÖRLD\t")
    one = ours.encode("the start", add_special_tokens=False)
    assert_encodings_equal(ours.post_process(one), rust.post_process(rust.encode("the start", add_special_tokens=False)))
    for tokenizer in (ours, rust):
        tokenizer.no_padding()
        tokenizer.no_truncation()
    assert ours.padding is None and ours.truncation is None
    assert_batches_equal(ours.encode_batch(texts), rust.encode_batch(texts))


@pytest.mark.parametrize("name", ["ByteLevelBPETokenizer", "SentencePieceBPETokenizer", "CharBPETokenizer"])
def test_save_and_save_model_load_in_rust(name: str, corpus: list[str], held_out: list[str], tmp_path: Path) -> None:
    ours, _ = _train_both(name, {}, dict(vocab_size=600), corpus[:2000])
    ours.save(str(tmp_path / "tokenizer.json"))
    loaded = tokenizers.Tokenizer.from_file(str(tmp_path / "tokenizer.json"))
    assert json.loads(loaded.to_str()) == json.loads(ours.to_str())
    assert_batches_equal(ours.encode_batch(held_out), loaded.encode_batch(held_out), "saved tokenizer.json")
    files = ours.save_model(str(tmp_path), "mine")
    assert [Path(path).name for path in files] == ["mine-vocab.json", "mine-merges.txt"]
    rust = getattr(tokenizers, name).from_file(*files)
    assert_batches_equal(ours.encode_batch(held_out), rust.encode_batch(held_out), "saved model files")


def test_unigram_save_and_save_model(corpus: list[str], held_out: list[str], tmp_path: Path) -> None:
    # One vocabulary (Rust's trained one) on both sides, so the files can be compared byte for byte.
    _, trained = _train_both("SentencePieceUnigramTokenizer", {}, dict(unk_token="<unk>", vocab_size=400), corpus[:1500])
    vocab = [tuple(entry) for entry in json.loads(trained.to_str())["model"]["vocab"]]
    ours, rust = subword.SentencePieceUnigramTokenizer(vocab), tokenizers.SentencePieceUnigramTokenizer(vocab)
    [our_file] = ours.save_model(str(tmp_path), "ours")
    [rust_file] = rust.save_model(str(tmp_path), "rust")
    assert json.loads(Path(our_file).read_text(encoding="utf-8")) == json.loads(Path(rust_file).read_text(encoding="utf-8"))
    assert json.loads(ours.to_str()) == json.loads(rust.to_str())
    # Rust reads the file's floats back with a last-bit error of its own (serde_json's fast float
    # parsing): compare the file's text as Python reads it, and the encodings of the loaded copy.
    ours.save(str(tmp_path / "tokenizer.json"))
    assert json.loads((tmp_path / "tokenizer.json").read_text(encoding="utf-8")) == json.loads(rust.to_str())
    loaded = tokenizers.Tokenizer.from_file(str(tmp_path / "tokenizer.json"))
    lines = _encodable(ours, loaded, held_out)
    assert_batches_equal(ours.encode_batch(lines), loaded.encode_batch(lines), "saved tokenizer.json")


def test_sentencepiece_unigram_from_spm_matches_sentencepiece() -> None:
    """Rust's from_spm needs protobuf files, absent here; sentencepiece itself is the reference
    on lines it does not re-space (single spaces, none at the ends)."""
    spm = pytest.importorskip("sentencepiece")
    path = str(fixture_path("sentencepiece-test/test_model.model"))
    processor = spm.SentencePieceProcessor(model_file=path)
    ours = subword.SentencePieceUnigramTokenizer.from_spm(path)
    lines = [" ".join(line.split()) for line in corpus_lines(fixture_path("corpora/botchan.txt"), 300)]
    assert [ours.encode(line).ids for line in lines] == processor.encode(lines)
    assert ours.get_vocab_size() == processor.get_piece_size()
    with pytest.raises(subword.TokenizerFileError, match="not a Unigram model"):
        subword.SentencePieceUnigramTokenizer.from_spm(str(fixture_path("sentencepiece-test/botchan_en_bpe_1000.model")))


# -- the same signatures --------------------------------------------------------------------------

METHODS = ["__init__", "train", "train_from_iterator", "from_file", "from_spm"]
BASE_METHODS = [
    name
    for name, value in vars(rust_implementations.BaseTokenizer).items()
    if callable(value) and not name.startswith("_")
]


def _parameters(function: Any) -> list[tuple[str, Any]]:
    """(name, default) of each parameter but self; tuple defaults read as lists."""
    result = []
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name == "self":
            continue
        default = parameter.default
        result.append((parameter.name, list(default) if isinstance(default, tuple) else default))
    return result


@pytest.mark.parametrize("name", CLASSES)
def test_same_arguments_and_defaults(name: str) -> None:
    ours, rust = getattr(implementations, name), getattr(rust_implementations, name)
    for method in METHODS:
        assert hasattr(ours, method) == hasattr(rust, method), method
        if hasattr(rust, method):
            assert _parameters(getattr(ours, method)) == _parameters(getattr(rust, method)), method
    assert issubclass(ours, implementations.BaseTokenizer)


def test_base_tokenizer_methods_and_properties() -> None:
    ours, rust = implementations.BaseTokenizer, rust_implementations.BaseTokenizer
    for method in BASE_METHODS:
        assert _parameters(getattr(ours, method)) == _parameters(getattr(rust, method)), method
    for prop in ("model", "normalizer", "pre_tokenizer", "post_processor", "decoder", "padding", "truncation"):
        assert isinstance(getattr(ours, prop), property), prop
    assert all(getattr(subword, name) is getattr(implementations, name) for name in [*CLASSES, "BaseTokenizer"])
