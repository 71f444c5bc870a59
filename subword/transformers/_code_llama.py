"""CodeLlamaTokenizer's own attributes and infilling, as transformers 5's class.

The infilling tokens (`▁<PRE>`, `▁<MID>`, `▁<SUF>`, `▁<EOT>`, `<FILL_ME>`) by name and id, in
`special_tokens_map` as transformers 5 lists them. Infilling: `tokenizer(prefix, suffix=...)`, or
one text holding `<FILL_ME>` (cut there), encodes `" " + prefix` and the suffix as a pair with
spaces replaced by "▁" and the template `<s> ▁<PRE> A ▁<SUF> B ▁<MID>` (`suffix_first`:
`<s> ▁<PRE> ▁<SUF> B ▁<MID> A`; bos and eos only with special tokens, as the class's
add_bos_token / add_eos_token say). transformers swaps the backend's normalizer and template for
the call; here the call runs on a twin of the backend (`Tokenizer.with_normalizer_and_post_processor`).

transformers then "resets" the backend to a normalizer it never had before (a "▁" prepended to
every segment, spaces to "▁"), so every later call encodes leading spaces and the text after an
added token differently (`"  Hello"`: `▁▁ Hello` before, `▁▁ ▁Hello` after). To give the same
ids after the same calls, the first infilling call installs that normalizer for good, as there.
"""

from __future__ import annotations

from typing import Any

from .. import normalizers, processors
from ..tokenizer.tokenizer import Tokenizer
from ._spm_families import CODE_LLAMA_TOKENS


class CodeLlamaInfilling:
    """Mixin of CodeLlamaTokenizer (before PreTrainedTokenizer in the class's bases)."""

    default_add_bos_token = True
    init_options: dict[str, Any]
    _tokenizer: Tokenizer

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

    def _infilling_backend(self, suffix_first: bool, add_special_tokens: bool) -> Tokenizer:
        """A twin of the backend with the infilling normalizer and template."""
        if None in (self.prefix_id, self.middle_id, self.suffix_id):
            raise ValueError(
                "CodeLlamaTokenizer: infilling (a `suffix=` or a text holding the fill token) needs the prefix, "
                f"middle and suffix tokens, but their ids are {(self.prefix_id, self.middle_id, self.suffix_id)}"
            )
        ends = add_special_tokens
        bos, eos = str(self.bos_token), str(self.eos_token)  # type: ignore[attr-defined]
        head = [bos] if ends and self.add_bos_token else []  # type: ignore[attr-defined]
        prefix, suffix, middle = str(self.prefix_token), str(self.suffix_token), str(self.middle_token)
        body = [prefix, suffix, "$B", middle, "$A"] if suffix_first else [prefix, "$A", suffix, "$B", middle]
        tail = [eos] if ends and self.add_eos_token else []  # type: ignore[attr-defined]
        pair = head + body + tail
        special = {token: self.convert_tokens_to_ids(token) for token in pair if not token.startswith("$")}  # type: ignore[attr-defined]
        processor = processors.TemplateProcessing(single="$A", pair=pair, special_tokens=list(special.items()))
        return self._tokenizer.with_normalizer_and_post_processor(normalizers.Replace(" ", "▁"), processor)

    def _after_infilling(self) -> None:
        """transformers' reset after an infilling call (see the module docstring)."""
        reset = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
        if self._tokenizer.normalizer is None or self._tokenizer.normalizer.to_json() != reset.to_json():
            self._tokenizer.normalizer = reset

    def _split_fill(self, text: str) -> tuple[str, str]:
        prefix, *rest = text.split(str(self.fill_token))
        if len(rest) != 1:
            raise ValueError(f"CodeLlamaTokenizer: a text holds the fill token {self.fill_token!r} more than once")
        return prefix, rest[0]

    def __call__(self, text: Any = None, text_pair: Any = None, *args: Any, suffix: Any = None,
                 suffix_first: bool = False, **kwargs: Any) -> Any:
        """Encode as PreTrainedTokenizer does; with `suffix=` or a text holding `<FILL_ME>`, as infilling."""
        infilling = suffix is not None
        if infilling:
            text_pair = suffix
        elif isinstance(text, str) and self.fill_token is not None and self.fill_token in text and text_pair is None:
            (text, text_pair), infilling = self._split_fill(text), True
        if not infilling or text_pair is None or len(text_pair) == 0:
            pair = (text_pair or None) if infilling else text_pair  # an empty suffix: no pair, as transformers
            return super().__call__(text, pair, *args, **kwargs)  # type: ignore[misc]
        add_special_tokens = kwargs.pop("add_special_tokens", True)
        backend = self._infilling_backend(suffix_first, add_special_tokens)
        text = " " + text if isinstance(text, str) else [" " + t if isinstance(t, str) else t for t in text]
        result = super().__call__(text, text_pair, *args, add_special_tokens=True, _backend=backend, **kwargs)  # type: ignore[misc]
        self._after_infilling()
        return result

    def tokenize(self, text: str, suffix: str | None = None, suffix_first: bool = False, **kwargs: Any) -> list[str]:
        """The token strings of a text; with a `suffix` (the second positional argument, as in
        transformers' class) or a text holding `<FILL_ME>`, of the infilling pair."""
        if self.fill_token is not None and self.fill_token in text and suffix is None:
            text, suffix = self._split_fill(text)
        if suffix is None or len(suffix) < 1:
            return super().tokenize(text, **kwargs)  # type: ignore[misc]
        add_special_tokens = kwargs.pop("add_special_tokens", False)
        for name in ("pair", "text_pair", "return_offsets_mapping"):
            kwargs.pop(name, None)
        backend = self._infilling_backend(suffix_first, add_special_tokens=False)
        encoded = super().__call__(" " + text, suffix, add_special_tokens=add_special_tokens,  # type: ignore[misc]
                                   return_offsets_mapping=True, _switch_to_input=False, _backend=backend, **kwargs)
        self._after_infilling()
        return list(encoded.encodings[0].tokens)
