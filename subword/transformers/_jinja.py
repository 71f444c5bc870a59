"""The sandboxed Jinja environment chat templates render in, built as transformers 5 builds it.

jinja2 is an optional dependency (`pip install "subword[chat]"`), imported on the first render,
never by `import subword`. The environment is an `ImmutableSandboxedEnvironment` with
`trim_blocks` and `lstrip_blocks`, the loop controls extension (`{% break %}`, `{% continue %}`)
and a `{% generation %}...{% endgeneration %}` tag, and these names:

- `raise_exception(message)`: raises jinja2's `TemplateError(message)`;
- `strftime_now(format)`: the local time now, formatted;
- the `tojson` filter: `json.dumps` with its `ensure_ascii=False, indent, separators, sort_keys`
  (jinja's own filter would escape `<`, `>`, `&` and `'`);
- `dict(...)`, `dict.fromkeys(...)` and `namespace(...)`, reduced so that a template reaches no
  Python internals (a namespace refuses names that start with `_`).

`render_tracked` also returns the character span of each `{% generation %}` block: where the
text rendered so far ended when the block ran, as transformers measures it.
"""

from __future__ import annotations

import json
import re
from contextvars import ContextVar
from datetime import datetime
from functools import lru_cache
from typing import Any

INSTALL_HINT = 'pip install "subword[chat]"'
_MIN_JINJA = (3, 1, 6)  # older releases have known sandbox escapes; chat templates are untrusted code

_spans: ContextVar[list[tuple[int, int]] | None] = ContextVar("subword_generation_spans", default=None)
_rendered: ContextVar[list[int] | None] = ContextVar("subword_rendered_length", default=None)


def require_jinja2() -> Any:
    """The jinja2 module, or an ImportError that says how to install it (or a newer one)."""
    try:
        import jinja2
    except ImportError:
        raise ImportError(f"apply_chat_template needs jinja2, which is not installed: {INSTALL_HINT}") from None
    version = tuple(int(part) for part in re.findall(r"\d+", jinja2.__version__)[:3])
    if version < _MIN_JINJA:
        raise ImportError(
            f"apply_chat_template needs jinja2>=3.1.6 (older ones can escape the sandbox), found "
            f"{jinja2.__version__}: pip install -U jinja2"
        )
    return jinja2


def compile_template(source: str) -> Any:
    """The compiled `jinja2.Template` of a chat template (cached by its text)."""
    require_jinja2()  # each time, so that a missing jinja2 is reported even after a cached compile
    return _compile(source)


@lru_cache(maxsize=64)
def _compile(source: str) -> Any:
    return _environment().from_string(source)


def render_tracked(template: Any, variables: dict[str, Any]) -> tuple[str, list[tuple[int, int]]]:
    """The rendered text and the (start, end) character span of each `{% generation %}` block."""
    spans: list[tuple[int, int]] = []
    length = [0]  # the length of the text rendered so far, read by the generation tag
    spans_token, length_token = _spans.set(spans), _rendered.set(length)
    try:
        pieces = []
        for piece in template.generate(**variables):
            pieces.append(piece)
            length[0] += len(piece)
    finally:
        _spans.reset(spans_token)
        _rendered.reset(length_token)
    return "".join(pieces), spans


@lru_cache(maxsize=None)
def _environment() -> Any:
    """The one environment every chat template compiles in (stateless once built)."""
    jinja2 = require_jinja2()
    from jinja2.ext import Extension, loopcontrols
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    from jinja2.utils import Namespace

    class GenerationTag(Extension):
        """`{% generation %}body{% endgeneration %}`: renders the body, noting its span when tracked."""

        tags = {"generation"}

        def parse(self, parser: Any) -> Any:
            lineno = next(parser.stream).lineno
            body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
            return jinja2.nodes.CallBlock(self.call_method("_mark", []), [], [], body).set_lineno(lineno)

        def _mark(self, caller: Any) -> str:
            text = caller()
            spans, length = _spans.get(), _rendered.get()
            if spans is not None and length is not None:
                spans.append((length[0], length[0] + len(text)))
            return text

    class TemplateNamespace(Namespace):
        """`namespace(...)` that refuses underscore names, which could reach Python internals."""

        def __init__(*args: Any, **kwargs: Any) -> None:  # `namespace(self=1)` must still work
            namespace, attributes = args[0], dict(*args[1:], **kwargs)
            for name in attributes:
                _check_name(name)
            Namespace.__init__(namespace, attributes)

        def __setitem__(self, name: str, value: Any) -> None:
            _check_name(name)
            Namespace.__setitem__(self, name, value)

    def _check_name(name: Any) -> None:
        if isinstance(name, str) and name.startswith("_"):
            raise jinja2.exceptions.SecurityError(
                "Chat templates cannot store underscore-prefixed attributes on a namespace, but got "
                f"{name!r}. Please rename the attribute."
            )

    def raise_exception(message: str) -> None:
        raise jinja2.exceptions.TemplateError(message)

    environment = ImmutableSandboxedEnvironment(
        trim_blocks=True, lstrip_blocks=True, extensions=[GenerationTag, loopcontrols]
    )
    environment.filters["tojson"] = _tojson
    environment.globals["raise_exception"] = raise_exception
    environment.globals["strftime_now"] = _strftime_now
    environment.globals["dict"] = _TemplateDict()
    environment.globals["namespace"] = TemplateNamespace
    return environment


def _tojson(value: Any, ensure_ascii: bool = False, indent: Any = None, separators: Any = None, sort_keys: bool = False) -> str:
    """`{{ x | tojson }}`: plain `json.dumps`, non-ASCII kept, no HTML escaping.

    >>> _tojson({"b": "é<", "a": 1}, indent=1, sort_keys=True)
    '{\\n "a": 1,\\n "b": "é<"\\n}'
    """
    return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def _strftime_now(format: str) -> str:
    """`{{ strftime_now("%d %b %Y") }}`: the local date and time now."""
    return datetime.now().strftime(format)


class _TemplateDict:
    """`dict(...)` and `dict.fromkeys(...)` in a template, and nothing else of the dict type."""

    def __call__(self, *args: Any, **kwargs: Any) -> dict:
        return dict(*args, **kwargs)

    def fromkeys(self, *args: Any, **kwargs: Any) -> dict:
        return dict.fromkeys(*args, **kwargs)
