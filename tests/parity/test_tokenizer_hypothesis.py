"""Generated text through the BERT tokenizers, against the Rust `tokenizers` package.

Text mixes accents, CJK, emoji, combining marks, control and zero-width characters, whitespace
runs and words longer than WordPiece's 100-character limit. Besides parity on every field, it
checks two guarantees of subword itself: offsets always lie inside the text, and the fast path
(`encode_batch_fast`) gives the ids of the full path.
"""

from __future__ import annotations

import tokenizers
import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

import subword
from tests.parity._compare import (
    RustError,
    assert_encodings_equal,
    assert_offsets_in_range,
    assert_same_decode,
    assert_same_encode,
    ours_outcome,
    rust_outcome,
)
from tests.parity.test_tokenizer_parity import PLAIN, fresh_pair, shared_pair

# Single characters and a few multi-character clusters (emoji sequences, CRLF, double space).
CHARS = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    st.sampled_from("aeiouAEIOUbcdfghklmnrstyzéèêñüößøæÉÅ"),
    st.sampled_from("日本語中文字한국어テキストひらがな"),
    st.sampled_from(["🤗", "👍🏽", "🇫🇷", "👨\u200d👩\u200d👧", "\u2764\ufe0f"]),
    st.sampled_from(["\u0301", "\u0308", "\u0327", "\u0303", "\u20dd"]),  # combining marks
    st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\u0085", "\ufffd", "\u00ad"]),  # controls
    st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]),  # zero width
    st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u2028", "\u2003"]),
    st.sampled_from(".,!?;:'\"-#$%&()[]*/\\"),
)
# Longer than max_input_chars_per_word (100): WordPiece turns such a word into [UNK].
LONG_WORDS = st.one_of(
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=95, max_size=140),
    st.text(st.sampled_from("aé日🤗\u0301"), min_size=98, max_size=130),
)
FRAGMENTS = st.lists(CHARS, max_size=10).map("".join)
PIECES = st.one_of(
    FRAGMENTS,
    st.sampled_from(["hello", "Hello", "HELLO", "unbelievable", "##ing", "[CLS]", "[MASK]", "[UNK]", "don't"]),
    LONG_WORDS,
)
TEXTS = st.lists(PIECES, max_size=6).map("".join)
NAMES = st.sampled_from(PLAIN)


@given(name=NAMES, text=TEXTS)
def test_single_text(name, text):
    ours, rust = shared_pair(name)
    expected = rust.encode(text)
    got = ours.encode(text)
    assert_encodings_equal(got, expected, f"{name} encode({text!r})")
    assert_offsets_in_range(got, [text], f"{name} {text!r}")
    assert_same_decode(ours, rust, expected.ids, f"{name} {text!r}")
    fast = ours.encode_batch_fast([text])[0]
    assert fast.ids == got.ids, f"{name} {text!r}: the fast path disagrees with encode"
    assert_encodings_equal(fast, rust.encode_batch_fast([text])[0], f"{name} encode_batch_fast([{text!r}])")


@given(name=NAMES, first=TEXTS, second=TEXTS, add_special_tokens=st.booleans())
def test_pair(name, first, second, add_special_tokens):
    ours, rust = shared_pair(name)
    expected = rust.encode(first, second, add_special_tokens=add_special_tokens)
    got = ours.encode(first, second, add_special_tokens=add_special_tokens)
    assert_encodings_equal(got, expected, f"{name} encode({first!r}, {second!r})")
    assert_offsets_in_range(got, [first, second], f"{name} {first!r} / {second!r}")
    assert_same_decode(ours, rust, expected.ids, f"{name} {first!r} / {second!r}")
    batch = [(first, second), first, second]
    for method in ("encode_batch", "encode_batch_fast"):
        assert_same_encode(
            lambda: getattr(ours, method)(batch, add_special_tokens=add_special_tokens),
            lambda: getattr(rust, method)(batch, add_special_tokens=add_special_tokens),
            f"{name} {method}({batch!r})",
        )


