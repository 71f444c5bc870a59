"""`subword.tiktoken` on its own: small encodings, the special-token rule, errors, files and the cache.

tests/parity/test_tiktoken_api_parity.py compares every call with tiktoken; these tests pin the
behaviour without it, including where subword differs on purpose (a TypeError where tiktoken
asserts, a NotCachedError where it would download).
"""

from __future__ import annotations

import doctest
import hashlib
import pickle
from functools import lru_cache
from pathlib import Path

import pytest

import subword.tiktoken as tiktoken
from subword.errors import ArgumentRangeError, ArgumentTypeError, ArgumentValueError, NotCachedError, TokenizerFileError
from subword.tiktoken import _unstable, core, load, model, registry
from tests.shared_data import fixture_path

BYTES = {bytes([byte]): byte for byte in range(256)}
PATTERN = r"""\w+|\s+|[^\w\s]+"""


def small(special_tokens: dict[str, int] | None = None, **more: object) -> tiktoken.Encoding:
    """Every byte, then "ab" (256), "abc" (257), " a" (258)."""
    ranks = {**BYTES, b"ab": 256, b"abc": 257, b" a": 258}
    specials = {"<|endoftext|>": 300, "<|x|>": 301} if special_tokens is None else special_tokens
    return tiktoken.Encoding("small", pat_str=PATTERN, mergeable_ranks=ranks, special_tokens=specials, **more)  # type: ignore[arg-type]


@lru_cache(maxsize=None)
def gpt2() -> tiktoken.Encoding:
    ranks = load.load_tiktoken_bpe(str(fixture_path("gpt2/gpt2.tiktoken")))
    return tiktoken.Encoding("gpt2-file", pat_str=registry.R50K_PATTERN, mergeable_ranks=ranks, special_tokens={"<|endoftext|>": 50256})


@pytest.mark.parametrize("module", [core, load, registry, model, _unstable])
def test_doctests(module: object) -> None:
    assert doctest.testmod(module, extraglobs={"gpt2": gpt2()}).failed == 0  # type: ignore[arg-type]


def test_public_surface() -> None:
    assert tiktoken.__all__ == ["Encoding", "encoding_for_model", "encoding_name_for_model", "get_encoding", "list_encoding_names"]
    assert all(hasattr(tiktoken, name) for name in tiktoken.__all__)


def test_encode_and_decode() -> None:
    enc = small()
    assert enc.encode("abc ab") == [257, 32, 256]
    assert enc.encode_ordinary("<|x|>") == enc.encode("<|x|>", disallowed_special=())
    assert enc.encode("a<|x|>b", allowed_special="all") == [97, 301, 98]
    assert enc.decode([257, 301]) == "abc<|x|>"
    assert enc.decode_with_offsets([97, 301, 98]) == ("a<|x|>b", [0, 1, 6])
    assert enc.decode_tokens_bytes([256, 300]) == [b"ab", b"<|endoftext|>"]
    assert (enc.n_vocab, enc.max_token_value, enc.eot_token) == (302, 301, 300)
    assert enc.special_tokens_set == {"<|endoftext|>", "<|x|>"}
    assert enc.is_special_token(301) and not enc.is_special_token(256)
    assert repr(enc) == "<Encoding 'small'>"
    assert enc.token_byte_values()[-3:] == [b"\xfd", b"\xfe", b"\xff"] and len(enc.token_byte_values()) == 259


def test_special_token_rule() -> None:
    enc = small()
    # allowed tokens become ids; the rest must be disallowed or allowed explicitly
    assert enc.encode("<|x|><|endoftext|>", allowed_special={"<|x|>"}, disallowed_special=()) == [301, *enc.encode_ordinary("<|endoftext|>")]
    with pytest.raises(ValueError, match=r"disallowed special token '<\|endoftext\|>'") as error:
        enc.encode("a <|endoftext|>", allowed_special={"<|x|>"})
    assert "pass it to `allowed_special`, e.g. `allowed_special={'<|endoftext|>', ...}`" in str(error.value)
    assert "disallowed_special=(enc.special_tokens_set - {'<|endoftext|>'})" in str(error.value)
    assert str(error.value).endswith("To disable this check for all special tokens, pass `disallowed_special=()`.\n")
    with pytest.raises(ValueError):  # any disallowed string, even one that is no special token
        enc.encode("a zz", disallowed_special={"zz"})
    # each plain segment is split on its own
    assert enc.encode("ab<|x|>c", allowed_special="all") == [256, 301, 99]


