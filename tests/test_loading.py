"""Fast loading: the whole-list checks and lazily built tables give what the careful ways give.

Each fast path here has a slow, entry-by-entry twin (the reference, kept in this file or used
by the fast path as its fallback); hypothesis checks that the two agree on results and on the
errors they raise, and thread tests check that racing first uses of a lazy table agree.
"""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subword import Tokenizer
from subword.errors import SubwordError
from subword.models import BPE, Unigram
from subword.models.bpe.files import check_merges, merges_field, read_merges_txt, split_merge
from subword.models.unigram.lattice import PieceTrie
from subword.models.vocab_files import check_vocab, vocab_field
from subword.text.rust_float import _from_parts, parse_float_like_rust
from tests.shared_data import fixture_path

# -- JSON floats -------------------------------------------------------------------------------

_U64_MAX = 2**64 - 1


def _reference_float(text: str) -> float:
    """serde_json's significand and exponent, read digit by digit (the fast version reads slices)."""
    position, positive = 0, not text.startswith("-")
    position = 0 if positive else 1
    significand, exponent, overflowed = 0, 0, False
    while position < len(text) and text[position].isdigit():
        digit = int(text[position])
        if overflowed or significand * 10 + digit > _U64_MAX:
            overflowed, exponent = True, exponent + 1
        else:
            significand = significand * 10 + digit
        position += 1
    if position < len(text) and text[position] == ".":
        position += 1
        while position < len(text) and text[position].isdigit():
            digit = int(text[position])
            if not overflowed and significand * 10 + digit <= _U64_MAX:
                significand, exponent = significand * 10 + digit, exponent - 1
            else:
                overflowed = True
            position += 1
    if position < len(text) and text[position] in "eE":
        exponent += int(text[position + 1 :])
    return _from_parts(positive, significand, exponent)  # unchanged: the slices only feed it


_digits = st.text("0123456789", min_size=1, max_size=30)
_literals = st.builds(
    lambda sign, whole, fraction, exponent: sign + whole + fraction + exponent,
    st.sampled_from(["", "-"]),
    st.one_of(st.just("0"), _digits.map(lambda d: "1" + d), st.sampled_from(["18446744073709551615", "18446744073709551616"])),
    st.one_of(st.just(""), _digits.map(lambda d: "." + d)),
    st.one_of(st.just(""), st.builds(lambda e, s, n: e + s + str(n), st.sampled_from("eE"), st.sampled_from(["", "+", "-"]), st.integers(0, 400))),
).filter(lambda literal: "." in literal or "e" in literal.lower())


@given(_literals)
def test_float_reading_by_slices_equals_digit_by_digit(literal: str) -> None:
    fast, slow = parse_float_like_rust(literal), _reference_float(literal)
    assert fast == slow and str(fast) == str(slow)  # str: the sign of a zero too


# -- vocabularies ------------------------------------------------------------------------------

_ids = st.one_of(st.integers(-3, 2**32 + 3), st.booleans(), st.floats(0, 10), st.none())
_tokens = st.one_of(st.text(max_size=4), st.integers(0, 3))


def _outcome(function, *args):
    """The result, or the type and message of the error."""
    try:
        return ("ok", function(*args))
    except SubwordError as error:
        return (type(error).__name__, str(error))


def _reference_check_vocab(vocab: dict) -> dict:
    for token, id_ in vocab.items():
        if not isinstance(token, str) or not isinstance(id_, int) or isinstance(id_, bool):
            raise TypeError
        if not 0 <= id_ <= 2**32 - 1:
            raise ValueError
    return dict(vocab)


@given(st.dictionaries(_tokens, st.one_of(st.integers(0, 50), _ids), max_size=6))
def test_vocab_checks_agree_with_the_entry_by_entry_check(vocab: dict) -> None:
    try:
        expected = _reference_check_vocab(vocab)
    except (TypeError, ValueError):
        expected = None
    outcome = _outcome(check_vocab, vocab)
    assert (outcome[1] if outcome[0] == "ok" else None) == expected
    if all(isinstance(token, str) for token in vocab):
        field = _outcome(vocab_field, {"vocab": vocab}, "model")
        assert (field[1] if field[0] == "ok" else None) == expected


# -- merges ------------------------------------------------------------------------------------


