"""`Regex`: a pattern written in the Oniguruma (Ruby) syntax of the Rust package, run with `regex`.

The `regex` module, compiled with VERSION1 (nested classes, `&&`, full case folding, scoped inline
flags) and MULTILINE (`^`/`$` are line anchors in Ruby), agrees with Oniguruma on the patterns
tokenizers use. `_translate` rewrites what differs: `\\h`/`\\H` (hex digit), `\\x{HH}`, `\\e`,
`\\cX`, `\\Z` (end or before a final newline), `\\N` (not a newline), `\\k<name>`, `^` (no line
starts after a final newline) and the `m` flag (Ruby's `m` is Python's `s`). Every char class,
`\\p{..}`/`\\P{..}`/`\\p{^..}`, `\\w \\W \\d \\D \\s \\S \\b \\B` and POSIX brackets (`[[:punct:]]`),
takes its chars from subword's Oniguruma tables (Unicode 16.0, see unicode_tables.py), through a
GuardedPattern (char_classes.py): the `regex` module's own classes run only on text where they
provably agree with the tables. A property name the tables do not know is left to `regex`.
Known differences left: in `a(?i)b|c` Oniguruma scopes the flag over the rest of the
alternation, `regex` over `b` only; under `(?i)` Oniguruma does not case-fold properties
(`(?i)\\p{Ll}` does not match "A"), while `regex` folds them with its own case tables.

Matches are found as Oniguruma finds them: an empty match right where the previous match ended
is skipped (`Regex("b*").find_spans("ab") -> [(0, 0), (1, 2)]`; Python's `finditer` would also
give `(2, 2)`).
"""

from __future__ import annotations

from typing import Any, Union

import regex

from .char_classes import CharClass, GuardedPattern
from .regex_budget import BoundedPattern, is_tame
from .unicode_tables import onig_property
from ..errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError, type_name

Offsets = tuple[int, int]
_FLAGS = regex.VERSION1 | regex.MULTILINE
_FLAG_GROUP = regex.compile(r"\(\?([imx]*)(?:-([imx]*))?([:)])")
# Ruby's "^" starts every line, but not the empty "line" after a final newline
_LINE_START = r"(?:\A|(?<=\n)(?!\Z))"
_POSIX_CLASS = regex.compile(r"\[:(\^?)([a-z]+):\]")
# The `regex` escapes closest to Oniguruma's POSIX brackets on Unicode text (the tables decide)
_PLAIN_POSIX = {
    "alpha": r"\p{Alphabetic}",
    "digit": r"\p{Nd}",
    "alnum": r"\p{Alphabetic}\p{Nd}",
    "upper": r"\p{Uppercase}",
    "lower": r"\p{Lowercase}",
    "punct": r"\p{P}\p{S}",
    "word": r"\w",
    "space": r"\s",
    "xdigit": r"0-9a-fA-F",
    "ascii": r"\x00-\x7f",
    "blank": r"\p{Zs}\t",
    "cntrl": r"\p{Cc}",
    "graph": r"[^\s\p{Cc}\p{Cn}\p{Cs}]",
    "print": r"[^\s\p{Cc}\p{Cn}\p{Cs}]\p{Zs}",
}
# Escapes standing for one class: (table outside a class, table inside one, plain, negated)
_CLASS_ESCAPES = {
    "w": ("onig:\\w", "onig:[\\w]", r"\w", False),
    "W": ("onig:\\w", "onig:[\\w]", r"\w", True),
    "d": ("onig:\\d", "onig:\\d", r"\d", False),
    "D": ("onig:\\d", "onig:\\d", r"\d", True),
    "s": ("onig:\\s", "onig:\\s", r"\s", False),
    "S": ("onig:\\s", "onig:\\s", r"\s", True),
}


