"""Small helpers the ready-made tokenizers share: normalizer chains and special tokens."""

from __future__ import annotations

from typing import Optional

from .. import normalizers
from ..errors import ArgumentValueError
from ..normalizers.base import Normalizer
from ..tokenizer.tokenizer import Tokenizer
from .base import Token

_UNICODE_NORMALIZERS = {"nfc": normalizers.NFC, "nfd": normalizers.NFD, "nfkc": normalizers.NFKC, "nfkd": normalizers.NFKD}


def unicode_normalizers(name: Optional[str]) -> list[Normalizer]:
    """The Unicode normalizer called `name` ("nfc", "nfd", "nfkc", "nfkd") as a list; [] for None or "".

    >>> unicode_normalizers("nfkc")
    [NFKC()]
    """
    if not name:
        return []
    if name not in _UNICODE_NORMALIZERS:
        known = ", ".join(_UNICODE_NORMALIZERS)
        raise ArgumentValueError(f"unicode_normalizer must be one of {known} or None, got {name!r}")
    return [_UNICODE_NORMALIZERS[name]()]


def chain(parts: list[Normalizer]) -> Optional[Normalizer]:
    """None, the one normalizer, or a Sequence of several, in order."""
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else normalizers.Sequence(parts)


def mark_special_if_known(tokenizer: Tokenizer, tokens: list[Token]) -> None:
    """Make each token the model already has a special token, so it is never split."""
    for token in tokens:
        if tokenizer.token_to_id(str(token)) is not None:
            tokenizer.add_special_tokens([str(token)])
