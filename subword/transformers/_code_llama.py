"""CodeLlamaTokenizer's own attributes: its infilling tokens (`▁<PRE>`, `▁<MID>`, `▁<SUF>`,
`▁<EOT>`, `<FILL_ME>`) by name and id, in `special_tokens_map` as transformers 5 lists them.

Not here yet: infilling itself (`tokenizer(prefix, suffix=...)`, a text holding `<FILL_ME>`,
`suffix_first`), which transformers does by swapping the backend's normalizer and template; such
a call raises NotImplementedError rather than giving other ids than transformers.
"""

from __future__ import annotations

from typing import Any

from ._spm_families import CODE_LLAMA_TOKENS


class CodeLlamaInfilling:
    """Mixin of CodeLlamaTokenizer (before PreTrainedTokenizer in the class's bases)."""

    default_add_bos_token = True
    init_options: dict[str, Any]

    def _named(self, name: str) -> str | None:
        value = self.init_options.get(name)
        return None if value is None else str(value)

    def _named_id(self, name: str) -> int | None:
        token = self._named(name)
        return None if token is None else self.convert_tokens_to_ids(token)  # type: ignore[attr-defined]

    @property
    def prefix_token(self) -> str | None:
        """The token before the code's prefix (`▁<PRE>`)."""
        return self._named("prefix_token")

    @property
    def middle_token(self) -> str | None:
        """The token after which the model writes the middle (`▁<MID>`)."""
        return self._named("middle_token")

    @property
    def suffix_token(self) -> str | None:
        """The token before the code's suffix (`▁<SUF>`)."""
        return self._named("suffix_token")

    @property
    def eot_token(self) -> str | None:
        """The end-of-infilling token (`▁<EOT>`)."""
        return self._named("eot_token")

    @property
    def fill_token(self) -> str | None:
        """The token that marks the hole in a text (`<FILL_ME>`)."""
        return self._named("fill_token")

    @property
    def prefix_id(self) -> int | None:
        """The id of `prefix_token`."""
        return self._named_id("prefix_token")

    @property
    def middle_id(self) -> int | None:
        """The id of `middle_token`."""
        return self._named_id("middle_token")

    @property
    def suffix_id(self) -> int | None:
        """The id of `suffix_token`."""
        return self._named_id("suffix_token")

    @property
    def eot_id(self) -> int | None:
        """The id of `eot_token`."""
        return self._named_id("eot_token")

    @property
    def special_tokens_map(self) -> dict[str, str]:
        """The named special tokens, then the infilling tokens by name."""
        named = super().special_tokens_map  # type: ignore[misc]
        return {**named, **{name: token for name in CODE_LLAMA_TOKENS if (token := self._named(name)) is not None}}

    def _refuse_infilling(self, text: Any, kwargs: dict[str, Any]) -> None:
        texts = [text] if isinstance(text, str) else text if isinstance(text, (list, tuple)) else []
        fill = self.fill_token
        if kwargs.get("suffix") is not None or (fill is not None and any(isinstance(t, str) and fill in t for t in texts)):
            raise NotImplementedError(
                f"CodeLlamaTokenizer: infilling (a `suffix=` argument or a text holding {fill!r}) is not supported by "
                "subword yet; encode the prefix and suffix without it, or use transformers"
            )

    def __call__(self, text: Any = None, *args: Any, **kwargs: Any) -> Any:
        self._refuse_infilling(text, kwargs)
        return super().__call__(text, *args, **kwargs)  # type: ignore[misc]

    def tokenize(self, text: str, *args: Any, **kwargs: Any) -> list[str]:
        """The token strings of a text (no infilling)."""
        self._refuse_infilling(text, kwargs)
        return super().tokenize(text, *args, **kwargs)  # type: ignore[misc]
