"""`subword.tiktoken` against tiktoken: the same calls on the same ranks give the same results.

Encodings: GPT-2's gpt2.tiktoken with GPT-2's pattern and `<|endoftext|>`, Whisper's
multilingual.tiktoken with some of its special tokens, and both ranks under cl100k's pattern and
special tokens (`Encoding` takes any ranks). Every method is called in both libraries on
hypothesis text (all of Unicode but surrogates, with special token text mixed in) and on lines
of the shared corpora; results must be equal, and so must the exception type when tiktoken
raises (subword's exceptions subclass the standard type tiktoken raises). `get_encoding` reads
a TIKTOKEN_CACHE_DIR built in tmp_path, in both libraries.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from typing import Any, Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subword.tiktoken as ours
import subword.tiktoken.load
import subword.tiktoken.model
from tests.parity.test_bpe_hypothesis import PIECES
from tests.parity.test_from_tiktoken_parity import WHISPER_SUBSET, whisper_special_tokens
from tests.shared_data import corpus_files, corpus_lines, fixture_path

tiktoken = pytest.importorskip("tiktoken")
tiktoken_load = pytest.importorskip("tiktoken.load")
tiktoken_model = pytest.importorskip("tiktoken.model")
tiktoken_registry = pytest.importorskip("tiktoken.registry")

GPT2_PATTERN = ours.registry.R50K_PATTERN
CL100K_PATTERN = ours.registry.CL100K_PATTERN
CL100K_SPECIALS = ["<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>"]
RANK_FILES = {"gpt2": "gpt2/gpt2.tiktoken", "whisper": "whisper/multilingual.tiktoken"}
ENCODINGS = ["gpt2", "whisper", "gpt2-cl100k", "whisper-cl100k"]


@lru_cache(maxsize=None)
def ranks(file: str) -> dict[bytes, int]:
    return tiktoken_load.load_tiktoken_bpe(str(fixture_path(RANK_FILES[file])))


def arguments(name: str) -> dict[str, Any]:
    """Encoding's arguments for `name`: "<rank file>" or "<rank file>-cl100k"."""
    file, _, style = name.partition("-")
    mergeable = ranks(file)
    if style == "cl100k":
        first = max(mergeable.values()) + 1
        specials = {token: first + index for index, token in enumerate(CL100K_SPECIALS)}
        return {"name": name, "pat_str": CL100K_PATTERN, "mergeable_ranks": mergeable, "special_tokens": specials}
    if file == "gpt2":
        return {"name": name, "pat_str": GPT2_PATTERN, "mergeable_ranks": mergeable, "special_tokens": {"<|endoftext|>": 50256}}
    every = whisper_special_tokens(len(mergeable))
    specials = {token: every[token] for token in WHISPER_SUBSET}
    return {"name": name, "pat_str": GPT2_PATTERN, "mergeable_ranks": mergeable, "special_tokens": specials}


@lru_cache(maxsize=None)
def pair(name: str) -> tuple[Any, Any]:
    """(subword's Encoding, tiktoken's Encoding) of `name`."""
    return ours.Encoding(**arguments(name)), tiktoken.Encoding(**arguments(name))


def outcome(call: Callable[[], Any]) -> tuple[str, Any]:
    """("ok", result) or ("error", the exception's type)."""
    try:
        result = call()
    except (ValueError, TypeError, KeyError, OverflowError, UnicodeError) as error:
        return "error", type(error)
    return "ok", result


def same(name: str, call: Callable[[Any], Any], label: str) -> Any:
    """Run `call` on both encodings of `name`; the outcomes must be equal. Returns tiktoken's result."""
    mine, theirs = pair(name)
    expected, got = outcome(lambda: call(theirs)), outcome(lambda: call(mine))
    if expected[0] == "error" and got[0] == "error":
        # subword's exceptions subclass the standard type tiktoken raises
        assert issubclass(got[1], expected[1]), f"{name} {label}: {got} != {expected}"
    else:
        assert got == expected, f"{name} {label}"
    return expected[1]


def specials_of(name: str) -> list[str]:
    return list(arguments(name)["special_tokens"])


