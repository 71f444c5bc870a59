"""Build subword/text/_unicode_data.py: the Unicode tables subword owns.

Every table is read off the installed reference packages by probing them over every code point
(0..0x10FFFF without the surrogates), so it holds exactly what the engine inside the Rust
`tokenizers` package decides, whatever Unicode version `regex` or Python's `unicodedata` know:

    python -m pip install "tokenizers==0.23.3"
    python tools/unicode_tables.py            # writes subword/text/_unicode_data.py (a few minutes)

Python's `unicodedata` and the `regex` module are used here only to name candidates (which
property names to try, which script to call a run of chars, the stable canonical combining class
to confirm); every value written is confirmed by the Rust package. Nothing here runs at runtime.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
import unicodedata
from pathlib import Path

import regex
import regex._regex_core as regex_core
import tokenizers
from tokenizers import NormalizedString, Regex
from tokenizers import normalizers, pre_tokenizers

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "subword" / "text" / "_unicode_data.py"
CODE_POINTS = [code for code in range(0x110000) if not 0xD800 <= code < 0xE000]
ALL = "".join(map(chr, CODE_POINTS))


def to_ranges(codes) -> list[tuple[int, int]]:
    """Sorted code points as inclusive ranges: [65, 66, 67, 70] -> [(65, 67), (70, 70)].
    The surrogate gap does not break a range (no text can hold a surrogate)."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and (code == ranges[-1][1] + 1 or (ranges[-1][1] == 0xD7FF and code == 0xE000)):
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return [tuple(r) for r in ranges]


def ranges_text(ranges) -> str:
    """[(65, 67), (70, 70)] -> "41-43 46" (the form subword/text/unicode_tables.py reads)."""
    return " ".join(f"{a:X}" if a == b else f"{a:X}-{b:X}" for a, b in ranges)


def _index_code(index: int) -> int:
    return index if index < 0xD800 else index + 0x800


def matched_by(pattern: str) -> list[tuple[int, int]]:
    """The code points an Oniguruma pattern (one char class) matches, as Rust runs it."""
    pieces = pre_tokenizers.Split(Regex(f"(?:{pattern})+"), "removed").pre_tokenize_str(ALL)
    kept, previous = [], 0
    for _, (start, end) in pieces:  # the pieces left are the chars *not* matched
        if start > previous:
            kept.append((previous, start))
        previous = end
    if previous < len(ALL):
        kept.append((previous, len(ALL)))
    codes = [_index_code(i) for start, end in kept for i in range(start, end)]
    return to_ranges(codes)


def accepts(pattern: str) -> bool:
    try:
        Regex(pattern)
        return True
    except Exception:
        return False


# -- Oniguruma ---------------------------------------------------------------------------------

def _norm(name: str) -> str:
    return "".join(char for char in name.lower() if char not in " _-")


def oniguruma_property_candidates() -> list[list[str]]:
    """Groups of names `regex` treats as aliases: general categories, scripts, binary
    properties, blocks (as In_X) and the POSIX names Oniguruma also accepts in \\p{}."""
    groups: dict[tuple, list[str]] = {}
    props = regex_core.PROPERTIES
    yes_no = props["ALPHABETIC"][1]
    for prop in ("GENERALCATEGORY", "SCRIPT"):
        prop_id, values = props[prop]
        for name, value in values.items():
            groups.setdefault((prop, value), []).append(name)
    block_id, blocks = props["BLOCK"]
    for name, value in blocks.items():
        groups.setdefault(("BLOCK", value), []).append("In_" + name)
    for name, (prop_id, values) in props.items():
        if values == yes_no:
            groups.setdefault(("BIN", prop_id), []).append(name)
    return list(groups.values())


POSIX_NAMES = ["alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print",
               "punct", "space", "upper", "xdigit", "word"]


