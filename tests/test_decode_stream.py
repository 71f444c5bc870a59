"""DecodeStream's fast path against the rule: Rust's `step_decode_stream` written out below over
the per-id decode rule (`decode_by_rule`), step by step, with the same outputs, errors and state.

Ids are drawn to reach every branch: random ids (unknown ones too), byte tokens that split
multi-byte characters, special and added tokens with skip_special_tokens on and off, ids given
at construction, lists of ids, and tokenizers changed between steps.
"""

from __future__ import annotations

import copy
import functools
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subword import Tokenizer, decoders
from subword.decoders import DecodeStream
from subword.decoders.byte_fallback import byte_token_value
from subword.models import WordLevel
from subword.errors import ArgumentRangeError, ArgumentTypeError
from tests.shared_data import fixture_path
from tests.test_decode_plan import DECODER, PIECES, decode_by_rule, fixture, fixture_with_tables


class RuleStream:
    """Rust's DecodeStream, line by line, decoding with `decode_by_rule`."""

    def __init__(self, ids, skip_special_tokens):
        self.ids, self.prefix, self.prefix_index, self.skip = list(ids or []), "", 0, skip_special_tokens

    def step(self, tokenizer, new_ids):
        if any(not 0 <= id_ < 2**32 for id_ in new_ids):  # not a u32: the Rust package's StreamInput refuses it
            raise ArgumentTypeError("StreamInput must be either an integer or a list of integers")
        decode = functools.partial(decode_by_rule, tokenizer, skip_special_tokens=self.skip)
        if not self.prefix and self.ids:
            prefix = decode(self.ids)
            if not prefix.endswith("\ufffd"):
                self.prefix, self.prefix_index = prefix, len(self.ids)
        self.ids.extend(new_ids)
        text = decode(self.ids)
        if len(text.encode()) > len(self.prefix.encode()) and not text.endswith("\ufffd"):
            if not text.startswith(self.prefix):
                raise ValueError("Invalid prefix")
            new_text = text[len(self.prefix) :]
            new_prefix_index = len(self.ids) - self.prefix_index
            self.ids = self.ids[self.prefix_index :]
            self.prefix = decode(self.ids)
            self.prefix_index = new_prefix_index
            return new_text
        return None


def outcome(call):
    try:
        return call()
    except Exception as error:  # compared by kind only: the messages differ in wording
        return "Invalid prefix" if "Invalid prefix" in str(error) else type(error)


def assert_same_steps(tokenizer, start, steps, skip_special_tokens, change=None):
    """Step both streams through `steps` (an int or a list each); `change(tokenizer)` runs once,
    halfway, to change the tokenizer between two steps."""
    if start is not None and any(not 0 <= id_ < 2**32 for id_ in start):  # an OverflowError, as the Rust package's
        with pytest.raises(ArgumentRangeError):
            DecodeStream(start, skip_special_tokens=skip_special_tokens)
        return
    ours, rule = DecodeStream(start, skip_special_tokens=skip_special_tokens), RuleStream(start, skip_special_tokens)
    for index, step in enumerate(steps):
        if change is not None and index == len(steps) // 2:
            change(tokenizer)
        new_ids = [step] if isinstance(step, int) else step
        expected = outcome(lambda: rule.step(tokenizer, new_ids))
        assert outcome(lambda: ours.step(tokenizer, step)) == expected, f"step {index} ({step}) of {steps}"
        assert (ours._ids, ours._prefix, ours._prefix_index) == (rule.ids, rule.prefix, rule.prefix_index)


@functools.lru_cache(maxsize=None)
def llama2() -> Tokenizer:
    tokenizer = Tokenizer.from_sentencepiece(fixture_path("llama2/tokenizer.model"))
    tokenizer.add_tokens(["<added>"])
    tokenizer.add_special_tokens(["<special>"])
    return tokenizer


def load(name: str, tables: bool = False) -> Tokenizer:
    if name == "llama2":
        return llama2()
    return fixture_with_tables(name) if tables else fixture(name)


@functools.lru_cache(maxsize=None)
def frequent_ids(name: str) -> list[int]:
    """Ids worth drawing often: byte tokens (pieces of characters), added and special tokens,
    the ids of a text with many multi-byte characters, the edges of the vocabulary."""
    tokenizer = load(name)
    vocab = tokenizer.get_vocab()
    byte_ids = [id_ for token, id_ in vocab.items() if byte_token_value(token) is not None]
    byte_ids = [id_ for id_ in byte_ids if byte_token_value(tokenizer.id_to_token(id_)) in (0x0A, 0x20, 0x41) or id_ % 3 == 0][:60]
    text = "é 中文 🦜 naïve ✓ Привет 日本語 \ufffd a\n b  ."
    size = tokenizer.get_vocab_size()
    return sorted({*byte_ids, *tokenizer.get_added_tokens_decoder(), *tokenizer.encode(text).ids, 0, 1, 2, 3, size - 1, size, size + 5})