def test_surrogates_repaired_as_tiktoken() -> None:
    enc = small()
    assert enc.encode("\ud83d\ude00") == enc.encode("😀")
    assert enc.encode_ordinary("a\ud800") == enc.encode_ordinary("a\ufffd")
    with pytest.raises(UnicodeEncodeError):
        enc.encode_with_unstable("a\ud800")


def test_unstable() -> None:
    enc = small()
    stable, completions = enc.encode_with_unstable("x ab")
    assert enc.decode_bytes(stable) == b"x "  # the last piece, "ab", may still grow
    assert all(enc.decode_bytes(stable + sequence).startswith(b"x ab") for sequence in completions)
    assert [256] in completions and [257] in completions
    assert enc.encode_with_unstable("a<|x|>", allowed_special="all") == ([97, 301], [])


def test_single_tokens_and_pieces() -> None:
    enc = small()
    assert enc.encode_single_token("abc") == 257
    assert enc.encode_single_token(b"<|x|>") == 301
    with pytest.raises(KeyError):
        enc.encode_single_token("abcd")
    assert enc.decode_single_token_bytes(258) == b" a"
    with pytest.raises(KeyError, match="999"):
        enc.decode_single_token_bytes(999)
    assert enc._encode_single_piece("abc ab") == [257, 32, 256]


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda enc: enc.encode(5), ArgumentTypeError),
        (lambda enc: enc.encode("a", allowed_special=["<|x|>"], disallowed_special=()), ArgumentTypeError),
        (lambda enc: enc.encode("a", allowed_special=["<|x|>"]), TypeError),  # tiktoken's set arithmetic
        (lambda enc: enc.encode_single_token(1), ArgumentTypeError),
        (lambda enc: enc.decode([-1]), ArgumentRangeError),
        (lambda enc: enc.decode([2**32]), OverflowError),
        (lambda enc: enc.decode(["1"]), ArgumentTypeError),
        (lambda enc: enc.decode("12"), ArgumentTypeError),
        (lambda enc: enc.decode([1, 999]), KeyError),
        (lambda enc: enc.decode_single_token_bytes(1.5), TypeError),
        (lambda enc: enc.is_special_token("1"), ArgumentTypeError),  # tiktoken: AssertionError
        (lambda enc: enc.encode_batch(["a"], num_threads=0), ValueError),
        (lambda enc: enc.decode_with_offsets([0xC3]), UnicodeDecodeError),
    ],
)
def test_errors(call, error) -> None:
    with pytest.raises(error):
        call(small())


def test_eot_token_missing_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        small({}).eot_token


@pytest.mark.parametrize(
    "arguments, error",
    [
        ({"mergeable_ranks": [1]}, ArgumentTypeError),
        ({"mergeable_ranks": {"a": 0}}, ArgumentTypeError),
        ({"mergeable_ranks": {b"a": -1}}, OverflowError),
        ({"mergeable_ranks": {b"a": 0, b"b": 0}}, ArgumentValueError),
        ({"special_tokens": {"<|x|>": 2**32}}, OverflowError),
        ({"special_tokens": {1: 5}}, ArgumentTypeError),
        ({"pat_str": "("}, ValueError),
        ({"explicit_n_vocab": 5}, ArgumentValueError),  # tiktoken: AssertionError
    ],
)
def test_constructor_errors(arguments, error) -> None:
    base = {"name": "x", "pat_str": PATTERN, "mergeable_ranks": dict(BYTES), "special_tokens": {}}
    with pytest.raises(error):
        tiktoken.Encoding(**{**base, **arguments})


def test_explicit_n_vocab_and_aliasing_special_id() -> None:
    assert small(explicit_n_vocab=261, special_tokens={"<|endoftext|>": 259, "<|x|>": 260}).n_vocab == 261
    aliasing = small({"<|a|>": 97})  # tiktoken lets a special id be a rank; the rank's bytes decode
    assert aliasing.encode("<|a|>a", allowed_special="all") == [97, 97]
    assert aliasing.decode([97]) == "a"


