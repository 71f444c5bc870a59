"""One tokenizer shared by many threads: every call gives what the same call gives alone.

The switch interval is set to a microsecond so threads interleave inside calls, and a barrier
starts them together. Caches are shrunk to a few entries so that inserts and evictions race.
"""

from __future__ import annotations

import random
import sys
import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import pytest

from subword import Tokenizer
from subword.core.padding import PaddingParams
from subword.core.truncation import TruncationParams
from subword.sentencepiece import SentencePieceProcessor
from subword.sentencepiece._normalize import BoundedCache
from subword.text.chars import CharMap
from subword.text.charsmap import CharsMap, build_charsmap
from subword.transformers import AutoTokenizer, PreTrainedTokenizer, default_tokenizer_path
from tests.shared_data import fixture_path

THREADS = 8
CALLS = 200
SPECIALS = {"pad_token": "[PAD]", "unk_token": "[UNK]", "cls_token": "[CLS]", "sep_token": "[SEP]", "mask_token": "[MASK]"}
TEXTS = [
    "Hello world!",
    "The quick brown fox jumps over the lazy dog.",
    "a",
    "",
    "Héllo wörld — 日本語のテキスト, Привет мир 🤗",
    "tokenizers share caches between threads, and nothing may tear",
    "one two three four five six seven eight nine ten eleven twelve thirteen",
    "a [SEP] between [CLS] special tokens [MASK]",
]


@contextmanager
def _interleaved() -> Iterator[None]:
    """Switch threads every microsecond (instead of every 5 ms) while the block runs."""
    saved = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(saved)


def _in_threads(work: Callable[[int], Any], threads: int = THREADS) -> list[Any]:
    """work(0) ... work(threads - 1), each in its own thread, started together; their results."""
    barrier = threading.Barrier(threads)
    results: list[Any] = [None] * threads
    errors: list[BaseException] = []

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(index)
        except BaseException as error:  # re-raised in the main thread below
            errors.append(error)

    workers = [threading.Thread(target=run, args=(index,)) for index in range(threads)]
    with _interleaved():
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    if errors:
        raise errors[0]
    return results


def _outcome(call: Callable[[], Any], summary: Callable[[Any], Any]) -> Any:
    """The summary of what `call` returns, or the type and message of what it raises."""
    try:
        return summary(call())
    except Exception as error:
        return (type(error).__name__, str(error))


def _encoding_summary(encoding: Any) -> tuple:
    return (
        encoding.ids,
        encoding.type_ids,
        encoding.tokens,
        encoding.offsets,
        encoding.word_ids,
        encoding.attention_mask,
        encoding.special_tokens_mask,
        [_encoding_summary(overflow) for overflow in encoding.overflowing],
    )


def _summary(result: Any) -> Any:
    if isinstance(result, list):
        return [_encoding_summary(encoding) for encoding in result]
    if hasattr(result, "ids"):
        return _encoding_summary(result)
    return {key: value for key, value in result.data.items()}  # a BatchEncoding


def _check_calls_alone_equal_calls_together(calls_of_thread: list[list[Callable[[], Any]]]) -> None:
    alone = [[_outcome(call, _summary) for call in calls] for calls in calls_of_thread]
    together = _in_threads(lambda index: [_outcome(call, _summary) for call in calls_of_thread[index]])
    for index, (expected, got) in enumerate(zip(alone, together)):
        mismatches = [n for n, (a, b) in enumerate(zip(expected, got)) if a != b]
        assert not mismatches, f"thread {index}: calls {mismatches[:10]} differ from the same calls made alone"


# -- the transformers front end -----------------------------------------------------------------


@pytest.fixture(scope="module")
def pretrained() -> PreTrainedTokenizer:
    return AutoTokenizer.from_pretrained(default_tokenizer_path(), **SPECIALS, model_max_length=16)


