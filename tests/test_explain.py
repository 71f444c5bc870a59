"""`Tokenizer.explain`: each stage's output, against values worked out by hand and, for the ids,
the Rust package on the same tokenizer.json."""

from __future__ import annotations

import pytest

from subword import Tokenizer
from subword.errors import ArgumentTypeError
from tests.shared_data import fixture_path

tokenizers = pytest.importorskip("tokenizers", reason="the Rust package gives the reference ids")


def load(name: str) -> tuple[Tokenizer, object]:
    path = fixture_path(name)
    return Tokenizer.from_file(str(path)), tokenizers.Tokenizer.from_file(str(path))


def test_bert_stages() -> None:
    ours, rust = load("bert-base-uncased/tokenizer.json")
    text = "Héllo [MASK] wörld!"
    explanation = ours.explain(text)
    # the raw text cut around the added token [MASK] (chars 6-12)
    assert [(p.text, p.offsets, p.added_id) for p in explanation.added_tokens] == [
        ("Héllo ", (0, 6), None), ("[MASK]", (6, 12), 103), (" wörld!", (12, 19), None)
    ]
    # lowercased, accents stripped; "é" (1 char) comes from char 1
    first = explanation.normalized[0]
    assert (first.original, first.normalized, first.offsets) == ("Héllo ", "hello ", (0, 6))
    assert first.alignments[1] == (1, 2)
    assert [(p.text, p.offsets) for p in explanation.pre_tokens] == [("hello", (0, 5)), ("[MASK]", (6, 12)), ("world", (13, 18)), ("!", (18, 19))]
    reference = rust.encode(text)
    tokens = [(t.value, t.offsets, t.word) for t in explanation.model_tokens]
    assert tokens == [("hello", (0, 5), 0), ("[MASK]", (6, 12), 1), ("world", (13, 18), 2), ("!", (18, 19), 3)]
    assert [t.id for t in explanation.model_tokens] == [i for i, s in zip(reference.ids, reference.special_tokens_mask) if not s]
    assert explanation.encoding.ids == reference.ids
    report = str(explanation)
    assert "'hello '  <- 'Héllo '" in report and "(added token 103)" in report
    assert "'[PAD]'  (special)  x 122" in report  # the fixture pads to 128: one line for the run


def test_t5_stages_show_metaspace_and_a_control_token() -> None:
    ours, rust = load("t5/tokenizer.json")
    text = "Hello  world</s>x"
    explanation = ours.explain(text)
    # Metaspace puts "▁" before each word; the two spaces are one split point
    assert [(p.text, p.offsets, p.added_id) for p in explanation.pre_tokens] == [
        ("▁Hello", (0, 5), None), ("▁world", (7, 12), None), ("</s>", (12, 16), 1), ("▁x", (16, 17), None)
    ]
    # "▁x" is not a piece: "▁" and "x" both come from char 16
    assert [(t.value, t.offsets) for t in explanation.model_tokens][-2:] == [("▁", (16, 17)), ("x", (16, 17))]
    assert explanation.encoding.ids == rust.encode(text).ids


def test_gpt2_stages_without_normalizer() -> None:
    ours, rust = load("gpt2/tokenizer.json")
    text = "Hi  there"
    explanation = ours.explain(text, add_special_tokens=False)
    assert [(p.original, p.normalized) for p in explanation.normalized] == [("Hi  there", "Hi  there")]
    # ByteLevel: "Ġ" stands for a space; the second space starts the next word
    assert [(p.text, p.offsets) for p in explanation.pre_tokens] == [("Hi", (0, 2)), ("Ġ", (2, 3)), ("Ġthere", (3, 9))]
    assert explanation.encoding.ids == rust.encode(text, add_special_tokens=False).ids
    assert "2. normalized:\n      0-9     'Hi  there'\n" in str(explanation)


def test_explain_refuses_a_non_str() -> None:
    ours, _ = load("bert-base-uncased/tokenizer.json")
    with pytest.raises(ArgumentTypeError, match="sequence must be a str"):
        ours.explain(b"bytes")  # type: ignore[arg-type]
