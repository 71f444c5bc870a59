"""SigLIP: transformers 5's SiglipTokenizer, a SentencePieceBackend class (spiece.model) that
cleans its text and ends every text with `</s>`.

transformers' `tokenize` puts "▁" before the text (whose own "▁" become spaces) before cutting it
at the added tokens, and drops that "▁" when it comes out alone before a special token. Each other
part is canonicalized (`canonicalize_text`: lower-cased under `do_lower_case`, ASCII punctuation
removed, runs of whitespace made one space, stripped) and encoded after the unknown token, whose
pieces are dropped. A text gets `</s>` unless its ids end with it already, a pair `A </s> B </s>`
(each text likewise); the token type ids are 0 and the special tokens mask is counted as if every
`</s>` were added, so a text that ends with `</s>` has one more of each than it has ids, as in
transformers. pad is `</s>`, `model_max_length` 64. Decoding as GPT-SW3's, stripped.
"""

from __future__ import annotations

import re
import string
import warnings
from typing import TYPE_CHECKING, Any

from ..core.encoding import Encoding
from ..errors import ArgumentValueError, SubwordError, TokenizerFileError
from ..processors import TemplateProcessing
from ..processors.base import PostProcessor
from ..tokenizer.tokenizer import Tokenizer
from ._python_pieces import SentencePieces, replace_rows, spaced_specials
from ._spm_backend import SentencePieceBackendTables, SpmBackendFamily, given_extra_tokens, with_class_tokens

SPIECE_UNDERLINE = "▁"
_PUNCTUATION = str.maketrans("", "", string.punctuation)
_WHITESPACE = re.compile(r"\s+")  # Python's \s, as transformers' re.sub


def canonicalize_text(text: str, *, do_lower_case: bool = True, keep_punctuation_exact_string: str | None = None) -> str:
    """SigLIP's cleaning of a part of the text (big_vision's prompt canonicalization).

    >>> canonicalize_text("  A cat, {}  on\\ta MAT! ", keep_punctuation_exact_string="{}")
    'a cat {} on a mat'
    """
    if do_lower_case:
        text = text.lower()
    if keep_punctuation_exact_string:
        parts = text.split(keep_punctuation_exact_string)
        text = keep_punctuation_exact_string.join(part.translate(_PUNCTUATION) for part in parts)
    else:
        text = text.translate(_PUNCTUATION)
    return _WHITESPACE.sub(" ", text).strip()


def siglip_text(text: str) -> str:
    """The text as SigLIP's `tokenize` cuts it: "▁" first, its own "▁" as spaces.

    >>> siglip_text("a▁b")
    '▁a b'
    """
    return SPIECE_UNDERLINE + text.replace(SPIECE_UNDERLINE, " ")


class SiglipPieces(SentencePieces):
    """The pieces of a part of the text, canonicalized, encoded after the unknown token (`after`)."""

    def __init__(self, processor: Any) -> None:
        super().__init__(processor)
        self.after = "<unk>"
        self.do_lower_case = True

    def tokens(self, text: str) -> list[str]:
        """SigLIP's `_tokenize`: the pieces of `unk + canonicalized text`, the unknown token's dropped."""
        return self.pieces_after(self.after or "", canonicalize_text(text, do_lower_case=self.do_lower_case))