def _pretrained_call(tokenizer: PreTrainedTokenizer, rng: random.Random) -> Callable[[], Any]:
    """One random call of the front end: a text or a batch, maybe with pairs, random settings."""
    batched = rng.random() < 0.5
    text: Any = rng.sample(TEXTS, rng.randint(1, 4)) if batched else rng.choice(TEXTS)
    pair: Any = None
    if rng.random() < 0.4:
        pair = rng.sample(TEXTS, len(text)) if batched else rng.choice(TEXTS)
    options = dict(
        padding=rng.choice([True, False, "max_length", "longest"]),
        truncation=rng.choice([True, False, None, "only_first"]),
        max_length=rng.choice([None, 4, 7, 12, 20]),
        return_overflowing_tokens=rng.random() < 0.2,
        return_special_tokens_mask=rng.random() < 0.3,
        return_offsets_mapping=rng.random() < 0.3,
    )
    if rng.random() < 0.2:
        options["padding_side"] = rng.choice(["left", "right"])
    if rng.random() < 0.1:
        options["pad_to_multiple_of"] = rng.choice([4, 8])
    if rng.random() < 0.1:
        options["stride"] = 2
    if rng.random() < 0.3:  # a per-call flag: special tokens' text as plain text
        options["split_special_tokens"] = rng.random() < 0.5
    return lambda: tokenizer(text, pair, **options)


def test_pretrained_tokenizer_gives_each_thread_its_own_settings(pretrained):
    rng = random.Random(1)
    calls = [[_pretrained_call(pretrained, rng) for _ in range(CALLS)] for _ in range(THREADS)]
    _check_calls_alone_equal_calls_together(calls)


def test_call_leaves_the_core_settings_untouched(monkeypatch):
    tokenizer = AutoTokenizer.from_pretrained(default_tokenizer_path(), **SPECIALS, model_max_length=16)
    core = tokenizer.backend_tokenizer
    core.enable_padding(length=7, pad_id=0)
    core.enable_truncation(9)
    padding, truncation = core.padding, core.truncation

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a call changed the core tokenizer's settings")

    for name in ("enable_padding", "no_padding", "enable_truncation", "no_truncation"):
        monkeypatch.setattr(core, name, refuse)
    batch = tokenizer(["a short text", "a much longer text than that"], padding=True, truncation=True, max_length=6)
    assert [len(ids) for ids in batch["input_ids"]] == [6, 6]  # the call's settings, not the core's
    assert tokenizer("a text", padding="max_length", max_length=12)["attention_mask"].count(0) > 0
    tokenizer.pad({"input_ids": [[5, 6], [7]]})
    assert (core.padding, core.truncation) == (padding, truncation)


# -- the core tokenizer ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bert() -> Tokenizer:
    return Tokenizer.from_file(str(fixture_path("bert-base-uncased/tokenizer.json")))  # Fixed(128) padding


def _core_call(tokenizer: Tokenizer, rng: random.Random) -> Callable[[], Any]:
    """One random core call: encode (single or pair) or a batch, with the tokenizer's own
    settings or this call's."""
    settings: dict[str, Any] = {}
    if rng.random() < 0.7:
        settings["padding"] = rng.choice(
            [None, PaddingParams(), PaddingParams(length=rng.choice([5, 16, 40])), PaddingParams(pad_to_multiple_of=8, direction="left")]
        )
    if rng.random() < 0.7:
        length = rng.choice([4, 6, 9, 30])
        settings["truncation"] = rng.choice(
            [None, TruncationParams(length), TruncationParams(length, stride=1), TruncationParams(length, strategy="only_second")]
        )
    kind = rng.choice(["single", "pair", "batch", "batch_fast", "batch_pairs"])
    if kind == "single":
        text = rng.choice(TEXTS)
        return lambda: tokenizer.encode(text, **settings)
    if kind == "pair":
        text, pair = rng.choice(TEXTS), rng.choice(TEXTS)
        return lambda: tokenizer.encode(text, pair, **settings)
    batch: list[Any] = rng.sample(TEXTS, rng.randint(1, 5))
    if kind == "batch_pairs":
        batch = [(text, rng.choice(TEXTS)) for text in batch]
    encode = tokenizer.encode_batch_fast if kind == "batch_fast" else tokenizer.encode_batch
    return lambda: encode(batch, **settings)