STEP_FIXTURES = ["gpt2", "mistral-7b", "t5", "bert-base-uncased", "roberta-base", "llama2"]


@pytest.mark.parametrize("name", STEP_FIXTURES)
@pytest.mark.parametrize("tables", [False, True], ids=["per-id", "tables"])
@given(data=st.data(), skip_special_tokens=st.booleans())
def test_fixture_streams_equal_the_rule(name, tables, data, skip_special_tokens):
    tokenizer = load(name, tables)
    size = tokenizer.get_vocab_size()
    one_id = st.sampled_from(frequent_ids(name)) | st.integers(0, size + 2)
    step = one_id | st.lists(one_id, max_size=3)
    steps = data.draw(st.lists(step, max_size=40))
    start = data.draw(st.none() | st.lists(one_id, max_size=3))
    assert_same_steps(tokenizer, start, steps, skip_special_tokens)


@pytest.mark.parametrize("name", STEP_FIXTURES)
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30), skip_special_tokens=st.booleans())
def test_fixture_streams_of_encoded_text_equal_the_rule(name, text, skip_special_tokens):
    tokenizer = load(name)
    assert_same_steps(tokenizer, None, tokenizer.encode(text).ids, skip_special_tokens)


# The test vocabulary of test_decode_plan, with pieces whose first and middle texts differ in bytes.
STREAM_PIECES = [*PIECES, "▁Ã", "##Ã", "▁<0xC3>", " Ã", "\ufffd", "Ã\ufffd", "x▁"]
SMALL_IDS = st.integers(-1, len(STREAM_PIECES) + 6)
# Chains of the shapes the fast path knows (one-to-one decoders, a join, a strip of the start),
# which random chains reach seldom.
ONE_TO_ONE = st.one_of(
    st.builds(decoders.Replace, st.sampled_from(["▁", "x", "#"]), st.sampled_from([" ", "", "▁"])),
    st.builds(decoders.Strip, st.sampled_from([" ", "x"]), st.integers(0, 1), st.integers(0, 1)),
    st.builds(decoders.Metaspace, st.sampled_from(["▁", "x"]), st.sampled_from(["always", "first", "never"])),
    st.builds(decoders.WordPiece, st.sampled_from(["##", "x"]), st.booleans()),
)
JOINS = {
    "none": [],
    "fuse": [decoders.Fuse],
    "byte level": [decoders.ByteLevel],
    "byte fallback": [decoders.ByteFallback],
    "byte fallback, fuse": [decoders.ByteFallback, decoders.Fuse],
}
JOIN = st.sampled_from(sorted(JOINS)).map(lambda name: [kind() for kind in JOINS[name]])
STRIP_START = st.builds(decoders.Strip, st.sampled_from([" ", "x", "▁"]), st.integers(0, 3), st.just(0))
SHAPED = st.builds(
    lambda first, join, last: decoders.Sequence([*first, *join, *last]),
    st.lists(ONE_TO_ONE, max_size=2),
    JOIN,
    st.lists(STRIP_START, max_size=1),
)
ADDED = st.lists(st.tuples(st.sampled_from(["<s>", "▁a", "Ġ", "<0x41>", "<0xC3>", "new", "##z", "Ã"]), st.booleans()), max_size=4)


def stream_tokenizer(decoder, added):
    tokenizer = Tokenizer(WordLevel({piece: id_ for id_, piece in enumerate(STREAM_PIECES)}, unk_token="e"))
    tokenizer.decoder = decoder
    tokenizer.add_tokens([token for token, special in added if not special])
    tokenizer.add_special_tokens([token for token, special in added if special])
    return tokenizer


@given(
    decoder=DECODER | SHAPED | SHAPED,
    added=ADDED,
    steps=st.lists(st.integers(0, len(STREAM_PIECES) + 6) | st.lists(SMALL_IDS, max_size=3), max_size=25),
    start=st.none() | st.lists(SMALL_IDS, max_size=3),
    skip_special_tokens=st.booleans(),
)
def test_random_decoders_stream_equal_the_rule(decoder, added, steps, start, skip_special_tokens):
    tokenizer = stream_tokenizer(copy.deepcopy(decoder), added)
    assert_same_steps(tokenizer, start, steps, skip_special_tokens)


