"""Paths and flags of the wrong type are TypeErrors, as in the Rust package (core/inputs.py).

An int path used to be opened as a file descriptor (`Tokenizer.from_file(0)` read stdin and
closed it), and a flag such as `add_special_tokens=None` or `skip_special_tokens="no"` was read
as false or true. The Rust package takes only a str path and only a bool flag (numpy's bool
too); every case below is first checked to be refused by it with a TypeError.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import subword
from subword.errors import ArgumentTypeError
from tests.shared_data import fixture_path

BAD_PATHS = [0, 3, 1.5, b"tokenizer.json", None]
BAD_FLAGS = ["no", "yes", None, 0, 1, 1.0, []]


def _tokenizer(module):
    tokenizer = module.Tokenizer(module.models.WordLevel({"a": 0, "[UNK]": 1}, unk_token="[UNK]"))
    tokenizer.add_special_tokens(["[S]"])
    return tokenizer


# Each loader called with one bad path: (module) -> None. The Rust package has the same name.
PATH_LOADERS = {
    "Tokenizer.from_file": lambda m, p: m.Tokenizer.from_file(p),
    "Tokenizer.save": lambda m, p: _tokenizer(m).save(p),
    "BPE.from_file": lambda m, p: m.models.BPE.from_file(p, p),
    "BPE.read_file": lambda m, p: m.models.BPE.read_file(p, p),
    "WordPiece.from_file": lambda m, p: m.models.WordPiece.from_file(p),
    "WordPiece.read_file": lambda m, p: m.models.WordPiece.read_file(p),
    "WordLevel.from_file": lambda m, p: m.models.WordLevel.from_file(p),
    "WordLevel.read_file": lambda m, p: m.models.WordLevel.read_file(p),
    "Model.save": lambda m, p: m.models.WordLevel({"a": 0}, unk_token="a").save(p),
    "BertWordPieceTokenizer.from_file": lambda m, p: m.implementations.BertWordPieceTokenizer.from_file(p),
    "ByteLevelBPETokenizer.from_file": lambda m, p: m.implementations.ByteLevelBPETokenizer.from_file(p, p),
    "Tokenizer.train": lambda m, p: _tokenizer(m).train([p]),
}
# subword's own loaders (no Rust twin): the same rule.
OWN_PATH_LOADERS = {
    "Tokenizer.from_tiktoken": lambda p: subword.Tokenizer.from_tiktoken(p, pattern=r"\w+"),
    "Tokenizer.from_sentencepiece": lambda p: subword.Tokenizer.from_sentencepiece(p),
    "Tokenizer.from_pretrained": lambda p: subword.Tokenizer.from_pretrained(p),
    "Unigram.load": lambda p: subword.models.Unigram.load(p),
    "SentencePieceUnigramTokenizer.from_spm": lambda p: subword.implementations.SentencePieceUnigramTokenizer.from_spm(p),
}


@pytest.mark.parametrize("loader", list(PATH_LOADERS))
@pytest.mark.parametrize("path", BAD_PATHS, ids=repr)
def test_a_path_that_is_not_a_str_is_a_type_error_like_rust(loader: str, path) -> None:
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    with pytest.raises(TypeError):
        PATH_LOADERS[loader](tokenizers, path)
    with pytest.raises(ArgumentTypeError, match="must be a str or os.PathLike"):
        PATH_LOADERS[loader](subword, path)


@pytest.mark.parametrize("loader", list(OWN_PATH_LOADERS))
@pytest.mark.parametrize("path", BAD_PATHS, ids=repr)
def test_subwords_own_loaders_refuse_such_paths_too(loader: str, path) -> None:
    with pytest.raises(ArgumentTypeError, match="must be a str or os.PathLike"):
        OWN_PATH_LOADERS[loader](path)


def test_from_file_0_leaves_stdin_alone() -> None:
    before = os.fstat(0) if _is_open(0) else None
    with pytest.raises(ArgumentTypeError, match="a file descriptor is not a path"):
        subword.Tokenizer.from_file(0)
    assert (os.fstat(0) if _is_open(0) else None) == before


def _is_open(descriptor: int) -> bool:
    try:
        os.fstat(descriptor)
    except OSError:
        return False
    return True


def test_sentencepiece_processor_paths_as_sentencepiece_takes_them() -> None:
    sentencepiece = pytest.importorskip("sentencepiece", reason="compares with the sentencepiece package")
    from subword.sentencepiece import SentencePieceProcessor

    model = fixture_path("sentencepiece-test/test_model.model")
    # 0 is falsy: no model, in both; any other int, a TypeError in both.
    assert SentencePieceProcessor(model_file=0) is not None
    assert sentencepiece.SentencePieceProcessor(model_file=0) is not None
    for call in (lambda m: m(model_file=3), lambda m: m().LoadFromFile(3), lambda m: m().Load(model_file=1.5)):
        with pytest.raises(TypeError):
            call(sentencepiece.SentencePieceProcessor)
        with pytest.raises(ArgumentTypeError):
            call(SentencePieceProcessor)
    # bytes paths are paths to sentencepiece
    assert SentencePieceProcessor(model_file=os.fsencode(model)).piece_size() == 1000


def _input(is_pretokenized) -> str | list[str]:
    """A sequence for `is_pretokenized` (a str when the flag is not a true bool)."""
    return ["a"] if isinstance(is_pretokenized, (bool, np.bool_)) and is_pretokenized else "a"


# Each flag-taking call with one bad value: (module, tokenizer, value) -> None.
FLAG_CALLS = {
    "encode add_special_tokens": lambda m, t, v: t.encode("a", add_special_tokens=v),
    "encode is_pretokenized": lambda m, t, v: t.encode(_input(v), is_pretokenized=v),
    "encode_batch add_special_tokens": lambda m, t, v: t.encode_batch(["a"], add_special_tokens=v),
    "encode_batch is_pretokenized": lambda m, t, v: t.encode_batch([_input(v)], is_pretokenized=v),
    "encode_batch_fast add_special_tokens": lambda m, t, v: t.encode_batch_fast(["a"], add_special_tokens=v),
    "decode skip_special_tokens": lambda m, t, v: t.decode([0, 2], skip_special_tokens=v),
    "decode_batch skip_special_tokens": lambda m, t, v: t.decode_batch([[0, 2]], skip_special_tokens=v),
    "encode_special_tokens setter": lambda m, t, v: setattr(t, "encode_special_tokens", v),
    "post_process add_special_tokens": lambda m, t, v: t.post_process(t.encode("a"), add_special_tokens=v),
    "to_str pretty": lambda m, t, v: t.to_str(pretty=v),
    "get_vocab with_added_tokens": lambda m, t, v: t.get_vocab(with_added_tokens=v),
    "get_vocab_size with_added_tokens": lambda m, t, v: t.get_vocab_size(with_added_tokens=v),
    "num_special_tokens_to_add is_pair": lambda m, t, v: t.num_special_tokens_to_add(v),
    "Encoding.merge growing_offsets": lambda m, t, v: m.Encoding.merge([t.encode("a")], growing_offsets=v),
    "AddedToken special": lambda m, t, v: m.AddedToken("x", special=v),
    "DecodeStream skip_special_tokens": lambda m, t, v: m.decoders.DecodeStream(skip_special_tokens=v),
}


@pytest.mark.parametrize("call", list(FLAG_CALLS))
@pytest.mark.parametrize("value", BAD_FLAGS, ids=repr)
def test_a_flag_that_is_not_a_bool_is_a_type_error_like_rust(call: str, value) -> None:
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    if call.startswith("DecodeStream") and value is None:
        pytest.skip("None is DecodeStream's default, in both packages")
    with pytest.raises(TypeError):
        FLAG_CALLS[call](tokenizers, _tokenizer(tokenizers), value)
    with pytest.raises(ArgumentTypeError, match="must be a bool"):
        FLAG_CALLS[call](subword, _tokenizer(subword), value)


@pytest.mark.parametrize("call", list(FLAG_CALLS))
def test_numpy_bools_are_bools_as_in_rust(call: str) -> None:
    tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")
    for module in (tokenizers, subword):
        for value in (np.bool_(True), np.bool_(False)):
            FLAG_CALLS[call](module, _tokenizer(module), value)


def test_skip_special_tokens_is_obeyed_not_guessed() -> None:
    tokenizer = _tokenizer(subword)
    assert tokenizer.decode([0, 2], skip_special_tokens=False) == "a [S]"
    assert tokenizer.decode([0, 2], skip_special_tokens=np.bool_(True)) == "a"
    with pytest.raises(ArgumentTypeError, match="skip_special_tokens must be a bool, got str 'no'"):
        tokenizer.decode([0, 2], skip_special_tokens="no")  # used to skip them: "no" is truthy
