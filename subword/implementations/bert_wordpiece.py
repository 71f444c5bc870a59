"""`BertWordPieceTokenizer`: BERT's WordPiece pipeline, ready to load or train."""

from __future__ import annotations

from typing import Iterable, Optional, Sequence, Union

from .. import decoders, normalizers, pre_tokenizers, processors
from ..errors import ArgumentValueError
from ..models import WordPiece
from ..tokenizer.tokenizer import Tokenizer
from ..trainers import WordPieceTrainer
from ._common import mark_special_if_known
from .base import BaseTokenizer, Token

BERT_SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")


class BertWordPieceTokenizer(BaseTokenizer):
    """BERT's tokenizer: `BertNormalizer`, `BertPreTokenizer`, WordPiece and [CLS] .. [SEP].

    The [CLS]/[SEP] post-processor is set only when a vocabulary is given (it needs their ids);
    a tokenizer trained from scratch has none, as in the Rust package.

    >>> vocab = {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2, "un": 3, "##aff": 4, "##able": 5}
    >>> BertWordPieceTokenizer(vocab).encode("Unaffable").tokens
    ['[CLS]', 'un', '##aff', '##able', '[SEP]']
    """

    def __init__(
        self,
        vocab: Optional[Union[str, dict[str, int]]] = None,
        unk_token: Token = "[UNK]",
        sep_token: Token = "[SEP]",
        cls_token: Token = "[CLS]",
        pad_token: Token = "[PAD]",
        mask_token: Token = "[MASK]",
        clean_text: bool = True,
        handle_chinese_chars: bool = True,
        strip_accents: Optional[bool] = None,
        lowercase: bool = True,
        wordpieces_prefix: str = "##",
    ) -> None:
        model = WordPiece(unk_token=str(unk_token)) if vocab is None else WordPiece(vocab, unk_token=str(unk_token))
        tokenizer = Tokenizer(model)
        mark_special_if_known(tokenizer, [unk_token, sep_token, cls_token, pad_token, mask_token])
        tokenizer.normalizer = normalizers.BertNormalizer(
            clean_text=clean_text, handle_chinese_chars=handle_chinese_chars, strip_accents=strip_accents, lowercase=lowercase
        )
        tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        if vocab is not None:
            sep = (str(sep_token), _known_id(tokenizer, sep_token, "sep_token"))
            cls = (str(cls_token), _known_id(tokenizer, cls_token, "cls_token"))
            tokenizer.post_processor = processors.BertProcessing(sep, cls)
        tokenizer.decoder = decoders.WordPiece(prefix=wordpieces_prefix)
        parameters = {
            "model": "BertWordPiece",
            "unk_token": unk_token,
            "sep_token": sep_token,
            "cls_token": cls_token,
            "pad_token": pad_token,
            "mask_token": mask_token,
            "clean_text": clean_text,
            "handle_chinese_chars": handle_chinese_chars,
            "strip_accents": strip_accents,
            "lowercase": lowercase,
            "wordpieces_prefix": wordpieces_prefix,
        }
        super().__init__(tokenizer, parameters)

    @classmethod
    def from_file(cls, vocab: str, **kwargs) -> BertWordPieceTokenizer:
        """Load a vocab.txt (one token a line); `kwargs` are the constructor's other options."""
        return cls(WordPiece.read_file(vocab), **kwargs)

    def train(
        self,
        files: Union[str, list[str]],
        vocab_size: int = 30000,
        min_frequency: int = 2,
        limit_alphabet: int = 1000,
        initial_alphabet: Sequence[str] = (),
        special_tokens: Sequence[Token] = BERT_SPECIAL_TOKENS,
        show_progress: bool = True,
        wordpieces_prefix: str = "##",
    ) -> None:
        """Train on text files (a path or a list of paths)."""
        trainer = _trainer(
            vocab_size, min_frequency, limit_alphabet, initial_alphabet, special_tokens, show_progress, wordpieces_prefix
        )
        self._train(files, trainer)

    def train_from_iterator(
        self,
        iterator: Iterable,
        vocab_size: int = 30000,
        min_frequency: int = 2,
        limit_alphabet: int = 1000,
        initial_alphabet: Sequence[str] = (),
        special_tokens: Sequence[Token] = BERT_SPECIAL_TOKENS,
        show_progress: bool = True,
        wordpieces_prefix: str = "##",
        length: Optional[int] = None,
    ) -> None:
        """Train on an iterator of str (or of lists of str); `length` sizes the progress bar."""
        trainer = _trainer(
            vocab_size, min_frequency, limit_alphabet, initial_alphabet, special_tokens, show_progress, wordpieces_prefix
        )
        self._train_from_iterator(iterator, trainer, length)


def _known_id(tokenizer: Tokenizer, token: Token, name: str) -> int:
    id_ = tokenizer.token_to_id(str(token))
    if id_ is None:
        raise ArgumentValueError(f"{name} {str(token)!r} is not in the vocabulary; add it or pass the vocabulary's own")
    return id_


def _trainer(
    vocab_size: int,
    min_frequency: int,
    limit_alphabet: int,
    initial_alphabet: Sequence[str],
    special_tokens: Sequence[Token],
    show_progress: bool,
    wordpieces_prefix: str,
) -> WordPieceTrainer:
    return WordPieceTrainer(
        vocab_size=vocab_size,
        min_frequency=min_frequency,
        limit_alphabet=limit_alphabet,
        initial_alphabet=list(initial_alphabet),
        special_tokens=list(special_tokens),
        show_progress=show_progress,
        continuing_subword_prefix=wordpieces_prefix,
    )
