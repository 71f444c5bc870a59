"""Pre-tokenizers against the Rust package: words, offsets (also after a normalizer), JSON."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

tokenizers = pytest.importorskip("tokenizers")
from tokenizers import normalizers as rust_normalizers  # noqa: E402
from tokenizers import pre_tokenizers as rust  # noqa: E402

from subword import normalizers as our_normalizers  # noqa: E402
from subword import pre_tokenizers as ours  # noqa: E402
from subword.errors import TokenizerFileError  # noqa: E402
from subword.core.normalized_string import NormalizedString  # noqa: E402
from subword.core.pre_tokenized_string import PreTokenizedString  # noqa: E402
from subword.text.oniguruma import Regex  # noqa: E402
from tests.shared_data import corpus_files, corpus_lines  # noqa: E402

# GPT-4o's split pattern, as Sequence([Split(...), ByteLevel(use_regex=False)]) files use it.
O200K = (
    r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
    r"|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
    r"|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)


def _regex(module, pattern: str):
    """A Regex of the package `module` belongs to."""
    return Regex(pattern) if module is ours else tokenizers.Regex(pattern)


# Each entry builds the same pre-tokenizer from either package's pre_tokenizers module.
PAIRS = {
    "Bert": lambda m: m.BertPreTokenizer(),
    "Whitespace": lambda m: m.Whitespace(),
    "WhitespaceSplit": lambda m: m.WhitespaceSplit(),
    "Punctuation": lambda m: m.Punctuation(),
    "PunctuationRemoved": lambda m: m.Punctuation("removed"),
    "PunctuationPrevious": lambda m: m.Punctuation("merged_with_previous"),
    "PunctuationNext": lambda m: m.Punctuation("merged_with_next"),
    "PunctuationContiguous": lambda m: m.Punctuation("contiguous"),
    "Digits": lambda m: m.Digits(),
    "DigitsIndividual": lambda m: m.Digits(individual_digits=True),
    "CharDelimiter": lambda m: m.CharDelimiterSplit("a"),
    "CharDelimiterDash": lambda m: m.CharDelimiterSplit("-"),
    "SplitLiteral": lambda m: m.Split(" ", "removed"),
    "SplitLiteralNext": lambda m: m.Split("ab", "merged_with_next"),
    "SplitEmpty": lambda m: m.Split("", "isolated"),
    "SplitRegexPrevious": lambda m: m.Split(_regex(m, r"\s+"), "merged_with_previous"),
    "SplitRegexContiguous": lambda m: m.Split(_regex(m, r"[.,!?]"), "contiguous"),
    "SplitRegexInvert": lambda m: m.Split(_regex(m, r"\w+"), "removed", invert=True),
    "SplitRegexInvertNext": lambda m: m.Split(_regex(m, r"\d"), "merged_with_next", invert=True),
    "SplitEmptyMatches": lambda m: m.Split(_regex(m, r"a*"), "merged_with_next"),
    "SplitO200k": lambda m: m.Split(_regex(m, O200K), "isolated"),
    "ByteLevel": lambda m: m.ByteLevel(),
    "ByteLevelNoPrefix": lambda m: m.ByteLevel(add_prefix_space=False),
    "ByteLevelNoRegex": lambda m: m.ByteLevel(add_prefix_space=False, use_regex=False),
    "Metaspace": lambda m: m.Metaspace(),
    "MetaspaceFirst": lambda m: m.Metaspace(prepend_scheme="first"),
    "MetaspaceNever": lambda m: m.Metaspace(prepend_scheme="never"),
    "MetaspaceNoSplit": lambda m: m.Metaspace(replacement="_", split=False),
    "UnicodeScripts": lambda m: m.UnicodeScripts(),
    "FixedLength": lambda m: m.FixedLength(3),
    "SequenceBertDigits": lambda m: m.Sequence([m.BertPreTokenizer(), m.Digits(individual_digits=True)]),
    "SequenceGpt4o": lambda m: m.Sequence([m.Split(_regex(m, O200K), "isolated"), m.ByteLevel(add_prefix_space=False, use_regex=False)]),
    "SequenceSplitMetaspaceFirst": lambda m: m.Sequence([m.WhitespaceSplit(), m.Metaspace(prepend_scheme="first")]),
    "SequenceNested": lambda m: m.Sequence([m.Sequence([m.Punctuation(), m.Digits()]), m.UnicodeScripts()]),
}

INTERESTING = (
    " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u200b\u200c\u200d\u2028\u3000▁_'’sStTrReEvVmMlLdD"
    "-.,!?$+<=>^`|~()[]{}\"#%&*/:;@\\0123456789²³¼٣६①Ⅻ aéÉe\u0301\u0323ßñçΣσςжЖ中国語日本語ひらがな"
    "カタカナー한국어ไทย😀👍🏽\U0001f469\u200d\U0001f4bb\u0589\u061c\u0953\U00010940\u088f\u166d"
    "\U000111c9\u061d\u0378\ue000\x00\x7f"
)
_chars = st.one_of(st.sampled_from(INTERESTING), st.characters(blacklist_categories=("Cs",)))
texts = st.one_of(
    st.text(alphabet=_chars, max_size=40),
    st.lists(st.text(alphabet="ab ", min_size=1, max_size=3) | st.text(alphabet="xyzé", min_size=30, max_size=80), max_size=4).map(
        "".join
    ),
)




def assert_same_words(name: str, text: str) -> None:
    """Both packages give the same words and offsets; our fast path gives the same words."""
    mine, theirs = PAIRS[name](ours), PAIRS[name](rust)
    expected = theirs.pre_tokenize_str(text)
    assert mine.pre_tokenize_str(text) == expected, (name, text)
    assert mine.split_str(text) == [word for word, _ in expected], (name, text)


@given(text=texts)
def test_hypothesis_words_and_offsets(text: str) -> None:
    for name in PAIRS:
        assert_same_words(name, text)


@pytest.mark.parametrize("name", PAIRS)
def test_worked_examples(name: str) -> None:
    for text in ["", " ", "  ", "Hello, y'all! How're you?  ", "a  b\t\tc\n", "3.14 + 2,000", "aab-aba", INTERESTING]:
        assert_same_words(name, text)


def test_corpus_lines() -> None:
    files = corpus_files()
    if not files:
        pytest.skip("no shared corpus files")
    lines = [line for path in files for line in corpus_lines(path, 5)]
    for name in PAIRS:
        for line in lines:
            assert_same_words(name, line)


# -- every code point: words of each char next to a letter, on the fast path (equal to the full
# path by the tests above). Planes 0-3 and 14 hold every assigned char; a sample of the rest.

CODE_POINTS = [
    chr(code)
    for code in range(1, 0x110000)
    if not 0xD800 <= code < 0xE000 and (code < 0x34000 or 0xE0000 <= code < 0xE1000 or code % 97 == 0)
]


@pytest.mark.parametrize("name", ["Bert", "Whitespace", "Punctuation", "DigitsIndividual", "ByteLevel", "UnicodeScripts"])
def test_every_code_point(name: str) -> None:
    mine, theirs = PAIRS[name](ours), PAIRS[name](rust)
    blocks = [CODE_POINTS[start : start + 4096] for start in range(0, len(CODE_POINTS), 4096)]
    # Scripts: does the script change from one code point to the next; others: each char's class.
    if name == "UnicodeScripts":
        texts = ["".join(block) for block in blocks]
    else:
        texts = ["".join("a" + char + " " for char in block) for block in blocks]
    for text in texts:
        expected = [word for word, _ in theirs.pre_tokenize_str(text)]
        got = mine.split_str(text)
        if got != expected:
            index = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
            pytest.fail(f"{name}: word {index}: subword {got[index - 2 : index + 3]}, rust {expected[index - 2 : index + 3]}")


# -- offsets after a normalizer ---------------------------------------------------------------

NORMALIZED_PAIRS = [
    ("Bert", lambda m: m.BertNormalizer()),
    ("Whitespace", lambda m: m.NFKD()),
    ("ByteLevel", lambda m: m.Sequence([m.NFC(), m.Lowercase()])),
    ("Metaspace", lambda m: m.Replace(" ", "  ")),
    ("MetaspaceFirst", lambda m: m.Strip()),
    ("SequenceSplitMetaspaceFirst", lambda m: m.Prepend("  ")),
    ("SplitRegexPrevious", lambda m: m.NFD()),
    ("UnicodeScripts", lambda m: m.Nmt()),
]


def rust_splits(normalizer, pre_tokenizer, text: str) -> list:
    pretokenized = tokenizers.PreTokenizedString(text)
    pretokenized.normalize(lambda normalized: normalizer.normalize(normalized))
    pre_tokenizer.pre_tokenize(pretokenized)
    return [(word, offsets) for word, offsets, _ in pretokenized.get_splits(offset_referential="original", offset_type="char")]


def our_splits(normalizer, pre_tokenizer, text: str) -> list:
    normalized = NormalizedString(text)
    normalizer.normalize(normalized)
    pretokenized = PreTokenizedString(normalized)
    pre_tokenizer.pre_tokenize(pretokenized)
    return [(word, offsets) for word, offsets, _ in pretokenized.get_splits()]


@given(text=texts)
def test_offsets_after_normalizer(text: str) -> None:
    for name, normalizer in NORMALIZED_PAIRS:
        expected = rust_splits(normalizer(rust_normalizers), PAIRS[name](rust), text)
        assert our_splits(normalizer(our_normalizers), PAIRS[name](ours), text) == expected, (name, text)


# -- tokenizer.json ---------------------------------------------------------------------------


def rust_json(pre_tokenizer) -> dict:
    return json.loads(pre_tokenizer.__getstate__())


def rust_loads(entry: dict):
    """The Rust package's tokenizer.json entry after loading `entry`, or the error it raised."""
    document = json.loads(tokenizers.Tokenizer(tokenizers.models.WordLevel({"a": 0}, unk_token="a")).to_str())
    document["pre_tokenizer"] = entry
    try:
        return json.loads(tokenizers.Tokenizer.from_str(json.dumps(document)).to_str())["pre_tokenizer"]
    except Exception as error:  # noqa: BLE001 - any refusal counts
        return error


