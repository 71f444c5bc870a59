"""The default training corpus: the docstrings of the running Python's standard library.

Gathered at run time, so nothing is downloaded and no third-party text is shipped. For a given
Python the texts and their order are the same on every run (they depend on its version and on
which stdlib modules import on the machine). Used by `subword train` when no files are given and
by vocab_fixtures/build_default_tokenizer.py. Gathering imports every public stdlib module that
imports cleanly (about a second), so call it from a command, not from library code.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import pkgutil
import sys
import sysconfig
import warnings
from pathlib import Path
from types import ModuleType
from typing import Iterator

# Modules whose import does something (opens a browser, prints, needs a display, touches the
# terminal), test suites, and distutils (setuptools may substitute its own copy for it).
SKIPPED = {
    "antigravity",
    "this",
    "idlelib",
    "tkinter",
    "turtle",
    "turtledemo",
    "readline",
    "test",
    "distutils",
    "ensurepip",
    "venv",
    "pydoc_data",
    "encodings",
}


def _is_skipped(name: str) -> bool:
    """Whether a (dotted) module name is one to leave alone: `_is_skipped("lib2to3.tests.x") -> True`."""
    parts = name.split(".")
    return (
        parts[0] in SKIPPED
        or any(part.startswith("_") for part in parts)
        or any(part in ("test", "tests") for part in parts)
    )


def _stdlib_dirs() -> tuple[Path, ...]:
    """The folders the standard library's Python and extension modules live in."""
    paths = sysconfig.get_paths()
    return tuple(Path(paths[key]).resolve() for key in ("stdlib", "platstdlib"))


def _is_stdlib(module: ModuleType, dirs: tuple[Path, ...]) -> bool:
    """True for built-in modules and for modules loaded from the stdlib folders (not site-packages)."""
    file = getattr(module, "__file__", None)
    if file is None:
        return True
    path = Path(file).resolve()
    return "site-packages" not in path.parts and any(path.is_relative_to(d) for d in dirs)


def _quiet_import(name: str) -> ModuleType | None:
    """Import `name` with warnings and output silenced; None if it does not import on this machine."""
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(
        io.StringIO()
    ):
        warnings.simplefilter("ignore")
        try:
            return importlib.import_module(name)
        except BaseException:  # noqa: BLE001  (a module may raise anything, even SystemExit)
            return None


def _submodule_names(package: ModuleType) -> list[str]:
    """The dotted names of a package's direct submodules, sorted (found without importing them)."""
    prefix = f"{package.__name__}."
    return sorted(prefix + info.name for info in pkgutil.iter_modules(getattr(package, "__path__", [])))


def stdlib_modules() -> list[ModuleType]:
    """The public stdlib modules and their public submodules that import cleanly, sorted by name."""
    dirs = _stdlib_dirs()
    found: dict[str, ModuleType] = {}
    pending = sorted(name for name in sys.stdlib_module_names if not _is_skipped(name))
    while pending:
        name = pending.pop()
        module = _quiet_import(name)
        if module is None or not _is_stdlib(module, dirs):
            continue
        found[name] = module
        pending.extend(sub for sub in _submodule_names(module) if not _is_skipped(sub))
    return [found[name] for name in sorted(found)]


def _class_member_docs(cls: type) -> Iterator[str | None]:
    """Docstrings of the methods and properties a class defines itself, sorted by name."""
    for name, value in sorted(vars(cls).items()):
        if name.startswith("_") and name != "__init__":
            continue
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        if inspect.isroutine(value) or isinstance(value, property):
            yield value.__doc__


def module_docs(module: ModuleType) -> Iterator[str | None]:
    """Docstrings of a module and of the public classes and functions defined in it, in name order."""
    yield module.__doc__
    for name, value in sorted(vars(module).items()):
        if name.startswith("_") or getattr(value, "__module__", None) != module.__name__:
            continue
        if inspect.isclass(value):
            yield value.__doc__
            yield from _class_member_docs(value)
        elif inspect.isroutine(value):
            yield value.__doc__


def docstrings() -> list[str]:
    """Every distinct, non-empty stdlib docstring, cleaned of indentation, in a deterministic order."""
    seen: set[str] = set()
    texts = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # some deprecated modules warn when their attributes are read
        for module in stdlib_modules():
            for doc in module_docs(module):
                text = inspect.cleandoc(doc) if isinstance(doc, str) else ""
                if text and text not in seen:
                    seen.add(text)
                    texts.append(text)
    return texts
