"""Patterns whose char classes come from subword's own Unicode tables, yet run at `regex` speed.

A `CharClass` is a table (see unicode_tables.py) with the `regex` escape closest to it, e.g. the
Oniguruma letters with `\\p{L}`. A `GuardedPattern` is compiled twice from one template: *exact*,
every class spelled out as explicit code point ranges (`[\\U00000041-\\U0000005A...]`), and
*plain*, every class as its `regex` escape. Explicit sets are many times slower to match, so a
text runs with the plain pattern whenever that is provably the same: when, for every char of the
text, each class's table and the installed `regex` module agree (checked once per char and
cached). Text with a char the two Unicode versions see differently gets the exact pattern.

    >>> words = GuardedPattern("[{l}]+", {"l": onig_class("L")})
    >>> words.findall("abc \\U0003d000d"), words.regex_pattern_for("abc") is words.plain
    (['abc', 'd'], True)
    >>> words.pattern_for("abc") is words.bmp  # (the third form, below)
    True

Quicker still, a third form runs on text without chars past U+FFFF (most text): the template
compiled with Python's `re`, every class spelled out over the Basic Multilingual Plane. `re`
matches such sets with a bitmap, about twice as fast as `regex` runs its own classes, and the
result is exact by construction (the sets are the tables'). It exists only for templates that
`re` reads as `regex` does (`reads_alike_in_re`: no nested sets or set operations, no escape
or group only `regex` knows).

Patterns are never compiled with IGNORECASE: `regex` would fold with its own case tables. The
Oniguruma translator spells `(?i)` out as explicit sets and alternatives (case_folding.py).
"""

from __future__ import annotations

import re
import warnings
from functools import cached_property, lru_cache
from typing import Iterator, Mapping, Union

import regex

from .unicode_tables import CodeSet, code_points_body, code_ranges, onig_property, re_set_body, set_body, union

# A char past the Basic Multilingual Plane: a text with one runs with the `regex` forms.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_LAST_BMP = 0xFFFF


class CharClass:
    """A set of code points from the tables, with the `regex` set body `plain` that stands for it
    where the installed `regex` module agrees."""

    def __init__(self, *tables: str, plain: str, chars: str = "") -> None:
        self.tables = tables
        self.plain = plain
        self.chars = chars

    @cached_property
    def ranges(self):
        extra = tuple((ord(char), ord(char)) for char in self.chars)
        return union(extra, *(code_ranges(name) for name in self.tables))

    @cached_property
    def exact(self) -> str:
        """The set body with every code point spelled out."""
        return set_body(self.ranges)

    @cached_property
    def bmp_body(self) -> str:
        """A `re` set body holding the code points up to U+FFFF."""
        return re_set_body((start, min(end, _LAST_BMP)) for start, end in self.ranges if start <= _LAST_BMP)

    @cached_property
    def code_set(self) -> CodeSet:
        return CodeSet(self.ranges)

    def __contains__(self, char: str) -> bool:
        return char in self.code_set

    @cached_property
    def _plain_compiled(self) -> regex.Pattern[str]:
        return regex.compile(f"[{self.plain}]", regex.V1)

    def agrees(self, char: str) -> bool:
        """True when the plain escape of the installed `regex` matches `char` exactly as the table."""
        return (self._plain_compiled.match(char) is not None) == (char in self)

    def __repr__(self) -> str:
        return f"CharClass({', '.join(map(repr, self.tables))}, plain={self.plain!r})"


@lru_cache(maxsize=None)
def onig_class(name: str) -> CharClass:
    """Oniguruma's `\\p{name}` (a name it takes, see unicode_tables.onig_property)."""
    table = onig_property(name)
    if table is None:
        raise KeyError(f"Oniguruma has no property {name!r}")
    return CharClass(table, plain=f"\\p{{{name}}}")


