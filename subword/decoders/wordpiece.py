"""WordPiece decoder: glue `##` pieces to the previous token, put a space before the others."""

from __future__ import annotations

from ..core.registry import field
from ..errors import expect_str
from .base import Decoder, decoders_registry, expect_bool

# (dirty, clean) pairs applied in this order: spaces that tokenization put before punctuation
# and English contractions.
_CLEANUPS = (
    (" .", "."),
    (" ?", "?"),
    (" !", "!"),
    (" ,", ","),
    (" ' ", "'"),
    (" n't", "n't"),
    (" 'm", "'m"),
    (" do not", " don't"),
    (" 's", "'s"),
    (" 've", "'ve"),
    (" 're", "'re"),
)


def cleanup(text: str) -> str:
    """Remove the tokenization spaces before punctuation and contractions: `"it 's ok ." -> "it's ok."`."""
    for dirty, clean in _CLEANUPS:
        text = text.replace(dirty, clean)
    return text


@decoders_registry.register("WordPiece")
class WordPiece(Decoder):
    """Undo WordPiece splitting.

    >>> WordPiece().decode(["un", "##aff", "##able", "day", "!"])
    'unaffable day!'
    """

    def __init__(self, prefix: str = "##", cleanup: bool = True) -> None:
        self.prefix = expect_str(prefix, "prefix")
        self.cleanup = expect_bool(cleanup, "cleanup")

    def decode_chain(self, tokens: list[str]) -> list[str]:
        """Each token but the first loses its prefix, or gains a leading space if it has none."""
        decoded = []
        for index, token in enumerate(tokens):
            if index > 0:
                token = token[len(self.prefix) :] if token.startswith(self.prefix) else " " + token
            decoded.append(cleanup(token) if self.cleanup else token)
        return decoded

    def to_json(self) -> dict:
        """This decoder as its tokenizer.json entry."""
        return {"type": "WordPiece", "prefix": self.prefix, "cleanup": self.cleanup}

    @classmethod
    def from_json(cls, data: dict, path: str) -> WordPiece:
        """Read the decoder from its tokenizer.json entry."""
        return cls(field(data, "prefix", str, path), field(data, "cleanup", bool, path))
