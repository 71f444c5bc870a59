"""Recipes: how transformers' tokenizer classes build their pipelines from a vocabulary.

transformers 5 rebuilds the pipeline of a known class (BertTokenizer, GPT2Tokenizer, ...) around
the vocabulary it finds, whether that came from tokenizer.json or from vocab files; only the
vocabulary (and, for some classes, the post-processor) of tokenizer.json survives. A `Recipe`
does the same with subword components, so both libraries build the same pipeline. A class
without a recipe keeps the tokenizer.json pipeline as it is.

This module does not read files: `auto.py` hands it a `Tokenizer` that holds the vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .. import decoders, normalizers, pre_tokenizers, processors
from ..models import BPE, Unigram, WordPiece
from ..sentencepiece._proto import ModelProto
from ..text.oniguruma import Regex
from ..tokenizer.tokenizer import Tokenizer
from ._file_names import canonical_class
from . import _spm_families as spm
from . import _translation_families as translation
from . import _more_spm_families as more_spm
from ._whisper_languages import LANGUAGE_CODES, TO_LANGUAGE_CODE
from ._spm_families import merges_by_id

TOKEN_TYPE_NAMES = ("input_ids", "token_type_ids", "attention_mask")
# transformers' Qwen2Tokenizer PRETOKENIZE_REGEX: GPT-4's pattern with single digits
QWEN2_PATTERN = (
    r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
)
PLAIN_NAMES = ("input_ids", "attention_mask")


@dataclass(frozen=True)
class Recipe:
    """One transformers tokenizer class: its pipeline, default special tokens and options.

    `post_processor` is None for classes that keep the source's post-processor (or the generic
    bos/eos template when there is none); otherwise it builds one from the special tokens (or
    returns None where transformers ends with the generic template).
    """

    name: str
    build: Callable[[Tokenizer, dict], Tokenizer]
    special_tokens: dict[str, str | None]
    options: dict[str, Any] = field(default_factory=dict)
    post_processor: Callable[[Tokenizer, dict, dict], Any] | None = None
    model_input_names: tuple[str, ...] = PLAIN_NAMES
    padding_side: str = "right"
    # AddedToken flags of named special tokens ({"mask_token": {"lstrip": True}}), as the class sets them
    token_flags: dict[str, dict[str, bool]] = field(default_factory=dict)
    # CLIP: decode replaces this end-of-word suffix by a space and strips the text
    decode_suffix: str | None = None
    # Llama, Gemma (BPE classes): a `.model`'s user-defined pieces are added tokens (not special,
    # yet listed with the extra special tokens), as transformers' extractor makes them
    spm_user_defined: bool = False
    # Whisper: see PreTrainedTokenizer.decode_drop_pattern and decode_prompt_tokens
    decode_drop_pattern: str | None = None
    decode_prompt_tokens: tuple[str, str] | None = None
    # Pegasus, mBART: the extra special tokens from the class's `additional_special_tokens` argument
    # (a `.model`'s control pieces), the config's `extra_special_tokens`, and the options
    extra_tokens: Callable[[list[str], list[str], dict], list[str]] | None = None
    # CodeLlama: options naming special tokens of the model's own (`prefix_token`, ...), added
    # after the named ones and listed with them, as transformers' model-specific special tokens
    model_tokens: tuple[str, ...] = ()
    # FNet: from a `.model`, bos/eos/unk of its trainer spec over the class's defaults (transformers'
    # generic path), as for a bare `.model`
    spm_trainer_tokens: bool = False


def _model_json(source: Tokenizer) -> dict:
    return source.model.to_json()


def _bpe_of(source: Tokenizer, **settings: Any) -> BPE:
    """A BPE with `settings` and the vocabulary and merges of `source`'s model: that model itself
    when it has these settings already (its merge table is not built twice, and the worker pool
    can rebuild it from the file it was read from)."""
    model = source.model
    if isinstance(model, BPE) and model.settings_json() == BPE(**settings).settings_json():
        return model
    data = _model_json(source)
    return BPE(data["vocab"], _merges(data), **settings)


def _merges(model: dict) -> list[tuple[str, str]]:
    """tokenizer.json merges in either form (`"a b"` or `["a", "b"]`) as pairs."""
    return [tuple(m.split(" ", 1)) if isinstance(m, str) else tuple(m) for m in model.get("merges", [])]


def _build_bert(source: Tokenizer, options: dict) -> Tokenizer:
    """BERT and its copies (DistilBERT, MPNet, Funnel): BertNormalizer, BertPreTokenizer, WordPiece."""
    prefix = str(options.get("wordpieces_prefix", "##"))
    tokenizer = Tokenizer(
        WordPiece(source.model.get_vocab(), unk_token=str(options["unk_token"]), continuing_subword_prefix=prefix)
    )
    tokenizer.normalizer = normalizers.BertNormalizer(
        clean_text=bool(options.get("clean_text", True)),
        handle_chinese_chars=options["tokenize_chinese_chars"],
        strip_accents=options["strip_accents"],
        lowercase=options["do_lower_case"],
    )
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.decoder = decoders.WordPiece(prefix="##")
    return tokenizer


def _build_openai_gpt(source: Tokenizer, options: dict) -> Tokenizer:
    """OpenAI GPT: "</w>"-suffixed BPE after BERT's lowercasing normalizer and pre-tokenizer."""
    bpe = _bpe_of(source, continuing_subword_prefix="", end_of_word_suffix="</w>", fuse_unk=False, unk_token=str(options["unk_token"]))
    tokenizer = Tokenizer(bpe)
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.decoder = decoders.BPEDecoder(suffix="</w>")
    return tokenizer


