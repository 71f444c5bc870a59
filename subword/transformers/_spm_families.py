"""Pipelines of transformers 5's SentencePiece tokenizer classes (XLM-R, CamemBERT, ALBERT, XLNet,
DeBERTa-v2, BigBird, Pegasus, mBART), as each class's `__init__` builds them.

From a `.model` (`options["_spm_proto"]`), the vocabulary is what transformers' extractor and the
class's converter (`convert_from_spm`) make of the pieces: fairseq's reordered first ids for
XLM-R, CamemBERT and mBART, Pegasus' `<mask_N>` and `<unk_N>` offset tokens; from a
tokenizer.json, the file's vocabulary as it is. `_builders.RECIPES` names these functions.
"""

from __future__ import annotations

import base64
from typing import Any

from .. import decoders, normalizers, pre_tokenizers, processors
from ..models import BPE, Unigram
from ..sentencepiece._proto import ModelProto
from ..text.oniguruma import Regex
from ..tokenizer.tokenizer import Tokenizer

# mBART's (mbart-large-cc25) language codes, after the pieces and before <mask>
MBART_LANGUAGES = (
    "ar_AR", "cs_CZ", "de_DE", "en_XX", "es_XX", "et_EE", "fi_FI", "fr_XX", "gu_IN", "hi_IN", "it_IT", "ja_XX",
    "kk_KZ", "ko_KR", "lt_LT", "lv_LV", "my_MM", "ne_NP", "nl_XX", "ro_RO", "ru_RU", "si_LK", "tr_TR", "vi_VN",
    "zh_CN",
)
# mBART-50's codes: mBART's, then 27 more
MBART50_LANGUAGES = MBART_LANGUAGES + (
    "af_ZA", "az_AZ", "bn_IN", "fa_IR", "he_IL", "hr_HR", "id_ID", "ka_GE", "km_KH", "mk_MK", "ml_IN", "mn_MN",
    "mr_IN", "pl_PL", "ps_AF", "pt_XX", "sv_SE", "sw_KE", "ta_IN", "te_IN", "th_TH", "tl_XX", "uk_UA", "ur_PK",
    "xh_ZA", "gl_ES", "sl_SI",
)
Vocab = list[tuple[str, float]]


def merges_by_id(vocab: dict[str, int]) -> list[tuple[str, str]]:
    """Every split of a token into two tokens, ranked by the token's id, then the parts' lengths
    and ids (transformers' `generate_merges` without scores).

    {"a": 0, "b": 1, "ab": 2, "ba": 3, "aba": 4} -> [(a, b), (b, a), (a, ba), (ab, a)].
    """
    ranked: list[tuple[int, int, int, int, str, str]] = []
    for token, id_ in vocab.items():
        splits = [(token[:cut], token[cut:]) for cut in range(1, len(token))]
        local = sorted(((l, r) for l, r in splits if l in vocab and r in vocab), key=lambda lr: (vocab[lr[0]], vocab[lr[1]]))
        ranked += [(id_, len(left), len(right), len(ranked) + n, left, right) for n, (left, right) in enumerate(local)]
    return [(left, right) for *_, left, right in sorted(ranked)]


def precompiled_charsmap(normalizer: dict | None) -> bytes | None:
    """The Precompiled charsmap of a normalizer's JSON (searched inside a Sequence), or None."""
    if not normalizer:
        return None
    for entry in normalizer.get("normalizers", [normalizer]):
        if entry.get("type") == "Precompiled" and entry.get("precompiled_charsmap"):
            return base64.b64decode(entry["precompiled_charsmap"])
    return None


def _pieces(source: Tokenizer, options: dict) -> tuple[Vocab, bytes | None, ModelProto | None]:
    """The raw (piece, score) list and charsmap: of the `.model` if there is one, else of the source."""
    proto: ModelProto | None = options.get("_spm_proto")
    if proto is not None:
        return [(p.piece, p.score) for p in proto.pieces], proto.normalizer_spec.precompiled_charsmap or None, proto
    vocab = [(str(piece), float(score)) for piece, score in source.model.to_json()["vocab"]]
    normalizer = source.normalizer.to_json() if source.normalizer is not None else None
    return vocab, precompiled_charsmap(normalizer), None


