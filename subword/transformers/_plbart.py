"""PLBart: transformers 5's PLBartTokenizer, a SentencePieceBackend class with fairseq ids and
language codes (sentencepiece.bpe.model).

Ids as fairseq's: <s> <pad> </s> <unk> are 0-3, a piece has its sentencepiece id + 1 (the model's
id 0: the unknown token), the language codes (`base`: __java__ __python__ __en_XX__; `multi`: four
more) follow the pieces, then <mask> (`base` only). `A </s> src_lang` (no code when `src_lang` is
None, `base`'s default; `multi`'s is __en_XX__); labels of `text_target` end with `tgt_lang`.
"python" names "__python__" (`FAIRSEQ_LANGUAGE_CODES_MAP`). The codes are the extra special
tokens unless the config names others.

transformers adds the special tokens at init as any SentencePieceBackend (`_spm_own_ids`: a
token the model has keeps its raw sentencepiece id, the others get ids after the vocabulary it
sees then), then drops the reserved ones (the four, <mask>, the codes) from its added tokens, and
these keep their fairseq ids; so an extra token can share an id with a code, as there. Here the
reserved special tokens stay in the backend's added vocabulary (the text is cut at them, as
transformers' trie does) but are hidden from `added_tokens_decoder`; one sharing another's id
(`multi`'s <mask> is the unknown id) is kept whole by the cutter instead (not under
`split_special_tokens`, where transformers cuts out no token at all). Decoding always applies the tokenizer's
`clean_up_tokenization_spaces`, as transformers' `decode` does whatever it is passed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.added_vocabulary import AddedToken
from ..sentencepiece.processor import SentencePieceProcessor
from ..tokenizer.tokenizer import Tokenizer
from ._languages import FAIRSEQ_FIRST, LanguageTemplates
from ._spm_backend import SpmBackendFamily, given_extra_tokens, with_class_tokens
from ._spm_own_ids import special_token_list, OwnIdTables, init_added_tokens, own_id_backend

# transformers' FAIRSEQ_LANGUAGE_CODES and FAIRSEQ_LANGUAGE_CODES_MAP of PLBart (5.25)
PLBART_LANGUAGES: dict[str, tuple[str, ...]] = {
    "base": ("__java__", "__python__", "__en_XX__"),
    "multi": ("__java__", "__python__", "__en_XX__", "__javascript__", "__php__", "__ruby__", "__go__"),
}
PLBART_CODE_NAMES = {code.strip("_"): code for code in PLBART_LANGUAGES["multi"]}
_RESERVED = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")


def plbart_code(lang: str | None) -> str | None:
    """The code a language name stands for: "python" -> "__python__"; others as they are."""
    return PLBART_CODE_NAMES.get(lang, lang) if lang is not None else None


def _codes(config: dict) -> tuple[str, ...]:
    return PLBART_LANGUAGES[str(config.get("language_codes", "base"))]


def plbart_table(processor: SentencePieceProcessor, codes: tuple[str, ...]) -> dict[str, int]:
    """transformers' `fairseq_tokens_to_ids`: the four, <mask> (`base`) and the codes after the pieces."""
    size = processor.GetPieceSize()
    table = dict(FAIRSEQ_FIRST)
    if codes == PLBART_LANGUAGES["base"]:
        table["<mask>"] = size + len(codes) + 1
    table.update({code: size + i + 1 for i, code in enumerate(codes)})
    return table


def plbart_vocab(processor: SentencePieceProcessor, table: dict[str, int], unk_id: int) -> dict[str, int]:
    """transformers' `get_vocab` without the added tokens: the table, then each piece's id + 1."""
    vocab = dict(table)
    for id_ in range(processor.GetPieceSize()):
        vocab.setdefault(str(processor.IdToPiece(id_)), id_ + 1 if id_ else unk_id)
    return vocab


