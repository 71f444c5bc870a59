"""Per-id tables for `Tokenizer.decode`: the token of every id and which ids a decode keeps.

`Tokenizer.decode` looks each id up (added tokens first, then the model), drops ids without a
token and, with skip_special_tokens, ids whose token is a special token's content, then runs the
decoder. `DecodeTables` does the same with lists indexed by id, so a decode is a filter and a
`DecodePlan` (look-ups and joins) instead of Python calls per id. The Tokenizer builds it on the
first decode and builds it again after a change (see `Tokenizer._decode_tables`); ids it does not
cover (negative, past the largest id) go the per-id way.
"""

from __future__ import annotations

from itertools import compress, repeat
from operator import is_not, not_

from ..core.added_vocabulary import AddedVocabulary
from ..decoders.base import Decoder
from ..decoders.plan import DecodePlan
from ..models.base import Model
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
    """The token of every id from 0 to the largest one (None: no token), what to keep, and the plan.

    >>> from subword.models import WordLevel
    >>> from subword.core.added_vocabulary import AddedToken
    >>> vocabulary = AddedVocabulary()
    >>> vocabulary.add_tokens_with_ids([(AddedToken("<s>", special=True), 3)])
    >>> tables = DecodeTables.build(WordLevel({"a": 0, "b": 2}, unk_token="a"), vocabulary, None)
    >>> tables.vocab, tables.ids_to_decode([0, 1, 2, 3], skip_special_tokens=True)
    (['a', None, 'b', '<s>'], [0, 2])
    >>> tables.covers([0, 4])  # 4 and -1 are for the per-id way
    False
    """

    def __init__(self, vocab: list[str | None], special: set[str], decoder: Decoder | None) -> None:
        self.vocab = vocab
        # Ids to keep in a decode, as bools by id; None when every id is kept.
        self.keep = list(map(is_not, vocab, repeat(None))) if None in vocab else None
        self.keep_unspecial = list(map(not_, map(special.union([None]).__contains__, vocab)))
        self.plan = DecodePlan(decoder, vocab)

    @classmethod
    def build(cls, model: Model, added: AddedVocabulary, decoder: Decoder | None) -> DecodeTables | None:
        """The tables for this model, added vocabulary and decoder, or None when the model is not
        one whose vocabulary can be listed exactly, or its ids are too sparse."""
        if type(model) is Unigram:
            vocab: list[str | None] = [piece for piece, _ in model.get_scores()]
        elif type(model) in _DICT_MODELS:
            by_token = model.get_vocab()
            size = max(by_token.values(), default=-1) + 1
            if size > _MAX_SPARSENESS * len(by_token) + 1024:
                return None
            vocab = [None] * size
            for token, id_ in by_token.items():  # the last token of a repeated id wins, as in the model
                vocab[id_] = token
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

    def covers(self, ids: list[int]) -> bool:
        """Whether every id is an index of the tables."""
        return not ids or (min(ids) >= 0 and max(ids) < len(self.vocab))

    def ids_to_decode(self, ids: list[int], skip_special_tokens: bool) -> list[int]:
        """The ids a decode keeps: those with a token, not special ones when skipping them."""
        keep = self.keep_unspecial if skip_special_tokens else self.keep
        return ids if keep is None else list(compress(ids, map(keep.__getitem__, ids)))
