"""The decode fast path (per-id tables, DecodePlan) against the rule: look each id up, drop the
ids without a token and, if asked, the special ones, then `decoder.decode(tokens)`."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subword import Tokenizer, decoders, normalizers
from subword.core.added_vocabulary import AddedToken
from subword.decoders.byte_fallback import byte_token_value
from subword.decoders.plan import DecodePlan
from subword.decoders.wordpiece import cleanup, cleanup_each
from subword.text.replace_each import replace_each
from subword.models import BPE, WordLevel
from subword.text.byte_level import BYTE_TO_CHAR, from_byte_chars
from subword.text.oniguruma import Regex
from tests.shared_data import fixture_path

FIXTURES = ["bert-base-uncased", "gpt2", "mistral-7b", "roberta-base", "t5"]


def decode_by_rule(tokenizer: Tokenizer, ids: list[int], skip_special_tokens: bool) -> str:
    """What `Tokenizer.decode` gives, one id after the other through public calls."""
    tokens = []
    for id_ in ids:
        token = tokenizer.id_to_token(id_)
        if token is None or (skip_special_tokens and tokenizer.added_vocabulary.is_special_token(token)):
            continue
        tokens.append(token)
    return tokenizer.decoder.decode(tokens) if tokenizer.decoder is not None else " ".join(tokens)


def outcome(call):
    try:
        return call()
    except Exception as error:  # the same error both ways
        return type(error), str(error)


@functools.lru_cache(maxsize=None)
def fixture(name: str) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(fixture_path(f"{name}/tokenizer.json")))
    tokenizer.add_tokens(["<added>", AddedToken("Hello", normalized=True)])
    tokenizer.add_special_tokens(["<special>"])
    return tokenizer


def interesting_ids(tokenizer: Tokenizer) -> list[int]:
    """Ids worth drawing more often: added and special tokens, byte tokens, the edges."""
    size = tokenizer.get_vocab_size()
    vocab = tokenizer.get_vocab()
    byte_ids = [id_ for token, id_ in vocab.items() if byte_token_value(token) is not None][:40]
    return [*tokenizer.get_added_tokens_decoder(), *byte_ids, 0, 1, 2, size - 1, size, size + 1, -1]


@functools.lru_cache(maxsize=None)
def fixture_with_tables(name: str) -> Tokenizer:
    """The fixture again, every id seen by its plans (a fresh one finds each id's text as it comes)."""
    tokenizer = Tokenizer.from_str(fixture(name).to_str())
    every_id = list(range(tokenizer.get_vocab_size()))
    for skip_special_tokens in (False, True):
        tokenizer.decode(every_id, skip_special_tokens)
        tokenizer.decode_batch([every_id], skip_special_tokens)
    return tokenizer


@pytest.mark.parametrize("name", FIXTURES)
@pytest.mark.parametrize("tables", [False, True], ids=["per-id", "tables"])
@given(data=st.data(), skip_special_tokens=st.booleans())
def test_fixture_decode_equals_the_rule(name, tables, data, skip_special_tokens):
    tokenizer = fixture_with_tables(name) if tables else fixture(name)
    size = tokenizer.get_vocab_size()
    one_id = st.integers(0, size + 2) | st.sampled_from(interesting_ids(tokenizer))
    ids = data.draw(st.lists(one_id, max_size=30))
    expected = outcome(lambda: decode_by_rule(tokenizer, ids, skip_special_tokens))
    assert outcome(lambda: tokenizer.decode(ids, skip_special_tokens)) == expected
    batch = [ids, ids[: len(ids) // 2], []]
    assert outcome(lambda: tokenizer.decode_batch(batch, skip_special_tokens)) == outcome(
        lambda: [decode_by_rule(tokenizer, row, skip_special_tokens) for row in batch]
    )
    # Many rows of ids in the tables (decoded in bulk): special tokens at the ends, in the middle
    # or alone, empty rows, byte tokens; on a tokenizer that meets most of the ids for the first
    # time, and on one that saw them all.
    in_tables = st.integers(0, size - 1) | st.sampled_from(interesting_ids(tokenizer)[:-3])
    rows = data.draw(st.lists(st.lists(in_tables, max_size=12), min_size=2, max_size=40))
    expected_rows = [decode_by_rule(tokenizer, row, skip_special_tokens) for row in rows]
    assert tokenizer.decode_batch(rows, skip_special_tokens) == expected_rows


@functools.lru_cache(maxsize=None)
def fixture_json(name: str) -> str:
    return fixture(name).to_str()


@pytest.mark.parametrize("name", FIXTURES)
@settings(max_examples=8, deadline=None)
@given(data=st.data(), skip_special_tokens=st.booleans())
def test_a_fresh_tokenizer_decodes_in_bulk_as_the_rule(name, data, skip_special_tokens):
    """The first decode of a fresh tokenizer finds the units and the dropped ids of the ids it
    meets alone (not of the whole vocabulary): rows, one long list, and short rows one by one,
    as the rule decodes them."""
    tokenizer = Tokenizer.from_str(fixture_json(name))
    size = tokenizer.get_vocab_size()
    in_tables = st.integers(0, size - 1) | st.sampled_from(interesting_ids(tokenizer)[:-3])
    rows = data.draw(st.lists(st.lists(in_tables, max_size=12), min_size=2, max_size=40))
    assert tokenizer.decode_batch(rows, skip_special_tokens) == [decode_by_rule(tokenizer, row, skip_special_tokens) for row in rows]
    long_ids = data.draw(st.lists(in_tables, min_size=300, max_size=400))
    fresh = Tokenizer.from_str(fixture_json(name))
    assert fresh.decode(long_ids, skip_special_tokens) == decode_by_rule(tokenizer, long_ids, skip_special_tokens)
    # Short rows, one decode each, filter their own dropped ids (special tokens at the ends, in
    # the middle, alone) before any decode has needed them all.
    fresh = Tokenizer.from_str(fixture_json(name))
    assert [fresh.decode(row, skip_special_tokens) for row in rows] == [decode_by_rule(tokenizer, row, skip_special_tokens) for row in rows]


@pytest.mark.parametrize("bad", [[[1, 2.0]], [[1], ["a"]], [[None]], [[1, 2**70]], [[-1, 1]]])
def test_decode_batch_checks_every_id_as_decode_does(bad):
    tokenizer = Tokenizer.from_str(fixture("gpt2").to_str())
    tokenizer.decode_batch([list(range(600))])  # the bulk tables made
    assert outcome(lambda: tokenizer.decode_batch(bad)) == outcome(lambda: [tokenizer.decode(row) for row in bad])


def test_ids_may_be_bools_or_numpy_ints_as_in_the_rust_package():
    np = pytest.importorskip("numpy")
    tokenizer = Tokenizer.from_str(fixture("gpt2").to_str())
    # worked out: True is id 1, '"'; id 5 is '&'
    assert tokenizer.decode([True, 5]) == tokenizer.decode_batch([[True, np.int64(5)]])[0] == '"&'
    assert tokenizer.id_to_token(True) == '"'


@given(st.lists(st.text(st.sampled_from(" .?!,'ntdomsvrex\x00"), max_size=6), max_size=20))
def test_cleanup_of_many_texts_at_once_is_cleanup_of_each(texts):
    assert cleanup_each(texts) == [cleanup(text) for text in texts]
    # worked out by hand: each pair replaced in turn, text by text
    pairs = ((" .", "."), ("ab", "b"), ("x", "\x00"))
    expected = [text.replace(" .", ".").replace("ab", "b").replace("x", "\x00") for text in texts]
    assert replace_each(texts, pairs) == expected


# A small vocabulary where every decoder has something to do.
PIECES = [
    "▁", "▁a", "b▁", "▁▁c", "##", "##d", "e", "f</w>", "</w>", " ", "  g ", "x", "xx", "Ġ", "Ġh", "Ã©", "Ã",
    "©", "é", "<0x41>", "<0xC3>", "<0xA9>", "<0xFF>", "<0xe2>", "<0x82>", "<0xAC>", "<0x+A>", "<pad>", "|",
    " .", "n't", " 's", "do not", "", "<0x0A>", "▁<0x20>",
]
REPLACEMENT = st.sampled_from(["▁", "x", " "])
ONE_DECODER = st.one_of(
    st.builds(decoders.Replace, st.sampled_from(["▁", "x", "xx", "<0x", ""]), st.sampled_from([" ", "", "▁", "ab"])),
    st.builds(decoders.Replace, st.sampled_from([Regex("x+"), Regex("▁|#"), Regex("")]), st.sampled_from([" ", ""])),
    st.builds(decoders.Strip, st.sampled_from([" ", "x", "▁"]), st.integers(0, 2), st.integers(0, 2)),
    st.builds(decoders.Metaspace, REPLACEMENT, st.sampled_from(["always", "first", "never"])),
    st.builds(decoders.WordPiece, st.sampled_from(["##", "x", ""]), st.booleans()),
    st.builds(decoders.BPEDecoder, st.sampled_from(["</w>", "x"])),
    st.builds(decoders.CTC, st.sampled_from(["<pad>", "x"]), st.sampled_from(["|", "▁"]), st.booleans()),
    st.just(decoders.Fuse()),
    st.just(decoders.ByteLevel()),
    st.just(decoders.ByteFallback()),
)


class Reverse:
    def decode_chain(self, tokens):
        return [token[::-1] for token in reversed(tokens)]


DECODER = st.one_of(
    st.none(),
    ONE_DECODER,
    st.lists(ONE_DECODER | st.just(decoders.Decoder.custom(Reverse())), max_size=5).map(decoders.Sequence),
)


def small_tokenizer(decoder, added):
    tokenizer = Tokenizer(WordLevel({piece: id_ for id_, piece in enumerate(PIECES)}, unk_token="e"))
    tokenizer.decoder = decoder
    tokenizer.add_tokens([token for token, special in added if not special])
    tokenizer.add_special_tokens([token for token, special in added if special])
    return tokenizer


@given(
    decoder=DECODER,
    added=st.lists(st.tuples(st.sampled_from(["<s>", "▁a", "Ġ", "<0x41>", "new", "##z"]), st.booleans()), max_size=4),
    ids=st.lists(st.integers(-2, len(PIECES) + 6), max_size=12),
    skip_special_tokens=st.booleans(),
)
def test_random_decoder_chains_equal_the_rule(decoder, added, ids, skip_special_tokens):
    tokenizer = small_tokenizer(decoder, added)
    expected = outcome(lambda: decode_by_rule(tokenizer, ids, skip_special_tokens))
    assert outcome(lambda: tokenizer.decode(ids, skip_special_tokens)) == expected
    rows = [ids, ids[: len(ids) // 2], [], ids[len(ids) // 3 :], ids[:1]]
    assert outcome(lambda: tokenizer.decode_batch(rows, skip_special_tokens)) == outcome(
        lambda: [decode_by_rule(tokenizer, row, skip_special_tokens) for row in rows]
    )


@given(tokens=st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=12), decoder=DECODER)
def test_plan_equals_decoder_on_any_vocabulary(tokens, decoder):
    vocab = sorted(set(tokens))
    ids = [vocab.index(token) for token in tokens]
    expected = outcome(lambda: decoder.decode(tokens) if decoder is not None else " ".join(tokens))
    plan = DecodePlan(decoder, vocab)
    assert outcome(lambda: plan.decode(ids)) == expected  # a fresh plan
    outcome(lambda: plan.decode(list(range(len(vocab)))))  # every id seen
    assert outcome(lambda: plan.decode(ids)) == expected


@given(token=st.sampled_from(PIECES) | st.text(max_size=4), decoder=DECODER, middle_first=st.booleans())
def test_first_and_middle_unit_of_one_run_are_each_units_own(token, decoder, middle_first):
    vocab = ["x", token, "<0x41>"]
    plan = DecodePlan(decoder, vocab)
    if plan.shape is None:  # the plans a stream records ids of
        return
    expected = DecodePlan(decoder, vocab).first_units([1])[0], DecodePlan(decoder, vocab).middle_unit(1)
    if middle_first:  # one of the two already known: the other found on its own
        plan.middle_unit(1)
    assert plan.first_and_middle_unit(1) == expected
    assert plan.first_and_middle_unit(1) == expected  # now both known
    # what the plan keeps is what decodes read: the id first, in the middle, alone
    assert plan.decode([1, 1, 0]) == DecodePlan(decoder, vocab).decode([1, 1, 0])
    assert plan.decode([1]) == DecodePlan(decoder, vocab).decode([1])


@given(tokens=st.lists(st.sampled_from([*BYTE_TO_CHAR[:40], "a", "Ġ", "é", "中", "Ã©", "\x00"]), max_size=10).map("".join))
def test_byte_level_chars_read_in_bulk(tokens):
    expected = None if any(char not in BYTE_TO_CHAR for char in tokens) else bytes(BYTE_TO_CHAR.index(c) for c in tokens)
    assert from_byte_chars(tokens) == expected


def test_byte_level_decode_splits_characters_across_tokens_as_rust():
    # "é" is C3 A9; a lone C3 and an invalid FF each become one replacement character
    assert decoders.ByteLevel().decode(["Ã", "©", "Ã", "ÿ", "a中"]) == "é\ufffd\ufffda中"


def test_replace_literal_equals_the_normalizer_rule():
    for pattern, content, token in [("▁", " ", "▁a▁▁b"), ("aa", "b", "aaaaa"), ("", "x", "ab"), (" ", "▁▁", "a  b ")]:
        replace = decoders.Replace(pattern, content)
        assert replace.decode_chain([token]) == [replace._replace.normalize_str(token)]


@pytest.mark.parametrize("order", [[0, 2, 1, 3], [1, 0, 2, 3], [0, 1, 3], [3, 2, 1, 0]])
def test_tables_list_the_tokens_by_id_whatever_the_vocabulary_order(order):
    """The tables list a model's tokens by id, whether or not its vocabulary holds them in the
    order of their ids (or holds every id)."""
    pieces = ["a", "b", "c", "d"]
    tokenizer = Tokenizer(WordLevel({pieces[id_]: id_ for id_ in order}, unk_token=pieces[order[0]]))
    ids = [3, 1, 0, 2, 2]
    expected = " ".join(pieces[id_] for id_ in ids if id_ in order)  # worked out by hand: no decoder
    assert tokenizer.decode(ids) == expected and tokenizer.decode_batch([ids, ids[:2]]) == [expected, tokenizer.decode(ids[:2])]


def test_tables_follow_changes_to_the_tokenizer():
    tokenizer = Tokenizer(BPE({"a": 0, "b": 1, "##c": 2}, []))
    assert tokenizer.decode([0, 1, 2]) == "a b ##c"
    tokenizer.decoder = decoders.WordPiece()
    assert tokenizer.decode([0, 1, 2]) == "a bc"
    tokenizer.decoder.prefix = "#"  # set in place
    assert tokenizer.decode([0, 1, 2]) == "a b#c"
    tokenizer.add_special_tokens(["<s>"])
    assert tokenizer.decode([3, 0, 3]) == "a" and tokenizer.decode([3, 0], skip_special_tokens=False) == "<s> a"
    tokenizer.added_vocabulary.add_tokens_with_ids([(AddedToken("<t>", special=True), 7)])
    assert tokenizer.decode([7, 0], skip_special_tokens=False) == "<t> a"
    sequence = decoders.Sequence([decoders.Fuse()])
    tokenizer.decoder = sequence
    assert tokenizer.decode([0, 1]) == "ab"
    sequence.decoders.append(decoders.Replace("a", "z"))
    assert tokenizer.decode([0, 1]) == "zb"
    tokenizer.model = BPE({"x": 0, "a": 1}, [])
    assert tokenizer.decode([0, 1]) == "xz"
    tokenizer.add_tokens([AddedToken("Q", normalized=True)])
    tokenizer.normalizer = normalizers.Lowercase()  # (an added token's normalized form is what decodes)
    assert tokenizer.decode([0, 8]) == decode_by_rule(tokenizer, [0, 8], True)


def test_tables_follow_every_change_of_a_sequence_in_place():
    tokenizer = Tokenizer(BPE({"a": 0, "b": 1, " ": 2}, []))
    strip, fuse = decoders.Strip("a", 1, 0), decoders.Fuse()
    sequence = decoders.Sequence([fuse])
    tokenizer.decoder = sequence
    changes = [
        (lambda: sequence.decoders.append(strip), "b"),  # a decoder made earlier
        (lambda: setattr(strip, "content", "b"), "ab"),
        (lambda: sequence.decoders.reverse(), "a"),
        (lambda: sequence.decoders.pop(0), "ab"),
        (lambda: sequence.decoders.__setitem__(0, strip), "a"),
        (lambda: setattr(sequence, "decoders", [fuse]), "ab"),
        (lambda: sequence.decoders.insert(0, decoders.Replace("a", "b")), "bb"),
        (lambda: sequence.decoders.__delitem__(0), "ab"),
        (lambda: sequence.decoders.extend([strip]), "ab"),
        (lambda: setattr(strip, "content", "a"), "b"),
        (lambda: sequence.decoders.clear(), "ab"),
    ]
    for change, text in changes:
        change()
        assert (tokenizer.decode([0, 1]), decode_by_rule(tokenizer, [0, 1], True)) == (text, text)


def test_tables_outlive_changes_to_other_decoders():
    """Making or changing another decoder moves the edit stamp (`core.edits`): the tokenizer compares its own
    decoder's state and keeps its tables."""
    tokenizer = Tokenizer(BPE({"a": 0, "##b": 1}, []))
    tokenizer.decoder = decoders.WordPiece()
    id_decoder = tokenizer.id_decoder(True)
    other = decoders.WordPiece()
    other.prefix = "#"
    assert tokenizer.id_decoder(True) is id_decoder and tokenizer.decode([0, 1]) == "ab"
    tokenizer.decoder.cleanup = False
    assert tokenizer.id_decoder(True) is not id_decoder
