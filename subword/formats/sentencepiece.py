"""Build a `Tokenizer` from a sentencepiece `.model`: the pipeline the Rust package can run too.

Every stage follows the model's own settings, as transformers' converter for sentencepiece
files does (`build_tokenizer_from_spm_proto`):

normalizer:    Precompiled(charsmap) -> drop leading spaces -> collapse space runs
               -> " " to "▁" -> drop trailing "▁" -> Prepend("▁")   (each step only if the spec asks)
pre-tokenizer: only for a BPE model with user-defined pieces: Split isolating them
model:         Unigram (the piece scores; user-defined pieces get sentencepiece's bonus score)
               or BPE (merges ranked by the merged piece's score)
decoder:       "▁" to " " -> ByteFallback -> Fuse -> Strip one leading space

Control pieces (<s>, </s>) and the unknown piece are special added tokens, with
`encode_special_tokens = True` so that their text in the input is encoded as plain text, as
sentencepiece does. Known differences from `SentencePieceProcessor.encode`: the Rust package's
`Precompiled` rewrites whole graphemes, not the longest rule; its Unigram sums scores in double,
not float precision (near-ties may break differently); a Unigram model may match a control or
unknown piece's text ("</s>", "<unk>") found in the input; unused pieces are not avoided by a
Unigram model, nor split back by a BPE one when no merge uses them.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .. import decoders, normalizers, pre_tokenizers
from ..core.added_vocabulary import AddedToken
from ..errors import ModelFileError
from ..models import BPE, Unigram
from ..text.oniguruma import Regex
from ..sentencepiece._checks import check_model
from ..sentencepiece._normalize import SPACE_SYMBOL
from ..sentencepiece._proto import BPE as BPE_TYPE
from ..sentencepiece._proto import CONTROL, NORMAL, UNIGRAM, UNKNOWN, UNUSED, USER_DEFINED, ModelProto, parse_model_proto
from ..sentencepiece._unigram import lattice_score

if TYPE_CHECKING:
    from ..tokenizer.tokenizer import Tokenizer


def read_sentencepiece(cls: type[Tokenizer], model_file: str | os.PathLike) -> Tokenizer:
    """A `cls` (the Tokenizer class) equal to the sentencepiece model in `model_file` (see the
    module docstring). `Tokenizer.from_sentencepiece` calls it with its own class.

    With T5's spiece.model::

        tokenizer = Tokenizer.from_sentencepiece("spiece.model")
        tokenizer.encode("Hello world", add_special_tokens=False).ids   # [8774, 296]
    """
    with open(model_file, "rb") as handle:
        proto = parse_model_proto(handle.read(), os.fspath(model_file))
    return read_model_proto(cls, proto, os.fspath(model_file))


def read_model_proto(cls: type[Tokenizer], proto: ModelProto, source: str = "<model_proto>") -> Tokenizer:
    """The `cls` (the Tokenizer class) of an already parsed `.model` (see `read_sentencepiece`).

    A model sentencepiece refuses to load is refused (a ModelFileError, a RuntimeError as in
    sentencepiece), whatever a Tokenizer could make of it.
    """
    check_model(proto, source)
    _check_supported(proto, source)
    tokenizer = cls(_model(proto, source))
    tokenizer.normalizer = _normalizer(proto)
    user_defined = [p.piece for p in proto.pieces if p.type == USER_DEFINED]
    if user_defined and proto.trainer_spec.model_type == BPE_TYPE:
        # sentencepiece's BPE never merges a user-defined piece: cut the text around them
        alternatives = "|".join(_escape(piece) for piece in sorted(user_defined, key=len, reverse=True))
        split = pre_tokenizers.Split(Regex(alternatives), behavior="isolated")
        tokenizer.pre_tokenizer = pre_tokenizers.Sequence([split])
    tokenizer.decoder = _decoder(proto)
    specials = [p.piece for p in proto.pieces if p.type in (CONTROL, UNKNOWN)]
    tokenizer.add_special_tokens([AddedToken(piece, normalized=False, special=True) for piece in specials])
    tokenizer.encode_special_tokens = True
    return tokenizer


def _model(proto: ModelProto, source: str) -> Unigram | BPE:
    trainer = proto.trainer_spec
    unk_id = next((i for i, p in enumerate(proto.pieces) if p.type == UNKNOWN), None)
    if trainer.model_type == UNIGRAM:
        vocab = [(p.piece, lattice_score(p)) for p in proto.pieces]
        return Unigram(vocab, unk_id=unk_id, byte_fallback=trainer.byte_fallback)
    if trainer.model_type == BPE_TYPE:
        vocab = {p.piece: i for i, p in enumerate(proto.pieces)}
        return BPE(
            vocab,
            _merges(proto),
            unk_token=proto.pieces[unk_id].piece if unk_id is not None else None,
            fuse_unk=True,
            byte_fallback=trainer.byte_fallback,
            ignore_merges=any(p.type == USER_DEFINED for p in proto.pieces),
        )
    raise ModelFileError(
        f"{source}: only unigram and BPE sentencepiece models become a Tokenizer, "
        f"this one has trainer_spec.model_type {trainer.model_type}"
    )


def _check_supported(proto: ModelProto, source: str) -> None:
    if proto.trainer_spec.treat_whitespace_as_suffix and proto.normalizer_spec.add_dummy_prefix:
        raise ModelFileError(
            f"{source}: trainer_spec.treat_whitespace_as_suffix puts the dummy \"▁\" at the end, "
            "which no tokenizer.json normalizer does; use subword.sentencepiece.SentencePieceProcessor"
        )


def _merges(proto: ModelProto) -> list[tuple[str, str]]:
    """BPE merges: every split of a normal or unused piece into two such pieces, best score first.

    sentencepiece merges the pair whose joined piece scores highest; ranking the merges by that
    score (then by id) gives the same order. E.g. pieces a, b, ab (-1.0), ba (-2.0) -> [(a, b), (b, a)].
    """
    normal = {p.piece: (p.score, i) for i, p in enumerate(proto.pieces) if p.type in (NORMAL, UNUSED)}
    ranked = []
    for piece, (score, id_) in normal.items():
        for cut in range(1, len(piece)):
            left, right = piece[:cut], piece[cut:]
            if left in normal and right in normal:
                ranked.append((-score, id_, cut, left, right))
    ranked.sort()
    return [(left, right) for *_, left, right in ranked]


def _normalizer(proto: ModelProto) -> normalizers.Normalizer:
    spec = proto.normalizer_spec
    steps: list[normalizers.Normalizer] = []
    if spec.precompiled_charsmap:
        steps.append(normalizers.Precompiled(spec.precompiled_charsmap))
    space = SPACE_SYMBOL if spec.escape_whitespaces else " "
    if spec.remove_extra_whitespaces:
        steps += [normalizers.Replace(Regex(r"\A +"), ""), normalizers.Replace(Regex(" {2,}"), " ")]
    if spec.escape_whitespaces:
        steps.append(normalizers.Replace(" ", SPACE_SYMBOL))
    if spec.remove_extra_whitespaces:
        # sentencepiece drops every trailing "▁", even one that was in the input.
        steps.append(normalizers.Replace(Regex(f"{space}+\\z"), ""))
    if spec.add_dummy_prefix:
        steps.append(normalizers.Prepend(space))
    return normalizers.Sequence(steps)


def _decoder(proto: ModelProto) -> decoders.Decoder:
    steps: list[decoders.Decoder] = [decoders.Replace(SPACE_SYMBOL, " ")]
    if proto.trainer_spec.byte_fallback:
        steps.append(decoders.ByteFallback())
    steps.append(decoders.Fuse())
    if proto.normalizer_spec.add_dummy_prefix or proto.normalizer_spec.remove_extra_whitespaces:
        steps.append(decoders.Strip(" ", 1, 0))
    return decoders.Sequence(steps)


def _escape(text: str) -> str:
    """`text` as an Oniguruma pattern matching it literally."""
    return "".join("\\" + char if char in r"\^$.|?*+()[]{}-/" else char for char in text)
