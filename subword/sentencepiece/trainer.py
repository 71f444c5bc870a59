"""SentencePieceTrainer: train a sentencepiece `.model` from text, called as sentencepiece's is.

    SentencePieceTrainer.train("--input=a.txt --model_prefix=m --vocab_size=500")
    SentencePieceTrainer.train(input="a.txt", model_prefix="m", vocab_size=500, model_type="bpe")
    SentencePieceTrainer.train(sentence_iterator=iter(lines), model_writer=io.BytesIO(), vocab_size=500)

Steps (sentencepiece's `TrainerInterface`): the meta pieces (unk, bos, eos, pad at their ids, then
control_symbols, user_defined_symbols (each also with "▁" in a word model) and, with byte_fallback, the 256 `<0xNN>` pieces in the first
free ids); the sentences read, sampled and normalized (`_trainer_input`); the pieces learned by
model type (`_trainer_pieces`); then the ModelProto: id by id, a meta piece where one sits, else
the next learned piece. It is written as `<model_prefix>.model` and `<model_prefix>.vocab`
(piece<TAB>score lines), both atomically, or sent to `model_writer`.

char and word models equal sentencepiece's; unigram and bpe models come from subword's own
trainers and are close to, not equal to, sentencepiece's. The shuffle of `input_sentence_size`
is a reservoir sample of Python's `random` (seeded by `set_random_generator_seed`), not
sentencepiece's. Not supported (refused when set): `input_format=tsv`, differential privacy,
`pretokenization_delimiter`, `seed_sentencepieces_file`, case-folding rule names.
"""

from __future__ import annotations

import os
import random
from typing import Any, Iterable

from ..core.files import atomic_write_bytes, atomic_write_text
from ..errors import ArgumentTypeError, ArgumentValueError, TrainerCheckError, UnknownFlagError, type_name
from ._normalize import SpecNormalizer
from ._proto import BYTE, CHAR, CONTROL, NORMAL, UNIGRAM, UNKNOWN, USER_DEFINED, WORD, ModelProto, NormalizerSpec, Piece, TrainerSpec
from ._proto_write import serialize_model_proto
from ._settings import last_seed
from ._trainer_charsmap import RULE_NAMES, rule_charsmap
from ._trainer_flags import encode_value, parse_flag_string, read_flags
from ._trainer_input import float32, load_sentences, read_lines, select
from ._trainer_pieces import bpe_pieces, char_pieces, unigram_pieces, word_pieces

_UNSUPPORTED = {
    "input_format": "",
    "enable_differential_privacy": False,
    "pretokenization_delimiter": "",
    "seed_sentencepieces_file": "",
    "train_extremely_large_corpus": False,
    "normalization_rule_tsv": "",
    "denormalization_rule_tsv": "",
}


class SentencePieceTrainer:
    """Trains sentencepiece models; `train` takes sentencepiece's flags as a string or as keywords.

    >>> import io
    >>> lines = ["the cat sat", "the dog sat", "a cat ran"] * 3
    >>> out = io.BytesIO()
    >>> SentencePieceTrainer.train(sentence_iterator=iter(lines), model_writer=out, vocab_size=14, model_type="char")
    >>> from subword.sentencepiece import parse_model_proto
    >>> [piece.piece for piece in parse_model_proto(out.getvalue(), "m").pieces][:6]
    ['<unk>', '<s>', '</s>', '▁', 'a', 't']
    """

    @staticmethod
    def train(arg: str | None = None, **kwargs: Any) -> None:
        """Train a model from a flag string (`"--input=a.txt --vocab_size=500"`) or keyword arguments."""
        if arg is not None:
            if not isinstance(arg, str):
                raise ArgumentTypeError(f"SentencePieceTrainer.train: arg must be a flag string, got {type_name(arg)}")
            _train(parse_flag_string(arg), None, None)
            return
        iterator = kwargs.pop("sentence_iterator", kwargs.pop("sentence_reader", None))
        writer = kwargs.pop("model_writer", None)
        for name in ("pretokenizer", "normalizer"):
            if kwargs.pop(name, None) is not None:
                raise ArgumentValueError(f"SentencePieceTrainer.train: {name}= is not supported by subword")
        kwargs.pop("allow_inconsistent_pretokenization", None)
        kwargs.pop("logstream", None)  # subword's trainer logs nothing
        # lists stay lists (sentencepiece's wrapper sends them as CSV rows, which read back the same)
        raw = {name: value if isinstance(value, list) else encode_value(value) for name, value in kwargs.items()}
        _train(raw, iterator, writer)

    Train = train
    _Train = train


