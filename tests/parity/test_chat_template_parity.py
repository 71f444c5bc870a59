"""Chat templates against transformers 5: the same folders, loaded by both `AutoTokenizer`s.

Each folder is a shared fixture's tokenizer.json and tokenizer_config.json (Mistral-7B, a
SentencePiece-style BPE with <s>/</s>; GPT-2, byte-level BPE with ChatML tokens added) plus
templates written here: Llama-2 style, ChatML with `{% generation %}`, a tool-use template, and
one using `raise_exception`, `strftime_now`, `loop.last`, `tojson` and `namespace`. Compared:
the template each loads (from every file layout), the rendered text, the ids, the BatchEncoding
(batched, padded, numpy, assistant masks), the errors (kind and message), tool schemas of Python
functions, and save_pretrained round trips both ways.
"""

from __future__ import annotations

import json
import os
import shutil
from enum import Enum
from pathlib import Path
from typing import Any, Literal, Optional, Union

import pytest
from hypothesis import given, settings, strategies as st

os.environ.setdefault("HF_HUB_OFFLINE", "1")
np = pytest.importorskip("numpy")
pytest.importorskip("jinja2", reason="chat templates need jinja2")
transformers = pytest.importorskip("transformers")
from transformers.utils import get_json_schema as their_schema  # noqa: E402

from subword.transformers import AutoTokenizer, get_json_schema  # noqa: E402
from subword.transformers._tool_schema import parse_docstring  # noqa: E402
from tests.shared_data import FIXTURES  # noqa: E402

transformers.logging.set_verbosity_error()

LLAMA2 = (
    "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}"
    "{% set system_message = '<<SYS>>\\n' + messages[0]['content'] + '\\n<</SYS>>\\n\\n' %}"
    "{% else %}{% set loop_messages = messages %}{% set system_message = '' %}{% endif %}"
    "{% for message in loop_messages %}"
    "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
    "{% if loop.index0 == 0 %}{% set content = system_message + message['content'] %}"
    "{% else %}{% set content = message['content'] %}{% endif %}"
    "{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}"
    "{% elif message['role'] == 'assistant' %}{{ ' ' + content.strip() + ' ' + eos_token }}{% endif %}"
    "{% endfor %}"
)
CHATML = """{% for message in messages %}
{% if message['role'] == 'assistant' %}
{{ '<|im_start|>assistant\n' }}{% generation %}{{ message['content'] + '<|im_end|>' }}{% endgeneration %}{{ '\n' }}
{% else %}
{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}
{% endif %}
{% endfor %}
{% if add_generation_prompt %}
{{ '<|im_start|>assistant\n' }}
{% endif %}"""
TOOL_USE = """{{ bos_token }}{% if tools %}[AVAILABLE_TOOLS]{{ tools | tojson }}[/AVAILABLE_TOOLS]{% endif %}
{% if documents %}{% for doc in documents %}[DOC {{ loop.index }}] {{ doc.title }}: {{ doc.text }}
{% endfor %}{% endif %}
{% for message in messages %}
{% if message.role == 'tool' %}[TOOL_RESULTS]{{ message.content | tojson(indent=2, sort_keys=True) }}[/TOOL_RESULTS]
{% elif message.tool_calls is defined %}[TOOL_CALLS]{{ message.tool_calls | tojson(separators=(',', ':')) }}{{ eos_token }}
{% else %}{{ message.role }}: {{ message.content }}{% if not loop.last %}
{% endif %}{% endif %}
{% endfor %}
{% if add_generation_prompt %}
assistant:{% endif %}"""
FEATURES = """{% set ns = namespace(users=0, last='') %}
Today is {{ strftime_now('%Y-%m-%d') }}. Extra: {{ extra | default('none') }}.
{% for message in messages %}
{% if message.role not in ['user', 'assistant', 'system'] %}{{ raise_exception('Unknown role: ' + message.role) }}{% endif %}
{% if message.role == 'user' %}{% set ns.users = ns.users + 1 %}{% endif %}
{% if message.content is string and message.content == 'STOP' %}{% break %}{% endif %}
{{ loop.index }}/{{ loop.length }} {{ message.role | upper }}{{ ' (last)' if loop.last }}: {{ message.content | tojson }}
{% if message.reasoning_content is defined %}<think>{{ message.reasoning_content }}</think>
{% endif %}
{% endfor %}
users={{ ns.users }} keys={{ dict(a=1, b=2) | tojson }}{{ eos_token }}"""
TEMPLATES = {"llama2": LLAMA2, "chatml": CHATML, "tool_use": TOOL_USE, "features": FEATURES}

