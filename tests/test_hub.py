"""Loading by Hub repo id: the Hugging Face cache read with the file system, downloads through
huggingface_hub from a local stand-in of the Hub (tests/hub_server.py), and the errors.

The cache tests run in-process with `HF_HUB_OFFLINE=1` and a download function that fails the
test if called. The download tests run in a subprocess (huggingface_hub reads `HF_ENDPOINT` at
import) against a server on 127.0.0.1; nothing here touches the internet.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import subword
from subword import AutoTokenizer, HubFileNotFoundError, RepoIdError, Tokenizer
from subword.core import hub_cache
from subword.core.hub_cache import HubRepo, check_repo_id, hub_cache_dir, is_offline
from subword.errors import ArgumentValueError
from tests.hub_server import MAIN, TEXT, V2, HubServer, hub_repos, write_cache
from tests.shared_data import REPO_ROOT, fixture_path

@pytest.fixture
def offline_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Hub cache holding `hub_repos()`, named by HF_HUB_CACHE, with HF_HUB_OFFLINE=1."""
    cache = tmp_path / "hub"
    for repo_id, repo in hub_repos().items():
        write_cache(cache, repo_id, repo)
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(hub_cache, "_hf_hub_download", _no_download)
    return cache


def _no_download() -> object:
    """Stands in for hub_cache._hf_hub_download: a download function that fails the test."""

    def hf_hub_download(*args: object, **kwargs: object) -> None:
        pytest.fail(f"a download was attempted: {args} {kwargs}")

    return hf_hub_download


def _local(relative: str) -> Tokenizer:
    return Tokenizer.from_file(str(fixture_path(relative)))


# -- where the cache is, offline, repo ids ----------------------------------------------------------


def test_cache_folder_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert hub_cache_dir() == str(tmp_path / "home" / ".cache" / "huggingface" / "hub")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert hub_cache_dir() == str(tmp_path / "xdg" / "huggingface" / "hub")
    monkeypatch.setenv("HF_HOME", "~/hf")
    assert hub_cache_dir() == str(tmp_path / "home" / "hf" / "hub")
    monkeypatch.setenv("HUGGINGFACE_HUB_CACHE", str(tmp_path / "legacy"))
    assert hub_cache_dir() == str(tmp_path / "legacy")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "new"))
    assert hub_cache_dir() == str(tmp_path / "new")
    assert hub_cache_dir(tmp_path / "given") == str(tmp_path / "given")


@pytest.mark.parametrize(
    ("hub_offline", "transformers_offline", "expected"),
    [("1", None, True), ("on", None, True), ("Yes", None, True), ("TRUE", None, True), ("0", None, False),
     ("false", None, False), ("", "1", True), (None, "yes", True), ("0", "1", False), (None, None, False)],
)
def test_offline_values_as_huggingface_hub_reads_them(monkeypatch, hub_offline, transformers_offline, expected) -> None:
    for name, value in (("HF_HUB_OFFLINE", hub_offline), ("TRANSFORMERS_OFFLINE", transformers_offline)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert is_offline() is expected


@pytest.mark.parametrize("name", ["bert-base-uncased", "org/name", "Org_1/name.v2-x", "a" * 96])
def test_valid_repo_ids(name: str) -> None:
    assert check_repo_id(name) == name


@pytest.mark.parametrize("name", ["a/b/c", "/abs/path", "./local", "-name", "name.", "a--b", "a..b", "x.git", "a" * 97, "café", ""])
def test_invalid_repo_ids_are_both_value_and_os_errors(name: str) -> None:
    with pytest.raises(RepoIdError) as raised:
        check_repo_id(name)
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, OSError)
    assert repr(name) in str(raised.value)


# -- loading from the cache, offline --------------------------------------------------------------


def test_tokenizer_from_the_cache(offline_cache: Path) -> None:
    loaded = Tokenizer.from_pretrained("bert-base-uncased")
    assert loaded.encode(TEXT).ids == _local("bert-base-uncased/tokenizer.json").encode(TEXT).ids


def test_a_second_revision_by_tag_and_by_commit(offline_cache: Path) -> None:
    expected = _local("roberta-base/tokenizer.json").encode(TEXT).ids
    assert Tokenizer.from_pretrained("bert-base-uncased", revision="v2").encode(TEXT).ids == expected
    assert Tokenizer.from_pretrained("bert-base-uncased", revision=V2).encode(TEXT).ids == expected
    assert AutoTokenizer.from_pretrained("bert-base-uncased", revision="v2")(TEXT)["input_ids"] == expected
    assert AutoTokenizer.from_pretrained("bert-base-uncased", revision=MAIN).name_or_path == "bert-base-uncased"


