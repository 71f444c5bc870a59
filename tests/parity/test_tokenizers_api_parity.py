"""The Python API of the Rust package, call by call: each test makes the same calls through
`tokenizers` and through `subword` (the `lib` fixture runs it once for each) and checks the
Rust package's answer, so a test that passes for both pins subword to the Rust behaviour.
"""

from __future__ import annotations

import importlib
import json
import pickle
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
import tokenizers

import subword


def _package(module: object) -> SimpleNamespace:
    """The package and its stage submodules under the same names for both libraries."""
    name = module.__name__  # type: ignore[attr-defined]
    stages = ("normalizers", "pre_tokenizers", "models", "processors", "decoders", "trainers")
    return SimpleNamespace(top=module, **{stage: importlib.import_module(f"{name}.{stage}") for stage in stages})


@pytest.fixture(params=[tokenizers, subword], ids=["tokenizers", "subword"])
def lib(request: pytest.FixtureRequest) -> SimpleNamespace:
    return _package(request.param)


def _word_level(lib: SimpleNamespace) -> object:
    vocab = {"a": 0, "b": 1, "c": 2, "[UNK]": 3}
    tokenizer = lib.top.Tokenizer(lib.models.WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = lib.pre_tokenizers.Whitespace()
    return tokenizer


# -- encode_batch takes numpy arrays ----------------------------------------------------------


def test_encode_batch_takes_numpy_arrays_of_str(lib: SimpleNamespace) -> None:
    tokenizer = _word_level(lib)
    assert [e.ids for e in tokenizer.encode_batch(np.array(["a b", "c"]))] == [[0, 1], [2]]
    assert [e.ids for e in tokenizer.encode_batch_fast(np.array(["a b", "c"]))] == [[0, 1], [2]]
    pairs = tokenizer.encode_batch(np.array([["a", "b"], ["c", "a"]]))
    assert [(e.ids, e.type_ids) for e in pairs] == [([0, 1], [0, 1]), ([2, 0], [0, 1])]
    words = np.array([["a", "b"], ["c", "a"]], dtype=object)
    assert [e.ids for e in tokenizer.encode_batch(words, is_pretokenized=True)] == [[0, 1], [2, 0]]
    assert tokenizer.encode(np.array(["a", "b"], dtype=object), is_pretokenized=True).ids == [0, 1]


# -- components rebuilt from their state --------------------------------------------------------


@pytest.mark.parametrize("stage", ["pre_tokenizers", "decoders", "processors"])
def test_byte_level_is_rebuilt_from_its_state(lib: SimpleNamespace, stage: str) -> None:
    byte_level = getattr(lib, stage).ByteLevel
    state = json.loads(byte_level().__getstate__())
    assert state["type"] == "ByteLevel"
    assert byte_level(**state).__getstate__() == byte_level().__getstate__()


def test_other_components_refuse_the_type_key(lib: SimpleNamespace) -> None:
    # only the three ByteLevels take (and ignore) other keywords in the Rust package
    for component in (lib.normalizers.Lowercase(), lib.pre_tokenizers.Whitespace(), lib.decoders.Metaspace()):
        with pytest.raises(TypeError):
            type(component)(**json.loads(component.__getstate__()))


def test_state_is_compact_json_as_serde_writes_it(lib: SimpleNamespace) -> None:
    assert lib.normalizers.Lowercase().__getstate__() == b'{"type":"Lowercase"}'
    assert lib.normalizers.Strip().__getstate__() == b'{"type":"Strip","strip_left":true,"strip_right":true}'


# -- Sequence members and settable attributes -----------------------------------------------------


def test_normalizer_sequence_item_assignment(lib: SimpleNamespace) -> None:
    normalizers = lib.normalizers
    sequence = normalizers.Sequence([normalizers.Lowercase(), normalizers.Prepend("_")])
    sequence[1] = normalizers.Strip()
    assert [type(member).__name__ for member in sequence] == ["Lowercase", "Strip"]
    assert sequence.normalize_str("  AB ") == "ab"
    with pytest.raises(IndexError):
        sequence[2] = normalizers.Strip()
    with pytest.raises(IndexError):
        sequence[2]
    with pytest.raises(TypeError):
        sequence[0] = 3
    with pytest.raises(Exception, match="normalizer should not be a sequence"):
        sequence[0] = normalizers.Sequence([normalizers.NFC()])
    sequence[1].left = False  # a member is the object itself, changed in place
    assert sequence.normalize_str("  AB ") == "  ab"


def test_replace_pattern_cannot_be_set(lib: SimpleNamespace) -> None:
    replace = lib.normalizers.Replace("a", "b")
    with pytest.raises(Exception, match="Cannot set pattern"):
        replace.pattern = "c"
    replace.content = "c"
    assert replace.normalize_str("aa") == "cc"


def test_metaspace_decoder_settings_can_be_set(lib: SimpleNamespace) -> None:
    decoder = lib.decoders.Metaspace()
    decoder.replacement, decoder.prepend_scheme, decoder.split = "%", "never", False
    assert (decoder.replacement, decoder.prepend_scheme, decoder.split) == ("%", "never", False)
    assert decoder.decode(["%a", "%b"]) == " a b"
    assert json.loads(decoder.__getstate__()) == {
        "type": "Metaspace", "replacement": "%", "prepend_scheme": "never", "split": False
    }
    with pytest.raises(ValueError):
        decoder.prepend_scheme = "sometimes"


@pytest.mark.parametrize(
    "make",
    [
        lambda lib: lib.decoders.Metaspace(replacement=""),
        lambda lib: lib.pre_tokenizers.Metaspace(replacement="ab"),
        lambda lib: lib.pre_tokenizers.CharDelimiterSplit(""),
        lambda lib: setattr(lib.decoders.Metaspace(), "replacement", ""),
        lambda lib: setattr(lib.pre_tokenizers.Metaspace(), "replacement", "ab"),
        lambda lib: setattr(lib.pre_tokenizers.CharDelimiterSplit("a"), "delimiter", ""),
    ],
)
def test_one_char_settings_refuse_other_lengths(lib: SimpleNamespace, make: Any) -> None:
    with pytest.raises(ValueError, match="expected a string of length 1"):
        make(lib)


def test_template_processing_single_can_be_set(lib: SimpleNamespace) -> None:
    tokenizer = _word_level(lib)
    tokenizer.add_special_tokens(["[CLS]", "[SEP]"])
    tokenizer.post_processor = lib.processors.TemplateProcessing(
        single="[CLS] $0", pair="[CLS] $A $B:1", special_tokens=[("[CLS]", 4), ("[SEP]", 5)]
    )
    tokenizer.post_processor.single = "$0 [SEP]"
    assert tokenizer.encode("a b").tokens == ["a", "b", "[SEP]"]
    tokenizer.post_processor.single = ["[CLS]", "$0", "[SEP]"]
    assert tokenizer.encode("a").tokens == ["[CLS]", "a", "[SEP]"]
    assert tokenizer.encode("a", "b").tokens == ["[CLS]", "a", "b"]


# -- trainers -------------------------------------------------------------------------------------


def test_wordpiece_trainer_prefix_can_be_set_to_none(lib: SimpleNamespace) -> None:
    trainer = lib.trainers.WordPieceTrainer(show_progress=False)
    trainer.continuing_subword_prefix = None
    trainer.end_of_word_suffix = None
    assert trainer.continuing_subword_prefix is None and trainer.end_of_word_suffix is None
    tokenizer = lib.top.Tokenizer(lib.models.WordPiece(unk_token="[UNK]", continuing_subword_prefix="@@"))
    tokenizer.pre_tokenizer = lib.pre_tokenizers.Whitespace()
    tokenizer.train_from_iterator(["ab ab abc abd"], trainer=trainer)
    assert sorted(tokenizer.get_vocab()) == ["a", "ab", "abc", "abd", "b", "c", "d"]
    assert tokenizer.model.continuing_subword_prefix == "##"


def test_bpe_trainer_progress_format_and_word_count(lib: SimpleNamespace) -> None:
    trainer = lib.trainers.BpeTrainer(show_progress=False)
    assert trainer.progress_format == "indicatif" and trainer.get_word_count() == 0
    for value, read in [("json", "json"), ("silent", "silent"), ("JSON", "indicatif"), ("other", "indicatif")]:
        trainer.progress_format = value
        assert trainer.progress_format == read
    assert lib.trainers.BpeTrainer(progress_format="silent").progress_format == "silent"
    tokenizer = lib.top.Tokenizer(lib.models.BPE())
    tokenizer.pre_tokenizer = lib.pre_tokenizers.Whitespace()
    tokenizer.train_from_iterator(["ab ab c"], trainer=trainer)
    assert trainer.get_word_count() == 2


# -- added tokens ---------------------------------------------------------------------------------


def test_add_special_tokens_marks_the_callers_tokens_special(lib: SimpleNamespace) -> None:
    tokenizer = _word_level(lib)
    plain, normalized = lib.top.AddedToken("[X]"), lib.top.AddedToken("[Y]", normalized=True)
    assert tokenizer.add_special_tokens([plain, normalized, "[Z]"]) == 3
    assert (plain.special, plain.normalized, normalized.special, normalized.normalized) == (True, False, True, True)
    kept = lib.top.AddedToken("[W]")
    tokenizer.add_tokens([kept])
    assert (kept.special, kept.normalized) == (False, True)
    kept.content = "[V]"  # the tokenizer keeps its own copy
    assert tokenizer.token_to_id("[W]") == 7 and tokenizer.token_to_id("[V]") is None


def test_added_token_state_and_ordering(lib: SimpleNamespace) -> None:
    AddedToken = lib.top.AddedToken
    state = AddedToken("x", lstrip=True).__getstate__()
    assert state == {"content": "x", "single_word": False, "lstrip": True, "rstrip": False, "normalized": True, "special": False}
    token = AddedToken("x")
    token.__setstate__({"content": "y", "special": True, "unknown": 1})
    assert (token.content, token.special, token.normalized, token.lstrip) == ("y", True, False, False)
    restored = pickle.loads(pickle.dumps(AddedToken("z", single_word=True, special=True)))
    assert restored == AddedToken("z", single_word=True, special=True)
    unsorted = [AddedToken("c"), AddedToken("a"), AddedToken("b")]
    assert [str(t) for t in sorted(unsorted)] == ["c", "a", "b"]  # every comparison is False
    assert not (AddedToken("a") < AddedToken("b")) and not (AddedToken("b") >= AddedToken("a"))
    with pytest.raises(TypeError):
        AddedToken("a") < "b"


def test_encoding_words_is_deprecated(lib: SimpleNamespace) -> None:
    encoding = _word_level(lib).encode("a b")
    with pytest.warns(DeprecationWarning) as caught:
        assert encoding.words == [0, 1]
    assert str(caught[0].message) == (
        "Deprecated in 0.9.4: Encoding.words is deprecated, please use Encoding.word_ids instead."
    )


# -- top-level names, NormalizedString and PreTokenizedString ------------------------------------


def test_top_level_enums_and_aliases(lib: SimpleNamespace) -> None:
    top = lib.top
    assert [m.value for m in top.OffsetReferential] == ["original", "normalized"]
    assert [m.value for m in top.OffsetType] == ["byte", "char"]
    assert [m.name for m in top.SplitDelimiterBehavior] == [
        "REMOVED", "ISOLATED", "MERGED_WITH_PREVIOUS", "MERGED_WITH_NEXT", "CONTIGUOUS"
    ]
    assert top.TextInputSequence is str
    assert str(top.EncodeInput) == str(tokenizers.EncodeInput)
    for name in ("InputSequence", "PreTokenizedInputSequence", "TextEncodeInput", "PreTokenizedEncodeInput"):
        assert str(getattr(top, name)) == str(getattr(tokenizers, name))


def test_string_methods_take_rusts_keyword_names(lib: SimpleNamespace) -> None:
    normalized = lib.top.NormalizedString("abc")
    normalized.append(s="d")
    normalized.prepend(s="_")
    normalized.filter(func=lambda char: char != "b")
    assert normalized.normalized == "_acd"
    assert normalized.slice(range=(1, 3)).normalized == "ac"

    pretokenized = lib.top.PreTokenizedString("a bc")
    pretokenized.normalize(func=lambda n: n.uppercase())
    pretokenized.split(func=lambda index, n: n.split(" ", "removed"))
    pretokenized.tokenize(func=lambda text: [lib.top.Token(len(text), text, (0, len(text)))])
    encoding = pretokenized.to_encoding()
    assert (encoding.ids, encoding.tokens, encoding.offsets) == ([1, 2], ["A", "BC"], [(0, 1), (2, 4)])
    assert (encoding.word_ids, encoding.type_ids) == ([0, 1], [0, 0])
    encoding = pretokenized.to_encoding(type_id=2, word_idx=5)
    assert (encoding.word_ids, encoding.type_ids) == ([5, 5], [2, 2])


def test_to_encoding_needs_tokens(lib: SimpleNamespace) -> None:
    with pytest.raises(Exception, match="Split has not been tokenized"):
        lib.top.PreTokenizedString("a b").to_encoding()


# -- error messages the Rust package's own tests match on --------------------------------------


def test_error_messages_match_rusts(lib: SimpleNamespace) -> None:
    tokenizer = _word_level(lib)
    with pytest.raises(ValueError) as caught:
        tokenizer.encode("a b c").truncate(2, 1, "not_a_direction")
    assert str(caught.value) == "Invalid truncation direction value : not_a_direction"
    with pytest.raises(ValueError, match=r"Unknown `direction`: `up`. Use one of `left` or `right`."):
        tokenizer.enable_truncation(3, direction="up")
    with pytest.raises(ValueError, match=r"Unknown `direction`: `up`. Use one of `left` or `right`"):
        tokenizer.enable_padding(direction="up")
    with pytest.raises(Exception, match="UnigramTrainer can only train a Unigram"):
        lib.top.Tokenizer(lib.models.BPE()).train_from_iterator(["a"], trainer=lib.trainers.UnigramTrainer())
    unigram = lib.top.Tokenizer(lib.models.Unigram([("a", -1.0)]))
    with pytest.raises(Exception) as caught:
        unigram.encode("b")
    assert str(caught.value) == "Encountered an unknown token but `unk_id` is missing"


# -- Model.tokenize counts UTF-8 bytes, and PreTokenizedString.tokenize takes them -------------


@pytest.mark.parametrize("text", ["éé aé", "日本 語a", "a\u0301b 😀x"])
def test_model_tokenize_offsets_are_bytes_and_pretokenized_strings_take_them(lib: SimpleNamespace, text: str) -> None:
    vocab = {"[UNK]": 0, "é": 1, "##é": 2, "a": 3, "##a": 4, "日": 5, "##本": 6, "語": 7, "##x": 8}
    model = lib.models.WordPiece(vocab, unk_token="[UNK]")
    assert [token.offsets for token in model.tokenize("éé")] == [(0, 2), (2, 4)]
    pretokenized = lib.top.PreTokenizedString(text)
    pretokenized.split(lambda index, normalized: normalized.split(" ", "removed"))
    pretokenized.tokenize(model.tokenize)
    encoding = pretokenized.to_encoding()
    expected = {"éé aé": [(0, 1), (1, 2), (3, 4), (4, 5)], "日本 語a": [(0, 1), (1, 2), (3, 4), (4, 5)],
                "a\u0301b 😀x": [(0, 3), (4, 6)]}  # worked by hand: chars of the text
    assert encoding.offsets == expected[text]
