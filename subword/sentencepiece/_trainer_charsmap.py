"""The charsmaps of sentencepiece's built-in normalization rules, from subword's own Unicode tables.

sentencepiece compiles its rules (`nfkc`, `nmt_nfkc`, `nfkc_cf`, `nmt_nfkc_cf`) into the library
with ICU; this module rebuilds them as its builder does (`Builder::BuildNFKCMap`):
1. every char whose NFKC form differs maps to it;
2. every canonical decomposition (NFD of a char), with each char of it also taken in each of its
   compatibility variants (a and the bold math a), maps to its NFKC form when that differs;
3. for `nmt_`: control chars are removed and a few space-like chars become " " (applied to the
   replacements too);
4. a rule whose result the shorter rules already give is dropped.
The tables are Unicode 9.0 (text/unicode_tables.py), sentencepiece's ICU is newer: chars added
since then are kept as they are. tests/test_sentencepiece_trainer.py measures the agreement.
`nfkc_cf` and `nmt_nfkc_cf` (with case folding) are not built.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

from ..text.charsmap import build_charsmap
from ..text.normalization import _may_change, normalize
from ..text.unicode_tables import char_mapping

RULE_NAMES = ("identity", "nfkc", "nmt_nfkc")

_NMT_SPACES = [0x0009, 0x000A, 0x000C, 0x000D, 0x061C, 0x1680, 0x200B, 0x200C, 0x200E, 0x200F, 0x2028, 0x2029, 0x2581, 0xFEFF, 0xFFFD]
_KEPT = "\uff5e"  # sentencepiece's builder leaves the fullwidth tilde alone
_NMT_REMOVED = [*range(0x0001, 0x0009), 0x000B, *range(0x000E, 0x0020), 0x007F, 0x008F, 0x009F]


@lru_cache(maxsize=None)
def rule_charsmap(name: str) -> bytes:
    """The precompiled charsmap of a built-in rule name (b"" for identity)."""
    if name == "identity":
        return b""
    rules = nfkc_rules()
    if name == "nmt_nfkc":
        rules = _with_nmt(rules)
    table: dict[str | bytes, str] = {}
    table.update(_without_redundant(rules))
    return build_charsmap(table)


def nfkc_rules() -> dict[str, str]:
    """Every char and expanded canonical decomposition whose NFKC form differs -> that form."""
    rules: dict[str, str] = {}
    for char in sorted(_may_change("NFKC")):
        if "\ud800" <= char <= "\udfff":
            continue
        nfkc = normalize("NFKC", char)
        if nfkc != char and char != _KEPT:
            rules[char] = nfkc
    variants: dict[str, list[str]] = {}
    for char in sorted(_may_change("NFKD")):
        folded = normalize("NFKD", char)
        if len(folded) == 1 and folded != char and not "\ud800" <= char <= "\udfff":
            variants.setdefault(folded, [folded]).append(char)
    for char in sorted(char_mapping("CANONICAL")):
        nfd = normalize("NFD", char)
        if len(nfd) < 2:
            continue
        for chars in product(*(variants.get(part, [part]) for part in nfd)):
            key = "".join(chars)
            nfkc = normalize("NFKC", key)
            if nfkc != key:
                rules[key] = nfkc
    _add_hangul(rules, variants)
    return rules


def _add_hangul(rules: dict[str, str], variants: dict[str, list[str]]) -> None:
    """Each Hangul syllable from its jamo (and their compatibility variants), composed by rule."""
    for code in range(0xAC00, 0xD7A4):
        syllable = chr(code)
        index = code - 0xAC00
        jamo = [chr(0x1100 + index // 588), chr(0x1161 + index % 588 // 28)]
        if index % 28:
            jamo.append(chr(0x11A7 + index % 28))
        for chars in product(*(variants.get(part, [part]) for part in jamo)):
            rules["".join(chars)] = syllable


def _with_nmt(rules: dict[str, str]) -> dict[str, str]:
    """The NMT additions: control chars removed, space-likes to " ", also inside replacements."""
    extra = {chr(code): " " for code in _NMT_SPACES} | {chr(code): "" for code in _NMT_REMOVED}
    out = {key: "".join(extra.get(char, char) for char in value) for key, value in rules.items()}
    out.update(extra)
    return out


def _without_redundant(rules: dict[str, str]) -> dict[str, str]:
    """Drop each rule whose result the shorter rules already give (longest match, left to right)."""
    kept = {key: value for key, value in rules.items() if len(key) == 1}
    longest = max(map(len, rules), default=1)
    for length in range(2, longest + 1):
        for key, value in rules.items():
            if len(key) == length and _apply(kept, key, length - 1) != value:
                kept[key] = value
    return kept


def _apply(rules: dict[str, str], text: str, longest: int) -> str:
    """`text` rewritten by `rules`, longest key (up to `longest` chars) first, else char kept."""
    out = []
    position = 0
    while position < len(text):
        for size in range(min(longest, len(text) - position), 0, -1):
            value = rules.get(text[position : position + size])
            if value is not None:
                out.append(value)
                position += size
                break
        else:
            out.append(text[position])
            position += 1
    return "".join(out)