def _train(raw: dict[str, Any], iterator: Iterable[str] | None, writer: Any) -> None:
    """Read the flags, train, and write the model (see the module docstring)."""
    flags = read_flags(raw)
    _check(flags, iterator, writer)
    meta = meta_pieces(flags)
    spec = _normalizer_spec(flags)
    normalizer = SpecNormalizer(
        spec,
        treat_whitespace_as_suffix=flags["treat_whitespace_as_suffix"],
        user_defined=[piece for piece, _ in meta.values()],
    )
    lines = select(read_lines(flags["input"], iterator), flags, random.Random(last_seed()))
    sentences = load_sentences(lines, normalizer, flags)
    if not sentences.counts:
        raise TrainerCheckError("the corpus holds no sentence to train on (every line is empty after normalization)")
    room = flags["vocab_size"] - len(meta)
    reserved = tuple(piece for piece, kind in meta.values() if kind == USER_DEFINED)
    kind = flags["model_type"]
    if kind == CHAR:
        learned = char_pieces(sentences, room, flags)
    elif kind == WORD:
        learned = word_pieces(sentences, room, flags)
    elif kind == UNIGRAM:
        learned = unigram_pieces(sentences, room, flags, reserved)
    else:
        learned = bpe_pieces(sentences, room, flags, reserved)
    proto = ModelProto(pieces=_assemble(meta, learned, flags), normalizer_spec=spec)
    proto.trainer_spec = _trainer_spec(flags, len(proto.pieces))
    data = serialize_model_proto(proto)
    if writer is not None:
        writer.write(data)
        return
    atomic_write_bytes(flags["model_prefix"] + ".model", data)
    atomic_write_text(flags["model_prefix"] + ".vocab", vocab_text(proto, flags["vocabulary_output_piece_score"]))


def _check(flags: dict[str, Any], iterator: Any, writer: Any) -> None:
    """Refuse what sentencepiece refuses, and the flags subword does not implement."""
    if flags["vocab_size"] <= 0:
        raise TrainerCheckError(f"vocab_size must be above 0, got {flags['vocab_size']}")
    if iterator is None and not flags["input"]:
        raise TrainerCheckError("no input: pass input=<file(s)> or sentence_iterator=<iterator of str>")
    if writer is None and not flags["model_prefix"]:
        raise TrainerCheckError("no model_prefix: pass model_prefix=<path prefix> or model_writer=<file-like>")
    for path in flags["input"] if iterator is None else ():
        if not os.path.isfile(path):
            raise TrainerCheckError(f'"{path}": No such file or directory (flag input)')
    for name, default in _UNSUPPORTED.items():
        if flags[name] != default:
            raise ArgumentValueError(f"SentencePieceTrainer: {name}={flags[name]!r} is not supported by subword")
    if flags["model_type"] in (CHAR, WORD) and flags["byte_fallback"]:
        raise TrainerCheckError("byte_fallback needs a unigram or bpe model (sentencepiece's char and word trainers refuse it)")


