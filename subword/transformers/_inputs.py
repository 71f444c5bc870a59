"""Checking and reshaping what users pass to a tokenizer call: texts, id lists, tokens."""

from __future__ import annotations

from typing import Any

from ..core.added_vocabulary import AddedToken
from ..core.inputs import are_valid_texts, check_text as check_valid_text
from ..errors import ArgumentTypeError, ArgumentValueError, type_name


def as_batch(text: Any, pair: Any, is_split_into_words: bool) -> tuple[list[tuple[Any, Any]], bool]:
    """The inputs as (sequence, pair or None) items, checked as `Tokenizer.encode_batch` checks
    its own (types, then lone surrogates), and whether they were a batch already.

    >>> as_batch(["a", "b"], ["c", "d"], False)
    ([('a', 'c'), ('b', 'd')], True)
    >>> as_batch("a", "", False)  # transformers treats an empty text_pair as no pair
    ([('a', None)], False)
    """
    depth = 2 if is_split_into_words else 1
    check_text(text, depth, "text")
    if pair is not None:
        check_text(pair, depth, "text_pair")
    is_batched = isinstance(text, (list, tuple)) and (not is_split_into_words or (bool(text) and isinstance(text[0], (list, tuple))))
    if not is_batched:
        items = [(text, pair or None)]
    elif pair is None:
        items = [(sequence, None) for sequence in text]
    elif isinstance(pair, str) or len(pair) != len(text):
        raise ArgumentValueError(
            f"text_pair must be a batch as long as text ({len(text)} items), got "
            f"{'a str' if isinstance(pair, str) else f'{len(pair)} items'}"
        )
    else:
        items = list(zip(text, pair))
    if is_batched and not is_split_into_words and are_valid_texts(text) and (pair is None or are_valid_texts(pair)):
        return items, is_batched  # (the usual batch, checked in one pass; an error is found item by item)
    for index, item in enumerate(items):
        for name, sequence in zip(("text", "text_pair"), item):
            name = f"{name} item {index}" if is_batched else name
            for string in (sequence,) if isinstance(sequence, str) else sequence or ():
                check_valid_text(string, name)
    return items, is_batched


def check_text(value: Any, depth: int, name: str) -> None:
    """str, list of str, or list of list of str (when split into words), or raise."""
    ok = isinstance(value, str) or (
        isinstance(value, (list, tuple))
        and all(isinstance(item, str) or (depth == 2 and isinstance(item, (list, tuple)) and all(isinstance(w, str) for w in item)) for item in value)
    )
    if not ok:
        words = " or a list of word lists (is_split_into_words=True)" if depth == 2 else ""
        raise ArgumentTypeError(f"{name} must be a str or a list of str{words}, got {type_name(value)}")


def to_python(value: Any) -> Any:
    """numpy arrays and torch tensors as (nested) lists; lists as they are."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    return value


def as_subword_token(token: Any) -> str | AddedToken:
    """str and subword AddedToken as they are; a `tokenizers.AddedToken` copied into a subword one."""
    if isinstance(token, (str, AddedToken)):
        return token
    if hasattr(token, "content"):
        return AddedToken(
            token.content,
            single_word=token.single_word,
            lstrip=token.lstrip,
            rstrip=token.rstrip,
            normalized=token.normalized,
            special=token.special,
        )
    raise ArgumentTypeError(f"tokens must be str or AddedToken, got {type_name(token)}")


def special_token(token: Any) -> AddedToken:
    """A special token as transformers adds it: a str becomes an un-normalized special AddedToken."""
    token = as_subword_token(token)
    if isinstance(token, str):
        return AddedToken(token, special=True, normalized=False)
    return token.copy(special=True)
