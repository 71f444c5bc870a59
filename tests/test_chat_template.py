"""Chat templates without transformers: the files a template is read from (and which wins), the
errors, the missing jinja2 extra, the sandbox's helpers, generation spans, tool schemas, saving.

tests/parity/test_chat_template_parity.py compares the same behaviour with transformers.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from subword.errors import ArgumentTypeError, FileFieldTypeError, ToolSchemaError
from subword.transformers import AutoTokenizer, PreTrainedTokenizer, default_tokenizer_path, get_json_schema
from subword.transformers._chat import assistant_mask, normalize_messages, plain_data
from subword.transformers._tool_schema import hint_schema, parse_docstring
from tests.shared_data import REPO_ROOT

jinja2 = pytest.importorskip("jinja2", reason="chat templates need jinja2")

CHAT = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]
SIMPLE = "{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}"


def folder_with(tmp_path: Path, config: dict[str, Any] | None = None, files: dict[str, str] | None = None) -> Path:
    """A folder of the packaged tokenizer, with a tokenizer_config.json and more files."""
    folder = tmp_path / "tok"
    folder.mkdir()
    shutil.copy(default_tokenizer_path(), folder / "tokenizer.json")
    (folder / "tokenizer_config.json").write_text(json.dumps(config or {}), encoding="utf-8")
    for name, text in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(text.encode("utf-8"))
    return folder


@pytest.fixture
def tokenizer() -> PreTrainedTokenizer:
    loaded = AutoTokenizer.from_pretrained(default_tokenizer_path(), cls_token="[CLS]", sep_token="[SEP]", pad_token="[PAD]")
    loaded.chat_template = SIMPLE
    return loaded


# -- where the template comes from ----------------------------------------------------------------

PRECEDENCE = [
    ({"chat_template": "C"}, {}, "C"),
    ({"chat_template": [{"name": "default", "template": "D"}, {"name": "x", "template": "X"}]}, {}, {"default": "D", "x": "X"}),
    ({"chat_template": "C"}, {"chat_template.jinja": "J"}, "J"),
    ({}, {"chat_template.jinja": "a\r\nb\rc"}, "a\nb\nc"),  # read as Python's text mode reads it
    ({"chat_template": "C"}, {"chat_template.jinja": "J", "additional_chat_templates/tool_use.jinja": "T"}, {"default": "J", "tool_use": "T"}),
    ({"chat_template": "C"}, {"additional_chat_templates/tool_use.jinja": "T"}, {"tool_use": "T"}),
    ({}, {"additional_chat_templates/readme.md": "not a template"}, None),
    ({}, {"chat_template.json": '{"chat_template": "ignored"}'}, None),  # as transformers' tokenizers
    ({"chat_template": "C"}, {"chat_template.json": '{"chat_template": "ignored"}'}, "C"),
]


@pytest.mark.parametrize("config, files, expected", PRECEDENCE)
def test_template_files_precedence(tmp_path, config, files, expected):
    assert AutoTokenizer.from_pretrained(folder_with(tmp_path, config, files)).chat_template == expected


def test_keyword_argument_wins_over_the_files(tmp_path):
    folder = folder_with(tmp_path, {"chat_template": "C"}, {"chat_template.jinja": "J"})
    assert AutoTokenizer.from_pretrained(folder, chat_template="K").chat_template == "K"
    listed = AutoTokenizer.from_pretrained(folder, chat_template=[{"name": "a", "template": "A"}])
    assert listed.chat_template == {"a": "A"}


@pytest.mark.parametrize("value", [3, ["not an object"], [{"name": "x"}], {"x": 1}])
def test_config_template_of_the_wrong_type(tmp_path, value):
    with pytest.raises(FileFieldTypeError, match="tokenizer_config.json: chat_template"):
        AutoTokenizer.from_pretrained(folder_with(tmp_path, {"chat_template": value}))


def test_constructor_and_attribute():
    core = AutoTokenizer.from_pretrained(default_tokenizer_path()).backend_tokenizer
    assert PreTrainedTokenizer(core).chat_template is None
    assert PreTrainedTokenizer(core, chat_template=[{"name": "a", "template": "A"}]).chat_template == {"a": "A"}
    with pytest.raises(ArgumentTypeError, match="chat_template"):
        PreTrainedTokenizer(core, chat_template=7)  # type: ignore[arg-type]


def test_template_file_not_utf8(tmp_path):
    folder = folder_with(tmp_path)
    (folder / "chat_template.jinja").write_bytes(b"\xff")
    with pytest.raises(ValueError, match="chat_template.jinja: not valid UTF-8"):
        AutoTokenizer.from_pretrained(folder)


# -- errors ---------------------------------------------------------------------------------------


def test_no_template(tokenizer):
    tokenizer.chat_template = None
    with pytest.raises(ValueError, match="tokenizer.chat_template is not set and no template argument was passed"):
        tokenizer.apply_chat_template(CHAT)
    assert tokenizer.apply_chat_template(CHAT, chat_template="{{ messages | length }}", tokenize=False) == "2"


def test_named_templates_choice(tokenizer):
    tokenizer.chat_template = {"default": "D", "tool_use": "T", "rag": "R"}
    assert tokenizer.apply_chat_template(CHAT, tokenize=False) == "D"
    assert tokenizer.apply_chat_template(CHAT, tools=[], tokenize=False) == "T"
    assert tokenizer.apply_chat_template(CHAT, chat_template="rag", tokenize=False) == "R"
    assert tokenizer.apply_chat_template(CHAT, chat_template="{{ 1 + 1 }}", tokenize=False) == "2"
    del tokenizer.chat_template["default"]
    with pytest.raises(ValueError, match=r"no default specified.*\['rag', 'tool_use'\]"):
        tokenizer.apply_chat_template(CHAT)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(add_generation_prompt=True, continue_final_message=True), "continue_final_message and add_generation_prompt are not compatible"),
        (dict(continue_final_message=True, return_assistant_tokens_mask=True), "not compatible with return_assistant_tokens_mask"),
        (dict(return_assistant_tokens_mask=True, return_dict=False), "requires `return_dict=True` and `tokenize=True`"),
        (dict(continue_final_message="reasoning_content"), 'the final message has no "reasoning_content" to continue'),
        (dict(continue_final_message="name", chat_template="{{ messages }}"), 'set to "name" but this is not an accepted field'),
    ],
)
def test_argument_errors(tokenizer, kwargs, message):
    chat = CHAT if "name" not in str(kwargs) else [dict(CHAT[0], name="x")]
    with pytest.raises(ValueError, match=message):
        tokenizer.apply_chat_template(chat, **kwargs)


def test_empty_conversation_and_bad_messages(tokenizer):
    with pytest.raises(ValueError, match="empty conversation"):
        tokenizer.apply_chat_template([])
    with pytest.raises(TypeError, match="Chat messages should be dicts"):
        tokenizer.apply_chat_template(["hello"])
    with pytest.raises(TypeError, match="Documents should be a list of dicts"):
        tokenizer.apply_chat_template(CHAT, documents=["text"])
    with pytest.raises(ValueError, match="Tools should either be a JSON schema"):
        tokenizer.apply_chat_template(CHAT, tools=["get_weather"])
    with pytest.raises(NotImplementedError, match="sanitize_control_tokens"):
        tokenizer.apply_chat_template(CHAT, sanitize_control_tokens=True)


def test_raise_exception_is_a_template_error(tokenizer):
    with pytest.raises(jinja2.exceptions.TemplateError, match="^roles must alternate$"):
        tokenizer.apply_chat_template(CHAT, chat_template="{{ raise_exception('roles must alternate') }}")


def test_sandbox_refuses_internals(tokenizer):
    with pytest.raises(jinja2.exceptions.SecurityError):
        tokenizer.apply_chat_template(CHAT, chat_template="{{ messages.append(1) }}", tokenize=False)
    with pytest.raises(jinja2.exceptions.SecurityError, match="underscore-prefixed"):
        tokenizer.apply_chat_template(CHAT, chat_template="{% set ns = namespace() %}{% set ns._x = 1 %}", tokenize=False)
    rendered = tokenizer.apply_chat_template(CHAT, chat_template="{{ messages[0].__class__ }}", tokenize=False)
    assert rendered == ""  # unsafe attributes are undefined, as in transformers


def test_missing_jinja2_names_the_extra(tokenizer, monkeypatch):
    tokenizer.apply_chat_template(CHAT)  # compiled and cached: the check must still run
    monkeypatch.setitem(sys.modules, "jinja2", None)
    with pytest.raises(ImportError, match=r'pip install "subword\[chat\]"'):
        tokenizer.apply_chat_template(CHAT)


def test_old_jinja2_is_refused(tokenizer, monkeypatch):
    monkeypatch.setattr(jinja2, "__version__", "3.1.5")
    with pytest.raises(ImportError, match=r"jinja2>=3.1.6"):
        tokenizer.apply_chat_template(CHAT)


def test_import_subword_does_not_import_jinja2():
    code = "import sys, subword, subword.transformers; print('jinja2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_pyproject_declares_the_chat_extra():
    text = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'chat = ["jinja2>=3.1.6"]' in text
    assert "jinja2" in next(line for line in text.splitlines() if line.startswith("test = "))


# -- rendering ------------------------------------------------------------------------------------


def test_outputs(tokenizer):
    text = tokenizer.apply_chat_template(CHAT, tokenize=False, add_generation_prompt=True)
    assert text == "<user>Hi<assistant>Hello<assistant>"
    encoded = tokenizer.apply_chat_template(CHAT)
    assert type(encoded).__name__ == "BatchEncoding"  # return_dict=True by default, as transformers 5
    assert encoded["input_ids"] == tokenizer(text.removesuffix("<assistant>"), add_special_tokens=False)["input_ids"]
    assert tokenizer.apply_chat_template(CHAT, return_dict=False) == encoded["input_ids"]
    batch = tokenizer.apply_chat_template([CHAT, CHAT[:1]], tokenize=False)
    assert batch == ["<user>Hi<assistant>Hello", "<user>Hi"]
    arrays = tokenizer.apply_chat_template([CHAT, CHAT[:1]], padding=True, return_tensors="np")
    assert arrays["input_ids"].shape[0] == 2


def test_special_tokens_and_variables(tokenizer):
    template = "{{ cls_token }}|{{ sep_token }}|{{ bos_token }}|{{ extra }}"
    assert tokenizer.apply_chat_template(CHAT, chat_template=template, tokenize=False, extra=3) == "[CLS]|[SEP]||3"
    assert tokenizer.apply_chat_template(CHAT, chat_template=template, tokenize=False, cls_token="<c>").startswith("<c>|")


def test_helpers(tokenizer):
    template = (
        "{{ messages[0] | tojson }}|{{ {'é': [1, 2]} | tojson(indent=1, sort_keys=True) }}|"
        "{{ {'a': 1} | tojson(separators=(',', ':')) }}|{{ strftime_now('%Y') | length }}|"
        "{% for m in messages %}{% if loop.last %}{% break %}{% endif %}{{ m.role }}{% endfor %}|"
        "{% for m in messages %}{% if loop.first %}{% continue %}{% endif %}{{ m.role }}{% endfor %}|"
        "{{ dict(a=1) }}{{ dict.fromkeys(['x']) }}"
    )
    text = tokenizer.apply_chat_template(CHAT, chat_template=template, tokenize=False)
    assert text == (
        '{"role": "user", "content": "Hi"}|{\n "é": [\n  1,\n  2\n ]\n}|{"a":1}|4|user|assistant|'
        "{'a': 1}{'x': None}"
    )


def test_trim_and_lstrip_blocks(tokenizer):
    template = "{% for m in messages %}\n    {% if m.role == 'user' %}\nU{{ m.content }}\n    {% endif %}\n{% endfor %}"
    assert tokenizer.apply_chat_template(CHAT, chat_template=template, tokenize=False) == "UHi\n"


def test_messages_made_plain():
    @dataclasses.dataclass
    class Message:
        role: str
        content: str | None
        name: str | None = None

    assert normalize_messages([Message("user", "x"), {"role": "tool", "content": None}]) == [
        {"role": "user", "content": "x"},
        {"role": "tool"},
    ]
    assert plain_data({"k": [True, 1.5, Path("p")]}) == {"k": [True, 1.5, "<PosixPath>" if sys.platform != "win32" else "<WindowsPath>"]}


def test_continue_final_message(tokenizer):
    chat = CHAT + [{"role": "assistant", "content": "The answer is "}]
    text = tokenizer.apply_chat_template(chat, tokenize=False, continue_final_message=True)
    assert text == "<user>Hi<assistant>Hello<assistant>The answer is "
    assert chat[-1]["content"] == "The answer is "  # the caller's message is untouched
    trimmed = "{% for m in messages %}[{{ m.content | trim }}]{% endfor %}"
    assert tokenizer.apply_chat_template(chat, chat_template=trimmed, tokenize=False, continue_final_message=True) == (
        "[Hi][Hello][The answer is"
    )


def test_assistant_mask_spans(tokenizer):
    template = "{% for m in messages %}{% if m.role == 'assistant' %}{% generation %}{{ m.content }}{% endgeneration %}{% else %}{{ m.content }} {% endif %}{% endfor %}"
    out = tokenizer.apply_chat_template(CHAT, chat_template=template, return_assistant_tokens_mask=True)
    tokens = out.tokens()
    assert [token for token, bit in zip(tokens, out["assistant_masks"]) if bit] == ["hello"]
    assert assistant_mask(3, [(0, 1), (1, 2), (0, 0)], []) == [0, 0, 0]


def test_no_generation_block_warns(tokenizer):
    with pytest.warns(UserWarning, match="generation"):
        out = tokenizer.apply_chat_template(CHAT, return_assistant_tokens_mask=True)
    assert set(out["assistant_masks"]) == {0}


# -- tool schemas ---------------------------------------------------------------------------------


def test_parse_docstring_cases():
    assert parse_docstring("Only a summary.") == ("Only a summary.", {}, None)
    doc = "Sum.\n\nArgs:\n    a: first\n    b (list[int]):\n        second, on\n        two lines\nRaises:\n    ValueError"
    assert parse_docstring(doc) == ("Sum.", {"a": "first", "b": "second, on two lines"}, None)
    assert parse_docstring("S.\nReturns:\n    x\n      y")[2] == "x\n      y"


def test_hint_errors():
    with pytest.raises(ToolSchemaError, match="single element"):
        hint_schema(tuple[int])
    with pytest.raises(ToolSchemaError, match="Couldn't convert"):
        hint_schema(Path)

    def f(x: int) -> None:
        """No args section."""

    with pytest.raises(ToolSchemaError, match="no description for the argument 'x'"):
        get_json_schema(f)


# -- saving ---------------------------------------------------------------------------------------


def test_save_single_template(tokenizer, tmp_path):
    paths = tokenizer.save_pretrained(tmp_path / "out")
    assert [Path(p).name for p in paths] == ["tokenizer_config.json", "chat_template.jinja", "tokenizer.json"]
    assert (tmp_path / "out" / "chat_template.jinja").read_text(encoding="utf-8") == SIMPLE
    assert "chat_template" not in json.loads((tmp_path / "out" / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert AutoTokenizer.from_pretrained(tmp_path / "out").chat_template == SIMPLE


def test_save_named_templates(tokenizer, tmp_path):
    tokenizer.chat_template = {"default": "D", "tool_use": "T"}
    tokenizer.save_pretrained(tmp_path / "out", filename_prefix="p")
    assert (tmp_path / "out" / "p-chat_template.jinja").read_text(encoding="utf-8") == "D"
    assert (tmp_path / "out" / "p-additional_chat_templates" / "tool_use.jinja").read_text(encoding="utf-8") == "T"
    tokenizer.save_pretrained(tmp_path / "plain")
    assert AutoTokenizer.from_pretrained(tmp_path / "plain").chat_template == {"default": "D", "tool_use": "T"}


def test_save_into_the_config(tokenizer, tmp_path):
    tokenizer.chat_template = {"default": "D", "tool_use": "T"}
    paths = tokenizer.save_pretrained(tmp_path / "out", save_jinja_files=False)
    assert not any("chat_template" in p for p in paths)
    config = json.loads((tmp_path / "out" / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert config["chat_template"] == [{"name": "default", "template": "D"}, {"name": "tool_use", "template": "T"}]
    assert AutoTokenizer.from_pretrained(tmp_path / "out").chat_template == {"default": "D", "tool_use": "T"}


@pytest.mark.parametrize("name", ["../up", "a/b", "a\\b"])
def test_save_refuses_names_leaving_the_folder(tokenizer, tmp_path, name):
    tokenizer.chat_template = {"default": "D", name: "X"}
    with pytest.raises(ValueError, match="Invalid chat template name"):
        tokenizer.save_pretrained(tmp_path / "out")
    assert not (tmp_path / "out").exists()
