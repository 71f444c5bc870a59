"""Loading by Hub id against the references: huggingface_hub's cache folder, offline switch and
repo id rules; `tokenizers.Tokenizer.from_pretrained` and `transformers.AutoTokenizer` loading the
same cache offline, and downloading from the same local Hub stand-in (tests/hub_server.py).

Each reference runs in a subprocess, because huggingface_hub reads HF_HUB_CACHE, HF_HUB_OFFLINE
and HF_ENDPOINT once, at import. Nothing here touches the internet.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from subword.core.hub_cache import check_repo_id
from subword.errors import RepoIdError
from tests.hub_server import MAIN, TEXT, V2, HubServer, hub_repos, write_cache
from tests.shared_data import REPO_ROOT

huggingface_hub = pytest.importorskip("huggingface_hub", reason="the reference for the cache layout and downloads")


def run(code: str, env: dict[str, str]) -> list:
    """Run `code` in a subprocess with exactly the HF variables of `env`; the JSON lines it printed."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("HF_", "HUGGINGFACE_", "TRANSFORMERS_", "XDG_"))}
    clean.update(PYTHONPATH=str(REPO_ROOT), HF_HUB_DISABLE_TELEMETRY="1", HF_HUB_DISABLE_PROGRESS_BARS="1", HF_HUB_DISABLE_XET="1", **env)
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=clean, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith(("[", "{"))]


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"XDG_CACHE_HOME": "/x/xdg"},
        {"HF_HOME": "/x/home", "XDG_CACHE_HOME": "/x/xdg"},
        {"HF_HOME": "~/hf-$USER"},
        {"HUGGINGFACE_HUB_CACHE": "/x/legacy", "HF_HOME": "/x/home"},
        {"HF_HUB_CACHE": "/x/new", "HUGGINGFACE_HUB_CACHE": "/x/legacy", "HF_HUB_OFFLINE": "yes"},
        {"HF_HUB_OFFLINE": "", "TRANSFORMERS_OFFLINE": "On"},
        {"HF_HUB_OFFLINE": "0", "TRANSFORMERS_OFFLINE": "1"},
    ],
    ids=repr,
)
def test_cache_folder_and_offline_switch_as_huggingface_hub(env: dict[str, str]) -> None:
    (ours, theirs), = run(
        """
        import json
        from subword.core.hub_cache import hub_cache_dir, is_offline
        from huggingface_hub import constants
        print(json.dumps([[hub_cache_dir(), is_offline()], [constants.HF_HUB_CACHE, constants.HF_HUB_OFFLINE]]))
        """,
        {"USER": "me", **env},
    )
    assert ours == theirs


@pytest.mark.parametrize(
    "name",
    ["bert-base-uncased", "org/name", "a/b/c", "-x", "x-", "x.", ".x", "_x", "x_", "a--b", "a..b", "x.git", "a" * 96,
     "a" * 97, "o/" + "a" * 96, "café", "a b", "", "org/", "/name", "a/.b", "1", "x/y.git"],
    ids=repr,
)
def test_repo_ids_as_huggingface_hub_validates_them(name: str) -> None:
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    try:
        validate_repo_id(name)
        valid = True
    except HFValidationError:
        valid = False
    if valid:
        assert check_repo_id(name) == name
    else:
        with pytest.raises(RepoIdError):
            check_repo_id(name)


