"""Model inputs as numpy arrays or torch tensors, converted as transformers 5 converts them.

numpy and torch are optional: each is imported when a call asks for its tensors (numpy for
`return_tensors="np"`, torch for `"pt"` and `BatchEncoding.to`), so `import subword` needs
neither. Rows of different lengths become, with "np", an object array of one array per row (as
transformers 5 makes them); torch cannot hold them and the error says to pad.
"""

from __future__ import annotations

from typing import Any, Callable

from ..errors import ArgumentValueError, MissingDependencyError

TENSOR_TYPES = ("pt", "np", "mlx")


def is_empty(value: Any) -> bool:
    """True if a (nested) list holds no leaf at all.

    >>> is_empty([[], [[]]]), is_empty([[], [1]])
    (True, False)
    """
    if len(value) == 0:
        return True
    if not isinstance(value[0], (list, tuple)):
        return False
    return all(is_empty(item) for item in value)


def numpy_array(value: Any, dtype: Any = None) -> Any:
    """`value` as a numpy array: int64 when empty, an object array of row arrays when ragged.

    >>> numpy_array([[1, 2], [3]]).dtype.name, numpy_array([]).dtype.name
    ('object', 'int64')
    """
    import numpy as np

    if isinstance(value, (list, tuple)) and value and isinstance(value[0], (list, tuple, np.ndarray)):
        if len({len(row) for row in value}) > 1 and dtype is None:
            value = numpy_array([np.asarray(row) for row in value], dtype=object)
    if isinstance(value, (list, tuple)) and is_empty(value) and dtype is None:
        dtype = np.int64
    return np.asarray(value, dtype=dtype)


def import_torch(what: str) -> Any:
    """The torch module, or a MissingDependencyError (an ImportError) naming `what` needs it."""
    try:
        import torch
    except ImportError:
        raise MissingDependencyError(
            f"{what} needs PyTorch, which is not installed: install torch, or use return_tensors=\"np\""
        ) from None
    return torch


def converter(tensor_type: str) -> tuple[Callable[[Any], Any], Callable[[Any], bool]]:
    """(make a tensor, is it one already) for "np" or "pt"; an error for anything else."""
    if tensor_type == "np":
        import numpy as np

        return numpy_array, lambda value: isinstance(value, np.ndarray)
    if tensor_type == "pt":
        torch = import_torch('return_tensors="pt"')

        def as_torch(value: Any) -> Any:
            import numpy as np

            if isinstance(value, list) and value and isinstance(value[0], np.ndarray):
                return torch.from_numpy(np.array(value))
            dtype = torch.int64 if isinstance(value, (list, tuple)) and is_empty(value) else None
            return torch.tensor(value, dtype=dtype)

        return as_torch, torch.is_tensor
    if tensor_type == "mlx":
        raise MissingDependencyError('return_tensors="mlx" is not supported by subword; use "np" or "pt"')
    raise ArgumentValueError(f"{tensor_type!r} is not a valid TensorType, please select one of {list(TENSOR_TYPES)}")


def convert_columns(data: dict[str, Any], tensor_type: str, prepend_batch_axis: bool = False) -> None:
    """Turn each value of `data` into a tensor of `tensor_type`, in place."""
    as_tensor, is_tensor = converter(tensor_type)
    for key, value in data.items():
        if prepend_batch_axis:
            value = [value]
        if is_tensor(value):
            continue
        try:
            data[key] = as_tensor(value)
        except Exception as error:
            raise ArgumentValueError(
                f"Unable to create tensor of {key!r}: its rows have different lengths or too much nesting; "
                "pass padding=True (and truncation=True) to have batched tensors with the same length"
            ) from error
