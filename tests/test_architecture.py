"""The floors of ARCHITECTURE.md, checked on the source with `ast`.

Four rules, each message naming the module, the line and the rule:

- floors: a module imports only from a lower floor, or from its own floor (and formats/ never
  from tokenizer/). Imports under `if TYPE_CHECKING:` are exempt: they never run.
- cycles: the import graph has no cycle, function-local imports counted.
- local imports: an import inside a function does not import a subword module, except the few
  in `LAZY_IMPORTS` that keep an optional dependency (numpy) out of `import subword`.
- private state: only subword/tokenizer/tokenizer.py touches a Tokenizer's private attributes
  (`tokenizer._model`, `._padding`...) on anything but `self`.

The checker runs on a dict {module name: source}, so the tests at the end plant violations in
small synthetic packages and make sure each rule catches them.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "subword"

# Floor of each top-level part of the package; a module may import its own floor or lower ones.
FLOORS = {
    "subword.errors": 0,
    "subword.text": 1,
    "subword.core": 2,
    "subword.normalizers": 3,
    "subword.pre_tokenizers": 3,
    "subword.models": 3,
    "subword.processors": 3,
    "subword.decoders": 3,
    "subword.trainers": 3,
    "subword.sentencepiece": 3,
    "subword.formats": 4,
    "subword.tokenizer": 4,
    "subword.implementations": 5,
    "subword.tools": 5,
    "subword.distributed": 5,
    "subword.corpus": 5,
    "subword.transformers": 6,
    "subword.tiktoken": 6,
    "subword.cli": 7,
    "subword": 8,  # subword/__init__.py and subword/__main__.py
}

# Same-floor imports that are forbidden all the same: a format reader gets the Tokenizer class
# from `Tokenizer.from_tiktoken` / `from_sentencepiece`, so tokenizer/ may import formats/ only.
FORBIDDEN = {("subword.formats", "subword.tokenizer")}

# Function-local imports of subword modules that are allowed: (importing module, imported module).
# Each keeps numpy (needed only to train a Unigram model) out of `import subword`, which
# tests/test_transformers_layer.py checks. They run after both modules have loaded, so they are
# left out of the cycle check.
LAZY_IMPORTS = {
    # `subword.trainers.UnigramTrainer`, loaded on first access by the module's __getattr__.
    ("subword.trainers", "subword.models.unigram.trainer"),
    # `Unigram().get_trainer()`: the trainer module imports the model, so this one is lazy too.
    ("subword.models.unigram.model", "subword.models.unigram.trainer"),
    # `subword.tokenize_corpus` and `subword tokenize-corpus` (numpy arrays of ids), loaded on first use.
    ("subword", "subword.corpus.shards"),
    ("subword.cli.tokenize_corpus", "subword.corpus.shards"),
    # `SentencePieceTrainer.train(model_type="unigram")` runs the Unigram trainer.
    ("subword.sentencepiece._trainer_pieces", "subword.models.unigram.trainer"),
}

TOKENIZER_MODULE = "subword.tokenizer.tokenizer"


@dataclass(frozen=True)
class Import:
    target: str  # a module of the package
    line: int
    local: bool  # inside a function
    type_only: bool  # under `if TYPE_CHECKING:`


@dataclass(frozen=True)
class Violation:
    module: str
    line: int
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.module}, line {self.line}: [{self.rule}] {self.detail}"


def package_sources(root: Path = PACKAGE_DIR) -> dict[str, str]:
    """{module name: source} for every .py file under `root` (packages named by their __init__)."""
    sources = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        sources[".".join(parts)] = path.read_text(encoding="utf-8")
    return sources


def package_names(root: Path = PACKAGE_DIR) -> set[str]:
    """The modules under `root` that are packages (an __init__.py)."""
    return {".".join(path.relative_to(root.parent).parent.parts) for path in root.rglob("__init__.py")}


def floor_part(module: str) -> str:
    """The key of FLOORS that `module` belongs to: "subword.core" for "subword.core.encoding"."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 and ".".join(parts[:2]) in FLOORS else "subword"


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def find_imports(module: str, source: str, modules: set[str], is_package: bool) -> list[Import]:
    """Every import of a module in `modules` made by `module`, wherever it stands in the file."""
    package = module if is_package else module.rpartition(".")[0]
    found: list[Import] = []

    def resolve(node: ast.ImportFrom) -> list[str]:
        if node.level:
            base_parts = package.split(".")
            base = ".".join(base_parts[: len(base_parts) - node.level + 1])
            base = f"{base}.{node.module}" if node.module else base
        else:
            base = node.module or ""
        # `from pkg import name` imports the submodule pkg.name when there is one, else pkg.
        targets = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules]
        if len(targets) < len(node.names) and base in modules:
            targets.append(base)
        return targets

    def visit(node: ast.AST, local: bool, type_only: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    name = alias.name
                    while name and name not in modules:
                        name = name.rpartition(".")[0]
                    if name:
                        found.append(Import(name, child.lineno, local, type_only))
            elif isinstance(child, ast.ImportFrom):
                for target in resolve(child):
                    found.append(Import(target, child.lineno, local, type_only))
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                for statement in child.body:
                    visit(ast.Module(body=[statement], type_ignores=[]), local, True)
                for statement in child.orelse:
                    visit(ast.Module(body=[statement], type_ignores=[]), local, type_only)
            else:
                inner = local or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                visit(child, inner, type_only)

    visit(ast.parse(source), False, False)
    return found


def tokenizer_private_names(source: str) -> set[str]:
    """The private attributes and methods of the `Tokenizer` class defined in `source`."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef) and node.name == "Tokenizer":
            for inner in ast.walk(node):
                if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)) and _private(inner.name):
                    names.add(inner.name)
                elif isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name):
                    if inner.value.id == "self" and _private(inner.attr) and isinstance(inner.ctx, ast.Store):
                        names.add(inner.attr)
    return names


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def check(sources: dict[str, str], packages: set[str] | None = None) -> list[Violation]:
    """Every violation of the four rules in `sources` ({module name: source})."""
    if packages is None:  # a synthetic package: a module with submodules is a package
        packages = {name for name in sources if any(other.startswith(name + ".") for other in sources)}
    modules = set(sources)
    violations: list[Violation] = []
    graph: dict[str, dict[str, int]] = {name: {} for name in sources}
    for module, source in sources.items():
        for imp in find_imports(module, source, modules, module in packages):
            if imp.target == module:
                continue
            lazy = imp.local and (module, imp.target) in LAZY_IMPORTS
            if imp.local and not lazy:
                violations.append(
                    Violation(module, imp.line, "local import", f"imports {imp.target} inside a function; "
                              "import it at the top (only an optional dependency may be imported lazily)")
                )
            if not imp.type_only:
                violations.extend(_floor_violation(module, imp))
                if not lazy:
                    graph[module].setdefault(imp.target, imp.line)
    violations.extend(_cycles(graph))
    if TOKENIZER_MODULE in sources:
        private = tokenizer_private_names(sources[TOKENIZER_MODULE])
        for module, source in sources.items():
            if module != TOKENIZER_MODULE:
                violations.extend(_private_access(module, source, private))
    return violations


def _floor_violation(module: str, imp: Import) -> list[Violation]:
    own, other = floor_part(module), floor_part(imp.target)
    if FLOORS[other] > FLOORS[own]:
        detail = f"imports {imp.target} (floor {FLOORS[other]}) from floor {FLOORS[own]}; imports go downward only"
        return [Violation(module, imp.line, "floors", detail)]
    if (own, other) in FORBIDDEN:
        detail = f"imports {imp.target}; {own} must not import {other} (take the class as an argument)"
        return [Violation(module, imp.line, "floors", detail)]
    return []


def _cycles(graph: dict[str, dict[str, int]]) -> list[Violation]:
    """One violation per strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:
        # Iterative depth-first search: the graph has a few hundred modules.
        work = [(node, iter(sorted(graph[node])))]
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        while work:
            current, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[current] = min(low[current], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[current])
            if low[current] == index[current]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == current:
                        break
                if len(component) > 1:
                    components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    violations = []
    for component in components:
        path = _cycle_path(graph, component)
        steps = " -> ".join(f"{a} (line {graph[a][b]})" for a, b in zip(path, path[1:])) + f" -> {path[-1]}"
        violations.append(Violation(path[0], graph[path[0]][path[1]], "cycle", f"import cycle: {steps}"))
    return violations


def _cycle_path(graph: dict[str, dict[str, int]], component: list[str]) -> list[str]:
    """A shortest cycle through the first module of `component`, start repeated at the end."""
    members, start = set(component), component[0]
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph[node]):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return list(reversed(path)) + [start]
                if child in members and child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    raise AssertionError("a strongly connected component always has a cycle")


