"""Where a tokenizer folder keeps its chat templates, read and written as transformers 5 does.

A template is a str; a tokenizer with several has a dict of named ones (`"default"`,
`"tool_use"`, ...). Reading a folder (`read_chat_templates`), the files win over
tokenizer_config.json's `chat_template` key (a str, or a list of `{"name", "template"}`):

- `chat_template.jinja` is the `"default"` template;
- `additional_chat_templates/<name>.jinja` are named ones;
- only a default: the template is that str; named ones: a dict (without a `"default"` if
  chat_template.jinja is absent: the config's template is then dropped, as transformers does).

Writing (`template_files`): a str goes to chat_template.jinja, a dict's `"default"` there too and
every other template to `additional_chat_templates/<name>.jinja`; with `save_jinja_files=False`
(`config_entry`), into tokenizer_config.json as transformers' older format. Not read:
`chat_template.json`, which transformers' tokenizers ignore too (only its processors read it).
"""

from __future__ import annotations

import os
from typing import Any, Union

from ..errors import ArgumentTypeError, ArgumentValueError, FileFieldTypeError, TokenizerFileError, type_name

CHAT_TEMPLATE_FILE = "chat_template.jinja"
CHAT_TEMPLATE_DIR = "additional_chat_templates"

ChatTemplate = Union[str, dict[str, str]]


def read_chat_templates(folder: str) -> ChatTemplate | None:
    """The templates of the files in `folder`, or None when it has none (see the module docstring)."""
    templates: dict[str, str] = {}
    default = os.path.join(folder, CHAT_TEMPLATE_FILE)
    if os.path.isfile(default):
        templates["default"] = _read_text(default)
    named = os.path.join(folder, CHAT_TEMPLATE_DIR)
    if os.path.isdir(named):
        for name in sorted(os.listdir(named)):
            path = os.path.join(named, name)
            if name.endswith(".jinja") and os.path.isfile(path):
                templates[name.removesuffix(".jinja")] = _read_text(path)
    if list(templates) == ["default"]:
        return templates["default"]
    return templates or None


def config_templates(value: Any, path: str) -> ChatTemplate | None:
    """tokenizer_config.json's `chat_template` as a str or a dict of named templates (checked).

    >>> config_templates([{"name": "default", "template": "{{ x }}"}], "tokenizer_config.json")
    {'default': '{{ x }}'}
    """
    if value is None or isinstance(value, str):
        return value
    entries = value.items() if isinstance(value, dict) else value
    if isinstance(value, list):
        if not all(isinstance(entry, dict) and "name" in entry and "template" in entry for entry in value):
            raise FileFieldTypeError(
                f'{path}: chat_template must be a str or a list of {{"name": ..., "template": ...}} objects, got {value!r:.80}'
            )
        entries = [(entry["name"], entry["template"]) for entry in value]
    elif not isinstance(value, dict):
        raise FileFieldTypeError(f"{path}: chat_template must be a str or a list of named templates, got {type_name(value)}")
    templates = dict(entries)
    if not all(isinstance(name, str) and isinstance(text, str) for name, text in templates.items()):
        raise FileFieldTypeError(f"{path}: chat_template names and templates must be str, got {value!r:.80}")
    return templates


def check_chat_template(value: Any) -> ChatTemplate | None:
    """A tokenizer's `chat_template` as given to the constructor: a str, a dict of named ones, a
    list of `{"name", "template"}` (made a dict), or None."""
    try:
        return config_templates(value, "chat_template")
    except FileFieldTypeError as error:
        raise ArgumentTypeError(str(error).removeprefix("chat_template: ")) from None


def template_files(chat_template: ChatTemplate | None, prefix: str = "") -> dict[str, str]:
    """The files that hold `chat_template`: relative path -> text (see the module docstring).

    >>> template_files({"default": "A", "tool_use": "B"})
    {'chat_template.jinja': 'A', 'additional_chat_templates/tool_use.jinja': 'B'}
    """
    if chat_template is None:
        return {}
    if isinstance(chat_template, str):
        return {prefix + CHAT_TEMPLATE_FILE: chat_template}
    files = {}
    for name, text in chat_template.items():
        if not isinstance(text, str):
            raise ArgumentTypeError(f"chat_template[{name!r}] must be a str, got {type_name(text)}")
        if name == "default":
            files[prefix + CHAT_TEMPLATE_FILE] = text
            continue
        # a name is an untrusted dict key: it must not lead out of the folder
        if not isinstance(name, str) or "/" in name or "\\" in name or os.sep in name:
            raise ArgumentValueError(f"Invalid chat template name: {name!r}")
        files[f"{prefix}{CHAT_TEMPLATE_DIR}/{name}.jinja"] = text
    return files


def config_entry(chat_template: ChatTemplate | None) -> Any:
    """`chat_template` as tokenizer_config.json's older format keeps it (None: no key)."""
    if isinstance(chat_template, dict):
        return [{"name": name, "template": text} for name, text in chat_template.items()]
    return chat_template


def _read_text(path: str) -> str:
    """A template file's text, newlines made "\\n" (as Python's text mode reads it)."""
    with open(path, "rb") as file:
        data = file.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TokenizerFileError(f"{path}: not valid UTF-8 (byte {error.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