def test_core_tokenizer_gives_each_thread_its_own_settings(bert):
    rng = random.Random(2)
    calls = [[_core_call(bert, rng) for _ in range(CALLS)] for _ in range(THREADS)]
    _check_calls_alone_equal_calls_together(calls)


def test_a_batch_is_padded_wholly_one_way_while_another_thread_flips_padding():
    tokenizer = Tokenizer.from_file(str(fixture_path("bert-base-uncased/tokenizer.json")))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    batch = TEXTS * 3
    unpadded = [encoding.ids for encoding in tokenizer.encode_batch(batch, padding=None)]
    padded = [encoding.ids for encoding in tokenizer.encode_batch(batch, padding=PaddingParams(length=40))]
    assert unpadded != padded
    done = threading.Event()

    def work(index: int) -> list[Any]:
        if index == 0:
            while not done.is_set():
                tokenizer.enable_padding(length=40)
                tokenizer.no_padding()
            return []
        try:
            return [[encoding.ids for encoding in tokenizer.encode_batch(batch)] for _ in range(150)]
        finally:
            if index == 1:
                done.set()

    results = _in_threads(work, threads=4)
    batches = [ids for thread in results[1:] for ids in thread]
    assert all(ids in (unpadded, padded) for ids in batches), "a batch was padded half one way, half the other"


def test_overrides_are_checked():
    tokenizer = Tokenizer.from_file(str(fixture_path("bert-base-uncased/tokenizer.json")))
    with pytest.raises(TypeError, match="padding must be a PaddingParams or None"):
        tokenizer.encode("a", padding=True)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="truncation must be a TruncationParams or None"):
        tokenizer.encode_batch(["a"], truncation={"max_length": 3})  # type: ignore[arg-type]
    assert len(tokenizer.encode("a", padding=None).ids) == 3  # None switches the file's padding off
    assert len(tokenizer.encode("a").ids) == 128


# -- caches ---------------------------------------------------------------------------------------


def _lines() -> list[str]:
    words = "the of and tokenizer threads cache évolution naïve 日本語 東京 Привет мир xylophone".split()
    rng = random.Random(3)
    return [" ".join(rng.choice(words) + rng.choice(["", "s", "ing", "ly"]) for _ in range(8)) for _ in range(60)]


@pytest.mark.parametrize(
    "path", ["bert-base-uncased/tokenizer.json", "gpt2/tokenizer.json", "t5/tokenizer.json", "mistral-7b/tokenizer.json"]
)
def test_tiny_word_caches_shared_by_threads_give_right_ids(path, monkeypatch):
    import subword.models.bpe.model as bpe
    import subword.models.unigram.model as unigram
    import subword.models.wordpiece.model as wordpiece
    import subword.text.charsmap as charsmap

    monkeypatch.setattr(wordpiece, "_CACHE_CAPACITY", 3)
    monkeypatch.setattr(unigram, "_CACHE_CAPACITY", 3)
    monkeypatch.setattr(charsmap, "_CACHE_LIMIT", 3)
    monkeypatch.setattr(bpe, "_CACHE_CAPACITY", 3)
    tokenizer = Tokenizer.from_file(str(fixture_path(path)))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    lines = _lines()
    expected = [encoding.ids for encoding in Tokenizer.from_file(str(fixture_path(path))).encode_batch(lines, padding=None, truncation=None)]

    def work(index: int) -> list[bool]:
        order = random.Random(index).sample(range(len(lines)), len(lines))
        fast = index % 2 == 0
        return [(tokenizer.encode_batch_fast if fast else tokenizer.encode_batch)([lines[i]])[0].ids == expected[i] for i in order]

    assert all(all(ok) for ok in _in_threads(work))


