"""A pytest plugin that makes `import sentencepiece` give `subword.sentencepiece`.

Load it with `-p tests.parity._sentencepiece_alias` to run sentencepiece's own Python tests
against subword (tests/parity/test_sentencepiece_own_suite.py does). It also points
`set_data_dir` at the installed sentencepiece's `package_data` folder, when there is one, so
the named normalization rules (nfkc_cf...) are found, as sentencepiece 0.2.3 finds them.
"""

from __future__ import annotations

import importlib.util
import os
import sys

import subword.sentencepiece as _subword_sentencepiece


def _reference_data_dir() -> str:
    """sentencepiece's package_data folder, found without importing sentencepiece."""
    spec = importlib.util.find_spec("sentencepiece")
    if spec is None or not spec.submodule_search_locations:
        return ""
    folder = os.path.join(list(spec.submodule_search_locations)[0], "package_data")
    return folder if os.path.isdir(folder) else ""


def pytest_configure(config: object) -> None:
    """Alias when pytest loads this module as a plugin (never on a plain import: the suite's
    doctest collection imports every module, and the parity tests need the real sentencepiece)."""
    sys.modules["sentencepiece"] = _subword_sentencepiece
    if _reference_data_dir():
        _subword_sentencepiece.set_data_dir(_reference_data_dir())
