"""Speech2Text: transformers 5's Speech2TextTokenizer, a Python tokenizer over the sentencepiece
package (vocab.json + sentencepiece.bpe.model), as M2M100's.

The text's sentencepiece pieces are looked up in vocab.json (absent: the unknown token's id);
`A </s>`, pairs `A B </s>`. With `lang_codes` ("mustc") the language tokens `<lang:xx>` are the
extra special tokens (unless the config names others) and the target language's id starts every
sequence: the id the sentencepiece model gives `<lang:xx>` (its raw id, not vocab.json's), as in
transformers. Decoding decodes the pieces between special tokens through the model (upper-cased
with `do_upper_case`), a space after each special token. vocab.json is saved again from the
vocabulary, as transformers' `save_json` writes it.

The token type ids of a pair are transformers' count (`pair_type_ids`): the first text's length
with the special tokens around a single text, so 0 up to the first token of the second text and 1
after it, the end token included.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..core.json_document import parse_json
from ..errors import TokenizerFileError
from ..processors import TemplateProcessing
from ..sentencepiece.processor import SentencePieceProcessor
from ..tokenizer.tokenizer import Tokenizer
from ._m2m100 import M2M100_FILES
from ._python_pieces import SentencePieces, join_around_specials, replace_rows
from ._spm_backend import SentencePieceBackendTables, SpmBackendFamily, given_extra_tokens, pieces_backend, with_class_tokens

S2T_VOCAB = M2M100_FILES[0]
# transformers' LANGUAGES of Speech2Text (5.25), by `lang_codes`
S2T_LANGUAGES: dict[str, tuple[str, ...]] = {"mustc": ("pt", "fr", "ru", "nl", "ro", "it", "es", "de")}


def s2t_vocab(data: bytes) -> dict[str, int]:
    """vocab.json's token -> id, in the file's order."""
    vocab = parse_json(data.decode("utf-8"), S2T_VOCAB)
    if not isinstance(vocab, dict) or not all(isinstance(v, int) and not isinstance(v, bool) for v in vocab.values()):
        raise TokenizerFileError(f"{S2T_VOCAB} must be an object of token -> integer id")
    return vocab


def _language_tokens(config: dict) -> list[str]:
    codes = config.get("lang_codes")
    return [f"<lang:{lang}>" for lang in S2T_LANGUAGES[codes]] if codes is not None else []


def _prepare(config: dict) -> dict:
    """The language tokens are the extra special tokens when the config names none."""
    if not (config.get("extra_special_tokens") or config.get("additional_special_tokens")) and config.get("lang_codes"):
        return {**config, "extra_special_tokens": _language_tokens(config)}
    return config


def s2t_backend(processor: SentencePieceProcessor, files: dict[str, bytes], config: dict, specials: dict[str, str], extras: list[str]) -> Tokenizer:
    """The pieces looked up in vocab.json (else the unknown token's id)."""
    vocab = s2t_vocab(files[S2T_VOCAB])
    unk = specials.get("unk_token", "<unk>")
    if unk not in vocab:  # transformers looks pieces up with `encoder[unk_token]`: a KeyError
        raise KeyError(f"Speech2TextTokenizer: the unk token {unk!r} is not in vocab.json")
    return pieces_backend(vocab, unk, SentencePieces(processor))


def _s2t_tokens(config: dict, name: str) -> dict[str, str]:
    defaults = {"bos_token": "<s>", "eos_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>"}
    return {key: config.get(key, default) for key, default in defaults.items()}


SPEECH_TO_TEXT = SpmBackendFamily(
    "Speech2TextTokenizer", M2M100_FILES[1], _s2t_tokens,
    {"do_upper_case": False, "do_lower_case": False, "tgt_lang": None, "lang_codes": None},
    prepare=_prepare, backend=s2t_backend, files=(S2T_VOCAB,), backend_name="custom",
)


class Speech2TextTables(SentencePieceBackendTables):
    """Mixin of Speech2TextTokenizer: vocab.json ids, `[lang] A </s>` templates, its decoding."""

    if TYPE_CHECKING:
        all_special_tokens: list[str]
        eos_token: Any
        eos_token_id: int
        unk_token: Any
        lang_codes: str | None  # set from the family's options
        do_upper_case: bool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.encoder = s2t_vocab(self._files[S2T_VOCAB])
        self.decoder = {id_: token for token, id_ in self.encoder.items()}
        languages = S2T_LANGUAGES[self.lang_codes] if self.lang_codes is not None else ()
        if languages:  # (transformers' class has these attributes only with `lang_codes`)
            self.langs = list(languages)
            self.lang_tokens = [f"<lang:{lang}>" for lang in languages]
        self.lang_code_to_id = {lang: int(self.sp_model.PieceToId(f"<lang:{lang}>")) for lang in languages}  # type: ignore[arg-type]
        self.prefix_tokens: list[int] = []
        self._tgt_lang = self.init_options.get("tgt_lang")
        if languages:
            self.tgt_lang = self._tgt_lang if self._tgt_lang is not None else languages[0]
        self._tokenizer.post_processor = self._template()

    @property
    def tgt_lang(self) -> str | None:
        """The target language, whose id starts every sequence; setting it changes that id."""
        return getattr(self, "_tgt_lang", None)

    @tgt_lang.setter
    def tgt_lang(self, new_tgt_lang: str) -> None:
        self._tgt_lang = new_tgt_lang
        self.set_tgt_lang_special_tokens(new_tgt_lang)

    def set_tgt_lang_special_tokens(self, tgt_lang: str) -> None:
        """Start every sequence with `tgt_lang`'s id (a KeyError for a language the codes lack)."""
        self.prefix_tokens = [self.lang_code_to_id[tgt_lang]]
        self._tokenizer.post_processor = self._template()

    def _template(self) -> TemplateProcessing:
        eos = str(self.eos_token)
        # (a template piece cannot hold ":", which starts a type id: the language token is named without it)
        prefix = [f"<lang={self._tgt_lang}>"] if self.prefix_tokens else []
        special = dict(zip(prefix, self.prefix_tokens)) | {eos: self.eos_token_id}
        return TemplateProcessing(single=[*prefix, "$A", eos], pair=[*prefix, "$A", "$B", eos], special_tokens=list(special.items()))

    def _token_id(self, token: str) -> int | None:
        found = self.added_tokens_encoder.get(token)
        return found if found is not None else self.encoder.get(token, self.encoder[str(self.unk_token)])

    def _id_token(self, id_: int) -> str:
        added = self.added_tokens_decoder.get(id_)
        return str(added) if added is not None else self.decoder.get(id_, str(self.unk_token))

    def convert_tokens_to_string(self, tokens: list[str]) -> str:
        """Pieces decoded by the model (upper-cased with `do_upper_case`); each special token as it
        is, then a space; stripped."""
        return join_around_specials(tokens, set(self.all_special_tokens), self._decoded, after=" ").strip()

    def _decoded(self, pieces: list[str]) -> str:
        decoded = str(self.sp_model.DecodePieces(pieces))
        return decoded.upper() if self.do_upper_case else decoded

    def _vocabulary_files(self) -> dict[str, bytes]:
        """As transformers: vocab.json written again from the vocabulary, then the model as it was."""
        return {S2T_VOCAB: json.dumps(self.encoder, indent=2).encode("utf-8"), self.family.vocab_file: self.sp_model.serialized_model_proto()}

    def own_init_kwargs(self, kwargs: dict[str, Any], *, is_local: bool) -> dict[str, Any]:
        """The init kwargs as transformers' class keeps them: with `lang_codes`, the language
        tokens and the config's own additional ones (see `with_class_tokens`)."""
        given = given_extra_tokens(kwargs)
        made = super().own_init_kwargs(kwargs, is_local=is_local)
        languages = _language_tokens(made)
        return with_class_tokens(made, languages + list(given or []) if languages else given)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """transformers' `__call__`; the token type ids of pairs as transformers counts them."""
        result = super().__call__(*args, **kwargs)
        if kwargs.get("return_token_type_ids") and kwargs.get("add_special_tokens", True) and "token_type_ids" in result:
            replace_rows(result, "token_type_ids", [pair_type_ids(encoding.sequence_ids, encoding.attention_mask) for encoding in result._resolved()])
        return result


def pair_type_ids(sequence_ids: list[int | None], attention_mask: list[int]) -> list[int]:
    """transformers' `create_token_type_ids_from_sequences` of a Speech2Text row: 1 from the second
    token of the second text to the end token, else 0.

    >>> pair_type_ids([None, 0, 0, 1, 1, 1, None, None], [1, 1, 1, 1, 1, 1, 1, 0])
    [0, 0, 0, 0, 1, 1, 1, 0]
    >>> pair_type_ids([0, None], [1, 1])
    [0, 0]
    """
    types = [0] * len(sequence_ids)
    second = [i for i, sequence in enumerate(sequence_ids) if sequence == 1]
    if second:
        last = max(i for i, mask in enumerate(attention_mask) if mask)
        for i in [*second[1:], last]:
            types[i] = 1
    return types