def _build_clip(source: Tokenizer, options: dict) -> Tokenizer:
    """CLIP: NFC, whitespace runs to one space, lowercase; its word regex, then byte-level "</w>" BPE."""
    bpe = _bpe_of(source, continuing_subword_prefix="", end_of_word_suffix="</w>", fuse_unk=False, unk_token=str(options["unk_token"]))
    tokenizer = Tokenizer(bpe)
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.NFC(), normalizers.Replace(Regex(r"\s+"), " "), normalizers.Lowercase()]
    )
    words = Regex(r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""")
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.Split(words, behavior="removed", invert=True), pre_tokenizers.ByteLevel(add_prefix_space=False)]
    )
    tokenizer.decoder = decoders.ByteLevel()
    return tokenizer


def _build_qwen2(source: Tokenizer, options: dict) -> Tokenizer:
    """Qwen2: NFC, its pre-tokenizer regex (single digits), then byte-level BPE without the regex."""
    tokenizer = Tokenizer(_bpe_of(source, continuing_subword_prefix="", end_of_word_suffix="", fuse_unk=False))
    tokenizer.normalizer = normalizers.NFC()
    add_prefix_space = bool(options["add_prefix_space"])
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(QWEN2_PATTERN), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=add_prefix_space, use_regex=False),
        ]
    )
    tokenizer.decoder = decoders.ByteLevel()
    return tokenizer


def _funnel_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    """Funnel: BERT's template with token type 2 for the leading cls token."""
    return _cls_sep_template(tokenizer, tokens, "{cls}:2 $A:0 {sep}:0", "{cls}:2 $A:0 {sep}:0 $B:1 {sep}:1")


def _deberta_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    """DeBERTa: [CLS] A [SEP], and [CLS] A [SEP] [SEP] B [SEP] for a pair (all type 0)."""
    return _cls_sep_template(tokenizer, tokens, "{cls} $A {sep}", "{cls} $A {sep} {sep} $B {sep}")


def _cls_sep_template(tokenizer: Tokenizer, tokens: dict, single: str, pair: str) -> Any:
    """A TemplateProcessing of the cls and sep tokens, the templates naming them `{cls}`, `{sep}`."""
    cls, sep = str(tokens["cls_token"]), str(tokens["sep_token"])
    return processors.TemplateProcessing(
        single=single.format(cls=cls, sep=sep),
        pair=pair.format(cls=cls, sep=sep),
        special_tokens=[(cls, tokenizer.token_to_id(cls)), (sep, tokenizer.token_to_id(sep))],
    )


def _mpnet_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    """MPNet: RoBERTa's <s> A </s></s> B </s>, trimming offsets, no prefix space."""
    cls, sep = str(tokens["cls_token"]), str(tokens["sep_token"])
    return processors.RobertaProcessing((sep, _id_or(tokenizer, sep, 2)), (cls, _id_or(tokenizer, cls, 0)), True, False)


def _clip_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    """CLIP: bos A eos (RoBERTa's processor with bos/eos), offsets untouched."""
    bos, eos = str(tokens["bos_token"]), str(tokens["eos_token"])
    return processors.RobertaProcessing((eos, tokenizer.token_to_id(eos)), (bos, tokenizer.token_to_id(bos)), False, False)


def _codegen_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    """CodeGen: a ByteLevel post-processor (offsets only), unless the config asks for bos/eos."""
    if "add_bos_token" in options or "add_eos_token" in options:
        return bos_eos_template(
            tokens, bool(options.get("add_bos_token")), bool(options.get("add_eos_token")), tokenizer.token_to_id
        )
    return processors.ByteLevel(add_prefix_space=True, use_regex=True, trim_offsets=False)


def _bert_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    cls, sep = str(tokens["cls_token"]), str(tokens["sep_token"])
    return processors.TemplateProcessing(
        single=f"{cls}:0 $A:0 {sep}:0",
        pair=f"{cls}:0 $A:0 {sep}:0 $B:1 {sep}:1",
        special_tokens=[(cls, _id_or(tokenizer, cls, 2)), (sep, _id_or(tokenizer, sep, 3))],
    )


def _build_byte_level_bpe(source: Tokenizer, options: dict) -> Tokenizer:
    tokenizer = Tokenizer(_bpe_of(source, continuing_subword_prefix="", end_of_word_suffix="", fuse_unk=False))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=options["add_prefix_space"])
    tokenizer.decoder = decoders.ByteLevel()
    return tokenizer


