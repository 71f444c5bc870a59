"""A tiny Hugging Face Hub stand-in on 127.0.0.1, and a builder of Hub caches, for the Hub tests.

`HubServer` answers the requests huggingface_hub's `hf_hub_download` makes, and the few
transformers adds, from repos held in memory; point `HF_ENDPOINT` at `server.endpoint` in a
subprocess (huggingface_hub reads it at import). It never touches the internet:

    HEAD/GET /{repo_id}/resolve/{revision}/{path}     X-Repo-Commit, ETag, Content-Length; a 404
                                                      with X-Error-Code RepoNotFound,
                                                      RevisionNotFound or EntryNotFound
    GET /api/models/{repo_id}/revision/{revision}     {"id", "sha"} (HfApi.resolve_revision)
    GET /api/models/{repo_id}/tree/{revision}[/path]  the files under path (list_repo_tree)

`write_cache` lays files out as huggingface_hub's cache does (blobs, snapshot symlinks, refs);
`hub_repos` are the repos of the tests, made of the shared fixtures.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.shared_data import fixture_path


@dataclass
class Repo:
    """A repo: its commits' files ({commit: {path: bytes}}) and its branches ({name: commit})."""

    commits: dict[str, dict[str, bytes]]
    refs: dict[str, str] = field(default_factory=dict)

    def commit_of(self, revision: str) -> str | None:
        return self.refs.get(revision) or (revision if revision in self.commits else None)


def commit_hash(label: str) -> str:
    """A made-up 40-digit commit hash: `commit_hash("main")` is the same hash every time."""
    return hashlib.sha1(label.encode()).hexdigest()


MAIN, V2 = commit_hash("main"), commit_hash("v2")
TEXT = "Hello world! The quick brown fox jumps over the lazy dog."


def _read(relative: str) -> bytes:
    return fixture_path(relative).read_bytes()


