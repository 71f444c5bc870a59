"""save_pretrained: the files transformers writes and reads, written atomically.

tokenizer_config.json, tokenizer.json, and the chat templates where `_chat_files.template_files`
puts them (or, with `save_jinja_files=False`, in the config): the set transformers 5 writes (no
special_tokens_map.json, no added_tokens_decoder: the added tokens live in tokenizer.json).
"""

from __future__ import annotations

import copy
import json
import os
from typing import TYPE_CHECKING, Any, Callable, Union

from ..core.files import atomic_write_bytes
from ._chat_files import config_entry, template_files
from ._special_tokens import SPECIAL_TOKENS_ATTRIBUTES

# keys of the config that are attributes of the tokenizer: written at their current value
_ATTRIBUTES = ("clean_up_tokenization_spaces", "model_max_length", "padding_side", "truncation_side", "model_input_names", "split_special_tokens")

if TYPE_CHECKING:
    from .pretrained import PreTrainedTokenizer


# init_kwargs entries transformers never writes back (paths, loading switches, tokens it keeps in tokenizer.json)
_NOT_SAVED = (
    "add_bos_token", "add_eos_token", "name_or_path", "special_tokens_map_file", "tokenizer_file", "device_map",
    "slow_tokenizer_class", "added_tokens_decoder", "additional_special_tokens", "files_loaded", "vocab_file",
    "merges_file", "tokenizer_object", "chat_template", "is_local", "local_files_only", "cache_dir", "revision", "subfolder", "token",
)


def tokenizer_config(tokenizer: PreTrainedTokenizer) -> dict[str, Any]:
    """The tokenizer_config.json document: the init kwargs (keys subword does not use kept as
    they came), each one the tokenizer has as an attribute at its current value, then the
    special tokens, sides and limits."""
    config: dict[str, Any] = {**tokenizer.init_options, **copy.deepcopy(tokenizer.init_kwargs)}
    for key in _NOT_SAVED:
        config.pop(key, None)
    for key in list(config):
        if key in _ATTRIBUTES:
            config[key] = getattr(tokenizer, key)
    for name in SPECIAL_TOKENS_ATTRIBUTES:  # the named tokens as they are now (None when unset)
        if name in config:
            config[name] = getattr(tokenizer, name)
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
    if tokenizer.split_special_tokens:
        config["split_special_tokens"] = True
    return config


def save_pretrained(
    tokenizer: PreTrainedTokenizer,
    save_directory: Union[str, os.PathLike],
    filename_prefix: str | None = None,
    *,
    save_jinja_files: bool = True,
) -> tuple[str, ...]:
    """Write tokenizer_config.json, the chat template files and tokenizer.json (the files
    transformers 5 writes, in its order); return their paths."""
    return tuple(
        write_documents(
            tokenizer, save_directory, filename_prefix, tokenizer_config(tokenizer), save_jinja_files,
            lambda prefix: {prefix + "tokenizer.json": tokenizer.backend_tokenizer.to_str(pretty=True).encode("utf-8")},
        )
    )


def write_documents(
    tokenizer: PreTrainedTokenizer,
    save_directory: Union[str, os.PathLike],
    filename_prefix: str | None,
    config: dict[str, Any],
    save_jinja_files: bool,
    more: Callable[[str], dict[str, bytes]],
) -> list[str]:
    """Write tokenizer_config.json (`config`, with the chat template unless it goes to its own
    files), the chat template files, then `more(prefix)` (file name -> bytes), each atomically,
    in that order; return their paths."""
    if os.path.isfile(save_directory):
        raise FileExistsError(f"{os.fspath(save_directory)} is a file; save_pretrained needs a folder")
    prefix = f"{filename_prefix}-" if filename_prefix else ""
    chat_files = template_files(tokenizer.chat_template, prefix) if save_jinja_files else {}
    if not save_jinja_files and tokenizer.chat_template is not None:
        config["chat_template"] = config_entry(tokenizer.chat_template)
    documents = {
        prefix + "tokenizer_config.json": config_json(config).encode("utf-8"),
        **{name: text.encode("utf-8") for name, text in chat_files.items()},
        **more(prefix),
    }
    os.makedirs(save_directory, exist_ok=True)
    paths = []
    for name, data in documents.items():
        path = os.path.join(os.fspath(save_directory), *name.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        atomic_write_bytes(path, data)
        paths.append(path)
    return paths


def config_json(document: dict) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False, default=_added_token) + "\n"


def _added_token(value: Any) -> dict[str, Any]:
    """An AddedToken kept in init_kwargs, as transformers writes one (other objects: TypeError)."""
    if not hasattr(value, "content"):
        raise TypeError(f"tokenizer_config.json cannot hold a {type(value).__name__}: {value!r:.60}")
    fields = ("content", "lstrip", "normalized", "rstrip", "single_word", "special")
    return {"__type": "AddedToken", **{field: getattr(value, field) for field in fields}}
