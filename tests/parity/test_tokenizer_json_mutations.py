"""tokenizer.json is read exactly as strictly as the Rust package reads it, one field at a time.

Every shared tokenizer.json (its vocabulary cut to a few thousand entries, so that thousands
of loads stay fast; every other field is kept) is mutated one field at a time: the field is
deleted, set to null, to a string, to ints at the edges of u32 / usize, to a float, a bool, an
empty list or object. Both libraries load each mutant: subword must accept it exactly when the
Rust package does (and refuse with a TokenizerFileError, whose message names the field), and
when both accept, give the same ids on a few sentences. Document-level mutations (NaN,
Infinity, 1e400, a 5,000-digit integer, nesting beyond 128 levels, an unknown top-level key)
are checked the same way.

`SUBWORD_MUTATION_VALUES=all` tries every value on every field (a few minutes); the default
tries every value on the fields of the first fixtures and a smaller set on the others.
"""

from __future__ import annotations

import copy
import json
import os
from functools import lru_cache
from typing import Any, Iterator

import pytest

import subword
from subword.errors import TokenizerFileError
from tests.shared_data import FIXTURES

tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
os.environ["RUST_BACKTRACE"] = "0"  # the Rust package panics on some mutants: keep its reports short

FILES = [
    "bert-base-uncased/tokenizer.json",
    "gpt2/tokenizer.json",
    "roberta-base/tokenizer.json",
    "t5/tokenizer.json",
    "mistral-7b/tokenizer.json",
    "hf-tokenizers-testdata/bert-wiki.json",
    "hf-tokenizers-testdata/tokenizer-wiki.json",
]
SENTENCES = [
    "Hello world! The quick brown fox jumps over the lazy dog.",
    "Héllo wörld — 日本語のテキスト, Привет мир 🤗  [MASK] <s> </s> <unk>",
]
_DELETE = object()
VALUES: list[Any] = [_DELETE, None, "7", -1, 0, 2**32 - 1, 2**32, 2**40, 2**64 - 1, 2**64, 2**70, 9.0, 0.5, True, [], {}]
SMALL_VALUES: list[Any] = [_DELETE, None, "7", -1, 2**32, 2**64, 9.0, True, {}]
KEEP = 3000  # vocabulary entries kept per fixture


def _trimmed(document: dict) -> dict:
    """The document with its vocabulary cut to about KEEP entries (and merges to those it still builds)."""
    model = document["model"]
    vocab = model.get("vocab")
    specials = {token["content"] for token in document.get("added_tokens", [])}
    for name in ("unk_token",):
        if isinstance(model.get(name), str):
            specials.add(model[name])
    if isinstance(vocab, dict):
        kept = {token: id_ for token, id_ in vocab.items() if id_ < KEEP or token in specials}
        model["vocab"] = kept
        if "merges" in model:
            prefix = model.get("continuing_subword_prefix") or ""
            merges = []
            for merge in model["merges"]:
                left, right = merge.split(" ", 1) if isinstance(merge, str) else merge
                joined = left + (right[len(prefix) :] if prefix and right.startswith(prefix) else right)
                if left in kept and right in kept and joined in kept:
                    merges.append(merge)
            model["merges"] = merges
    elif isinstance(vocab, list):
        model["vocab"] = vocab[:KEEP]
    return document


@lru_cache(maxsize=None)
def base_text(relative: str) -> str:
    path = FIXTURES / relative
    if not path.exists():
        pytest.skip(f"shared fixture {path} is absent")
    return json.dumps(_trimmed(json.loads(path.read_text(encoding="utf-8"))), ensure_ascii=False)


def _paths(value: Any, path: tuple = ()) -> Iterator[tuple]:
    """Every field path worth mutating: all fields outside the vocabulary, a few inside it."""
    if isinstance(value, dict):
        for key, item in value.items():
            here = path + (key,)
            yield here
            if path == ("model",) and key in ("vocab", "merges"):
                if isinstance(item, dict) and item:
                    yield here + (next(iter(item)),)
                elif isinstance(item, list) and item:
                    yield here + (0,)
                    if isinstance(item[0], list):
                        yield from (here + (0, index) for index in range(len(item[0])))
                continue
            if key == "precompiled_charsmap":
                continue
            yield from _paths(item, here)
    elif isinstance(value, list):
        for index, item in enumerate(value[:2]):
            here = path + (index,)
            yield here
            yield from _paths(item, here)


