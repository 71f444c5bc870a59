"""`CharBPETokenizer`: character-level BPE with an end-of-word suffix, as in OpenAI GPT."""

from __future__ import annotations

from typing import Iterable, Optional, Sequence, Union

from .. import decoders, normalizers, pre_tokenizers
from ..models import BPE
from ..tokenizer.tokenizer import Tokenizer
from ..trainers import BpeTrainer
from ._common import chain, mark_special_if_known, unicode_normalizers
from .base import BaseTokenizer, BPEFilesMixin, Token

Vocab = Union[str, dict[str, int]]
Merges = Union[str, list[tuple[str, str]]]


class CharBPETokenizer(BPEFilesMixin, BaseTokenizer):
    """The BPE of Sennrich et al. with OpenAI GPT's defaults.

    Unlike subword-nmt, by default the text is cleaned with `BertNormalizer` (no lowercasing;
    turn off with `bert_normalizer=False`) and split on punctuation as well as whitespace (turn
    off with `split_on_whitespace_only=True`).

    >>> tokenizer = CharBPETokenizer()
    >>> tokenizer.train_from_iterator(["low lower lowest"] * 3, vocab_size=16, show_progress=False)
    >>> tokenizer.encode("lowest").tokens
    ['lowe', 'st</w>']
    """

    def __init__(
        self,
        vocab: Optional[Vocab] = None,
        merges: Optional[Merges] = None,
        unk_token: Token = "<unk>",
        suffix: str = "</w>",
        dropout: Optional[float] = None,
        lowercase: bool = False,
        unicode_normalizer: Optional[str] = None,
        bert_normalizer: bool = True,
        split_on_whitespace_only: bool = False,
    ) -> None:
        options = dict(dropout=dropout, unk_token=str(unk_token), end_of_word_suffix=suffix)
        model = BPE(**options) if vocab is None and merges is None else BPE(vocab, merges, **options)
        tokenizer = Tokenizer(model)
        mark_special_if_known(tokenizer, [unk_token])
        parts = unicode_normalizers(unicode_normalizer)
        if bert_normalizer:
            parts.append(normalizers.BertNormalizer(lowercase=False))
        if lowercase:
            parts.append(normalizers.Lowercase())
        tokenizer.normalizer = chain(parts)
        if split_on_whitespace_only:
            tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
        else:
            tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        tokenizer.decoder = decoders.BPEDecoder(suffix=suffix)
        parameters = {
            "model": "BPE",
            "unk_token": unk_token,
            "suffix": suffix,
            "dropout": dropout,
            "lowercase": lowercase,
            "unicode_normalizer": unicode_normalizer,
            "bert_normalizer": bert_normalizer,
            "split_on_whitespace_only": split_on_whitespace_only,
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
        suffix: Optional[str] = "</w>",
        show_progress: bool = True,
    ) -> None:
        """Train on text files (a path or a list of paths)."""
        trainer = _trainer(vocab_size, min_frequency, special_tokens, limit_alphabet, initial_alphabet, suffix, show_progress)
        self._train(files, trainer)

    def train_from_iterator(
        self,
        iterator: Iterable,
        vocab_size: int = 30000,
        min_frequency: int = 2,
        special_tokens: Sequence[Token] = ("<unk>",),
        limit_alphabet: int = 1000,
        initial_alphabet: Sequence[str] = (),
        suffix: Optional[str] = "</w>",
        show_progress: bool = True,
        length: Optional[int] = None,
    ) -> None:
        """Train on an iterator of str (or of lists of str); `length` sizes the progress bar."""
        trainer = _trainer(vocab_size, min_frequency, special_tokens, limit_alphabet, initial_alphabet, suffix, show_progress)
        self._train_from_iterator(iterator, trainer, length)


def _trainer(
    vocab_size: int,
    min_frequency: int,
    special_tokens: Sequence[Token],
    limit_alphabet: int,
    initial_alphabet: Sequence[str],
    suffix: Optional[str],
    show_progress: bool,
) -> BpeTrainer:
    return BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=min_frequency,
        special_tokens=list(special_tokens),
        limit_alphabet=limit_alphabet,
        initial_alphabet=list(initial_alphabet),
        end_of_word_suffix=suffix,
        show_progress=show_progress,
    )
