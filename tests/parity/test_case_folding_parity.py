"""`(?i)` patterns against the Rust package (Oniguruma): Split and Replace with worked patterns,
every entry of the fold data, a sweep of the cased chars, and generated patterns.

The sweep runs `(?i)x` for every char x that is cased or changes when case-folded (Oniguruma's
own properties) over a text of all of them, and `(?i)[...]` of all of them over every code
point: a fold pair that subword's data lacks or adds shows as a difference.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subword
from subword.text.unicode_tables import case_folds, code_ranges, onig_property
from tests.parity.test_unicode_tables_parity import ALL

tokenizers = pytest.importorskip("tokenizers")


def _both(pattern: str, text: str):
    """(ours, Rust's) Split pieces and Replace output, or None if Rust rejects the pattern."""
    try:
        rust_regex = tokenizers.Regex(pattern)
    except Exception:
        return None
    split = tokenizers.pre_tokenizers.Split(rust_regex, "isolated").pre_tokenize_str(text)
    replaced = tokenizers.normalizers.Replace(rust_regex, "<>").normalize_str(text)
    our_regex = subword.Regex(pattern)
    ours = (
        subword.pre_tokenizers.Split(our_regex, "isolated").pre_tokenize_str(text),
        subword.normalizers.Replace(our_regex, "<>").normalize_str(text),
    )
    return ours, (split, replaced)


def assert_same(pattern: str, text: str) -> None:
    both = _both(pattern, text)
    if both is not None:
        assert both[0] == both[1], (pattern, text)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("a(?i)b|c", "ab aB c C ac aC"), ("(x(?i)a|b)c", "xac xAc bc Bc bC"), ("x(?i)a|b", "xa xA xb xB b"),
        ("(?i)a(?-i)b|c", "ab Ab aB c C"), ("(?i:a)b|c", "Ab c C"), ("(?i)a|(?-i)b|c", "aAbBcC"),
        ("(?i)\\p{Ll}", "aA"), ("(?i)[\\p{Ll}]", "aA"), ("(?i)[^\\p{Ll}]", "aAb1"), ("(?i)\\P{Ll}", "aA"),
        ("(?i)\\p{^Lu}", "aA"), ("(?i)\\w+", "aſK"), ("(?i)[[:lower:]]", "aA"), ("(?i)[[:upper:]]", "aAé"),
        ("(?i)ß", "ß ss SS ẞ sS ſs"), ("(?i)ss", "ß ss SS ẞ sS ſs ſſ"), ("(?i)[ß]", "ß ss SS ẞ"),
        ("(?i)[^ß]", "ß ss SS ẞ"), ("(?i)ﬁ", "ﬁ fi FI Fi"), ("(?i)fi", "ﬁ fi FI"), ("(?i)ffi", "ﬃ ﬀi fﬁ FFI"),
        ("(?i)sss", "sß ßs sss SSS ẞs"), ("(?i)ss+", "sssss ßs"), ("(?i)s+", "ßß"), ("(?i)[s]+", "ßß"),
        ("(?i)[ß]+", "ssss"), ("(?i)ß+", "ssss"), ("(?i)ß{2}", "ssss ßß"), ("(?i)ss(?:s)", "sß ßs"),
        ("(?i)s(?:s)", "ß"), ("(?i)(?:s)s", "ß"), ("(?i)x(?:s)+", "xssß"), ("(?i)s\\x73", "ß"), ("(?i)s\\x{73}", "ß"),
        ("(?i)\\x41", "aA"), ("(?i)\\u0041", "aA"), ("(?i)st", "ﬅ ﬆ st"), ("(?i)[ﬅ]", "st ST ﬆ ſt"),
        ("(?i)[^ﬅ]", "ﬆ"), ("(?i)(a)\\1", "aA Aa"), ("(?<=(?i)ß)x", "ßx ssx ẞx"), ("(?i)(?<=ß)x", "ßx ssx ẞx sx"),
        ("(?i)[\\w&&[^a]]", "aAb"), ("(?i)[a&&b]", "aAbB"), ("(?i)[^\\x{80}-\\x{10ffff}]", "aAKſ"),
        ("(?i)σ", "σςΣ"), ("(?i)ΐ", "ΐ ΐ ΐ"), ("(?i)i", "iIİı"), ("(?i)İ", "İ i\u0307 I\u0307 i"),
        ("(?i)ʼn", "ŉ"), ("(?i)ŉ", "ʼn ʼN"), ("(?i)[ŉ]", "ʼN"), ("(?i)aʾ", "ẚ"), ("(?i)ǰ", "ǰ J\u030c"),
        ("(?i)[ɐ-ɒ]", "ⱯⱭⱰ"), ("(?i)a(?x) b", "ab aB Ab"), ("(?ix) a b # comment (\n c", "abc ABC"),
        ("(?i)a{2}", "aAA"), ("(?i)a{,2}b", "AAb"), ("(?i)a{x", "A{x a{X"), ("(?i)(?=ss)..", "ssß"),
        ("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+", "I'M HE'S we'LL ſ'ſ"),
        ("(?i)\u1c89", "\u1c89\u1c8a"), ("(?i)\ua7cb", "\u0264\ua7cb"), ("(?i)[\U00010d50]", "\U00010d50\U00010d70"),
    ],
)
def test_worked_patterns(pattern: str, text: str) -> None:
    both = _both(pattern, text)
    assert both is not None, f"the Rust package rejects {pattern!r}"
    assert both[0] == both[1]


