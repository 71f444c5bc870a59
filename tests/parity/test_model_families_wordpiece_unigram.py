"""Parity of WordPiece and Unigram pipelines shaped like popular pretrained tokenizers.

Each pipeline is a tokenizer.json written by hand after the published files of a model family
(multilingual BERT, DistilBERT, ELECTRA, MiniLM, XLM-RoBERTa, ALBERT, DeBERTa-v3, mT5, XLNet),
filled with the vocabularies in ../shared: BERT's vocab.txt for WordPiece, T5's Unigram pieces
and Precompiled charsmap, ALBERT's 30k-clean.vocab. Both `subword.Tokenizer.from_str` and
`tokenizers.Tokenizer.from_str` load the same document; every encoding field, decode, batch
and truncation result is compared. Expected values come from the Rust package.
"""

from __future__ import annotations

import functools
import json
import random
from typing import Any

import pytest
import tokenizers
from hypothesis import given
from hypothesis import strategies as st

import subword
from tests.parity._compare import (
    RustError,
    assert_offsets_in_range,
    assert_same_decode,
    assert_same_encode,
    rust_outcome,
)
from tests.shared_data import FIXTURES, corpus_files, corpus_lines, fixture_path

# -- tokenizer.json building blocks ----------------------------------------------------------


def _doc(model: dict, normalizer: Any = None, pre: Any = None, post: Any = None, decoder: Any = None,
         added: tuple = (), padding: Any = None) -> str:
    return json.dumps({
        "version": "1.0", "truncation": None, "padding": padding, "added_tokens": list(added),
        "normalizer": normalizer, "pre_tokenizer": pre, "post_processor": post, "decoder": decoder, "model": model,
    })


