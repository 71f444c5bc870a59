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
from ..tokenizer.tokenizer import Tokenizer

TOKEN_TYPE_NAMES = ("input_ids", "token_type_ids", "attention_mask")
PLAIN_NAMES = ("input_ids", "attention_mask")


@dataclass(frozen=True)
class Recipe:
    """One transformers tokenizer class: its pipeline, default special tokens and options.

    `post_processor` is None for classes that keep the source's post-processor (or the generic
    bos/eos template when there is none); otherwise it builds one from the special tokens.
    """

    name: str
    build: Callable[[Tokenizer, dict], Tokenizer]
    special_tokens: dict[str, str | None]
    options: dict[str, Any] = field(default_factory=dict)
    post_processor: Callable[[Tokenizer, dict, dict], Any] | None = None
    model_input_names: tuple[str, ...] = PLAIN_NAMES
    padding_side: str = "right"


def _model_json(source: Tokenizer) -> dict:
    return source.model.to_json()


def _merges(model: dict) -> list[tuple[str, str]]:
    """tokenizer.json merges in either form (`"a b"` or `["a", "b"]`) as pairs."""
    return [tuple(m.split(" ", 1)) if isinstance(m, str) else tuple(m) for m in model.get("merges", [])]


def _build_bert(source: Tokenizer, options: dict) -> Tokenizer:
    tokenizer = Tokenizer(WordPiece(source.model.get_vocab(), unk_token=str(options["unk_token"])))
    tokenizer.normalizer = normalizers.BertNormalizer(
        clean_text=True,
        handle_chinese_chars=options["tokenize_chinese_chars"],
        strip_accents=options["strip_accents"],
        lowercase=options["do_lower_case"],
    )
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.decoder = decoders.WordPiece(prefix="##")
    return tokenizer


def _bert_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    cls, sep = str(tokens["cls_token"]), str(tokens["sep_token"])
    return processors.TemplateProcessing(
        single=f"{cls}:0 $A:0 {sep}:0",
        pair=f"{cls}:0 $A:0 {sep}:0 $B:1 {sep}:1",
        special_tokens=[(cls, _id_or(tokenizer, cls, 2)), (sep, _id_or(tokenizer, sep, 3))],
    )


def _build_byte_level_bpe(source: Tokenizer, options: dict) -> Tokenizer:
    model = _model_json(source)
    tokenizer = Tokenizer(
        BPE(model["vocab"], _merges(model), continuing_subword_prefix="", end_of_word_suffix="", fuse_unk=False)
    )
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
    model = _model_json(source)
    tokenizer = Tokenizer(BPE(model["vocab"], _merges(model), fuse_unk=True, byte_fallback=True))
    add_prefix_space = options["add_prefix_space"] is not False
    # transformers: a prefix space goes before every segment in legacy mode, else only the first
    scheme = ("always" if options["legacy"] else "first") if add_prefix_space else "never"
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme=scheme, split=False)
    steps = [decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse()]
    if add_prefix_space:
        steps.append(decoders.Strip(content=" ", left=1))
    tokenizer.decoder = decoders.Sequence(steps)
    return tokenizer


def _build_t5(source: Tokenizer, options: dict) -> Tokenizer:
    model = _model_json(source)
    tokenizer = Tokenizer(Unigram([tuple(piece) for piece in model["vocab"]], unk_id=2, byte_fallback=False))
    charsmap = _precompiled_charsmap(source.normalizer.to_json() if source.normalizer is not None else None)
    if charsmap is not None:
        tokenizer.normalizer = normalizers.Precompiled(charsmap)
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)]
    )
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    return tokenizer


def _t5_post_processor(tokenizer: Tokenizer, tokens: dict, options: dict) -> Any:
    eos = str(tokens["eos_token"])
    return processors.TemplateProcessing(
        single=["$A", eos], pair=["$A", eos, "$B", eos], special_tokens=[(eos, tokenizer.token_to_id(eos))]
    )


def _precompiled_charsmap(normalizer: dict | None) -> bytes | None:
    """The Precompiled charsmap of a normalizer (searched inside a Sequence), or None."""
    import base64

    if not normalizer:
        return None
    for entry in normalizer.get("normalizers", [normalizer]):
        if entry.get("type") == "Precompiled" and entry.get("precompiled_charsmap"):
            return base64.b64decode(entry["precompiled_charsmap"])
    return None


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


RECIPES: dict[str, Recipe] = {
    recipe.name: recipe
    for recipe in (
        Recipe(
            "BertTokenizer",
            _build_bert,
            {"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]"},
            {"do_lower_case": True, "tokenize_chinese_chars": True, "strip_accents": None},
            _bert_post_processor,
            model_input_names=TOKEN_TYPE_NAMES,
        ),
        Recipe(
            "GPT2Tokenizer",
            _build_byte_level_bpe,
            {"unk_token": "<|endoftext|>", "bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>", "pad_token": None},
            {"add_prefix_space": False},
        ),
        Recipe(
            "RobertaTokenizer",
            _build_byte_level_bpe,
            {
                "bos_token": "<s>",
                "eos_token": "</s>",
                "sep_token": "</s>",
                "cls_token": "<s>",
                "unk_token": "<unk>",
                "pad_token": "<pad>",
                "mask_token": "<mask>",
            },
            {"add_prefix_space": False, "trim_offsets": True},
            _roberta_post_processor,
        ),
        Recipe(
            "LlamaTokenizer",
            _build_llama,
            {"unk_token": "<unk>", "bos_token": "<s>", "eos_token": "</s>"},
            {"legacy": False, "add_prefix_space": None},
            padding_side="left",
        ),
        Recipe(
            "T5Tokenizer",
            _build_t5,
            {"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"},
            {"extra_ids": 100},
            _t5_post_processor,
        ),
    )
}


def find_recipe(tokenizer_class: str | None) -> Recipe | None:
    """The recipe of a tokenizer_config "tokenizer_class" ("BertTokenizerFast" counts as "BertTokenizer")."""
    if not tokenizer_class:
        return None
    name = tokenizer_class[: -len("Fast")] if tokenizer_class.endswith("Fast") else tokenizer_class
    return RECIPES.get(name)
