"""NormalizedString edits and splits against the Rust `tokenizers.NormalizedString`, and by hand."""

from __future__ import annotations

import copy
import pickle
from unittest import mock

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from subword.text.chars import BYTE_LEVEL, LOWERCASE, CharMap, is_whitespace
from subword.core import normalized_string
from subword.core.normalized_string import NormalizedString

tokenizers = pytest.importorskip("tokenizers")

texts = st.text(
    alphabet=st.one_of(
        st.sampled_from("aAé\u0301\u0323 \t\n\xa0\u3000ΣİßﬁＡ中😀\u200b\x00-"),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=30,
)

# Each edit is called the same way on both packages' NormalizedString.
EDITS = {
    "nfd": lambda n: n.nfd(),
    "nfkd": lambda n: n.nfkd(),
    "nfc": lambda n: n.nfc(),
    "nfkc": lambda n: n.nfkc(),
    "lowercase": lambda n: n.lowercase(),
    "uppercase": lambda n: n.uppercase(),
    "strip": lambda n: n.strip(),
    "lstrip": lambda n: n.lstrip(),
    "rstrip": lambda n: n.rstrip(),
    "prepend": lambda n: n.prepend("▁_"),
    "append": lambda n: n.append("</w>"),
    "replace": lambda n: n.replace("a", "<A>"),
    "replace_delete": lambda n: n.replace(" ", ""),
    "filter": lambda n: n.filter(lambda c: c not in "aé "),
    "map": lambda n: n.map(lambda c: "_" if c == " " else c),
    "clear": lambda n: n.clear(),
}


def rust_edit(edits: list[str], text: str) -> list[tuple[str, tuple[int, int]]]:
    """Apply `edits` to the Rust NormalizedString; each normalized char with its original range."""

    def normalize(normalized) -> None:
        for name in edits:
            EDITS[name](normalized)

    pretokenized = tokenizers.PreTokenizedString(text)
    pretokenized.normalize(normalize)
    pretokenized.split(lambda _, n: [n[i : i + 1] for i in range(len(n.normalized))])
    return [(piece, offsets) for piece, offsets, _ in pretokenized.get_splits("original", "char")]


def our_edit(edits: list[str], text: str) -> list[tuple[str, tuple[int, int]]]:
    """Apply `edits` to subword's NormalizedString; each normalized char with its original range."""
    normalized = NormalizedString(text)
    for name in edits:
        EDITS[name](normalized)
    return [(char, tuple(offsets)) for char, offsets in zip(normalized.normalized, normalized.alignments)]


def appends_to_empty(edits: list[str], text: str) -> bool:
    """True if an append meets an empty string and other edits follow.

    Its chars then have empty original ranges, which the Rust package mishandles in later edits
    (they are kept by `clear`, and `nfd` panics), so such sequences are not compared.
    """
    normalized = NormalizedString(text)
    for index, name in enumerate(edits):
        if name == "append" and normalized.is_empty() and index < len(edits) - 1:
            return True
        EDITS[name](normalized)
    return False


@given(edits=st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=4), text=texts)
def test_edits_match_rust(edits: list[str], text: str) -> None:
    assume(not appends_to_empty(edits, text))
    assert our_edit(edits, text) == rust_edit(edits, text)


@pytest.mark.parametrize("name", sorted(EDITS))
def test_each_edit_on_examples(name: str) -> None:
    for text in ["", " ", "  a b  ", "Héllo wörld", "e\u0301\u0323", "ΟΔΟΣ İ ß", "ﬁ中 😀", "aaa"]:
        assert our_edit([name], text) == rust_edit([name], text), (name, text)


BEHAVIORS = ["removed", "isolated", "merged_with_previous", "merged_with_next", "contiguous"]


