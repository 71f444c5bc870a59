"""Finding the files of a Hugging Face Hub repo: in the local cache, else by download.

The cache is huggingface_hub's, read with the file system alone (no third-party package):

    <cache>/models--<org>--<name>/
        refs/<revision>                         the commit hash a branch or tag last pointed to
        snapshots/<commit>/<subfolder>/<file>   the files of that commit (symlinks to blobs/)
        .no_exist/<commit>/<subfolder>/<file>   a file known to be absent at that commit

`<cache>` is `cache_dir=`, else `HF_HUB_CACHE`, else `HUGGINGFACE_HUB_CACHE`, else
`HF_HOME/hub`, else `XDG_CACHE_HOME/huggingface/hub`, else `~/.cache/huggingface/hub`, as
huggingface_hub's `constants.py` decides; subword reads the variables at each call, not once at
import. A revision (default `"main"`) is looked up in `refs/`; a commit hash names a snapshot
itself.

A file that is not cached is downloaded with `huggingface_hub.hf_hub_download` (the optional
extra `pip install "subword[hub]"`, imported only then), unless `HF_HUB_OFFLINE` (or
`TRANSFORMERS_OFFLINE`) is set to 1/ON/YES/TRUE or `local_files_only=True`. When downloading is
possible a branch is checked on the Hub as huggingface_hub does (a HEAD request per file, the
cached copy when the Hub cannot be reached); a commit hash already cached needs no request.

`HubRepo` pins the first commit it meets, so every file of one load comes from one commit.
What this module does not do: list a repo's files (huggingface_hub's tree API), repo types
other than models, or `local_dir=` downloads.
"""

from __future__ import annotations

import os
import re
from typing import Any, Union

from ..errors import ArgumentValueError, HubFileNotFoundError, RepoIdError

PathLike = Union[str, "os.PathLike[str]"]

HUB_EXTRA_HINT = 'pip install "subword[hub]"'
_TRUE_VALUES = {"1", "ON", "YES", "TRUE"}
_COMMIT_HASH = re.compile(r"[0-9a-f]{40}")
_REPO_ID = re.compile(r"(\b[\w\-.]{1,96}\b/)?\b[\w\-.]{1,96}\b", flags=re.ASCII)


def hub_cache_dir(cache_dir: PathLike | None = None) -> str:
    """The Hub cache folder: `cache_dir`, else the one the environment names (module docstring).

    >>> hub_cache_dir("/tmp/my-cache")
    '/tmp/my-cache'
    """
    if cache_dir is not None:
        return os.fspath(cache_dir)
    environ = os.environ
    home = os.path.expandvars(os.path.expanduser(environ.get(
        "HF_HOME", os.path.join(environ.get("XDG_CACHE_HOME", os.path.join(os.path.expanduser("~"), ".cache")), "huggingface")
    )))
    legacy = environ.get("HUGGINGFACE_HUB_CACHE", os.path.join(home, "hub"))
    return os.path.expandvars(os.path.expanduser(environ.get("HF_HUB_CACHE", legacy)))


def is_offline() -> bool:
    """True when `HF_HUB_OFFLINE` (or, if it is unset or empty, `TRANSFORMERS_OFFLINE`) is 1/ON/YES/TRUE."""
    value = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE")
    return value is not None and value.upper() in _TRUE_VALUES


def is_commit_hash(revision: str) -> bool:
    """True for a full 40-digit lowercase hex commit hash (`"main"` is a branch, not a hash)."""
    return _COMMIT_HASH.fullmatch(revision) is not None


def check_repo_id(repo_id: str) -> str:
    """`repo_id` if huggingface_hub would accept it (`"name"` or `"org/name"`), else a RepoIdError.

    >>> check_repo_id("google-bert/bert-base-uncased")
    'google-bert/bert-base-uncased'
    """
    problem = None
    if repo_id.count("/") > 1:
        problem = "a repo id is 'name' or 'org/name'"
    elif not _REPO_ID.fullmatch(repo_id):
        problem = "a repo id uses letters, digits, '-', '_' and '.', at most 96 of them, not starting or ending with '-' or '.'"
    elif "--" in repo_id or ".." in repo_id:
        problem = "a repo id cannot contain '--' or '..'"
    elif repo_id.endswith(".git"):
        problem = "a repo id cannot end with '.git'"
    if problem:
        raise RepoIdError(f"{repo_id!r} is not a local file or folder, nor a Hugging Face Hub repo id ({problem})")
    return repo_id


