"""transformers' per-model tokenizer class names, importable from `subword.transformers`.

`BertTokenizer.from_pretrained(path)` loads `path` as a BERT tokenizer whatever class its
tokenizer_config.json names, as transformers' class method does (the class picks the pipeline
recipe, `_builders.RECIPES`). As in transformers 5, each `...Fast` name is the same class as the
plain one, and `PreTrainedTokenizerFast` / `TokenizersBackend` name the generic class.
"""

from __future__ import annotations

import os
from typing import Any, Union

from ..tokenizer.tokenizer import Tokenizer
from ._builders import RECIPES
from ._code_llama import CodeLlamaInfilling
from ._m2m100 import M2M100Languages
from ._marian import MarianTables
from ._bartpho import BartphoTables
from ._gpt_sw3 import GptSw3Decoding
from ._plbart import PLBartLanguages
from ._siglip import SiglipTables
from ._speech_to_text import Speech2TextTables
from ._speecht5 import SpeechT5Tables
from ._spm_backend import BERT_GENERATION, SentencePieceBackendTables
from ._spm_backend_classes import SPM_BACKEND_FAMILIES
from ._seamless_m4t import SeamlessM4TLanguages
from ._languages import NllbLanguage, PrefixLanguage, SuffixLanguage, WhisperPrefix
from .pretrained import PreTrainedTokenizer

__all__ = [
    "AlbertTokenizer", "AlbertTokenizerFast", "BartTokenizer", "BartTokenizerFast", "BartphoTokenizer", "BartphoTokenizerFast", "BertTokenizer",
    "BertTokenizerFast", "BertGenerationTokenizer", "BertGenerationTokenizerFast", "BigBirdTokenizer", "BigBirdTokenizerFast", "CLIPTokenizer", "CLIPTokenizerFast",
    "CamembertTokenizer", "CamembertTokenizerFast", "CodeLlamaTokenizer", "CodeLlamaTokenizerFast", "CodeGenTokenizer", "CodeGenTokenizerFast", "ConvBertTokenizer",
    "ConvBertTokenizerFast", "DPRContextEncoderTokenizer", "DPRContextEncoderTokenizerFast",
    "DPRQuestionEncoderTokenizer", "DPRQuestionEncoderTokenizerFast", "DPRReaderTokenizer", "DPRReaderTokenizerFast",
    "DebertaTokenizer", "DebertaTokenizerFast", "DebertaV2Tokenizer", "DebertaV2TokenizerFast", "DistilBertTokenizer",
    "DistilBertTokenizerFast", "ElectraTokenizer", "ElectraTokenizerFast", "FunnelTokenizer", "FunnelTokenizerFast",
    "GPT2Tokenizer", "GPT2TokenizerFast", "GPTSw3Tokenizer", "GPTSw3TokenizerFast", "GemmaTokenizer", "GemmaTokenizerFast", "LEDTokenizer", "LEDTokenizerFast",
    "LayoutLMTokenizer", "LayoutLMTokenizerFast", "LlamaTokenizer", "LlamaTokenizerFast", "LongformerTokenizer",
    "LongformerTokenizerFast", "M2M100Tokenizer", "MarianTokenizer", "LxmertTokenizer", "LxmertTokenizerFast", "MBart50Tokenizer", "MBart50TokenizerFast",
    "MBartTokenizer", "MBartTokenizerFast", "MPNetTokenizer", "MPNetTokenizerFast", "MobileBertTokenizer",
    "MobileBertTokenizerFast", "MvpTokenizer", "MvpTokenizerFast", "NllbTokenizer", "NllbTokenizerFast",
    "OpenAIGPTTokenizer", "OpenAIGPTTokenizerFast", "PLBartTokenizer", "PLBartTokenizerFast", "PegasusTokenizer", "PegasusTokenizerFast",
    "PreTrainedTokenizerFast", "Qwen2Tokenizer", "Qwen2TokenizerFast", "RobertaTokenizer", "RobertaTokenizerFast",
    "SiglipTokenizer", "SiglipTokenizerFast", "Speech2TextTokenizer", "Speech2TextTokenizerFast", "SpeechT5Tokenizer",
    "SpeechT5TokenizerFast", "SqueezeBertTokenizer", "SqueezeBertTokenizerFast", "T5Tokenizer", "T5TokenizerFast", "TokenizersBackend",
    "WhisperTokenizer", "WhisperTokenizerFast", "XLMRobertaTokenizer", "XLMRobertaTokenizerFast", "XLNetTokenizer",
    "XLNetTokenizerFast", "XGLMTokenizer", "XGLMTokenizerFast", "RemBertTokenizer", "RemBertTokenizerFast",
    "ReformerTokenizer", "ReformerTokenizerFast", "FNetTokenizer", "FNetTokenizerFast", "BarthezTokenizer",
    "BarthezTokenizerFast", "SeamlessM4TTokenizer", "SeamlessM4TTokenizerFast",
]


