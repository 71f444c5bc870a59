"""Grapheme clusters against the Rust package, seen through its Precompiled normalizer.

The Rust package splits text with the `unicode-segmentation` crate only in `Precompiled`, which
looks a cluster of fewer than 6 UTF-8 bytes up whole. With a charsmap that has every UTF-8 lead
byte as a key (LEAD_BYTES), each such cluster becomes one "#" and every other char its own "#",
so the output and its alignments show where the crate cut. Each code point is put in contexts
that show each rule it could take part in (a char after it or before it staying, Hangul, GB9c,
GB11, GB12): planes 0-1 and 14 and every 97th other code point by default, all of them with
SUBWORD_FULL_UNICODE=1 (about 15 minutes).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subword
from subword.text.charsmap import build_charsmap
from tests.parity.test_normalizers_parity import our_alignments, rust_alignments

tokenizers = pytest.importorskip("tokenizers")

LEAD_BYTES = build_charsmap({bytes([b]): "#" for b in [*range(1, 0x80), *range(0xC2, 0xF5)] if b != 0x0A})
FULL = os.environ.get("SUBWORD_FULL_UNICODE") == "1"
_CODES = range(0x110000) if FULL else [*range(0x20000), *range(0xE0000, 0xE1000), *range(0x20000, 0x110000, 97)]
CODE_POINTS = [code for code in _CODES if not 0xD800 <= code < 0xE000]
# {} is the code point; each context shows one way it may join its neighbours (the "\n"s that
# separate the probes always break)
CONTEXTS = [
    "a{}", "{}a", "\r{}", "{}\u0300",  # GB9/GB9a after it, GB9b before it, GB3, GB4/GB5
    "\u1100{}\u0300", "\u1161{}\u0300", "\uac00{}\u0300", "\uac01{}\u0300", "{}\u1161\u0300",  # GB6-GB8
    "\u0915\u094d{}\u0300", "\u00a9\u200d{}\u0300", "\U0001F1E6{}\u0300",  # GB9c, GB11, GB12
]
GRAPHEME_PIECES = st.sampled_from(
    [
        "a", "e", "\r", "\n", "\x01", "\u0300", "\u0301", "\u20dd", "\ufe0f", "\u200d", "\u200c", "\u0903",
        "\u0600", "\u1100", "\u1161", "\u11a8", "\uac00", "\uac01", "\U0001F1E6", "\U0001F1EB", "\u00a9", "\u00ae",
        "\u2764", "\U0001F468", "\U0001F3FD", "\u0915", "\u094d", "\u0937", "\u0995", "\u09cd", "\U00016D63",
    ]
)
TEXTS = st.lists(st.one_of(GRAPHEME_PIECES, st.characters(exclude_categories=("Cs",))), max_size=16).map("".join)


# Removes and doubles chars that join their neighbours in clusters
MARKS = build_charsmap({"\u0301": "", "\u200d": "", "\u0300": "\u0300\u0300", "e": "E", "e\u0301": "é", "\r": "\n"})


def _normalizers(data: bytes = LEAD_BYTES):
    return subword.normalizers.Precompiled(data), tokenizers.normalizers.Precompiled(data)


@given(st.sampled_from([LEAD_BYTES, MARKS]), TEXTS)
def test_clusters_and_alignments(data: bytes, text: str) -> None:
    mine, theirs = _normalizers(data)
    assert mine.normalize_str(text) == theirs.normalize_str(text)
    assert our_alignments(mine, text) == rust_alignments(theirs, text)


@pytest.mark.parametrize("context", CONTEXTS)
def test_every_code_point_in_context(context: str) -> None:
    mine, theirs = _normalizers()
    probes = [context.format(chr(code)) for code in CODE_POINTS]
    ours, rust = mine.normalize_str("\n".join(probes)).split("\n"), theirs.normalize_str("\n".join(probes)).split("\n")
    differing = [f"U+{code:04X}: {a} != {b}" for code, a, b in zip(CODE_POINTS, ours, rust) if a != b]
    assert not differing, f"{len(differing)} code points differ, e.g. {differing[:8]}"