# Chars of a text that `Disagreements.isdisjoint` looks up one by one before it translates the
# whole text instead.
_FEW_NEW_CHARS = 64
# Chars translated for each char of the table before the finder is compiled again: compiling
# costs about as much as translating that many chars (0.6 us against 0.04 us a char).
_TRANSLATED_PER_TABLE_CHAR = 12


class Disagreements(dict):
    """The chars on which some class's table and `regex` disagree, found lazily.

    `isdisjoint(text)` is True when `text` has none of them (named after `frozenset.isdisjoint`,
    so it can stand where a set of exceptions was expected). Translating with this dict keeps
    only the disagreeing chars; agreeing ones map to None, which keeps `str.translate` quick.
    Quicker still, a `re` class of the chars known to agree finds the others in one scan: a
    text of known chars costs no look-up per char. Texts with many chars the class does not
    hold are translated, and once the chars translated so add up to what compiling the class
    again costs, it is: at worst that doubles the cost of translating every text.
    """

    def __init__(self, classes: tuple[CharClass, ...]) -> None:
        super().__init__()
        self.classes = classes
        self._new_char: re.Pattern[str] | None = None  # finds a char not known to agree
        self._translated = 0  # chars translated since `_new_char` was compiled

    @cached_property
    def ascii_agrees(self) -> bool:
        """ASCII is the same in every Unicode version; this check makes that a fact, not a hope."""
        return all(self[code] is None for code in range(128))

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        value = self[code] = None if all(cls.agrees(char) for cls in self.classes) else char
        return value

    def isdisjoint(self, text: str) -> bool:
        if text.isascii() and self.ascii_agrees:
            return True
        new_char = self._new_char
        if new_char is not None:
            position = 0
            for _ in range(_FEW_NEW_CHARS):
                found = new_char.search(text, position)
                if found is None:
                    return True
                if self[ord(found.group())] is not None:
                    return False
                position = found.end()
        disjoint = not text.translate(self)
        self._translated += len(text)
        if self._translated >= _TRANSLATED_PER_TABLE_CHAR * len(self):
            self._compile()
        return disjoint

    def _compile(self) -> None:
        """Compile `_new_char` from the chars known to agree so far."""
        self.ascii_agrees  # (puts ASCII in the table)
        table = self.copy()  # (a snapshot: other threads may add chars meanwhile)
        agreeing = [code for code, value in table.items() if value is None]
        if agreeing:
            self._new_char = re.compile(f"[^{code_points_body(agreeing)}]")
        self._translated = 0


class GuardedPattern:
    """A template (set bodies as `{name}`, literal braces doubled) compiled with exact and plain
    sets; `pattern_for(text)` picks the one to run, `findall`/`finditer` run it.

    The plain pattern is compiled on first use, the exact one only when a text needs it.
    """

    def __init__(self, template: str, classes: Mapping[str, CharClass], flags: int = regex.V1) -> None:
        if flags & regex.IGNORECASE:
            raise ValueError("GuardedPattern: spell case folding out (see case_folding.py), never IGNORECASE")
        self.template = template
        self.classes = dict(classes)
        self.flags = flags
        # subtle: one class listed once is enough for the guard
        unique = tuple({id(cls): cls for cls in self.classes.values()}.values())
        self.disagreements = Disagreements(unique)

    @cached_property
    def plain(self) -> regex.Pattern[str]:
        return regex.compile(self.template.format(**{k: c.plain for k, c in self.classes.items()}), self.flags)

    @cached_property
    def exact(self) -> regex.Pattern[str]:
        return regex.compile(self.template.format(**{k: c.exact for k, c in self.classes.items()}), self.flags)

    @cached_property
    def bmp(self) -> re.Pattern[str] | None:
        """The template compiled with `re`, the sets spelled out up to U+FFFF (exact on text
        without a char past it), or None where `re` would read the template otherwise."""
        if self.flags & ~(regex.V1 | regex.MULTILINE) or not reads_alike_in_re(self.template):
            return None
        flags = re.MULTILINE if self.flags & regex.MULTILINE else 0
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # (a FutureWarning marks syntax whose meaning may change)
                return re.compile(self.template.format(**{k: c.bmp_body for k, c in self.classes.items()}), flags)
        except (re.error, FutureWarning, RecursionError, OverflowError):  # (`re` of this Python cannot)
            return None

    def pattern_for(self, text: str) -> Union[re.Pattern[str], regex.Pattern[str]]:
        """The quickest exact form for `text`: `bmp` if there is one and the text has no char
        past U+FFFF, else `regex_pattern_for(text)`."""
        bmp = self.bmp
        if bmp is not None and (text.isascii() or _ASTRAL.search(text) is None):
            return bmp
        return self.regex_pattern_for(text)

    def regex_pattern_for(self, text: str) -> regex.Pattern[str]:
        """The `regex` form for `text`: `plain` where it agrees with the tables on every char."""
        return self.plain if self.disagreements.isdisjoint(text) else self.exact

    def findall(self, text: str) -> list:
        return self.pattern_for(text).findall(text)

    def finditer(self, text: str) -> Iterator[regex.Match[str]]:
        return self.pattern_for(text).finditer(text)

    def match(self, text: str) -> regex.Match[str] | None:
        return self.pattern_for(text).match(text)


