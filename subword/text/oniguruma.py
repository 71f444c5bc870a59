"""`Regex`: a pattern written in the Oniguruma (Ruby) syntax of the Rust package, run with `regex`.

The `regex` module, compiled with VERSION1 (nested classes, `&&`, full case folding, scoped inline
flags) and MULTILINE (`^`/`$` are line anchors in Ruby), agrees with Oniguruma on the patterns
tokenizers use. `_translate` rewrites what differs: `\\w`, `\\W`, `\\b`, `\\B` (a few chars),
`\\h`/`\\H` (hex digit), `\\x{HH}`, `\\e`, `\\cX`, `\\Z` (end or before a final newline), `\\N`
(not a newline), `\\k<name>`, `^` (no line starts after a final newline) and the `m` flag
(Ruby's `m` is Python's `s`), POSIX brackets (`[[:punct:]]` is `\\p{P}` and `\\p{S}` in Oniguruma),
and Unicode properties, `\\d` and `\\w` (`regex` knows a newer Unicode than Oniguruma: the code
points assigned since are unassigned to Oniguruma, and U+0295 is still Ll there).
Known differences left: in `a(?i)b|c` Oniguruma scopes the flag over the rest of the
alternation, `regex` over `b` only; under `(?i)` Oniguruma does not case-fold properties
(`(?i)\\p{Ll}` does not match "A").

Matches are found as Oniguruma finds them: an empty match right where the previous match ended
is skipped (`Regex("b*").find_spans("ab") -> [(0, 0), (1, 2)]`; Python's `finditer` would also
give `(2, 2)`).
"""

from __future__ import annotations

from typing import Any, Union

import regex

from .chars import UNICODE_17_ADDITIONS, UNICODE_17_CHARS
from ..errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError, type_name

Offsets = tuple[int, int]
_FLAGS = regex.VERSION1 | regex.MULTILINE
_FLAG_GROUP = regex.compile(r"\(\?([imx]*)(?:-([imx]*))?([:)])")
# Ruby's "^" starts every line, but not the empty "line" after a final newline
_LINE_START = r"(?:\A|(?<=\n)(?!\z))"
# Code points the `regex` module's Unicode assigns but Oniguruma's does not: Oniguruma sees them
# as unassigned (Cn, script Unknown), in no other property
_ONIG_UNASSIGNED = UNICODE_17_ADDITIONS
# The chars on which a pattern may need the Oniguruma-Unicode rewrite of its escapes
_NEWER_UNICODE_CHARS = UNICODE_17_CHARS | {"\u0295"}
# Oniguruma's \w leaves out ZWNJ/ZWJ and, outside a class only, also takes the superscript and
# fraction digits below (found by comparing every code point); V1 nested sets express both
_ONIG_WORD = rf"[\w\xb2\xb3\xb9\xbc-\xbe--[\u200c\u200d{_ONIG_UNASSIGNED}]]"
_ONIG_NON_WORD = rf"[^\w\xb2\xb3\xb9\xbc-\xbe--[\u200c\u200d{_ONIG_UNASSIGNED}]]"
_ONIG_WORD_IN_CLASS = rf"[\w--[\u200c\u200d{_ONIG_UNASSIGNED}]]"
_ONIG_NON_WORD_IN_CLASS = rf"\W\u200c\u200d{_ONIG_UNASSIGNED}"
# Properties that take Oniguruma's unassigned code points; every other property leaves them out
_HOLDS_UNASSIGNED = {"cn", "unassigned", "c", "other", "any", "zzzz", "unknown"}
# U+0295 is Lo in the `regex` module's Unicode, Ll (so also cased, lowercase) in Oniguruma's
_HOLDS_U0295 = {"ll", "lowercaseletter", "lc", "casedletter", "lowercase", "lower", "cased"}
_LACKS_U0295 = {"lo", "otherletter"}
_POSIX_CLASS = regex.compile(r"\[:(\^?)([a-z]+):\]")
# What Oniguruma's POSIX brackets hold on Unicode text, in escapes `_translate` knows
_ONIG_POSIX = {
    "alpha": r"\p{Alphabetic}",
    "digit": r"\p{Nd}",
    "alnum": r"\p{Alphabetic}\p{Nd}",
    "upper": r"\p{Uppercase}",
    "lower": r"\p{Lowercase}",
    "punct": r"\p{P}\p{S}",
    "word": r"\w",
    "graph": r"[^\s\p{Cc}\p{Cn}\p{Cs}]",
    "print": r"[^\s\p{Cc}\p{Cn}\p{Cs}]\p{Zs}",
}
_ONIG_BOUNDARY = f"(?:(?<={_ONIG_WORD})(?!{_ONIG_WORD})|(?<!{_ONIG_WORD})(?={_ONIG_WORD}))"
_ONIG_NON_BOUNDARY = f"(?:(?<={_ONIG_WORD})(?={_ONIG_WORD})|(?<!{_ONIG_WORD})(?!{_ONIG_WORD}))"


