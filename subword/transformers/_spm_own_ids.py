"""SentencePieceBackend classes with ids of their own (PLBart, BARTpho): added tokens at the ids
transformers gives them.

transformers' `SentencePieceBackend._add_tokens` puts a token the sentencepiece model has at the
model's raw id, whatever the class's own ids, and a new one at `len(self)` onwards; at init it adds
every special token so (`init_added_tokens`), and the class may move them after (PLBart drops the
reserved ones, BARTpho moves them to its dictionary's ids). The text is cut at each added token,
and a piece of the text that is an added token takes the added id. Here those ids are put in the
backend's added vocabulary as they are (`add_tokens_with_ids`), even when two tokens share one; a
special token that loses its id to another is kept whole by the cutter (`LiteralPieces`), as
transformers' trie still cuts the text at it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..core.added_vocabulary import AddedToken
from ..models import WordLevel
from ..pre_tokenizers.base import PreTokenizer
from ..sentencepiece.processor import SentencePieceProcessor
from ._python_pieces import SentencePieces
from ._special_tokens import SPECIAL_TOKENS_ATTRIBUTES
from ..tokenizer.tokenizer import Tokenizer
from ._spm_backend import SentencePieceBackendTables, pieces_backend


def special_token_list(specials: dict[str, str], extras: list[str]) -> list[str]:
    """transformers' `all_special_tokens`: the named ones in attribute order, then the extra ones, each once."""
    named = [specials[name] for name in SPECIAL_TOKENS_ATTRIBUTES if specials.get(name)]
    return list(dict.fromkeys([*named, *[token for token in extras if token]]))


def config_added_tokens(config: dict) -> dict[int, AddedToken]:
    """The config's `added_tokens_decoder` as id -> AddedToken."""
    fields = ("content", "single_word", "lstrip", "rstrip", "normalized", "special")
    entries = (config.get("added_tokens_decoder") or {}).items()
    return {int(id_): AddedToken(**{key: entry[key] for key in fields if key in entry}) for id_, entry in entries if isinstance(entry, dict)}


def init_added_tokens(
    processor: SentencePieceProcessor, config: dict, special_tokens: list[str], vocabulary: set[str]
) -> tuple[dict[int, AddedToken], dict[str, int]]:
    """The added tokens (by id, and the ids by text) after transformers' init adds `special_tokens`:
    the config's, then each special token not among them at its raw sentencepiece id if the model
    has it, else at the next id after `vocabulary` and the added tokens (the count of their
    distinct texts). A token may take another's id: the other keeps its text -> id entry."""
    decoder = config_added_tokens(config)
    encoder = {token.content: id_ for id_, token in decoder.items()}
    next_id = len(vocabulary | set(encoder))
    for content in special_tokens:
        token = AddedToken(content, normalized=False, special=True)
        if content in encoder or token in decoder.values():
            continue
        piece_id = int(processor.PieceToId(content))  # type: ignore[arg-type]
        if processor.IdToPiece(piece_id) != content:
            piece_id, next_id = next_id, next_id + 1
        decoder[piece_id], encoder[content] = token, piece_id
    return decoder, encoder


class SharedIdLookup(WordLevel):
    """A WordLevel whose tokens may share ids (PLBart's table, the added ids). It pickles and copies
    its attributes: its tokenizer.json entry, written by id as the Rust package writes it, would
    keep one token of each id."""

    def __getstate__(self) -> Any:
        return dict(vars(self))


def own_id_backend(
    processor: SentencePieceProcessor, vocab: dict[str, int], unk_token: str, added: dict[int, AddedToken], cut: dict[str, int]
) -> Tokenizer:
    """The pieces of the text looked up in `vocab`, the `added` tokens at their ids, and the text
    cut at the `cut` tokens (text -> id) too: as added tokens where their id is free, else by the
    cutter (`multi` PLBart's <mask> has the unknown token's id)."""
    free = {id_: token for token, id_ in reversed(cut.items()) if id_ not in added}  # the first token of each id
    shared = [token for token in cut if free.get(cut[token]) != token]
    vocab = {**vocab, **{token: cut[token] for token in shared}}
    tokenizer = pieces_backend(vocab, unk_token, LiteralPieces(processor, shared), lookup=SharedIdLookup)
    tokenizer.added_vocabulary.add_tokens_with_ids(
        [(token, id_) for id_, token in sorted(added.items())]
        + [(AddedToken(token, normalized=False, special=True), id_) for id_, token in free.items()]
    )
    return tokenizer


