"""subword.tools.EncodingVisualizer against tokenizers.tools.EncodingVisualizer: the same page.

The Rust package's visualizer is given the Rust tokenizer, subword's is given subword's Tokenizer
read from the same file. Everything but the stylesheet must be equal byte for byte; subword
writes its own stylesheet, which must style the same classes.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subword import Tokenizer
from subword.tools import Annotation, EncodingVisualizer
from subword.tools.visualizer import stylesheet
from tests.shared_data import fixture_path

tokenizers = pytest.importorskip("tokenizers", reason="the Rust package is the reference")
reference_tools = pytest.importorskip("tokenizers.tools", reason="the Rust package's visualizer is the reference")
reference_visualizer = pytest.importorskip("tokenizers.tools.visualizer")

FIXTURES = ["bert-base-uncased", "gpt2", "t5", "roberta-base", "mistral-7b"]

TEXTS = [
    "Hello, world!",
    "<b>Tom & Jerry</b> say \"hi\" and 'bye' &amp; &lt;",
    "The Hoover trunk, the book and the UNKNOWN oovee",
    "東京は晴れ。 北京 서울",
    "emoji 😀👍🏽 👩‍👩‍👧 and flags 🇫🇷",
    "cafe\u0301 nai\u0308ve Å e\u0301\u0301",
    "line one\nline two\r\n\tindented  double  spaces ",
    "  leading and trailing  ",
    "x",
    "[CLS] a [MASK] token [SEP] <unk> </s> <|endoftext|>",
]

# (start, end, label) triples: overlapping (the later one wins), cutting tokens in two, the whole
# text, adjacent with one label, one char, empty, and one that ends the text.
ANNOTATION_SETS = [
    [],
    [(0, 5, "first")],
    [(0, 3, "A"), (2, 7, "B"), (6, 9, "A")],
    [(1, 2, "one char"), (4, 4, "empty"), (5, 8, "x"), (8, 11, "x")],
    [(0, None, "all")],
    [(3, None, "tail"), (0, 1, "head")],
]


def strip_style(page: str) -> str:
    """The page with the stylesheet's text taken out."""
    return re.sub(r"<style>.*?</style>", "<style></style>", page, count=1, flags=re.DOTALL)


def css_classes(css: str) -> set[str]:
    """The class names a stylesheet's selectors name (comments left out)."""
    without_comments = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    selectors = re.findall(r"([^{}]+)\{", without_comments)
    return {name for selector in selectors for name in re.findall(r"\.([A-Za-z_][\w-]*)", selector)}


def triples(annotations: list[tuple[int, int | None, str]], text: str) -> list[tuple[int, int, str]]:
    """The annotation triples that fit `text` (end None meaning its length)."""
    fitted = [(start, len(text) if end is None else end, label) for start, end, label in annotations]
    return [(start, end, label) for start, end, label in fitted if end <= len(text)]


@pytest.fixture(scope="module", params=FIXTURES)
def pair(request: pytest.FixtureRequest) -> tuple[object, Tokenizer]:
    path = str(fixture_path(f"{request.param}/tokenizer.json"))
    return tokenizers.Tokenizer.from_file(path), Tokenizer.from_file(path)


def both_pages(pair: tuple[object, Tokenizer], text: str, annotations: list[tuple[int, int, str]]) -> tuple[str, str]:
    rust, ours = pair
    expected = reference_tools.EncodingVisualizer(rust, default_to_notebook=False)(
        text, [reference_tools.Annotation(*triple) for triple in annotations]
    )
    got = EncodingVisualizer(ours, default_to_notebook=False)(text, [Annotation(*triple) for triple in annotations])
    assert isinstance(expected, str) and isinstance(got, str)
    return expected, got


@pytest.mark.parametrize("annotations", ANNOTATION_SETS, ids=lambda a: ",".join(label for _, _, label in a) or "none")
@pytest.mark.parametrize("text", TEXTS)
def test_page_equals_the_rust_packages(pair: tuple[object, Tokenizer], text: str, annotations: list) -> None:
    expected, got = both_pages(pair, text, triples(annotations, text))
    assert strip_style(got) == strip_style(expected)