def meta_pieces(flags: dict[str, Any]) -> dict[int, tuple[str, int]]:
    """id -> (piece, type) of unk, bos, eos, pad, the control and user-defined symbols and bytes."""
    meta: dict[int, tuple[str, int]] = {}
    unk = flags["unk_piece"]
    for name in ("unk", "bos", "eos", "pad"):
        id_, piece = flags[f"{name}_id"], flags[f"{name}_piece"]
        if id_ < 0:
            continue
        if id_ >= flags["vocab_size"] or id_ in meta or (name != "unk" and piece == unk):
            raise TrainerCheckError(f"{name}_id={id_} ({piece!r}) is out of range, taken, or the unknown piece")
        meta[id_] = (piece, UNKNOWN if name == "unk" else CONTROL)
    if flags["unk_id"] < 0:
        raise TrainerCheckError(f"{unk} must be defined (unk_id must be 0 or more)")
    special = {flags[f"{name}_piece"]: flags[f"{name}_id"] for name in ("bos", "eos", "pad") if flags[f"{name}_id"] >= 0}
    symbols = [(piece, CONTROL) for piece in flags["control_symbols"]]
    for piece in flags["user_defined_symbols"]:
        symbols.append((piece, USER_DEFINED))
        if flags["model_type"] == WORD:  # a word model also gets the symbol as a word of its own
            symbols.append((piece + "\u2581" if flags["treat_whitespace_as_suffix"] else "\u2581" + piece, USER_DEFINED))
    if flags["byte_fallback"]:
        symbols += [(f"<0x{byte:02X}>", BYTE) for byte in range(256)]
    seen: set[str] = set()
    next_id = 0
    for piece, kind in symbols:
        if piece in seen or piece == unk:
            raise TrainerCheckError(f"{piece!r} is defined twice (or is the unknown piece) among the meta pieces")
        seen.add(piece)
        if piece in special:
            meta[special[piece]] = (piece, kind)
            continue
        while next_id in meta:
            next_id += 1
        meta[next_id] = (piece, kind)
    return meta


def _assemble(meta: dict[int, tuple[str, int]], learned: list[tuple[str, float]], flags: dict[str, Any]) -> list[Piece]:
    """Id by id: the meta piece at that id, else the next learned piece."""
    pieces: list[Piece] = []
    metas = {piece for piece, _ in meta.values()}
    kept = [(piece, score) for piece, score in learned if piece not in metas]
    queue = iter(kept)
    size = max(flags["vocab_size"], max(meta) + 1)
    for id_ in range(size):
        if id_ in meta:
            pieces.append(Piece(meta[id_][0], 0.0, meta[id_][1]))
            continue
        entry = next(queue, None)
        if entry is None:
            if flags["hard_vocab_limit"] and flags["model_type"] != CHAR and not flags["use_all_vocab"]:
                raise TrainerCheckError(
                    f"Vocabulary size too high ({flags['vocab_size']}). Please set it to a value <= {len(meta) + len(kept)}, "
                    "or pass hard_vocab_limit=false"
                )
            break
        pieces.append(Piece(entry[0], float32(entry[1]), NORMAL))
    pieces.extend(Piece(piece, float32(score), NORMAL) for piece, score in queue)  # use_all_vocab
    return pieces


def _normalizer_spec(flags: dict[str, Any]) -> NormalizerSpec:
    """The NormalizerSpec of the flags: the rule's charsmap and the whitespace switches."""
    name = flags["normalization_rule_name"]
    if name not in RULE_NAMES:
        raise UnknownFlagError(f"No precompiled charsmap is found: {name}; subword builds {', '.join(RULE_NAMES)}")
    return NormalizerSpec(
        name=name,
        precompiled_charsmap=rule_charsmap(name),
        add_dummy_prefix=flags["add_dummy_prefix"],
        remove_extra_whitespaces=flags["remove_extra_whitespaces"],
        escape_whitespaces=flags["escape_whitespaces"],
    )


def _trainer_spec(flags: dict[str, Any], size: int) -> TrainerSpec:
    """The trainer settings the .model keeps (those `_proto.TRAINER_FIELDS` reads)."""
    spec = TrainerSpec(model_type=flags["model_type"], vocab_size=size)
    for name in ("byte_fallback", "treat_whitespace_as_suffix", "unk_surface"):
        setattr(spec, name, flags[name])
    for name in ("unk", "bos", "eos", "pad"):
        setattr(spec, f"{name}_id", flags[f"{name}_id"])
        setattr(spec, f"{name}_piece", flags[f"{name}_piece"])
    return spec


def vocab_text(proto: ModelProto, with_scores: bool = True) -> str:
    """The `.vocab` file: one `piece<TAB>score` line per piece (score as C++ prints a float).

    >>> vocab_text(ModelProto(pieces=[Piece("<unk>", 0.0), Piece("▁a", -3.25), Piece("b", -12.3456789)]))
    '<unk>\\t0\\n▁a\\t-3.25\\nb\\t-12.3457\\n'
    """
    if with_scores:
        return "".join(f"{piece.piece}\t{piece.score:g}\n" for piece in proto.pieces)
    return "".join(f"{piece.piece}\n" for piece in proto.pieces)
