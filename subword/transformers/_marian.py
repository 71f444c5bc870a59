"""Marian: transformers 5's sentencepiece-package tokenizer (source.spm, target.spm, vocab.json).

transformers' MarianTokenizer is a pure-Python tokenizer, as M2M100's (see `_m2m100`): each part
of the text between added tokens loses a leading `>>xx<<` language code (kept as one token), the
rest becomes the pieces of source.spm, and every token is looked up in vocab.json (absent: the
unknown token's id). The template is `A </s>` (pairs `A B </s>`). `text_target=` encodes with
target.spm, looked up in target_vocab.json when `separate_vocabs`. Decoding maps ids through the
vocabulary (ids it lacks: the sentencepiece piece of that id), then joins the pieces with the
source model (`separate_vocabs`: the target one; `use_source_tokenizer=` chooses), special tokens
followed by a space, "▁" read as a space.

Not here: offsets (ignored, as transformers' Python tokenizers ignore them); the `sacremoses`
punctuation normalizer, which transformers' `_tokenize` never calls.
"""

from __future__ import annotations

import json
import os
from typing import Any


from ..core.normalized_string import NormalizedString
from ..errors import TokenizerFileError
from ..models import WordLevel
from ..pre_tokenizers.base import PreTokenizer
from ..processors import TemplateProcessing
from ..sentencepiece.processor import SentencePieceProcessor
from ..tokenizer.tokenizer import Tokenizer
from ._inputs import to_python
from ._m2m100 import M2M100Languages, SentencePieces, read_vocab_json
from ._python_pieces import join_around_specials
from ._python_saving import save_python_tokenizer

