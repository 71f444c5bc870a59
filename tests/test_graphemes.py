"""Grapheme clusters (subword/text/graphemes.py): the rules on worked examples, the quick finder
of short clusters pinned to the plain segmentation, and independence from the `regex` module."""

from __future__ import annotations

import ast
import doctest
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subword.text.graphemes
from subword.text.graphemes import category, graphemes, is_boundary, short_clusters
from subword.text.unicode_tables import code_ranges

# One char or more of each category, and the pieces the rules look back over
PARTS = st.sampled_from(
    [
        "a", "é", "中", "\U0001F600", "\r", "\n", "\x01", "\u0085",
        "\u0300", "\u0301", "\u20dd", "\U0001F3FD", "\ufe0f", "\u200d", "\u200c",  # Extend, ZWJ
        "\u0903", "\u093e",  # SpacingMark
        "\u0600", "\u0605", "\U000110BD",  # Prepend
        "\u1100", "\u1161", "\u11a8", "\uac00", "\uac01",  # L, V, T, LV, LVT
        "\U0001F1EB", "\U0001F1F7",  # Regional_Indicator
        "\u00a9", "\u2764", "\U0001F468", "\U0001F469",  # Extended_Pictographic
        "\u0915", "\u0937", "\u094d", "\u09cd", "\u0995",  # InCB Consonant, Linker
    ]
)
TEXT = st.lists(st.one_of(PARTS, st.characters(exclude_categories=("Cs",))), max_size=14).map("".join)


def test_doctests() -> None:
    assert doctest.testmod(subword.text.graphemes).failed == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\r\n\n\r", ["\r\n", "\n", "\r"]),  # GB3-GB5
        ("\u1100\u1161\u11a8\uac00\u11a8\u1100", ["\u1100\u1161\u11a8", "\uac00\u11a8", "\u1100"]),  # GB6-GB8
        ("a\u0301\u20dd\u200db", ["a\u0301\u20dd\u200d", "b"]),  # GB9
        ("\u0915\u093e\u0903", ["\u0915\u093e\u0903"]),  # GB9a
        ("\u0600a\u0600\n", ["\u0600a", "\u0600", "\n"]),  # GB9b, not before a control
        ("\u0915\u094d\u0937\u094d\u0915", ["\u0915\u094d\u0937\u094d\u0915"]),  # GB9c
        ("\u0915\u094d\u200d\u0937", ["\u0915\u094d\u200d\u0937"]),  # GB9c, ZWJ is InCB=Extend
        ("\u0915\u0301\u0937", ["\u0915\u0301", "\u0937"]),  # GB9c needs a linker
        ("a\u094d\u0937", ["a\u094d", "\u0937"]),  # GB9c needs a consonant first
        ("\U0001F468\u200d\U0001F469\u200d\U0001F467", ["\U0001F468\u200d\U0001F469\u200d\U0001F467"]),  # GB11
        ("\U0001F44D\U0001F3FD\u200d\u2764", ["\U0001F44D\U0001F3FD\u200d\u2764"]),  # GB11 with Extend
        ("a\u200d\u2764", ["a\u200d", "\u2764"]),  # GB11 needs a pictographic first
        ("\U0001F1EB\U0001F1F7\U0001F1EB\U0001F1F7\U0001F1EB", ["\U0001F1EB\U0001F1F7"] * 2 + ["\U0001F1EB"]),  # GB12, GB13
        ("", []),
    ],
)
def test_rules(text: str, expected: list[str]) -> None:
    assert graphemes(text) == expected


def test_tables_newer_than_the_oldest_regex() -> None:
    # Pinned on chars where regex 2022.10.31 (Unicode 15.0) would split otherwise: GB9c came in
    # Unicode 15.1, and the Kirat Rai vowel signs (Unicode 16.0) are Hangul-like V.
    assert graphemes("\u0915\u094d\u0937") == ["\u0915\u094d\u0937"]
    assert category("\U00016D63") == "V" and graphemes("\u1100\U00016D63\U00016D67") == ["\u1100\U00016D63\U00016D67"]
    assert category("\u094d") == "Extend" and category("\u200d") == "ZWJ"


def _codes(name: str) -> list[int]:
    return [code for start, end in code_ranges(name) for code in range(start, end + 1)]


def test_the_quick_finder_s_assumptions_hold() -> None:
    # short_clusters takes the char before a joined consonant (GB9c) to be an Extend, SpacingMark
    # or ZWJ char; every InCB=Extend and InCB=Linker char is one.
    for name in ("grapheme:incb_extend", "grapheme:incb_linker"):
        assert {category(chr(code)) for code in _codes(name)} <= {"Extend", "SpacingMark", "ZWJ"}, name


@given(text=TEXT, max_bytes=st.integers(2, 8))
def test_short_clusters_are_those_of_the_plain_segmentation(text: str, max_bytes: int) -> None:
    spans, start = [], 0
    for cluster in graphemes(text):
        if len(cluster) >= 2 and len(cluster.encode("utf-8")) <= max_bytes:
            spans.append((start, start + len(cluster)))
        start += len(cluster)
    assert short_clusters(text, max_bytes) == spans


@given(text=TEXT)
def test_boundaries_cut_the_text(text: str) -> None:
    clusters = graphemes(text)
    assert "".join(clusters) == text
    assert all(is_boundary(text, index) for index in (0, len(text)))


def test_no_regex_module_in_the_segmenter() -> None:
    """The segmenter reads only subword's tables: it imports neither `regex` nor `unicodedata`."""
    tree = ast.parse(Path(subword.text.graphemes.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not imported & {"regex", "unicodedata"}