def oniguruma_tables(log) -> tuple[dict[str, list], dict[str, str]]:
    """(table key -> ranges, normalized property name -> table key)."""
    tables: dict[str, list] = {}
    aliases: dict[str, str] = {}
    by_hash: dict[str, str] = {}
    extra = [["Any"], ["Assigned"], ["LC", "Cased_Letter", "L&"], ["Word"], ["Alnum"], ["Graph"], ["Print"],
             ["Punct"], ["Blank"], ["Cntrl"], ["XDigit"], ["Space"], ["Digit"], ["Upper"], ["Lower"], ["Alpha"],
             ["ASCII"], ["Unknown", "Zzzz"], ["Cn", "Unassigned"]]
    groups = oniguruma_property_candidates() + extra
    for number, group in enumerate(groups):
        accepted = [name for name in group if accepts(rf"\p{{{name}}}")]
        if not accepted:
            continue
        if all(_norm(name) in aliases for name in accepted):
            continue
        ranges = matched_by(rf"\p{{{accepted[0]}}}")
        digest = hashlib.sha1(ranges_text(ranges).encode()).hexdigest()
        key = by_hash.setdefault(digest, _norm(accepted[0]))
        tables.setdefault(f"onig:{key}", ranges)
        for name in accepted:
            aliases.setdefault(_norm(name), key)
        if number % 50 == 0:
            log(f"oniguruma properties: {number}/{len(groups)}")
    # escapes and POSIX brackets, outside and inside a class
    for name, pattern in [("\\s", r"\s"), ("\\w", r"\w"), ("[\\w]", r"[\w]"), ("\\d", r"\d"), ("\\h", r"\h")]:
        tables[f"onig:{name}"] = matched_by(pattern)
    for name in POSIX_NAMES:
        tables[f"onig:[:{name}:]"] = matched_by(f"[[:{name}:]]")
    return tables, aliases


# -- per-char probes of Rust components ----------------------------------------------------------

def probe_chars(predicate) -> list[tuple[int, int]]:
    return to_ranges(code for code in CODE_POINTS if predicate(chr(code)))


def rust_std_tables(log) -> tuple[dict[str, list], dict[str, str], dict[str, str]]:
    """std's char::is_whitespace / is_numeric (Unicode of the Rust toolchain), and
    to_lowercase / to_uppercase (code point -> replacement, only where it changes)."""
    whitespace_split = pre_tokenizers.WhitespaceSplit()
    digits = pre_tokenizers.Digits(individual_digits=True)
    tables = {
        "std:white_space": probe_chars(lambda c: whitespace_split.pre_tokenize_str("a" + c + "b") != [("a" + c + "b", (0, 3))]),
        "std:numeric": probe_chars(lambda c: len(digits.pre_tokenize_str("a" + c + "b")) == 3),
    }
    lower, upper = {}, {}
    for code in CODE_POINTS:
        char = chr(code)
        string = NormalizedString(char)
        string.lowercase()
        if string.normalized != char:
            lower[code] = string.normalized
        string = NormalizedString(char)
        string.uppercase()
        if string.normalized != char:
            upper[code] = string.normalized
    log("std tables done")
    return tables, lower, upper


def bert_tables(log) -> dict[str, list]:
    """The `unicode_categories` crate (Unicode 8.0) as BertNormalizer/BertPreTokenizer use it."""
    bert_split = pre_tokenizers.BertPreTokenizer()
    clean = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=False, strip_accents=False, lowercase=False)
    nfd = normalizers.NFD()
    strip = normalizers.BertNormalizer(clean_text=False, handle_chinese_chars=False, strip_accents=True, lowercase=False)
    ascii_punctuation = set(map(ord, "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"))

    def is_punctuation(char):
        return ord(char) not in ascii_punctuation and len(bert_split.pre_tokenize_str("a" + char + "b")) == 3

    def is_control(char):
        return char not in "\0\ufffd" and clean.normalize_str("a" + char) == "a"

    def is_nonspacing_mark(char):
        # only the chars NFD leaves alone: a decomposed char never reaches the test
        return nfd.normalize_str(char) == char and strip.normalize_str("a" + char) == "a"

    tables = {
        "bert:punctuation": probe_chars(is_punctuation),
        "bert:control": probe_chars(is_control),
        "bert:nonspacing_mark": probe_chars(is_nonspacing_mark),
    }
    log("bert tables done")
    return tables


def rust_regex_tables(log) -> dict[str, list]:
    """The `regex` crate's \\w and \\s, as the Whitespace pre-tokenizer (`\\w+|[^\\w\\s]+`) shows them."""
    whitespace = pre_tokenizers.Whitespace()
    words, spaces = [], []
    for code in CODE_POINTS:
        char = chr(code)
        pieces = [piece for piece, _ in whitespace.pre_tokenize_str("a" + char + "!")]
        if pieces == ["a" + char, "!"]:
            words.append(code)
        elif pieces == ["a", "!"]:
            spaces.append(code)
    log("rust regex tables done")
    return {"rust_regex:\\w": to_ranges(words), "rust_regex:\\s": to_ranges(spaces)}


