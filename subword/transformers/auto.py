"""`AutoTokenizer.from_pretrained`: a local folder (or file) in any of transformers' layouts, or a Hub repo.

Looked for, in this order: tokenizer.json; a SentencePiece `.model`; vocab.txt (WordPiece, as
BERT); vocab.json + merges.txt (byte-level BPE, as GPT-2 or, by tokenizer_config, RoBERTa); a
`.tiktoken` ranks file. tokenizer_config.json (and special_tokens_map.json, when the config has
no `added_tokens_decoder`) supply the class, special tokens and options; keyword arguments
override them. A Hub repo id is read from the Hugging Face cache, or downloaded (`_hub`).
The loading itself is in `_loading`, which `PreTrainedTokenizer.from_pretrained` shares.
"""

from __future__ import annotations

import os
from typing import Any, Union

from ._hub import from_pretrained
from ._loading import DEFAULT_TIKTOKEN_PATTERN, default_tokenizer_path
from .pretrained import PreTrainedTokenizer

__all__ = ["DEFAULT_TIKTOKEN_PATTERN", "AutoTokenizer", "default_tokenizer_path"]


class AutoTokenizer:
    """Load a `PreTrainedTokenizer` from local files or a Hub repo, as `transformers.AutoTokenizer` does."""

    @classmethod
    def from_pretrained(
        cls,
        pretrained_model_name_or_path: Union[str, os.PathLike],
        *,
        cache_dir: Union[str, os.PathLike, None] = None,
        revision: str | None = None,
        subfolder: str = "",
        local_files_only: bool = False,
        token: Union[str, bool, None] = None,
        **kwargs: Any,
    ) -> PreTrainedTokenizer:
        """Load the tokenizer of a local folder or file, or of a Hugging Face Hub repo.

        Args:
            pretrained_model_name_or_path: a folder written by `save_pretrained` (subword's or
                transformers'), a folder of vocab files, one file (tokenizer.json, vocab.txt,
                .model, .tiktoken), or a Hub repo id (`"bert-base-uncased"`, `"org/name"`).
            cache_dir: the Hugging Face cache folder (default: `HF_HUB_CACHE`, else
                `HF_HOME/hub`, else `~/.cache/huggingface/hub`).
            revision: a branch, tag or commit hash of the repo (default `"main"`).
            subfolder: the folder of the tokenizer files inside the repo (or local folder).
            local_files_only: only the cache, never a download (as `HF_HUB_OFFLINE=1`).
            token: for a private repo, passed to huggingface_hub.
            kwargs: override tokenizer_config.json entries (`padding_side="left"`,
                `model_max_length=128`, `pad_token="<pad>"`, `pattern=...` for .tiktoken, ...).

        A repo's files are read from the cache without any third-party package; missing ones
        are downloaded with huggingface_hub (`pip install "subword[hub]"`). A repo, revision or
        needed file found neither way is a HubFileNotFoundError (an OSError, as transformers
        raises).

        >>> tokenizer = AutoTokenizer.from_pretrained(default_tokenizer_path(), cls_token="[CLS]")
        >>> tokenizer("Hello world")["input_ids"][0] == tokenizer.cls_token_id
        True
        """
        return from_pretrained(
            PreTrainedTokenizer, pretrained_model_name_or_path, cache_dir=cache_dir, revision=revision,
            subfolder=subfolder, local_files_only=local_files_only, token=token, **kwargs,
        )
