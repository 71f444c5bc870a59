"""Special tokens around id sequences: the methods data collators and model code call.

Also the `add_bos_token` / `add_eos_token` switches, which rebuild transformers' generic
post-processor (`[bos] $A [eos]`) when set.

`build_inputs_with_special_tokens`, `create_token_type_ids_from_sequences` and
`get_special_tokens_mask` run the tokenizer's post-processor on ids that are already tokens, so
they add what `tokenizer(text)` adds (BERT's `[CLS] A [SEP] B [SEP]`, T5's `A </s>`).
transformers 5's tokenizers-backed classes define only `get_special_tokens_mask(...,
already_has_special_tokens=True)` and raise for the rest (AttributeError, NotImplementedError);
subword answers them all, with the results transformers 4's fast classes gave.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.encoding import Encoding
from ..errors import ArgumentValueError
from ._builders import bos_eos_template
from ._inputs import to_python

if TYPE_CHECKING:
    from ..tokenizer.tokenizer import Tokenizer


class SpecialSequences:
    """Mixin of PreTrainedTokenizer: special tokens added to (or found in) lists of ids."""

    _tokenizer: Tokenizer
    _add_bos_token: bool
    _add_eos_token: bool
    model_max_length: int
    all_special_ids: list[int]
    bos_token: Any
    eos_token: Any

    if TYPE_CHECKING:

        @property
        def special_tokens_map(self) -> dict[str, str]: ...

    def convert_tokens_to_ids(self, tokens: Any) -> Any:  # pragma: no cover - defined by the tokenizer
        raise NotImplementedError

    def _with_special_tokens(self, token_ids_0: Any, token_ids_1: Any = None) -> Encoding:
        """The post-processor's Encoding of these ids (one sequence, or a pair)."""
        first = Encoding(ids=[int(i) for i in to_python(token_ids_0)])
        second = None if token_ids_1 is None else Encoding(ids=[int(i) for i in to_python(token_ids_1)], type_ids=None)
        return self._tokenizer.post_process(first, second, True, padding=None, truncation=None)

    def build_inputs_with_special_tokens(self, token_ids_0: list[int], token_ids_1: list[int] | None = None) -> list[int]:
        """The ids with the special tokens `tokenizer(text)` adds around them.

        >>> from subword.transformers import AutoTokenizer, default_tokenizer_path
        >>> tok = AutoTokenizer.from_pretrained(default_tokenizer_path(), cls_token="[CLS]", sep_token="[SEP]")
        >>> tok.build_inputs_with_special_tokens([7]) == tok("", add_special_tokens=True)["input_ids"][:1] + [7] + [tok.sep_token_id]
        True
        """
        return self._with_special_tokens(token_ids_0, token_ids_1).ids

    def create_token_type_ids_from_sequences(self, token_ids_0: list[int], token_ids_1: list[int] | None = None) -> list[int]:
        """The token type ids of `build_inputs_with_special_tokens(token_ids_0, token_ids_1)`."""
        return self._with_special_tokens(token_ids_0, token_ids_1).type_ids

    def get_special_tokens_mask(
        self, token_ids_0: list[int], token_ids_1: list[int] | None = None, already_has_special_tokens: bool = False
    ) -> list[int]:
        """1 for a special token, 0 for a sequence token: of the ids as given when
        `already_has_special_tokens` (membership in `all_special_ids`, as transformers), else of
        `build_inputs_with_special_tokens(token_ids_0, token_ids_1)`."""
        if already_has_special_tokens:
            if token_ids_1 is not None:
                raise ArgumentValueError(
                    "You should not supply a second sequence if the provided sequence of ids is already formatted "
                    "with special tokens for the model."
                )
            special = set(self.all_special_ids)
            return [1 if int(id_) in special else 0 for id_ in to_python(token_ids_0)]
        return self._with_special_tokens(token_ids_0, token_ids_1).special_tokens_mask

    @property
    def max_len_single_sentence(self) -> int:
        """The longest single sequence a model takes, its special tokens left out."""
        return self.model_max_length - self._tokenizer.num_special_tokens_to_add(False)

    @max_len_single_sentence.setter
    def max_len_single_sentence(self, value: int) -> None:
        # as transformers: accepted (for old code) only when it changes nothing and verbose is on
        if value != self.max_len_single_sentence or not getattr(self, "verbose", False):
            raise ArgumentValueError("Setting 'max_len_single_sentence' is now deprecated. This value is automatically set up.")

    @property
    def max_len_sentences_pair(self) -> int:
        """The longest pair of sequences a model takes, their special tokens left out."""
        return self.model_max_length - self._tokenizer.num_special_tokens_to_add(True)

    @max_len_sentences_pair.setter
    def max_len_sentences_pair(self, value: int) -> None:
        if value != self.max_len_sentences_pair or not getattr(self, "verbose", False):
            raise ArgumentValueError("Setting 'max_len_sentences_pair' is now deprecated. This value is automatically set up.")

    # -- bos / eos around each sequence (transformers' generic post-processor) -----------------

    @property
    def add_bos_token(self) -> bool:
        """Whether the generic post-processor puts `bos_token` first; setting it rebuilds that
        post-processor, as transformers does (replacing a model's own, e.g. BERT's)."""
        return self._add_bos_token

    @add_bos_token.setter
    def add_bos_token(self, value: bool) -> None:
        self._add_bos_token = value
        self.update_post_processor()

    @property
    def add_eos_token(self) -> bool:
        """Whether the generic post-processor puts `eos_token` last; setting it rebuilds it."""
        return self._add_eos_token

    @add_eos_token.setter
    def add_eos_token(self, value: bool) -> None:
        self._add_eos_token = value
        self.update_post_processor()

    def update_post_processor(self) -> None:
        """Make the post-processor `[bos] $A [eos]` (pair: `[bos] $A [eos] [bos] $B [eos]`) from
        `add_bos_token`, `add_eos_token` and the current tokens; a flag whose token is unset
        turns off, as in transformers."""
        if self.bos_token is None:
            self._add_bos_token = False
        if self.eos_token is None:
            self._add_eos_token = False
        self._tokenizer.post_processor = bos_eos_template(
            self.special_tokens_map, self._add_bos_token, self._add_eos_token, self.convert_tokens_to_ids
        )
