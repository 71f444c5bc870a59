"""The pipeline transformers 5 builds from a bare sentencepiece `.model` (no tokenizer class).

A folder with only `tokenizer.model` (or a config naming `TokenizersBackend`) loads in transformers
through `SpmConverter.build_tokenizer_from_spm_proto`, which follows the model's own settings but
differs from subword's `Tokenizer.from_sentencepiece` in where the dummy prefix goes: a Metaspace
pre-tokenizer (legacy by default: before every piece of text between added tokens), so an added
token keeps the "▁" of the space before it. The special tokens come from the trainer spec
(bos/eos/unk when their id is set) and the control pieces are extra special tokens.
"""

from __future__ import annotations

from ..sentencepiece._proto import CONTROL, USER_DEFINED, ModelProto
from ..tokenizer.tokenizer import Tokenizer
from ._builders import Recipe
from ._spm_pipeline import spm_proto_pipeline


def spm_backend_recipe(proto: ModelProto) -> Recipe:
    """transformers' generic TokenizersBackend of a `.model`: bos/eos/unk from the trainer spec."""
    trainer = proto.trainer_spec
    tokens: dict[str, str | None] = {}
    for name, id_, piece, default in (
        ("bos_token", trainer.bos_id, trainer.bos_piece, "<s>"),
        ("eos_token", trainer.eos_id, trainer.eos_piece, "</s>"),
        ("unk_token", trainer.unk_id, trainer.unk_piece, "<unk>"),
    ):
        if id_ >= 0:
            tokens[name] = piece or default
    return Recipe("TokenizersBackend", _build_spm_backend, tokens, {"legacy": True})


def control_pieces(proto: ModelProto, user_defined: bool = False) -> list[str]:
    """The control pieces (`<s>`, `</s>`, ...) in id order: transformers' extra special tokens of a
    `.model`; with `user_defined`, the user-defined pieces among them (as for a class of a BPE model)."""
    kinds = (CONTROL, USER_DEFINED) if user_defined else (CONTROL,)
    return [piece.piece for piece in proto.pieces if piece.type in kinds]


def user_defined_pieces(proto: ModelProto) -> list[str]:
    """The user-defined pieces in id order."""
    return [piece.piece for piece in proto.pieces if piece.type == USER_DEFINED]


def _build_spm_backend(source: Tokenizer, options: dict) -> Tokenizer:
    """A `.model`'s pipeline as `build_tokenizer_from_spm_proto` makes it (`_spm_pipeline`)."""
    return spm_proto_pipeline(options["_spm_proto"], options["legacy"] is not False)
