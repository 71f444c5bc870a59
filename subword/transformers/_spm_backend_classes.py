"""The SentencePieceBackend classes subword rebuilds, by name (see `_spm_backend`): BertGeneration, GPT-SW3, PLBart, BARTpho."""

from __future__ import annotations

from ._bartpho import BARTPHO
from ._gpt_sw3 import GPT_SW3
from ._plbart import PLBART
from ._spm_backend import BERT_GENERATION, SpmBackendFamily

SPM_BACKEND_FAMILIES: dict[str, SpmBackendFamily] = {family.name: family for family in (BERT_GENERATION, GPT_SW3, PLBART, BARTPHO)}
