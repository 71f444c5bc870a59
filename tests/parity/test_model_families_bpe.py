"""Pipelines of popular BPE-family models, rebuilt as tokenizer.json documents, against `tokenizers`.

We do not ship those models' files, so each document is written by hand after the structure of
the model's published tokenizer.json (Llama 3, GPT-4o, Qwen2, DeepSeek, GPT-NeoX, Falcon, BLOOM,
StarCoder, CLIP, Whisper, Phi, Gemma, Llama 2) around a vocabulary we do have (GPT-2's, Mistral's)
or one the Rust trainer learns on the fly. Both packages load the same document, and every
Encoding field, decoding, batches and the special-token switches are compared.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Callable

import pytest
import tokenizers
from hypothesis import given
from hypothesis import strategies as st

import subword
from tests.parity._compare import assert_same_decode, assert_same_encode, compare_texts
from tests.shared_data import corpus_files, corpus_lines, fixture_path

# -- the vocabularies ------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _model_of(relative: str) -> str:
    """The "model" entry of a fixture tokenizer.json, as JSON text (copied per use)."""
    return json.dumps(json.loads(fixture_path(relative).read_text(encoding="utf-8"))["model"])


def _bpe(relative: str, **overrides: Any) -> dict:
    model = json.loads(_model_of(relative))
    model.update(overrides)
    return model


@lru_cache(maxsize=None)
def _trained_model(suffix: str) -> str:
    """A small byte-level BPE learned by the Rust trainer (lowercased, words end with `suffix`)."""
    tokenizer = tokenizers.Tokenizer(tokenizers.models.BPE(end_of_word_suffix=suffix))
    tokenizer.normalizer = tokenizers.normalizers.Lowercase()
    tokenizer.pre_tokenizer = tokenizers.pre_tokenizers.ByteLevel(add_prefix_space=False)
    trainer = tokenizers.trainers.BpeTrainer(
        vocab_size=1200,
        end_of_word_suffix=suffix,
        initial_alphabet=tokenizers.pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    lines = [line for path in corpus_files() for line in corpus_lines(path, 60)]
    if not lines:
        pytest.skip("the shared corpora are absent (set SUBWORD_SHARED to the shared/ folder)")
    tokenizer.train_from_iterator(lines, trainer)
    return json.dumps(json.loads(tokenizer.to_str())["model"])


def _added(content: str, id: int, special: bool = True, **flags: Any) -> dict:
    token = {"id": id, "content": content, "single_word": False, "lstrip": False, "rstrip": False}
    token.update({"normalized": not special, "special": special})
    token.update(flags)
    return token


def _specials(model: dict, contents: list[str]) -> list[dict]:
    """Special tokens appended after the model's vocabulary, as Llama 3 / Qwen2 / Whisper do."""
    start = len(model["vocab"])
    return [_added(content, start + index) for index, content in enumerate(contents)]


def _document(model: dict, added_tokens: list[dict] = (), **stages: Any) -> str:
    document = {"version": "1.0", "truncation": None, "padding": None, "added_tokens": list(added_tokens)}
    for stage in ("normalizer", "pre_tokenizer", "post_processor", "decoder"):
        document[stage] = stages.get(stage)
    document["model"] = model
    return json.dumps(document)


# -- the pieces the families share -----------------------------------------------------------

