"""SpeechT5: transformers 5's SpeechT5Tokenizer, a SentencePieceBackend class (spm_char.model).

The text is cut into the model's pieces as any SentencePieceBackend class cuts it (`legacy=False`
included); `A </s>`, pairs `A B </s>`, every token type id 0. Decoding joins the pieces, "▁" as
spaces, stripped. Not here: `normalize=True`, which spells numbers out in English with
transformers' EnglishNumberNormalizer before tokenizing; subword refuses it, in the config and
as a call's keyword.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import ArgumentValueError, TokenizerFileError
from ..processors import TemplateProcessing
from ..tokenizer.tokenizer import Tokenizer
from ._spm_backend import SentencePieceBackendTables, SpmBackendFamily

_NORMALIZE_REFUSED = (
    "SpeechT5Tokenizer's normalize=True spells numbers out with transformers' EnglishNumberNormalizer, "
    "which subword does not implement"
)


def _prepare(config: dict) -> dict:
    """Refuse `normalize=True`: subword would give other ids than transformers."""
    if config.get("normalize"):
        raise TokenizerFileError(f"{_NORMALIZE_REFUSED}; set \"normalize\": false in tokenizer_config.json, or "
                                 "normalize the text before tokenizing it")
    return config


def _speecht5_tokens(config: dict, name: str) -> dict[str, str]:
    defaults = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}
    return {key: config.get(key, default) for key, default in defaults.items()}


SPEECHT5 = SpmBackendFamily("SpeechT5Tokenizer", "spm_char.model", _speecht5_tokens, {"normalize": False}, prepare=_prepare)


def refuse_normalize(kwargs: dict[str, Any]) -> None:
    """Refuse a call's `normalize=True` (see the module docstring); drop its `normalize`."""
    if kwargs.pop("normalize", False):
        raise ArgumentValueError(f"{_NORMALIZE_REFUSED}; normalize the text before tokenizing it")


class SpeechT5Tables(SentencePieceBackendTables):
    """Mixin of SpeechT5Tokenizer: `A </s>` templates; a call's `normalize=True` refused."""

    _tokenizer: Tokenizer
    if TYPE_CHECKING:
        eos_token: Any
        eos_token_id: int

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.eos_token_id is None:  # transformers' would fail at its first call
            raise TokenizerFileError("SpeechT5Tokenizer ends every text with its eos_token, which this tokenizer lacks")
        eos = {"id": "eos", "ids": [self.eos_token_id], "tokens": [str(self.eos_token)]}
        self._tokenizer.post_processor = TemplateProcessing(single=["$A:0", "eos"], pair=["$A:0", "$B:0", "eos"], special_tokens=[eos])

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """transformers' `__call__` (`normalize=True` refused)."""
        refuse_normalize(kwargs)
        return super().__call__(*args, **kwargs)

    def tokenize(self, text: str, pair: str | None = None, add_special_tokens: bool = False, **kwargs: Any) -> list[str]:
        """transformers' `tokenize` (`normalize=True` refused)."""
        refuse_normalize(kwargs)
        return super().tokenize(text, pair, add_special_tokens, **kwargs)