def check_text(name: str, text: str) -> None:
    """Every encoding method on `text` under the special-token rules, then decoding its ids."""
    specials = specials_of(name)
    same(name, lambda enc: enc.encode_ordinary(text), f"encode_ordinary({text!r})")
    rules: list[dict[str, Any]] = [
        {},
        {"allowed_special": "all"},
        {"disallowed_special": ()},
        {"allowed_special": {specials[0]}},
        {"allowed_special": set(specials[1:])},
        {"allowed_special": {specials[0]}, "disallowed_special": ()},
        {"disallowed_special": {specials[-1]}},
        {"allowed_special": frozenset(specials[:2]), "disallowed_special": set()},
    ]
    for index, rule in enumerate(rules):
        ids = same(name, lambda enc: enc.encode(text, **rule), f"encode({text!r}, **{rule})")
        if index % 3 == 0:  # the other methods share encode's rule; a few rules each keep the test quick
            same(name, lambda enc: enc.encode_batch([text, text[:5]], **rule), f"encode_batch, {rule}")
            same(name, lambda enc: enc.encode_to_numpy(text, **rule).tolist(), f"encode_to_numpy, {rule}")
        if index in (0, 1) and len(text.encode()) < 40:  # tiktoken's brute force is slow in Python
            same(name, lambda enc: _sorted_unstable(enc.encode_with_unstable(text, **rule)), f"unstable {text!r}, {rule}")
        if isinstance(ids, list) and index < 2:
            check_ids(name, ids)


def _sorted_unstable(result: tuple[list[int], list[list[int]]]) -> tuple[list[int], list[list[int]]]:
    return result[0], sorted(result[1])


def check_ids(name: str, ids: list[int]) -> None:
    """Every decoding method on `ids`."""
    same(name, lambda enc: enc.decode(ids), f"decode({ids})")
    same(name, lambda enc: enc.decode(ids, errors="strict"), f"decode({ids}, strict)")
    same(name, lambda enc: enc.decode(ids, errors="ignore"), f"decode({ids}, ignore)")
    same(name, lambda enc: enc.decode_bytes(ids), f"decode_bytes({ids})")
    same(name, lambda enc: enc.decode_tokens_bytes(ids), f"decode_tokens_bytes({ids})")
    same(name, lambda enc: enc.decode_with_offsets(ids), f"decode_with_offsets({ids})")
    same(name, lambda enc: enc.decode_batch([ids, ids[:1]]), f"decode_batch({ids})")
    same(name, lambda enc: enc.decode_bytes_batch([ids, ids[1:]]), f"decode_bytes_batch({ids})")
    same(name, lambda enc: [enc.is_special_token(id_) for id_ in ids], f"is_special_token({ids})")


TEXTS = st.lists(st.one_of(PIECES, st.sampled_from(["<|endoftext|>", "<|fim_prefix|>", "<|en|>", "<|0.00|>", "<|", "|>"])), max_size=8).map("".join)


@given(name=st.sampled_from(ENCODINGS), text=TEXTS)
def test_hypothesis_texts(name: str, text: str) -> None:
    check_text(name, text)


@given(name=st.sampled_from(ENCODINGS), ids=st.lists(st.integers(min_value=0, max_value=52000), max_size=6))
def test_hypothesis_ids(name: str, ids: list[int]) -> None:
    check_ids(name, ids)  # ids past the vocabulary, and bytes that are not UTF-8, included
    for id_ in ids:
        same(name, lambda enc: enc.decode_single_token_bytes(id_), f"decode_single_token_bytes({id_})")


@pytest.mark.parametrize("name", ENCODINGS)
def test_corpus_lines(name: str) -> None:
    specials = specials_of(name)
    lines = [line for path in corpus_files() for line in corpus_lines(path, 3)]
    for index, line in enumerate(lines):
        check_text(name, line)
        check_text(name, f"{line[:30]}{specials[index % len(specials)]}{line[30:60]} ")
    same(name, lambda enc: enc.encode_ordinary_batch(lines, num_threads=2), "encode_ordinary_batch")
    same(name, lambda enc: enc.encode_batch(lines, allowed_special="all"), "encode_batch")


