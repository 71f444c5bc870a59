"""`.model` files sentencepiece refuses are refused by both subword loaders (issue 14, item 6).

Each bad model is a shared fixture with one thing changed in its protobuf bytes
(tests/model_proto_edit.py). sentencepiece (when installed) must refuse it with a RuntimeError;
`subword.sentencepiece.SentencePieceProcessor` and `Tokenizer.from_sentencepiece` must refuse it
with a ModelFileError, which is a RuntimeError too, naming the file and sentencepiece's reason.
Models sentencepiece accepts although they look odd (an enum value it does not know, a "\\0"
piece beside byte fallback, no unknown piece beside byte fallback) load and give its ids.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Callable

import pytest

from subword import Tokenizer
from subword.errors import ModelFileError
from subword.sentencepiece import SentencePieceProcessor
from tests.model_proto_edit import BYTES, VARINT, ModelBytes, varint
from tests.shared_data import fixture_path

# End to end (subprocesses, clusters, a browser): left out of the quick tier (-m 'not slow').
pytestmark = pytest.mark.slow

T5 = "t5/spiece.model"
LLAMA = "llama2/tokenizer.model"
BOTCHAN_BPE = "sentencepiece-test/botchan_en_bpe_1000.model"
SENTENCES = ["Hello world! The quick brown fox jumps over the lazy dog.", "Héllo wörld — 日本語のテキスト, Привет мир 🤗"]


def _first(model: ModelBytes, type_: int, after: int = 300) -> int:
    return next(i for i, piece in enumerate(model.pieces) if piece[2] == type_ and i > after)


def _unk(model: ModelBytes) -> int:
    return next(i for i, piece in enumerate(model.pieces) if piece[2] == 2)


Edit = Callable[[ModelBytes], None]
REFUSED: list[tuple[str, str, Edit, str]] = [
    (T5, "two unknown pieces", lambda m: m.pieces[_first(m, 1)].__setitem__(2, 2), "unk is already defined"),
    (T5, "a duplicate piece", lambda m: m.pieces[_first(m, 1)].__setitem__(0, m.pieces[_first(m, 1) + 1][0]), "is already defined"),
    (BOTCHAN_BPE, "a normal piece spelled as a control one", lambda m: m.pieces.append(["<s>", -1.0, 1]), "'<s>' is already defined"),
    (T5, "an empty piece", lambda m: m.pieces[_first(m, 1)].__setitem__(0, ""), "piece must not be empty"),
    (T5, "a byte piece without byte_fallback", lambda m: m.pieces.append(["<0x41>", 0.0, 6]), "is found although `byte_fallback` is false"),
    (T5, "byte_fallback without byte pieces", lambda m: m.set_spec_field(2, 35, VARINT, varint(1)), "there are not 256 byte pieces"),
    (LLAMA, "byte pieces without byte_fallback", lambda m: m.set_spec_field(2, 35, VARINT, varint(0)), "byte piece '<0x00>' is found"),
    (LLAMA, "<0xZZ>", lambda m: m.pieces.append(["<0xZZ>", 0.0, 6]), "byte piece '<0xZZ>' is invalid"),
    (T5, "a NaN score", lambda m: m.pieces[_first(m, 1)].__setitem__(1, float("nan")), "score is NaN or Inf"),
    (T5, "an infinite score", lambda m: m.pieces[_first(m, 1)].__setitem__(1, float("-inf")), "score is NaN or Inf"),
    (T5, "a NUL in a piece", lambda m: m.pieces[_first(m, 1)].__setitem__(0, "a\0b"), "piece must not include null character"),
    (T5, "a piece of 8000 bytes", lambda m: m.pieces.append(["a" * 8000, -20.0, 1]), "piece is too long"),
    (T5, "no unknown piece", lambda m: m.pieces.__setitem__(_unk(m), ["<unkx>", 0.0, 1]), "unk is not defined"),
    (T5, "no normal piece", lambda m: m.pieces.__setitem__(slice(None), [["<unk>", 0.0, 2]]), "no pieces are loaded"),
    (T5, "a garbage charsmap", lambda m: m.set_spec_field(3, 2, BYTES, b"\x04\0\0\0abcdxyz"), "Trie data size is not divisible by 1024"),
    (T5, "a charsmap trie larger than the blob", lambda m: m.set_spec_field(3, 2, BYTES, struct.pack("<I", 4096) + bytes(100)), "Trie data size exceeds"),
    (T5, "a charsmap trie of 1000 bytes", lambda m: m.set_spec_field(3, 2, BYTES, struct.pack("<I", 1000) + bytes(1001)), "Trie data size is not divisible by 1024"),
    (T5, "a charsmap cut short", lambda m: m.set_spec_field(3, 2, BYTES, b"\x04\0"), "Blob for normalization rule is broken"),
    (T5, "a charsmap without its NUL", lambda m: m.set_spec_field(3, 2, BYTES, struct.pack("<I", 1024) + bytes(1024) + b"x"), "normalized block must be null terminated"),
    (T5, "a charsmap trie pointing outside", lambda m: m.set_spec_field(3, 2, BYTES, struct.pack("<II", 1024, 0xFFFFFFFF) + bytes(1020) + b"\0"), "precompiled_charsmap is invalid"),
]
ACCEPTED: list[tuple[str, str, Edit]] = [
    (T5, "a piece type it does not know", lambda m: m.pieces[_first(m, 1)].__setitem__(2, 9)),
    (T5, "a model type it does not know (read as unigram)", lambda m: m.set_spec_field(2, 3, VARINT, varint(7))),
    (LLAMA, "a lone NUL piece beside byte fallback", lambda m: m.pieces.append(["\0", -5.0, 1])),
    (LLAMA, "no unknown piece beside byte fallback", lambda m: m.pieces.__setitem__(_unk(m), ["<unkx>", 0.0, 1])),
    (LLAMA, "a NaN score in a BPE model", lambda m: m.pieces[_first(m, 1)].__setitem__(1, float("nan"))),
]


def _write(tmp_path: Path, relative: str, edit: Edit) -> Path:
    model = ModelBytes.read(fixture_path(relative))
    edit(model)
    path = tmp_path / "edited.model"
    path.write_bytes(model.to_bytes())
    return path


def _sentencepiece():
    try:
        import sentencepiece
    except ImportError:
        return None
    return sentencepiece


@pytest.mark.parametrize("relative, what, edit, reason", REFUSED, ids=[case[1] for case in REFUSED])
def test_both_loaders_refuse_what_sentencepiece_refuses(tmp_path: Path, relative: str, what: str, edit: Edit, reason: str) -> None:
    path = _write(tmp_path, relative, edit)
    sentencepiece = _sentencepiece()
    if sentencepiece is not None:
        with pytest.raises(RuntimeError):
            sentencepiece.SentencePieceProcessor(model_file=str(path))
    for load in (lambda: SentencePieceProcessor(model_file=path), lambda: Tokenizer.from_sentencepiece(path)):
        with pytest.raises(ModelFileError, match=reason) as caught:
            load()
        assert isinstance(caught.value, RuntimeError) and str(caught.value).startswith(str(path))


@pytest.mark.parametrize("relative, what, edit", ACCEPTED, ids=[case[1] for case in ACCEPTED])
def test_both_loaders_accept_what_sentencepiece_accepts(tmp_path: Path, relative: str, what: str, edit: Edit) -> None:
    path = _write(tmp_path, relative, edit)
    ours = SentencePieceProcessor(model_file=path)
    Tokenizer.from_sentencepiece(path)
    sentencepiece = _sentencepiece()
    if sentencepiece is not None:
        theirs = sentencepiece.SentencePieceProcessor(model_file=str(path))
        assert ours.encode(SENTENCES) == theirs.encode(SENTENCES)
        assert [ours.unk_id(), ours.bos_id(), ours.eos_id()] == [theirs.unk_id(), theirs.bos_id(), theirs.eos_id()]


def test_a_lone_surrogate_is_refused_as_sentencepiece_does() -> None:
    sp = SentencePieceProcessor(model_file=fixture_path(T5))
    with pytest.raises(RuntimeError, match="lone surrogate"):  # sentencepiece: RuntimeError "Unable to cast"
        sp.encode("a\ud800b")
    with pytest.raises(TypeError):  # sentencepiece: TypeError for a list
        sp.encode(["a\ud800b"])
