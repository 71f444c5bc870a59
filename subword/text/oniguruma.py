"""`Regex`: a pattern written in the Oniguruma (Ruby) syntax of the Rust package, run with `regex`.

The `regex` module, compiled with VERSION1 (nested classes, `&&`, scoped inline flags) and
MULTILINE (`^`/`$` are line anchors in Ruby), agrees with Oniguruma on the patterns tokenizers
use. `_translate` rewrites what differs: `\\h`/`\\H` (hex digit), `\\x{HH}`, `\\e`, `\\cX`, `\\Z`
(end or before a final newline), `\\N` (not a newline), `\\k<name>`, `^` (no line starts after a
final newline) and the `m` flag (Ruby's `m` is Python's `s`). Every char class,
`\\p{..}`/`\\P{..}`/`\\p{^..}`, `\\w \\W \\d \\D \\s \\S \\b \\B` and POSIX brackets (`[[:punct:]]`),
takes its chars from subword's Oniguruma tables (Unicode 16.0, see unicode_tables.py), through a
GuardedPattern (char_classes.py): the `regex` module's own classes run only on text where they
provably agree with the tables. A property name the tables do not know is left to `regex`.

`(?i)` never reaches `regex`: literal strings and bracket classes in its scope are spelled out
with Oniguruma's case folding data (case_folding.py), so `(?i)ß` matches "ss" and `(?i)\\p{Ll}`
does not match "A", as in Oniguruma. An option group `(?i)` applies, as in Oniguruma, to the
rest of the group around it, all its alternatives included: `a(?i)b|c` is `a(?i:b|c)`. Only a
backreference under `(?i)` (`(?i)(a)\\1`) is left to `regex`'s case-insensitive comparison.

Matches are found as Oniguruma finds them: an empty match right where the previous match ended
is skipped (`Regex("b*").find_spans("ab") -> [(0, 0), (1, 2)]`; Python's `finditer` would also
give `(2, 2)`).
"""

from __future__ import annotations

import re
from typing import Any, Union

import regex

from .case_folding import fold_class, fold_string
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
        template, classes = _translate(pattern)
        self._guarded = GuardedPattern(template, classes, _FLAGS)
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

    def compiled_for(self, text: str) -> Union[re.Pattern, regex.Pattern, BoundedPattern]:
        """The compiled pattern to search `text` (and only it) with: the quickest exact one
        (`GuardedPattern.pattern_for`); if the pattern is not tame, a BoundedPattern with the time
        budget of `text` around the `regex` one (`re` takes no time budget)."""
        if self._tame:
            return self._guarded.pattern_for(text)
        return self._bounded(self._guarded.regex_pattern_for(text))

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


def find_spans(compiled: Union[re.Pattern, regex.Pattern, BoundedPattern], text: str) -> list[Offsets]:
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

    def text(self, text: str) -> None:
        self.parts.append(text.replace("{", "{{").replace("}", "}}"))

    def char_class(self, cls: CharClass, negated: bool, in_class: bool) -> None:
        """Add one class: `[body]` outside a set, the bare body inside one (V1 nests `[^...]`)."""
        name = f"c{len(self.classes)}"
        self.classes[name] = cls
        if negated:
            self.parts.append(f"[^{{{name}}}]")
        else:
            self.parts.append(f"{{{name}}}" if in_class else f"[{{{name}}}]")

    def fold_class(self, start: int, negated: bool) -> None:
        """Under (?i): add to the bracket class written since part `start` the chars and the
        multi-char alternatives Oniguruma's case folding gives it (see case_folding.py)."""
        fragment = "".join(self.parts[start:])
        exact = regex.compile(fragment.format(**{name: cls.exact for name, cls in self.classes.items()}), regex.V1)
        extra, alternatives = fold_class(lambda char: (exact.match(char) is None) == negated, negated=negated)
        if extra:  # (V1 unites nested sets: "[[...]extra]", "[^[...]extra]")
            fragment = f"[^[{fragment[2:]}{extra}]" if negated else f"[{fragment}{extra}]"
        if alternatives:
            fragment = f"(?:{fragment}|{'|'.join(alternatives)})"
        self.parts[start:] = [fragment]


class _Scope:
    """What holds in one group of the pattern: case folding, extended mode, look-behind, and
    whether an isolated option `(?i)` opened it (then it closes with the group around it)."""

    __slots__ = ("folded", "extended", "look_behind", "isolated")

    def __init__(self, folded: bool, extended: bool, look_behind: bool, isolated: bool) -> None:
        self.folded, self.extended, self.look_behind, self.isolated = folded, extended, look_behind, isolated