class Regex:
    """A regular expression in Oniguruma syntax, as `tokenizers.Regex`.

    >>> Regex(r"\\s+").find_spans("a  b")
    [(1, 3)]
    """

    __slots__ = ("pattern", "compiled", "_plain")

    def __init__(self, pattern: str) -> None:
        if not isinstance(pattern, str):
            raise ArgumentTypeError(f"Regex pattern must be a str, got {type_name(pattern)}")
        self.pattern = pattern
        try:
            self.compiled = regex.compile(_translate(pattern), _FLAGS)
            self._plain = regex.compile(_translate(pattern, onig_unicode=False), _FLAGS)
        except regex.error as error:
            raise ArgumentValueError(f"invalid regex {pattern!r}: {error}") from error

    def compiled_for(self, text: str) -> regex.Pattern:
        """The compiled pattern to search `text` with: `compiled`, or a quicker equivalent when
        `text` has no char whose Unicode properties Oniguruma sees otherwise."""
        if text.isascii() or _NEWER_UNICODE_CHARS.isdisjoint(text):
            return self._plain
        return self.compiled

    def find_spans(self, text: str) -> list[Offsets]:
        """The (start, end) char offsets of every match, as Oniguruma finds them."""
        return find_spans(self.compiled_for(text), text)

    def __repr__(self) -> str:
        return f"Regex({self.pattern!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Regex) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(("Regex", self.pattern))


def find_spans(compiled: regex.Pattern, text: str) -> list[Offsets]:
    """Every match of `compiled` in `text`, skipping an empty match where the last one ended."""
    spans: list[Offsets] = []
    position = 0
    last_end = -1
    while position <= len(text):
        match = compiled.search(text, position)
        if match is None:
            break
        start, end = match.span()
        if start == end and end == last_end:
            position += 1
            continue
        spans.append((start, end))
        position = last_end = end
    return spans


def pattern_to_json(pattern: Union[str, Regex]) -> dict:
    """The tokenizer.json form of a literal or regex pattern: {"String": s} or {"Regex": r}."""
    if isinstance(pattern, Regex):
        return {"Regex": pattern.pattern}
    return {"String": pattern}


def pattern_from_json(data: Any, path: str) -> Union[str, Regex]:
    """Read {"String": s} or {"Regex": r}; `path` names the field in error messages."""
    if not isinstance(data, dict) or len(data) != 1 or not ({"String", "Regex"} & data.keys()):
        raise TokenizerFileError(f'{path}: expected {{"String": ...}} or {{"Regex": ...}}, got {data!r:.60}')
    (kind, value), = data.items()
    if not isinstance(value, str):
        raise TokenizerFileError(f"{path}.{kind}: expected str, got {type_name(value)}")
    if kind == "String":
        return value
    try:
        return Regex(value)
    except ArgumentValueError as error:
        raise TokenizerFileError(f"{path}.Regex: {error}") from error


