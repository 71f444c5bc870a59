"""SeamlessM4T's languages: `__xx__` codes, `src_lang A </s>` for a source and `</s> tgt_lang A </s>`
for a target, as transformers 5's SeamlessM4TTokenizer switches them.

Unlike the other translation classes, the tokenizer starts in the target mode (its `__init__` ends
with `set_tgt_lang_special_tokens`), so `encode` before any call uses the target template; setting
`tgt_lang` switches to it again, and a call (`src_lang=` / `tgt_lang=` set first) returns to the
source template. A language is given with or without its underscores ("fra" or "__fra__").
"""

from __future__ import annotations

from typing import Any

from ._languages import LanguageTemplates, known_token
from ._more_spm_families import SEAMLESS_FIRST, seamless_language


class SeamlessM4TLanguages(LanguageTemplates):
    """Mixin of SeamlessM4TTokenizer: `src_lang` (default "__eng__") and `tgt_lang` ("__fra__")."""

    default_src_lang = "__eng__"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        options = dict(kwargs.get("init_options") or {})
        options["src_lang"] = seamless_language(str(options.get("src_lang") or "eng"))
        options["tgt_lang"] = seamless_language(str(options.get("tgt_lang") or "fra"))
        kwargs["init_options"] = options
        super().__init__(*args, **kwargs)
        self.set_tgt_lang_special_tokens(self._tgt_lang)

    def _fairseq_tables(self) -> None:
        self.fairseq_offset = 1
        self.fairseq_tokens_to_ids = dict(SEAMLESS_FIRST)
        self.fairseq_ids_to_tokens = {id_: token for token, id_ in self.fairseq_tokens_to_ids.items()}

    @property  # type: ignore[override]
    def src_lang(self) -> str:
        """The source language code ("__eng__"); setting it rebuilds the source template."""
        return self._src_lang

    @src_lang.setter
    def src_lang(self, new_src_lang: str) -> None:
        self._src_lang = seamless_language(new_src_lang)
        self.set_src_lang_special_tokens(self._src_lang)

    @property  # type: ignore[override]
    def tgt_lang(self) -> str:
        """The target language code ("__fra__"); setting it switches to the target template."""
        return self._tgt_lang

    @tgt_lang.setter
    def tgt_lang(self, new_tgt_lang: str) -> None:
        self._tgt_lang = seamless_language(new_tgt_lang)
        if hasattr(self, "_cur_lang_code"):  # not while LanguageTemplates.__init__ sets it
            self.set_tgt_lang_special_tokens(self._tgt_lang)

    def _language_template(self, lang: str) -> tuple[list[str], list[str]]:
        return [known_token(self, lang)], [known_token(self, str(self.eos_token))]

    def _target_template_ids(self, lang: str) -> tuple[list[str], list[int], list[str], list[int]]:
        eos = known_token(self, str(self.eos_token))
        prefix = [eos, known_token(self, lang)]
        return prefix, self.convert_tokens_to_ids(prefix), [eos], self.convert_tokens_to_ids([eos])

    def __call__(self, *args: Any, src_lang: str | None = None, tgt_lang: str | None = None, **kwargs: Any) -> Any:
        """Encode as PreTrainedTokenizer.__call__, after setting `src_lang` / `tgt_lang` if given."""
        if src_lang is not None:
            self.src_lang = src_lang
        if tgt_lang is not None:
            self.tgt_lang = tgt_lang
        return super().__call__(*args, **kwargs)  # type: ignore[misc]