def _translate(pattern: str) -> tuple[str, dict[str, CharClass]]:
    """Rewrite the Oniguruma-only syntax of `pattern` for the `regex` module: a GuardedPattern
    template and its classes."""
    out = _Template()
    index = 0
    class_depth = 0
    class_start = 0  # the part where the outermost open class starts
    scopes = [_Scope(False, False, False, False)]
    hidden: set[int] = set()  # the ")" of the groups dropped by _transparent_group
    branch_start = True  # whether the next item is the first of an alternative
    while index < len(pattern):
        char = pattern[index]
        scope = scopes[-1]
        if index in hidden:
            index += 1
            continue
        if not class_depth and scope.folded and _transparent_group(pattern, index, scope.extended, hidden, branch_start):
            index += 3
            continue
        if not class_depth and scope.extended and (char.isspace() or char == "#"):
            index = _skip_extended(pattern, index, True)  # whitespace and comments say nothing
            continue
        branch_start = not class_depth and char in "(|"
        if not class_depth and scope.folded and _literal_at(pattern, index, scope.extended):
            run, index = _literal_run(pattern, index, scope.extended, hidden)
            out.parts.append(fold_string(run, in_look_behind=scope.look_behind))
            continue
        if char == "\\" and index + 1 < len(pattern):
            if scope.folded and not class_depth and (pattern[index + 1] in "123456789" or pattern.startswith("k<", index + 1)):
                # a backreference under (?i): left to `regex`'s case folding
                start = len(out.parts)
                index = _translate_escape(out, pattern, index, False)
                out.parts[start:] = ["(?i:", *out.parts[start:], ")"]
                continue
            index = _translate_escape(out, pattern, index, class_depth > 0)
            continue
        if char == "[" and class_depth and pattern.startswith("[:", index):
            posix = _POSIX_CLASS.match(pattern, index)
            if posix and posix.group(2) in _PLAIN_POSIX:
                cls = _class(f"onig:[:{posix.group(2)}:]", _PLAIN_POSIX[posix.group(2)])
                out.char_class(cls, negated=bool(posix.group(1)), in_class=True)
                index = posix.end()
                continue
        if char == "[":
            if not class_depth:
                class_start = len(out.parts)
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
            out.text(char)
            index += 1
            if not class_depth and scope.folded:
                out.fold_class(class_start, negated="".join(out.parts[class_start : class_start + 2]).startswith("[^"))
            continue
        if class_depth:
            out.text(char)
            index += 1
            continue
        if char == "{" and scope.folded:
            quantifier = _QUANTIFIER.match(pattern, index)
            if quantifier:  # (not to be read as literal chars)
                out.text(quantifier.group())
                index = quantifier.end()
                continue
        if char == "^":
            out.text(_LINE_START)
            index += 1
            continue
        if char == "(":
            flags = _FLAG_GROUP.match(pattern, index)
            if flags:
                on, off, end = flags.group(1), flags.group(2) or "", flags.group(3)
                folded = (scope.folded or "i" in on) and "i" not in off
                extended = (scope.extended or "x" in on) and "x" not in off
                # `regex` gets the other flags (Ruby's "m" is its "s"); case folding is ours
                on, off = on.replace("i", "").replace("m", "s"), off.replace("i", "").replace("m", "s")
                out.text(f"(?{on}{'-' + off if off else ''}:")
                # an isolated option applies to the rest of the enclosing group, all of its
                # alternatives included (`a(?i)b|c` is `a(?i:b|c)`): a group closed with it
                scopes.append(_Scope(folded, extended, scope.look_behind, isolated=end == ")"))
                index = flags.end()
                continue
            opener = _GROUP_OPENER.match(pattern, index).group()
            look_behind = scope.look_behind or opener in ("(?<=", "(?<!")
            scopes.append(_Scope(scope.folded, scope.extended, look_behind, isolated=False))
            out.text(opener)
            index += len(opener)
            continue
        elif char == ")" and not all(scope.isolated for scope in scopes[1:]):
            while scopes[-1].isolated:
                scopes.pop()
                out.text(")")
            scopes.pop()
        out.text(char)
        index += 1
    out.text(")" * sum(scope.isolated for scope in scopes))
    return "".join(out.parts), out.classes


# How a group starts: "(", or "(?" and what says its kind (flag groups are read apart)
_GROUP_OPENER = regex.compile(r"\((?:\?(?:[:=!>]|<[=!]|P?<\w+>|'\w+'))?")
# A quantifier, as Oniguruma reads one after a char ("{" that starts none is a literal)
_QUANTIFIER = regex.compile(r"[*+?]|\{(?:\d+(?:,\d*)?|,\d+)\}")
# Escapes that stand for one literal char in a string: (escape letter, code point of the char)
_CONTROL_ESCAPES = {"t": 9, "n": 10, "r": 13, "f": 12, "v": 11, "a": 7, "e": 27}
_HEX_ESCAPE = regex.compile(r"\\(?:x\{([0-9a-fA-F]+)\}|x([0-7][0-9a-fA-F]?)|u([0-9a-fA-F]{4}))")


