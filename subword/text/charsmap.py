"""SentencePiece's precompiled charsmap: normalization rules stored as a double-array trie.

The blob is `[u32 trie size in bytes][trie: u32 units][replacements]`, little-endian. The trie
(darts-clone layout) maps UTF-8 keys to a byte offset into `replacements`, a run of
NUL-terminated UTF-8 strings. Two ways of applying it exist, and both are offered here:

- `CharsMap.transform(chunk)`: the replacement of the *shortest* key that prefixes `chunk`, as
  the Rust package applies it to each grapheme (see normalizers/precompiled.py);
- `CharsMap.longest_prefix(text, start)`: the *longest* key starting at `start`, as
  sentencepiece's own normalizer consumes its input (fall back to one unchanged char on a miss).

`build_charsmap` writes a (simple, not compact) charsmap from a dict of rules.
"""

from __future__ import annotations

import struct
from typing import Mapping

from ..errors import ArgumentValueError

_CACHE_LIMIT = 100_000
_MISSING = object()  # a cache miss (None is a cached "no match")


def _has_leaf(unit: int) -> bool:
    return (unit >> 8) & 1 == 1


def _value(unit: int) -> int:
    return unit & 0x7FFFFFFF


def _label(unit: int) -> int:
    return unit & 0x800000FF


def _offset(unit: int) -> int:
    return (unit >> 10) << ((unit & (1 << 9)) >> 6)


def parse_charsmap(data: bytes) -> tuple[tuple[int, ...], bytes]:
    """Split a precompiled charsmap into its trie units and its replacements blob.

    >>> parse_charsmap(struct.pack("<II", 4, 7) + b"ab\\0")
    ((7,), b'ab\\x00')

    Raises ArgumentValueError when the blob is too short for the trie size it announces, or
    when the replacements are not UTF-8.
    """
    if len(data) < 4:
        raise ArgumentValueError(f"precompiled_charsmap: expected at least 4 bytes, got {len(data)}")
    (trie_size,) = struct.unpack_from("<I", data, 0)
    unit_count = trie_size // 4
    trie_end = 4 + 4 * unit_count
    if len(data) < trie_end:
        raise ArgumentValueError(
            f"precompiled_charsmap: announces a {trie_size}-byte trie but holds only {len(data) - 4} bytes after the size"
        )
    units = struct.unpack_from(f"<{unit_count}I", data, 4)
    replacements = data[trie_end:]
    try:
        replacements.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArgumentValueError(
            f"precompiled_charsmap: the replacement strings are not UTF-8 (byte {trie_end + error.start})"
        ) from error
    return units, replacements


class CharsMap:
    """A parsed precompiled charsmap: look up the replacement of a text's prefix.

    With the charsmap of T5 (sentencepiece's nmt_nfkc rules), `transform("ﬁ") -> "fi"`,
    `transform("a") -> None` and `longest_prefix("①x") -> ("1", 1)`.
    """

    def __init__(self, data: bytes) -> None:
        self.data = bytes(data)
        self.units, self.replacements = parse_charsmap(self.data)
        self._transform_cache: dict[str, str | None] = {}

    def prefix_matches(self, key: bytes) -> list[tuple[int, int]]:
        """(key length in bytes, replacement offset) of every trie key that prefixes `key`, shortest first.

        The search stops at a NUL byte, as darts-clone's does.
        """
        units = self.units
        if not units:
            return []
        matches = []
        node = _offset(units[0])
        for length, byte in enumerate(key, start=1):
            if byte == 0:
                break
            node ^= byte
            if node >= len(units):
                break
            unit = units[node]
            if _label(unit) != byte:
                break
            node ^= _offset(unit)
            if _has_leaf(unit):
                matches.append((length, _value(units[node])))
        return matches

    def _shortest_match(self, key: bytes) -> int | None:
        """The replacement offset of the shortest key prefixing `key` (`prefix_matches(key)[0]`, faster)."""
        units = self.units
        if not units:
            return None
        node = _offset(units[0])
        size = len(units)
        for byte in key:
            if byte == 0:
                return None
            node ^= byte
            if node >= size:
                return None
            unit = units[node]
            if unit & 0x800000FF != byte:
                return None
            node ^= (unit >> 10) << ((unit & 0x200) >> 6)
            if unit & 0x100:
                return units[node] & 0x7FFFFFFF
        return None

    def replacement(self, offset: int) -> str:
        """The NUL-terminated replacement string that starts at byte `offset`."""
        end = self.replacements.find(b"\0", offset)
        if end < 0:
            end = len(self.replacements)
        return self.replacements[offset:end].decode("utf-8")

    def transform(self, chunk: str) -> str | None:
        """The replacement of the shortest key prefixing `chunk`, or None (the Rust package's lookup).

        The whole chunk is replaced by it even when the key covers only part of the chunk.
        """
        cache = self._transform_cache
        # one get, not `in` then `[]`: another thread may empty the cache between the two
        result = cache.get(chunk, _MISSING)
        if result is not _MISSING:
            return result  # type: ignore[return-value]
        offset = self._shortest_match(chunk.encode("utf-8"))
        result = None if offset is None else self.replacement(offset)
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[chunk] = result
        return result

    def longest_prefix(self, text: str, start: int = 0) -> tuple[str, int] | None:
        """(replacement, chars consumed) for the longest key at `text[start:]`, or None on a miss.

        This is sentencepiece's rule; on a miss it keeps one char unchanged. Only keys ending on a
        char boundary count (charsmaps built by sentencepiece hold no other).
        """
        units = self.units
        if not units:
            return None
        node = _offset(units[0])
        best = None
        for position in range(start, len(text)):
            for byte in text[position].encode("utf-8"):
                if byte == 0:
                    return best
                node ^= byte
                if node >= len(units):
                    return best
                unit = units[node]
                if _label(unit) != byte:
                    return best
                node ^= _offset(unit)
                leaf = _has_leaf(unit)
            if leaf:
                best = (self.replacement(_value(units[node])), position + 1 - start)
        return best


