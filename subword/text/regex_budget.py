"""A time budget for user patterns, so that catastrophic backtracking stops with an error.

The Rust package matches with Oniguruma, which gives up a match after 10 million backtracking
steps ("retry-limit-in-match over", about 0.1 s): `(a|aa)+$` on `"a" * 40 + "b"` fails fast
instead of running for hours. The `regex` module has no step limit, only a `timeout`, and a
timeout costs a clock read at every match (about 0.2 µs, half the time a match of the GPT-4
pattern takes). So a pattern runs with a budget only where it needs one:

- `is_tame(pattern)` reads the pattern's structure. A pattern is *tame* when one match attempt
  takes time linear in the text: at most one unbounded repeat per alternative can be backtracked
  into (a last repeat followed only by optional items never is), every repeat of a group repeats
  a fixed run of chars, there are no backreferences, and bounded repeats, optional groups and
  alternatives multiply to fewer than `MAX_BRANCHES` ways. The tokenizer patterns in use
  (GPT-2, GPT-4, o200k, Llama 3, sentencepiece's ` {2,}`) are tame and run with no clock.
  Anything this reader does not know is untamed.
- an untamed pattern is wrapped in a `BoundedPattern`: all its matching on one text shares a
  budget of `BASE_SECONDS` plus `SECONDS_PER_CHAR` per char of CPU time (0.1 s, about
  Oniguruma's limit, for a short text; 10 s for a megabyte), then raises `RegexTimeoutError`.

    >>> is_tame(r"'s|'t| ?\\p{L}+| ?[^\\s\\p{L}]+[\\r\\n]*|\\s+(?!\\S)|\\s+"), is_tame(r"(a|aa)+$")
    (True, False)

The budget is process CPU time (the `regex` module's clock): threads that burn CPU outside the
GIL at the same moment use it up faster. Tame patterns can still take time quadratic in the text
over all start positions (`\\s+$` on 100,000 spaces), as they do in the Rust package.
"""

from __future__ import annotations

import time
from typing import Any, Iterator, Optional

import regex

from ..errors import RegexTimeoutError

BASE_SECONDS = 0.1
SECONDS_PER_CHAR = 1e-5
MAX_BRANCHES = 1024
# A bounded repeat with more choices than this counts as unbounded.
_FEW = 16
_SINGLE_ESCAPES = set("dDwWsShHX") | set("tnrfvae0")
_ZERO_WIDTH_ESCAPES = set("AZzbBGmM")
_BRACED_ESCAPES = set("pPNx")
# (?flags) and (?flags:...), with the flags of `regex` (a V0/V1 version switch is left untamed)
_FLAGS = regex.compile(r"\?([aefimsuwxLr]*)(?:-([aefimsuwxLr]*))?([:)])")


class _Untamed(Exception):
    """Raised inside the reader for anything it does not prove tame."""


class _Cost:
    """What one part of a pattern costs an attempt: `degree`, how many unbounded repeats can be
    backtracked into (the attempt is O(n**degree)), and `branches`, the constant factor."""

    __slots__ = ("degree", "branches", "unbounded", "nullable", "width_one")

    def __init__(self, degree: int = 0, branches: int = 1, *, unbounded: bool = False, nullable: bool = False,
                 width_one: bool = False) -> None:
        self.degree = degree
        self.branches = branches
        self.unbounded = unbounded  # an item repeated without (a small) bound
        self.nullable = nullable  # an item that may match nothing (so never fails)
        self.width_one = width_one  # one char, or a fixed run of chars with no choice


def is_tame(pattern: str) -> bool:
    """True when a match attempt of `pattern` (regex module syntax) is provably linear-time."""
    try:
        reader = _Reader(pattern)
        alternatives = reader.alternation(top=True)
        if reader.index != len(pattern):
            return False
    except (_Untamed, IndexError, ValueError):
        return False
    return alternatives.degree <= 1 and alternatives.branches <= MAX_BRANCHES


