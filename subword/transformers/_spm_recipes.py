"""The pipeline transformers 5 builds from a bare sentencepiece `.model` (no tokenizer class).

A folder with only `tokenizer.model` (or a config naming `TokenizersBackend`) loads in transformers
through `SpmConverter.build_tokenizer_from_spm_proto`, which follows the model's own settings but
differs from subword's `Tokenizer.from_sentencepiece` in where the dummy prefix goes: a Metaspace
pre-tokenizer (legacy by default: before every piece of text between added tokens), so an added
token keeps the "▁" of the space before it. The special tokens come from the trainer spec
(bos/eos/unk when their id is set) and the control pieces are extra special tokens.
"""

from __future__ import annotations

import re
from typing import Any

from .. import decoders, normalizers, pre_tokenizers
from ..models import BPE, Unigram
from ..sentencepiece._proto import BPE as BPE_TYPE
from ..sentencepiece._proto import CONTROL, NORMAL, USER_DEFINED, ModelProto
from ..text.oniguruma import Regex
from ..tokenizer.tokenizer import Tokenizer
from ._builders import Recipe


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
    """A `.model`'s pipeline as `build_tokenizer_from_spm_proto` makes it (see the module docstring)."""
    proto: ModelProto = options["_spm_proto"]
    trainer, spec = proto.trainer_spec, proto.normalizer_spec
    user_defined = [piece.piece for piece in proto.pieces if piece.type == USER_DEFINED]
    tokenizer = Tokenizer(_model(proto, bool(user_defined)))

    steps: list[Any] = []
    if spec.precompiled_charsmap:
        steps.append(normalizers.Precompiled(spec.precompiled_charsmap))
    if spec.remove_extra_whitespaces:  # only spaces: sentencepiece leaves newlines alone
        steps += [normalizers.Replace(Regex(r"\A +| +\z"), ""), normalizers.Replace(Regex(" {2,}"), " ")]
    if spec.escape_whitespaces:
        steps.append(normalizers.Replace(" ", "▁"))
    legacy = options["legacy"] is not False
    if spec.add_dummy_prefix and legacy:
        # Metaspace adds no prefix to a text that starts with "▁"; sentencepiece adds one anyway
        steps.append(normalizers.Replace(Regex(r"\A▁"), "▁▁"))
    tokenizer.normalizer = normalizers.Sequence(steps)

    splits: list[Any] = []
    if spec.add_dummy_prefix:
        splits.append(pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always" if legacy else "first", split=False))
    if user_defined:
        pattern = "|".join(re.escape(piece) for piece in sorted(user_defined, key=len, reverse=True))
        splits.append(pre_tokenizers.Split(Regex(pattern), behavior="isolated"))
    if splits:
        tokenizer.pre_tokenizer = pre_tokenizers.Sequence(splits)

    steps = [decoders.Replace("▁", " ")]
    if trainer.byte_fallback:
        steps.append(decoders.ByteFallback())
    if spec.add_dummy_prefix:
        steps += [decoders.Fuse(), decoders.Strip(content=" ", left=1)]
    elif trainer.byte_fallback:
        steps.append(decoders.Fuse())
    tokenizer.decoder = decoders.Sequence(steps)
    return tokenizer


def _model(proto: ModelProto, ignore_merges: bool) -> BPE | Unigram:
    """BPE with merges ranked by the merged piece's score (normal pieces only), or Unigram with the raw scores.

    pieces a, b, ab (-1.0), ba (-2.0) -> merges [(a, b), (b, a)].
    """
    trainer = proto.trainer_spec
    if trainer.model_type != BPE_TYPE:
        vocab = [(piece.piece, piece.score) for piece in proto.pieces]
        return Unigram(vocab, unk_id=trainer.unk_id, byte_fallback=trainer.byte_fallback)
    ids = {piece.piece: id_ for id_, piece in enumerate(proto.pieces)}
    normal = {piece.piece: (piece.score, id_) for id_, piece in enumerate(proto.pieces) if piece.type == NORMAL}
    ranked = []
    for token, (score, id_) in normal.items():
        for cut in range(1, len(token)):
            left, right = token[:cut], token[cut:]
            if left in normal and right in normal:
                ranked.append((-score, id_, left, right))
    merges = [(left, right) for _, _, left, right in sorted(ranked)]
    return BPE(
        ids, merges, unk_token=trainer.unk_piece, fuse_unk=True, byte_fallback=trainer.byte_fallback,
        ignore_merges=ignore_merges,
    )