@pytest.mark.parametrize("behavior", BEHAVIORS)
@given(text=texts, pattern=st.sampled_from([" ", "a", "-", "ab"]))
def test_split_matches_rust(behavior: str, pattern: str, text: str) -> None:
    pretokenized = tokenizers.PreTokenizedString(text)
    pretokenized.normalize(lambda n: n.nfd())
    pretokenized.split(lambda _, n: n.split(pattern, behavior))
    expected = [(piece, offsets) for piece, offsets, _ in pretokenized.get_splits("original", "char")]
    rust_normalized = tokenizers.NormalizedString(text)
    rust_normalized.nfd()
    normalized = NormalizedString(text)
    normalized.nfd()
    pieces = normalized.split(pattern, behavior)
    assert [p.normalized for p in pieces] == [p.normalized for p in rust_normalized.split(pattern, behavior)]
    # the Rust PreTokenizedString drops empty pieces
    assert [(p.normalized, p.offsets_original()) for p in pieces if p.normalized] == expected


def test_split_worked_example() -> None:
    pieces = NormalizedString("the-final--countdown").split("-", "contiguous")
    assert [p.normalized for p in pieces] == ["the", "-", "final", "--", "countdown"]
    assert [p.offsets_original() for p in pieces] == [(0, 3), (3, 4), (4, 9), (9, 11), (11, 20)]


def test_nfc_aligns_a_composed_char_with_its_first_part() -> None:
    normalized = NormalizedString("e\u0301x")
    normalized.nfc()
    assert normalized.normalized == "éx"
    assert normalized.alignments == [(0, 1), (2, 3)]


def test_prepend_aligns_with_the_first_char() -> None:
    normalized = NormalizedString("hey")
    normalized.prepend("▁")
    assert normalized.alignments == [(0, 1), (0, 1), (1, 2), (2, 3)]


def test_lowercase_is_per_char() -> None:
    normalized = NormalizedString("ΟΔΟΣ İ")
    normalized.lowercase()
    assert normalized.normalized == "οδοσ i\u0307"
    assert normalized.alignments[-2:] == [(5, 6), (5, 6)]


def test_strip_keeps_offsets_of_the_rest() -> None:
    normalized = NormalizedString("\u3000 ab \t")
    normalized.strip()
    assert normalized.normalized == "ab"
    assert normalized.alignments == [(2, 3), (3, 4)]


# -- the quick edits and the lazy alignments against the one primitive --------------------------
# `translate`, `map_chars`, `prepend`, `append`, `strip` and `slices` do not go through
# `transform`, and alignments stay implicit until an edit resizes the text: each check below runs
# the same edit as (char, change) items through `transform` on a second string and compares.
# The per-char edits either remove chars or add chars, never both, like Rust's filter, map and
# lowercase (with both, `transform` would align a new char after an expansion with a removed one).


TABLES = {
    "lowercase": LOWERCASE,
    "byte_level": BYTE_LEVEL,
    "spaced_cjk": CharMap(lambda char: f" {char} " if "\u4e00" <= char <= "\u9fff" else char),
    "drop_marks_and_spaces": CharMap(lambda char: "" if char in " \u0301\u0323" else char),
    "double": CharMap(lambda char: char * 2 if char in "é中a" else char),
}


def state(normalized: NormalizedString) -> tuple:
    """Everything observable about a NormalizedString."""
    return (
        normalized.original,
        normalized.normalized,
        list(normalized.alignments),
        normalized.offsets_original(),
    )


def per_char_changes(text: str, replace) -> tuple[list[tuple[str, int]], int]:
    """`transform` items (and initial offset) replacing each char by `replace(char)`, the way
    the Rust `filter` and `map` build them: a removed char is counted in the change of the char
    kept before it, or in the initial offset when none was kept yet."""
    changes: list[tuple[str, int]] = []
    initial_offset = 0
    for char in text:
        new = replace(char)
        if not new:
            if changes:
                changes[-1] = (changes[-1][0], changes[-1][1] - 1)
            else:
                initial_offset += 1
            continue
        changes.append((new[0], 0))
        changes.extend((extra, 1) for extra in new[1:])
    return changes, initial_offset


