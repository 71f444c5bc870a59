"""`Encoding`, tiktoken's tokenizer object, on subword's byte-level BPE.

The BPE is the `Tokenizer` that `Tokenizer.from_tiktoken` builds (`formats.tiktoken`), without
special tokens: this module finds the special tokens itself, with tiktoken's rule (the leftmost
special token of the text that `allowed_special` names; the text between two of them is split by
the pattern on its own), and encodes the text between them in one batch. Ids, errors and their
types are tiktoken 0.14's, except where the docstrings below say otherwise.

What it does not do: spread a batch over threads (`num_threads` is checked, then the batch goes
through `Tokenizer.encode_batch_fast`, which uses worker processes for large batches), or
`_encode_bytes`.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, AbstractSet, Any, Callable, Collection, Literal, NoReturn, Union

from ..errors import ArgumentRangeError, ArgumentTypeError, ArgumentValueError, type_name
from ..formats.tiktoken import tokenizer_from_ranks
from ..tokenizer.tokenizer import EncodeInput, Tokenizer
from . import _unstable

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

_MAX_ID = 2**32 - 1  # tiktoken's ids are u32
Specials = Union[Literal["all"], AbstractSet[str]]
Disallowed = Union[Literal["all"], Collection[str]]

# Encodings made by `registry.get_encoding`, by name: these pickle as their name. registry.py
# fills both (it imports this module, so this one cannot import it).
ENCODINGS: dict[str, Encoding] = {}
_get_registered: list[Callable[[str], Encoding]] = []


class Encoding:
    """A tiktoken encoding: `subword.tiktoken.Encoding(...)` takes tiktoken's arguments and gives its ids.

    >>> from subword.tiktoken.load import load_tiktoken_bpe
    >>> ranks = {bytes([b]): b for b in range(256)} | {b"ab": 256}
    >>> enc = Encoding("demo", pat_str=r"\\w+|\\s+|[^\\w\\s]+", mergeable_ranks=ranks, special_tokens={"<|endoftext|>": 257})
    >>> enc.encode("ab abc<|endoftext|>", allowed_special="all")
    [256, 32, 256, 99, 257]
    >>> enc.decode([256, 32, 256, 99, 257])
    'ab abc<|endoftext|>'
    """

    def __init__(
        self,
        name: str,
        *,
        pat_str: str,
        mergeable_ranks: dict[bytes, int],
        special_tokens: dict[str, int],
        explicit_n_vocab: int | None = None,
    ) -> None:
        """An encoding splitting text by `pat_str` and merging bytes by `mergeable_ranks`.

        Args:
            name: the encoding's name (pickles of encodings from `get_encoding` carry only it).
            pat_str: the regex that cuts text into pieces before BPE.
            mergeable_ranks: token bytes -> rank; a lower rank merges first. Text holding a
                byte without a rank is refused with a ValueError (tiktoken panics).
            special_tokens: special token text -> id (an id may also be a rank, as in tiktoken).
            explicit_n_vocab: if given, the number of ranks and special tokens, checked.
        """
        self.name = name
        self._pat_str = pat_str
        self._mergeable_ranks = mergeable_ranks
        self._special_tokens = special_tokens
        _check_ranks(mergeable_ranks)
        _check_special_tokens(special_tokens)
        self.max_token_value = max(max(mergeable_ranks.values()), max(special_tokens.values(), default=0))
        if explicit_n_vocab:
            expected = len(mergeable_ranks) + len(special_tokens)
            if expected != explicit_n_vocab or self.max_token_value != explicit_n_vocab - 1:
                raise ArgumentValueError(
                    f"explicit_n_vocab={explicit_n_vocab}, but there are {expected} tokens and the largest id is "
                    f"{self.max_token_value}; tiktoken asserts both are explicit_n_vocab (less one for the id)"
                )
        self._special_token_values = set(special_tokens.values())
        self._tokenizer = tokenizer_from_ranks(Tokenizer, mergeable_ranks, pat_str, None, "mergeable_ranks", every_byte=False)
        self._missing_bytes = frozenset(range(256)) - {token[0] for token in mergeable_ranks if len(token) == 1}
        self._rank_bytes = {rank: token for token, rank in mergeable_ranks.items()}
        self._special_decoder = {id_: token.encode("utf-8") for token, id_ in special_tokens.items()}
        self._id_to_bytes = {**self._special_decoder, **self._rank_bytes}  # a rank wins, as in tiktoken
        self._sorted_tokens: list[bytes] | None = None  # made on first use

    def __repr__(self) -> str:
        return f"<Encoding {self.name!r}>"

    # -- encoding -------------------------------------------------------------------------------

    def encode_ordinary(self, text: str) -> list[int]:
        """The ids of `text`, special token text encoded as plain text.

        >>> gpt2.encode_ordinary("hello world<|endoftext|>")[:3]
        [31373, 995, 27]
        """
        return self._ordinary([_repaired(_expect_text(text))])[0]

    def encode(self, text: str, *, allowed_special: Specials = set(), disallowed_special: Disallowed = "all") -> list[int]:  # noqa: B006
        """The ids of `text`; special token text in it must be allowed or disallowed explicitly.

        Text of a token in `allowed_special` becomes its id. Text of a token in
        `disallowed_special` (by default every special token not allowed) raises ValueError;
        `disallowed_special=()` encodes it as plain text.

        >>> gpt2.encode("hello world")
        [31373, 995]
        >>> gpt2.encode("<|endoftext|>", allowed_special="all")
        [50256]
        >>> gpt2.encode("<|endoftext|>", disallowed_special=())
        [27, 91, 437, 1659, 5239, 91, 29]
        """
        allowed = self._checked(text, allowed_special, disallowed_special)
        return self._encode_all([_repaired(text)], allowed)[0]

    def encode_to_numpy(
        self, text: str, *, allowed_special: Specials = set(), disallowed_special: Disallowed = "all"  # noqa: B006
    ) -> npt.NDArray[np.uint32]:
        """`encode` as a numpy uint32 array (numpy is imported here, only when called)."""
        allowed = self._checked(text, allowed_special, disallowed_special)
        text.encode("utf-8")  # a lone surrogate raises UnicodeEncodeError here, as in tiktoken
        import numpy as np

        return np.array(self._encode_all([text], allowed)[0], dtype=np.uint32)

    def encode_ordinary_batch(self, text: list[str], *, num_threads: int = 8) -> list[list[int]]:
        """`encode_ordinary` of each text.

        >>> gpt2.encode_ordinary_batch(["hello world", "goodbye world"])
        [[31373, 995], [11274, 16390, 995]]
        """
        _check_threads(num_threads)
        return self._ordinary([_repaired(_expect_text(item)) for item in text])

    def encode_batch(
        self,
        text: list[str],
        *,
        num_threads: int = 8,
        allowed_special: Specials = set(),  # noqa: B006
        disallowed_special: Disallowed = "all",
    ) -> list[list[int]]:
        """`encode` of each text, with the same special-token arguments."""
        if allowed_special == "all":
            allowed_special = self.special_tokens_set
        if disallowed_special == "all":
            disallowed_special = self.special_tokens_set - allowed_special  # type: ignore[operator]
        _check_threads(num_threads)
        texts = list(text)
        allowed = [self._checked(item, allowed_special, disallowed_special) for item in texts]
        return self._encode_all([_repaired(item) for item in texts], allowed[0] if allowed else frozenset())

    def encode_with_unstable(
        self, text: str, *, allowed_special: Specials = set(), disallowed_special: Disallowed = "all"  # noqa: B006
    ) -> tuple[list[int], list[list[int]]]:
        """The stable ids of `text` and the id sequences that may continue them.

        The stable ids encode a prefix of `text`; each completion, after them, decodes to bytes
        that start with the whole text. tiktoken returns the completions in no set order; here
        they are sorted.
        """
        allowed = self._checked(text, allowed_special, disallowed_special)
        text.encode("utf-8")  # a lone surrogate raises UnicodeEncodeError here, as in tiktoken
        segments, specials = self._segments(text, allowed)
        tokens = self._join(self._ordinary(segments), specials)
        last_piece = 0 if not segments[-1] else self._last_piece_length(segments[-1])
        return _unstable.encode_with_unstable(self, tokens, last_piece)

    def encode_single_token(self, text_or_bytes: str | bytes) -> int:
        """The id of the token whose text (or bytes) is given, special tokens included; KeyError if none.

        >>> gpt2.encode_single_token("hello")
        31373
        """
        piece = _as_bytes(text_or_bytes)
        if piece in self._mergeable_ranks:
            return self._mergeable_ranks[piece]
        try:
            return self._special_tokens[piece.decode("utf-8")]
        except (UnicodeDecodeError, KeyError):
            raise KeyError(piece) from None

    # -- decoding -------------------------------------------------------------------------------

    def decode_bytes(self, tokens: Sequence[int]) -> bytes:
        """The bytes of `tokens`, special tokens included.

        >>> gpt2.decode_bytes([31373, 995])
        b'hello world'
        """
        if not _all_plain_ints(tokens):
            tokens = _checked_ids(tokens)
        try:
            return b"".join([self._id_to_bytes[token] for token in tokens])
        except KeyError:
            tokens = _checked_ids(tokens)  # an id outside u32 is an OverflowError before any KeyError
            unknown = next(token for token in tokens if token not in self._id_to_bytes)
            raise KeyError(f"Invalid token for decoding: {unknown}") from None

    def decode(self, tokens: Sequence[int], errors: str = "replace") -> str:
        """The text of `tokens`; bytes that are not UTF-8 are handled by `errors` (lossy by default).

        >>> gpt2.decode([31373, 995])
        'hello world'
        """
        return self.decode_bytes(tokens).decode("utf-8", errors=errors)

    def decode_single_token_bytes(self, token: int) -> bytes:
        """The bytes of one token, special tokens included; KeyError if the id is unknown.

        >>> gpt2.decode_single_token_bytes(31373)
        b'hello'
        """
        token = _checked_id(token)
        try:
            return self._id_to_bytes[token]
        except KeyError:
            raise KeyError(str(token)) from None

    def decode_tokens_bytes(self, tokens: Sequence[int]) -> list[bytes]:
        """The bytes of each token.

        >>> gpt2.decode_tokens_bytes([31373, 995])
        [b'hello', b' world']
        """
        return [self.decode_single_token_bytes(token) for token in tokens]

    def decode_with_offsets(self, tokens: Sequence[int]) -> tuple[str, list[int]]:
        """The text of `tokens` (strict UTF-8) and the index in it of each token's first char.

        A token that starts inside a char (a UTF-8 continuation byte) gets that char's index.

        >>> gpt2.decode_with_offsets([31373, 995])
        ('hello world', [0, 5])
        """
        pieces = self.decode_tokens_bytes(tokens)
        offsets = []
        chars = 0  # chars started so far: every byte but the continuation bytes 0x80-0xBF starts one
        for piece in pieces:
            offsets.append(max(0, chars - (0x80 <= piece[0] < 0xC0)))
            chars += sum(1 for byte in piece if not 0x80 <= byte < 0xC0)
        return b"".join(pieces).decode("utf-8", errors="strict"), offsets

    def decode_batch(self, batch: Sequence[Sequence[int]], *, errors: str = "replace", num_threads: int = 8) -> list[str]:
        """`decode` of each id list."""
        _check_threads(num_threads)
        return [self.decode(tokens, errors=errors) for tokens in batch]

    def decode_bytes_batch(self, batch: Sequence[Sequence[int]], *, num_threads: int = 8) -> list[bytes]:
        """`decode_bytes` of each id list."""
        _check_threads(num_threads)
        return [self.decode_bytes(tokens) for tokens in batch]

    # -- the vocabulary -------------------------------------------------------------------------

    def token_byte_values(self) -> list[bytes]:
        """The bytes of every mergeable token, sorted."""
        return list(self._sorted_token_bytes())

    @property
    def eot_token(self) -> int:
        """The id of `<|endoftext|>` (KeyError if the encoding has none)."""
        return self._special_tokens["<|endoftext|>"]

    @functools.cached_property
    def special_tokens_set(self) -> set[str]:
        """The text of every special token."""
        return set(self._special_tokens)

    def is_special_token(self, token: int) -> bool:
        """Whether `token` is the id of a special token (a TypeError for a non-int, where tiktoken asserts)."""
        if not isinstance(token, int):
            raise ArgumentTypeError(f"token must be an int, got {type_name(token)}")
        return token in self._special_token_values

    @property
    def n_vocab(self) -> int:
        """`max_token_value + 1`, as tiktoken keeps it for backwards compatibility."""
        return self.max_token_value + 1

    # -- private, as in tiktoken ----------------------------------------------------------------

    def _encode_single_piece(self, text_or_bytes: str | bytes) -> list[int]:
        """The BPE ids of one piece, without the pattern's split; never a special token.

        >>> gpt2._encode_single_piece("helloqqqq")
        [31373, 38227, 38227]
        """
        piece = _as_bytes(text_or_bytes)
        if piece in self._mergeable_ranks:
            return [self._mergeable_ranks[piece]]
        return self._tokenizer.model.tokenize_ids(_unstable.byte_chars(piece))

    def _encode_only_native_bpe(self, text: str) -> list[int]:
        """`encode_ordinary` without the surrogate repair (the split is the pattern's, in Python either way)."""
        _expect_text(text).encode("utf-8")
        return self.encode_ordinary(text)

    def __getstate__(self) -> object:
        """An encoding from `get_encoding` pickles as its name; any other as its arguments."""
        if ENCODINGS.get(self.name) is self:
            return self.name
        return {
            "name": self.name,
            "pat_str": self._pat_str,
            "mergeable_ranks": self._mergeable_ranks,
            "special_tokens": self._special_tokens,
        }

    def __setstate__(self, value: object) -> None:
        if isinstance(value, str):
            self.__dict__ = _get_registered[0](value).__dict__
            return
        self.__init__(**value)  # type: ignore[misc,arg-type]

    # -- the rules ------------------------------------------------------------------------------

    def _checked(self, text: object, allowed_special: Specials, disallowed_special: Disallowed) -> frozenset[str]:
        """The allowed special tokens of one call, after refusing text holding a disallowed one.

        The set arithmetic is tiktoken's, so wrong argument types fail as they do there.
        """
        text = _expect_text(text)
        if allowed_special == "all":
            allowed_special = self.special_tokens_set
        if disallowed_special == "all":
            disallowed_special = self.special_tokens_set - allowed_special  # type: ignore[operator]
        if disallowed_special:
            found = _special_regex(frozenset(disallowed_special)).search(text)
            if found:
                raise_disallowed_special_token(found.group())
        if not isinstance(allowed_special, (set, frozenset)):
            raise ArgumentTypeError(f"allowed_special must be a set of str or 'all', got {type_name(allowed_special)}")
        for token in allowed_special:
            if not isinstance(token, str):
                raise ArgumentTypeError(f"allowed_special must hold str, got {type_name(token)} {token!r:.40}")
        return frozenset(allowed_special)

    def _segments(self, text: str, allowed: frozenset[str]) -> tuple[list[str], list[int]]:
        """`text` cut at its allowed special tokens: n+1 plain segments around n special ids.

        tiktoken's rule: find the leftmost special token from where the search stands; if it is
        not allowed, search again from one char after its start. Each segment is split by the
        pattern on its own (so `$` and look-aheads see the segment's end).
        """
        if not allowed or not self._special_tokens:
            return [text], []
        finder = _special_regex(frozenset(self._special_tokens))
        segments, specials = [], []
        start = search = 0
        while (found := finder.search(text, search)) is not None:
            if found.group() not in allowed:
                search = found.start() + 1
                continue
            segments.append(text[start : found.start()])
            specials.append(self._special_tokens[found.group()])
            start = search = found.end()
        segments.append(text[start:])
        return segments, specials

    def _encode_all(self, texts: list[str], allowed: frozenset[str]) -> list[list[int]]:
        """The ids of each (checked, repaired) text; their plain segments go to the BPE in one batch."""
        cuts = [self._segments(text, allowed) for text in texts]
        flat = self._ordinary([segment for segments, _ in cuts for segment in segments])
        results, at = [], 0
        for segments, specials in cuts:
            results.append(self._join(flat[at : at + len(segments)], specials))
            at += len(segments)
        return results

    @staticmethod
    def _join(segment_ids: list[list[int]], specials: list[int]) -> list[int]:
        """The ids of the segments with the special ids between them: [[1], [2]], [9] -> [1, 9, 2]."""
        ids = list(segment_ids[0])
        for special, segment in zip(specials, segment_ids[1:]):
            ids.append(special)
            ids.extend(segment)
        return ids

    def _ordinary(self, texts: list[str]) -> list[list[int]]:
        """The BPE ids of each text (no special tokens): `Tokenizer.encode_batch_fast`."""
        if not texts:
            return []
        if self._missing_bytes:
            _check_bytes(texts, self._missing_bytes)
        batch: list[EncodeInput] = list(texts)
        return [encoding.ids for encoding in self._tokenizer.encode_batch_fast(batch, add_special_tokens=False)]

    def _last_piece_length(self, segment: str) -> int:
        """How many ids the last piece of `segment` (cut by the pattern) has."""
        words = self._tokenizer.words(segment)
        return len(self._tokenizer.model.tokenize_ids(words[-1])) if words else 0

    def _sorted_token_bytes(self) -> list[bytes]:
        if self._sorted_tokens is None:
            self._sorted_tokens = sorted(self._mergeable_ranks)
        return self._sorted_tokens


@functools.lru_cache(maxsize=128)
def _special_regex(tokens: frozenset[str]) -> re.Pattern[str]:
    """A regex finding any of `tokens`, the longest first where two start at one place.

    (tiktoken's alternation order is a hash order; this one is fixed.)
    """
    ordered = sorted(tokens, key=lambda token: (-len(token), token))
    return re.compile("|".join(re.escape(token) for token in ordered))


def raise_disallowed_special_token(token: str) -> NoReturn:
    """Raise tiktoken's ValueError for text of a disallowed special token, with its three fixes."""
    raise ValueError(
        f"Encountered text corresponding to disallowed special token {token!r}.\n"
        "If you want this text to be encoded as a special token, "
        f"pass it to `allowed_special`, e.g. `allowed_special={{{token!r}, ...}}`.\n"
        "If you want this text to be encoded as normal text, disable the check for this token "
        f"by passing `disallowed_special=(enc.special_tokens_set - {{{token!r}}})`.\n"
        "To disable this check for all special tokens, pass `disallowed_special=()`.\n"
    )


def _expect_text(text: object) -> str:
    if not isinstance(text, str):
        raise ArgumentTypeError(f"text must be a str, got {type_name(text)}")
    return text


def _repaired(text: str) -> str:
    """`text` with surrogate pairs joined and lone surrogates as U+FFFD, as tiktoken's encode
    retries text that is not UTF-8: '\\ud83d\\ude00' -> '😀', '\\ud800' -> '\\ufffd'."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def _check_bytes(texts: list[str], missing: frozenset[int]) -> None:
    """Refuse text holding a byte that has no rank (BPE could not encode it; tiktoken panics)."""
    for text in texts:
        found = missing.intersection(text.encode("utf-8"))
        if found:
            raise ArgumentValueError(
                f"the text holds byte {bytes([min(found)])!r}, which has no rank in mergeable_ranks; "
                "give every single byte a rank"
            )


def _as_bytes(text_or_bytes: object) -> bytes:
    if isinstance(text_or_bytes, str):
        return text_or_bytes.encode("utf-8")
    if not isinstance(text_or_bytes, bytes):
        raise ArgumentTypeError(f"expected a str or bytes, got {type_name(text_or_bytes)}")
    return text_or_bytes


def _check_threads(num_threads: Any) -> None:
    """Refuse what `ThreadPoolExecutor(num_threads)` refuses (tiktoken makes one)."""
    if num_threads is not None and num_threads <= 0:
        raise ArgumentValueError(f"num_threads must be greater than 0, got {num_threads}")


def _all_plain_ints(tokens: object) -> bool:
    """Whether `tokens` is a list or tuple of ints (no bool, no numpy int): no per-id check needed."""
    return isinstance(tokens, (list, tuple)) and set(map(type, tokens)) <= {int}


def _checked_ids(tokens: object) -> list[int]:
    """`tokens` as a list of u32 ids, refused as tiktoken (pyo3) refuses them: a str or a
    non-sequence is a TypeError, an id that is no int a TypeError, one outside u32 an OverflowError."""
    if isinstance(tokens, (str, bytes, dict)) or not hasattr(tokens, "__getitem__") or not hasattr(tokens, "__len__"):
        raise ArgumentTypeError(f"tokens must be a sequence of ints, got {type_name(tokens)}")
    return [_checked_id(token) for token in tokens]  # type: ignore[attr-defined]


def _checked_id(token: object) -> int:
    try:
        value = operator.index(token)  # type: ignore[arg-type]
    except TypeError:
        raise ArgumentTypeError(f"a token id must be an int, got {type_name(token)} {token!r:.40}") from None
    if not 0 <= value <= _MAX_ID:
        raise ArgumentRangeError(f"a token id must be in 0..{_MAX_ID}, got {value}")
    return value


def _check_ranks(ranks: object) -> None:
    if not isinstance(ranks, dict):
        raise ArgumentTypeError(f"mergeable_ranks must be a dict of bytes -> int, got {type_name(ranks)}")
    for token, rank in ranks.items():
        if not isinstance(token, bytes) or isinstance(rank, bool) or not isinstance(rank, int):
            raise ArgumentTypeError(f"mergeable_ranks must map bytes to int, got {type_name(token)} -> {type_name(rank)}")
        if not 0 <= rank <= _MAX_ID:
            raise ArgumentRangeError(f"mergeable_ranks[{token!r:.40}]: a rank must be in 0..{_MAX_ID}, got {rank}")
    if len(set(ranks.values())) != len(ranks):
        raise ArgumentValueError("mergeable_ranks gives one rank to two tokens; each rank belongs to one token")


def _check_special_tokens(special_tokens: object) -> None:
    if not isinstance(special_tokens, dict):
        raise ArgumentTypeError(f"special_tokens must be a dict of str -> int, got {type_name(special_tokens)}")
    for token, id_ in special_tokens.items():
        if not isinstance(token, str) or isinstance(id_, bool) or not isinstance(id_, int):
            raise ArgumentTypeError(f"special_tokens must map str to int, got {type_name(token)} -> {type_name(id_)}")
        if not 0 <= id_ <= _MAX_ID:
            raise ArgumentRangeError(f"special_tokens[{token!r:.40}]: an id must be in 0..{_MAX_ID}, got {id_}")
