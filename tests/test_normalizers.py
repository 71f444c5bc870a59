"""Normalizers on their own: worked examples, fast path == full path, arguments, tokenizer.json."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subword.normalizers as N
from subword.text import normalization as _unicode
from subword.errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError, UnknownComponentError
from subword.core.normalized_string import NormalizedString
from subword.text.oniguruma import Regex, pattern_from_json, pattern_to_json

texts = st.text(
    alphabet=st.one_of(
        st.sampled_from("aAé\u0301\u0323\u0345 \t\n\x00\x01\u200b\ufffd\xa0ΣİßﬁＡ中국😀\U00011935\U00011930\U0001fbf0"),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=40,
)

ALL = [
    N.NFD(),
    N.NFKD(),
    N.NFC(),
    N.NFKC(),
    N.Nmt(),
    N.Lowercase(),
    N.StripAccents(),
    N.ByteLevel(),
    N.Strip(),
    N.Strip(left=False),
    N.Prepend(),
    N.BertNormalizer(),
    N.BertNormalizer(strip_accents=True, lowercase=False),
    N.Replace("a", "bc"),
    N.Replace(N.Regex(r"\s+"), " "),
    N.Sequence([N.NFKD(), N.StripAccents(), N.Lowercase(), N.Prepend("_")]),
]


@given(normalizer=st.sampled_from(ALL), text=texts)
def test_fast_path_gives_the_same_text(normalizer: N.Normalizer, text: str) -> None:
    normalized = NormalizedString(text)
    normalizer.normalize(normalized)
    assert normalizer.normalize_str(text) == normalized.normalized
    assert len(normalized.alignments) == len(normalized.normalized)
    assert all(0 <= start <= end <= len(text) for start, end in normalized.alignments)


@given(text=texts, form=st.sampled_from(["NFD", "NFKD", "NFC", "NFKC"]))
def test_unicode_shortcut_agrees_with_the_algorithm(text: str, form: str) -> None:
    decomposed = _unicode._decompose(text, "NFD" if form in ("NFD", "NFC") else "NFKD")
    slow = decomposed if form.endswith("D") else _unicode._recompose(decomposed)
    assert _unicode.normalize_with_changes(form, text) == slow
    assert _unicode.normalize(form, text) == "".join(char for char, _ in slow)


def test_changes_worked_by_hand() -> None:
    assert _unicode.normalize_with_changes("NFD", "é") == [("e", 0), ("\u0301", 1)]
    assert _unicode.normalize_with_changes("NFC", "e\u0301") == [("é", -1)]
    assert _unicode.normalize_with_changes("NFKD", "ﬁ") == [("f", 0), ("i", 1)]
    # Unicode 9.0 (the Rust crate's data) did not know these: left alone
    assert _unicode.normalize("NFC", "\U00011935\U00011930") == "\U00011935\U00011930"
    assert _unicode.normalize("NFKC", "\U0001fbf0") == "\U0001fbf0"


def test_worked_examples() -> None:
    assert N.BertNormalizer().normalize_str("Héllo\t中国\x00!") == "hello  中  国 !"
    assert N.BertNormalizer(lowercase=False).normalize_str("Héllo") == "Héllo"
    assert N.BertNormalizer(lowercase=False, strip_accents=True).normalize_str("Héllo") == "Hello"
    assert N.Lowercase().normalize_str("ΟΔΟΣ") == "οδοσ"
    assert N.Strip().normalize_str("\u3000 a \x1c") == "a \x1c"  # U+001C is not White_Space
    assert N.Prepend("▁").normalize_str("") == ""
    assert N.Replace("", "-").normalize_str("ab") == "-a-b-"
    assert N.ByteLevel().normalize_str("é") == "Ã©"
    assert N.Nmt().normalize_str("a\x01\u200bb") == "a b"


def test_offsets_worked_by_hand() -> None:
    normalized = NormalizedString("中x")
    N.BertNormalizer().normalize(normalized)
    assert normalized.normalized == " 中 x"
    assert normalized.alignments == [(0, 1), (0, 1), (0, 1), (1, 2)]
    normalized = NormalizedString("a  b")
    N.Replace(N.Regex(" +"), "_").normalize(normalized)
    assert normalized.alignments == [(0, 1), (2, 3), (3, 4)]


@pytest.mark.parametrize(
    "build",
    [
        lambda: N.BertNormalizer(clean_text=1),
        lambda: N.BertNormalizer(strip_accents="yes"),
        lambda: N.Strip(left=None),
        lambda: N.Prepend(3),
        lambda: N.Replace(3, "x"),
        lambda: N.Replace("a", None),
        lambda: N.Sequence("NFC"),
        lambda: N.Sequence([N.NFC(), "NFD"]),
        lambda: N.Regex(3),
    ],
)
def test_wrong_argument_types(build) -> None:
    with pytest.raises(ArgumentTypeError):
        build()


def test_bad_regex() -> None:
    with pytest.raises(ArgumentValueError, match="invalid regex"):
        N.Regex("(")


@pytest.mark.parametrize("normalizer", ALL, ids=repr)
def test_json_round_trip(normalizer: N.Normalizer) -> None:
    again = N.normalizers_registry.from_json(normalizer.to_json(), "normalizer")
    assert type(again) is type(normalizer) and again.to_json() == normalizer.to_json()


@pytest.mark.parametrize(
    ("entry", "field_name"),
    [
        ({"type": "Strip", "strip_left": True}, "strip_right"),
        ({"type": "Strip", "strip_left": True, "strip_right": 1}, "strip_right"),
        ({"type": "Prepend"}, "prepend"),
        ({"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True}, "lowercase"),
        ({"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True, "lowercase": "no"}, "lowercase"),
        ({"type": "Replace", "pattern": "a", "content": ""}, "pattern"),
        ({"type": "Replace", "pattern": {"String": "a"}}, "content"),
        ({"type": "Replace", "pattern": {"String": 1}, "content": ""}, "pattern.String"),
        ({"type": "Replace", "pattern": {"Regex": "("}, "content": ""}, "pattern.Regex"),
        ({"type": "Replace", "pattern": {"String": "a", "Regex": "b"}, "content": ""}, "pattern"),
        ({"type": "Sequence"}, "normalizers"),
        ({"type": "Sequence", "normalizers": [None]}, "normalizers[0]"),
    ],
)
def test_bad_json_names_the_field(entry: dict, field_name: str) -> None:
    with pytest.raises(TokenizerFileError, match=field_name.replace("[", r"\[").replace("]", r"\]")):
        N.normalizers_registry.from_json(entry, "normalizer")


def test_unknown_type_in_sequence() -> None:
    with pytest.raises(UnknownComponentError, match=r"normalizers\[1\].*Precompiledx"):
        N.normalizers_registry.from_json({"type": "Sequence", "normalizers": [{"type": "NFC"}, {"type": "Precompiledx"}]}, "normalizer")


def test_pattern_json() -> None:
    assert pattern_to_json("a") == {"String": "a"}
    assert pattern_to_json(Regex(r"\s")) == {"Regex": r"\s"}
    assert pattern_from_json({"Regex": r"\s"}, "p") == Regex(r"\s")


@pytest.mark.parametrize(
    ("pattern", "text", "spans"),
    [
        ("b*", "ab", [(0, 0), (1, 2)]),  # no empty match right after a match, as Oniguruma
        ("^", "a\nb\n", [(0, 0), (2, 2)]),  # Ruby: ^ starts lines, not after the final newline
        (r"\Z", "a\n", [(1, 1), (2, 2)]),
        (r"\h+", "0xfg", [(0, 1), (2, 3)]),  # \h is a hex digit in Oniguruma
        (r"(?m)a.b", "a\nb", [(0, 3)]),  # Ruby's m flag is dotall
        (r"\x{41}", "BA", [(1, 2)]),
        (r"[a-z&&[^c]]+", "abcd", [(0, 2), (3, 4)]),
    ],
)
def test_regex_follows_oniguruma(pattern: str, text: str, spans: list) -> None:
    assert Regex(pattern).find_spans(text) == spans


def test_all_is_complete() -> None:
    exported = {name for name in dir(N) if not name.startswith("_") and isinstance(getattr(N, name), type)}
    assert exported <= set(N.__all__)


@pytest.mark.parametrize(
    "pattern, text, expected",
    # worked out by hand from Oniguruma's anchors: \z is the very end, \Z also before a final "\n"
    [("b\\z", "ab\nab", "ab\naX"), ("b\\z", "ab\n", "ab\n"), ("b\\Z", "ab\n", "aX\n"), ("▁+\\z", "a▁b▁▁", "a▁bX")],
)
def test_end_anchors_of_oniguruma_work_with_every_regex_version(pattern: str, text: str, expected: str) -> None:
    # (regex 2022.10.31, the oldest allowed, has no \z: the translation spells it \Z)
    assert N.Replace(Regex(pattern), "X").normalize_str(text) == expected


_MARKED_TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        # marks of every kind: kept ones (Mc) sort too, when two non-starters meet
        st.sampled_from("éñがぱ\u0301\u0327\u0300\u3099\u05b0\u0591 \t\x00\x07中한ḉ\u0344\U0001d165\U0001d16d\u302e\u0f71"),
    ),
    max_size=40,
)


@given(_MARKED_TEXT, st.booleans(), st.booleans(), st.booleans())
def test_bert_accent_stripping_in_one_table_is_the_three_steps(text: str, clean_text: bool, chinese: bool, lowercase: bool) -> None:
    """BertNormalizer runs its tables and NFD as one table when NFD sorts no marks: the same text
    and alignments as the three steps (tables, NFD, tables) that Rust runs."""
    normalizer = N.BertNormalizer(clean_text=clean_text, handle_chinese_chars=chinese, strip_accents=True, lowercase=lowercase)
    fast = NormalizedString(text)
    normalizer.normalize(fast)
    before, after, _, _ = N.bert._tables(clean_text, chinese, True, lowercase)
    steps = NormalizedString(text)
    steps.translate(before)
    steps.nfd()
    steps.translate(after)
    assert (fast.normalized, fast.alignments) == (steps.normalized, steps.alignments)


def test_bert_accent_stripping_sorts_marks_across_chars() -> None:
    # U+0344 decomposes to two marks and U+0327 (class 202) must sort before U+0301 (230):
    # this text takes the three steps, and the marks are removed all the same
    assert N.BertNormalizer().normalize_str("e\u0301\u0327X\u0344") == "ex"
    assert not _unicode.decomposes_char_by_char("e\u0301\u0327", "NFD")
    assert _unicode.decomposes_char_by_char("éが한", "NFD") and not _unicode.decomposes_char_by_char("ḉ", "NFD")
