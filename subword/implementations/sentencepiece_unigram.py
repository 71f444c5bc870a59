"""`SentencePieceUnigramTokenizer`: a Unigram model over SentencePiece-style words."""

from __future__ import annotations

import os
from typing import Iterable, Optional, Sequence, Union

from .. import decoders, normalizers, pre_tokenizers, trainers
from ..core.inputs import check_path
from ..errors import TokenizerFileError
from ..models import Unigram
from ..sentencepiece._proto import UNIGRAM, parse_model_proto
from ..text.oniguruma import Regex
from ..tokenizer.tokenizer import Tokenizer
from .base import BaseTokenizer, Token


class SentencePieceUnigramTokenizer(BaseTokenizer):
    """Unigram with Nmt + NFKC + collapsed spaces, and the `Metaspace` pre-tokenizer.

    `vocab` is a list of (piece, score); the id of a piece is its index. Training needs numpy.

    >>> tokenizer = SentencePieceUnigramTokenizer([("▁", -3.0), ("a", -2.0), ("b", -2.0), ("▁a", -1.0), ("▁ab", -1.5)])
    >>> tokenizer.encode("ab  a").tokens
    ['▁ab', '▁a']
    """

    def __init__(
        self,
        vocab: Optional[list[tuple[str, float]]] = None,
        replacement: str = "▁",
        add_prefix_space: bool = True,
    ) -> None:
        tokenizer = Tokenizer(Unigram() if vocab is None else Unigram(vocab))
        tokenizer.normalizer = normalizers.Sequence([normalizers.Nmt(), normalizers.NFKC(), _collapse_spaces()])
        _set_metaspace(tokenizer, replacement, add_prefix_space)
        parameters = {"model": "SentencePieceUnigram", "replacement": replacement, "add_prefix_space": add_prefix_space}
        super().__init__(tokenizer, parameters)

    def train(
        self,
        files: Union[str, list[str]],
        vocab_size: int = 8000,
        show_progress: bool = True,
        special_tokens: Optional[Sequence[Token]] = None,
        initial_alphabet: Optional[Sequence[str]] = None,
        unk_token: Optional[str] = None,
    ) -> None:
        """Train on text files (a path or a list of paths)."""
        self._train(files, _trainer(vocab_size, show_progress, special_tokens, initial_alphabet, unk_token))

    def train_from_iterator(
        self,
        iterator: Iterable,
        vocab_size: int = 8000,
        show_progress: bool = True,
        special_tokens: Optional[Sequence[Token]] = None,
        initial_alphabet: Optional[Sequence[str]] = None,
        unk_token: Optional[str] = None,
        length: Optional[int] = None,
    ) -> None:
        """Train on an iterator of str (or of lists of str); `length` sizes the progress bar."""
        trainer = _trainer(vocab_size, show_progress, special_tokens, initial_alphabet, unk_token)
        self._train_from_iterator(iterator, trainer, length)

    @classmethod
    def from_spm(cls, filename: Union[str, os.PathLike]) -> SentencePieceUnigramTokenizer:
        """Load a sentencepiece Unigram `.model` with its own normalization rules (no protobuf needed).

        As in the Rust package: the pieces' scores, the trainer's unk_id and byte_fallback, the
        precompiled charsmap then collapsed spaces, and Metaspace; no special tokens are added.
        """
        filename = check_path(filename, "filename")
        with open(filename, "rb") as handle:
            proto = parse_model_proto(handle.read(), filename)
        trainer_spec = proto.trainer_spec
        if trainer_spec.model_type != UNIGRAM:
            raise TokenizerFileError(
                f"{os.fspath(filename)}: not a Unigram model (trainer_spec.model_type {trainer_spec.model_type}); "
                "load other sentencepiece models with subword.Tokenizer.from_sentencepiece"
            )
        vocab = [(piece.piece, piece.score) for piece in proto.pieces]
        tokenizer = Tokenizer(Unigram(vocab, trainer_spec.unk_id, trainer_spec.byte_fallback))
        charsmap = proto.normalizer_spec.precompiled_charsmap
        steps = [normalizers.Precompiled(charsmap)] if charsmap else []
        tokenizer.normalizer = normalizers.Sequence(steps + [_collapse_spaces()])
        _set_metaspace(tokenizer, "▁", True)
        return cls._wrap(tokenizer, {"model": "SentencePieceUnigram"})

    @classmethod
    def _wrap(cls, tokenizer: Tokenizer, parameters: dict) -> SentencePieceUnigramTokenizer:
        """An instance around an already built `tokenizer`, skipping `__init__`."""
        instance = cls.__new__(cls)
        BaseTokenizer.__init__(instance, tokenizer, parameters)
        return instance


def _collapse_spaces() -> normalizers.Replace:
    return normalizers.Replace(Regex(" {2,}"), " ")


def _set_metaspace(tokenizer: Tokenizer, replacement: str, add_prefix_space: bool) -> None:
    prepend_scheme = "always" if add_prefix_space else "never"
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement=replacement, prepend_scheme=prepend_scheme)
    tokenizer.decoder = decoders.Metaspace(replacement=replacement, prepend_scheme=prepend_scheme)


def _trainer(
    vocab_size: int,
    show_progress: bool,
    special_tokens: Optional[Sequence[Token]],
    initial_alphabet: Optional[Sequence[str]],
    unk_token: Optional[str],
):
    # `trainers` loads the Unigram trainer (and numpy) on first use, so `import subword` stays light.
    return trainers.UnigramTrainer(
        vocab_size=vocab_size,
        special_tokens=list(special_tokens or []),
        show_progress=show_progress,
        initial_alphabet=list(initial_alphabet or []),
        unk_token=unk_token,
    )