class EosUnlessPresent(PostProcessor):
    """SigLIP's `build_inputs_with_special_tokens`: `</s>` after each text whose ids do not end
    with it; all type ids 0. Counted as always adding it (1, or 2 for a pair), as transformers
    counts it for truncation."""

    type_name = "EosUnlessPresent"

    def __init__(self, eos: str, eos_id: int) -> None:
        self.eos, self.eos_id = eos, eos_id
        special = [{"id": "eos", "ids": [eos_id], "tokens": [eos]}]

        def template(first: bool, second: bool) -> TemplateProcessing:
            single = ["$A:0", *(["eos"] if first else [])]
            pair = [*single, "$B:0", *(["eos"] if second else [])]
            return TemplateProcessing(single=single, pair=pair, special_tokens=special)

        self._templates = {(first, second): template(first, second) for first in (True, False) for second in (True, False)}

    def added_tokens(self, is_pair: bool) -> int:
        """Always one `</s>` per text, as transformers counts them."""
        return 2 if is_pair else 1

    def _template(self, encodings: list[Encoding], add_special_tokens: bool) -> TemplateProcessing:
        adds = [not (encoding.ids and encoding.ids[-1] == self.eos_id) for encoding in encodings]
        if add_special_tokens and not all(adds):
            warnings.warn(f"This sequence already has {self.eos}. In future versions this behavior may lead to duplicated"
                          " eos tokens being added.", stacklevel=2)  # transformers' warning, word for word
        return self._templates[(adds[0], adds[-1] if len(adds) > 1 else True)]

    def process_encodings(self, encodings: list[Encoding], add_special_tokens: bool) -> list[Encoding]:
        """`</s>` after each text not ending with it (when asked)."""
        return self._template(encodings, add_special_tokens).process_encodings(encodings, add_special_tokens)

    def process_owned(self, encodings: list[Encoding], add_special_tokens: bool) -> Encoding:
        """As `process_encodings`, through the chosen template's one-pass merge."""
        for index, encoding in enumerate(encodings):  # each text was encoded alone: all its tokens were sequence 0
            encoding.sequence_ranges = {index: (0, len(encoding))}
        return self._template(encodings, add_special_tokens).process_owned(encodings, add_special_tokens)

    def to_json(self) -> dict:
        raise SubwordError("SigLIP's EosUnlessPresent has no tokenizer.json entry")


