"""Added tokens: strings matched in the input before the model sees it.

Tokens with `normalized=False` are matched on the raw input; the remaining pieces are then
normalized and tokens with `normalized=True` are matched on the normalized text. Matching is
leftmost-longest and non-overlapping; a match rejected by `single_word` is skipped, not retried
at a later position inside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable


from .edits import note_edit
from .inputs import check_flag
from .registry import field, uint_field
from ..errors import ArgumentTypeError, expect_str, type_name
from ..text.chars import is_whitespace
from .normalized_string import NormalizedString, Offsets
from .literal_matcher import LiteralMatcher
from .plain_string import PlainString
from .pre_tokenized_string import PreTokenizedString, Split
from ..text.char_classes import GuardedPattern
from ..text.chars import RUST_REGEX_WORD
from .token import Token

if TYPE_CHECKING:
    from ..models.base import Model

# The Rust `regex` crate's `\w` (the single_word check)
_WORD_CHAR = GuardedPattern("[{w}]", {"w": RUST_REGEX_WORD})


_FIELDS = ("content", "single_word", "lstrip", "rstrip", "normalized", "special")


class AddedToken:
    """A token added to the vocabulary, with how it is matched in the input.

    Args:
        content: the text of the token.
        single_word: match only when not inside a word.
        lstrip / rstrip: also swallow the whitespace on its left / right.
        normalized: match on the normalized text (default: not `special`).
        special: a special token, skipped by `decode(skip_special_tokens=True)`.

    >>> AddedToken("[MASK]", lstrip=True, special=True)
    AddedToken("[MASK]", rstrip=False, lstrip=True, single_word=False, normalized=False, special=True)
    """

    __slots__ = ("content", "single_word", "lstrip", "rstrip", "_normalized", "special")

    def __init__(
        self,
        content: str = "",
        single_word: bool = False,
        lstrip: bool = False,
        rstrip: bool = False,
        normalized: bool | None = None,
        special: bool = False,
    ) -> None:
        self.content = expect_str(content, "AddedToken content")
        self.single_word = check_flag(single_word, "AddedToken single_word")
        self.lstrip = check_flag(lstrip, "AddedToken lstrip")
        self.rstrip = check_flag(rstrip, "AddedToken rstrip")
        # None: the default, which depends on `special`
        self._normalized = None if normalized is None else check_flag(normalized, "AddedToken normalized")
        self.special = check_flag(special, "AddedToken special")

    @property
    def normalized(self) -> bool:
        """Whether the token is matched on the normalized text (default: not special)."""
        return (not self.special) if self._normalized is None else self._normalized

    @normalized.setter
    def normalized(self, value: bool) -> None:
        self._normalized = value

    def _key(self) -> tuple:
        return (self.content, self.single_word, self.lstrip, self.rstrip, self.normalized, self.special)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AddedToken) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self.content)

    # Rust's AddedToken answers every ordering comparison with False, so `sorted` keeps the order.
    def __lt__(self, other: object) -> bool:
        return False if isinstance(other, AddedToken) else NotImplemented

    __le__ = __gt__ = __ge__ = __lt__

    def __getstate__(self) -> dict[str, Any]:
        """The fields as a dict, `normalized` resolved, as the Rust package pickles them."""
        return {name: getattr(self, name) for name in _FIELDS}

    def __setstate__(self, state: Any) -> None:
        """Set the fields a dict names (others keep their value; unknown keys are ignored, as in Rust)."""
        if isinstance(state, tuple):  # pickled by an older subword: (None, {slot: value})
            state = {name.lstrip("_"): value for name, value in state[1].items()}
        if not hasattr(self, "content"):  # unpickling: a bare object, given the defaults first
            AddedToken.__init__(self)
        for name, value in state.items():
            if name in _FIELDS:
                setattr(self, name, value)

    def __str__(self) -> str:
        return self.content

    def __repr__(self) -> str:
        flags = ", ".join(
            f"{name}={getattr(self, name)}" for name in ("rstrip", "lstrip", "single_word", "normalized", "special")
        )
        return f'AddedToken("{self.content}", {flags})'

    def copy(self, **changes: Any) -> AddedToken:
        """A copy with some fields changed."""
        fields = dict(
            content=self.content,
            single_word=self.single_word,
            lstrip=self.lstrip,
            rstrip=self.rstrip,
            normalized=self._normalized,
            special=self.special,
        )
        fields.update(changes)
        return AddedToken(**fields)

    def to_json(self, id_: int) -> dict:
        """The tokenizer.json `added_tokens` entry of this token."""
        return {
            "id": id_,
            "content": self.content,
            "single_word": self.single_word,
            "lstrip": self.lstrip,
            "rstrip": self.rstrip,
            "normalized": self.normalized,
            "special": self.special,
        }

    @classmethod
    def from_json(cls, data: dict, path: str) -> AddedToken:
        """Read an `added_tokens` entry: every field is required, as in the Rust package, and
        the `id` must be a u32 (the token gets its id when added, so the value is only checked)."""
        uint_field(data, "id", path, 2**32 - 1)
        return cls(
            field(data, "content", str, path),
            single_word=field(data, "single_word", bool, path),
            lstrip=field(data, "lstrip", bool, path),
            rstrip=field(data, "rstrip", bool, path),
            normalized=field(data, "normalized", bool, path),
            special=field(data, "special", bool, path),
        )


def as_added_token(token: Any, special: bool) -> AddedToken:
    """A str or AddedToken argument as a new AddedToken (special ones are marked special).

    As in the Rust package, the vocabulary keeps a copy, but a caller's AddedToken given as
    special is itself marked special (so its default `normalized` becomes False).
    """
    if isinstance(token, str):
        return AddedToken(token, special=special)
    if isinstance(token, AddedToken):
        if special:
            token.special = True
        return token.copy()
    raise ArgumentTypeError(f"added tokens must be str or AddedToken, got {type_name(token)}")


class AddedVocabulary:
    """The added tokens of a tokenizer, their ids, and how to find them in text."""

    match_tokens = True  # (the default of objects pickled before the field existed)

    def __init__(self) -> None:
        self.token_ids: dict[str, int] = {}
        self.tokens_by_id: dict[int, AddedToken] = {}
        self.special_tokens: set[str] = set()
        self.normalized_forms: dict[int, str] = {}
        self.encode_special_tokens = False
        self.match_tokens = True  # False: no token is found in text (see Tokenizer.with_added_tokens_unmatched)
        self._raw_matcher: tuple[LiteralMatcher, dict[str, int]] | None = None
        self._normalized_matcher: tuple[LiteralMatcher, dict[str, int]] | None = None

    def __len__(self) -> int:
        return len(self.token_ids)

    def token_to_id(self, token: str, model: Model) -> int | None:
        """The id of `token`, from the added tokens first, then the model."""
        found = self.token_ids.get(token)
        return found if found is not None else model.token_to_id(token)

    def id_to_token(self, id_: int) -> str | None:
        """The added token with this id (its normalized form if it is matched normalized)."""
        token = self.tokens_by_id.get(id_)
        if token is None:
            return None
        return self.normalized_forms.get(id_, token.content)

    def is_special_token(self, token: str) -> bool:
        """Whether `token` is the content of a special added token."""
        return token in self.special_tokens

    def add_tokens(self, tokens: list[AddedToken], model: Model, normalize: Callable[[str], str] | None) -> int:
        """Add tokens, giving new ones the next free id; return how many were added or changed."""
        vocab_size = model.get_vocab_size()
        if self.tokens_by_id:
            highest = max(self.tokens_by_id)
            next_id = highest + 1 if highest >= vocab_size or vocab_size == 0 else vocab_size
        else:
            next_id = vocab_size
        added = 0
        for token in tokens:
            if not token.content:
                continue
            existing = self.token_ids.get(token.content)
            if existing is not None and self.tokens_by_id.get(existing) == token:
                continue
            added += 1
            id_ = self.token_to_id(token.content, model)
            if id_ is None:
                id_ = next_id
                next_id += 1
            if token.normalized and normalize is not None:
                normalized = normalize(token.content)
                if normalized != token.content:
                    self.normalized_forms[id_] = normalized
            self.token_ids[token.content] = id_
            if token.special:
                self.special_tokens.add(token.content)
            self.tokens_by_id[id_] = token
        self._refresh_matchers()
        note_edit()
        return added

    def add_tokens_with_ids(self, tokens: list[tuple[AddedToken, int]]) -> None:
        """Add tokens under given ids (for formats that fix the ids of special tokens)."""
        for token, id_ in tokens:
            self.token_ids[token.content] = id_
            self.tokens_by_id[id_] = token
            if token.special:
                self.special_tokens.add(token.content)
        self._refresh_matchers()
        note_edit()

    def refresh_normalized_forms(self, normalize: Callable[[str], str] | None) -> None:
        """Recompute the normalized forms after the tokenizer's normalizer changed."""
        self.normalized_forms.clear()
        if normalize is not None:
            for id_, token in self.tokens_by_id.items():
                if token.normalized:
                    normalized = normalize(token.content)
                    if normalized != token.content:
                        self.normalized_forms[id_] = normalized
        self._refresh_matchers()
        note_edit()

    def _refresh_matchers(self) -> None:
        raw: dict[str, int] = {}
        normalized: dict[str, int] = {}
        for id_, token in sorted(self.tokens_by_id.items()):
            if token.normalized:
                normalized[self.normalized_forms.get(id_, token.content)] = id_
            else:
                raw[token.content] = id_
        self._raw_matcher = _build_matcher(raw)
        self._normalized_matcher = _build_matcher(normalized)

    def find_matches(self, text: str, normalized: bool) -> list[tuple[int | None, tuple[int, int]]]:
        """Cut `text` into (added token id or None, (start, end)) pieces that cover it.

        >>> vocab = AddedVocabulary()
        >>> vocab.tokens_by_id = {7: AddedToken("<x>", rstrip=True)}; vocab._refresh_matchers()
        >>> vocab.find_matches("a<x>  b", normalized=True)
        [(None, (0, 1)), (7, (1, 6)), (None, (6, 7))]
        """
        matcher = self._normalized_matcher if normalized else self._raw_matcher
        if not text:
            return [(None, (0, 0))]
        if matcher is None or not self.match_tokens:
            return [(None, (0, len(text)))]
        literals, ids = matcher
        pieces: list[tuple[int | None, tuple[int, int]]] = []
        consumed = 0
        for start, stop in literals.spans(text):
            id_ = ids[text[start:stop]]
            token = self.tokens_by_id[id_]
            if self.encode_special_tokens and token.content in self.special_tokens:
                continue
            if token.single_word:
                starts_word = start == 0 or not _WORD_CHAR.match(text[start - 1])
                ends_word = stop == len(text) or not _WORD_CHAR.match(text[stop])
                if not (starts_word and ends_word):
                    continue
            if token.lstrip:
                start = max(_leftmost_space_at_end(text, start), consumed)
            if token.rstrip:
                stop = _rightmost_space_at_start(text, stop)
            if consumed < start:
                pieces.append((None, (consumed, start)))
            pieces.append((id_, (start, stop)))
            consumed = stop
        if consumed != len(text):
            pieces.append((None, (consumed, len(text))))
        return pieces

    def extract_and_normalize(
        self, sequence: str, normalize: Callable[[NormalizedString], None] | None, offsets: bool = True
    ) -> PreTokenizedString:
        """Split out the added tokens, normalizing the text between them; without `offsets`
        the pieces are PlainStrings, which keep no alignments (the ids-only path).

        Two rounds, as in the Rust package: the tokens matched on the raw text, then, in each
        piece between them once normalized, the tokens matched on the normalized text. Empty
        pieces are dropped after each round.
        """
        if not sequence:
            return PreTokenizedString.from_splits(sequence, [])
        whole = NormalizedString(sequence) if offsets else PlainString(sequence)
        raw_matches = self.find_matches(sequence, normalized=False) if self._raw_matcher is not None and self.match_tokens else None
        pieces = self._split(whole, raw_matches) if raw_matches is not None and _matched(raw_matches) else [Split(whole)]
        splits: list[Split] = []
        for split in pieces:
            piece = split.normalized
            if split.tokens is not None or not piece.normalized:
                splits.append(split)
                continue
            if normalize is not None:
                normalize(piece)
            elif self._normalized_matcher is None or not self.match_tokens:  # nothing to normalize, nothing to match
                splits.append(split)
                continue
            matches = self.find_matches(piece.normalized, normalized=True)
            # a split that would give the piece back unchanged is skipped (after normalizing,
            # the slice's `original_shift` follows the normalized text's start: unless the piece
            # tells its whole slice would read alike)
            if not _matched(matches) and (normalize is None or piece.whole_slice_reads_alike()):
                splits.append(split)
            else:
                splits += self._split(piece, matches)
        return PreTokenizedString.from_splits(sequence, [split for split in splits if split.normalized.normalized])

    def _split(self, sequence: NormalizedString, matches: list[tuple[int | None, Offsets]]) -> list[Split]:
        splits = []
        for id_, (start, stop) in matches:
            piece = sequence.slice(start, stop)
            if piece is None:
                continue
            if id_ is None:
                splits.append(Split(piece))
            else:
                value = piece.normalized
                splits.append(Split(piece, [Token(id_, value, (0, len(value)))]))
        return splits

    def to_json(self) -> list[dict]:
        """The tokenizer.json `added_tokens` list, by ascending id."""
        return [token.to_json(id_) for id_, token in sorted(self.tokens_by_id.items())]


def _matched(matches: list[tuple[int | None, Offsets]]) -> bool:
    """Whether `find_matches` found an added token (else it gave one piece, the whole text)."""
    return len(matches) > 1 or matches[0][0] is not None


def _build_matcher(patterns: dict[str, int]) -> tuple[LiteralMatcher, dict[str, int]] | None:
    return (LiteralMatcher(patterns), patterns) if patterns else None


def _leftmost_space_at_end(text: str, end: int) -> int:
    start = end
    while start > 0 and is_whitespace(text[start - 1]):
        start -= 1
    return start


def _rightmost_space_at_start(text: str, start: int) -> int:
    stop = start
    while stop < len(text) and is_whitespace(text[stop]):
        stop += 1
    return stop
