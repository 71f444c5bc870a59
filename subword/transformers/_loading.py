"""Loading a `PreTrainedTokenizer` from a local folder (or file) in any of transformers' layouts.

Looked for, in this order: tokenizer.json; a SentencePiece `.model`; vocab.txt (WordPiece, as
BERT); vocab.json + merges.txt (byte-level BPE, as GPT-2 or, by tokenizer_config, RoBERTa); a
`.tiktoken` ranks file. tokenizer_config.json (and special_tokens_map.json, when the config has
no `added_tokens_decoder`) supply the class, special tokens and options; keyword arguments
override them. subword never downloads: a hub name that is not a local path is an error.
"""

from __future__ import annotations

import glob
import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Union

from ..core.added_vocabulary import AddedToken
from ..errors import ArgumentValueError, TokenizerFileError
from ..models import BPE, WordPiece
from ..tokenizer.tokenizer import Tokenizer
from ._builders import PLAIN_NAMES, Recipe, bos_eos_template, find_recipe, RECIPES
from ._params import VERY_LARGE_INTEGER
from ._special_tokens import SPECIAL_TOKENS_ATTRIBUTES
from ._inputs import special_token

if TYPE_CHECKING:
    from .pretrained import PreTrainedTokenizer

# transformers' TikTokenConverter pattern, used for .tiktoken files unless a "pattern" is given
DEFAULT_TIKTOKEN_PATTERN = (
    r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
)
_SENTENCEPIECE_NAMES = ("tokenizer.model", "spiece.model", "sentencepiece.bpe.model")


@dataclass(frozen=True)
class _Files:
    """The tokenizer files found at a path (None: absent)."""

    folder: str | None
    tokenizer_json: str | None = None
    sentencepiece: str | None = None
    vocab_txt: str | None = None
    vocab_json: str | None = None
    merges_txt: str | None = None
    tiktoken: str | None = None


def load_pretrained(
    cls: type[PreTrainedTokenizer],
    path: Union[str, os.PathLike],
    cache_dir: Union[str, os.PathLike, None] = None,
    revision: str | None = None,
    **kwargs: Any,
) -> PreTrainedTokenizer:
    """A `cls` (PreTrainedTokenizer) loaded from a local folder or file: see `AutoTokenizer.from_pretrained`."""
    files = _find_files(os.fspath(path))
    config = _read_config(files.folder)
    config.update(kwargs)
    recipe = find_recipe(config.get("tokenizer_class"))
    source, recipe = _load_source(files, config, recipe)
    return _assemble(cls, source, recipe, config, from_json=files.tokenizer_json is not None, name=os.fspath(path))


def default_tokenizer_path() -> str:
    """The path of the small WordPiece tokenizer.json packaged with subword."""
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "default_tokenizer.json")


def _find_files(path: str) -> _Files:
    if os.path.isfile(path):
        name = os.path.basename(path)
        if name.endswith(".model"):
            return _Files(None, sentencepiece=path)
        if name.endswith(".tiktoken"):
            return _Files(None, tiktoken=path)
        if name.endswith(".txt"):
            return _Files(None, vocab_txt=path)
        return _Files(None, tokenizer_json=path)
    if not os.path.isdir(path):
        raise ArgumentValueError(
            f"{path!r} is not a local folder or file; subword loads local files only and never downloads "
            "(download the tokenizer files first, e.g. with `huggingface-cli download`, and pass their folder)"
        )

    def present(name: str) -> str | None:
        full = os.path.join(path, name)
        return full if os.path.isfile(full) else None

    models = [present(name) for name in _SENTENCEPIECE_NAMES if present(name)] or sorted(glob.glob(os.path.join(path, "*.model")))
    tiktokens = sorted(glob.glob(os.path.join(path, "*.tiktoken")))
    files = _Files(
        path,
        tokenizer_json=present("tokenizer.json"),
        sentencepiece=models[0] if models else None,
        vocab_txt=present("vocab.txt"),
        vocab_json=present("vocab.json"),
        merges_txt=present("merges.txt"),
        tiktoken=tiktokens[0] if tiktokens else None,
    )
    if not any((files.tokenizer_json, files.sentencepiece, files.vocab_txt, files.vocab_json and files.merges_txt, files.tiktoken)):
        raise ArgumentValueError(
            f"{path}: no tokenizer files found; expected tokenizer.json, a SentencePiece .model, vocab.txt, "
            "vocab.json with merges.txt, or a .tiktoken file"
        )
    return files


def _read_config(folder: str | None) -> dict[str, Any]:
    """tokenizer_config.json, completed by special_tokens_map.json as transformers does."""
    if folder is None:
        return {}
    config = _read_json(os.path.join(folder, "tokenizer_config.json"))
    if "added_tokens_decoder" not in config:
        for key, value in _read_json(os.path.join(folder, "special_tokens_map.json")).items():
            if config.get(key) is None:
                config[key] = value
    return config


def _read_json(path: str) -> dict[str, Any]:
    if not os.path.isfile(path):
        return {}
    try:
        with open(path, encoding="utf-8") as file:
            document = json.load(file)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise TokenizerFileError(f"{path}: not valid JSON ({error})") from None
    if not isinstance(document, dict):
        raise TokenizerFileError(f"{path}: expected a JSON object at the top level")
    return document