EDGE_TEXTS = ["", " ", "hello fanta", "hello \n ", "a\n\n \t", "x  ", "héllo wörld", "日本語", "🙂🙂", "<|endoftext|>", "a<|endoftext|>", "1234567"]


@pytest.mark.parametrize("name", ENCODINGS)
@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_edge_texts(name: str, text: str) -> None:
    check_text(name, text)


@pytest.mark.parametrize("name", ["gpt2", "whisper-cl100k"])
def test_vocabulary_and_single_tokens(name: str) -> None:
    mine, theirs = pair(name)
    assert mine.token_byte_values() == theirs.token_byte_values()
    assert (mine.n_vocab, mine.max_token_value, mine.special_tokens_set) == (theirs.n_vocab, theirs.max_token_value, theirs.special_tokens_set)
    same(name, lambda enc: enc.eot_token, "eot_token")
    assert repr(mine) == repr(theirs)
    for token in [b"hello", " world", b"\xff", "helloqqq", *specials_of(name), b"<|endoftext|>", "\u00e9"]:
        same(name, lambda enc: enc.encode_single_token(token), f"encode_single_token({token!r})")
        same(name, lambda enc: enc._encode_single_piece(token), f"_encode_single_piece({token!r})")
    for text in ["hello world  x", "héllo\n\n  ok", ""]:
        same(name, lambda enc: enc._encode_only_native_bpe(text), f"_encode_only_native_bpe({text!r})")


BAD_CALLS: list[tuple[str, Callable[[Any], Any]]] = [
    ("encode(int)", lambda enc: enc.encode(5)),
    ("encode(bytes)", lambda enc: enc.encode(b"ab")),
    ("encode_ordinary(None)", lambda enc: enc.encode_ordinary(None)),
    ("allowed list", lambda enc: enc.encode("a", allowed_special=["<|endoftext|>"])),
    ("allowed list, nothing disallowed", lambda enc: enc.encode("a", allowed_special=["<|endoftext|>"], disallowed_special=())),
    ("allowed None", lambda enc: enc.encode("a", allowed_special=None)),
    ("allowed ints", lambda enc: enc.encode("a", allowed_special={1}, disallowed_special=())),
    ("disallowed ints", lambda enc: enc.encode("a", disallowed_special={1})),
    ("disallowed str", lambda enc: enc.encode("a<b", disallowed_special="<|x"),),
    ("disallowed text", lambda enc: enc.encode("x <|endoftext|> y")),
    ("surrogates", lambda enc: enc.encode("a\ud83d\ude00 \ud800")),
    ("surrogates ordinary", lambda enc: enc.encode_ordinary_batch(["\udfff", "a"])),
    ("surrogates unstable", lambda enc: enc.encode_with_unstable("a\ud800")),
    ("surrogates numpy", lambda enc: enc.encode_to_numpy("a\ud800")),
    ("unstable int", lambda enc: enc.encode_with_unstable(5, disallowed_special=())),
    ("batch of str", lambda enc: enc.encode_ordinary_batch("ab")),
    ("batch iterator", lambda enc: enc.encode_batch(iter(["a", "b"]))),
    ("batch 0 threads", lambda enc: enc.encode_ordinary_batch(["a"], num_threads=0)),
    ("batch -1 threads", lambda enc: enc.encode_batch(["a"], num_threads=-1)),
    ("batch str threads", lambda enc: enc.encode_batch(["a"], num_threads="2")),
    ("batch of int", lambda enc: enc.encode_batch(["a", 1])),
    ("batch disallowed", lambda enc: enc.encode_batch(["a", "<|endoftext|>"])),
    ("single token int", lambda enc: enc.encode_single_token(5)),
    ("single token bytearray", lambda enc: enc.encode_single_token(bytearray(b"a"))),
    ("single token unknown", lambda enc: enc.encode_single_token("helloqqq")),
    ("decode id -1", lambda enc: enc.decode([-1])),
    ("decode id 2**32", lambda enc: enc.decode([2**32])),
    ("decode unknown", lambda enc: enc.decode([1, 10**9])),
    ("decode unknown then -1", lambda enc: enc.decode_bytes([10**9, -1])),
    ("decode str", lambda enc: enc.decode("12")),
    ("decode None", lambda enc: enc.decode(None)),
    ("decode iterator", lambda enc: enc.decode(iter([1]))),
    ("decode floats", lambda enc: enc.decode([1.0])),
    ("decode bools", lambda enc: enc.decode_bytes([True, False])),
    ("decode tuple", lambda enc: enc.decode((31373, 995))),
    ("decode strict invalid", lambda enc: enc.decode([188], errors="strict")),
    ("offsets invalid", lambda enc: enc.decode_with_offsets([188])),
    ("single bytes unknown", lambda enc: enc.decode_single_token_bytes(10**9)),
    ("single bytes -1", lambda enc: enc.decode_single_token_bytes(-1)),
    ("single bytes str", lambda enc: enc.decode_single_token_bytes("1")),
    ("single bytes float", lambda enc: enc.decode_single_token_bytes(1.0)),
    ("single bytes bool", lambda enc: enc.decode_single_token_bytes(True)),
    ("tokens bytes str", lambda enc: enc.decode_tokens_bytes("ab")),
    ("decode_batch 0 threads", lambda enc: enc.decode_batch([[1]], num_threads=0)),
]