def _reference_check_merges(merges: list) -> tuple[list[str], list[str]]:
    pairs = []
    for merge in merges:
        if isinstance(merge, str):
            if merge.startswith("#version"):
                continue
            pair = split_merge(merge)
            if pair is None:
                raise ValueError
        elif isinstance(merge, (list, tuple)) and len(merge) == 2 and all(isinstance(t, str) for t in merge):
            pair = (merge[0], merge[1])
        else:
            raise TypeError
        pairs.append(pair)
    return [a for a, _ in pairs], [b for _, b in pairs]


_words = st.text("ab #ver\u00e9", max_size=5)
_merge = st.one_of(
    _words,
    st.builds(lambda a, b: f"{a} {b}", st.text("abc", max_size=3), st.text("abc", max_size=3)),
    st.just("#version: 0.2"),
    st.lists(st.one_of(st.text("ab ", max_size=3), st.integers(0, 2)), min_size=1, max_size=3),
    st.tuples(st.text("ab", max_size=2), st.text("ab", max_size=2)),
)


@given(st.lists(_merge, max_size=6))
def test_merge_columns_agree_with_the_entry_by_entry_check(merges: list) -> None:
    try:
        expected = _reference_check_merges(merges)
    except (TypeError, ValueError):
        expected = None
    outcome = _outcome(check_merges, merges)
    assert (outcome[1] if outcome[0] == "ok" else None) == expected


@given(st.lists(st.builds(lambda a, b: f"{a} {b}", st.text("abc", max_size=3), st.text("abc", max_size=3)), max_size=6))
def test_string_and_pair_merges_read_alike(merges: list[str]) -> None:
    pairs = [merge.split(" ") for merge in merges]
    assert merges_field({"merges": merges}, "model") == merges_field({"merges": pairs}, "model")


def test_merges_txt_fast_and_slow_reads_agree(tmp_path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("#version: 0.2\na b\nab c\n", encoding="utf-8")
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(b"#version: 0.2\r\na b\r\nab c\r\n")  # the line-by-line reader takes this one
    assert read_merges_txt(str(plain)) == read_merges_txt(str(crlf)) == [("a", "b"), ("ab", "c")]
    bad = tmp_path / "bad.txt"
    bad.write_text("#version: 0.2\na b\na b c\n", encoding="utf-8")
    with pytest.raises(SubwordError, match="line 3"):
        read_merges_txt(str(bad))


def test_bpe_from_json_names_the_first_merge_missing_a_token() -> None:
    document = {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b", "ab c"]}
    with pytest.raises(SubwordError, match=r"merge 1 \('ab', 'c'\) needs the token 'c'"):
        BPE.from_json(document, "model")


# -- the Unigram piece table ---------------------------------------------------------------------

_pieces = st.lists(st.tuples(st.text("abcd", min_size=1, max_size=70), st.floats(-10, 0)), min_size=1, max_size=12)


@given(_pieces)
def test_piece_table_holds_every_piece_and_every_prefix(pieces: list[tuple[str, float]]) -> None:
    """The table the model builds equals the one written from its definition: each piece of up
    to `LONG` chars under its last id, each other prefix of up to `LONG` chars as None."""
    vocab = [("<unk>", 0.0)] + pieces
    model = Unigram(vocab, unk_id=0)
    long = PieceTrie.LONG
    by_piece = {piece: (id_, score) for id_, (piece, score) in enumerate(vocab)}
    expected: dict = {piece[:end]: None for piece in by_piece for end in range(1, min(len(piece), long + 1))}
    expected.update((piece, entry) for piece, entry in by_piece.items() if len(piece) <= long)
    trie = model._piece_trie()
    assert trie.table == expected
    assert {p for group in trie.long.values() for p, _, _ in group} == {p for p in by_piece if len(p) > long}


def test_racing_first_encodes_agree() -> None:
    path = fixture_path("t5/tokenizer.json")
    text = "Hello world! The quick brown fox jumps over the lazy dog, again and again."
    expected = Tokenizer.from_file(str(path)).encode(text).ids
    for _ in range(3):
        tokenizer = Tokenizer.from_file(str(path))  # its trie not yet built
        barrier = threading.Barrier(4)
        results: list[list[int]] = []

        def encode() -> None:
            barrier.wait()
            results.append(tokenizer.encode(text).ids)

        threads = [threading.Thread(target=encode) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results == [expected] * 4
