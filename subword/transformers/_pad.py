"""`tokenizer.pad(...)`: padding already encoded inputs, as data collators do.

Accepted, as transformers accepts them: a dict of lists, a list of dicts (rows as lists, numpy
arrays or torch tensors), a BatchEncoding, or one row's dict. Rows given as numpy arrays (torch
tensors) come back as numpy arrays (torch tensors) unless `return_tensors` says otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..core.encoding import Encoding
from ..core.padding import pad_encodings
from ..errors import ArgumentTypeError, ArgumentValueError, type_name
from ._inputs import to_python
from ._params import PaddingArg, resolve_settings
from .batch_encoding import BatchEncoding

if TYPE_CHECKING:
    from .pretrained import PreTrainedTokenizer

_FIELDS = {"token_type_ids": "type_ids", "special_tokens_mask": "special_tokens_mask", "attention_mask": "attention_mask"}


def pad(
    tokenizer: PreTrainedTokenizer,
    encoded_inputs: Any,
    padding: PaddingArg = True,
    max_length: int | None = None,
    pad_to_multiple_of: int | None = None,
    padding_side: str | None = None,
    return_attention_mask: bool | None = None,
    return_tensors: str | None = None,
) -> BatchEncoding:
    """Pad `encoded_inputs` (see the module docstring) to the longest row or to `max_length`."""
    inputs = _columns(encoded_inputs)
    main = tokenizer.model_input_names[0]
    if main not in inputs:
        raise ArgumentValueError(
            "You should supply an encoding or a list of encodings to this method "
            f"that includes {main}, but you provided {list(inputs)}"
        )
    required = inputs[main]
    if required is None or (hasattr(required, "__len__") and len(required) == 0):
        if return_attention_mask:
            inputs["attention_mask"] = []
        return BatchEncoding(inputs)
    kind = _tensor_kind(required)
    if kind is not None:
        return_tensors = kind if return_tensors is None else return_tensors
    columns = {key: to_python(value) for key, value in inputs.items()}
    if kind is not None:  # rows of arrays: each row as a list too
        columns = {key: [to_python(row) for row in value] if isinstance(value, list) else value for key, value in columns.items()}
    single = bool(columns[main]) and not isinstance(columns[main][0], (list, tuple))
    if single:
        columns = {key: [value] for key, value in columns.items()}
    if return_attention_mask is None:
        return_attention_mask = "attention_mask" in tokenizer.model_input_names
    settings = resolve_settings(
        tokenizer._defaults(), padding=padding, truncation=False, max_length=max_length,
        pad_to_multiple_of=pad_to_multiple_of, padding_side=padding_side,
    )
    given_mask = {key: value for key, value in columns.items() if key == "attention_mask"}
    if settings.padding is not None:
        rows = [
            Encoding(ids=list(ids), **{field: list(columns[key][i]) for key, field in _FIELDS.items() if key in columns})  # type: ignore[arg-type]
            for i, ids in enumerate(columns[main])
        ]
        pad_encodings(rows, settings.padding)
        columns[main] = [e.ids for e in rows]
        for key, field in _FIELDS.items():
            if key in columns or (key == "attention_mask" and return_attention_mask):
                columns[key] = [getattr(e, field) for e in rows]
    elif return_attention_mask and "attention_mask" not in columns:
        columns["attention_mask"] = [[1] * len(ids) for ids in columns[main]]
    if not return_attention_mask:  # as transformers: a given mask stays, unpadded
        columns.pop("attention_mask", None)
        if "attention_mask" in given_mask:
            columns["attention_mask"] = given_mask["attention_mask"]
    if single:
        columns = {key: value[0] for key, value in columns.items()}
    return BatchEncoding(columns, tensor_type=return_tensors)


def _columns(encoded_inputs: Any) -> dict[str, Any]:
    """A dict of columns from a dict of lists, a list of dicts, or a BatchEncoding."""
    if isinstance(encoded_inputs, (list, tuple)) and encoded_inputs and isinstance(encoded_inputs[0], Mapping):
        return {key: [row[key] for row in encoded_inputs] for key in encoded_inputs[0].keys()}
    if isinstance(encoded_inputs, Mapping):
        return {key: encoded_inputs[key] for key in encoded_inputs.keys()}
    raise ArgumentTypeError(
        f"pad needs a dict of lists, a list of dicts or a BatchEncoding, got {type_name(encoded_inputs)}"
    )


def _tensor_kind(required: Any) -> str | None:
    """"np" or "pt" when the rows are numpy arrays or torch tensors, None for Python lists."""
    first = required[0]
    if isinstance(first, (list, tuple)):
        # the first element of the first non-empty row
        first = next((row[0] for row in required if len(row)), first)
    if isinstance(first, (int, list, tuple)):
        return None
    module = type(first).__module__.split(".")[0]
    if module == "torch":
        return "pt"
    if module == "numpy" and hasattr(first, "ndim") and type(first).__name__ == "ndarray":
        return "np"
    raise ArgumentValueError(
        f"type of {first} unknown: {type(first)}. Should be one of a python, numpy, or pytorch object."
    )