def test_partial_ranks_refuse_bytes_without_rank() -> None:
    enc = tiktoken.Encoding("ab", pat_str=PATTERN, mergeable_ranks={b"a": 0, b"b": 1}, special_tokens={})
    assert enc.encode("ab") == [0, 1]
    with pytest.raises(ArgumentValueError, match="b'c'"):
        enc.encode("abc")


def test_pickle_by_value_and_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    enc = small()
    state = enc.__getstate__()
    assert isinstance(state, dict) and sorted(state) == ["mergeable_ranks", "name", "pat_str", "special_tokens"]
    assert pickle.loads(pickle.dumps(enc)).encode("abc<|x|>", allowed_special="all") == [257, 301]
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(_cache(tmp_path)))
    monkeypatch.setattr(core, "ENCODINGS", {})
    monkeypatch.setattr(registry, "ENCODINGS", core.ENCODINGS)
    named = tiktoken.get_encoding("r50k_base")
    assert named.__getstate__() == "r50k_base"
    assert pickle.loads(pickle.dumps(named)).encode("hello world") == [31373, 995]


def _cache(tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    folder.mkdir(exist_ok=True)
    for url, fixture in [(registry.R50K_BASE[0], "gpt2/gpt2.tiktoken"), (registry.GPT2_VOCAB_BPE[0], "gpt2/vocab.bpe"), (registry.GPT2_ENCODER_JSON[0], "gpt2/encoder.json")]:
        (folder / hashlib.sha1(url.encode()).hexdigest()).write_bytes(fixture_path(fixture).read_bytes())
    return folder


def test_get_encoding_from_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(_cache(tmp_path)))
    monkeypatch.setattr(core, "ENCODINGS", {})
    monkeypatch.setattr(registry, "ENCODINGS", core.ENCODINGS)
    enc = tiktoken.get_encoding("gpt2")
    assert enc is tiktoken.get_encoding("gpt2") and enc.n_vocab == 50257
    assert enc.encode("hello world") == [31373, 995]
    assert tiktoken.encoding_name_for_model("gpt-2") == "gpt2"


def test_cache_folder_conventions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TIKTOKEN_CACHE_DIR", raising=False)
    monkeypatch.setenv("DATA_GYM_CACHE_DIR", str(tmp_path / "gym"))
    assert load.cache_dir() == str(tmp_path / "gym")
    monkeypatch.delenv("DATA_GYM_CACHE_DIR")
    assert load.cache_dir().endswith("data-gym-cache")
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "tk"))
    assert load.cache_path("https://x/y") == str(tmp_path / "tk" / hashlib.sha1(b"https://x/y").hexdigest())


def test_missing_file_is_not_downloaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(core, "ENCODINGS", {})
    monkeypatch.setattr(registry, "ENCODINGS", core.ENCODINGS)
    with pytest.raises(NotCachedError) as error:
        tiktoken.get_encoding("cl100k_base")
    assert isinstance(error.value, FileNotFoundError)
    assert hashlib.sha1(registry.CL100K_BASE[0].encode()).hexdigest() in str(error.value)
    assert "load_tiktoken_bpe(path)" in str(error.value)
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", "")
    with pytest.raises(NotCachedError, match="turned off"):
        load.load_tiktoken_bpe("https://example.com/x.tiktoken")


def test_cached_file_with_wrong_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    url = registry.P50K_BASE[0]
    (tmp_path / hashlib.sha1(url.encode()).hexdigest()).write_bytes(fixture_path("gpt2/gpt2.tiktoken").read_bytes())
    with pytest.raises(TokenizerFileError, match="replace it"):
        load.load_tiktoken_bpe(*registry.P50K_BASE)
    assert len(load.load_tiktoken_bpe(url)) == 50256  # no expected hash: the cached file is used


def test_local_files_and_hashes(tmp_path: Path) -> None:
    path = str(fixture_path("gpt2/gpt2.tiktoken"))
    assert len(load.load_tiktoken_bpe(path, registry.R50K_BASE[1])) == 50256
    with pytest.raises(ValueError, match="Hash mismatch"):
        load.load_tiktoken_bpe(path, "0" * 64)
    (tmp_path / "bad.tiktoken").write_bytes(b"YQ== 0\nnot-a-line\n")
    with pytest.raises(ValueError, match="line 2"):
        load.load_tiktoken_bpe(str(tmp_path / "bad.tiktoken"))


