"""transformers 5's SiglipTokenizer (spiece.model) and SpeechT5Tokenizer (spm_char.model) from
their `.model`, against transformers.

Both are SentencePieceBackend classes, Python tokenizers over the sentencepiece package: each test
folder holds a shared sentencepiece `.model` under the class's file name and a
tokenizer_config.json naming the class; both libraries load it with their AutoTokenizer. SigLIP
cleans its text (lower case, no punctuation, one space), ends each text with `</s>` unless it
ends so already, and counts its special tokens mask as if it always did; SpeechT5 ends a text
(or a pair) with `</s>`. SpeechT5's `normalize=True` is refused.
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
from tests.model_proto_edit import VARINT, serialize_fields, split_fields, varint
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
    "Héllo wörld — 日本語 Привет 🤗 don't 12345 ΣΊΣΥΦΟΣ İstanbul",
    "<s> </s> <pad> <unk> <end> <x> a<s>b </s>",
    "A photo of a {}. (cat) [dog] {bird}; #1 @home 50% a_b a-b ~x~ `q` \"quoted\" 'single' <>",
    "thin\u2009space, no\u00a0break, ideo\u3000space, sep\u001cchar, next\u0085line, e\u0301 NFC\u0007bell",
    "▁leading underline and ▁▁ two▁",
    "!</s> a lone underline before eos, ?<unk> and before unk",
    "ends with eos </s>",
    "</s>",
    "</s> starts with eos",
    "",
    "   ",
    "!!!",
]

# name -> (tokenizer class, .model, its file name, tokenizer_config.json)
CONFIGS: dict[str, tuple[str, str, str, dict]] = {
    "siglip-unigram": ("SiglipTokenizer", UNIGRAM_MODEL, "spiece.model", {}),
    # another eos (a new token), extra special tokens ("▁the" a piece of the model), no lower-casing
    "siglip-bpe": ("SiglipTokenizer", BPE_MODEL, "spiece.model",
                   {"eos_token": "<end>", "additional_special_tokens": ["<x>", "▁the"], "do_lower_case": False,
                    "model_max_length": 16}),
    "siglip-t5": ("SiglipTokenizer", T5_MODEL, "spiece.model", {"pad_token": "<pad>", "clean_up_tokenization_spaces": True}),
    # legacy=False: the model loses its dummy prefix; SigLIP's own cut is the same otherwise
    "siglip-not-legacy": ("SiglipTokenizer", UNIGRAM_MODEL, "spiece.model", {"legacy": False}),
    # a model keeping extra whitespace: "!</s>" is cut "▁", "</s>", and that lone "▁" is dropped
    "siglip-keeps-spaces": ("SiglipTokenizer", UNIGRAM_MODEL, "spiece.model", {}),
    "speecht5-unigram": ("SpeechT5Tokenizer", UNIGRAM_MODEL, "spm_char.model", {}),
    "speecht5-bpe": ("SpeechT5Tokenizer", BPE_MODEL, "spm_char.model",
                     {"bos_token": "<bos>", "eos_token": "<end>", "pad_token": "<pad2>", "additional_special_tokens": ["<x>"],
                      "normalize": False}),
    "speecht5-t5": ("SpeechT5Tokenizer", T5_MODEL, "spm_char.model", {"unk_token": "<unk>", "clean_up_tokenization_spaces": True}),
    # legacy=False: a part after a space is cut after the unknown token, as any SentencePieceBackend class
    "speecht5-not-legacy": ("SpeechT5Tokenizer", BPE_MODEL, "spm_char.model", {"legacy": False}),
}


# configs whose model is the shared one with its normalizer's remove_extra_whitespaces off
KEEPS_SPACES = {"siglip-keeps-spaces"}


def _keeping_spaces(model: bytes) -> bytes:
    """The `.model` with its normalizer_spec's remove_extra_whitespaces (field 4) false."""
    fields = []
    for number, wire_type, body in split_fields(model):
        if number == 3:  # normalizer_spec
            body = serialize_fields([field for field in split_fields(body) if field[0] != 4] + [(4, VARINT, varint(0))])
        fields.append((number, wire_type, body))
    return serialize_fields(fields)