def _roberta_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    sep, cls = str(tokens["sep_token"]), str(tokens["cls_token"])
    return processors.RobertaProcessing(
        (sep, tokenizer.token_to_id(sep)),
        (cls, tokenizer.token_to_id(cls)),
        trim_offsets=options["trim_offsets"],
        add_prefix_space=options["add_prefix_space"],
    )


def _build_llama(source: Tokenizer, options: dict) -> Tokenizer:
    """Llama: byte-fallback BPE after a Metaspace prefix ("first" unless legacy), no normalizer.

    From a `.model` (`options["_spm_proto"]`) the merges are transformers' `generate_merges` of
    the piece ids (not of the scores), as its LlamaTokenizer gets them.
    """
    return _llama_pipeline(source, options, unk_token=None, legacy=bool(options["legacy"]))


def _build_code_llama(source: Tokenizer, options: dict) -> Tokenizer:
    """CodeLlama: as Llama, but a piece not in the vocabulary becomes the unk token (Llama drops
    it), and the prefix goes before the first segment whatever `legacy` says."""
    unk = options.get("unk_token")
    return _llama_pipeline(source, options, unk_token=None if unk is None else str(unk), legacy=False)


def _llama_pipeline(source: Tokenizer, options: dict, unk_token: str | None, legacy: bool) -> Tokenizer:
    proto: ModelProto | None = options.get("_spm_proto")
    settings: dict[str, Any] = dict(unk_token=unk_token, fuse_unk=True, byte_fallback=True)
    if proto is not None:
        vocab = {piece.piece: id_ for id_, piece in enumerate(proto.pieces)}
        tokenizer = Tokenizer(BPE(vocab, merges_by_id(vocab), **settings))
    else:
        tokenizer = Tokenizer(_bpe_of(source, **settings))
    add_prefix_space = options["add_prefix_space"] is not False
    # transformers: a prefix space goes before every segment in legacy mode, else only the first
    scheme = ("always" if legacy else "first") if add_prefix_space else "never"
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme=scheme, split=False)
    steps = [decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse()]
    if add_prefix_space:
        steps.append(decoders.Strip(content=" ", left=1))
    tokenizer.decoder = decoders.Sequence(steps)
    return tokenizer


def _build_gemma(source: Tokenizer, options: dict) -> Tokenizer:
    """Gemma (`_spm_families.build_gemma`); from a `.model`, the merges of the piece ids."""
    proto: ModelProto | None = options.get("_spm_proto")
    if proto is not None:
        vocab = {piece.piece: id_ for id_, piece in enumerate(proto.pieces)}
        return spm.build_gemma(vocab, merges_by_id(vocab), options)
    model = _model_json(source)
    return spm.build_gemma(model["vocab"], _merges(model), options)


