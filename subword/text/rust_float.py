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
    """The f64 serde_json makes of a JSON number literal with a fraction or an exponent.

    The digits are read whole (slices and one `int`), not one by one: `json.loads` calls this
    once per float, 32,000 times for a Unigram vocabulary.
    """
    point = text.find(".")
    if 0 < point and len(text) <= 20:
        # At most 19 digits: serde_json's u64 holds them all, and one division by an exact
        # power of ten follows. (A zero takes the long way, which keeps the sign of -0.0; an
        # exponent makes `int` refuse the digits.)
        try:
            value = int(text.replace(".", "", 1)) / _POW10[len(text) - point - 1]
        except ValueError:
            pass
        else:
            if value:
                return value
    mantissa, _, exponent_text = text.replace("E", "e").partition("e")
    positive = not mantissa.startswith("-")
    integer, _, fraction = mantissa.lstrip("-").partition(".")
    exponent = (int(exponent_text) if exponent_text else 0) - len(fraction)
    digits = (integer + fraction).lstrip("0")
    if len(digits) > 19:
        # serde_json keeps the longest prefix that fits a u64 (19 or 20 digits). A dropped
        # integer digit still scales the value, a dropped fraction digit does not: either
        # way the exponent gains one per digit dropped, counted from the fraction's end.
        kept = digits[:20] if int(digits[:20]) <= _U64_MAX else digits[:19]
        exponent += len(digits) - len(kept)
        digits = kept
    return _from_parts(positive, int(digits) if digits else 0, exponent)


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