def _params(prefix: str = "") -> list[Any]:
    """The configs whose name starts with `prefix`; those of T5's 32000-piece model are marked slow."""
    return [pytest.param(name, marks=[pytest.mark.slow] if CONFIGS[name][1] == T5_MODEL else [], id=name)
            for name in sorted(CONFIGS) if name.startswith(prefix)]


def _folder(root: Path, name: str, **options: Any) -> Path:
    tokenizer_class, model, file_name, config = CONFIGS[name]
    folder = root / name
    folder.mkdir()
    shutil.copy(fixture_path(model), folder / file_name)
    if name in KEEPS_SPACES:
        (folder / file_name).write_bytes(_keeping_spaces((folder / file_name).read_bytes()))
    document = {"tokenizer_class": tokenizer_class, **config, **options}
    (folder / "tokenizer_config.json").write_text(json.dumps(document), encoding="utf-8")
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
    _same(theirs, ours, lambda t: (t.bos_token_id, t.eos_token_id, t.unk_token_id, t.pad_token_id))
    _same(theirs, ours, lambda t: {i: (str(a), a.special, a.normalized, a.lstrip, a.rstrip) for i, a in t.added_tokens_decoder.items()})
    _same(theirs, ours, lambda t: (t.model_input_names, t.padding_side, t.model_max_length, t.clean_up_tokenization_spaces))
    _same(theirs, ours, lambda t: ({k: str(v) for k, v in t.init_kwargs.items() if k not in ("vocab_file", "tokenizer_file")}))
    _same(theirs, ours, lambda t: (t.sp_model_kwargs, t.legacy, getattr(t, "do_lower_case", None), getattr(t, "normalize", None)))
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
    pairs = list(zip(texts[:10], texts[3:13]))
    _same(theirs, ours, lambda t: t([a for a, _ in pairs], [b for _, b in pairs], return_special_tokens_mask=True,
                                    return_token_type_ids=True))
    _same(theirs, ours, lambda t: t(texts[0], texts[1], return_token_type_ids=True, add_special_tokens=False))
    _same(theirs, ours, lambda t: t(texts, padding=True, truncation=True, max_length=12, return_special_tokens_mask=True))
    _same(theirs, ours, lambda t: t(texts[:9], padding="max_length", max_length=40, return_length=True,
                                    return_special_tokens_mask=True, return_token_type_ids=True))
    _same(theirs, ours, lambda t: t(texts[:9], padding=True, pad_to_multiple_of=8, padding_side="left",
                                    return_special_tokens_mask=True, return_token_type_ids=True))
    _same(theirs, ours, lambda t: t(texts[:8], padding=True, truncation=True))  # the class's model_max_length
    short = [(a[:10], b) for a, b in pairs]
    _same(theirs, ours, lambda t: t([a for a, _ in short], [b for _, b in short], truncation="only_second", max_length=20))
    _same(theirs, ours, lambda t: t([a for a, _ in short], [b for _, b in short], return_token_type_ids=True, padding=True,
                                    padding_side="left", truncation="only_second", max_length=20))
    _same(theirs, ours, lambda t: t(texts[:4], truncation=True, max_length=5, return_overflowing_tokens=True, stride=2))
    _same(theirs, ours, lambda t: t([a for a, _ in pairs], [b for _, b in pairs], truncation=True, max_length=15))
    _same(theirs, ours, lambda t: t.encode(texts[0], texts[1]))
    _same(theirs, ours, lambda t: t(texts[3], split_special_tokens=True))
    _same(theirs, ours, lambda t: t([["Hello", "world!"], ["</s>", "x", "▁y", "A.B", "!</s>", "?"]], is_split_into_words=True))