def _build_t5(source: Tokenizer, options: dict) -> Tokenizer:
    """T5: Unigram after the charsmap, whitespace split and a "▁" before every word.

    From a `.model` (`options["_spm_proto"]`), as transformers' T5Converter: the pieces with their
    own scores, then `<extra_id_N>` from N = extra_ids - 1 down to 0 (so `<extra_id_0>` is last).
    """
    proto: ModelProto | None = options.get("_spm_proto")
    charsmap: bytes | None
    if proto is not None:
        extra_ids = int(options.get("extra_ids", 100))
        vocab = [(piece.piece, piece.score) for piece in proto.pieces]
        vocab += [(f"<extra_id_{i}>", 0.0) for i in range(extra_ids - 1, -1, -1)]
        charsmap = proto.normalizer_spec.precompiled_charsmap or None
    else:
        vocab = [tuple(piece) for piece in _model_json(source)["vocab"]]
        charsmap = _precompiled_charsmap(source.normalizer.to_json() if source.normalizer is not None else None)
    tokenizer = Tokenizer(Unigram(vocab, unk_id=2, byte_fallback=False))
    if charsmap is not None:
        tokenizer.normalizer = normalizers.Precompiled(charsmap)
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)]
    )
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    return tokenizer


def _whisper_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    """Whisper: its prefix tokens (start of transcript, language, task, no timestamps), A, B, eos."""
    return whisper_template(tokenizer, tokens, whisper_prefix_ids(tokenizer, tokens, options))


def whisper_prefix_ids(tokenizer: Tokenizer, tokens: dict, options: dict) -> list[int | None]:
    """The ids of Whisper's prefix tokens for `options` (language, task, predict_timestamps).

    A token the vocabulary lacks counts as the unknown token, as transformers' ids lookup gives it;
    a language (a name or a code) is the token at <|startoftranscript|> + 1 + its rank, as there.
    """
    unk = tokenizer.token_to_id(str(tokens["unk_token"])) if tokens.get("unk_token") else None

    def id_of(token: str) -> int | None:
        found = tokenizer.token_to_id(token)
        return unk if found is None else found

    start = id_of("<|startoftranscript|>")
    prefix = [start]
    language, task = options.get("language"), options.get("task")
    if language is not None:
        language = str(language).lower()
        code = TO_LANGUAGE_CODE.get(language, language)
        if code not in LANGUAGE_CODES:
            known = list(TO_LANGUAGE_CODE.values()) if len(language) == 2 else list(TO_LANGUAGE_CODE)
            raise ValueError(f"Unsupported language: {language}. Language should be one of: {known}.")
        if start is None:
            raise ValueError("WhisperTokenizer: the vocabulary has neither <|startoftranscript|> nor an unknown token")
        prefix.append(start + 1 + LANGUAGE_CODES.index(code))
    if task is not None:
        if task not in ("transcribe", "translate"):
            raise ValueError(f"Unsupported task: {task}. Task should be in: ('translate', 'transcribe')")
        prefix.append(id_of(f"<|{task}|>"))
    if not options.get("predict_timestamps"):
        prefix.append(id_of("<|notimestamps|>"))
    return prefix


def whisper_template(tokenizer: Tokenizer, tokens: dict, prefix: list[int | None]) -> Any:
    """Whisper's template: the prefix tokens, A (B), then eos."""
    names = [tokenizer.id_to_token(id_) if id_ is not None else None for id_ in prefix]
    if None in names:
        raise ValueError("WhisperTokenizer: the vocabulary has neither <|startoftranscript|> nor an unknown token")
    eos = str(tokens["eos_token"])
    head = " ".join(f"{name}:0" for name in names)
    return processors.TemplateProcessing(
        single=f"{head} $A:0 {eos}:0",
        pair=f"{head} $A:0 $B:1 {eos}:1",
        special_tokens=[(eos, tokenizer.token_to_id(eos)), *zip(names, prefix)],
    )


