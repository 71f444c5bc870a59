"""What `from_pretrained` does after the loader has built a tokenizer from a folder.

Kept apart from `_loading` (which builds the pipeline from the vocabulary files): the legacy
`added_tokens.json` (its tokens added, as transformers 5 adds them, when tokenizer_config.json has
no `added_tokens_decoder`), `init_kwargs` (the config as read plus the keyword arguments, so that
`save_pretrained` writes back the keys subword does not use), and the `add_bos_token` /
`add_eos_token` flags, which transformers takes from the keyword arguments only when the folder
has a tokenizer.json, and which, given as keyword arguments, replace the post-processor with the
generic `[bos] $A [eos]` template for the classes that have no post-processor of their own.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from ..core.added_vocabulary import AddedToken
from ..errors import FileFieldTypeError, TokenizerFileError, type_name
from ._builders import find_recipe

if TYPE_CHECKING:
    from .pretrained import PreTrainedTokenizer

ADDED_TOKENS_FILE = "added_tokens.json"
# keys of tokenizer_config.json that transformers does not keep in init_kwargs
_NOT_INIT_KWARGS = ("tokenizer_class", "init_inputs")


def finish_load(tokenizer: PreTrainedTokenizer, path: str, kwargs: dict[str, Any], name: str | None = None) -> PreTrainedTokenizer:
    """`tokenizer`, loaded from `path` with `kwargs`, completed as the module docstring says."""
    folder = path if os.path.isdir(path) else None
    config = _read(os.path.join(folder, "tokenizer_config.json")) if folder else {}
    if folder and "added_tokens_decoder" not in config:
        _add_legacy_tokens(tokenizer, os.path.join(folder, ADDED_TOKENS_FILE))
    has_json = (folder is not None and os.path.isfile(os.path.join(folder, "tokenizer.json"))) or (
        folder is None and not path.endswith((".model", ".txt", ".tiktoken"))
    )
    init_kwargs = {key: value for key, value in config.items() if key not in _NOT_INIT_KWARGS}
    if has_json:  # as transformers: the config's flags do not reach a tokenizer.json tokenizer
        init_kwargs.pop("add_bos_token", None)
        init_kwargs.pop("add_eos_token", None)
    init_kwargs.update(kwargs)
    init_kwargs["name_or_path"] = name or path
    own_init_kwargs = getattr(tokenizer, "own_init_kwargs", None)
    if own_init_kwargs is not None:  # a Python tokenizer class of transformers: its own arguments and defaults
        init_kwargs = own_init_kwargs(init_kwargs, is_local=name is None)
    tokenizer.init_kwargs = init_kwargs
    # a class's own default (CodeLlama adds bos unless told not to)
    tokenizer._add_bos_token = bool(init_kwargs.get("add_bos_token", getattr(tokenizer, "default_add_bos_token", False)))
    tokenizer._add_eos_token = bool(init_kwargs.get("add_eos_token", False))
    recipe = find_recipe(tokenizer.tokenizer_class)
    if ("add_bos_token" in kwargs or "add_eos_token" in kwargs) and (recipe is None or recipe.post_processor is None):
        tokenizer.update_post_processor()  # as transformers: explicit flags make the generic template
    else:  # a flag whose token is unset reads False, as transformers' update turns it off
        tokenizer._add_bos_token = tokenizer._add_bos_token and tokenizer.bos_token is not None
        tokenizer._add_eos_token = tokenizer._add_eos_token and tokenizer.eos_token is not None
    if "split_special_tokens" in init_kwargs:
        tokenizer.split_special_tokens = bool(init_kwargs["split_special_tokens"])
    return tokenizer


def _add_legacy_tokens(tokenizer: PreTrainedTokenizer, path: str) -> None:
    """Add the tokens of an added_tokens.json ({token: id}) the tokenizer lacks, by id."""
    entries = _read(path)
    for token, index in entries.items():
        if isinstance(index, bool) or not isinstance(index, int):
            raise FileFieldTypeError(f"{path}: the id of {token!r:.40} must be an int, got {type_name(index)}")
    special = set(tokenizer.all_special_tokens)
    vocab = tokenizer.backend_tokenizer.get_vocab(with_added_tokens=True)
    new: list[str | AddedToken] = [
        AddedToken(token, rstrip=False, lstrip=False, normalized=token not in special, special=token in special)
        for token, _ in sorted(entries.items(), key=lambda item: item[1])
        if token not in vocab
    ]
    if new:
        tokenizer.backend_tokenizer.add_tokens(new)


def _read(path: str) -> dict[str, Any]:
    """A JSON object file, or {} when absent."""
    if not os.path.isfile(path):
        return {}
    with open(path, encoding="utf-8") as file:
        try:
            document = json.load(file)
        except ValueError as error:
            raise TokenizerFileError(f"{path}: not valid JSON ({error})") from None
    if not isinstance(document, dict):
        raise TokenizerFileError(f"{path}: expected a JSON object at the top level, got {type_name(document)}")
    return document