def normalization_tables(log) -> dict:
    """`unicode-normalization-alignments` (Unicode 9.0): full decompositions, combining classes,
    primary composites, is_combining_mark."""
    nfd, nfkd, nfc = normalizers.NFD(), normalizers.NFKD(), normalizers.NFC()
    strip = normalizers.StripAccents()
    canonical, compatibility = {}, {}
    for code in CODE_POINTS:
        char = chr(code)
        decomposed = nfd.normalize_str(char)
        if decomposed != char:
            canonical[code] = decomposed
        decomposed = nfkd.normalize_str(char)
        if decomposed != char:
            compatibility[code] = decomposed
    # Combining classes never change once given (Unicode stability policy), so the crate's class
    # of a char is unicodedata's or 0 (a char it does not know); the probe tells which: a non-starter
    # after a char of a higher class is moved before it.
    combining = {}
    for code in CODE_POINTS:
        char = chr(code)
        klass = unicodedata.combining(char)
        if not klass:
            continue
        if klass < 240:
            reference, text = "\u0345", "a\u0345" + char  # U+0345 has class 240
            moved = nfd.normalize_str(text) != "a\u0345" + nfd.normalize_str(char)
        else:
            text = "a" + char + "\u0301"  # U+0301 has class 230
            moved = nfd.normalize_str(text) != "a" + nfd.normalize_str(char) + "\u0301"
        if moved:
            combining[code] = klass
    # Primary composites: chars with a canonical pair decomposition that NFC keeps.
    compositions = {}
    for code in canonical:
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<") and nfc.normalize_str(chr(code)) == chr(code):
            first, second = (int(part, 16) for part in parts)
            if 0xAC00 <= code <= 0xD7A3:
                continue  # Hangul syllables compose by formula
            compositions[code] = (first, second)
    marks = probe_chars(lambda c: strip.normalize_str(c) == "")
    log("normalization tables done")
    return {"canonical": canonical, "compatibility": compatibility, "combining": combining,
            "compositions": compositions, "marks": marks}


def script_tables(log) -> dict[str, list]:
    """The UnicodeScripts pre-tokenizer's scripts (SentencePiece's Unicode 9.0 table, with
    Hiragana, Katakana and U+30FC as Han). Chars of no script ("Any") are left out."""
    scripts = pre_tokenizers.UnicodeScripts()
    longest: dict[int, str] = {}
    for name, value in regex_core.PROPERTIES["SCRIPT"][1].items():
        if len(name) > len(longest.get(value, "")):
            longest[value] = name
    names = list(longest.values())
    script_pattern = regex.compile("|".join(rf"(?P<{n}>\p{{sc={n}}})" for n in names))

    def is_any(char):
        return (scripts.pre_tokenize_str("a" + char + "\u30a2")[0][0] == "a" + char
                and scripts.pre_tokenize_str("\u30a2" + char + "a")[0][0] == "\u30a2" + char)

    label: dict[int, str] = {}
    for code in CODE_POINTS:
        char = chr(code)
        if is_any(char):
            continue
        match = script_pattern.match(char)
        name = match.lastgroup if match else "Unknown"
        label[code] = "HAN" if name in ("HANI", "HIRAGANA", "KATAKANA") or code == 0x30FC else name
    # Confirm the labels: within a label every char joins, across labels none does.
    by_label: dict[str, list[int]] = {}
    for code, name in label.items():
        by_label.setdefault(name, []).append(code)
    fixed: dict[str, list[int]] = {}
    rest: list[int] = []
    for name, codes in by_label.items():
        reference = chr(codes[0])
        same = [c for c in codes if len(scripts.pre_tokenize_str(reference + chr(c))) == 1]
        fixed[name] = same
        rest += sorted(set(codes) - set(same))
    # chars the regex module puts in another script than the Rust table does
    log(f"scripts: {len(rest)} chars differ from the regex module, e.g. {rest[:8]}")
    for code in rest:
        for members in fixed.values():
            if members and len(scripts.pre_tokenize_str(chr(members[0]) + chr(code))) == 1:
                members.append(code)
                break
        else:
            fixed[f"Other_{code:X}"] = [code]
    representatives = {name: chr(codes[0]) for name, codes in fixed.items() if codes}
    for a in representatives:
        for b in representatives:
            if a < b and len(scripts.pre_tokenize_str(representatives[a] + representatives[b])) != 2:
                raise SystemExit(f"scripts {a} and {b} join in the Rust package")
    log("script tables done")
    return {f"script:{name.title()}": to_ranges(codes) for name, codes in fixed.items() if codes}


# -- output ----------------------------------------------------------------------------------------