def _mutated(text: str, path: tuple, value: Any) -> str:
    document = json.loads(text)
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    if value is _DELETE:
        if isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent.pop(path[-1])
    else:
        parent[path[-1]] = copy.deepcopy(value)
    return json.dumps(document, ensure_ascii=False)


def _document_mutants(text: str) -> Iterator[tuple[str, str]]:
    """Mutations of the text itself: literals that are not JSON, numbers out of range, nesting."""
    yield "unknown top-level key", '{"truncation_x": 1, ' + text[1:]
    for literal in ("NaN", "Infinity", "-Infinity", "1e400", "-1e400", "9" * 5000, "9" * 400, "1e308", "2.5e-400"):
        yield f"literal {literal[:12]}", text.replace('"model": {', f'"model": {{"x": {literal}, ', 1)
    for depth in (100, 125, 126, 127, 1000, 100_000):
        nested = "[" * depth + "]" * depth
        yield f"nested {depth}", text.replace('"model": {', f'"model": {{"x": {nested}, ', 1)


def _cases(relative: str, quick: bool) -> Iterator[tuple[tuple, Any]]:
    values = VALUES if not quick or FILES.index(relative) < 2 else SMALL_VALUES
    for path in _paths(json.loads(base_text(relative))):
        yield from ((path, value) for value in values)


MAX_PADDING = 4096  # beyond this the Rust package aborts the process (out of memory) when encoding


def _outcome(load: Any, text: str) -> Any:
    try:
        tokenizer = load(text)
    except Exception as error:  # the Rust package raises a bare Exception
        return error
    except BaseException as error:  # a Rust panic: a bug of the Rust package, not behaviour to copy
        if type(error).__name__ != "PanicException":
            raise
        return ["panic"]
    if getattr(tokenizer.model, "dropout", None):  # random merges: only acceptance is compared
        return ["dropout"]
    padding = tokenizer.padding or {}
    if (padding.get("length") or 0) > MAX_PADDING or (padding.get("pad_to_multiple_of") or 0) > MAX_PADDING:
        return ["padding too long to encode"]
    ids = []
    for sentence in SENTENCES:
        try:
            ids.append(tokenizer.encode(sentence).ids)
            ids.append(tokenizer.encode(sentence, SENTENCES[0]).ids)
        except Exception as error:
            ids.append(type(error).__name__)
        except BaseException as error:  # a Rust panic: a bug of the Rust package, not behaviour to copy
            if type(error).__name__ != "PanicException":
                raise
            return ["panic"]
    return ids


def check(text: str, where: str) -> None:
    rust = _outcome(tokenizers.Tokenizer.from_str, text)
    ours = _outcome(subword.Tokenizer.from_str, text)
    if rust == ["panic"]:
        return
    if isinstance(rust, Exception):
        assert isinstance(ours, TokenizerFileError), f"{where}: Rust refuses ({rust}), subword gives {ours!r:.200}"
        return
    assert not isinstance(ours, Exception), f"{where}: Rust accepts, subword refuses: {ours}"
    for theirs, mine in zip(rust, ours):
        if isinstance(theirs, str) or isinstance(mine, str):  # an encode error: both must fail
            assert isinstance(theirs, str) and isinstance(mine, str), f"{where}: {theirs} vs {mine}"
        else:
            assert mine == theirs, f"{where}: ids differ"


QUICK = os.environ.get("SUBWORD_MUTATION_VALUES", "") != "all"


@pytest.mark.parametrize("relative", FILES)
def test_field_mutations(relative: str) -> None:
    failures = []
    for path, value in _cases(relative, QUICK):
        text = _mutated(base_text(relative), path, value)
        where = f"{relative}: {'.'.join(map(str, path))} = {'<deleted>' if value is _DELETE else repr(value)[:20]}"
        try:
            check(text, where)
        except AssertionError as error:
            failures.append(str(error).split("\n")[0][:300])
    assert not failures, f"{len(failures)} mismatches:\n" + "\n".join(failures[: int(os.environ.get("SUBWORD_MUTATION_SHOW", "60"))])


@pytest.mark.parametrize("relative", FILES[:2])
def test_document_mutations(relative: str) -> None:
    failures = []
    for name, text in _document_mutants(base_text(relative)):
        try:
            check(text, f"{relative}: {name}")
        except AssertionError as error:
            failures.append(str(error)[:300])
    assert not failures, "\n".join(failures)


def test_the_message_names_the_field() -> None:
    text = _mutated(base_text(FILES[0]), ("added_tokens", 0, "id"), 2**40)
    with pytest.raises(TokenizerFileError, match=r"added_tokens\[0\]\.id"):
        subword.Tokenizer.from_str(text)
