"""WordPiece/BERT tokenizers end to end against the Rust `tokenizers` package.

Each test builds the same tokenizer on both sides (from a tokenizer.json fixture, or in code
from bert-base-cased/vocab.txt), runs the same call, and compares every field of every
Encoding (overflowing included) plus decoding with and without special tokens.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Callable

import pytest
import tokenizers

import subword
from tests.parity._compare import (
    compare_texts,
    RustError,
    assert_encodings_equal,
    assert_offsets_in_range,
    assert_same_decode,
    assert_same_encode,
    ours_outcome,
    rust_outcome,
)
from tests.shared_data import corpus_files, corpus_lines, fixture_path

BERT_SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def _bert_cased_in_code(module: Any, processor: str) -> Any:
    """bert-base-cased/vocab.txt with the BERT pipeline assembled in code, on `module`'s classes."""
    vocab = str(fixture_path("bert-base-cased/vocab.txt"))
    tokenizer = module.Tokenizer(module.models.WordPiece.from_file(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = module.normalizers.BertNormalizer(lowercase=False)
    tokenizer.pre_tokenizer = module.pre_tokenizers.BertPreTokenizer()
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    if processor == "bert":
        tokenizer.post_processor = module.processors.BertProcessing(("[SEP]", sep), ("[CLS]", cls))
    else:
        tokenizer.post_processor = module.processors.TemplateProcessing(
            single="[CLS] $A [SEP]",
            pair="[CLS] $A [SEP] $B:1 [SEP]:1",
            special_tokens=[("[CLS]", cls), ("[SEP]", sep)],
        )
        tokenizer.add_special_tokens(BERT_SPECIAL_TOKENS)
    tokenizer.decoder = module.decoders.WordPiece()
    return tokenizer


def _from_file(relative: str, keep_settings: bool = True) -> Callable[[Any], Any]:
    def build(module: Any) -> Any:
        tokenizer = module.Tokenizer.from_file(str(fixture_path(relative)))
        if not keep_settings:
            tokenizer.no_padding()
            tokenizer.no_truncation()
        return tokenizer

    return build


# name -> a function building the tokenizer from a module (`tokenizers` or `subword`).
BUILDERS: dict[str, Callable[[Any], Any]] = {
    "bert-uncased-as-loaded": _from_file("bert-base-uncased/tokenizer.json"),
    "bert-uncased": _from_file("bert-base-uncased/tokenizer.json", keep_settings=False),
    "bert-cased-bertprocessing": lambda module: _bert_cased_in_code(module, "bert"),
    "bert-cased-template": lambda module: _bert_cased_in_code(module, "template"),
    "bert-wiki": _from_file("hf-tokenizers-testdata/bert-wiki.json"),
}
# Tokenizers without file padding/truncation, for tests that set their own.
PLAIN = ["bert-uncased", "bert-cased-bertprocessing", "bert-cased-template", "bert-wiki"]


def fresh_pair(name: str) -> tuple[Any, Any]:
    """(subword tokenizer, Rust tokenizer) built the same way, new objects each call."""
    return BUILDERS[name](subword), BUILDERS[name](tokenizers)


@lru_cache(maxsize=None)
def shared_pair(name: str) -> tuple[Any, Any]:
    """Like `fresh_pair` but cached: only for tests that do not change the tokenizers."""
    return fresh_pair(name)


# -- shared corpora ---------------------------------------------------------------------------

LINES_PER_FILE = 12
CORPUS_FILES = corpus_files()


@pytest.mark.parametrize("name", list(BUILDERS))
@pytest.mark.parametrize("path", CORPUS_FILES or [None], ids=lambda p: p.name if p else "no-corpora")
def test_corpus_lines(name, path):
    if path is None:
        pytest.skip("the shared corpora are absent (set SUBWORD_SHARED to the shared/ folder)")
    ours, rust = shared_pair(name)
    lines = corpus_lines(path, LINES_PER_FILE)
    pairs = list(zip(lines[::2], lines[1::2]))
    compare_texts(ours, rust, lines, pairs, f"{name} {path.name}")


EDGE_TEXTS = [
    "",
    " ",
    "\t\n  \r\n",
    "Hello, world!",
    "HELLO wOrLd",
    "héllo naïve café Ünïcödé",
    "日本語のテキスト and 中文",
    "emoji 🤗👍🏽 and flags 🇫🇷",
    "combining e\u0301 and a\u0308",
    "zero\u200bwidth\u200d joiner\ufeff",
    "control\x00chars\x07here\x7f",
    "a" * 150,
    "Supercalifragilisticexpialidocious" * 4,
    "[CLS] [SEP] [MASK] [PAD] [UNK]",
    "x[MASK]y [mask] [ MASK ]",
    "don't stop-believing... (really?)",
    "   leading and trailing   ",
    "3.14159 1,000,000 $5 #tag @user",
]


@pytest.mark.parametrize("name", list(BUILDERS))
def test_edge_texts(name):
    ours, rust = shared_pair(name)
    pairs = [(EDGE_TEXTS[i], EDGE_TEXTS[-1 - i]) for i in range(len(EDGE_TEXTS))]
    compare_texts(ours, rust, EDGE_TEXTS, pairs, name)
    for text in EDGE_TEXTS:
        encoding = ours.encode(text)
        assert_offsets_in_range(encoding, [text], f"{name} {text!r}")


# -- padding ----------------------------------------------------------------------------------

PADDINGS = [
    {},
    {"direction": "left"},
    {"length": 40},
    {"length": 40, "direction": "left"},
    {"length": 3},
    {"pad_to_multiple_of": 8},
    {"pad_to_multiple_of": 8, "direction": "left"},
    {"length": 37, "pad_to_multiple_of": 8},
    {"pad_id": 7, "pad_type_id": 2, "pad_token": "[MASK]"},
]
PADDING_TEXTS = ["Hello, world!", "", "A longer sentence about tokenizers and their padding."]
PADDING_PAIRS = [("Short one.", "And its pair, which is longer than it."), ("", "x")]


@pytest.mark.parametrize("name", ["bert-uncased", "bert-cased-template"])
@pytest.mark.parametrize("padding", PADDINGS, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()) or "default")
def test_padding(name, padding):
    ours, rust = fresh_pair(name)
    ours.enable_padding(**padding)
    rust.enable_padding(**padding)
    assert ours.padding == rust.padding
    compare_texts(ours, rust, PADDING_TEXTS, PADDING_PAIRS, f"{name} padding={padding}")


@pytest.mark.parametrize("direction", ["right", "left"])
def test_padding_with_truncation_pads_overflowing(direction):
    ours, rust = fresh_pair("bert-uncased")
    for tokenizer in (ours, rust):
        tokenizer.enable_padding(direction=direction, pad_to_multiple_of=4)
        tokenizer.enable_truncation(7, stride=2, direction=direction)
    texts = ["one two three four five six seven eight nine ten eleven", "short"]
    pairs = [("first sequence of the pair here", "second one is here too and longer")]
    compare_texts(ours, rust, texts, pairs, f"padding+truncation {direction}")


def test_no_padding_and_no_truncation_restore_plain_encodings():
    ours, rust = fresh_pair("bert-uncased-as-loaded")
    assert ours.padding == rust.padding
    assert ours.truncation == rust.truncation
    for tokenizer in (ours, rust):
        tokenizer.no_padding()
        tokenizer.no_truncation()
    assert ours.padding is None and ours.truncation is None
    compare_texts(ours, rust, ["word " * 200], [("a " * 100, "b " * 100)], "after no_padding/no_truncation")


# -- truncation -------------------------------------------------------------------------------

TRUNCATION_TEXTS = ["", "hello", "one two three four five six seven eight nine ten"]
TRUNCATION_PAIRS = [
    ("one two three four five six seven eight nine ten", "a b"),
    ("a b", "one two three four five six seven eight nine ten"),
    ("one two three four five six", "seven eight nine ten eleven twelve"),
    ("", "one two three"),
    ("hi", ""),
]


@pytest.mark.parametrize("name", ["bert-uncased", "bert-cased-bertprocessing"])
@pytest.mark.parametrize("direction", ["right", "left"])
@pytest.mark.parametrize("strategy", ["longest_first", "only_first", "only_second"])
def test_truncation(name, strategy, direction):
    ours, rust = fresh_pair(name)
    for max_length in (0, 1, 2, 3, 4, 5, 8, 20):
        for stride in (0, 1, 2, 4):
            settings = {"stride": stride, "strategy": strategy, "direction": direction}
            where = f"{name} enable_truncation({max_length}, {settings})"
            # The Rust package refuses a stride that leaves no room once special tokens are added.
            refused = rust_outcome(lambda: rust.enable_truncation(max_length, **settings))
            ours_outcome(lambda: ours.enable_truncation(max_length, **settings), refused, where)
            assert ours.truncation == rust.truncation, where
            if isinstance(refused, RustError):
                continue
            compare_texts(ours, rust, TRUNCATION_TEXTS, TRUNCATION_PAIRS, f"{name} max_length={max_length} {settings}")


@pytest.mark.parametrize(
    "arguments",
    [
        {"max_length": 5, "strategy": "bogus"},
        {"max_length": 5, "direction": "up"},
        {"max_length": 5, "stride": 5},
        {"max_length": 5, "stride": 10},
    ],
    ids=str,
)
def test_truncation_settings_errors(arguments):
    ours, rust = fresh_pair("bert-uncased")
    outcome = rust_outcome(lambda: rust.enable_truncation(**arguments))
    ours_outcome(lambda: ours.enable_truncation(**arguments), outcome, f"enable_truncation({arguments})")
    if not isinstance(outcome, RustError):
        assert ours.truncation == rust.truncation
        compare_texts(ours, rust, TRUNCATION_TEXTS, TRUNCATION_PAIRS, f"enable_truncation({arguments})")


# -- pre-tokenized input ----------------------------------------------------------------------

WORD_LISTS = [
    ["Hello", "world", "!"],
    ["un", "believable", "tokenization"],
    ["two words", "in one", "  "],
    ["", "empty", ""],
    [],
    ["héllo", "日本語", "🤗", "a" * 120],
    ["[CLS]", "[MASK]", "x"],
]


@pytest.mark.parametrize("name", PLAIN)
def test_pretokenized(name):
    ours, rust = shared_pair(name)
    for add_special_tokens in (True, False):
        where = f"{name} add_special_tokens={add_special_tokens}"
        pairs = [(WORD_LISTS[i], WORD_LISTS[-1 - i]) for i in range(len(WORD_LISTS))]
        for words in WORD_LISTS + [tuple(WORD_LISTS[0])]:
            assert_same_encode(
                lambda: ours.encode(words, is_pretokenized=True, add_special_tokens=add_special_tokens),
                lambda: rust.encode(words, is_pretokenized=True, add_special_tokens=add_special_tokens),
                f"{where} encode({words!r})",
            )
        for first, second in pairs:
            assert_same_encode(
                lambda: ours.encode(first, second, is_pretokenized=True, add_special_tokens=add_special_tokens),
                lambda: rust.encode(first, second, is_pretokenized=True, add_special_tokens=add_special_tokens),
                f"{where} encode({first!r}, {second!r})",
            )
        batch = WORD_LISTS + pairs + [[first, second] for first, second in pairs]
        for method in ("encode_batch", "encode_batch_fast"):
            assert_same_encode(
                lambda: getattr(ours, method)(batch, is_pretokenized=True, add_special_tokens=add_special_tokens),
                lambda: getattr(rust, method)(batch, is_pretokenized=True, add_special_tokens=add_special_tokens),
                f"{where} {method} pretokenized",
            )


def test_pretokenized_corpus_lines():
    ours, rust = shared_pair("bert-uncased")
    for path in CORPUS_FILES:
        lines = corpus_lines(path, 4)
        word_lists = [line.split() for line in lines]
        for method in ("encode_batch", "encode_batch_fast"):
            assert_same_encode(
                lambda: getattr(ours, method)(word_lists, is_pretokenized=True),
                lambda: getattr(rust, method)(word_lists, is_pretokenized=True),
                f"{path.name} {method} pretokenized",
            )


# -- added tokens -----------------------------------------------------------------------------

ADDED_TOKEN_TEXTS = [
    "yes",
    "yes yes",
    "yesyes",
    "eyes yesterday",
    " yes ",
    "  yes\t",
    "YES Yes yEs",
    "say yes.",
    "yes,no",
    "[NEW]",
    "a[NEW]b [NEW][NEW]",
    "[new] [NEW ]",
    "<mask>",
    "a <mask> b",
    "a<mask>b",
    "   <mask>   x",
    "<mask><mask>",
    "abc ab abcd ab-c bc",
    "xabcx ababc",
    "hello HELLO Hello hellohello",
    "new york New York newyork",
    "café cafe CAFÉ",
    "",
]


def _added_token(module: Any, content: str, **flags: Any) -> Any:
    return module.AddedToken(content, **flags)


# scenario -> list of (method, [(content, flags)]).
ADDED_TOKEN_SCENARIOS: dict[str, list[tuple[str, list[tuple[str, dict]]]]] = {
    "plain": [("add_tokens", [("yes", {})])],
    "plain-str": [("add_tokens", ["yes", "[NEW]"])],
    "single_word": [("add_tokens", [("yes", {"single_word": True})])],
    "lstrip": [("add_tokens", [("<mask>", {"lstrip": True})])],
    "rstrip": [("add_tokens", [("<mask>", {"rstrip": True})])],
    "lstrip-rstrip-special": [("add_special_tokens", [("<mask>", {"lstrip": True, "rstrip": True})])],
    "normalized": [("add_tokens", [("HeLLo", {"normalized": True}), ("Café", {"normalized": True})])],
    "not-normalized": [("add_tokens", [("HeLLo", {"normalized": False}), ("Café", {"normalized": False})])],
    "special": [("add_special_tokens", [("[NEW]", {})])],
    "special-flag": [("add_tokens", [("[NEW]", {"special": True})])],
    "special-str": [("add_special_tokens", ["[NEW]"])],
    "overlapping": [("add_tokens", [("ab", {}), ("abc", {}), ("bc", {})])],
    "overlapping-reversed": [("add_tokens", [("bc", {}), ("abc", {}), ("ab", {})])],
    "overlapping-mixed-normalization": [
        ("add_tokens", [("ab", {"normalized": False}), ("ABC", {"normalized": True})])
    ],
    "with-space": [("add_tokens", [("new york", {}), ("New York", {"normalized": False})])],
    "already-in-vocab": [("add_tokens", [("hello", {}), ("yes", {})])],
    "duplicates": [("add_tokens", [("yes", {}), ("yes", {})]), ("add_tokens", [("yes", {"single_word": True})])],
    "all-flags": [
        ("add_tokens", [("yes", {"single_word": True, "lstrip": True, "rstrip": True, "normalized": False})]),
        ("add_special_tokens", [("[NEW]", {"single_word": True, "normalized": True})]),
    ],
    "special-then-plain": [("add_special_tokens", [("yes", {})]), ("add_tokens", [("[NEW]", {})])],
}


def _apply_scenario(tokenizer: Any, module: Any, steps: list) -> list[int]:
    counts = []
    for method, tokens in steps:
        arguments = [t if isinstance(t, str) else _added_token(module, t[0], **t[1]) for t in tokens]
        counts.append(getattr(tokenizer, method)(arguments))
    return counts


@pytest.mark.parametrize("name", ["bert-uncased", "bert-cased-template"])
@pytest.mark.parametrize("scenario", list(ADDED_TOKEN_SCENARIOS))
def test_added_tokens(name, scenario):
    ours, rust = fresh_pair(name)
    steps = ADDED_TOKEN_SCENARIOS[scenario]
    assert _apply_scenario(ours, subword, steps) == _apply_scenario(rust, tokenizers, steps)
    for with_added in (True, False):
        assert ours.get_vocab_size(with_added_tokens=with_added) == rust.get_vocab_size(with_added_tokens=with_added)
        assert ours.get_vocab(with_added_tokens=with_added) == rust.get_vocab(with_added_tokens=with_added)
    for content in ["yes", "[NEW]", "<mask>", "HeLLo", "hello", "ab", "abc", "bc", "new york", "Café"]:
        assert ours.token_to_id(content) == rust.token_to_id(content), content
    pairs = [(ADDED_TOKEN_TEXTS[i], ADDED_TOKEN_TEXTS[-1 - i]) for i in range(0, len(ADDED_TOKEN_TEXTS), 3)]
    compare_texts(ours, rust, ADDED_TOKEN_TEXTS, pairs, f"{name} {scenario}")
    vocab_size = rust.get_vocab_size()
    ids = list(range(vocab_size - 6, vocab_size)) + [rust.token_to_id("[CLS]"), 1000, rust.token_to_id("[SEP]")]
    assert_same_decode(ours, rust, ids, f"{name} {scenario} new ids")


# -- the rest of the public API ---------------------------------------------------------------


@pytest.mark.parametrize("name", list(BUILDERS))
def test_vocabulary_accessors(name):
    ours, rust = shared_pair(name)
    for with_added in (True, False):
        assert ours.get_vocab_size(with_added_tokens=with_added) == rust.get_vocab_size(with_added_tokens=with_added)
        assert ours.get_vocab(with_added_tokens=with_added) == rust.get_vocab(with_added_tokens=with_added)
    for token in BERT_SPECIAL_TOKENS + ["hello", "##ing", "the", "Hello", "nonexistent-token", ""]:
        assert ours.token_to_id(token) == rust.token_to_id(token), token
    size = rust.get_vocab_size()
    for id_ in [0, 1, 100, 101, 102, 103, 999, 1000, size - 1, size, size + 10]:
        assert ours.id_to_token(id_) == rust.id_to_token(id_), id_
    for is_pair in (False, True):
        assert ours.num_special_tokens_to_add(is_pair) == rust.num_special_tokens_to_add(is_pair)
    assert ours.padding == rust.padding
    assert ours.truncation == rust.truncation


@pytest.mark.parametrize("name", list(BUILDERS))
def test_decode(name):
    ours, rust = shared_pair(name)
    size = rust.get_vocab_size()
    id_lists = [
        [],
        [101, 7592, 2088, 102],
        [101, 102, 0, 0, 100, 103],
        list(range(990, 1060)),
        list(range(size - 40, size)),
        [2000, 2001, 2002, size + 5, 2003],
        [1996, 1001, 1001, 1012, 1029],
    ]
    for ids in id_lists:
        assert_same_decode(ours, rust, ids, f"{name} {ids}")
    for skip in (True, False):
        expected = rust.decode_batch(id_lists, skip_special_tokens=skip)
        assert ours.decode_batch(id_lists, skip_special_tokens=skip) == expected


@pytest.mark.parametrize("name", PLAIN)
def test_post_process(name):
    ours, rust = shared_pair(name)
    first, second = "Hello there, post-processing.", "A second sequence."
    for add_special_tokens in (True, False):
        for pair in (False, True):
            assert_same_encode(
                lambda: ours.post_process(
                    ours.encode(first, add_special_tokens=False),
                    ours.encode(second, add_special_tokens=False) if pair else None,
                    add_special_tokens=add_special_tokens,
                ),
                lambda: rust.post_process(
                    rust.encode(first, add_special_tokens=False),
                    rust.encode(second, add_special_tokens=False) if pair else None,
                    add_special_tokens=add_special_tokens,
                ),
                f"{name} post_process(pair={pair}, add_special_tokens={add_special_tokens})",
            )


def test_without_post_processor():
    ours, rust = fresh_pair("bert-uncased")
    ours.post_processor = None
    rust.post_processor = None
    assert ours.num_special_tokens_to_add(True) == rust.num_special_tokens_to_add(True) == 0
    compare_texts(ours, rust, PADDING_TEXTS, PADDING_PAIRS + TRUNCATION_PAIRS, "no post-processor")
    for tokenizer in (ours, rust):
        tokenizer.enable_truncation(6, stride=1)
    compare_texts(ours, rust, TRUNCATION_TEXTS, TRUNCATION_PAIRS, "no post-processor, truncation 6")


def test_encode_batch_fast_matches_encode_ids():
    ours, rust = shared_pair("bert-uncased")
    texts = [line for path in CORPUS_FILES for line in corpus_lines(path, 3)] or EDGE_TEXTS
    fast = ours.encode_batch_fast(texts)
    full = ours.encode_batch(texts)
    assert [e.ids for e in fast] == [e.ids for e in full]
    assert [e.ids for e in fast] == [e.ids for e in rust.encode_batch_fast(texts)]


def test_encode_with_keyword_arguments():
    ours, rust = shared_pair("bert-uncased")
    assert_encodings_equal(
        ours.encode(sequence="Keyword call", pair="second", is_pretokenized=False, add_special_tokens=True),
        rust.encode(sequence="Keyword call", pair="second", is_pretokenized=False, add_special_tokens=True),
        "keyword arguments",
    )
    assert_encodings_equal(
        ours.encode_batch(input=["Keyword call"], is_pretokenized=False, add_special_tokens=False)[0],
        rust.encode_batch(input=["Keyword call"], is_pretokenized=False, add_special_tokens=False)[0],
        "encode_batch keyword arguments",
    )


@pytest.mark.parametrize("name", PLAIN)
def test_async_methods(name):
    """The awaitable methods give what Rust's give, also when several run at once."""
    import asyncio

    ours, rust = shared_pair(name)
    texts = ["Hello, y'all! How are you 😁 ?", "Tokenizers split text", "naïve café"]
    batch = [texts[0], (texts[1], texts[2])]

    async def run(tokenizer: Any) -> tuple:
        singles = await asyncio.gather(*(tokenizer.async_encode(text, texts[1]) for text in texts))
        full = await tokenizer.async_encode_batch(batch)
        fast = await tokenizer.async_encode_batch_fast(batch, add_special_tokens=False)
        decoded = await tokenizer.async_decode_batch([encoding.ids for encoding in full], skip_special_tokens=False)
        return singles + full + fast, decoded

    (ours_encodings, ours_decoded), (rust_encodings, rust_decoded) = asyncio.run(run(ours)), asyncio.run(run(rust))
    # Rust's async_encode reports byte offsets, unlike its documentation ("with character
    # offsets") and its async_encode_batch: the singles are compared with its encode.
    rust_encodings[: len(texts)] = [rust.encode(text, texts[1]) for text in texts]
    for index, (got, expected) in enumerate(zip(ours_encodings, rust_encodings, strict=True)):
        assert_encodings_equal(got, expected, f"{name} async result {index}")
    assert ours_decoded == rust_decoded


# A pair whose first sequence is too short for `only_first` truncation fails in post-processing;
# an unknown word with no unk_token in the vocabulary fails while encoding.
_FAILING_BATCH_DOCUMENT = {
    "version": "1.0",
    "truncation": {"direction": "Right", "max_length": 6, "strategy": "OnlyFirst", "stride": 0},
    "padding": None,
    "added_tokens": [],
    "normalizer": None,
    "pre_tokenizer": {"type": "WhitespaceSplit"},
    "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]},
    "decoder": None,
    "model": {"type": "WordLevel", "vocab": {"a": 0, "b": 1, "[CLS]": 2, "[SEP]": 3}, "unk_token": "[UNK]"},
}


@pytest.mark.parametrize("good_before", [0, 3, 40])
@pytest.mark.parametrize("method", ["encode_batch", "encode_batch_fast"])
def test_a_batch_raises_the_error_of_the_first_failing_item(monkeypatch, good_before, method):
    """Items are encoded a block at a time before they are post-processed; the error is still
    the one met first item by item, as the Rust package (one thread) raises it: the truncation
    error of an earlier item, not the encoding error of a later one in the same block."""
    monkeypatch.setenv("TOKENIZERS_PARALLELISM", "false")
    text = json.dumps(_FAILING_BATCH_DOCUMENT)
    items = [("a", "b")] * good_before + [("a", "a a a a a a a a"), ("a", "b"), ("zzz", "a"), ("a", "b")]
    with pytest.raises(Exception) as rust_error:
        getattr(tokenizers.Tokenizer.from_str(text), method)(items)
    with pytest.raises(subword.ArgumentValueError) as our_error:
        getattr(subword.Tokenizer.from_str(text), method)(items)
    assert str(rust_error.value).startswith("Truncation error: Sequence to truncate too short")
    assert str(our_error.value).startswith(str(rust_error.value))