class Regex:
    """A regular expression in Oniguruma syntax, as `tokenizers.Regex`.

    >>> Regex(r"\\s+").find_spans("a  b")
    [(1, 3)]
    """

    __slots__ = ("pattern", "_guarded", "_tame")

    def __init__(self, pattern: str) -> None:
        if not isinstance(pattern, str):
            raise ArgumentTypeError(f"Regex pattern must be a str, got {type_name(pattern)}")
        self.pattern = pattern
        template, classes, case_insensitive = _translate(pattern)
        self._guarded = GuardedPattern(template, classes, _FLAGS, case_insensitive=case_insensitive)
        try:
            self._guarded.plain  # compiled now, so that a bad pattern fails here
        except regex.error as error:
            raise ArgumentValueError(f"invalid regex {pattern!r}: {error}") from error
        # Only a pattern that can backtrack catastrophically pays for a time budget.
        self._tame = is_tame(self._guarded.plain.pattern)

    @property
    def compiled(self) -> Union[regex.Pattern, BoundedPattern]:
        """The pattern with every char class spelled out from the tables (for one text)."""
        return self._bounded(self._guarded.exact)

    def compiled_for(self, text: str) -> Union[regex.Pattern, BoundedPattern]:
        """The compiled pattern to search `text` (and only it) with: the one with explicit sets,
        or the quicker one with `regex`'s own classes when they agree with the tables on every
        char; a BoundedPattern with the time budget of `text` if the pattern is not tame."""
        return self._bounded(self._guarded.pattern_for(text))

    def _bounded(self, compiled: regex.Pattern) -> Union[regex.Pattern, BoundedPattern]:
        return compiled if self._tame else BoundedPattern(compiled, self.pattern)

    def find_spans(self, text: str) -> list[Offsets]:
        """The (start, end) char offsets of every match, as Oniguruma finds them."""
        return find_spans(self.compiled_for(text), text)

    def __repr__(self) -> str:
        return f"Regex({self.pattern!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Regex) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(("Regex", self.pattern))


def find_spans(compiled: Union[regex.Pattern, BoundedPattern], text: str) -> list[Offsets]:
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


