"""`.tiktoken` files are validated (issue 14, item 4): no tokenizer that silently drops text.

Each bad file is checked against tiktoken: where tiktoken refuses it (a ValueError, an
OverflowError, or a panic when encoding), subword refuses it when loading, with a SubwordError
of the same standard type that names the file and the line. Where tiktoken accepts a file that
gives wrong ids (a token given twice, a special token id that is also a rank), subword refuses
it too: the test says so case by case.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from subword import Tokenizer
from subword.errors import ArgumentRangeError, ArgumentTypeError, ArgumentValueError, FileRangeError, TokenizerFileError
from subword.formats.tiktoken import load_tiktoken_bpe
from tests.shared_data import fixture_path

PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""


def gpt2_lines() -> list[bytes]:
    return fixture_path("gpt2/gpt2.tiktoken").read_bytes().split(b"\n")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / f"{name}.tiktoken"
    path.write_bytes(data)
    return path


def tiktoken_outcome(path: Path, special_tokens: object = None) -> str:
    """'ok', or the name of the exception tiktoken raises loading the file or encoding a sentence."""
    tiktoken = pytest.importorskip("tiktoken")
    from tiktoken.load import load_tiktoken_bpe as tiktoken_load

    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("TIKTOKEN_CACHE_DIR", "")  # no cache: tiktoken keys it by path
            ranks = tiktoken_load(str(path))
        encoding = tiktoken.Encoding(path.stem, pat_str=PATTERN, mergeable_ranks=ranks, special_tokens=special_tokens or {})
        encoding.encode("Hello World 42!")
    except BaseException as error:  # a Rust panic is a BaseException
        if isinstance(error, KeyboardInterrupt):
            raise
        return type(error).__name__
    return "ok"


def test_letters_only_is_refused_not_dropping_text(tmp_path: Path) -> None:
    data = b"\n".join(base64.b64encode(bytes([c])) + b" %d" % i for i, c in enumerate(range(97, 123)))
    path = write(tmp_path, "letters", data)
    assert tiktoken_outcome(path) == "PanicException"
    with pytest.raises(TokenizerFileError, match=r"letters\.tiktoken: 230 of the 256 single bytes have no rank"):
        Tokenizer.from_tiktoken(path, PATTERN)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "empty", b"\n\n")
    assert tiktoken_outcome(path) == "ValueError"
    with pytest.raises(TokenizerFileError, match=r"empty\.tiktoken: holds no ranks"):
        Tokenizer.from_tiktoken(path, PATTERN)


def test_a_line_cut_mid_rank_is_refused(tmp_path: Path) -> None:
    lines = gpt2_lines()
    token, rank = lines[25049].split()
    path = write(tmp_path, "cut", b"\n".join(lines[:25049] + [token + b" " + rank[:3]]))
    assert tiktoken_outcome(path) == "PanicException"  # "Encoder and decoder must be of equal length"
    with pytest.raises(TokenizerFileError, match=r"cut\.tiktoken, line 25050: rank 250 is already on line 251"):
        load_tiktoken_bpe(path)


def test_a_line_cut_in_its_token_is_refused(tmp_path: Path) -> None:
    lines = gpt2_lines()
    path = write(tmp_path, "cut", b"\n".join(lines[:300] + [lines[300][:5]]))
    assert tiktoken_outcome(path) == "ValueError"
    with pytest.raises(TokenizerFileError, match=r"cut\.tiktoken, line 301: expected '<base64 token> <rank>'"):
        load_tiktoken_bpe(path)


def test_a_token_given_twice_is_refused(tmp_path: Path) -> None:
    lines = gpt2_lines()
    path = write(tmp_path, "twice", b"\n".join(lines[:300] + [lines[5].split()[0] + b" 300"]))
    assert tiktoken_outcome(path) == "ok"  # tiktoken keeps the last rank: token 5 silently becomes 300
    with pytest.raises(TokenizerFileError, match=r"twice\.tiktoken, line 301: token b'&' is already on line 6"):
        load_tiktoken_bpe(path)


@pytest.mark.parametrize("rank", [b"-3", b"4294967296"])
def test_a_rank_out_of_u32_is_an_overflow_error(tmp_path: Path, rank: bytes) -> None:
    lines = gpt2_lines()
    path = write(tmp_path, "range", b"\n".join(lines[:300] + [lines[300].split()[0] + b" " + rank]))
    assert tiktoken_outcome(path) == "OverflowError"
    with pytest.raises(FileRangeError, match=r"range\.tiktoken, line 301: the rank must be in 0\.\.4294967295") as caught:
        load_tiktoken_bpe(path)
    assert isinstance(caught.value, OverflowError) and isinstance(caught.value, ValueError)


def test_special_token_ids_are_checked() -> None:
    path = fixture_path("gpt2/gpt2.tiktoken")
    assert tiktoken_outcome(path, {"<|x|>": 97}) == "ok"  # tiktoken aliases the token of rank 97
    with pytest.raises(ArgumentValueError, match=r"id 97 is the rank of token b'\\xa4'"):
        Tokenizer.from_tiktoken(path, PATTERN, special_tokens={"<|x|>": 97})
    with pytest.raises(ArgumentValueError, match="id 50256 is also the id of '<|a|>'"):
        Tokenizer.from_tiktoken(path, PATTERN, special_tokens={"<|a|>": 50256, "<|b|>": 50256})
    assert tiktoken_outcome(path, {"<|x|>": 2**32}) == "OverflowError"
    with pytest.raises(ArgumentRangeError, match="the id must be in 0..4294967295, got 4294967296") as caught:
        Tokenizer.from_tiktoken(path, PATTERN, special_tokens={"<|x|>": 2**32})
    assert isinstance(caught.value, OverflowError)
    with pytest.raises(ArgumentTypeError, match="special_tokens must be a dict of token text -> id .* got list"):
        Tokenizer.from_tiktoken(path, PATTERN, special_tokens=["<|endoftext|>"])  # type: ignore[arg-type]


def test_a_good_file_still_loads_with_special_tokens() -> None:
    tokenizer = Tokenizer.from_tiktoken(fixture_path("gpt2/gpt2.tiktoken"), PATTERN, {"<|endoftext|>": 50256})
    assert tokenizer.encode("Hello World 42!").ids == [15496, 2159, 5433, 0]
    assert tokenizer.token_to_id("<|endoftext|>") == 50256


def test_a_line_of_spaces_is_refused_and_an_empty_one_skipped(tmp_path: Path) -> None:
    lines = gpt2_lines()
    path = write(tmp_path, "spaces", b"\n".join(lines[:3] + [b""] + lines[3:256] + [b"   "]))
    assert tiktoken_outcome(path) == "ValueError"
    with pytest.raises(TokenizerFileError, match=r"spaces\.tiktoken, line 258: expected '<base64 token> <rank>'"):
        load_tiktoken_bpe(path)