@given(name=NAMES, words=st.lists(TEXTS, max_size=5), pair=st.none() | st.lists(TEXTS, max_size=4))
def test_pretokenized(name, words, pair):
    ours, rust = shared_pair(name)
    expected = rust.encode(words, pair, is_pretokenized=True)
    got = ours.encode(words, pair, is_pretokenized=True)
    assert_encodings_equal(got, expected, f"{name} encode({words!r}, {pair!r}, is_pretokenized=True)")
    item = words if pair is None else (words, pair)
    fast = ours.encode_batch_fast([item], is_pretokenized=True)[0]
    assert fast.ids == got.ids
    assert_encodings_equal(fast, rust.encode_batch_fast([item], is_pretokenized=True)[0], f"{name} fast {item!r}")


PADDING = {
    "direction": st.sampled_from(["right", "left"]),
    "pad_to_multiple_of": st.none() | st.integers(1, 9),
    "length": st.none() | st.integers(0, 30),
}


# Short texts: a pair truncated to a few tokens overflows into (tokens of A) x (tokens of B) encodings.
SHORT_TEXTS = st.lists(PIECES, max_size=2).map("".join)


@given(
    first=SHORT_TEXTS,
    second=st.none() | SHORT_TEXTS,
    max_length=st.integers(0, 24),
    stride=st.integers(0, 6),
    strategy=st.sampled_from(["longest_first", "only_first", "only_second"]),
    direction=st.sampled_from(["right", "left"]),
    padding=st.none() | st.fixed_dictionaries(PADDING),
)
def test_truncation_and_padding(first, second, max_length, stride, strategy, direction, padding):
    ours, rust = shared_pair("bert-uncased")
    try:
        truncation = {"stride": stride, "strategy": strategy, "direction": direction}
        refused = rust_outcome(lambda: rust.enable_truncation(max_length, **truncation))
        where = f"enable_truncation({max_length}, {truncation})"
        ours_outcome(lambda: ours.enable_truncation(max_length, **truncation), refused, where)
        if padding is not None:
            rust.enable_padding(**padding)
            ours.enable_padding(**padding)
        context = f"truncation={rust.truncation} padding={rust.padding} {first!r} / {second!r}"
        expected = assert_same_encode(lambda: ours.encode(first, second), lambda: rust.encode(first, second), context)
        if expected is not None:
            assert_offsets_in_range(ours.encode(first, second), [first, second or ""], context)
        batch = [first if second is None else (first, second), "a b c d e f g"]
        for method in ("encode_batch", "encode_batch_fast"):
            assert_same_encode(
                lambda: getattr(ours, method)(batch), lambda: getattr(rust, method)(batch), f"{method} {context}"
            )
    finally:
        for tokenizer in (ours, rust):
            tokenizer.no_truncation()
            tokenizer.no_padding()


ADDED_CONTENT = st.one_of(
    st.lists(CHARS, min_size=1, max_size=6).map("".join),
    st.sampled_from(["yes", "Hello", "[NEW]", "<mask>", "ab", "abc", "é", "日本", " x", "y "]),
)
ADDED_TOKENS = st.lists(
    st.tuples(
        ADDED_CONTENT,
        st.fixed_dictionaries(
            {
                "single_word": st.booleans(),
                "lstrip": st.booleans(),
                "rstrip": st.booleans(),
                "normalized": st.booleans(),
                "special": st.booleans(),
            }
        ),
    ),
    min_size=1,
    max_size=4,
)


