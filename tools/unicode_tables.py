"""Build subword/text/_unicode_data.py: the Unicode tables subword owns.

Most tables are read off the installed reference packages by probing them over every code point
(0..0x10FFFF without the surrogates), so it holds exactly what the engine inside the Rust
`tokenizers` package decides, whatever Unicode version `regex` or Python's `unicodedata` know:

    python -m pip install "tokenizers==0.23.3"
    git clone https://github.com/unicode-rs/unicode-segmentation && git -C unicode-segmentation checkout v1.13.2
    git clone https://github.com/kkos/oniguruma && git -C oniguruma checkout 94877ac5901c30cc7022f4f464da393b04cd3375
    python tools/unicode_tables.py \\
        --segmentation-tables unicode-segmentation/src/tables.rs \\
        --oniguruma-folds oniguruma/src/unicode_fold_data.c   # writes subword/text/_unicode_data.py (minutes)

Python's `unicodedata` and the `regex` module are used here only to name candidates (which
property names to try, which script to call a run of chars, the stable canonical combining class
to confirm); every value written is confirmed by the Rust package. Nothing here runs at runtime.

Two kinds of table are read from the sources of the engines instead, because the Rust package
shows them only in part: the grapheme cluster tables of the `unicode-segmentation` crate (the
Precompiled normalizer looks graphemes of fewer than 6 bytes up whole, so longer ones never show),
and Oniguruma's case folding data (what `(?i)` matches). The versions are those built into
tokenizers 0.23.3: its binary names unicode-segmentation 1.13.3 (v1.13.2 holds the same
`src/tables.rs`, Unicode 17.0; 1.13.3 is not on GitHub) and onig 6.5.3, whose onig_sys 69.9.3
bundles Oniguruma at commit 94877ac (6.9.10 before its release, Unicode 16.0 case folding).
tests/parity/test_graphemes_parity.py and tests/parity/test_case_folding_parity.py confirm both
against the Rust package.
"""

from __future__ import annotations

import argparse
import hashlib
import re
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


# -- tables read from the engines' sources -----------------------------------------------------

def _rust_char_ranges(text: str) -> list[tuple[int, int]]:
    """("\\u{300}", "\\u{36f}") pairs of a Rust range table: "('\\u{300}', '\\u{36f}')" -> [(0x300, 0x36F)]."""
    return [(int(a, 16), int(b, 16)) for a, b in re.findall(r"\('\\u\{([0-9a-f]+)\}',\s*'\\u\{([0-9a-f]+)\}'\)", text)]


def _rust_block(source: str, start: str) -> str:
    """The text from `start` to the end of the Rust item it opens (the next "];" or "}\n")."""
    begin = source.index(start)
    ends = [end for end in (source.find("];", begin), source.find("}\n", begin)) if end > 0]
    return source[begin : min(ends)]


def grapheme_tables(path: Path, log) -> dict[str, list]:
    """The grapheme cluster tables of unicode-segmentation's src/tables.rs: the GraphemeCat of every
    char (Grapheme_Cluster_Break, with InCB=Consonant and Extended_Pictographic folded in, as the
    crate does), and the InCB=Extend and InCB=Linker sets GB9c reads."""
    source = path.read_text(encoding="utf-8")
    version = re.search(r"UNICODE_VERSION: \(u64, u64, u64\) = \((\d+), (\d+), (\d+)\)", source)
    if version is None or version.groups() != ("17", "0", "0"):
        raise SystemExit(f"{path}: expected unicode-segmentation's tables for Unicode 17.0.0 (v1.13.2)")
    table = _rust_block(source, "const grapheme_cat_table")
    categories: dict[str, list[int]] = {}
    entries = re.findall(r"\('\\u\{([0-9a-f]+)\}',\s*'\\u\{([0-9a-f]+)\}',\s*GC_(\w+)\)", table)
    for first, last, name in entries:
        categories.setdefault(name, []).extend(range(int(first, 16), int(last, 16) + 1))
    extend = _rust_char_ranges(_rust_block(source, "const InCB_Extend_table"))
    if len(entries) != table.count("GC_") or len(extend) != _rust_block(source, "const InCB_Extend_table").count("('"):
        raise SystemExit(f"{path}: some entries of the tables were not understood")
    linkers = re.findall(r"'\\u\{([0-9A-Fa-f]+)\}'", _rust_block(source, "pub fn is_incb_linker"))
    tables = {f"grapheme:{name}": to_ranges(codes) for name, codes in categories.items()}
    tables["grapheme:incb_extend"] = to_ranges(code for a, b in extend for code in range(a, b + 1))
    tables["grapheme:incb_linker"] = to_ranges(int(code, 16) for code in linkers)
    log(f"grapheme tables: {sorted(categories)}, {len(linkers)} linkers")
    return tables


