"""Broken variants of every shared fixture file, fed to every loader (issue 14, acceptance).

Each file gets truncated, bit-flipped and nested-garbage variants (deterministic seeds). Each
variant is loaded by subword and by the reference package that reads that format; subword must
then give
- the reference's result: the same ids on a few sentences, when the reference loads it; or
- a SubwordError that is also an instance of the standard type the reference raises (Rust's
  tokenizers raises a bare Exception, sentencepiece a RuntimeError, tiktoken a ValueError or an
  OverflowError, transformers a ValueError or a TypeError), when the reference refuses it;
  a reference that panics (a Rust panic) leaves subword free to load or refuse cleanly;
- a refusal where the reference loads the file only for the checks subword makes on purpose
  (`STRICTER`, each with its reason);
within `TIME_LIMIT` seconds per load, and without leaving a file anywhere (the variant's folder,
the working directory and a private temporary directory are checked after each case).

The default run is quick (`SUBWORD_FUZZ_VARIANTS` variants of each kind per file, 1);
`SUBWORD_FUZZ_VARIANTS=10 python -m pytest tests/test_fuzz_loaders.py` runs more.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import struct
import tempfile
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

import subword
from subword.errors import SubwordError
from subword.sentencepiece import SentencePieceProcessor
from subword.transformers import AutoTokenizer
from tests.model_proto_edit import varint
from tests.shared_data import FIXTURES

VARIANTS = int(os.environ.get("SUBWORD_FUZZ_VARIANTS", "1"))
TIME_LIMIT = float(os.environ.get("SUBWORD_FUZZ_TIME_LIMIT", "20"))
SENTENCES = ["Hello world! The quick brown fox jumps over the lazy dog.", "Héllo wörld — 日本語のテキスト, Привет мир 🤗"]
GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
os.environ["RUST_BACKTRACE"] = "0"  # the Rust packages panic on some variants: keep their reports short

# Refusals where the reference loads the file, each a deliberate check of subword's.
STRICTER = {
    "tiktoken": [
        "is already on line",  # a token given twice: tiktoken silently keeps the last rank
        "single bytes have no rank",  # tiktoken panics only when such a byte is encoded
    ],
    "sentencepiece": [
        "is not valid UTF-8",  # a piece that is not UTF-8 cannot be a Python str
        "the replacement strings are not UTF-8",  # subword.text.charsmap reads charsmaps as UTF-8 (left open)
    ],
    "from_sentencepiece": [
        "is not valid UTF-8",
        "the replacement strings are not UTF-8",
        "only unigram and BPE sentencepiece models become a Tokenizer",  # word/char models: use SentencePieceProcessor
        "treat_whitespace_as_suffix",  # no tokenizer.json normalizer puts the dummy prefix at the end
    ],
    "config": [
        'missing field "content"',  # transformers reads an added token without content as an empty one
        "must be a str",  # transformers reads a non-str token through str()
        "must be a number",  # transformers fails later, when it truncates
    ],
}


class CaseTimeout(BaseException):
    """A load ran past TIME_LIMIT (a BaseException, so no loader's `except Exception` hides it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: Any) -> None:
        raise CaseTimeout(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- variants -------------------------------------------------------------------------------------


def variants(name: str, data: bytes, kind: str) -> Iterator[tuple[str, bytes]]:
    """Truncated, bit-flipped and nested-garbage variants of `data`, from a seed made of `name`."""
    rng = random.Random(f"{name}-{VARIANTS}")
    for _ in range(VARIANTS):
        cut = rng.randrange(len(data))
        yield f"truncated at {cut}", data[:cut]
    for _ in range(VARIANTS):
        flipped = bytearray(data)
        positions = [rng.randrange(len(data)) for _ in range(rng.randint(1, 8))]
        for position in positions:
            flipped[position] ^= 1 << rng.randrange(8)
        yield f"bits flipped at {positions}", bytes(flipped)
    for _ in range(VARIANTS):
        depth = rng.choice([50, 127, 200, 5000])
        yield f"nested {depth} deep", _nested(data, kind, depth, rng)


def _nested(data: bytes, kind: str, depth: int, rng: random.Random) -> bytes:
    if kind == "json":  # (a key no vocabulary has: Python's JSON keeps only the last value of a repeated key)
        start = data.index(b"{") + 1
        return data[:start] + b'"\\u0000nested": ' + b"[" * depth + b"]" * depth + b", " + data[start:]
    if kind == "model":  # unknown groups nested `depth` deep, appended: protobuf stops at 100
        field = rng.randrange(6, 30)
        return data + varint(field << 3 | 3) * depth + varint(field << 3 | 4) * depth
    lines = data.split(b"\n")
    lines.insert(rng.randrange(len(lines)), b"[" * depth + b"]" * depth)
    return b"\n".join(lines)


# -- outcomes -------------------------------------------------------------------------------------


class Panic:
    """The reference panicked (a bug of the Rust code under it, not behaviour to copy)."""


def reference_outcome(load: Callable[[], Any]) -> Any:
    """The reference's ids on SENTENCES, or the exception it raised, or Panic."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load()
    except Exception as error:
        return error
    except BaseException as error:
        if type(error).__name__ != "PanicException":
            raise
        return Panic()


_PRIVATE_TMP: list[str] = []  # the temporary directory subword's loads run with (set by `clean_dirs`)


@contextmanager
def private_tmp() -> Iterator[None]:
    """Point `tempfile` and TMPDIR at the private directory while subword loads (the references
    keep their own: tiktoken caches in its temporary directory)."""
    saved_env, saved_dir = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = tempfile.tempdir = _PRIVATE_TMP[-1]
    try:
        yield
    finally:
        tempfile.tempdir = saved_dir
        if saved_env is None:
            del os.environ["TMPDIR"]
        else:
            os.environ["TMPDIR"] = saved_env


def subword_outcome(load: Callable[[], Any], where: str) -> Any:
    start = time.monotonic()
    try:
        with time_limit(TIME_LIMIT), private_tmp():
            return load()
    except CaseTimeout as timeout:
        raise AssertionError(f"{where}: subword {timeout}") from None
    except SubwordError as error:
        return error
    except Exception as error:
        raise AssertionError(f"{where}: a bare {type(error).__name__} ({error}) instead of a SubwordError") from error
    finally:
        assert time.monotonic() - start < TIME_LIMIT + 1, where


_STANDARD = (OverflowError, TypeError, ValueError, RuntimeError, OSError, LookupError, MemoryError)


def _standard_type(error: BaseException) -> type:
    """The standard exception type `error` is: ValueError for a JSONDecodeError or a
    UnicodeDecodeError, TypeError for the AttributeError transformers raises where a config value
    has the wrong type, Exception for the Rust package's bare Exception."""
    if isinstance(error, AttributeError):
        return TypeError
    return next((cls for cls in _STANDARD if isinstance(error, cls)), Exception)


def check(where: str, theirs: Any, ours: Any, stricter: list[str], compare_ids: bool = True) -> None:
    if isinstance(theirs, Panic):
        return
    if isinstance(theirs, BaseException):
        assert isinstance(ours, SubwordError), f"{where}: the reference refuses ({theirs!r:.200}), subword loads it"
        expected = _standard_type(theirs)
        assert isinstance(ours, expected), f"{where}: {type(ours).__name__} is not a {expected.__name__} ({theirs!r:.100})"
        return
    if isinstance(ours, SubwordError):
        assert any(reason in str(ours) for reason in stricter), f"{where}: the reference loads it, subword refuses: {ours}"
        return
    if compare_ids:
        assert ours == theirs, f"{where}: ids differ"


def _ids(tokenizer: Any) -> list:
    out = []
    for sentence in SENTENCES:
        try:
            out.append(tokenizer.encode(sentence).ids)
        except Exception:  # an encode error (a missing unknown token): both must fail
            out.append("error")
    return out


# -- the files and their loaders ----------------------------------------------------------------


@pytest.fixture
def clean_dirs(tmp_path: Path) -> Iterator[Callable[[str], None]]:
    """A private temporary directory for subword's loads, and a check that nothing is left anywhere."""
    private = tmp_path / "tmp"
    private.mkdir()
    _PRIVATE_TMP.append(str(private))
    cwd_before = set(os.listdir(os.getcwd()))

    def assert_clean(where: str) -> None:
        assert not os.listdir(private), f"{where}: left {os.listdir(private)} in the temporary directory"
        assert set(os.listdir(os.getcwd())) <= cwd_before, f"{where}: left files in the working directory"

    yield assert_clean
    _PRIVATE_TMP.pop()


def _write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def _files(pattern: str) -> list[Path]:
    return sorted(FIXTURES.glob(pattern))


def _id(path: Path) -> str:
    return str(path.relative_to(FIXTURES))


TOKENIZER_JSONS = _files("*/tokenizer.json") + _files("hf-tokenizers-testdata/*.json")


@pytest.mark.parametrize("fixture", TOKENIZER_JSONS, ids=_id)
def test_tokenizer_json(fixture: Path, tmp_path: Path, clean_dirs: Callable[[str], None]) -> None:
    tokenizers = pytest.importorskip("tokenizers")
    for what, data in variants(_id(fixture), fixture.read_bytes(), "json"):
        path = _write(tmp_path / "case", "tokenizer.json", data)
        where = f"{_id(fixture)} {what}"
        theirs = reference_outcome(lambda: _ids(_unpadded(tokenizers.Tokenizer.from_file(str(path)))))
        ours = subword_outcome(lambda: _ids(_unpadded(subword.Tokenizer.from_file(path))), where)
        check(where, theirs, ours, [])
        clean_dirs(where)
        assert os.listdir(path.parent) == ["tokenizer.json"]


def _unpadded(tokenizer: Any) -> Any:
    tokenizer.no_padding()  # a flipped bit may ask for padding to 10**18 tokens
    return tokenizer


@pytest.mark.parametrize("fixture", _files("*/*.model"), ids=_id)
def test_sentencepiece_model(fixture: Path, tmp_path: Path, clean_dirs: Callable[[str], None]) -> None:
    sentencepiece = pytest.importorskip("sentencepiece")
    for what, data in variants(_id(fixture), fixture.read_bytes(), "model"):
        path = _write(tmp_path / "case", "spiece.model", data)
        where = f"{_id(fixture)} {what}"
        theirs = reference_outcome(lambda: sentencepiece.SentencePieceProcessor(model_file=str(path)).encode(SENTENCES))
        ours = subword_outcome(lambda: SentencePieceProcessor(model_file=path).encode(SENTENCES), where)
        check(where, theirs, ours, STRICTER["sentencepiece"])
        # the Tokenizer reads what sentencepiece reads; its ids are compared by the parity tests
        tokenizer = subword_outcome(lambda: _ids(subword.Tokenizer.from_sentencepiece(path)), where)
        check(f"{where} (from_sentencepiece)", theirs, tokenizer, STRICTER["from_sentencepiece"], compare_ids=False)
        clean_dirs(where)


@pytest.mark.parametrize("fixture", _files("*/*.tiktoken"), ids=_id)
def test_tiktoken(fixture: Path, tmp_path: Path, clean_dirs: Callable[[str], None]) -> None:
    tiktoken = pytest.importorskip("tiktoken")
    from tiktoken.load import load_tiktoken_bpe

    def theirs_ids(path: Path) -> list:
        # TIKTOKEN_CACHE_DIR="" turns off tiktoken's cache, which is keyed by path and would serve a stale variant
        os.environ["TIKTOKEN_CACHE_DIR"] = ""
        try:
            ranks = load_tiktoken_bpe(str(path))
        finally:
            del os.environ["TIKTOKEN_CACHE_DIR"]
        encoding = tiktoken.Encoding("x", pat_str=GPT2_PATTERN, mergeable_ranks=ranks, special_tokens={})
        return [encoding.encode(sentence) for sentence in SENTENCES]

    for what, data in variants(_id(fixture), fixture.read_bytes(), "text"):
        path = _write(tmp_path / "case", "ranks.tiktoken", data)
        where = f"{_id(fixture)} {what}"
        theirs = reference_outcome(lambda: theirs_ids(path))
        ours = subword_outcome(lambda: [i.ids for i in subword.Tokenizer.from_tiktoken(path, GPT2_PATTERN).encode_batch(SENTENCES)], where)
        check(where, theirs, ours, STRICTER["tiktoken"])
        clean_dirs(where)


VOCAB_FILES = [(path, None) for path in _files("*/vocab.txt")]
BPE_FILES = [
    (FIXTURES / "gpt2/encoder.json", FIXTURES / "gpt2/vocab.bpe"),
    (FIXTURES / "roberta-base/vocab.json", FIXTURES / "roberta-base/merges.txt"),
    (FIXTURES / "openai-gpt/vocab.json", FIXTURES / "openai-gpt/merges.txt"),
]


def _vocab_cases() -> list[tuple[Path, Path | None, int]]:
    """(vocab, merges, which file is broken: 0 the vocab, 1 the merges)."""
    return [(v, m, 0) for v, m in VOCAB_FILES] + [(v, m, which) for v, m in BPE_FILES for which in (0, 1)]


@pytest.mark.parametrize("vocab, merges, broken", _vocab_cases(), ids=lambda x: _id(x) if isinstance(x, Path) else str(x))
def test_vocab_files(vocab: Path, merges: Path | None, broken: int, tmp_path: Path, clean_dirs: Callable[[str], None]) -> None:
    tokenizers = pytest.importorskip("tokenizers")
    fixture = vocab if broken == 0 else merges
    assert fixture is not None
    kind = "json" if fixture.suffix == ".json" else "text"

    def build(module: Any, vocab_path: Path, merges_path: Path | None) -> list:
        if merges_path is None:
            tokenizer = module.Tokenizer(module.models.WordPiece.from_file(str(vocab_path), unk_token="[UNK]"))
            tokenizer.pre_tokenizer = module.pre_tokenizers.BertPreTokenizer()
        else:
            tokenizer = module.Tokenizer(module.models.BPE.from_file(str(vocab_path), str(merges_path)))
            tokenizer.pre_tokenizer = module.pre_tokenizers.ByteLevel(add_prefix_space=False)
        return _ids(tokenizer)

    for what, data in variants(_id(fixture), fixture.read_bytes(), kind):
        case = tmp_path / "case"
        broken_path = _write(case, fixture.name, data)
        paths = [broken_path if broken == 0 else vocab, broken_path if broken == 1 else merges]
        where = f"{_id(fixture)} {what}"
        theirs = reference_outcome(lambda: build(tokenizers, paths[0], paths[1]))
        ours = subword_outcome(lambda: build(subword, paths[0], paths[1]), where)
        check(where, theirs, ours, [])
        clean_dirs(where)


CONFIG_FOLDERS = ["bert-base-uncased", "t5", "mistral-7b"]


@pytest.mark.parametrize("name", CONFIG_FOLDERS)
def test_tokenizer_config(name: str, tmp_path: Path, clean_dirs: Callable[[str], None]) -> None:
    # ImportError, not only a missing module: under the oldest regex CI allows, transformers
    # refuses to import (pytest 9.1 makes that an error unless it is named here).
    transformers = pytest.importorskip("transformers", reason="transformers cannot be imported here", exc_type=ImportError)
    source = FIXTURES / name
    if not (source / "tokenizer_config.json").exists():
        pytest.skip(f"{source} has no tokenizer_config.json")
    for what, data in variants(name, (source / "tokenizer_config.json").read_bytes(), "json"):
        folder = tmp_path / "case"
        shutil.rmtree(folder, ignore_errors=True)
        for file in source.iterdir():
            if file.name != "tokenizer_config.json" and file.suffix in (".json", ".txt", ".model"):
                _write(folder, file.name, file.read_bytes())
        _write(folder, "tokenizer_config.json", data)
        where = f"{name}/tokenizer_config.json {what}"
        theirs = reference_outcome(lambda: transformers.AutoTokenizer.from_pretrained(str(folder))(SENTENCES)["input_ids"])
        ours = subword_outcome(lambda: AutoTokenizer.from_pretrained(folder)(SENTENCES)["input_ids"], where)
        check(where, theirs, ours, STRICTER["config"])
        clean_dirs(where)


def test_variants_are_deterministic() -> None:
    data = json.dumps({"a": [1, 2, 3], "b": "text"}).encode()
    assert list(variants("x", data, "json")) == list(variants("x", data, "json"))
    assert list(variants("x", struct.pack("<I", 7), "model"))