@pytest.mark.parametrize("name", PAIRS)
def test_json_matches_rust(name: str) -> None:
    mine, theirs = PAIRS[name](ours), PAIRS[name](rust)
    expected = rust_json(theirs)
    assert mine.to_json() == expected
    assert rust_loads(mine.to_json()) == expected
    loaded = ours.pre_tokenizers_registry.from_json(expected, "pre_tokenizer")
    assert loaded.to_json() == expected


@pytest.mark.parametrize(
    "entry",
    [
        {"type": "Punctuation"},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True},
        {"type": "Metaspace", "replacement": "_"},
        {"type": "Metaspace", "replacement": "▁", "add_prefix_space": True, "str_rep": "▁"},
        {"type": "Metaspace", "replacement": "▁", "add_prefix_space": False, "prepend_scheme": "never"},
        {"type": "FixedLength"},
        {"type": "Whitespace", "unknown": 1},
        {"type": "Sequence", "pretokenizers": [{"type": "Sequence", "pretokenizers": [{"type": "Digits", "individual_digits": True}]}]},
    ],
)
def test_json_defaults_match_rust(entry: dict) -> None:
    expected = rust_loads(entry)
    assert ours.pre_tokenizers_registry.from_json(entry, "pre_tokenizer").to_json() == expected


