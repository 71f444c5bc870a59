"""tiktoken's named encodings: the split pattern and special tokens each rank file goes with.

A `.tiktoken` file holds ranks only; `tiktoken_ext.openai_public` (tiktoken 0.14) pairs each
file with its `pat_str` and `special_tokens`, copied here so that
`Tokenizer.from_tiktoken(path, *known_encoding("cl100k_base"))` equals
`tiktoken.get_encoding("cl100k_base")` without tiktoken installed. Only the data: nothing is
downloaded, the rank file is the caller's.
"""

from __future__ import annotations

from typing import NamedTuple

from ..errors import ArgumentValueError

ENDOFTEXT = "<|endoftext|>"
FIM_PREFIX = "<|fim_prefix|>"
FIM_MIDDLE = "<|fim_middle|>"
FIM_SUFFIX = "<|fim_suffix|>"
ENDOFPROMPT = "<|endofprompt|>"

# GPT-2's pattern, as tiktoken writes it (possessive quantifiers, the same splits as the original).
R50K_PATTERN = r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"""
CL100K_PATTERN = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)
O200K_PATTERN = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)


class TiktokenEncoding(NamedTuple):
    """What `Tokenizer.from_tiktoken` needs beside the rank file: tiktoken's `pat_str` and `special_tokens`."""

    pattern: str
    special_tokens: dict[str, int]


TIKTOKEN_ENCODINGS: dict[str, TiktokenEncoding] = {
    "gpt2": TiktokenEncoding(R50K_PATTERN, {ENDOFTEXT: 50256}),
    "r50k_base": TiktokenEncoding(R50K_PATTERN, {ENDOFTEXT: 50256}),
    "p50k_base": TiktokenEncoding(R50K_PATTERN, {ENDOFTEXT: 50256}),
    "p50k_edit": TiktokenEncoding(
        R50K_PATTERN, {ENDOFTEXT: 50256, FIM_PREFIX: 50281, FIM_MIDDLE: 50282, FIM_SUFFIX: 50283}
    ),
    "cl100k_base": TiktokenEncoding(
        CL100K_PATTERN,
        {ENDOFTEXT: 100257, FIM_PREFIX: 100258, FIM_MIDDLE: 100259, FIM_SUFFIX: 100260, ENDOFPROMPT: 100276},
    ),
    "o200k_base": TiktokenEncoding(O200K_PATTERN, {ENDOFTEXT: 199999, ENDOFPROMPT: 200018}),
}


def known_encoding(name: str) -> TiktokenEncoding:
    """The pattern and special tokens of tiktoken's encoding `name` (a fresh dict of special tokens).

    >>> pattern, special_tokens = known_encoding("cl100k_base")
    >>> special_tokens["<|endoftext|>"]
    100257
    """
    encoding = TIKTOKEN_ENCODINGS.get(name)
    if encoding is None:
        raise ArgumentValueError(f"unknown tiktoken encoding {name!r}; known: {', '.join(TIKTOKEN_ENCODINGS)}")
    return TiktokenEncoding(encoding.pattern, dict(encoding.special_tokens))
