"""Reading JSON numbers as the Rust package does (serde_json without float_roundtrip)."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subword.text.rust_float import parse_float_like_rust

tokenizers = pytest.importorskip("tokenizers", reason="the Rust package is the reference")


def _rust_reads(literal: str) -> float:
    """The score the Rust package keeps after reading `literal` from a tokenizer.json."""
    document = {"version": "1.0", "model": {"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0.0], ["a", 0.0]]}}
    text = json.dumps(document).replace('["a", 0.0]', f'["a", {literal}]')
    written = json.loads(tokenizers.Tokenizer.from_str(text).to_str())
    return written["model"]["vocab"][1][1]


@given(st.floats(min_value=-1e6, max_value=0.0, allow_nan=False, allow_infinity=False))
def test_shortest_repr_reads_like_rust(value: float) -> None:
    literal = repr(value) if "e" in repr(value) or "." in repr(value) else repr(value) + ".0"
    assert parse_float_like_rust(literal) == _rust_reads(literal)


@pytest.mark.parametrize(
    "literal",
    ["-2.0122928619384766", "-12.345678901234567890123", "123456789012345678901234.5", "1e-7", "-3.5E+2", "0.0"],
)
def test_long_and_exponent_literals_read_like_rust(literal: str) -> None:
    assert parse_float_like_rust(literal) == _rust_reads(literal)


def test_differs_from_python_where_rust_does() -> None:
    """The reason this module exists: a 17-digit literal that serde_json rounds twice."""
    assert parse_float_like_rust("-2.0122928619384766") != float("-2.0122928619384766")
    assert parse_float_like_rust("-2.0122928619384766") == _rust_reads("-2.0122928619384766")


@given(
    st.booleans(),
    st.text("0123456789", min_size=1, max_size=12),
    st.text("0123456789", min_size=1, max_size=12),
)
def test_decimal_literals_read_like_rust(negative: bool, integer: str, fraction: str) -> None:
    """Plain decimals of up to 24 digits, leading zeros and zeros included (19 digits or fewer
    take a shorter way through `parse_float_like_rust`)."""
    literal = ("-" if negative else "") + integer.lstrip("0").rjust(1, "0") + "." + fraction
    ours, rust = parse_float_like_rust(literal), _rust_reads(literal)
    assert (ours, math.copysign(1.0, ours)) == (rust, math.copysign(1.0, rust)), literal