def oniguruma_case_folds(path: Path, log) -> dict[str, list]:
    """Oniguruma's OnigUnicodeFolds1/2/3 from src/unicode_fold_data.c: [fold code points, unfold
    code points] entries in the file's order (the LOCALE entries, which apply when the Turkish
    flag is off, included)."""
    source = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    version = re.search(r"#define UNICODE_CASEFOLD_VERSION\s+(\d+)", source)
    source = re.sub(r"^#.*$", "", source, flags=re.M)  # the index #defines inside the arrays
    if version is None or version.group(1) != "160000":
        raise SystemExit(f"{path}: expected Oniguruma's fold data for Unicode 16.0 (commit 94877ac)")
    folds = {}
    for size in (1, 2, 3):
        body = re.search(rf"OnigUnicodeFolds{size}\[\] = \{{(.*?)\}};", source, flags=re.S).group(1)
        numbers = [int(item, 0) for item in re.findall(r"0x[0-9a-fA-F]+|\b\d+\b", body)]
        entries, index = [], 0
        while index < len(numbers):
            fold = numbers[index : index + size]
            count = numbers[index + size]
            entries.append([fold, numbers[index + size + 1 : index + size + 1 + count]])
            index += size + 1 + count
        folds[f"folds{size}"] = entries
    log(f"case folds: {[len(entries) for entries in folds.values()]} entries")
    return folds


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
- "grapheme:<category>", "grapheme:incb_extend", "grapheme:incb_linker": the grapheme cluster
  tables of the `unicode-segmentation` crate (Unicode 17.0), read from its src/tables.rs (v1.13.2):
  one category per char (Grapheme_Cluster_Break, with InCB=Consonant and Extended_Pictographic
  as categories of their own, as the crate has them; a char in no table is "Any").
- ONIG_FOLDS1, ONIG_FOLDS2, ONIG_FOLDS3: Oniguruma's case folding (Unicode 16.0), read from its
  src/unicode_fold_data.c (commit 94877ac): each entry is a fold (1, 2 or 3 code points) and the
  chars that fold to it, in the file's order.
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
    lines.append("\n# Oniguruma's case folding, entry by entry in its order: fold code points:unfold code points\n")
    for size in (1, 2, 3):
        body = " ".join(",".join(f"{c:X}" for c in fold) + ":" + ",".join(f"{c:X}" for c in unfolds)
                        for fold, unfolds in data["folds"][f"folds{size}"])
        lines.append(f"ONIG_FOLDS{size} = {body!r}\n")
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    os.replace(tmp, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="a JSON file to keep probe results in between runs")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--segmentation-tables", type=Path, required=True,
                        help="src/tables.rs of unicode-segmentation v1.13.2 (see the module docstring)")
    parser.add_argument("--oniguruma-folds", type=Path, required=True,
                        help="src/unicode_fold_data.c of Oniguruma at commit 94877ac (see the module docstring)")
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
    tables.update(grapheme_tables(args.segmentation_tables, log))
    folds = oniguruma_case_folds(args.oniguruma_folds, log)
    data = {"tables": tables, "aliases": aliases, "lower": lower, "upper": upper, "folds": folds, **norm}
    write(data, args.output)
    log(f"wrote {args.output} ({args.output.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
