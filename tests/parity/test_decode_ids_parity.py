"""What `decode`, `decode_batch` and `id_to_token` take as ids, against the Rust package: the
same text for bools and numpy ints (Rust reads anything with __index__ as a u32), and an error of
the same standard type for what it refuses (a float, a str, None, an id outside 0..2**32-1)."""

from __future__ import annotations

import numpy as np
import pytest
import tokenizers

import subword
from tests.shared_data import fixture_path

FIXTURES = ["gpt2", "t5", "bert-base-uncased", "mistral-7b"]
IDS = [[True, 5], [np.int64(5), np.uint32(7)], [False], [-1], [3, -2], [2**32], [2**32 - 1], [2**40], [1.5], ["a"], [None], [5, 1.0]]


def outcome(call):
    try:
        return call()
    except Exception as error:  # noqa: BLE001 - the type is compared
        return error


def assert_same(ours, rust, context):
    if isinstance(rust, Exception):
        assert isinstance(ours, type(rust)), f"{context}: the Rust package raised {rust!r}, subword gave {ours!r}"
    else:
        assert ours == rust, context


@pytest.mark.parametrize("name", FIXTURES)
@pytest.mark.parametrize("ids", IDS, ids=repr)
def test_decode_takes_the_ids_the_rust_package_takes(name, ids):
    path = str(fixture_path(f"{name}/tokenizer.json"))
    ours, rust = subword.Tokenizer.from_file(path), tokenizers.Tokenizer.from_file(path)
    ours.decode_batch([list(range(400))])  # with the bulk tables made, and without: both ways
    for tokenizer in (ours, subword.Tokenizer.from_file(path)):
        assert_same(outcome(lambda: tokenizer.decode(ids)), outcome(lambda: rust.decode(ids)), f"decode {ids}")
        for batch in ([[1, 2], ids, []], [ids, [2**40]], [[2**40], ids], [ids * 300]):  # rows past the tables; long rows
            assert_same(outcome(lambda: tokenizer.decode_batch(batch)), outcome(lambda: rust.decode_batch(batch)), f"decode_batch {batch}")
        assert_same(outcome(lambda: tokenizer.decode(ids * 300)), outcome(lambda: rust.decode(ids * 300)), f"decode {ids} * 300")
        assert_same(outcome(lambda: tokenizer.id_to_token(ids[0])), outcome(lambda: rust.id_to_token(ids[0])), f"id_to_token {ids[0]!r}")


@pytest.mark.parametrize("step", [-1, 2**32, [5, -1], 1.5, True, np.int64(5)], ids=repr)
def test_a_stream_takes_the_ids_the_rust_package_takes(step):
    from tokenizers.decoders import DecodeStream as RustDecodeStream

    from subword.decoders import DecodeStream

    path = str(fixture_path("gpt2/tokenizer.json"))
    ours, rust = subword.Tokenizer.from_file(path), tokenizers.Tokenizer.from_file(path)
    expected = outcome(lambda: RustDecodeStream().step(rust, step))
    assert_same(outcome(lambda: DecodeStream().step(ours, step)), expected, f"step {step!r}")
    start = step if isinstance(step, list) else [step]
    expected = outcome(lambda: RustDecodeStream(start).step(rust, 5))
    assert_same(outcome(lambda: DecodeStream(start).step(ours, 5)), expected, f"DecodeStream({start!r})")
