"""Encoding operations, truncation, padding and post-processors against the Rust package.

The same Encoding is built on both sides: a `tokenizers.Encoding` can be restored from its
serde JSON (`__setstate__`), so any subword Encoding, including sequence ranges and
overflowing windows, has an exact Rust twin. Results are compared on every field, the
sequence ranges too, by reading the Rust result back through the same JSON.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import pytest
import tokenizers
from hypothesis import given
from hypothesis import strategies as st
from tokenizers import processors as rust_processors

from subword import processors as ours
from subword.core.encoding import Encoding
from subword.core.padding import PaddingParams, pad_encodings
from subword.processors import default_process, processors_registry
from subword.core.truncation import TruncationParams, truncate_encodings
from tests.parity._compare import RustError, ours_outcome, rust_outcome
from tests.shared_data import corpus_files, corpus_lines, fixture_path

# -- the same Encoding on both sides ----------------------------------------------------------


def _state(encoding: Encoding) -> dict:
    return {
        "ids": encoding.ids,
        "type_ids": encoding.type_ids,
        "tokens": encoding.tokens,
        "words": encoding.word_ids,
        "offsets": [list(o) for o in encoding.offsets],
        "special_tokens_mask": encoding.special_tokens_mask,
        "attention_mask": encoding.attention_mask,
        "overflowing": [_state(o) for o in encoding.overflowing],
        "sequence_ranges": {str(k): {"start": s, "end": e} for k, (s, e) in encoding.sequence_ranges.items()},
    }


def _from_state(data: dict) -> Encoding:
    return Encoding(
        ids=data["ids"],
        type_ids=data["type_ids"],
        tokens=data["tokens"],
        word_ids=data["words"],
        offsets=[tuple(o) for o in data["offsets"]],
        special_tokens_mask=data["special_tokens_mask"],
        attention_mask=data["attention_mask"],
        overflowing=[_from_state(o) for o in data["overflowing"]],
        sequence_ranges={int(k): (r["start"], r["end"]) for k, r in data["sequence_ranges"].items()},
    )


def to_rust(encoding: Encoding) -> tokenizers.Encoding:
    """The Rust twin of a subword Encoding."""
    twin = tokenizers.Encoding()
    twin.__setstate__(json.dumps(_state(encoding)).encode())
    return twin


def from_rust(encoding: tokenizers.Encoding) -> Encoding:
    """A subword Encoding equal, field by field, to a Rust one."""
    return _from_state(json.loads(encoding.__getstate__()))


def assert_same(ours_encoding: Encoding, rust_encoding: tokenizers.Encoding, context: str = "") -> None:
    """Equal on every field, sequence ranges and overflowing windows included."""
    expected = from_rust(rust_encoding)
    if ours_encoding == expected:
        return
    for name in Encoding.__slots__:
        mine, theirs = getattr(ours_encoding, name), getattr(expected, name)
        if mine != theirs:
            raise AssertionError(f"{context}: {name} differs\n  subword: {mine!r:.400}\n  rust:    {theirs!r:.400}")


# -- generated Encodings -----------------------------------------------------------------------

# Byte-level spaces, real whitespace (ASCII and not), U+001C (whitespace for Python's isspace but
# not for Rust), and plain text.
TOKENS = ["a", "bc", "Ġ", "ĠĠ", "Ġx", "xĠ", "ĠxĠ", " ", " y ", "\u3000z", "\x1cq", "\n", "", "##ab", "é"]


@st.composite
def encodings(draw: Any, max_len: int = 9, windows: bool = True) -> Encoding:
    n = draw(st.integers(0, max_len))
    column = lambda values: draw(st.lists(values, min_size=n, max_size=n))  # noqa: E731
    starts = column(st.integers(0, 12))
    lengths = column(st.integers(0, 4))
    ranges = draw(
        st.one_of(
            st.just({}),
            st.integers(0, n).map(lambda k: {0: (0, k), 1: (k, n)}),
            st.tuples(st.integers(0, n), st.integers(0, n), st.integers(0, 2)).map(
                lambda t: {t[2]: (min(t[0], t[1]), max(t[0], t[1]))}
            ),
        )
    )
    return Encoding(
        ids=column(st.integers(0, 60)),
        type_ids=column(st.integers(0, 2)),
        tokens=column(st.sampled_from(TOKENS)),
        word_ids=column(st.one_of(st.none(), st.integers(0, 5))),
        offsets=[(s, s + length) for s, length in zip(starts, lengths)],
        special_tokens_mask=column(st.integers(0, 1)),
        attention_mask=column(st.integers(0, 1)),
        overflowing=draw(st.lists(encodings(max_len=4, windows=False), max_size=2)) if windows else [],
        sequence_ranges=ranges,
    )


# -- Encoding methods ----------------------------------------------------------------------------


@given(encodings(), st.integers(0, 10), st.integers(0, 4), st.sampled_from(["left", "right"]))
def test_truncate(encoding: Encoding, max_length: int, stride: int, direction: str) -> None:
    rust = to_rust(encoding)
    outcome = rust_outcome(lambda: rust.truncate(max_length, stride, direction))
    ours_outcome(lambda: encoding.truncate(max_length, stride, direction), outcome, "truncate")
    if not isinstance(outcome, RustError):
        assert_same(encoding, rust, f"truncate({max_length}, {stride}, {direction})")


@given(encodings(), st.integers(0, 12), st.sampled_from(["left", "right"]), st.integers(0, 9), st.integers(0, 3))
def test_pad(encoding: Encoding, length: int, direction: str, pad_id: int, pad_type_id: int) -> None:
    rust = to_rust(encoding)
    rust.pad(length, direction=direction, pad_id=pad_id, pad_type_id=pad_type_id, pad_token="<pad>")
    encoding.pad(length, direction=direction, pad_id=pad_id, pad_type_id=pad_type_id, pad_token="<pad>")
    assert_same(encoding, rust, f"pad({length}, {direction})")


@given(st.lists(encodings(max_len=5), max_size=4), st.booleans())
def test_merge(parts: list[Encoding], growing_offsets: bool) -> None:
    rust = tokenizers.Encoding.merge([to_rust(p) for p in parts], growing_offsets=growing_offsets)
    before = [p.copy() for p in parts]
    assert_same(Encoding.merge(parts, growing_offsets=growing_offsets), rust, "merge")
    assert parts == before, "merge changed its inputs"


@given(encodings())
def test_lookups(encoding: Encoding) -> None:
    rust = to_rust(encoding)
    assert encoding.sequence_ids == rust.sequence_ids
    assert encoding.n_sequences == rust.n_sequences
    for token in range(len(encoding) + 2):
        for name in ("token_to_sequence", "token_to_chars", "token_to_word"):
            assert getattr(encoding, name)(token) == getattr(rust, name)(token), (name, token)
    for sequence in range(3):
        for pos in range(18):
            assert encoding.char_to_token(pos, sequence) == rust.char_to_token(pos, sequence), (pos, sequence)
            assert encoding.char_to_word(pos, sequence) == rust.char_to_word(pos, sequence), (pos, sequence)
        for word in range(7):
            assert encoding.word_to_tokens(word, sequence) == rust.word_to_tokens(word, sequence), (word, sequence)
            assert encoding.word_to_chars(word, sequence) == rust.word_to_chars(word, sequence), (word, sequence)


# -- processors ----------------------------------------------------------------------------------


def processor_pairs() -> list[tuple[str, Any, Any]]:
    """(id, rust processor, our processor) with the same settings."""
    special = [("[CLS]", 101), (102, "[SEP]"), {"id": "<two>", "ids": [7, 8], "tokens": ["<t1>", "<t2>"]}]
    return [
        ("Bert", rust_processors.BertProcessing(("[SEP]", 102), ("[CLS]", 101)), ours.BertProcessing(("[SEP]", 102), ("[CLS]", 101))),
        ("Roberta", rust_processors.RobertaProcessing(("</s>", 2), ("<s>", 0)), ours.RobertaProcessing(("</s>", 2), ("<s>", 0))),
        (
            "Roberta-notrim",
            rust_processors.RobertaProcessing(("</s>", 2), ("<s>", 0), trim_offsets=False),
            ours.RobertaProcessing(("</s>", 2), ("<s>", 0), trim_offsets=False),
        ),
        (
            "Roberta-noprefix",
            rust_processors.RobertaProcessing(("</s>", 2), ("<s>", 0), add_prefix_space=False),
            ours.RobertaProcessing(("</s>", 2), ("<s>", 0), add_prefix_space=False),
        ),
        ("ByteLevel", rust_processors.ByteLevel(), ours.ByteLevel()),
        ("ByteLevel-noprefix", rust_processors.ByteLevel(add_prefix_space=False), ours.ByteLevel(add_prefix_space=False)),
        ("ByteLevel-notrim", rust_processors.ByteLevel(trim_offsets=False), ours.ByteLevel(trim_offsets=False)),
        ("Template-default", rust_processors.TemplateProcessing(), ours.TemplateProcessing()),
        (
            "Template-bert",
            rust_processors.TemplateProcessing("[CLS] $A [SEP]", "[CLS] $A [SEP] $B:1 [SEP]:1", special),
            ours.TemplateProcessing("[CLS] $A [SEP]", "[CLS] $A [SEP] $B:1 [SEP]:1", special),
        ),
        (
            "Template-odd",
            rust_processors.TemplateProcessing(["$2", "<two>:3", "$A"], "$B:4 <two> $A:1 $b [SEP]:2", special),
            ours.TemplateProcessing(["$2", "<two>:3", "$A"], "$B:4 <two> $A:1 $b [SEP]:2", special),
        ),
        (
            "Sequence",
            rust_processors.Sequence([rust_processors.ByteLevel(), rust_processors.TemplateProcessing("[CLS] $0", "$A [SEP] $B:1", special)]),
            ours.Sequence([ours.ByteLevel(), ours.TemplateProcessing("[CLS] $0", "$A [SEP] $B:1", special)]),
        ),
        (
            "Sequence-roberta-bert",
            rust_processors.Sequence([rust_processors.RobertaProcessing(("</s>", 2), ("<s>", 0)), rust_processors.BertProcessing(("[SEP]", 102), ("[CLS]", 101))]),
            ours.Sequence([ours.RobertaProcessing(("</s>", 2), ("<s>", 0)), ours.BertProcessing(("[SEP]", 102), ("[CLS]", 101))]),
        ),
    ]


PAIRS = processor_pairs()
IDS = [name for name, _, _ in PAIRS]


@pytest.mark.parametrize(("name", "rust", "mine"), PAIRS, ids=IDS)
def test_processor_json_and_counts(name: str, rust: Any, mine: Any) -> None:
    tokenizer = _rust_tokenizer()
    tokenizer.post_processor = rust
    expected = json.loads(tokenizer.to_str())["post_processor"]
    assert mine.to_json() == expected
    assert processors_registry.from_json(expected, "post_processor").to_json() == expected
    for is_pair in (False, True):
        assert mine.num_special_tokens_to_add(is_pair) == rust.num_special_tokens_to_add(is_pair)


@given(st.sampled_from(PAIRS), encodings(), st.one_of(st.none(), encodings()), st.booleans())
def test_processor_process(processors: tuple, encoding: Encoding, pair: Encoding | None, add_special_tokens: bool) -> None:
    name, rust, mine = processors
    expected = rust.process(to_rust(encoding), None if pair is None else to_rust(pair), add_special_tokens)
    before = (encoding.copy(), None if pair is None else pair.copy())
    assert_same(mine.process(encoding, pair, add_special_tokens), expected, name)
    assert (encoding, pair) == before, "process changed its inputs"


@lru_cache(maxsize=None)
def _rust_tokenizer() -> tokenizers.Tokenizer:
    return tokenizers.Tokenizer(tokenizers.models.WordLevel({"[UNK]": 0}, "[UNK]"))


# -- the end of the pipeline: truncate, post-process, pad --------------------------------------


def post_process(
    encoding: Encoding,
    pair: Encoding | None,
    add_special_tokens: bool,
    processor: Any,
    truncation: TruncationParams | None,
    padding: PaddingParams | None,
) -> Encoding:
    """What `tokenizers.Tokenizer.post_process` does, written with subword's pieces."""
    if truncation is not None:
        added = processor.added_tokens(pair is not None) if processor is not None else 0
        if add_special_tokens and added > 0:
            truncation = truncation.without_special_tokens(added)
        encoding, pair = truncate_encodings(encoding, pair, truncation)
    if processor is not None:
        final = processor.process(encoding, pair, add_special_tokens)
    else:
        (final,) = default_process([encoding] if pair is None else [encoding, pair])
    if padding is not None:
        pad_encodings([final], padding)
    return final