# How the string is prepared before the edit under test: unedited (implicit alignments), resized,
# or a slice of a resized string (alignments stored with an anchor).
SETUPS = {
    "fresh": lambda n: n,
    "prepended": lambda n: (n.prepend("_▁"), n)[1],
    "sliced": lambda n: (n.prepend("▁"), n.replace(" ", "--"), n.slice(1, len(n)) or n)[2],
    "sliced_fresh": lambda n: n.slice(min(1, len(n)), len(n)) or n,
}


def prepared(setup: str, text: str) -> NormalizedString:
    return SETUPS[setup](NormalizedString(text))


def check_translate(text: str, setup: str, table: str, runs: bool) -> None:
    """`translate` resizing the alignments char by char, or (forced, whatever the number of chars
    that change length) in runs between those chars, against `transform`."""
    quick, reference = prepared(setup, text), prepared(setup, text)
    with mock.patch.multiple(normalized_string, _SPARSE_EDITS=0 if runs else 1, _SPARSE_KINDS=10**6 if runs else -1):
        quick.translate(TABLES[table])
        quick_state = state(quick)  # (the alignments are built when first read)
    changes, initial_offset = per_char_changes(reference.normalized, lambda c: TABLES[table][ord(c)])
    reference.transform(changes, initial_offset)
    assert quick_state == state(reference)


@pytest.mark.parametrize("runs", [False, True], ids=["char-by-char", "in-runs"])
@given(text=texts, setup=st.sampled_from(sorted(SETUPS)), table=st.sampled_from(sorted(TABLES)))
def test_translate_equals_transform(runs: bool, text: str, setup: str, table: str) -> None:
    check_translate(text, setup, table, runs)


@given(
    text=st.text(st.sampled_from("ab é\u0301中\u0323"), max_size=60),
    setup=st.sampled_from(sorted(SETUPS)),
    table=st.sampled_from(sorted(TABLES)),
)
def test_translate_in_runs_equals_transform_on_texts_of_removed_and_added_chars(text: str, setup: str, table: str) -> None:
    check_translate(text, setup, table, runs=True)


@given(
    text=texts,
    setup=st.sampled_from(sorted(SETUPS)),
    first=st.sampled_from(sorted(TABLES)),
    second=st.sampled_from(sorted(TABLES)),
)
@example(text=" á ", setup="fresh", first="drop_marks_and_spaces", second="lowercase")
@example(text="中 a ", setup="sliced", first="spaced_cjk", second="drop_marks_and_spaces")
@example(text=" a ", setup="prepended", first="drop_marks_and_spaces", second="lowercase")
def test_a_resize_not_yet_built_reads_as_built(text: str, setup: str, first: str, second: str) -> None:
    """A translated string whose alignments are not built yet tells whether its whole slice
    reads alike, and copies and pickles, as it does once they are built."""
    pending, built = prepared(setup, text), prepared(setup, text)
    for normalized in (pending, built):
        normalized.translate(TABLES[first])
        normalized.translate(TABLES[second])
    built_state = state(built)
    assert pending.whole_slice_reads_alike() == built.whole_slice_reads_alike()
    for duplicate in (copy.copy, copy.deepcopy, lambda n: pickle.loads(pickle.dumps(n))):
        assert state(duplicate(pending)) == built_state
    assert state(pending) == built_state


def test_translate_of_a_long_text_with_few_resized_chars() -> None:
    """The run copy as it runs by default: two chars of two kinds doubled in a long text."""
    text = "bcd " * 40 + "中é" + "x" * 50
    normalized = NormalizedString(text)
    normalized.translate(TABLES["double"])
    assert normalized.normalized == "bcd " * 40 + "中中éé" + "x" * 50
    alignments = list(normalized.alignments)
    assert alignments[158:165] == [(158, 159), (159, 160), (160, 161), (160, 161), (161, 162), (161, 162), (162, 163)]
    assert alignments[:160] == [(i, i + 1) for i in range(160)] and alignments[164:] == [(i, i + 1) for i in range(162, 212)]


