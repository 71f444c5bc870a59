"""Per-id tables for `Tokenizer.decode`: the token of every id and which ids a decode keeps.

`Tokenizer.decode` looks each id up (added tokens first, then the model), drops ids without a
token and, with skip_special_tokens, ids whose token is a special token's content, then runs the
decoder. `DecodeTables` does the same with lists indexed by id, so a decode is a filter and a
`DecodePlan` (look-ups and joins) instead of Python calls per id, through an `IdDecoder`. The
Tokenizer builds it on the first decode and builds it again after a change (see
`Tokenizer._decode_tables`); ids it does not cover (negative, past the largest id) go the
per-id way.
"""

from __future__ import annotations

from ..core.added_vocabulary import AddedVocabulary
from ..decoders.base import Decoder
from ..decoders.id_decoder import IdDecoder
from ..decoders.plan import DecodePlan
from ..models.base import DictVocabModel, Model
from ..models.bpe.model import BPE
from ..models.unigram.model import Unigram
from ..models.wordlevel.model import WordLevel
from ..models.wordpiece.model import WordPiece

# Models whose vocabulary list below equals id_to_token for every id (a model of another type,
# e.g. a subclass, decodes the per-id way).
_DICT_MODELS = (BPE, WordLevel, WordPiece)
# A table longer than this many times the tokens it holds (ids far apart) is not built.
_MAX_SPARSENESS = 4


class DecodeTables:
    """The token of every id from 0 to the largest one (None: no token), the plan, and an
    `IdDecoder` for each value of skip_special_tokens (made on first use).

    >>> from subword.models import WordLevel
    >>> from subword.core.added_vocabulary import AddedToken
    >>> vocabulary = AddedVocabulary()
    >>> vocabulary.add_tokens_with_ids([(AddedToken("<s>", special=True), 3)])
    >>> tables = DecodeTables.build(WordLevel({"a": 0, "b": 2}, unk_token="a"), vocabulary, None)
    >>> tables.vocab, tables.id_decoder(True).decode([0, 1, 2, 3]), tables.id_decoder(False).decode([3, 2])
    (['a', None, 'b', '<s>'], 'a b', '<s> b')
    >>> tables.id_decoder(True).decode([0, 4]) is None  # 4 and -1 are for the per-id way
    True
    """

    def __init__(self, vocab: list[str | None], special: set[str], decoder: Decoder | None) -> None:
        self.vocab = vocab
        self.plan = DecodePlan(decoder, vocab)
        self._special = special
        self.id_decoders: list[IdDecoder | None] = [None, None]  # by skip_special_tokens, made by id_decoder

    def id_decoder(self, skip_special_tokens: bool) -> IdDecoder:
        """The IdDecoder that keeps the ids with a token, not the special ones when skipping them."""
        id_decoder = self.id_decoders[skip_special_tokens]
        if id_decoder is None:
            dropped: set[str | None] = self._special.union([None]) if skip_special_tokens else {None}
            id_decoder = self.id_decoders[skip_special_tokens] = IdDecoder(self.plan, self.vocab, dropped)
        return id_decoder

    @classmethod
    def build(cls, model: Model, added: AddedVocabulary, decoder: Decoder | None) -> DecodeTables | None:
        """The tables for this model, added vocabulary and decoder, or None when the model is not
        one whose vocabulary can be listed exactly, or its ids are too sparse."""
        if type(model) is Unigram:
            vocab: list[str | None] = model.get_pieces()  # type: ignore[assignment]
        elif type(model) in _DICT_MODELS and isinstance(model, DictVocabModel):
            by_id = model._vocab_r  # what id_to_token reads
            ids = list(by_id)
            # The usual order, ids 0, 1, 2, ...: the tokens are the values. (Distinct ints in
            # ascending order from 0 to len - 1 are those; sorting sorted ints costs one pass.)
            if not ids or (ids[0] == 0 and ids[-1] == len(ids) - 1 and ids == sorted(ids)):
                vocab = list(by_id.values())
            else:
                size = max(ids, default=-1) + 1
                if size > _MAX_SPARSENESS * len(by_id) + 1024:
                    return None
                vocab = list(map(by_id.get, range(size)))
        else:
            return None
        added_ids = list(added.tokens_by_id)
        if added_ids:
            top = max(added_ids) + 1
            if min(added_ids) < 0 or top > _MAX_SPARSENESS * (len(vocab) + len(added_ids)) + 1024:
                return None
            vocab.extend([None] * (top - len(vocab)))
            for id_ in added_ids:
                vocab[id_] = added.id_to_token(id_)
        return cls(vocab, set(added.special_tokens), decoder)
