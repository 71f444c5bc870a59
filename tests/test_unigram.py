"""Unigram and its lattice: hand-worked segmentations, unknowns, n-best lists, samples, files."""

from __future__ import annotations

import doctest
import itertools
import json
import math
import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subword.models.unigram.lattice
import subword.models.unigram.model
from subword.errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError
from subword.models import Token, Unigram, models_registry
from subword.models.unigram.lattice import Lattice, NestedPieceTrie, PieceTrie, best_path, populate, split_unknowns

# The example of the Rust package's documentation: "abcdacdxx" -> abcd, a, cd, xx.
PIECES = [
    ("<unk>", 0.0),
    ("a", 0.0),
    ("b", 0.0),
    ("c", 0.0),
    ("d", 0.0),
    ("cd", 1.0),
    ("ab", 2.0),
    ("abc", 5.0),
    ("abcd", 10.0),
]


def values(tokens: list[Token]) -> list[tuple[str, tuple[int, int]]]:
    return [(token.value, token.offsets) for token in tokens]


@pytest.mark.parametrize("module", [subword.models.unigram.model, subword.models.unigram.lattice])
def test_doctests(module):
    assert doctest.testmod(module).failed == 0


def test_best_segmentation_and_fused_unknowns():
    model = Unigram(PIECES, unk_id=0)
    tokens = model.tokenize("abcdacdxx")
    assert [t.value for t in tokens] == ["abcd", "a", "cd", "xx"]
    assert [t.offsets for t in tokens] == [(0, 4), (4, 5), (5, 7), (7, 9)]
    assert [t.id for t in tokens] == [8, 1, 5, 0]
    assert model.tokenize_ids("abcdacdxx") == [8, 1, 5, 0]
    assert model.tokenize("") == [] and model.tokenize_ids("") == []


def test_ties_go_to_the_longest_last_piece():
    # "ab" + "c" and "a" + "bc" both score -2: the path whose last piece starts first wins
    # (the Rust package agrees).
    model = Unigram([("<unk>", 0.0), ("a", -1.0), ("b", -5.0), ("c", -1.0), ("ab", -1.0), ("bc", -1.0)], 0)
    assert [t.value for t in model.tokenize("abc")] == ["a", "bc"]
    lattice = model.lattice("abc")
    path, score = lattice.viterbi()
    assert [lattice.piece(n)[:2] for n in path] == [(0, 1), (1, 3)] and score == -2.0


def test_unknown_score_is_min_score_minus_ten():
    # min score -12 ("z"), so an unknown char scores -22; "x" unknown + "y" is -23.
    model = Unigram([("<unk>", 0.0), ("y", -1.0), ("z", -12.0)], 0)
    assert model.unk_score == -22.0
    assert model.tokenize("xy") == [Token(0, "x", (0, 1)), Token(1, "y", (1, 2))]
    assert model.nbest("xy", 1)[0][1] == -23.0
    # A whole piece always beats unknown chars: it sets the min, so an unknown costs 10 more.
    whole = Unigram([("<unk>", 0.0), ("y", -1.0), ("xy", -30.0)], 0)
    assert whole.unk_score == -40.0 and [t.value for t in whole.tokenize("xy")] == ["xy"]


def test_unknown_without_unk_id_is_an_error():
    model = Unigram([("a", -1.0)])
    assert model.tokenize("aa") == [Token(0, "a", (0, 1)), Token(0, "a", (1, 2))]
    with pytest.raises(ArgumentValueError, match="unk_id"):
        model.tokenize("ab")


def test_byte_fallback_spells_unknown_runs_in_bytes():
    vocab = [("<unk>", 0.0), ("a", -1.0), ("<0x78>", -3.0), ("<0x79>", -3.0)]
    model = Unigram(vocab, 0, byte_fallback=True)
    assert model.tokenize("axy") == [Token(1, "a", (0, 1)), Token(2, "<0x78>", (1, 3)), Token(3, "<0x79>", (1, 3))]
    assert model.tokenize_ids("axy") == [1, 2, 3]
    # "é" has no byte pieces: the whole unknown run stays one unknown token.
    assert model.tokenize("xé") == [Token(0, "xé", (0, 3))]  # offsets in UTF-8 bytes, as in Rust
    assert Unigram(vocab, 0).tokenize("xy") == [Token(0, "xy", (0, 2))]


