"""BPE tokenizers (GPT-2, RoBERTa, OpenAI GPT, Mistral, tokenizer-wiki) end to end against `tokenizers`.

Each tokenizer is built the same way on both sides, from a tokenizer.json fixture or in code
from vocab/merges files, then every call is run on both and every Encoding field compared
(overflowing included), with decoding both with and without special tokens.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

import pytest
import tokenizers

import subword
from tests.parity._compare import (
    RustError,
    assert_batches_equal,
    assert_offsets_in_range,
    assert_same_decode,
    ours_outcome,
    rust_outcome,
)
from tests.parity._compare import compare_texts
from tests.parity.test_tokenizer_parity import ADDED_TOKEN_TEXTS
from tests.shared_data import corpus_files, corpus_lines, fixture_path


def _from_file(relative: str, keep_settings: bool = True) -> Callable[[Any], Any]:
    def build(module: Any) -> Any:
        tokenizer = module.Tokenizer.from_file(str(fixture_path(relative)))
        if not keep_settings:
            tokenizer.no_padding()
            tokenizer.no_truncation()
        return tokenizer

    return build


def _gpt2_in_code(module: Any) -> Any:
    """gpt2/encoder.json + vocab.bpe with the byte-level pipeline assembled in code."""
    model = module.models.BPE.from_file(
        str(fixture_path("gpt2/encoder.json")), str(fixture_path("gpt2/vocab.bpe"))
    )
    tokenizer = module.Tokenizer(model)
    tokenizer.pre_tokenizer = module.pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = module.decoders.ByteLevel()
    tokenizer.post_processor = module.processors.ByteLevel(trim_offsets=True)
    tokenizer.add_special_tokens(["<|endoftext|>"])
    return tokenizer


def _roberta_in_code(module: Any) -> Any:
    """roberta-base/vocab.json + merges.txt as transformers' RoBERTa converter assembles it."""
    model = module.models.BPE.from_file(
        str(fixture_path("roberta-base/vocab.json")), str(fixture_path("roberta-base/merges.txt"))
    )
    tokenizer = module.Tokenizer(model)
    tokenizer.pre_tokenizer = module.pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = module.decoders.ByteLevel()
    tokenizer.post_processor = module.processors.RobertaProcessing(
        ("</s>", 2), ("<s>", 0), trim_offsets=True, add_prefix_space=False
    )
    tokenizer.add_special_tokens(["<s>", "<pad>", "</s>", "<unk>", module.AddedToken("<mask>", lstrip=True)])
    return tokenizer


def _openai_gpt_in_code(module: Any) -> Any:
    """openai-gpt/vocab.json + merges.txt as transformers' OpenAIGPT fast tokenizer assembles it."""
    model = module.models.BPE.from_file(
        str(fixture_path("openai-gpt/vocab.json")),
        str(fixture_path("openai-gpt/merges.txt")),
        unk_token="<unk>",
        end_of_word_suffix="</w>",
        fuse_unk=False,
    )
    tokenizer = module.Tokenizer(model)
    tokenizer.add_special_tokens(["<unk>"])
    tokenizer.normalizer = module.normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = module.pre_tokenizers.BertPreTokenizer()
    tokenizer.decoder = module.decoders.BPEDecoder(suffix="</w>")
    return tokenizer


# name -> a function building the tokenizer from a module (`tokenizers` or `subword`).
BUILDERS: dict[str, Callable[[Any], Any]] = {
    "gpt2-as-loaded": _from_file("gpt2/tokenizer.json"),  # the file truncates to 50 tokens
    "gpt2": _from_file("gpt2/tokenizer.json", keep_settings=False),
    "gpt2-in-code": _gpt2_in_code,
    "roberta": _from_file("roberta-base/tokenizer.json"),  # old layout: the model has no "type"
    "roberta-in-code": _roberta_in_code,
    "openai-gpt-in-code": _openai_gpt_in_code,
    "mistral": _from_file("mistral-7b/tokenizer.json"),  # byte fallback, Prepend + Replace
    "wiki": _from_file("hf-tokenizers-testdata/tokenizer-wiki.json"),
}
# Tokenizers without padding/truncation of their own, for tests that set them.
PLAIN = [name for name in BUILDERS if name != "gpt2-as-loaded"]
# The special tokens each tokenizer knows, to write into test texts.
SPECIALS = {
    "gpt2": ["<|endoftext|>"],
    "roberta": ["<s>", "</s>", "<pad>", "<unk>", "<mask>"],
    "openai-gpt": ["<unk>"],
    "mistral": ["<s>", "</s>", "<unk>"],
    "wiki": ["[CLS]", "[SEP]", "[PAD]", "[MASK]", "[UNK]"],
}


