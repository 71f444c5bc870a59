"""File names of transformers' tokenizer classes, and the class of each config.json model_type.

Data taken from transformers 5.25.0: each class's `vocab_files_names` (without
"tokenizer.json", which transformers looks for whatever the class) and `TOKENIZER_MAPPING_NAMES`,
for the classes whose files subword reads (vocab.txt, vocab.json + merges.txt, a sentencepiece
`.model`). A class not listed here is read as transformers' `TokenizersBackend`: tokenizer.json or
tokenizer.model. `_loading.py` resolves a folder's files with these names, never by extension.
"""

from __future__ import annotations

# The names transformers' generic `TokenizersBackend` declares.
BACKEND_FILES: tuple[str, ...] = ("tokenizer.model",)

_FILES_OF_CLASSES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("vocab.json", "merges.txt"): (
        "BioGptTokenizer", "BlenderbotTokenizer", "CLIPTokenizer", "CTRLTokenizer", "ClvpTokenizer",
        "CodeGenTokenizer", "CohereTokenizer", "WhisperTokenizer",
        "DebertaTokenizer", "FlaubertTokenizer", "GPT2Tokenizer", "GPTNeoXTokenizer",
        "HerbertTokenizer", "LayoutLMv3Tokenizer", "MarkupLMTokenizer", "NougatTokenizer",
        "OpenAIGPTTokenizer", "Qwen2Tokenizer", "RobertaTokenizer", "XLMTokenizer",
    ),
    ("spiece.model",): (
        "AlbertTokenizer", "BertGenerationTokenizer", "BigBirdTokenizer", "CpmTokenizer",
        "FNetTokenizer", "GPTSw3Tokenizer", "LasrTokenizer", "PegasusTokenizer", "ReformerTokenizer",
        "SiglipTokenizer", "T5Tokenizer", "UdopTokenizer", "VideoPrismTokenizer", "XLNetTokenizer",
    ),
    ("vocab.txt",): (
        "BertTokenizer", "ConvBertTokenizer", "CpmAntTokenizer", "DistilBertTokenizer",
        "DPRContextEncoderTokenizer", "DPRReaderTokenizer", "DPRQuestionEncoderTokenizer", "EsmTokenizer",
        "FunnelTokenizer", "LayoutLMv2Tokenizer", "MPNetTokenizer", "RoFormerTokenizer",
        "SplinterTokenizer", "TapasTokenizer",
    ),
    ("sentencepiece.bpe.model",): (
        "BarthezTokenizer", "CamembertTokenizer", "LayoutXLMTokenizer", "MBart50Tokenizer",
        "MBartTokenizer", "NllbTokenizer", "PLBartTokenizer", "SeamlessM4TTokenizer",
        "XLMRobertaTokenizer",
    ),
    (): (
        "ErgoTokenizer", "EsmcTokenizer", "GemmaTokenizer", "Siglip2Tokenizer", "XGLMTokenizer",
    ),
    ("tokenizer.model",): (
        "CodeLlamaTokenizer", "LlamaTokenizer", "ParakeetTokenizer", "Qwen3_5Tokenizer",
        "Tipsv2Tokenizer",
    ),
    ("vocab.json",): (
        "MgpstrTokenizer", "VitsTokenizer",
    ),
    ("sentencepiece.model",): (
        "RemBertTokenizer",
    ),
    ("spm.model",): (
        "DebertaV2Tokenizer",
    ),
    ("vocab.json", "sentencepiece.bpe.model"): (
        "Speech2TextTokenizer",
    ),
    ("spm_char.model",): (
        "SpeechT5Tokenizer",
    ),
    ("vocab.txt", "spiece.model"): (
        "BertJapaneseTokenizer",
    ),
}
# Class names transformers 5 resolves to another class (module-level aliases such as
# `BartTokenizer = RobertaTokenizer`), as `tokenizer_class_from_name` returns them.
CLASS_ALIASES: dict[str, str] = {
    **dict.fromkeys(
        ("ElectraTokenizer", "LayoutLMTokenizer", "LxmertTokenizer", "MobileBertTokenizer", "SqueezeBertTokenizer"),
        "BertTokenizer",
    ),
    **dict.fromkeys(("BartTokenizer", "LEDTokenizer", "LongformerTokenizer", "MvpTokenizer"), "RobertaTokenizer"),
}


def canonical_class(tokenizer_class: str) -> str:
    """The class transformers builds for a `tokenizer_class` name: "ElectraTokenizerFast" -> "BertTokenizer"."""
    name = tokenizer_class.removesuffix("Fast")
    return CLASS_ALIASES.get(name, name)


VOCAB_FILES: dict[str, tuple[str, ...]] = {name: files for files, names in _FILES_OF_CLASSES.items() for name in names}

