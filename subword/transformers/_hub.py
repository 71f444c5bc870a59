"""`from_pretrained` by Hub repo id: the repo's tokenizer files, fetched into a cache snapshot.

A name that is a local folder or file is loaded as such (`subfolder` joined to a folder, as
transformers does). Any other name is a Hub repo id: `core.hub_cache.HubRepo` finds each file in
the Hugging Face cache or downloads it, and the snapshot folder `snapshots/<commit>/<subfolder>`
is then loaded as a local folder. The files fetched are those transformers 5 asks for:

1. tokenizer_config.json, config.json, special_tokens_map.json, added_tokens.json, tokenizer.json
   and the chat template files, each optional (absent from the repo is fine);
2. without a tokenizer.json, the vocabulary files of the tokenizer class those configs name
   (`_loading.vocab_file_names`), else transformers' generic names.

The first file found pins the commit, so all files come from one commit. Not fetched: the
`additional_chat_templates/` folder (listing it needs the Hub's tree API; templates of it already
in the cached snapshot are read, as transformers reads them offline) and
`fast_tokenizer_files` variants, which the folder loader does not read either.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Union

from ..core.hub_cache import HubRepo
from ..errors import HubFileNotFoundError
from ._loading import load_pretrained, tokenizer_class_of, vocab_file_names
from ._post_load import finish_load

if TYPE_CHECKING:
    from .pretrained import PreTrainedTokenizer

CONFIG_FILES = ("tokenizer_config.json", "config.json", "special_tokens_map.json", "added_tokens.json")
CHAT_TEMPLATE_FILES = ("chat_template.jinja", "chat_template.json")


def from_pretrained(
    cls: type[PreTrainedTokenizer],
    pretrained_model_name_or_path: Union[str, os.PathLike],
    *,
    cache_dir: Union[str, os.PathLike, None] = None,
    revision: str | None = None,
    subfolder: str = "",
    local_files_only: bool = False,
    token: Union[str, bool, None] = None,
    **kwargs: Any,
) -> PreTrainedTokenizer:
    """A `cls` loaded from a local folder or file, or from a Hub repo id: see `AutoTokenizer.from_pretrained`."""
    name = os.fspath(pretrained_model_name_or_path)
    if os.path.isdir(name):
        path = os.path.join(name, subfolder) if subfolder else name
        return finish_load(load_pretrained(cls, path, **kwargs), path, kwargs)
    if os.path.isfile(name):
        return finish_load(load_pretrained(cls, name, **kwargs), name, kwargs)
    repo = HubRepo(
        name, revision=revision, subfolder=subfolder, cache_dir=cache_dir, token=token, local_files_only=local_files_only
    )
    folder = hub_folder(repo)
    return finish_load(load_pretrained(cls, folder, name=name, **kwargs), folder, kwargs, name)


def hub_folder(repo: HubRepo) -> str:
    """The snapshot folder holding `repo`'s tokenizer files, fetched as the module docstring says."""
    for name in CONFIG_FILES + ("tokenizer.json",) + CHAT_TEMPLATE_FILES:
        repo.optional_file(name)
    folder = repo.snapshot_folder()
    tried = ["tokenizer.json"]
    if folder is None or not os.path.isfile(os.path.join(folder, "tokenizer.json")):
        names, fallback = vocab_file_names(tokenizer_class_of(folder) if folder else None)
        for group in (names, fallback):
            tried += group
            found = [name for name in group if repo.optional_file(name)]
            if "vocab.json" in found:
                repo.optional_file("merges.txt")
            if found:
                break
        folder = repo.snapshot_folder()
    if folder is None or not any(os.path.isfile(os.path.join(folder, name)) for name in tried):
        wanted = ", ".join(dict.fromkeys(tried))
        where = repo.folder if folder is None else folder
        raise HubFileNotFoundError(
            f"{repo.repo_id!r} (revision {repo.revision!r}{', subfolder ' + repr(repo.subfolder) if repo.subfolder else ''}): "
            f"no tokenizer files found; looked for {wanted} (cache folder {where})"
            + (f"; {repo.unreachable}" if repo.unreachable else "")
        )
    return folder