truncations = st.one_of(
    st.none(),
    st.builds(
        TruncationParams,
        max_length=st.integers(0, 12),
        stride=st.integers(0, 3),
        strategy=st.sampled_from(["longest_first", "only_first", "only_second"]),
        direction=st.sampled_from(["left", "right"]),
    ),
)
paddings = st.one_of(
    st.none(),
    st.builds(
        PaddingParams,
        length=st.one_of(st.none(), st.integers(0, 16)),
        direction=st.sampled_from(["left", "right"]),
        pad_to_multiple_of=st.one_of(st.none(), st.integers(0, 5)),
        pad_id=st.integers(0, 3),
        pad_type_id=st.integers(0, 3),
        pad_token=st.sampled_from(["[PAD]", "<pad>"]),
    ),
)


@given(
    encodings(),
    st.one_of(st.none(), encodings()),
    st.booleans(),
    st.sampled_from([None, *range(len(PAIRS))]),
    truncations,
    paddings,
)
def test_post_process(encoding, pair, add_special_tokens, which, truncation, padding) -> None:
    rust_processor, processor = (None, None) if which is None else PAIRS[which][1:]
    tokenizer = tokenizers.Tokenizer(tokenizers.models.WordLevel({"[UNK]": 0}, "[UNK]"))
    if rust_processor is not None:
        tokenizer.post_processor = rust_processor
    if padding is not None:
        tokenizer.enable_padding(**padding.to_dict())
        assert tokenizer.padding == padding.to_dict()
        assert json.loads(tokenizer.to_str())["padding"] == padding.to_json()
        assert PaddingParams.from_json(padding.to_json()) == padding
    if truncation is not None:
        rust_set = rust_outcome(lambda: tokenizer.enable_truncation(**truncation.to_dict()))
        added = processor.added_tokens(False) if processor is not None else 0
        ours_outcome(lambda: truncation.check_stride(added), rust_set, "enable_truncation")
        if isinstance(rust_set, RustError):
            return
        assert tokenizer.truncation == truncation.to_dict()
        assert json.loads(tokenizer.to_str())["truncation"] == truncation.to_json()
        assert TruncationParams.from_json(truncation.to_json()) == truncation
    rust_pair = None if pair is None else to_rust(pair)
    expected = rust_outcome(lambda: tokenizer.post_process(to_rust(encoding), rust_pair, add_special_tokens))
    result = ours_outcome(
        lambda: post_process(encoding, pair, add_special_tokens, processor, truncation, padding), expected, "post_process"
    )
    if not isinstance(expected, RustError):
        assert_same(result, expected, f"post_process({which}, {truncation}, {padding})")


