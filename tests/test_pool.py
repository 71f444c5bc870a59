"""The worker pool (subword/core/pool.py): pooled batches equal in-process ones, and the pool
survives killed workers, forks, the spawn start method and interpreter exit."""

from __future__ import annotations

import json
import os
import pickle
import re
import signal
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from typing import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subword import AutoTokenizer, Tokenizer, WorkerPoolError, set_num_workers
from subword.core import pool
from subword.core.padding import PaddingParams
from subword.core.truncation import TruncationParams
from subword.tokenizer.tokenizer import carrier_of, from_carrier
from tests.shared_data import REPO_ROOT, fixture_path

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the pool is tested on POSIX")


@pytest.fixture(scope="module", autouse=True)
def forced_pool() -> Iterator[None]:
    """Two workers and no size threshold, so that every batch of these tests goes to the pool."""
    saved = pool.MIN_ITEMS, pool.MIN_CHARS
    pool.MIN_ITEMS, pool.MIN_CHARS = 1, 0
    set_num_workers(2)
    yield
    pool.MIN_ITEMS, pool.MIN_CHARS = saved
    set_num_workers(None)
    pool.shutdown()


@contextmanager
def in_process() -> Iterator[None]:
    saved = os.environ.get(pool.ENV_PARALLELISM)
    os.environ[pool.ENV_PARALLELISM] = "false"
    try:
        yield
    finally:
        if saved is None:
            del os.environ[pool.ENV_PARALLELISM]
        else:
            os.environ[pool.ENV_PARALLELISM] = saved


_tokenizers: dict[str, Tokenizer] = {}


def tokenizer(name: str) -> Tokenizer:
    if name not in _tokenizers:
        _tokenizers[name] = Tokenizer.from_file(fixture_path(f"{name}/tokenizer.json"))
    return _tokenizers[name]


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40) | st.sampled_from(
    ["Hello world!", "The quick brown fox [SEP] jumps", "<s>Héllo wörld</s> 日本語 🤗", "  ", ""]
)
ITEM = TEXT | st.tuples(TEXT, TEXT)
PADDING = st.sampled_from([None, PaddingParams(), PaddingParams(length=24, direction="left"), PaddingParams(pad_to_multiple_of=8)])
TRUNCATION = st.sampled_from([None, TruncationParams(max_length=12, stride=2), TruncationParams(max_length=9, strategy="only_first")])


def both_ways(call):
    with in_process():
        expected = call()
    pids_before = pool.worker_pids()
    pooled = call()
    assert pool.worker_pids() and (not pids_before or pids_before == pool.worker_pids())
    return expected, pooled



def test_the_earliest_failing_item_decides_the_error():
    # Every item fails, each with its own message: the pool must raise the first item's error,
    # as the in-process loop does, whichever chunk a worker finishes first.
    # the first chunk is slow (long texts), so a later chunk's error tends to arrive first
    batch = [("x " * 3000, "y " * (3100 + count)) for count in range(5)] + [("x", "y " * count) for count in range(10, 45)]
    truncation = TruncationParams(max_length=5, strategy="only_first")
    for _ in range(5):
        expected, pooled = both_ways(lambda: _error_of(lambda: tokenizer("bert-base-uncased").encode_batch(batch, truncation=truncation)))
        assert pooled == expected and expected[0] is not None


def _error_of(call):
    try:
        call()
    except Exception as error:
        return type(error), str(error)
    return None, None