def test_tensors_match_transformers(loaded: tuple[Any, Any]) -> None:
    pytest.importorskip("numpy", reason="numpy arrays")
    theirs, ours = loaded
    texts = [text for text in SAMPLES if not text.rstrip().endswith(("</s>", "<end>"))]
    _same(theirs, ours, lambda t: {k: v.tolist() for k, v in t(texts, padding=True, return_tensors="np",
                                                                 return_special_tokens_mask=True, return_token_type_ids=True).items()})
    _same(theirs, ours, lambda t: {k: v.tolist() for k, v in t(texts[0], texts[1], return_tensors="np").items()})


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
    for each in (text, "the end", "<ctrl>the", "▁the", "x <sp>"):
        _same(theirs, ours, lambda t: (t(each), t.tokenize(each), t(each, "<ctrl>pair", return_special_tokens_mask=True)))
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
        list("aB .,!?{}\n\t  é中'\u2009\u00a0\u3000\u001c\u0085\u0301_-")
        + ["the ", "Hello", "<s>", "</s>", "<unk>", "<end>", "<x>", "▁", "▁the", "İ", "ΟΣ", "{}"]
    )
    texts = st.lists(words, max_size=10).map("".join)

    @settings(max_examples=40, deadline=None)
    @given(texts, texts)
    def check(text: str, pair: str) -> None:
        _same(theirs, ours, lambda t: t(text, pair, return_token_type_ids=True, return_special_tokens_mask=True))
        _same(theirs, ours, lambda t: t.tokenize(text))
        _same(theirs, ours, lambda t: t(text, split_special_tokens=True))
        ids = theirs(text)["input_ids"]
        _same(theirs, ours, lambda t: (t.decode(ids), t.decode(ids, skip_special_tokens=True)))

    check()


def _outputs(tokenizer: Any) -> Any:
    texts = _texts()[:12]
    encoded = tokenizer(texts, texts[::-1], padding=True, return_special_tokens_mask=True)
    rows = encoded["input_ids"]
    return (dict(encoded), tokenizer.batch_decode(rows), tokenizer.batch_decode(rows, skip_special_tokens=True),
            tokenizer.get_vocab(), tokenizer.all_special_tokens, tokenizer.model_max_length)


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
    expected = _outputs(theirs_from_theirs)
    assert _outputs(theirs_from_ours) == expected
    assert _outputs(ours_from_theirs) == expected
    theirs_from_ours.save_pretrained(str(tmp_path / "theirs2"), filename_prefix="p")
    ours_from_theirs.save_pretrained(tmp_path / "ours2", filename_prefix="p")
    for path in (tmp_path / "theirs2").iterdir():
        assert (tmp_path / "ours2" / path.name).read_bytes() == path.read_bytes(), path.name


def test_pickled_and_copied_tokenizers_match_transformers(loaded: tuple[Any, Any]) -> None:
    import copy
    import pickle

    theirs, ours = loaded
    for made in (pickle.loads(pickle.dumps(ours)), copy.deepcopy(ours)):
        _same(theirs, made, lambda t: (t(SAMPLES[3], SAMPLES[0])["input_ids"], t.get_vocab(), len(t), t.tokenize(SAMPLES[4])))
        _same(theirs, made, lambda t: t(SAMPLES[7:9], return_special_tokens_mask=True))
        _same(theirs, made, lambda t: t.batch_decode(theirs(_texts()[:6])["input_ids"], skip_special_tokens=True))


@pytest.mark.parametrize("name", ["siglip-unigram", "speecht5-unigram"])
def test_class_methods_and_fast_names_load_the_class(tmp_path: Path, name: str) -> None:
    assert_class_names_load(_folder(tmp_path, name), CONFIGS[name][0], SAMPLES[0], SAMPLES[3])


@pytest.mark.parametrize("model_type, name", [("siglip", "siglip-unigram"), ("speecht5", "speecht5-unigram")])
def test_model_type_names_the_class(tmp_path: Path, model_type: str, name: str) -> None:
    """A folder whose config.json names only the model type loads as that type's class."""
    folder = _folder(tmp_path, name)
    (folder / "tokenizer_config.json").unlink()
    (folder / "config.json").write_text(json.dumps({"model_type": model_type}), encoding="utf-8")
    theirs, ours = _load(folder)
    assert type(ours).__name__ == type(theirs).__name__ == CONFIGS[name][0]
    _same(theirs, ours, lambda t: (t(SAMPLES[:3])["input_ids"], t.model_max_length))


