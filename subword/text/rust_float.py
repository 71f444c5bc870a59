"""Read JSON numbers the way the Rust package's JSON reader (serde_json) does.

serde_json, built without its `float_roundtrip` feature, keeps at most 19-20 significant digits
in a u64, converts that integer to f64 and then multiplies or divides by a power of ten. Two
roundings instead of one: a score written with 17 digits can come back one unit in the last
place away from Python's correctly rounded value, and Unigram's Viterbi sees the difference on
exact ties. Reading tokenizer.json with this function gives the scores the Rust package uses.

>>> parse_float_like_rust("-2.0122928619384766"), float("-2.0122928619384766")
(-2.012292861938477, -2.0122928619384766)
"""

from __future__ import annotations

_U64_MAX = 2**64 - 1
_POW10 = [float(f"1e{i}") for i in range(309)]


def parse_float_like_rust(text: str) -> float:
    """The f64 serde_json makes of a JSON number literal with a fraction or an exponent."""
    position = 0
    positive = True
    if text.startswith("-"):
        positive = False
        position = 1
    significand = 0
    exponent = 0
    overflowed = False
    while position < len(text) and text[position].isdigit():
        digit = ord(text[position]) - 48
        if overflowed or significand * 10 + digit > _U64_MAX:
            overflowed = True
            exponent += 1  # an integer digit that does not fit still scales the value
        else:
            significand = significand * 10 + digit
        position += 1
    if position < len(text) and text[position] == ".":
        position += 1
        while position < len(text) and text[position].isdigit():
            digit = ord(text[position]) - 48
            if not overflowed and significand * 10 + digit <= _U64_MAX:
                significand = significand * 10 + digit
                exponent -= 1
            else:
                overflowed = True  # further fraction digits are dropped
            position += 1
    if position < len(text) and text[position] in "eE":
        exponent += int(text[position + 1 :])
    return _from_parts(positive, significand, exponent)


def _from_parts(positive: bool, significand: int, exponent: int) -> float:
    value = float(significand)
    while True:
        if abs(exponent) < len(_POW10):
            if exponent >= 0:
                value *= _POW10[exponent]
            else:
                value /= _POW10[-exponent]
            break
        if value == 0.0:
            break
        if exponent >= 0:
            return float("inf") if positive else float("-inf")
        value /= 1e308
        exponent += 308
    return value if positive else -value