# -- real encodings ------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _fixture_tokenizer(name: str) -> tokenizers.Tokenizer:
    tokenizer = tokenizers.Tokenizer.from_file(str(fixture_path(f"{name}/tokenizer.json")))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


@lru_cache(maxsize=None)
def _model_only(name: str) -> tokenizers.Tokenizer:
    """The fixture without post-processor: its encodings are what post-processing receives."""
    tokenizer = tokenizers.Tokenizer.from_str(_fixture_tokenizer(name).to_str())
    tokenizer.post_processor = None
    return tokenizer


def _model_output(fixture: str, text: str, type_id: int) -> Encoding:
    encoding = from_rust(_model_only(fixture).encode(text))
    encoding.type_ids = [type_id] * len(encoding)
    return encoding


def _lines(limit: int) -> list[str]:
    files = corpus_files()
    if not files:
        pytest.skip("no shared corpus")
    return [line for path in files[:4] for line in corpus_lines(path, limit)]


@pytest.mark.parametrize("fixture", ["bert-base-uncased", "roberta-base"])
def test_fixture_post_processor_on_corpus(fixture: str) -> None:
    """The fixture's own post-processor, read from its tokenizer.json, on real encodings."""
    tokenizer = _fixture_tokenizer(fixture)
    processor = processors_registry.from_json(json.loads(tokenizer.to_str())["post_processor"], "post_processor")
    lines = _lines(12)
    for first, second in zip(lines, lines[1:] + [None]):
        encoding = _model_output(fixture, first, 0)
        pair = None if second is None else _model_output(fixture, second, 1)
        expected = tokenizer.encode(first, second)
        assert_same(processor.process(encoding, pair), expected, first[:40])


