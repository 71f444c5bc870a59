"""The pipeline transformers 5's `SpmConverter.build_tokenizer_from_spm_proto` makes of a `.model`.

It follows the model's own settings: the normalizer spec (extra whitespace removal, escaping,
dummy prefix), BPE merges ranked by piece score or Unigram with the raw scores, user-defined
pieces isolated. Unlike subword's `Tokenizer.from_sentencepiece`, the dummy prefix is a Metaspace
pre-tokenizer (legacy: before every piece of text between added tokens). `_spm_recipes` (a bare
`.model`) and `_more_spm_families` (FNet) build it.
"""

from __future__ import annotations

import re
from typing import Any

from .. import decoders, normalizers, pre_tokenizers
from ..models import BPE, Unigram
from ..sentencepiece._proto import BPE as BPE_TYPE
from ..sentencepiece._proto import NORMAL, USER_DEFINED, ModelProto
from ..text.oniguruma import Regex
from ..tokenizer.tokenizer import Tokenizer


def spm_proto_pipeline(proto: ModelProto, legacy: bool, unigram: bool = False) -> Tokenizer:
    """`build_tokenizer_from_spm_proto` of `proto`; `unigram`: a Unigram model whatever the
    `.model`'s type (a class whose `model` is Unigram, as FNet's, gets a list vocabulary)."""
    trainer, spec = proto.trainer_spec, proto.normalizer_spec
    user_defined = [piece.piece for piece in proto.pieces if piece.type == USER_DEFINED]
    tokenizer = Tokenizer(_model(proto, bool(user_defined), unigram))

    steps: list[Any] = []
    if spec.precompiled_charsmap:
        steps.append(normalizers.Precompiled(spec.precompiled_charsmap))
    if spec.remove_extra_whitespaces:  # only spaces: sentencepiece leaves newlines alone
        steps += [normalizers.Replace(Regex(r"\A +| +\z"), ""), normalizers.Replace(Regex(" {2,}"), " ")]
    if spec.escape_whitespaces:
        steps.append(normalizers.Replace(" ", "▁"))
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


def _model(proto: ModelProto, ignore_merges: bool, unigram: bool = False) -> BPE | Unigram:
    """BPE with merges ranked by the merged piece's score (normal pieces only), or Unigram with the raw scores.

    pieces a, b, ab (-1.0), ba (-2.0) -> merges [(a, b), (b, a)].
    """
    trainer = proto.trainer_spec
    if unigram or trainer.model_type != BPE_TYPE:
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
