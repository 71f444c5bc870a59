"""WordPiece decoder: glue `##` pieces to the previous token, put a space before the others."""

from __future__ import annotations

from ..core.registry import field
from ..errors import expect_str
from ..text.replace_each import replace_each, replace_in
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
    return replace_in(text, _CLEANUPS)


def cleanup_each(texts: list[str]) -> list[str]:
    """`cleanup` of each text (in one pass over them all)."""
    return replace_each(texts, _CLEANUPS)


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
        prefix = self.prefix
        decoded = tokens[:1]
        decoded.extend(token[len(prefix) :] if token.startswith(prefix) else " " + token for token in tokens[1:])
        return self.decode_firsts(decoded)

    def decode_firsts(self, tokens: list[str]) -> list[str]:
        """What `decode_chain` makes of each token as the first one: the token, cleaned up if asked."""
        return cleanup_each(tokens) if self.cleanup else list(tokens)

    def to_json(self) -> dict:
        """This decoder as its tokenizer.json entry."""
        return {"type": "WordPiece", "prefix": self.prefix, "cleanup": self.cleanup}

    @classmethod
    def from_json(cls, data: dict, path: str) -> WordPiece:
        """Read the decoder from its tokenizer.json entry."""
        return cls(field(data, "prefix", str, path), field(data, "cleanup", bool, path))