def test_repeated_piece_uses_its_last_id():
    model = Unigram([("<unk>", 0.0), ("a", -1.0), ("a", -2.0)], 0)
    assert model.tokenize("a") == [Token(2, "a", (0, 1))]
    assert model.get_vocab() == {"<unk>": 0, "a": 2} and model.get_vocab_size() == 3
    assert model.id_to_token(1) == "a" and model.id_to_token(3) is None and model.id_to_token(-1) is None


def test_constructor_defaults_and_errors():
    default = Unigram()
    assert default.get_vocab() == {"<unk>": 0} and default.unk_id == 0 and not default.byte_fallback
    with pytest.raises(ArgumentValueError, match="both"):
        Unigram(None, 0)
    with pytest.raises(ArgumentValueError, match="empty"):
        Unigram([], 0)
    with pytest.raises(ArgumentValueError, match="unk_id 3"):
        Unigram([("a", 0.0)], 3)
    with pytest.raises(ArgumentTypeError, match=r"vocab\[0\]"):
        Unigram([("a", "x")], None)
    with pytest.raises(ArgumentTypeError):
        Unigram([("a", 0.0)], None, byte_fallback=1)
    with pytest.raises(ArgumentTypeError):
        Unigram([("a", 0.0)], "0")
    with pytest.raises(ArgumentValueError):
        Unigram([("a", 0.0)], -1)
    with pytest.raises(ArgumentTypeError):
        Unigram({"a": 0.0})


def test_nbest_is_exact_and_ordered():
    model = Unigram([("<unk>", 0.0), ("a", -1.0), ("b", -1.0), ("ab", -1.5)], 0)
    # All three segmentations of "aab": a|ab (-2.5), a|a|b (-3.0); only two exist besides.
    results = model.nbest("aab", 5)
    assert [([t.value for t in tokens], score) for tokens, score in results] == [
        (["a", "ab"], -2.5),
        (["a", "a", "b"], -3.0),
    ]
    assert model.nbest("aab", 1) == [(model.tokenize("aab"), -2.5)]
    assert model.nbest("", 3) == [([], 0.0)]
    assert model.nbest("aab", 0) == []


def _all_paths(lattice: Lattice) -> list[tuple[tuple[int, ...], float]]:
    """Every BOS-to-EOS path of a small lattice with its score, by brute force."""
    paths = []

    def walk(pos: int, nodes: tuple[int, ...]) -> None:
        if pos == lattice.size:
            paths.append((nodes, math.fsum(lattice.scores[n] for n in nodes)))
            return
        for node in lattice.begin_nodes[pos]:
            walk(lattice.ends[node], nodes + (node,))

    walk(0, ())
    return paths


def test_nbest_matches_brute_force_ranking():
    model = Unigram([("<unk>", 0.0), ("a", -1.1), ("b", -1.3), ("ab", -2.1), ("ba", -2.2), ("aba", -3.05)], 0)
    lattice = model.lattice("abab")
    expected = sorted(_all_paths(lattice), key=lambda item: -item[1])
    got = lattice.nbest(100)
    assert [score for _, score in got] == pytest.approx([score for _, score in expected])
    assert sorted(tuple(path) for path, _ in got) == sorted(path for path, _ in expected)


def _tvd(counts: Counter, probabilities: dict) -> float:
    total = sum(counts.values())
    keys = set(counts) | set(probabilities)
    return 0.5 * sum(abs(counts[k] / total - probabilities.get(k, 0.0)) for k in keys)