_MODEL_TYPES_OF_CLASSES: dict[str, tuple[str, ...]] = {
    "AlbertTokenizer": ("albert", "yoso",),
    "BarthezTokenizer": ("barthez",),
    "BertGenerationTokenizer": ("bert-generation",),
    "BertJapaneseTokenizer": ("bert-japanese",),
    "BertTokenizer": (
        "align", "bark", "bert", "blip", "bros", "chinese_clip", "convbert", "distilbert", "electra",
        "ernie", "flava", "git", "grounding-dino", "layoutlm", "lxmert", "megatron-bert",
        "mm-grounding-dino", "mobilebert", "nezha", "nomic_bert", "qdqbert", "realm", "retribert",
        "squeezebert", "tvp", "vilt", "visual_bert",
    ),
    "BigBirdTokenizer": ("big_bird",),
    "BioGptTokenizer": ("biogpt",),
    "CLIPTokenizer": (
        "aimv2", "clip", "clipseg", "groupvit", "omdet-turbo", "oneformer", "owlv2", "owlvit", "sam3",
        "sam3_video", "xclip",
    ),
    "CTRLTokenizer": ("ctrl",),
    "CamembertTokenizer": ("camembert",),
    "ClvpTokenizer": ("clvp",),
    "CodeLlamaTokenizer": ("code_llama",),
    "CohereTokenizer": ("aya_vision", "cohere", "cohere2",),
    "CpmAntTokenizer": ("cpmant",),
    "CpmTokenizer": ("cpm",),
    "DPRQuestionEncoderTokenizer": ("dpr",),
    "DebertaTokenizer": ("deberta",),
    "DebertaV2Tokenizer": ("deberta-v2",),
    "ErgoTokenizer": ("ergo",),
    "EsmTokenizer": ("esm",),
    "EsmcTokenizer": ("esmc", "esmfold2",),
    "FNetTokenizer": ("fnet",),
    "FlaubertTokenizer": ("flaubert",),
    "FunnelTokenizer": ("funnel",),
    "GPT2Tokenizer": (
        "blip-2", "codegen", "dbrx", "emu3", "gpt2", "gpt_neo", "gptj", "hyperclovax_vision_v2",
        "instructblip", "instructblipvideo", "jais2", "opt", "phi", "starcoder2",
    ),
    "GPTNeoXTokenizer": ("falcon_mamba", "gpt_neox", "mamba", "mamba2", "mpt", "olmo", "olmoe", "rwkv", "xlstm",),
    "GPTSw3Tokenizer": ("gpt-sw3",),
    "GemmaTokenizer": (
        "diffusion_gemma", "gemma", "gemma2", "gemma3", "gemma3_text", "gemma3n", "gemma3n_text",
        "recurrent_gemma", "shieldgemma2", "t5gemma", "zaya",
    ),
    "HerbertTokenizer": ("herbert",),
    "LasrTokenizer": ("lasr_ctc", "lasr_encoder",),
    "LayoutLMv2Tokenizer": ("layoutlmv2",),
    "LayoutLMv3Tokenizer": ("layoutlmv3",),
    "LayoutXLMTokenizer": ("layoutxlm",),
    "LlamaTokenizer": ("idefics", "idefics2",),
    "MBart50Tokenizer": ("mbart50",),
    "MBartTokenizer": ("mbart",),
    "MPNetTokenizer": ("mpnet",),
    "MarkupLMTokenizer": ("markuplm",),
    "MgpstrTokenizer": ("mgp-str",),
    "NllbTokenizer": ("nllb", "nllb-moe",),
    "NougatTokenizer": ("nougat", "pp_formulanet",),
    "OpenAIGPTTokenizer": ("openai-gpt",),
    "PLBartTokenizer": ("plbart",),
    "ParakeetTokenizer": (
        "granite_speech5_ctc", "nemotron3_5_asr", "nemotron_asr_streaming", "omniasr_ctc",
        "parakeet_ctc", "parakeet_rnnt", "parakeet_tdt",
    ),
    "PegasusTokenizer": ("pegasus",),
    "Qwen2Tokenizer": (
        "audioflamingo3", "colqwen2", "cosmos3_omni", "dots3_note", "fun_asr_nano", "hunyuan_vl",
        "internvl", "lighton_ocr", "llava_onevision1_5", "moss_transcribe_diarize", "ovis2",
        "qianfan_ocr", "qwen2", "qwen2_5_omni", "qwen2_5_vl", "qwen2_audio", "qwen2_moe", "qwen2_vl",
        "qwen3", "qwen3_asr", "qwen3_moe", "qwen3_next", "qwen3_omni_moe", "qwen3_vl", "qwen3_vl_moe",
        "vibevoice",
    ),
    "Qwen3_5Tokenizer": ("qwen3_5", "qwen3_5_moe", "qwen3_5_moe_text", "qwen3_5_text", "qwen4_exp",),
    "ReformerTokenizer": ("reformer",),
    "RemBertTokenizer": ("rembert",),
    "RoFormerTokenizer": ("roformer",),
    "RobertaTokenizer": (
        "bart", "bridgetower", "clap", "data2vec-text", "florence2", "ibert", "led", "lilt",
        "longformer", "mega", "mra", "mvp", "roberta", "roberta-prelayernorm",
    ),
    "SeamlessM4TTokenizer": ("seamless_m4t", "seamless_m4t_v2",),
    "Siglip2Tokenizer": ("siglip2",),
    "SiglipTokenizer": ("siglip",),
    "Speech2TextTokenizer": ("speech_to_text",),
    "SpeechT5Tokenizer": ("speecht5",),
    "SplinterTokenizer": ("splinter",),
    "T5Tokenizer": ("mt5", "musicgen", "musicgen_melody", "switch_transformers", "t5",),
    "TapasTokenizer": ("tapas",),
    "Tipsv2Tokenizer": ("tipsv2",),
    "UdopTokenizer": ("udop",),
    "VideoPrismTokenizer": ("videoprism",),
    "VitsTokenizer": ("vits",),
    "XGLMTokenizer": ("xglm",),
    "XLMRobertaTokenizer": ("gte", "jina_embeddings_v3", "metaclip_2", "trocr", "xlm-roberta", "xmod",),
    "XLMTokenizer": ("xlm",),
    "XLNetTokenizer": ("xlnet",),
}
MODEL_TYPE_CLASSES: dict[str, str] = {
    model_type: name for name, model_types in _MODEL_TYPES_OF_CLASSES.items() for model_type in model_types
}
