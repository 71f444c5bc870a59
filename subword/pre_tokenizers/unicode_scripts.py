"""UnicodeScripts: split where the Unicode script changes (Latin, Cyrillic, Han, ...)."""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from ..text.unicode_tables import code_ranges, table_names
from ..core.normalized_string import NormalizedString
from ..core.pre_tokenized_string import PreTokenizedString
from .base import PreTokenizer, pre_tokenizers_registry


@pre_tokenizers_registry.register("UnicodeScripts")
class UnicodeScripts(PreTokenizer):
    """Split where the script changes, as SentencePiece does; Hiragana, Katakana and `ー` count
    as Han, and spaces (and unassigned chars) join the script around them.

    Text before the first char of a known script is dropped, as in the Rust package.

    >>> UnicodeScripts().pre_tokenize_str("どこ Where")
    [('どこ ', (0, 3)), ('Where', (3, 8))]
    """

    def pre_tokenize(self, pretokenized: PreTokenizedString) -> None:
        """Cut every split at its script changes."""
        pretokenized.split(lambda _, normalized: _split_scripts(normalized))


def _split_scripts(normalized: NormalizedString) -> list[NormalizedString]:
    bounds = script_boundaries(normalized.normalized)
    return normalized.slices(zip(bounds, bounds[1:]))


def script_boundaries(text: str) -> list[int]:
    """Where runs of one script start, then `len(text)`: `"ab1 2cd" -> [0, 2, 5, 7]`.

    subtle: a boundary is only set at a char of a known script, so leading chars of no
    script (" abc" -> [1, 4]) fall outside every run.
    """
    bounds = []
    last = None
    for index, char in enumerate(text):
        script = script_of(char)
        if script != "Any":
            if script != last:
                bounds.append(index)
            last = script
    bounds.append(len(text))
    return bounds


@lru_cache(maxsize=1 << 16)
def script_of(char: str) -> str:
    """The script the Rust package gives `char`: `script_of("a") -> 'Latin'`, `"ひ" -> 'Han'`,
    `" " -> 'Any'` (its table is SentencePiece's, Unicode 9.0: see text/unicode_tables.py)."""
    starts, scripts = _script_ranges()
    code = ord(char)
    index = bisect_right(starts, code) - 1
    if index >= 0 and code <= scripts[index][0]:
        return scripts[index][1]
    return "Any"


@lru_cache(maxsize=1)
def _script_ranges() -> tuple[list[int], list[tuple[int, str]]]:
    """The script tables as sorted range starts and (range end, script name)."""
    ranges = sorted(
        (start, end, name.partition(":")[2]) for name in table_names("script:") for start, end in code_ranges(name)
    )
    return [start for start, _, _ in ranges], [(end, name) for _, end, name in ranges]