class _Reader:
    """A recursive-descent reader of the subset of `regex` syntax that can be proved tame."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.index = 0

    def peek(self, text: str) -> bool:
        return self.pattern.startswith(text, self.index)

    def alternation(self, top: bool = False) -> _Cost:
        sequences = [self.sequence(top)]
        while self.peek("|"):
            self.index += 1
            sequences.append(self.sequence(top))
        return _Cost(max(s.degree for s in sequences), sum(s.branches for s in sequences))

    def sequence(self, top: bool) -> _Cost:
        items: list[_Cost] = []
        while self.index < len(self.pattern) and not self.peek("|") and not self.peek(")"):
            items.append(self.item())
        if top:
            # subtle: a last unbounded repeat followed only by optional items is never
            # backtracked into: once it matched once, the attempt has succeeded.
            for item in reversed(items):
                if item.unbounded and item.degree == 1:
                    item.degree = 0
                if not item.nullable:
                    break
        degree, branches = 0, 1
        for item in items:
            degree += item.degree
            branches *= item.branches
        return _Cost(degree, min(branches, MAX_BRANCHES + 1))

    def item(self) -> _Cost:
        atom = self.atom()
        quantifier = self.quantifier()
        if quantifier is None:
            return atom
        low, high = quantifier
        if atom.width_one:
            if high is None or high - low > _FEW:
                return _Cost(1, 1, unbounded=True, nullable=low == 0)
            return _Cost(0, high - low + 1, nullable=low == 0)
        if high is not None and high <= 1:  # an optional group: one more way
            return _Cost(atom.degree, atom.branches + 1, nullable=low == 0)
        raise _Untamed("a repeated group that can match in more than one way")

    def quantifier(self) -> Optional[tuple[int, Optional[int]]]:
        char = self.pattern[self.index] if self.index < len(self.pattern) else ""
        bounds: tuple[int, Optional[int]]
        if char in ("*", "+", "?"):
            bounds = {"*": (0, None), "+": (1, None), "?": (0, 1)}[char]
            self.index += 1
        elif char == "{":
            close = self.pattern.find("}", self.index)
            low_text, comma, high_text = self.pattern[self.index + 1 : close].partition(",")
            if close < 0 or not (low_text.isdigit() or (comma and not low_text)) or (high_text and not high_text.isdigit()):
                raise _Untamed("a brace that is not a plain repeat")
            bounds = (int(low_text or 0), int(high_text) if high_text else (None if comma else int(low_text)))
            self.index = close + 1
        else:
            return None
        if self.peek("?") or self.peek("+"):  # lazy or possessive
            self.index += 1
        if self.peek("*") or self.peek("+") or self.peek("?") or self.peek("{"):
            raise _Untamed("a repeat of a repeat")
        return bounds

    def atom(self) -> _Cost:
        char = self.pattern[self.index]
        if char == "(":
            return self.group()
        if char == "[":
            self.skip_set()
            return _Cost(width_one=True)
        if char == "\\":
            return self.escape()
        if char in "*+?{":
            raise _Untamed("a repeat with nothing to repeat")
        self.index += 1
        if char in "^$":
            return _Cost(nullable=False)
        return _Cost(width_one=True)

    def escape(self) -> _Cost:
        letter = self.pattern[self.index + 1]
        self.index += 2
        if letter in _BRACED_ESCAPES and self.peek("{"):
            self.index = self.pattern.index("}", self.index) + 1
            return _Cost(width_one=True)
        if letter in "pP":  # \pL
            self.index += 1
            return _Cost(width_one=True)
        if letter == "x":
            self.index += 2
        elif letter == "u":
            self.index += 4
        elif letter == "U":
            self.index += 8
        elif letter in _ZERO_WIDTH_ESCAPES:
            return _Cost()
        elif letter.isalnum() and letter not in _SINGLE_ESCAPES:
            raise _Untamed(f"the escape \\{letter} (a backreference, or one this reader does not know)")
        return _Cost(width_one=True)

    def skip_set(self) -> None:
        """Step over a `[...]` set, nested sets (VERSION1) and escapes included."""
        self.index += 1
        depth = 1
        if self.peek("^"):
            self.index += 1
        if self.peek("]"):
            self.index += 1
        while depth:
            char = self.pattern[self.index]
            if char == "\\":
                letter = self.pattern[self.index + 1]
                self.index += 2
                if letter in _BRACED_ESCAPES and self.peek("{"):
                    self.index = self.pattern.index("}", self.index) + 1
                continue
            self.index += 1
            if char == "[":
                depth += 1
                if self.peek("^"):
                    self.index += 1
                if self.peek("]"):
                    self.index += 1
            elif char == "]":
                depth -= 1

    def group(self) -> _Cost:
        self.index += 1
        lookaround = False
        if self.peek("?"):
            flags = _FLAGS.match(self.pattern, self.index)
            if flags:
                if "x" in flags.group(1) or "x" in (flags.group(2) or ""):
                    raise _Untamed("verbose mode")
                self.index = flags.end()
                if flags.group(3) == ")":
                    return _Cost(nullable=True)  # a flag such as (?i)
            elif self.peek("?=") or self.peek("?!") or self.peek("?<=") or self.peek("?<!"):
                lookaround = True
                self.index += 3 if self.peek("?<") else 2
            elif self.peek("?>"):
                self.index += 2
            elif self.peek("?P<") or (self.peek("?<") and self.pattern[self.index + 2].isalpha()):
                self.index = self.pattern.index(">", self.index) + 1
            else:
                raise _Untamed("a group kind this reader does not know")
        start = self.index
        content = self.alternation()
        if not self.peek(")"):
            raise _Untamed("an unclosed group")
        self.index += 1
        if lookaround:
            if content.degree or content.branches > MAX_BRANCHES:
                raise _Untamed("a lookaround that backtracks")
            return _Cost()
        fixed = content.degree == 0 and content.branches == 1 and _fixed_run(self.pattern[start : self.index - 1])
        return _Cost(content.degree, content.branches, width_one=fixed)


def _fixed_run(body: str) -> bool:
    """Whether a group body is a plain run of chars and sets, with no repeat, choice or group."""
    return bool(body) and not any(char in body for char in "|()*+?{")


class BoundedPattern:
    """A compiled pattern whose matching on one text stops when its time budget is spent.

    Made by `Regex.compiled_for(text)` for an untamed pattern; it offers the methods of a
    compiled `regex` pattern that subword calls, and its budget, set by the first text it is
    given, is shared by every call (so a search loop over the text has one budget in all).
    """

    __slots__ = ("compiled", "source", "_deadline", "_seconds")

    def __init__(self, compiled: "regex.Pattern[str]", source: str) -> None:
        self.compiled = compiled
        self.source = source
        self._deadline: Optional[float] = None
        self._seconds = 0.0

    @property
    def groups(self) -> int:
        return self.compiled.groups

    @property
    def pattern(self) -> str:
        return self.compiled.pattern

    def _timeout(self, text: str) -> float:
        now = time.process_time()
        if self._deadline is None:
            self._seconds = BASE_SECONDS + SECONDS_PER_CHAR * len(text)
            self._deadline = now + self._seconds
        left = self._deadline - now
        if left <= 0:
            raise self._error(text)
        return left

    def _error(self, text: str) -> RegexTimeoutError:
        return RegexTimeoutError(
            f"the regex {self.source!r} took over {self._seconds:.2g} s of matching on a text of {len(text)} chars "
            "(catastrophic backtracking); the Rust tokenizers package stops such a match too (Oniguruma's "
            "retry limit). Rewrite the pattern without a repeat of something that can match in several "
            "ways, such as (a|aa)+ or (a+)+"
        )

    def search(self, text: str, pos: Optional[int] = None, endpos: Optional[int] = None) -> Any:
        try:
            return self.compiled.search(text, pos, endpos, timeout=self._timeout(text))
        except TimeoutError:
            raise self._error(text) from None

    def match(self, text: str, pos: Optional[int] = None, endpos: Optional[int] = None) -> Any:
        try:
            return self.compiled.match(text, pos, endpos, timeout=self._timeout(text))
        except TimeoutError:
            raise self._error(text) from None

    def findall(self, text: str, pos: Optional[int] = None, endpos: Optional[int] = None) -> list:
        try:
            return self.compiled.findall(text, pos, endpos, timeout=self._timeout(text))
        except TimeoutError:
            raise self._error(text) from None

    def finditer(self, text: str, pos: Optional[int] = None, endpos: Optional[int] = None) -> Iterator[Any]:
        matches = self.compiled.finditer(text, pos, endpos, timeout=self._timeout(text))
        try:
            yield from matches
        except TimeoutError:
            raise self._error(text) from None

    def sub(self, replacement: Any, text: str, count: int = 0) -> str:
        try:
            return self.compiled.sub(replacement, text, count, timeout=self._timeout(text))
        except TimeoutError:
            raise self._error(text) from None

    def split(self, text: str, maxsplit: int = 0) -> list:
        try:
            return self.compiled.split(text, maxsplit, timeout=self._timeout(text))
        except TimeoutError:
            raise self._error(text) from None

    def __repr__(self) -> str:
        return f"BoundedPattern({self.source!r})"
