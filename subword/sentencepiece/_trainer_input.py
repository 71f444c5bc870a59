"""The training corpus as sentencepiece's trainer sees it (its `LoadSentences`).

Lines are read (files or an iterator), those that are empty, longer than `max_sentence_length`
bytes or hold the reserved char "▅" are skipped, `input_sentence_size` of them are kept (a
random sample when `shuffle_input_sentence`, else the first ones), each is normalized, and the
chars that `character_coverage` leaves out are replaced by "▅" (the unknown char). Not done:
`input_format=tsv` and the `pretokenization_delimiter`.
"""

from __future__ import annotations

import random
import struct
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..pre_tokenizers.unicode_scripts import script_of
from ._normalize import SPACE_SYMBOL, SpecNormalizer

UNK_CHAR = "\u2585"  # sentencepiece's kUNKChar: stands for every char left out of the vocabulary


@dataclass
class Sentences:
    """Normalized sentences with their counts, and the chars kept with their counts."""

    counts: Counter[str]
    chars: dict[str, int]  # required chars (character_coverage), by count then code point


def read_lines(inputs: list[str], iterator: Iterable[str | bytes] | None) -> Iterator[str]:
    """The raw lines: from `iterator` when given, else from each input file (without "\\n")."""
    if iterator is not None:
        for item in iterator:  # str or UTF-8 bytes (a file opened "rb"), one sentence each
            line = item.decode("utf-8") if isinstance(item, (bytes, bytearray)) else item
            yield line[:-1] if line.endswith("\n") else line
        return
    for path in inputs:
        with open(path, encoding="utf-8", newline="\n") as file:
            for line in file:
                yield line[:-1] if line.endswith("\n") else line


def select(lines: Iterable[str], flags: dict, rng: random.Random) -> list[str]:
    """The lines training keeps: non-empty, short enough, without "▅", sampled to input_sentence_size."""
    limit = flags["input_sentence_size"]
    shuffle = flags["shuffle_input_sentence"]
    kept: list[str] = []
    seen = 0
    for line in lines:
        if not line or len(line.encode("utf-8")) > flags["max_sentence_length"] or UNK_CHAR in line:
            continue
        seen += 1
        if limit <= 0 or len(kept) < limit:
            kept.append(line)
        elif not shuffle:
            break
        else:  # reservoir sampling: every line has the same chance to stay
            slot = rng.randrange(seen)
            if slot < limit:
                kept[slot] = line
    return kept


def load_sentences(lines: list[str], normalizer: SpecNormalizer, flags: dict) -> Sentences:
    """Normalize `lines`, find the chars `character_coverage` keeps, and replace the others by "▅"."""
    counts: Counter[str] = Counter()
    for line in lines:
        normalized = normalizer.normalize(line)
        if normalized:
            counts[normalized] += 1
    char_counts: Counter[str] = Counter()
    for sentence, count in counts.items():
        for char, n in Counter(sentence).items():
            if char not in ("\0", " "):
                char_counts[char] += n * count
    for char in flags["required_chars"]:
        char_counts.setdefault(char, 0)
    required = set(flags["required_chars"])
    ordered = sorted(char_counts.items(), key=lambda item: (item[0] not in required, -item[1], item[0]))
    total = sum(char_counts.values())
    coverage = float32(flags["character_coverage"])
    kept: dict[str, int] = {}
    covered = 0
    for char, count in ordered:
        if not flags["use_all_vocab"] and float32(covered / total) >= coverage:
            break
        covered += count
        kept[char] = count
    if len(kept) < len(char_counts):
        counts = _replace_rare(counts, kept)
    return Sentences(counts, kept)


def _replace_rare(counts: Counter[str], kept: dict[str, int]) -> Counter[str]:
    """Each sentence with its chars outside `kept` replaced by "▅"."""
    out: Counter[str] = Counter()
    for sentence, count in counts.items():
        out["".join(char if char in kept else UNK_CHAR for char in sentence)] += count
    return out


def float32(value: float) -> float:
    """`value` rounded to the nearest float32, as sentencepiece's float fields hold it."""
    return struct.unpack("<f", struct.pack("<f", value))[0]


def split_into_words(sentence: str, suffix: bool = False) -> list[str]:
    """sentencepiece's words: a new word at each "▁" (or after it, with `suffix`).

    >>> split_into_words("▁hello▁▁world"), split_into_words("a▁b▁", suffix=True)
    (['▁hello', '▁', '▁world'], ['a▁', 'b▁'])
    """
    words: list[str] = []
    current = ""
    for char in sentence:
        if suffix:
            current += char
            if char == SPACE_SYMBOL:
                words.append(current)
                current = ""
        else:
            if char == SPACE_SYMBOL and current:
                words.append(current)
                current = ""
            current += char
    if current:
        words.append(current)
    return words


def word_counts(sentences: Counter[str], suffix: bool = False) -> Counter[str]:
    """How often each word (`split_into_words`) occurs."""
    counts: Counter[str] = Counter()
    for sentence, count in sentences.items():
        for word in split_into_words(sentence, suffix):
            counts[word] += count
    return counts


def piece_runs(word: str, flags: dict, reserved: tuple[str, ...] = ()) -> list[str]:
    """The parts of `word` a piece may span, as sentencepiece's `IsValidSentencePiece` allows.

    Cut at "▅", at the `reserved` symbols (dropped), where the Unicode script changes
    (`split_by_unicode_script`; Hiragana and Katakana count as Han), between digits and other
    chars (`split_by_number`), around every digit (`split_digits`); "▁" joins any script.

    >>> piece_runs("▁abc,12d", {"split_by_unicode_script": True, "split_by_number": True, "split_digits": True})
    ['▁abc', ',', '1', '2', 'd']
    """
    for symbol in reserved:
        if symbol in word:
            return [run for part in word.split(symbol) for run in piece_runs(part, flags)]
    runs: list[str] = []
    current = ""
    previous = None
    for char in word:
        if char == UNK_CHAR:
            if current:
                runs.append(current)
            current, previous = "", None
            continue
        key = _run_key(char, flags)
        digit_alone = flags["split_digits"] and is_decimal_number(char)
        if current and (digit_alone or (key is not None and previous is not None and key != previous)):
            runs.append(current)
            current, previous = "", None
        current += char
        if key is not None:
            previous = key
        if digit_alone:
            runs.append(current)
            current, previous = "", None
    if current:
        runs.append(current)
    return runs


def is_decimal_number(char: str) -> bool:
    """A digit to sentencepiece's trainer (split_digits, split_by_number): ASCII and full-width
    0-9 only, not whatever Python's `str.isdigit` (its Unicode data) counts."""
    return "0" <= char <= "9" or "\uff10" <= char <= "\uff19"


def _run_key(char: str, flags: dict) -> str | None:
    """What a piece must not mix: the char's script (None joins any), or digits and the rest."""
    if char == SPACE_SYMBOL:
        return None
    if is_decimal_number(char):
        if not flags["split_by_number"]:
            return None
        return "Common" if flags["split_by_unicode_script"] else "digit"
    if not flags["split_by_unicode_script"]:
        return "other"
    script = script_of(char)
    return None if script == "Any" else script