def specials_of(name: str) -> list[str]:
    """The special tokens of the tokenizer called `name`."""
    return next(tokens for family, tokens in SPECIALS.items() if name.startswith(family))


def fresh_pair(name: str) -> tuple[Any, Any]:
    """(subword tokenizer, Rust tokenizer) built the same way, new objects each call."""
    return BUILDERS[name](subword), BUILDERS[name](tokenizers)


@lru_cache(maxsize=None)
def shared_pair(name: str) -> tuple[Any, Any]:
    """Like `fresh_pair` but cached: only for tests that do not change the tokenizers."""
    return fresh_pair(name)


@lru_cache(maxsize=None)
def _settings_pair(name: str) -> tuple[Any, Any]:
    return fresh_pair(name)


def settings_pair(name: str) -> tuple[Any, Any]:
    """A cached pair with padding, truncation and encode_special_tokens reset, for tests that set them.

    Loading a 50k-merge tokenizer takes a while in Python, so tests that change only these
    settings share one pair instead of loading their own.
    """
    pair = _settings_pair(name)
    for tokenizer in pair:
        tokenizer.no_padding()
        tokenizer.no_truncation()
        tokenizer.encode_special_tokens = False
    return pair


# -- shared corpora ---------------------------------------------------------------------------

LINES_PER_FILE = 6
CORPUS_FILES = corpus_files()


@pytest.mark.parametrize("name", list(BUILDERS))
@pytest.mark.parametrize("path", CORPUS_FILES or [None], ids=lambda p: p.name if p else "no-corpora")
def test_corpus_lines(name, path):
    if path is None:
        pytest.skip("the shared corpora are absent (set SUBWORD_SHARED to the shared/ folder)")
    ours, rust = shared_pair(name)
    lines = corpus_lines(path, LINES_PER_FILE)
    pairs = list(zip(lines[::2], lines[1::2]))
    compare_texts(ours, rust, lines, pairs, f"{name} {path.parent.name}/{path.name}")


EDGE_TEXTS = [
    "",
    " ",
    "  ",
    "\t\n  \r\n",
    "Hello, world!",
    " Hello world ",
    "   leading and trailing   ",
    "HELLO wOrLd",
    "héllo naïve café Ünïcödé",
    "日本語のテキスト and 中文",
    "한국어 텍스트, русский текст, ελληνικά, עברית, العربية, हिन्दी, ไทย",
    "emoji 🤗👍🏽 and flags 🇫🇷 and 👨\u200d👩\u200d👧 family",
    "combining e\u0301 and a\u0308 and lone \u0301 mark",
    "zero\u200bwidth\u200d joiner\ufeff",
    "control\x00chars\x07here\x7f",
    "a" * 300,
    "ab" * 150,
    "Supercalifragilisticexpialidocious" * 4,
    "don't stop-believing... (really?) it's I'll we've they're",
    "3.14159 1,000,000 $5 #tag @user 2024-01-01",
    "def f(x):\n    return x ** 2  # comment\n",
    "\u3000ideographic space and\u00a0no-break space",
    "<|endoftext|>The end<|endoftext|>",
    "<s> a </s> <pad><unk><mask> b",
    "x<mask>y  <mask>  z",
    "[CLS] [SEP] [MASK] [PAD] [UNK] [mask]",
]


@pytest.mark.parametrize("name", list(BUILDERS))
def test_edge_texts(name):
    ours, rust = shared_pair(name)
    pairs = [(EDGE_TEXTS[i], EDGE_TEXTS[-1 - i]) for i in range(len(EDGE_TEXTS))]
    compare_texts(ours, rust, EDGE_TEXTS, pairs, name)
    for text in EDGE_TEXTS:
        assert_offsets_in_range(ours.encode(text), [text], f"{name} {text!r}")