@pytest.mark.parametrize("label, call", BAD_CALLS, ids=[label for label, _ in BAD_CALLS])
def test_errors_and_odd_arguments(label: str, call: Callable[[Any], Any]) -> None:
    same("gpt2", call, label)


def test_disallowed_message_is_tiktokens() -> None:
    mine, theirs = pair("whisper")
    for text, kwargs in [("a <|en|>", {}), ("<|0.00|>", {"allowed_special": {"<|en|>"}}), ("x<|en|>", {"disallowed_special": {"<|en|>"}})]:
        with pytest.raises(ValueError) as expected:
            theirs.encode(text, **kwargs)
        with pytest.raises(ValueError) as got:
            mine.encode(text, **kwargs)
        assert str(got.value) == str(expected.value)


def test_numpy_dtype() -> None:
    mine, theirs = pair("gpt2")
    assert mine.encode_to_numpy("hello world").dtype == theirs.encode_to_numpy("hello world").dtype


def test_pickled_by_value_round_trip() -> None:
    mine, theirs = pair("gpt2")
    assert pickle.loads(pickle.dumps(mine)).encode("hello <|endoftext|>", allowed_special="all") == theirs.encode(
        "hello <|endoftext|>", allowed_special="all"
    )
    assert mine.__getstate__().keys() == theirs.__getstate__().keys()


def test_model_tables_are_tiktokens() -> None:
    assert ours.model.MODEL_TO_ENCODING == tiktoken_model.MODEL_TO_ENCODING
    assert list(ours.model.MODEL_PREFIX_TO_ENCODING.items()) == list(tiktoken_model.MODEL_PREFIX_TO_ENCODING.items())
    assert ours.list_encoding_names() == tiktoken.list_encoding_names()
    for model in ["gpt-4", "gpt-4-0613", "gpt-4o-mini", "gpt-oss-120b", "ft:gpt-3.5-turbo:x", "text-davinci-003", "gpt2", "nope"]:
        assert outcome(lambda: ours.encoding_name_for_model(model)) == outcome(lambda: tiktoken.encoding_name_for_model(model))


def test_known_encodings_arguments_are_tiktokens() -> None:
    """Patterns, special tokens and file URLs/hashes of every known encoding, without reading files."""
    from tiktoken_ext import openai_public

    for name in ours.list_encoding_names():
        captured: dict[str, Any] = {}

        def fake_load(path: str, expected_hash: str | None = None) -> dict[bytes, int]:
            captured.setdefault("files", []).append((path, expected_hash))
            return {b"a": 0}

        def fake_data_gym(**kwargs: Any) -> dict[bytes, int]:
            captured.setdefault("files", []).append(tuple(sorted(kwargs.items())))
            return {b"a": 0}

        results = []
        for module in (openai_public, ours.registry):
            captured.clear()
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(module, "load_tiktoken_bpe", fake_load)
                patch.setattr(module, "data_gym_to_mergeable_bpe_ranks", fake_data_gym)
                arguments = getattr(module, name)()
            results.append((arguments, list(captured["files"])))
        assert results[0] == results[1], name