def _literal_at(pattern: str, index: int, extended: bool) -> tuple[str, int] | None:
    """(the literal char, the index after it) if `pattern[index:]` starts with one, else None."""
    char = pattern[index]
    if char == "\\":
        if index + 1 >= len(pattern):
            return None
        letter = pattern[index + 1]
        if letter in _CONTROL_ESCAPES:
            return chr(_CONTROL_ESCAPES[letter]), index + 2
        hexadecimal = _HEX_ESCAPE.match(pattern, index)
        if hexadecimal:
            return chr(int(next(group for group in hexadecimal.groups() if group), 16)), hexadecimal.end()
        if letter.isascii() and not letter.isalnum():
            return letter, index + 2
        return None
    if char in "[](){}|.?*+^$" or (extended and (char.isspace() or char == "#")):
        return (char, index + 1) if char == "{" and not _QUANTIFIER.match(pattern, index) else None
    return char, index + 1


def _skip_extended(pattern: str, index: int, extended: bool) -> int:
    """The index past the whitespace and `#` comments at `index`, in extended mode."""
    while extended and index < len(pattern):
        if pattern[index].isspace():
            index += 1
        elif pattern[index] == "#":
            newline = pattern.find("\n", index)
            index = len(pattern) if newline < 0 else newline + 1
        else:
            break
    return index


def _literal_run(pattern: str, index: int, extended: bool, hidden: set[int]) -> tuple[str, int]:
    """The chars of the literal string at `index`, as Oniguruma joins them into one string node,
    and the index after them. A quantified last char stands alone (`ss+`: "s", then "s+"), and
    the literals on both sides of a transparent group's edge join (`s(?:s)`: "ss")."""
    chars: list[str] = []
    while index < len(pattern):
        if index in hidden or _transparent_group(pattern, index, extended, hidden, False):
            index += 1 if index in hidden else 3
            continue
        literal = _literal_at(pattern, index, extended)
        if literal is None:
            break
        after = _skip_extended(pattern, literal[1], extended)
        if chars and _QUANTIFIER.match(pattern, after):
            break  # the quantified char starts a string of its own
        chars.append(literal[0])
        index = after
        if _QUANTIFIER.match(pattern, after):
            break
    return "".join(chars), index


def _transparent_group(pattern: str, index: int, extended: bool, hidden: set[int], first: bool) -> bool:
    """True when `pattern[index:]` starts a `(?:...)` that only groups: no alternation or option
    of its own, no quantifier after it, and, when it is the `first` item of an alternative,
    nothing but literal chars. Oniguruma then joins its items to those around it (so the strings
    at its edges join; a first group of several items stays a list of its own), and dropping its
    parentheses means the same: its ")" is added to `hidden`."""
    if not pattern.startswith("(?:", index):
        return False
    if first:
        position = _skip_extended(pattern, index + 3, extended)
        while position < len(pattern) and pattern[position] != ")":
            literal = _literal_at(pattern, position, extended)
            if literal is None:
                return False
            position = _skip_extended(pattern, literal[1], extended)
    depth, position, in_class = 0, index + 3, 0
    while position < len(pattern):
        char = pattern[position]
        if char == "\\":
            position += 2
            continue
        if in_class:
            in_class += {"[": 1, "]": -1}.get(char, 0)
        elif char == "[":
            in_class = 1
            position += 2 if pattern.startswith(("[]", "[^"), position) else 1
            position += 1 if pattern.startswith("^]", position - 1) else 0
            continue
        elif char == "#" and extended:
            position = _skip_extended(pattern, position, True)
            continue
        elif char == "(":
            flags = _FLAG_GROUP.match(pattern, position)
            if depth == 0 and flags and flags.group(3) == ")":
                return False  # (an option of its own would end with this group)
            depth += 1
        elif char == "|" and depth == 0:
            return False
        elif char == ")":
            if depth == 0:
                if _QUANTIFIER.match(pattern, _skip_extended(pattern, position + 1, extended)):
                    return False
                hidden.add(position)
                return True
            depth -= 1
        position += 1
    return False


def _class(table: str, plain: str) -> CharClass:
    return _CLASSES.get((table, plain)) or _CLASSES.setdefault((table, plain), CharClass(table, plain=plain))


_CLASSES: dict[tuple[str, str], CharClass] = {}


def _translate_escape(out: _Template, pattern: str, index: int, in_class: bool) -> int:
    """Translate the escape starting at `pattern[index]` (a backslash) into `out`; return the next index."""
    letter = pattern[index + 1]
    if letter in _CLASS_ESCAPES:
        outside, inside, plain, negated = _CLASS_ESCAPES[letter]
        out.char_class(_class(inside if in_class else outside, plain), negated, in_class)
        return index + 2
    if letter in "bB" and not in_class:
        word = _class("onig:\\w", r"\w")
        out.text("(?:(?<=")
        out.char_class(word, False, False)
        out.text(")(?!" if letter == "b" else ")(?=")
        out.char_class(word, False, False)
        out.text(")|(?<!")
        out.char_class(word, False, False)
        out.text(")(?=" if letter == "b" else ")(?!")
        out.char_class(word, False, False)
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
                out.char_class(_class(table, _plain_property(name, table)), negated, in_class)
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
    if letter == "z" and not in_class:
        out.text("\\Z")  # the very end, as Oniguruma's \z
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