def test_dump_is_atomic_and_round_trips(tmp_path: Path) -> None:
    ranks = {b"b": 1, b"a": 0, b"ab": 2}
    load.dump_tiktoken_bpe(ranks, str(tmp_path / "x.tiktoken"))
    assert (tmp_path / "x.tiktoken").read_bytes() == b"YQ== 0\nYg== 1\nYWI= 2\n"
    assert load.load_tiktoken_bpe(str(tmp_path / "x.tiktoken")) == ranks
    assert sorted(path.name for path in tmp_path.iterdir()) == ["x.tiktoken"]


def test_data_gym_files(tmp_path: Path) -> None:
    vocab_bpe, encoder_json = str(fixture_path("gpt2/vocab.bpe")), str(fixture_path("gpt2/encoder.json"))
    ranks = load.data_gym_to_mergeable_bpe_ranks(vocab_bpe, encoder_json)
    assert ranks == load.load_tiktoken_bpe(str(fixture_path("gpt2/gpt2.tiktoken")))
    (tmp_path / "encoder.json").write_text('{"!": 0, "\\"": 5}')
    (tmp_path / "vocab.bpe").write_text("#version: 0.2\n")
    with pytest.raises(TokenizerFileError, match="disagree"):
        load.data_gym_to_mergeable_bpe_ranks(str(tmp_path / "vocab.bpe"), str(tmp_path / "encoder.json"))


def test_registry_errors() -> None:
    with pytest.raises(ValueError, match="Expected a string"):
        tiktoken.get_encoding(5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="(?s)Unknown encoding nope.*cl100k_base"):
        tiktoken.get_encoding("nope")
    with pytest.raises(KeyError, match="Could not automatically map"):
        tiktoken.encoding_for_model("nope")
    assert "o200k_harmony" in tiktoken.list_encoding_names()


def test_from_tiktoken_keeps_encode_special_tokens_in_pickles(tmp_path: Path) -> None:
    """tokenizer.json has no field for the flag (the Rust package writes none and refuses unknown
    top-level fields): pickles and copies keep it, a saved file loads with the default."""
    import copy

    from subword import Tokenizer

    tokenizer = Tokenizer.from_tiktoken(fixture_path("gpt2/gpt2.tiktoken"), registry.R50K_PATTERN, {"<|endoftext|>": 50256})
    assert tokenizer.encode_special_tokens
    text = "a<|endoftext|>"
    for twin in (pickle.loads(pickle.dumps(tokenizer)), copy.deepcopy(tokenizer)):
        assert twin.encode_special_tokens and twin.encode(text).ids == tokenizer.encode(text).ids == gpt2().encode_ordinary(text)
    tokenizer.save(str(tmp_path / "tokenizer.json"))
    assert "encode_special_tokens" not in (tmp_path / "tokenizer.json").read_text()
    assert not Tokenizer.from_file(str(tmp_path / "tokenizer.json")).encode_special_tokens
    tokenizer.encode_special_tokens = False
    assert pickle.loads(pickle.dumps(tokenizer)).encode(text).ids == [64, 50256]


def test_worker_processes_keep_encode_special_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch large enough for the worker pool encodes special token text as in-process (the
    workers' copies are built from tokenizer.json, which has no field for the flag)."""
    from subword import Tokenizer

    monkeypatch.setenv("SUBWORD_NUM_WORKERS", "2")
    monkeypatch.delenv("TOKENIZERS_PARALLELISM", raising=False)
    tokenizer = Tokenizer.from_tiktoken(fixture_path("gpt2/gpt2.tiktoken"), registry.R50K_PATTERN, {"<|endoftext|>": 50256})
    texts = ["x" * 600 + "<|endoftext|>"] * 100
    assert [encoding.ids for encoding in tokenizer.encode_batch_fast(texts)] == [gpt2().encode_ordinary(texts[0])] * 100
    tokenizer.encode_special_tokens = False
    assert all(encoding.ids[-1] == 50256 for encoding in tokenizer.encode_batch_fast(texts))