HEADER = '''"""Generated by tools/unicode_tables.py; do not edit. Regenerate with:

    python tools/unicode_tables.py

Unicode tables read off tokenizers {tokenizers} (the Rust package) by probing every code point.
Each table is a string of hex code points and inclusive ranges ("41-5A 61-7A"); the surrogates
are never listed (a range may run across them). Tables and the engines they stand for:

- "onig:<name>": Oniguruma (Unicode 16.0), which runs the Rust package's Split/Replace patterns and
  ByteLevel's GPT-2 pattern: `\\\\p{{name}}` for every property name in ONIG_ALIASES (general
  categories, scripts, binary properties, In_<block>, POSIX names), and "onig:\\\\s", "onig:\\\\w"
  (outside a class), "onig:[\\\\w]" (inside one), "onig:\\\\d", "onig:\\\\h", "onig:[:alpha:]"...
- "std:white_space", "std:numeric": Rust's char::is_whitespace and char::is_numeric (Unicode 16.0);
  LOWERCASE and UPPERCASE: char::to_lowercase / to_uppercase where they change the char.
- "bert:punctuation", "bert:control", "bert:nonspacing_mark": the `unicode_categories` crate
  (Unicode 8.0) as BertPreTokenizer and BertNormalizer apply it (punctuation without ASCII;
  control without NUL and U+FFFD; Mn among the chars NFD leaves alone).
- "rust_regex:\\\\w", "rust_regex:\\\\s": the `regex` crate's classes (Whitespace pre-tokenizer,
  AddedVocabulary's single_word).
- "norm:combining_mark", CANONICAL, COMPATIBILITY (full decompositions), COMBINING_CLASS and
  COMPOSITIONS (primary composites, Hangul excluded): `unicode-normalization-alignments`
  (Unicode 9.0).
- "script:<Name>": the UnicodeScripts pre-tokenizer's table (SentencePiece's, Unicode 9.0) with
  Hiragana, Katakana and U+30FC folded into Han; a char in no table is "Any".
"""

'''


def write(data: dict, path: Path) -> None:
    lines = [HEADER.format(tokenizers=tokenizers.__version__)]
    lines.append("TABLES = {\n")
    for key in sorted(data["tables"]):
        lines.append(f"    {key!r}: {ranges_text(data['tables'][key])!r},\n")
    lines.append("}\n\nONIG_ALIASES = {\n")
    for name in sorted(data["aliases"]):
        lines.append(f"    {name!r}: {data['aliases'][name]!r},\n")
    lines.append("}\n\n")
    for title, mapping in [("LOWERCASE", data["lower"]), ("UPPERCASE", data["upper"]),
                           ("CANONICAL", data["canonical"]), ("COMPATIBILITY", data["compatibility"])]:
        items = sorted((int(code), value) for code, value in mapping.items())
        if title in ("CANONICAL", "COMPATIBILITY"):  # Hangul syllables decompose by formula
            items = [(code, value) for code, value in items if not 0xAC00 <= code <= 0xD7A3]
        body = " ".join(f"{code:X}:" + ",".join(f"{ord(c):X}" for c in value) for code, value in items)
        lines.append(f"# code point:replacement code points, space-separated\n{title} = {body!r}\n\n")
    body = " ".join(f"{int(code):X}:{klass}" for code, klass in sorted(data["combining"].items(), key=lambda kv: int(kv[0])))
    lines.append(f"COMBINING_CLASS = {body!r}\n\n")
    body = " ".join(f"{int(code):X}:{a:X},{b:X}" for code, (a, b) in sorted(data["compositions"].items(), key=lambda kv: int(kv[0])))
    lines.append(f"# composite:first,second\nCOMPOSITIONS = {body!r}\n")
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    os.replace(tmp, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="a JSON file to keep probe results in between runs")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    started = time.time()

    def log(message):
        print(f"[{time.time() - started:6.1f}s] {message}", file=sys.stderr, flush=True)

    cache = json.loads(args.cache.read_text()) if args.cache and args.cache.exists() else {}

    def stage(name, compute):
        """Compute one stage, or take it from the cache (JSON keys are strings)."""
        if name not in cache:
            cache[name] = compute()
            if args.cache:
                args.cache.write_text(json.dumps(cache))
        return cache[name]

    tables, aliases = stage("oniguruma", lambda: oniguruma_tables(log))
    std, lower, upper = stage("std", lambda: rust_std_tables(log))
    tables = {**tables, **std, **stage("bert", lambda: bert_tables(log)), **stage("rust_regex", lambda: rust_regex_tables(log))}
    norm = dict(stage("normalization", lambda: normalization_tables(log)))
    tables["norm:combining_mark"] = norm.pop("marks")
    tables.update(stage("scripts", lambda: script_tables(log)))
    data = {"tables": tables, "aliases": aliases, "lower": lower, "upper": upper, **norm}
    write(data, args.output)
    log(f"wrote {args.output} ({args.output.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
