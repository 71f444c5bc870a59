"""Every tokenizer and every component pickles, deep-copies and survives a spawned worker, as in
the Rust package and sentencepiece (reliability: DataLoader workers, `multiprocessing` with
spawn, Spark)."""

from __future__ import annotations

import copy
import multiprocessing
import pickle

from typing import Any, Callable

import pytest

from subword import Tokenizer, decoders, normalizers, pre_tokenizers, processors
from subword.core.registry import Registry
from subword.decoders.base import decoders_registry
from subword.models.base import models_registry
from subword.normalizers.base import normalizers_registry
from subword.pre_tokenizers.base import pre_tokenizers_registry
from subword.processors.base import processors_registry
from subword.sentencepiece import SentencePieceProcessor
from subword.text.charsmap import build_charsmap

from .shared_data import FIXTURES, fixture_path

TEXTS = ["Hello world! The quick brown fox.", "  multiple   spaces and ünïcödé 你好 😀", ""]
TOKENIZER_FILES = sorted(FIXTURES.glob("*/tokenizer.json"))
MODEL_FILES = sorted(FIXTURES.glob("**/*.model"))


def ids_of(tokenizer: Tokenizer) -> list[list[int]]:
    return [tokenizer.encode(text).ids for text in TEXTS]


@pytest.mark.slow
@pytest.mark.parametrize("path", TOKENIZER_FILES, ids=lambda p: p.parent.name)
def test_every_fixture_tokenizer_pickles_and_deep_copies(path) -> None:
    tokenizer = Tokenizer.from_file(str(path))
    expected = ids_of(tokenizer)  # caches and lazy tables built: they must not get in the way
    for clone in (pickle.loads(pickle.dumps(tokenizer)), copy.deepcopy(tokenizer), copy.copy(tokenizer)):
        assert ids_of(clone) == expected
        assert clone.to_str() == tokenizer.to_str()


@pytest.mark.parametrize("path", TOKENIZER_FILES, ids=lambda p: p.parent.name)
def test_every_component_of_every_fixture_pickles(path) -> None:
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.encode(TEXTS[0])
    for component in (tokenizer.normalizer, tokenizer.pre_tokenizer, tokenizer.model, tokenizer.post_processor, tokenizer.decoder):
        if component is None:
            continue
        for clone in (pickle.loads(pickle.dumps(component)), copy.deepcopy(component)):
            assert type(clone) is type(component)
            assert clone.to_json() == component.to_json()


# Components that need arguments, made with small ones (by registry stage and type name).
REQUIRED_ARGUMENTS: dict[tuple[str, str], Callable[[type], Any]] = {
    ("normalizer", "Precompiled"): lambda cls: cls(build_charsmap({"\u00c5": "A"})),
    ("normalizer", "Replace"): lambda cls: cls("a", "b"),
    ("normalizer", "Sequence"): lambda cls: cls([normalizers.Lowercase()]),
    ("pre-tokenizer", "CharDelimiterSplit"): lambda cls: cls("-"),
    ("pre-tokenizer", "Split"): lambda cls: cls("-", "isolated"),
    ("pre-tokenizer", "Sequence"): lambda cls: cls([pre_tokenizers.Whitespace()]),
    ("decoder", "Replace"): lambda cls: cls("_", " "),
    ("decoder", "Sequence"): lambda cls: cls([decoders.Fuse()]),
    ("post-processor", "BertProcessing"): lambda cls: cls(("[SEP]", 1), ("[CLS]", 0)),
    ("post-processor", "RobertaProcessing"): lambda cls: cls(("</s>", 2), ("<s>", 0)),
    ("post-processor", "Sequence"): lambda cls: cls([processors.ByteLevel()]),
}

REGISTRIES: list[Registry] = [normalizers_registry, pre_tokenizers_registry, decoders_registry, processors_registry, models_registry]


@pytest.mark.parametrize(
    "registry, name",
    [(registry, name) for registry in REGISTRIES for name in sorted(registry.classes)],
    ids=lambda value: value if isinstance(value, str) else value.stage,
)
def test_every_component_type_with_default_settings_pickles(registry: Registry, name: str) -> None:
    cls = registry.classes[name]
    make = REQUIRED_ARGUMENTS.get((registry.stage, name))
    component = make(cls) if make is not None else cls()
    state = component.__getstate__()
    assert isinstance(state, bytes), "the state is the tokenizer.json entry, as in the Rust package"
    clone = pickle.loads(pickle.dumps(component))
    assert type(clone) is cls and clone.to_json() == component.to_json()


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: p.name)
def test_every_sentencepiece_model_pickles(path) -> None:
    processor = SentencePieceProcessor(model_file=str(path))
    expected = [processor.encode(text) for text in TEXTS]
    for clone in (pickle.loads(pickle.dumps(processor)), copy.deepcopy(processor)):
        assert [clone.encode(text) for text in TEXTS] == expected


def _encode_in_worker(tokenizer: Tokenizer) -> list[list[int]]:
    return ids_of(tokenizer)


@pytest.mark.slow
def test_tokenizers_reach_spawned_workers() -> None:
    tokenizers = [Tokenizer.from_file(str(fixture_path(name))) for name in ("t5/tokenizer.json", "gpt2/tokenizer.json")]
    with multiprocessing.get_context("spawn").Pool(1) as workers:
        results = workers.map(_encode_in_worker, tokenizers)
    assert results == [ids_of(tokenizer) for tokenizer in tokenizers]