@pytest.mark.parametrize("name, file_name", [("siglip-unigram", "spiece.model"), ("speecht5-unigram", "spm_char.model")])
def test_missing_file_is_named(tmp_path: Path, name: str, file_name: str) -> None:
    from subword.errors import TokenizerFileError

    folder = _folder(tmp_path, name)
    (folder / file_name).unlink()
    with pytest.raises(TokenizerFileError, match=file_name):
        AutoTokenizer.from_pretrained(folder)


# -- SigLIP's own ------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=_params("siglip"))
def siglip(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    return _load(_folder(tmp_path_factory.mktemp(request.param), request.param))


def test_siglip_canonicalization_matches_transformers(siglip: tuple[Any, Any]) -> None:
    theirs, ours = siglip
    for text in _texts():
        _same(theirs, ours, lambda t: (t.canonicalize_text(text), t.remove_punctuation(text)))
        _same(theirs, ours, lambda t: t.canonicalize_text(text + " a {} b{c}", keep_punctuation_exact_string="{}"))
    _same(theirs, ours, lambda t: t.unk_token_length)


def test_siglip_text_ending_with_eos_counts_as_transformers(siglip: tuple[Any, Any]) -> None:
    """A text ending with `</s>` gets no second one, but its special tokens mask and token type
    ids count one: a value more than its ids, padded as transformers pads them."""
    theirs, ours = siglip
    eos = str(theirs.eos_token)
    texts = [f"a photo {eos}", "a cat", eos, f"{eos} x", ""]
    for padding_side in ("right", "left"):
        _same(theirs, ours, lambda t: t(texts, padding=True, padding_side=padding_side, return_special_tokens_mask=True,
                                        return_token_type_ids=True))
        _same(theirs, ours, lambda t: t(texts, texts[::-1], padding="max_length", max_length=12, padding_side=padding_side,
                                        return_special_tokens_mask=True, return_token_type_ids=True))
    _same(theirs, ours, lambda t: t(texts[0], return_special_tokens_mask=True, return_token_type_ids=True, return_length=True))
    _same(theirs, ours, lambda t: t(texts, truncation=True, max_length=3, return_special_tokens_mask=True))
    pytest.importorskip("numpy", reason="numpy arrays")
    _same(theirs, ours, lambda t: {k: v.tolist() for k, v in t(texts[:1], return_tensors="np", return_special_tokens_mask=True).items()})
    with pytest.raises(ValueError, match="return_special_tokens_mask"):
        ours(texts[:2], padding=True, return_tensors="np", return_special_tokens_mask=True)  # transformers: an object array


def test_siglip_lower_casing_can_be_switched(siglip: tuple[Any, Any]) -> None:
    theirs, ours = siglip
    theirs, ours = _load(Path(theirs.name_or_path))  # fresh copies: this test changes them
    for t in (theirs, ours):
        t.do_lower_case = not t.do_lower_case
    _same(theirs, ours, lambda t: (t(SAMPLES[:3])["input_ids"], t.tokenize(SAMPLES[2]), t.do_lower_case))


# -- SpeechT5's normalize ----------------------------------------------------------------------


def test_speecht5_normalize_is_refused(tmp_path: Path) -> None:
    from subword.errors import TokenizerFileError

    refused = tmp_path / "refused"
    refused.mkdir()
    with pytest.raises(TokenizerFileError, match="normalize"):
        AutoTokenizer.from_pretrained(_folder(refused, "speecht5-unigram", normalize=True))
    ours = AutoTokenizer.from_pretrained(_folder(tmp_path, "speecht5-unigram"))
    for call in (lambda: ours("a 12 b", normalize=True), lambda: ours.tokenize("a 12", normalize=True),
                 lambda: ours.encode("12", normalize=True)):
        with pytest.raises(ValueError, match="normalize"):
            call()


def test_speecht5_normalize_false_in_a_call_matches_transformers(tmp_path: Path) -> None:
    theirs, ours = _load(_folder(tmp_path, "speecht5-unigram"))
    _same(theirs, ours, lambda t: (t("a 12 b", normalize=False), t.tokenize("x 3", normalize=False)))
