"""Post-processors on hand-worked examples: special tokens, type ids, ranges, offsets, JSON."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subword import ArgumentTypeError, ArgumentValueError, Encoding, TokenizerFileError
from subword.processors import (
    BertProcessing,
    ByteLevel,
    RobertaProcessing,
    Sequence,
    TemplateProcessing,
    default_process,
    processors_registry,
    trimmed_offsets,
)
from subword.processors.base import PostProcessor
from subword.processors.template import Piece, parse_piece

SEP, CLS = ("[SEP]", 102), ("[CLS]", 101)


def words(*tokens: str, type_id: int = 0) -> Encoding:
    """Tokens separated by one space, offsets counted from 0."""
    offsets, start = [], 0
    for token in tokens:
        offsets.append((start, start + len(token)))
        start += len(token) + 1
    return Encoding(
        ids=list(range(10, 10 + len(tokens))),
        type_ids=[type_id] * len(tokens),
        tokens=list(tokens),
        word_ids=list(range(len(tokens))),
        offsets=offsets,
    )


def test_bert_single_and_pair() -> None:
    bert = BertProcessing(SEP, CLS)
    single = bert.process(words("hi", "you"))
    assert single.tokens == ["[CLS]", "hi", "you", "[SEP]"]
    assert single.ids == [101, 10, 11, 102]
    assert single.special_tokens_mask == [1, 0, 0, 1]
    assert single.sequence_ranges == {0: (1, 3)}
    pair = bert.process(words("a"), words("b", "c", type_id=1))
    assert pair.tokens == ["[CLS]", "a", "[SEP]", "b", "c", "[SEP]"]
    assert pair.type_ids == [0, 0, 0, 1, 1, 1]
    assert pair.sequence_ids == [None, 0, None, 1, 1, None]
    assert pair.offsets[4] == (2, 3), "offsets of the pair do not grow"
    assert (bert.added_tokens(False), bert.added_tokens(True)) == (2, 3)


def test_bert_without_special_tokens_still_sets_sequence_and_type_ids() -> None:
    pair = BertProcessing(SEP, CLS).process(words("a"), words("b"), add_special_tokens=False)
    assert pair.tokens == ["a", "b"] and pair.type_ids == [0, 1]
    assert pair.sequence_ranges == {0: (0, 1), 1: (1, 2)}


def test_bert_processes_overflowing_windows() -> None:
    encoding = words("a", "b")
    encoding.overflowing = [words("c")]
    result = BertProcessing(SEP, CLS).process(encoding)
    assert [o.tokens for o in result.overflowing] == [["[CLS]", "c", "[SEP]"]]


def test_roberta_pair_and_type_ids() -> None:
    roberta = RobertaProcessing(("</s>", 2), ("<s>", 0), trim_offsets=False)
    pair = roberta.process(words("a"), words("b", type_id=1))
    assert pair.tokens == ["<s>", "a", "</s>", "</s>", "b", "</s>"]
    assert pair.type_ids == [0] * 6
    assert pair.sequence_ranges == {0: (1, 2), 1: (4, 5)}
    assert roberta.added_tokens(True) == 4


@pytest.mark.parametrize(
    ("token", "offsets", "is_first", "add_prefix_space", "expected"),
    [
        ("Ġhello", (5, 11), False, True, (6, 11)),
        ("Ġhello", (0, 5), True, True, (0, 5)),  # the added prefix space was never in the text
        ("ĠĠhi", (0, 4), True, True, (2, 4)),  # two spaces: the user typed them
        ("Ġhello", (0, 6), True, False, (1, 6)),
        ("hiĠ", (0, 3), False, True, (0, 2)),
        ("ĠĠ", (3, 5), False, True, (5, 5)),  # all spaces: an empty span at the end
        ("\u3000x", (0, 2), False, True, (1, 2)),  # real whitespace counts too
        ("\x1cx", (0, 2), False, True, (0, 2)),  # not whitespace for Rust
        ("Ġ", (0, 0), False, True, (0, 0)),  # trailing space longer than the end: kept
    ],
)
def test_trimmed_offsets(token, offsets, is_first, add_prefix_space, expected) -> None:
    assert trimmed_offsets(token, offsets, is_first, add_prefix_space) == expected


def test_byte_level_processor() -> None:
    encoding = Encoding(ids=[1, 2], tokens=["Ġhi", "Ġthere"], offsets=[(0, 2), (2, 8)])
    result = ByteLevel().process(encoding)
    assert result.offsets == [(0, 2), (3, 8)] and result.sequence_ranges == {0: (0, 2)}
    assert ByteLevel(trim_offsets=False).process(encoding).offsets == [(0, 2), (2, 8)]
    assert ByteLevel().to_json() == {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
    with pytest.raises(ArgumentTypeError):
        ByteLevel(trim_offsets="yes")


def test_parse_piece() -> None:
    assert parse_piece("$") == Piece("Sequence", "A", 0)
    assert parse_piece("$b:2") == Piece("Sequence", "B", 2)
    assert parse_piece("$3") == Piece("Sequence", "A", 3)
    assert parse_piece("$+3") == Piece("Sequence", "A", 3)
    assert parse_piece("[SEP]:1") == Piece("SpecialToken", "[SEP]", 1)
    for bad in ("$C", "$A:", "a:b:c", "[X]:-1", "$4294967296"):
        with pytest.raises(ArgumentValueError, match="Cannot build Piece"):
            parse_piece(bad)


def test_template_bert_like() -> None:
    template = TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair=["[CLS]", "$A", "[SEP]", "$B:1", "[SEP]:1"],
        special_tokens=[("[CLS]", 101), (102, "[SEP]")],
    )
    pair = template.process(words("a"), words("b"))
    assert pair.tokens == ["[CLS]", "a", "[SEP]", "b", "[SEP]"]
    assert pair.type_ids == [0, 0, 0, 1, 1]
    assert pair.sequence_ranges == {0: (1, 2), 1: (3, 4)}
    assert (template.added_tokens(False), template.added_tokens(True)) == (2, 3)
    assert template.to_json()["special_tokens"]["[SEP]"] == {"id": "[SEP]", "ids": [102], "tokens": ["[SEP]"]}


_TEMPLATES = [
    ("[CLS] $A [SEP]", "[CLS] $A [SEP] $B:1 [SEP]:1"),
    ("$A <both>:2", "<both> $B:1 $A:0 [SEP]"),
    ("$0", "$A:0 $B:1"),
]


@given(
    template=st.sampled_from(_TEMPLATES),
    sizes=st.lists(st.integers(0, 7), min_size=1, max_size=2),
    add_special_tokens=st.booleans(),
    window=st.one_of(st.none(), st.tuples(st.integers(1, 4), st.integers(0, 3), st.sampled_from(["left", "right"]))),
    type_ids=st.integers(0, 2),
    kind=st.sampled_from(["ids only", "default masks", "all given"]),
)
def test_template_one_pass_merge_equals_the_general_path(template, sizes, add_special_tokens, window, type_ids, kind) -> None:
    """TemplateProcessing.process_owned builds the fields in one pass; PostProcessor's general
    path makes an Encoding per piece and concatenates them: both give the same Encoding,
    overflowing windows (truncation's, with their own type ids) included."""
    special = [("[CLS]", 101), ("[SEP]", 102), {"id": "<both>", "ids": [1, 2], "tokens": ["<a>", "<b>"]}]
    processor = TemplateProcessing(template[0], template[1], special)

    def inputs(round_: int) -> list[Encoding]:
        if kind == "ids only":  # the ids path's Encodings: shared default columns (their joins are kept)
            return [Encoding(ids=list(range(n)), type_ids=[type_ids] * n) for n in sizes]
        if kind == "default masks":  # the full path's: the masks' joins are kept
            return [
                Encoding.from_columns(list(range(n)), [f"t{i}" for i in range(n)], [(i, i + 1) for i in range(n)], list(range(n)), type_ids)
                for n in sizes
            ]
        return [
            Encoding(ids=list(range(n)), type_ids=[type_ids] * n, tokens=[f"t{i}" for i in range(n)], word_ids=list(range(n)),
                     offsets=[(i, i + 1) for i in range(n)], special_tokens_mask=[(i + round_) % 2 for i in range(n)],
                     attention_mask=[(i + round_) % 3 > 0 for i in range(n)])
            for n in sizes
        ]

    def truncated(encodings: list[Encoding]) -> list[Encoding]:
        if window is not None:
            max_length, stride, direction = window
            for encoding in encodings:
                encoding.truncate(max_length, min(stride, max_length - 1), direction)
        return encodings

    # the second time from the kept joins (and their padded forms), with and without special tokens
    for round_, add in enumerate([add_special_tokens, not add_special_tokens, add_special_tokens]):
        fast = processor.process_owned(truncated(inputs(round_)), add)
        general = PostProcessor.process_owned(processor, truncated(inputs(round_)), add)
        assert fast == general
        fast.pad(12, "left" if type_ids else "right")
        general.pad(12, "left" if type_ids else "right")
        assert fast == general
        assert list(fast.sequence_ranges) == list(general.sequence_ranges)


def test_template_multi_id_special_token_and_round_trip() -> None:
    special = [{"id": "<both>", "ids": [1, 2], "tokens": ["<a>", "<b>"]}]
    template = TemplateProcessing("<both> $0", "$A <both>:1 $B:1", special)
    single = template.process(words("x"))
    assert single.tokens == ["<a>", "<b>", "x"] and single.special_tokens_mask == [1, 1, 0]
    assert template.added_tokens(True) == 2
    again = processors_registry.from_json(template.to_json(), "post_processor")
    assert again.to_json() == template.to_json()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"pair": "$A [SEP]", "special_tokens": [("[SEP]", 1)]}, ArgumentValueError, "both sequences"),
        ({"single": "[CLS] $0"}, ArgumentValueError, r"Missing SpecialToken\(s\) with id\(s\) `\[CLS\]`"),
        ({"single": 3}, ArgumentTypeError, "str or a list"),
        ({"special_tokens": [["[CLS]", 1]]}, ArgumentTypeError, "tuple"),
        ({"special_tokens": [{"id": "x", "ids": [1]}]}, ArgumentValueError, "`tokens` must be specified"),
        ({"special_tokens": [{"id": "x", "ids": [1, 2], "tokens": ["x"]}]}, ArgumentValueError, "same length"),
    ],
)
def test_template_errors(kwargs, error, message) -> None:
    with pytest.raises(error, match=message):
        TemplateProcessing(**kwargs)