CHANGES = {
    "decoder": lambda tokenizer: setattr(tokenizer, "decoder", decoders.Sequence([decoders.Replace("▁", "_"), decoders.Fuse()])),
    "no decoder": lambda tokenizer: setattr(tokenizer, "decoder", None),
    "special token": lambda tokenizer: tokenizer.add_special_tokens(["x", "é", "<0xC3>"]),
    "decoder in place": lambda tokenizer: tokenizer.decoder is not None and tokenizer.decoder.__setattr__("x", 1),
    "strip in place": lambda tokenizer: [
        setattr(part, "start", 0) for part in getattr(tokenizer.decoder, "decoders", []) if isinstance(part, decoders.Strip)
    ],
}


@pytest.mark.parametrize("change", sorted(CHANGES))
@given(
    decoder=DECODER | SHAPED,
    steps=st.lists(st.integers(0, len(STREAM_PIECES) + 6), max_size=16),
    skip_special_tokens=st.booleans(),
)
def test_a_tokenizer_changed_between_steps(change, decoder, steps, skip_special_tokens):
    tokenizer = stream_tokenizer(copy.deepcopy(decoder), [("<s>", True)])
    assert_same_steps(tokenizer, None, steps, skip_special_tokens, change=CHANGES[change])


@pytest.mark.parametrize("name", ["gpt2", "mistral-7b"])
def test_a_stream_moved_to_another_tokenizer(name):
    """The fast path's knowledge belongs to one tokenizer: stepping with another starts over."""
    first, second = load(name), Tokenizer.from_str(load(name).to_str())
    second.add_special_tokens(["ĠThe", "▁The"])  # now dropped by the second one
    ids = first.encode("The café. The end 中文").ids
    ours, rule = DecodeStream(skip_special_tokens=True), RuleStream(None, True)
    for index, id_ in enumerate(ids):
        tokenizer = first if index % 2 else second
        assert outcome(lambda: ours.step(tokenizer, id_)) == outcome(lambda: rule.step(tokenizer, [id_]))
        assert (ours._ids, ours._prefix, ours._prefix_index) == (rule.ids, rule.prefix, rule.prefix_index)


@pytest.mark.parametrize("name", ["gpt2", "t5"])
@pytest.mark.parametrize("clone_of", [copy.copy, copy.deepcopy, lambda stream: pickle.loads(pickle.dumps(stream))], ids=["copy", "deepcopy", "pickle"])
def test_copies_carry_on_alone(name, clone_of):
    """A copy or a pickle carries the stream's state on, without the tokenizer it last stepped with."""
    tokenizer = load(name)
    ids = tokenizer.encode("a é 中文 café. b").ids
    stream = DecodeStream()
    for id_ in ids[:3]:
        stream.step(tokenizer, id_)
    clone = clone_of(stream)
    assert clone._tokenizer is None and stream._tokenizer is tokenizer
    rest = [stream.step(tokenizer, id_) for id_ in ids[3:]]
    assert [clone.step(tokenizer, id_) for id_ in ids[3:]] == rest


def test_a_pickle_leaves_the_decode_tables_behind():
    """A pickled stream carries its ids and text, not the IdDecoder of the tokenizer it stepped
    with (GPT-2's vocabulary, half a megabyte)."""
    tokenizer = load("gpt2")
    stream = DecodeStream()
    for id_ in tokenizer.encode("a é 中文 café. b").ids[:3]:
        stream.step(tokenizer, id_)
    assert stream._settled_for is not None  # (the fast path's state is there to leave)
    assert len(pickle.dumps(stream)) < 1000


def small_stream_case(decoder, pieces, skip_special_tokens=False, special=()):
    tokenizer = Tokenizer(WordLevel({piece: id_ for id_, piece in enumerate(pieces)}, unk_token=pieces[0]))
    tokenizer.decoder = decoder
    tokenizer.add_special_tokens(list(special))
    return tokenizer


def test_the_strip_of_the_start_is_waited_for():
    """`Strip(" ", 2)` after Fuse: after a context " " the next text may lose its first space."""
    decoder = decoders.Sequence([decoders.Fuse(), decoders.Strip(" ", 2, 0)])
    tokenizer = small_stream_case(decoder, ["b", " ", " .", "c"])
    for steps in ([0, 1, 2], [1, 2, 3], [1, 1, 2, 2], [0, 1, 3, 2]):
        assert_same_steps(tokenizer, None, steps, False)


def test_a_character_completed_by_a_first_token():
    """WordPiece before ByteLevel: "##Ã" adds the byte C3 in the middle but "##" and C3 at the
    start, so the context after "é" is decoded again, not taken from the bytes."""
    decoder = decoders.Sequence([decoders.WordPiece(cleanup=False), decoders.ByteLevel()])
    tokenizer = small_stream_case(decoder, ["a", "##Ã", "©", "b"])
    for steps in ([0, 1, 2, 3], [0, 1, 2, 1, 2], [3, 1, 2, 0]):
        assert_same_steps(tokenizer, None, steps, False)


