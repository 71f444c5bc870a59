"""transformers' per-model tokenizer class names, importable from `subword.transformers`.

`BertTokenizer.from_pretrained(path)` loads `path` as a BERT tokenizer whatever class its
tokenizer_config.json names, as transformers' class method does (the class picks the pipeline
recipe, `_builders.RECIPES`). As in transformers 5, each `...Fast` name is the same class as the
plain one, and `PreTrainedTokenizerFast` / `TokenizersBackend` name the generic class.
"""

from __future__ import annotations

import os
from typing import Any, Union

from ..tokenizer.tokenizer import Tokenizer
from ._builders import RECIPES
from .pretrained import PreTrainedTokenizer

__all__ = [
    "BertTokenizer", "BertTokenizerFast", "GPT2Tokenizer", "GPT2TokenizerFast", "LlamaTokenizer", "LlamaTokenizerFast",
    "PreTrainedTokenizerFast", "RobertaTokenizer", "RobertaTokenizerFast", "T5Tokenizer", "T5TokenizerFast",
    "TokenizersBackend",
]


class _ModelTokenizer(PreTrainedTokenizer):
    """A PreTrainedTokenizer whose `from_pretrained` builds the pipeline of one model class, and
    whose constructor (`BertTokenizer(tokenizer_file=...)`) starts from that class's special
    tokens, input names and padding side."""

    def __init__(self, tokenizer: Tokenizer | None = None, **kwargs: Any) -> None:
        recipe = RECIPES[type(self).__name__]
        if kwargs.get("special_tokens") is None:
            kwargs["special_tokens"] = {name: token for name, token in recipe.special_tokens.items() if token is not None}
        kwargs.setdefault("model_input_names", recipe.model_input_names)
        kwargs.setdefault("padding_side", recipe.padding_side)
        kwargs.setdefault("tokenizer_class", type(self).__name__)
        super().__init__(tokenizer, **kwargs)

    @classmethod
    def from_pretrained(cls, pretrained_model_name_or_path: Union[str, os.PathLike], **kwargs: Any) -> PreTrainedTokenizer:
        """Load `pretrained_model_name_or_path` as this class's tokenizer (the options of
        `AutoTokenizer.from_pretrained`)."""
        kwargs["tokenizer_class"] = cls.__name__
        return super().from_pretrained(pretrained_model_name_or_path, **kwargs)


class BertTokenizer(_ModelTokenizer):
    """BERT's WordPiece tokenizer: `[CLS] A [SEP] B [SEP]`, lower-cased by default."""


class GPT2Tokenizer(_ModelTokenizer):
    """GPT-2's byte-level BPE tokenizer (no special tokens added)."""


class RobertaTokenizer(_ModelTokenizer):
    """RoBERTa's byte-level BPE tokenizer: `<s> A </s></s> B </s>`."""


class LlamaTokenizer(_ModelTokenizer):
    """Llama's (and Mistral's) sentencepiece-style BPE tokenizer with byte fallback."""


class T5Tokenizer(_ModelTokenizer):
    """T5's Unigram tokenizer: `A </s>`, with the `<extra_id_N>` sentinels."""


BertTokenizerFast = BertTokenizer
GPT2TokenizerFast = GPT2Tokenizer
RobertaTokenizerFast = RobertaTokenizer
LlamaTokenizerFast = LlamaTokenizer
T5TokenizerFast = T5Tokenizer
PreTrainedTokenizerFast = PreTrainedTokenizer
TokenizersBackend = PreTrainedTokenizer