# Each example builds two tokenizers (~0.2 s), so this test runs a quarter of the profile's examples.
@settings(max_examples=max(1, settings.default.max_examples // 4))
@given(
    name=st.sampled_from(["bert-uncased", "bert-cased-template"]),
    added=ADDED_TOKENS,
    texts=st.lists(TEXTS, min_size=1, max_size=3),
)
def test_added_tokens(name, added, texts):
    ours, rust = fresh_pair(name)
    if any(flags["normalized"] and not rust.normalizer.normalize_str(content) for content, flags in added):
        # A token that normalizes to nothing matches the empty string everywhere; the Rust package
        # then loops forever or panics on many texts (test_empty_normalized_added_token covers it).
        reject()
    patterns = {}
    for content, flags in added:
        pattern = (flags["normalized"], rust.normalizer.normalize_str(content) if flags["normalized"] else content)
        patterns.setdefault(pattern, set()).add(content)
    if any(len(contents) > 1 for contents in patterns.values()):
        # Two tokens that look the same to the matcher ("000" and "0\u030100" once accents are
        # stripped): Rust's pick follows its hash-map order and changes from run to run.
        reject()
    count = ours.add_tokens([subword.AddedToken(content, **flags) for content, flags in added])
    assert count == rust.add_tokens([tokenizers.AddedToken(content, **flags) for content, flags in added])
    # Insert the added contents into the texts so they are actually met.
    texts = texts + [f"{text}{content}{text.upper()} {content}" for text, (content, _) in zip(texts, added)]
    for text in texts:
        expected = rust_outcome(lambda: rust.encode(text))
        if isinstance(expected, RustError) and expected.is_panic:
            reject()  # the Rust package panics on some added tokens next to multi-byte characters
        got = ours_outcome(lambda: ours.encode(text), expected, f"{name} added={added} encode({text!r})")
        if got is None:
            continue
        assert_encodings_equal(got, expected, f"{name} added={added} encode({text!r})")
        assert_offsets_in_range(got, [text], f"{name} {text!r}")
        assert_same_decode(ours, rust, expected.ids, f"{name} added={added} {text!r}")
        assert ours.encode_batch_fast([text])[0].ids == got.ids, f"{name} added={added} {text!r}: fast path"


@pytest.mark.parametrize(
    "flags, text",
    [
        ({}, "ab <m>b"),
        ({"special": True}, "a  b "),
        ({"lstrip": True}, "<m> <m>"),
        ({"lstrip": True, "special": True}, "a <m>b"),
    ],
)
def test_empty_normalized_added_token(flags, text):
    """An added token that the normalizer deletes matches the empty string between characters."""
    built = []
    for module in (subword, tokenizers):
        tokenizer = module.Tokenizer(module.models.WordLevel({"a": 0, "b": 1, "[UNK]": 2}, unk_token="[UNK]"))
        tokenizer.normalizer = module.normalizers.BertNormalizer(lowercase=False)
        tokenizer.pre_tokenizer = module.pre_tokenizers.WhitespaceSplit()
        tokenizer.add_tokens([module.AddedToken("\u200c", normalized=True, **flags)])
        tokenizer.add_tokens([module.AddedToken("<m>", lstrip=True, rstrip=True, single_word=True)])
        built.append(tokenizer)
    ours, rust = built
    assert_encodings_equal(ours.encode(text), rust.encode(text), f"{flags} {text!r}")
    assert ours.encode_batch_fast([text])[0].ids == rust.encode(text).ids


@pytest.mark.parametrize("text", ["   ", " a  b ", "\t \t", "x   "])
def test_matches_inside_a_stripped_match_give_no_tokens(text):
    """A space token with lstrip/rstrip swallows the next spaces; their own matches add nothing."""
    ours, rust = fresh_pair("bert-uncased")
    ours.add_tokens([subword.AddedToken(" ", lstrip=True, rstrip=True, normalized=False)])
    rust.add_tokens([tokenizers.AddedToken(" ", lstrip=True, rstrip=True, normalized=False)])
    assert_encodings_equal(ours.encode(text), rust.encode(text), repr(text))
    assert_encodings_equal(ours.encode_batch_fast([text])[0], rust.encode_batch_fast([text])[0], f"fast {text!r}")


@settings(max_examples=15, deadline=None)
@given(
    name=NAMES,
    texts=st.lists(TEXTS, min_size=30, max_size=70),
    pair_every=st.integers(2, 7),
    add_special_tokens=st.booleans(),
)
def test_batches_of_several_blocks(name, texts, pair_every, add_special_tokens):
    """A batch is encoded a block of items at a time, each step over the block before the next
    (`Tokenizer._encode_each`): every field of every item as the Rust package gives it, singles
    and pairs mixed, across the blocks' edges."""
    ours, rust = shared_pair(name)
    items = [(text, texts[index - 1]) if index % pair_every == 0 else text for index, text in enumerate(texts)]
    for method in ("encode_batch", "encode_batch_fast"):
        assert_same_encode(
            lambda: getattr(ours, method)(items, add_special_tokens=add_special_tokens),
            lambda: getattr(rust, method)(items, add_special_tokens=add_special_tokens),
            f"{name} {method} of {len(items)} items",
        )