def _added(id_: int, content: str, special: bool = True, **flags: bool) -> dict:
    entry = {"id": id_, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": special}
    entry.update(flags)
    return entry


def _wordpiece(vocab: dict, prefix: str = "##", max_chars: int = 100) -> dict:
    return {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": prefix,
            "max_input_chars_per_word": max_chars, "vocab": vocab}


def _unigram(vocab: list, unk_id: int | None, byte_fallback: bool = False) -> dict:
    return {"type": "Unigram", "unk_id": unk_id, "vocab": vocab, "byte_fallback": byte_fallback}


def _bert_normalizer(clean: bool = True, chinese: bool = True, strip: bool | None = None, lower: bool = True) -> dict:
    return {"type": "BertNormalizer", "clean_text": clean, "handle_chinese_chars": chinese,
            "strip_accents": strip, "lowercase": lower}


def _metaspace(scheme: str = "always", split: bool = True) -> dict:
    return {"type": "Metaspace", "replacement": "▁", "prepend_scheme": scheme, "split": split}


def _sequence(kind: str, items: list) -> dict:
    key = {"normalizer": "normalizers", "pre": "pretokenizers", "decoder": "decoders"}[kind]
    return {"type": "Sequence", key: items}


def _special(name: str, type_id: int) -> dict:
    return {"SpecialToken": {"id": name, "type_id": type_id}}


def _seq(name: str, type_id: int) -> dict:
    return {"Sequence": {"id": name, "type_id": type_id}}


def _template(single: list, pair: list, specials: dict[str, list[tuple[str, int]]]) -> dict:
    """TemplateProcessing; `specials` maps a name to its (token, id) list (several ids allowed)."""
    return {"type": "TemplateProcessing", "single": single, "pair": pair, "special_tokens": {
        name: {"id": name, "ids": [i for _, i in items], "tokens": [t for t, _ in items]}
        for name, items in specials.items()}}


WORDPIECE_DECODER = {"type": "WordPiece", "prefix": "##", "cleanup": True}
WHITESPACE_THEN_METASPACE = _sequence("pre", [{"type": "WhitespaceSplit"}, _metaspace()])

# -- the vocabularies ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def _bert_vocab(name: str) -> dict[str, int]:
    lines = fixture_path(f"{name}/vocab.txt").read_text(encoding="utf-8").splitlines()
    return {token: index for index, token in enumerate(lines)}


@functools.lru_cache(maxsize=None)
def _t5() -> dict:
    return json.loads(fixture_path("t5/tokenizer.json").read_text(encoding="utf-8"))


def _t5_pieces() -> list:
    return _t5()["model"]["vocab"]


def _precompiled() -> dict:
    return {"type": "Precompiled", "precompiled_charsmap": _t5()["normalizer"]["precompiled_charsmap"]}


@functools.lru_cache(maxsize=None)
def _albert_pieces() -> list:
    rows = fixture_path("albert/30k-clean.vocab").read_text(encoding="utf-8").splitlines()
    return [[piece, float(score)] for piece, score in (row.split("\t") for row in rows)]


# -- the model families -------------------------------------------------------------------------


def _bert_like(vocab_name: str, normalizer: dict, pre: dict, post: str = "bert", **model: Any) -> str:
    vocab = _bert_vocab(vocab_name)
    cls, sep = ("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])
    if post == "bert":
        processor = {"type": "BertProcessing", "sep": list(sep), "cls": list(cls)}
    else:
        # $A:0 $B:1, with a two-token "[CLS] [MASK]" special to exercise multi-id specials
        head = [cls, ("[MASK]", vocab["[MASK]"])] if post == "multi" else [cls]
        single = [_special("[CLS]", 0), _seq("A", 0), _special("[SEP]", 0)]
        processor = _template(single, single + [_seq("B", 1), _special("[SEP]", 1)], {"[CLS]": head, "[SEP]": [sep]})
    specials = [_added(vocab[t], t) for t in ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")]
    return _doc(_wordpiece(vocab, **model), normalizer, pre, processor, WORDPIECE_DECODER, specials)


def _prefixed_wordpiece() -> str:
    """WordPiece with "@@" instead of "##" and a 6-character word limit."""
    vocab = {(("@@" + t[2:]) if t.startswith("##") else t): i for t, i in _bert_vocab("bert-base-cased").items()}
    specials = [_added(vocab[t], t) for t in ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")]
    post = {"type": "BertProcessing", "sep": ["[SEP]", vocab["[SEP]"]], "cls": ["[CLS]", vocab["[CLS]"]]}
    decoder = {"type": "WordPiece", "prefix": "@@", "cleanup": False}
    return _doc(_wordpiece(vocab, "@@", 6), _bert_normalizer(lower=False), {"type": "BertPreTokenizer"}, post, decoder, specials)


def _xlm_roberta(post: str) -> str:
    pieces = [["<s>", 0.0], ["<pad>", 0.0], ["</s>", 0.0], ["<unk>", 0.0]] + _t5_pieces()[3:] + [["<mask>", 0.0]]
    added = [_added(i, t) for i, t in enumerate(["<s>", "<pad>", "</s>", "<unk>"])]
    added.append(_added(len(pieces) - 1, "<mask>", lstrip=True))
    if post == "roberta":
        processor = {"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0], "trim_offsets": True, "add_prefix_space": True}
    else:
        single = [_special("<s>", 0), _seq("A", 0), _special("</s>", 0)]
        pair = single + [_special("</s>", 0), _seq("B", 0), _special("</s>", 0)]
        processor = _template(single, pair, {"<s>": [("<s>", 0)], "</s>": [("</s>", 2)]})
    return _doc(_unigram(pieces, 3), _precompiled(), WHITESPACE_THEN_METASPACE, processor, _metaspace(), added)


def _albert_normalizer() -> dict:
    replace = [{"type": "Replace", "pattern": {"String": quote}, "content": '"'} for quote in ("``", "''")]
    return _sequence("normalizer", replace + [{"type": "NFKD"}, {"type": "StripAccents"}, {"type": "Lowercase"}])


def _albert() -> str:
    pieces = _albert_pieces()
    index = {piece: i for i, (piece, _) in enumerate(pieces)}
    single = [_special("[CLS]", 0), _seq("A", 0), _special("[SEP]", 0)]
    pair = single + [_seq("B", 1), _special("[SEP]", 1)]
    post = _template(single, pair, {"[CLS]": [("[CLS]", index["[CLS]"])], "[SEP]": [("[SEP]", index["[SEP]"])]})
    added = [_added(index[t], t) for t in ("<pad>", "<unk>", "[CLS]", "[SEP]", "[MASK]")]
    return _doc(_unigram(pieces, 1), _albert_normalizer(), WHITESPACE_THEN_METASPACE, post, _metaspace(), added)


T5_SPECIALS = [_added(0, "<pad>"), _added(1, "</s>"), _added(2, "<unk>")]


def _deberta_v3() -> str:
    """Precompiled + space-run collapse; one Metaspace word (split=False), "▁" only at the start."""
    normalizer = _sequence("normalizer", [_precompiled(), {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}])
    single = [_special("</s>", 0), _seq("A", 0), _special("</s>", 0)]
    post = _template(single, single + [_seq("B", 1), _special("</s>", 1)], {"</s>": [("</s>", 1)]})
    return _doc(_unigram(_t5_pieces(), 2), normalizer, _metaspace("first", False), post, _metaspace("first", False), T5_SPECIALS)


def _mt5() -> str:
    single = [_seq("A", 0), _special("</s>", 0)]
    post = _template(single, single + [_seq("B", 0), _special("</s>", 0)], {"</s>": [("</s>", 1)]})
    return _doc(_unigram(_t5_pieces(), 2), _precompiled(), WHITESPACE_THEN_METASPACE, post, _metaspace(), T5_SPECIALS)


def _byte_fallback_unigram(byte_count: int = 256) -> str:
    pieces = _t5_pieces() + [[f"<0x{b:02X}>", -20.0] for b in range(byte_count)]
    decoder = _sequence("decoder", [
        {"type": "Replace", "pattern": {"String": "▁"}, "content": " "}, {"type": "ByteFallback"}, {"type": "Fuse"},
        {"type": "Strip", "content": " ", "start": 1, "stop": 0}])
    return _doc(_unigram(pieces, 2, byte_fallback=True), _precompiled(), _metaspace("first", False), None, decoder, T5_SPECIALS)


def _unigram_without_unk() -> str:
    pieces = [p for p in _t5_pieces() if p[0] != "<unk>"]
    return _doc(_unigram(pieces, None), None, _metaspace(), None, _metaspace())


def _xlnet() -> str:
    """XLNet: specials after the text, <cls> with type id 2, padding on the left with type id 3."""
    names = ["<unk>", "<s>", "</s>", "<cls>", "<sep>", "<pad>", "<mask>"]
    pieces = [[name, 0.0] for name in names] + _t5_pieces()[3:]
    single = [_seq("A", 0), _special("<sep>", 0), _special("<cls>", 2)]
    pair = [_seq("A", 0), _special("<sep>", 0), _seq("B", 1), _special("<sep>", 1), _special("<cls>", 2)]
    post = _template(single, pair, {"<sep>": [("<sep>", 4)], "<cls>": [("<cls>", 3)]})
    added = [_added(i, t) for i, t in enumerate(names[:-1])] + [_added(6, "<mask>", lstrip=True)]
    padding = {"strategy": "BatchLongest", "direction": "Left", "pad_to_multiple_of": None,
               "pad_id": 5, "pad_type_id": 3, "pad_token": "<pad>"}
    return _doc(_unigram(pieces, 0), _albert_normalizer(), WHITESPACE_THEN_METASPACE, post, _metaspace(), added, padding)


BERT_PRE = {"type": "BertPreTokenizer"}
MINILM_PRE = _sequence("pre", [{"type": "WhitespaceSplit"}, {"type": "Punctuation", "behavior": "Isolated"},
                               {"type": "Digits", "individual_digits": True}])
MINILM_NORMALIZER = _sequence("normalizer", [{"type": "NFD"}, {"type": "Lowercase"}, {"type": "StripAccents"}])

FAMILIES = {
    "mbert-cased": lambda: _bert_like("bert-base-cased", _bert_normalizer(lower=False), BERT_PRE),
    "mbert-strip-false-no-cjk": lambda: _bert_like("bert-base-cased", _bert_normalizer(chinese=False, strip=False, lower=False), BERT_PRE),
    "mbert-strip-true": lambda: _bert_like("bert-base-cased", _bert_normalizer(strip=True, lower=False), BERT_PRE),
    "mbert-no-clean-no-cjk": lambda: _bert_like("bert-base-cased", _bert_normalizer(clean=False, chinese=False, lower=False), BERT_PRE),
    "bert-uncased-template": lambda: _bert_like("bert-base-uncased", _bert_normalizer(), BERT_PRE, post="template"),
    "distilbert-whitespace": lambda: _bert_like("bert-base-uncased", _bert_normalizer(), {"type": "Whitespace"}),
    "electra-whitespace-split": lambda: _bert_like("bert-base-uncased", _bert_normalizer(strip=True), {"type": "WhitespaceSplit"}),
    "minilm-multi-id-specials": lambda: _bert_like("bert-base-cased", MINILM_NORMALIZER, MINILM_PRE, post="multi"),
    "wordpiece-@@-max6": _prefixed_wordpiece,
    "wordpiece-no-prefix": lambda: _doc(_wordpiece(_bert_vocab("bert-base-cased"), "", 12), None, {"type": "WhitespaceSplit"}),
    "xlm-roberta": lambda: _xlm_roberta("roberta"),
    "xlm-roberta-template": lambda: _xlm_roberta("template"),
    "albert": _albert,
    "deberta-v3": _deberta_v3,
    "mt5": _mt5,
    "unigram-byte-fallback": _byte_fallback_unigram,
    "unigram-partial-bytes": lambda: _byte_fallback_unigram(byte_count=0x80),
    "unigram-no-unk": _unigram_without_unk,
    "xlnet-left-padding": _xlnet,
}


@functools.lru_cache(maxsize=None)
def _pair(name: str) -> tuple[Any, Any]:
    document = FAMILIES[name]()
    return subword.Tokenizer.from_str(document), tokenizers.Tokenizer.from_str(document)


def _tokenizers(name: str) -> tuple[Any, Any]:
    """Fresh copies (truncation and padding are changed by some tests)."""
    ours, rust = _pair(name)
    return subword.Tokenizer.from_str(rust.to_str()), tokenizers.Tokenizer.from_str(rust.to_str())


EXTRA_LINES = [
    "Hello  world!", "  leading and trailing  ", "", " ", "naïve café ``quoted'' text", "日本語のテキスト",
    "a\u0301b\u0308", "x\x00y\tz\u200b", "supercalifragilisticexpialidocious", "1234567890 3.14", "🤗🤗 emoji",
    "[CLS] [MASK] <mask> <s> hi </s> <pad>", "ǅ ﬁ ① ｱ ㍿", "\u00a0\u3000x", "Straße İstanbul ΣΑΣ",
]


@functools.lru_cache(maxsize=None)
def _lines() -> list[str]:
    lines = [line for path in corpus_files() for line in corpus_lines(path, 6)]
    return lines + EXTRA_LINES


def _encodable(rust: Any, lines: list[str]) -> list[str]:
    """The lines the Rust tokenizer encodes without an error (a Unigram without unk refuses some)."""
    return [line for line in lines if not isinstance(rust_outcome(lambda: rust.encode(line)), RustError)]


# -- the comparisons ---------------------------------------------------------------------------

NAMES = sorted(FAMILIES)


@pytest.mark.parametrize("name", NAMES)
def test_corpus_lines_single_and_pair(name: str) -> None:
    ours, rust = _pair(name)
    lines = _lines()
    for index, line in enumerate(lines):
        second = lines[(index + 7) % len(lines)]
        assert_same_encode(lambda: ours.encode(line), lambda: rust.encode(line), f"{name} {line!r}")
        assert_same_encode(lambda: ours.encode(line, second), lambda: rust.encode(line, second), f"{name} pair {line!r}")
        assert_same_encode(lambda: ours.encode(line, add_special_tokens=False),
                           lambda: rust.encode(line, add_special_tokens=False), f"{name} no specials {line!r}")


@pytest.mark.parametrize("name", NAMES)
def test_batches_fast_path_and_decode(name: str) -> None:
    ours, rust = _pair(name)
    lines = _encodable(rust, _lines())
    pairs = list(zip(lines, reversed(lines)))
    assert_same_encode(lambda: ours.encode_batch(lines), lambda: rust.encode_batch(lines), f"{name} batch")
    assert_same_encode(lambda: ours.encode_batch(pairs), lambda: rust.encode_batch(pairs), f"{name} pair batch")
    assert [e.ids for e in ours.encode_batch_fast(pairs)] == [e.ids for e in rust.encode_batch_fast(pairs)]
    for encoding in rust.encode_batch(lines):
        assert_same_decode(ours, rust, encoding.ids, name)
    generator = random.Random(name)
    for _ in range(20):
        ids = [generator.randrange(rust.get_vocab_size()) for _ in range(generator.randrange(12))]
        assert_same_decode(ours, rust, ids, f"{name} random ids")


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    "settings",
    [
        {"max_length": 12, "stride": 3, "strategy": "longest_first"},
        {"max_length": 9, "stride": 1, "strategy": "only_second", "direction": "left"},
        {"max_length": 10, "stride": 0, "strategy": "only_first"},
    ],
    ids=["longest_first", "only_second-left", "only_first"],
)
def test_truncation_with_overflow(name: str, settings: dict) -> None:
    ours, rust = _tokenizers(name)
    rust.enable_truncation(**settings)
    ours.enable_truncation(**settings)
    lines = _encodable(rust, _lines())[::5]
    for line in lines:
        assert_same_encode(lambda: ours.encode(line), lambda: rust.encode(line), f"{name} {settings} {line!r}")
        assert_same_encode(lambda: ours.encode(line, lines[1]), lambda: rust.encode(line, lines[1]), f"{name} {settings} pair")


@pytest.mark.parametrize("name", ["xlnet-left-padding", "mbert-cased", "albert"])
def test_padding(name: str) -> None:
    ours, rust = _tokenizers(name)
    lines = _lines()[:12]
    assert_same_encode(lambda: ours.encode_batch(lines), lambda: rust.encode_batch(lines), f"{name} batch")
    settings = {"direction": "left", "pad_id": 0, "pad_type_id": 3, "pad_token": "<pad>", "pad_to_multiple_of": 8}
    rust.enable_padding(**settings)
    ours.enable_padding(**settings)
    rust.enable_truncation(16, stride=2)
    ours.enable_truncation(16, stride=2)
    pairs = list(zip(lines, reversed(lines)))
    assert_same_encode(lambda: ours.encode_batch(pairs), lambda: rust.encode_batch(pairs), f"{name} padded pairs")
    assert ours.padding == rust.padding


@pytest.mark.parametrize("name", NAMES)
def test_documents_serialize_like_rust(name: str) -> None:
    ours, rust = _pair(name)
    assert json.loads(ours.to_str()) == json.loads(rust.to_str())


def test_unigram_without_unk_refuses_unknown_text_like_rust() -> None:
    ours, rust = _pair("unigram-no-unk")
    assert isinstance(rust_outcome(lambda: rust.encode("日本")), RustError)
    assert_same_encode(lambda: ours.encode("日本"), lambda: rust.encode("日本"), "unknown text")


@given(
    pieces=st.dictionaries(st.text("abc", min_size=1, max_size=3), st.sampled_from([21.0, 25.0, 30.0, 40.0]), min_size=1, max_size=8),
    texts=st.lists(st.text("abcx", max_size=8), min_size=1, max_size=4),
)
def test_unigram_unknown_runs_that_spell_a_piece_like_rust(pieces: dict[str, float], texts: list[str]) -> None:
    # With every score above 20, two unknown nodes (the lowest score less 10 each) outscore a
    # piece, so a fused unknown run can spell a piece: Rust then gives it the piece's id.
    vocab = [("<unk>", 40.0), *pieces.items()]
    ours = subword.Tokenizer(subword.models.Unigram(vocab, 0))
    rust = tokenizers.Tokenizer(tokenizers.models.Unigram(vocab, 0))
    for text in texts:
        assert_same_encode(lambda: ours.encode(text), lambda: rust.encode(text), repr(text))
    fast = [encoding.ids for encoding in ours.encode_batch_fast(texts)]
    assert fast == [encoding.ids for encoding in rust.encode_batch_fast(texts)]


def test_pretokenized_input_with_metaspace_first() -> None:
    ours, rust = _pair("deberta-v3")
    for words in (["Hello", "world", " x"], ["a"], [], ["  ", "ﬁne"]):
        assert_same_encode(lambda: ours.encode(words, is_pretokenized=True),
                           lambda: rust.encode(words, is_pretokenized=True), f"{words!r}")
        assert_same_encode(lambda: ours.encode(words, ["b", "c"], is_pretokenized=True),
                           lambda: rust.encode(words, ["b", "c"], is_pretokenized=True), f"{words!r} pair")


def test_added_tokens_normalized_through_precompiled_and_bert() -> None:
    size = len(_t5_pieces())
    added = T5_SPECIALS + [
        _added(size, "ﬁne", special=False, normalized=True),
        _added(size + 1, "HELLO", special=False, normalized=True, single_word=True),
        _added(size + 2, "<mask>", lstrip=True, rstrip=True),
    ]
    unigram = _doc(_unigram(_t5_pieces(), 2), _precompiled(), WHITESPACE_THEN_METASPACE, None, _metaspace(), added)
    vocab = _bert_vocab("bert-base-cased")
    bert_added = [_added(vocab[t], t) for t in ("[UNK]", "[CLS]", "[SEP]")] + [
        _added(len(vocab), "Straße", special=False, normalized=True),
        _added(len(vocab) + 1, "NEW", special=False, rstrip=True),
    ]
    bert = _doc(_wordpiece(vocab), _bert_normalizer(), BERT_PRE, None, WORDPIECE_DECODER, bert_added)
    texts = ["fine ﬁne HELLOx HELLO", "x<mask>y  <mask> z", "strasse STRASSE Straße NEW  x newNEW", "[CLS]a[SEP]"]
    for document in (unigram, bert):
        ours, rust = subword.Tokenizer.from_str(document), tokenizers.Tokenizer.from_str(document)
        for text in texts:
            assert_same_encode(lambda: ours.encode(text), lambda: rust.encode(text), text)
            assert_same_decode(ours, rust, rust.encode(text).ids, text)


# -- hypothesis ---------------------------------------------------------------------------------

PIECES = st.one_of(
    st.text(st.sampled_from("aAéÉeE \t\n日本語한국어ßǅﬁ①ｱ½\u0301\u0308\u200b\u00a0\u3000\x00\x7f\ufeff\u00ad🤗.,!?'`\"-0123"), max_size=8),
    st.sampled_from(["``", "''", "[CLS]", "[MASK]", "<mask>", "</s>", "<s>", "##", "@@", "▁", "<0x41>", "ｶﾞ",
                     "\U00020000", "\u0e01\u0e34", "\u0915\u094d", "Ⅻ", "㍿", "İ", "ς", "  ", "the", "tion"]),
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
)
TEXTS = st.lists(PIECES, max_size=6).map("".join)


@given(name=st.sampled_from(NAMES), first=TEXTS, second=TEXTS)
def test_hypothesis_texts(name: str, first: str, second: str) -> None:
    ours, rust = _pair(name)
    expected = assert_same_encode(lambda: ours.encode(first), lambda: rust.encode(first), f"{name} {first!r}")
    assert_same_encode(lambda: ours.encode(first, second), lambda: rust.encode(first, second), f"{name} pair")
    if expected is not None:
        assert_offsets_in_range(ours.encode(first), [first], name)
        assert_same_decode(ours, rust, expected.ids, f"{name} {first!r}")
        assert ours.encode_batch_fast([first])[0].ids == rust.encode_batch_fast([first])[0].ids


def test_fixtures_are_the_expected_ones() -> None:
    """The vocabularies have the sizes these pipelines assume."""
    assert len(_bert_vocab("bert-base-cased")) == 28996
    assert len(_albert_pieces()) == 30000
    assert (FIXTURES / "t5" / "tokenizer.json").exists()
