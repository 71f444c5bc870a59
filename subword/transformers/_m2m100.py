"""M2M100: transformers 5's sentencepiece-package tokenizer (vocab.json + sentencepiece.bpe.model).

transformers' M2M100Tokenizer is a pure-Python tokenizer: the text is cut at the added tokens,
each other part becomes sentencepiece pieces (`SentencePieceProcessor.encode(out_type=str)`),
and each piece is looked up in vocab.json (absent: the unknown token's id). Language tokens
`__xx__` get the ids after vocab.json's (`encoder_size + rank`); they are added tokens only if
the config lists them (`additional_special_tokens`), and then, as there, the text `__fr__` has
its added id while the template uses the language id. `src_lang A </s>` (pairs `src_lang A B
</s>`); labels of `text_target` start with `tgt_lang`.

Here the same backend is a `Tokenizer`: a custom pre-tokenizer that cuts each part into the
sentencepiece pieces (subword's own SentencePieceProcessor) and a WordLevel model of vocab.json.
`save_pretrained` writes what transformers' class writes (`_python_saving`): vocab.json, the
sentencepiece model, tokenizer_config.json with the added tokens, added_tokens.json. Not here:
offsets (transformers' Python tokenizers ignore `return_offsets_mapping`, and so does this class),
and saving it as tokenizer.json (a custom component cannot be saved).
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from ..core.json_document import parse_json
from ..errors import TokenizerFileError
from ..models import WordLevel
from ..pre_tokenizers.base import PreTokenizer
from ..sentencepiece.processor import SentencePieceProcessor
from ..tokenizer.tokenizer import Tokenizer
from ._languages import LanguageTemplates
from ._python_pieces import PythonPieceCalls, SentencePieces, join_around_specials
from ._python_saving import save_python_tokenizer

# transformers' FAIRSEQ_LANGUAGE_CODES of M2M100 (5.25), by its `language_codes` option
M2M100_LANGUAGES: dict[str, tuple[str, ...]] = {
    "m2m100": (
        "af", "am", "ar", "ast", "az", "ba", "be", "bg", "bn", "br", "bs", "ca", "ceb", "cs", "cy", "da", "de", "el",
        "en", "es", "et", "fa", "ff", "fi", "fr", "fy", "ga", "gd", "gl", "gu", "ha", "he", "hi", "hr", "ht", "hu",
        "hy", "id", "ig", "ilo", "is", "it", "ja", "jv", "ka", "kk", "km", "kn", "ko", "lb", "lg", "ln", "lo", "lt",
        "lv", "mg", "mk", "ml", "mn", "mr", "ms", "my", "ne", "nl", "no", "ns", "oc", "or", "pa", "pl", "ps", "pt",
        "ro", "ru", "sd", "si", "sk", "sl", "so", "sq", "sr", "ss", "su", "sv", "sw", "ta", "th", "tl", "tn", "tr",
        "uk", "ur", "uz", "vi", "wo", "xh", "yi", "yo", "zh", "zu",
    ),
    "wmt21": ("en", "ha", "is", "ja", "cs", "ru", "zh", "de"),
}
M2M100_FILES = ("vocab.json", "sentencepiece.bpe.model")
# the init kwargs transformers saves at their current value (attributes of the class)
# (config key -> attribute; `language_codes` is the name of the table, `language_codes_name` here)
M2M100_ATTRIBUTES = {"src_lang": "src_lang", "tgt_lang": "tgt_lang", "language_codes": "language_codes_name",
                     "num_madeup_words": "num_madeup_words", "sp_model_kwargs": "sp_model_kwargs"}
M2M100_SPECIAL_TOKENS = {
    "bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>",
}


def read_m2m100_files(folder: str) -> tuple[dict[str, int], SentencePieceProcessor]:
    """vocab.json (token -> id) and the sentencepiece model of an M2M100 folder."""
    paths = [os.path.join(folder, name) for name in M2M100_FILES]
    missing = [name for name, path in zip(M2M100_FILES, paths) if not os.path.isfile(path)]
    if missing:
        raise TokenizerFileError(f"{folder}: M2M100Tokenizer needs {' and '.join(M2M100_FILES)}; missing {missing}")
    return read_vocab_json(paths[0]), SentencePieceProcessor(model_file=paths[1])


def read_vocab_json(path: str) -> dict[str, int]:
    """A vocab.json of token -> integer id."""
    with open(path, encoding="utf-8") as handle:
        vocab = parse_json(handle.read(), path)
    if not isinstance(vocab, dict) or not all(isinstance(v, int) and not isinstance(v, bool) for v in vocab.values()):
        raise TokenizerFileError(f"{path}: {os.path.basename(path)} must be an object of token -> integer id")
    return vocab


def m2m100_backend(vocab: dict[str, int], processor: SentencePieceProcessor, unk_token: str) -> Tokenizer:
    """The Tokenizer giving M2M100Tokenizer's ids: sentencepiece pieces, then vocab.json (or unk)."""
    if unk_token not in vocab:
        # transformers looks pieces up with `encoder[unk_token]`: a KeyError on the first absent one
        raise KeyError(f"M2M100Tokenizer: the unk token {unk_token!r} is not in vocab.json")
    tokenizer = Tokenizer(WordLevel(vocab, unk_token=unk_token))
    tokenizer.pre_tokenizer = PreTokenizer.custom(SentencePieces(processor))
    return tokenizer