@given(
    text=texts,
    setup=st.sampled_from(sorted(SETUPS)),
    first=st.sampled_from(sorted(TABLES)),
    second=st.sampled_from(sorted(TABLES)),
)
def test_composed_table_equals_both_in_a_row(text: str, setup: str, first: str, second: str) -> None:
    composed, in_a_row = prepared(setup, text), prepared(setup, text)
    composed.translate(TABLES[first].then(TABLES[second]))
    in_a_row.translate(TABLES[first])
    in_a_row.translate(TABLES[second])
    assert state(composed) == state(in_a_row)


@given(text=texts, setup=st.sampled_from(sorted(SETUPS)))
def test_map_chars_and_filter_equal_transform(text: str, setup: str) -> None:
    for func in (lambda c: "" if c in "a\u0301" else c, lambda c: c.upper() if c in "ßﬁa" else c):
        quick, reference = prepared(setup, text), prepared(setup, text)
        quick.map_chars(func)
        reference.transform(*per_char_changes(reference.normalized, func))
        assert state(quick) == state(reference)
    quick, reference = prepared(setup, text), prepared(setup, text)
    quick.filter(lambda c: c not in " é")
    reference.transform(*per_char_changes(reference.normalized, lambda c: "" if c in " é" else c))
    assert state(quick) == state(reference)


@given(text=texts, setup=st.sampled_from(sorted(SETUPS)), extra=st.sampled_from(["▁", "ab", "</w>"]))
def test_prepend_append_strip_equal_transform(text: str, setup: str, extra: str) -> None:
    quick, reference = prepared(setup, text), prepared(setup, text)
    quick.prepend(extra)
    if reference.normalized:
        first = reference.normalized[0]
        reference.transform_range(0, 1, [(extra[0], 0)] + [(c, 1) for c in extra[1:] + first])
    assert state(quick) == state(reference)
    quick.append(extra)
    if reference.normalized:
        last = len(reference) - 1
        reference.transform_range(last, last + 1, [(reference.normalized[last], 0)] + [(c, 1) for c in extra])
    else:
        reference.transform_range(0, 0, [(c, 1) for c in extra])
    assert state(quick) == state(reference)

    quick, reference = prepared(setup, text), prepared(setup, text)
    quick.strip()
    spaces = "".join(c for c in reference.normalized if is_whitespace(c))
    kept = reference.normalized.strip(spaces)
    if len(kept) < len(reference):
        leading = len(reference.normalized) - len(reference.normalized.lstrip(spaces))
        trailing = len(reference) - leading - len(kept)
        changes = [(c, 0) for c in kept]
        if changes:
            changes[-1] = (changes[-1][0], -trailing)
        reference.transform(changes, leading if changes else len(reference))
    assert state(quick) == state(reference)


@given(text=texts, setup=st.sampled_from(sorted(SETUPS)), data=st.data())
def test_slices_equal_eager_slices(text: str, setup: str, data: st.DataObject) -> None:
    lazy = prepared(setup, text)
    eager = prepared(setup, text)
    eager.alignments  # noqa: B018 - reading them stores them, rebased: the eager form
    length = len(lazy)
    spans = data.draw(st.lists(st.tuples(st.integers(0, length + 1), st.integers(0, length + 1)), max_size=5))
    assert [state(piece) for piece in lazy.slices(spans)] == [state(piece) for piece in eager.slices(spans)]
    for start, end in spans:
        assert lazy.input_offsets((start, end)) == eager.input_offsets((start, end))
        assert lazy.original_offsets(start, end) == eager.original_offsets(start, end)


def test_unedited_string_keeps_implicit_alignments() -> None:
    normalized = NormalizedString("Hello World")
    normalized.lowercase()
    piece = normalized.slice(6, 11)
    assert piece is not None and piece._alignments is None  # nothing was built
    assert piece.alignments == [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]
    assert piece.offsets_original() == (6, 11)
