"""Character classes with the exact meaning the Rust `tokenizers` package gives them.

Python's `str.isspace` and `unicodedata` differ from Rust's `char::is_whitespace` and the
`unicode_categories` crate in a few places; every component asks here, so the rules live once.
"""

from __future__ import annotations

import unicodedata
from functools import cached_property
from typing import Callable

from .byte_level import to_byte_chars

# Rust's char::is_whitespace is the Unicode White_Space property. Python's isspace() also
# accepts U+001C..U+001F, which are not White_Space.
_WHITE_SPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def is_whitespace(char: str) -> bool:
    """Unicode White_Space, as Rust's `char::is_whitespace`."""
    return char in _WHITE_SPACE


def is_punctuation(char: str) -> bool:
    """Unicode general category P* (Pc, Pd, Ps, Pe, Pi, Pf, Po), as the Rust package's
    `unicode_categories` crate classifies it (Unicode 8.0 data)."""
    if unicodedata.category(char)[0] == "P":
        return char not in _PUNCTUATION_AFTER_UNICODE_8
    return char in _PUNCTUATION_BEFORE_UNICODE_14


def is_bert_punctuation(char: str) -> bool:
    """ASCII punctuation (which includes symbols like `$` and `+`) or Unicode punctuation."""
    return char in _ASCII_PUNCTUATION or is_punctuation(char)


_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def char_set(ranges: str) -> frozenset[str]:
    """The chars named by space-separated hex code points and ranges: `"0041 0061-0063"`
    -> {'A', 'a', 'b', 'c'}."""
    chars: set[str] = set()
    for item in ranges.split():
        first, _, last = item.partition("-")
        chars.update(map(chr, range(int(first, 16), int(last or first, 16) + 1)))
    return frozenset(chars)


# The Rust package classifies with the `unicode_categories` crate 0.1.1, whose tables are
# Unicode 8.0, while `unicodedata` here is Unicode 14.0. These chars moved category in between
# (found by comparing every code point with the crate's tables and the Rust package).
_PUNCTUATION_AFTER_UNICODE_8 = char_set(
    "061D 09FD 0A76 0C77 0C84 1B7D-1B7E 2E43-2E4F 2E52-2E5D 10EAD 10F55-10F59 10F86-10F89"
    " 1144B-1144F 1145A-1145B 1145D 11660-1166C 116B9 1183B 11944-11946 119E2 11A3F-11A46"
    " 11A9A-11A9C 11A9E-11AA2 11C41-11C45 11C70-11C71 11EF7-11EF8 11FFF 12FF1-12FF2"
    " 16E97-16E9A 16FE2 1E95E-1E95F"
)
_PUNCTUATION_BEFORE_UNICODE_14 = char_set("166D 111C9")
_FORMAT_AFTER_UNICODE_8 = char_set("0890-0891 08E2 110CD 13430-13438")
_NONSPACING_AFTER_UNICODE_8 = char_set(
    "07FD 0898-089F 08CA-08E1 09FE 0AFA-0AFF 0B55 0C04 0C3C 0D00 0D3B-0D3C 0D81 0EBA 180F"
    " 1885-1886 1ABF-1ACE 1DF6-1DFB A82C A8C5 A8FF A9BD 10D24-10D27 10EAB-10EAC 10F46-10F50"
    " 10F82-10F85 11070 11073-11074 110C2 111C9 111CF 1123E 1133B 11438-1143F 11442-11444"
    " 11446 1145E 1182F-11837 11839-1183A 1193B-1193C 1193E 11943 119D4-119D7 119DA-119DB"
    " 119E0 11A01-11A0A 11A33-11A38 11A3B-11A3E 11A47 11A51-11A56 11A59-11A5B 11A8A-11A96"
    " 11A98-11A99 11C30-11C36 11C38-11C3D 11C3F 11C92-11CA7 11CAA-11CB0 11CB2-11CB3"
    " 11CB5-11CB6 11D31-11D36 11D3A 11D3C-11D3D 11D3F-11D45 11D47 11D90-11D91 11D95 11D97"
    " 11EF3-11EF4 16F4F 16FE4 1CF00-1CF2D 1CF30-1CF46 1E000-1E006 1E008-1E018 1E01B-1E021"
    " 1E023-1E024 1E026-1E02A 1E130-1E136 1E2AE 1E2EC-1E2EF 1E944-1E94A"
)
_NONSPACING_BEFORE_UNICODE_14 = char_set("1734")


