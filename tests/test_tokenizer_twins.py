"""Tokenizer twins: a per-call pipeline that leaves the tokenizer it came from unchanged."""

from __future__ import annotations

from subword import normalizers, processors
from subword.core.added_vocabulary import AddedToken
from subword.models import WordLevel
from subword.tokenizer.tokenizer import Tokenizer


def test_a_twin_with_another_normalizer_and_template_leaves_the_original_alone() -> None:
    tokenizer = Tokenizer(WordLevel({"a": 0, "b": 1, "[UNK]": 2, "X": 3, "<s>": 4}, unk_token="[UNK]"))
    tokenizer.add_tokens([AddedToken("x", normalized=True)])  # id 5; normalized "x" only matches as "x" here
    template = processors.TemplateProcessing(single="<s> $A", special_tokens=[("<s>", 4)])
    twin = tokenizer.with_normalizer_and_post_processor(normalizers.Replace("x", "X"), template)
    # hand-worked: in the twin the added "x" is matched by its normalized form "X"
    assert twin.encode("x").ids == [4, 5] and twin.encode("X").ids == [4, 5]
    assert tokenizer.encode("x").ids == [5] and tokenizer.encode("X").ids == [3]
    assert tokenizer.normalizer is None and tokenizer.post_processor is None