def test_autotokenizer_from_the_cache_equals_the_local_folder(offline_cache: Path) -> None:
    by_id = AutoTokenizer.from_pretrained("bert-base-uncased")
    local = AutoTokenizer.from_pretrained(fixture_path("bert-base-uncased"))
    assert by_id(TEXT, "a pair")["input_ids"] == local(TEXT, "a pair")["input_ids"]
    assert by_id.all_special_tokens == local.all_special_tokens
    assert by_id.name_or_path == "bert-base-uncased"


def test_subfolder(offline_cache: Path) -> None:
    tokenizer = AutoTokenizer.from_pretrained("org/nested", subfolder="tokenizer")
    assert tokenizer(TEXT)["input_ids"] == AutoTokenizer.from_pretrained(fixture_path("t5"))(TEXT)["input_ids"]
    with pytest.raises(HubFileNotFoundError, match="no tokenizer files found"):
        AutoTokenizer.from_pretrained("org/nested")  # the top holds only config.json


def test_vocab_files_without_tokenizer_json(offline_cache: Path) -> None:
    by_id = AutoTokenizer.from_pretrained("org/vocab-only")
    assert by_id(TEXT)["input_ids"] == AutoTokenizer.from_pretrained(fixture_path("bert-base-uncased"))(TEXT)["input_ids"]
    with pytest.raises(HubFileNotFoundError, match="tokenizer.json"):
        Tokenizer.from_pretrained("org/vocab-only")


def test_cache_dir_argument_and_local_files_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "elsewhere"
    write_cache(cache, "bert-base-uncased", hub_repos()["bert-base-uncased"])
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty"))
    monkeypatch.setattr(hub_cache, "_hf_hub_download", _no_download)
    tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased", cache_dir=cache, local_files_only=True)
    assert tokenizer("hello")["input_ids"] == [101, 7592, 102]
    with pytest.raises(HubFileNotFoundError, match="local_files_only=True"):
        AutoTokenizer.from_pretrained("bert-base-uncased", local_files_only=True)


def test_a_ref_with_a_trailing_newline(offline_cache: Path) -> None:
    (offline_cache / "models--bert-base-uncased" / "refs" / "main").write_text(MAIN + "\n", encoding="utf-8")
    assert Tokenizer.from_pretrained("bert-base-uncased").encode("hello").ids[:3] == [101, 7592, 102]


