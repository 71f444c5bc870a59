"""Truncation as transformers 5's Python tokenizers do it (M2M100, Marian: `PythonBackend`).

Their `prepare_for_model` cuts the ids of each text with `truncate_sequences`, not the Rust
package's rule, and the two differ where a call has a pair or asks for overflowing tokens:

- `longest_first` on a pair first evens the lengths, then takes the rest half from each, the
  odd token from the second (`[10] + [10]` to 15: 8 + 7, where Rust keeps 7 + 8);
- `only_first` / `only_second` cut the text even when it is too short (down to nothing), and
  `only_second` on a single text cuts nothing, where Rust raises;
- overflowing tokens come back as the columns `overflowing_tokens` (the cut ids and `stride`
  more) and `num_truncated_tokens`, only for the rows that lost tokens and only without
  `return_tensors`, not as extra rows; with `longest_first` on a pair they are a ValueError.

So every call of such a class takes this path: each text encoded alone (in one batch), cut,
given its special tokens, then the batch padded; a single text's columns are unwrapped, its
`length` an int.
"""

from __future__ import annotations

from typing import Any

from ..core.encoding import Encoding
from ..core.padding import pad_encodings
from ..tokenizer.tokenizer import Tokenizer
from ._inputs import as_batch
from ._params import resolve_settings
from .batch_encoding import BatchEncoding

Cut = tuple[int, int]  # (tokens removed, from which end: 0 right, 1 left)


def truncate_sequences(
    first: list[int], pair: list[int] | None, remove: int, strategy: str, stride: int, left: bool
) -> tuple[int, int, list[int]]:
    """How many ids to drop from `first` and from `pair`, and the overflowing ids, as
    transformers' `PythonBackend.truncate_sequences` (its list slicing included)."""
    if remove <= 0:
        return 0, 0, []
    if strategy == "only_first" or (strategy == "longest_first" and pair is None):
        window = min(len(first), stride + remove)
        overflowing = first[:window] if left else first[-window:]
        return min(remove, len(first)), 0, overflowing
    if strategy == "longest_first":
        assert pair is not None
        size, pair_size = len(first), len(pair)
        first_remove = min(abs(pair_size - size), remove)
        second_remove = remove - first_remove
        if size > pair_size:
            from_first, from_pair = first_remove + second_remove // 2, second_remove - second_remove // 2
        else:
            from_first, from_pair = second_remove // 2, first_remove + second_remove - second_remove // 2
        return min(from_first, size), min(from_pair, pair_size), []
    if strategy == "only_second" and pair:
        window = min(len(pair), stride + remove)
        overflowing = pair[:window] if left else pair[-window:]
        return 0, min(remove, len(pair)), overflowing
    return 0, 0, []


def _cut(encoding: Encoding, count: int, left: bool) -> None:
    if count:
        encoding.truncate(len(encoding) - count, 0, "left" if left else "right")
        encoding.overflowing = []


