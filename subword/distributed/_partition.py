"""What a worker does with one partition, the same under Dask and Spark: count its words, or
encode its texts into id columns, with the tokenizer its `TokenizerCarrier` rebuilds once.

Also the checks the driver makes before a job starts (`encode_options`, `import_extra`), so a
bad argument fails at once rather than in every task.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from ._shipping import TokenizerCarrier
from ..core.word_counts import WordCounts
from ..errors import ArgumentTypeError, ArgumentValueError, MissingDependencyError, type_name
from ..tokenizer.tokenizer import Tokenizer
from ..tokenizer.training import count_words

# Output column -> the Encoding field it holds (the names transformers gives model inputs).
OUTPUT_FIELDS = {
    "input_ids": "ids",
    "attention_mask": "attention_mask",
    "token_type_ids": "type_ids",
    "special_tokens_mask": "special_tokens_mask",
}
CHUNK_ROWS = 1024  # rows encoded per encode_batch call: bounds the memory a partition needs


@dataclass(frozen=True)
class EncodeOptions:
    """How to encode each text, and which output columns (name, Encoding field) to fill."""

    add_special_tokens: bool
    columns: tuple[tuple[str, str], ...]


def import_extra(module: str, extra: str, what: str) -> Any:
    """`module` imported, or a MissingDependencyError (an ImportError) naming the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependencyError(
            f"{what} needs {module.partition('.')[0]}, which is not installed: pip install subword[{extra}]"
        ) from None


def encode_options(
    tokenizer: Tokenizer, outputs: Sequence[str], prefix: str, add_special_tokens: bool, existing: Iterable[str]
) -> EncodeOptions:
    """The checked options of an encode job over a table whose columns are `existing`.

    >>> from subword.models import WordLevel
    >>> encode_options(Tokenizer(WordLevel({"a": 0}, unk_token="a")), ["input_ids"], "text_", True, ["text"]).columns
    (('text_input_ids', 'ids'),)
    """
    if isinstance(outputs, str) or not all(isinstance(name, str) for name in outputs):
        raise ArgumentTypeError(f"outputs must be a list of column kinds such as ['input_ids'], got {outputs!r:.80}")
    unknown = [name for name in outputs if name not in OUTPUT_FIELDS]
    if unknown or not outputs:
        raise ArgumentValueError(f"outputs must name one or more of {list(OUTPUT_FIELDS)}, got {list(outputs)!r:.80}")
    if not isinstance(prefix, str):
        raise ArgumentTypeError(f"prefix must be a str, got {type_name(prefix)}")
    if not isinstance(add_special_tokens, bool):
        raise ArgumentTypeError(f"add_special_tokens must be a bool, got {type_name(add_special_tokens)}")
    padding = tokenizer.padding_params
    if padding is not None and padding.strategy == "batch_longest":
        raise ArgumentValueError(
            "the tokenizer pads to the longest encoding of a batch, but each partition is encoded "
            "apart, so lengths would differ between partitions: call tokenizer.no_padding(), or "
            "tokenizer.enable_padding(length=N) for one fixed length"
        )
    columns = tuple((prefix + name, OUTPUT_FIELDS[name]) for name in dict.fromkeys(outputs))
    taken = sorted({name for name, _ in columns} & set(existing))
    if taken:
        raise ArgumentValueError(f"the table already has the column(s) {taken}: pass another prefix=")
    return EncodeOptions(add_special_tokens, columns)


def count_partition(carrier: TokenizerCarrier, texts: Iterable[Any]) -> WordCounts:
    """`subword.count_words` of one partition's texts, with the worker's kept tokenizer."""
    return count_words(carrier.tokenizer(), texts)


def add_counts(shards: Iterable[WordCounts]) -> WordCounts:
    """The sum of some partitions' counts (a step of the tree reduction)."""
    return sum(shards, WordCounts())


def encode_columns(carrier: TokenizerCarrier, texts: Sequence[str], options: EncodeOptions) -> list[list[list[int]]]:
    """The output columns of `texts` (one list per column, one id list per text), encoded
    `CHUNK_ROWS` texts at a time with the worker's kept tokenizer."""
    tokenizer = carrier.tokenizer()
    fields = [field for _, field in options.columns]
    columns: list[list[list[int]]] = [[] for _ in fields]
    for start in range(0, len(texts), CHUNK_ROWS):
        encodings = tokenizer.encode_batch_fast(list(texts[start : start + CHUNK_ROWS]), add_special_tokens=options.add_special_tokens)
        for field, column in zip(fields, columns):
            column.extend(getattr(encoding, field) for encoding in encodings)
    return columns
