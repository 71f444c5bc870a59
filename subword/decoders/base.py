"""What every decoder offers: turn a list of token strings back into text."""

from __future__ import annotations

from .._json import Registry

decoders_registry = Registry("decoder")


class Decoder:
    """A decoder. Subclasses implement `decode_chain`, which maps tokens to tokens so decoders
    can be chained in a `Sequence`; `decode` joins the result."""

    type_name = "Decoder"

    def decode_chain(self, tokens: list[str]) -> list[str]:
        """Transform the token strings; the joined result is the decoded text."""
        raise NotImplementedError

    def decode(self, tokens: list[str]) -> str:
        """The text these tokens spell."""
        return "".join(self.decode_chain(list(tokens)))

    def to_json(self) -> dict:
        """This decoder as its tokenizer.json entry."""
        return {"type": self.type_name}

    @classmethod
    def from_json(cls, data: dict, path: str) -> Decoder:
        """Read the decoder from its tokenizer.json entry."""
        return cls()

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.to_json().items() if k != "type")
        return f"{self.type_name}({fields})"