@pytest.mark.parametrize("name", list(BUILDERS))
def test_decode_ids(name):
    ours, rust = shared_pair(name)
    size = rust.get_vocab_size()
    special_ids = [rust.token_to_id(token) for token in specials_of(name)]
    # Byte-level tokens that split a UTF-8 character: decoding must repair them as Rust does.
    partial = [id_ for id_ in rust.encode("é日🤗", add_special_tokens=False).ids]
    id_lists = [
        [],
        special_ids,
        list(range(0, 40)),
        list(range(size - 30, size)),
        [special_ids[0]] + list(range(300, 330)) + special_ids[::-1],
        partial,
        partial[1:],
        partial[:-1] + special_ids + partial[:1],
    ]
    for ids in id_lists:
        assert_same_decode(ours, rust, ids, f"{name} decode")
    assert ours.decode_batch(id_lists) == rust.decode_batch(id_lists)
    assert ours.decode_batch(id_lists, skip_special_tokens=False) == rust.decode_batch(
        id_lists, skip_special_tokens=False
    )


def test_vocab_and_specials_agree():
    for name in BUILDERS:
        ours, rust = shared_pair(name)
        for with_added in (True, False):
            assert ours.get_vocab_size(with_added_tokens=with_added) == rust.get_vocab_size(
                with_added_tokens=with_added
            ), name
        assert ours.get_vocab() == rust.get_vocab(), name
        for token in specials_of(name) + ["Ġthe", "the</w>", "▁the", "the", "<0xE6>"]:
            assert ours.token_to_id(token) == rust.token_to_id(token), (name, token)
        for id_ in (0, 1, 2, 100, rust.get_vocab_size() - 1, rust.get_vocab_size() + 5):
            assert ours.id_to_token(id_) == rust.id_to_token(id_), (name, id_)
        for is_pair in (False, True):
            assert ours.num_special_tokens_to_add(is_pair) == rust.num_special_tokens_to_add(is_pair), name


# -- padding ----------------------------------------------------------------------------------

PADDINGS = [
    {},
    {"direction": "left"},
    {"length": 48},
    {"length": 48, "direction": "left"},
    {"length": 3},
    {"pad_to_multiple_of": 8},
    {"pad_to_multiple_of": 8, "direction": "left"},
    {"length": 37, "pad_to_multiple_of": 8},
    {"pad_id": 7, "pad_type_id": 2, "pad_token": "<pad>"},
]
PADDING_TEXTS = ["Hello, world!", "", "A longer sentence about tokenizers, emoji 🤗 and their padding."]
PADDING_PAIRS = [("Short one.", "And its pair, which is longer than it: é日🤗."), ("", "x")]


@pytest.mark.parametrize("name", ["gpt2", "roberta", "mistral", "openai-gpt-in-code"])
@pytest.mark.parametrize("padding", PADDINGS, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()) or "default")
def test_padding(name, padding):
    ours, rust = settings_pair(name)
    ours.enable_padding(**padding)
    rust.enable_padding(**padding)
    assert ours.padding == rust.padding
    compare_texts(ours, rust, PADDING_TEXTS, PADDING_PAIRS, f"{name} padding={padding}")


@pytest.mark.parametrize("name", ["gpt2-as-loaded", "roberta-in-code", "mistral"])
@pytest.mark.parametrize("direction", ["right", "left"])
def test_padding_with_truncation_pads_overflowing(name, direction):
    ours, rust = settings_pair(name)
    for tokenizer in (ours, rust):
        tokenizer.enable_padding(direction=direction, pad_to_multiple_of=4)
        tokenizer.enable_truncation(9, stride=2, direction=direction)
    texts = ["one two three four five six seven eight nine ten eleven twelve", "short", "é日🤗 " * 6]
    pairs = [("first sequence of the pair here", "second one is here too and it is longer")]
    compare_texts(ours, rust, texts, pairs, f"{name} padding+truncation {direction}")


# -- truncation -------------------------------------------------------------------------------

TRUNCATION_TEXTS = ["", "hello", "one two three four five six seven eight nine ten", "naïve 日本語 🤗🤗 end"]
TRUNCATION_PAIRS = [
    ("one two three four five six seven eight nine ten", "a b"),
    ("a b", "one two three four five six seven eight nine ten"),
    ("one two three four five six", "seven eight nine ten eleven twelve"),
    ("", "one two three"),
    ("hi", ""),
]


