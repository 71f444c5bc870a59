"""The T5-style ids path: Unigram.extend_ids (ids only, cached) agrees with the model's full tokenize."""

from __future__ import annotations

from functools import lru_cache

from hypothesis import given
from hypothesis import strategies as st

from subword import Tokenizer
from tests.shared_data import corpus_files, corpus_lines, fixture_path

TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(" \t\r\n\u3000aeiouéñüß日本語한국어🤗👍🏽\u0301\u0308\u200b\u200d\ufeff\u00a8ﬁ①▁.-"),
    ),
    max_size=60,
)


@lru_cache(maxsize=None)
def t5() -> Tokenizer:
    return Tokenizer.from_file(str(fixture_path("t5/tokenizer.json")))


def assert_agree(text: str) -> None:
    tokenizer = t5()
    model = tokenizer.model
    words = tokenizer.words(text)
    fast: list[int] = []
    model.extend_ids(words, fast)
    model.extend_ids(words, fast)  # the second time from the cache
    slow = [id_ for word in words for id_ in model.tokenize_ids(word)]
    assert fast == slow + slow, text


@given(text=TEXT)
def test_fast_path_agrees_on_hypothesis_text(text):
    assert_agree(text)


def test_fast_path_agrees_on_corpus_lines():
    for path in corpus_files():
        for line in corpus_lines(path, 20):
            assert_agree(line)