def is_control(char: str) -> bool:
    """A control, format or private-use char other than tab, newline and carriage return
    (what BERT's text cleaning removes, as the Rust `BertNormalizer` decides it)."""
    if char in "\t\n\r":
        return False
    category = unicodedata.category(char)
    if category == "Cf":
        return char not in _FORMAT_AFTER_UNICODE_8
    return category == "Cc" or category == "Co"


def is_nonspacing_mark(char: str) -> bool:
    """General category Mn as the Rust `BertNormalizer` sees it (Unicode 8.0 data)."""
    if unicodedata.category(char) == "Mn":
        return char not in _NONSPACING_AFTER_UNICODE_8
    return char in _NONSPACING_BEFORE_UNICODE_14


def is_chinese_char(char: str) -> bool:
    """A CJK ideograph of the blocks BERT pads with spaces: `is_chinese_char("中") -> True`."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B73F
        or 0x2B740 <= code <= 0x2B81F
        or 0x2B920 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


# Rust's char::to_lowercase/to_uppercase follow Unicode 16.0; these case pairs are newer than
# the Unicode 14.0 that str.lower()/str.upper() know (found by comparing every code point).
_CASE_PAIRS_AFTER_UNICODE_14 = (
    [("\u1c89", "\u1c8a"), ("\ua7cb", "\u0264"), ("\ua7cc", "\ua7cd"), ("\ua7ce", "\ua7cf")]
    + [("\ua7d2", "\ua7d3"), ("\ua7d4", "\ua7d5"), ("\ua7da", "\ua7db"), ("\ua7dc", "\u019b")]
    + [(chr(code), chr(code + 0x20)) for code in range(0x10D50, 0x10D66)]
    + [(chr(code), chr(code + 0x1B)) for code in range(0x16EA0, 0x16EB9)]
)
_LOWER = {upper: lower for upper, lower in _CASE_PAIRS_AFTER_UNICODE_14}
_UPPER = {lower: upper for upper, lower in _CASE_PAIRS_AFTER_UNICODE_14}


def to_lowercase(char: str) -> str:
    """Rust's `char::to_lowercase` as a str (one to three chars; no final-sigma rule)."""
    return _LOWER.get(char) or char.lower()


def to_uppercase(char: str) -> str:
    """Rust's `char::to_uppercase` as a str (one to three chars)."""
    return _UPPER.get(char) or char.upper()


# -- the same classes as `regex` sets, for the pre-tokenizers' compiled patterns ---------------
# The `regex` module has its own property tables (Unicode 17.0). The regex engines inside the
# Rust package (the `regex` crate and Oniguruma) are at Unicode 16.0, so chars new in 17.0 must
# be taken out of `\w`, `\p{L}` and `\p{N}` (found by comparing every code point). Set
# subtraction makes a pattern about three times slower, so each class also comes as the chars
# where it differs from the plain property: text without them can use the plain pattern.


def regex_set_body(ranges: str) -> str:
    """The inside of a regex set for hex code points and ranges: `"0041 0061-0063"` ->
    `\\U00000041\\U00000061-\\U00000063`."""
    parts = []
    for item in ranges.split():
        first, _, last = item.partition("-")
        parts.append(f"\\U{int(first, 16):08X}" + (f"-\\U{int(last, 16):08X}" if last else ""))
    return "".join(parts)


_UNICODE_17_RANGES = (
    "088F 0C5C 0CDC 1ACF-1ADD 1AE0-1AEB 20C1 2B96 A7CE-A7CF A7D2 A7D4 A7F1 FBC3-FBD2 FD90-FD91"
    " FDC8-FDCE 10940-10959 10EC5-10EC7 10ED0-10ED8 10EFA-10EFB 11B60-11B67 11DB0-11DDB"
    " 11DE0-11DE9 16EA0-16EB8 16EBB-16ED3 16FF2-16FF6 187F8-187FF 18D09-18D1E 18D80-18DF2"
    " 1CCFA-1CCFC 1CEBA-1CED0 1CEE0-1CEF0 1E6C0-1E6DE 1E6E0-1E6F5 1E6FE-1E6FF 1F6D8 1F777-1F77A"
    " 1F8D0-1F8D8 1FA54-1FA57 1FA8A 1FA8E 1FAC8 1FACD 1FAEA 1FAEF 1FBFA 2B73A-2B73F 2CEA2-2CEAD"
    " 323B0-33479"
)
UNICODE_17_ADDITIONS = regex_set_body(_UNICODE_17_RANGES)
UNICODE_17_CHARS = char_set(_UNICODE_17_RANGES)