# What `reads_alike_in_re` lets through: the openers of groups both modules read alike (a flag
# group may only set or clear "s"), a quantifier in braces, a backslash escape.
_GROUP_ALIKE = re.compile(r"\((?:\?(?::|=|!|<=|<!|>|P<\w+>|P=\w+\)|s*(?:-s*)?:)|(?!\?))")
_BRACES_ALIKE = re.compile(r"\{\{(?:\d+(?:,\d*)?|,\d+)\}\}")
_ESCAPE_ALIKE = re.compile(r"\\(?:U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[afnrtv]|[^0-9A-Za-z])")
_ESCAPE_ALIKE_OUTSIDE_SETS = re.compile(r"\\(?:[AZ]|[1-9](?![0-9]))")
_SET_OPERATORS = ("&&", "||", "--", "~~")


def reads_alike_in_re(template: str) -> bool:
    """Whether Python's `re` reads a GuardedPattern template (its `{name}` set bodies filled with
    plain chars and ranges) as `regex` VERSION1 does. It refuses what it does not know to be
    read alike: nested sets and set operations (`[a[b]]`, `[a--b]`: plain chars in `re`), escapes
    other than chars and anchors (`\\p{..}`, `\\X`), groups other than (non-)capturing, look-arounds,
    atomic, named and `(?s:...)` ones, braces that are not a quantifier. What `re` cannot compile
    (a look-behind of varying width, a possessive quantifier before Python 3.11) fails there.

    >>> reads_alike_in_re("'s| ?[{c0}]+|[^{c1}{c2}]+(?![{c1}])"), reads_alike_in_re("[a[{c0}]]")
    (True, False)
    """
    index, in_set = 0, False
    while index < len(template):
        char = template[index]
        if char == "\\":
            escape = _ESCAPE_ALIKE.match(template, index) or (None if in_set else _ESCAPE_ALIKE_OUTSIDE_SETS.match(template, index))
            if escape is None:
                return False
            index = escape.end()
        elif template.startswith("{{", index) or template.startswith("}}", index):
            braces = None if in_set else _BRACES_ALIKE.match(template, index)
            if braces is None:
                return False
            index = braces.end()
        elif char == "{":  # a set body, filled in by the GuardedPattern
            index = template.index("}", index) + 1
        elif in_set:
            if char == "[" or template.startswith(_SET_OPERATORS, index):
                return False
            in_set = char != "]"
            index += 1
        elif char == "[":
            in_set = True
            index += 2 if template.startswith("[^", index) else 1
            if template.startswith("]", index):  # (a char there in `re`, not in every `regex` version)
                return False
        elif char == "(":
            group = _GROUP_ALIKE.match(template, index)
            if group is None:
                return False
            index = group.end()
        else:
            index += 1
    return not in_set
