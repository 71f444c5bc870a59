"""Loading a `PreTrainedTokenizer` from a local folder (or file) in any of transformers' layouts.

Files are found as transformers 5 finds them: by the tokenizer class (tokenizer_config.json's
`tokenizer_class`, else config.json's `tokenizer_class` or `model_type`) and the file names that
class declares (`_file_names.VOCAB_FILES`), never by "any file with this extension", so a stray
`classifier.model` beside BERT's vocab.txt changes nothing. tokenizer.json comes first whatever
the class; a class whose own files are absent falls back to transformers' generic names
(tokenizer.model, tiktoken.model). A `.model` that is not a sentencepiece model but a tiktoken
ranks file is read as one, as transformers does. Without any class, the usual names are tried:
tokenizer.json, tokenizer.model, spiece.model, sentencepiece.bpe.model, vocab.txt (WordPiece, as
BERT), vocab.json + merges.txt (byte-level BPE, as GPT-2), tiktoken.model.

tokenizer_config.json (and special_tokens_map.json, when the config has no
`added_tokens_decoder`) supply the class, special tokens and options, each checked for its type
(a FileFieldTypeError, a TypeError as transformers raises, naming the file and the field);
keyword arguments override them. Chat templates come from `_chat_files.read_chat_templates`
(chat_template.jinja and additional_chat_templates/ over the config's `chat_template`, as
transformers reads them). A Hub repo id is resolved to a folder of the Hugging Face cache
by `_hub`, which then loads that folder here.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Union

from ..core.added_vocabulary import AddedToken
from ..core.json_document import parse_json
from ..errors import ArgumentValueError, FileFieldTypeError, ModelFileError, TokenizerFileError, type_name
from ..models import BPE, Unigram, WordPiece
from ..sentencepiece._proto import ModelProto, parse_model_proto
from ..tokenizer.tokenizer import Tokenizer
from ._builders import PLAIN_NAMES, Recipe, bos_eos_template, find_recipe, RECIPES
from ._chat_files import config_templates, read_chat_templates
from ._file_names import BACKEND_FILES, MODEL_TYPE_CLASSES, VOCAB_FILES, canonical_class
from ._params import VERY_LARGE_INTEGER
from ._special_tokens import SPECIAL_TOKENS_ATTRIBUTES
from ._spm_families import configured_extras, spm_extras
from ._spm_recipes import control_pieces, spm_backend_recipe, user_defined_pieces
from ._inputs import special_token
from ._m2m100 import M2M100_SPECIAL_TOKENS, m2m100_backend, read_m2m100_files
from ._marian import MARIAN_SPECIAL_TOKENS, marian_backend, read_marian_files
from ._spm_backend_classes import SPM_BACKEND_FAMILIES
from ._python_pieces import SentencePieces
from ._spm_backend import SpmBackendFamily, read_spm_backend, spm_backend

if TYPE_CHECKING:
    from .pretrained import PreTrainedTokenizer

# transformers' TikTokenConverter pattern, used for .tiktoken files unless a "pattern" is given
DEFAULT_TIKTOKEN_PATTERN = (
    r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
)
# The names tried when no tokenizer class is known (transformers would refuse such a folder).
_DEFAULT_NAMES: tuple[str, ...] = ("tokenizer.model", "spiece.model", "sentencepiece.bpe.model", "vocab.txt", "vocab.json", "tiktoken.model")
_TIKTOKEN_NAME = "tiktoken.model"  # transformers reads this name as tiktoken ranks, never as sentencepiece
_TIKTOKEN_LINE = re.compile(rb"\A[A-Za-z0-9+/=]+ [0-9]+\r?\n")


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
    cls: type[PreTrainedTokenizer], path: Union[str, os.PathLike], *, name: str | None = None, **kwargs: Any
) -> PreTrainedTokenizer:
    """A `cls` (PreTrainedTokenizer) loaded from a local folder or file (`name`, if given, is its
    `name_or_path`, the Hub id of a cache snapshot): see `AutoTokenizer.from_pretrained`."""
    path = os.fspath(path)
    folder = path if os.path.isdir(path) else None
    config = _read_config(folder)
    templates = read_chat_templates(folder) if folder is not None else None
    if templates is not None:  # as transformers: the template files win over the config's key
        config["chat_template"] = templates
    tokenizer_class = config.get("tokenizer_class") or _model_config_class(folder)
    config.update(kwargs)
    recipe = find_recipe(config.get("tokenizer_class") or tokenizer_class)
    named = config.get("tokenizer_class") or tokenizer_class
    if folder is not None and named and canonical_class(named) == "M2M100Tokenizer":
        return _load_m2m100(cls, folder, config, name, path)
    if folder is not None and named and canonical_class(named) == "MarianTokenizer":
        return _load_marian(cls, folder, config, name, path)
    if folder is not None and named and canonical_class(named) in SPM_BACKEND_FAMILIES:
        return _load_spm_backend(cls, folder, config, name or path, SPM_BACKEND_FAMILIES[canonical_class(named)])
    try:
        files = _find_files(path, named)
    except ArgumentValueError:
        if recipe is None:  # a class of its own files (Marian's source.spm, ...): name the class
            _refuse_unsupported(config.get("tokenizer_class") or tokenizer_class, path)
        raise
    if files.tokenizer_json is None and files.tiktoken is None and recipe is None:
        _refuse_unsupported(config.get("tokenizer_class") or tokenizer_class, path)
    source, recipe, proto = _load_source(files, config, recipe)
    if proto is not None and recipe is None:  # transformers' generic pipeline of a bare .model
        recipe = spm_backend_recipe(proto)
    elif proto is not None and recipe is not None and recipe.spm_trainer_tokens:
        recipe = replace(recipe, special_tokens={**recipe.special_tokens, **spm_backend_recipe(proto).special_tokens})
    return _assemble(cls, source, recipe, config, from_json=files.tokenizer_json is not None, name=name or path, proto=proto)


# The names transformers reads as its generic TokenizersBackend (no class-specific pipeline).
GENERIC_CLASSES = ("TokenizersBackend", "PreTrainedTokenizerFast", "PreTrainedTokenizer")


def _load_m2m100(cls: type[PreTrainedTokenizer], folder: str, config: dict, name: str | None, path: str) -> PreTrainedTokenizer:
    """M2M100Tokenizer from vocab.json and sentencepiece.bpe.model (see `_m2m100`)."""
    vocab, processor = read_m2m100_files(folder)
    specials = _python_specials(config, M2M100_SPECIAL_TOKENS)
    tokenizer = m2m100_backend(vocab, processor, str(specials.get("unk_token")))
    return _python_class(cls, "M2M100Tokenizer", tokenizer, specials, config, name or path, VERY_LARGE_INTEGER)


def _load_marian(cls: type[PreTrainedTokenizer], folder: str, config: dict, name: str | None, path: str) -> PreTrainedTokenizer:
    """MarianTokenizer from source.spm, target.spm and vocab.json (see `_marian`)."""
    vocab, target_vocab, source, target = read_marian_files(folder, bool(config.get("separate_vocabs", False)))
    specials = _python_specials(config, MARIAN_SPECIAL_TOKENS)
    tokenizer = marian_backend(vocab, source, str(specials.get("unk_token")), str(specials.get("eos_token")))
    return _python_class(cls, "MarianTokenizer", tokenizer, specials, config, name or path, 512, target=(target, target_vocab))


def _load_spm_backend(cls: type[PreTrainedTokenizer], folder: str, config: dict, name: str, family: SpmBackendFamily) -> PreTrainedTokenizer:
    """A SentencePieceBackend class (BertGeneration, GPT-SW3, PLBart, BARTpho, SigLIP, SpeechT5;
    Speech2Text alike) from its files (see `_spm_backend`)."""
    config = family.prepare(config) if family.prepare is not None else config
    processor, files = read_spm_backend(folder, family, config)
    specials = _python_specials({}, family.special_tokens(config, name))  # the class's defaults, over the config's
    extras = [_token_text(token) or "" for token in _listed(config.get("extra_special_tokens") or config.get("additional_special_tokens"))]
    tokenizer = spm_backend(processor, files, family, config, specials, extras)
    cutter = getattr(tokenizer.pre_tokenizer, "inner", None)
    legacy_cut = family.legacy_cut and family.backend_name == "sentencepiece"
    if config.get("legacy", True) is False and legacy_cut and isinstance(cutter, SentencePieces):
        cutter.after = specials.get("unk_token")
    return _python_class(
        cls, family.name, tokenizer, specials, config, name, family.model_max_length, tokens_added=family.adds_tokens, files=files
    )


def _python_specials(config: dict, defaults: dict[str, str]) -> dict[str, str]:
    specials = {key: _token_text(config.get(key, default)) for key, default in defaults.items()}
    return {key: str(specials[key]) for key in sorted(specials, key=_attribute_rank) if specials[key] is not None}


def _python_class(
    cls: type[PreTrainedTokenizer], class_name: str, tokenizer: Tokenizer, specials: dict[str, str], config: dict,
    name: str, max_length: int, *, tokens_added: bool = False, **extra: Any,
) -> PreTrainedTokenizer:
    """A class that is a Python tokenizer in transformers (M2M100, Marian) around `tokenizer`: the
    special tokens, then the config's extra ones, added as transformers' Python tokenizer adds them
    (unless `tokens_added`: the backend holds them already, at the class's own ids)."""
    extras = [_token_text(token) for token in _listed(config.get("extra_special_tokens") or config.get("additional_special_tokens"))]
    if not tokens_added:
        _add_config_tokens(tokenizer, config)
        wanted = [token for token in dict.fromkeys([*specials.values(), *extras]) if token]
        known = {token.content for token in tokenizer.get_added_tokens_decoder().values()}
        tokenizer.add_tokens([special_token(token) for token in wanted if token not in known])
    return cls._class_to_load(class_name)(
        tokenizer,
        special_tokens=specials,
        extra_special_tokens=[token for token in dict.fromkeys(extras) if token],
        model_max_length=config.get("model_max_length") or max_length,
        padding_side=config.get("padding_side") or "right",
        truncation_side=config.get("truncation_side") or "right",
        model_input_names=config.get("model_input_names") or PLAIN_NAMES,
        clean_up_tokenization_spaces=bool(config.get("clean_up_tokenization_spaces", False)),
        tokenizer_class=config.get("tokenizer_class") or class_name,
        init_options=config,
        name_or_path=name,
        chat_template=config.get("chat_template"),
        **extra,
    )


def _refuse_unsupported(tokenizer_class: str | None, path: str) -> None:
    """Refuse vocabulary files of a class whose pipeline subword cannot rebuild: loading them
    with another class's pipeline would give other ids than transformers, without a word."""
    if tokenizer_class is None or canonical_class(tokenizer_class) in GENERIC_CLASSES:
        return
    supported = ", ".join(sorted(RECIPES))
    raise TokenizerFileError(
        f"{path}: tokenizer_class {tokenizer_class!r} builds its own pipeline in transformers, which subword "
        f"does not rebuild from vocabulary files; supported classes: {supported} (or save the tokenizer "
        "with transformers as tokenizer.json)"
    )


def tokenizer_class_of(folder: str) -> str | None:
    """The tokenizer class a folder's tokenizer_config.json (else config.json) names, or None."""
    return _read_config(folder).get("tokenizer_class") or _model_config_class(folder)


def vocab_file_names(tokenizer_class: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The vocabulary files `tokenizer_class` reads, and those tried when none of them is present
    (as transformers: the generic names); merges.txt goes with vocab.json."""
    if tokenizer_class is None:
        return _DEFAULT_NAMES, ()
    return VOCAB_FILES.get(canonical_class(tokenizer_class), BACKEND_FILES), BACKEND_FILES + (_TIKTOKEN_NAME,)


def default_tokenizer_path() -> str:
    """The path of the small WordPiece tokenizer.json packaged with subword."""
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "default_tokenizer.json")


def _find_files(path: str, tokenizer_class: str | None) -> _Files:
    """The files to read at `path`: a file itself, or those of `tokenizer_class` in a folder."""
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
        raise ArgumentValueError(f"{path!r} is not a local folder or file")

    def present(name: str) -> str | None:
        full = os.path.join(path, name)
        return full if os.path.isfile(full) else None

    names, fallback = vocab_file_names(tokenizer_class)
    if fallback and not any(present(name) for name in names):  # as transformers: the generic names, when the class's are absent
        names = fallback
    found: dict[str, str | None] = {"tokenizer_json": present("tokenizer.json")}
    for name in names:
        full = present(name)
        if full is None:
            continue
        if name == _TIKTOKEN_NAME:
            found.setdefault("tiktoken", full)
        elif name.endswith(".model"):
            found.setdefault("sentencepiece", full)
        elif name == "vocab.txt":
            found.setdefault("vocab_txt", full)
        elif name == "vocab.json" and present("merges.txt"):
            found.setdefault("vocab_json", full)
            found.setdefault("merges_txt", present("merges.txt"))
    files = _Files(path, **found)
    if not any((files.tokenizer_json, files.sentencepiece, files.vocab_txt, files.vocab_json, files.tiktoken)):
        wanted = ", ".join(("tokenizer.json",) + tuple(n if n != "vocab.json" else "vocab.json with merges.txt" for n in names))
        who = f"{tokenizer_class} reads" if tokenizer_class else "expected"
        raise ArgumentValueError(f"{path}: no tokenizer files found; {who} one of: {wanted}")
    return files


def _model_config_class(folder: str | None) -> str | None:
    """The tokenizer class config.json names (`tokenizer_class`, else by `model_type`), or None."""
    if folder is None:
        return None
    path = os.path.join(folder, "config.json")
    config = _read_json(path)
    for key in ("tokenizer_class", "model_type"):
        value = config.get(key)
        if value is not None and not isinstance(value, str):
            raise FileFieldTypeError(f"{path}: {key} must be a str, got {type_name(value)} {value!r:.60}")
    return config.get("tokenizer_class") or MODEL_TYPE_CLASSES.get(config.get("model_type") or "")


def _read_config(folder: str | None) -> dict[str, Any]:
    """tokenizer_config.json, with special_tokens_map.json over it when the config has no
    `added_tokens_decoder` (as transformers reads them); each field is checked for its type."""
    if folder is None:
        return {}
    path = os.path.join(folder, "tokenizer_config.json")
    config = _read_json(path)
    _check_config(config, path)
    if "added_tokens_decoder" not in config:
        map_path = os.path.join(folder, "special_tokens_map.json")
        special_map = _read_json(map_path)
        _check_config(special_map, map_path)
        for key, value in special_map.items():  # as transformers: the map's values win over the config's
            if key == "extra_special_tokens" and isinstance(value, list):
                existing = list(config.get(key) or [])
                value = existing + [token for token in value if token not in existing]
            config[key] = value
    return config


def _check_config(config: dict[str, Any], path: str) -> None:
    """Refuse the config fields whose type transformers cannot use (it raises TypeError for most)."""

    def wrong(key: str, expected: str) -> FileFieldTypeError:
        value = config[key]
        return FileFieldTypeError(f"{path}: {key} must be {expected}, got {type_name(value)} {value!r:.60}")

    if config.get("tokenizer_class") is not None and not isinstance(config["tokenizer_class"], str):
        raise wrong("tokenizer_class", "a str (a class name such as 'BertTokenizerFast')")
    length = config.get("model_max_length")
    if length is not None and (isinstance(length, bool) or not isinstance(length, (int, float))):
        raise wrong("model_max_length", "a number")
    for key in SPECIAL_TOKENS_ATTRIBUTES:
        if config.get(key) is not None and _token_text(config[key]) is None:
            raise wrong(key, 'a str or an AddedToken object with a "content" str')
    for key in ("extra_special_tokens", "additional_special_tokens"):
        value = config.get(key)
        if value is None:
            continue
        if not isinstance(value, (list, tuple, dict)):
            raise wrong(key, "a list of tokens or a dict of named tokens")
        tokens = value.values() if isinstance(value, dict) else value
        if any(_token_text(token) is None for token in tokens):
            raise wrong(key, 'a list of str or AddedToken objects with a "content" str')
    _check_added_tokens_decoder(config.get("added_tokens_decoder"), path)
    config_templates(config.get("chat_template"), path)


def _check_added_tokens_decoder(entries: Any, path: str) -> None:
    if entries is None:
        return
    where = f"{path}: added_tokens_decoder"
    if not isinstance(entries, dict):
        raise FileFieldTypeError(f"{where} must be an object of id -> AddedToken, got {type_name(entries)}")
    for key, entry in entries.items():
        if not re.fullmatch(r"\s*[+-]?[0-9]+\s*", key):
            raise TokenizerFileError(f"{where}: the key {key!r:.40} is not an id")
        if not isinstance(entry, dict):
            raise FileFieldTypeError(f"{where}[{key!r}] must be an AddedToken object, got {type_name(entry)}")
        if "content" not in entry:
            raise TokenizerFileError(f'{where}[{key!r}]: missing field "content"')
        if not isinstance(entry["content"], str):
            raise FileFieldTypeError(f"{where}[{key!r}].content must be a str, got {type_name(entry['content'])}")
        for flag in ("single_word", "lstrip", "rstrip", "normalized", "special"):
            if flag in entry and not isinstance(entry[flag], bool):
                raise FileFieldTypeError(f"{where}[{key!r}].{flag} must be a bool, got {type_name(entry[flag])}")


def _read_json(path: str) -> dict[str, Any]:
    if not os.path.isfile(path):
        return {}
    with open(path, "rb") as file:
        data = file.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TokenizerFileError(f"{path}: not valid UTF-8 (byte {error.start})") from None
    document = parse_json(text, path)
    if not isinstance(document, dict):
        raise TokenizerFileError(f"{path}: expected a JSON object at the top level, got {type_name(document)}")
    return document


def _load_source(files: _Files, config: dict, recipe: Recipe | None) -> tuple[Tokenizer, Recipe | None, ModelProto | None]:
    """A Tokenizer holding the vocabulary, the recipe to rebuild it with (None: keep it), and the
    parsed sentencepiece model when the vocabulary came from one."""
    if files.tokenizer_json:
        return Tokenizer.from_file(files.tokenizer_json), recipe, None
    if files.sentencepiece:
        source, proto = _sentencepiece(files.sentencepiece, config)
        return source, recipe, proto
    if files.vocab_txt:
        return Tokenizer(WordPiece.from_file(files.vocab_txt)), recipe or RECIPES["BertTokenizer"], None
    if files.vocab_json and files.merges_txt:
        return Tokenizer(BPE.from_file(files.vocab_json, files.merges_txt)), recipe or RECIPES["GPT2Tokenizer"], None
    assert files.tiktoken is not None  # _find_files guarantees one source
    pattern = config.get("pattern", DEFAULT_TIKTOKEN_PATTERN)
    return Tokenizer.from_tiktoken(files.tiktoken, pattern), None, None


def _sentencepiece(path: str, config: dict) -> tuple[Tokenizer, ModelProto | None]:
    """A sentencepiece `.model` (and its parsed model), or, as transformers falls back, tiktoken
    ranks under that name (and None)."""
    try:
        tokenizer = Tokenizer.from_sentencepiece(path)
        with open(path, "rb") as handle:
            return tokenizer, parse_model_proto(handle.read(), path)
    except ModelFileError:
        with open(path, "rb") as handle:
            start = handle.read(200)
        if not _TIKTOKEN_LINE.match(start):
            raise
    return Tokenizer.from_tiktoken(path, config.get("pattern", DEFAULT_TIKTOKEN_PATTERN)), None


def _token_text(value: Any) -> str | None:
    """The text of a special token entry of a config (a str or an AddedToken dict), or None."""
    if isinstance(value, dict):
        value = value.get("content")
    elif not isinstance(value, str):
        value = getattr(value, "content", None)  # an AddedToken passed as a keyword argument
    return value if isinstance(value, str) else None


def _assemble(
    cls: type[PreTrainedTokenizer],
    source: Tokenizer,
    recipe: Recipe | None,
    config: dict,
    from_json: bool,
    name: str,
    proto: ModelProto | None = None,
) -> PreTrainedTokenizer:
    options = {key: config.get(key, default) for key, default in (recipe.options if recipe else {}).items()}
    for key in ("add_bos_token", "add_eos_token", "unk_id"):
        if key in config:
            options[key] = config[key]
    specials = dict(recipe.special_tokens) if recipe else {}
    specials.update({key: _token_text(config[key]) for key in SPECIAL_TOKENS_ATTRIBUTES if key in config})
    # as transformers adds them: bos, eos, unk, sep, pad, cls, mask
    specials = {key: specials[key] for key in sorted(specials, key=_attribute_rank)}
    if "pad_token" not in specials and source.padding is not None:
        specials["pad_token"] = source.padding["pad_token"]  # as transformers: the file's padding names one
    build_options = {**options, **{key: value for key, value in specials.items() if value is not None}}
    if proto is not None:
        build_options["_spm_proto"] = proto
    build_options["_config"] = config
    own_list = configured_extras([], {"_config": config}) is not None  # the config lists its own special tokens

    if recipe is None:
        tokenizer = source
    else:
        tokenizer = recipe.build(source, build_options)
        tokenizer.take_model_source(source)
        if recipe.post_processor is None and from_json:
            tokenizer.post_processor = source.post_processor
        # a .model's pieces come first, with their own flags, unless the config lists its own
        # special tokens (or the class makes its own list of them)
        if proto is None or (recipe.extra_tokens is None and not own_list):
            tokenizer.add_tokens([token for _, token in sorted(source.get_added_tokens_decoder().items())])
        if proto is not None and isinstance(tokenizer.model, Unigram):  # as transformers' extractor: saved
            options["unk_id"] = proto.trainer_spec.unk_id

    _add_config_tokens(tokenizer, config)
    if proto is not None and recipe is not None and recipe.spm_user_defined:
        # as transformers: not special, unless the config lists them with its extra special tokens
        named = config.get("extra_special_tokens") or config.get("additional_special_tokens")
        listed = {_token_text(token) for token in _listed(named)}
        known = {token.content for token in tokenizer.get_added_tokens_decoder().values()}
        pieces = user_defined_pieces(proto)
        if own_list:  # the config's list replaces the .model's
            pieces = [piece for piece in pieces if piece in listed]
        tokenizer.add_tokens([AddedToken(p, normalized=False, special=False) for p in pieces if p not in known | listed])
        tokenizer.add_special_tokens([AddedToken(p, normalized=False, special=True) for p in pieces if p in listed])
    extras = _extra_special_tokens(config, recipe, options, proto)
    flags = {str(specials[key]): value for key, value in (recipe.token_flags if recipe else {}).items() if specials.get(key)}
    model_tokens = [_token_text(options.get(name)) for name in (recipe.model_tokens if recipe else ())]
    named = [token for token in dict.fromkeys([*specials.values(), *model_tokens]) if token is not None]
    known = {token.content for token in tokenizer.get_added_tokens_decoder().values()}
    new = [special_token(AddedToken(t, **{"normalized": False, **flags[t]})) if t in flags else special_token(t) for t in named]
    # as transformers: an extra token equal to a named one with flags is added again as a plain
    # special token, and the last definition of a token is the one kept
    new += [special_token(t) for t in dict.fromkeys(extras) if t not in named or t in flags]
    tokenizer.add_tokens([token for token in new if token.content not in known])

    processor = recipe.post_processor(tokenizer, specials, build_options) if recipe and recipe.post_processor else None
    if processor is not None:
        tokenizer.post_processor = processor
    elif "add_bos_token" in options or "add_eos_token" in options or tokenizer.post_processor is None:
        tokenizer.post_processor = bos_eos_template(
            specials, bool(options.get("add_bos_token")), bool(options.get("add_eos_token")), tokenizer.token_to_id
        )

    padding, truncation = source.padding, source.truncation
    loaded = cls._class_to_load(recipe.name if recipe else None)(
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
        chat_template=config.get("chat_template"),
        decode_suffix=recipe.decode_suffix if recipe else None,
    )
    if recipe is not None:
        loaded.decode_drop_pattern = recipe.decode_drop_pattern
        loaded.decode_prompt_tokens = recipe.decode_prompt_tokens
    return loaded


def _listed(tokens: Any) -> list[Any]:
    """A config's list of extra tokens (a dict of model-specific named tokens: its tokens)."""
    if isinstance(tokens, dict):
        return list(tokens.values())
    return list(tokens or [])


def _attribute_rank(key: str) -> int:
    return SPECIAL_TOKENS_ATTRIBUTES.index(key) if key in SPECIAL_TOKENS_ATTRIBUTES else len(SPECIAL_TOKENS_ATTRIBUTES)


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


def _extra_special_tokens(config: dict, recipe: Recipe | None, options: dict, proto: ModelProto | None) -> list[str]:
    """The unnamed special tokens: the recipe's rule over the class argument and the config's lists.

    From a `.model`, as transformers' SentencePieceExtractor: the class argument is its control
    pieces (and its user-defined pieces for a BPE class), which a config's own list replaces.
    """
    rule = recipe.extra_tokens if recipe is not None else None
    if rule is None and proto is not None:
        rule = spm_extras
    if rule is None:
        extras = _listed(config.get("extra_special_tokens") or config.get("additional_special_tokens"))
        return [text for text in dict.fromkeys(_token_text(token) for token in extras) if text is not None]
    if proto is not None:
        additional = control_pieces(proto, recipe is not None and recipe.spm_user_defined)
    else:
        additional = _listed(config.get("additional_special_tokens"))
    texts = [_token_text(token) for token in rule(
        [_token_text(t) or "" for t in additional], [_token_text(t) or "" for t in _listed(config.get("extra_special_tokens"))],
        {**options, "_config": config, "_spm_proto": proto},
    )]
    return [text for text in dict.fromkeys(texts) if text]
