"""GPT-SW3: transformers 5's GPTSw3Tokenizer, a SentencePieceBackend class with its own text cleaning.

Before sentencepiece sees a part of the text (between added tokens), transformers' class drops
the non-printing characters (C0 controls but tab and newline, DEL to U+009F, no-break and soft
hyphen, zero-width space), turns its list of odd spaces into " " and applies NFC. Decoding keeps
each special token as it is, with a space before a run of them, and decodes the pieces between
them through the sentencepiece model, unstripped. Its default special tokens depend on the
name the tokenizer is loaded by: `gpt-sw3-7b` pads with unk and starts with eos.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..text.normalization import normalize
from ._python_pieces import SentencePieces, spaced_specials
from ._spm_backend import SentencePieceBackendTables, SpmBackendFamily

# transformers' `whitespaces` of GPTSw3Tokenizer (U+0084 is removed before it gets here)
_WHITESPACES = frozenset("\u0020\u2002\u2003\u2005\u2008\u2009\u200a\u202f\u3000\ufffc\u0084")
_NON_PRINTING = re.compile("[" + "".join(map(chr, [*range(0, 9), *range(11, 32), *range(127, 160), 160, 173, 8203])) + "]")


def preprocess_text(text: str) -> str:
    """GPT-SW3's cleaning of a text before sentencepiece (see the module docstring).

    >>> preprocess_text("a\\u2009b\\u00adc\\u0301")
    'a bć'
    """
    text = _NON_PRINTING.sub("", text)
    text = "".join(" " if char in _WHITESPACES else char for char in text)
    return normalize("NFC", text)  # subword's own Unicode tables, not the interpreter's


class GptSw3Pieces(SentencePieces):
    """The sentencepiece pieces of a part of the text, once cleaned."""

    def tokens(self, text: str) -> list[str]:
        """The pieces of `text` after `preprocess_text`."""
        return super().tokens(preprocess_text(text))


def _gpt_sw3_tokens(config: dict, name: str) -> dict[str, str]:
    def given(key: str, default: str) -> str:
        return default if config.get(key) is None else config[key]

    eos, unk = given("eos_token", "<|endoftext|>"), given("unk_token", "<unk>")
    big = "gpt-sw3-7b" in name
    return {"bos_token": given("bos_token", eos if big else "<s>"), "eos_token": eos, "unk_token": unk,
            "pad_token": given("pad_token", unk if big else "<pad>")}


GPT_SW3 = SpmBackendFamily(
    "GPTSw3Tokenizer", "spiece.model", _gpt_sw3_tokens,
    {"do_lower_case": False, "remove_space": False, "keep_accents": False}, GptSw3Pieces, legacy_cut=False,
)


class GptSw3Decoding(SentencePieceBackendTables):
    """Mixin of GPTSw3Tokenizer: its cleaning as `preprocess_text`, its decoding."""

    if TYPE_CHECKING:
        all_special_tokens: list[str]

    @staticmethod
    def preprocess_text(text: str) -> str:
        """The text as sentencepiece sees it (see `preprocess_text`)."""
        return preprocess_text(text)

    def convert_tokens_to_string(self, tokens: list[str]) -> str:
        """Pieces decoded by the sentencepiece model; a special token as it is, after a space when
        the token before it is not special."""
        return spaced_specials(tokens, set(self.all_special_tokens), self.sp_model.DecodePieces)