@pytest.mark.parametrize("skip_special_tokens", [False, True])
def test_dropped_ids_stay_in_the_context(skip_special_tokens):
    decoder = decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse(), decoders.Strip(" ", 1, 0)])
    tokenizer = small_stream_case(decoder, ["▁a", "<s>", "<0xC3>", "<0xA9>", "▁", "b"], skip_special_tokens, special=["<s>"])
    for steps in ([0, 1, 5, 1, 1, 2, 1, 3, 0], [4, 1, 5], [1, 4, 1, 0], [0, 2, 1, 3, 1, 4, 1, 1, 5, 99, 5], [0, 4, 1, 2, 3]):
        assert_same_steps(tokenizer, None, steps, skip_special_tokens)


@pytest.mark.parametrize("skip_special_tokens", [False, True])
def test_an_empty_prefix_lets_the_rule_count_ids_as_returned(skip_special_tokens):
    """After a context whose text is "" (here "a", stripped), the rule's first move counts the
    ids so far as returned, and an empty token changes the ids it keeps."""
    decoder = decoders.Sequence([decoders.ByteLevel(), decoders.Strip("a", 1, 0)])
    tokenizer = small_stream_case(decoder, ["b", "a", "<s>", "", "c", "Ã", "©"], skip_special_tokens, special=["<s>"])
    for steps in ([0, 1, 2, 3, 4], [0, 1, 3, 4], [0, 1, 2, 5, 6], [0, 1, 3, 5, 2, 6, 4]):
        assert_same_steps(tokenizer, None, steps, skip_special_tokens)


def test_settled_texts():
    """`IdDecoder.settled`, the fast path's condition, on its own."""
    byte_level = small_stream_case(decoders.ByteLevel(), ["a", "Ã", "©", "<s>"], special=["<s>"])
    unsettled = [[1], [0, 1], [3], [], [7], [-1]]
    assert [byte_level.id_decoder(True).settled(ids) for ids in unsettled] == [False] * len(unsettled)
    assert all(byte_level.id_decoder(True).settled(ids) for ids in ([0], [1, 2], [0, 3], [3, 0]))
    stripped = decoders.Sequence([decoders.Fuse(), decoders.Strip(" ", 2, 0)])
    strip = small_stream_case(stripped, ["b", " ", "  ", " b"])
    assert [strip.id_decoder().settled([id_]) for id_ in range(4)] == [True, False, True, True]
    fallback = decoders.Sequence([decoders.ByteFallback(), decoders.Fuse()])
    runs = small_stream_case(fallback, ["a", "<0xC3>", "<0xA9>", "<0x41>"])
    assert [runs.id_decoder().settled(ids) for ids in ([0], [1], [1, 2], [3], [0, 1], [2])] == [True, False, True, True, False, False]
    assert small_stream_case(decoders.CTC(), ["a", "b"]).id_decoder().settled([0]) is False  # no shape


@given(decoder=DECODER | SHAPED, skip_special_tokens=st.booleans())
def test_record_shortcuts_follow_the_joined_rule(decoder, skip_special_tokens):
    """The plans' record rules ("bytes", "pieces") give what the units joined and finished give."""
    added = [("<s>", True), ("x", False)]
    tokenizer = stream_tokenizer(copy.deepcopy(decoder), added)
    shortcut = tokenizer.id_decoder(skip_special_tokens)
    joined = stream_tokenizer(copy.deepcopy(decoder), added).id_decoder(skip_special_tokens)  # (a fresh plan)
    for id_ in range(-1, tokenizer.get_vocab_size() + 1):
        record = shortcut.record(id_)
        if record.__class__ is tuple:
            assert record == joined._joined_record(id_), (id_, tokenizer.id_to_token(id_))


def test_record_rules_of_the_fixtures():
    """The shortcuts the stream benchmark's tokenizers take (a change here shows in bench/decode.py)."""
    rules = {name: load(name).id_decoder().plan.record_rule for name in ("gpt2", "roberta-base", "t5", "mistral-7b")}
    assert rules == {"gpt2": "bytes", "roberta-base": "bytes", "t5": "pieces", "mistral-7b": None}


def test_a_change_of_skip_special_tokens_applies_at_the_next_step():
    tokenizer = load("gpt2")
    ids = [tokenizer.token_to_id("<|endoftext|>"), *tokenizer.encode("a b").ids, 50256, *tokenizer.encode(" c").ids]
    ours, rule = DecodeStream(skip_special_tokens=False), RuleStream(None, False)
    for index, id_ in enumerate(ids):
        if index == 3:
            ours.skip_special_tokens = rule.skip = True
        assert ours.step(tokenizer, id_) == rule.step(tokenizer, [id_])
    with pytest.raises(ArgumentTypeError):
        ours.skip_special_tokens = "yes"