def _siglip_tokens(config: dict, name: str) -> dict[str, str]:
    defaults = {"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "</s>"}
    return {key: config.get(key, default) for key, default in defaults.items()}


SIGLIP = SpmBackendFamily(
    "SiglipTokenizer", "spiece.model", _siglip_tokens, {"do_lower_case": True}, SiglipPieces, legacy_cut=False,
    model_max_length=64,
)


class SiglipTables(SentencePieceBackendTables):
    """Mixin of SiglipTokenizer: its text cleaning, `A </s>` templates, its decoding."""

    _tokenizer: Tokenizer
    if TYPE_CHECKING:
        all_special_tokens: list[str]
        eos_token: Any
        eos_token_id: int
        unk_token: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._piece_cutter.after = str(self.unk_token)
        self.do_lower_case = bool(self.init_options.get("do_lower_case", True))
        if self.eos_token_id is None:
            raise TokenizerFileError("SiglipTokenizer ends every text with its eos_token, which this tokenizer lacks")
        self._tokenizer.post_processor = EosUnlessPresent(str(self.eos_token), self.eos_token_id)

    @property
    def do_lower_case(self) -> bool:
        """Whether the text is lower-cased before sentencepiece sees it (settable, as transformers')."""
        return bool(self.__dict__.get("_do_lower_case", True))

    @do_lower_case.setter
    def do_lower_case(self, value: bool) -> None:
        self._do_lower_case = value
        self._piece_cutter.do_lower_case = value  # type: ignore[attr-defined]

    def remove_punctuation(self, text: str) -> str:
        """`text` without ASCII punctuation."""
        return text.translate(_PUNCTUATION)

    def canonicalize_text(self, text: str, *, keep_punctuation_exact_string: str | None = None) -> str:
        """The text as SigLIP cleans it (see `canonicalize_text`)."""
        return canonicalize_text(text, do_lower_case=self.do_lower_case, keep_punctuation_exact_string=keep_punctuation_exact_string)

    @property
    def unk_token_length(self) -> int:
        """How many pieces the unknown token's text is cut into."""
        return len(self.sp_model.EncodeAsPieces(str(self.unk_token)))

    def tokenize(self, text: str, pair: str | None = None, add_special_tokens: bool = False, **kwargs: Any) -> list[str]:
        """transformers' SigLIP `tokenize` (see the module docstring)."""
        tokens = super().tokenize(siglip_text(text), None, **kwargs)
        tokens = tokens[1:] if _lone_underline(tokens, set(self.all_special_tokens)) else tokens
        return tokens + self.tokenize(pair, **kwargs) if pair is not None else tokens

    def _encode_texts(self, tokenizer: Tokenizer, texts: list[Any], is_split_into_words: bool) -> list[Encoding]:
        """Each text (each word of a word list) as SigLIP's `tokenize` cuts it."""
        prepared = [siglip_text(text) if isinstance(text, str) else [siglip_text(word) for word in text] for text in texts]
        encodings = super()._encode_texts(tokenizer, prepared, is_split_into_words)  # type: ignore[misc]
        specials = set(self.all_special_tokens)
        for index, (text, encoding) in enumerate(zip(prepared, encodings)):
            tokens = encoding.tokens
            if not any(token == SPIECE_UNDERLINE and after in specials for token, after in zip(tokens, tokens[1:])):
                continue
            if isinstance(text, str):
                self._drop_lone_underline(tokenizer, text, encoding, specials)
            else:  # transformers cuts each word as a text: so does this rare case (the words' ids are not kept)
                words = super()._encode_texts(tokenizer, text, False)  # type: ignore[misc]
                for word, word_encoding in zip(text, words):
                    self._drop_lone_underline(tokenizer, word, word_encoding, specials)
                encodings[index] = Encoding.merge(words, growing_offsets=False)
        return encodings

    def _drop_lone_underline(self, tokenizer: Tokenizer, text: str, encoding: Encoding, specials: set[str]) -> None:
        """Drop the first token of `text`'s encoding if it is "▁" before a special token."""
        tokens = encoding.tokens
        if not _lone_underline(tokens, specials):
            return
        # (an unknown piece is the unknown token here: the pieces themselves decide, as transformers')
        if tokens[1] != str(self.unk_token) or _lone_underline(self._cut(tokenizer, text, normalized=False), specials):
            encoding.truncate(len(encoding) - 1, 0, "left")
            encoding.overflowing = []

    def own_init_kwargs(self, kwargs: dict[str, Any], *, is_local: bool) -> dict[str, Any]:
        """The init kwargs as transformers' class keeps them: its `model_max_length` and
        `additional_special_tokens` arguments too (see `with_class_tokens`)."""
        given = given_extra_tokens(kwargs)
        made = super().own_init_kwargs(kwargs, is_local=is_local)
        made.setdefault("model_max_length", self.family.model_max_length)
        return with_class_tokens(made, given)

    def convert_tokens_to_string(self, tokens: list[str]) -> str:
        """Pieces decoded by the sentencepiece model, special tokens spaced as GPT-SW3's; stripped."""
        return spaced_specials(tokens, set(self.all_special_tokens), self.sp_model.DecodePieces).strip()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """transformers' `__call__`; the special tokens mask and token type ids counted as
        transformers counts them (one more than the ids for a text ending with `</s>`)."""
        result = super().__call__(*args, **kwargs)
        if kwargs.get("add_special_tokens", True) and result._resolved():
            pair = result.n_sequences == 2
            for key in ("special_tokens_mask", "token_type_ids"):
                rows = [_counted_row(encoding, key, pair) for encoding in result._resolved()] if key in result else []
                if any(len(row) != len(encoding) for row, encoding in zip(rows, result._resolved())):
                    _put_rows(result, key, rows)
        return result


def _lone_underline(tokens: list[str], specials: set[str]) -> bool:
    """Whether `tokens` start with "▁" alone before a special token, which SigLIP drops.

    >>> _lone_underline(["▁", "</s>", "a"], {"</s>"}), _lone_underline(["▁", "a", "</s>"], {"</s>"})
    (True, False)
    """
    return len(tokens) > 1 and tokens[0] == SPIECE_UNDERLINE and tokens[1] in specials


def _counted_row(encoding: Encoding, key: str, pair: bool) -> list[int]:
    """transformers' row of `key` for an encoding: as if `</s>` ended every text, then padded."""
    mask = encoding.attention_mask
    left = next((i for i, value in enumerate(mask) if value), len(mask))
    right = len(mask) - left - sum(mask)
    sequences = encoding.sequence_ids
    first, second = sequences.count(0), sequences.count(1)
    counted = [0] * first + [1] + ([0] * second + [1] if pair else [])
    if key == "token_type_ids":
        return [0] * (left + len(counted) + right)
    return [1] * left + counted + [1] * right


def _put_rows(result: Any, key: str, rows: list[list[int]]) -> None:
    """Put rows longer than their ids in `result[key]`: lists, or a numpy array when all are as
    long, as transformers makes them; a ragged array is refused."""
    value = result[key]
    if isinstance(value, list):
        replace_rows(result, key, rows)
    elif type(value).__module__ == "numpy" and len({len(row) for row in rows}) == 1:
        import numpy as np  # loaded already (the value is an array)

        result[key] = np.asarray(rows, dtype=value.dtype)
    else:
        raise ArgumentValueError(
            f"SiglipTokenizer: a text ending with its eos_token has one {key} value more than it has ids, as in "
            "transformers, and these rows are not of one length: ask for lists (return_tensors=None) or leave out "
            f"return_{key}"
        )
