"""Named special tokens (`bos_token`, `pad_token`, ...) and their `_id` twins, as attributes.

A tokenizer keeps its named tokens in `self._special_tokens` (name -> str or None) and the
unnamed extra ones in `self._extra_special_tokens`; the descriptors below expose both spellings
(`tokenizer.pad_token`, `tokenizer.pad_token_id`) the way transformers does.
"""

from __future__ import annotations

from typing import Any

from ..errors import ArgumentTypeError, type_name

SPECIAL_TOKENS_ATTRIBUTES = ("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token")


class NamedToken:
    """`tokenizer.<name>`: the token text, or None; assigning a str (or None) replaces it."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, tokenizer: Any, owner: type | None = None) -> Any:
        if tokenizer is None:
            return self
        return tokenizer._special_tokens.get(self.name)

    def __set__(self, tokenizer: Any, value: Any) -> None:
        if value is not None and not isinstance(value, str):
            value = getattr(value, "content", value)  # an AddedToken
            if not isinstance(value, str):
                raise ArgumentTypeError(f"{self.name} must be a str or None, got {type_name(value)}")
        tokenizer._special_tokens[self.name] = value


class NamedTokenId:
    """`tokenizer.<name>_id`: the id of the named token, or None; assigning an id picks its token."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name.removesuffix("_id")

    def __get__(self, tokenizer: Any, owner: type | None = None) -> Any:
        if tokenizer is None:
            return self
        token = tokenizer._special_tokens.get(self.name)
        return None if token is None else tokenizer.convert_tokens_to_ids(token)

    def __set__(self, tokenizer: Any, value: Any) -> None:
        tokenizer._special_tokens[self.name] = None if value is None else tokenizer.convert_ids_to_tokens(value)


class SpecialTokenAttributes:
    """The named special token attributes; a base class so the tokenizer class stays readable."""

    _special_tokens: dict[str, str | None]
    _extra_special_tokens: list[str]

    bos_token = NamedToken()
    eos_token = NamedToken()
    unk_token = NamedToken()
    sep_token = NamedToken()
    pad_token = NamedToken()
    cls_token = NamedToken()
    mask_token = NamedToken()
    bos_token_id = NamedTokenId()
    eos_token_id = NamedTokenId()
    unk_token_id = NamedTokenId()
    sep_token_id = NamedTokenId()
    pad_token_id = NamedTokenId()
    cls_token_id = NamedTokenId()
    mask_token_id = NamedTokenId()

    def convert_tokens_to_ids(self, tokens: Any) -> Any:  # pragma: no cover - defined by the tokenizer
        raise NotImplementedError

    def convert_ids_to_tokens(self, ids: Any, skip_special_tokens: bool = False) -> Any:  # pragma: no cover
        raise NotImplementedError

    @property
    def special_tokens_map(self) -> dict[str, str]:
        """The named special tokens that are set, name -> token."""
        return {name: token for name, token in self._special_tokens.items() if token is not None}

    @property
    def extra_special_tokens(self) -> list[str]:
        """The special tokens without a name (T5's `<extra_id_0>`, ...)."""
        return list(self._extra_special_tokens)

    @property
    def additional_special_tokens(self) -> list[str]:
        """Old name of `extra_special_tokens`."""
        return self.extra_special_tokens

    @property
    def all_special_tokens(self) -> list[str]:
        """Named (the standard names first, then a class's own, such as CodeLlama's `prefix_token`)
        then extra special tokens, each once, in transformers' order."""
        seen: dict[str, None] = {}
        for name in SPECIAL_TOKENS_ATTRIBUTES:
            token = self._special_tokens.get(name)
            if token is not None:
                seen.setdefault(token)
        for name, token in self.special_tokens_map.items():
            if name not in SPECIAL_TOKENS_ATTRIBUTES:
                seen.setdefault(token)
        for token in self._extra_special_tokens:
            seen.setdefault(token)
        return list(seen)

    @property
    def all_special_ids(self) -> list[int]:
        """The ids of `all_special_tokens`."""
        return self.convert_tokens_to_ids(self.all_special_tokens)
