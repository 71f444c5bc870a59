"""Helpers shared by the parity tests: compare a subword Encoding with a `tokenizers` Encoding.

Every field is compared, overflowing encodings recursively, and a failure message names the
field, the first differing position and the tokens around it, so a mismatch reads at a glance.
Calls that may fail are compared as outcomes: when the Rust package raises, subword must raise
a SubwordError too.
"""

from __future__ import annotations

from typing import Any, Callable

from subword.errors import SubwordError

# The per-token fields of an Encoding, in the order a reader would look at them.
TOKEN_FIELDS = (
    "ids",
    "tokens",
    "offsets",
    "type_ids",
    "attention_mask",
    "special_tokens_mask",
    "word_ids",
    "sequence_ids",
)


class RustError:
    """The Rust package refused a call; holds its exception for the failure message."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def __repr__(self) -> str:
        return f"RustError({type(self.error).__name__}: {self.error})"

    @property
    def is_panic(self) -> bool:
        """True for a Rust panic: a bug of the Rust package, not behaviour to copy."""
        return type(self.error).__name__ == "PanicException"


def rust_outcome(call: Callable[[], Any]) -> Any:
    """The result of `call()`, or a RustError if the Rust package raised (panics included).

    A Rust panic surfaces as `pyo3_runtime.PanicException`, which derives from BaseException,
    so a plain `except Exception` would let it end the test run.
    """
    try:
        return call()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: BLE001 - see the docstring
        return RustError(error)


def ours_outcome(call: Callable[[], Any], rust: Any, context: str = "") -> Any:
    """Run subword's `call()`; if the Rust outcome was an error, check subword raised a SubwordError.

    Returns subword's result, or None when both raised.
    """
    if isinstance(rust, RustError):
        try:
            result = call()
        except SubwordError:
            return None
        raise AssertionError(f"{context}: the Rust package raised {rust!r} but subword returned {result!r}")
    return call()


def _field(encoding: Any, name: str) -> list:
    return [tuple(value) if isinstance(value, list) else value for value in getattr(encoding, name)]


def _first_difference(ours: list, rust: list) -> int:
    for index, (a, b) in enumerate(zip(ours, rust)):
        if a != b:
            return index
    return min(len(ours), len(rust))


def _window(values: list, index: int, radius: int = 3) -> list:
    return values[max(0, index - radius) : index + radius + 1]


def assert_encodings_equal(ours: Any, rust: Any, context: str = "") -> None:
    """Assert a subword Encoding equals a `tokenizers` Encoding on every field, recursively.

    Args:
        ours: a subword.Encoding.
        rust: a tokenizers.Encoding.
        context: prefixed to the failure message (the input text, the settings, ...).
    """
    where = f"{context}: " if context else ""
    for name in TOKEN_FIELDS:
        mine, theirs = _field(ours, name), _field(rust, name)
        if mine != theirs:
            index = _first_difference(mine, theirs)
            rust_tokens = list(rust.tokens)
            raise AssertionError(
                f"{where}{name} differs at position {index} "
                f"(lengths: subword {len(mine)}, rust {len(theirs)}).\n"
                f"  subword {name}[{max(0, index - 3)}:]: {_window(mine, index)}\n"
                f"  rust    {name}[{max(0, index - 3)}:]: {_window(theirs, index)}\n"
                f"  rust tokens around it: {_window(rust_tokens, index)}\n"
                f"  subword tokens around it: {_window(list(ours.tokens), index)}"
            )
    if ours.n_sequences != rust.n_sequences:
        raise AssertionError(f"{where}n_sequences: subword {ours.n_sequences}, rust {rust.n_sequences}")
    if len(ours) != len(rust):
        raise AssertionError(f"{where}len(): subword {len(ours)}, rust {len(rust)}")
    ours_overflowing, rust_overflowing = list(ours.overflowing), list(rust.overflowing)
    if len(ours_overflowing) != len(rust_overflowing):
        raise AssertionError(
            f"{where}overflowing: subword has {len(ours_overflowing)} encodings, rust {len(rust_overflowing)}.\n"
            f"  subword: {[list(e.tokens) for e in ours_overflowing]}\n"
            f"  rust:    {[list(e.tokens) for e in rust_overflowing]}"
        )
    for index, (mine, theirs) in enumerate(zip(ours_overflowing, rust_overflowing)):
        assert_encodings_equal(mine, theirs, f"{where}overflowing[{index}]")


def assert_batches_equal(ours: list, rust: list, context: str = "") -> None:
    """Assert two lists of encodings are equal item by item (see `assert_encodings_equal`)."""
    assert len(ours) == len(rust), f"{context}: subword returned {len(ours)} encodings, rust {len(rust)}"
    for index, (mine, theirs) in enumerate(zip(ours, rust)):
        assert_encodings_equal(mine, theirs, f"{context} [item {index}]")


def assert_same_encode(ours_call: Callable[[], Any], rust_call: Callable[[], Any], context: str = "") -> Any:
    """Run an encode-like call on both sides and compare: equal encodings, or both raise.

    Works for one Encoding or a list of them; returns the Rust result (None if it raised).
    """
    rust = rust_outcome(rust_call)
    ours = ours_outcome(ours_call, rust, context)
    if isinstance(rust, RustError):
        return None
    if isinstance(rust, list):
        assert_batches_equal(ours, rust, context)
    else:
        assert_encodings_equal(ours, rust, context)
    return rust


def assert_same_decode(ours_tokenizer: Any, rust_tokenizer: Any, ids: list[int], context: str = "") -> None:
    """Both tokenizers decode `ids` to the same text, with and without skipping special tokens."""
    for skip in (True, False):
        expected = rust_tokenizer.decode(ids, skip_special_tokens=skip)
        got = ours_tokenizer.decode(ids, skip_special_tokens=skip)
        assert got == expected, f"{context}: decode(skip_special_tokens={skip}) of {ids}: {got!r} != {expected!r}"


def assert_offsets_in_range(encoding: Any, texts: list[str], context: str = "") -> None:
    """Every offset lies inside the text of its sequence: 0 <= start <= end <= len(text)."""
    for index, ((start, end), sequence) in enumerate(zip(encoding.offsets, encoding.sequence_ids)):
        text = texts[sequence or 0]
        assert 0 <= start <= end <= len(text), f"{context}: token {index} has offsets {(start, end)} outside {text!r}"
    for overflow in encoding.overflowing:
        assert_offsets_in_range(overflow, texts, context)


def compare_texts(
    ours: Any, rust: Any, texts: list[str], pairs: list[tuple[str, str]], context: str, decode_pairs: bool = True
) -> None:
    """Compare encode (single and pair, with and without special tokens), batches and decoding
    (of the pairs too, unless `decode_pairs` is False)."""
    for add_special_tokens in (True, False):
        where = f"{context} add_special_tokens={add_special_tokens}"
        for text in texts:
            encoding = assert_same_encode(
                lambda: ours.encode(text, add_special_tokens=add_special_tokens),
                lambda: rust.encode(text, add_special_tokens=add_special_tokens),
                f"{where} encode({text!r})",
            )
            if encoding is not None:
                assert_same_decode(ours, rust, encoding.ids, f"{where} {text!r}")
        for first, second in pairs:
            encoding = assert_same_encode(
                lambda: ours.encode(first, second, add_special_tokens=add_special_tokens),
                lambda: rust.encode(first, second, add_special_tokens=add_special_tokens),
                f"{where} encode({first!r}, {second!r})",
            )
            if encoding is not None and decode_pairs:
                assert_same_decode(ours, rust, encoding.ids, f"{where} {first!r} / {second!r}")
        batch = list(texts) + list(pairs)
        for method in ("encode_batch", "encode_batch_fast"):
            assert_same_encode(
                lambda: getattr(ours, method)(batch, add_special_tokens=add_special_tokens),
                lambda: getattr(rust, method)(batch, add_special_tokens=add_special_tokens),
                f"{where} {method}",
            )