def test_the_pages_differ_only_in_the_stylesheet() -> None:
    """subword's page is the Rust one with subword's CSS where the Rust package's stands."""
    path = str(fixture_path("bert-base-uncased/tokenizer.json"))
    text = "Tom & Jerry"
    expected = reference_tools.EncodingVisualizer(tokenizers.Tokenizer.from_file(path), default_to_notebook=False)(text)
    got = EncodingVisualizer(Tokenizer.from_file(path), default_to_notebook=False)(text)
    assert got == expected.replace(reference_visualizer.css, stylesheet(), 1)


def test_stylesheet_styles_the_same_classes() -> None:
    ours, theirs = css_classes(stylesheet()), css_classes(reference_visualizer.css)
    assert ours == theirs == {
        "tokenized-text", "non-token", "token", "annotation", "special-token", "even-token", "odd-token", "multi-token",
    }


def test_unknown_tokens_are_labelled_like_the_rust_package() -> None:
    """A WordLevel tokenizer with an unknown token: the UNK spans carry `data-stok`."""
    json = (
        '{"version": "1.0", "truncation": null, "padding": null, "added_tokens": [], "normalizer": null,'
        ' "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null, "decoder": null,'
        ' "model": {"type": "WordLevel", "vocab": {"hello": 0, "[UNK]": 1, "<b>": 2, "trunk": 3},'
        ' "unk_token": "[UNK]"}}'
    )
    pair = (tokenizers.Tokenizer.from_str(json), Tokenizer.from_str(json))
    text = "hello <b> world & trunk 東京 😀"
    expected, got = both_pages(pair, text, [(0, 9, "greeting"), (12, 15, "amp")])
    assert 'data-stok="[UNK]"' in expected and 'class="token odd-token special-token"' in expected
    assert strip_style(got) == strip_style(expected)


def test_annotation_converter_like_the_rust_package() -> None:
    path = str(fixture_path("gpt2/tokenizer.json"))
    text = "Named entities: Paris and Berlin."
    spans = [{"s": 16, "e": 21, "tag": "LOC"}, {"s": 26, "e": 32, "tag": "LOC"}]
    expected = reference_tools.EncodingVisualizer(
        tokenizers.Tokenizer.from_file(path), default_to_notebook=False,
        annotation_converter=lambda d: reference_tools.Annotation(d["s"], d["e"], d["tag"]),
    )(text, spans)
    got = EncodingVisualizer(
        Tokenizer.from_file(path), default_to_notebook=False,
        annotation_converter=lambda d: Annotation(d["s"], d["e"], d["tag"]),
    )(text, spans)
    assert isinstance(expected, str) and isinstance(got, str)
    assert strip_style(got) == strip_style(expected)


@pytest.mark.parametrize("count", [1, 2, 3, 7, 12, 13, 20, 40])
def test_label_colours(count: int) -> None:
    labels = [f"label {n:02}" for n in range(count)]
    ours = EncodingVisualizer.calculate_label_colors([Annotation(0, 1, label) for label in labels])
    theirs = reference_tools.EncodingVisualizer.calculate_label_colors(
        [reference_tools.Annotation(0, 1, label) for label in reversed(labels)]
    )
    assert ours == theirs


def test_bad_input_raises_the_rust_packages_exception_type() -> None:
    path = str(fixture_path("bert-base-uncased/tokenizer.json"))
    rust = reference_tools.EncodingVisualizer(tokenizers.Tokenizer.from_file(path), default_to_notebook=False)
    ours = EncodingVisualizer(Tokenizer.from_file(path), default_to_notebook=False)
    for call in (lambda v, a: v(""), lambda v, a: v("short", [a(2, 9, "too far")])):
        with pytest.raises(IndexError):
            call(rust, reference_tools.Annotation)
        with pytest.raises(IndexError, match="empty text|outside the text"):
            call(ours, Annotation)


@given(
    text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40),
    cuts=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from("ABC")), max_size=4),
)
def test_random_texts_and_annotations(gpt2_and_bert: list, text: str, cuts: list) -> None:
    annotations = [(min(a, b, len(text)), min(max(a, b), len(text)), label) for a, b, label in cuts]
    for pair in gpt2_and_bert:
        expected, got = both_pages(pair, text, annotations)
        assert strip_style(got) == strip_style(expected)


@pytest.fixture(scope="module")
def gpt2_and_bert() -> list:
    pairs = []
    for name in ("gpt2", "bert-base-uncased", "t5", "mistral-7b"):
        path = str(fixture_path(f"{name}/tokenizer.json"))
        pairs.append((tokenizers.Tokenizer.from_file(path), Tokenizer.from_file(path)))
    return pairs
