"""The EncodingVisualizer page in a real browser: headless Chromium (Debian's `chromium`).

Chromium loads the page and prints its DOM (`--dump-dom`): the token spans must hold the
tokens' texts, in order, and a script added to the page reads the styles Chromium computed,
so the stylesheet is checked as drawn. `--screenshot` then draws the page to a PNG for a person.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from subword import Tokenizer
from subword.core.files import atomic_write_text
from subword.tools import Annotation, EncodingVisualizer
from tests.shared_data import REPO_ROOT, fixture_path

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install chromium; .ci/run installs it)"
    ),
]

# Reads the computed style of each span into data- attributes, which --dump-dom then prints.
STYLE_PROBE = """<script>
for (const span of document.querySelectorAll("span")) {
    const style = getComputedStyle(span);
    span.dataset.background = style.backgroundColor;
    span.dataset.whiteSpace = style.whiteSpace;
    span.dataset.after = getComputedStyle(span, "::after").content;
    span.dataset.before = getComputedStyle(span, "::before").content;
}
</script>"""


def chromium(tmp_path: Path, *arguments: str) -> str:
    """Run headless Chromium with a fresh profile in `tmp_path`; its stdout."""
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", *arguments,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class Spans(HTMLParser):
    """The <span>s of a page in document order: (attributes, text inside, including nested spans)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[dict[str, str], list[str]]] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span":
            text: list[str] = []
            self.found.append(({name: value or "" for name, value in attrs}, text))
            self._open.append(text)

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for text in self._open:
            text.append(data)


def rendered_spans(tmp_path: Path, page: str, probe: bool = False) -> list[tuple[dict[str, str], str]]:
    """The spans of `page` as Chromium's DOM has them after loading."""
    path = tmp_path / "page.html"
    # The page declares no charset (as the Rust package's does not): a byte-order mark tells
    # Chromium the file is UTF-8, where it would otherwise guess, and sometimes guess Latin-1.
    atomic_write_text(path, "\ufeff" + (page.replace("</body>", STYLE_PROBE + "</body>") if probe else page))
    parser = Spans()
    parser.feed(chromium(tmp_path, "--dump-dom", path.as_uri()))
    return [(attributes, "".join(text)) for attributes, text in parser.found]


def classes(attributes: dict[str, str]) -> list[str]:
    return attributes.get("class", "").split()


def test_one_span_per_token_with_its_text(tmp_path: Path) -> None:
    """WordPiece covers each char with one token at most: one span per token, in order."""
    tokenizer = Tokenizer.from_file(str(fixture_path("bert-base-uncased/tokenizer.json")))
    text = "Tom & Jerry's <b>tokenizers</b> in 東京, \"naïve\"\n\tcafé"
    encoding = tokenizer.encode(text)
    page = EncodingVisualizer(tokenizer, default_to_notebook=False)(text)
    spans = rendered_spans(tmp_path, page)
    tokens = [(attributes, inside) for attributes, inside in spans if "token" in classes(attributes)]
    expected = [
        (text[start:end], "odd-token" if index % 2 else "even-token")
        for index, (start, end) in enumerate(encoding.offsets)
        if encoding.special_tokens_mask[index] == 0
    ]
    assert [(inside, classes(attributes)[1]) for attributes, inside in tokens] == expected
    assert "".join(inside for _, inside in spans) == text  # every char shown once, whitespace kept


def test_several_tokens_on_a_char_and_the_unknown_token(tmp_path: Path) -> None:
    """Byte-level pieces of one emoji share a span marked multi-token; BERT's [UNK] is labelled."""
    tokenizers = pytest.importorskip("tokenizers", reason="the Rust package gives the reference tokens")
    path = str(fixture_path("gpt2/tokenizer.json"))
    offsets = tokenizers.Tokenizer.from_file(path).encode("a😀b").offsets  # a, the emoji's bytes, b
    assert offsets[0] == (0, 1) and offsets[-1] == (2, 3) and len(offsets) > 3
    last = "odd-token" if (len(offsets) - 1) % 2 else "even-token"
    spans = rendered_spans(tmp_path, EncodingVisualizer(Tokenizer.from_file(path), default_to_notebook=False)("a😀b"))
    assert [(classes(a), inside) for a, inside in spans] == [
        (["token", "even-token"], "a"), (["token", "multi-token", "odd-token"], "😀"), (["token", last], "b"),
    ]
    bert = Tokenizer.from_file(str(fixture_path("bert-base-uncased/tokenizer.json")))
    spans = rendered_spans(tmp_path, EncodingVisualizer(bert, default_to_notebook=False)("x 😀 <y>"))
    unknown = [(a, inside) for a, inside in spans if "special-token" in classes(a)]
    assert [(a["data-stok"], inside) for a, inside in unknown] == [("[UNK]", "😀")]


def test_the_stylesheet_as_drawn(tmp_path: Path) -> None:
    """Chromium's computed styles: alternating token backgrounds, labels drawn from data attributes."""
    tokenizer = Tokenizer.from_file(str(fixture_path("bert-base-uncased/tokenizer.json")))
    page = EncodingVisualizer(tokenizer, default_to_notebook=False)("Hello 😀 world", [Annotation(0, 5, "greeting")])
    spans = rendered_spans(tmp_path, page, probe=True)
    by_class = {}
    for attributes, inside in spans:
        for name in classes(attributes):
            by_class.setdefault(name, []).append(attributes)
    even, odd = by_class["even-token"][0], by_class["odd-token"][0]
    assert even["data-background"] != odd["data-background"]
    assert "rgba(0, 0, 0, 0)" not in (even["data-background"], odd["data-background"])
    assert all(a["data-white-space"] == "pre" for a in by_class["token"])
    assert by_class["annotation"][0]["data-after"] == '"greeting"'
    assert by_class["special-token"][0]["data-before"] == '"[UNK]"'


def png_size(path: Path) -> tuple[int, int]:
    """The width and height in a PNG's IHDR chunk."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_screenshot(tmp_path: Path) -> None:
    tokenizer = Tokenizer.from_file(str(fixture_path("gpt2/tokenizer.json")))
    page = EncodingVisualizer(tokenizer, default_to_notebook=False)("Screenshots of tokens 😀", [Annotation(0, 11, "noun")])
    atomic_write_text(tmp_path / "page.html", page)
    shot = tmp_path / "x.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=640,240", "--hide-scrollbars", (tmp_path / "page.html").as_uri())
    assert png_size(shot) == (640, 240)
    assert shot.stat().st_size > 2000  # a blank page of that size compresses to far less


def test_docs_screenshot_script(tmp_path: Path) -> None:
    """tools/visualizer_screenshot.py draws the README's picture (kept small)."""
    output = tmp_path / "visualizer.png"
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "tools" / "visualizer_screenshot.py"), "--output", str(output)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert png_size(output)[0] > 0 and 2000 < output.stat().st_size < 150_000
