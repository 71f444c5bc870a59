"""Fold char-by-char normalizer steps into a sentencepiece charsmap (for `sentencepiece_write`).

sentencepiece normalizes with one table of rules (longest key first, else the char as it is),
so a pipeline of NFD/NFKD, StripAccents, Lowercase and Replace steps becomes one table: each
char mapped to what the steps make of it, plus a rule for each multi-char Replace pattern
(ALBERT's "``" -> '"'). Exact when the steps act char by char, which these do but for two
Unicode details documented as differences: Lowercase's final sigma ("ΟΔΟΣ" ends in "ς" for
the tokenizer, "σ" for the charsmap) and canonical reordering of combining marks that
StripAccents keeps (NFKD sorts them across chars; the charsmap cannot).
"""

from __future__ import annotations

from typing import Any

from ..errors import ArgumentValueError
from ..normalizers.base import Normalizer, normalizers_registry
from ..sentencepiece._normalize import SPACE_SYMBOL

PER_CHAR = ("NFD", "NFKD", "StripAccents", "Lowercase")
_CHUNK = 8192


def is_foldable(step: dict[str, Any]) -> bool:
    """Whether a normalizer step (its tokenizer.json entry) can go into a charsmap."""
    if step["type"] in PER_CHAR:
        return True
    return step["type"] == "Replace" and "String" in step["pattern"] and step["pattern"]["String"] != ""


def fold(steps: list[dict[str, Any]], spaces: str = "") -> dict[str, str]:
    """The charsmap rules of the foldable `steps`, in order; each char of `spaces` (the Unicode
    spaces a WhitespaceSplit cuts at) is written as " " in every replacement.

    >>> fold([{"type": "Replace", "pattern": {"String": "``"}, "content": '"'}, {"type": "Lowercase"}])["``"]
    '"'
    >>> fold([{"type": "Lowercase"}])["Ä"]
    'ä'
    """
    patterns = [step for step in steps if step["type"] == "Replace" and len(step["pattern"]["String"]) > 1]
    _check_patterns(steps, patterns)
    per_char = normalizers_registry.from_json(
        {"type": "Sequence", "normalizers": [step for step in steps if step not in patterns]}, "normalizer"
    )
    table = _char_table(per_char) if len(patterns) < len(steps) else {}
    for char in (" ", SPACE_SYMBOL):
        if table.get(char, char) != char:
            raise ArgumentValueError(f"sentencepiece cannot express normalizer steps that change {char!r} (to {table[char]!r})")

    def spaced(text: str) -> str:
        return "".join(" " if char in spaces else char for char in text)

    rules = {char: spaced(value) for char, value in table.items()}
    for char in spaces:
        if char != " " and char not in rules:
            rules[char] = " "
    for step in patterns:
        rules[step["pattern"]["String"]] = spaced(per_char.normalize_str(step["content"]))
    return {key: value for key, value in rules.items() if key != value}


def _check_patterns(steps: list[dict[str, Any]], patterns: list[dict[str, Any]]) -> None:
    """Multi-char patterns must come first, share no char, and not make each other's chars."""
    if patterns and steps[: len(patterns)] != patterns:
        raise ArgumentValueError(
            "sentencepiece cannot express a Replace of several chars after other normalizer steps "
            f"({patterns[-1]['pattern']['String']!r}): its charsmap reads the text once"
        )
    seen: set[str] = set()
    for step in patterns:
        chars = set(step["pattern"]["String"])
        if chars & {" ", SPACE_SYMBOL}:
            raise ArgumentValueError(
                f"sentencepiece cannot express a Replace of {step['pattern']['String']!r}: its spaces are handled "
                "after the charsmap"
            )
        if chars & seen or any(set(other["content"]) & chars for other in patterns):
            raise ArgumentValueError(
                f"sentencepiece cannot express Replace patterns that overlap ({step['pattern']['String']!r}): "
                "its charsmap applies them all at once"
            )
        seen |= chars


def _char_table(normalizer: Normalizer) -> dict[str, str]:
    """char -> its normalized form, for every char the normalizer changes (read in chunks of
    chars joined by "\\n", which these steps keep, and which keeps marks from reordering across)."""
    table: dict[str, str] = {}
    chars = [chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000 and code != 0x0A]
    for start in range(0, len(chars), _CHUNK):
        chunk = chars[start : start + _CHUNK]
        parts = normalizer.normalize_str("\n".join(chunk)).split("\n")
        if len(parts) != len(chunk):  # a step made or removed a "\n": char by char
            parts = [normalizer.normalize_str(char) for char in chunk]
        table.update((char, part) for char, part in zip(chunk, parts) if part != char)
    if normalizer.normalize_str("\n") != "\n":
        table["\n"] = normalizer.normalize_str("\n")
    return table
