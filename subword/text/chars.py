"""Character classes with the exact meaning the Rust `tokenizers` package gives them.

Every predicate reads subword's own Unicode tables (unicode_tables.py), fixed to the Unicode
data of the Rust code that applies it, never Python's `unicodedata`; every component asks here,
so the rules live once. The same classes come as `CharClass`es for compiled patterns.
"""

from __future__ import annotations

from functools import cached_property
from typing import Callable

from .byte_level import to_byte_chars
from .char_classes import CharClass
from .unicode_tables import char_mapping, code_set

_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

# -- classes for compiled patterns: the table, and the `regex` escape that stands for it where
# the installed `regex` module agrees (see char_classes.py)
# Rust's char::is_whitespace (Unicode White_Space)
WHITE_SPACE = CharClass("std:white_space", plain=r"\s")
# Rust's char::is_numeric (general categories Nd, Nl, No)
NUMERIC = CharClass("std:numeric", plain=r"\p{N}")
# ASCII punctuation (with symbols like `$` and `+`) or Unicode punctuation as BERT sees it
BERT_PUNCTUATION = CharClass("bert:punctuation", plain=r"!-/:-@\[-`{-~\p{P}", chars="".join(sorted(_ASCII_PUNCTUATION)))
# The Rust `regex` crate's `\w` and `\s`
RUST_REGEX_WORD = CharClass("rust_regex:\\w", plain=r"\w")
RUST_REGEX_SPACE = CharClass("rust_regex:\\s", plain=r"\s")


def is_whitespace(char: str) -> bool:
    """Unicode White_Space, as Rust's `char::is_whitespace`: `is_whitespace("\\x1c") -> False`."""
    return char in white_space_chars()


def white_space_chars() -> frozenset[str]:
    """The 25 chars of White_Space as a set (a set lookup is several times faster than the
    table's range search, and the ByteLevel offset trimming asks once or twice per token)."""
    global _white_space_chars
    if _white_space_chars is None:
        _white_space_chars = frozenset(chr(code) for start, end in WHITE_SPACE.ranges for code in range(start, end + 1))
    return _white_space_chars


_white_space_chars: frozenset[str] | None = None


def is_punctuation(char: str) -> bool:
    """Unicode general category P* (Pc, Pd, Ps, Pe, Pi, Pf, Po), as the Rust package's
    `unicode_categories` crate classifies it (Unicode 8.0 data)."""
    return char in _ASCII_GENERAL_PUNCTUATION or char in code_set("bert:punctuation")


# The ASCII chars of general category P (the others of _ASCII_PUNCTUATION are symbols, S)
_ASCII_GENERAL_PUNCTUATION = frozenset("!\"#%&'()*,-./:;?@[\\]_{}")


def is_bert_punctuation(char: str) -> bool:
    """ASCII punctuation (which includes symbols like `$` and `+`) or Unicode punctuation."""
    return char in _ASCII_PUNCTUATION or char in code_set("bert:punctuation")


def is_control(char: str) -> bool:
    """A control, format or private-use char other than tab, newline and carriage return
    (what BERT's text cleaning removes, as the Rust `BertNormalizer` decides it; the
    `unicode_categories` crate's Unicode 8.0 data)."""
    return char in code_set("bert:control")


def is_nonspacing_mark(char: str) -> bool:
    """General category Mn as the Rust `BertNormalizer` sees it (Unicode 8.0 data), for chars
    that NFD leaves alone (the only ones it asks about)."""
    return char in code_set("bert:nonspacing_mark")


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


def to_lowercase(char: str) -> str:
    """Rust's `char::to_lowercase` as a str (one to three chars; no final-sigma rule)."""
    return char_mapping("LOWERCASE").get(char, char)


def to_uppercase(char: str) -> str:
    """Rust's `char::to_uppercase` as a str (one to three chars)."""
    return char_mapping("UPPERCASE").get(char, char)


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

    def then(self, other: CharMap) -> CharMap:
        """The table that applies this one, then `other`, to each char: one `str.translate`
        where there were two. Each char's replacement is aligned with it either way, so the
        composite edits a NormalizedString exactly as the two tables in a row do."""
        return CharMap(lambda char: "".join([other[ord(new)] or "" for new in self[ord(char)] or ""]))

    def surely_keeps_places(self, text: str, translated: str) -> bool:
        """True when a glance proves that `translated` (= `apply(text)`) replaced every char of
        `text` by exactly one char: equal lengths, with a table that does not both remove and
        add chars, or ASCII text with a table that keeps every ASCII char's place. False proves
        nothing: then `text.translate(self.irregular)` gives the chars that did not."""
        if len(translated) == len(text) and self.flags_cover_applied_text and not (self.removes_chars and self.adds_chars):
            return True
        return text.isascii() and self.keeps_ascii_places

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
