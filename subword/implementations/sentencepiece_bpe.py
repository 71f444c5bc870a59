"""`SentencePieceBPETokenizer`: BPE over SentencePiece-style words ("▁" marks a space)."""

from __future__ import annotations

from typing import Iterable, Optional, Sequence, Union

from .. import decoders, normalizers, pre_tokenizers
from ..models import BPE
from ..tokenizer.tokenizer import Tokenizer
from ..trainers import BpeTrainer
from ._common import mark_special_if_known
from .base import BaseTokenizer, BPEFilesMixin, Token

Vocab = Union[str, dict[str, int]]
Merges = Union[str, list[tuple[str, str]]]


class SentencePieceBPETokenizer(BPEFilesMixin, BaseTokenizer):
    """BPE with NFKC and the `Metaspace` pre-tokenizer: spaces become `replacement`, kept in tokens.

    >>> tokenizer = SentencePieceBPETokenizer()
    >>> tokenizer.train_from_iterator(["low lower lowest"] * 3, vocab_size=17, show_progress=False)
    >>> tokenizer.encode("lowest").tokens
    ['▁lowest']
    """

    def __init__(
        self,
        vocab: Optional[Vocab] = None,
        merges: Optional[Merges] = None,
        unk_token: Token = "<unk>",
        replacement: str = "▁",
        add_prefix_space: bool = True,
        dropout: Optional[float] = None,
        fuse_unk: Optional[bool] = False,
    ) -> None:
        options = dict(dropout=dropout, unk_token=str(unk_token), fuse_unk=fuse_unk)
        model = BPE(**options) if vocab is None and merges is None else BPE(vocab, merges, **options)
        tokenizer = Tokenizer(model)
        mark_special_if_known(tokenizer, [unk_token])
        tokenizer.normalizer = normalizers.NFKC()
        prepend_scheme = "always" if add_prefix_space else "never"
        tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement=replacement, prepend_scheme=prepend_scheme)
        tokenizer.decoder = decoders.Metaspace(replacement=replacement, prepend_scheme=prepend_scheme)
        parameters = {
            "model": "SentencePieceBPE",
            "unk_token": unk_token,
            "replacement": replacement,
            "add_prefix_space": add_prefix_space,
            "dropout": dropout,
        }
        super().__init__(tokenizer, parameters)

    def train(
        self,
        files: Union[str, list[str]],
        vocab_size: int = 30000,
        min_frequency: int = 2,
        special_tokens: Sequence[Token] = ("<unk>",),
        limit_alphabet: int = 1000,
        initial_alphabet: Sequence[str] = (),
        show_progress: bool = True,
    ) -> None:
        """Train on text files (a path or a list of paths)."""
        trainer = _trainer(vocab_size, min_frequency, special_tokens, limit_alphabet, initial_alphabet, show_progress)
        self._train(files, trainer)

    def train_from_iterator(
        self,
        iterator: Iterable,
        vocab_size: int = 30000,
        min_frequency: int = 2,
        special_tokens: Sequence[Token] = ("<unk>",),
        limit_alphabet: int = 1000,
        initial_alphabet: Sequence[str] = (),
        show_progress: bool = True,
        length: Optional[int] = None,
    ) -> None:
        """Train on an iterator of str (or of lists of str); `length` sizes the progress bar."""
        trainer = _trainer(vocab_size, min_frequency, special_tokens, limit_alphabet, initial_alphabet, show_progress)
        self._train_from_iterator(iterator, trainer, length)


def _trainer(
    vocab_size: int,
    min_frequency: int,
    special_tokens: Sequence[Token],
    limit_alphabet: int,
    initial_alphabet: Sequence[str],
    show_progress: bool,
) -> BpeTrainer:
    return BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=min_frequency,
        special_tokens=list(special_tokens),
        limit_alphabet=limit_alphabet,
        initial_alphabet=list(initial_alphabet),
        show_progress=show_progress,
    )
