"""subword.distributed's Dask helpers on a two-process `distributed.LocalCluster`: word counts
equal `subword.count_words` in one process, encoded columns equal the Rust `tokenizers`
package's `encode_batch`, and each worker builds the tokenizer once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Iterator

import pytest

from subword import ArgumentValueError, count_words
from subword.distributed import TokenizerCarrier, count_words_dask, encode_dask
from subword.distributed import _shipping
from tests.distributed_data import TOKENIZERS, rust_tokenizer, subword_tokenizer, texts
from tests.shared_data import REPO_ROOT

pd = pytest.importorskip("pandas")
db = pytest.importorskip("dask.bag")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning")]


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    """A client of two single-threaded worker processes on 127.0.0.1, the default scheduler here."""
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", processes=True, dashboard_address=None
    )
    with cluster, distributed.Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return texts()


def frame_of(lines: list[str], partitions: int) -> object:
    return dd.from_pandas(pd.DataFrame({"id": range(len(lines)), "text": lines}), npartitions=partitions)


@pytest.mark.parametrize("name", TOKENIZERS)
def test_counts_of_a_bag_equal_one_process(client: object, lines: list[str], name: str) -> None:
    tokenizer = subword_tokenizer(name)
    expected = count_words(tokenizer, lines)
    counts = count_words_dask(tokenizer, db.from_sequence(lines, npartitions=11), split_every=3)
    assert counts == expected  # the words, their counts and the pipeline fingerprint
    assert counts.fingerprint is not None


def test_counts_of_a_dataframe_column_and_a_series(client: object, lines: list[str]) -> None:
    tokenizer = subword_tokenizer("bert-base-uncased")
    frame = frame_of(lines, 5)
    expected = count_words(tokenizer, lines)
    assert count_words_dask(tokenizer, frame, "text") == expected
    assert count_words_dask(tokenizer, frame["text"]) == expected


def test_counts_of_batches_of_texts(client: object, lines: list[str]) -> None:
    tokenizer = subword_tokenizer("gpt2")
    batches = [lines[i : i + 7] for i in range(0, len(lines), 7)]
    assert count_words_dask(tokenizer, db.from_sequence(batches, npartitions=4)) == count_words(tokenizer, lines)


@pytest.mark.parametrize("name", TOKENIZERS)
def test_encoded_columns_equal_the_reference(client: object, lines: list[str], name: str) -> None:
    outputs = ["input_ids", "attention_mask", "token_type_ids", "special_tokens_mask"]
    encoded = encode_dask(subword_tokenizer(name), frame_of(lines, 4), "text", outputs=outputs).compute()
    expected = rust_tokenizer(name).encode_batch(lines)
    assert list(encoded["id"]) == list(range(len(lines)))  # rows kept, in order
    assert list(encoded["text"]) == lines
    assert list(encoded["input_ids"]) == [e.ids for e in expected]
    assert list(encoded["attention_mask"]) == [e.attention_mask for e in expected]
    assert list(encoded["token_type_ids"]) == [e.type_ids for e in expected]
    assert list(encoded["special_tokens_mask"]) == [e.special_tokens_mask for e in expected]


def test_encode_without_special_tokens_and_with_a_prefix(client: object, lines: list[str]) -> None:
    tokenizer = subword_tokenizer("bert-base-uncased")
    tokenizer.no_padding()
    encoded = encode_dask(tokenizer, frame_of(lines, 3), "text", prefix="text_", add_special_tokens=False)
    assert list(encoded.columns) == ["id", "text", "text_input_ids"]
    reference = rust_tokenizer("bert-base-uncased")
    reference.no_padding()
    expected = reference.encode_batch(lines, add_special_tokens=False)
    assert list(encoded.compute()["text_input_ids"]) == [e.ids for e in expected]


def test_each_worker_builds_the_tokenizer_once(client: object, lines: list[str]) -> None:
    tokenizer = subword_tokenizer("gpt2")
    tokenizer.add_tokens(["<built once per worker>"])  # a tokenizer no other test has shipped
    key = TokenizerCarrier.of(tokenizer).key
    encode_dask(tokenizer, frame_of(lines, 12), "text").compute()
    count_words_dask(tokenizer, db.from_sequence(lines, npartitions=12))
    builds = client.run(_shipping.builds, key)  # type: ignore[attr-defined]
    assert len(builds) == 2 and set(builds.values()) <= {0, 1} and sum(builds.values()) >= 1, builds


def test_bad_arguments(lines: list[str]) -> None:
    tokenizer = subword_tokenizer("gpt2")
    frame = frame_of(lines[:10], 2)
    with pytest.raises(KeyError, match="no column 'body'"):
        encode_dask(tokenizer, frame, "body")
    with pytest.raises(ArgumentValueError, match="already has the column"):
        encode_dask(tokenizer, frame.assign(input_ids=1), "text")
    with pytest.raises(ArgumentValueError, match="outputs must name"):
        encode_dask(tokenizer, frame, "text", outputs=["offsets"])
    with pytest.raises(ArgumentValueError, match="needs column="):
        count_words_dask(tokenizer, frame)
    tokenizer.enable_padding()  # to the longest of a batch: a partition is no batch
    with pytest.raises(ArgumentValueError, match="no_padding"):
        encode_dask(tokenizer, frame, "text")


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    tokenizer = subword_tokenizer("gpt2")
    monkeypatch.setitem(sys.modules, "dask", None)
    with pytest.raises(ImportError, match=r"pip install subword\[dask\]"):
        count_words_dask(tokenizer, ["a text"])
    with pytest.raises(ImportError, match=r"pip install subword\[dask\]"):
        encode_dask(tokenizer, None, "text")


def test_import_needs_neither_dask_nor_spark() -> None:
    code = textwrap.dedent(
        """
        import sys
        sys.modules["dask"] = sys.modules["pyspark"] = sys.modules["pandas"] = None
        import subword.distributed
        loaded = [m for m, module in sys.modules.items() if module is not None and m.split(".")[0] in
                  ("dask", "distributed", "pyspark", "pandas", "pyarrow")]
        print(loaded)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, check=True)
    assert result.stdout.strip() == "[]"
