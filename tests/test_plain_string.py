"""PlainString (the ids path's NormalizedString without alignments) against NormalizedString:
after any edits, the same text, and every slice starts the input exactly when the
NormalizedString slice does."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subword import Regex
from subword.core.normalized_string import NormalizedString
from subword.core.plain_string import PlainString
from subword.errors import SubwordError
from subword.normalizers import (
    NFC,
    NFD,
    NFKC,
    NFKD,
    BertNormalizer,
    ByteLevel,
    Lowercase,
    Prepend,
    Replace,
    Sequence,
    Strip,
    StripAccents,
)
from subword.text.chars import BYTE_LEVEL, LOWERCASE, CharMap

TEXT = st.text(
    st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(" \t\nabAB中é\u0301ﬁ①İ▁-")), max_size=12
)
# Removes "a", doubles "b", keeps the rest: a table that both removes and adds chars.
_MIXED = CharMap(lambda char: "" if char == "a" else "bb" if char == "b" else char)

EDITS = st.sampled_from(
    [
        ("lowercase", lambda n: n.translate(LOWERCASE)),
        ("byte level", lambda n: n.translate(BYTE_LEVEL)),
        ("mixed table", lambda n: n.translate(_MIXED)),
        ("map", lambda n: n.map_chars(lambda c: "" if c == " " else c * 2 if c == "é" else c)),
        ("filter", lambda n: n.filter(lambda c: c not in " a")),
        ("prepend", lambda n: n.prepend("▁▁")),
        ("append", lambda n: n.append("!")),
        ("replace char", lambda n: n.replace(" ", "▁")),
        ("replace str", lambda n: n.replace("ab", "X")),
        ("replace str empty", lambda n: n.replace("a", "")),
        ("replace regex", lambda n: n.replace(Regex(r"\s+").compiled, " ")),
        ("replace empty matches", lambda n: n.replace(Regex(r"x*").compiled, "-")),
        ("strip", lambda n: n.strip()),
        ("lstrip", lambda n: n.lstrip()),
        ("rstrip", lambda n: n.rstrip()),
        ("nfd", lambda n: n.nfd()),
        ("nfkd", lambda n: n.nfkd()),
        ("nfc", lambda n: n.nfc()),
        ("nfkc", lambda n: n.nfkc()),
        ("clear", lambda n: n.clear()),
    ]
)


def starts_input(piece: NormalizedString) -> bool:
    return piece.original_shift == 0


def assert_same(full: NormalizedString, plain: PlainString) -> None:
    assert plain.normalized == full.normalized
    length = len(full.normalized)
    spans = [(start, end) for start in range(length + 1) for end in range(start, min(length, start + 3) + 1)]
    for (start, end), full_piece, plain_piece in zip(spans, full.slices(spans), plain.slices(spans)):
        assert plain_piece.normalized == full_piece.normalized
        assert starts_input(plain_piece) == starts_input(full_piece), (start, end)


@given(text=TEXT, edits=st.lists(EDITS, max_size=6), cut=st.integers(0, 12), more=st.lists(EDITS, max_size=4))
def test_edits_then_slices_agree(text, edits, cut, more):
    full, plain = NormalizedString(text), PlainString(text)
    for _, edit in edits:
        edit(full)
        edit(plain)
        assert_same(full, plain)
    # a piece cut out goes on being edited (as after the added-token split)
    cut = min(cut, len(full.normalized))
    (full_piece,) = full.slices([(cut, len(full.normalized))])
    (plain_piece,) = plain.slices([(cut, len(plain.normalized))])
    assert starts_input(plain_piece) == starts_input(full_piece)
    for _, edit in more:
        edit(full_piece)
        edit(plain_piece)
        assert_same(full_piece, plain_piece)


NORMALIZERS = [
    BertNormalizer(),
    BertNormalizer(strip_accents=True, lowercase=False),
    Sequence([Strip(), Replace(" ", "▁"), Prepend("▁")]),
    Sequence([NFKD(), StripAccents(), Lowercase()]),
    Sequence([NFC(), NFKC(), NFD(), Replace(Regex(r"\s+"), "")]),
    ByteLevel(),
]


@pytest.mark.parametrize("normalizer", NORMALIZERS, ids=repr)
@given(text=TEXT)
def test_normalizers_agree(normalizer, text):
    full, plain = NormalizedString(text), PlainString(text)
    normalizer.normalize(full)
    normalizer.normalize(plain)
    assert_same(full, plain)


def test_offsets_are_refused():
    plain = PlainString("abc")
    with pytest.raises(SubwordError, match="no alignments"):
        plain.alignments
    with pytest.raises(SubwordError, match="no alignments"):
        plain.input_offsets((0, 1))


def test_an_edit_inside_the_leading_chars_keeps_those_after_it():
    # "ﬁ" -> "fi" and a prepended "é" all come from input char 0; NFD then rewrites only the
    # front ("é" -> "e" + accent), and the "f", "i" after the edit still start the input.
    full, plain = NormalizedString("ﬁ"), PlainString("ﬁ")
    for text in (full, plain):
        text.nfkd()
        text.prepend("é")
        text.nfd()
    assert full.normalized == plain.normalized == "e\u0301fi"
    assert full.slices([(2, 4)])[0].original_shift == 0
    assert_same(full, plain)


_MARKS = st.text(st.sampled_from("ab \u0301\u0327\u0323\u05b0é한ﬁ①ᾅ\u0345"), max_size=10)


@given(text=_MARKS, lead_edits=st.lists(st.sampled_from([0, 1, 2, 3]), max_size=3), form=st.sampled_from(["nfd", "nfkd"]))
def test_decomposition_after_edits_of_the_leading_chars(text, lead_edits, form):
    # NFD/NFKD on a PlainString works out the leading chars from a prefix only
    # (`decomposed_prefix_end`): widen or shift the leading chars first, with marks after them
    full, plain = NormalizedString(text), PlainString(text)
    edits = [lambda n: n.prepend("é\u0301"), lambda n: n.translate(_MIXED), lambda n: n.lstrip(), lambda n: n.map_chars(lambda c: c * 2 if c == "a" else c)]
    for which in lead_edits:
        edits[which](full)
        edits[which](plain)
    getattr(full, form)()
    getattr(plain, form)()
    assert_same(full, plain)


@given(text=TEXT, edits=st.lists(EDITS, max_size=6), shifted=st.booleans())
def test_whole_slice_reads_alike_says_whether_the_whole_slice_holds_what_the_piece_holds(text, edits, shifted):
    full, plain = NormalizedString(text), PlainString(text)
    if shifted:  # a piece that does not start the input
        full.original_shift = plain.original_shift = 3
    for _, edit in edits:
        edit(full)
        edit(plain)
    if not full.normalized:
        assert not full.whole_slice_reads_alike() and not plain.whole_slice_reads_alike()
        return
    [whole] = full.slices([(0, len(full.normalized))])
    alike = (whole.original, whole.original_shift, whole.alignments) == (full.original, full.original_shift, full.alignments)
    assert full.whole_slice_reads_alike() == alike
    [plain_whole] = plain.slices([(0, len(plain.normalized))])
    assert plain.whole_slice_reads_alike() == ((plain_whole.original_shift == 0) == (plain.original_shift == 0))
