"""transformers 5's SentencePieceBackend classes: Python tokenizers over one sentencepiece `.model`.

transformers' `SentencePieceBackend` cuts the text at the added tokens, encodes every other part
with the sentencepiece package (`sp_model.encode(part, out_type=str)`), and takes the ids of the
pieces from the model itself (`piece_to_id`: the unknown piece's id for a piece it lacks). A
special token the model has keeps the model's id; the others get ids after the model's pieces.
Decoding joins the pieces, turns "▁" into spaces and strips the text (a class may decode its own
way). BertGenerationTokenizer adds no special tokens (`special_tokens_pattern="none"`).

Here the backend is a `Tokenizer`: `SentencePieces` (subword's SentencePieceProcessor) as a
custom pre-tokenizer and a WordLevel model of the pieces' ids; `save_pretrained` writes what
transformers writes (tokenizer_config.json, added_tokens.json, the `.model`). A `SpmBackendFamily`
names a class's file, special tokens and own options; `_gpt_sw3` adds GPT-SW3's. With
`legacy=False` the `.model` loses its dummy prefix and a part of the text that starts with a space
is encoded after the unknown token, whose pieces are dropped (`SentencePieces.after`), as
transformers does. `sp_model_kwargs` (sampling) go to the processor. Not here: offsets.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from ..errors import TokenizerFileError, type_name
from ..models import WordLevel
from ..pre_tokenizers.base import PreTokenizer
from ..processors import TemplateProcessing
from ..sentencepiece.processor import SentencePieceProcessor
from ..tokenizer.tokenizer import Tokenizer
from ._params import VERY_LARGE_INTEGER
from ._python_pieces import PythonPieceCalls, SentencePieces
from ._python_saving import save_python_tokenizer


@dataclass(frozen=True)
class SpmBackendFamily:
    """One SentencePieceBackend class: its `.model` file name, its default special tokens (from the
    config and the name or path it is loaded from), its other arguments with their defaults (kept
    in init_kwargs and saved at their current value) and the cutter of its text."""

    name: str
    vocab_file: str
    special_tokens: Callable[[dict, str], dict[str, str]]
    options: dict[str, Any] = field(default_factory=dict)
    cutter: Callable[[SentencePieceProcessor], SentencePieces] = SentencePieces
    # the config as the class reads it (PLBart: its language codes as extra special tokens when none are given)
    prepare: Callable[[dict], dict] | None = None
    # a class of its own ids: its backend from the model, its other files, the config, the special
    # and extra special tokens
    backend: Callable[[SentencePieceProcessor, dict[str, bytes], dict, dict[str, str], list[str]], Tokenizer] | None = None
    # the class's other files (BARTpho's dict.txt), kept as they are and saved again
    files: tuple[str, ...] = ()
    # the backend holds the added tokens at the class's own ids already (PLBart, BARTpho)
    adds_tokens: bool = False
    # init_kwargs' "backend": "custom" for a Python tokenizer that is no SentencePieceBackend (Speech2Text)
    backend_name: str = "sentencepiece"
    # legacy=False (read by "sentencepiece" classes) cuts a part that starts with a space after the
    # unknown token (transformers' `_tokenize`); False for a class with a `_tokenize` of its own (GPT-SW3)
    legacy_cut: bool = True
    # the class's default model_max_length (SigLIP's 64)
    model_max_length: int = VERY_LARGE_INTEGER


def read_spm_backend(folder: str, family: SpmBackendFamily, config: dict) -> tuple[SentencePieceProcessor, dict[str, bytes]]:
    """The `.model` of a folder of `family`'s class (without its dummy prefix under `legacy=False`)
    and its other files."""
    names = (family.vocab_file, *family.files)
    missing = [name for name in names if not os.path.isfile(os.path.join(folder, name))]
    if missing:
        raise TokenizerFileError(f"{folder}: {family.name} needs {' and '.join(names)}; missing {missing}")
    files = {}
    for name in family.files:
        with open(os.path.join(folder, name), "rb") as handle:
            files[name] = handle.read()
    options = config.get("sp_model_kwargs") or {}
    if not isinstance(options, dict):
        raise TokenizerFileError(f"{folder}: sp_model_kwargs must be a JSON object, got {type_name(options)}")
    processor = SentencePieceProcessor(model_file=os.path.join(folder, family.vocab_file), **options)
    legacy = family.backend_name != "sentencepiece" or config.get("legacy", True) is not False
    if not legacy and processor.model.proto.normalizer_spec.add_dummy_prefix:
        processor.OverrideNormalizerSpec(add_dummy_prefix=False)  # as transformers: the saved `.model` keeps it
    return processor, files


def spm_backend(
    processor: SentencePieceProcessor, files: dict[str, bytes], family: SpmBackendFamily, config: dict,
    specials: dict[str, str], extras: list[str],
) -> Tokenizer:
    """The Tokenizer giving the class's ids: the text's pieces, looked up in the model (or the class's `backend`)."""
    if family.backend is not None:
        return family.backend(processor, files, config, specials, extras)
    pieces = {str(processor.IdToPiece(id_)): id_ for id_ in range(processor.GetPieceSize())}
    return pieces_backend(pieces, str(processor.IdToPiece(processor.unk_id())), family.cutter(processor))


def pieces_backend(vocab: dict[str, int], unk_token: str, cutter: SentencePieces, lookup: type[WordLevel] = WordLevel) -> Tokenizer:
    """A WordLevel model (or `lookup`) of `vocab` behind `cutter`, adding no special tokens."""
    tokenizer = Tokenizer(lookup(vocab, unk_token=unk_token))
    tokenizer.pre_tokenizer = PreTokenizer.custom(cutter)
    # no special tokens; a pair's second text has type id 1 (transformers' "bert_style")
    tokenizer.post_processor = TemplateProcessing(single="$A:0", pair="$A:0 $B:1", special_tokens=[])
    return tokenizer


class SentencePieceBackendTables(PythonPieceCalls):
    """Mixin (before PreTrainedTokenizer) of a SentencePieceBackend class: ids from the `.model`,
    decoding by joining the pieces, saving as transformers' class; `family` names the class."""

    family: SpmBackendFamily
    if TYPE_CHECKING:  # defined by PreTrainedTokenizer, which comes after this mixin
        added_tokens_encoder: dict[str, int]
        added_tokens_decoder: dict[int, Any]
        init_options: dict[str, Any]

    def __init__(self, *args: Any, files: dict[str, bytes] | None = None, **kwargs: Any) -> None:
        self._files = dict(files or {})  # the class's other files, saved as they were read
        super().__init__(*args, **kwargs)
        self.sp_model_kwargs = dict(self.init_options.get("sp_model_kwargs") or {})
        self.legacy = self.init_options.get("legacy", True)
        for key, default in self.family.options.items():
            if not hasattr(self, key):  # (a class's own tables may have set it already, as PLBart's src_lang)
                setattr(self, key, self.init_options.get(key, default))

    def _token_id(self, token: str) -> int | None:
        found = self.added_tokens_encoder.get(token)
        return found if found is not None else int(self.sp_model.PieceToId(token))  # type: ignore[arg-type]

    def _id_token(self, id_: int) -> str:
        added = self.added_tokens_decoder.get(id_)
        return str(added) if added is not None else str(self.sp_model.IdToPiece(id_))

    def convert_tokens_to_string(self, tokens: list[str]) -> str:
        """The pieces joined, "▁" as spaces, stripped (special tokens as they are)."""
        return "".join(tokens).replace("▁", " ").strip()

    def save_pretrained(
        self, save_directory: str | os.PathLike, filename_prefix: str | None = None, *, save_jinja_files: bool = True
    ) -> tuple[str, ...]:
        """Write tokenizer_config.json, added_tokens.json (tokens past the vocabulary), the `.model`
        and the class's other files, as transformers' class does; return the paths."""
        files = self._vocabulary_files()
        attributes = {"sp_model_kwargs": "sp_model_kwargs", **{key: key for key in self.family.options}}
        return save_python_tokenizer(
            self, save_directory, filename_prefix, files, attributes, save_jinja_files=save_jinja_files  # type: ignore[arg-type]
        )

    def _vocabulary_files(self) -> dict[str, bytes]:
        """The files save_pretrained writes beside the config, by name, in transformers' order."""
        return {self.family.vocab_file: self.sp_model.serialized_model_proto(), **self._files}

    def own_init_kwargs(self, kwargs: dict[str, Any], *, is_local: bool) -> dict[str, Any]:
        """The init kwargs transformers' class keeps from the config and call (`kwargs`): its own
        arguments with their defaults, the other keys, then the loading switches."""
        kwargs = dict(kwargs)
        if "additional_special_tokens" in kwargs and not kwargs.get("extra_special_tokens"):  # from_pretrained's renaming
            kwargs["extra_special_tokens"] = kwargs.pop("additional_special_tokens")
        own: dict[str, Any] = {key: kwargs.get(key, default) for key, default in self.family.options.items()}
        own.update(self.family.special_tokens(kwargs, str(kwargs.get("name_or_path") or "")))
        rest = {key: value for key, value in kwargs.items() if key not in own and key != "added_tokens_decoder"}
        switches = {"is_local": is_local, "local_files_only": False, "backend": self.family.backend_name}
        return {**own, **rest, **switches, "sp_model_kwargs": kwargs.get("sp_model_kwargs") or {}}


def given_extra_tokens(kwargs: dict[str, Any]) -> list[str] | None:
    """The class's `additional_special_tokens` argument: the config's, unless from_pretrained
    renamed it `extra_special_tokens` (it does when the config has no such key)."""
    renamed = "additional_special_tokens" in kwargs and not kwargs.get("extra_special_tokens")
    return None if renamed else kwargs.get("additional_special_tokens")


def with_class_tokens(made: dict[str, Any], listed: list[str] | None) -> dict[str, Any]:
    """init_kwargs with the `additional_special_tokens` a class passes on (its own tokens and the
    given ones) as transformers keeps them: under that name beside the config's extra special
    tokens, else as the extra special tokens."""
    if "extra_special_tokens" in made and (made["extra_special_tokens"] or not listed):
        made["additional_special_tokens"] = listed
    else:
        made.pop("additional_special_tokens", None)
        made["extra_special_tokens"] = listed
    return made


def _bert_generation_tokens(config: dict, name: str) -> dict[str, str]:
    defaults = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>", "sep_token": "<::::>"}
    return {key: config.get(key, default) for key, default in defaults.items()}


BERT_GENERATION = SpmBackendFamily("BertGenerationTokenizer", "spiece.model", _bert_generation_tokens)
