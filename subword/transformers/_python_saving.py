"""save_pretrained of the classes that are Python tokenizers in transformers 5 (M2M100, Marian).

transformers' Python tokenizers save differently from its tokenizers-backed ones: no
tokenizer.json, but the class's own vocabulary files (`_vocabulary_files`), added_tokens.json
when some added token has an id past the vocabulary, and a tokenizer_config.json holding the
init kwargs (each one the tokenizer has as an attribute at its current value) with the
`added_tokens_decoder`. The returned paths end with added_tokens.json even when it is not
written, as transformers' do.
"""

from __future__ import annotations

import copy
import json
import os
from typing import TYPE_CHECKING, Any, Union

from ..core.files import atomic_write_bytes
from ._chat_files import config_entry, template_files

if TYPE_CHECKING:
    from .pretrained import PreTrainedTokenizer

# init kwargs saved at the tokenizer's current value (transformers: `hasattr(self, key)`)
_CURRENT = (
    "bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token", "extra_special_tokens",
    "clean_up_tokenization_spaces", "padding_side", "truncation_side", "model_input_names", "split_special_tokens",
)
# init kwargs never written (transformers pops them at saving)
_DROPPED = ("add_bos_token", "add_eos_token", "name_or_path", "special_tokens_map_file", "tokenizer_file",
            "device_map", "slow_tokenizer_class", "files_loaded", "chat_template", "added_tokens_decoder")


def python_tokenizer_config(tokenizer: PreTrainedTokenizer, class_attributes: dict[str, str]) -> dict[str, Any]:
    """The tokenizer_config.json document of a Python tokenizer: its init kwargs (`class_attributes`
    (config key -> attribute) and the special tokens at their current value), the special tokens
    map, the added tokens."""
    config: dict[str, Any] = copy.deepcopy(tokenizer.init_kwargs)
    for key in _DROPPED:
        config.pop(key, None)
    for key in list(config):
        if key in _CURRENT or key in class_attributes:
            config[key] = copy.deepcopy(getattr(tokenizer, class_attributes.get(key, key)))
    config["model_max_length"] = tokenizer.model_max_length
    config.update(tokenizer.special_tokens_map)
    if tokenizer.extra_special_tokens:
        config["extra_special_tokens"] = list(tokenizer.extra_special_tokens)
    config["added_tokens_decoder"] = {
        id_: {"content": token.content, "lstrip": token.lstrip, "normalized": token.normalized,
                   "rstrip": token.rstrip, "single_word": token.single_word, "special": token.special}
        for id_, token in sorted(tokenizer.added_tokens_decoder.items())
    }
    config["tokenizer_class"] = type(tokenizer).__name__
    return config


def save_python_tokenizer(
    tokenizer: PreTrainedTokenizer,
    save_directory: Union[str, os.PathLike],
    filename_prefix: str | None,
    vocabulary_files: dict[str, bytes],
    class_attributes: dict[str, str],
    *,
    save_jinja_files: bool = True,
) -> tuple[str, ...]:
    """Write tokenizer_config.json, the chat templates, added_tokens.json (if any token is past the
    vocabulary) and `vocabulary_files` (name -> bytes), in transformers' order; return the paths."""
    if os.path.isfile(save_directory):
        raise FileExistsError(f"{os.fspath(save_directory)} is a file; save_pretrained needs a folder")
    prefix = f"{filename_prefix}-" if filename_prefix else ""
    config = python_tokenizer_config(tokenizer, class_attributes)
    chat_files = template_files(tokenizer.chat_template, prefix) if save_jinja_files else {}
    if not save_jinja_files and tokenizer.chat_template is not None:
        config["chat_template"] = config_entry(tokenizer.chat_template)
    added = {token: id_ for token, id_ in tokenizer.added_tokens_encoder.items() if id_ >= tokenizer.vocab_size}
    documents: dict[str, bytes] = {prefix + "tokenizer_config.json": _json(config).encode("utf-8")}
    documents.update({name: text.encode("utf-8") for name, text in chat_files.items()})
    added_name = prefix + "added_tokens.json"
    if added:
        documents[added_name] = _json(added).encode("utf-8")
    documents.update({prefix + name: data for name, data in vocabulary_files.items()})
    os.makedirs(save_directory, exist_ok=True)
    paths = []
    for name, data in documents.items():
        path = os.path.join(os.fspath(save_directory), *name.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        atomic_write_bytes(path, data)
        if name != added_name:
            paths.append(path)
    return (*paths, os.path.join(os.fspath(save_directory), added_name))


def _json(document: dict) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