CONTRACTIONS = "(?i:'s|'t|'re|'ve|'m|'ll|'d)"
LLAMA3_REGEX = (
    CONTRACTIONS + r"|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)
QWEN2_REGEX = (
    CONTRACTIONS + r"|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)
O200K_REGEX = "|".join(
    [
        r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+" + CONTRACTIONS + "?",
        r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*" + CONTRACTIONS + "?",
        r"\p{N}{1,3}",
        r" ?[^\s\p{L}\p{N}]+[\r\n/]*",
        r"\s*[\r\n]+",
        r"\s+(?!\S)",
        r"\s+",
    ]
)
CLIP_REGEX = (
    r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+"""
)
BLOOM_REGEX = " ?[^(\\s|[.,!?…。，、।۔،])]+"


def _split(regex: str, behavior: str = "Isolated", invert: bool = False) -> dict:
    return {"type": "Split", "pattern": {"Regex": regex}, "behavior": behavior, "invert": invert}


def _byte_level(add_prefix_space: bool = False, trim_offsets: bool = True, use_regex: bool = True) -> dict:
    return {
        "type": "ByteLevel",
        "add_prefix_space": add_prefix_space,
        "trim_offsets": trim_offsets,
        "use_regex": use_regex,
    }


def _sequence(kind: str, items: list[dict]) -> dict:
    key = {"pre_tokenizer": "pretokenizers", "normalizer": "normalizers", "decoder": "decoders"}[kind]
    return {"type": "Sequence", key: items}


def _template(single: str, pair: str, specials: dict[str, int]) -> dict:
    def pieces(spec: str) -> list[dict]:
        out = []
        for part in spec.split():
            name, _, type_id = part.partition(":")
            type_id = int(type_id or 0)
            if name in ("$A", "$B"):
                out.append({"Sequence": {"id": name[1], "type_id": type_id}})
            else:
                out.append({"SpecialToken": {"id": name, "type_id": type_id}})
        return out

    tokens = {name: {"id": name, "ids": [id], "tokens": [name]} for name, id in specials.items()}
    return {
        "type": "TemplateProcessing",
        "single": pieces(single),
        "pair": pieces(pair),
        "special_tokens": tokens,
    }


def _metaspace(prepend_scheme: str = "always", split: bool = True) -> dict:
    return {"type": "Metaspace", "replacement": "▁", "prepend_scheme": prepend_scheme, "split": split}


SENTENCEPIECE_DECODERS = [
    {"type": "Replace", "pattern": {"String": "▁"}, "content": " "},
    {"type": "ByteFallback"},
    {"type": "Fuse"},
]
STRIP_ONE_SPACE = {"type": "Strip", "content": " ", "start": 1, "stop": 0}


# -- the families ----------------------------------------------------------------------------


def _llama3(
    ignore_merges: bool = True,
    regex: str = LLAMA3_REGEX,
    trim_offsets: bool = False,
    add_prefix_space: bool = False,
) -> str:
    model = _bpe("gpt2/tokenizer.json", ignore_merges=ignore_merges)
    added = _specials(
        model, ["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>"]
    )
    added += [_added(f"<|reserved_special_token_{i}|>", added[-1]["id"] + 1 + i) for i in range(3)]
    added += [_added("日本🤗", added[-1]["id"] + 1, special=False, normalized=False)]
    bos = added[0]["id"]
    return _document(
        model,
        added,
        pre_tokenizer=_sequence(
            "pre_tokenizer", [_split(regex), _byte_level(add_prefix_space, use_regex=False)]
        ),
        post_processor={
            "type": "Sequence",
            "processors": [
                _byte_level(add_prefix_space=True, trim_offsets=trim_offsets),
                _template(
                    "<|begin_of_text|> $A",
                    "<|begin_of_text|> $A <|begin_of_text|>:1 $B:1",
                    {"<|begin_of_text|>": bos},
                ),
            ],
        },
        decoder=_byte_level(add_prefix_space=True),
    )


def _qwen2() -> str:
    model = _bpe("gpt2/tokenizer.json")
    return _document(
        model,
        _specials(model, ["<|endoftext|>", "<|im_start|>", "<|im_end|>"])[1:]
        + [_added("<|endoftext|>", model["vocab"]["<|endoftext|>"])],
        normalizer={"type": "NFC"},
        pre_tokenizer=_sequence("pre_tokenizer", [_split(QWEN2_REGEX), _byte_level(use_regex=False)]),
        post_processor=_byte_level(trim_offsets=False),
        decoder=_byte_level(),
    )


def _deepseek() -> str:
    """DeepSeek-V2/V3: a chain of Splits (numbers, CJK runs, punctuation, then GPT-2's regex)."""
    model = _bpe("gpt2/tokenizer.json")
    splits = [
        _split(r"\p{N}{1,3}"),
        _split("[一-龥\u3040-ゟ゠-ヿ]+"),
        _split(r"[\r\n]"),
        _split(
            r"\s?[A-Za-zµÀ-ÖØ-öø-ƺƼ-ƿǄ-ʓʕ-ʯͰ-ͳͶͷͻ-ͽͿΆΈ-ΊΌΎ-ΡΣ-ϵϷ-ҁҊ-ԯԱ-ՖႠ-ჅᎠ-Ᏽᏸ-ᏽᲐ-ᲺᲽ-Ჿᴀ-ᴫᵫ-ᵷᵹ-ᶚḀ-ἕＡ-Ｚａ-ｚ𐐀-𐑏]+"
        ),
        _split(r"\s?[!-/:-~！-／：-～‘-‟　-。]+"),
        _split(r"\s+$"),
        _split(r"[^\s\p{L}\p{N}]+"),
        _byte_level(use_regex=False),
    ]
    bos = _added("<｜begin▁of▁sentence｜>", len(model["vocab"]))
    return _document(
        model,
        [bos, _added("<｜end▁of▁sentence｜>", bos["id"] + 1)],
        pre_tokenizer=_sequence("pre_tokenizer", splits),
        post_processor=_template(
            bos["content"] + " $A",
            bos["content"] + " $A " + bos["content"] + " $B:1",
            {bos["content"]: bos["id"]},
        ),
        decoder=_byte_level(),
    )


def _neox(trim_offsets: bool = True) -> str:
    """GPT-NeoX / Pythia: NFC, GPT-2's byte-level, and added tokens made of whitespace runs."""
    model = _bpe("gpt2/tokenizer.json")
    start = len(model["vocab"])
    added = [_added("<|padding|>", start)]
    added += [_added(" " * width, start + width, special=False) for width in (2, 3, 4, 8, 16)]
    added += [
        _added("\t\t", start + 20, special=False),
        _added("<|endoftext|>", model["vocab"]["<|endoftext|>"]),
    ]
    return _document(
        model,
        added,
        normalizer={"type": "NFC"},
        pre_tokenizer=_byte_level(trim_offsets=trim_offsets),
        post_processor=_byte_level(trim_offsets=trim_offsets),
        decoder=_byte_level(),
    )


def _falcon() -> str:
    model = _bpe("gpt2/tokenizer.json")
    added = [
        _added(content, len(model["vocab"]) + i)
        for i, content in enumerate([">>TITLE<<", ">>ABSTRACT<<", ">>COMMENT<<"])
    ]
    pre = [
        {"type": "Punctuation", "behavior": "Contiguous"},
        _byte_level(),
        {"type": "Digits", "individual_digits": False},
        _split("[0-9][0-9][0-9]"),
    ]
    return _document(
        model,
        added + [_added("<|endoftext|>", model["vocab"]["<|endoftext|>"])],
        pre_tokenizer=_sequence("pre_tokenizer", pre),
        post_processor=_byte_level(add_prefix_space=True, trim_offsets=False),
        decoder=_byte_level(),
    )


def _bloom() -> str:
    model = _bpe("gpt2/tokenizer.json")
    added = [
        _added(content, len(model["vocab"]) + i)
        for i, content in enumerate(["<unk>", "<s>", "</s>", "<pad>"])
    ]
    return _document(
        model,
        added,
        pre_tokenizer=_sequence("pre_tokenizer", [_split(BLOOM_REGEX), _byte_level(use_regex=False)]),
        post_processor=_byte_level(trim_offsets=False),
        decoder=_byte_level(),
    )


def _starcoder() -> str:
    model = _bpe("gpt2/tokenizer.json")
    added = [
        _added(content, len(model["vocab"]) + i)
        for i, content in enumerate(
            ["<fim_prefix>", "<fim_middle>", "<fim_suffix>", "<fim_pad>", "<filename>"]
        )
    ]
    return _document(
        model,
        added,
        pre_tokenizer=_sequence(
            "pre_tokenizer", [{"type": "Digits", "individual_digits": True}, _byte_level()]
        ),
        post_processor=_byte_level(trim_offsets=False),
        decoder=_byte_level(),
    )


def _clip() -> str:
    model = json.loads(_trained_model("</w>"))
    model.update(
        unk_token="<|endoftext|>", continuing_subword_prefix="", end_of_word_suffix="</w>", fuse_unk=False
    )
    start, end = len(model["vocab"]), len(model["vocab"]) + 1
    model["vocab"].update({"<|startoftext|>": start, "<|endoftext|>": end})
    return _document(
        model,
        [_added("<|startoftext|>", start, normalized=True), _added("<|endoftext|>", end, normalized=True)],
        normalizer=_sequence(
            "normalizer",
            [
                {"type": "NFC"},
                {"type": "Replace", "pattern": {"Regex": r"\s+"}, "content": " "},
                {"type": "Lowercase"},
            ],
        ),
        pre_tokenizer=_sequence(
            "pre_tokenizer", [_split(CLIP_REGEX, "Removed", invert=True), _byte_level(use_regex=False)]
        ),
        post_processor={
            "type": "RobertaProcessing",
            "sep": ["<|endoftext|>", end],
            "cls": ["<|startoftext|>", start],
            "trim_offsets": False,
            "add_prefix_space": False,
        },
        decoder={"type": "BPEDecoder", "suffix": "</w>"},
    )


def _whisper() -> str:
    model = _bpe("gpt2/tokenizer.json")
    names = ["<|endoftext|>", "<|startoftranscript|>", "<|en|>", "<|fr|>", "<|translate|>", "<|transcribe|>"]
    names += ["<|notimestamps|>"] + [f"<|{seconds / 50:.2f}|>" for seconds in range(0, 6)]
    added = [_added(name, len(model["vocab"]) - 1 + i) for i, name in enumerate(names)]
    for token in added[-3:]:
        token.update(special=False, normalized=True)
    ids = {token["content"]: token["id"] for token in added}
    return _document(
        model,
        added,
        pre_tokenizer=_byte_level(),
        post_processor=_template(
            "<|startoftranscript|> <|notimestamps|> $A <|endoftext|>",
            "<|startoftranscript|> <|notimestamps|> $A $B:1 <|endoftext|>:1",
            {name: ids[name] for name in ("<|startoftranscript|>", "<|notimestamps|>", "<|endoftext|>")},
        ),
        decoder=_byte_level(),
    )


def _phi() -> str:
    """Phi-2 / CodeGen: whitespace-run added tokens with every strip/normalization variant."""
    model = _bpe("gpt2/tokenizer.json")
    start = len(model["vocab"])
    variants = [
        {},
        {"normalized": False},
        {"lstrip": True},
        {"rstrip": True, "normalized": False},
        {"single_word": True},
    ]
    added = [
        _added(" " * (width + 2), start + width, special=False, **variants[width % len(variants)])
        for width in range(0, 30, 3)
    ]
    added += [
        _added("\t" * 4, start + 40, special=False, normalized=False),
        _added("<|endoftext|>", model["vocab"]["<|endoftext|>"]),
    ]
    return _document(
        model,
        added,
        pre_tokenizer=_byte_level(),
        post_processor=_byte_level(trim_offsets=False),
        decoder=_byte_level(),
    )


def _gemma() -> str:
    """Gemma: spaces replaced by ▁, no pre-tokenizer, byte fallback, no Strip decoder."""
    model = _bpe("mistral-7b/tokenizer.json")
    added = [
        _added("<unk>", 0),
        _added("<s>", 1),
        _added("</s>", 2),
        _added("<start_of_turn>", len(model["vocab"])),
    ]
    added.append(_added("\t\t", len(model["vocab"]) + 1, special=False, normalized=False))
    return _document(
        model,
        added,
        normalizer={"type": "Replace", "pattern": {"String": " "}, "content": "▁"},
        post_processor=_template("<s> $A", "<s> $A <s>:1 $B:1", {"<s>": 1}),
        decoder=_sequence("decoder", SENTENCEPIECE_DECODERS),
    )


def _phi3() -> str:
    """Phi-3: Llama 2's pipeline with chat tokens that swallow the spaces after them (rstrip)."""
    document = json.loads(_llama2_normalizer())
    start = len(document["model"]["vocab"])
    chat = ["<|assistant|>", "<|end|>", "<|user|>", "<|system|>"]
    document["added_tokens"] += [
        _added(name, start + i, rstrip=True, normalized=False) for i, name in enumerate(chat)
    ]
    document["added_tokens"] += [
        _added("<|placeholder|>", start + 9, special=False, lstrip=True, normalized=True)
    ]
    return json.dumps(document)


def _command_r() -> str:
    """Command-R: NFC, digits one by one, GPT-2's byte-level, BOS/EOS template."""
    model = _bpe("gpt2/tokenizer.json")
    added = _specials(model, ["<BOS_TOKEN>", "<|END_OF_TURN_TOKEN|>", "<|USER_TOKEN|>"])
    bos, eos = added[0]["id"], model["vocab"]["<|endoftext|>"]
    return _document(
        model,
        added + [_added("<|endoftext|>", eos)],
        normalizer={"type": "NFC"},
        pre_tokenizer=_sequence(
            "pre_tokenizer", [{"type": "Digits", "individual_digits": True}, _byte_level()]
        ),
        post_processor=_template(
            "<BOS_TOKEN> $A <|endoftext|>",
            "<BOS_TOKEN> $A <|endoftext|> <BOS_TOKEN>:1 $B:1 <|endoftext|>:1",
            {"<BOS_TOKEN>": bos, "<|endoftext|>": eos},
        ),
        decoder=_byte_level(),
    )


def _llama2_metaspace(
    prepend_scheme: str = "first", split: bool = False, metaspace_decoder: bool = False
) -> str:
    """Llama 2 / Mistral as converted today: a Metaspace pre-tokenizer instead of the normalizer."""
    model = _bpe("mistral-7b/tokenizer.json")
    added = [_added("<unk>", 0), _added("<s>", 1), _added("</s>", 2), _added("[INST]", len(model["vocab"]))]
    if metaspace_decoder:
        decoder = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": prepend_scheme, "split": split}
    else:
        decoder = _sequence("decoder", SENTENCEPIECE_DECODERS + [STRIP_ONE_SPACE])
    return _document(
        model,
        added,
        pre_tokenizer=_metaspace(prepend_scheme, split),
        post_processor=_template("<s> $A </s>", "<s> $A </s> <s>:1 $B:1 </s>:1", {"<s>": 1, "</s>": 2}),
        decoder=decoder,
    )


def _llama2_normalizer(dropout_free_byte_fallback: bool = True) -> str:
    """Llama 2 as first converted: Prepend + Replace normalizers, ByteFallback + Fuse + Strip decoders."""
    model = _bpe("mistral-7b/tokenizer.json", byte_fallback=dropout_free_byte_fallback)
    added = [_added("<unk>", 0), _added("<s>", 1), _added("</s>", 2)]
    return _document(
        model,
        added,
        normalizer=_sequence(
            "normalizer",
            [
                {"type": "Prepend", "prepend": "▁"},
                {"type": "Replace", "pattern": {"String": " "}, "content": "▁"},
            ],
        ),
        post_processor=_template("<s> $A", "<s> $A <s>:1 $B:1", {"<s>": 1}),
        decoder=_sequence("decoder", SENTENCEPIECE_DECODERS + [STRIP_ONE_SPACE]),
    )


def _herbert() -> str:
    """HerBERT / XLM style: BERT's normalizer and pre-tokenizer around a BPE with a "</w>" suffix."""
    model = json.loads(_trained_model("</w>"))
    start = len(model["vocab"])
    names = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    model["vocab"].update({name: start + index for index, name in enumerate(names)})
    model.update(unk_token="<unk>", end_of_word_suffix="</w>", fuse_unk=False)
    return _document(
        model,
        [_added(name, start + index) for index, name in enumerate(names)],
        normalizer={
            "type": "BertNormalizer",
            "clean_text": True,
            "handle_chinese_chars": True,
            "strip_accents": None,
            "lowercase": False,
        },
        pre_tokenizer={"type": "BertPreTokenizer"},
        post_processor={"type": "BertProcessing", "sep": ["</s>", start + 2], "cls": ["<s>", start]},
        decoder={"type": "BPEDecoder", "suffix": "</w>"},
    )


def _continuing_prefix(suffix: str = "") -> str:
    """A BPE whose inner pieces carry "##" (and words maybe a suffix), learned by the Rust trainer."""
    options = {"continuing_subword_prefix": "##", **({"end_of_word_suffix": suffix} if suffix else {})}
    tokenizer = tokenizers.Tokenizer(tokenizers.models.BPE(unk_token="[UNK]", **options))
    tokenizer.pre_tokenizer = tokenizers.pre_tokenizers.Whitespace()
    trainer = tokenizers.trainers.BpeTrainer(
        vocab_size=900, special_tokens=["[UNK]"], show_progress=False, **options
    )
    lines = [line for path in corpus_files()[:6] for line in corpus_lines(path, 60)]
    if not lines:
        pytest.skip("the shared corpora are absent (set SUBWORD_SHARED to the shared/ folder)")
    tokenizer.train_from_iterator(lines, trainer)
    document = json.loads(tokenizer.to_str())
    document["decoder"] = (
        {"type": "WordPiece", "prefix": "##", "cleanup": True}
        if not suffix
        else {"type": "BPEDecoder", "suffix": suffix}
    )
    return json.dumps(document)


def _wiki(**model_overrides: Any) -> str:
    """tokenizer-wiki's BPE with the Whitespace pre-tokenizer and model options changed."""
    model = _bpe("hf-tokenizers-testdata/tokenizer-wiki.json", **model_overrides)
    return _document(
        model,
        [_added(name, index) for index, name in enumerate(["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"])],
        normalizer={"type": "NFKC"},
        pre_tokenizer=None if model_overrides.get("byte_fallback") else {"type": "Whitespace"},
        post_processor=_template("[CLS] $A [SEP]", "[CLS] $A [SEP] $B:1 [SEP]:1", {"[CLS]": 1, "[SEP]": 2}),
        decoder=_sequence(
            "decoder",
            [
                {"type": "ByteFallback"},
                {"type": "Fuse"},
                {"type": "Strip", "content": "a", "start": 2, "stop": 0},
            ],
        ),
    )


def _split_behaviors(behavior: str, invert: bool) -> str:
    model = _bpe("gpt2/tokenizer.json")
    return _document(
        model,
        [_added("<|endoftext|>", model["vocab"]["<|endoftext|>"])],
        pre_tokenizer=_sequence(
            "pre_tokenizer", [_split(r"\s+|\p{P}", behavior, invert), _byte_level(use_regex=False)]
        ),
        post_processor=_byte_level(trim_offsets=True),
        decoder=_byte_level(),
    )


FAMILIES: dict[str, Callable[[], str]] = {
    "llama3": _llama3,
    "llama3-merges": lambda: _llama3(ignore_merges=False),
    "llama3-trimmed": lambda: _llama3(trim_offsets=True),
    "llama3-prefix-space": lambda: _llama3(trim_offsets=True, add_prefix_space=True),
    "phi3": _phi3,
    "command-r": _command_r,
    "gpt4o": lambda: _llama3(regex=O200K_REGEX),
    "qwen2": _qwen2,
    "deepseek": _deepseek,
    "neox": _neox,
    "neox-untrimmed": lambda: _neox(trim_offsets=False),
    "falcon": _falcon,
    "bloom": _bloom,
    "starcoder": _starcoder,
    "clip": _clip,
    "whisper": _whisper,
    "phi": _phi,
    "gemma": _gemma,
    "llama2-metaspace-first": _llama2_metaspace,
    "llama2-metaspace-always-split": lambda: _llama2_metaspace("always", True, metaspace_decoder=True),
    "llama2-metaspace-never": lambda: _llama2_metaspace("never", False, metaspace_decoder=True),
    "llama2-normalizer": _llama2_normalizer,
    "llama2-no-byte-fallback": lambda: _llama2_normalizer(False),
    "herbert": _herbert,
    "continuing-prefix": _continuing_prefix,
    "continuing-prefix-and-suffix": lambda: _continuing_prefix("</w>"),
    "wiki-fused-unk": lambda: _wiki(fuse_unk=True),
    "wiki-byte-fallback-without-byte-tokens": lambda: _wiki(byte_fallback=True, fuse_unk=True),
    "wiki-dropout-one": lambda: _wiki(dropout=1.0),
    "wiki-dropout-one-ignore-merges": lambda: _wiki(dropout=1.0, ignore_merges=True),
    **{
        f"split-{behavior}{'-inverted' if invert else ''}": (
            lambda b=behavior, i=invert: _split_behaviors(b, i)
        )
        for behavior in ("Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous")
        for invert in (False, True)
    },
}


@lru_cache(maxsize=None)
def _document_of(name: str) -> str:
    return FAMILIES[name]()


def _pair(name: str) -> tuple[Any, Any]:
    document = _document_of(name)
    return subword.Tokenizer.from_str(document), tokenizers.Tokenizer.from_str(document)


@lru_cache(maxsize=None)
def shared_pair(name: str) -> tuple[Any, Any]:
    """A (subword, tokenizers) pair for read-only use; tests that change settings build their own."""
    return _pair(name)


# -- the texts -------------------------------------------------------------------------------

# Code points Unicode assigned after Oniguruma's version (the `regex` module knows them), and
# U+0295, whose category changed from Ll to Lo
NEWER_UNICODE = (
    "a\u088fb \u0c5c\ua7ce\ua7cfx \U00010940\U00011de0\U00011de1 \U00016ea0 \U0002b73a"
    " \u20c1$ \u0295ʕa 1\U00011de0"
)
SPECIAL_TEXTS = [
    "Hello world! It's 2024, isn't it? I'LL say: WE'VE 1234567 items.",
    "  leading and trailing spaces   ",
    "tabs\tand\nnew\r\nlines\n\n\nend",
    "<|begin_of_text|>Hi<|end_of_text|> <|start_header_id|>user<|end_header_id|>\n\nyo",
    "<|im_start|>system\nYou are helpful.<|im_end|>\n<|endoftext|>",
    "<s>[INST] question [/INST] answer</s>",
    "<|startoftext|>A photo of a CAT<|endoftext|>",
    "<|startoftranscript|><|en|><|transcribe|><|0.00|> hi<|0.10|>",
    "<|user|>  hi there <|end|>\n<|assistant|> <|placeholder|> ok<|end|>  ",
    "<BOS_TOKEN>日本🤗 x日本🤗y <|END_OF_TURN_TOKEN|>",
    ">>TITLE<< Falcon >>ABSTRACT<<",
    "<fim_prefix>def f(x):\n    return x<fim_suffix>",
    "def f():\n        return 1\n\t\t\t\tpass\n" + " " * 17 + "x",
    "café Café CAFÉ cafe\u0301 Å Å",
    "日本語のテキスト、中文字符。한국어",
    "emoji 🤗👍🏽🇫🇷 and \u200bzero\u200dwidth",
    "numbers 1 12 123 1234 12345 3.14159 ١٢٣",
    "dots... ?!?! «quoted» — dash – 10%",
    "\u0000 \u0007 \ufeff\u00a0nbsp\u3000ideo",
    "▁already▁has▁metaspace ▁",
    NEWER_UNICODE,
    "a" * 120 + " " + "é" * 40,
    " ",
    "",
]
PAIRS = [(SPECIAL_TEXTS[i], SPECIAL_TEXTS[-2 - i]) for i in range(0, len(SPECIAL_TEXTS) - 1, 2)]


NAMES = list(FAMILIES)


@pytest.mark.parametrize("name", NAMES)
def test_document_loads_and_round_trips(name):
    ours, rust = shared_pair(name)
    assert json.loads(ours.to_str()) == json.loads(rust.to_str())
    assert ours.get_vocab_size() == rust.get_vocab_size()
    assert ours.get_added_tokens_decoder().keys() == rust.get_added_tokens_decoder().keys()


@pytest.mark.parametrize("name", NAMES)
def test_special_texts(name):
    ours, rust = shared_pair(name)
    compare_texts(ours, rust, SPECIAL_TEXTS, PAIRS, name, decode_pairs=False)


@pytest.mark.parametrize("name", NAMES)
def test_encode_special_tokens(name):
    ours, rust = _pair(name)
    ours.encode_special_tokens = rust.encode_special_tokens = True
    compare_texts(ours, rust, SPECIAL_TEXTS[3:10], [], f"{name} encode_special_tokens", decode_pairs=False)


LINES_PER_FILE = 3


@pytest.mark.parametrize("name", NAMES)
def test_corpus_lines(name):
    lines = [line for path in corpus_files() for line in corpus_lines(path, LINES_PER_FILE)]
    if not lines:
        pytest.skip("the shared corpora are absent (set SUBWORD_SHARED to the shared/ folder)")
    ours, rust = shared_pair(name)
    pairs = list(zip(lines[::7], lines[3::7]))
    compare_texts(ours, rust, lines, pairs, f"{name} corpus", decode_pairs=False)


@pytest.mark.parametrize("name", NAMES)
def test_decode_arbitrary_ids(name):
    ours, rust = shared_pair(name)
    size = rust.get_vocab_size()
    ids = [0, 1, 2, 3, 200, 256, 300, 1000, size - 1] + sorted(rust.get_added_tokens_decoder())[:6]
    ids += list(range(3, 260, 37))
    assert_same_decode(ours, rust, ids, name)
    assert ours.decode_batch([ids, ids[::-1]]) == rust.decode_batch([ids, ids[::-1]])


CHARS = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    st.sampled_from("aeiouAEIOUbcdfghklmnrstyzéèêñüößøæÉÅ0123456789'"),
    st.sampled_from("日本語中文字한국어テキストひらがな"),
    st.sampled_from(["🤗", "👍🏽", "🇫🇷", "👨\u200d👩\u200d👧", "\u2764\ufe0f", "▁"]),
    st.sampled_from(["\u0301", "\u0308", "\u0327", "\u0303", "\u20dd"]),
    st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\u0085", "\ufffd", "\u00ad"]),
    st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]),
    st.sampled_from([" ", "  ", "    ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u3000", "\u2028", "\u2003"]),
    st.sampled_from(".,!?;:'\"-#$%&()[]*/\\…。，、"),
)
PIECES = st.one_of(
    st.lists(CHARS, max_size=10).map("".join),
    st.sampled_from(["Hello", "don't", "I'M", "WE'LL", "<|endoftext|>", "<|begin_of_text|>", "<s>", "</s>"]),
    st.sampled_from(["<|user|>", "<|end|>", " <|placeholder|> ", "日本🤗", "<BOS_TOKEN>", "<|0.10|>"]),
    st.sampled_from(
        ["<|im_start|>", "<|startoftext|>", ">>TITLE<<", "<fim_prefix>", "[INST]", " " * 5, "\t\t"]
    ),
    st.sampled_from(["12345", "3.14", "x" * 60]),
)
TEXTS = st.lists(PIECES, max_size=6).map("".join)


@given(name=st.sampled_from(NAMES), first=TEXTS, second=st.none() | TEXTS, add_special_tokens=st.booleans())
def test_hypothesis_text(name, first, second, add_special_tokens):
    ours, rust = shared_pair(name)
    encoding = assert_same_encode(
        lambda: ours.encode(first, second, add_special_tokens=add_special_tokens),
        lambda: rust.encode(first, second, add_special_tokens=add_special_tokens),
        f"{name} encode({first!r}, {second!r}, add_special_tokens={add_special_tokens})",
    )
    if encoding is not None:
        assert_same_decode(ours, rust, encoding.ids, f"{name} {first!r}")
    item = first if second is None else (first, second)
    assert_same_encode(
        lambda: ours.encode_batch_fast([item], add_special_tokens=add_special_tokens),
        lambda: rust.encode_batch_fast([item], add_special_tokens=add_special_tokens),
        f"{name} encode_batch_fast([{item!r}])",
    )


@pytest.mark.parametrize(
    "pattern",
    [
        r"\p{L}+",
        r"\p{N}",
        r"[^\s\p{L}\p{N}]+",
        r"\w+",
        r"\W",
        r"\d+",
        r"\D+",
        r"\p{Ll}+",
        r"\p{Lo}+",
        r"\P{L}+",
        r"\p{^N}+",
        r"\p{Cn}+",
        r"\b",
        r"[[:punct:]]+",
        r"[[:alpha:]]+",
        r"[[:^digit:]]+",
        r"[a[:lower:]]+",
        LLAMA3_REGEX,
        O200K_REGEX,
    ],
)
def test_regex_on_newer_unicode(pattern):
    rust = tokenizers.pre_tokenizers.Split(tokenizers.Regex(pattern), "isolated")
    ours = subword.pre_tokenizers.Split(subword.Regex(pattern), "isolated")
    for text in SPECIAL_TEXTS:
        assert ours.pre_tokenize_str(text) == rust.pre_tokenize_str(text), (pattern, text)