def repo_folder_name(repo_id: str) -> str:
    """The cache folder of a model repo: `repo_folder_name("org/name") -> 'models--org--name'`."""
    return "--".join(["models", *repo_id.split("/")])


class HubRepo:
    """The files of one model repo at one revision, from the cache or downloaded.

    Args:
        repo_id: `"name"` or `"org/name"`.
        revision: a branch, tag or commit hash; None is `"main"`.
        subfolder: the folder of the files inside the repo ("" for its top).
        cache_dir: the cache folder; None for the one the environment names.
        token: passed to `hf_hub_download` for private repos.
        local_files_only: never download (as `HF_HUB_OFFLINE=1`).
    """

    def __init__(
        self,
        repo_id: str,
        *,
        revision: str | None = None,
        subfolder: str = "",
        cache_dir: PathLike | None = None,
        token: Union[str, bool, None] = None,
        local_files_only: bool = False,
    ) -> None:
        self.repo_id = check_repo_id(repo_id)
        self.revision = revision or "main"
        self.subfolder = "/".join(_parts(subfolder or ""))
        if ".." in _parts(self.subfolder) or ".." in _parts(self.revision):
            raise ArgumentValueError(f"subfolder {subfolder!r} and revision {revision!r} must stay inside the repo (no '..')")
        self.cache_dir = hub_cache_dir(cache_dir)
        self.token = token
        self.local_files_only = bool(local_files_only)
        self.folder = os.path.join(self.cache_dir, repo_folder_name(self.repo_id))
        self._commit: str | None = self.revision if is_commit_hash(self.revision) else None
        self.unreachable: str | None = None  # why the Hub could not be reached for an optional file, if it could not

    @property
    def commit(self) -> str | None:
        """The commit hash the revision resolved to so far (None before any file was found)."""
        return self._commit

    def snapshot_folder(self) -> str | None:
        """`snapshots/<commit>/<subfolder>` of the resolved commit, if it exists."""
        commit = self._commit or self._cached_commit()
        if commit is None:
            return None
        folder = os.path.join(self.folder, "snapshots", commit, *_parts(self.subfolder))
        return folder if os.path.isdir(folder) else None

    def file(self, filename: str) -> str:
        """The local path of `filename` (under `subfolder`), downloading it if need be; a
        HubFileNotFoundError naming the repo, revision, file and cache folder if it cannot be had."""
        path = self._find(filename, required=True)
        assert path is not None  # _find raises for a required file
        return path

    def optional_file(self, filename: str) -> str | None:
        """As `file`, but None for a file absent from the repo (or, offline, from the cache);
        a repo or revision that cannot be found is still an error."""
        return self._find(filename, required=False)

    def _find(self, filename: str, required: bool) -> str | None:
        # once the Hub could not be reached, the other files come from the cache alone: each
        # attempt costs huggingface_hub's retries (about 25 s without a network)
        offline = self.local_files_only or is_offline() or self.unreachable is not None
        hf_hub_download = None if offline else _hf_hub_download()
        if self._commit is not None or hf_hub_download is None:  # the cache decides, if it knows
            commit = self._cached_commit()
            if commit is not None:
                path = os.path.join(self.folder, "snapshots", commit, *_parts(self._name(filename)))
                if os.path.isfile(path):
                    self._commit = commit
                    return path
                if os.path.isfile(os.path.join(self.folder, ".no_exist", commit, *_parts(self._name(filename)))):
                    self._commit = commit
                    self._absent(filename, required, "it is absent from the repo")
                    return None
        if hf_hub_download is not None:
            return self._download(hf_hub_download, filename, required)
        if self.unreachable is not None:  # (and not in the cache)
            if required:
                raise HubFileNotFoundError(self._describe(filename, self.unreachable))
            return None
        if not os.path.isdir(self.folder):
            raise HubFileNotFoundError(self._describe(filename, "the repo is not in the cache" + self._hint()))
        if self._cached_commit() is None:
            why = f"the revision is not in the cache (no refs/{self.revision} and no snapshots/{self.revision})"
            raise HubFileNotFoundError(self._describe(filename, why + self._hint()))
        self._absent(filename, required, "it is not in the cache")
        return None

    # -- the cache ------------------------------------------------------------------------------

    def _cached_commit(self) -> str | None:
        """The commit of the revision in the cache, as huggingface_hub's try_to_load_from_cache
        finds it: the pinned commit, else refs/<revision> if present (stripped, as HfApi.resolve_revision reads it),
        else the revision itself; None unless snapshots/<commit> (or .no_exist/<commit>) exists."""
        commit = self._commit or self.revision
        ref = os.path.join(self.folder, "refs", self.revision)
        if self._commit is None and os.path.isfile(ref):
            with open(ref, encoding="utf-8") as handle:
                commit = handle.read().strip()
        known = any(os.path.isdir(os.path.join(self.folder, part, commit)) for part in ("snapshots", ".no_exist"))
        return commit if commit and known else None

    # -- downloading ----------------------------------------------------------------------------

    def _download(self, hf_hub_download: Any, filename: str, required: bool) -> str | None:
        from huggingface_hub import errors

        try:
            path = hf_hub_download(
                self.repo_id,
                filename,
                subfolder=self.subfolder or None,
                revision=self._commit or self.revision,
                cache_dir=self.cache_dir,
                token=self.token,
                local_files_only=False,
            )
        except (errors.RepositoryNotFoundError, errors.RevisionNotFoundError) as error:
            what = "the repo" if isinstance(error, errors.RepositoryNotFoundError) else "the revision"
            raise HubFileNotFoundError(self._describe(filename, f"{what} is not on the Hub (a private repo needs `token=`): {_summary(error)}")) from error
        except errors.LocalEntryNotFoundError as error:  # the Hub could not be reached, nothing cached
            why = f"the Hub could not be reached and it is not in the cache: {_summary(error)}"
            if required:
                raise HubFileNotFoundError(self._describe(filename, why)) from error
            self.unreachable = why
            return None
        except errors.EntryNotFoundError as error:
            self._pin_from_refs()
            if required:
                raise HubFileNotFoundError(self._describe(filename, "it is absent from the repo on the Hub")) from error
            return None
        except errors.HfHubHTTPError as error:
            raise HubFileNotFoundError(self._describe(filename, f"the Hub answered: {_summary(error)}")) from error
        self._pin_from_refs()
        return os.fspath(path)

    def _pin_from_refs(self) -> None:
        """After a download, pin the commit the revision resolved to (hf_hub_download wrote refs/)."""
        if self._commit is None:
            ref = os.path.join(self.folder, "refs", self.revision)
            if os.path.isfile(ref):
                with open(ref, encoding="utf-8") as handle:
                    self._commit = handle.read().strip() or None

    # -- messages -------------------------------------------------------------------------------

    def _name(self, filename: str) -> str:
        return f"{self.subfolder}/{filename}" if self.subfolder else filename

    def _absent(self, filename: str, required: bool, why: str) -> None:
        """Raise the error of a missing file if it is `required`; nothing otherwise."""
        if required:
            raise HubFileNotFoundError(self._describe(filename, why + self._hint()))

    def _hint(self) -> str:
        """How to download what is missing, when only the missing huggingface_hub prevents it."""
        if self.local_files_only or is_offline() or _hf_hub_download() is not None:
            return ""
        return f"; to download it, install huggingface_hub: {HUB_EXTRA_HINT}"

    def _describe(self, filename: str, why: str) -> str:
        """`'org/name' (revision 'main'): cannot load tokenizer.json, because ... (cache folder ...)`."""
        mode = ""
        if self.local_files_only:
            mode = "; local_files_only=True forbids downloading"
        elif is_offline():
            mode = "; HF_HUB_OFFLINE is set, so nothing is downloaded"
        return f"{self.repo_id!r} (revision {self.revision!r}): cannot load {self._name(filename)}, because {why} (cache folder {self.folder}{mode})"


def _hf_hub_download() -> Any:
    """huggingface_hub's hf_hub_download, or None if the package is not installed."""
    try:
        from huggingface_hub import hf_hub_download
    except ImportError:
        return None
    return hf_hub_download


def _parts(name: str) -> list[str]:
    """The path parts of a repo path: `_parts("a/b.json") -> ['a', 'b.json']`, `_parts("") -> []`."""
    return [part for part in name.split("/") if part]


def _summary(error: BaseException) -> str:
    """huggingface_hub's message on one line, shortened: `'404 Client Error. Entry Not Found for url: ...'`."""
    text = " ".join(line.strip() for line in str(error).splitlines() if line.strip())
    return (text[:197] + "...") if len(text) > 200 else text or type(error).__name__
