"""The flags of sentencepiece's trainer: their types and defaults, and reading them from
`"--input=a.txt --vocab_size=500"` or from keyword arguments, as `SentencePieceTrainer.train` does.

Names and defaults are those of sentencepiece's `TrainerSpec` and `NormalizerSpec` (0.2.x), plus
the trainer's own `normalization_rule_name` and `minloglevel`. Values are parsed from text as
sentencepiece parses them: an unknown flag is a RuntimeError, a value that does not parse a
ValueError. Flags whose feature is not implemented (`input_format=tsv`, differential privacy...)
are accepted and read, and refused by the trainer only when set away from their default.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..errors import ArgumentValueError, UnknownFlagError
from ._proto import BPE, CHAR, UNIGRAM, WORD

MODEL_TYPES = {"unigram": UNIGRAM, "bpe": BPE, "word": WORD, "char": CHAR}

# name -> (kind, default); kind is "str", "int", "float", "bool", "list" or "model_type"
FLAGS: dict[str, tuple[str, Any]] = {
    "input": ("list", []),
    "input_format": ("str", ""),
    "model_prefix": ("str", ""),
    "model_type": ("model_type", UNIGRAM),
    "vocab_size": ("int", 8000),
    "accept_language": ("list", []),
    "self_test_sample_size": ("int", 0),
    "enable_differential_privacy": ("bool", False),
    "differential_privacy_noise_level": ("float", 0.0),
    "differential_privacy_clipping_threshold": ("int", 0),
    "character_coverage": ("float", 0.9995),
    "input_sentence_size": ("int", 0),
    "shuffle_input_sentence": ("bool", True),
    "mining_sentence_size": ("int", 0),
    "training_sentence_size": ("int", 0),
    "seed_sentencepiece_size": ("int", 1_000_000),
    "shrinking_factor": ("float", 0.75),
    "max_sentence_length": ("int", 4192),
    "num_threads": ("int", 16),
    "num_sub_iterations": ("int", 2),
    "max_sentencepiece_length": ("int", 16),
    "split_by_unicode_script": ("bool", True),
    "split_by_number": ("bool", True),
    "split_by_whitespace": ("bool", True),
    "treat_whitespace_as_suffix": ("bool", False),
    "allow_whitespace_only_pieces": ("bool", False),
    "split_digits": ("bool", False),
    "pretokenization_delimiter": ("str", ""),
    "control_symbols": ("list", []),
    "user_defined_symbols": ("list", []),
    "required_chars": ("str", ""),
    "byte_fallback": ("bool", False),
    "vocabulary_output_piece_score": ("bool", True),
    "hard_vocab_limit": ("bool", True),
    "use_all_vocab": ("bool", False),
    "unk_id": ("int", 0),
    "bos_id": ("int", 1),
    "eos_id": ("int", 2),
    "pad_id": ("int", -1),
    "unk_piece": ("str", "<unk>"),
    "bos_piece": ("str", "<s>"),
    "eos_piece": ("str", "</s>"),
    "pad_piece": ("str", "<pad>"),
    "unk_surface": ("str", " \u2047 "),
    "train_extremely_large_corpus": ("bool", False),
    "seed_sentencepieces_file": ("str", ""),
    # NormalizerSpec
    "name": ("str", ""),
    "add_dummy_prefix": ("bool", True),
    "remove_extra_whitespaces": ("bool", True),
    "escape_whitespaces": ("bool", True),
    "normalization_rule_tsv": ("str", ""),
    # the trainer's own
    "normalization_rule_name": ("str", "nmt_nfkc"),
    "denormalization_rule_tsv": ("str", ""),
    "minloglevel": ("int", 0),
}
_TRUE = {"true", "1", "t", "yes", "y"}
_FALSE = {"false", "0", "f", "no", "n"}


def parse_flag_string(text: str) -> dict[str, str]:
    """`"--a=1 --b"` -> {"a": "1", "b": "true"}: flags split at spaces, a bare flag is true.

    >>> parse_flag_string("--input=a.txt  --vocab_size=10 --byte_fallback")
    {'input': 'a.txt', 'vocab_size': '10', 'byte_fallback': 'true'}
    """
    flags: dict[str, str] = {}
    for word in text.split():
        name, equals, value = word.lstrip("-").partition("=")
        flags[name] = value if equals else "true"
    return flags


def encode_value(value: Any) -> str:
    """A keyword value as text, as sentencepiece's Python wrapper sends it: lists as one CSV row.

    >>> encode_value(["<a>", "b,c"]), encode_value(True), encode_value(0.5)
    ('<a>,"b,c"', 'True', '0.5')
    """
    if isinstance(value, list):
        return _csv_row([str(item) for item in value])
    return str(value)


def _csv_row(items: list[str]) -> str:
    """One CSV row, as sentencepiece's wrapper writes it (Python's csv writer, no line
    terminator): a field holding a comma or a quote is quoted, its quotes doubled, and a lone
    empty field is `""`. (Written out: importing `csv` at start-up would run a `csv.py` of the
    working folder under `python -m subword`.)

    >>> _csv_row(["a", "b,c", 'd"e', "f\\ng"]), _csv_row([""])
    ('a,"b,c","d""e",f\\ng', '""')
    """
    if items == [""]:
        return '""'
    fields = []
    for item in items:
        if "," in item or '"' in item:
            item = '"' + item.replace('"', '""') + '"'
        fields.append(item)
    return ",".join(fields)


def _csv_fields(text: str) -> list[str]:
    """The fields of one CSV row (quoted fields may hold commas, doubled quotes and line breaks).

    >>> _csv_fields('a,"b,c","d""e",')
    ['a', 'b,c', 'd"e', '']
    """
    fields: list[str] = []
    field: list[str] = []
    quoted = False
    index = 0
    while index < len(text):
        char = text[index]
        if quoted:
            if char == '"' and text[index + 1 : index + 2] == '"':
                field.append('"')
                index += 1
            elif char == '"':
                quoted = False
            else:
                field.append(char)
        elif char == '"':
            quoted = True
        elif char == ",":
            fields.append("".join(field))
            field = []
        else:
            field.append(char)
        index += 1
    fields.append("".join(field))
    return fields


def read_flags(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Every flag's value: the defaults, overridden by `raw` (text values, or lists for list
    flags) parsed by kind."""
    values = {name: (list(default) if isinstance(default, list) else default) for name, (_, default) in FLAGS.items()}
    for name, text in raw.items():
        if name not in FLAGS:
            raise UnknownFlagError(f'unknown field name "{name}" in TrainerSpec (sentencepiece has no such trainer flag)')
        values[name] = _parse(name, FLAGS[name][0], text)
    return values


def _parse(name: str, kind: str, text: Any) -> Any:
    """One flag's value from its text."""
    if kind == "str":
        return text
    if kind == "list":
        if isinstance(text, list):  # a keyword argument's list, passed as it is
            return [str(item) for item in text]
        return _csv_fields(text) if text else []
    if kind == "bool":
        lowered = text.lower()
        if lowered in _TRUE or lowered in _FALSE:
            return lowered in _TRUE
        raise ArgumentValueError(f'cannot parse "{text}" as bool (flag {name}: use true or false)')
    if kind == "model_type":
        if text.lower() not in MODEL_TYPES:
            raise ArgumentValueError(f'unknown enumeration value of "{text}" for {name}; use one of {", ".join(MODEL_TYPES)}')
        return MODEL_TYPES[text.lower()]
    try:
        return int(text) if kind == "int" else float(text)
    except ValueError:
        raise ArgumentValueError(f'cannot parse "{text}" as {kind} (flag {name})') from None