class LiteralPieces(SentencePieces):
    """The sentencepiece pieces of each part of a text between `literals`, which stay whole."""

    def __init__(self, processor: SentencePieceProcessor, literals: list[str]) -> None:
        super().__init__(processor)
        self.literals: list[str] = []
        self._pattern: re.Pattern[str] | None = None
        self.add_literals(literals)

    def add_literals(self, literals: list[str]) -> None:
        """Keep these tokens whole too."""
        self.literals += [literal for literal in literals if literal not in self.literals]
        ordered = sorted(self.literals, key=len, reverse=True)
        self._pattern = re.compile("(" + "|".join(map(re.escape, ordered)) + ")") if ordered else None

    def without_literals(self) -> SentencePieces:
        """This cutter keeping no literal whole (transformers under `split_special_tokens`)."""
        made = SentencePieces(self.processor)
        made.after = self.after
        return made

    def tokens(self, text: str) -> list[str]:
        """The pieces of `text`, each literal as one token."""
        if self._pattern is None:
            return super().tokens(text)
        tokens: list[str] = []
        for i, part in enumerate(self._pattern.split(text)):
            tokens += [part] if i % 2 else super().tokens(part) if part else []
        return tokens


class OwnIdTables(SentencePieceBackendTables):
    """Mixin of a class with ids of its own: tokens added later at transformers' ids."""

    if TYPE_CHECKING:
        all_special_tokens: list[str]

        def __len__(self) -> int: ...

    @property
    def _added_ids(self) -> dict[str, int]:
        """transformers' `_added_tokens_encoder`, the ids of the added tokens by text: once a token
        took another's id, the other keeps its entry here, though not in `added_tokens_decoder`."""
        own: dict[str, int] | None = self.__dict__.get("_own_encoder")
        return dict(own) if own is not None else {token.content: id_ for id_, token in self.added_tokens_decoder.items()}

    def get_added_vocab(self) -> dict[str, int]:
        """The ids of the added tokens by text (see `_added_ids`)."""
        return self._added_ids

    def _split_backend(self, backend: Tokenizer, split_special_tokens: bool) -> Tokenizer:
        """As the Python classes', and the cutter keeps no token whole either."""
        tokenizer = super()._split_backend(backend, split_special_tokens)
        cutter = getattr(tokenizer.pre_tokenizer, "inner", None)
        if split_special_tokens and isinstance(cutter, LiteralPieces) and cutter.literals:
            return tokenizer.with_pre_tokenizer(PreTokenizer.custom(cutter.without_literals()))
        return tokenizer

    def _place_tokens(self, tokens: list[str | AddedToken], special_tokens: bool) -> int:
        """transformers' `_add_tokens`: a token the model has takes its raw sentencepiece id, a new
        one the next id from `len(self)`."""
        decoder = self.added_tokens_decoder
        encoder = self._added_ids
        first_id = next_id = len(self)
        placed: list[tuple[AddedToken, int]] = []
        specials = set(self.all_special_tokens)
        for token in tokens:
            if isinstance(token, str):
                if token in encoder:
                    continue
                special = special_tokens or token in specials
                token = AddedToken(token, normalized=not special, special=special)
            elif special_tokens:
                token = token.copy(special=True, normalized=token.normalized)
            if not token.content or token in decoder.values():
                continue
            piece_id = int(self.sp_model.PieceToId(token.content))  # type: ignore[arg-type]
            if self.sp_model.IdToPiece(piece_id) != token.content:
                piece_id, next_id = next_id, next_id + 1
            placed.append((token, piece_id))
            decoder[piece_id], encoder[token.content] = token, piece_id
        self._own_encoder = encoder
        self._settle(placed)
        return next_id - first_id

    def _settle(self, placed: list[tuple[AddedToken, int]]) -> None:
        """Put `placed` in the backend: each content at its new id only; a piece of the text that
        is an added token takes the added id, as in transformers; a token that lost its place (an
        id taken over) but that transformers' trie still cuts out (an added or special token) is
        kept whole by the cutter, at its id now."""
        added = self._tokenizer.added_vocabulary
        contents = {token.content for token, _ in placed}
        gone = {id_ for _, id_ in placed} | {id_ for id_, old in added.tokens_by_id.items() if old.content in contents}
        displaced = [added.tokens_by_id.pop(id_) for id_ in gone if id_ in added.tokens_by_id]
        for token in displaced:
            if added.token_ids.get(token.content) in gone:
                del added.token_ids[token.content]
        added.add_tokens_with_ids(placed)
        kept = set(self.all_special_tokens) | set(self._added_ids)
        lost = [token.content for token in displaced if token.content in kept and token.content not in added.token_ids]
        model, cutter = self._tokenizer.model, self._piece_cutter
        if isinstance(model, WordLevel):
            vocab = {**model.get_vocab(), **{token: int(self._token_id(token) or 0) for token in lost},
                     **{token.content: id_ for token, id_ in placed}}
            self._tokenizer.model = SharedIdLookup(vocab, unk_token=model.unk_token)
        if isinstance(cutter, LiteralPieces):
            cutter.add_literals(lost)
