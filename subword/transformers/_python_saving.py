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
import os
from typing import TYPE_CHECKING, Any, Union

from ._saving import config_json, write_documents

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
    added = {token: id_ for token, id_ in tokenizer.added_tokens_encoder.items() if id_ >= tokenizer.vocab_size}

    def files(prefix: str) -> dict[str, bytes]:
        added_file = {prefix + "added_tokens.json": config_json(added).encode("utf-8")} if added else {}
        return {**added_file, **{prefix + name: data for name, data in vocabulary_files.items()}}

    config = python_tokenizer_config(tokenizer, class_attributes)
    paths = write_documents(tokenizer, save_directory, filename_prefix, config, save_jinja_files, files)
    # transformers lists added_tokens.json last, written or not
    added_path = os.path.join(os.fspath(save_directory), (f"{filename_prefix}-" if filename_prefix else "") + "added_tokens.json")
    return (*[path for path in paths if path != added_path], added_path)
