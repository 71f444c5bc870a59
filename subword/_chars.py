"""Character classes with the exact meaning the Rust `tokenizers` package gives them.

Python's `str.isspace` and `unicodedata` differ from Rust's `char::is_whitespace` and the
`unicode_categories` crate in a few places; every component asks here, so the rules live once.
"""

from __future__ import annotations

import unicodedata

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
    """Unicode general category P* (Pc, Pd, Ps, Pe, Pi, Pf, Po)."""
    return unicodedata.category(char)[0] == "P"


def is_bert_punctuation(char: str) -> bool:
    """ASCII punctuation (which includes symbols like `$` and `+`) or Unicode punctuation."""
    return char in _ASCII_PUNCTUATION or is_punctuation(char)


_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