def _translate(pattern: str, onig_unicode: bool = True) -> str:
    """Rewrite the Oniguruma-only syntax of `pattern` for the `regex` module; without
    `onig_unicode`, Unicode properties keep the `regex` module's Unicode (quicker)."""
    out: list[str] = []
    index = 0
    class_depth = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            replacement, index = _translate_escape(pattern, index, class_depth > 0, onig_unicode)
            out.append(replacement)
            continue
        if char == "[" and class_depth and pattern.startswith("[:", index):
            posix = _POSIX_CLASS.match(pattern, index)
            if posix and posix.group(2) in _ONIG_POSIX:
                out.append(_translate(f"[{posix.group(1)}{_ONIG_POSIX[posix.group(2)]}]", onig_unicode))
                index = posix.end()
                continue
        if char == "[":
            class_depth += 1
            out.append(char)
            index += 1
            # subtle: a "]" first in a class (after an optional "^") is a literal
            if pattern.startswith("^", index):
                out.append("^")
                index += 1
            if pattern.startswith("]", index):
                out.append("\\]")
                index += 1
            continue
        if char == "]" and class_depth:
            class_depth -= 1
        elif char == "^" and not class_depth:
            out.append(_LINE_START)
            index += 1
            continue
        elif char == "(" and not class_depth:
            flags = _FLAG_GROUP.match(pattern, index)
            if flags:
                on, off, end = flags.group(1), flags.group(2), flags.group(3)
                off_part = "" if off is None else "-" + off.replace("m", "s")
                out.append(f"(?{on.replace('m', 's')}{off_part}{end}")
                index = flags.end()
                continue
        out.append(char)
        index += 1
    return "".join(out)


def _translate_escape(pattern: str, index: int, in_class: bool, onig_unicode: bool) -> tuple[str, int]:
    """Translate the escape starting at `pattern[index]` (a backslash); return it and the next index."""
    letter = pattern[index + 1]
    if letter == "w":
        return _ONIG_WORD_IN_CLASS if in_class else _ONIG_WORD, index + 2
    if letter == "W":
        return _ONIG_NON_WORD_IN_CLASS if in_class else _ONIG_NON_WORD, index + 2
    if letter == "b" and not in_class:
        return _ONIG_BOUNDARY, index + 2
    if letter == "B" and not in_class:
        return _ONIG_NON_BOUNDARY, index + 2
    if letter in "pP" and pattern.startswith("{", index + 2):
        close = pattern.find("}", index + 3)
        if close > 0 and onig_unicode:
            return _onig_property(pattern[index + 3 : close], negated=letter == "P"), close + 1
        if close > 0:
            # whole, so that the "^" of "\p{^L}" is not read as a line start
            return pattern[index : close + 1], close + 1
    if letter == "d" and onig_unicode:
        return f"[\\d--[{_ONIG_UNASSIGNED}]]", index + 2
    if letter == "D" and onig_unicode:
        return f"[\\D{_ONIG_UNASSIGNED}]", index + 2
    if letter == "h":
        return ("0-9a-fA-F" if in_class else "[0-9a-fA-F]"), index + 2
    if letter == "H" and not in_class:
        return "[^0-9a-fA-F]", index + 2
    if letter == "e":
        return "\\x1b", index + 2
    if letter == "x" and pattern.startswith("{", index + 2):
        close = pattern.find("}", index + 3)
        digits = pattern[index + 3 : close] if close > 0 else ""
        if digits and all(d in "0123456789abcdefABCDEF" for d in digits):
            return f"\\U{int(digits, 16):08X}", close + 1
    if letter == "c" and index + 2 < len(pattern):
        return f"\\x{ord(pattern[index + 2]) & 0x1F:02x}", index + 3
    if letter == "Z" and not in_class:
        return "(?=\\n?\\z)", index + 2
    if letter == "N" and not in_class and not pattern.startswith("{", index + 2):
        return "[^\\n]", index + 2
    if letter == "k" and pattern.startswith("<", index + 2):
        close = pattern.find(">", index + 3)
        if close > 0:
            return f"(?P={pattern[index + 3 : close]})", close + 1
    return pattern[index : index + 2], index + 2


def _onig_property(name: str, negated: bool) -> str:
    """`\\p{name}` (or `\\P{name}`, `\\p{^name}`) as a set holding what Oniguruma's Unicode puts in it.

    >>> Regex(r"\\p{Ll}+").find_spans("aʕ")
    [(0, 2)]
    """
    if name.startswith("^"):
        name, negated = name[1:], not negated
    key = "".join(char for char in name.lower() if char not in " _-")
    added = _ONIG_UNASSIGNED if key in _HOLDS_UNASSIGNED else ""
    removed = "" if added else _ONIG_UNASSIGNED
    if key in _HOLDS_U0295:
        added += "\u0295"
    elif key in _LACKS_U0295:
        removed += "\u0295"
    if negated:
        added, removed = removed, added
    base = f"\\{'P' if negated else 'p'}{{{name}}}"
    return f"[{base}{added}--[{removed}]]" if removed else f"[{base}{added}]"