def _private_access(module: str, source: str, private: set[str]) -> list[Violation]:
    violations = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in private:
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                detail = (f"reaches into a Tokenizer's private state ({ast.unparse(node)}); "
                          "use the Tokenizer's public API")
                violations.append(Violation(module, node.lineno, "private state", detail))
    return violations


# -- the package ------------------------------------------------------------------------------


def test_every_module_has_a_floor():
    for module in package_sources():
        assert floor_part(module) in FLOORS, module


def test_the_package_keeps_its_floors():
    violations = check(package_sources(), package_names())
    assert not violations, "architecture violations (see ARCHITECTURE.md):\n" + "\n".join(map(str, violations))


def test_the_allowed_lazy_imports_still_exist():
    # An entry whose import went away must leave the allow-list with it.
    sources = package_sources()
    modules = set(sources)
    packages = package_names()
    local = {
        (module, imp.target)
        for module, source in sources.items()
        for imp in find_imports(module, source, modules, module in packages)
        if imp.local
    }
    assert LAZY_IMPORTS <= local, LAZY_IMPORTS - local


# -- the checker, on planted violations ---------------------------------------------------------


def _synthetic(**files: str) -> dict[str, str]:
    """A tiny package: keyword names use "__" for dots (subword__core__a -> subword.core.a)."""
    sources = {"subword": "", "subword.errors": "", "subword.core": "", "subword.text": "",
               "subword.tokenizer": "", "subword.formats": "", "subword.models": ""}
    sources.update({name.replace("__", "."): source for name, source in files.items()})
    return sources