class _ModelTokenizer(PreTrainedTokenizer):
    """A PreTrainedTokenizer whose `from_pretrained` builds the pipeline of one model class, and
    whose constructor (`BertTokenizer(tokenizer_file=...)`) starts from that class's special
    tokens, input names and padding side."""

    def __init__(self, tokenizer: Tokenizer | None = None, **kwargs: Any) -> None:
        recipe = RECIPES[type(self).__name__]
        if kwargs.get("special_tokens") is None:
            kwargs["special_tokens"] = {name: token for name, token in recipe.special_tokens.items() if token is not None}
        kwargs.setdefault("model_input_names", recipe.model_input_names)
        kwargs.setdefault("padding_side", recipe.padding_side)
        kwargs.setdefault("tokenizer_class", type(self).__name__)
        super().__init__(tokenizer, **kwargs)

    @classmethod
    def from_pretrained(cls, pretrained_model_name_or_path: Union[str, os.PathLike], **kwargs: Any) -> PreTrainedTokenizer:
        """Load `pretrained_model_name_or_path` as this class's tokenizer (the options of
        `AutoTokenizer.from_pretrained`)."""
        kwargs["tokenizer_class"] = cls.__name__
        return super().from_pretrained(pretrained_model_name_or_path, **kwargs)


class BertTokenizer(_ModelTokenizer):
    """BERT's WordPiece tokenizer: `[CLS] A [SEP] B [SEP]`, lower-cased by default."""


class ConvBertTokenizer(_ModelTokenizer):
    """ConvBERT's tokenizer: BERT's, with token type ids."""


class DistilBertTokenizer(_ModelTokenizer):
    """DistilBERT's tokenizer: BERT's, without token type ids."""


class DPRContextEncoderTokenizer(_ModelTokenizer):
    """DPR's context encoder tokenizer: BERT's."""


class DPRQuestionEncoderTokenizer(_ModelTokenizer):
    """DPR's question encoder tokenizer: BERT's."""


class DPRReaderTokenizer(_ModelTokenizer):
    """DPR's reader tokenizer: BERT's, without token type ids."""


class MPNetTokenizer(_ModelTokenizer):
    """MPNet's WordPiece tokenizer with RoBERTa's `<s> A </s></s> B </s>`."""


class FunnelTokenizer(_ModelTokenizer):
    """Funnel Transformer's WordPiece tokenizer (`<cls>` of token type 2)."""


class GPT2Tokenizer(_ModelTokenizer):
    """GPT-2's byte-level BPE tokenizer (no special tokens added)."""


class CodeGenTokenizer(_ModelTokenizer):
    """CodeGen's byte-level BPE tokenizer."""


class RobertaTokenizer(_ModelTokenizer):
    """RoBERTa's byte-level BPE tokenizer: `<s> A </s></s> B </s>`."""


class DebertaTokenizer(_ModelTokenizer):
    """DeBERTa's byte-level BPE tokenizer: `[CLS] A [SEP] [SEP] B [SEP]`."""


class Qwen2Tokenizer(_ModelTokenizer):
    """Qwen2's byte-level BPE tokenizer (NFC, single digits)."""


class CLIPTokenizer(_ModelTokenizer):
    """CLIP's lower-cased `</w>` byte-level BPE tokenizer."""