@settings(max_examples=max(1, settings.default.max_examples // 4))
@given(
    name=st.sampled_from(["bert-base-uncased", "roberta-base"]),
    batch=st.lists(ITEM, min_size=1, max_size=12),
    fast=st.booleans(),
    add_special_tokens=st.booleans(),
    padding=PADDING,
    truncation=TRUNCATION,
)
def test_pooled_encode_batch_equals_in_process(name, batch, fast, add_special_tokens, padding, truncation):
    encode = tokenizer(name).encode_batch_fast if fast else tokenizer(name).encode_batch

    def call():
        try:
            return encode(batch, add_special_tokens=add_special_tokens, padding=padding, truncation=truncation)
        except Exception as error:  # e.g. only_first truncation of a too-short first sequence
            return type(error), str(error)

    expected, pooled = both_ways(call)
    assert pooled == expected


@settings(max_examples=max(1, settings.default.max_examples // 4))
@given(
    name=st.sampled_from(["bert-base-uncased", "roberta-base"]),
    rows=st.lists(st.lists(st.integers(0, 30_000), max_size=20), min_size=1, max_size=12),
    skip_special_tokens=st.booleans(),
)
def test_decode_batch_stays_in_process_and_equals_decode(name, rows, skip_special_tokens):
    pids_before = pool.worker_pids()
    texts = tokenizer(name).decode_batch(rows * 8, skip_special_tokens)
    assert texts == [tokenizer(name).decode(ids, skip_special_tokens) for ids in rows * 8]
    assert pool.worker_pids() == pids_before


def test_pretokenized_batch_and_bad_input_errors_as_in_process():
    bert = tokenizer("bert-base-uncased")
    words = [["Hello", "world"], ["a", "b", "c"]] * 5
    expected, pooled = both_ways(lambda: bert.encode_batch(words, is_pretokenized=True))
    assert pooled == expected
    for bad in (["ok", 3], [["words"], "text"]):
        with in_process(), pytest.raises(Exception) as in_process_error:
            bert.encode_batch(bad, is_pretokenized=isinstance(bad[0], list))
        with pytest.raises(type(in_process_error.value), match=re.escape(str(in_process_error.value))):
            bert.encode_batch(bad, is_pretokenized=isinstance(bad[0], list))


def test_transformers_front_end_batches_equal_in_process():
    front = AutoTokenizer.from_pretrained(fixture_path("bert-base-uncased"))
    texts = ["Hello world!", "A longer sentence, with more words in it."] * 8

    def call():
        batch = front(texts, padding=True, truncation=True, max_length=8, return_overflowing_tokens=True)
        return dict(batch), front.batch_decode(batch["input_ids"], skip_special_tokens=True)

    expected, pooled = both_ways(call)
    assert pooled == expected


@settings(max_examples=max(1, settings.default.max_examples // 4))
@given(
    name=st.sampled_from(["bert-base-uncased", "roberta-base"]),
    batch=st.lists(ITEM, min_size=1, max_size=12),
    padding=st.sampled_from([False, True, "max_length"]),
    padding_side=st.sampled_from(["right", "left"]),
    truncation=st.sampled_from([False, True, "only_first"]),
    max_length=st.sampled_from([None, 5, 12]),
    add_special_tokens=st.booleans(),
    return_special_tokens_mask=st.booleans(),
    return_length=st.booleans(),
    return_tensors=st.sampled_from([None, "np"]),
)
def test_front_end_model_inputs_from_the_workers_equal_in_process(name, batch, **options):
    # Calls without offsets, unpadded or padded into arrays: the workers send back the model
    # inputs, not Encodings.
    front = AutoTokenizer.from_pretrained(fixture_path(name))
    text = [item if isinstance(item, str) else item[0] for item in batch]
    pair = [item[1] for item in batch] if all(isinstance(item, tuple) for item in batch) else None

    def call():
        try:
            encoded = front(text, pair, **options)
        except Exception as error:  # e.g. only_first truncation of a too-short first sequence
            return type(error), str(error)
        return {key: _plain(value) for key, value in encoded.items()}, encoded.encodings

    expected, pooled = both_ways(call)
    assert pooled == expected


def _plain(value):
    """Arrays as nested lists (a ragged batch is an array of arrays, as transformers makes it)."""
    if hasattr(value, "dtype"):
        return [_plain(row) for row in value] if value.dtype == object else (value.dtype.str, value.tolist())
    return value


def test_a_mutated_tokenizer_is_sent_again():
    bert = Tokenizer.from_str(tokenizer("bert-base-uncased").to_str())
    texts = ["a subwordish novelty here"] * 4
    before = bert.encode_batch(texts)
    bert.add_tokens(["subwordish", "novelty"])
    after = bert.encode_batch(texts)
    with in_process():
        assert after == bert.encode_batch(texts)
    assert after != before
    bert.normalizer.lowercase = False  # an in-place edit of a component is seen too
    with in_process():
        expected = bert.encode_batch(["Hello World"] * 4)
    assert bert.encode_batch(["Hello World"] * 4) == expected


@pytest.mark.parametrize("change", ["add_tokens", "in_place", "encode_special_tokens", "setter"])
def test_a_tokenizer_changed_between_loading_and_its_first_batch_is_sent_as_changed(change, tmp_path):
    # A loaded tokenizer's workers rebuild it from the loaded text, until it changes.
    path = tmp_path / "tokenizer.json"
    path.write_text(tokenizer("bert-base-uncased").to_str(), encoding="utf-8")
    bert = Tokenizer.from_file(str(path))
    texts = ["Hello World [SEP] subwordish"] * 4
    if change == "add_tokens":
        bert.add_tokens(["subwordish"])
    elif change == "in_place":
        bert.normalizer.lowercase = False
    elif change == "encode_special_tokens":
        bert.encode_special_tokens = True
    else:
        bert.pre_tokenizer = None
    with in_process():
        expected = bert.encode_batch(texts)
    assert bert.encode_batch(texts) == expected
    assert expected != Tokenizer.from_file(str(path)).encode_batch(texts)


def test_a_loaded_tokenizer_sends_the_text_it_was_read_from_until_it_changes(tmp_path):
    text = tokenizer("gpt2").to_str(pretty=True)  # not the text to_str() would write
    path = tmp_path / "tokenizer.json"
    path.write_text(text, encoding="utf-8")
    gpt2 = Tokenizer.from_file(str(path))
    gpt2.add_tokens([])  # changes nothing, as setting a flag to the value it has
    gpt2.encode_special_tokens = False
    assert gpt2._pool_carrier()[1] == "0\n" + text
    gpt2.add_tokens(["subwordish"])
    changed = gpt2._pool_carrier()[1]
    assert isinstance(changed, bytes) and from_carrier(changed).to_str() == gpt2.to_str()
    _, document, model = pickle.loads(changed)  # the model still comes from the text it was read from
    assert document["model"] is None and model == (text, None)


def test_a_tokenizer_whose_model_changed_since_loading_writes_its_model_out(tmp_path):
    path = tmp_path / "tokenizer.json"
    path.write_text(tokenizer("gpt2").to_str(), encoding="utf-8")
    in_place = Tokenizer.from_file(str(path))
    in_place.model.ignore_merges = True  # a setting of the model, changed in place
    replaced = Tokenizer.from_file(str(path))
    replaced.model = Tokenizer.from_file(str(path)).model  # the same tables, but another model
    for changed in (in_place, replaced):
        _, document, model = pickle.loads(changed._pool_carrier()[1])
        assert model is None and document["model"]["merges"][0] == ["Ġ", "t"]
        assert from_carrier(changed._pool_carrier()[1]).to_str() == changed.to_str()


@pytest.mark.parametrize("name", ["mistral-7b", "t5"])
def test_a_transformers_model_rebuilt_with_other_settings_travels_as_the_file_and_those_settings(name):
    """Llama's and T5's classes rebuild the file's model with their own settings (Llama's BPE
    without its unk token, as transformers does): the carrier sends the file's text and those
    settings, and rebuilds that tokenizer."""
    backend = AutoTokenizer.from_pretrained(str(fixture_path(name))).backend_tokenizer
    carrier = backend._pool_carrier()[1]
    _, document, (text, settings) = pickle.loads(carrier)
    assert document["model"] is None and text == fixture_path(f"{name}/tokenizer.json").read_text(encoding="utf-8")
    assert settings == {key: value for key, value in backend.model.to_json().items() if key not in ("vocab", "merges")}
    rebuilt = from_carrier(carrier)
    assert rebuilt.to_str() == backend.to_str()
    if name == "mistral-7b":
        assert settings["unk_token"] is None and json.loads(text)["model"]["unk_token"] == "<unk>"


def test_a_worker_killed_during_a_call_fails_it_clearly_and_the_next_call_works():
    bert = tokenizer("bert-base-uncased")
    texts = ["Hello world!"] * 200
    expected = bert.encode_batch(texts)
    workers = pool.worker_pids()
    # a "tokenizer" whose loading kills its worker with SIGKILL: a worker dying mid-call
    suicide = "__import__('os').kill(__import__('os').getpid(), 9)"
    with pytest.raises(WorkerPoolError, match=r"worker process \d+ was killed by SIGKILL"):
        pool.run_chunked(pool.carrier_key(suicide), suicide, eval, len, texts)
    assert bert.encode_batch(texts) == expected
    assert not set(pool.worker_pids()) & set(workers)


def test_a_worker_killed_between_calls_is_replaced():
    bert = tokenizer("bert-base-uncased")
    texts = ["Hello world!"] * 200
    expected = bert.encode_batch(texts)
    victim = pool.worker_pids()[0]
    os.kill(victim, signal.SIGKILL)
    os.waitid(os.P_PID, victim, os.WEXITED | os.WNOWAIT)
    assert bert.encode_batch(texts) == expected
    assert victim not in pool.worker_pids()


def run_script(code: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter with this tree first on the path; fail (not hang) on a deadlock."""
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT), **(env or {})}
    header = f"import sys; FIXTURE = {str(fixture_path('bert-base-uncased/tokenizer.json'))!r}\n"
    return subprocess.run(
        [sys.executable, "-c", header + textwrap.dedent(code)],
        env=environment, capture_output=True, text=True, timeout=timeout, check=False,
    )


POOLED_SCRIPT_HEAD = """
    import os, subword
    from subword.core import pool
    pool.MIN_ITEMS, pool.MIN_CHARS = 1, 0
    subword.set_num_workers(2)
    tok = subword.Tokenizer.from_file(FIXTURE)
    texts = ["Hello world!", "The quick brown fox."] * 50
"""


@pytest.mark.slow
def test_a_forked_child_encodes_with_its_own_pool():
    result = run_script(POOLED_SCRIPT_HEAD + """
    expected = [e.ids for e in tok.encode_batch(texts)]
    parent_workers = pool.worker_pids()
    pid = os.fork()
    if pid == 0:
        ok = [e.ids for e in tok.encode_batch(texts)] == expected and not set(pool.worker_pids()) & set(parent_workers)
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, status
    assert [e.ids for e in tok.encode_batch(texts)] == expected and pool.worker_pids() == parent_workers
    print("ok")
    """)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


@pytest.mark.slow
def test_works_under_the_spawn_start_method_without_a_main_guard():
    result = run_script("""
    import multiprocessing
    multiprocessing.set_start_method("spawn")
    """ + POOLED_SCRIPT_HEAD + """
    ids = [e.ids for e in tok.encode_batch(texts)]
    assert len(pool.worker_pids()) == 2
    assert ids == [e.ids for e in tok.encode_batch(texts)]
    print("ok")
    """)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_tokenizers_parallelism_false_keeps_batches_in_process():
    result = run_script(POOLED_SCRIPT_HEAD + """
    tok.encode_batch(texts); tok.encode_batch_fast(texts); tok.decode_batch([[1, 2, 3]] * 100)
    assert pool.worker_pids() == [], pool.worker_pids()
    print("ok")
    """, env={"TOKENIZERS_PARALLELISM": "false"})
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


@pytest.mark.slow
def test_no_worker_outlives_the_interpreter():
    result = run_script(POOLED_SCRIPT_HEAD + """
    tok.encode_batch(texts)
    print(*pool.worker_pids())
    """)
    assert result.returncode == 0, result.stderr
    pids = [int(pid) for pid in result.stdout.split()]
    assert len(pids) == 2
    for pid in pids:
        assert not os.path.exists(f"/proc/{pid}") or "zombie" in open(f"/proc/{pid}/status").read().lower()


def test_num_workers_settings(monkeypatch):
    monkeypatch.setenv("TOKENIZERS_PARALLELISM", "OFF")
    assert pool.num_workers() == 0
    monkeypatch.setenv("TOKENIZERS_PARALLELISM", "true")
    assert pool.num_workers() == 2  # set_num_workers(2) of the module fixture
    set_num_workers(None)
    try:
        monkeypatch.setenv("SUBWORD_NUM_WORKERS", "3")
        assert pool.num_workers() == 3
        monkeypatch.setenv("SUBWORD_NUM_WORKERS", "1")
        assert pool.num_workers() == 0
    finally:
        set_num_workers(2)
    with pytest.raises(TypeError):
        set_num_workers("2")  # type: ignore[arg-type]


def test_small_batches_stay_in_process(monkeypatch):
    monkeypatch.setattr(pool, "MIN_ITEMS", 64)
    monkeypatch.setattr(pool, "MIN_CHARS", 32_000)
    assert not pool.worth_pooling(63, 10**6) and not pool.worth_pooling(10**4, 31_999)
    assert pool.worth_pooling(64, 32_000)


# -- streaming chunks (`stream_chunks`, `Tokenizer.stream_in_workers`) ------------------------


def _lengths(tokenizer: Tokenizer, chunk: list[str], tag: str) -> list:
    """A pool task: the chunk's text lengths, with the process that ran it."""
    return [(tag, [len(text) for text in chunk], os.getpid())]


def _fail_on(tokenizer: Tokenizer, chunk: list[str]) -> list:
    if "boom" in chunk[0]:
        raise ValueError(f"bad chunk {chunk[0]}")
    return [chunk[0]]


def test_streamed_chunks_come_back_in_order_from_the_workers():
    chunks = [[f"text {i}" * (i % 7 + 1)] for i in range(40)]
    results = list(tokenizer("gpt2").stream_in_workers(_lengths, iter(chunks), ("t",)))
    assert [lengths for [(_, lengths, _)] in results] == [[len(chunk[0])] for chunk in chunks]
    assert {pid for [(_, _, pid)] in results} <= set(pool.worker_pids()) and os.getpid() not in {pid for [(_, _, pid)] in results}


def test_streamed_chunks_are_pulled_a_few_at_a_time():
    pulled = []

    def chunks():
        for i in range(100):
            pulled.append(i)
            yield [str(i)]

    stream = tokenizer("gpt2").stream_in_workers(_lengths, chunks(), ("t",))
    next(stream)
    # at most CHUNKS_PER_WORKER chunks per worker are out or waiting: the rest are not read yet
    assert len(pulled) <= 2 * pool.CHUNKS_PER_WORKER + 1
    assert len(list(stream)) == 99


def test_a_stream_closed_early_leaves_a_working_pool():
    stream = tokenizer("gpt2").stream_in_workers(_lengths, ([str(i)] for i in range(50)), ("t",))
    next(stream)
    stream.close()  # chunks were out: their workers are stopped, the next call starts new ones
    assert tokenizer("gpt2").encode_batch(["hello world"] * 8)[0].ids == tokenizer("gpt2").encode("hello world").ids


def test_a_failing_chunk_raises_the_earliest_error_after_the_chunks_before_it():
    chunks = [["fine 0"], ["fine 1"], ["boom 2"], ["fine 3"], ["boom 4"]]
    seen = []
    with pytest.raises(ValueError, match="bad chunk boom 2"):
        for result in tokenizer("gpt2").stream_in_workers(_fail_on, iter(chunks)):
            seen.extend(result)
    assert seen == ["fine 0", "fine 1"]


def test_a_stream_stays_in_process_when_parallelism_is_off():
    with in_process():
        results = list(tokenizer("gpt2").stream_in_workers(_lengths, iter([["ab"], ["abc"]]), ("t",)))
    assert results == [[("t", [2], os.getpid())], [("t", [3], os.getpid())]]


@pytest.mark.parametrize("name", ["bert-base-uncased", "gpt2", "roberta-base", "t5", "mistral-7b"])
def test_a_changed_tokenizer_travels_as_its_pickled_document(name):
    """The carrier of a tokenizer changed since it was loaded rebuilds the same tokenizer:
    the same tokenizer.json (Unigram's scores to the last bit), flag and encodings."""
    changed = Tokenizer.from_str(tokenizer(name).to_str())
    changed.add_special_tokens(["<extra>"])
    changed.encode_special_tokens = True
    changed.enable_truncation(7, stride=2)
    carrier = carrier_of(changed)
    rebuilt = from_carrier(carrier)
    assert rebuilt.to_str() == changed.to_str() and rebuilt.encode_special_tokens
    text = "Héllo <extra> wörld, 日本語 🤗 again and again"
    assert rebuilt.encode(text) == changed.encode(text)
    assert pool.carrier_key(carrier_of(Tokenizer.from_str(changed.to_str()))) != pool.carrier_key(carrier)  # the flag counts


@pytest.mark.parametrize("name", ["mistral-7b", "t5"])
def test_the_carrier_stays_the_same_after_encoding_in_process(name):
    """What encoding builds or counts in the model (T5's piece trie, the chars of long words BPE
    merged whole) is no setting: the carrier is not written again, and still takes the file's text."""
    loaded = Tokenizer.from_file(str(fixture_path(f"{name}/tokenizer.json")))
    loaded.add_tokens(["subwordish"])
    carrier = loaded._pool_carrier()
    with in_process():
        loaded.encode_batch(["a word " * 3000, "一二三"])
    assert loaded._pool_carrier() is carrier
    _, document, model = pickle.loads(carrier[1])
    assert document["model"] is None and model is not None
