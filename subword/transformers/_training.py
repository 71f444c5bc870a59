"""`train_new_from_iterator`: the same pipeline, a vocabulary learnt again from new texts.

Follows transformers' `TokenizersBackend.train_new_from_iterator` step by step, on the
tokenizer.json document: the model's vocabulary is emptied (Unigram keeps its unknown token),
the special added tokens become the trainer's special tokens (Unigram keeps every added token),
a byte-level pre-tokenizer seeds the alphabet, the model's own trainer (subword's) learns the
vocabulary, and the post-processor's special token ids are looked up again in the new one.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Iterable

from .. import trainers
from ..core.added_vocabulary import AddedToken
from ..errors import ArgumentValueError
from ..pre_tokenizers import ByteLevel
from ..tokenizer.tokenizer import Tokenizer
from ._inputs import special_token
from ._special_tokens import SPECIAL_TOKENS_ATTRIBUTES

if TYPE_CHECKING:
    from .pretrained import PreTrainedTokenizer

_TRAINERS = {"BPE": "BpeTrainer", "Unigram": "UnigramTrainer", "WordLevel": "WordLevelTrainer", "WordPiece": "WordPieceTrainer"}


def train_new_from_iterator(
    tokenizer: PreTrainedTokenizer,
    text_iterator: Iterable[Any],
    vocab_size: int,
    length: int | None = None,
    new_special_tokens: list[str | AddedToken] | None = None,
    special_tokens_map: dict[str, str] | None = None,
    **kwargs: Any,
) -> PreTrainedTokenizer:
    """A new tokenizer like `tokenizer`, its model trained on `text_iterator` (texts or batches of texts)."""
    renamed = special_tokens_map or {}
    document = json.loads(tokenizer.backend_tokenizer.to_str())
    added_tokens = document.pop("added_tokens")
    post_processor = document.pop("post_processor")
    model = document["model"]
    kind = model["type"]
    unk_token = None
    if kind == "BPE":
        model["vocab"], model["merges"] = {}, []
    elif kind == "Unigram":
        if model.get("unk_id") is not None:
            unk_token = renamed.get(model["vocab"][model["unk_id"]][0], model["vocab"][model["unk_id"]][0])
            model["unk_id"] = 0
            model["vocab"] = [[unk_token, 0.0]]
    elif kind in ("WordLevel", "WordPiece"):
        model["vocab"] = {}
    else:
        raise ArgumentValueError(
            f"This method does not support this type of tokenizer (found {kind}) only BPE, Unigram, WordLevel and WordPiece."
        )
    if model.get("unk_token") in renamed:
        model["unk_token"] = renamed[model["unk_token"]]
    backend = Tokenizer.from_str(json.dumps(document))

    special_tokens: list[str | AddedToken] = []
    for entry in added_tokens:
        special = entry.pop("special", None)
        entry.pop("id", None)
        if kind != "Unigram" and not special:
            continue
        entry["content"] = renamed.get(entry["content"], entry["content"])
        special_tokens.append(AddedToken(**entry))
    special_tokens.extend(new_special_tokens or [])
    if kind == "BPE":
        for option in ("continuing_subword_prefix", "end_of_word_suffix"):
            if option not in kwargs and model.get(option) is not None:
                kwargs[option] = model[option]
    if kind == "Unigram" and unk_token is not None:
        kwargs["unk_token"] = unk_token
    if _has_byte_level(document.get("pre_tokenizer")):
        kwargs["initial_alphabet"] = ByteLevel.alphabet()
    trainer = getattr(trainers, _TRAINERS[kind])(vocab_size=vocab_size, special_tokens=special_tokens, **kwargs)
    backend.train_from_iterator(text_iterator, trainer=trainer, length=length)

    if post_processor is not None:
        _renumber(post_processor, backend, renamed)
        trained = json.loads(backend.to_str())
        trained["post_processor"] = post_processor
        backend = Tokenizer.from_str(json.dumps(trained))
    return _retrained(tokenizer, backend, renamed, new_special_tokens or [])


def _has_byte_level(pre_tokenizer: dict | None) -> bool:
    if pre_tokenizer is None:
        return False
    if pre_tokenizer["type"] == "ByteLevel":
        return True
    return pre_tokenizer["type"] == "Sequence" and any(p["type"] == "ByteLevel" for p in pre_tokenizer.get("pretokenizers", []))


def _renumber(post_processor: dict, backend: Tokenizer, renamed: dict[str, str]) -> None:
    """Point the post-processor's special tokens at their ids in the new vocabulary, in place."""

    def id_of(token: str) -> int:
        found = backend.token_to_id(token)
        if found is None:
            raise ArgumentValueError("Attempted to set a token in the post processor that does not exist in the mapping")
        return found

    for entry in (post_processor.get("special_tokens") or {}).values():
        entry["tokens"] = [renamed.get(token, token) for token in entry["tokens"]]
        entry["ids"] = [id_of(token) for token in entry["tokens"]]
    for name in ("cls", "sep"):
        if name in post_processor:
            token = renamed.get(post_processor[name][0], post_processor[name][0])
            post_processor[name] = [token, id_of(token)]
    for step in post_processor.get("processors") or []:  # a Sequence of processors
        _renumber(step, backend, renamed)


def _retrained(
    tokenizer: PreTrainedTokenizer, backend: Tokenizer, renamed: dict[str, str], new_special_tokens: list[Any]
) -> PreTrainedTokenizer:
    """A tokenizer like `tokenizer` around the retrained `backend`, its special tokens renamed
    and `new_special_tokens` added to the extra ones."""
    extras = tokenizer.extra_special_tokens + [getattr(token, "content", token) for token in new_special_tokens]
    specials = _renamed_special_tokens(tokenizer, renamed)
    backend.add_special_tokens([special_token(token) for token in dict.fromkeys([*specials.values(), *extras])])
    new = type(tokenizer)(
        backend,
        special_tokens=specials,
        extra_special_tokens=extras,
        model_max_length=tokenizer.model_max_length,
        padding_side=tokenizer.padding_side,
        truncation_side=tokenizer.truncation_side,
        model_input_names=tokenizer.model_input_names,
        clean_up_tokenization_spaces=tokenizer.clean_up_tokenization_spaces,
        tokenizer_class=tokenizer.tokenizer_class,
        init_options=tokenizer.init_options,
        name_or_path=tokenizer.name_or_path,
        chat_template=tokenizer.chat_template,
        split_special_tokens=tokenizer.split_special_tokens,
        init_kwargs=dict(tokenizer.init_kwargs),
    )
    new._add_bos_token, new._add_eos_token = tokenizer.add_bos_token, tokenizer.add_eos_token
    return new


def _renamed_special_tokens(tokenizer: PreTrainedTokenizer, renamed: dict[str, str]) -> dict[str, str | None]:
    """The named special tokens of `tokenizer`, renamed as `special_tokens_map` says."""
    tokens = {name: getattr(tokenizer, name) for name in SPECIAL_TOKENS_ATTRIBUTES}
    return {name: renamed.get(token, token) for name, token in tokens.items() if token is not None}