@pytest.mark.parametrize("fixture", ["bert-base-uncased", "roberta-base"])
@pytest.mark.parametrize("strategy", ["longest_first", "only_first", "only_second"])
def test_fixture_truncation_and_padding_on_corpus(fixture: str, strategy: str) -> None:
    tokenizer = tokenizers.Tokenizer.from_str(_fixture_tokenizer(fixture).to_str())
    processor = processors_registry.from_json(json.loads(tokenizer.to_str())["post_processor"], "post_processor")
    truncation = TruncationParams(24, stride=5, strategy=strategy, direction="left" if strategy == "only_first" else "right")
    padding = PaddingParams(pad_to_multiple_of=8, direction="left")
    tokenizer.enable_truncation(**truncation.to_dict())
    lines = _lines(6)
    pairs = list(zip(lines, reversed(lines)))
    expected = rust_outcome(lambda: tokenizer.encode_batch(pairs))

    def ours_batch() -> list[Encoding]:
        batch = []
        for first, second in pairs:
            encoding = _model_output(fixture, first, 0)
            pair = _model_output(fixture, second, 1)
            batch.append(post_process(encoding, pair, True, processor, truncation, None))
        pad_encodings(batch, padding)
        return batch

    tokenizer.enable_padding(**padding.to_dict())
    expected = rust_outcome(lambda: tokenizer.encode_batch(pairs))
    batch = ours_outcome(ours_batch, expected, "encode_batch")
    if not isinstance(expected, RustError):
        for mine, theirs in zip(batch, expected):
            assert_same(mine, theirs, fixture)


