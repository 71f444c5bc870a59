"""Write a `Tokenizer` as a sentencepiece `.model`, when sentencepiece can run the same pipeline.

The inverse of `formats/sentencepiece.py`. The tokenizer is read through its tokenizer.json
(`to_str`), so a tokenizer read from a `.model`, from a tokenizer.json or reloaded from either
gives the same file:

model:       Unigram -> model_type UNIGRAM, the scores as they are;
             SP-style BPE (every split of a piece into two pieces is a merge, as the Llama and
             Mistral files have) -> model_type BPE, each merged piece scored minus the rank of
             its first merge, so that sentencepiece (which merges the best scored pair first)
             merges in the same order
pieces:      the vocabulary in id order, then the added tokens above it; the unknown token is
             UNKNOWN, special added tokens CONTROL, other added tokens USER_DEFINED, `<0xNN>`
             pieces BYTE when the model has byte fallback
normalizer:  Precompiled(charsmap) carried over as is, or NFD/NFKD, StripAccents, Lowercase and
             Replace steps folded into a charsmap (`sentencepiece_fold`); the whitespace rules: drop leading
             spaces + collapse runs + drop trailing "▁" (remove_extra_whitespaces),
             " " -> "▁" (escape_whitespaces), Prepend("▁") (add_dummy_prefix); the pre-tokenizer
             WhitespaceSplit + Metaspace (T5) is the same three rules
trainer:     unk/bos/eos/pad ids and pieces (bos and eos from the post-processor's template)

Anything else (a BERT or NFKC normalizer, a ByteLevel pre-tokenizer, WordPiece, BPE dropout,
merges sentencepiece would not make) is refused with an ArgumentValueError naming it. Known
differences, as for the reader: a Precompiled charsmap is applied grapheme by grapheme by
subword and the Rust package but longest rule first by sentencepiece; the text of a special
token in the input is a special token to a tokenizer.json tokenizer but plain text to
sentencepiece; a Unigram model sums scores in double, not float precision; and with
WhitespaceSplit, a Unicode space that the charsmap does not turn into " " (T5's leaves U+0085)
cuts words for the tokenizer but not for sentencepiece (without a charsmap, one mapping every
Unicode space to " " is written); and a "▁" in the input, which Metaspace keeps (adding no "▁"
before a word that starts with one) where sentencepiece drops it at the end of the text.
"""

from __future__ import annotations

import base64
import json
import os
from typing import TYPE_CHECKING, Any

from ..core.files import atomic_write_bytes
from ..errors import ArgumentValueError
from ..sentencepiece._checks import BYTE_PIECES, check_model
from ..sentencepiece._normalize import SPACE_SYMBOL
from ..sentencepiece._proto import BPE as BPE_TYPE
from ..sentencepiece._proto import (
    BYTE,
    CONTROL,
    NORMAL,
    UNIGRAM,
    UNKNOWN,
    USER_DEFINED,
    ModelProto,
    NormalizerSpec,
    Piece,
    TrainerSpec,
)
from ..sentencepiece._proto_write import serialize_model_proto
from ..text.charsmap import build_charsmap
from .sentencepiece_fold import fold, is_foldable

if TYPE_CHECKING:
    from ..tokenizer.tokenizer import Tokenizer

_WHAT = "sentencepiece cannot express"
_BOS_NAMES = ("<s>", "<bos>", "[CLS]", "<|begin_of_text|>")
_EOS_NAMES = ("</s>", "<eos>", "[SEP]", "<|end_of_text|>")
_PAD_NAMES = ("<pad>", "[PAD]")
# Rust's char::is_whitespace (Unicode White_Space), where WhitespaceSplit cuts
_RUST_WHITESPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"


def write_sentencepiece(tokenizer: Tokenizer, path: str | os.PathLike) -> None:
    """Write `tokenizer` as a sentencepiece `.model` (see the module docstring), atomically.

    `Tokenizer.save_sentencepiece` calls it.
    """
    atomic_write_bytes(path, serialize_model_proto(model_proto_of(tokenizer)))


def model_proto_of(tokenizer: Tokenizer) -> ModelProto:
    """The ModelProto equal to `tokenizer`, or an ArgumentValueError naming what sentencepiece cannot express."""
    document = json.loads(tokenizer.to_str())
    model = document["model"]
    pieces, unk_id, byte_fallback = _pieces(model)
    _add_tokens(pieces, document["added_tokens"], unk_id)
    if unk_id is None and not byte_fallback:
        raise ArgumentValueError(f"{_WHAT} a model without an unknown token (sentencepiece needs one, or byte fallback)")
    proto = ModelProto(
        pieces=pieces,
        trainer_spec=_trainer_spec(document, pieces, model["type"], byte_fallback),
        normalizer_spec=_normalizer_spec(document["normalizer"], document["pre_tokenizer"], pieces),
    )
    check_model(proto, "the written .model")  # what sentencepiece would refuse to load
    return proto