def plbart_added_tokens(
    processor: SentencePieceProcessor, config: dict, special_tokens: list[str], codes: tuple[str, ...]
) -> dict[int, AddedToken]:
    """The added tokens transformers' class ends its init with (see the module docstring)."""
    pieces = {str(processor.IdToPiece(id_)) for id_ in range(processor.GetPieceSize())}
    decoder, encoder = init_added_tokens(processor, config, special_tokens, set(FAIRSEQ_FIRST) | pieces)
    for content in (*_RESERVED, *codes):
        if content in encoder:
            decoder.pop(encoder.pop(content), None)
    for content, id_ in encoder.items():  # transformers' "synced" step: an id lost with a reserved token
        decoder.setdefault(id_, AddedToken(content, normalized=False, special=True))
    return decoder


def plbart_backend(
    processor: SentencePieceProcessor, files: dict[str, bytes], config: dict, specials: dict[str, str], extras: list[str]
) -> Tokenizer:
    """PLBart's backend: the pieces by fairseq ids, the added tokens at transformers' ids, and the
    reserved special tokens cut from the text at their own ids."""
    codes = _codes(config)
    table = plbart_table(processor, codes)
    all_special = special_token_list(specials, extras)
    added = plbart_added_tokens(processor, config, all_special, codes)
    encoder = {token.content: id_ for id_, token in added.items()}
    unk = specials.get("unk_token", "<unk>")
    unk_id = encoder.get(unk, table.get(unk, FAIRSEQ_FIRST["<unk>"]))
    vocab = {**plbart_vocab(processor, table, unk_id), **encoder}

    def id_of(token: str) -> int:
        piece_id = int(processor.PieceToId(token))  # type: ignore[arg-type]
        return encoder.get(token, table.get(token, piece_id + 1 if piece_id else unk_id))

    hidden = {token: id_of(token) for token in all_special if token not in encoder}
    return own_id_backend(processor, vocab, unk if unk in vocab else "<unk>", added, hidden)


def _prepare(config: dict) -> dict:
    """PLBart reads its codes as the extra special tokens when the config names none; it cleans up
    decoded text unless told not to."""
    config = {"clean_up_tokenization_spaces": True, **config}
    if not (config.get("extra_special_tokens") or config.get("additional_special_tokens")):
        config["extra_special_tokens"] = list(_codes(config))
    return config


def _plbart_tokens(config: dict, name: str) -> dict[str, str]:
    defaults = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>", "cls_token": "<s>",
                "pad_token": "<pad>", "mask_token": "<mask>"}
    return {key: config.get(key, default) for key, default in defaults.items()}


PLBART = SpmBackendFamily(
    "PLBartTokenizer", "sentencepiece.bpe.model", _plbart_tokens,
    {"src_lang": None, "tgt_lang": None, "clean_up_tokenization_spaces": True, "language_codes": "base"},
    prepare=_prepare, backend=plbart_backend, adds_tokens=True,
)