def _load_source(files: _Files, config: dict, recipe: Recipe | None) -> tuple[Tokenizer, Recipe | None]:
    """A Tokenizer holding the vocabulary, and the recipe to rebuild it with (None: keep it)."""
    if files.tokenizer_json:
        return Tokenizer.from_file(files.tokenizer_json), recipe
    if files.sentencepiece:
        return _sentencepiece(files.sentencepiece), recipe
    if files.vocab_txt:
        return Tokenizer(WordPiece.from_file(files.vocab_txt)), recipe or RECIPES["BertTokenizer"]
    if files.vocab_json and files.merges_txt:
        return Tokenizer(BPE.from_file(files.vocab_json, files.merges_txt)), recipe or RECIPES["GPT2Tokenizer"]
    assert files.tiktoken is not None  # _find_files guarantees one source
    pattern = config.get("pattern", DEFAULT_TIKTOKEN_PATTERN)
    return Tokenizer.from_tiktoken(files.tiktoken, pattern), None


def _sentencepiece(path: str) -> Tokenizer:
    return Tokenizer.from_sentencepiece(path)


def _token_text(value: Any) -> str | None:
    """A special token entry of a config: a str, an AddedToken dict, or None."""
    if isinstance(value, dict):
        return value.get("content")
    return value if value is None or isinstance(value, str) else str(value)


def _assemble(
    cls: type[PreTrainedTokenizer], source: Tokenizer, recipe: Recipe | None, config: dict, from_json: bool, name: str) -> PreTrainedTokenizer:
    options = {key: config.get(key, default) for key, default in (recipe.options if recipe else {}).items()}
    for key in ("add_bos_token", "add_eos_token"):
        if key in config:
            options[key] = config[key]
    specials = dict(recipe.special_tokens) if recipe else {}
    specials.update({key: _token_text(config[key]) for key in SPECIAL_TOKENS_ATTRIBUTES if key in config})
    if "pad_token" not in specials and source.padding is not None:
        specials["pad_token"] = source.padding["pad_token"]  # as transformers: the file's padding names one
    build_options = {**options, **{key: value for key, value in specials.items() if value is not None}}

    if recipe is None:
        tokenizer = source
    else:
        tokenizer = recipe.build(source, build_options)
        if recipe.post_processor is None and from_json:
            tokenizer.post_processor = source.post_processor
        tokenizer.add_tokens([token for _, token in sorted(source.get_added_tokens_decoder().items())])

    _add_config_tokens(tokenizer, config)
    extras = _extra_special_tokens(config, recipe, options)
    missing = [token for token in [*specials.values(), *extras] if token is not None]
    known = {token.content for token in tokenizer.get_added_tokens_decoder().values()}
    tokenizer.add_tokens([special_token(token) for token in dict.fromkeys(missing) if token not in known])

    if recipe is not None and recipe.post_processor is not None:
        tokenizer.post_processor = recipe.post_processor(tokenizer, specials, build_options)
    elif "add_bos_token" in options or "add_eos_token" in options or tokenizer.post_processor is None:
        tokenizer.post_processor = bos_eos_template(
            specials, bool(options.get("add_bos_token")), bool(options.get("add_eos_token")), tokenizer.token_to_id
        )

    padding, truncation = source.padding, source.truncation
    return cls(
        tokenizer,
        special_tokens={key: value for key, value in specials.items() if value is not None},
        extra_special_tokens=extras,
        model_max_length=config.get("model_max_length") or VERY_LARGE_INTEGER,
        padding_side=config.get("padding_side") or (padding or {}).get("direction") or (recipe.padding_side if recipe else "right"),
        truncation_side=config.get("truncation_side") or (truncation or {}).get("direction") or "right",
        model_input_names=config.get("model_input_names") or (recipe.model_input_names if recipe else PLAIN_NAMES),
        clean_up_tokenization_spaces=bool(config.get("clean_up_tokenization_spaces", False)),
        tokenizer_class=config.get("tokenizer_class") or (recipe.name if recipe else "TokenizersBackend"),
        init_options=options,
        name_or_path=name,
    )


def _add_config_tokens(tokenizer: Tokenizer, config: dict) -> None:
    """Add the tokenizer_config "added_tokens_decoder" entries the tokenizer does not have yet."""
    entries = config.get("added_tokens_decoder") or {}
    known = {token.content for token in tokenizer.get_added_tokens_decoder().values()}
    new = []
    for _, entry in sorted(entries.items(), key=lambda item: int(item[0])):
        if isinstance(entry, dict) and entry.get("content") not in known:
            fields = {key: entry[key] for key in ("single_word", "lstrip", "rstrip", "normalized", "special") if key in entry}
            new.append(AddedToken(entry["content"], **fields))
    if new:
        tokenizer.add_tokens(new)


def _extra_special_tokens(config: dict, recipe: Recipe | None, options: dict) -> list[str]:
    """The unnamed special tokens: from the config, else T5's `<extra_id_N>` sentinels."""
    extras = config.get("extra_special_tokens") or config.get("additional_special_tokens") or []
    if isinstance(extras, dict):  # model-specific named tokens: keep the tokens, drop the names
        extras = list(extras.values())
    tokens = [text for text in (_token_text(token) for token in extras) if text is not None]
    if recipe is not None and recipe.name == "T5Tokenizer" and not any("<extra_id_" in t for t in tokens):
        tokens += [f"<extra_id_{i}>" for i in range(options.get("extra_ids", 100))]
    return tokens