CHAT = [
    {"role": "system", "content": "You are helpful."},
    {"role": "user", "content": "Hi there! Ça va? 日本語"},
    {"role": "assistant", "content": "Hello! How can I help?"},
    {"role": "user", "content": "Tell me a joke  "},
]
CHAT_ENDING_WITH_ASSISTANT = CHAT[:3]


def _mistral(folder: Path) -> None:
    shutil.copy(FIXTURES / "mistral-7b" / "tokenizer.json", folder / "tokenizer.json")
    shutil.copy(FIXTURES / "mistral-7b" / "tokenizer_config.json", folder / "tokenizer_config.json")


def _gpt2(folder: Path) -> None:
    shutil.copy(FIXTURES / "gpt2" / "tokenizer.json", folder / "tokenizer.json")
    config = {
        "tokenizer_class": "GPT2Tokenizer",
        "bos_token": "<|endoftext|>",
        "eos_token": "<|im_end|>",
        "pad_token": "<|endoftext|>",
        "extra_special_tokens": ["<|im_start|>", "<|im_end|>"],
    }
    (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")


BASES = {"mistral": ("mistral-7b/tokenizer.json", _mistral), "gpt2": ("gpt2/tokenizer.json", _gpt2)}


def make_folder(folder: Path, base: str, *, config_template: Any = None, files: dict[str, str] | None = None) -> Path:
    """A tokenizer folder of `base` with a `chat_template` config key and template files."""
    fixture, build = BASES[base]
    if not (FIXTURES / fixture).exists():
        pytest.skip(f"shared fixture {FIXTURES / fixture} is absent (set SUBWORD_SHARED to the shared/ folder)")
    folder.mkdir(parents=True, exist_ok=True)
    build(folder)
    if config_template is not None:
        config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
        config["chat_template"] = config_template
        (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    for name, text in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """pair(base): (transformers', subword's) tokenizer of `base` with every template of
    TEMPLATES, named (loaded once per base)."""
    loaded: dict[str, tuple[Any, Any]] = {}

    def get(base: str) -> tuple[Any, Any]:
        if base not in loaded:
            files = {"chat_template.jinja": TEMPLATES["llama2" if base == "mistral" else "chatml"]}
            files.update({f"additional_chat_templates/{name}.jinja": text for name, text in TEMPLATES.items()})
            folder = make_folder(tmp_path_factory.mktemp(f"chat-{base}"), base, files=files)
            theirs = transformers.AutoTokenizer.from_pretrained(str(folder))
            ours = AutoTokenizer.from_pretrained(folder)
            assert ours.chat_template == theirs.chat_template
            loaded[base] = theirs, ours
        return loaded[base]

    return get


def plain(value: Any) -> Any:
    """A BatchEncoding, array or list made comparable (arrays keep dtype and shape)."""
    if hasattr(value, "keys"):
        return {key: plain(value[key]) for key in value.keys()}
    if isinstance(value, np.ndarray):
        return (str(value.dtype), value.shape, value.tolist())
    return value


def same_result(theirs: Any, ours: Any, *args: Any, **kwargs: Any) -> Any:
    """Call apply_chat_template on both; same value, or same error type and message."""
    try:
        expected = theirs.apply_chat_template(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - the kind of error is what is compared
        with pytest.raises(type(error)) as caught:
            ours.apply_chat_template(*args, **kwargs)
        assert str(caught.value) == str(error)
        return error
    got = ours.apply_chat_template(*args, **kwargs)
    assert plain(got) == plain(expected)
    if hasattr(expected, "keys"):
        assert type(got).__name__ == "BatchEncoding"
    return got


CASES = {
    "text": dict(tokenize=False),
    "text_prompt": dict(tokenize=False, add_generation_prompt=True),
    "ids": dict(return_dict=False),
    "dict": dict(),
    "prompt_dict": dict(add_generation_prompt=True),
    "np": dict(return_tensors="np"),
    "truncated": dict(truncation=True, max_length=9, return_dict=False),
    "max_length_alone": dict(max_length=9, return_dict=False),  # truncation=False by default here
    "tokenizer_kwargs": dict(tokenizer_kwargs={"return_offsets_mapping": True, "return_special_tokens_mask": True}),
    "extra_variable": dict(tokenize=False, extra="given", eos_token="<override>"),
}


@pytest.mark.parametrize("base", list(BASES))
@pytest.mark.parametrize("template", list(TEMPLATES))
@pytest.mark.parametrize("case", list(CASES))
def test_apply_chat_template(base, template, case, pair):
    theirs, ours = pair(base)
    chat = CHAT[1:] if template == "llama2" else CHAT
    same_result(theirs, ours, chat, chat_template=template, **CASES[case])


@pytest.mark.parametrize("base", list(BASES))
@pytest.mark.parametrize("template", list(TEMPLATES))
def test_batched_and_padded(base, template, pair):
    theirs, ours = pair(base)
    if base == "mistral":
        theirs.pad_token = ours.pad_token = "</s>"
    chats = [CHAT[1:3], CHAT[1:], [{"role": "user", "content": "x"}]]
    same_result(theirs, ours, chats, chat_template=template, tokenize=False)
    same_result(theirs, ours, chats, chat_template=template, return_dict=False)
    same_result(theirs, ours, chats, chat_template=template, padding=True, return_tensors="np")
    same_result(theirs, ours, tuple(chats), chat_template=template, padding="max_length", max_length=80, truncation=True)


@pytest.mark.parametrize("base", list(BASES))
@pytest.mark.parametrize("kwargs", [{}, {"return_tensors": "np"}, {"padding": True}, {"truncation": True, "max_length": 12}])
def test_assistant_tokens_mask(base, kwargs, pair):
    theirs, ours = pair(base)
    if base == "mistral":
        theirs.pad_token = ours.pad_token = "</s>"
    result = same_result(theirs, ours, CHAT, chat_template="chatml", return_assistant_tokens_mask=True, **kwargs)
    if "max_length" not in kwargs:
        assert 1 in np.asarray(result["assistant_masks"]).ravel().tolist()
    chats = [CHAT, CHAT_ENDING_WITH_ASSISTANT, CHAT[:2]]
    # ragged rows as numpy: transformers makes object arrays, subword refuses (a gap of __call__)
    padded = {"padding": True} if "return_tensors" in kwargs else {}
    same_result(theirs, ours, chats, chat_template="chatml", return_assistant_tokens_mask=True, **kwargs, **padded)
    # a template without {% generation %}: all zeros (and a warning)
    with pytest.warns(UserWarning, match="generation"):
        same_result(theirs, ours, CHAT, chat_template="tool_use", return_assistant_tokens_mask=True, **kwargs)


@pytest.mark.parametrize("base", list(BASES))
@pytest.mark.parametrize("template", list(TEMPLATES))
@pytest.mark.parametrize("tokenize", [False, True])
def test_continue_final_message(base, template, tokenize, pair):
    theirs, ours = pair(base)
    chat = CHAT_ENDING_WITH_ASSISTANT[1:] if template == "llama2" else CHAT_ENDING_WITH_ASSISTANT
    partial = chat[:-1] + [{"role": "assistant", "content": "Sure, here is  "}]
    for conversation in (chat, partial, [chat, partial]):
        same_result(theirs, ours, conversation, chat_template=template, continue_final_message=True, tokenize=tokenize)


def test_continue_final_message_fields_and_blocks(pair):
    theirs, ours = pair("gpt2")
    thinking = CHAT_ENDING_WITH_ASSISTANT[:-1] + [{"role": "assistant", "content": "ans", "thinking": "hmm let me"}]
    same_result(theirs, ours, thinking, chat_template="features", continue_final_message="reasoning_content", tokenize=False)
    same_result(theirs, ours, thinking, chat_template="features", continue_final_message="thinking", tokenize=False)
    blocks = [{"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "image"}, {"type": "text", "text": "b "}]}]
    multimodal = "{% for m in messages %}{% for b in m.content %}{% if b.type == 'text' %}{{ b.text }}|{% endif %}{% endfor %}{% endfor %}"
    same_result(theirs, ours, blocks, chat_template=multimodal, continue_final_message=True, tokenize=False)


ERRORS = {
    "both_flags": (CHAT, dict(add_generation_prompt=True, continue_final_message=True)),
    "mask_and_continue": (CHAT, dict(return_assistant_tokens_mask=True, continue_final_message=True)),
    "mask_without_dict": (CHAT, dict(return_assistant_tokens_mask=True, return_dict=False)),
    "mask_without_tokenize": (CHAT, dict(return_assistant_tokens_mask=True, tokenize=False)),
    "empty": ([], dict()),
    "continue_missing_field": (CHAT, dict(continue_final_message="reasoning_content", tokenize=False)),
    "continue_field_not_in_template": (CHAT, dict(continue_final_message="name", chat_template="{{ messages }}")),
    "continue_deleted": (CHAT, dict(continue_final_message=True, chat_template="{{ messages[0].content }}", tokenize=False)),
    "raise_exception": ([{"role": "user", "content": "a"}, {"role": "user", "content": "b"}], dict(chat_template="llama2")),
    "raise_exception_features": ([{"role": "robot", "content": "a"}], dict(chat_template="features")),
    "message_not_dict": (["hello"], dict()),
    "unknown_named_template_is_text": (CHAT, dict(chat_template="no_such_template", tokenize=False)),
    "documents_not_dicts": (CHAT, dict(documents=["text"], chat_template="tool_use")),
    "tools_not_schemas": (CHAT, dict(tools=[42], chat_template="tool_use")),
    "template_syntax_error": (CHAT, dict(chat_template="{% for %}")),
    "sandbox": (CHAT, dict(chat_template="{{ messages.__class__.__mro__ }}", tokenize=False)),
    "namespace_underscore": (CHAT, dict(chat_template="{% set ns = namespace(_x=1) %}{{ ns._x }}", tokenize=False)),
    "undefined_is_empty": (CHAT, dict(chat_template="[{{ nothing }}][{{ messages[0].nothing }}]", tokenize=False)),
}


@pytest.mark.parametrize("name", list(ERRORS))
def test_errors_and_edges(name, pair):
    theirs, ours = pair("mistral")
    conversation, kwargs = ERRORS[name]
    same_result(theirs, ours, conversation, **kwargs)


def test_template_choice_and_missing_template(tmp_path):
    plain_folder = make_folder(tmp_path / "none", "mistral")
    theirs, ours = transformers.AutoTokenizer.from_pretrained(str(plain_folder)), AutoTokenizer.from_pretrained(plain_folder)
    assert ours.chat_template is theirs.chat_template is None
    same_result(theirs, ours, CHAT)  # no template: ValueError, same message
    named = make_folder(tmp_path / "named", "mistral", files={"additional_chat_templates/tool_use.jinja": TOOL_USE})
    theirs, ours = transformers.AutoTokenizer.from_pretrained(str(named)), AutoTokenizer.from_pretrained(named)
    same_result(theirs, ours, CHAT)  # several templates, no default
    same_result(theirs, ours, CHAT, tools=[], tokenize=False)  # tools given: "tool_use"
    same_result(theirs, ours, CHAT, chat_template="tool_use", tokenize=False)


def test_tools_and_documents(pair):
    theirs, ours = pair("mistral")
    schema = {"type": "function", "function": {"name": "now", "description": "Time «now»", "parameters": {"type": "object", "properties": {}}}}
    documents = [{"title": "Doc", "text": "Some text <b>bold</b>"}, {"title": "Two", "text": "ü"}]
    chat = CHAT + [
        {"role": "assistant", "tool_calls": [{"type": "function", "function": {"name": "now", "arguments": {"tz": "UTC"}}}]},
        {"role": "tool", "content": {"time": "12:00", "zone": "UTC", "ok": True}},
    ]
    for tokenize in (False, True):
        same_result(theirs, ours, chat, tools=[schema, get_weather, Units.describe], documents=documents,
                    tokenize=tokenize, add_generation_prompt=True)


# -- tools given as Python functions --------------------------------------------------------------


class Units(Enum):
    CELSIUS = "celsius"
    FAHRENHEIT = "fahrenheit"

    @classmethod
    def describe(cls, unit: str, verbose: bool = False) -> str:
        """Describe a unit.

        Args:
            unit: The unit's name (choices: ["celsius", "fahrenheit"])
            verbose: Whether to
                say more.

        Returns:
            A description
            over two lines.
        """
        return unit


def get_weather(location: str, unit: Units = Units.CELSIUS, days: Optional[int] = None,
                hours: list[int] | None = None, mode: Literal["fast", 1, None] = "fast") -> dict[str, float]:
    """
    Get the weather forecast of a place.
    It uses a service.

    Args:
        location (str): The city and country,
            e.g. "Paris, France"
        unit: The temperature unit
        days: How many days ahead
        hours: Which hours of the day
        mode: How to fetch it
    Returns:
        The forecast by hour
    """
    return {}


def mixed(pair: tuple[int, str], table: dict[str, list[float]], anything: Any, choice: Union[int, str, list[int]], *args: int) -> None:
    """Mixed hints.

    Args:
        pair: A pair
        table: A table
        anything: Anything at all
        choice: One of several
        args: More numbers
    """


def no_docstring(x: int) -> int:
    return x


def undocumented_argument(x: int, y: int) -> int:
    """Adds.

    Args:
        x: first
    """
    return x + y


def unhinted(x) -> int:  # type: ignore[no-untyped-def]
    """Nothing.

    Args:
        x: something
    """
    return 0


def custom_class(x: Path) -> int:
    """Nothing.

    Args:
        x: a path
    """
    return 0


class Service:
    def call(self, query: str, limit: int = 3) -> list:
        """Query the service.

        Args:
            query: what to ask
            limit: at most this many
        """
        return []


@pytest.mark.parametrize("func", [get_weather, Units.describe, mixed, Service().call, Service.call])
def test_get_json_schema(func):
    assert get_json_schema(func) == their_schema(func)
    assert json.dumps(get_json_schema(func)) == json.dumps(their_schema(func))  # same key order


@pytest.mark.parametrize("func", [no_docstring, undocumented_argument, unhinted, custom_class])
def test_get_json_schema_errors(func):
    with pytest.raises(Exception) as expected:
        their_schema(func)
    with pytest.raises(ValueError) as caught:
        get_json_schema(func)
    if "hint" not in str(expected.value):  # the docstring errors say the same thing
        assert str(caught.value) == str(expected.value)


DOCSTRINGS = [
    "Summary line.\n\nMore text.\n\nArgs:\n    a: x\n\n    b: y (choices: [1, 2])\n\nReturns:\n    r\n\nRaises:\n    E",
    "S\nArgs:\n  a:\n    desc on next\n  b (Dict[str, int]): d\n      cont: with colon\n  c: z",
    "S\n\nArgs:\n    a: see http://x.y\n    b: t\nReturns:\n    multi\n    line\n",
    "S\n\nReturns:\n    r\nArgs:\n    a: x\nRaises:\n    q",
    "Args:\n    a: x",
    "S\n\nArgs:\n    a: one\n  b: less indented\n        c: deeper",
    "S\nArgs:\n\ta:\ttab\n\tb: two",
    "Only a summary.",
]


@pytest.mark.parametrize("doc", DOCSTRINGS)
def test_docstring_sections(doc):
    from transformers.utils.chat_template_utils import parse_google_format_docstring

    assert parse_docstring(doc) == parse_google_format_docstring(doc)


# -- text over Unicode ----------------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=min(40, settings().max_examples))
@given(user=TEXT, assistant=TEXT, base=st.sampled_from(list(BASES)), template=st.sampled_from(["chatml", "features", "tool_use"]))
def test_any_text_renders_and_encodes_alike(user, assistant, base, template, pair):
    theirs, ours = pair(base)
    chat = [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]
    same_result(theirs, ours, chat, chat_template=template, tokenize=False)
    same_result(theirs, ours, chat, chat_template=template, return_assistant_tokens_mask=(template == "chatml"))
    if assistant.strip():
        same_result(theirs, ours, chat, chat_template=template, continue_final_message=True, return_dict=False)


# -- where templates are read from, and written to ------------------------------------------------

LAYOUTS = {
    "config_str": dict(config_template="CONFIG {{ messages[0].content }}"),
    "config_list": dict(config_template=[{"name": "default", "template": "D"}, {"name": "tool_use", "template": "T"}]),
    "config_list_no_default": dict(config_template=[{"name": "rag", "template": "R"}]),
    "jinja_over_config": dict(config_template="CONFIG", files={"chat_template.jinja": "JINJA\r\nline"}),
    "jinja_and_named": dict(files={"chat_template.jinja": "J", "additional_chat_templates/tool_use.jinja": "T",
                                   "additional_chat_templates/rag.jinja": "R", "additional_chat_templates/notes.txt": "x"}),
    "named_only_drops_config": dict(config_template="CONFIG", files={"additional_chat_templates/tool_use.jinja": "T"}),
    "json_file_ignored": dict(files={"chat_template.json": json.dumps({"chat_template": "FROM JSON"})}),
    "json_file_beside_config": dict(config_template="CONFIG", files={"chat_template.json": json.dumps({"chat_template": "J"})}),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_template_files_precedence(layout, tmp_path):
    folder = make_folder(tmp_path / layout, "mistral", **LAYOUTS[layout])
    theirs = transformers.AutoTokenizer.from_pretrained(str(folder))
    ours = AutoTokenizer.from_pretrained(folder)
    assert ours.chat_template == theirs.chat_template
    theirs_kw = transformers.AutoTokenizer.from_pretrained(str(folder), chat_template="KEYWORD")
    assert AutoTokenizer.from_pretrained(folder, chat_template="KEYWORD").chat_template == theirs_kw.chat_template


ROUND_TRIPS = {
    "str": LLAMA2,
    "named": {"default": CHATML, "tool_use": TOOL_USE, "features": FEATURES},
    "named_no_default": {"tool_use": TOOL_USE},
}


def _saved_files(folder: Path) -> dict[str, str]:
    """The chat template files of a saved folder, and the config's chat_template key."""
    found = {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in folder.rglob("*.jinja")
    }
    config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    found["config:chat_template"] = json.dumps(config.get("chat_template"))
    return found


@pytest.mark.parametrize("templates", list(ROUND_TRIPS))
@pytest.mark.parametrize("save_jinja_files", [True, False])
def test_save_round_trips_both_ways(templates, save_jinja_files, tmp_path):
    theirs, ours = (transformers.AutoTokenizer.from_pretrained(str(make_folder(tmp_path / "base", "gpt2"))),
                    AutoTokenizer.from_pretrained(tmp_path / "base"))
    theirs.chat_template = ours.chat_template = ROUND_TRIPS[templates]
    their_paths = theirs.save_pretrained(str(tmp_path / "theirs"), save_jinja_files=save_jinja_files)
    our_paths = ours.save_pretrained(tmp_path / "ours", save_jinja_files=save_jinja_files)
    assert _saved_files(tmp_path / "ours") == _saved_files(tmp_path / "theirs")
    chat_paths = [Path(p).relative_to(tmp_path / "ours").as_posix() for p in our_paths if "chat_template" in p]
    assert chat_paths == [Path(p).relative_to(tmp_path / "theirs").as_posix() for p in their_paths if "chat_template" in p]
    for saved_by in ("ours", "theirs"):
        theirs_again = transformers.AutoTokenizer.from_pretrained(str(tmp_path / saved_by))
        ours_again = AutoTokenizer.from_pretrained(tmp_path / saved_by)
        assert ours_again.chat_template == theirs_again.chat_template == ROUND_TRIPS[templates]
        name = "tool_use" if templates == "named_no_default" else None
        same_result(theirs_again, ours_again, CHAT, chat_template=name, add_generation_prompt=True)
        same_result(theirs_again, ours_again, CHAT, chat_template=name, tokenize=False)


def test_bad_template_name_is_refused_on_save(tmp_path):
    templates = {"default": "x", "../escape": "y"}
    ours_copy = AutoTokenizer.from_pretrained(make_folder(tmp_path / "base", "gpt2"))
    ours_copy.chat_template = templates
    with pytest.raises(ValueError, match="Invalid chat template name: '../escape'"):
        ours_copy.save_pretrained(tmp_path / "out")
    assert not (tmp_path / "escape.jinja").exists()