# -- pieces ------------------------------------------------------------------------------------


def _pieces(model: dict[str, Any]) -> tuple[list[Piece], int | None, bool]:
    """The model's pieces in id order, the unknown id and byte fallback."""
    kind = model.get("type")
    byte_fallback = bool(model.get("byte_fallback"))
    if kind == "Unigram":
        pieces = [Piece(piece, float(score), NORMAL) for piece, score in model["vocab"]]
        unk_id = model.get("unk_id")
    elif kind == "BPE":
        pieces, unk_id = _bpe_pieces(model)
    else:
        raise ArgumentValueError(f"{_WHAT} a {kind} model; only Unigram and sentencepiece-style BPE models can be written")
    if unk_id is not None:
        pieces[unk_id].type = UNKNOWN
    if byte_fallback:
        for piece in pieces:
            if piece.piece in BYTE_PIECES:
                piece.type = BYTE
    return pieces, unk_id, byte_fallback


def _bpe_pieces(model: dict[str, Any]) -> tuple[list[Piece], int | None]:
    """BPE pieces scored so that sentencepiece merges as the merges list does."""
    for option in ("dropout", "continuing_subword_prefix", "end_of_word_suffix"):
        if model.get(option) not in (None, ""):
            raise ArgumentValueError(f"{_WHAT} BPE's {option}={model[option]!r}")
    if model.get("ignore_merges"):
        raise ArgumentValueError(f"{_WHAT} BPE's ignore_merges=True (words found whole in the vocabulary)")
    vocab: dict[str, int] = model["vocab"]
    by_id = sorted(vocab.items(), key=lambda item: item[1])
    if [id_ for _, id_ in by_id] != list(range(len(by_id))):
        raise ArgumentValueError(f"{_WHAT} a vocabulary whose ids are not 0..{len(by_id) - 1} without gaps")
    merges = [tuple(merge.split(" ", 1)) if isinstance(merge, str) else tuple(merge) for merge in model["merges"]]
    first_rank = _first_ranks(merges)
    _check_merges(vocab, merges, first_rank)
    unmerged = len(first_rank)
    pieces = [Piece(piece, -float(first_rank.get(piece, unmerged + id_)), NORMAL) for piece, id_ in by_id]
    unk = model.get("unk_token")
    if unk is not None and unk not in vocab:
        raise ArgumentValueError(f"BPE's unk_token {unk!r} is not in the vocabulary")
    if unk is not None and not model.get("fuse_unk") and not model.get("byte_fallback"):
        raise ArgumentValueError(f"{_WHAT} BPE's fuse_unk=False (sentencepiece fuses unknown chars into one token)")
    return pieces, None if unk is None else vocab[unk]


def _first_ranks(merges: list[tuple[str, ...]]) -> dict[str, int]:
    """Each merged piece -> the rank of the first merge making it: [(a, b), (ab, c)] -> {ab: 0, abc: 1}."""
    ranks: dict[str, int] = {}
    for rank, (left, right) in enumerate(merges):
        ranks.setdefault(left + right, rank)
    return ranks


def _check_merges(vocab: dict[str, int], merges: list[tuple[str, ...]], first_rank: dict[str, int]) -> None:
    """Refuse merges sentencepiece would not follow: it merges any two pieces that make a piece,
    and ranks a merge by the piece it makes."""
    known = set(merges)
    for piece in vocab:
        for cut in range(1, len(piece)):
            pair = (piece[:cut], piece[cut:])
            if pair[0] in vocab and pair[1] in vocab and pair not in known:
                raise ArgumentValueError(
                    f"{_WHAT} this BPE: {pair[0]!r} + {pair[1]!r} make the piece {piece!r}, which sentencepiece "
                    "would merge, but the merges list has no such merge"
                )
    last = None
    for rank, (left, right) in enumerate(merges):
        piece = left + right
        if piece not in vocab:
            raise ArgumentValueError(f"merge {rank} ({left!r}, {right!r}) makes {piece!r}, which is not in the vocabulary")
        if piece != last and first_rank[piece] != rank:
            raise ArgumentValueError(
                f"{_WHAT} this BPE: the merges making {piece!r} are not together (merge {rank}), and sentencepiece "
                "ranks a merge by the piece it makes"
            )
        last = piece