def _cache_dir(tmp_path: Any) -> Any:
    """A TIKTOKEN_CACHE_DIR holding gpt2's and r50k_base's files under tiktoken's names."""
    folder = tmp_path / "cache"
    folder.mkdir()
    files = {
        ours.registry.GPT2_VOCAB_BPE[0]: "gpt2/vocab.bpe",
        ours.registry.GPT2_ENCODER_JSON[0]: "gpt2/encoder.json",
        ours.registry.R50K_BASE[0]: "gpt2/gpt2.tiktoken",
    }
    for url, fixture in files.items():
        (folder / hashlib.sha1(url.encode()).hexdigest()).write_bytes(fixture_path(fixture).read_bytes())
    return folder


@pytest.mark.parametrize("name", ["gpt2", "r50k_base"])
def test_get_encoding_reads_tiktokens_cache(tmp_path: Any, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(_cache_dir(tmp_path)))
    monkeypatch.setattr(tiktoken_registry, "ENCODINGS", {})
    monkeypatch.setattr(ours.core, "ENCODINGS", {})
    monkeypatch.setattr(ours.registry, "ENCODINGS", ours.core.ENCODINGS)
    theirs = tiktoken.get_encoding(name)
    mine = ours.get_encoding(name)
    assert mine is ours.get_encoding(name)
    assert mine._mergeable_ranks == theirs._mergeable_ranks
    text = "hello world <|endoftext|> it's 2024!"
    assert mine.encode(text, allowed_special="all") == theirs.encode(text, allowed_special="all")
    assert (mine.n_vocab, mine.eot_token, mine.name) == (theirs.n_vocab, theirs.eot_token, theirs.name)
    assert pickle.dumps(mine.__getstate__()) == pickle.dumps(theirs.__getstate__())  # the name
    assert pickle.loads(pickle.dumps(mine)).encode("x y") == theirs.encode("x y")
    if name == "r50k_base":
        assert ours.encoding_for_model("davinci").encode("hi there") == tiktoken.encoding_for_model("davinci").encode("hi there")


def test_load_tiktoken_bpe_local_and_cached(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(_cache_dir(tmp_path)))
    path = str(fixture_path("gpt2/gpt2.tiktoken"))
    assert ours.load.load_tiktoken_bpe(path) == tiktoken_load.load_tiktoken_bpe(path)
    url, sha = ours.registry.R50K_BASE
    assert ours.load.load_tiktoken_bpe(url, sha) == tiktoken_load.load_tiktoken_bpe(url, sha)
    gpt2 = [str(fixture_path("gpt2/vocab.bpe")), str(fixture_path("gpt2/encoder.json"))]
    assert ours.load.data_gym_to_mergeable_bpe_ranks(*gpt2) == tiktoken_load.data_gym_to_mergeable_bpe_ranks(*gpt2)
    assert ours.load.data_gym_to_mergeable_bpe_ranks(*gpt2, clobber_one_byte_tokens=True) == tiktoken_load.data_gym_to_mergeable_bpe_ranks(
        *gpt2, clobber_one_byte_tokens=True
    )


def test_dump_tiktoken_bpe_writes_what_tiktoken_reads(tmp_path: Any) -> None:
    mergeable = ranks("gpt2")
    ours.load.dump_tiktoken_bpe(mergeable, str(tmp_path / "out.tiktoken"))
    assert tiktoken_load.load_tiktoken_bpe(str(tmp_path / "out.tiktoken")) == mergeable
    assert (tmp_path / "out.tiktoken").read_bytes() == fixture_path("gpt2/gpt2.tiktoken").read_bytes()