def _t5_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    eos = str(tokens["eos_token"])
    return processors.TemplateProcessing(
        single=["$A", eos], pair=["$A", eos, "$B", eos], special_tokens=[(eos, tokenizer.token_to_id(eos))]
    )


_precompiled_charsmap = spm.precompiled_charsmap


def _id_or(tokenizer: Tokenizer, token: str, fallback: int) -> int:
    found = tokenizer.token_to_id(token)
    return fallback if found is None else found


def bos_eos_template(tokens: dict, add_bos: bool, add_eos: bool, token_id: Callable[[str], int | None]) -> Any:
    """transformers' generic post-processor: optional bos before and eos after each sequence.

    add_bos=True -> single "<s>:0 $A:0", pair "<s>:0 $A:0 <s>:1 $B:1".
    """
    bos, eos = tokens.get("bos_token"), tokens.get("eos_token")
    add_bos, add_eos = add_bos and bos is not None, add_eos and eos is not None
    single = f"{f'{bos}:0 ' if add_bos else ''}$A:0{f' {eos}:0' if add_eos else ''}"
    pair = f"{single}{f' {bos}:1' if add_bos else ''} $B:1{f' {eos}:1' if add_eos else ''}"
    special = ([(str(bos), token_id(str(bos)))] if add_bos else []) + ([(str(eos), token_id(str(eos)))] if add_eos else [])
    return processors.TemplateProcessing(single=single, pair=pair, special_tokens=special)


_BERT_TOKENS: dict[str, str | None] = {
    "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]"
}
_BERT_OPTIONS: dict[str, Any] = {"do_lower_case": True, "tokenize_chinese_chars": True, "strip_accents": None}
_ROBERTA_TOKENS: dict[str, str | None] = {
    "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>", "pad_token": "<pad>",
    "cls_token": "<s>", "mask_token": "<mask>",
}
_GPT2_TOKENS: dict[str, str | None] = {
    "bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>", "pad_token": None
}
_LSTRIP_MASK = {"mask_token": {"lstrip": True}}
_CLS_SEP_TOKENS: dict[str, str | None] = {
    "bos_token": "[CLS]", "eos_token": "[SEP]", "unk_token": "<unk>", "sep_token": "[SEP]", "pad_token": "<pad>",
    "cls_token": "[CLS]", "mask_token": "[MASK]",
}

