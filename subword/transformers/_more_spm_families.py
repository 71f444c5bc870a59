"""Pipelines of more of transformers 5's SentencePiece classes (XGLM, RemBERT, Reformer, FNet,
BARThez, SeamlessM4T), as each class's `__init__` builds them.

None of them has a `convert_from_spm`: from a `.model` (`options["_spm_proto"]`) the vocabulary is
the pieces as they are, with the class's fixed unk id (XGLM and BARThez: 3, RemBERT: 2) whatever
piece sits there, or SeamlessM4T's `convert_from_spm_model` shift by one after `<pad>`; from a
tokenizer.json, the file's vocabulary. FNet's class has no `__init__` of its own, so transformers
builds a `.model`'s generic pipeline (`_spm_pipeline`) and keeps a tokenizer.json's whole
pipeline. SeamlessM4T's languages are in `_seamless_m4t`; `_builders.RECIPES` names these functions.
"""

from __future__ import annotations

from typing import Any

from .. import normalizers
from ..models import BPE, Unigram
from ..sentencepiece._proto import CONTROL, USER_DEFINED, ModelProto
from ..text.oniguruma import Regex
from ..tokenizer.tokenizer import Tokenizer
from ._spm_families import (
    _metaspace,
    _pieces,
    cls_sep_post_processor,
    configured_extras,
    merges_by_id,
    precompiled_charsmap,
    spm_extras,
    template,
)
from ._spm_pipeline import spm_proto_pipeline

XGLM_MADEUP_WORDS = tuple(f"<madeupword{i}>" for i in range(7))
# SeamlessM4T's first ids, before the pieces (each at its id + 1)
SEAMLESS_FIRST = {"<pad>": 0, "<unk>": 1, "<s>": 2, "</s>": 3}


def _scheme(options: dict) -> str:
    """The classes' `"always" if add_prefix_space else "never"`."""
    return "always" if options.get("add_prefix_space", True) else "never"


def _single_spaces(charsmap: bytes | None) -> Any:
    """The charsmap (if any), then space runs to one space."""
    steps: list[Any] = [normalizers.Precompiled(charsmap)] if charsmap is not None else []
    return normalizers.Sequence(steps + [normalizers.Replace(Regex(" {2,}"), " ")])


def build_xglm(source: Tokenizer, options: dict) -> Tokenizer:
    """XGLM: the pieces (unk id 3), charsmap and single spaces, Metaspace (split)."""
    vocab, charsmap, _ = _pieces(source, options)
    tokenizer = Tokenizer(Unigram(vocab, unk_id=3, byte_fallback=False))
    tokenizer.normalizer = _single_spaces(charsmap)
    _metaspace(tokenizer, _scheme(options), whitespace_split=False)
    return tokenizer


def xglm_extras(additional: list[str], extra: list[str], options: dict) -> list[str]:
    """XGLM's: as `spm_extras`, `<madeupword0>` .. `<madeupword6>` after the class argument's."""
    configured = configured_extras(extra, options)
    return additional + [word for word in XGLM_MADEUP_WORDS if word not in additional] if configured is None else configured


def reformer_extras(additional: list[str], extra: list[str], options: dict) -> list[str]:
    """Reformer's: as `spm_extras`, a `.model`'s user-defined pieces among the control pieces (the
    extractor's pieces of a BPE class), all special."""
    proto: ModelProto | None = options.get("_spm_proto")
    if proto is not None:
        additional = [piece.piece for piece in proto.pieces if piece.type in (CONTROL, USER_DEFINED)]
    return spm_extras(additional, extra, options)


def xglm_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    """XGLM: `</s> A`, and `</s> A </s> </s> B` (all type 0)."""
    bos, eos = str(tokens["bos_token"]), str(tokens["eos_token"])
    return template(tokenizer, f"{eos} $A", f"{eos} $A {eos} {eos} $B", [bos, eos])


def build_rembert(source: Tokenizer, options: dict) -> Tokenizer:
    """RemBERT: the pieces (unk id 2); `` and '' to ", single spaces, optional accent stripping and
    lowercase, then the charsmap; Metaspace (split)."""
    vocab, charsmap, _ = _pieces(source, options)
    tokenizer = Tokenizer(Unigram(vocab, unk_id=2, byte_fallback=False))
    steps: list[Any] = [normalizers.Replace("``", '"'), normalizers.Replace("''", '"'), normalizers.Replace(Regex(" {2,}"), " ")]
    if not options.get("keep_accents"):
        steps += [normalizers.NFKD(), normalizers.StripAccents()]
    if options.get("do_lower_case"):
        steps.append(normalizers.Lowercase())
    if charsmap is not None:
        steps.append(normalizers.Precompiled(charsmap))
    tokenizer.normalizer = normalizers.Sequence(steps)
    _metaspace(tokenizer, _scheme(options), whitespace_split=False)
    return tokenizer


def rembert_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    """RemBERT: `[CLS] A [SEP]` (B of type 1) from a tokenizer.json; None (the generic bos/eos
    template, adding nothing by default) from a `.model` or with add_bos_token / add_eos_token, where
    transformers' `_post_init` replaces the class's template."""
    if options.get("_spm_proto") is not None or "add_bos_token" in options or "add_eos_token" in options:
        return None
    return cls_sep_post_processor(tokenizer, tokens, options)