def _add_tokens(pieces: list[Piece], added: list[dict[str, Any]], unk_id: int | None) -> None:
    """Type the added tokens inside the vocabulary and append those above it, in id order."""
    above = sorted((token for token in added if token["id"] >= len(pieces)), key=lambda token: token["id"])
    for token in added:
        if token["id"] < len(pieces):
            piece = pieces[token["id"]]
            if piece.piece != token["content"]:
                raise ArgumentValueError(
                    f"added token {token['content']!r} has id {token['id']}, which is the model's {piece.piece!r}"
                )
            if token["id"] != unk_id:
                piece.type = CONTROL if token["special"] else USER_DEFINED
                piece.score = 0.0
    for token in above:
        if token["id"] != len(pieces):
            raise ArgumentValueError(f"{_WHAT} a gap in the ids: added token {token['content']!r} has id {token['id']}, expected {len(pieces)}")
        pieces.append(Piece(token["content"], 0.0, CONTROL if token["special"] else USER_DEFINED))


def _trainer_spec(document: dict[str, Any], pieces: list[Piece], kind: str, byte_fallback: bool) -> TrainerSpec:
    spec = TrainerSpec(model_type=UNIGRAM if kind == "Unigram" else BPE_TYPE, vocab_size=len(pieces), byte_fallback=byte_fallback)
    ids = {piece.piece: id_ for id_, piece in enumerate(pieces)}
    unk = next((id_ for id_, piece in enumerate(pieces) if piece.type == UNKNOWN), -1)
    bos, eos = _template_specials(document.get("post_processor"))
    padding = document.get("padding") or {}
    found = {
        "unk": (unk, pieces[unk].piece if unk >= 0 else "<unk>"),
        "bos": _special(ids, pieces, [bos] if bos else _BOS_NAMES, "<s>"),
        "eos": _special(ids, pieces, [eos] if eos else _EOS_NAMES, "</s>"),
        "pad": _special(ids, pieces, [padding["pad_token"]] if padding.get("pad_token") else _PAD_NAMES, "<pad>"),
    }
    for name, (id_, text) in found.items():
        setattr(spec, f"{name}_id", id_)
        setattr(spec, f"{name}_piece", text)
    return spec


def _special(ids: dict[str, int], pieces: list[Piece], names: Any, default: str) -> tuple[int, str]:
    """(id, piece) of the first control piece named in `names`, else (-1, default)."""
    for name in names:
        if name in ids and pieces[ids[name]].type == CONTROL:
            return ids[name], name
    return -1, default


def _template_specials(processor: Any) -> tuple[str | None, str | None]:
    """The special tokens a TemplateProcessing puts before and after `$A` in `single`."""
    if not processor or processor.get("type") != "TemplateProcessing":
        return None, None
    items = processor.get("single", [])
    where = next((i for i, item in enumerate(items) if "Sequence" in item), None)
    if where is None:
        return None, None
    before = [item["SpecialToken"]["id"] for item in items[:where] if "SpecialToken" in item]
    after = [item["SpecialToken"]["id"] for item in items[where + 1 :] if "SpecialToken" in item]
    return (before[-1] if before else None), (after[0] if after else None)


# -- normalizer --------------------------------------------------------------------------------


def _steps(component: Any, key: str) -> list[dict[str, Any]]:
    """A normalizer or pre-tokenizer as a flat list of steps (Sequences opened)."""
    if component is None:
        return []
    if component.get("type") == "Sequence":
        return [step for inner in component[key] for step in _steps(inner, key)]
    return [component]


def _pattern(step: dict[str, Any]) -> tuple[str, str]:
    """("String" or "Regex", text) of a Replace or Split step."""
    ((kind, text),) = step["pattern"].items()
    return kind, text


def _normalizer_spec(normalizer: Any, pre_tokenizer: Any, pieces: list[Piece]) -> NormalizerSpec:
    """The NormalizerSpec of the normalizer and pre-tokenizer steps (see the module docstring)."""
    rules: set[str] = set()
    charsmap = b""
    folded: list[dict[str, Any]] = []
    for index, step in enumerate(_steps(normalizer, "normalizers")):
        rule = _whitespace_rule(step)
        if step["type"] == "Precompiled" and index == 0:
            charsmap = base64.b64decode(step["precompiled_charsmap"] or "")
        elif rule is not None and rule not in rules:
            rules.add(rule)
        elif rule is None and is_foldable(step):
            folded.append(step)
        else:
            raise ArgumentValueError(f"{_WHAT} the normalizer step {_shown(step)}{' there' if rule or step['type'] == 'Precompiled' else ''}")
    split = _pre_tokenizer_rules(_steps(pre_tokenizer, "pretokenizers"), rules, pieces)
    if folded and charsmap:
        raise ArgumentValueError(
            f"{_WHAT} normalizer steps ({', '.join(step['type'] for step in folded)}) beside a Precompiled charsmap: "
            "it is applied grapheme by grapheme, so the two do not fold into one charsmap"
        )
    if (folded or split) and not charsmap:
        # the steps as one table of char rules; and as WhitespaceSplit cuts at every Unicode
        # space where sentencepiece cuts only at " ", the other spaces become " "
        charsmap = build_charsmap(fold(folded, _RUST_WHITESPACE if split else ""))
    extra = {"strip_start", "collapse", "strip_end"} & rules
    if extra and len(extra) != 3:
        raise ArgumentValueError(
            f"{_WHAT} removing only some extra spaces ({', '.join(sorted(extra))}): sentencepiece removes leading, "
            "repeated and trailing spaces together (remove_extra_whitespaces)"
        )
    if "prefix_space" in rules and "escape" in rules:
        raise ArgumentValueError(f"{_WHAT} a dummy prefix \" \" with spaces escaped to \"{SPACE_SYMBOL}\"")
    escape = "escape" in rules
    dummy = "prefix" in rules if escape else "prefix_space" in rules
    if "prefix" in rules and not escape:
        raise ArgumentValueError(f"{_WHAT} a dummy prefix \"{SPACE_SYMBOL}\" while spaces stay spaces")
    return NormalizerSpec(
        name="user_defined" if charsmap else "identity",
        precompiled_charsmap=charsmap,
        add_dummy_prefix=dummy,
        remove_extra_whitespaces=bool(extra),
        escape_whitespaces=escape,
    )