def test_sample_follows_exp_alpha_score():
    model = Unigram([("<unk>", 0.0), ("a", -1.0), ("b", -1.5), ("ab", -2.0), ("ba", -2.0)], 0)
    alpha = 0.7
    lattice = model.lattice("aba")
    weights = {}
    for nodes, score in _all_paths(lattice):
        weights[tuple(lattice.piece(n)[:2] for n in nodes)] = math.exp(alpha * score)
    total = sum(weights.values())
    exact = {k: w / total for k, w in weights.items()}
    rng = random.Random(1)
    counts = Counter(tuple(t.offsets for t in model.sample("aba", alpha, rng=rng)) for _ in range(4000))
    assert _tvd(counts, exact) < 0.04


def test_sample_nbest_draws_among_the_n_best_only():
    model = Unigram([("<unk>", 0.0), ("a", -1.0), ("b", -1.5), ("ab", -2.0), ("ba", -2.0)], 0)
    best_two = [[t.value for t in tokens] for tokens, _ in model.nbest("aba", 2)]
    rng = random.Random(2)
    seen = {tuple(t.value for t in model.sample("aba", 1.0, nbest_size=2, rng=rng)) for _ in range(200)}
    assert seen == {tuple(p) for p in best_two}
    assert model.sample("aba", 1.0, nbest_size=1) == model.tokenize("aba")
    assert model.sample("", 1.0) == []


def test_alpha_makes_tokenize_sample():
    model = Unigram([("<unk>", 0.0), ("a", -1.0), ("b", -1.0), ("ab", -1.5)], 0)
    model.alpha = 1.0
    seen = {tuple(t.value for t in model.tokenize("ab")) for _ in range(300)}
    assert seen == {("ab",), ("a", "b")}
    model.nbest_size = 1
    assert {tuple(t.value for t in model.tokenize("ab")) for _ in range(20)} == {("ab",)}
    model.alpha = 0.0
    assert [t.value for t in model.tokenize("ab")] == ["ab"]
    with pytest.raises(ArgumentTypeError):
        model.alpha = "1"


@st.composite
def vocab_and_text(draw):
    alphabet = "abcé"
    pieces = draw(st.lists(st.text(alphabet, min_size=1, max_size=4), min_size=1, max_size=12, unique=True))
    scores = draw(st.lists(st.sampled_from([-1.0, -1.5, -2.0, -2.5, -3.0, -0.5]), min_size=len(pieces), max_size=len(pieces)))
    text = draw(st.text(alphabet + "x", max_size=12))
    return [("<unk>", 0.0)] + list(zip(pieces, scores)), text


@given(vocab_and_text())
def test_one_pass_viterbi_equals_the_lattice_viterbi(case):
    vocab, text = case
    model = Unigram(vocab, 0)
    trie = PieceTrie((p, i, s) for i, (p, s) in enumerate(vocab))
    fast = best_path(text, trie, 0, model.unk_score)
    lattice = Lattice(len(text))
    populate(lattice, text, trie, 0, model.unk_score)
    path, _ = lattice.viterbi()
    assert split_unknowns(fast, 0) == [tuple(lattice.piece(n)) for n in path]
    # the backtrace fuses unknown runs by the model's one rule for lattice paths
    assert list(fast) == subword.models.unigram.model._fuse_unknowns([tuple(lattice.piece(n)) for n in path], 0)
    assert model.tokenize_ids(text) == [t.id for t in model.tokenize(text)]
    assert "".join(t.value for t in model.tokenize(text)) == text


@given(vocab_and_text())
def test_nbest_first_is_the_best_and_scores_descend(case):
    vocab, text = case
    model = Unigram(vocab, 0)
    results = model.nbest(text, 4, fuse_unk=False)
    scores = [score for _, score in results]
    assert scores == sorted(scores, reverse=True)
    if text:
        assert [t.value for t in results[0][0]] == [t.value for t in Unigram(vocab, 0).nbest(text, 1, fuse_unk=False)[0][0]]
    assert len({tuple(t.offsets for t in tokens) for tokens, _ in results}) == len(results)


