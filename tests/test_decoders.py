"""Decoders: hand-worked examples, argument checks and tokenizer.json field errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subword import decoders
from subword.decoders import decoders_registry
from subword.decoders.wordpiece import cleanup
from subword.errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError


def test_wordpiece_joins_pieces_and_cleans_up():
    tokens = ["i", "do not", "like", "it", "'s", "un", "##believ", "##able", "!"]
    assert decoders.WordPiece().decode(tokens) == "i don't like it's unbelievable!"
    assert decoders.WordPiece(cleanup=False).decode(tokens) == "i do not like it 's unbelievable !"
    # cleanup looks inside one token at a time, never across two
    assert decoders.WordPiece().decode(["do", "not", "'", "s"]) == "do not ' s"
    assert decoders.WordPiece().decode(["##a", "##b"]) == "##ab"  # the first token keeps its prefix


def test_cleanup_order_matters():
    assert cleanup("a ' s") == "a's"  # " ' " goes first, so " 's" never sees it
    assert cleanup("ca n't") == "can't"


def test_strip_counts_per_side():
    assert decoders.Strip("x", 2, 1).decode_chain(["xxxaxx", "ax", "xa"]) == ["xax", "a", "a"]
    # where the Rust package panics (the cuts cross or run out of characters), subword gives ""
    assert decoders.Strip(" ", 0, 3).decode_chain(["  ", ""]) == ["", ""]
    assert decoders.Strip(" ", 1, 1).decode_chain([" "]) == [""]


def test_bpe_decoder_last_token_loses_the_suffix():
    assert decoders.BPEDecoder().decode_chain(["a</w>", "b</w>"]) == ["a ", "b"]
    assert decoders.BPEDecoder().decode_chain([]) == []


def test_byte_fallback_runs():
    assert decoders.ByteFallback().decode_chain(["<0x61>", "<0x62>", "c", "<0xE6>", "<0x97>", "<0xA5>"]) == ["ab", "c", "日"]
    assert decoders.ByteFallback().decode_chain(["<0xE6>", "<0x97>", "x"]) == ["\ufffd", "\ufffd", "x"]
    assert decoders.ByteFallback().decode_chain(["<0x+A>", "<0x-A>", "<0x0A"]) == ["\n", "<0x-A>", "<0x0A"]


def test_metaspace_first_token_loses_every_replacement():
    assert decoders.Metaspace().decode_chain(["▁a▁b", "▁c"]) == ["ab", " c"]
    assert decoders.Metaspace(prepend_scheme="never").decode_chain(["▁a", "▁b"]) == [" a", " b"]


@given(
    token=st.text(st.sampled_from("▁x a"), max_size=6),
    replacement=st.sampled_from(["▁", "x"]),
    prepend_scheme=st.sampled_from(["always", "first", "never"]),
)
def test_metaspace_first_and_middle_is_its_chain_rule(token, replacement, prepend_scheme):
    decoder = decoders.Metaspace(replacement, prepend_scheme)
    assert decoder.decode_first_and_middle(token) == tuple(decoder.decode_chain([token, token]))
    assert decoders.Metaspace().decode_first_and_middle("▁▁a▁b") == ("ab", "  a b")  # (worked out by hand)


def test_ctc_merges_repeats_then_drops_pads():
    tokens = ["<pad>", "h", "h", "<pad>", "e", "l", "l", "<pad>", "l", "o", "|", "|", "o", "k", "."]
    assert decoders.CTC().decode(tokens) == "hello ok."
    assert decoders.CTC(cleanup=False).decode(tokens) == "hello|ok."


def test_sequence_chains_in_order():
    sequence = decoders.Sequence([decoders.Fuse(), decoders.Strip("x", 1, 1)])
    assert sequence.decode_chain(["xa", "bx"]) == ["ab"]


@given(tokens=st.lists(st.text(max_size=5), max_size=8))
def test_decode_is_the_join_of_decode_chain(tokens):
    for decoder in [decoders.WordPiece(), decoders.CTC(), decoders.Metaspace(), decoders.ByteFallback()]:
        assert decoder.decode(tokens) == "".join(decoder.decode_chain(list(tokens)))


@pytest.mark.parametrize(
    "make, error",
    [
        (lambda: decoders.WordPiece(prefix=None), ArgumentTypeError),
        (lambda: decoders.WordPiece(cleanup="yes"), ArgumentTypeError),
        (lambda: decoders.Strip(content="ab"), ArgumentValueError),
        (lambda: decoders.Strip(content=1), ArgumentTypeError),
        (lambda: decoders.Strip(left=-1), ArgumentValueError),
        (lambda: decoders.Strip(right=1.5), ArgumentTypeError),
        (lambda: decoders.BPEDecoder(suffix=None), ArgumentTypeError),
        (lambda: decoders.Metaspace(replacement=""), ArgumentValueError),
        (lambda: decoders.Metaspace(prepend_scheme="sometimes"), ArgumentValueError),
        (lambda: decoders.Metaspace(split=1), ArgumentTypeError),
        (lambda: decoders.CTC(pad_token=0), ArgumentTypeError),
        (lambda: decoders.Sequence(decoders.Fuse()), ArgumentTypeError),
        (lambda: decoders.Sequence(["Fuse"]), ArgumentTypeError),
        (lambda: decoders.Fuse().decode("abc"), ArgumentTypeError),
        (lambda: decoders.ByteLevel(add_prefix_space=1), ArgumentTypeError),
        (lambda: decoders.Replace(3, "x"), ArgumentTypeError),
        (lambda: decoders.Replace("a", None), ArgumentTypeError),
        (lambda: decoders.Fuse().decode(["a", 1]), ArgumentTypeError),
    ],
)
def test_bad_arguments(make, error):
    with pytest.raises(error):
        make()


@pytest.mark.parametrize(
    "entry, field",
    [
        ({"type": "WordPiece", "prefix": "##"}, "cleanup"),
        ({"type": "WordPiece", "prefix": 1, "cleanup": True}, "prefix"),
        ({"type": "Strip", "content": "ab", "start": 0, "stop": 0}, "content"),
        ({"type": "Strip", "content": " ", "start": -1, "stop": 0}, "start"),
        ({"type": "Strip", "content": " ", "start": 0}, "stop"),
        ({"type": "BPEDecoder"}, "suffix"),
        ({"type": "Metaspace"}, "replacement"),
        ({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "x"}, "prepend_scheme"),
        ({"type": "Metaspace", "replacement": "▁", "split": "yes"}, "split"),
        ({"type": "Metaspace", "replacement": "▁", "add_prefix_space": False}, "add_prefix_space"),
        ({"type": "CTC", "pad_token": "<pad>", "word_delimiter_token": "|", "cleanup": 1}, "cleanup"),
        ({"type": "ByteLevel", "trim_offsets": True}, "add_prefix_space"),
        ({"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": "no"}, "use_regex"),
        ({"type": "Replace", "pattern": "a", "content": "b"}, "pattern"),
        ({"type": "Replace", "pattern": {"Regex": 1}, "content": "b"}, "pattern"),
        ({"type": "Replace", "pattern": {"String": "a"}}, "content"),
        ({"type": "Sequence"}, "decoders"),
        ({"type": "Sequence", "decoders": {}}, "decoders"),
        ({"type": "Sequence", "decoders": [{"type": "Strip"}]}, r"decoders\[0\]"),
        ({"type": "Sequence", "decoders": [{"type": "Fuse"}, {"type": "Nope"}]}, r"decoders\[1\]"),
    ],
)
def test_bad_entries_name_the_field(entry, field):
    with pytest.raises(TokenizerFileError, match=field):
        decoders_registry.from_json(entry, "decoder")


def test_metaspace_legacy_entries():
    legacy = {"type": "Metaspace", "replacement": "▁", "add_prefix_space": False, "prepend_scheme": "never", "str_rep": "▁"}
    assert decoders_registry.from_json(legacy, "decoder").prepend_scheme == "never"
    assert decoders_registry.from_json({"type": "Metaspace", "replacement": "▁"}, "decoder").to_json() == {
        "type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True}


def test_byte_level_keeps_foreign_tokens_and_replaces_bad_bytes():
    assert decoders.ByteLevel().decode(["Ġa", "日本", "Ã"]) == " a日本\ufffd"
    entry = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True}
    assert decoders_registry.from_json(entry, "decoder").to_json() == {**entry, "use_regex": True}


def test_replace_decoder():
    from subword.text.oniguruma import Regex

    assert decoders.Replace("▁", " ").decode_chain(["▁a▁", "b"]) == [" a ", "b"]
    assert decoders.Replace(Regex("[0-9]+"), "#").decode_chain(["a12b3"]) == ["a#b#"]
    assert decoders.Replace(Regex("a+"), "b").to_json() == {"type": "Replace", "pattern": {"Regex": "a+"}, "content": "b"}


def test_equality_and_repr():
    assert decoders.Strip(" ", 1, 0) == decoders.Strip(" ", 1, 0)
    assert decoders.Strip(" ", 1, 0) != decoders.Strip(" ", 0, 1)
    assert repr(decoders.Strip(" ", 1, 0)) == 'Strip(content=" ", start=1, stop=0)'  # the Rust package's format


@given(st.lists(st.one_of(st.text(alphabet="".join(sorted(set("ĠĊaé!<>|ÃĤ")))), st.text(max_size=4)), max_size=12))
def test_tokens_byte_strings_are_the_token_bytes_of_each(tokens: list[str]) -> None:
    """The one-pass byte strings hold the per-token rule's bytes, byte-level chars or not, and
    their join decodes as the joined bytes do."""
    from subword.decoders.byte_level import decode_byte_strings, token_bytes, tokens_byte_strings

    units = tokens_byte_strings(tokens)
    assert [unit.encode("latin-1") for unit in units] == [token_bytes(token) for token in tokens]
    assert decode_byte_strings(units) == b"".join(map(token_bytes, tokens)).decode("utf-8", errors="replace")
