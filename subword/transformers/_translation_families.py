"""Pipelines of transformers 5's NLLB tokenizer class, as `NllbTokenizer.__init__` builds it.

From a `.model` (`options["_spm_proto"]`), as transformers' extractor and `NllbConverter`: BPE
merges from the pieces' ids (`merges_by_id` of the `.model`'s own order), then the vocabulary
reordered fairseq's way (bos, pad, eos, unk first, the other pieces after them in their order).
From a tokenizer.json, the file's vocabulary and merges. The language templates are in
`_languages`; NLLB_LANGUAGES is transformers' FAIRSEQ_LANGUAGE_CODES (5.25), the extra special
tokens of a folder that names none.
"""

from __future__ import annotations

from typing import Any

from .. import decoders, normalizers, pre_tokenizers, processors
from ..models import BPE
from ..sentencepiece._proto import ModelProto
from ..text.oniguruma import Regex
from ..tokenizer.tokenizer import Tokenizer
from ._spm_families import merges_by_id, precompiled_charsmap

NLLB_LANGUAGES = (
    "ace_Arab", "ace_Latn", "acm_Arab", "acq_Arab", "aeb_Arab", "afr_Latn", "ajp_Arab", "aka_Latn",
    "amh_Ethi", "apc_Arab", "arb_Arab", "ars_Arab", "ary_Arab", "arz_Arab", "asm_Beng", "ast_Latn",
    "awa_Deva", "ayr_Latn", "azb_Arab", "azj_Latn", "bak_Cyrl", "bam_Latn", "ban_Latn", "bel_Cyrl",
    "bem_Latn", "ben_Beng", "bho_Deva", "bjn_Arab", "bjn_Latn", "bod_Tibt", "bos_Latn", "bug_Latn",
    "bul_Cyrl", "cat_Latn", "ceb_Latn", "ces_Latn", "cjk_Latn", "ckb_Arab", "crh_Latn", "cym_Latn",
    "dan_Latn", "deu_Latn", "dik_Latn", "dyu_Latn", "dzo_Tibt", "ell_Grek", "eng_Latn", "epo_Latn",
    "est_Latn", "eus_Latn", "ewe_Latn", "fao_Latn", "pes_Arab", "fij_Latn", "fin_Latn", "fon_Latn",
    "fra_Latn", "fur_Latn", "fuv_Latn", "gla_Latn", "gle_Latn", "glg_Latn", "grn_Latn", "guj_Gujr",
    "hat_Latn", "hau_Latn", "heb_Hebr", "hin_Deva", "hne_Deva", "hrv_Latn", "hun_Latn", "hye_Armn",
    "ibo_Latn", "ilo_Latn", "ind_Latn", "isl_Latn", "ita_Latn", "jav_Latn", "jpn_Jpan", "kab_Latn",
    "kac_Latn", "kam_Latn", "kan_Knda", "kas_Arab", "kas_Deva", "kat_Geor", "knc_Arab", "knc_Latn",
    "kaz_Cyrl", "kbp_Latn", "kea_Latn", "khm_Khmr", "kik_Latn", "kin_Latn", "kir_Cyrl", "kmb_Latn",
    "kon_Latn", "kor_Hang", "kmr_Latn", "lao_Laoo", "lvs_Latn", "lij_Latn", "lim_Latn", "lin_Latn",
    "lit_Latn", "lmo_Latn", "ltg_Latn", "ltz_Latn", "lua_Latn", "lug_Latn", "luo_Latn", "lus_Latn",
    "mag_Deva", "mai_Deva", "mal_Mlym", "mar_Deva", "min_Latn", "mkd_Cyrl", "plt_Latn", "mlt_Latn",
    "mni_Beng", "khk_Cyrl", "mos_Latn", "mri_Latn", "zsm_Latn", "mya_Mymr", "nld_Latn", "nno_Latn",
    "nob_Latn", "npi_Deva", "nso_Latn", "nus_Latn", "nya_Latn", "oci_Latn", "gaz_Latn", "ory_Orya",
    "pag_Latn", "pan_Guru", "pap_Latn", "pol_Latn", "por_Latn", "prs_Arab", "pbt_Arab", "quy_Latn",
    "ron_Latn", "run_Latn", "rus_Cyrl", "sag_Latn", "san_Deva", "sat_Beng", "scn_Latn", "shn_Mymr",
    "sin_Sinh", "slk_Latn", "slv_Latn", "smo_Latn", "sna_Latn", "snd_Arab", "som_Latn", "sot_Latn",
    "spa_Latn", "als_Latn", "srd_Latn", "srp_Cyrl", "ssw_Latn", "sun_Latn", "swe_Latn", "swh_Latn",
    "szl_Latn", "tam_Taml", "tat_Cyrl", "tel_Telu", "tgk_Cyrl", "tgl_Latn", "tha_Thai", "tir_Ethi",
    "taq_Latn", "taq_Tfng", "tpi_Latn", "tsn_Latn", "tso_Latn", "tuk_Latn", "tum_Latn", "tur_Latn",
    "twi_Latn", "tzm_Tfng", "uig_Arab", "ukr_Cyrl", "umb_Latn", "urd_Arab", "uzn_Latn", "vec_Latn",
    "vie_Latn", "war_Latn", "wol_Latn", "xho_Latn", "ydd_Hebr", "yor_Latn", "yue_Hant", "zho_Hans",
    "zho_Hant", "zul_Latn",
)