def test_to_json_save_and_load(tmp_path):
    model = Unigram([("<unk>", 0.0), ("a", -1.5), ("b", -2)], 0, byte_fallback=True)
    entry = model.to_json()
    vocab = [["<unk>", 0.0], ["a", -1.5], ["b", -2.0]]
    assert entry == {"type": "Unigram", "unk_id": 0, "vocab": vocab, "byte_fallback": True}
    again = models_registry.from_json(json.loads(json.dumps(entry)), "model")
    assert again.to_json() == entry
    [path] = model.save(str(tmp_path), "x")
    assert path.endswith("x-unigram.json")
    assert Unigram.load(path).to_json() == entry


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"type": "Unigram"}, "vocab"),
        ({"type": "Unigram", "vocab": [["a"]]}, r"vocab\[0\]"),
        ({"type": "Unigram", "vocab": [["a", 0.0]], "unk_id": "0"}, "unk_id"),
        ({"type": "Unigram", "vocab": [["a", 0.0]], "unk_id": 4}, "unk_id"),
        ({"type": "Unigram", "vocab": [], "unk_id": 0}, "empty"),
        ({"type": "Unigram", "vocab": [["a", 0.0]], "byte_fallback": 1}, "byte_fallback"),
    ],
)
def test_malformed_entries_name_the_field(entry, message):
    with pytest.raises(TokenizerFileError, match=message):
        models_registry.from_json(entry, "model")


def test_vocab_file(tmp_path):
    path = tmp_path / "m.vocab"
    path.write_text("<unk>\t0\n▁a\t-1.5\nb c\t-2\n", encoding="utf-8")
    model = Unigram.from_vocab_file(path)
    assert model.get_scores() == [("<unk>", 0.0), ("▁a", -1.5), ("b c", -2.0)] and model.unk_id == 0
    assert Unigram.from_vocab_file(path, unk_token=None).unk_id is None
    with pytest.raises(TokenizerFileError, match="unk_token"):
        Unigram.from_vocab_file(path, unk_token="[UNK]")
    path.write_text("<unk>\t0\nab -1\n", encoding="utf-8")
    with pytest.raises(TokenizerFileError, match="line 2: expected 'piece<TAB>score'"):
        Unigram.from_vocab_file(path)
    path.write_text("<unk>\t0\nab\tx\n", encoding="utf-8")
    with pytest.raises(TokenizerFileError, match="line 2: the score 'x' is not a number"):
        Unigram.from_vocab_file(path)


def test_lattice_has_no_path_without_unknown_nodes():
    trie = PieceTrie([("a", 0, -1.0)])
    lattice = Lattice(2)
    populate(lattice, "ab", trie, None, -11.0)
    assert lattice.viterbi() == ([], 0.0) and lattice.nbest(2) == []
    assert best_path("ab", trie, None, -11.0) is None
    assert list(itertools.islice(trie.prefixes("aa", 0), 5)) == [(1, 0, -1.0)]


class _ShortTrie(PieceTrie):
    LONG = 3  # so that the pieces compared whole (longer than LONG chars) are easy to reach


@given(
    pieces=st.lists(st.text(alphabet="ab▁", min_size=1, max_size=7), min_size=1, max_size=12),
    text=st.text(alphabet="ab▁c", max_size=12),
)
def test_piece_trie_finds_every_piece_at_every_position(pieces: list[str], text: str) -> None:
    entries = {piece: (id_, -float(id_)) for id_, piece in enumerate(pieces)}  # a repeated piece keeps its last id
    for trie_class in (PieceTrie, _ShortTrie, NestedPieceTrie):
        trie = trie_class((piece, id_, -float(id_)) for id_, piece in enumerate(pieces))
        for start in range(len(text)):
            expected = sorted((start + len(p), *entry) for p, entry in entries.items() if text.startswith(p, start))
            assert trie.prefixes(text, start) == expected