class PLBartLanguages(OwnIdTables, LanguageTemplates):
    """Mixin of PLBartTokenizer: fairseq ids, language codes, `A </s> src_lang` templates."""

    if TYPE_CHECKING:
        all_special_tokens: list[str]
        unk_token_id: int

    def _fairseq_tables(self) -> None:
        # the reserved tokens the backend holds from the start, hidden as transformers drops them
        reserved = {*_RESERVED, *PLBART_LANGUAGES[str(self.init_options.get("language_codes", "base"))]}
        self._hidden = {id_: token for id_, token in self._tokenizer.get_added_tokens_decoder().items() if token.content in reserved}
        self.language_codes = str(self.init_options.get("language_codes", "base"))  # type: ignore[assignment]
        codes = PLBART_LANGUAGES[str(self.language_codes)]
        self.fairseq_offset = 1
        self.sp_model_size = self.sp_model.GetPieceSize()
        self.lang_code_to_id = {code: self.sp_model_size + i + 1 for i, code in enumerate(codes)}
        self.id_to_lang_code = {id_: code for code, id_ in self.lang_code_to_id.items()}
        self.fairseq_tokens_to_ids = plbart_table(self.sp_model, codes)
        self.fairseq_ids_to_tokens = {id_: token for token, id_ in self.fairseq_tokens_to_ids.items()}
        src_lang = plbart_code(self.init_options.get("src_lang"))
        if src_lang is None and self.language_codes != "base":
            src_lang = "__en_XX__"
        self._src_lang = src_lang  # type: ignore[assignment]
        self.cur_lang_code_id = self.lang_code_to_id[src_lang] if src_lang is not None else None
        self.tgt_lang = plbart_code(self.init_options.get("tgt_lang"))

    @property  # type: ignore[override]
    def src_lang(self) -> str | None:
        """The source language code; setting it ("python" or "__python__") rebuilds the template."""
        return self._src_lang

    @src_lang.setter
    def src_lang(self, new_src_lang: str | None) -> None:
        self._src_lang = plbart_code(new_src_lang)  # type: ignore[assignment]
        self.set_src_lang_special_tokens(self._src_lang)

    def _template_ids(self, lang: str | None) -> tuple[list[str], list[int], list[str], list[int]]:  # type: ignore[override]
        code = plbart_code(lang)
        if code is None:
            return [], [], [str(self.eos_token)], [self.eos_token_id]
        return [], [], [str(self.eos_token), code], [self.eos_token_id, self.lang_code_to_id[code]]

    def _language_id(self, lang: str | None) -> int | None:  # type: ignore[override]
        code = plbart_code(lang)
        return self.lang_code_to_id[code] if code is not None else None

    def _input_backend(self) -> Tokenizer:
        self._switch_to_input_mode()  # as transformers at each call: the template of the current ids
        return self._tokenizer

    def _switch_to_target_mode(self) -> None:
        self.set_tgt_lang_special_tokens(self.tgt_lang)  # type: ignore[arg-type]

    def _target_backend(self) -> Tokenizer:
        return self._tokenizer.with_post_processor(self._template_for(self.tgt_lang)[0])  # type: ignore[arg-type]

    # -- ids and tokens -------------------------------------------------------------------------

    @property
    def added_tokens_decoder(self) -> dict[int, AddedToken]:  # type: ignore[override]
        """The added tokens by id, without the reserved ones of the start (see the module docstring)."""
        added = self._tokenizer.get_added_tokens_decoder().items()
        return {id_: token for id_, token in added if self._hidden.get(id_) is not token}

    def _token_id(self, token: str) -> int | None:
        found = self._added_ids.get(token, self.fairseq_tokens_to_ids.get(token))
        if found is not None:
            return found
        piece_id = int(self.sp_model.PieceToId(token))  # type: ignore[arg-type]
        return piece_id + self.fairseq_offset if piece_id else self.unk_token_id

    def _id_token(self, id_: int) -> str:
        added = self.added_tokens_decoder.get(id_)
        if added is not None:
            return str(added)
        if id_ in self.fairseq_ids_to_tokens:
            return self.fairseq_ids_to_tokens[id_]
        return str(self.sp_model.IdToPiece(id_ - self.fairseq_offset))

    @property  # type: ignore[override]
    def vocab_size(self) -> int:
        """The pieces, the codes, one more (fairseq's offset) and <mask> (`base`)."""
        return self.sp_model_size + len(self.lang_code_to_id) + self.fairseq_offset + (self.language_codes == "base")

    def get_vocab(self) -> dict[str, int]:
        """The fairseq table, the pieces by id + 1, then the added tokens."""
        vocab = plbart_vocab(self.sp_model, self.fairseq_tokens_to_ids, self.unk_token_id)
        vocab.update({token: id_ for token, id_ in self._added_ids.items() if token not in vocab})
        return vocab

    def __len__(self) -> int:
        return len(self.get_vocab())

    def _decode_rows(self, rows: list[list[int]], skip_special_tokens: bool, clean_up: bool | None) -> list[str]:
        return super()._decode_rows(rows, skip_special_tokens, None)  # transformers' decode ignores the argument

    def own_init_kwargs(self, kwargs: dict[str, Any], *, is_local: bool) -> dict[str, Any]:
        """The init kwargs as transformers' class keeps them: the codes, then the config's own
        additional tokens, as `additional_special_tokens` (or as the extra ones when there are none)."""
        given = given_extra_tokens(kwargs) or []
        made = super().own_init_kwargs(kwargs, is_local=is_local)
        codes = list(_codes(made))
        made.update(src_lang=plbart_code(made.get("src_lang")), tgt_lang=plbart_code(made.get("tgt_lang")))
        return with_class_tokens(made, codes + [token for token in given if token not in codes])
