"""BARTpho: transformers 5's BartphoTokenizer, a SentencePieceBackend class whose ids come from a
reduced monolingual dictionary (sentencepiece.bpe.model + dict.txt).

The ids are those of `fairseq_tokens_to_ids` (`bartpho_table`): the special tokens (bos, pad, eos,
unk, sep, cls, each text once) from 0, then the first word of each dict.txt line, then <mask>. A
piece outside the dictionary is the unknown token. `<s> A </s>`, pairs `<s> A </s></s> B </s>`,
token type ids all 0. At init transformers adds the special tokens as any SentencePieceBackend
(`_spm_own_ids`) and then moves each to its dictionary id. dict.txt is saved as it was read.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from ..core.added_vocabulary import AddedToken
from ..processors import TemplateProcessing
from ..sentencepiece.processor import SentencePieceProcessor
from ..tokenizer.tokenizer import Tokenizer
from ._special_tokens import SPECIAL_TOKENS_ATTRIBUTES
from ._spm_backend import SpmBackendFamily
from ._spm_own_ids import special_token_list, OwnIdTables, config_added_tokens, init_added_tokens, own_id_backend

BARTPHO_DICT = "dict.txt"
_TABLE_HEAD = ("bos_token", "pad_token", "eos_token", "unk_token", "sep_token", "cls_token")


def bartpho_table(dictionary: bytes, specials: dict[str, str]) -> dict[str, int]:
    """transformers' `fairseq_tokens_to_ids`: the special tokens, each dict.txt line's first word
    (a word seen before takes the table's size as its id again), then <mask>.

    >>> bartpho_table(b"a 5\\nb 3\\n", {"bos_token": "<s>", "pad_token": "<pad>", "eos_token": "</s>",
    ...               "unk_token": "<unk>", "sep_token": "</s>", "cls_token": "<s>", "mask_token": "<mask>"})
    {'<s>': 0, '<pad>': 1, '</s>': 2, '<unk>': 3, 'a': 4, 'b': 5, '<mask>': 6}
    """
    table: dict[str, int] = {}
    for name in _TABLE_HEAD:
        table.setdefault(str(specials.get(name)), len(table))
    # read as transformers reads the file: text mode, universal newlines
    for line in io.TextIOWrapper(io.BytesIO(dictionary), encoding="utf-8"):
        table[line.strip().split()[0]] = len(table)
    table.setdefault(str(specials.get("mask_token")), len(table))
    return table


def bartpho_added_tokens(processor: SentencePieceProcessor, config: dict, special_tokens: list[str], table: dict[str, int]) -> dict[int, AddedToken]:
    """The added tokens transformers' class ends its init with: each moved to its dictionary id."""
    decoder, _ = init_added_tokens(processor, config, special_tokens, set(table))
    return {table.get(token.content, id_): token for id_, token in decoder.items()}


def bartpho_backend(
    processor: SentencePieceProcessor, files: dict[str, bytes], config: dict, specials: dict[str, str], extras: list[str]
) -> Tokenizer:
    """BARTpho's backend: the pieces by dictionary id (else unk), the added tokens at their ids."""
    table = bartpho_table(files[BARTPHO_DICT], specials)
    all_special = special_token_list(specials, extras)
    added = bartpho_added_tokens(processor, config, all_special, table)
    encoder = {token.content: id_ for id_, token in added.items()}
    unk = specials.get("unk_token", "<unk>")
    unk_id = encoder.get(unk, table.get(unk, 0))
    # a token the text is cut at (transformers' trie) that lost its added id: looked up in the table
    cut = [token for token in [*all_special, *(t.content for t in config_added_tokens(config).values())] if token not in encoder]
    return own_id_backend(processor, {**table, **encoder}, unk, added, {token: table.get(token, unk_id) for token in cut})


def _bartpho_tokens(config: dict, name: str) -> dict[str, str]:
    defaults = {"bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>", "cls_token": "<s>", "unk_token": "<unk>",
                "pad_token": "<pad>", "mask_token": "<mask>"}
    return {key: config.get(key, default) for key, default in defaults.items()}


BARTPHO = SpmBackendFamily(
    "BartphoTokenizer", "sentencepiece.bpe.model", _bartpho_tokens, backend=bartpho_backend, files=(BARTPHO_DICT,), adds_tokens=True
)


class BartphoTables(OwnIdTables):
    """Mixin of BartphoTokenizer: ids from dict.txt, `<s> A </s>` templates."""

    if TYPE_CHECKING:
        cls_token: str
        sep_token: str
        cls_token_id: int
        sep_token_id: int
        unk_token_id: int

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        specials = {name: str(getattr(self, name)) for name in SPECIAL_TOKENS_ATTRIBUTES}
        self.fairseq_tokens_to_ids = bartpho_table(self._files[BARTPHO_DICT], specials)
        self.fairseq_ids_to_tokens = {id_: token for token, id_ in self.fairseq_tokens_to_ids.items()}
        self._tokenizer.post_processor = self._template()

    def _template(self) -> TemplateProcessing:
        cls, sep = str(self.cls_token), str(self.sep_token)
        return TemplateProcessing(
            single=[cls, "$A", sep], pair=[cls, "$A", sep, sep, "$B", sep],
            special_tokens=list({cls: self.cls_token_id, sep: self.sep_token_id}.items()),
        )

    def _input_backend(self) -> Tokenizer:
        self._tokenizer.post_processor = self._template()  # as transformers: the ids of the tokens now
        return self._tokenizer

    def _target_backend(self) -> Tokenizer:
        return self._input_backend()

    def _token_id(self, token: str) -> int | None:
        found = self._added_ids.get(token, self.fairseq_tokens_to_ids.get(token))
        return found if found is not None else self.unk_token_id

    def _id_token(self, id_: int) -> str:
        added = self.added_tokens_decoder.get(id_)
        return str(added) if added is not None else self.fairseq_ids_to_tokens[id_]

    @property  # type: ignore[override]
    def vocab_size(self) -> int:
        """The dictionary's distinct ids."""
        return len(self.fairseq_ids_to_tokens)

    def get_vocab(self) -> dict[str, int]:
        """The dictionary table, then the added tokens it lacks."""
        vocab = dict(self.fairseq_tokens_to_ids)
        vocab.update({token: id_ for token, id_ in self._added_ids.items() if token not in vocab})
        return vocab

    def __len__(self) -> int:
        return len(self.get_vocab())
