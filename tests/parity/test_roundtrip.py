"""tokenizer.json round trips between subword and the Rust `tokenizers` package.

For every fixture tokenizer.json that subword can load: subword's save() is loaded by the Rust
package and encodes like the original; the Rust package's to_str() is loaded by subword and
encodes like the original; and both write the same JSON document (compared as parsed dicts).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any

import pytest
import tokenizers

import subword
from subword.errors import UnknownComponentError
from tests.parity._compare import assert_batches_equal, assert_same_decode
from tests.parity.test_tokenizer_parity import BUILDERS, EDGE_TEXTS
from tests.shared_data import FIXTURES, corpus_files, corpus_lines

# Fixtures of this components: they must load, never skip.
REQUIRED = ["bert-base-uncased/tokenizer.json", "hf-tokenizers-testdata/bert-wiki.json"]


def fixture_tokenizer_files() -> list[str]:
    """Every JSON file under the fixtures that is a serialized tokenizer (has a "model" object)."""
    found = set()
    for path in sorted(FIXTURES.rglob("*.json")):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(document, dict) and isinstance(document.get("model"), dict):
            found.add(path.relative_to(FIXTURES).as_posix())
    return sorted(found | set(REQUIRED))


@lru_cache(maxsize=None)
def sample_inputs() -> tuple:
    """A corpus line from every file, some as pairs, and the edge-case texts."""
    lines = [line for path in corpus_files() for line in corpus_lines(path, 1)]
    return tuple(EDGE_TEXTS + lines + list(zip(lines[::3], lines[1::3])))


@lru_cache(maxsize=None)
def loaded(relative: str) -> tuple[Any, Any]:
    """(subword, Rust) tokenizers of a fixture, loaded once: tests must not change them.

    Skips, naming the component, when the fixture needs a component of a later issue.
    """
    path = FIXTURES / relative
    if not path.exists():
        pytest.skip(f"shared fixture {path} is absent (set SUBWORD_SHARED to the shared/ folder)")
    try:
        ours = subword.Tokenizer.from_file(str(path))
    except UnknownComponentError as error:
        if relative in REQUIRED:
            raise
        pytest.skip(f"{relative} uses a component subword does not support yet: {error}")
    return ours, tokenizers.Tokenizer.from_file(str(path))


def assert_same_behaviour(candidate: Any, reference: Any, context: str) -> None:
    """`candidate` encodes (full and fast paths, with and without special tokens) and decodes like `reference`."""
    inputs = list(sample_inputs())
    for add_special_tokens in (True, False):
        for method in ("encode_batch", "encode_batch_fast"):
            assert_batches_equal(
                getattr(candidate, method)(inputs, add_special_tokens=add_special_tokens),
                getattr(reference, method)(inputs, add_special_tokens=add_special_tokens),
                f"{context} {method} add_special_tokens={add_special_tokens}",
            )
    for encoding in reference.encode_batch(inputs[:20]):
        assert_same_decode(candidate, reference, encoding.ids, context)


def assert_same_document(ours: Any, rust: Any, where: str = "$") -> None:
    """Two parsed tokenizer.json documents are equal, floats to within 1e-12 (relative).

    The one legitimate difference: the Rust package's JSON reader is not correctly rounded, so a
    Unigram score such as -2.0122928619384766 comes back one unit in the last place off and is
    written as -2.012292861938477; Python reads and writes it exactly.
    """
    if isinstance(ours, float) or isinstance(rust, float):
        assert isinstance(ours, (int, float)) and isinstance(rust, (int, float)), f"{where}: {ours!r} != {rust!r}"
        assert math.isclose(ours, rust, rel_tol=1e-12, abs_tol=1e-300), f"{where}: {ours!r} != {rust!r}"
    elif isinstance(ours, dict) and isinstance(rust, dict):
        only_ours, only_rust = sorted(ours.keys() - rust.keys()), sorted(rust.keys() - ours.keys())
        assert not only_ours and not only_rust, f"{where}: keys only in subword {only_ours}, only in Rust {only_rust}"
        for key in rust:
            assert_same_document(ours[key], rust[key], f"{where}.{key}")
    elif isinstance(ours, list) and isinstance(rust, list):
        assert len(ours) == len(rust), f"{where}: subword has {len(ours)} items, Rust {len(rust)}"
        for index, (mine, theirs) in enumerate(zip(ours, rust)):
            assert_same_document(mine, theirs, f"{where}[{index}]")
    else:
        assert type(ours) is type(rust) and ours == rust, f"{where}: subword {ours!r} != Rust {rust!r}"


FILES = fixture_tokenizer_files()


@pytest.mark.parametrize("relative", FILES)
def test_subword_save_loads_in_rust(relative, tmp_path):
    ours, rust = loaded(relative)
    ours.save(str(tmp_path / "pretty.json"))
    ours.save(str(tmp_path / "compact.json"), pretty=False)
    pretty = (tmp_path / "pretty.json").read_text(encoding="utf-8")
    compact = (tmp_path / "compact.json").read_text(encoding="utf-8")
    assert "\n" in pretty and "\n" not in compact
    assert json.loads(pretty) == json.loads(compact)
    assert_same_document(json.loads(pretty), json.loads(rust.to_str()))
    reloaded = tokenizers.Tokenizer.from_file(str(tmp_path / "pretty.json"))
    assert_same_behaviour(reloaded, rust, f"{relative} saved by subword, loaded by Rust")


@pytest.mark.parametrize("relative", FILES)
def test_rust_to_str_loads_in_subword(relative):
    ours, rust = loaded(relative)
    assert_same_behaviour(ours, rust, f"{relative} loaded by subword")
    from_str = subword.Tokenizer.from_str(rust.to_str(pretty=relative in REQUIRED))
    assert_same_behaviour(from_str, rust, f"{relative} Rust to_str() loaded by subword")
    if relative in REQUIRED:
        from_buffer = subword.Tokenizer.from_buffer(rust.to_str().encode("utf-8"))
        assert_same_behaviour(from_buffer, rust, f"{relative} loaded by subword from_buffer")


@pytest.mark.parametrize("relative", FILES)
def test_same_json_document(relative):
    ours, rust = loaded(relative)
    expected = json.loads(rust.to_str())
    assert_same_document(json.loads(ours.to_str()), expected)
    assert json.loads(ours.to_str(pretty=True)) == json.loads(ours.to_str())
    if relative in REQUIRED:
        # subword reads its own output back to the same document.
        assert json.loads(subword.Tokenizer.from_str(ours.to_str()).to_str()) == json.loads(ours.to_str())


@pytest.mark.parametrize("name", ["bert-cased-bertprocessing", "bert-cased-template"])
def test_tokenizer_built_in_code(name, tmp_path):
    ours, rust = BUILDERS[name](subword), BUILDERS[name](tokenizers)
    for tokenizer, module in ((ours, subword), (rust, tokenizers)):
        tokenizer.add_tokens([module.AddedToken("yes", single_word=True, rstrip=True)])
        tokenizer.enable_padding(pad_to_multiple_of=8)
        tokenizer.enable_truncation(64, stride=4)
    assert_same_document(json.loads(ours.to_str()), json.loads(rust.to_str()))
    ours.save(str(tmp_path / "ours.json"))
    assert_same_behaviour(tokenizers.Tokenizer.from_file(str(tmp_path / "ours.json")), rust, f"{name} saved by subword")
    assert_same_behaviour(subword.Tokenizer.from_str(rust.to_str()), rust, f"{name} from Rust to_str")