class OpenAIGPTTokenizer(_ModelTokenizer):
    """OpenAI GPT's lower-cased `</w>` BPE tokenizer."""


class LlamaTokenizer(_ModelTokenizer):
    """Llama's (and Mistral's) sentencepiece-style BPE tokenizer with byte fallback."""


class T5Tokenizer(_ModelTokenizer):
    """T5's Unigram tokenizer: `A </s>`, with the `<extra_id_N>` sentinels."""


class XLMRobertaTokenizer(_ModelTokenizer):
    """XLM-RoBERTa's Unigram tokenizer with fairseq's ids: `<s> A </s></s> B </s>`."""


class CamembertTokenizer(_ModelTokenizer):
    """CamemBERT's Unigram tokenizer with fairseq's ids."""


class AlbertTokenizer(_ModelTokenizer):
    """ALBERT's Unigram tokenizer: `[CLS] A [SEP] B [SEP]`, lower-cased by default."""


class XLNetTokenizer(_ModelTokenizer):
    """XLNet's Unigram tokenizer: `A <sep> B <sep> <cls>`, padded on the left."""


class DebertaV2Tokenizer(_ModelTokenizer):
    """DeBERTa-v2/v3's Unigram tokenizer: `[CLS] A [SEP] B [SEP]`."""


class BigBirdTokenizer(_ModelTokenizer):
    """BigBird's Unigram tokenizer: `[CLS] A [SEP] B [SEP]`."""


class PegasusTokenizer(_ModelTokenizer):
    """Pegasus' Unigram tokenizer with its offset `<unk_N>` tokens: `A </s>`."""


class GemmaTokenizer(_ModelTokenizer):
    """Gemma's byte-fallback BPE tokenizer (spaces as `▁`, no prefix space)."""


class CodeLlamaTokenizer(CodeLlamaInfilling, _ModelTokenizer):  # type: ignore[misc]  # tokenize takes the suffix second, as transformers
    """Code Llama's tokenizer: Llama's, bos added by default, with its infilling tokens named."""


class WhisperTokenizer(WhisperPrefix, _ModelTokenizer):
    """Whisper's byte-level BPE tokenizer: `<|startoftranscript|> [language] [task] [<|notimestamps|>] A <|endoftext|>`."""


class MBartTokenizer(SuffixLanguage, _ModelTokenizer):
    """mBART's Unigram tokenizer: `A </s> src_lang`; labels of `text_target` end with `tgt_lang`."""


class MBart50Tokenizer(PrefixLanguage, _ModelTokenizer):
    """mBART-50's Unigram tokenizer: `src_lang A </s>`; labels of `text_target` start with `tgt_lang`."""


class NllbTokenizer(NllbLanguage, _ModelTokenizer):
    """NLLB's BPE tokenizer: `src_lang A </s>` (`legacy_behaviour`: `A </s> src_lang`)."""


class XGLMTokenizer(_ModelTokenizer):
    """XGLM's Unigram tokenizer: `</s> A`, and `</s> A </s> </s> B`, with its `<madeupwordN>` tokens."""


class RemBertTokenizer(_ModelTokenizer):
    """RemBERT's Unigram tokenizer (`[CLS] A [SEP]` only from a tokenizer.json, as in transformers)."""


class ReformerTokenizer(_ModelTokenizer):
    """Reformer's sentencepiece-style BPE tokenizer (no special tokens added)."""


class FNetTokenizer(_ModelTokenizer):
    """FNet's tokenizer (ALBERT's class): a `.model`'s own pipeline, with token type ids and no attention mask."""


class BarthezTokenizer(_ModelTokenizer):
    """BARThez's Unigram tokenizer (no special tokens added unless a tokenizer.json's template says so)."""


class SeamlessM4TTokenizer(SeamlessM4TLanguages, _ModelTokenizer):
    """SeamlessM4T's BPE tokenizer: `__src__ A </s>`; labels of `text_target` are `</s> __tgt__ A </s>`."""


