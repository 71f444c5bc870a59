"""The default training corpus: the docstrings of the running Python's standard library.

Gathered at run time, so nothing is downloaded and no third-party text is shipped. The docstrings
are read from the source files in the interpreter's own library folder
(`sysconfig.get_paths()["stdlib"]`) with `ast`: nothing is imported or run, and `sys.path` (the
current folder, PYTHONPATH, site-packages) plays no part, so a `csv.py` in the working folder is
never read, and for a given Python the texts and their order are the same on every run, from any
folder. Modules written in C (`math`, `sys`) have no source there and add nothing. Used by
`subword train` when no files are given and by vocab_fixtures/build_default_tokenizer.py.
"""

from __future__ import annotations

import ast
import os
import sys
import sysconfig
import warnings
from pathlib import Path
from typing import Iterator, Union

# Packages whose text is noise for a tokenizer (test suites, GUI demos, hundreds of near-identical
# codec docstrings in `encodings`), and `distutils` (setuptools may substitute its own copy).
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

Definition = Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef]


def _is_skipped(name: str) -> bool:
    """Whether a (dotted) module name is one to leave alone: `_is_skipped("lib2to3.tests.x") -> True`."""
    parts = name.split(".")
    return (
        parts[0] in SKIPPED
        or any(part.startswith("_") for part in parts)
        or any(part in ("test", "tests") for part in parts)
    )


def stdlib_dir() -> Path:
    """The folder of the running interpreter's pure-Python standard library."""
    return Path(sysconfig.get_paths()["stdlib"])


def stdlib_sources(root: Path | None = None) -> list[tuple[str, Path]]:
    """(dotted module name, source file) of every public stdlib module written in Python, by name.

    Only names under `sys.stdlib_module_names` count, and a folder only as a package (with an
    `__init__.py`), so site-packages and the build folders beside the library are never read.
    """
    root = stdlib_dir() if root is None else root
    found: dict[str, Path] = {}
    for top in sorted(sys.stdlib_module_names):
        if _is_skipped(top):
            continue
        module_file, package = root / f"{top}.py", root / top
        if module_file.is_file():
            found[top] = module_file
        elif (package / "__init__.py").is_file():
            found.update(_package_sources(top, package))
    return sorted(found.items())


def _package_sources(name: str, folder: Path) -> Iterator[tuple[str, Path]]:
    """The modules of the package `name` in `folder`, subpackages included (symlinks not followed)."""
    yield name, folder / "__init__.py"
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        stem = entry.name[:-3] if entry.name.endswith(".py") else entry.name
        child = f"{name}.{stem}"
        if not stem.isidentifier() or _is_skipped(child) or entry.is_symlink():
            continue
        if entry.is_file() and entry.name.endswith(".py") and stem != "__init__":
            yield child, Path(entry.path)
        elif entry.is_dir() and os.path.isfile(os.path.join(entry.path, "__init__.py")):
            yield from _package_sources(child, Path(entry.path))


def _definitions(body: list[ast.stmt]) -> dict[str, Definition]:
    """The classes and functions a module or class body defines, by name (the last one wins, as
    at run time), including those under a top-level `if` or `try`."""
    found: dict[str, Definition] = {}
    for statement in body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found[statement.name] = statement
        elif isinstance(statement, ast.If):
            found.update(_definitions(statement.body + statement.orelse))
        elif isinstance(statement, ast.Try):
            blocks = statement.body + statement.orelse + statement.finalbody
            found.update(_definitions(blocks + [s for h in statement.handlers for s in h.body]))
    return found


def module_docs(tree: ast.Module) -> Iterator[str | None]:
    """Docstrings of a module, of its public classes and functions, and of the public methods
    and properties of those classes (and `__init__`), each level in name order."""
    yield ast.get_docstring(tree)
    for name, node in sorted(_definitions(tree.body).items()):
        if name.startswith("_"):
            continue
        yield ast.get_docstring(node)
        if isinstance(node, ast.ClassDef):
            for member, function in sorted(_definitions(node.body).items()):
                if isinstance(function, ast.ClassDef) or (member.startswith("_") and member != "__init__"):
                    continue
                yield ast.get_docstring(function)


def _parse(path: Path) -> ast.Module | None:
    """The syntax tree of a source file, or None if this Python cannot parse it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. SyntaxWarning: invalid escape sequence
            return ast.parse(path.read_bytes(), filename=str(path))
    except (SyntaxError, ValueError, OSError):
        return None


def docstrings(root: Path | None = None) -> list[str]:
    """Every distinct, non-empty stdlib docstring, cleaned of indentation, in a deterministic order."""
    seen: set[str] = set()
    texts = []
    for _, path in stdlib_sources(root):
        tree = _parse(path)
        for text in module_docs(tree) if tree is not None else ():
            if text and text not in seen:
                seen.add(text)
                texts.append(text)
    return texts
