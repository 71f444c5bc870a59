"""The SentencePieceBackend classes subword rebuilds, by name (see `_spm_backend`): BertGeneration, GPT-SW3, PLBart, BARTpho,
SigLIP, SpeechT5 (and Speech2Text, a Python tokenizer of the same kind)."""

from __future__ import annotations

from ._bartpho import BARTPHO
from ._gpt_sw3 import GPT_SW3
from ._plbart import PLBART
from ._siglip import SIGLIP
from ._speech_to_text import SPEECH_TO_TEXT
from ._speecht5 import SPEECHT5
from ._spm_backend import BERT_GENERATION, SpmBackendFamily

SPM_BACKEND_FAMILIES: dict[str, SpmBackendFamily] = {family.name: family for family in (
    BERT_GENERATION, GPT_SW3, PLBART, BARTPHO, SPEECH_TO_TEXT, SIGLIP, SPEECHT5,
)}
