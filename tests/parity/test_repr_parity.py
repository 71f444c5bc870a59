"""`repr()` and `str()` of tokenizers, components and trainers read as the Rust package prints them
(`Tokenizer(version="1.0", ...)`, `BPE(dropout=None, ...)`, `str()` cut after 5 items), and
trainers pickle as the Rust package's JSON bytes."""

from __future__ import annotations

import json
import pickle

import pytest
import tokenizers

import subword
from subword import Tokenizer

from ..shared_data import FIXTURES
from ..test_pickling import REGISTRIES, REQUIRED_ARGUMENTS

pytestmark = pytest.mark.skipif(not FIXTURES.is_dir(), reason=f"shared fixtures not found at {FIXTURES}")

TOKENIZER_FILES = sorted(FIXTURES.glob("*/tokenizer.json")) + sorted(FIXTURES.glob("hf-tokenizers-testdata/*.json"))
SLOTS = {"normalizer": "normalizer", "pre-tokenizer": "pre_tokenizer", "post-processor": "post_processor", "decoder": "decoder"}


@pytest.mark.parametrize("path", TOKENIZER_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_tokenizers_and_their_components_print_as_in_rust(path) -> None:
    rust = tokenizers.Tokenizer.from_file(str(path))
    ours = Tokenizer.from_file(str(path))
    assert repr(ours) == repr(rust)
    assert str(ours) == str(rust)
    for slot in ("normalizer", "pre_tokenizer", "post_processor", "decoder", "model"):
        rust_component, our_component = getattr(rust, slot), getattr(ours, slot)
        if rust_component is None:
            assert our_component is None
            continue
        assert repr(our_component) == repr(rust_component), slot
        assert str(our_component) == str(rust_component), slot


def _in_rust(slot: str, entry: dict) -> object:
    """The Rust package's component read from the same tokenizer.json entry."""
    document = {"version": "1.0", "truncation": None, "padding": None, "added_tokens": [], "normalizer": None,
                "pre_tokenizer": None, "post_processor": None, "decoder": None,
                "model": {"type": "WordLevel", "vocab": {}, "unk_token": "[UNK]"}}
    document["model" if slot == "model" else slot] = entry
    return getattr(tokenizers.Tokenizer.from_str(json.dumps(document)), slot)


@pytest.mark.parametrize(
    "registry, name",
    [(registry, name) for registry in REGISTRIES for name in sorted(registry.classes)],
    ids=lambda value: value if isinstance(value, str) else value.stage,
)
def test_every_component_type_prints_as_in_rust(registry, name: str) -> None:
    cls = registry.classes[name]
    make = REQUIRED_ARGUMENTS.get((registry.stage, name))
    component = make(cls) if make is not None else cls()
    rust = _in_rust(SLOTS.get(registry.stage, "model"), component.to_json())
    assert repr(component) == repr(rust)
    assert str(component) == str(rust)


def _configured(lib) -> object:
    vocab = {"[PAD]": 0, "[UNK]": 1, **{f"w{i}": i + 2 for i in range(10)}}
    tokenizer = lib.Tokenizer(lib.models.WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.add_special_tokens(["[PAD]", lib.AddedToken("<mask>", lstrip=True)])
    tokenizer.add_tokens(["hello", "x" * 150])
    tokenizer.normalizer = lib.normalizers.Sequence([lib.normalizers.Replace("``", '"'), lib.normalizers.NFKC()])
    tokenizer.pre_tokenizer = lib.pre_tokenizers.Split(lib.Regex(r"\s+"), "merged_with_next", invert=True)
    tokenizer.enable_truncation(7, stride=2, strategy="only_first", direction="left")
    return tokenizer


@pytest.mark.parametrize("length", [None, 9])
def test_padding_truncation_and_added_tokens_print_as_in_rust(length) -> None:
    rust, ours = _configured(tokenizers), _configured(subword)
    rust.enable_padding(length=length, pad_to_multiple_of=4, direction="left")
    ours.enable_padding(length=length, pad_to_multiple_of=4, direction="left")
    assert repr(ours) == repr(rust)
    assert str(ours) == str(rust)


def test_long_lists_are_cut_after_five_items_in_str_and_99_in_repr() -> None:
    vocab = [(f"p{i}", -i / 8) for i in range(120)]
    rust, ours = tokenizers.models.Unigram(vocab, 0, False), subword.models.Unigram(vocab, 0, False)
    assert str(ours) == str(rust)
    assert repr(ours) == repr(rust)
    assert str(ours).endswith('("p4", -0.5), ...], byte_fallback=False)')  # worked by hand


def _trainers(lib) -> list:
    t = lib.trainers
    return [
        t.BpeTrainer(min_frequency=12),
        t.BpeTrainer(special_tokens=["<s>", lib.AddedToken("x", lstrip=True)], initial_alphabet=["b"], limit_alphabet=3,
                     end_of_word_suffix="</w>", max_token_length=4, progress_format="json"),
        t.BpeTrainer(progress_format="silent", special_tokens=[f"<{i}>" for i in range(8)]),
        t.WordPieceTrainer(special_tokens=["[UNK]"], continuing_subword_prefix="@@"),
        t.WordLevelTrainer(vocab_size=5, special_tokens=["x"]),
        t.UnigramTrainer(special_tokens=["x"], unk_token="x", initial_alphabet=["c"], shrinking_factor=0.5),
    ]


@pytest.mark.parametrize("index", range(6))
def test_trainers_print_and_pickle_as_in_rust(index: int) -> None:
    rust, ours = _trainers(tokenizers)[index], _trainers(subword)[index]
    assert ours.__getstate__() == rust.__getstate__()
    assert repr(ours) == repr(rust)
    assert str(ours) == str(rust)
    clone = pickle.loads(pickle.dumps(ours))
    assert type(clone) is type(ours) and clone.__getstate__() == ours.__getstate__()
    assert pickle.dumps(clone) == pickle.dumps(ours)
    # the state Rust writes is read back (and the other way round)
    fresh = type(ours)()
    fresh.__setstate__(rust.__getstate__())
    assert fresh.__getstate__() == rust.__getstate__()


def test_a_trained_trainer_keeps_its_words_in_its_state() -> None:
    states = []
    for lib in (tokenizers, subword):
        trainer = lib.trainers.BpeTrainer(vocab_size=30, show_progress=False)
        tokenizer = lib.Tokenizer(lib.models.BPE())
        tokenizer.pre_tokenizer = lib.pre_tokenizers.Whitespace()
        tokenizer.train_from_iterator(["a b c ab ab abc d"], trainer)
        states.append(json.loads(trainer.__getstate__()))
    rust, ours = states
    assert ours == rust  # the words are a map: compared as dicts, whatever order Rust's hash map chose
    assert ours["BpeTrainer"]["words"] == {"a": 1, "b": 1, "c": 1, "ab": 2, "abc": 1, "d": 1}


def test_normalized_string_prints_as_in_rust() -> None:
    for lib in (tokenizers, subword):
        normalized = lib.NormalizedString('Hey "there"!')
        normalized.replace("there", "you")
        assert repr(normalized) == 'NormalizedString(original="Hey "there"!", normalized="Hey "you"!")'
        assert str(normalized) == 'Hey "you"!'