class M2M100Tokenizer(M2M100Languages, PreTrainedTokenizer):
    """M2M100's tokenizer (transformers' Python one): sentencepiece pieces looked up in vocab.json,
    `__src_lang__ A </s>`; labels of `text_target` start with `__tgt_lang__`."""

    def __init__(self, tokenizer: Tokenizer | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("tokenizer_class", "M2M100Tokenizer")
        super().__init__(tokenizer, **kwargs)

    @classmethod
    def from_pretrained(cls, pretrained_model_name_or_path: Union[str, os.PathLike], **kwargs: Any) -> PreTrainedTokenizer:
        """Load a folder of vocab.json and sentencepiece.bpe.model as M2M100's tokenizer."""
        kwargs["tokenizer_class"] = cls.__name__
        return super().from_pretrained(pretrained_model_name_or_path, **kwargs)


class MarianTokenizer(MarianTables, PreTrainedTokenizer):
    """Marian's tokenizer (transformers' Python one): `>>xx<<` codes and source.spm pieces looked up
    in vocab.json, `A </s>`; `text_target` encodes with target.spm (and target_vocab.json)."""

    def __init__(self, tokenizer: Tokenizer | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("tokenizer_class", "MarianTokenizer")
        super().__init__(tokenizer, **kwargs)

    @classmethod
    def from_pretrained(cls, pretrained_model_name_or_path: Union[str, os.PathLike], **kwargs: Any) -> PreTrainedTokenizer:
        """Load a folder of source.spm, target.spm and vocab.json as Marian's tokenizer."""
        kwargs["tokenizer_class"] = cls.__name__
        return super().from_pretrained(pretrained_model_name_or_path, **kwargs)


class _SentencePieceBackendTokenizer(PreTrainedTokenizer):
    """A SentencePieceBackend class of transformers (`_spm_backend`): `from_pretrained` loads a
    folder's `.model` as this class."""

    def __init__(self, tokenizer: Tokenizer | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("tokenizer_class", type(self).__name__)
        super().__init__(tokenizer, **kwargs)

    @classmethod
    def from_pretrained(cls, pretrained_model_name_or_path: Union[str, os.PathLike], **kwargs: Any) -> PreTrainedTokenizer:
        """Load a folder's sentencepiece model as this class's tokenizer."""
        kwargs["tokenizer_class"] = cls.__name__
        return super().from_pretrained(pretrained_model_name_or_path, **kwargs)


class BertGenerationTokenizer(SentencePieceBackendTables, _SentencePieceBackendTokenizer):
    """BertGeneration's tokenizer (transformers' Python one): spiece.model's pieces, no special tokens added."""

    family = BERT_GENERATION


class GPTSw3Tokenizer(GptSw3Decoding, _SentencePieceBackendTokenizer):
    """GPT-SW3's tokenizer (transformers' Python one): spiece.model's pieces of the cleaned text, no special tokens added."""

    family = SPM_BACKEND_FAMILIES["GPTSw3Tokenizer"]


class PLBartTokenizer(PLBartLanguages, _SentencePieceBackendTokenizer):
    """PLBart's tokenizer (transformers' Python one): sentencepiece.bpe.model's pieces by fairseq ids,
    `A </s> src_lang`; labels of `text_target` end with `tgt_lang`."""

    family = SPM_BACKEND_FAMILIES["PLBartTokenizer"]


class BartphoTokenizer(BartphoTables, _SentencePieceBackendTokenizer):
    """BARTpho's tokenizer (transformers' Python one): sentencepiece.bpe.model's pieces by dict.txt's
    ids, `<s> A </s>`."""

    family = SPM_BACKEND_FAMILIES["BartphoTokenizer"]


class Speech2TextTokenizer(Speech2TextTables, _SentencePieceBackendTokenizer):
    """Speech2Text's tokenizer (transformers' Python one): sentencepiece pieces looked up in
    vocab.json, `[<lang:xx>] A </s>`."""

    family = SPM_BACKEND_FAMILIES["Speech2TextTokenizer"]


class SiglipTokenizer(SiglipTables, _SentencePieceBackendTokenizer):
    """SigLIP's tokenizer (transformers' Python one): spiece.model's pieces of the canonicalized
    text (lower-cased, no punctuation), `A </s>`."""

    family = SPM_BACKEND_FAMILIES["SiglipTokenizer"]


class SpeechT5Tokenizer(SpeechT5Tables, _SentencePieceBackendTokenizer):
    """SpeechT5's tokenizer (transformers' Python one): spm_char.model's pieces, `A </s>`."""

    family = SPM_BACKEND_FAMILIES["SpeechT5Tokenizer"]


# transformers 5's module-level aliases (`ElectraTokenizer = BertTokenizer`)
ElectraTokenizer = BertTokenizer
LayoutLMTokenizer = BertTokenizer
LxmertTokenizer = BertTokenizer
MobileBertTokenizer = BertTokenizer
SqueezeBertTokenizer = BertTokenizer
BartTokenizer = RobertaTokenizer
LEDTokenizer = RobertaTokenizer
LongformerTokenizer = RobertaTokenizer
MvpTokenizer = RobertaTokenizer

# as in transformers 5, each `...Fast` name is the class itself
BertTokenizerFast = BertTokenizer
ConvBertTokenizerFast = ConvBertTokenizer
DistilBertTokenizerFast = DistilBertTokenizer
DPRContextEncoderTokenizerFast = DPRContextEncoderTokenizer
DPRQuestionEncoderTokenizerFast = DPRQuestionEncoderTokenizer
DPRReaderTokenizerFast = DPRReaderTokenizer
MPNetTokenizerFast = MPNetTokenizer
FunnelTokenizerFast = FunnelTokenizer
GPT2TokenizerFast = GPT2Tokenizer
CodeGenTokenizerFast = CodeGenTokenizer
RobertaTokenizerFast = RobertaTokenizer
DebertaTokenizerFast = DebertaTokenizer
Qwen2TokenizerFast = Qwen2Tokenizer
CLIPTokenizerFast = CLIPTokenizer
OpenAIGPTTokenizerFast = OpenAIGPTTokenizer
LlamaTokenizerFast = LlamaTokenizer
T5TokenizerFast = T5Tokenizer
XLMRobertaTokenizerFast = XLMRobertaTokenizer
CamembertTokenizerFast = CamembertTokenizer
AlbertTokenizerFast = AlbertTokenizer
XLNetTokenizerFast = XLNetTokenizer
DebertaV2TokenizerFast = DebertaV2Tokenizer
BigBirdTokenizerFast = BigBirdTokenizer
PegasusTokenizerFast = PegasusTokenizer
GemmaTokenizerFast = GemmaTokenizer
WhisperTokenizerFast = WhisperTokenizer
CodeLlamaTokenizerFast = CodeLlamaTokenizer
MBartTokenizerFast = MBartTokenizer
MBart50TokenizerFast = MBart50Tokenizer
NllbTokenizerFast = NllbTokenizer
XGLMTokenizerFast = XGLMTokenizer
RemBertTokenizerFast = RemBertTokenizer
ReformerTokenizerFast = ReformerTokenizer
FNetTokenizerFast = FNetTokenizer
BarthezTokenizerFast = BarthezTokenizer
SeamlessM4TTokenizerFast = SeamlessM4TTokenizer
ElectraTokenizerFast = ElectraTokenizer
LayoutLMTokenizerFast = LayoutLMTokenizer
LxmertTokenizerFast = LxmertTokenizer
MobileBertTokenizerFast = MobileBertTokenizer
SqueezeBertTokenizerFast = SqueezeBertTokenizer
BartTokenizerFast = BartTokenizer
LEDTokenizerFast = LEDTokenizer
LongformerTokenizerFast = LongformerTokenizer
MvpTokenizerFast = MvpTokenizer
BertGenerationTokenizerFast = BertGenerationTokenizer
GPTSw3TokenizerFast = GPTSw3Tokenizer
PLBartTokenizerFast = PLBartTokenizer
BartphoTokenizerFast = BartphoTokenizer
Speech2TextTokenizerFast = Speech2TextTokenizer
SiglipTokenizerFast = SiglipTokenizer
SpeechT5TokenizerFast = SpeechT5Tokenizer
PreTrainedTokenizerFast = PreTrainedTokenizer
TokenizersBackend = PreTrainedTokenizer
