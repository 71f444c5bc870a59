"""`PackedEncodings`: a batch of Encodings that pickles as a few flat columns (the worker pool's reply).

Pickled one by one, an Encoding costs a pickle opcode for every value and a tuple for every
offset pair: the 20,000 Encodings of short lines that a pooled BERT `encode_batch` sends back took
0.26 s to pickle in the workers and 0.37 s to unpickle in the parent, which shares the two cores
with them. Packed, each field of the whole batch is one array (token strings and word ids one list
each), and the parent cuts every Encoding's tuples out of them with C-level slicing. An Encoding
made on the ids path sends only its ids and type ids: its other columns are the shared defaults.

What comes out equals what went in, field by field (`tests/test_encoding_pack.py`). Overflowing
windows travel inside the batch as Encodings pickled one by one (they are rare).
"""

from __future__ import annotations

from array import array
from itertools import chain, compress
from typing import Any

from .encoding import Encoding, _defaults, _restore


class PackedEncodings(list):
    """A list of Encodings, pickled packed: unpickling gives a plain list of equal Encodings."""

    def __reduce__(self) -> tuple:
        return _unpack, _pack(self)


def _pack(encodings: list[Encoding]) -> tuple:
    """The batch's columns, flat: (int type code, lengths, ids, type ids, default-column flags,
    then the non-default rows' tokens, word ids, offsets, special-token and attention masks),
    and each row's sequence ranges and overflowing windows."""
    columns = [encoding.columns() for encoding in encodings]
    defaults = [encoding.has_default_columns() for encoding in encodings]
    full = list(compress(columns, [not default for default in defaults]))
    ints = [
        [len(row[0]) for row in columns],
        list(chain.from_iterable(row[0] for row in columns)),
        list(chain.from_iterable(row[1] for row in columns)),
        list(chain.from_iterable(chain.from_iterable(row[4] for row in full))),
        list(chain.from_iterable(row[5] for row in full)),
        list(chain.from_iterable(row[6] for row in full)),
    ]
    code = "i"
    try:
        arrays = [array(code, values) for values in ints]
    except OverflowError:  # a value beyond 32 bits (none of the models makes one)
        code = "q"
        arrays = [array(code, values) for values in ints]
    lengths, ids, type_ids, offsets, special, attention = (values.tobytes() for values in arrays)
    tokens = list(chain.from_iterable(row[2] for row in full))
    word_ids = list(chain.from_iterable(row[3] for row in full))
    ranges = [encoding.sequence_ranges for encoding in encodings]
    overflowing = {index: tuple(encoding.overflowing) for index, encoding in enumerate(encodings) if encoding.overflowing}
    flags = bytes(defaults)
    return code, lengths, ids, type_ids, flags, tokens, word_ids, offsets, special, attention, ranges, overflowing


def _unpack(
    code: str,
    lengths: bytes,
    ids: bytes,
    type_ids: bytes,
    flags: bytes,
    tokens: list[str],
    word_ids: list[int | None],
    offsets: bytes,
    special: bytes,
    attention: bytes,
    ranges: list[dict[int, tuple[int, int]]],
    overflowing: dict[int, tuple[Encoding, ...]],
) -> list[Encoding]:
    """The Encodings `_pack` packed."""
    all_ids, all_types = _ints(code, ids), _ints(code, type_ids)
    all_offsets, all_special, all_attention = _ints(code, offsets), _ints(code, special), _ints(code, attention)
    encodings = []
    start = full_start = 0  # where the row starts in the columns of every row, of the full rows
    for index, (n, default, sequence_ranges) in enumerate(zip(_ints(code, lengths), flags, ranges)):
        end = start + n
        if default:
            _, tokens_, word_ids_, offsets_, special_, attention_ = _defaults(n)
        else:
            full_end = full_start + n
            pairs = iter(all_offsets[2 * full_start : 2 * full_end])
            tokens_ = tuple(tokens[full_start:full_end])
            word_ids_ = tuple(word_ids[full_start:full_end])
            offsets_ = tuple(zip(pairs, pairs))
            special_ = tuple(all_special[full_start:full_end])
            attention_ = tuple(all_attention[full_start:full_end])
            full_start = full_end
        windows = overflowing.get(index, ()) if overflowing else ()
        state: tuple[Any, ...] = (tuple(all_ids[start:end]), tuple(all_types[start:end]), tokens_, word_ids_, offsets_)
        encodings.append(_restore(*state, special_, attention_, windows, sequence_ranges))
        start = end
    return encodings


def _ints(code: str, packed: bytes) -> list[int]:
    values = array(code)
    values.frombytes(packed)
    return values.tolist()