def test_template_from_json_defers_missing_tokens() -> None:
    data = {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "x", "type_id": 0}}], "pair": [], "special_tokens": {}}
    template = processors_registry.from_json(data, "post_processor")
    assert template.added_tokens(False) == 0
    assert template.process(words("a"), add_special_tokens=False).tokens == []
    with pytest.raises(ArgumentValueError, match="special_tokens lacks"):
        template.process(words("a"))


def test_sequence_flattens_and_sums() -> None:
    inner = Sequence([ByteLevel(), BertProcessing(SEP, CLS)])
    outer = Sequence([inner, RobertaProcessing(("</s>", 2), ("<s>", 0))])
    assert len(outer) == 3 and isinstance(outer[1], BertProcessing)
    assert outer.added_tokens(True) == 3 + 4
    with pytest.raises(ArgumentTypeError):
        outer[0] = inner
    with pytest.raises(ArgumentTypeError):
        Sequence([ByteLevel(), "Bert"])


def test_sequence_json_keeps_nesting() -> None:
    data = {"type": "Sequence", "processors": [{"type": "Sequence", "processors": [{"type": "BertProcessing", "sep": ["[SEP]", 102], "cls": ["[CLS]", 101]}]}]}
    assert processors_registry.from_json(data, "post_processor").to_json() == data