# -- template strings ----------------------------------------------------------------------------

PIECES = ["$", "$A", "$a", "$B", "$b", "$0", "$1", "$+2", "$C", "$A:", "$B:1", "$:1", "[CLS]", "[CLS]:1", "[SEP]:+1",
          "[SEP]", "x:y", "a:1:2", "", "$-1", "$4294967296", "[CLS]:4294967295"]


@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=5),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=6),
    st.booleans(),
)
def test_template_parsing(single: list[str], pair: list[str], as_string: bool) -> None:
    special = [("[CLS]", 1), ("[SEP]", 2), ("", 3)]
    args = (" ".join(single), " ".join(pair)) if as_string else (single, pair)
    rust = rust_outcome(lambda: rust_processors.TemplateProcessing(*args, special_tokens=special))
    mine = ours_outcome(lambda: ours.TemplateProcessing(*args, special_tokens=special), rust, f"template {args}")
    if not isinstance(rust, RustError):
        tokenizer = _rust_tokenizer()
        tokenizer.post_processor = rust
        assert mine.to_json() == json.loads(tokenizer.to_str())["post_processor"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"single": "[CLS] $A [MISSING]", "special_tokens": [("[CLS]", 1)]},
        {"pair": "$A [SEP]", "special_tokens": [("[SEP]", 1)]},
        {"special_tokens": [["[CLS]", 1]]},
        {"special_tokens": [{"id": "x", "ids": [1, 2], "tokens": ["x"]}]},
        {"special_tokens": [{"ids": [1], "tokens": ["x"]}]},
        {"single": 5},
    ],
)
def test_template_invalid_arguments(kwargs: dict) -> None:
    rust = rust_outcome(lambda: rust_processors.TemplateProcessing(**kwargs))
    assert isinstance(rust, RustError)
    ours_outcome(lambda: ours.TemplateProcessing(**kwargs), rust, str(kwargs))


def test_encoding_invalid_arguments() -> None:
    encoding = Encoding(ids=[1, 2, 3])
    for call in (
        lambda e: e.truncate(2, 2),
        lambda e: e.truncate(2, direction="up"),
        lambda e: e.pad(5, direction="middle"),
        lambda e: e.truncate(-1),
    ):
        rust = rust_outcome(lambda: call(to_rust(encoding)))
        assert isinstance(rust, RustError)
        ours_outcome(lambda: call(encoding.copy()), rust)
