"""transformers 5's SentencePieceBackend classes from their `.model`, against transformers:
BertGenerationTokenizer, GPTSw3Tokenizer, PLBartTokenizer, BartphoTokenizer, and Speech2TextTokenizer
(a Python tokenizer of the same kind, over vocab.json and the model, as M2M100's).

transformers 5 implements these classes as Python tokenizers over the sentencepiece package: each
test folder holds a shared sentencepiece `.model` under the class's file name and a
tokenizer_config.json naming the class (for BARTpho a dict.txt, for Speech2Text a vocab.json, that
the test writes from the model's pieces); both libraries load it with their AutoTokenizer.
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

from subword.transformers import AutoTokenizer
from tests.parity._python_families import all_ids, assert_class_names_load, assert_decodes_alike, load_both as _load, same as _same
from tests.parity._spm_proto import patched_transformers
from tests.shared_data import corpus_files, corpus_lines, fixture_path

transformers = pytest.importorskip("transformers", reason="compares with transformers")
sentencepiece = pytest.importorskip("sentencepiece", reason="transformers' SentencePieceBackend runs sentencepiece")

BPE_MODEL = "sentencepiece-test/botchan_en_bpe_1000.model"
UNIGRAM_MODEL = "sentencepiece-test/test_model.model"
T5_MODEL = "t5/spiece.model"

SAMPLES = [
    "Hello world! The quick brown fox jumps over the lazy dog.",
    "  leading and   inner   spaces\tand a tab\nand a newline  ",
    "Héllo wörld — 日本語 Привет 🤗 don't 12345",
    "<s> </s> <pad> <unk> <::::> <|endoftext|> a<s>b <mask>",
    "def f(a,b):NEW_LINE_INDENTreturn max([a,b]) __python__ __java__<mask> __en_XX__ , . !",
    "thin\u2009space, no\u00a0break, soft\u00adhyphen, zero\u200bwidth, e\u0301 NFC\u0007bell\u3000",
    "▁leading underline and ▁▁ two",
    "",
]

# name -> (tokenizer class, .model, its file name, tokenizer_config.json, folder name)
CONFIGS: dict[str, tuple[str, str, str, dict, str]] = {
    "bert-generation-unigram": ("BertGenerationTokenizer", UNIGRAM_MODEL, "spiece.model", {}, "bert-generation"),
    "bert-generation-bpe": ("BertGenerationTokenizer", BPE_MODEL, "spiece.model",
                            {"sep_token": "[SEP]", "additional_special_tokens": ["<extra>", "▁the"]}, "bert-generation"),
    "bert-generation-t5": ("BertGenerationTokenizer", T5_MODEL, "spiece.model", {"clean_up_tokenization_spaces": True},
                           "bert-generation"),
    "gpt-sw3-unigram": ("GPTSw3Tokenizer", UNIGRAM_MODEL, "spiece.model", {}, "gpt-sw3-126m"),
    # the 7b name: pad is the unknown token and bos the end of text
    "gpt-sw3-7b-bpe": ("GPTSw3Tokenizer", BPE_MODEL, "spiece.model", {"do_lower_case": True}, "gpt-sw3-7b"),
    "gpt-sw3-t5": ("GPTSw3Tokenizer", T5_MODEL, "spiece.model", {"eos_token": "</s>", "pad_token": None}, "gpt-sw3"),
    # the codes are its extra special tokens
    "plbart-base": ("PLBartTokenizer", UNIGRAM_MODEL, "sentencepiece.bpe.model", {}, "plbart"),
    # other extra special tokens: the codes are not special, <x> shares __en_XX__'s id, <mask> is unknown
    "plbart-multi": ("PLBartTokenizer", BPE_MODEL, "sentencepiece.bpe.model",
                     {"language_codes": "multi", "src_lang": "python", "tgt_lang": "java", "additional_special_tokens": ["<x>"]},
                     "plbart"),
    # T5's model: <pad> </s> <unk> first; "▁the" is a piece (its raw id)
    "plbart-base-t5": ("PLBartTokenizer", T5_MODEL, "sentencepiece.bpe.model",
                       {"src_lang": "__java__", "tgt_lang": "en_XX", "additional_special_tokens": ["<x>", "▁the"],
                        "clean_up_tokenization_spaces": False}, "plbart"),
    "bartpho-unigram": ("BartphoTokenizer", UNIGRAM_MODEL, "sentencepiece.bpe.model", {}, "bartpho"),
    "bartpho-t5": ("BartphoTokenizer", T5_MODEL, "sentencepiece.bpe.model",
                   {"additional_special_tokens": ["<x>", "▁the", "zzz"], "mask_token": "<mask2>"}, "bartpho"),
    "speech-to-text-bpe": ("Speech2TextTokenizer", BPE_MODEL, "sentencepiece.bpe.model", {}, "s2t"),
    # the language tokens are not pieces of the model: their ids are its unknown id, as in transformers
    "speech-to-text-mustc": ("Speech2TextTokenizer", UNIGRAM_MODEL, "sentencepiece.bpe.model",
                             {"lang_codes": "mustc", "tgt_lang": "fr", "do_upper_case": True, "additional_special_tokens": ["<x>"]},
                             "s2t"),
    "speech-to-text-mustc-t5": ("Speech2TextTokenizer", T5_MODEL, "sentencepiece.bpe.model", {"lang_codes": "mustc"}, "s2t"),
    # legacy=False: the model without its dummy prefix, a part after a space cut after the unknown token
    "bert-generation-not-legacy": ("BertGenerationTokenizer", UNIGRAM_MODEL, "spiece.model", {"legacy": False}, "bert-generation"),
    "plbart-base-not-legacy": ("PLBartTokenizer", BPE_MODEL, "sentencepiece.bpe.model", {"legacy": False}, "plbart"),
    "bartpho-not-legacy": ("BartphoTokenizer", UNIGRAM_MODEL, "sentencepiece.bpe.model", {"legacy": False}, "bartpho"),
    "gpt-sw3-not-legacy": ("GPTSw3Tokenizer", BPE_MODEL, "spiece.model", {"legacy": False}, "gpt-sw3"),  # its own _tokenize
    "speech-to-text-not-legacy": ("Speech2TextTokenizer", BPE_MODEL, "sentencepiece.bpe.model", {"legacy": False}, "s2t"),  # ignored
}


def _params(prefix: str = "") -> list[Any]:
    """The configs whose name starts with `prefix`; those of T5's 32000-piece model are marked slow."""
    return [pytest.param(name, marks=[pytest.mark.slow] if CONFIGS[name][1] == T5_MODEL else [], id=name)
            for name in sorted(CONFIGS) if name.startswith(prefix)]