# `\p{P}` of the `regex` module minus what the Rust `unicode_categories` crate (Unicode 8.0)
# does not call punctuation; U+166D and U+111C9 were punctuation in 8.0 and are not now.
_REGEX_PUNCTUATION_AFTER_UNICODE_8 = (
    "061D 09FD 0A76 0C77 0C84 1B4E-1B4F 1B7D-1B7F 2E43-2E4F 2E52-2E5D 10D6E 10EAD 10ED0"
    " 10F55-10F59 10F86-10F89 113D4-113D5 113D7-113D8 1144B-1144F 1145A-1145B 1145D"
    " 11660-1166C 116B9 1183B 11944-11946 119E2 11A3F-11A46 11A9A-11A9C 11A9E-11AA2"
    " 11B00-11B09 11BE1 11C41-11C45 11C70-11C71 11EF7-11EF8 11F43-11F4F 11FFF 12FF1-12FF2"
    " 16D6D-16D6F 16E97-16E9A 16FE2 1E5FF 1E95E-1E95F"
)
_ASCII_PUNCTUATION_SET = r"!-/:-@\[-`{-~"

# A set (for patterns compiled with regex.V1) of the chars `is_bert_punctuation` accepts.
BERT_PUNCTUATION_SET = (
    rf"[[{_ASCII_PUNCTUATION_SET}\p{{P}}\u166D\U000111C9]--[{regex_set_body(_REGEX_PUNCTUATION_AFTER_UNICODE_8)}]]"
)
# The same set on text that has none of BERT_PUNCTUATION_EXCEPTIONS.
BERT_PUNCTUATION_PLAIN_SET = rf"[{_ASCII_PUNCTUATION_SET}\p{{P}}]"
BERT_PUNCTUATION_EXCEPTIONS = char_set(_REGEX_PUNCTUATION_AFTER_UNICODE_8 + " 166D 111C9")


class CharMap(dict):
    """A `str.translate` table that computes each char's replacement on first use and caches it:
    `"aB".translate(CharMap(to_lowercase)) -> "ab"`. `func` returns a str, or "" or None to
    delete the char (None keeps `str.translate` on its quick path for ASCII text).

    `whole`, if given, must return what `text.translate(table)` would, only faster (the
    byte-level table uses the UTF-8 codec); `apply(text)` uses it.
    """

    def __init__(self, func: Callable[[str], str | None], whole: Callable[[str], str] | None = None) -> None:
        super().__init__()
        self.func = func
        self.apply: Callable[[str], str] = whole or (lambda text: text.translate(self))
        # Whether some char seen so far is removed / becomes several chars. Only `translate`
        # fills the table, so the flags cover a text's chars once `apply` has run, unless
        # `whole` does the work.
        self.flags_cover_applied_text = whole is None
        self.removes_chars = False
        self.adds_chars = False

    def __missing__(self, code: int) -> str | None:
        value = self.func(chr(code))
        # subtle: the flags are set before the value is stored, so that a thread which finds
        # the value in the table also finds the flags that it implies
        if not value:
            self.removes_chars = True
        elif len(value) > 1:
            self.adds_chars = True
        self[code] = value
        return value

    def keeps_places(self, text: str, translated: str) -> bool:
        """True when `translated` (= `apply(text)`) replaced every char of `text` by exactly one
        char. Without a table that both removes and adds chars, equal lengths prove it."""
        if len(translated) == len(text) and self.flags_cover_applied_text and not (self.removes_chars and self.adds_chars):
            return True
        return (text.isascii() and self.keeps_ascii_places) or not text.translate(self.irregular)

    @cached_property
    def keeps_ascii_places(self) -> bool:
        """True when every ASCII char is replaced by exactly one char."""
        return all(len(self[code] or "") == 1 for code in range(128))

    @cached_property
    def irregular(self) -> _Irregular:
        """A table keeping only the chars not replaced by exactly one char: translating a text
        with it gives "" when the replacement keeps every char's place."""
        return _Irregular(self)


class _Irregular(dict):
    """The `irregular` table of a CharMap. Chars that stay are mapped to None, not "": only
    then does `str.translate` keep its quick path for ASCII text."""

    def __init__(self, table: CharMap) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, code: int) -> str | None:
        value = self[code] = None if len(self.table[code] or "") == 1 else chr(code)
        return value


LOWERCASE = CharMap(to_lowercase)
UPPERCASE = CharMap(to_uppercase)
# Each char as the byte-level chars of its UTF-8 bytes (see _byte_level.py).
BYTE_LEVEL = CharMap(to_byte_chars, whole=to_byte_chars)
