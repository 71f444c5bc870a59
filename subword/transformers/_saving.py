"""save_pretrained: the files transformers writes and reads, written atomically.

tokenizer_config.json, special_tokens_map.json, tokenizer.json, and the chat templates where
`_chat_files.template_files` puts them (or, with `save_jinja_files=False`, in the config).
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any, Union

from ..core.files import atomic_write_text
from ._chat_files import config_entry, template_files

if TYPE_CHECKING:
    from .pretrained import PreTrainedTokenizer


def tokenizer_config(tokenizer: PreTrainedTokenizer) -> dict[str, Any]:
    """The tokenizer_config.json document: class, options, special tokens, sides and limits."""
    config: dict[str, Any] = dict(tokenizer.init_options)
    config["added_tokens_decoder"] = {
        str(id_): {
            "content": token.content,
            "lstrip": token.lstrip,
            "normalized": token.normalized,
            "rstrip": token.rstrip,
            "single_word": token.single_word,
            "special": token.special,
        }
        for id_, token in tokenizer.added_tokens_decoder.items()
    }
    config.update(tokenizer.special_tokens_map)
    config["extra_special_tokens"] = tokenizer.extra_special_tokens
    config.update(
        backend="tokenizers",
        clean_up_tokenization_spaces=tokenizer.clean_up_tokenization_spaces,
        model_input_names=tokenizer.model_input_names,
        model_max_length=tokenizer.model_max_length,
        padding_side=tokenizer.padding_side,
        truncation_side=tokenizer.truncation_side,
        tokenizer_class=tokenizer.tokenizer_class,
    )
    return config


def special_tokens_map(tokenizer: PreTrainedTokenizer) -> dict[str, Any]:
    """The special_tokens_map.json document (read by older transformers)."""
    document: dict[str, Any] = dict(tokenizer.special_tokens_map)
    if tokenizer.extra_special_tokens:
        document["additional_special_tokens"] = tokenizer.extra_special_tokens
    return document


def save_pretrained(
    tokenizer: PreTrainedTokenizer,
    save_directory: Union[str, os.PathLike],
    filename_prefix: str | None = None,
    *,
    save_jinja_files: bool = True,
) -> tuple[str, ...]:
    """Write tokenizer_config.json, the chat template files, special_tokens_map.json and
    tokenizer.json (in the order transformers lists them); return their paths."""
    if os.path.isfile(save_directory):
        raise FileExistsError(f"{os.fspath(save_directory)} is a file; save_pretrained needs a folder")
    prefix = f"{filename_prefix}-" if filename_prefix else ""
    config = tokenizer_config(tokenizer)
    chat_files = template_files(tokenizer.chat_template, prefix) if save_jinja_files else {}
    if not save_jinja_files and tokenizer.chat_template is not None:
        config["chat_template"] = config_entry(tokenizer.chat_template)
    documents = {
        prefix + "tokenizer_config.json": _json(config),
        **chat_files,
        prefix + "special_tokens_map.json": _json(special_tokens_map(tokenizer)),
        prefix + "tokenizer.json": tokenizer.backend_tokenizer.to_str(pretty=True),
    }
    os.makedirs(save_directory, exist_ok=True)
    paths = []
    for name, text in documents.items():
        path = os.path.join(os.fspath(save_directory), *name.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        atomic_write_text(path, text)
        paths.append(path)
    return tuple(paths)


def _json(document: dict) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