# Every load, by subword and by the references; an error is [its OSError/ValueError kinds, message].
LOADS = """
    import json, os, sys
    import subword, tokenizers, transformers

    def attempt(load):
        try:
            return load()
        except Exception as error:
            return [[kind.__name__ for kind in (FileNotFoundError, OSError, ValueError) if isinstance(error, kind)], str(error)[:300]]

    cache = os.environ.get("REFERENCE_CACHE")  # transformers' own cache when downloading, else the shared one
    text = %(text)r
    rows = [
        ("main", lambda m: m.Tokenizer.from_pretrained("bert-base-uncased").encode(text).ids),
        ("v2", lambda m: m.Tokenizer.from_pretrained("bert-base-uncased", revision="v2").encode(text).ids),
        ("commit", lambda m: m.Tokenizer.from_pretrained("bert-base-uncased", revision=%(v2)r).encode(text).ids),
        ("absent repo", lambda m: m.Tokenizer.from_pretrained("org/absent")),
        ("absent file", lambda m: m.Tokenizer.from_pretrained("org/vocab-only")),
        ("bad id", lambda m: m.Tokenizer.from_pretrained("a/b/c")),
    ]
    auto_rows = [
        ("auto main", dict(pretrained_model_name_or_path="bert-base-uncased")),
        ("auto v2", dict(pretrained_model_name_or_path="bert-base-uncased", revision="v2")),
        ("auto commit", dict(pretrained_model_name_or_path="bert-base-uncased", revision=%(main)r)),
        ("auto subfolder", dict(pretrained_model_name_or_path="org/nested", subfolder="tokenizer")),
        ("auto vocab only", dict(pretrained_model_name_or_path="org/vocab-only")),
        ("auto absent repo", dict(pretrained_model_name_or_path="org/absent")),
        ("auto bad id", dict(pretrained_model_name_or_path="a/b/c")),
    ]
    for label, load in rows:
        print(json.dumps([label, attempt(lambda: load(subword)), attempt(lambda: load(tokenizers))]))
    for label, kwargs in auto_rows:
        ours = attempt(lambda: subword.AutoTokenizer.from_pretrained(**kwargs)(text, "a pair")["input_ids"])
        theirs = attempt(lambda: transformers.AutoTokenizer.from_pretrained(cache_dir=cache, **kwargs)(text, "a pair")["input_ids"])
        print(json.dumps([label, ours, theirs]))
""" % {"text": TEXT, "v2": V2, "main": MAIN}


def check_rows(rows: list) -> None:
    """Each load gives the same ids as its reference, or fails where it fails, with the reference's kind of error."""
    assert len(rows) == 13
    for label, ours, theirs in rows:
        if isinstance(theirs[0], int):
            assert ours == theirs, label
        else:
            assert isinstance(ours[0], list) and set(theirs[0]) <= set(ours[0]), (label, ours, theirs)


def test_loading_a_cache_offline_as_the_references(tmp_path: Path) -> None:
    pytest.importorskip("tokenizers")
    pytest.importorskip("transformers")
    cache = tmp_path / "hub"
    for repo_id, repo in hub_repos().items():
        write_cache(cache, repo_id, repo)
    rows = run(LOADS, {"HF_HUB_CACHE": str(cache), "HF_HOME": str(tmp_path / "home"), "HF_HUB_OFFLINE": "1"})
    check_rows(rows)
    by_label = {label: (ours, theirs) for label, ours, theirs in rows}
    assert by_label["absent repo"][1][0] == ["FileNotFoundError", "OSError"]  # huggingface_hub's LocalEntryNotFoundError
    assert by_label["auto absent repo"][1][0] == ["OSError"]


def test_downloading_as_the_references(tmp_path: Path) -> None:
    pytest.importorskip("tokenizers")
    pytest.importorskip("transformers")
    with HubServer(hub_repos()) as server:
        env = {
            "HF_ENDPOINT": server.endpoint, "HF_HUB_CACHE": str(tmp_path / "hub"), "HF_HOME": str(tmp_path / "home"),
            "REFERENCE_CACHE": str(tmp_path / "transformers-hub"), "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1",
        }
        rows = run(LOADS, env)
    check_rows(rows)
    by_label = {label: (ours, theirs) for label, ours, theirs in rows}
    # Online, a missing repo is huggingface_hub's RepositoryNotFoundError: an OSError, not a FileNotFoundError.
    assert by_label["absent repo"][1][0] == ["OSError"] and "OSError" in by_label["absent repo"][0][0]
