"""subword.distributed's Spark helpers on a `local[2]` session bound to 127.0.0.1: word counts
equal `subword.count_words` in one process, encoded columns equal the Rust `tokenizers`
package's `encode_batch`, and each Python worker builds the tokenizer once."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Iterator

import pytest

import subword
from subword import ArgumentValueError, count_words
from subword.distributed import TokenizerCarrier, count_words_spark, encode_spark
from subword.distributed import _shipping
from tests.distributed_data import TOKENIZERS, rust_tokenizer, subword_tokenizer, texts

pyspark_sql = pytest.importorskip("pyspark.sql")

pytestmark = [
    pytest.mark.slow,  # a Spark session takes some seconds to start, each job one or two
    pytest.mark.skipif(shutil.which("java") is None and "JAVA_HOME" not in os.environ, reason="Spark needs Java"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning", "ignore::ResourceWarning"),
]


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    """A local[2] session on 127.0.0.1 whose Python workers run this interpreter and import
    the same subword as this process (installed or not: its folder goes first on PYTHONPATH)."""
    package_root = str(Path(subword.__file__).resolve().parent.parent)
    saved = {name: os.environ.get(name) for name in ("PYSPARK_PYTHON", "PYTHONPATH")}
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, saved["PYTHONPATH"]]))
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("subword-tests")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return texts()


def frame_of(spark: object, lines: list[str], partitions: int) -> object:
    rows = [(index, line) for index, line in enumerate(lines)]
    return spark.createDataFrame(rows, "id long, text string").coalesce(partitions)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", TOKENIZERS)
def test_counts_of_an_rdd_equal_one_process(spark: object, lines: list[str], name: str) -> None:
    tokenizer = subword_tokenizer(name)
    rdd = spark.sparkContext.parallelize(lines, 7)  # type: ignore[attr-defined]
    counts = count_words_spark(tokenizer, rdd, depth=3)
    assert counts == count_words(tokenizer, lines)  # the words, their counts and the pipeline fingerprint
    assert counts.fingerprint is not None


def test_counts_of_a_dataframe_column_and_of_nothing(spark: object, lines: list[str]) -> None:
    tokenizer = subword_tokenizer("bert-base-uncased")
    assert count_words_spark(tokenizer, frame_of(spark, lines, 3), "text") == count_words(tokenizer, lines)
    empty = spark.sparkContext.emptyRDD()  # type: ignore[attr-defined]
    assert count_words_spark(tokenizer, empty) == count_words(tokenizer, [])


@pytest.mark.parametrize("name", TOKENIZERS)
def test_encoded_columns_equal_the_reference(spark: object, lines: list[str], name: str) -> None:
    outputs = ["input_ids", "attention_mask", "token_type_ids", "special_tokens_mask"]
    encoded = encode_spark(subword_tokenizer(name), frame_of(spark, lines, 3), "text", outputs=outputs)
    assert encoded.schema["input_ids"].dataType.simpleString() == "array<int>"
    rows = sorted(encoded.collect(), key=lambda row: row.id)
    expected = rust_tokenizer(name).encode_batch(lines)
    assert [row.text for row in rows] == lines
    assert [row.input_ids for row in rows] == [e.ids for e in expected]
    assert [row.attention_mask for row in rows] == [e.attention_mask for e in expected]
    assert [row.token_type_ids for row in rows] == [e.type_ids for e in expected]
    assert [row.special_tokens_mask for row in rows] == [e.special_tokens_mask for e in expected]


def test_each_python_worker_builds_the_tokenizer_once(spark: object, lines: list[str]) -> None:
    tokenizer = subword_tokenizer("gpt2")
    tokenizer.add_tokens(["<built once per worker>"])  # a tokenizer no other test has shipped
    key = TokenizerCarrier.of(tokenizer).key
    encoded = encode_spark(tokenizer, frame_of(spark, lines, 8), "text", prefix="text_")
    assert encoded.count() == len(lines) and len(encoded.collect()) == len(lines)  # two jobs of 8 partitions
    context = spark.sparkContext  # type: ignore[attr-defined]
    seen = context.parallelize(range(8), 8).mapPartitions(lambda _: [(os.getpid(), _shipping.builds(key))]).collect()
    builds = dict(seen)
    assert set(builds.values()) <= {0, 1} and sum(builds.values()) >= 1, seen


def test_bad_arguments(spark: object, lines: list[str]) -> None:
    tokenizer = subword_tokenizer("gpt2")
    frame = frame_of(spark, lines[:10], 1)
    with pytest.raises(KeyError, match="no column 'body'"):
        encode_spark(tokenizer, frame, "body")
    with pytest.raises(ArgumentValueError, match="already has the column"):
        encode_spark(tokenizer, frame.withColumnRenamed("id", "input_ids"), "text")  # type: ignore[attr-defined]
    with pytest.raises(ArgumentValueError, match="needs column="):
        count_words_spark(tokenizer, frame)
    tokenizer.enable_padding()
    with pytest.raises(ArgumentValueError, match="no_padding"):
        encode_spark(tokenizer, frame, "text")


def test_missing_pyspark_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    tokenizer = subword_tokenizer("gpt2")
    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(ImportError, match=r"pip install subword\[spark\]"):
        count_words_spark(tokenizer, ["a text"])
    with pytest.raises(ImportError, match=r"pip install subword\[spark\]"):
        encode_spark(tokenizer, None, "text")
