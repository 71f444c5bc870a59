"""EncodingVisualizer: a text's tokens as an HTML page, as `tokenizers.tools` draws them.

Each run of characters that share their first token and their annotation becomes one
`<span>`: `token` with `even-token`/`odd-token` by that token's index (so neighbours alternate),
`multi-token` when several tokens cover the characters (byte-level pieces of one emoji),
`special-token` with a `data-stok` label when the token's text holds "unk" or "oov" (in any
case), and `non-token` for characters no token covers. Annotations wrap their spans in
`<span class="annotation">` coloured by label. The page is the Rust package's, byte for byte,
except for the stylesheet, which is subword's own with the same class names.

What it does not do: show special tokens that cover no character ([CLS], </s>), which the Rust
package's page leaves out too; or escape annotation labels and `data-stok` token texts, which
go into their attributes as they are, as in the Rust package's page (a `"` in one breaks it).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from importlib import resources
from itertools import groupby
from typing import Any, Callable, Protocol, Sequence

from ..core.encoding import Encoding
from ..errors import MissingDependencyError

# A token whose text holds one of these (any case) is labelled as the unknown token.
_UNKNOWN = re.compile("unk|oov", re.IGNORECASE)

_PAGE = """
    <html>
        <head>
            <style>
                {css}
            </style>
        </head>
        <body>
            <div class="tokenized-text" dir=auto>
            {body}
            </div>
        </body>
    </html>
    """


class Annotation:
    """A label on the characters [start, end) of a text.

    >>> Annotation(0, 5, "greeting")
    Annotation(start=0, end=5, label='greeting')
    """

    def __init__(self, start: int, end: int, label: str) -> None:
        self.start = start
        self.end = end
        self.label = label

    def __repr__(self) -> str:
        return f"Annotation(start={self.start!r}, end={self.end!r}, label={self.label!r})"


class _Encodes(Protocol):
    def encode(self, sequence: Any) -> Encoding: ...


class EncodingVisualizer:
    """Draw how a tokenizer splits a text, as `tokenizers.tools.EncodingVisualizer` does.

    Args:
        tokenizer: anything whose `encode(text)` gives an Encoding (a `subword.Tokenizer`).
        default_to_notebook: show the page in the notebook (needs IPython) rather than
            return its HTML.
        annotation_converter: turns each item of `annotations` into an Annotation.

    >>> from subword import Tokenizer
    >>> from subword.models import WordLevel
    >>> from subword.pre_tokenizers import Whitespace
    >>> tokenizer = Tokenizer(WordLevel({"hi": 0, "[UNK]": 1}, unk_token="[UNK]"))
    >>> tokenizer.pre_tokenizer = Whitespace()
    >>> page = EncodingVisualizer(tokenizer, default_to_notebook=False)("hi yo")
    >>> page.split('dir=auto>')[1].split()[:4]
    ['<span', 'class="token', 'even-token"', '>hi</span><span']
    """

    def __init__(
        self,
        tokenizer: _Encodes,
        default_to_notebook: bool = True,
        annotation_converter: Callable[[Any], Annotation] | None = None,
    ) -> None:
        if default_to_notebook:
            _notebook_display()  # fail now, as the Rust package does, if IPython is missing
        self.tokenizer = tokenizer
        self.default_to_notebook = default_to_notebook
        self.annotation_converter = annotation_converter

    def __call__(
        self,
        text: str,
        annotations: Sequence[Any] | None = None,
        default_to_notebook: bool | None = None,
    ) -> str | None:
        """The page of `text`'s tokens (and `annotations`); None once shown in the notebook."""
        in_notebook = self.default_to_notebook if default_to_notebook is None else default_to_notebook
        show = _notebook_display() if in_notebook else None
        labels = list(annotations or [])
        if self.annotation_converter is not None:
            labels = [self.annotation_converter(item) for item in labels]
        encoding = self.tokenizer.encode(text)
        page = make_page(text, encoding, labels)
        if show is None:
            return page
        show(page)
        return None

    @staticmethod
    def calculate_label_colors(annotations: Sequence[Annotation]) -> dict[str, str]:
        """An HSL colour for each label, hues spread over the sorted labels.

        >>> EncodingVisualizer.calculate_label_colors([Annotation(0, 1, "b"), Annotation(1, 2, "a")])
        {'a': 'hsl(10,32%,64%)', 'b': 'hsl(137,32%,64%)'}
        """
        labels = sorted({annotation.label for annotation in annotations})
        if not labels:
            return {}
        step = max(255 // len(labels), 20)
        return {label: f"hsl({10 + number * step},32%,64%)" for number, label in enumerate(labels)}


def make_page(text: str, encoding: Encoding, annotations: Sequence[Annotation]) -> str:
    """The whole HTML page (stylesheet included) of `text` split as `encoding` says.

    >>> from subword import Encoding
    >>> page = make_page("ab", Encoding(ids=[7], tokens=["a"], offsets=[(0, 1)]), [])
    >>> page.split('dir=auto>')[1].split()[:5]
    ['<span', 'class="token', 'even-token"', '>a</span><span', 'class="non-token"']
    """
    if not text:
        raise IndexError("EncodingVisualizer cannot draw an empty text: give it at least one character")
    return _PAGE.format(css=stylesheet(), body="".join(_spans(text, encoding, annotations)))


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The page's CSS (subword/data/visualizer.css)."""
    return (resources.files("subword") / "data" / "visualizer.css").read_text(encoding="utf-8")


def _spans(text: str, encoding: Encoding, annotations: Sequence[Annotation]) -> list[str]:
    """The page's markup: a span per run of chars with the same first token and annotation,
    inside the span of that annotation."""
    tokens = encoding.tokens
    covering = _covering_tokens(text, encoding)
    labelled = _annotation_of_chars(text, annotations)
    colours = EncodingVisualizer.calculate_label_colors(annotations)
    parts: list[str] = []
    open_annotation: int | None = None
    runs = groupby(range(len(text)), key=lambda char: (covering[char][:1], labelled[char]))
    for (first_token, annotation), chars in runs:
        if annotation != open_annotation:
            if open_annotation is not None:
                parts.append("</span>")
            if annotation is not None:
                label = annotations[annotation].label
                parts.append(f'<span class="annotation" style="color:{colours[label]}" data-label="{label}">')
            open_annotation = annotation
        run = list(chars)
        several = len(covering[run[0]]) > 1
        token = tokens[first_token[0]] if first_token else None
        parts.append(_token_span(text[run[0] : run[-1] + 1], first_token[0] if first_token else None, token, several))
    if open_annotation is not None:
        parts.append("</span>")
    return parts


def _token_span(chars: str, index: int | None, token: str | None, several: bool) -> str:
    """One run of characters: `index` is their first token's, None when no token covers them.

    >>> _token_span("<b>", 3, "<b>", False)
    '<span class="token odd-token"  >&lt;b&gt;</span>'
    >>> _token_span("x", 0, "[UNK]", True)
    '<span class="token multi-token even-token special-token"  data-stok="[UNK]" >x</span>'
    """
    classes = ["non-token"]
    data = ""
    if index is not None and token is not None:
        classes = ["token"] + (["multi-token"] if several else []) + ["odd-token" if index % 2 else "even-token"]
        if _UNKNOWN.search(token):
            classes.append("special-token")
            # subtle: the token goes into the attribute unescaped, as in the Rust package's page
            data = f' data-stok="{token}"'
    return f'<span class="{" ".join(classes)}" {data} >{html.escape(chars)}</span>'


def _covering_tokens(text: str, encoding: Encoding) -> list[list[int]]:
    """For each char of `text`, the indexes of the tokens whose offsets hold it, in order."""
    covering: list[list[int]] = [[] for _ in text]
    for index in range(len(encoding.tokens)):
        offsets = encoding.token_to_chars(index)
        if offsets is not None:
            for char in range(*offsets):
                covering[char].append(index)
    return covering


def _annotation_of_chars(text: str, annotations: Sequence[Annotation]) -> list[int | None]:
    """For each char of `text`, the index of the last annotation over it, or None.

    >>> _annotation_of_chars("abcd", [Annotation(0, 3, "x"), Annotation(2, 4, "y")])
    [0, 0, 1, 1]
    """
    labelled: list[int | None] = [None] * len(text)
    for number, annotation in enumerate(annotations):
        start, end = annotation.start, annotation.end
        if start < end and (start < 0 or end > len(text)):
            raise IndexError(
                f"annotation {number} ({start}, {end}, {annotation.label!r}) reaches outside the text's "
                f"{len(text)} characters: start and end must lie in 0..{len(text)}"
            )
        for char in range(start, end):
            labelled[char] = number
    return labelled


def _notebook_display() -> Callable[[str], None]:
    """A function that shows an HTML page in the notebook, through IPython."""
    try:
        from IPython.display import HTML, display
    except ImportError:
        raise MissingDependencyError(
            "EncodingVisualizer shows its page in a notebook through IPython, which is not installed: "
            'pip install "subword[notebook]", or pass default_to_notebook=False to get the HTML'
        ) from None

    def show(page: str) -> None:
        display(HTML(page))

    return show
