"""Build subword's shipped default tokenizer: a BERT-style WordPiece trained on stdlib docstrings.

The training text is gathered at run time from the docstrings of the running Python's standard
library, so nothing is downloaded and no third-party text is shipped. The tokenizer is trained with
the Rust `tokenizers` package (a build-time tool only: subword itself never imports it).

Run from the repository root:

    python vocab_fixtures/build_default_tokenizer.py

The training text depends on the Python version (its docstrings) and on which stdlib modules import
on this machine; for a given Python it is the same on every run (its sha256 is printed). The trained
vocabulary is not quite: the Rust trainer breaks ties between equally frequent pairs by ids that
follow the order of randomly seeded hash maps, so two runs differ in a few dozen tokens and in ids.
The committed file is therefore the reference, and tests never depend on its exact contents.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
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

OUTPUT = Path(__file__).resolve().parent.parent / "subword" / "data" / "default_tokenizer.json"
VOCAB_SIZE = 8000
SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

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


def train(texts: list[str]):  # -> tokenizers.Tokenizer (imported lazily: a build-time dependency)
    """Train the BERT-style WordPiece tokenizer on `texts`."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    trainer = trainers.WordPieceTrainer(vocab_size=VOCAB_SIZE, special_tokens=SPECIAL_TOKENS, show_progress=False)
    tokenizer.train_from_iterator(texts, trainer=trainer)
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)],
    )
    tokenizer.decoder = decoders.WordPiece(prefix="##")
    return tokenizer


def main(argv: list[str] | None = None) -> None:
    """Gather the docstrings, train, and write the tokenizer.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"where to write (default: {OUTPUT})")
    args = parser.parse_args(argv)

    texts = docstrings()
    corpus = "\n\n".join(texts).encode("utf-8")
    print(f"{len(texts)} docstrings, {len(corpus) / 1e6:.2f} MB, sha256 {hashlib.sha256(corpus).hexdigest()[:16]}")
    tokenizer = train(texts)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    # Written whole then renamed, so an interrupted run never leaves a half-written file.
    partial = args.output.with_suffix(".json.partial")
    partial.write_text(tokenizer.to_str(pretty=True) + "\n", encoding="utf-8")
    partial.replace(args.output)
    data = args.output.read_bytes()
    print(f"wrote {args.output} ({tokenizer.get_vocab_size()} tokens, sha256 {hashlib.sha256(data).hexdigest()[:16]})")


if __name__ == "__main__":
    main()