MARIAN_FILES = ("source.spm", "target.spm", "vocab.json")
MARIAN_TARGET_VOCAB = "target_vocab.json"
MARIAN_SPECIAL_TOKENS = {"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}
# the init kwargs transformers saves at their current value (config key -> attribute)
MARIAN_ATTRIBUTES = {"source_lang": "source_lang", "target_lang": "target_lang", "separate_vocabs": "separate_vocabs",
                     "sp_model_kwargs": "sp_model_kwargs"}


class MarianPieces(SentencePieces):
    """Each part: its leading `>>xx<<` code as one token, then the sentencepiece pieces of the rest.

    >>> MarianPieces.split_code(">>fra<< Hello"), MarianPieces.split_code("Hi >>fra<<")
    ((['>>fra<<'], ' Hello'), ([], 'Hi >>fra<<'))
    """

    @staticmethod
    def split_code(text: str) -> tuple[list[str], str]:
        """transformers' `remove_language_code`: the code at the start of `text`, and the rest."""
        end = text.find("<<") if text.startswith(">>") else -1
        return ([text[: end + 2]], text[end + 2:]) if end != -1 else ([], text)

    def tokens(self, text: str) -> list[str]:
        """The code and pieces of one part of a text."""
        code, rest = self.split_code(text)
        return code + self.processor.EncodeAsPieces(rest)


def read_marian_files(folder: str, separate_vocabs: bool) -> tuple[dict[str, int], dict[str, int] | None, SentencePieceProcessor, SentencePieceProcessor]:
    """vocab.json, target_vocab.json (with `separate_vocabs`), source.spm and target.spm of a folder."""
    names = MARIAN_FILES + ((MARIAN_TARGET_VOCAB,) if separate_vocabs else ())
    missing = [name for name in names if not os.path.isfile(os.path.join(folder, name))]
    if missing:
        raise TokenizerFileError(f"{folder}: MarianTokenizer needs {', '.join(names)}; missing {missing}")
    source, target = (SentencePieceProcessor(model_file=os.path.join(folder, name)) for name in MARIAN_FILES[:2])
    vocab = read_vocab_json(os.path.join(folder, MARIAN_FILES[2]))
    target_vocab = read_vocab_json(os.path.join(folder, MARIAN_TARGET_VOCAB)) if separate_vocabs else None
    return vocab, target_vocab, source, target


def marian_backend(vocab: dict[str, int], processor: SentencePieceProcessor, unk_token: str, eos_token: str) -> Tokenizer:
    """The Tokenizer giving MarianTokenizer's ids: code and pieces, vocab.json (or unk), `A </s>`."""
    if unk_token not in vocab:
        raise KeyError("<unk> token must be in the vocab")  # transformers' message
    tokenizer = Tokenizer(WordLevel(vocab, unk_token=unk_token))
    tokenizer.pre_tokenizer = PreTokenizer.custom(MarianPieces(processor))
    eos_id = vocab.get(eos_token, vocab[unk_token])
    tokenizer.post_processor = TemplateProcessing(single=f"$A {eos_token}", pair=f"$A $B {eos_token}", special_tokens=[(eos_token, eos_id)])
    return tokenizer


class MarianTables(M2M100Languages):
    """Mixin of MarianTokenizer: its target model and vocabulary, ids outside the vocabulary
    and decoding through either sentencepiece model (the M2M100 mixin's calls and saving)."""

    default_src_lang = ""

    def __init__(self, *args: Any, target: tuple[SentencePieceProcessor, dict[str, int] | None] | None = None, **kwargs: Any) -> None:
        if target is None:
            raise TypeError("MarianTokenizer needs target=(target.spm processor, target vocab or None)")
        self.spm_target, self.target_encoder = target
        super().__init__(*args, **kwargs)

    def _fairseq_tables(self) -> None:
        self.source_lang = self.init_options.get("source_lang")
        self.target_lang = self.init_options.get("target_lang")
        self.separate_vocabs = bool(self.init_options.get("separate_vocabs", False))
        self.sp_model_kwargs = dict(self.init_options.get("sp_model_kwargs") or {})
        self.encoder_size = self.vocab_size
        self._decode_use_source_tokenizer = False
        vocab = self._tokenizer.model.get_vocab()
        self.encoder = vocab
        self.decoder = {id_: token for token, id_ in (self.target_encoder if self.separate_vocabs and self.target_encoder else vocab).items()}
        codes = [] if self.separate_vocabs else [token for token in vocab if token.startswith(">>") and token.endswith("<<")]
        self.supported_language_codes = codes

    @property
    def spm_source(self) -> SentencePieceProcessor:
        """The source sentencepiece model (source.spm)."""
        return self.sp_model

    def _set_template(self, lang: str, target: bool) -> None:
        self._cur_lang_code = None  # one template, whatever the language

    def _target_backend(self) -> Tokenizer:
        made = self._tokenizer.with_post_processor(self._tokenizer.post_processor)
        made.pre_tokenizer = PreTokenizer.custom(MarianPieces(self.spm_target))
        if self.separate_vocabs and self.target_encoder is not None:
            made.model = WordLevel(self.target_encoder, unk_token=str(self.unk_token))
        return made

    def _input_backend(self) -> Tokenizer:
        return self._tokenizer

    def get_src_vocab(self) -> dict[str, int]:
        """vocab.json and the added tokens."""
        return dict(self.encoder, **self.added_tokens_encoder)

    def get_tgt_vocab(self) -> dict[Any, Any]:
        """The target vocabulary and the added tokens (by id, as transformers' `added_tokens_decoder`)."""
        return {**(self.target_encoder or {}), **self.added_tokens_decoder}

    def num_special_tokens_to_add(self, pair: bool = False) -> int:
        """Just the eos token."""
        return 1

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """transformers' `__call__`; with special tokens added, `special_tokens_mask` marks every
        special id but the unknown token's, those of the text too, as transformers' Marian does."""
        result = super().__call__(*args, **kwargs)
        if kwargs.get("return_special_tokens_mask") and kwargs.get("add_special_tokens", True) and "special_tokens_mask" in result:
            special = set(self.all_special_ids) - {self._token_id(str(self.unk_token))}
            rows = to_python(result["input_ids"])
            mask = [int(id_ in special) for id_ in rows] if rows and isinstance(rows[0], int) else [[int(i in special) for i in row] for row in rows]
            value = result["special_tokens_mask"]
            if isinstance(value, list):
                result["special_tokens_mask"] = mask
            elif type(value).__module__ == "numpy":
                import numpy as np  # loaded already (the value is an array); the layer imports it only when asked

                result["special_tokens_mask"] = np.asarray(mask, dtype=value.dtype)
        return result

    # -- ids and tokens -------------------------------------------------------------------------

    def _token_id(self, token: str) -> int | None:
        found = self.added_tokens_encoder.get(token)
        if found is not None:
            return found
        return self.encoder.get(token, self.encoder.get(str(self.unk_token)))

    def _id_token(self, id_: int) -> str:
        added = self.added_tokens_decoder.get(id_)
        if added is not None:
            return str(added)
        if id_ in self.decoder:
            return self.decoder[id_]
        model = self.sp_model if self._decode_use_source_tokenizer else self.spm_target
        piece = model.IdToPiece(id_)
        return str(piece) if piece else str(self.unk_token)

    # -- decoding -------------------------------------------------------------------------------

    def convert_tokens_to_string(self, tokens: list[str]) -> str:
        """Pieces decoded by the source or target model (see the module docstring), stripped."""
        model = self.sp_model if self._decode_use_source_tokenizer else self.spm_target
        text = join_around_specials(tokens, set(self.all_special_tokens), model.DecodePieces, after=" ")
        return text.replace("▁", " ").strip()

    def decode(self, token_ids: Any, skip_special_tokens: bool = False, **kwargs: Any) -> Any:
        """The text of ids; `use_source_tokenizer` (default: not `separate_vocabs`) picks the model.
        As in transformers, the choice stays for later `convert_tokens_to_string` calls."""
        self._decode_use_source_tokenizer = bool(kwargs.pop("use_source_tokenizer", not self.separate_vocabs))
        return super().decode(token_ids, skip_special_tokens, **kwargs)  # type: ignore[misc]

    def batch_decode(self, sequences: Any, skip_special_tokens: bool = False, clean_up_tokenization_spaces: bool | None = None, **kwargs: Any) -> list[str]:
        """`decode` of each row."""
        return [self.decode(row, skip_special_tokens, clean_up_tokenization_spaces=clean_up_tokenization_spaces, **kwargs)
                for row in to_python(sequences)]

    # -- saving ---------------------------------------------------------------------------------

    def save_pretrained(
        self, save_directory: str | os.PathLike, filename_prefix: str | None = None, *, save_jinja_files: bool = True
    ) -> tuple[str, ...]:
        """Write tokenizer_config.json, added_tokens.json (tokens past the vocabulary), vocab.json
        (and target_vocab.json), source.spm and target.spm, as transformers' MarianTokenizer does."""
        files = {MARIAN_FILES[2]: _vocab_json(self.encoder)}
        if self.separate_vocabs:
            files[MARIAN_TARGET_VOCAB] = _vocab_json(self.target_encoder or {})
        files[MARIAN_FILES[0]] = self.sp_model.serialized_model_proto()
        files[MARIAN_FILES[1]] = self.spm_target.serialized_model_proto()
        return save_python_tokenizer(
            self, save_directory, filename_prefix, files, MARIAN_ATTRIBUTES, save_jinja_files=save_jinja_files  # type: ignore[arg-type]
        )

    def own_init_kwargs(self, kwargs: dict[str, Any], *, is_local: bool) -> dict[str, Any]:
        """The init kwargs transformers' MarianTokenizer keeps: its arguments, then the rest."""
        kwargs = dict(kwargs)
        if "additional_special_tokens" in kwargs and not kwargs.get("extra_special_tokens"):
            kwargs["extra_special_tokens"] = kwargs.pop("additional_special_tokens")
        own: dict[str, Any] = {"source_lang": kwargs.get("source_lang"), "target_lang": kwargs.get("target_lang")}
        own.update({key: kwargs.get(key, default) for key, default in MARIAN_SPECIAL_TOKENS.items()})
        own.update(model_max_length=kwargs.get("model_max_length", 512), sp_model_kwargs=kwargs.get("sp_model_kwargs") or {},
                   separate_vocabs=kwargs.get("separate_vocabs", False))
        rest = {key: value for key, value in kwargs.items() if key not in own and key != "added_tokens_decoder"}
        return {**own, **rest, "is_local": is_local, "local_files_only": False, "backend": "custom"}


def _vocab_json(vocab: dict[str, int]) -> bytes:
    return json.dumps(dict(sorted(vocab.items(), key=lambda item: item[1])), indent=2).encode("utf-8")