@pytest.mark.parametrize("model", ["sentencepiece-test/botchan_en_bpe_1000.model", "t5/spiece.model"])
def test_tiny_sentencepiece_caches_shared_by_threads_give_right_ids(model, monkeypatch):
    import subword.sentencepiece._normalize as normalize

    monkeypatch.setattr(normalize, "_CACHE_CAPACITY", 3)
    lines = _lines()
    expected = SentencePieceProcessor(model_file=str(fixture_path(model))).encode(lines)
    processor = SentencePieceProcessor(model_file=str(fixture_path(model)))

    def work(index: int) -> list[bool]:
        order = random.Random(index).sample(range(len(lines)), len(lines))
        return [processor.encode(lines[i]) == expected[i] for i in order]

    assert all(all(ok) for ok in _in_threads(work))


def test_bounded_cache_hammered_by_threads_never_raises_or_lies(monkeypatch):
    import subword.sentencepiece._normalize as normalize

    monkeypatch.setattr(normalize, "_CACHE_CAPACITY", 4)
    cache: BoundedCache[str] = BoundedCache(lambda key: key.upper() + "!")
    keys = [f"key{n}" for n in range(40)]

    def work(index: int) -> bool:
        rng = random.Random(index)
        return all(cache[key] == key.upper() + "!" for key in (rng.choice(keys) for _ in range(3000)))

    assert all(_in_threads(work))
    assert len(cache) <= 4


def test_char_map_hammered_by_threads_never_raises_or_lies():
    table = CharMap(lambda char: char.upper() * 2)
    text = "".join(chr(code) for code in range(0x41, 0x41 + 300))
    expected = ["".join(char.upper() * 2 for char in text[start:]) for start in range(len(text))]

    def work(index: int) -> bool:
        rng = random.Random(index)
        return all(table.apply(text[start:]) == expected[start] for start in (rng.randrange(300) for _ in range(200)))

    assert all(_in_threads(work))


def test_charsmap_transform_hammered_by_threads_never_raises_or_lies(monkeypatch):
    import subword.text.charsmap as charsmap

    monkeypatch.setattr(charsmap, "_CACHE_LIMIT", 2)
    rules = {chr(0xFF21 + n): chr(0x41 + n) for n in range(26)}  # fullwidth A-Z -> A-Z
    table = CharsMap(build_charsmap(rules))
    chunks = [*rules, "x", "y"]
    expected = {chunk: rules.get(chunk) for chunk in chunks}

    def work(index: int) -> bool:
        rng = random.Random(index)
        return all(table.transform(chunk) == expected[chunk] for chunk in (rng.choice(chunks) for _ in range(5000)))

    assert all(_in_threads(work))


@pytest.mark.parametrize("name", ["gpt2", "t5", "mistral-7b", "bert-base-uncased"])
def test_first_decodes_racing_on_a_fresh_tokenizer_agree(name):
    # Each thread meets new ids in bulk (decode_batch) and one by one (decode): the tables being
    # filled by the others must never give a wrong text.
    path = str(fixture_path(f"{name}/tokenizer.json"))
    reference = Tokenizer.from_file(path)
    size = reference.get_vocab_size()
    rows_of = [[[random.Random(index * 1000 + row).randrange(size) for _ in range(12)] for row in range(60)] for index in range(THREADS)]
    expected = [[reference._decode_per_id(row, True) for row in rows] for rows in rows_of]
    for _ in range(2):
        tokenizer = Tokenizer.from_file(path)

        def work(index: int) -> bool:
            rows = rows_of[index]
            return tokenizer.decode_batch(rows) == expected[index] and [tokenizer.decode(row) for row in rows] == expected[index]

        assert all(_in_threads(work))