def _index(vocab: Vocab, token: str, fallback: int) -> int:
    """The id of `(token, 0.0)` in `vocab` (as transformers' `vocab.index`), else `fallback`."""
    return next((i for i, entry in enumerate(vocab) if entry == (token, 0.0)), fallback)


def _metaspace(tokenizer: Tokenizer, scheme: str, whitespace_split: bool) -> None:
    """A Metaspace pre-tokenizer (after a WhitespaceSplit if asked) and decoder with `scheme`."""
    metaspace = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme=scheme, split=True)  # type: ignore[arg-type]
    steps: list[Any] = [pre_tokenizers.WhitespaceSplit()] if whitespace_split else []
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(steps + [metaspace]) if whitespace_split else metaspace
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme=scheme, split=True)  # type: ignore[arg-type]


def _prefix_scheme(options: dict, off: str = "never") -> str:
    return "always" if options.get("add_prefix_space", True) is not False else off


def build_xlm_roberta(source: Tokenizer, options: dict) -> Tokenizer:
    """XLM-R: fairseq ids (<s> <pad> </s> <unk>, pieces from 3, <mask> last), charsmap, whitespace
    split and a "▁" before every word."""
    pieces, charsmap, proto = _pieces(source, options)
    vocab = pieces
    if proto is not None:
        first = [(str(options[name]), 0.0) for name in ("bos_token", "pad_token", "eos_token", "unk_token")]
        vocab = first + pieces[3:] + [(str(options["mask_token"]), 0.0)]
    return _fairseq_pipeline(vocab, charsmap, options, unk_id=3)


def build_camembert(source: Tokenizer, options: dict) -> Tokenizer:
    """CamemBERT: <s>NOTUSED <pad> </s>NOTUSED <unk> <unk>NOTUSED, pieces from 1, <mask> last."""
    pieces, charsmap, proto = _pieces(source, options)
    vocab = pieces
    if proto is not None:
        first = [("<s>NOTUSED", 0.0), (str(options["pad_token"]), 0.0), ("</s>NOTUSED", 0.0),
                 (str(options["unk_token"]), 0.0), ("<unk>NOTUSED", -100.0)]
        vocab = first + pieces[1:] + [(str(options["mask_token"]), 0.0)]
    unk = str(options["unk_token"])
    return _fairseq_pipeline(vocab, charsmap, options, unk_id=next((i for i, (t, _) in enumerate(vocab) if t == unk), 0))


def build_mbart(source: Tokenizer, options: dict) -> Tokenizer:
    """mBART: XLM-R's ids with the 25 language codes between the pieces and <mask>; right strip and
    space runs to one "▁" after the charsmap."""
    return _mbart_pipeline(source, options, MBART_LANGUAGES, "▁", whitespace_split=True)


def build_mbart50(source: Tokenizer, options: dict) -> Tokenizer:
    """mBART-50: mBART's layout with its 52 codes; space runs to one space, Metaspace alone."""
    return _mbart_pipeline(source, options, MBART50_LANGUAGES, " ", whitespace_split=False)


def _mbart_pipeline(source: Tokenizer, options: dict, codes: tuple[str, ...], runs: str, whitespace_split: bool) -> Tokenizer:
    pieces, charsmap, proto = _pieces(source, options)
    vocab = pieces
    if proto is not None:
        first = options.get("cls_token" if codes is MBART50_LANGUAGES else "bos_token") or "<s>"
        head = [(str(first), 0.0)] + [(str(options[name]), 0.0) for name in ("pad_token", "eos_token", "unk_token")]
        vocab = head + pieces[3:] + [(code, 0.0) for code in codes] + [(str(options["mask_token"]), 0.0)]
    tokenizer = Tokenizer(Unigram(vocab, unk_id=3, byte_fallback=False))
    steps: list[Any] = [normalizers.Precompiled(charsmap)] if charsmap is not None else []
    steps += [normalizers.Strip(left=False, right=True), normalizers.Replace(Regex(" {2,}"), runs)]
    tokenizer.normalizer = normalizers.Sequence(steps)
    _metaspace(tokenizer, "always", whitespace_split=whitespace_split)
    return tokenizer


