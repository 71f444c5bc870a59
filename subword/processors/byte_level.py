"""ByteLevel post-processing: trim the spaces that byte-level tokens carry out of their offsets.

`trimmed_offsets` is the one rule, for any component that needs it (the ByteLevel
pre-tokenizer's `trim_offsets` option means this same step).
"""

from __future__ import annotations

from functools import lru_cache, partial
from typing import Any, Iterable, Sequence

from ..text.chars import is_whitespace, white_space_chars
from ..core.registry import field
from ..core.encoding import Encoding, Offsets
from ._special import expect_bool
from .base import PostProcessor, processors_registry

# The byte-level alphabet writes the space byte as this character.
BYTE_LEVEL_SPACE = "\u0120"  # Ġ


def _is_space(char: str) -> bool:
    return char == BYTE_LEVEL_SPACE or is_whitespace(char)


@lru_cache(maxsize=None)
def _spaces() -> frozenset[str]:
    """The chars `_is_space` accepts, as one set."""
    return white_space_chars() | {BYTE_LEVEL_SPACE}


def trimmed_offsets(token: str, offsets: Offsets, is_first: bool, add_prefix_space: bool) -> Offsets:
    """`offsets` without the spaces (Ġ or whitespace) at the start and end of `token`.

    One leading space of the first token is kept when `add_prefix_space` (it was added, so the
    offsets never covered it). Offsets never cross: start <= end.

    >>> trimmed_offsets("Ġhello", (5, 11), False, True), trimmed_offsets("Ġhello", (0, 5), True, True)
    ((6, 11), (0, 5))
    """
    spaces = _spaces()
    if not token or (token[0] not in spaces and token[-1] not in spaces):  # nothing to trim
        return offsets
    leading = _count_spaces(token)
    trailing = _count_spaces(reversed(token))
    start, end = offsets
    if leading and not (is_first and add_prefix_space and leading == 1):
        start = min(start + leading, end)
    if trailing and end >= trailing:
        end = max(end - trailing, start)
    return start, end


def _count_spaces(chars: Iterable[str]) -> int:
    count = 0
    for char in chars:
        if not _is_space(char):
            break
        count += 1
    return count


def trim_encoding_offsets(encoding: Encoding, add_prefix_space: bool) -> None:
    """Apply `trimmed_offsets` to every token of `encoding`, in place (not its overflowing).

    A token counts as first when it is the first one or its offsets start at 0 (pre-tokenized
    input has several such tokens).
    """
    encoding.transform_offsets(partial(_trimmed_column, add_prefix_space=add_prefix_space))


def _trimmed_column(tokens: Sequence[str], offsets: Sequence[Offsets], add_prefix_space: bool) -> list[Offsets] | None:
    """The offsets of `tokens` trimmed; None when none moves."""
    if offsets.count((0, 0)) == len(offsets):  # (0, 0) trims to itself: the ids path's offsets
        return None
    spaces = _spaces()
    ends = [i for i, token in enumerate(tokens) if token and (token[0] in spaces or token[-1] in spaces)]
    if not ends:  # no token starts or ends with a space: nothing moves
        return None
    trimmed = list(offsets)
    for i in ends:
        trimmed[i] = trimmed_offsets(tokens[i], trimmed[i], i == 0 or trimmed[i][0] == 0, add_prefix_space)
    return trimmed


@processors_registry.register("ByteLevel")
class ByteLevel(PostProcessor):
    """Trim offsets of byte-level tokens; adds no special tokens.

    `use_regex` only matters to the ByteLevel pre-tokenizer; it is kept so that the
    tokenizer.json entry round-trips.

    >>> e = Encoding(ids=[1, 2], tokens=["Ġhi", "Ġyou"], offsets=[(0, 2), (2, 6)])
    >>> ByteLevel().process(e).offsets
    [(0, 2), (3, 6)]
    """

    def __init__(
        self,
        add_prefix_space: bool | None = None,
        trim_offsets: bool | None = None,
        use_regex: bool | None = None,
        **_kwargs: Any,
    ) -> None:
        # Other keywords (the "type" of `ByteLevel(**json.loads(processor.__getstate__()))`) are ignored, as in Rust.
        self.add_prefix_space = True if add_prefix_space is None else add_prefix_space
        self.trim_offsets = True if trim_offsets is None else trim_offsets
        self.use_regex = True if use_regex is None else use_regex

    def __setattr__(self, name: str, value: object) -> None:
        if name in ("add_prefix_space", "trim_offsets", "use_regex"):
            value = expect_bool(value, name)
        super().__setattr__(name, value)

    def added_tokens(self, is_pair: bool) -> int:
        """Always 0."""
        return 0

    def process_encodings(self, encodings: list[Encoding], add_special_tokens: bool) -> list[Encoding]:
        """Trim offsets (overflowing windows too) and set each input's sequence id."""
        if self.trim_offsets:
            for encoding in encodings:
                trim_encoding_offsets(encoding, self.add_prefix_space)
                for window in encoding.overflowing:
                    trim_encoding_offsets(window, self.add_prefix_space)
        for i, encoding in enumerate(encodings):
            encoding.set_sequence_id(i)
        return encodings

    def to_json(self) -> dict:
        """This processor as its tokenizer.json entry."""
        return {
            "type": "ByteLevel",
            "add_prefix_space": self.add_prefix_space,
            "trim_offsets": self.trim_offsets,
            "use_regex": self.use_regex,
        }

    @classmethod
    def from_json(cls, data: dict, path: str) -> ByteLevel:
        """Read the processor from its tokenizer.json entry (`use_regex` defaults to true)."""
        return cls(
            field(data, "add_prefix_space", bool, path),
            field(data, "trim_offsets", bool, path),
            field(data, "use_regex", bool, path, True),
        )
