"""`AutoTokenizer.from_pretrained`: a local folder (or file) in any of transformers' layouts.

Looked for, in this order: tokenizer.json; a SentencePiece `.model`; vocab.txt (WordPiece, as
BERT); vocab.json + merges.txt (byte-level BPE, as GPT-2 or, by tokenizer_config, RoBERTa); a
`.tiktoken` ranks file. tokenizer_config.json (and special_tokens_map.json, when the config has
no `added_tokens_decoder`) supply the class, special tokens and options; keyword arguments
override them. subword never downloads: a hub name that is not a local path is an error.
The loading itself is in `_loading`, which `PreTrainedTokenizer.from_pretrained` shares.
"""

from __future__ import annotations

import os
from typing import Any, Union

from ._loading import DEFAULT_TIKTOKEN_PATTERN, default_tokenizer_path, load_pretrained
from .pretrained import PreTrainedTokenizer

__all__ = ["DEFAULT_TIKTOKEN_PATTERN", "AutoTokenizer", "default_tokenizer_path"]


class AutoTokenizer:
    """Load a `PreTrainedTokenizer` from local files, as `transformers.AutoTokenizer` does."""

    @classmethod
    def from_pretrained(
        cls,
        path: Union[str, os.PathLike],
        cache_dir: Union[str, os.PathLike, None] = None,
        revision: str | None = None,
        **kwargs: Any,
    ) -> PreTrainedTokenizer:
        """Load the tokenizer in a local folder, or a single tokenizer file.

        Args:
            path: a folder written by `save_pretrained` (subword's or transformers'), a folder
                of vocab files, or one file (tokenizer.json, vocab.txt, .model, .tiktoken).
            cache_dir, revision: accepted for compatibility; unused, as nothing is downloaded.
            kwargs: override tokenizer_config.json entries (`padding_side="left"`,
                `model_max_length=128`, `pad_token="<pad>"`, `pattern=...` for .tiktoken, ...).

        >>> tokenizer = AutoTokenizer.from_pretrained(default_tokenizer_path(), cls_token="[CLS]")
        >>> tokenizer("Hello world")["input_ids"][0] == tokenizer.cls_token_id
        True
        """
        return load_pretrained(PreTrainedTokenizer, path, cache_dir, revision, **kwargs)
