"""Dask and Spark helpers: count words over a distributed collection into one `WordCounts`, and
encode a distributed DataFrame's text column into token-id columns.

Needs the optional extras: `pip install subword[dask]` and/or `pip install subword[spark]`.
Importing this package imports neither; a helper whose framework is missing raises a
`MissingDependencyError` (an ImportError) naming the extra.

What runs where: the driver serializes the tokenizer once (its tokenizer.json, `_shipping`);
Dask sends it to each worker as one graph key, Spark as a broadcast; each worker process
rebuilds the Tokenizer on first use and keeps it for every later partition. Texts stay on the
workers; only `WordCounts` (one per partition, added in a tree) or the id columns come back.
"""

from ._dask import count_words_dask, encode_dask
from ._shipping import TokenizerCarrier
from ._spark import count_words_spark, encode_spark

__all__ = ["TokenizerCarrier", "count_words_dask", "count_words_spark", "encode_dask", "encode_spark"]
