"""Dask helpers: count words over a dask.bag or dask.dataframe column into one WordCounts, and
encode a dask.dataframe column into token-id columns.

The tokenizer goes into the task graph once, as one key holding its `TokenizerCarrier`; every
partition's task depends on that key, so the distributed scheduler sends it to each worker once,
and the worker rebuilds the Tokenizer once (`TokenizerCarrier.tokenizer`).
"""

from __future__ import annotations

from typing import Any, Sequence

from ._partition import add_counts, count_partition, encode_columns, encode_options, import_extra, EncodeOptions
from ._shipping import TokenizerCarrier
from ..core.word_counts import WordCounts
from ..errors import ArgumentTypeError, ArgumentValueError, type_name
from ..tokenizer.tokenizer import Tokenizer
from ..tokenizer.training import count_words

EXTRA = "dask"


def count_words_dask(tokenizer: Tokenizer, data: Any, column: str | None = None, *, split_every: int = 8) -> WordCounts:
    """`subword.count_words(tokenizer, texts)` where the texts are a dask.bag (of str, or of
    batches of str), a dask.dataframe Series, or the `column` of a dask.dataframe DataFrame:
    each partition counted where it lies, then the counts added in a tree, `split_every` at a
    time. Runs on the current scheduler (a `distributed.Client` if one is active).

    >>> import dask.bag as db  # doctest: +SKIP
    >>> count_words_dask(tokenizer, db.from_sequence(texts, npartitions=8))  # doctest: +SKIP
    WordCounts({'the': 5210, ...}, fingerprint='...')
    """
    dask = import_extra("dask", EXTRA, "count_words_dask")
    if not isinstance(split_every, int) or isinstance(split_every, bool) or split_every < 2:
        raise ArgumentValueError(f"split_every must be an int >= 2, got {split_every!r}")
    parts = _texts_collection(data, column).to_delayed()
    carrier = _carrier_key(dask, tokenizer)
    counts = [dask.delayed(count_partition, pure=True)(carrier, part) for part in parts]
    if not counts:
        return count_words(tokenizer, [])
    while len(counts) > 1:
        counts = [dask.delayed(add_counts, pure=True)(counts[i : i + split_every]) for i in range(0, len(counts), split_every)]
    return counts[0].compute()  # type: ignore[no-any-return]


def encode_dask(
    tokenizer: Tokenizer,
    frame: Any,
    column: str,
    *,
    outputs: Sequence[str] = ("input_ids",),
    prefix: str = "",
    add_special_tokens: bool = True,
) -> Any:
    """`frame` (a dask.dataframe DataFrame) with one list-of-int column per name of `outputs`
    ("input_ids", "attention_mask", "token_type_ids", "special_tokens_mask"), named
    `prefix + name`, each row holding what `tokenizer.encode_batch` gives its `column` text.
    Lazy, like any dask.dataframe operation; the tokenizer's own truncation and fixed-length
    padding apply (padding to the batch's longest is refused: partitions are encoded apart).

    >>> encoded = encode_dask(tokenizer, frame, "text", outputs=["input_ids", "attention_mask"])  # doctest: +SKIP
    >>> encoded.compute()  # doctest: +SKIP
    """
    dask = import_extra("dask", EXTRA, "encode_dask")
    dd = import_extra("dask.dataframe", EXTRA, "encode_dask")
    pd = import_extra("pandas", EXTRA, "encode_dask")
    if not isinstance(frame, dd.DataFrame):
        raise ArgumentTypeError(f"encode_dask needs a dask.dataframe DataFrame, got {type_name(frame)}")
    _check_column(frame, column)
    options = encode_options(tokenizer, outputs, prefix, add_special_tokens, frame.columns)
    meta = dd.utils.make_meta(frame).assign(**{name: pd.Series([], dtype=object) for name, _ in options.columns})
    return frame.map_partitions(_encode_frame, _carrier_key(dask, tokenizer), column, options, meta=meta)


def _encode_frame(part: Any, carrier: TokenizerCarrier, column: str, options: EncodeOptions) -> Any:
    """One pandas partition with its output columns added (runs on a worker)."""
    pd = import_extra("pandas", EXTRA, "encode_dask")  # imported already: the partition is a pandas DataFrame
    columns = encode_columns(carrier, part[column].tolist(), options)
    added = {name: pd.Series(values, index=part.index, dtype=object) for (name, _), values in zip(options.columns, columns)}
    return part.assign(**added)


def _carrier_key(dask: Any, tokenizer: Tokenizer) -> Any:
    """The tokenizer as one key of the graph, named by its hash (so equal tokenizers share it)."""
    carrier = TokenizerCarrier.of(tokenizer)
    return dask.delayed(carrier, name=f"subword-tokenizer-{carrier.key}", pure=True, traverse=False)


def _texts_collection(data: Any, column: str | None) -> Any:
    """The collection of texts to count: a bag or Series as given, a DataFrame's `column`."""
    bag = import_extra("dask.bag", EXTRA, "count_words_dask")
    if isinstance(data, bag.Bag):
        if column is not None:
            raise ArgumentValueError("column= is for a dask.dataframe DataFrame; a dask.bag holds the texts themselves")
        return data
    dd = import_extra("dask.dataframe", EXTRA, "count_words_dask")
    if isinstance(data, dd.Series):
        if column is not None:
            raise ArgumentValueError("column= is for a dask.dataframe DataFrame; a Series holds the texts themselves")
        return data
    if isinstance(data, dd.DataFrame):
        if column is None:
            raise ArgumentValueError("count_words_dask of a DataFrame needs column=, the name of its text column")
        _check_column(data, column)
        return data[column]
    raise ArgumentTypeError(f"count_words_dask needs a dask.bag, a dask.dataframe Series or DataFrame, got {type_name(data)}")


def _check_column(frame: Any, column: Any) -> None:
    if column not in frame.columns:
        raise KeyError(f"no column {column!r} in the DataFrame (its columns: {list(frame.columns)})")