def hub_repos() -> dict[str, Repo]:
    """The repos of these tests (skipped when the shared fixtures are absent)."""
    bert = {name: _read(f"bert-base-uncased/{name}") for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")}
    bert["config.json"] = b'{"model_type": "bert"}'
    roberta = {"tokenizer.json": _read("roberta-base/tokenizer.json"), "config.json": b'{"model_type": "roberta"}'}
    return {
        # main is BERT; the tag v2 is RoBERTa's tokenizer.json, to tell the revisions apart
        "bert-base-uncased": Repo({MAIN: bert, V2: roberta}, refs={"main": MAIN, "v2": V2}),
        # the tokenizer in a subfolder (with a config.json, which transformers needs offline); a config at the top
        "org/nested": Repo(
            {MAIN: {"config.json": b'{"model_type": "t5"}', "tokenizer/config.json": b'{"model_type": "t5"}', **{f"tokenizer/{n}": _read(f"t5/{n}") for n in ("tokenizer.json", "tokenizer_config.json", "spiece.model")}}},
            refs={"main": MAIN},
        ),
        # vocab.txt and a config naming the class: no tokenizer.json
        "org/vocab-only": Repo(
            {MAIN: {"vocab.txt": bert["vocab.txt"], "tokenizer_config.json": bert["tokenizer_config.json"], "config.json": bert["config.json"]}},
            refs={"main": MAIN},
        ),
    }


class HubServer:
    """Serve `repos` ({repo_id: Repo}) on a free port of 127.0.0.1 in a thread; a context manager."""

    def __init__(self, repos: dict[str, Repo]) -> None:
        self.repos = repos
        self.requests: list[tuple[str, str]] = []  # (method, path) of every request, in order
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_HEAD(self) -> None:
                server._answer(self, body=False)

            def do_GET(self) -> None:
                server._answer(self, body=True)

            def log_message(self, *args: object) -> None:  # quiet
                pass

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self._http.server_address[1]}"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    def __enter__(self) -> HubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.shutdown()
        self._http.server_close()

    def _answer(self, handler: BaseHTTPRequestHandler, body: bool) -> None:
        path = urlsplit(handler.path).path
        self.requests.append((handler.command, path))
        parts = [unquote(part) for part in path.strip("/").split("/")]
        if parts[:2] == ["api", "models"]:
            self._api(handler, parts[2:])
            return
        if "resolve" not in parts[1:3]:
            self._send(handler, 404, b"", {"X-Error-Code": "RepoNotFound"})
            return
        at = parts.index("resolve")
        repo_id, revision, filename = "/".join(parts[:at]), parts[at + 1], "/".join(parts[at + 2 :])
        repo = self.repos.get(repo_id)
        if repo is None:
            self._send(handler, 401, b"Repository not found", {"X-Error-Code": "RepoNotFound"})
            return
        commit = repo.commit_of(revision)
        if commit is None:
            self._send(handler, 404, b"Revision not found", {"X-Error-Code": "RevisionNotFound"})
            return
        data = repo.commits[commit].get(filename)
        if data is None:
            self._send(handler, 404, b"Entry not found", {"X-Error-Code": "EntryNotFound", "X-Repo-Commit": commit})
            return
        etag = '"' + hashlib.sha256(data).hexdigest() + '"'
        self._send(handler, 200, data if body else b"", {"X-Repo-Commit": commit, "ETag": etag}, length=len(data))

    def _api(self, handler: BaseHTTPRequestHandler, parts: list[str]) -> None:
        for at, word in enumerate(parts):
            if word in ("revision", "tree") and 0 < at <= 2:
                break
        else:
            self._send(handler, 404, b"", {"X-Error-Code": "RepoNotFound"})
            return
        repo = self.repos.get("/".join(parts[:at]))
        if repo is None or len(parts) <= at + 1:
            self._send(handler, 401, b"Repository not found", {"X-Error-Code": "RepoNotFound"})
            return
        commit = repo.commit_of(parts[at + 1])
        if commit is None:
            self._send(handler, 404, b"Revision not found", {"X-Error-Code": "RevisionNotFound"})
            return
        if word == "revision":
            answer: object = {"id": "/".join(parts[:at]), "sha": commit, "siblings": [{"rfilename": name} for name in repo.commits[commit]]}
        else:
            prefix = "/".join(parts[at + 2 :])
            answer = [
                {"type": "file", "path": name, "size": len(data), "oid": hashlib.sha1(data).hexdigest()}
                for name, data in sorted(repo.commits[commit].items())
                if not prefix or name.startswith(prefix + "/")
            ]
        self._send(handler, 200, json.dumps(answer).encode(), {"Content-Type": "application/json"})

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, data: bytes, headers: dict[str, str], length: int | None = None) -> None:
        handler.send_response(status)
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(data) if length is None else length))
        handler.end_headers()
        if data and handler.command != "HEAD":
            handler.wfile.write(data)


def write_cache(cache: Path, repo_id: str, repo: Repo, *, no_exist: dict[str, list[str]] | None = None) -> Path:
    """Lay `repo` out in `cache` as huggingface_hub does; return the repo's cache folder.

    Each file is a blob under blobs/ with a relative symlink in snapshots/<commit>/ (a copy
    where symlinks are not allowed); refs/<branch> holds the commit hash; `no_exist` lists, per
    commit, the files recorded as absent (.no_exist/<commit>/<path>).
    """
    folder = cache / ("models--" + repo_id.replace("/", "--"))
    for commit, files in repo.commits.items():
        for name, data in files.items():
            blob = folder / "blobs" / hashlib.sha256(data).hexdigest()
            blob.parent.mkdir(parents=True, exist_ok=True)
            blob.write_bytes(data)
            pointer = folder / "snapshots" / commit / name
            pointer.parent.mkdir(parents=True, exist_ok=True)
            try:
                pointer.symlink_to(os.path.relpath(blob, pointer.parent))
            except OSError:
                pointer.write_bytes(data)
    for branch, commit in repo.refs.items():
        ref = folder / "refs" / branch
        ref.parent.mkdir(parents=True, exist_ok=True)
        ref.write_text(commit, encoding="utf-8")
    for commit, names in (no_exist or {}).items():
        for name in names:
            marker = folder / ".no_exist" / commit / name
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
    return folder