class M2M100Languages(PythonPieceCalls, LanguageTemplates):
    """Mixin of M2M100Tokenizer: its language tables, `src_lang A </s>` templates, the language
    ids outside the vocabulary, and decoding through the sentencepiece model."""

    default_src_lang = "en"
    if TYPE_CHECKING:  # defined by PreTrainedTokenizer, which comes after this mixin
        vocab_size: int
        added_tokens_encoder: dict[str, int]
        added_tokens_decoder: dict[int, Any]
        all_special_tokens: list[str]
        unk_token: Any

    def _pair_type_ids(self, first: int, total: int) -> list[int] | None:
        """transformers' default for a Python tokenizer ("bert_style", special tokens counted): 0
        for as many tokens as the first text has with a single text's special tokens, 1 after."""
        return [0] * first + [1] * (total - first)

    def _fairseq_tables(self) -> None:
        self.language_codes_name = str(self.init_options.get("language_codes", "m2m100"))
        self.sp_model_kwargs = dict(self.init_options.get("sp_model_kwargs") or {})
        if self.language_codes_name not in M2M100_LANGUAGES:
            raise KeyError(self.language_codes_name)
        codes = M2M100_LANGUAGES[self.language_codes_name]
        self.num_madeup_words = int(self.init_options.get("num_madeup_words", 8))
        self.encoder_size = self.vocab_size
        self.lang_code_to_token = {code: f"__{code}__" for code in codes}
        self.lang_token_to_id = {f"__{code}__": self.encoder_size + i for i, code in enumerate(codes)}
        self.lang_code_to_id = {code: self.encoder_size + i for i, code in enumerate(codes)}
        self.id_to_lang_token = {id_: token for token, id_ in self.lang_token_to_id.items()}

    def get_lang_token(self, lang: str) -> str:
        """`__lang__` (a KeyError for a code the tokenizer's `language_codes` lack)."""
        return self.lang_code_to_token[lang]

    def get_lang_id(self, lang: str) -> int:
        """The id of `lang`'s token (after vocab.json's ids)."""
        return self.lang_token_to_id[self.get_lang_token(lang)]

    @property
    def cur_lang_id(self) -> int | None:
        """The id of the language whose template is in use."""
        return self._cur_lang_code

    def _language_id(self, lang: str) -> int | None:
        return self.get_lang_id(lang)

    def _template_ids(self, lang: str) -> tuple[list[str], list[int], list[str], list[int]]:
        return [self.get_lang_token(lang)], [self.get_lang_id(lang)], [str(self.eos_token)], [self.eos_token_id]

    def _target_backend(self) -> Tokenizer:
        if self.tgt_lang is None:  # transformers: get_lang_token(None)
            raise KeyError(None)
        return super()._target_backend()

    # -- ids and tokens: language tokens outside the vocabulary ----------------------------------

    def _token_id(self, token: str) -> int | None:
        found = self.added_tokens_encoder.get(token)
        if found is not None:
            return found
        if token in self.lang_token_to_id:
            return self.lang_token_to_id[token]
        found = self._tokenizer.token_to_id(token)
        return found if found is not None else self._tokenizer.token_to_id(str(self.unk_token))

    def _id_token(self, id_: int) -> str:
        token = self._tokenizer.id_to_token(id_)
        if token is not None and (id_ < self.encoder_size or id_ in self.added_tokens_decoder):
            return token
        return self.id_to_lang_token.get(id_, token if token is not None else str(self.unk_token))

    def own_init_kwargs(self, kwargs: dict[str, Any], *, is_local: bool) -> dict[str, Any]:
        """The init kwargs transformers' M2M100Tokenizer keeps from the config and call (`kwargs`):
        its own arguments with their defaults, the other keys, then the loading switches."""
        kwargs = dict(kwargs)
        if "additional_special_tokens" in kwargs and not kwargs.get("extra_special_tokens"):  # from_pretrained's renaming
            kwargs["extra_special_tokens"] = kwargs.pop("additional_special_tokens")
        own: dict[str, Any] = {"src_lang": kwargs.get("src_lang"), "tgt_lang": kwargs.get("tgt_lang")}
        own.update({key: kwargs.get(key, default) for key, default in M2M100_SPECIAL_TOKENS.items()})
        own.update(language_codes=kwargs.get("language_codes", "m2m100"), sp_model_kwargs=kwargs.get("sp_model_kwargs") or {})
        # the class passes its `additional_special_tokens` on, renamed extra_special_tokens if there are none
        listed = "extra_special_tokens" if "extra_special_tokens" not in kwargs else "additional_special_tokens"
        own[listed] = kwargs.get("additional_special_tokens") or []
        own["num_madeup_words"] = kwargs.get("num_madeup_words", 8)
        skipped = {*own, "added_tokens_decoder", "additional_special_tokens"}
        rest = {key: value for key, value in kwargs.items() if key not in skipped}
        return {**own, **rest, "is_local": is_local, "local_files_only": False, "backend": "custom"}

    # -- saving ---------------------------------------------------------------------------------

    def save_pretrained(
        self, save_directory: str | os.PathLike, filename_prefix: str | None = None, *, save_jinja_files: bool = True
    ) -> tuple[str, ...]:
        """Write tokenizer_config.json, added_tokens.json (tokens past the vocabulary), vocab.json
        and sentencepiece.bpe.model, as transformers' M2M100Tokenizer does; return the paths."""
        vocab = self._tokenizer.model.get_vocab()
        files = {
            M2M100_FILES[0]: json.dumps(dict(sorted(vocab.items(), key=lambda item: item[1])), indent=2).encode("utf-8"),
            M2M100_FILES[1]: self.sp_model.serialized_model_proto(),
        }
        return save_python_tokenizer(
            self, save_directory, filename_prefix, files, M2M100_ATTRIBUTES, save_jinja_files=save_jinja_files  # type: ignore[arg-type]
        )

    # -- decoding -------------------------------------------------------------------------------

    def convert_tokens_to_string(self, tokens: list[str]) -> str:
        """Pieces decoded by the sentencepiece model, special tokens kept as they are, stripped."""
        return join_around_specials(tokens, set(self.all_special_tokens), self.sp_model.DecodePieces).strip()
