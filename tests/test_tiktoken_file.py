"""tiktoken rank files: reading them, errors naming the line, and merges recovered from ranks."""

from __future__ import annotations

import base64
import doctest

import pytest

import subword.formats.tiktoken
from subword.errors import TokenizerFileError
from subword.models import BPE
from subword.formats.tiktoken import bpe_from_ranks, load_tiktoken_bpe, split_with_ranks


def line(token: bytes, rank: int) -> str:
    return f"{base64.b64encode(token).decode()} {rank}\n"


def test_doctests():
    assert doctest.testmod(subword.formats.tiktoken).failed == 0


def test_load(tmp_path):
    path = tmp_path / "tiny.tiktoken"
    path.write_text(line(b"a", 0) + line(b"\xff", 1) + "\n" + line(b"a\xff", 2), encoding="ascii")
    assert load_tiktoken_bpe(path) == {b"a": 0, b"\xff": 1, b"a\xff": 2}


@pytest.mark.parametrize("bad", ["YQ==", "YQ== x", "YQ== -1", "YQ== 1 2", "Y 1"])
def test_a_malformed_line_is_named(tmp_path, bad):
    path = tmp_path / "bad.tiktoken"
    path.write_text(line(b"a", 0) + bad + "\n", encoding="ascii")
    with pytest.raises(TokenizerFileError, match="line 2"):
        load_tiktoken_bpe(path)


def test_merges_follow_the_ranks():
    # b"bc" (rank 4) comes before b"ab" (rank 5), so "abc" is made of a + bc, not ab + c.
    ranks = {b"a": 0, b"b": 1, b"c": 2, b"\xc3": 3, b"bc": 4, b"ab": 5, b"abc": 6}
    vocab, merges = bpe_from_ranks(ranks)
    assert merges == [("b", "c"), ("a", "b"), ("a", "bc")]
    assert vocab["Ã"] == 3
    assert split_with_ranks(ranks, b"abc") == [b"abc"]
    assert split_with_ranks(ranks, b"abc", max_rank=6) == [b"a", b"bc"]
    assert BPE(vocab, merges).tokenize_ids("abcab") == [6, 5]


def test_a_token_no_merge_can_build_gets_no_merge():
    vocab, merges = bpe_from_ranks({b"a": 0, b"b": 1, b"abb": 2})
    assert vocab == {"a": 0, "b": 1, "abb": 2} and merges == []