def test_best_path_keeps_unknown_runs_whole_unless_a_piece_ends_inside() -> None:
    trie = PieceTrie([("a", 0, -1.0), ("ab", 1, -1.0)])  # "b" starts no piece
    assert best_path("cbb", trie, 9, -20.0) == ((0, 3, 9),)
    assert best_path("abbb", trie, 9, -20.0) == ((0, 2, 1), (2, 4, 9))  # the two unknown nodes fused
    assert best_path("cbba", trie, 9, -20.0) == ((0, 3, 9), (3, 4, 0))
    assert best_path("cb", trie, None, -20.0) is None


def test_sample_of_the_best_path_splits_unknown_runs_unless_fused() -> None:
    model = Unigram([("<unk>", 0.0), ("a", -1.0)], unk_id=0)
    assert [t.value for t in model.sample("bba", 0.1, nbest_size=1, fuse_unk=False)] == ["b", "b", "a"]
    assert [t.value for t in model.sample("bba", 0.1, nbest_size=1)] == ["bb", "a"]


def test_best_path_takes_pieces_longer_than_the_prefix_table() -> None:
    trie = _ShortTrie([("a", 0, -5.0), ("aaaaa", 1, -1.0)])
    assert best_path("baaaaa", trie, 9, -20.0) == ((0, 1, 9), (1, 6, 1))


def test_get_pieces_is_get_scores_without_the_scores() -> None:
    model = Unigram([("<unk>", 0.0), ("a", -1.5), ("a", -2.0)], 0)
    pieces = model.get_pieces()
    assert pieces == ["<unk>", "a", "a"] == [piece for piece, _ in model.get_scores()]
    pieces.append("b")  # a copy
    assert model.get_pieces() == ["<unk>", "a", "a"]


@given(vocab_and_text(), st.booleans(), st.booleans())
def test_ids_are_the_ids_of_the_tokens(case, repeat_a_piece, byte_fallback):
    """`tokenize_ids` and `extend_ids` (unknown runs fused without token rows) against the ids
    of `tokenize`, with repeated pieces and unknown chars ("x")."""
    vocab, text = case
    if repeat_a_piece:
        vocab = vocab + [(vocab[-1][0], -0.25)]
    model = Unigram(vocab, 0, byte_fallback=byte_fallback)
    expected = [t.id for t in model.tokenize(text)]
    out: list[int] = []
    model.extend_ids([text, text], out)
    assert model.tokenize_ids(text) == expected and out == expected * 2


def test_settings_over_names_the_settings_of_a_model_with_the_same_pieces():
    pieces = [("<unk>", 0.0), ("a", -1.0), ("b", -2.0), ("ab", -1.5)]
    base = Unigram(pieces, unk_id=0)
    assert Unigram(pieces, unk_id=0, byte_fallback=True).settings_over(base) == {"type": "Unigram", "unk_id": 0, "byte_fallback": True}
    assert Unigram([*pieces[:3], ("ab", -1.25)], unk_id=0).settings_over(base) is None  # another score
    assert Unigram([*pieces, ("c", -3.0)], unk_id=0).settings_over(base) is None  # another piece


def test_tokenize_ids_shares_the_ids_cache_of_extend_ids(monkeypatch):
    """The full path's `tokenize_ids` and the ids path's `extend_ids` look a word up in one
    cache: a word of 100 CJK chars (300 UTF-8 bytes, past the pieces cache) is segmented once."""
    model = Unigram([("<unk>", 0.0), ("日", -1.0), ("本", -1.0), ("日本", -1.5)], unk_id=0)
    calls = []
    segment = subword.models.unigram.model.best_path
    monkeypatch.setattr(subword.models.unigram.model, "best_path", lambda *args: calls.append(1) or segment(*args))
    word = "日本" * 50
    out: list[int] = []
    model.extend_ids([word], out)
    assert model.tokenize_ids(word) == out == [3] * 50
    assert len(calls) == 1