class _Template:
    """The translated pattern being built: text with `{cN}` set bodies, and the classes."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.classes: dict[str, CharClass] = {}
        self.case_insensitive = False

    def text(self, text: str) -> None:
        self.parts.append(text.replace("{", "{{").replace("}", "}}"))

    def char_class(self, cls: CharClass, negated: bool, in_class: bool, folded: bool) -> None:
        """Add one class: `[body]` outside a set, the bare body inside one (V1 nests `[^...]`)."""
        name = f"c{len(self.classes)}"
        self.classes[name] = cls
        self.case_insensitive |= folded
        if negated:
            self.parts.append(f"[^{{{name}}}]")
        else:
            self.parts.append(f"{{{name}}}" if in_class else f"[{{{name}}}]")


def _translate(pattern: str) -> tuple[str, dict[str, CharClass], bool]:
    """Rewrite the Oniguruma-only syntax of `pattern` for the `regex` module: a GuardedPattern
    template, its classes, and whether a class lies in a case-insensitive scope."""
    out = _Template()
    index = 0
    class_depth = 0
    # whether (?i) is on, for each open group (the last item for the current one)
    folded = [False]
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            index = _translate_escape(out, pattern, index, class_depth > 0, folded[-1])
            continue
        if char == "[" and class_depth and pattern.startswith("[:", index):
            posix = _POSIX_CLASS.match(pattern, index)
            if posix and posix.group(2) in _PLAIN_POSIX:
                cls = _class(f"onig:[:{posix.group(2)}:]", _PLAIN_POSIX[posix.group(2)])
                out.char_class(cls, negated=bool(posix.group(1)), in_class=True, folded=folded[-1])
                index = posix.end()
                continue
        if char == "[":
            class_depth += 1
            out.text(char)
            index += 1
            # subtle: a "]" first in a class (after an optional "^") is a literal
            if pattern.startswith("^", index):
                out.text("^")
                index += 1
            if pattern.startswith("]", index):
                out.text("\\]")
                index += 1
            continue
        if char == "]" and class_depth:
            class_depth -= 1
        elif char == "^" and not class_depth:
            out.text(_LINE_START)
            index += 1
            continue
        elif char == "(" and not class_depth:
            flags = _FLAG_GROUP.match(pattern, index)
            if flags:
                on, off, end = flags.group(1), flags.group(2), flags.group(3)
                off_part = "" if off is None else "-" + off.replace("m", "s")
                out.text(f"(?{on.replace('m', 's')}{off_part}{end}")
                state = (folded[-1] or "i" in on) and "i" not in (off or "")
                if end == ":":
                    folded.append(state)
                else:
                    folded[-1] = state
                index = flags.end()
                continue
            folded.append(folded[-1])
        elif char == ")" and not class_depth and len(folded) > 1:
            folded.pop()
        out.text(char)
        index += 1
    return "".join(out.parts), out.classes, out.case_insensitive


def _class(table: str, plain: str) -> CharClass:
    return _CLASSES.get((table, plain)) or _CLASSES.setdefault((table, plain), CharClass(table, plain=plain))


_CLASSES: dict[tuple[str, str], CharClass] = {}


def _translate_escape(out: _Template, pattern: str, index: int, in_class: bool, folded: bool) -> int:
    """Translate the escape starting at `pattern[index]` (a backslash) into `out`; return the next index."""
    letter = pattern[index + 1]
    if letter in _CLASS_ESCAPES:
        outside, inside, plain, negated = _CLASS_ESCAPES[letter]
        out.char_class(_class(inside if in_class else outside, plain), negated, in_class, folded)
        return index + 2
    if letter in "bB" and not in_class:
        word = _class("onig:\\w", r"\w")
        out.text("(?:(?<=")
        out.char_class(word, False, False, folded)
        out.text(")(?!" if letter == "b" else ")(?=")
        out.char_class(word, False, False, folded)
        out.text(")|(?<!")
        out.char_class(word, False, False, folded)
        out.text(")(?=" if letter == "b" else ")(?!")
        out.char_class(word, False, False, folded)
        out.text("))")
        return index + 2
    if letter in "pP" and pattern.startswith("{", index + 2):
        close = pattern.find("}", index + 3)
        if close > 0:
            name = pattern[index + 3 : close]
            negated = letter == "P"
            if name.startswith("^"):
                name, negated = name[1:], not negated
            table = onig_property(name)
            if table is not None:
                out.char_class(_class(table, _plain_property(name, table)), negated, in_class, folded)
            else:
                # a name the tables do not know: left to `regex` (whole, so that the "^" of
                # "\p{^X}" is not read as a line start)
                out.text(pattern[index : close + 1])
            return close + 1
    if letter == "h":
        out.text("0-9a-fA-F" if in_class else "[0-9a-fA-F]")
        return index + 2
    if letter == "H" and not in_class:
        out.text("[^0-9a-fA-F]")
        return index + 2
    if letter == "e":
        out.text("\\x1b")
        return index + 2
    if letter == "x" and pattern.startswith("{", index + 2):
        close = pattern.find("}", index + 3)
        digits = pattern[index + 3 : close] if close > 0 else ""
        if digits and all(d in "0123456789abcdefABCDEF" for d in digits):
            out.text(f"\\U{int(digits, 16):08X}")
            return close + 1
    if letter == "c" and index + 2 < len(pattern):
        out.text(f"\\x{ord(pattern[index + 2]) & 0x1F:02x}")
        return index + 3
    if letter == "Z" and not in_class:
        out.text("(?=\\n?\\Z)")  # `regex`'s \Z is the very end (regex 2022.10.31 lacks \z)
        return index + 2
    if letter == "N" and not in_class and not pattern.startswith("{", index + 2):
        out.text("[^\\n]")
        return index + 2
    if letter == "k" and pattern.startswith("<", index + 2):
        close = pattern.find(">", index + 3)
        if close > 0:
            out.text(f"(?P={pattern[index + 3 : close]})")
            return close + 1
    out.text(pattern[index : index + 2])
    return index + 2


def _plain_property(name: str, table: str) -> str:
    """`\\p{name}` if the `regex` module takes the name, else the table's explicit set.

    >>> Regex(r"\\p{Ll}+").find_spans("aʕ")
    [(0, 2)]
    """
    try:
        regex.compile(f"\\p{{{name}}}")
        return f"\\p{{{name}}}"
    except regex.error:
        return CharClass(table, plain="").exact
