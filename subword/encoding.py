"""`Encoding`: the output of the pipeline for one input (a single sequence or a pair)."""

from __future__ import annotations

from typing import Iterable

Offsets = tuple[int, int]


class Encoding:
    """Ids, tokens, offsets, masks and word/sequence ids of one encoded input."""

    __slots__ = (
        "ids",
        "type_ids",
        "tokens",
        "word_ids",
        "offsets",
        "special_tokens_mask",
        "attention_mask",
        "overflowing",
        "sequence_ranges",
    )

    def __init__(
        self,
        ids: list[int] | None = None,
        type_ids: list[int] | None = None,
        tokens: list[str] | None = None,
        word_ids: list[int | None] | None = None,
        offsets: list[Offsets] | None = None,
        special_tokens_mask: list[int] | None = None,
        attention_mask: list[int] | None = None,
        overflowing: list[Encoding] | None = None,
        sequence_ranges: dict[int, tuple[int, int]] | None = None,
    ) -> None:
        self.ids = ids if ids is not None else []
        n = len(self.ids)
        self.type_ids = type_ids if type_ids is not None else [0] * n
        self.tokens = tokens if tokens is not None else [""] * n
        self.word_ids = word_ids if word_ids is not None else [None] * n
        self.offsets = offsets if offsets is not None else [(0, 0)] * n
        self.special_tokens_mask = special_tokens_mask if special_tokens_mask is not None else [0] * n
        self.attention_mask = attention_mask if attention_mask is not None else [1] * n
        self.overflowing = overflowing if overflowing is not None else []
        self.sequence_ranges = sequence_ranges if sequence_ranges is not None else {}

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, str, Offsets, int | None]], type_id: int) -> Encoding:
        """Build from (id, token, offsets, word id) rows, as `PreTokenizedString.token_rows` yields."""
        encoding = cls()
        for id_, token, offsets, word in rows:
            encoding.ids.append(id_)
            encoding.tokens.append(token)
            encoding.offsets.append(offsets)
            encoding.word_ids.append(word)
        n = len(encoding.ids)
        encoding.type_ids = [type_id] * n
        encoding.special_tokens_mask = [0] * n
        encoding.attention_mask = [1] * n
        return encoding

    def __len__(self) -> int:
        return len(self.ids)

    def __repr__(self) -> str:
        return f"Encoding(num_tokens={len(self.ids)}, attributes=[ids, type_ids, tokens, offsets, attention_mask, special_tokens_mask, overflowing])"
