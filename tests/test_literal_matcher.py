"""LiteralMatcher against the `regex` alternation it replaces (leftmost, longest first), on
hypothesis literals and texts, and its build cost on huge inputs."""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

from subword.core.literal_matcher import LiteralMatcher

small_text = st.text(alphabet="ab<>é", max_size=20)


def alternation_spans(literals: set[str], text: str) -> list[tuple[int, int]]:
    """The reference: a regex alternation, longest literal first, with an empty match right
    after the previous match left out (the Rust package's rule)."""
    pattern = regex.compile("|".join(regex.escape(p) for p in sorted(literals, key=lambda p: (-len(p), p))))
    spans, previous = [], -1
    for match in pattern.finditer(text):
        start, end = match.span()
        if start == end == previous:
            continue
        previous = end
        spans.append((start, end))
    return spans


@given(literals=st.sets(small_text, min_size=1, max_size=8), text=small_text)
def test_spans_equal_the_longest_first_alternation(literals: set[str], text: str) -> None:
    assert list(LiteralMatcher(literals).spans(text)) == alternation_spans(literals, text)


def test_a_hundred_thousand_literals() -> None:
    # (a build linear in the literals' length takes about 0.1 s; the alternation took seconds)
    matcher = LiteralMatcher([f"<extra_id_{i}>" for i in range(100_000)])
    assert list(matcher.spans("a<extra_id_7>b<extra_id_99999>")) == [(1, 13), (14, 30)]


def test_a_literal_of_millions_of_chars() -> None:
    literal = "x" * 2_000_000
    matcher = LiteralMatcher([literal, "x"])
    text = "ab" + literal + "x"
    assert list(matcher.spans(text)) == [(2, 2_000_002), (2_000_002, 2_000_003)]
