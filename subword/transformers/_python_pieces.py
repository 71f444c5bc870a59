"""What transformers' Python tokenizers over the sentencepiece package share (M2M100, Marian, the
SentencePieceBackend classes): text cut into sentencepiece pieces between the added tokens.

transformers' `PreTrainedTokenizer.tokenize` cuts the text at the added tokens and hands every
other part to the class's `_tokenize` (`sp_model.encode(part, out_type=str)`). Here the same is a
`Tokenizer` whose custom pre-tokenizer (`SentencePieces`) cuts each part into its pieces, which
the model then looks up. `PythonPieceCalls` gives such a class transformers' Python behaviour:
tokens from ids through the class's own tables (`_id_token`), decoding through
`convert_tokens_to_string`, no offsets, lengths counted before padding, each text cut as
transformers' `truncate_sequences` cuts it (`_python_truncation`). Not here: the tables
and the saving, which each class has of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from ..core.normalized_string import NormalizedString
from ..sentencepiece.processor import SentencePieceProcessor
from ..tokenizer.tokenizer import Tokenizer
from ..core.added_vocabulary import AddedToken
from ._inputs import as_subword_token, to_python
from ._python_truncation import PythonTruncation

if TYPE_CHECKING:
    from ..tokenizer.tokenizer import Tokenizer


class SentencePieces:
    """The pre-tokenizer half of transformers' `_tokenize`: each part of the text (between added
    tokens) becomes its sentencepiece pieces, which the model then looks up.

    The pieces are new strings ("▁Hello"), not slices of the input: their offsets mean nothing.
    """

    def __init__(self, processor: SentencePieceProcessor) -> None:
        self.processor = processor
        # legacy=False (the model without its dummy prefix): a part that starts with a space is
        # encoded after this text (the unknown token), whose pieces are then dropped
        self.after: str | None = None

    def tokens(self, text: str) -> list[str]:
        """The tokens of one part of a text (between added tokens): its sentencepiece pieces."""
        if self.after is None or not text.startswith(("▁", " ")):
            return list(self.processor.EncodeAsPieces(text))
        return self.pieces_after(self.after, text)

    def pieces_after(self, after: str, text: str) -> list[str]:
        """The pieces of `after + text` without the pieces of `after` (unless there are fewer), as
        transformers cuts a text after the unknown token."""
        tokens = list(self.processor.EncodeAsPieces(after + text))
        skip = len(self.processor.EncodeAsPieces(after))
        return tokens[skip:] if len(tokens) >= skip else tokens

    def _pieces(self, index: int, part: Any) -> list[NormalizedString]:
        return [NormalizedString(token) for token in self.tokens(part.normalized)]

    def pre_tokenize(self, pretokenized: Any) -> None:
        """Cut every part of `pretokenized` into its sentencepiece pieces."""
        pretokenized.split(self._pieces)


def _cutter_of(backend: Tokenizer) -> SentencePieces:
    inner = getattr(backend.pre_tokenizer, "inner", None)
    if not isinstance(inner, SentencePieces):
        raise TypeError("a Python class wraps a Tokenizer whose pre-tokenizer cuts sentencepiece pieces")
    return inner


class PythonPieceCalls(PythonTruncation):
    """Mixin (before PreTrainedTokenizer) of a class that is a Python tokenizer over sentencepiece
    pieces in transformers: its calls, `tokenize`, ids to tokens and decoding."""

    _tokenizer: Tokenizer
    if TYPE_CHECKING:  # defined by PreTrainedTokenizer, which comes after this mixin
        all_special_ids: list[int]
        all_special_tokens: list[str]
        split_special_tokens: bool

        def get_added_vocab(self) -> dict[str, int]: ...
        _extra_special_tokens: list[str]

        def _clean_up(self, text: str, clean_up: bool | None) -> str: ...

        def convert_tokens_to_string(self, tokens: list[str]) -> str: ...

    @property
    def _piece_cutter(self) -> SentencePieces:
        return _cutter_of(self._tokenizer)

    @property
    def sp_model(self) -> SentencePieceProcessor:
        """The sentencepiece model (subword's SentencePieceProcessor) that cuts and decodes the pieces."""
        return self._piece_cutter.processor

    def _id_token(self, id_: int) -> str:
        raise NotImplementedError

    def convert_ids_to_tokens(self, ids: Any, skip_special_tokens: bool = False) -> Any:
        """The token of an id (by the class's own tables), or of each id of a list."""
        ids = to_python(ids)
        if isinstance(ids, int):
            return self._id_token(ids)
        skipped = set(self.all_special_ids) if skip_special_tokens else set()
        return [self._id_token(id_) for id_ in ids if id_ not in skipped]

    def add_tokens(self, new_tokens: Any, special_tokens: bool = False) -> int:
        """Add tokens as transformers' Python tokenizers do: a str token already added is left as
        it is, with `do_lower_case` a new normalized, not special token is lower-cased, and a new
        special token joins the extra special tokens."""
        tokens = list(new_tokens) if isinstance(new_tokens, (list, tuple)) else [new_tokens]
        known = self.get_added_vocab()
        kept = [as_subword_token(token) for token in tokens if not (isinstance(token, str) and token in known)]
        if getattr(self, "do_lower_case", False):
            kept = [self._lowered(token, special_tokens) for token in kept]
        count = self._place_tokens(kept, special_tokens)
        specials = set(self.all_special_tokens)
        for token in kept:
            if (special_tokens or (isinstance(token, AddedToken) and token.special)) and str(token) not in specials:
                self._extra_special_tokens.append(str(token))
                specials.add(str(token))
        return count

    def _place_tokens(self, tokens: list[str | AddedToken], special_tokens: bool) -> int:
        return super().add_tokens(tokens, special_tokens)  # type: ignore[misc]

    def _lowered(self, token: str | AddedToken, special: bool) -> str | AddedToken:
        if isinstance(token, str):
            return token if special or token in self.all_special_tokens else token.lower()
        if special or token.special or not token.normalized:
            return token
        return AddedToken(token.content.lower(), single_word=token.single_word, lstrip=token.lstrip, rstrip=token.rstrip,
                          normalized=True, special=False)

    def _decode_rows(self, rows: list[list[int]], skip_special_tokens: bool, clean_up: bool | None) -> list[str]:
        texts = [self.convert_tokens_to_string(self.convert_ids_to_tokens(row, skip_special_tokens)) for row in rows]
        return [self._clean_up(text, clean_up) for text in texts]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """transformers' `__call__`; `return_offsets_mapping` is ignored, as transformers' Python
        tokenizers ignore it (the pieces are not slices of the text)."""
        kwargs.pop("return_offsets_mapping", None)
        result = super().__call__(*args, **kwargs)  # type: ignore[misc]
        if kwargs.get("return_length") and kwargs.get("padding") and kwargs.get("return_tensors") is None and "length" in result:
            # a Python tokenizer counts the tokens before padding them
            lengths = [sum(encoding.attention_mask) for encoding in result._resolved()]
            result["length"] = lengths if isinstance(result["length"], list) else lengths[0]
        if not kwargs.get("add_special_tokens", True) and "token_type_ids" in result:
            # without special tokens a Python tokenizer gives every token type 0, a pair's too
            replace_rows(result, "token_type_ids", [[0] * len(encoding.ids) for encoding in result._resolved()])
        return result

    def tokenize(self, text: str, pair: str | None = None, add_special_tokens: bool = False, **kwargs: Any) -> list[str]:
        """The sentencepiece pieces (absent from vocab.json or not) and added tokens of a text (then
        of `pair`), as transformers' Python `tokenize`, which ignores `add_special_tokens`."""
        split = bool(kwargs.get("split_special_tokens", self.split_special_tokens))
        backend = self._split_backend(self._tokenizer, split)  # type: ignore[attr-defined]
        return self._cut(backend, text, normalized=False) + self._cut(backend, pair or "", normalized=False)

    def _cut(self, backend: Tokenizer, text: str, normalized: bool) -> list[str]:
        """The added tokens of `text` (the raw ones, then in each other part the normalized ones,
        as the backend matches them) and the pieces of the rest."""
        added, tokens = backend.added_vocabulary, list[str]()
        for id_, (start, stop) in added.find_matches(text, normalized=normalized):
            if id_ is not None:
                tokens.append(str(added.id_to_token(id_)))
            elif start < stop:
                part = text[start:stop]
                tokens += _cutter_of(backend).tokens(part) if normalized else self._cut(backend, part, normalized=True)
        return tokens


def replace_rows(result: Any, key: str, rows: list[list[int]]) -> None:
    """Put `rows` (one per encoding) in `result[key]`, in the form the value has (a list, a batch
    of lists, a numpy array)."""
    value = result[key]
    if type(value).__module__ == "numpy":
        import numpy as np  # loaded already (the value is an array); the layer imports it only when asked

        result[key] = np.asarray(rows, dtype=value.dtype).reshape(value.shape)
    else:
        result[key] = rows if value and isinstance(value[0], list) else rows[0]


def join_around_specials(tokens: list[str], specials: set[str], decode: Callable[[list[str]], str], after: str = "") -> str:
    """transformers' `convert_tokens_to_string` of a Python sentencepiece class: each run of pieces
    decoded by `decode`, each special token kept as it is (followed by `after`); not stripped."""
    text, pieces = "", list[str]()
    for token in tokens:
        if token in specials:
            text += decode(pieces) + token + after
            pieces = []
        else:
            pieces.append(token)
    return text + decode(pieces)


def spaced_specials(tokens: list[str], specials: set[str], decode: Callable[[list[str]], str]) -> str:
    """GPT-SW3's and SigLIP's `convert_tokens_to_string`: each run of pieces decoded by `decode`,
    each special token kept as it is, a space before a special token unless it follows another
    (the space goes before the run of pieces that precedes it); not stripped.

    >>> spaced_specials(["a", "</s>", "</s>", "b"], {"</s>"}, "".join)
    ' a</s></s>b'
    """
    text, pieces, after_special = "", list[str](), False
    for token in tokens:
        if token in specials:
            text += ("" if after_special else " ") + decode(pieces) + token
            pieces, after_special = [], True
        else:
            pieces.append(token)
            after_special = False
    return text + decode(pieces)
