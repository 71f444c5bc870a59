"""A user pattern that backtracks catastrophically stops with an error, as in the Rust package.

Oniguruma, under the Rust package, gives up a match after 10 million backtracking steps (about
0.1 s; the Python binding then raises a PanicException, which is not an Exception). subword
gives such a pattern a time budget and raises RegexTimeoutError (a RuntimeError) naming it;
patterns proved tame (every tokenizer pattern in use) run with no budget, at full speed.
"""

from __future__ import annotations

import json
import re
import time

import pytest
import regex

from subword import Regex, Tokenizer, models, normalizers, pre_tokenizers
from subword.errors import RegexTimeoutError, SubwordError
from subword.text.regex_budget import BoundedPattern, is_tame

CATASTROPHIC = ["(a|aa)+$", "(a+)+$", "(a|a?)+$", "([a-z]+)*$"]
GPT4 = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
O200K = (
    r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
    r"|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
    r"|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)
GPT2 = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"


def _tokenizer(module, stage: str, pattern: str):
    tokenizer = module.Tokenizer(module.models.WordLevel({"a": 0, "[UNK]": 1}, unk_token="[UNK]"))
    if stage == "Split":
        tokenizer.pre_tokenizer = module.pre_tokenizers.Split(module.Regex(pattern), "isolated")
    else:
        tokenizer.normalizer = module.normalizers.Replace(module.Regex(pattern), "x")
    return tokenizer


def _rust_outcome(stage: str, pattern: str, text: str):
    """The Rust package's ids, or "refused" when Oniguruma stopped the match."""
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    try:
        return _tokenizer(tokenizers, stage, pattern).encode(text).ids
    except BaseException as error:  # noqa: BLE001  (pyo3's PanicException is a BaseException)
        if "retry-limit-in-match" not in str(error):
            raise
        return "refused"


@pytest.mark.parametrize("pattern", CATASTROPHIC)
@pytest.mark.parametrize("stage", ["Split", "Replace"])
@pytest.mark.parametrize("call", ["encode", "encode_batch_fast"])
def test_catastrophic_patterns_stop_within_a_second_like_rust(pattern: str, stage: str, call: str) -> None:
    text = "a" * 1000 + "b"
    tokenizer = _tokenizer(__import__("subword"), stage, pattern)
    started = time.perf_counter()
    try:
        ids = tokenizer.encode(text).ids if call == "encode" else tokenizer.encode_batch_fast([text])[0].ids
    except RegexTimeoutError as error:
        ids = "refused"
        assert pattern in str(error) and "backtracking" in str(error)
        assert isinstance(error, RuntimeError) and isinstance(error, SubwordError)
    assert time.perf_counter() - started < 1.0
    assert ids == _rust_outcome(stage, pattern, text)


@pytest.mark.parametrize("pattern", CATASTROPHIC[:3])
def test_short_and_long_texts_are_bounded_too(pattern: str) -> None:
    # 0.1 s of matching plus 10 µs per char: short texts stop fast, long ones in linear time.
    split = pre_tokenizers.Split(Regex(pattern), "isolated")
    for text, limit in (("a" * 40 + "b", 1.0), ("a" * 20_000 + "b", 1.5)):
        started = time.perf_counter()
        try:
            split.pre_tokenize_str(text)
        except RegexTimeoutError:
            pass
        assert time.perf_counter() - started < limit


def test_the_error_names_the_pattern_of_a_tokenizer_file() -> None:
    document = json.loads(_tokenizer(__import__("subword"), "Split", "(a|aa)+$").to_str())
    tokenizer = Tokenizer.from_str(json.dumps(document))
    with pytest.raises(RegexTimeoutError, match=r"the regex '\(a\|aa\)\+\$' took over"):
        tokenizer.encode("a" * 60 + "b")


@pytest.mark.parametrize("pattern", [GPT2, GPT4, O200K, " {2,}", r"\A +", r"\s+$", r"\b\w+\b", r"(?:\r\n)+",
                                     r"[[:punct:]]+", r" ?[^(\s|[.,!?…。，、।۔،])]+", r"\p{N}{1,3}"])
def test_tokenizer_patterns_are_tame_and_run_without_a_clock(pattern: str) -> None:
    assert is_tame(Regex(pattern).compiled.pattern)
    assert isinstance(Regex(pattern).compiled_for("some text"), (re.Pattern, regex.Pattern))  # (no BoundedPattern)


@pytest.mark.parametrize("pattern", [*CATASTROPHIC, "a*a*[bc]", r"(a)\1", r"(?<x>a)(?P=x)", r"(?x) a+ a+ b",
                                     r"(?:a|b)+c", r"(?:a?){30}a{30}", "a{1,100}a{1,100}b", r"(?R)?", "(?|a|b)"])
def test_patterns_that_may_backtrack_get_a_budget(pattern: str) -> None:
    assert not is_tame(pattern)
    assert isinstance(Regex(pattern).compiled_for("text"), BoundedPattern)


def test_a_budgeted_pattern_matches_as_the_plain_one_on_long_text() -> None:
    # Untamed but harmless: 200,000 chars take far less than their budget (2 s), and the spans
    # are those of the plain pattern and of the Rust package.
    text = "co-operate re-enter " * 10_000
    split = pre_tokenizers.Split(Regex(r"(?:\w|-)+"), "isolated")
    words = split.split_str(text)
    assert words == regex.findall(r"(?:\w|-)+| ", text)
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    rust = tokenizers.pre_tokenizers.Split(tokenizers.Regex(r"(?:\w|-)+"), "isolated")
    assert split.pre_tokenize_str(text[:2000]) == rust.pre_tokenize_str(text[:2000])


def test_replace_with_a_budgeted_pattern_matches_rust() -> None:
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    text = "aab ab  b aaab"
    ours = normalizers.Replace(Regex(r"(?:a|ab)+b"), "<x>").normalize_str(text)
    assert ours == tokenizers.normalizers.Replace(tokenizers.Regex(r"(?:a|ab)+b"), "<x>").normalize_str(text)