PLBART = _params("plbart")
SPEECH_TO_TEXT = _params("speech-to-text")
# Speech2Text's vocab.json: fairseq's first four, then the model's pieces, up to this many (others: unknown)
S2T_VOCAB_SIZES = {"speech-to-text-bpe": 900, "speech-to-text-mustc": 700, "speech-to-text-mustc-t5": 5000, "speech-to-text-not-legacy": 900}
# BARTpho's dict.txt: the pieces from id 3 to this one (a repeated word: it takes a new id)
BARTPHO_DICTS = {"bartpho-unigram": (600, False), "bartpho-t5": (3000, True), "bartpho-not-legacy": (600, False)}


def _folder(root: Path, name: str) -> Path:
    tokenizer_class, model, file_name, config, folder_name = CONFIGS[name]
    folder = root / folder_name
    folder.mkdir()
    shutil.copy(fixture_path(model), folder / file_name)
    (folder / "tokenizer_config.json").write_text(json.dumps({"tokenizer_class": tokenizer_class, **config}), encoding="utf-8")
    if name in BARTPHO_DICTS:
        last, repeat = BARTPHO_DICTS[name]
        processor = sentencepiece.SentencePieceProcessor(model_file=str(folder / file_name))
        words = [processor.id_to_piece(id_) for id_ in range(3, last)]
        lines = [f"{word} {last - rank}" for rank, word in enumerate(words) if word.strip()] + (["▁the 1"] if repeat else [])
        (folder / "dict.txt").write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    if name in S2T_VOCAB_SIZES:
        processor = sentencepiece.SentencePieceProcessor(model_file=str(folder / file_name))
        vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
        for id_ in range(processor.get_piece_size()):
            if len(vocab) < S2T_VOCAB_SIZES[name]:
                vocab.setdefault(processor.id_to_piece(id_), len(vocab))
        (folder / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    return folder


def _texts() -> list[str]:
    return SAMPLES + [line for path in corpus_files() for line in corpus_lines(path, 4)]


@pytest.fixture(scope="module", params=_params())
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    return _load(_folder(tmp_path_factory.mktemp(request.param), request.param))


def test_class_vocabulary_and_special_tokens(loaded: tuple[Any, Any]) -> None:
    theirs, ours = loaded
    assert type(ours).__name__ == type(theirs).__name__
    _same(theirs, ours, lambda t: (t.vocab_size, len(t), t.get_vocab(), t.all_special_tokens, t.all_special_ids))
    _same(theirs, ours, lambda t: {k: str(v) for k, v in t.special_tokens_map.items()})
    _same(theirs, ours, lambda t: {i: (str(a), a.special, a.normalized, a.lstrip, a.rstrip) for i, a in t.added_tokens_decoder.items()})
    _same(theirs, ours, lambda t: (t.model_input_names, t.padding_side, t.model_max_length, t.clean_up_tokenization_spaces))
    _same(theirs, ours, lambda t: ({k: str(v) for k, v in t.init_kwargs.items() if k not in ("vocab_file", "tokenizer_file")}))
    ids = all_ids(theirs)
    _same(theirs, ours, lambda t: t.convert_ids_to_tokens(ids))
    _same(theirs, ours, lambda t: t.convert_tokens_to_ids(t.convert_ids_to_tokens(ids) + ["zzz", "▁xyzzy", ""]))
    _same(theirs, ours, lambda t: (t.num_special_tokens_to_add(), t.num_special_tokens_to_add(pair=True)))


def test_calls_match_transformers(loaded: tuple[Any, Any]) -> None:
    theirs, ours = loaded
    texts = _texts()
    for text in texts:
        _same(theirs, ours, lambda t: t(text))
        _same(theirs, ours, lambda t: t.tokenize(text))
        _same(theirs, ours, lambda t: t(text, return_special_tokens_mask=True, return_token_type_ids=True))
        _same(theirs, ours, lambda t: t.encode(text, add_special_tokens=False))
    pairs = list(zip(texts[:8], texts[3:11]))
    _same(theirs, ours, lambda t: t([a for a, _ in pairs], [b for _, b in pairs], return_special_tokens_mask=True,
                                    return_token_type_ids=True))
    _same(theirs, ours, lambda t: t(texts[0], texts[1], return_token_type_ids=True, add_special_tokens=False))
    _same(theirs, ours, lambda t: t(texts, padding=True, truncation=True, max_length=12))
    _same(theirs, ours, lambda t: t(texts[:6], padding="max_length", max_length=40, return_length=True))
    _same(theirs, ours, lambda t: t(texts[:6], padding=True, pad_to_multiple_of=8, padding_side="left"))
    short = [(a[:10], b) for a, b in pairs]
    _same(theirs, ours, lambda t: t([a for a, _ in short], [b for _, b in short], truncation="only_second", max_length=20))
    _same(theirs, ours, lambda t: t([a for a, _ in short], [b for _, b in short], return_token_type_ids=True, padding=True,
                                    padding_side="left", truncation="only_second", max_length=20))
    _same(theirs, ours, lambda t: t(texts[:4], truncation=True, max_length=5, return_overflowing_tokens=True, stride=2))
    _same(theirs, ours, lambda t: t([a for a, _ in pairs], [b for _, b in pairs], truncation=True, max_length=15))
    _same(theirs, ours, lambda t: t.encode(texts[0], texts[1]))
    # (without <mask>: PLBart multi's, sharing the unknown id, is cut out even so; see subword/transformers/_plbart.py)
    _same(theirs, ours, lambda t: t(texts[3].replace("<mask>", ""), split_special_tokens=True))


def test_decode_matches_transformers(loaded: tuple[Any, Any]) -> None:
    theirs, ours = loaded
    assert_decodes_alike(theirs, ours, _texts(), SAMPLES[3])


def test_added_tokens_match_transformers(loaded: tuple[Any, Any], tmp_path: Path) -> None:
    theirs, ours = loaded
    theirs, ours = _load(Path(theirs.name_or_path))  # fresh copies: this test changes them
    for t in (theirs, ours):
        t.add_tokens(["<new>", "▁the", "hello world", "Big Word"])
        t.add_special_tokens({"extra_special_tokens": ["<ctrl>", "</s>"]})
        t.add_tokens(["<sp>", "<ctrl>"], special_tokens=True)
    _same(theirs, ours, lambda t: (len(t), t.get_added_vocab(), t.all_special_tokens, t.all_special_ids))
    _same(theirs, ours, lambda t: {i: (str(a), a.special, a.normalized) for i, a in t.added_tokens_decoder.items()})
    text = "hello world<new> the <ctrl> </s>x the end <new> big word Big Word<sp> <pad><s>"
    _same(theirs, ours, lambda t: (t(text), t.tokenize(text), t(text, "<ctrl>pair", return_special_tokens_mask=True)))
    # a Python tokenizer then finds no added token at all, special or not
    _same(theirs, ours, lambda t: (t(text, split_special_tokens=True), t.tokenize(text, split_special_tokens=True)))
    ids = theirs(text)["input_ids"]
    _same(theirs, ours, lambda t: (t.decode(ids), t.decode(ids, skip_special_tokens=True)))
    theirs.save_pretrained(str(tmp_path / "theirs"))
    ours.save_pretrained(tmp_path / "ours")
    for name in sorted(p.name for p in (tmp_path / "theirs").iterdir()):
        assert (tmp_path / "ours" / name).read_bytes() == (tmp_path / "theirs" / name).read_bytes(), name


def test_on_random_texts(loaded: tuple[Any, Any]) -> None:
    theirs, ours = loaded
    words = st.sampled_from(
        list("ab .,\n\t  é中'\u2009\u00a0\u00ad\u200b\u0301\u3000")
        + ["the ", "Hello", "<s>", "</s>", "<unk>", "▁", "<|endoftext|>", "__java__", "<mask>", "<x>", "<lang:fr>"]
    )
    texts = st.lists(words, max_size=10).map("".join)

    @settings(max_examples=40, deadline=None)
    @given(texts, texts)
    def check(text: str, pair: str) -> None:
        _same(theirs, ours, lambda t: t(text, pair, return_token_type_ids=True))
        _same(theirs, ours, lambda t: t.tokenize(text))
        _same(theirs, ours, lambda t: t(text, split_special_tokens=True))
        ids = theirs(text)["input_ids"]
        _same(theirs, ours, lambda t: (t.decode(ids), t.decode(ids, skip_special_tokens=True)))

    check()


def test_no_encodings_as_in_transformers(loaded: tuple[Any, Any]) -> None:
    """A Python tokenizer's BatchEncoding keeps no Encodings: the alignment methods raise the same
    ValueError, an int key the same KeyError."""
    theirs, ours = loaded
    results = [t(["a b", SAMPLES[0]], ["c", "d e"]) for t in (theirs, ours)]
    assert [r.is_fast for r in results] == [False, False]
    assert [r.encodings for r in results] == [None, None]
    for method, args in [("tokens", (0,)), ("word_ids", (0,)), ("sequence_ids", (0,)), ("token_to_sequence", (0, 0)),
                         ("token_to_word", (0, 0)), ("token_to_chars", (0, 0)), ("char_to_token", (0, 0)),
                         ("char_to_word", (0, 0)), ("word_to_tokens", (0, 0)), ("word_to_chars", (0, 0))]:
        errors = []
        for result in results:
            with pytest.raises(ValueError) as error:
                getattr(result, method)(*args)
            errors.append(str(error.value))
        assert errors[0] == errors[1], method
    for result in results:
        with pytest.raises(KeyError):
            result[0]
    assert results[0][:1] == results[1][:1]


def test_ignores_offsets_as_in_transformers(loaded: tuple[Any, Any]) -> None:
    theirs, ours = loaded
    _same(theirs, ours, lambda t: t(["a b", SAMPLES[0]], return_offsets_mapping=True))


@pytest.mark.parametrize(
    "name, file_name", [("gpt-sw3-unigram", "spiece.model"), ("bartpho-t5", "dict.txt"), ("speech-to-text-bpe", "vocab.json")]
)
def test_missing_file_is_named(tmp_path: Path, name: str, file_name: str) -> None:
    from subword.errors import TokenizerFileError

    folder = _folder(tmp_path, name)
    (folder / file_name).unlink()
    with pytest.raises(TokenizerFileError, match=file_name):
        AutoTokenizer.from_pretrained(folder)


def test_sampling_options_reach_the_model(tmp_path: Path) -> None:
    """`sp_model_kwargs` (sampling) go to the sentencepiece model, as transformers passes them."""
    folder = _folder(tmp_path, "bert-generation-unigram")
    config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    sampling = {"enable_sampling": True, "nbest_size": -1, "alpha": 0.1}
    (folder / "tokenizer_config.json").write_text(json.dumps({**config, "sp_model_kwargs": sampling}), encoding="utf-8")
    ours = AutoTokenizer.from_pretrained(folder)
    text = "Hello world! The quick brown fox jumps over the lazy dog."
    assert len({tuple(ours.tokenize(text)) for _ in range(30)}) > 1  # a fixed segmentation would repeat
    assert ours.sp_model_kwargs == sampling


def _outputs(tokenizer: Any) -> Any:
    texts = _texts()[:12]
    encoded = tokenizer(texts, texts[::-1], padding=True)
    rows = encoded["input_ids"]
    return (dict(encoded), tokenizer.batch_decode(rows), tokenizer.batch_decode(rows, skip_special_tokens=True),
            tokenizer.get_vocab(), tokenizer.all_special_tokens)


def test_save_pretrained_both_ways(loaded: tuple[Any, Any], tmp_path: Path) -> None:
    """The same files, byte for byte, as transformers writes; each library loads the other's folder
    into a tokenizer with the same outputs (and saves it again to the same files)."""
    theirs, ours = loaded
    their_paths = theirs.save_pretrained(str(tmp_path / "theirs"))
    our_paths = ours.save_pretrained(tmp_path / "ours")
    assert [Path(p).name for p in our_paths] == [Path(p).name for p in their_paths]
    names = sorted(p.name for p in (tmp_path / "theirs").iterdir())
    assert sorted(p.name for p in (tmp_path / "ours").iterdir()) == names
    for name in names:
        assert (tmp_path / "ours" / name).read_bytes() == (tmp_path / "theirs" / name).read_bytes(), name
    with warnings.catch_warnings(), patched_transformers():
        warnings.simplefilter("ignore")
        theirs_from_ours = transformers.AutoTokenizer.from_pretrained(str(tmp_path / "ours"))
        theirs_from_theirs = transformers.AutoTokenizer.from_pretrained(str(tmp_path / "theirs"))
    ours_from_theirs = AutoTokenizer.from_pretrained(tmp_path / "theirs")
    assert type(ours_from_theirs) is type(ours)
    # (transformers' own reload: BARTpho with a repeated dictionary word reloads other added ids)
    expected = _outputs(theirs_from_theirs)
    assert _outputs(theirs_from_ours) == expected
    assert _outputs(ours_from_theirs) == expected
    theirs_from_ours.save_pretrained(str(tmp_path / "theirs2"), filename_prefix="p")
    ours_from_theirs.save_pretrained(tmp_path / "ours2", filename_prefix="p")
    for path in (tmp_path / "theirs2").iterdir():
        assert (tmp_path / "ours2" / path.name).read_bytes() == path.read_bytes(), path.name


@pytest.fixture(scope="module", params=PLBART)
def plbart(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    return _load(_folder(tmp_path_factory.mktemp(request.param), request.param))


def test_plbart_languages_match_transformers(plbart: tuple[Any, Any]) -> None:
    theirs, ours = plbart
    _same(theirs, ours, lambda t: (t.lang_code_to_id, t.id_to_lang_code, t.fairseq_tokens_to_ids, t.fairseq_ids_to_tokens))
    _same(theirs, ours, lambda t: (t.src_lang, t.tgt_lang, t.cur_lang_code, t.cur_lang_code_id, t.prefix_tokens, t.suffix_tokens))
    _same(theirs, ours, lambda t: (t.language_codes, t.fairseq_offset, t.sp_model_size))
    sources, targets = SAMPLES[:3], SAMPLES[1:4]
    _same(theirs, ours, lambda t: t(sources, text_target=targets, padding=True))
    _same(theirs, ours, lambda t: t(text_target=targets[0]))

    def switch(t: Any) -> Any:
        t.src_lang = "java"
        first = (t(SAMPLES[0], SAMPLES[2])["input_ids"], t.src_lang, t.cur_lang_code, t.suffix_tokens)
        t.tgt_lang = "__python__"
        second = t(SAMPLES[0], text_target=SAMPLES[3])
        t.set_tgt_lang_special_tokens("en_XX")
        third = (t.cur_lang_code, t.suffix_tokens, t(SAMPLES[0])["input_ids"], t.cur_lang_code)
        t.src_lang = None
        return first, second, third, t(SAMPLES[0])["input_ids"], t.suffix_tokens, t.cur_lang_code

    _same(theirs, ours, switch)
    for t in (theirs, ours):
        with pytest.raises(KeyError):
            t.src_lang = "xx"
        t.src_lang = "__java__"
    _same(theirs, ours, lambda t: (t(SAMPLES[0])["input_ids"], t.src_lang, t.cur_lang_code))


def test_plbart_decode_always_cleans_up_as_configured(plbart: tuple[Any, Any]) -> None:
    theirs, ours = plbart
    ids = theirs("a , b . c ! d 's")["input_ids"]
    for clean_up in (None, False, True):
        _same(theirs, ours, lambda t: (t.decode(ids, clean_up_tokenization_spaces=clean_up),
                                       t.batch_decode([ids], clean_up_tokenization_spaces=clean_up)))


@pytest.fixture(scope="module", params=SPEECH_TO_TEXT)
def speech_to_text(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    return _load(_folder(tmp_path_factory.mktemp(request.param), request.param))


def test_speech_to_text_languages_match_transformers(speech_to_text: tuple[Any, Any]) -> None:
    theirs, ours = speech_to_text
    _same(theirs, ours, lambda t: (t.lang_code_to_id, t.prefix_tokens, t.tgt_lang, t.do_upper_case, t.do_lower_case))
    _same(theirs, ours, lambda t: (getattr(t, "langs", None), getattr(t, "lang_tokens", None)))
    _same(theirs, ours, lambda t: t(SAMPLES[:3], text_target=SAMPLES[1:4], padding=True))
    pytest.importorskip("numpy", reason="arrays of token type ids")
    _same(theirs, ours, lambda t: {key: value.tolist() for key, value in t(
        SAMPLES[:3], SAMPLES[1:4], return_token_type_ids=True, padding=True, return_tensors="np").items()})
    if not theirs.lang_code_to_id:
        return

    def switch(t: Any) -> Any:
        t.tgt_lang = "de"
        return t.prefix_tokens, t(SAMPLES[0], SAMPLES[2])["input_ids"], t.decode(t(SAMPLES[3])["input_ids"])

    _same(theirs, ours, switch)
    for t in (theirs, ours):
        with pytest.raises(KeyError):
            t.tgt_lang = "xx"
        t.tgt_lang = "fr"


@pytest.mark.parametrize("name", ["bert-generation-unigram", "gpt-sw3-unigram", "plbart-base", "bartpho-unigram", "speech-to-text-bpe"])
def test_class_methods_and_fast_names_load_the_class(tmp_path: Path, name: str) -> None:
    assert_class_names_load(_folder(tmp_path, name), CONFIGS[name][0], SAMPLES[0], SAMPLES[3])


def test_pickled_and_copied_tokenizers_match_transformers(loaded: tuple[Any, Any]) -> None:
    import copy
    import pickle

    theirs, ours = loaded
    for made in (pickle.loads(pickle.dumps(ours)), copy.deepcopy(ours)):
        _same(theirs, made, lambda t: (t(SAMPLES[3], SAMPLES[0])["input_ids"], t.get_vocab(), len(t)))
        _same(theirs, made, lambda t: t.batch_decode(theirs(_texts()[:6])["input_ids"], skip_special_tokens=True))