def mbart_extras(additional: list[str], extra: list[str], options: dict) -> list[str]:
    """mBART's extra special tokens: its language codes, then the others (repeats dropped by the caller)."""
    return list(MBART_LANGUAGES) + additional + extra


def mbart50_extras(additional: list[str], extra: list[str], options: dict) -> list[str]:
    """mBART-50's extra special tokens: the class argument's, its language codes, then the config's."""
    return additional + list(MBART50_LANGUAGES) + extra


def _fairseq_pipeline(vocab: Vocab, charsmap: bytes | None, options: dict, unk_id: int) -> Tokenizer:
    tokenizer = Tokenizer(Unigram(vocab, unk_id=unk_id, byte_fallback=False))
    if charsmap is not None:
        tokenizer.normalizer = normalizers.Precompiled(charsmap)
    _metaspace(tokenizer, _prefix_scheme(options), whitespace_split=True)
    return tokenizer


def _albert_normalizer(options: dict, charsmap: bytes | None, strip_accents: bool) -> Any:
    """ALBERT and XLNet: `` and '' to ", NFKD and no accents, lowercase, then the charsmap."""
    steps: list[Any] = [normalizers.Replace("``", '"'), normalizers.Replace("''", '"')]
    if strip_accents:
        steps += [normalizers.NFKD(), normalizers.StripAccents()]
    if options.get("do_lower_case"):
        steps.append(normalizers.Lowercase())
    if charsmap is not None:
        steps.append(normalizers.Precompiled(charsmap))
    return normalizers.Sequence(steps)


def build_albert(source: Tokenizer, options: dict) -> Tokenizer:
    """ALBERT: the pieces as they are (unk id 1), its normalizer, whitespace split and Metaspace."""
    vocab, charsmap, _ = _pieces(source, options)
    tokenizer = Tokenizer(Unigram(vocab, unk_id=1, byte_fallback=False))
    tokenizer.normalizer = _albert_normalizer(options, charsmap, not options.get("keep_accents"))
    _metaspace(tokenizer, _prefix_scheme(options), whitespace_split=True)
    return tokenizer


def build_xlnet(source: Tokenizer, options: dict) -> Tokenizer:
    """XLNet: ALBERT's normalizer (accents always stripped), the model's unk id."""
    vocab, charsmap, proto = _pieces(source, options)
    unk_id = proto.trainer_spec.unk_id if proto is not None else int(options.get("unk_id", 0))
    tokenizer = Tokenizer(Unigram(vocab, unk_id=unk_id, byte_fallback=False))
    tokenizer.normalizer = _albert_normalizer(options, charsmap, True)
    _metaspace(tokenizer, "always", whitespace_split=True)
    return tokenizer


def build_deberta_v2(source: Tokenizer, options: dict) -> Tokenizer:
    """DeBERTa-v2/v3: lowercase if asked, charsmap, right strip and single spaces; optional
    punctuation split; Metaspace ("first" without a prefix space)."""
    vocab, charsmap, proto = _pieces(source, options)
    fallback = proto.trainer_spec.unk_id if proto is not None else int(options.get("unk_id", 1))
    tokenizer = Tokenizer(Unigram(vocab, unk_id=_index(vocab, str(options["unk_token"]), fallback), byte_fallback=False))
    steps: list[Any] = [normalizers.Lowercase()] if options.get("do_lower_case") else []
    if charsmap is not None:
        steps += [normalizers.Precompiled(charsmap), normalizers.Strip(left=False, right=True),
                  normalizers.Replace(Regex(" {2,}"), " ")]
    else:
        steps += [normalizers.Replace(Regex(r"\s{2,}|[\n\r\t]"), " "), normalizers.NFC(), normalizers.Strip(left=False, right=True)]
    tokenizer.normalizer = normalizers.Sequence(steps)
    scheme = _prefix_scheme(options, off="first")
    metaspace = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme=scheme, split=True)  # type: ignore[arg-type]
    punct: list[Any] = [pre_tokenizers.Punctuation(behavior="isolated")] if options.get("split_by_punct") else []
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(punct + [metaspace])
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme=scheme, split=True)  # type: ignore[arg-type]
    return tokenizer


