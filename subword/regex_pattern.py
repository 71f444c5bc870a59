"""`Regex`: a pattern written in the Oniguruma (Ruby) syntax of the Rust package, run with `regex`.

The `regex` module, compiled with VERSION1 (nested classes, `&&`, full case folding, scoped inline
flags) and MULTILINE (`^`/`$` are line anchors in Ruby), agrees with Oniguruma on the patterns
tokenizers use. `_translate` rewrites what differs: `\\w`, `\\W`, `\\b`, `\\B` (a few chars),
`\\h`/`\\H` (hex digit), `\\x{HH}`, `\\e`, `\\cX`, `\\Z` (end or before a final newline), `\\N`
(not a newline), `\\k<name>`, `^` (no line starts after a final newline) and the `m` flag
(Ruby's `m` is Python's `s`).
Known differences left: in `a(?i)b|c` Oniguruma scopes the flag over the rest of the
alternation, `regex` over `b` only; POSIX classes such as `[[:punct:]]` and `[[:digit:]]`
differ on non-ASCII chars; `regex` knows a newer Unicode version than Oniguruma.

Matches are found as Oniguruma finds them: an empty match right where the previous match ended
is skipped (`Regex("b*").find_spans("ab") -> [(0, 0), (1, 2)]`; Python's `finditer` would also
give `(2, 2)`).
"""

from __future__ import annotations

from typing import Any, Union

import regex

from .errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError, type_name

Offsets = tuple[int, int]
_FLAGS = regex.VERSION1 | regex.MULTILINE
_FLAG_GROUP = regex.compile(r"\(\?([imx]*)(?:-([imx]*))?([:)])")
# Ruby's "^" starts every line, but not the empty "line" after a final newline
_LINE_START = r"(?:\A|(?<=\n)(?!\z))"
# Oniguruma's \w leaves out ZWNJ/ZWJ and, outside a class only, also takes the superscript and
# fraction digits below (found by comparing every code point); V1 nested sets express both
_ONIG_WORD = r"[\w\xb2\xb3\xb9\xbc-\xbe--\u200c\u200d]"
_ONIG_NON_WORD = r"[^\w\xb2\xb3\xb9\xbc-\xbe--\u200c\u200d]"
_ONIG_WORD_IN_CLASS = r"[\w--\u200c\u200d]"
_ONIG_NON_WORD_IN_CLASS = r"\W\u200c\u200d"
_ONIG_BOUNDARY = f"(?:(?<={_ONIG_WORD})(?!{_ONIG_WORD})|(?<!{_ONIG_WORD})(?={_ONIG_WORD}))"
_ONIG_NON_BOUNDARY = f"(?:(?<={_ONIG_WORD})(?={_ONIG_WORD})|(?<!{_ONIG_WORD})(?!{_ONIG_WORD}))"


class Regex:
    """A regular expression in Oniguruma syntax, as `tokenizers.Regex`.

    >>> Regex(r"\\s+").find_spans("a  b")
    [(1, 3)]
    """

    __slots__ = ("pattern", "compiled")

    def __init__(self, pattern: str) -> None:
        if not isinstance(pattern, str):
            raise ArgumentTypeError(f"Regex pattern must be a str, got {type_name(pattern)}")
        self.pattern = pattern
        try:
            self.compiled = regex.compile(_translate(pattern), _FLAGS)
        except regex.error as error:
            raise ArgumentValueError(f"invalid regex {pattern!r}: {error}") from error

    def find_spans(self, text: str) -> list[Offsets]:
        """The (start, end) char offsets of every match, as Oniguruma finds them."""
        return find_spans(self.compiled, text)

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


def _translate(pattern: str) -> str:
    """Rewrite the Oniguruma-only syntax of `pattern` for the `regex` module."""
    out: list[str] = []
    index = 0
    class_depth = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            replacement, index = _translate_escape(pattern, index, class_depth > 0)
            out.append(replacement)
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


def _translate_escape(pattern: str, index: int, in_class: bool) -> tuple[str, int]:
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
