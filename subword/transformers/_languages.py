"""Runtime language switching: mBART's, mBART-50's and NLLB's `src_lang` / `tgt_lang`, Whisper's
`set_prefix_tokens`.

transformers rebuilds the backend's post-processor when `src_lang` is set, and around every call
with `text_target=` it switches to the target language's template and back. Here setting
`src_lang` (or calling `set_src_lang_special_tokens` / `set_tgt_lang_special_tokens`) rebuilds
the template as there, but a call's targets are encoded by a twin of the backend holding the
target template (`Tokenizer.with_post_processor`). As in transformers, a call with `text` or
`text_target` returns to the source template (if `set_tgt_lang_special_tokens` left the target
one), and a `text_target` call with no `tgt_lang` sets `tgt_lang` to `src_lang` for good.
SeamlessM4T's mixin (its target template differs) is in `_seamless_m4t`.

Not here: the pipelines themselves (`_spm_families`, `_translation_families`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import processors
from ..tokenizer.tokenizer import Tokenizer
from ._builders import whisper_prefix_ids, whisper_template
from ._spm_families import MBART50_LANGUAGES, MBART_LANGUAGES

# fairseq's first ids, which transformers' translation classes list as `fairseq_tokens_to_ids`
FAIRSEQ_FIRST = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}


class LanguageTemplates:
    """Mixin of a translation tokenizer class: `src_lang`, `tgt_lang` and their templates.

    A class sets `default_src_lang` and `_language_template(lang)`, the prefix and suffix tokens
    around the text (mBART: `A </s> lang`; mBART-50 and NLLB: `lang A </s>`).
    """

    default_src_lang = "en_XX"
    # the codes of `lang_code_to_id` (none: the class has no such attribute, as NLLB's)
    language_codes: tuple[str, ...] = ()
    _tokenizer: Tokenizer
    init_options: dict[str, Any]
    eos_token: Any
    eos_token_id: Any

    if TYPE_CHECKING:  # defined by PreTrainedTokenizer, which comes after this mixin

        def convert_tokens_to_ids(self, tokens: Any) -> Any: ...

        def convert_ids_to_tokens(self, ids: Any, skip_special_tokens: bool = False) -> Any: ...

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._src_lang = str(self.init_options.get("src_lang") or self.default_src_lang)
        self.tgt_lang: str | None = self.init_options.get("tgt_lang")
        self._in_target_mode = False
        self.prefix_tokens: list[int] = []
        self.suffix_tokens: list[int] = []
        self._fairseq_tables()
        self.set_src_lang_special_tokens(self._src_lang)

    def _fairseq_tables(self) -> None:
        """transformers' tables, fixed when the tokenizer is made: `fairseq_offset`,
        `lang_code_to_id` (mBART, mBART-50) and `fairseq_tokens_to_ids` / `fairseq_ids_to_tokens`."""
        self.fairseq_offset = 1
        self.fairseq_tokens_to_ids = dict(FAIRSEQ_FIRST)
        if self.language_codes:
            self.lang_code_to_id: dict[str, int] = {code: self.convert_tokens_to_ids(code) for code in self.language_codes}
            self.fairseq_tokens_to_ids.update(self.lang_code_to_id)
            self.fairseq_tokens_to_ids["<mask>"] = self.convert_tokens_to_ids(str(getattr(self, "mask_token", "<mask>")))
        self.fairseq_ids_to_tokens = {id_: token for token, id_ in self.fairseq_tokens_to_ids.items()}

    @property
    def src_lang(self) -> str:
        """The source language code; setting it rebuilds the template, as in transformers."""
        return self._src_lang

    @src_lang.setter
    def src_lang(self, new_src_lang: str) -> None:
        self._src_lang = new_src_lang
        self.set_src_lang_special_tokens(new_src_lang)

    @property
    def cur_lang_code(self) -> int | None:
        """The id of the language whose template is in use."""
        return self._cur_lang_code

    def _language_template(self, lang: str) -> tuple[list[str], list[str]]:
        """The tokens before and after the text(s) for `lang`."""
        raise NotImplementedError

    def _template_ids(self, lang: str) -> tuple[list[str], list[int], list[str], list[int]]:
        """The tokens before the text(s) and their ids, then those after them."""
        prefix, suffix = self._language_template(lang)
        return prefix, self.convert_tokens_to_ids(prefix), suffix, self.convert_tokens_to_ids(suffix)

    def _language_id(self, lang: str) -> int | None:
        """The id of `lang` (`cur_lang_code` when its template is in use)."""
        return self.convert_tokens_to_ids(lang)

    def _target_template_ids(self, lang: str) -> tuple[list[str], list[int], list[str], list[int]]:
        """`_template_ids` of the target text(s) (SeamlessM4T's differ from the source's)."""
        return self._template_ids(lang)

    def _template_for(self, lang: str, target: bool = False) -> tuple[Any, list[int], list[int]]:
        prefix, prefix_ids, suffix, suffix_ids = self._target_template_ids(lang) if target else self._template_ids(lang)
        processor = processors.TemplateProcessing(
            single=prefix + ["$A"] + suffix,
            pair=prefix + ["$A", "$B"] + suffix,
            special_tokens=list(dict(zip(prefix + suffix, prefix_ids + suffix_ids)).items()),
        )
        return processor, prefix_ids, suffix_ids

    def set_src_lang_special_tokens(self, src_lang: str) -> None:
        """Use the source template of `src_lang`."""
        self._set_template(src_lang, target=False)

    def set_tgt_lang_special_tokens(self, tgt_lang: str) -> None:
        """Use the target template of `tgt_lang` (until the next call with `text`)."""
        self._set_template(tgt_lang, target=True)

    def _set_template(self, lang: str, target: bool) -> None:
        processor, self.prefix_tokens, self.suffix_tokens = self._template_for(lang, target)
        self._cur_lang_code = self._language_id(lang)
        self._tokenizer.post_processor = processor
        self._in_target_mode = target

    def _switch_to_input_mode(self) -> None:
        self.set_src_lang_special_tokens(self._src_lang)

    def _switch_to_target_mode(self) -> None:
        if self.tgt_lang is None:
            self.tgt_lang = self._src_lang
        self.set_tgt_lang_special_tokens(self.tgt_lang)

    def _input_backend(self) -> Tokenizer:
        if self._in_target_mode:
            self._switch_to_input_mode()
        return self._tokenizer

    def _target_backend(self) -> Tokenizer:
        if self.tgt_lang is None:
            self.tgt_lang = self._src_lang
        backend = self._tokenizer.with_post_processor(self._template_for(self.tgt_lang, target=True)[0])
        if self._in_target_mode:  # transformers leaves a call with `text_target` in the source mode
            self._switch_to_input_mode()
        return backend


def known_token(tokenizer: Any, lang: str) -> str:
    """`lang`, or the unknown token when the vocabulary lacks it (as transformers' id round trip)."""
    return str(tokenizer.convert_ids_to_tokens(tokenizer.convert_tokens_to_ids(lang)))


class SuffixLanguage(LanguageTemplates):
    """mBART: `A </s> lang` (pair `A B </s> lang`)."""

    language_codes = MBART_LANGUAGES

    def _language_template(self, lang: str) -> tuple[list[str], list[str]]:
        return [], [str(self.eos_token), known_token(self, lang)]


class PrefixLanguage(LanguageTemplates):
    """mBART-50: `lang A </s>` (pair `lang A B </s>`), its codes also by id (`id_to_lang_code`)."""

    language_codes = MBART50_LANGUAGES

    def _fairseq_tables(self) -> None:
        super()._fairseq_tables()
        self.id_to_lang_code = {id_: code for code, id_ in self.lang_code_to_id.items()}

    @property
    def cur_lang_code_id(self) -> int | None:
        """The id of the language whose template is in use (mBART-50's name for it)."""
        return self._cur_lang_code

    def _language_template(self, lang: str) -> tuple[list[str], list[str]]:
        return [known_token(self, lang)], [str(self.eos_token)]


class NllbLanguage(LanguageTemplates):
    """NLLB: `lang A </s>`, or with `legacy_behaviour` mBART's `A </s> lang` (the code's own
    text even when the vocabulary lacks it, with the unknown token's id, as transformers)."""

    default_src_lang = "eng_Latn"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.legacy_behaviour = bool((kwargs.get("init_options") or {}).get("legacy_behaviour", False))
        super().__init__(*args, **kwargs)

    def _language_template(self, lang: str) -> tuple[list[str], list[str]]:
        if self.legacy_behaviour:
            return [], [str(self.eos_token), lang]
        return [lang], [str(self.eos_token)]


class WhisperPrefix:
    """Mixin of WhisperTokenizer: `language`, `task`, `predict_timestamps` and `set_prefix_tokens`."""

    _tokenizer: Tokenizer
    init_options: dict[str, Any]
    special_tokens_map: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language: str | None = self.init_options.get("language")
        self.task: str | None = self.init_options.get("task")
        self.predict_timestamps = bool(self.init_options.get("predict_timestamps", False))

    @property
    def prefix_tokens(self) -> list[int]:
        """The ids that start every sequence: <|startoftranscript|>, language, task, <|notimestamps|>."""
        if self.language is not None:
            self.language = self.language.lower()  # as transformers
        options = {"language": self.language, "task": self.task, "predict_timestamps": self.predict_timestamps}
        return [id_ for id_ in whisper_prefix_ids(self._tokenizer, self.special_tokens_map, options) if id_ is not None]

    def set_prefix_tokens(
        self, language: str | None = None, task: str | None = None, predict_timestamps: bool | None = None
    ) -> None:
        """Change the prefix tokens (an argument left None keeps its value) and rebuild the template."""
        self.language = language if language is not None else self.language
        self.task = task if task is not None else self.task
        self.predict_timestamps = predict_timestamps if predict_timestamps is not None else self.predict_timestamps
        options = {"language": self.language, "task": self.task, "predict_timestamps": self.predict_timestamps}
        prefix = whisper_prefix_ids(self._tokenizer, self.special_tokens_map, options)
        self._tokenizer.post_processor = whisper_template(self._tokenizer, self.special_tokens_map, prefix)

    def get_decoder_prompt_ids(
        self, task: str | None = None, language: str | None = None, no_timestamps: bool = True
    ) -> list[tuple[int, int]]:
        """The forced decoder ids after <|startoftranscript|>: (position, id) pairs."""
        self.set_prefix_tokens(task=task, language=language, predict_timestamps=not no_timestamps)
        return [(rank + 1, token) for rank, token in enumerate(self.prefix_tokens[1:])]