def build_charsmap(rules: Mapping[str, str] | Mapping[bytes, str] | Mapping[str | bytes, str]) -> bytes:
    """A precompiled charsmap that rewrites each key of `rules` to its value.

    The trie is a double array packed first-fit (not byte-identical to sentencepiece's
    darts-clone layout, but read the same way). Keys must be non-empty and free of NUL; a bytes key may be part of a
    char's UTF-8 (a lead byte, say), which only the shortest-key lookup of `transform` can meet.

    >>> CharsMap(build_charsmap({"ａ": "a", "ﬁ": "fi"})).transform("ﬁx")
    'fi'
    >>> CharsMap(build_charsmap({b"\\xc3": "#"})).transform("é")
    '#'
    """
    replacements = bytearray()
    offsets = {}
    for value in sorted(set(rules.values())):
        offsets[value] = len(replacements)
        replacements += value.encode("utf-8") + b"\0"
    # A nested dict per node: byte -> child, with the key None holding a leaf's replacement offset.
    root: dict = {}
    for key, value in rules.items():
        encoded = key if isinstance(key, bytes) else key.encode("utf-8")
        if not encoded or 0 in encoded:
            raise ArgumentValueError(f"build_charsmap: keys must be non-empty and without NUL, got {key!r}")
        node = root
        for byte in encoded:
            node = node.setdefault(byte, {})
        node[None] = offsets[value]
    units = _double_array(root)
    trie = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie)) + trie + bytes(replacements)


def _double_array(root: dict) -> list[int]:
    """The double-array units of a trie of nested dicts (byte -> child; None -> leaf value).

    Equal subtrees are stored once (the trie becomes a DAWG, as darts-clone builds it). Each
    stored node gets a base of its own (so a label found at `base ^ byte` is always the edge of
    that node), its edges at `base ^ byte` and its leaf value at `base` itself.
    """
    nodes: list[tuple[int | None, tuple[tuple[int, int], ...]]] = []
    index: dict[tuple, int] = {}

    def intern(node: dict) -> int:
        children = tuple((byte, intern(child)) for byte, child in sorted((b, c) for b, c in node.items() if b is not None))
        signature = (node.get(None), children)
        if signature not in index:
            index[signature] = len(nodes)
            nodes.append(signature)
        return index[signature]

    top = intern(root)
    units: list[int] = [0] * 256
    used = bytearray(256)
    used[0] = 1  # the root's own unit
    bases = {0}  # darts-clone refuses a root whose children sit at offset 0
    base_of: dict[int, int] = {}
    first_free = 1
    stack = [top]
    while stack:
        number = stack.pop()
        if number in base_of:
            continue
        leaf, children = nodes[number]
        labels = [byte for byte, _ in children]
        slots = ([0] if leaf is not None else []) + labels
        base, first_free = _free_base(used, bases, slots, first_free, labels[0] if labels else 0)
        end = (base | 0xFF) + 1
        if end > len(used):
            used.extend(bytes(end - len(used)))
            units.extend([0] * (end - len(units)))
        bases.add(base)
        base_of[number] = base
        for slot in slots:
            used[base ^ slot] = 1
        if leaf is not None:
            units[base] = leaf | (1 << 31)
        found = used.find(0, first_free)
        first_free = len(used) if found < 0 else found
        stack.extend(child for _, child in reversed(children))
    edges = [(0, 0, top)] + [(base_of[n] ^ byte, byte, child) for n in base_of for byte, child in nodes[n][1]]
    for position, label, child in edges:
        offset = position ^ base_of[child]
        if offset >= 1 << 21:
            raise ArgumentValueError("build_charsmap: the rules make a trie too large for a charsmap")
        units[position] = label | ((nodes[child][0] is not None) << 8) | (offset << 10)
    return units


def _free_base(used: bytearray, bases: set[int], slots: list[int], start: int, first_label: int) -> tuple[int, int]:
    """The first base, trying each free position from `start` for the first label, whose slots
    are free; and where the next search starts (past holes that failed too often)."""
    free = start
    for tries in range(1 << 30):
        if free >= len(used):
            base = free ^ first_label
            while base in bases:
                base += 256
            return base, start
        base = free ^ first_label
        if base not in bases and all(base ^ slot >= len(used) or not used[base ^ slot] for slot in slots):
            return base, start
        if tries == 16:
            start = free  # the holes before here are hard to fill: stop trying them
        found = used.find(0, free + 1)
        free = len(used) if found < 0 else found
    raise AssertionError("unreachable")