def test_default_process() -> None:
    single = words("a")
    assert default_process([single]) == [single] and single.sequence_ranges == {}
    (merged,) = default_process([words("a"), words("b", type_id=1)])
    assert merged.tokens == ["a", "b"] and merged.sequence_ranges == {0: (0, 1), 1: (1, 2)}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"type": "BertProcessing", "sep": ["[SEP]"], "cls": ["[CLS]", 101]}, "sep"),
        ({"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>"]}, "cls"),
        ({"type": "ByteLevel", "trim_offsets": True}, "add_prefix_space"),
        ({"type": "TemplateProcessing", "single": [{"Seq": {}}], "pair": [], "special_tokens": {}}, "single"),
        ({"type": "Sequence", "processors": [None]}, "processors"),
        ({"type": "Nope"}, "known types"),
    ],
)
def test_from_json_errors(data, message) -> None:
    with pytest.raises(TokenizerFileError, match=message):
        processors_registry.from_json(data, "post_processor")


def test_untagged_fallback_as_in_rust() -> None:
    # The Rust package reads post-processors as an untagged enum: a RobertaProcessing without
    # trim_offsets is read as the first variant that fits, a BertProcessing.
    data = {"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0]}
    assert type(processors_registry.from_json(data, "post_processor")) is BertProcessing


@pytest.mark.parametrize("bad", [("[SEP]", -1), ["[SEP]", 102], ("[SEP]",), (102, "[SEP]")])
def test_special_token_arguments(bad) -> None:
    with pytest.raises(ArgumentTypeError, match="tuple"):
        BertProcessing(bad, CLS)


@given(token=st.text(st.sampled_from(["Ġ", " ", "\u3000", "a", "é"]) | st.characters(), max_size=6),
       is_first=st.booleans(), add_prefix_space=st.booleans())
def test_trimming_an_empty_span_at_zero_keeps_it(token, is_first, add_prefix_space) -> None:
    # why trim_encoding_offsets may skip an encoding whose offsets are all (0, 0) (the ids path's)
    from subword.processors import trimmed_offsets

    assert trimmed_offsets(token, (0, 0), is_first, add_prefix_space) == (0, 0)
