"""`ByteLevelBPETokenizer`: GPT-2's byte-level BPE, ready to load or train."""

from __future__ import annotations

from typing import Iterable, Optional, Sequence, Union

from .. import decoders, normalizers, pre_tokenizers, processors
from ..models import BPE
from ..tokenizer.tokenizer import Tokenizer
from ..trainers import BpeTrainer
from ._common import chain, unicode_normalizers
from .base import BaseTokenizer, BPEFilesMixin, Token

Vocab = Union[str, dict[str, int]]
Merges = Union[str, list[tuple[str, str]]]


class ByteLevelBPETokenizer(BPEFilesMixin, BaseTokenizer):
    """Byte-level BPE as in GPT-2: every byte has a token, so nothing is ever unknown.

    Without `vocab` and `merges` the model is empty (train it); the model options then apply
    only to what training keeps (none of them, as in the Rust package).

    >>> tokenizer = ByteLevelBPETokenizer()
    >>> tokenizer.train_from_iterator(["low lower lowest"] * 3, vocab_size=262, show_progress=False)
    >>> tokenizer.encode("lowest").tokens
    ['low', 'e', 'st']
    """

    def __init__(
        self,
        vocab: Optional[Vocab] = None,
        merges: Optional[Merges] = None,
        add_prefix_space: bool = False,
        lowercase: bool = False,
        dropout: Optional[float] = None,
        unicode_normalizer: Optional[str] = None,
        continuing_subword_prefix: Optional[str] = None,
        end_of_word_suffix: Optional[str] = None,
        trim_offsets: bool = False,
    ) -> None:
        if vocab is None and merges is None:
            model = BPE()
        else:
            model = BPE(
                vocab,
                merges,
                dropout=dropout,
                continuing_subword_prefix=continuing_subword_prefix or "",
                end_of_word_suffix=end_of_word_suffix or "",
            )
        tokenizer = Tokenizer(model)
        lower = [normalizers.Lowercase()] if lowercase else []
        tokenizer.normalizer = chain(unicode_normalizers(unicode_normalizer) + lower)
        tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=add_prefix_space)
        tokenizer.decoder = decoders.ByteLevel()
        tokenizer.post_processor = processors.ByteLevel(trim_offsets=trim_offsets)
        parameters = {
            "model": "ByteLevelBPE",
            "add_prefix_space": add_prefix_space,
            "lowercase": lowercase,
            "dropout": dropout,
            "unicode_normalizer": unicode_normalizer,
            "continuing_subword_prefix": continuing_subword_prefix,
            "end_of_word_suffix": end_of_word_suffix,
            "trim_offsets": trim_offsets,
        }
        super().__init__(tokenizer, parameters)

    def train(
        self,
        files: Union[str, list[str]],
        vocab_size: int = 30000,
        min_frequency: int = 2,
        show_progress: bool = True,
        special_tokens: Sequence[Token] = (),
    ) -> None:
        """Train on text files (a path or a list of paths)."""
        self._train(files, _trainer(vocab_size, min_frequency, show_progress, special_tokens))

    def train_from_iterator(
        self,
        iterator: Iterable,
        vocab_size: int = 30000,
        min_frequency: int = 2,
        show_progress: bool = True,
        special_tokens: Sequence[Token] = (),
        length: Optional[int] = None,
    ) -> None:
        """Train on an iterator of str (or of lists of str); `length` sizes the progress bar."""
        self._train_from_iterator(iterator, _trainer(vocab_size, min_frequency, show_progress, special_tokens), length)


def _trainer(vocab_size: int, min_frequency: int, show_progress: bool, special_tokens: Sequence[Token]) -> BpeTrainer:
    """A BPE trainer that starts from all 256 byte-level characters."""
    return BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=min_frequency,
        show_progress=show_progress,
        special_tokens=list(special_tokens),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
