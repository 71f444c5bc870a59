"""Python-written components (`Normalizer.custom`, `PreTokenizer.custom`, `Decoder.custom`) and
the NormalizedString indexing they use, against the Rust package running the same Python objects."""

from __future__ import annotations

from functools import lru_cache

import pytest
import tokenizers
from hypothesis import given
from hypothesis import strategies as st

import subword
from tests.parity._compare import assert_encodings_equal
from tests.shared_data import corpus_files, corpus_lines, fixture_path

TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from("aé日🤗\u0301 \tZ"),
    ),
    max_size=30,
)
INDEX = st.integers(-40, 40)
KEYS = st.one_of(
    INDEX,
    st.tuples(st.integers(0, 40), st.integers(0, 40)),
    st.builds(slice, st.none() | INDEX, st.none() | INDEX),
)


def outcome(normalized, key):
    try:
        piece = normalized[key]
    except ValueError as error:  # subword's ArgumentValueError is a ValueError too
        return "ValueError", str(error)
    return None if piece is None else (str(piece), piece.original)


@given(text=TEXT, key=KEYS)
def test_normalized_string_indexing(text, key):
    expected = outcome(tokenizers.NormalizedString(text), key)
    assert outcome(subword.NormalizedString(text), key) == expected, (text, key)


class LowercaseWithoutDigits:
    """A normalizer through NormalizedString's own edits: lowercase, drop digits, map some chars."""

    def normalize(self, normalized) -> None:
        normalized.lowercase()
        normalized.filter(lambda char: not char.isdigit())
        normalized.map(lambda char: "-" if char in "_/" else char)
        normalized.replace("  ", " ")


class ChunksOfThree:
    """A pre-tokenizer in the style of the jieba example: split each word into 3-char pieces."""

    def chunks(self, index: int, normalized) -> list:
        text = str(normalized)
        return [normalized[start : start + 3] for start in range(0, len(text), 3)]

    def pre_tokenize(self, pretokenized) -> None:
        pretokenized.split(lambda index, normalized: normalized.split(" ", "removed"))
        pretokenized.split(self.chunks)


class MarkedTokens:
    """A decoder that shows token boundaries."""

    def decode_chain(self, tokens: list[str]) -> list[str]:
        return [token.removeprefix("##") + "|" for token in tokens]


@lru_cache(maxsize=None)
def custom_pair() -> tuple[subword.Tokenizer, tokenizers.Tokenizer]:
    vocab = str(fixture_path("bert-base-uncased/vocab.txt"))
    built = []
    for module in (subword, tokenizers):
        tokenizer = module.Tokenizer(module.models.WordPiece.from_file(vocab, unk_token="[UNK]"))
        tokenizer.normalizer = module.normalizers.Sequence(
            [module.normalizers.NFD(), module.normalizers.Normalizer.custom(LowercaseWithoutDigits())]
        )
        tokenizer.pre_tokenizer = module.pre_tokenizers.PreTokenizer.custom(ChunksOfThree())
        tokenizer.decoder = module.decoders.Decoder.custom(MarkedTokens())
        tokenizer.add_special_tokens(["[CLS]", "[SEP]"])
        tokenizer.post_processor = module.processors.BertProcessing(("[SEP]", 102), ("[CLS]", 101))
        built.append(tokenizer)
    return built[0], built[1]


def assert_same(text: str, pair: str | None = None) -> None:
    ours, rust = custom_pair()
    expected = rust.encode(text, pair)
    assert_encodings_equal(ours.encode(text, pair), expected, repr(text))
    assert ours.encode_batch_fast([text])[0].ids == rust.encode_batch_fast([text])[0].ids, repr(text)
    assert ours.decode(expected.ids) == rust.decode(expected.ids), repr(text)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda path: path.name)
def test_custom_components_on_corpus_lines(path):
    for line in corpus_lines(path, 30):
        assert_same(line, "and 42 more/words_here")


@given(text=TEXT)
def test_custom_components_on_generated_text(text):
    assert_same(text)


def test_pre_tokenize_str_and_normalize_str():
    ours, rust = custom_pair()
    text = "Héllo  Wörld_42/ok 日本語テキスト"
    assert ours.normalizer.normalize_str(text) == rust.normalizer.normalize_str(text)
    assert ours.pre_tokenizer.pre_tokenize_str(text) == rust.pre_tokenizer.pre_tokenize_str(text)


def test_a_tokenizer_with_custom_components_cannot_be_saved(tmp_path):
    ours, rust = custom_pair()
    with pytest.raises(Exception) as expected:
        rust.to_str()
    with pytest.raises(subword.SubwordError) as got:
        ours.to_str()
    assert str(got.value) == str(expected.value)
    with pytest.raises(subword.SubwordError):
        ours.save(str(tmp_path / "tokenizer.json"))
    assert not (tmp_path / "tokenizer.json").exists()


def test_objects_without_the_method_are_refused():
    for factory in (
        subword.normalizers.Normalizer.custom,
        subword.pre_tokenizers.PreTokenizer.custom,
        subword.decoders.Decoder.custom,
    ):
        with pytest.raises(TypeError, match="needs a"):
            factory(object())
