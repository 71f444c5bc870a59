"""The one-pass merge of a post-processor's template: the special tokens' columns and the
sequences' joined in a single Encoding, without an Encoding per special token.

A plan is a tuple of steps: (sequence index, type id), or (a special token's columns, its type
id). TemplateProcessing, BertProcessing and RobertaProcessing make theirs.
"""

from __future__ import annotations

from typing import Sequence

from ..core.encoding import Encoding, KeptColumns, default_columns, joined_columns, share_tail, shared_span


def special_columns(ids: Sequence[int], tokens: Sequence[str], type_id: int) -> tuple:
    """A special token's columns, as `Encoding.columns` gives them."""
    n = len(ids)
    return (tuple(ids), (type_id,) * n, tuple(tokens), (None,) * n, ((0, 0),) * n, (1,) * n, (1,) * n)


def planned_encoding(
    plan: tuple, encodings: list[Encoding], add_special_tokens: bool, own_type_ids: bool, tails: KeptColumns,
    surround: bool = False,
) -> Encoding:
    """The Encoding of a template's plan: each step a sequence index (that encoding, with the
    step's type id unless `own_type_ids`) or the columns of a special token. With `surround`, as
    BertProcessing and RobertaProcessing put their tokens around a sequence: its special-tokens
    mask all 0, its attention mask all 1, and its span alone as its sequence range. When every sequence has the shared default
    columns, the joined columns after type_ids depend on the lengths alone and are kept in `tails`; so do the joined
    type ids and masks when the sequences' masks are the defaults (and not `own_type_ids`)."""
    if not own_type_ids and all(not encoding.sequence_ranges and encoding.has_default_columns() for encoding in encodings):
        return _planned_ids(plan, encodings, add_special_tokens, tails, surround)
    return _planned(plan, encodings, add_special_tokens, own_type_ids, tails, surround)


def _planned(
    plan: tuple, encodings: list[Encoding], add_special_tokens: bool, own_type_ids: bool, tails: KeptColumns, surround: bool
) -> Encoding:
    """`planned_encoding`, step by step."""
    parts: list[tuple[tuple, ...]] = []
    sequence_ranges: dict[int, tuple[int, int]] = {}
    start = 0
    defaults = masks = True
    for step, type_id in plan:
        if step.__class__ is int:
            encoding = encodings[step]
            ids, type_ids, tokens, word_ids, offsets, special_tokens_mask, attention_mask = encoding.columns()
            n = len(ids)
            defaults = defaults and encoding.has_default_columns()
            # the sequence's own ranges, then its whole span as sequence `step`
            if surround:
                special_tokens_mask, attention_mask = default_columns(n)[4:]  # all 0, all 1
            else:
                masks = masks and encoding.has_default_masks()
                for sequence_id, (first, last) in encoding.sequence_ranges.items():
                    sequence_ranges[sequence_id] = shared_span(first + start, last + start)
            sequence_ranges[step] = shared_span(start, start + n)
            if not own_type_ids:
                type_ids = (type_id,) * n
            parts.append((ids, type_ids, tokens, word_ids, offsets, special_tokens_mask, attention_mask))
            start += n
        elif add_special_tokens:
            parts.append(step)
            start += len(step[0])
    key = (len(encodings), add_special_tokens, *map(len, encodings))
    if not defaults:
        if own_type_ids or not masks:
            return Encoding.from_parts(parts, sequence_ranges)
        # type ids and masks: by the lengths alone, one tuple each for every Encoding alike
        shared_key = ("type ids and masks", *key)
        shared = tails.get(shared_key)
        if shared is None:
            shared = tails.keep(shared_key, tuple(joined_columns([(part[1], part[5], part[6]) for part in parts])), 3 * start)
        ids = tokens = word_ids = offsets = ()
        for part in parts:
            ids += part[0]
            tokens += part[2]
            word_ids += part[3]
            offsets += part[4]
        return Encoding.from_parts([(ids, shared[0], tokens, word_ids, offsets, shared[1], shared[2])], sequence_ranges)
    tail = tails.get(key)
    if tail is None:
        tail = share_tail(tuple(joined_columns([part[2:] for part in parts])))
        tails.keep(key, tail, 5 * start)
    return Encoding.from_parts([(*joined_columns([part[:2] for part in parts]), *tail)], sequence_ranges)


def _planned_ids(plan: tuple, encodings: list[Encoding], add_special_tokens: bool, tails: KeptColumns, surround: bool) -> Encoding:
    """`planned_encoding` of sequences that have the default columns and no ranges of their own,
    as the ids path gives them: all but the ids depend on the lengths alone, made once by
    `_planned` and kept in `tails`."""
    key = ("ids path", len(encodings), add_special_tokens, *map(len, encodings))
    kept = tails.get(key)
    if kept is None:
        made = _planned(plan, encodings, add_special_tokens, False, tails, surround)
        columns = made.columns()
        kept = tails.keep(key, (columns[1:], made.sequence_ranges), 6 * len(columns[0]))
        made.sequence_ranges = dict(made.sequence_ranges)
        return made
    ids: tuple[int, ...] = ()
    for step, _ in plan:
        if step.__class__ is int:
            ids += encodings[step].columns()[0]
        elif add_special_tokens:
            ids += step[0]
    return Encoding.from_parts([(ids, *kept[0])], dict(kept[1]))
