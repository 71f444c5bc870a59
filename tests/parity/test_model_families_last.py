"""The last translation families from their vocabulary files, against transformers 5: M2M100.

transformers 5's M2M100Tokenizer is a Python tokenizer over the sentencepiece package: each test
folder holds a shared sentencepiece `.model` as sentencepiece.bpe.model and a vocab.json the test
writes from that model's pieces (fairseq's first four ids, then the pieces, some left out so that
they become the unknown token), and a tokenizer_config.json naming the class.
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subword.transformers import AutoTokenizer, M2M100Tokenizer
from tests.parity._python_families import load_both as _load, same as _same
from tests.shared_data import corpus_files, corpus_lines, fixture_path

transformers = pytest.importorskip("transformers", reason="compares with transformers")
sentencepiece = pytest.importorskip("sentencepiece", reason="transformers' M2M100Tokenizer runs sentencepiece")

BPE_MODEL = "sentencepiece-test/botchan_en_bpe_1000.model"
UNIGRAM_MODEL = "sentencepiece-test/test_model.model"
M2M100_CODES = transformers.models.m2m_100.tokenization_m2m_100.FAIRSEQ_LANGUAGE_CODES

SAMPLES = [
    "Hello world! The quick brown fox jumps over the lazy dog.",
    "  leading and   inner   spaces\tand a tab\nand a newline  ",
    "Héllo wörld — 日本語 Привет 🤗 don't 12345",
    "<s> </s> <pad> <unk> __en__ __fr__ a__de__b <mask>",
    "",
]


def _m2m100_folder(root: Path, model: str, config: dict, keep: int) -> Path:
    """A folder of `model` as sentencepiece.bpe.model, a vocab.json of its first `keep` pieces
    after fairseq's <s> <pad> </s> <unk>, and `config`."""
    folder = root / "m2m100"
    folder.mkdir()
    shutil.copy(fixture_path(model), folder / "sentencepiece.bpe.model")
    processor = sentencepiece.SentencePieceProcessor(model_file=str(folder / "sentencepiece.bpe.model"))
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for id_ in range(processor.get_piece_size()):
        if len(vocab) < keep:
            vocab.setdefault(processor.id_to_piece(id_), len(vocab))
    (folder / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    (folder / "tokenizer_config.json").write_text(json.dumps({"tokenizer_class": "M2M100Tokenizer", **config}), encoding="utf-8")
    return folder


def _texts() -> list[str]:
    return SAMPLES + [line for path in corpus_files() for line in corpus_lines(path, 4)]


CONFIGS = {
    "plain": (BPE_MODEL, {}, 900),
    # as the Hub's folders: every language token listed, so "__fr__" in a text is one token
    "listed-languages": (BPE_MODEL, {"additional_special_tokens": [f"__{c}__" for c in M2M100_CODES["m2m100"]],
                                     "src_lang": "fr", "tgt_lang": "de"}, 1000),
    # a partial list: the added ids of the listed tokens differ from their language ids
    "few-listed-wmt21": (UNIGRAM_MODEL, {"language_codes": "wmt21", "additional_special_tokens": ["__ru__", "__en__"],
                                         "src_lang": "ja", "tgt_lang": "zh", "num_madeup_words": 2}, 700),
}


@pytest.fixture(scope="module", params=sorted(CONFIGS))
def m2m100(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    model, config, keep = CONFIGS[request.param]
    return _load(_m2m100_folder(tmp_path_factory.mktemp(request.param), model, config, keep))


def test_m2m100_class_vocabulary_and_special_tokens(m2m100: tuple[Any, Any]) -> None:
    theirs, ours = m2m100
    assert isinstance(ours, M2M100Tokenizer)
    _same(theirs, ours, lambda t: (t.vocab_size, len(t), t.get_vocab(), t.all_special_tokens, t.all_special_ids))
    _same(theirs, ours, lambda t: {k: str(v) for k, v in t.special_tokens_map.items()})
    _same(theirs, ours, lambda t: {i: (str(a), a.special, a.normalized) for i, a in t.added_tokens_decoder.items()})
    _same(theirs, ours, lambda t: (t.lang_code_to_token, t.lang_token_to_id, t.lang_code_to_id, t.id_to_lang_token))
    _same(theirs, ours, lambda t: (t.encoder_size, t.num_madeup_words, t.cur_lang_id, t.src_lang, t.tgt_lang))
    _same(theirs, ours, lambda t: (t.prefix_tokens, t.suffix_tokens, t.model_input_names, t.padding_side))
    codes = list(theirs.lang_code_to_id)
    _same(theirs, ours, lambda t: [(t.get_lang_token(c), t.get_lang_id(c)) for c in codes])
    ids = list(range(len(theirs) + len(codes) + 3))
    _same(theirs, ours, lambda t: t.convert_ids_to_tokens(ids))
    _same(theirs, ours, lambda t: t.convert_tokens_to_ids(t.convert_ids_to_tokens(ids) + ["__xx__", "zzz"]))


def test_m2m100_calls_match_transformers(m2m100: tuple[Any, Any]) -> None:
    theirs, ours = m2m100
    texts = _texts()
    for text in texts:
        _same(theirs, ours, lambda t: t(text))
        _same(theirs, ours, lambda t: t.tokenize(text))
        _same(theirs, ours, lambda t: t(text, return_special_tokens_mask=True, add_special_tokens=False))
        _same(theirs, ours, lambda t: (t(text, split_special_tokens=True), t.tokenize(text, split_special_tokens=True)))
    pairs = list(zip(texts[:8], texts[3:11]))
    _same(theirs, ours, lambda t: t([a for a, _ in pairs], [b for _, b in pairs], return_special_tokens_mask=True))
    _same(theirs, ours, lambda t: t(texts, padding=True, truncation=True, max_length=12))
    _same(theirs, ours, lambda t: t(texts[:6], padding="max_length", max_length=40, return_length=True))
    # (a first text longer than max_length: transformers' Python tokenizers log and keep it whole)
    short = [(a[:10], b) for a, b in pairs]
    _same(theirs, ours, lambda t: t([a for a, _ in short], [b for _, b in short], truncation="only_second", max_length=20))
    _same(theirs, ours, lambda t: t.encode(texts[0], texts[1]))


def _outcome(tokenizer: Any, args: tuple, options: dict) -> Any:
    """The call's columns (arrays as lists with their dtype), or the error's type."""
    try:
        result = tokenizer(*args, **options)
    except Exception as error:  # noqa: BLE001 - the type is what is compared
        return type(error).__name__
    return {key: (value.tolist(), str(value.dtype)) if hasattr(value, "tolist") else value for key, value in result.items()}


TRUNCATION_TEXTS = ["Hello world, the quick brown fox jumps over the lazy dog again and again", "short", "",
                    "A second text that is long as well, quite long indeed", "tiny one"]


@settings(max_examples=60, deadline=None)
@given(
    strategy=st.sampled_from(["longest_first", "only_first", "only_second", True, False]),
    max_length=st.integers(0, 30),
    stride=st.integers(0, 4),
    overflow=st.booleans(),
    side=st.sampled_from(["right", "left"]),
    shape=st.sampled_from(["single", "pair", "batch", "batch-pairs"]),
    first=st.sampled_from(range(5)),
    second=st.sampled_from(range(5)),
    extra=st.sampled_from([{}, {"padding": True}, {"padding": True, "return_tensors": "np"},
                           {"return_token_type_ids": True, "padding": True},
                           {"return_special_tokens_mask": True, "return_length": True}, {"add_special_tokens": False}]),
)
def _check_python_truncation(tokenizers: tuple[Any, Any], strategy: Any, max_length: int, stride: int, overflow: bool,
                             side: str, shape: str, first: int, second: int, extra: dict) -> None:
    texts = TRUNCATION_TEXTS
    args = {"single": (texts[first],), "pair": (texts[first], texts[second]), "batch": (texts[first:] or texts,),
            "batch-pairs": (texts[:3], texts[second:second + 3] if second <= 2 else texts[2:])}[shape]
    options = {"truncation": strategy, "max_length": max_length, "stride": stride, "return_overflowing_tokens": overflow,
               **extra}
    theirs, ours = tokenizers
    theirs.truncation_side = ours.truncation_side = side
    try:
        assert _outcome(ours, args, options) == _outcome(theirs, args, options), (args, options, side)
    finally:
        theirs.truncation_side = ours.truncation_side = "right"


def test_m2m100_truncates_as_transformers_python_tokenizers(m2m100: tuple[Any, Any]) -> None:
    # transformers' Python tokenizers cut with `truncate_sequences` (pairs evened out first, the
    # odd token from the second text; overflowing tokens as columns), not as the Rust package
    _check_python_truncation(m2m100)


def test_m2m100_targets_and_language_switches(m2m100: tuple[Any, Any]) -> None:
    theirs, ours = m2m100
    sources, targets = SAMPLES[:3], SAMPLES[1:4]
    if theirs.tgt_lang is None:
        with pytest.raises(KeyError):
            theirs(sources, text_target=targets)
        with pytest.raises(KeyError):
            ours(sources, text_target=targets)
        for t in (theirs, ours):
            t.tgt_lang = "de" if "de" in t.lang_code_to_id else "en"
    _same(theirs, ours, lambda t: t(sources, text_target=targets, padding=True))
    _same(theirs, ours, lambda t: t(text_target=targets[0]))

    def switch(t: Any) -> Any:
        t.src_lang = "ru"
        return t(SAMPLES[0], SAMPLES[2])["input_ids"], t.cur_lang_id, t.prefix_tokens

    _same(theirs, ours, switch)
    _same(theirs, ours, lambda t: (t.set_tgt_lang_special_tokens("en"), t.prefix_tokens, t.cur_lang_id)[1:])
    _same(theirs, ours, lambda t: t(SAMPLES[0])["input_ids"])
    with pytest.raises(KeyError):
        theirs.get_lang_id("xx")
    with pytest.raises(KeyError):
        ours.get_lang_id("xx")


def test_m2m100_decode_matches_transformers(m2m100: tuple[Any, Any]) -> None:
    theirs, ours = m2m100
    rows = theirs(_texts())["input_ids"]
    rows.append(list(range(len(theirs) + 5)))
    rows.append([theirs.get_lang_id(c) for c in list(theirs.lang_code_to_id)[:3]] + rows[0])
    for skip in (False, True):
        _same(theirs, ours, lambda t: t.batch_decode(rows, skip_special_tokens=skip))
        _same(theirs, ours, lambda t: [t.decode(row, skip_special_tokens=skip) for row in rows])
    _same(theirs, ours, lambda t: t.decode(rows[0], clean_up_tokenization_spaces=True))
    _same(theirs, ours, lambda t: t.convert_tokens_to_string(t.tokenize(SAMPLES[3])))


def test_m2m100_on_random_texts(m2m100: tuple[Any, Any]) -> None:
    theirs, ours = m2m100
    words = st.sampled_from(list("ab .,\n\t  é中'") + ["the ", "Hello", "<s>", "__en__", "__ru__", "</s>", "▁"])
    texts = st.lists(words, max_size=10).map("".join)

    @settings(max_examples=40, deadline=None)
    @given(texts, texts)
    def check(text: str, pair: str) -> None:
        _same(theirs, ours, lambda t: t(text, pair))
        ids = theirs(text)["input_ids"]
        _same(theirs, ours, lambda t: (t.decode(ids), t.decode(ids, skip_special_tokens=True)))

    check()


def test_m2m100_ignores_offsets_as_in_transformers(m2m100: tuple[Any, Any]) -> None:
    theirs, ours = m2m100
    _same(theirs, ours, lambda t: t(["a b", SAMPLES[0]], return_offsets_mapping=True))


def test_m2m100_missing_file_is_named(tmp_path: Path) -> None:
    from subword.errors import TokenizerFileError

    folder = _m2m100_folder(tmp_path, BPE_MODEL, {}, 50)
    (folder / "sentencepiece.bpe.model").unlink()
    with pytest.raises(TokenizerFileError, match="sentencepiece.bpe.model"):
        AutoTokenizer.from_pretrained(folder)


def _outputs(tokenizer: Any) -> Any:
    texts = _texts()[:12]
    encoded = tokenizer(texts, texts[::-1], padding=True)
    rows = encoded["input_ids"]
    return (dict(encoded), tokenizer.batch_decode(rows), tokenizer.batch_decode(rows, skip_special_tokens=True),
            tokenizer.get_vocab(), tokenizer.all_special_tokens, tokenizer.src_lang, tokenizer.tgt_lang)


def _assert_same_saved_files(theirs: Any, ours: Any, tmp_path: Path) -> None:
    """Both save_pretrained into tmp_path/theirs and tmp_path/ours: the same paths returned, the
    same files, byte for byte."""
    their_paths = theirs.save_pretrained(str(tmp_path / "theirs"))
    our_paths = ours.save_pretrained(tmp_path / "ours")
    assert [Path(p).name for p in our_paths] == [Path(p).name for p in their_paths]
    names = sorted(p.name for p in (tmp_path / "theirs").iterdir())
    assert sorted(p.name for p in (tmp_path / "ours").iterdir()) == names
    for name in names:
        assert (tmp_path / "ours" / name).read_bytes() == (tmp_path / "theirs" / name).read_bytes(), name


def test_m2m100_save_pretrained_both_ways(m2m100: tuple[Any, Any], tmp_path: Path) -> None:
    """The same files, byte for byte, as transformers writes; each library loads the other's folder
    into a tokenizer with the same outputs (and saves it again to the same files)."""
    theirs, ours = m2m100
    _assert_same_saved_files(theirs, ours, tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs_from_ours = transformers.AutoTokenizer.from_pretrained(str(tmp_path / "ours"))
    ours_from_theirs = AutoTokenizer.from_pretrained(tmp_path / "theirs")
    assert isinstance(ours_from_theirs, M2M100Tokenizer)
    expected = _outputs(theirs)
    assert _outputs(theirs_from_ours) == expected
    assert _outputs(ours_from_theirs) == expected
    theirs_from_ours.save_pretrained(str(tmp_path / "theirs2"), filename_prefix="p")
    ours_from_theirs.save_pretrained(tmp_path / "ours2", filename_prefix="p")
    for path in (tmp_path / "theirs2").iterdir():
        assert (tmp_path / "ours2" / path.name).read_bytes() == path.read_bytes(), path.name


def test_m2m100_save_keeps_changed_languages_and_unknown_keys(tmp_path: Path) -> None:
    folder = _m2m100_folder(tmp_path, BPE_MODEL, {"some_key": [1, 2], "clean_up_tokenization_spaces": True}, 300)
    theirs, ours = _load(folder)
    for t in (theirs, ours):
        t.src_lang, t.tgt_lang = "ja", "ru"
    theirs.save_pretrained(str(tmp_path / "theirs"))
    ours.save_pretrained(tmp_path / "ours")
    for name in ("tokenizer_config.json", "vocab.json"):
        assert (tmp_path / "ours" / name).read_bytes() == (tmp_path / "theirs" / name).read_bytes(), name
    assert not (tmp_path / "ours" / "added_tokens.json").exists()


# -- Marian: source.spm, target.spm, vocab.json (target_vocab.json with separate_vocabs) -----------

def _vocab_of(models: list[Path], first: dict[str, int], keep: int) -> dict[str, int]:
    vocab = dict(first)
    for model in models:
        processor = sentencepiece.SentencePieceProcessor(model_file=str(model))
        for id_ in range(min(processor.get_piece_size(), keep)):
            vocab.setdefault(processor.id_to_piece(id_), len(vocab))
    vocab["<pad>"] = len(vocab)
    return vocab


def _marian_folder(root: Path, config: dict) -> Path:
    """source.spm (a BPE model), target.spm (a Unigram one), a vocab.json of `</s> <unk>`, two
    `>>xx<<` codes and pieces of both models (some left out: unknown), then `<pad>`."""
    folder = root / "marian"
    folder.mkdir()
    shutil.copy(fixture_path(BPE_MODEL), folder / "source.spm")
    shutil.copy(fixture_path(UNIGRAM_MODEL), folder / "target.spm")
    first = {"</s>": 0, "<unk>": 1, ">>fra<<": 2, ">>deu<<": 3}
    (folder / "vocab.json").write_text(json.dumps(_vocab_of([folder / "source.spm", folder / "target.spm"], first, 600)), encoding="utf-8")
    if config.get("separate_vocabs"):
        target = _vocab_of([folder / "target.spm"], {"</s>": 0, "<unk>": 1}, 500)
        (folder / "target_vocab.json").write_text(json.dumps(target), encoding="utf-8")
    (folder / "tokenizer_config.json").write_text(json.dumps({"tokenizer_class": "MarianTokenizer", **config}), encoding="utf-8")
    return folder


MARIAN_CONFIGS = {
    "shared": {},
    "separate-vocabs": {"separate_vocabs": True, "source_lang": "en", "target_lang": "de", "some_key": 1},
}
MARIAN_SAMPLES = SAMPLES + [">>fra<< Hello world <unk> </s> the", "Hello >>deu<< there", ">>xx<<abc >>fra", "a </s> <unk> b <pad>"]


@pytest.fixture(scope="module", params=sorted(MARIAN_CONFIGS))
def marian(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    return _load(_marian_folder(tmp_path_factory.mktemp(request.param), MARIAN_CONFIGS[request.param]))


def test_marian_vocabulary_and_calls_match_transformers(marian: tuple[Any, Any]) -> None:
    from subword.transformers import MarianTokenizer

    theirs, ours = marian
    assert isinstance(ours, MarianTokenizer)
    _same(theirs, ours, lambda t: (t.vocab_size, len(t), t.get_vocab(), t.all_special_tokens, t.all_special_ids, t.model_max_length))
    _same(theirs, ours, lambda t: (t.supported_language_codes, t.separate_vocabs, t.source_lang, t.target_lang, t.num_special_tokens_to_add()))
    ids = list(range(len(theirs) + 3))
    _same(theirs, ours, lambda t: t.convert_ids_to_tokens(ids))
    texts = MARIAN_SAMPLES + [line for path in corpus_files() for line in corpus_lines(path, 3)]
    for text in texts:
        _same(theirs, ours, lambda t: t(text, return_special_tokens_mask=True))
        _same(theirs, ours, lambda t: t.tokenize(text))
        _same(theirs, ours, lambda t: t(text, return_special_tokens_mask=True, add_special_tokens=False))
        _same(theirs, ours, lambda t: (t(text, split_special_tokens=True), t.tokenize(text, split_special_tokens=True)))
    _same(theirs, ours, lambda t: t(texts[:8], texts[3:11], return_special_tokens_mask=True))
    _same(theirs, ours, lambda t: t(texts, padding=True, truncation=True, max_length=12, return_special_tokens_mask=True))
    _same(theirs, ours, lambda t: t(texts[:6], padding="max_length", max_length=40))
    _same(theirs, ours, lambda t: t(texts[:6], text_target=texts[2:8], padding=True))
    _same(theirs, ours, lambda t: t(text_target=texts[4]))


def test_marian_truncates_as_transformers_python_tokenizers(marian: tuple[Any, Any]) -> None:
    _check_python_truncation(marian)


def test_marian_decode_matches_transformers(marian: tuple[Any, Any]) -> None:
    theirs, ours = marian
    texts = MARIAN_SAMPLES + [line for path in corpus_files() for line in corpus_lines(path, 3)]
    rows = theirs(texts)["input_ids"] + theirs(text_target=texts)["input_ids"]
    rows.append(list(range(len(theirs) + 3)))
    for skip in (False, True):
        _same(theirs, ours, lambda t: t.batch_decode(rows, skip_special_tokens=skip))
        for source in (False, True):
            _same(theirs, ours, lambda t: [t.decode(row, skip_special_tokens=skip, use_source_tokenizer=source) for row in rows])
    _same(theirs, ours, lambda t: t.convert_tokens_to_string(t.tokenize(MARIAN_SAMPLES[5])))


def test_marian_save_pretrained_both_ways(marian: tuple[Any, Any], tmp_path: Path) -> None:
    theirs, ours = marian
    _assert_same_saved_files(theirs, ours, tmp_path)
    theirs_from_ours, _ = _load(tmp_path / "ours")
    ours_from_theirs = AutoTokenizer.from_pretrained(tmp_path / "theirs")
    texts = MARIAN_SAMPLES[:6]

    def outputs(t: Any) -> Any:
        encoded = t(texts, text_target=texts[::-1], padding=True)
        return dict(encoded), t.batch_decode(encoded["labels"]), t.get_vocab()

    assert outputs(theirs_from_ours) == outputs(theirs)
    assert outputs(ours_from_theirs) == outputs(theirs)