def build_big_bird(source: Tokenizer, options: dict) -> Tokenizer:
    """BigBird: no charsmap; trailing spaces dropped, space runs to one "▁"; Metaspace."""
    vocab, _, _ = _pieces(source, options)
    tokenizer = Tokenizer(Unigram(vocab, unk_id=_index(vocab, str(options["unk_token"]), 100), byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.Replace(Regex(r" +\z"), ""), normalizers.Replace(Regex(" {2,}"), "▁")]
    )
    _metaspace(tokenizer, _prefix_scheme(options), whitespace_split=False)
    return tokenizer


def build_gemma(vocab: dict[str, int], merges: list[tuple[str, str]], options: dict) -> Tokenizer:
    """Gemma: byte-fallback BPE, spaces to "▁", split after each "▁"."""
    bpe = BPE(vocab, merges, unk_token=str(options["unk_token"]), fuse_unk=True, byte_fallback=True)
    tokenizer = Tokenizer(bpe)
    tokenizer.normalizer = normalizers.Replace(" ", "▁")
    tokenizer.pre_tokenizer = pre_tokenizers.Split(" ", behavior="merged_with_previous")
    tokenizer.decoder = decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse()])
    return tokenizer


def pegasus_vocab(pieces: Vocab, config: dict) -> Vocab:
    """Pegasus' `convert_from_spm`: <pad> </s>, the config's mask tokens (<mask_1>, <mask_2> when
    it names none), <unk_2> .. <unk_{offset-1}>, then the pieces from 2.

    >>> pegasus_vocab([("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0)], {"offset": 4})
    [('<pad>', 0.0), ('</s>', 0.0), ('<mask_1>', 0.0), ('<mask_2>', 0.0), ('<unk_2>', -100.0), ('<unk_3>', -100.0), ('<unk>', 0.0)]
    """
    mask = str(config.get("mask_token", "<mask_1>"))
    mask_sent = str(config.get("mask_token_sent", "<mask_2>"))
    vocab = [(str(config.get("pad_token", "<pad>")), 0.0), (str(config.get("eos_token", "</s>")), 0.0)]
    if mask != "None":
        vocab.append((mask, 0.0))
    if mask_sent not in ("None", mask):
        vocab.append((mask_sent, 0.0))
    vocab += [(f"<unk_{i}>", -100.0) for i in range(2, int(config.get("offset", 103)))]
    return vocab + pieces[2:]


def build_pegasus(source: Tokenizer, options: dict) -> Tokenizer:
    """Pegasus: offset vocabulary (see `pegasus_vocab`), charsmap and single spaces, Metaspace."""
    vocab, charsmap, proto = _pieces(source, options)
    if proto is not None:
        vocab = pegasus_vocab(vocab, options["_config"])
    unk = (str(options["unk_token"]), 0.0)
    if unk not in vocab[1:]:
        raise ValueError(f"PegasusTokenizer: the unk token {unk[0]!r} is not in the vocabulary after id 0")
    tokenizer = Tokenizer(Unigram(vocab, unk_id=vocab.index(unk, 1), byte_fallback=False))
    first = normalizers.Precompiled(charsmap) if charsmap is not None else normalizers.Replace(Regex(r"\n"), " ")
    tokenizer.normalizer = normalizers.Sequence([first, normalizers.Replace(Regex(" {2,}"), " ")])
    _metaspace(tokenizer, "always", whitespace_split=False)
    return tokenizer


def configured_extras(extra: list[str], options: dict) -> list[Any] | None:
    """The config's own list of extra special tokens, or None when it has none.

    As transformers' `from_pretrained`: a non-empty `extra_special_tokens`, else
    `additional_special_tokens` (renamed to it), else an empty `extra_special_tokens`. The list
    replaces the class argument's (a `.model`'s control pieces, T5's sentinels).
    """
    config = options.get("_config") or {}
    if config.get("extra_special_tokens"):
        return extra
    if "additional_special_tokens" in config:
        listed = config["additional_special_tokens"] or []
        return list(listed.values()) if isinstance(listed, dict) else list(listed)
    if "extra_special_tokens" in config:
        return []
    return None


