"""The shapes sentencepiece returns an encoding or a decoding in, chosen by `return_type`.

- int, str, bytes: ids, pieces, pieces as UTF-8 bytes; 'numpy': ids as an int32 array;
- 'serialized_proto': the bytes of a SentencePieceText (spans in UTF-8 bytes);
- 'proto': the same as an object (sentencepiece 0.2.3 parses it with protobuf; subword gives an
  ImmutableSentencePieceText with byte spans, which has the same fields);
- 'immutable_proto' (sentencepiece 0.2.1): an ImmutableSentencePieceText with char spans;
- 'offset_mapping' (sentencepiece 0.2.3): a dict of ids, pieces and (begin, end) spans, in chars,
  or with `return_bytes` in UTF-8 bytes.
This module only shapes results; processor.py computes them.
"""

from __future__ import annotations

from typing import Any

from ..errors import ArgumentValueError
from ._text_proto import ImmutableNBestSentencePieceText, ImmutableSentencePieceText, to_unicode_spans

# What sentencepiece 0.2.3 accepts (0.2.1's 'immutable_proto' too).
RETURN_TYPES: tuple[Any, ...] = (int, str, bytes, "proto", "serialized_proto", "numpy", "offset_mapping", "immutable_proto")
PROTO_TYPES = ("proto", "serialized_proto", "immutable_proto", "offset_mapping")


def resolve_return_type(return_type: Any, out_type: Any, default: Any) -> Any:
    """The one of `return_type` and its older name `out_type` that is given (else `default`), checked."""
    if out_type is not None:
        if return_type is not None:
            raise ArgumentValueError("Cannot specify both out_type and return_type. Use return_type instead.")
        return_type = out_type
    if return_type is None:
        return_type = default
    if not any(return_type is known or (isinstance(known, str) and return_type == known) for known in RETURN_TYPES):
        raise ArgumentValueError(f"Invalid return_type: {return_type!r}. Must be one of {RETURN_TYPES}")
    return return_type


def int32_array(ids: list[int]) -> Any:
    """`ids` as a numpy int32 array (numpy is imported on first use)."""
    import numpy as np  # lazy: only return_type='numpy' needs it

    return np.asarray(ids, dtype=np.int32)


def text_result(text: ImmutableSentencePieceText, return_type: Any, as_bytes: bool = False) -> Any:
    """One SentencePieceText (byte spans) in the shape `return_type` asks for."""
    if return_type == "serialized_proto":
        return text.SerializeAsString()
    if return_type == "proto":
        return text
    if return_type == "immutable_proto":
        return to_unicode_spans(text)
    return offset_mapping(text, as_bytes)


def nbest_result(texts: list[ImmutableSentencePieceText], return_type: Any) -> Any:
    """Several SentencePieceTexts of one input (n-best, samples) in the shape `return_type` asks for."""
    nbest = ImmutableNBestSentencePieceText(texts)
    if return_type == "serialized_proto":
        return nbest.SerializeAsString()
    if return_type == "immutable_proto":
        for text in texts:
            to_unicode_spans(text)
    return nbest


def offset_mapping(text: ImmutableSentencePieceText, as_bytes: bool, with_text: bool = False) -> dict:
    """{'ids', 'pieces', 'offsets'} (and 'text' for a decoding), in chars or, `as_bytes`, in bytes."""
    if not as_bytes:
        to_unicode_spans(text)
    pieces = [piece.piece_as_bytes if as_bytes else piece.piece for piece in text.pieces]
    result: dict = {}
    if with_text:
        result["text"] = text.text_as_bytes if as_bytes else text.text
    result.update(
        ids=[piece.id for piece in text.pieces],
        pieces=pieces,
        offsets=[(piece.begin, piece.end) for piece in text.pieces],
    )
    return result