def _pair(merge: str | list[str]) -> tuple[str, str]:
    """A tokenizer.json merge in either form (`"a b"` or `["a", "b"]`) as a pair."""
    left, right = merge.split(" ", 1) if isinstance(merge, str) else merge
    return left, right


def fairseq_order(pieces: list[str], first: list[str]) -> dict[str, int]:
    """`first` at ids 0.., then the other pieces in their order (NllbConverter's reordering).

    >>> fairseq_order(["<unk>", "<s>", "</s>", "a"], ["<s>", "<pad>", "</s>", "<unk>"])
    {'<s>': 0, '<pad>': 1, '</s>': 2, '<unk>': 3, 'a': 4}
    """
    vocab = {token: id_ for id_, token in enumerate(dict.fromkeys(first))}
    for piece in pieces:
        vocab.setdefault(piece, len(vocab))
    return vocab


def build_nllb(source: Tokenizer, options: dict) -> Tokenizer:
    """NLLB: BPE (unknown pieces fused), charsmap and single spaces, Metaspace before every word."""
    proto: ModelProto | None = options.get("_spm_proto")
    unk = str(options["unk_token"])
    charsmap: bytes | None
    if proto is not None:
        pieces = [piece.piece for piece in proto.pieces]
        merges = merges_by_id({piece: id_ for id_, piece in enumerate(pieces)})
        first = [str(options[name]) for name in ("bos_token", "pad_token", "eos_token", "unk_token")]
        vocab = fairseq_order(pieces, first)
        charsmap = proto.normalizer_spec.precompiled_charsmap or None
    else:
        model = source.model.to_json()
        vocab = model["vocab"]
        merges = [_pair(merge) for merge in model.get("merges", [])]
        charsmap = None
        if source.normalizer is not None:
            charsmap = precompiled_charsmap(source.normalizer.to_json())
    tokenizer = Tokenizer(BPE(vocab, merges, unk_token=unk, fuse_unk=True, byte_fallback=False))
    if charsmap is not None:
        tokenizer.normalizer = normalizers.Sequence(
            [normalizers.Precompiled(charsmap), normalizers.Replace(Regex(" {2,}"), " ")]
        )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    return tokenizer


def nllb_extras(additional: list[str], extra: list[str], options: dict) -> list[str]:
    """NLLB's extra special tokens: the config's `extra_special_tokens` when it has the key, else
    the class argument's (a `.model`'s control pieces), else the 202 language codes."""
    config = options.get("_config") or {}
    if config.get("extra_special_tokens") is not None:
        return extra
    has_additional = options.get("_spm_proto") is not None or config.get("additional_special_tokens") is not None
    return additional if has_additional else list(NLLB_LANGUAGES)


def nllb_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    """NLLB: `src_lang A </s>` (legacy: `A </s> src_lang`); `_languages.NllbLanguage` rebuilds it."""
    eos, lang = str(tokens["eos_token"]), str(options.get("src_lang") or "eng_Latn")
    ids = [tokenizer.token_to_id(eos), tokenizer.token_to_id(lang)]
    if ids[1] is None:
        ids[1] = tokenizer.token_to_id(str(tokens["unk_token"]))
    single, pair = (f"$A {eos} {lang}", f"$A $B {eos} {lang}") if options.get("legacy_behaviour") else (
        f"{lang} $A {eos}", f"{lang} $A $B {eos}")
    return processors.TemplateProcessing(single=single, pair=pair, special_tokens=list(dict(zip([eos, lang], ids)).items()))