def spm_extras(additional: list[str], extra: list[str], options: dict) -> list[str]:
    """A class's extra special tokens: the config's (see `configured_extras`), else the class
    argument's (a `.model`'s control pieces, and its user-defined pieces for a BPE class)."""
    configured = configured_extras(extra, options)
    return additional if configured is None else configured


def t5_extras(additional: list[str], extra: list[str], options: dict) -> list[str]:
    """T5's: the config's, else the class argument's followed by `<extra_id_0>` ..
    `<extra_id_{extra_ids-1}>` unless it has sentinels already."""
    configured = configured_extras(extra, options)
    if configured is not None:
        return configured
    if any("<extra_id_" in token for token in additional):
        return additional
    return additional + [f"<extra_id_{i}>" for i in range(int(options.get("extra_ids", 100)))]


def pegasus_extras(additional: list[str], extra: list[str], options: dict) -> list[str]:
    """Pegasus' extra special tokens: its sentence mask (unless the class argument lists it, which
    is then dropped), <unk_2> .. <unk_{offset-1}>, then the config's."""
    mask_sent = options.get("mask_token_sent")
    tokens = [str(mask_sent)] if mask_sent is not None and mask_sent not in additional else []
    return tokens + [f"<unk_{i}>" for i in range(2, int(options.get("offset", 103)))] + extra


def template(tokenizer: Tokenizer, single: str, pair: str, tokens: list[str]) -> Any:
    """A TemplateProcessing whose special tokens are `tokens`, with their ids in `tokenizer`."""
    return processors.TemplateProcessing(
        single=single, pair=pair, special_tokens=[(token, tokenizer.token_to_id(token)) for token in dict.fromkeys(tokens)]
    )


def fairseq_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    """XLM-R, CamemBERT: <s> A </s>, and <s> A </s> </s> B </s> for a pair."""
    bos, eos = str(tokens["bos_token"]), str(tokens["eos_token"])
    return template(tokenizer, f"{bos} $A {eos}", f"{bos} $A {eos} {eos} $B {eos}", [bos, eos])


def cls_sep_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    """ALBERT, DeBERTa-v2, BigBird: cls A sep, and cls A sep B sep (B's part type 1)."""
    cls, sep = str(tokens["cls_token"]), str(tokens["sep_token"])
    return template(tokenizer, f"{cls}:0 $A:0 {sep}:0", f"{cls}:0 $A:0 {sep}:0 $B:1 {sep}:1", [cls, sep])


def xlnet_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    """XLNet: A sep cls (cls of type 2), and A sep B sep cls."""
    cls, sep = str(tokens["cls_token"]), str(tokens["sep_token"])
    return template(tokenizer, f"$A:0 {sep}:0 {cls}:2", f"$A:0 {sep}:0 $B:1 {sep}:1 {cls}:2", [sep, cls])


def pegasus_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    """Pegasus: A </s>, and A B </s> for a pair."""
    eos = str(tokens["eos_token"])
    return template(tokenizer, f"$A {eos}", f"$A $B {eos}", [eos])


def mbart_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    """mBART: A </s> src_lang, and A B </s> src_lang (en_XX unless the config names another)."""
    eos, lang = str(tokens["eos_token"]), str(options.get("src_lang") or "en_XX")
    return template(tokenizer, f"$A {eos} {lang}", f"$A $B {eos} {lang}", [eos, lang])


def mbart50_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    """mBART-50: src_lang A </s>, and src_lang A B </s>."""
    eos, lang = str(tokens["eos_token"]), str(options.get("src_lang") or "en_XX")
    return template(tokenizer, f"{lang} $A {eos}", f"{lang} $A $B {eos}", [lang, eos])


CODE_LLAMA_TOKENS = ("prefix_token", "middle_token", "suffix_token", "eot_token", "fill_token")


def code_llama_extras(additional: list[str], extra: list[str], options: dict) -> list[str]:
    """CodeLlama's extra special tokens: the config's, else the class argument's (a `.model`'s
    control and user-defined pieces), then its infilling tokens (▁<PRE> ▁<MID> ▁<SUF> ▁<EOT> <FILL_ME>)."""
    configured = configured_extras(extra, options)
    if configured is not None:
        return configured
    return additional + [str(options[name]) for name in CODE_LLAMA_TOKENS if options.get(name) is not None]
