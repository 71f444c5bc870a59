"""Spark helpers: count words over an RDD of texts or a DataFrame column into one WordCounts,
and encode a DataFrame column into `array<int>` columns.

The tokenizer travels as a broadcast variable holding its `TokenizerCarrier`: Spark sends it to
each executor once, and each Python worker process rebuilds the Tokenizer once and keeps it
for every later partition (Spark reuses its Python workers, `spark.python.worker.reuse`).
Partitions go through `RDD.mapPartitions`, so neither pandas nor pyarrow is needed. Classic
Spark only: a Spark Connect DataFrame has no RDD.
"""

from __future__ import annotations

import functools
import operator
from typing import Any, Iterable, Iterator, Sequence

from ._partition import CHUNK_ROWS, EncodeOptions, count_partition, encode_columns, encode_options, import_extra
from ._shipping import TokenizerCarrier
from ..core.word_counts import WordCounts
from ..errors import ArgumentTypeError, ArgumentValueError, type_name
from ..tokenizer.tokenizer import Tokenizer
from ..tokenizer.training import count_words

EXTRA = "spark"


def count_words_spark(tokenizer: Tokenizer, data: Any, column: str | None = None, *, depth: int = 2) -> WordCounts:
    """`subword.count_words(tokenizer, texts)` where the texts are an RDD (of str, or of batches
    of str) or the `column` of a DataFrame: each partition counted on its executor, then the
    counts added with `treeAggregate` of this `depth`.

    >>> count_words_spark(tokenizer, spark.read.text("corpus.txt"), "value")  # doctest: +SKIP
    WordCounts({'the': 5210, ...}, fingerprint='...')
    """
    import_extra("pyspark", EXTRA, "count_words_spark")
    if not isinstance(depth, int) or isinstance(depth, bool) or depth < 1:
        raise ArgumentValueError(f"depth must be an int >= 1, got {depth!r}")
    rdd = _texts_rdd(data, column)
    carrier = rdd.context.broadcast(TokenizerCarrier.of(tokenizer))
    try:
        shards = rdd.mapPartitions(functools.partial(_count_shard, carrier))
        return shards.treeAggregate(count_words(tokenizer, []), operator.add, operator.add, depth)  # type: ignore[no-any-return]
    finally:
        carrier.unpersist()


def encode_spark(
    tokenizer: Tokenizer,
    frame: Any,
    column: str,
    *,
    outputs: Sequence[str] = ("input_ids",),
    prefix: str = "",
    add_special_tokens: bool = True,
) -> Any:
    """`frame` (a pyspark DataFrame) with one `array<int>` column per name of `outputs`
    ("input_ids", "attention_mask", "token_type_ids", "special_tokens_mask"), named
    `prefix + name`, each row holding what `tokenizer.encode_batch` gives its `column` text.
    Lazy, like any DataFrame transformation; the tokenizer's own truncation and fixed-length
    padding apply (padding to the batch's longest is refused: partitions are encoded apart).

    >>> encode_spark(tokenizer, frame, "text", outputs=["input_ids", "attention_mask"]).show()  # doctest: +SKIP
    """
    import_extra("pyspark", EXTRA, "encode_spark")
    types = import_extra("pyspark.sql.types", EXTRA, "encode_spark")
    _check_frame(frame, "encode_spark")
    _check_column(frame, column)
    options = encode_options(tokenizer, outputs, prefix, add_special_tokens, frame.columns)
    ids = types.ArrayType(types.IntegerType(), containsNull=False)
    schema = types.StructType(frame.schema.fields + [types.StructField(name, ids, nullable=False) for name, _ in options.columns])
    carrier = frame.sparkSession.sparkContext.broadcast(TokenizerCarrier.of(tokenizer))
    rows = frame.rdd.mapPartitions(functools.partial(_encode_rows, carrier, frame.columns.index(column), options))
    return frame.sparkSession.createDataFrame(rows, schema, verifySchema=False)


def _count_shard(carrier: Any, texts: Iterable[Any]) -> Iterator[WordCounts]:
    """The counts of one partition, as a one-item partition (runs on an executor)."""
    yield count_partition(carrier.value, texts)


def _encode_rows(carrier: Any, index: int, options: EncodeOptions, rows: Iterable[Any]) -> Iterator[tuple]:
    """Each row of one partition with its output columns appended (runs on an executor)."""
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK_ROWS:
            yield from _with_columns(carrier.value, index, options, chunk)
            chunk = []
    yield from _with_columns(carrier.value, index, options, chunk)


def _with_columns(carrier: TokenizerCarrier, index: int, options: EncodeOptions, rows: list[Any]) -> Iterator[tuple]:
    columns = encode_columns(carrier, [row[index] for row in rows], options)
    for row, *values in zip(rows, *columns):
        yield (*row, *values)


def _texts_rdd(data: Any, column: str | None) -> Any:
    """The RDD of texts to count: an RDD as given, a DataFrame's `column`."""
    if isinstance(data, import_extra("pyspark", EXTRA, "count_words_spark").RDD):
        if column is not None:
            raise ArgumentValueError("column= is for a DataFrame; an RDD holds the texts themselves")
        return data
    _check_frame(data, "count_words_spark")
    if column is None:
        raise ArgumentValueError("count_words_spark of a DataFrame needs column=, the name of its text column")
    _check_column(data, column)
    return data.select(column).rdd.map(operator.itemgetter(0))


def _check_frame(frame: Any, what: str) -> None:
    if not isinstance(frame, import_extra("pyspark.sql", EXTRA, what).DataFrame):
        raise ArgumentTypeError(f"{what} needs a pyspark DataFrame or RDD, got {type_name(frame)}")


def _check_column(frame: Any, column: Any) -> None:
    if column not in frame.columns:
        raise KeyError(f"no column {column!r} in the DataFrame (its columns: {frame.columns})")
