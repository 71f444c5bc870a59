"""Draw docs/visualizer.png, the README's picture of an EncodingVisualizer page.

    python tools/visualizer_screenshot.py [--output docs/visualizer.png]

The page is the packaged tokenizer's (a BERT WordPiece) on a short text with two annotations,
drawn by headless Chromium (Debian's `chromium` package, `apt-get install chromium`).
tests/test_visualizer_browser.py runs this script, so the picture can always be redrawn.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from subword import Tokenizer
from subword.core.files import atomic_write_text
from subword.tools import Annotation, EncodingVisualizer
from subword.transformers import default_tokenizer_path

REPO_ROOT = Path(__file__).resolve().parent.parent
TEXT = "Tokenizers split text into subwords: naïve café 😀 in Paris"
ANNOTATIONS = [Annotation(0, 10, "noun"), Annotation(52, 57, "place")]
WINDOW = "900,170"


def main(argv: list[str] | None = None) -> int:
    """Write the screenshot to --output; the exit code is Chromium's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "docs" / "visualizer.png")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="the browser (default: /usr/bin/chromium)")
    args = parser.parse_args(argv)
    visualizer = EncodingVisualizer(Tokenizer.from_file(default_tokenizer_path()), default_to_notebook=False)
    page = visualizer(TEXT, ANNOTATIONS)
    assert page is not None
    with tempfile.TemporaryDirectory() as folder:
        html = Path(folder) / "page.html"
        atomic_write_text(html, page)
        command = [
            args.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={Path(folder) / 'profile'}", "--hide-scrollbars", f"--window-size={WINDOW}",
            f"--screenshot={args.output.resolve()}", html.as_uri(),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