def _whitespace_rule(step: dict[str, Any]) -> str | None:
    """Which of sentencepiece's whitespace rules a normalizer step is, or None."""
    if step["type"] == "Prepend":
        return {SPACE_SYMBOL: "prefix", " ": "prefix_space"}.get(step["prepend"])
    if step["type"] != "Replace":
        return None
    kind, text = _pattern(step)
    content = step["content"]
    if (kind, text, content) == ("String", " ", SPACE_SYMBOL):
        return "escape"
    if (kind, text, content) == ("Regex", r"\A +", ""):
        return "strip_start"
    if (kind, text, content) == ("Regex", " {2,}", " "):
        return "collapse"
    if kind == "Regex" and content == "" and text in (f"{SPACE_SYMBOL}+\\z", " +\\z"):
        return "strip_end"
    return None


def _pre_tokenizer_rules(steps: list[dict[str, Any]], rules: set[str], pieces: list[Piece]) -> bool:
    """Add the rules of the pre-tokenizer: nothing, Metaspace, or WhitespaceSplit then Metaspace
    (then True: the text is cut at every Unicode space)."""
    types = [step["type"] for step in steps]
    if not steps:
        return False
    if types not in (["Metaspace"], ["WhitespaceSplit", "Metaspace"]):
        raise ArgumentValueError(f"{_WHAT} the pre-tokenizer {' + '.join(_shown(step) for step in steps)}")
    metaspace = steps[-1]
    if metaspace.get("replacement") != SPACE_SYMBOL:
        raise ArgumentValueError(f"{_WHAT} Metaspace(replacement={metaspace.get('replacement')!r})")
    scheme = metaspace.get("prepend_scheme") or ("always" if metaspace.get("add_prefix_space", True) else "never")
    if types[0] != "WhitespaceSplit":
        # Metaspace adds "▁" only to text that does not start with one: " a" -> "▁a", where
        # sentencepiece's dummy prefix gives "▁▁a" unless it drops leading spaces first.
        if scheme != "never" and not {"strip_start", "collapse", "strip_end"} <= rules:
            raise ArgumentValueError(
                f"{_WHAT} Metaspace(prepend_scheme={scheme!r}) on text that may start or end with a space: "
                f"it gives \" a\" -> \"{SPACE_SYMBOL}a\" where sentencepiece's dummy prefix gives "
                f"\"{SPACE_SYMBOL}{SPACE_SYMBOL}a\", and it keeps the final \"{SPACE_SYMBOL}\" of \"a \", which "
                "sentencepiece's remove_extra_whitespaces would drop with the leading spaces"
            )
    else:
        rules |= {"strip_start", "collapse", "strip_end"}
    if metaspace.get("split", True) and any(SPACE_SYMBOL in piece.piece[1:] for piece in pieces):
        shown = next(piece.piece for piece in pieces if SPACE_SYMBOL in piece.piece[1:])
        raise ArgumentValueError(
            f"{_WHAT} Metaspace(split=True) with pieces that hold \"{SPACE_SYMBOL}\" after their start ({shown!r}): "
            "sentencepiece does not split the text into words"
        )
    rules.add("escape")
    if scheme != "never":
        rules.add("prefix")
    return types[0] == "WhitespaceSplit"


def _shown(step: dict[str, Any]) -> str:
    """A step as `Type(field=value, ...)`, long values cut."""
    fields = ", ".join(f"{key}={value!r:.30}" for key, value in step.items() if key != "type")
    return f"{step['type']}({fields})"

