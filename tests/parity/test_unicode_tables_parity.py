"""subword's Unicode tables against the Rust package, over every code point.

Each sweep runs one component of both packages over a string of all code points (the
surrogates left out), arranged so that every char's class shows in the output: e.g. Whitespace
over "!".join(chars) gives a piece for a `\\w` char, lets other symbols join the "!" runs and
drops whitespace. Sweeps over all 0x110000 code points and every Oniguruma property name take
about an hour: set SUBWORD_FULL_UNICODE=1.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

tokenizers = pytest.importorskip("tokenizers")
from tokenizers import normalizers as rust_normalizers  # noqa: E402
from tokenizers import pre_tokenizers as rust  # noqa: E402

from subword import normalizers as our_normalizers  # noqa: E402
from subword import pre_tokenizers as ours  # noqa: E402
from subword.core.normalized_string import NormalizedString  # noqa: E402
from subword.text import unicode_tables  # noqa: E402
from subword.text.oniguruma import Regex  # noqa: E402

FULL = os.environ.get("SUBWORD_FULL_UNICODE") == "1"
# Every code point with SUBWORD_FULL_UNICODE=1; otherwise planes 0-3 and 14 (everything assigned)
# and a few code points of each other plane (unassigned or private use throughout), which keeps
# the file under a minute.
_CODES = range(0x110000) if FULL else [*range(0x40000), *range(0xE0000, 0xE1000), *range(0x40000, 0x110000, 0x1FFF)]
ALL = "".join(chr(code) for code in _CODES if not 0xD800 <= code < 0xE000)
BMP = ALL[: ALL.index("\U00010000")]  # the Basic Multilingual Plane
# The properties swept by default; with SUBWORD_FULL_UNICODE=1, every name of the tables
QUICK_PROPERTIES = ["L", "N", "P", "S", "Lu", "Ll", "Cn", "Han", "Alphabetic"]


def _split(module, pattern: str, text: str):
    regex = Regex(pattern) if module is ours else tokenizers.Regex(pattern)
    return module.Split(regex, "isolated").pre_tokenize_str(text)


def _property_names() -> list[str]:
    if not FULL:
        return QUICK_PROPERTIES
    from subword.text import _unicode_data

    first: dict[str, str] = {}
    for name, key in _unicode_data.ONIG_ALIASES.items():
        first.setdefault(key, name)
    return sorted(first.values())


@pytest.mark.parametrize("name", _property_names())
def test_oniguruma_property(name: str) -> None:
    pattern = rf"\p{{{name}}}+"
    assert _split(ours, pattern, ALL) == _split(rust, pattern, ALL)


@pytest.mark.parametrize("pattern", [r"\s+", r"\w+", r"[\w]+", r"\d+", r"[[:punct:]]+", r"\b"])
def test_oniguruma_escapes(pattern: str) -> None:
    assert _split(ours, pattern, ALL) == _split(rust, pattern, ALL)


def test_gpt2_pattern() -> None:
    mine, theirs = ours.ByteLevel(add_prefix_space=False), rust.ByteLevel(add_prefix_space=False)
    for text in (ALL, BMP):  # (text of the BMP alone runs `re`, see char_classes.GuardedPattern.bmp)
        assert mine.pre_tokenize_str(text) == theirs.pre_tokenize_str(text)


@pytest.mark.parametrize("name", QUICK_PROPERTIES)
def test_oniguruma_property_on_the_bmp(name: str) -> None:
    pattern = rf"\p{{{name}}}+|[^\p{{{name}}}\s]+"
    assert _split(ours, pattern, BMP) == _split(rust, pattern, BMP)


@pytest.mark.parametrize("pattern", [r"\s+(?!\S)|\s+", r"\w+|[^\w\s]+", r"[[:punct:]]+", r"\b", r"^\p{Lu}|\d$"])
def test_oniguruma_escapes_on_the_bmp(pattern: str) -> None:
    text = "\n".join(BMP[start : start + 40] for start in range(0, len(BMP), 40))  # (lines, for ^ and $)
    assert _split(ours, pattern, text) == _split(rust, pattern, text)


@pytest.mark.parametrize(
    ("name", "separator"),
    [("Whitespace", "!"), ("WhitespaceSplit", "a"), ("BertPreTokenizer", "a"), ("Digits", "a"), ("UnicodeScripts", "")],
)
def test_pre_tokenizer_classes(name: str, separator: str) -> None:
    text = separator.join(ALL)
    assert getattr(ours, name)().split_str(text) == [word for word, _ in getattr(rust, name)().pre_tokenize_str(text)]


@pytest.mark.parametrize(
    "make",
    [
        lambda m: m.BertNormalizer(clean_text=True, handle_chinese_chars=False, strip_accents=False, lowercase=False),
        lambda m: m.BertNormalizer(clean_text=False, handle_chinese_chars=False, strip_accents=True, lowercase=False),
        lambda m: m.StripAccents(),
        lambda m: m.Lowercase(),
        lambda m: m.NFD(),
        lambda m: m.NFKD(),
        lambda m: m.NFC(),
        lambda m: m.NFKC(),
    ],
    ids=["clean_text", "strip_accents", "StripAccents", "Lowercase", "NFD", "NFKD", "NFC", "NFKC"],
)
def test_normalizer_classes(make) -> None:
    for text in (ALL, "a".join(ALL)):
        assert make(our_normalizers).normalize_str(text) == make(rust_normalizers).normalize_str(text)


def test_uppercase() -> None:
    mine, theirs = NormalizedString(ALL), tokenizers.NormalizedString(ALL)
    mine.uppercase()
    theirs.uppercase()
    assert mine.normalized == theirs.normalized


def test_ascii_agrees_with_regex() -> None:
    """The plain-pattern shortcut for ASCII text rests on this (checked again at runtime)."""
    assert Regex(r"[\p{L}\p{N}\s\w]")._guarded.disagreements.ascii_agrees


code_points = st.integers(0, 0x10FFFF).filter(lambda code: not 0xD800 <= code < 0xE000).map(chr)


@given(st.lists(code_points, min_size=1, max_size=8).map("".join), st.sampled_from(QUICK_PROPERTIES + ["Cyrillic", "Lo", "Nd"]))
def test_hypothesis_properties(text: str, name: str) -> None:
    pattern = rf"\p{{{name}}}|\P{{{name}}}+"
    assert _split(ours, pattern, text) == _split(rust, pattern, text)
    bmp_text = "".join(char for char in text if char < "\U00010000")
    assert _split(ours, pattern, bmp_text) == _split(rust, pattern, bmp_text)


@given(st.lists(code_points | st.sampled_from("aé\u0301 1"), min_size=1, max_size=8).map("".join))
def test_hypothesis_components(text: str) -> None:
    for name in ("Whitespace", "BertPreTokenizer", "UnicodeScripts", "Digits"):
        assert getattr(ours, name)().pre_tokenize_str(text) == getattr(rust, name)().pre_tokenize_str(text), name
    for form in ("NFD", "NFKC"):
        assert getattr(our_normalizers, form)().normalize_str(text) == getattr(rust_normalizers, form)().normalize_str(text)


def test_tables_are_sorted_and_disjoint_ranges() -> None:
    from subword.text import _unicode_data

    for name in _unicode_data.TABLES:
        ranges = unicode_tables.code_ranges(name)
        assert all(a <= b < c for (a, b), (c, _) in zip(ranges, ranges[1:])), name