@pytest.mark.parametrize("name", ["gpt2", "roberta-in-code", "mistral", "openai-gpt-in-code"])
@pytest.mark.parametrize("direction", ["right", "left"])
@pytest.mark.parametrize("strategy", ["longest_first", "only_first", "only_second"])
def test_truncation(name, strategy, direction):
    ours, rust = settings_pair(name)
    for max_length in (0, 1, 3, 4, 6, 20):
        for stride in (0, 1, 3):
            settings = {"stride": stride, "strategy": strategy, "direction": direction}
            where = f"{name} enable_truncation({max_length}, {settings})"
            # The Rust package refuses a stride that leaves no room once special tokens are added.
            refused = rust_outcome(lambda: rust.enable_truncation(max_length, **settings))
            ours_outcome(lambda: ours.enable_truncation(max_length, **settings), refused, where)
            assert ours.truncation == rust.truncation, where
            if isinstance(refused, RustError):
                continue
            compare_texts(ours, rust, TRUNCATION_TEXTS, TRUNCATION_PAIRS, where)


# -- added tokens -----------------------------------------------------------------------------

BPE_ADDED_TOKEN_TEXTS = ADDED_TOKEN_TEXTS + [
    "Ġyes ▁yes",
    "yes🤗yes <mask>🤗",
    " <mask>",
    "x <mask> <mask>x",
]

# scenario -> list of (method, [(content, flags)]); each flag of AddedToken on its own, then together.
ADDED_TOKEN_SCENARIOS: dict[str, list[tuple[str, list]]] = {
    "plain": [("add_tokens", [("yes", {}), ("[NEW]", {})])],
    "single_word": [("add_tokens", [("yes", {"single_word": True})])],
    "lstrip": [("add_tokens", [("<mask>", {"lstrip": True})])],
    "rstrip": [("add_tokens", [("<mask>", {"rstrip": True})])],
    "lstrip-rstrip-special": [("add_special_tokens", [("<mask>", {"lstrip": True, "rstrip": True})])],
    "normalized": [("add_tokens", [("HeLLo", {"normalized": True}), ("Café", {"normalized": True})])],
    "not-normalized": [("add_tokens", [("HeLLo", {"normalized": False}), ("Café", {"normalized": False})])],
    "special": [("add_special_tokens", [("[NEW]", {})])],
    "special-flag": [("add_tokens", [("[NEW]", {"special": True})])],
    "overlapping": [("add_tokens", [("ab", {}), ("abc", {}), ("bc", {})])],
    "with-space": [("add_tokens", [("new york", {}), (" yes", {"normalized": False})])],
    "emoji": [("add_tokens", [("🤗", {}), ("yes🤗", {"single_word": True})])],
    "already-in-vocab": [("add_tokens", [("hello", {}), ("yes", {})])],
    "all-flags": [
        ("add_tokens", [("yes", {"single_word": True, "lstrip": True, "rstrip": True, "normalized": False})]),
        ("add_special_tokens", [("[NEW]", {"single_word": True, "normalized": True})]),
    ],
}


def _apply_scenario(tokenizer: Any, module: Any, steps: list) -> list[int]:
    counts = []
    for method, tokens in steps:
        arguments = [module.AddedToken(content, **flags) for content, flags in tokens]
        counts.append(getattr(tokenizer, method)(arguments))
    return counts


# Each scenario loads its own pair: RoBERTa is left out, its <mask> (lstrip) is in the edge texts.
@pytest.mark.parametrize("name", ["gpt2", "mistral", "openai-gpt-in-code", "wiki"])
@pytest.mark.parametrize("scenario", list(ADDED_TOKEN_SCENARIOS))
def test_added_tokens(name, scenario):
    ours, rust = fresh_pair(name)
    steps = ADDED_TOKEN_SCENARIOS[scenario]
    assert _apply_scenario(ours, subword, steps) == _apply_scenario(rust, tokenizers, steps)
    for with_added in (True, False):
        assert ours.get_vocab_size(with_added_tokens=with_added) == rust.get_vocab_size(with_added_tokens=with_added)
    assert ours.get_vocab() == rust.get_vocab()
    pairs = [(BPE_ADDED_TOKEN_TEXTS[i], BPE_ADDED_TOKEN_TEXTS[-1 - i]) for i in range(0, len(BPE_ADDED_TOKEN_TEXTS), 3)]
    compare_texts(ours, rust, BPE_ADDED_TOKEN_TEXTS, pairs, f"{name} {scenario}")
    size = rust.get_vocab_size()
    ids = list(range(size - 6, size)) + [rust.token_to_id(specials_of(name)[0]), 1000]
    assert_same_decode(ours, rust, ids, f"{name} {scenario} new ids")