@pytest.mark.parametrize(
    "entry, field",
    [
        ({"type": "Digits"}, "individual_digits"),
        ({"type": "Digits", "individual_digits": 1}, "individual_digits"),
        ({"type": "Punctuation", "behavior": "removed"}, "behavior"),
        ({"type": "CharDelimiterSplit"}, "delimiter"),
        ({"type": "CharDelimiterSplit", "delimiter": "ab"}, "delimiter"),
        ({"type": "Split", "pattern": {"String": "a"}, "behavior": "Removed"}, "invert"),
        ({"type": "Split", "pattern": {"String": "a"}, "invert": False}, "behavior"),
        ({"type": "Split", "pattern": "a", "behavior": "Removed", "invert": False}, "pattern"),
        ({"type": "Split", "pattern": {"Regex": "("}, "behavior": "Removed", "invert": False}, "pattern"),
        ({"type": "ByteLevel"}, "add_prefix_space"),
        ({"type": "ByteLevel", "add_prefix_space": True}, "trim_offsets"),
        ({"type": "Metaspace"}, "replacement"),
        ({"type": "Metaspace", "replacement": "ab"}, "replacement"),
        ({"type": "Metaspace", "replacement": "_", "prepend_scheme": "sometimes"}, "prepend_scheme"),
        ({"type": "Metaspace", "replacement": "_", "add_prefix_space": False}, "add_prefix_space"),
        ({"type": "Sequence"}, "pretokenizers"),
        ({"type": "Sequence", "pretokenizers": [{"type": "Digits"}]}, "pretokenizers[0]"),
        ({"type": "FixedLength", "length": "5"}, "length"),
    ],
)
def test_bad_fields_raise_naming_the_field(entry: dict, field: str) -> None:
    assert isinstance(rust_loads(entry), Exception)
    with pytest.raises(TokenizerFileError, match=field.replace("[", r"\[").replace("]", r"\]")):
        ours.pre_tokenizers_registry.from_json(entry, "pre_tokenizer")


def test_byte_level_alphabet_matches_rust() -> None:
    assert sorted(ours.ByteLevel.alphabet()) == sorted(rust.ByteLevel.alphabet())
