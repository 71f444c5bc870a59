"""subword.tools.EncodingVisualizer: hand-worked pages, the notebook path, and bad input."""

from __future__ import annotations

import sys

import pytest

import subword
from subword.errors import MissingDependencyError
from subword.models import WordLevel
from subword.pre_tokenizers import Whitespace
from subword.tools import Annotation, EncodingVisualizer


@pytest.fixture
def tokenizer() -> subword.Tokenizer:
    tokenizer = subword.Tokenizer(WordLevel({"hi": 0, "[UNK]": 1, "&": 2}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = Whitespace()
    return tokenizer


def body(page: str) -> str:
    """The markup inside the page's `tokenized-text` div."""
    return page.split('<div class="tokenized-text" dir=auto>')[1].split("</div>")[0].strip()


def test_hand_worked_page(tokenizer: subword.Tokenizer) -> None:
    page = EncodingVisualizer(tokenizer, default_to_notebook=False)("hi & yo", [Annotation(0, 4, "greet")])
    assert isinstance(page, str)
    assert body(page) == (
        '<span class="annotation" style="color:hsl(10,32%,64%)" data-label="greet">'
        '<span class="token even-token"  >hi</span>'
        '<span class="non-token"  > </span>'
        '<span class="token odd-token"  >&amp;</span>'
        "</span>"
        '<span class="non-token"  > </span>'
        '<span class="token even-token special-token"  data-stok="[UNK]" >yo</span>'
    )
    assert page.lstrip().startswith("<html>") and ".tokenized-text" in page


def test_subword_tools_is_the_tokenizers_tools_surface() -> None:
    assert subword.tools.__all__ == ["Annotation", "EncodingVisualizer"]
    annotation = Annotation(1, 3, "x")
    assert (annotation.start, annotation.end, annotation.label) == (1, 3, "x")


def test_notebook_shows_the_page_through_ipython(tokenizer: subword.Tokenizer, monkeypatch: pytest.MonkeyPatch) -> None:
    display = pytest.importorskip("IPython.display", reason="the notebook path needs IPython")
    shown: list[object] = []
    monkeypatch.setattr(display, "display", shown.append)
    visualizer = EncodingVisualizer(tokenizer)
    assert visualizer("hi") is None
    assert len(shown) == 1 and isinstance(shown[0], display.HTML)
    assert shown[0].data == visualizer("hi", default_to_notebook=False)


def test_without_ipython_the_notebook_path_names_the_extra(tokenizer: subword.Tokenizer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "IPython", None)
    monkeypatch.setitem(sys.modules, "IPython.display", None)
    with pytest.raises(ImportError, match=r"subword\[notebook\].*default_to_notebook=False") as raised:
        EncodingVisualizer(tokenizer)
    assert isinstance(raised.value, MissingDependencyError)
    visualizer = EncodingVisualizer(tokenizer, default_to_notebook=False)
    assert isinstance(visualizer("hi"), str)
    with pytest.raises(ImportError, match="IPython"):
        visualizer("hi", default_to_notebook=True)


def test_annotations_outside_the_text_are_refused(tokenizer: subword.Tokenizer) -> None:
    visualizer = EncodingVisualizer(tokenizer, default_to_notebook=False)
    # The Rust package raises IndexError past the end; before the start it wraps around to the
    # text's last chars (a list's negative index), which subword refuses too.
    for start, end in ((0, 9), (-1, 2)):
        with pytest.raises(IndexError, match=r"annotation 0 .* reaches outside the text's 5 characters"):
            visualizer("hi yo", [Annotation(start, end, "bad")])
    assert visualizer("hi yo", [Annotation(7, 3, "empty")]) == visualizer("hi yo")
    with pytest.raises(IndexError, match="empty text"):
        visualizer("")
