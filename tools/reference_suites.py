"""Fetch the reference packages' own Python test suites, for the tests that run them against subword.

    python tools/reference_suites.py DIR

downloads the source archives (sdists) of the installed `tokenizers` and of `sentencepiece` 0.2.1
(whose Python suite the drop-in targets) from the package index, unpacks their test folders
under DIR, and prints the shell lines that point the tests at them:

    export SUBWORD_TOKENIZERS_TESTS=DIR/tokenizers-0.23.3/bindings/python
    export SUBWORD_SENTENCEPIECE_TESTS=DIR/sentencepiece-0.2.1/test/sentencepiece_test.py

(`.ci/run` evals them.) The suites are those packages' code: they are fetched, never committed.
The index is `PIP_INDEX_URL` or PyPI. Exits 1, naming what failed, when an archive cannot be had.
"""

from __future__ import annotations

import html.parser
import importlib.metadata
import io
import os
import sys
import tarfile
import urllib.parse
import urllib.request
from pathlib import Path

# package -> (its version, None for the installed one; the member folder to unpack; the
# environment variable; the path it points at)
SUITES = {
    "tokenizers": (None, "bindings/python/", "SUBWORD_TOKENIZERS_TESTS", "bindings/python"),
    "sentencepiece": ("0.2.1", "test/", "SUBWORD_SENTENCEPIECE_TESTS", "test/sentencepiece_test.py"),
}


class _Links(html.parser.HTMLParser):
    """The href of every <a> of a simple-index page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.extend(value for name, value in attrs if name == "href" and value)


def sdist_url(index: str, package: str, version: str) -> str:
    """The address of `package`'s `version` sdist on a PEP 503 simple index."""
    page_url = f"{index.rstrip('/')}/{package}/"
    with urllib.request.urlopen(page_url, timeout=60) as response:
        parser = _Links()
        parser.feed(response.read().decode("utf-8"))
    wanted = f"{package}-{version}.tar.gz"
    for link in parser.links:
        if urllib.parse.urlsplit(link).path.endswith("/" + wanted) or link.split("#")[0].endswith(wanted):
            return urllib.parse.urljoin(page_url, link)
    raise LookupError(f"{wanted} is not on {page_url}")


def unpack_tests(archive: bytes, member_folder: str, destination: Path) -> Path:
    """Unpack the members under `<top>/<member_folder>` of a .tar.gz; return `destination/<top>`."""
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        members = [m for m in tar.getmembers() if m.name.partition("/")[2].startswith(member_folder)]
        if not members:
            raise LookupError(f"the archive has no {member_folder} folder")
        tar.extractall(destination, members=members, filter="data")
        return destination / members[0].name.partition("/")[0]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    destination = Path(argv[0]).resolve()
    destination.mkdir(parents=True, exist_ok=True)
    index = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple")
    status = 0
    for package, (pinned, member_folder, variable, inner) in SUITES.items():
        try:
            version = pinned or importlib.metadata.version(package)
            url = sdist_url(index, package, version)
            with urllib.request.urlopen(url, timeout=300) as response:
                top = unpack_tests(response.read(), member_folder, destination)
            print(f"export {variable}={top / inner}")
        except Exception as error:  # noqa: BLE001 - report any failure by package, then go on
            print(f"error: could not fetch the {package} test suite: {error}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