@pytest.mark.parametrize("name", ["gpt2", "roberta", "mistral"])
def test_encode_special_tokens(name):
    ours, rust = settings_pair(name)
    texts = [f"a{token}b {token} {token}{token}" for token in specials_of(name)]
    for value in (True, False):
        ours.encode_special_tokens = value
        rust.encode_special_tokens = value
        assert ours.encode_special_tokens == rust.encode_special_tokens
        compare_texts(ours, rust, texts, [(texts[0], texts[-1])], f"{name} encode_special_tokens={value}")


# -- batches: the fast path gives the ids of the Rust fast path --------------------------------


@pytest.mark.parametrize("name", list(BUILDERS))
def test_encode_batch_fast_ids(name):
    ours, rust = shared_pair(name)
    lines = [line for path in CORPUS_FILES for line in corpus_lines(path, 3)] + EDGE_TEXTS
    pairs = list(zip(lines[::2], lines[1::2]))
    for batch in (lines, pairs):
        for add_special_tokens in (True, False):
            got = ours.encode_batch_fast(batch, add_special_tokens=add_special_tokens)
            expected = rust.encode_batch_fast(batch, add_special_tokens=add_special_tokens)
            assert [e.ids for e in got] == [e.ids for e in expected], name
            full = ours.encode_batch(batch, add_special_tokens=add_special_tokens)
            assert [e.ids for e in got] == [e.ids for e in full], f"{name}: the fast path disagrees with encode_batch"


@pytest.mark.parametrize("name", PLAIN)
def test_pretokenized(name):
    ours, rust = shared_pair(name)
    word_lists = [["Hello", "world", "!"], [" two words", "in one ", "  "], ["", "é日🤗", ""], [], ["a" * 80]]
    batch = word_lists + [(word_lists[0], word_lists[2])]
    for method in ("encode_batch", "encode_batch_fast"):
        rust_result = rust_outcome(lambda: getattr(rust, method)(batch, is_pretokenized=True))
        ours_result = ours_outcome(lambda: getattr(ours, method)(batch, is_pretokenized=True), rust_result, name)
        if not isinstance(rust_result, RustError):
            assert_batches_equal(ours_result, rust_result, f"{name} {method} pretokenized")


# -- round trips through tokenizer.json --------------------------------------------------------

ROUND_TRIP_INPUTS = EDGE_TEXTS + [(EDGE_TEXTS[4], EDGE_TEXTS[11]), (EDGE_TEXTS[9], EDGE_TEXTS[5])]


def _assert_same_behaviour(candidate: Any, reference: Any, context: str) -> None:
    lines = [line for path in CORPUS_FILES for line in corpus_lines(path, 1)]
    inputs = ROUND_TRIP_INPUTS + lines
    for add_special_tokens in (True, False):
        assert_batches_equal(
            candidate.encode_batch(inputs, add_special_tokens=add_special_tokens),
            reference.encode_batch(inputs, add_special_tokens=add_special_tokens),
            f"{context} add_special_tokens={add_special_tokens}",
        )
    ids = reference.encode(EDGE_TEXTS[11] + EDGE_TEXTS[22]).ids
    assert_same_decode(candidate, reference, ids, context)


@pytest.mark.parametrize("name", list(BUILDERS))
def test_saved_by_subword_loads_in_rust(name, tmp_path):
    ours, rust = shared_pair(name)
    path = tmp_path / "tokenizer.json"
    ours.save(str(path))
    reloaded = tokenizers.Tokenizer.from_file(str(path))
    assert reloaded.padding == rust.padding and reloaded.truncation == rust.truncation
    _assert_same_behaviour(reloaded, rust, f"{name} saved by subword, loaded by tokenizers")


@pytest.mark.parametrize("name", list(BUILDERS))
def test_rust_to_str_loads_in_subword(name):
    ours, rust = shared_pair(name)
    reloaded = subword.Tokenizer.from_str(rust.to_str())
    assert reloaded.padding == rust.padding and reloaded.truncation == rust.truncation
    _assert_same_behaviour(reloaded, rust, f"{name} written by tokenizers, loaded by subword")
