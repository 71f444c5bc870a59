"""Generated text through the BPE tokenizers, against the Rust `tokenizers` package.

Text mixes emoji (ZWJ sequences, skin tones, flags), lone combining marks, characters no
vocabulary has, long runs of one character, several scripts and whitespace runs. Every field
must equal the Rust package's, offsets included: a byte-level token holding part of a
multi-byte character reports exactly the span Rust reports. Offsets always lie inside the text,
and the fast path (`encode_batch_fast`) gives the ids of the full path.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.parity._compare import (
    assert_encodings_equal,
    assert_offsets_in_range,
    assert_same_decode,
    assert_same_encode,
    ours_outcome,
    rust_outcome,
)
from tests.parity.test_bpe_tokenizers_parity import PLAIN, settings_pair, shared_pair, specials_of

EMOJI = st.sampled_from(
    [
        "🤗",
        "👍🏽",
        "🇫🇷",
        "🇯🇵🇺🇸",
        "👨\u200d👩\u200d👧\u200d👦",  # ZWJ family
        "🏳\ufe0f\u200d🌈",  # ZWJ flag
        "👩🏾\u200d💻",
        "\u2764\ufe0f",
        "#\ufe0f\u20e3",  # keycap
        "\U0001f9d1\u200d\U0001f91d\u200d\U0001f9d1",
    ]
)
COMBINING = st.sampled_from(["\u0301", "\u0308", "\u0327", "\u0303", "\u20dd", "\u0345", "\u302a", "\u05b7"])
# Characters that few or none of the vocabularies have whole (so they go to bytes, <unk> or byte fallback).
RARE = st.one_of(
    st.characters(min_codepoint=0x10000, max_codepoint=0x3FFFF, exclude_categories=("Cs", "Cn")),
    st.sampled_from("\U0001d11e\U00020000\u2603\u0f00\u1e9e\uffff\ufffd\u00ad\x00\x1b\x7f"),
)
SCRIPTS = st.sampled_from(
    "hello Hello naïve 日本語 中文字 한국어 русский ελληνικά עברית العربية हिन्दी ไทย ß ﬁ".split()
)
WHITESPACE = st.lists(
    st.sampled_from([" ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u2028", "\u200b"]), min_size=1, max_size=6
).map("".join)
RUN = st.tuples(st.sampled_from(["a", "é", "日", "🤗", " ", "-", "0", "\u0301"]), st.integers(2, 120)).map(
    lambda pair: pair[0] * pair[1]
)
PIECES = st.one_of(
    EMOJI,
    COMBINING,
    RARE,
    SCRIPTS,
    WHITESPACE,
    RUN,
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    st.sampled_from([".", ",", "'s", "'ll", "!?", "...", "(x)", "$5", "2024"]),
)
TEXTS = st.lists(PIECES, max_size=8).map("".join)
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
    assert fast.ids == rust.encode_batch_fast([text])[0].ids, f"{name} encode_batch_fast([{text!r}])"


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


@given(name=NAMES, pieces=st.lists(st.one_of(TEXTS, st.sampled_from(["<special>"])), max_size=6))
def test_special_tokens_in_text(name, pieces):
    ours, rust = shared_pair(name)
    specials = specials_of(name)
    text = "".join(specials[i % len(specials)] if p == "<special>" else p for i, p in enumerate(pieces))
    for add_special_tokens in (True, False):
        expected = rust.encode(text, add_special_tokens=add_special_tokens)
        got = ours.encode(text, add_special_tokens=add_special_tokens)
        assert_encodings_equal(got, expected, f"{name} encode({text!r}, add_special_tokens={add_special_tokens})")
        assert_same_decode(ours, rust, expected.ids, f"{name} {text!r}")


@given(name=NAMES, data=st.data())
def test_decode_any_ids(name, data):
    """Any id list decodes alike, including byte tokens that split a character and unknown ids."""
    ours, rust = shared_pair(name)
    size = rust.get_vocab_size()
    ids = data.draw(st.lists(st.integers(0, size - 1) | st.sampled_from([0, 1, 2, 3, size - 1]), max_size=20))
    assert_same_decode(ours, rust, ids, f"{name} decode")


def assert_offsets_within(encoding: Any, texts: list[str], context: str, overflow: bool = False) -> None:
    """Like `assert_offsets_in_range`, but overflowing pieces are only checked against the longer text.

    When truncation keeps nothing of a pair (`enable_truncation(0)`), Rust labels the pieces of
    its overflowing encodings with wrong sequence ids (`encode("🤗", "hello")` gives "hello"
    sequence id 0 in one piece, None in another), and subword matches it, so there a token's
    sequence id does not tell which text its offsets index.
    """
    longest = max(len(text) for text in texts)
    for index, ((start, end), sequence) in enumerate(zip(encoding.offsets, encoding.sequence_ids)):
        limit = longest if overflow or sequence is None else len(texts[sequence])
        assert 0 <= start <= end <= limit, f"{context}: token {index} has offsets {(start, end)} outside {texts!r}"
    for piece in encoding.overflowing:
        assert_offsets_within(piece, texts, context, overflow=True)


PADDING = {
    "direction": st.sampled_from(["right", "left"]),
    "pad_to_multiple_of": st.none() | st.integers(1, 9),
    "length": st.none() | st.integers(0, 30),
}
SHORT_TEXTS = st.lists(PIECES, max_size=3).map("".join)


@given(
    name=st.sampled_from(["gpt2", "roberta-in-code", "mistral", "openai-gpt-in-code"]),
    first=SHORT_TEXTS,
    second=st.none() | SHORT_TEXTS,
    max_length=st.integers(0, 24),
    stride=st.integers(0, 6),
    strategy=st.sampled_from(["longest_first", "only_first", "only_second"]),
    direction=st.sampled_from(["right", "left"]),
    padding=st.none() | st.fixed_dictionaries(PADDING),
)
def test_truncation_and_padding(name, first, second, max_length, stride, strategy, direction, padding):
    ours, rust = settings_pair(name)
    truncation = {"stride": stride, "strategy": strategy, "direction": direction}
    refused = rust_outcome(lambda: rust.enable_truncation(max_length, **truncation))
    where = f"{name} enable_truncation({max_length}, {truncation})"
    ours_outcome(lambda: ours.enable_truncation(max_length, **truncation), refused, where)
    if padding is not None:
        rust.enable_padding(**padding)
        ours.enable_padding(**padding)
    context = f"{name} truncation={rust.truncation} padding={rust.padding} {first!r} / {second!r}"
    expected = assert_same_encode(lambda: ours.encode(first, second), lambda: rust.encode(first, second), context)
    if expected is not None:
        assert_offsets_within(ours.encode(first, second), [first, second or ""], context)
    batch = [first if second is None else (first, second), "a b c d e f g"]
    for method in ("encode_batch", "encode_batch_fast"):
        assert_same_encode(
            lambda: getattr(ours, method)(batch), lambda: getattr(rust, method)(batch), f"{method} {context}"
        )