def _bpe_pieces(source: Tokenizer, options: dict) -> tuple[dict[str, int], list[tuple[str, str]], bytes | None]:
    """The vocabulary, merges and charsmap: of a `.model` (its pieces by id, merges of the piece
    ids, as the extractor of a BPE class), else of the source's tokenizer.json."""
    proto: ModelProto | None = options.get("_spm_proto")
    if proto is not None:
        vocab = {piece.piece: id_ for id_, piece in enumerate(proto.pieces)}
        return vocab, merges_by_id(vocab), proto.normalizer_spec.precompiled_charsmap or None
    model = source.model.to_json()
    pairs = (m.split(" ", 1) if isinstance(m, str) else m for m in model.get("merges", []))
    charsmap = precompiled_charsmap(source.normalizer.to_json() if source.normalizer is not None else None)
    return model["vocab"], [(str(left), str(right)) for left, right in pairs], charsmap


def build_reformer(source: Tokenizer, options: dict) -> Tokenizer:
    """Reformer: BPE of the pieces (merges of the piece ids), charsmap and single spaces when there
    is a charsmap, Metaspace (split)."""
    vocab, merges, charsmap = _bpe_pieces(source, options)
    tokenizer = Tokenizer(BPE(vocab, merges, unk_token=str(options["unk_token"]), fuse_unk=True, byte_fallback=False))
    if charsmap is not None:
        tokenizer.normalizer = _single_spaces(charsmap)
    _metaspace(tokenizer, "always", whitespace_split=False)
    return tokenizer


def build_seamless_m4t(source: Tokenizer, options: dict) -> Tokenizer:
    """SeamlessM4T: BPE of `<pad> <unk> <s> </s>` and the pieces at their id + 1 (merges of the piece
    ids); tabs and newlines to spaces, charsmap (else NFKC), right strip, spaces before a "▁" and a
    text of "▁" only dropped, space runs to one "▁"; Metaspace on the first piece only."""
    vocab, merges, charsmap = _bpe_pieces(source, options)
    if options.get("_spm_proto") is not None:
        vocab = {**SEAMLESS_FIRST, **{piece: id_ + 1 for piece, id_ in vocab.items()}}
    tokenizer = Tokenizer(BPE(vocab, merges, unk_token=str(options["unk_token"]), fuse_unk=True, byte_fallback=False))
    unicode = normalizers.Precompiled(charsmap) if charsmap is not None else normalizers.NFKC()
    tokenizer.normalizer = normalizers.Sequence([
        normalizers.Replace(Regex(r"[\n\r\t]"), " "), unicode, normalizers.Strip(left=False, right=True),
        normalizers.Replace(Regex(r" +▁"), "▁"), normalizers.Replace(Regex(r"^▁+$"), ""),
        normalizers.Replace(Regex(r" {2,}"), "▁"),
    ])
    _metaspace(tokenizer, "first", whitespace_split=False)
    return tokenizer


def seamless_language(lang: str) -> str:
    """A SeamlessM4T language as its token: "fra" -> "__fra__" (a text with "__" is kept)."""
    return lang if "__" in lang else f"__{lang}__"


def seamless_m4t_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    """SeamlessM4T's template after `__init__`, the target one: `</s> tgt_lang A </s>` (pair
    `</s> tgt_lang A B </s>`), the unknown token for a language the vocabulary lacks."""
    eos, lang = str(tokens["eos_token"]), seamless_language(str(options.get("tgt_lang") or "fra"))
    if tokenizer.token_to_id(lang) is None:
        lang = str(tokens["unk_token"])
    return template(tokenizer, f"{eos} {lang} $A {eos}", f"{eos} {lang} $A $B {eos}", [eos, lang])


def build_fnet(source: Tokenizer, options: dict) -> Tokenizer:
    """FNet: a `.model`'s generic pipeline with a Unigram model; a tokenizer.json's pipeline as it is."""
    proto: ModelProto | None = options.get("_spm_proto")
    if proto is None:
        return source
    return spm_proto_pipeline(proto, options.get("legacy", True) is not False, unigram=True)


def build_barthez(source: Tokenizer, options: dict) -> Tokenizer:
    """BARThez: the pieces (unk id 3); charsmap, right strip and space runs to one "▁" (without a
    charsmap: whitespace to spaces, NFC, right strip); Metaspace (split)."""
    vocab, charsmap, _ = _pieces(source, options)
    tokenizer = Tokenizer(Unigram(vocab, unk_id=3, byte_fallback=False))
    if charsmap is not None:
        steps: list[Any] = [normalizers.Precompiled(charsmap), normalizers.Strip(left=False, right=True),
                            normalizers.Replace(Regex(" {2,}"), "▁")]
    else:
        steps = [normalizers.Replace(Regex(r"\s{2,}|[\n\r\t]"), " "), normalizers.NFC(), normalizers.Strip(left=False, right=True)]
    tokenizer.normalizer = normalizers.Sequence(steps)
    _metaspace(tokenizer, _scheme(options), whitespace_split=False)
    return tokenizer