RECIPES: dict[str, Recipe] = {
    recipe.name: recipe
    for recipe in (
        Recipe("BertTokenizer", _build_bert, _BERT_TOKENS, _BERT_OPTIONS, _bert_post_processor, TOKEN_TYPE_NAMES),
        Recipe("ConvBertTokenizer", _build_bert, _BERT_TOKENS, _BERT_OPTIONS, _bert_post_processor, TOKEN_TYPE_NAMES),
        Recipe("DistilBertTokenizer", _build_bert, _BERT_TOKENS, _BERT_OPTIONS, _bert_post_processor),
        Recipe("DPRContextEncoderTokenizer", _build_bert, _BERT_TOKENS, _BERT_OPTIONS, _bert_post_processor, TOKEN_TYPE_NAMES),
        Recipe("DPRQuestionEncoderTokenizer", _build_bert, _BERT_TOKENS, _BERT_OPTIONS, _bert_post_processor, TOKEN_TYPE_NAMES),
        Recipe("DPRReaderTokenizer", _build_bert, _BERT_TOKENS, _BERT_OPTIONS, _bert_post_processor),
        Recipe(
            "MPNetTokenizer",
            _build_bert,
            {**_ROBERTA_TOKENS, "unk_token": "[UNK]"},
            _BERT_OPTIONS,
            _mpnet_post_processor,
            token_flags=_LSTRIP_MASK,
        ),
        Recipe(
            "FunnelTokenizer",
            _build_bert,
            {
                "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "<sep>", "pad_token": "<pad>",
                "cls_token": "<cls>", "mask_token": "<mask>",
            },
            {**_BERT_OPTIONS, "clean_text": True, "wordpieces_prefix": "##"},
            _funnel_post_processor,
        ),
        Recipe("GPT2Tokenizer", _build_byte_level_bpe, _GPT2_TOKENS, {"add_prefix_space": False}),
        Recipe(
            "CodeGenTokenizer", _build_byte_level_bpe, _GPT2_TOKENS, {"add_prefix_space": False}, _codegen_post_processor
        ),
        Recipe(
            "RobertaTokenizer",
            _build_byte_level_bpe,
            _ROBERTA_TOKENS,
            {"add_prefix_space": False, "trim_offsets": True},
            _roberta_post_processor,
        ),
        Recipe(
            "DebertaTokenizer",
            _build_byte_level_bpe,
            {
                "bos_token": "[CLS]", "eos_token": "[SEP]", "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]",
                "cls_token": "[CLS]", "mask_token": "[MASK]",
            },
            {"add_prefix_space": False},
            _deberta_post_processor,
            ("input_ids", "attention_mask", "token_type_ids"),
        ),
        Recipe(
            "Qwen2Tokenizer",
            _build_qwen2,
            {"eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>", "pad_token": "<|endoftext|>", "bos_token": None},
            {"add_prefix_space": None},
        ),
        Recipe(
            "CLIPTokenizer",
            _build_clip,
            {"bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>", "pad_token": "<|endoftext|>"},
            {},
            _clip_post_processor,
            decode_suffix="</w>",
        ),
        Recipe("OpenAIGPTTokenizer", _build_openai_gpt, {"unk_token": "<unk>"}, {}),
        Recipe(
            "LlamaTokenizer",
            _build_llama,
            {"unk_token": "<unk>", "bos_token": "<s>", "eos_token": "</s>"},
            {"legacy": False, "add_prefix_space": None},
            padding_side="left",
            spm_user_defined=True,
        ),
        Recipe(
            "T5Tokenizer",
            _build_t5,
            {"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"},
            {"extra_ids": 100},
            _t5_post_processor,
            extra_tokens=spm.t5_extras,
        ),
        Recipe(
            "WhisperTokenizer",
            _build_byte_level_bpe,
            {"unk_token": "<|endoftext|>", "bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>"},
            {"add_prefix_space": False, "language": None, "task": None, "predict_timestamps": False},
            _whisper_post_processor,
            decode_drop_pattern=r"<\|(\d+\.\d+)\|>",
            decode_prompt_tokens=("<|startofprev|>", "<|startoftranscript|>"),
        ),
        Recipe(
            "XLMRobertaTokenizer", spm.build_xlm_roberta, _ROBERTA_TOKENS, {"add_prefix_space": True},
            spm.fairseq_post_processor,
        ),
        Recipe(
            "CamembertTokenizer", spm.build_camembert, _ROBERTA_TOKENS, {"add_prefix_space": True},
            spm.fairseq_post_processor, token_flags=_LSTRIP_MASK,
        ),
        Recipe(
            "AlbertTokenizer", spm.build_albert, _CLS_SEP_TOKENS,
            {"do_lower_case": True, "keep_accents": False, "add_prefix_space": True}, spm.cls_sep_post_processor,
        ),
        Recipe(
            "XLNetTokenizer", spm.build_xlnet,
            {
                "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "<sep>", "pad_token": "<pad>",
                "cls_token": "<cls>", "mask_token": "<mask>",
            },
            {"do_lower_case": False}, spm.xlnet_post_processor, padding_side="left",
            token_flags=_LSTRIP_MASK,
        ),
        Recipe(
            "DebertaV2Tokenizer", spm.build_deberta_v2,
            {
                "bos_token": "[CLS]", "eos_token": "[SEP]", "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]",
                "cls_token": "[CLS]", "mask_token": "[MASK]",
            },
            {"do_lower_case": False, "split_by_punct": False, "add_prefix_space": True}, spm.cls_sep_post_processor,
            ("input_ids", "attention_mask", "token_type_ids"),
        ),
        Recipe(
            "BigBirdTokenizer", spm.build_big_bird,
            {
                "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "[SEP]", "pad_token": "<pad>",
                "cls_token": "[CLS]", "mask_token": "[MASK]",
            },
            {"add_prefix_space": True}, spm.cls_sep_post_processor, token_flags=_LSTRIP_MASK,
        ),
        Recipe(
            "PegasusTokenizer", spm.build_pegasus,
            {"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask_2>"},
            {"mask_token_sent": "<mask_1>", "offset": 103}, spm.pegasus_post_processor,
            extra_tokens=spm.pegasus_extras,
        ),
        Recipe(
            "GemmaTokenizer", _build_gemma,
            {"unk_token": "<unk>", "bos_token": "<bos>", "eos_token": "<eos>", "pad_token": "<pad>", "mask_token": "<mask>"},
            {}, padding_side="left", spm_user_defined=True,
        ),
        Recipe(
            "MBartTokenizer", spm.build_mbart, _ROBERTA_TOKENS, {"src_lang": None, "tgt_lang": None},
            spm.mbart_post_processor, token_flags=_LSTRIP_MASK, extra_tokens=spm.mbart_extras,
        ),
        Recipe(
            "MBart50Tokenizer", spm.build_mbart50, {**_ROBERTA_TOKENS, "bos_token": None},
            {"src_lang": None, "tgt_lang": None}, spm.mbart50_post_processor, token_flags=_LSTRIP_MASK,
            extra_tokens=spm.mbart50_extras,
        ),
        Recipe(
            "CodeLlamaTokenizer", _build_code_llama,
            {"unk_token": "<unk>", "bos_token": "<s>", "eos_token": "</s>"},
            {"legacy": False, "add_prefix_space": True, "add_bos_token": True, "add_eos_token": False,
             "prefix_token": "▁<PRE>", "middle_token": "▁<MID>", "suffix_token": "▁<SUF>", "eot_token": "▁<EOT>",
             "fill_token": "<FILL_ME>"},
            padding_side="left", spm_user_defined=True, extra_tokens=spm.code_llama_extras,
            model_tokens=spm.CODE_LLAMA_TOKENS,
        ),
        Recipe(
            "NllbTokenizer", translation.build_nllb, _ROBERTA_TOKENS,
            {"src_lang": None, "tgt_lang": None, "legacy_behaviour": False}, translation.nllb_post_processor,
            token_flags={"mask_token": {"lstrip": True, "normalized": True}}, extra_tokens=translation.nllb_extras,
        ),
        Recipe(
            "XGLMTokenizer", more_spm.build_xglm, {k: v for k, v in _ROBERTA_TOKENS.items() if k != "mask_token"},
            {"add_prefix_space": True},
            more_spm.xglm_post_processor, extra_tokens=more_spm.xglm_extras,
        ),
        Recipe(
            "RemBertTokenizer", more_spm.build_rembert, _CLS_SEP_TOKENS,
            {"do_lower_case": False, "keep_accents": True, "add_prefix_space": True, "remove_space": True},
            more_spm.rembert_post_processor, extra_tokens=more_spm.spm_extras,
        ),
        Recipe(
            "ReformerTokenizer", more_spm.build_reformer, {"eos_token": "</s>", "unk_token": "<unk>"}, {},
            extra_tokens=more_spm.reformer_extras,
        ),
        Recipe(
            "FNetTokenizer", more_spm.build_fnet, _CLS_SEP_TOKENS,
            {"do_lower_case": True, "keep_accents": False, "add_prefix_space": True, "trim_offsets": True, "legacy": True},
            model_input_names=("input_ids", "token_type_ids"), spm_trainer_tokens=True, extra_tokens=more_spm.spm_extras,
        ),
        Recipe(
            "SeamlessM4TTokenizer", more_spm.build_seamless_m4t,
            {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>", "pad_token": "<pad>",
             "cls_token": "<s>"},
            {"src_lang": "eng", "tgt_lang": "fra"}, more_spm.seamless_m4t_post_processor, spm_user_defined=True,
            extra_tokens=more_spm.reformer_extras,
        ),
        Recipe(
            "BarthezTokenizer", more_spm.build_barthez, _ROBERTA_TOKENS, {"add_prefix_space": True},
            token_flags=_LSTRIP_MASK, extra_tokens=more_spm.spm_extras,
        ),
    )
}


def find_recipe(tokenizer_class: str | None) -> Recipe | None:
    """The recipe of a tokenizer_config "tokenizer_class" ("BertTokenizerFast" and transformers'
    aliases such as "ElectraTokenizer" count as "BertTokenizer")."""
    if not tokenizer_class:
        return None
    return RECIPES.get(canonical_class(tokenizer_class))
