"""`SentencePieceNormalizer`: sentencepiece's normalizer on its own, as `sentencepiece.SentencePieceNormalizer`.

It normalizes with the rules of a `.model` file (its normalizer spec), of a serialized
NormalizerSpec, or of a named rule set: `identity` is built in; `nmt_nfkc`, `nfkc`,
`nmt_nfkc_cf` and `nfkc_cf` are precompiled charsmaps that sentencepiece ships (0.2.3: in its
`package_data` folder) and subword does not: point `set_data_dir` at a folder holding
`<rule_name>.bin`. Rules of your own (`rule_tsv`, `norm_map`) are compiled by
`subword.text.charsmap.build_charsmap`.
"""

from __future__ import annotations

import os
from typing import Any

from ..core.inputs import check_path
from ..errors import ArgumentTypeError, ArgumentValueError, ModelFileError
from ..text.charsmap import build_charsmap
from . import _settings
from ._checks import check_charsmap
from ._normalize import SpecNormalizer
from ._proto import NormalizerSpec, parse_model_proto, parse_normalizer_spec
from .processor import _add_snake_case_aliases, normalize_input

_FLAGS = ("add_dummy_prefix", "escape_whitespaces", "remove_extra_whitespaces")


class SentencePieceNormalizer:
    """Normalize text as a sentencepiece model (or a named rule set) does, without segmenting it.

    Args:
        model_file, model_proto: a `.model` file (path or bytes) whose normalizer to use.
        normalizer_spec: the bytes of a serialized NormalizerSpec.
        rule_name: "identity", or the name of a `<rule_name>.bin` in `set_data_dir`'s folder.
        add_dummy_prefix, escape_whitespaces, remove_extra_whitespaces: override the spec's.

    >>> SentencePieceNormalizer(rule_name="identity").normalize("  a  b ")
    '▁a▁b'
    """

    def __init__(
        self,
        model_file: str | os.PathLike | None = None,
        model_proto: bytes | None = None,
        normalizer_spec: bytes | None = None,
        rule_tsv: str | None = None,
        rule_name: str | None = None,
        norm_map: Any = None,
        add_dummy_prefix: bool | None = None,
        escape_whitespaces: bool | None = None,
        remove_extra_whitespaces: bool | None = None,
    ) -> None:
        suffix = False
        self._model_proto = b""
        if model_file:
            path = check_path(os.fsdecode(model_file) if isinstance(model_file, bytes) else model_file, "model_file")
            with open(path, "rb") as handle:
                self._model_proto = handle.read()
            spec, suffix = _spec_of_model(self._model_proto, path)
        elif model_proto:
            self._model_proto = bytes(model_proto)
            spec, suffix = _spec_of_model(self._model_proto, "<model_proto>")
        elif normalizer_spec:
            spec = parse_normalizer_spec(normalizer_spec)
            check_charsmap(spec.precompiled_charsmap, "normalizer_spec.precompiled_charsmap")
        elif rule_tsv:
            spec = NormalizerSpec(name="user_defined", precompiled_charsmap=build_charsmap(_read_rule_tsv(rule_tsv)))
        elif norm_map:
            spec = NormalizerSpec(precompiled_charsmap=build_charsmap(_check_norm_map(norm_map)))
        elif rule_name:
            spec = _named_spec(rule_name)
        else:
            raise ArgumentValueError("no model is specified")
        for name, value in zip(_FLAGS, (add_dummy_prefix, escape_whitespaces, remove_extra_whitespaces)):
            if value is not None:
                setattr(spec, name, bool(value))
        self._spec = spec
        self._suffix = suffix
        self._normalizer = SpecNormalizer(spec, treat_whitespace_as_suffix=suffix)

    @property
    def normalizer_spec(self) -> NormalizerSpec:
        """The spec normalizing (name, charsmap and the three whitespace flags)."""
        return self._spec

    def serialized_model_proto(self) -> bytes:
        """The bytes of the `.model` this normalizer was loaded from (b"" for other sources)."""
        return self._model_proto

    def Normalize(self, input: Any, with_offsets: bool | None = None) -> Any:
        """The normalized text (or each of a list); with `with_offsets`, (text, alignment) as
        `SentencePieceProcessor.normalize` gives it (chars for str, UTF-8 bytes for bytes)."""
        return normalize_input(self._normalizer, input, with_offsets)

    def __getstate__(self) -> dict:
        return {"spec": self._spec, "suffix": self._suffix, "model_proto": self._model_proto}

    def __setstate__(self, state: dict) -> None:
        self._spec, self._suffix, self._model_proto = state["spec"], state["suffix"], state["model_proto"]
        self._normalizer = SpecNormalizer(self._spec, treat_whitespace_as_suffix=self._suffix)

    def __repr__(self) -> str:
        return f"SentencePieceNormalizer(name={self._spec.name!r})"


def _read_rule_tsv(path: Any) -> dict[str | bytes, str]:
    """Rules from a TSV file as sentencepiece reads them: `41 42<TAB>61` rewrites "AB" to "a"."""
    path = check_path(path, "rule_tsv")
    rules: dict[str | bytes, str] = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            fields = line.rstrip("\r\n").split("\t")
            if not line.strip():
                continue
            if len(fields) < 2:
                raise ArgumentValueError(f"{path}:{number}: expected 'source<TAB>target' in hex code points, got {line!r}")
            try:
                source, target = ("".join(chr(int(code, 16)) for code in field.split()) for field in fields[:2])
            except ValueError as error:
                raise ArgumentValueError(f"{path}:{number}: {error} (code points are hex, e.g. 41 42)") from error
            rules[source] = target
    return rules


def _check_norm_map(norm_map: Any) -> dict[str | bytes, str]:
    pairs = list(norm_map)
    if not all(isinstance(pair, (tuple, list)) and len(pair) == 2 and all(isinstance(x, str) for x in pair) for pair in pairs):
        raise ArgumentTypeError("norm_map must be a sequence of (source, target) str pairs")
    return dict(pairs)


def _spec_of_model(data: bytes, source: str) -> tuple[NormalizerSpec, bool]:
    proto = parse_model_proto(data, source)
    check_charsmap(proto.normalizer_spec.precompiled_charsmap, f"{source}: normalizer_spec.precompiled_charsmap")
    return proto.normalizer_spec, proto.trainer_spec.treat_whitespace_as_suffix


def _named_spec(rule_name: str) -> NormalizerSpec:
    """The spec of a named rule set: identity, or `<rule_name>.bin` from the data folder."""
    if rule_name == "identity":
        return NormalizerSpec(name="identity")
    folder = _settings.data_dir()
    path = os.path.join(folder, f"{rule_name}.bin") if folder else ""
    if not path or not os.path.isfile(path):
        where = f"in {folder}" if folder else "(no data folder is set)"
        raise ModelFileError(
            f"No precompiled charsmap is found: {rule_name} {where}. subword ships only 'identity'; call "
            "set_data_dir(folder) with a folder holding <rule_name>.bin (sentencepiece's package_data folder has "
            "nmt_nfkc, nfkc, nmt_nfkc_cf and nfkc_cf)"
        )
    with open(path, "rb") as handle:
        charsmap = handle.read()
    check_charsmap(charsmap, path)
    return NormalizerSpec(name=rule_name, precompiled_charsmap=charsmap)


_add_snake_case_aliases(SentencePieceNormalizer)
