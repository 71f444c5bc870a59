"""WordPiece and WordLevel: hand-worked examples, argument and file checks, round trips."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from subword.errors import ArgumentRangeError, ArgumentTypeError, ArgumentValueError, TokenizerFileError, UnknownComponentError
from subword.models import Token, WordLevel, WordPiece, models_registry

VOCAB = {"[UNK]": 0, "un": 1, "##aff": 2, "##able": 3, "u": 4, "##n": 5, "##a": 6, "##ff": 7, "é": 8, "##日本": 9}


def test_wordpiece_takes_the_longest_piece_first():
    model = WordPiece(VOCAB)
    assert model.tokenize("unaffable") == [Token(1, "un", (0, 2)), Token(2, "##aff", (2, 5)), Token(3, "##able", (5, 9))]
    assert model.tokenize("unn") == [Token(1, "un", (0, 2)), Token(5, "##n", (2, 3))]


def test_wordpiece_offsets_are_characters_in_the_pipeline_and_bytes_in_tokenize():
    assert list(WordPiece(VOCAB).tokenize_plain("é日本")) == [(8, "é", (0, 1)), (9, "##日本", (1, 3))]
    # Model.tokenize counts UTF-8 bytes, as the Rust package's does: é is 2, 日本 is 6.
    assert WordPiece(VOCAB).tokenize("é日本") == [Token(8, "é", (0, 2)), Token(9, "##日本", (2, 8))]


def test_wordpiece_unmatchable_part_makes_the_whole_word_unknown():
    model = WordPiece(VOCAB)
    assert model.tokenize("unaffablex") == [Token(0, "[UNK]", (0, 10))]
    assert model.tokenize("") == []


def test_wordpiece_long_words_are_unknown_counting_characters():
    model = WordPiece(VOCAB, max_input_chars_per_word=3)
    assert list(model.tokenize_plain("é日本")) == [(8, "é", (0, 1)), (9, "##日本", (1, 3))]
    assert list(model.tokenize_plain("é日本本")) == [(0, "[UNK]", (0, 4))]
    assert model.tokenize("unaf") == [Token(0, "[UNK]", (0, 4))]
    assert model.tokenize("una") == [Token(1, "un", (0, 2)), Token(6, "##a", (2, 3))]


def test_wordpiece_missing_unk_token_is_an_error_only_when_needed():
    model = WordPiece({"a": 0})
    assert model.tokenize("a") == [Token(0, "a", (0, 1))]
    with pytest.raises(ArgumentValueError, match="unk_token"):
        model.tokenize("b")


@given(word=st.text(st.sampled_from("unaffbleé日本x#"), max_size=15))
def test_wordpiece_fast_path_agrees_with_tokenize(word):
    model = WordPiece(VOCAB, max_input_chars_per_word=12)
    expected = [token.id for token in model.tokenize(word)]
    assert model.tokenize_ids(word) == expected
    assert model.tokenize_ids(word) == expected  # second call served from the cache


def _greedy_longest_match(vocab: dict[str, int], prefix: str, word: str) -> list[tuple]:
    """WordPiece as the BERT paper states it: at each point the longest piece in the vocabulary
    (pieces after the first carry the prefix); a point where none matches makes the word unknown."""
    rows, start = [], 0
    while start < len(word):
        for end in range(len(word), start, -1):
            piece = word[start:end] if start == 0 else prefix + word[start:end]
            if piece in vocab:
                rows.append((vocab[piece], piece, (start, end)))
                start = end
                break
        else:
            return [(vocab["[UNK]"], "[UNK]", (0, len(word)))]
    return rows


@given(
    pieces=st.lists(st.text(st.sampled_from("abé#"), min_size=1, max_size=4), max_size=40),
    prefix=st.sampled_from(["##", "", "@@", "a"]),
    words=st.lists(st.text(st.sampled_from("abé#"), max_size=12), max_size=8),
)
@example(pieces=["a", "b", "ab"], prefix="", words=["aab"])  # a stale "##" table would give a, a, b
def test_wordpiece_takes_the_longest_piece_at_each_point(pieces: list[str], prefix: str, words: list[str]) -> None:
    vocab = {"[UNK]": 0, **{piece: i + 1 for i, piece in enumerate(dict.fromkeys(pieces)) if piece != "[UNK]"}}
    model = WordPiece(vocab, continuing_subword_prefix="##")
    model.continuing_subword_prefix = prefix  # the piece lengths are made again for the new prefix
    for word in words:
        expected = _greedy_longest_match(vocab, prefix, word)
        assert model.tokenize_ids(word) == [id_ for id_, _, _ in expected]  # the ids path first: nothing cached
        assert list(model.tokenize_plain(word)) == expected


def test_wordpiece_changing_a_setting_empties_the_cache():
    model = WordPiece(VOCAB)
    assert model.tokenize_ids("unaffable") == [1, 2, 3]
    model.max_input_chars_per_word = 4
    assert model.tokenize_ids("unaffable") == [0]
    model.max_input_chars_per_word = 100
    model.continuing_subword_prefix = "@@"
    assert model.tokenize_ids("unaffable") == [0]


def test_wordpiece_cache_is_bounded():
    from subword.models.wordpiece.model import _CACHE_CAPACITY

    model = WordPiece(VOCAB)
    for i in range(_CACHE_CAPACITY + 50):
        model.tokenize_ids(f"x{i}")
    assert len(model._cache) == _CACHE_CAPACITY


def test_wordpiece_vocab_accessors():
    model = WordPiece(VOCAB)
    assert model.token_to_id("##aff") == 2
    assert model.token_to_id("nope") is None
    assert model.id_to_token(3) == "##able"
    assert model.id_to_token(99) is None
    assert model.get_vocab() == VOCAB
    assert model.get_vocab_size() == len(VOCAB)
    model.get_vocab()["new"] = 50
    assert model.token_to_id("new") is None


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"vocab": [("a", 0)]}, ArgumentTypeError),
        ({"vocab": {"a": "0"}}, ArgumentTypeError),
        ({"vocab": {1: 0}}, ArgumentTypeError),
        ({"vocab": {"a": True}}, ArgumentTypeError),
        ({"vocab": {"a": -1}}, ArgumentValueError),
        ({"unk_token": None}, ArgumentTypeError),
        ({"continuing_subword_prefix": 3}, ArgumentTypeError),
        ({"max_input_chars_per_word": "100"}, ArgumentTypeError),
        ({"max_input_chars_per_word": -1}, ArgumentValueError),
    ],
)
def test_wordpiece_rejects_bad_arguments(kwargs, error):
    with pytest.raises(error):
        WordPiece(**kwargs)


def test_wordlevel_rejects_bad_arguments():
    with pytest.raises(ArgumentTypeError):
        WordLevel({"a": 1.0})
    with pytest.raises(ArgumentTypeError):
        WordLevel({"a": 1}, unk_token=0)


def test_wordlevel_tokenize():
    model = WordLevel({"<unk>": 0, "hello": 1, "日本": 2})
    assert model.unk_token == "<unk>"
    assert model.tokenize("日本") == [Token(2, "日本", (0, 6))]  # offsets in UTF-8 bytes, as in Rust
    assert model.tokenize("日本語") == [Token(0, "<unk>", (0, 9))]
    with pytest.raises(ArgumentValueError, match="unk_token"):
        WordLevel({"a": 0}).tokenize("b")


def test_wordpiece_save_and_from_file_round_trip(tmp_path):
    vocab = {"[UNK]": 0, "a": 1, "##b": 3, "日本": 2}
    paths = WordPiece(vocab).save(str(tmp_path))
    assert paths == [str(tmp_path / "vocab.txt")]
    assert (tmp_path / "vocab.txt").read_text(encoding="utf-8") == "[UNK]\na\n日本\n##b\n"
    assert WordPiece.read_file(paths[0]) == {"[UNK]": 0, "a": 1, "日本": 2, "##b": 3}
    loaded = WordPiece.from_file(paths[0], unk_token="a", max_input_chars_per_word=9)
    assert (loaded.unk_token, loaded.max_input_chars_per_word) == ("a", 9)
    assert WordPiece(paths[0]).get_vocab() == loaded.get_vocab()
    assert [p.name for p in tmp_path.iterdir()] == ["vocab.txt"]  # no temp file left behind


def test_wordlevel_save_and_from_file_round_trip(tmp_path):
    vocab = {"<unk>": 0, "a": 2, "é\"": 1}
    paths = WordLevel(vocab).save(str(tmp_path), prefix="pre")
    assert paths == [str(tmp_path / "pre-vocab.json")]
    assert (tmp_path / "pre-vocab.json").read_text(encoding="utf-8") == '{"<unk>":0,"é\\"":1,"a":2}'
    assert WordLevel.from_file(paths[0], unk_token="a").get_vocab() == vocab
    assert WordLevel.from_file(paths[0]).unk_token == "<unk>"


def test_save_overwrites_an_existing_file(tmp_path):
    (tmp_path / "vocab.txt").write_text("old\n", encoding="utf-8")
    WordPiece({"new": 0}).save(str(tmp_path))
    assert (tmp_path / "vocab.txt").read_text(encoding="utf-8") == "new\n"


def test_vocab_txt_with_bad_utf8_names_the_line(tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_bytes(b"a\nb\n\xff\n")
    with pytest.raises(TokenizerFileError, match="line 3"):
        WordPiece.read_file(str(path))


def test_json_round_trip():
    for model in [WordPiece(VOCAB, unk_token="un", continuing_subword_prefix="@@"), WordLevel(VOCAB, "u")]:
        data = json.loads(json.dumps(model.to_json()))
        again = models_registry.from_json(data, "model")
        assert type(again) is type(model)
        assert again.to_json() == model.to_json()


def test_json_vocab_is_ordered_by_id():
    entry = WordPiece({"b": 2, "a": 0, "c": 1}).to_json()
    assert list(entry["vocab"].items()) == [("a", 0), ("c", 1), ("b", 2)]


WORDPIECE_ENTRY = {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                   "max_input_chars_per_word": 100, "vocab": {"[UNK]": 0}}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"unk_token": 3}, "unk_token"),
        ({"unk_token": None}, "unk_token"),
        ({"continuing_subword_prefix": ["#"]}, "continuing_subword_prefix"),
        ({"max_input_chars_per_word": "100"}, "max_input_chars_per_word"),
        ({"max_input_chars_per_word": -5}, "max_input_chars_per_word"),
        ({"max_input_chars_per_word": True}, "max_input_chars_per_word"),
        ({"vocab": []}, "vocab"),
        ({"vocab": {"a": -1}}, "vocab"),
        ({"vocab": {"a": "1"}}, "vocab"),
        ({"vocab": {"a": 1.0}}, "vocab"),
    ],
)
def test_bad_wordpiece_entry_names_the_field(change, field):
    with pytest.raises(TokenizerFileError, match=field):
        models_registry.from_json({**WORDPIECE_ENTRY, **change}, "model")


@pytest.mark.parametrize("missing", ["unk_token", "continuing_subword_prefix", "max_input_chars_per_word", "vocab"])
def test_missing_wordpiece_field_is_named(missing):
    entry = {k: v for k, v in WORDPIECE_ENTRY.items() if k != missing}
    with pytest.raises(TokenizerFileError, match=missing):
        models_registry.from_json(entry, "model")


@pytest.mark.parametrize("entry, field", [({"type": "WordLevel", "vocab": {}}, "unk_token"),
                                          ({"type": "WordLevel", "unk_token": "<unk>"}, "vocab"),
                                          ({"type": "WordLevel", "vocab": {"a": None}, "unk_token": "a"}, "vocab")])
def test_bad_wordlevel_entry_names_the_field(entry, field):
    with pytest.raises(TokenizerFileError, match=field):
        models_registry.from_json(entry, "model")


def test_unknown_model_type_lists_the_known_ones():
    with pytest.raises(UnknownComponentError, match="WordLevel.*WordPiece"):
        models_registry.from_json({"type": "Nope"}, "model")


@pytest.mark.parametrize("model", [WordPiece(VOCAB), WordLevel(VOCAB)])
def test_vocab_lookups_check_their_argument(model):
    with pytest.raises(ArgumentTypeError, match="token must be a str"):
        model.token_to_id(5)
    with pytest.raises(ArgumentTypeError, match="id must be an int"):
        model.id_to_token("a")
    with pytest.raises(ArgumentRangeError, match=r"id must be in 0\.\.4294967295, got -1"):  # an OverflowError, as in Rust
        model.id_to_token(-1)
    assert model.id_to_token(True) == model.id_to_token(1)  # anything with __index__, as in Rust