def _escaped(char: str) -> str:
    return f"\\x{{{ord(char):X}}}"


@pytest.mark.parametrize("size", [1, 2, 3])
def test_every_fold_entry(size: int) -> None:
    """Each char of each entry, as a literal and in a class, over a text of the entry's strings."""
    for fold, unfolds in case_folds(size):
        text = " ".join([fold, fold.upper(), *unfolds])
        for member in [fold, *unfolds]:
            literal = "".join(map(_escaped, member))
            assert_same(f"(?i){literal}", text)
            if len(member) == 1:
                assert_same(f"(?i)[{literal}]", text)


def _cased() -> list[str]:
    names = [onig_property("Cased"), onig_property("Changes_When_Casefolded")]
    return sorted({chr(code) for name in names for start, end in code_ranges(name) for code in range(start, end + 1)})


def test_every_cased_char() -> None:
    chars = _cased()
    text = "".join(chars)
    differing = []
    for char in chars:
        both = _both(f"(?i){_escaped(char)}", text)
        if both is not None and both[0] != both[1]:
            differing.append(f"U+{ord(char):04X}")
    assert not differing, f"{len(differing)} chars fold otherwise, e.g. {differing[:10]}"


def test_a_class_of_every_cased_char_over_all_code_points() -> None:
    body = "".join(_escaped(char) for char in _cased())
    assert_same(f"(?i)[{body}]+", ALL)
    assert_same(f"(?i)[^{body}]+", ALL)


FOLD_CHARS = st.sampled_from(list("sSſßẞkKKfFiIİılLtTσςΣaA1 .") + ["ﬁ", "ﬀ", "ﬃ", "ﬅ", "ΐ", "ŉ", "ʼ", "\u0307", "\u0308", "\u0301", "ι", "\u0345"])
ATOMS = st.one_of(
    FOLD_CHARS,
    FOLD_CHARS.map(lambda c: "[" + c + "]"),
    FOLD_CHARS.map(lambda c: "[^" + c + "]"),
    st.sampled_from(["\\p{Ll}", "\\p{Lu}", "[\\p{Ll}]", "[^\\p{Lu}]", "\\w", "[a-z]", "[\\w&&[^s]]", ".", "\\s", "[[:upper:]]"]),
)
PIECES = st.one_of(
    ATOMS,
    st.tuples(ATOMS, st.sampled_from(["+", "*", "?", "{2}", "{,2}", "+?"])).map("".join),
    st.sampled_from(["(?i)", "(?-i)", "|", "(?i:", "(?:", "(", "(?<=", ")", ")"]),
)


def _balanced(pieces: list[str]) -> str:
    depth, out = 0, []
    for piece in pieces:
        if piece == ")":
            if not depth:
                continue
            depth -= 1
        elif piece.startswith("("):
            depth += 1 if piece.endswith((":", "(", "=")) else 0
        out.append(piece)
    return "".join(out) + ")" * depth


@given(
    pattern=st.lists(PIECES, min_size=1, max_size=8).map(lambda p: "(?i)" + _balanced(p)),
    text=st.lists(FOLD_CHARS | st.sampled_from(["ss", "SS", "st", "fi", "ffi", "i\u0307", "ʼn"]), max_size=12).map("".join),
)
def test_generated_patterns(pattern: str, text: str) -> None:
    assert_same(pattern, text)