def test_a_file_recorded_as_absent_is_not_fetched(offline_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Online, with the commit pinned: .no_exist answers without a request, as transformers' cached_files does.
    monkeypatch.delenv("HF_HUB_OFFLINE")
    marker = offline_cache / "models--bert-base-uncased" / ".no_exist" / MAIN / "chat_template.jinja"
    marker.parent.mkdir(parents=True)
    marker.touch()
    repo = HubRepo("bert-base-uncased", revision=MAIN)
    assert repo.optional_file("chat_template.jinja") is None
    with pytest.raises(HubFileNotFoundError, match="absent from the repo"):
        repo.file("chat_template.jinja")
    assert repo.file("vocab.txt").endswith(os.path.join("snapshots", MAIN, "vocab.txt"))


# -- errors ---------------------------------------------------------------------------------------


def test_a_missing_repo_is_an_os_error_naming_what_was_looked_for(offline_cache: Path) -> None:
    for load in (Tokenizer.from_pretrained, AutoTokenizer.from_pretrained):
        with pytest.raises(FileNotFoundError) as raised:
            load("org/absent")
        message = str(raised.value)
        for part in ("'org/absent'", "revision 'main'", str(offline_cache / "models--org--absent"), "HF_HUB_OFFLINE"):
            assert part in message


def test_a_missing_revision_and_a_missing_file(offline_cache: Path) -> None:
    with pytest.raises(HubFileNotFoundError, match=r"revision 'v3'.*no refs/v3"):
        Tokenizer.from_pretrained("bert-base-uncased", revision="v3")
    with pytest.raises(HubFileNotFoundError, match=r"revision '0{40}'"):
        AutoTokenizer.from_pretrained("bert-base-uncased", revision="0" * 40)
    (offline_cache / "models--bert-base-uncased" / "snapshots" / MAIN / "tokenizer.json").unlink()
    with pytest.raises(OSError, match=r"cannot load tokenizer.json, because it is not in the cache"):
        Tokenizer.from_pretrained("bert-base-uncased")


def test_an_unreachable_hub_is_named_in_the_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    errors = pytest.importorskip("huggingface_hub.errors", reason="the error hf_hub_download raises")

    def unreachable(*args: object, **kwargs: object) -> None:
        raise errors.LocalEntryNotFoundError("An error happened while trying to locate the file on the Hub")

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setattr(hub_cache, "_hf_hub_download", lambda: unreachable)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    with pytest.raises(HubFileNotFoundError, match="no tokenizer files found.*the Hub could not be reached"):
        AutoTokenizer.from_pretrained("org/name")
    with pytest.raises(HubFileNotFoundError, match="tokenizer.json, because the Hub could not be reached"):
        Tokenizer.from_pretrained("org/name")


def test_without_huggingface_hub_the_error_names_the_extra(offline_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.setattr(hub_cache, "_hf_hub_download", lambda: None)
    assert Tokenizer.from_pretrained("bert-base-uncased").encode("hello").ids[:3] == [101, 7592, 102]  # the cache needs nothing
    with pytest.raises(HubFileNotFoundError, match=r'pip install "subword\[hub\]"'):
        Tokenizer.from_pretrained("org/absent")


def test_without_huggingface_hub_installed(offline_cache: Path) -> None:
    code = textwrap.dedent("""
        import sys
        sys.modules["huggingface_hub"] = None  # import fails as if it were not installed
        import subword
        print(subword.Tokenizer.from_pretrained("bert-base-uncased").encode("hello").ids[:3])
        try:
            subword.AutoTokenizer.from_pretrained("org/absent")
        except OSError as error:
            print(type(error).__name__, error)
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    env.pop("HF_HUB_OFFLINE")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()[:2]
    assert first == "[101, 7592, 102]"
    assert second.startswith("HubFileNotFoundError") and 'pip install "subword[hub]"' in second


def test_local_paths_load_as_before(tmp_path: Path) -> None:
    folder = fixture_path("bert-base-uncased")
    assert Tokenizer.from_pretrained(str(folder)).encode("hello").ids[:3] == [101, 7592, 102]
    assert Tokenizer.from_pretrained(str(folder / "tokenizer.json")).encode("hello").ids[:3] == [101, 7592, 102]
    with pytest.raises(ArgumentValueError, match="a folder without a tokenizer.json"):
        Tokenizer.from_pretrained(str(tmp_path))
    with pytest.raises(RepoIdError):  # no such local path, and no repo id either
        Tokenizer.from_pretrained(str(tmp_path / "missing" / "tokenizer.json"))
    nested = tmp_path / "model"
    (nested / "tokenizer").mkdir(parents=True)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        (nested / "tokenizer" / name).write_bytes((folder / name).read_bytes())
    assert AutoTokenizer.from_pretrained(nested, subfolder="tokenizer")("hello")["input_ids"] == [101, 7592, 102]


def test_public_errors() -> None:
    assert issubclass(subword.HubFileNotFoundError, FileNotFoundError)
    assert issubclass(subword.HubFileNotFoundError, subword.SubwordError)
    assert issubclass(subword.RepoIdError, subword.ArgumentValueError)


# -- downloading from a local Hub -----------------------------------------------------------------


def run_against(server: HubServer, tmp_path: Path, code: str, **extra_env: str) -> list:
    """Run `code` in a subprocess whose huggingface_hub talks to `server`; the JSON lines it printed."""
    pytest.importorskip("huggingface_hub", reason="downloads go through huggingface_hub")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("HF_", "HUGGINGFACE_", "TRANSFORMERS_"))}
    env.update(
        PYTHONPATH=str(REPO_ROOT), HF_ENDPOINT=server.endpoint, HF_HOME=str(tmp_path / "hf-home"),
        HF_HUB_CACHE=str(tmp_path / "hub"), HF_HUB_DISABLE_TELEMETRY="1", HF_HUB_DISABLE_PROGRESS_BARS="1",
        HF_HUB_DISABLE_XET="1", NO_PROXY="127.0.0.1", no_proxy="127.0.0.1", **extra_env,
    )
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith(("[", "{", '"'))]


DOWNLOADS = """
    import json, subword
    def attempt(load):
        try:
            return load()
        except OSError as error:
            return [type(error).__name__, str(error)]
    print(json.dumps(subword.Tokenizer.from_pretrained("bert-base-uncased").encode(%(text)r).ids))
    print(json.dumps(subword.Tokenizer.from_pretrained("bert-base-uncased", revision="v2").encode(%(text)r).ids))
    print(json.dumps(subword.AutoTokenizer.from_pretrained("bert-base-uncased")(%(text)r)["input_ids"]))
    print(json.dumps(subword.AutoTokenizer.from_pretrained("org/nested", subfolder="tokenizer")(%(text)r)["input_ids"]))
    print(json.dumps(subword.AutoTokenizer.from_pretrained("org/vocab-only")(%(text)r)["input_ids"]))
    print(json.dumps(attempt(lambda: subword.Tokenizer.from_pretrained("org/absent"))))
    print(json.dumps(attempt(lambda: subword.AutoTokenizer.from_pretrained("org/absent"))))
    print(json.dumps(attempt(lambda: subword.Tokenizer.from_pretrained("org/vocab-only"))))
    print(json.dumps(attempt(lambda: subword.Tokenizer.from_pretrained("bert-base-uncased", revision="v3"))))
""" % {"text": TEXT}


def test_downloads_from_a_local_hub(tmp_path: Path) -> None:
    with HubServer(hub_repos()) as server:
        results = run_against(server, tmp_path, DOWNLOADS)
    bert, roberta, auto_bert, nested, vocab_only, *errors = results
    assert bert == _local("bert-base-uncased/tokenizer.json").encode(TEXT).ids
    assert roberta == _local("roberta-base/tokenizer.json").encode(TEXT).ids
    assert auto_bert == AutoTokenizer.from_pretrained(fixture_path("bert-base-uncased"))(TEXT)["input_ids"]
    assert nested == AutoTokenizer.from_pretrained(fixture_path("t5"))(TEXT)["input_ids"]
    assert vocab_only == auto_bert
    absent_tokenizer, absent_auto, no_json, no_revision = errors
    for kind, message in (absent_tokenizer, absent_auto):
        assert kind == "HubFileNotFoundError" and "'org/absent'" in message and "the repo is not on the Hub" in message
    assert no_json[0] == "HubFileNotFoundError" and "tokenizer.json, because it is absent from the repo on the Hub" in no_json[1]
    assert no_revision[0] == "HubFileNotFoundError" and "the revision is not on the Hub" in no_revision[1]
    # Files were fetched once each and only as needed: tokenizer.json was found, so no vocab files.
    cache = tmp_path / "hub" / "models--bert-base-uncased"
    assert (cache / "refs" / "main").read_text() == MAIN and (cache / "refs" / "v2").read_text() == V2
    assert not (cache / "snapshots" / MAIN / "vocab.txt").exists()
    assert not (tmp_path / "hub" / "models--org--nested" / "snapshots" / MAIN / "tokenizer" / "spiece.model").exists()
    assert (cache / ".no_exist" / MAIN / "chat_template.jinja").exists()


def test_the_downloaded_cache_then_loads_offline(tmp_path: Path) -> None:
    with HubServer(hub_repos()) as server:
        run_against(server, tmp_path, DOWNLOADS)
        requests_after_first = len(server.requests)
        again = run_against(server, tmp_path, DOWNLOADS, HF_HUB_OFFLINE="1")
    assert again[0] == _local("bert-base-uncased/tokenizer.json").encode(TEXT).ids
    assert again[4] == again[2]  # vocab-only, from the cache
    assert again[5][0] == "HubFileNotFoundError" and "HF_HUB_OFFLINE" in again[5][1]
    assert requests_after_first == len(server.requests)


def test_an_unreachable_hub_is_asked_once_per_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a network each download attempt costs huggingface_hub's retries: after the first
    failure the other files come from the cache alone, and the error says the Hub was unreachable."""
    errors = pytest.importorskip("huggingface_hub.errors", reason="the download path needs huggingface_hub")
    calls: list[str] = []

    def unreachable(repo_id: str, filename: str, **_: object) -> str:
        calls.append(filename)
        raise errors.LocalEntryNotFoundError("connection refused")

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setattr("huggingface_hub.hf_hub_download", unreachable)
    with pytest.raises(OSError, match="could not be reached"):
        AutoTokenizer.from_pretrained("some-org/some-model", cache_dir=tmp_path)
    assert len(calls) == 1, calls