class PythonTruncation:
    """Mixed into a `PreTrainedTokenizer` whose transformers class is a Python tokenizer: its
    calls encode each text alone, cut it as `truncate_sequences` does, add the special tokens
    and pad the batch, as `prepare_for_model` (see the module's docstring)."""

    def _split_backend(self, backend: Tokenizer, split_special_tokens: bool) -> Tokenizer:
        """Under `split_special_tokens`, a twin of the backend that finds no added token at all:
        a Python tokenizer then hands the whole text to its `_tokenize`."""
        return backend.with_added_tokens_unmatched() if split_special_tokens else backend.with_encode_special_tokens(False)

    def _encode_call(self, text: Any, pair: Any, *, backend: Any, **options: Any) -> BatchEncoding:
        items, is_batched = as_batch(text, pair, options["is_split_into_words"])
        if not is_batched and pair is not None:
            items = [(items[0][0], pair)]  # an empty text_pair is a pair here (a fast tokenizer drops it)
        is_pair = any(item_pair is not None for _, item_pair in items)
        add_special_tokens = options["add_special_tokens"]
        settings = resolve_settings(
            self._defaults(),  # type: ignore[attr-defined]
            padding=options["padding"],
            truncation=options["truncation"],
            max_length=options["max_length"],
            stride=options["stride"],
            pad_to_multiple_of=options["pad_to_multiple_of"],
            padding_side=options["padding_side"],
            stride_fits=False,
            verbose=options["verbose"],
        )
        overflow, tensors, truncation = options["return_overflowing_tokens"], options["return_tensors"], settings.truncation
        if overflow and is_pair and truncation is not None and truncation.strategy == "longest_first":
            raise ValueError(
                "Not possible to return overflowing tokens for pair of sequences with the `longest_first`. "
                "Please select another truncation strategy than `longest_first`, for instance `only_second` "
                "or `only_first`."
            )
        tokenizer = self._split_backend(backend, bool(options["split_special_tokens"]))
        # every text and every pair text in one batch (the worker pool may take it)
        texts = [item_text for item_text, _ in items] + [item_pair for _, item_pair in items if item_pair is not None]
        alone = iter(self._encode_texts(tokenizer, texts, options["is_split_into_words"]))
        firsts = [next(alone) for _ in items]
        rows: list[Encoding] = []
        overflowing: list[list[int]] = []
        truncated: list[int] = []
        for first, (_, item_pair) in zip(firsts, items):
            second = next(alone) if item_pair is not None else None
            if truncation is not None and truncation.max_length:  # (max_length=0 cuts nothing there)
                total = len(first) + (len(second) if second is not None else 0)
                total += tokenizer.num_special_tokens_to_add(second is not None) if add_special_tokens else 0
                left = truncation.direction == "left"
                from_first, from_pair, cut_ids = truncate_sequences(
                    first.ids, second.ids if second is not None else None, total - truncation.max_length,
                    truncation.strategy, truncation.stride, left,
                )
                _cut(first, from_first, left)
                if second is not None:
                    _cut(second, from_pair, left)
                if overflow and cut_ids:
                    overflowing.append(cut_ids)
                    truncated.append(total - truncation.max_length)
            row = tokenizer.post_process(first, second, add_special_tokens, padding=None, truncation=None)
            if second is not None and add_special_tokens:
                type_ids = self._pair_type_ids(len(first) + tokenizer.num_special_tokens_to_add(False), len(row))
                if type_ids is not None:
                    row.type_ids = type_ids
            rows.append(row)
        if is_batched and overflow and tensors is None and 0 < len(overflowing) < len(rows):
            # transformers' columns of overflowing tokens then miss the rows that lost none
            raise AssertionError("Some items in the output dictionary have a different batch size than others.")
        if settings.padding is not None:
            pad_encodings(rows, settings.padding)
        data: dict[str, Any] = self._model_inputs(rows, **{name: options[name] for name in _RETURNS})  # type: ignore[attr-defined]
        if overflowing and tensors is None:
            data["overflowing_tokens"] = overflowing if is_batched else overflowing[0]
            data["num_truncated_tokens"] = truncated if is_batched else truncated[0]
        if truncation is None and (settings.padding is None or settings.padding.length is None):
            self._warn_if_too_long(data["input_ids"], options["verbose"])  # type: ignore[attr-defined]
        if not is_batched and tensors is None:
            # a Python tokenizer's single text: every column unwrapped, its length an int
            data = {key: value[0] if key in _COLUMNS and value else value for key, value in data.items()}
        return BatchEncoding(data, rows, tensor_type=tensors, n_sequences=2 if is_pair else 1, python_based=True)

    def _encode_texts(self, tokenizer: Tokenizer, texts: list[Any], is_split_into_words: bool) -> list[Encoding]:
        """Each text (or word list) encoded alone, without special tokens, as the class's `tokenize` cuts it."""
        return tokenizer.encode_items([(text, None) for text in texts], is_split_into_words, False, padding=None, truncation=None)

    def _pair_type_ids(self, first: int, total: int) -> list[int] | None:
        """The token type ids of a pair of `total` tokens whose first text has `first` tokens with
        the special tokens of a single text, if the class counts them so; None keeps the template's."""
        return None


_RETURNS = ("return_token_type_ids", "return_attention_mask", "return_special_tokens_mask", "return_offsets_mapping",
            "return_length")
_COLUMNS = frozenset({"input_ids", "token_type_ids", "attention_mask", "special_tokens_mask", "offset_mapping", "length"})