def _rules(sources: dict[str, str]) -> list[tuple[str, str, int]]:
    return [(v.rule, v.module, v.line) for v in check(sources)]


def test_checker_accepts_a_clean_package():
    sources = _synthetic(
        subword__core__a="from ..errors import X\nfrom ..text import t\n",
        subword__tokenizer__tokenizer="from ..formats import f\nclass Tokenizer:\n    def __init__(self):\n        self._model = 1\n",
        subword__formats__f="from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..tokenizer.tokenizer import Tokenizer\n",
    )
    assert _rules(sources) == []


def test_checker_catches_an_upward_import():
    sources = _synthetic(subword__core__a="import os\nfrom ..tokenizer import tokenizer\n")
    assert _rules(sources) == [("floors", "subword.core.a", 2)]
    [violation] = check(sources)
    assert "subword.core.a, line 2: [floors] imports subword.tokenizer" in str(violation)


def test_checker_catches_an_upward_import_of_the_package_itself():
    sources = _synthetic(subword__text__a="\n\nimport subword\n")
    assert _rules(sources) == [("floors", "subword.text.a", 3)]


def test_checker_catches_formats_importing_tokenizer():
    sources = _synthetic(subword__formats__f="from ..tokenizer.tokenizer import Tokenizer\n",
                         subword__tokenizer__tokenizer="")
    assert _rules(sources) == [("floors", "subword.formats.f", 1)]


def test_checker_catches_a_cycle_made_by_a_local_import():
    sources = _synthetic(
        subword__core__a="from . import b\n",
        subword__core__b="def f():\n    from .a import x\n",
    )
    assert sorted(_rules(sources)) == [("cycle", "subword.core.a", 1), ("local import", "subword.core.b", 2)]
    cycle = next(v for v in check(sources) if v.rule == "cycle")
    assert "subword.core.a (line 1) -> subword.core.b (line 2) -> subword.core.a" in cycle.detail


def test_checker_catches_a_local_import_in_a_method():
    sources = _synthetic(subword__core__a="class A:\n    def f(self):\n        import json\n        import subword.errors\n")
    assert _rules(sources) == [("local import", "subword.core.a", 4)]


def test_checker_exempts_type_checking_imports_from_floors():
    source = "import typing\nif typing.TYPE_CHECKING:\n    from ..tokenizer import tokenizer\nelse:\n    from ..cli import x\n"
    sources = _synthetic(subword__core__a=source, subword__cli="", subword__cli__x="")
    assert _rules(sources) == [("floors", "subword.core.a", 5)]


def test_checker_catches_private_tokenizer_state():
    sources = _synthetic(
        subword__tokenizer__tokenizer=(
            "class Tokenizer:\n    def __init__(self):\n        self._padding = None\n"
            "    def _encode(self):\n        return self._padding\n"
        ),
        subword__tokenizer__serialization="def f(tokenizer):\n    return tokenizer._padding, tokenizer.padding\n",
        subword__core__a="def g(t):\n    t._encode()\n    return t._other\n",
    )
    assert sorted(_rules(sources)) == [
        ("private state", "subword.core.a", 2),
        ("private state", "subword.tokenizer.serialization", 2),
    ]


@pytest.mark.parametrize("rule", ["floors", "cycle", "local import", "private state"])
def test_every_rule_has_a_planted_violation(rule):
    # Guard for the tests above: each rule is caught at least once somewhere.
    planted = {
        "floors": _synthetic(subword__errors="from .core import a\n", subword__core__a=""),
        "cycle": _synthetic(subword__core__a="from . import b\n", subword__core__b="from . import a\n"),
        "local import": _synthetic(subword__core__a="def f():\n    from ..errors import E\n"),
        "private state": _synthetic(
            subword__tokenizer__tokenizer="class Tokenizer:\n    def __init__(self):\n        self._model = 1\n",
            subword__cli="", subword__cli__x="def f(t):\n    return t._model\n",
        ),
    }[rule]
    assert rule in {v.rule for v in check(planted)}
