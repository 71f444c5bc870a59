"""`apply_chat_template`: a conversation rendered with the tokenizer's chat template, then encoded.

The steps are transformers 5's, in its order, so that the same input gives the same text, ids
and errors:

1. pick the template (`get_chat_template`): the argument (a template, or the name of one of the
   tokenizer's named templates), else the tokenizer's, `"tool_use"` when tools are given;
2. make each conversation plain data: message objects (dataclasses, pydantic models) become
   dicts, keys whose value is None are dropped, anything not JSON-like becomes `"<TypeName>"`;
   tools given as functions become JSON schemas (`_tool_schema.get_json_schema`);
3. render each conversation in the sandbox (`_jinja`) with `messages`, `tools`, `documents`,
   `add_generation_prompt`, the named special tokens (`bos_token`, ...) and the extra keyword
   arguments; `continue_final_message` cuts the text right after the final message;
4. unless `tokenize=False`, encode the text(s) without adding special tokens (the template
   writes them), and with `return_assistant_tokens_mask` mark the tokens that overlap a
   `{% generation %}` block.

Not done: `sanitize_control_tokens=True` (refused with NotImplementedError).
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import sys
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable

from ._jinja import compile_template, render_tracked
from ._params import PaddingArg
from ._tool_schema import get_json_schema
from .batch_encoding import BatchEncoding, TensorType

if TYPE_CHECKING:
    from .pretrained import PreTrainedTokenizer

_REASONING_FIELDS = ("reasoning_content", "thinking", "reasoning")  # the first is the one templates read
_CONTINUE_TAG = "CONTINUE_FINAL_MESSAGE_TAG "
_GENERATION_TAG = re.compile(r"\{\%-?\s*generation\s*-?\%\}")


def get_chat_template(self: PreTrainedTokenizer, chat_template: str | None = None, tools: list | None = None) -> str:
    """The template text `apply_chat_template` uses: `chat_template` (a template, or the name of
    one of the tokenizer's named templates), else the tokenizer's (its "tool_use" one when tools
    are given and it has one, else its "default")."""
    own = self.chat_template
    if isinstance(own, dict):
        if chat_template is not None and chat_template in own:
            return own[chat_template]
        if chat_template is None:
            if tools is not None and "tool_use" in own:
                return own["tool_use"]
            if "default" in own:
                return own["default"]
            raise ValueError(
                "This model has multiple chat templates with no default specified! Please either pass a chat "
                "template or the name of the template you wish to use to the `chat_template` argument. Available "
                f"template names are {sorted(own)}."
            )
    elif chat_template is None:
        if own is None:
            raise ValueError(
                "Cannot use chat template functions because tokenizer.chat_template is not set and no template "
                "argument was passed! For information about writing templates and setting the "
                "tokenizer.chat_template attribute, please see the documentation at "
                "https://huggingface.co/docs/transformers/main/en/chat_templating"
            )
        return own
    return chat_template


def apply_chat_template(
    self: PreTrainedTokenizer,
    conversation: Any,
    tools: list[dict | Callable] | None = None,
    documents: list[dict[str, Any]] | None = None,
    chat_template: str | None = None,
    add_generation_prompt: bool = False,
    continue_final_message: bool | str = False,
    tokenize: bool = True,
    sanitize_control_tokens: bool = False,
    padding: PaddingArg = False,
    truncation: bool = False,
    max_length: int | None = None,
    return_tensors: TensorType | None = None,
    return_dict: bool = True,
    return_assistant_tokens_mask: bool = False,
    tokenizer_kwargs: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Any:
    """Render a conversation (a list of `{"role", "content"}` messages), or a batch of them, with
    the chat template, and encode it.

    Args:
        tools: JSON schemas, or Python functions with type hints and a Google-style docstring.
        documents: dicts (usually "title" and "text") for retrieval-augmented templates.
        chat_template: a template, or the name of one of the tokenizer's named templates.
        add_generation_prompt: end with the header of a new assistant message.
        continue_final_message: end inside the final message (True: its "content"; a str: that
            field), so that the model continues it; not with `add_generation_prompt`.
        tokenize: False returns the rendered text(s).
        return_dict: True (the default, as transformers 5) returns a BatchEncoding, False the ids.
        return_assistant_tokens_mask: add "assistant_masks", 1 for the tokens inside the
            template's `{% generation %}` blocks (needs `return_dict` and `tokenize`).
        tokenizer_kwargs: more arguments for the tokenizer call.
        kwargs: more variables for the template.

    >>> from subword.transformers import AutoTokenizer, default_tokenizer_path
    >>> tokenizer = AutoTokenizer.from_pretrained(default_tokenizer_path())
    >>> tokenizer.chat_template = "{% for m in messages %}{{ m.role }}: {{ m.content }}\\n{% endfor %}"
    >>> tokenizer.apply_chat_template([{"role": "user", "content": "Hi"}], tokenize=False)
    'user: Hi\\n'
    """
    if not tokenize:
        return_dict = False  # only the tokenizer makes dicts
    if return_assistant_tokens_mask and not (return_dict and tokenize):
        raise ValueError("`return_assistant_tokens_mask=True` requires `return_dict=True` and `tokenize=True`")
    template = get_chat_template(self, chat_template, tools)
    if isinstance(conversation, (list, tuple)) and len(conversation) == 0:
        raise ValueError("Cannot apply chat template to an empty conversation. Provide at least one message.")
    is_batched = isinstance(conversation, (list, tuple)) and (
        isinstance(conversation[0], (list, tuple)) or hasattr(conversation[0], "messages")
    )
    conversations = [normalize_messages(chat) for chat in (conversation if is_batched else [conversation])]
    if continue_final_message:
        if add_generation_prompt:
            raise ValueError(
                "continue_final_message and add_generation_prompt are not compatible. Use continue_final_message "
                "when you want the model to continue the final message, and add_generation_prompt when you want "
                "to add a header that will prompt it to start a new assistant message instead."
            )
        if return_assistant_tokens_mask:
            raise ValueError("continue_final_message is not compatible with return_assistant_tokens_mask.")
    if sanitize_control_tokens:
        raise NotImplementedError("subword does not support apply_chat_template(sanitize_control_tokens=True) yet")

    variables = {**self.special_tokens_map, **kwargs}  # the caller's variables win over the special tokens
    texts, spans = render_conversations(
        template, conversations, tools, documents, add_generation_prompt, continue_final_message,
        return_assistant_tokens_mask, variables,
    )
    if not tokenize:
        return texts if is_batched else texts[0]
    out = self(
        texts if is_batched else texts[0],
        padding=padding,
        truncation=truncation,
        max_length=max_length,
        add_special_tokens=False,
        return_tensors=return_tensors,
        **(tokenizer_kwargs or {}),
    )
    if not return_dict:
        return out["input_ids"]
    if return_assistant_tokens_mask:
        rows = out["input_ids"] if is_batched or return_tensors else [out["input_ids"]]
        encodings = out.encodings
        if encodings is None:  # transformers fails here too (a TypeError), having no offsets
            raise TypeError(
                f"return_assistant_tokens_mask needs token offsets, which {type(self).__name__} (a Python "
                "tokenizer in transformers) does not give"
            )
        masks = [assistant_mask(len(rows[i]), encodings[i].offsets, spans[i]) for i in range(len(rows))]
        out["assistant_masks"] = masks if is_batched or return_tensors else masks[0]
        if return_tensors:
            out.convert_to_tensors(tensor_type=return_tensors)
    return out


def render_conversations(
    template: str,
    conversations: list[list[dict[str, Any]]],
    tools: list | None,
    documents: list | None,
    add_generation_prompt: bool,
    continue_final_message: bool | str,
    track: bool,
    variables: dict[str, Any],
) -> tuple[list[str], list[list[tuple[int, int]]]]:
    """Each conversation rendered, and (when `track`) the spans of its `{% generation %}` blocks."""
    if track and not _GENERATION_TAG.search(template):
        warnings.warn(
            "return_assistant_tokens_mask=True but the chat template has no {% generation %} block: the mask is all 0",
            UserWarning,
            stacklevel=3,
        )
    compiled = compile_template(template)
    schemas = None if tools is None else [_tool_schema(tool) for tool in tools]
    for document in documents or ():
        if not isinstance(document, dict):
            raise TypeError("Documents should be a list of dicts with 'title' and 'text' keys!")
    schemas, documents, variables = plain_data(schemas), plain_data(documents), plain_data(variables)
    texts, all_spans = [], []
    for conversation in conversations:
        chat = plain_data(conversation)  # a fresh copy: the edits below never reach the caller's messages
        for message in chat:
            if not isinstance(message, dict):
                raise TypeError(f"Chat messages should be dicts, dataclasses or pydantic models, but got {message!r}.")
        chat = _alias_reasoning(chat)
        final = _mark_final_message(chat, template, continue_final_message) if continue_final_message else None
        # a keyword argument named like one of these is a TypeError, as in transformers
        names = dict(
            messages=chat, tools=schemas, documents=documents, add_generation_prompt=add_generation_prompt, **variables
        )
        if track:
            text, spans = render_tracked(compiled, names)
            all_spans.append(spans)
        else:
            text = compiled.render(names)
        if final is not None:
            text = _cut_after_final_message(text, final)
        texts.append(text)
    return texts, all_spans


def _tool_schema(tool: Any) -> dict:
    if isinstance(tool, dict):
        return tool
    if inspect.isfunction(tool) or inspect.ismethod(tool):
        return get_json_schema(tool)
    raise ValueError(
        "Tools should either be a JSON schema, or a callable function with type hints "
        "and a docstring suitable for auto-conversion to a schema."
    )


def _mark_final_message(chat: list[dict[str, Any]], template: str, continue_final_message: bool | str) -> str:
    """Append a tag to the final message's text (edits `chat`) and return that text."""
    if not chat:
        raise ValueError("continue_final_message is set but the conversation is empty!")
    field = continue_final_message if isinstance(continue_final_message, str) else "content"
    final = chat[-1].get(field)
    if final is None:
        raise ValueError(f'continue_final_message is set but the final message has no "{field}" to continue!')
    fields = [field]
    if field in _REASONING_FIELDS:  # reasoning is copied under several names: tag each copy
        fields = [name for name in _REASONING_FIELDS if chat[-1].get(name) == final]
    if not any(name in template for name in fields):
        raise ValueError(
            f'continue_final_message is set to "{field}" but this is not an accepted field in the chat_template'
        )
    if isinstance(final, (list, tuple)):
        for block in reversed(final):  # the last block with text
            if "text" in block:
                text = block["text"]
                block["text"] = text + _CONTINUE_TAG
                return text
        raise ValueError("continue_final_message is set but we could not find any text to continue in the final message!")
    for name in fields:
        chat[-1][name] = chat[-1][name] + _CONTINUE_TAG
    return final


def _cut_after_final_message(text: str, final: str) -> str:
    """The rendered text up to the end of the final message (where its tag is)."""
    tag = _CONTINUE_TAG.strip()
    if final.strip() not in text or tag not in text:
        raise ValueError(
            "continue_final_message is set but the final message does not appear in the chat after "
            "applying the chat template! This can happen if the chat template deletes portions of "
            "the final message. Please verify the chat template and final message in your chat to "
            "ensure they are compatible."
            f"Final message to continue: {final.strip()}\nRendered chat:\n{text}"
        )
    where = text.rindex(tag)
    if text[where : where + len(_CONTINUE_TAG)] == _CONTINUE_TAG:
        return text[:where]
    return text[:where].rstrip()  # the template trimmed the space after the tag, maybe the message's own too


def assistant_mask(length: int, offsets: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[int]:
    """1 for each token whose characters overlap a span (spans and offsets both in order).

    >>> assistant_mask(4, [(0, 2), (2, 5), (5, 7), (7, 9)], [(3, 6)])
    [0, 1, 1, 0]
    """
    mask = [0] * length
    span = 0
    for index, (start, end) in enumerate(offsets):
        while span < len(spans) and start >= spans[span][1]:
            span += 1
        if span == len(spans):
            break
        if end > spans[span][0]:
            mask[index] = 1
    return mask


def _alias_reasoning(chat: list[Any]) -> list[Any]:
    """Messages with reasoning under any of its names get it as "reasoning_content" and "thinking" too."""
    aliased = []
    for message in chat:
        if isinstance(message, dict):
            reasoning = next((message[key] for key in _REASONING_FIELDS if message.get(key) is not None), None)
            if reasoning is not None:
                message = {"thinking": reasoning, **message, "reasoning_content": reasoning}
        aliased.append(message)
    return aliased


def normalize_messages(conversation: Any) -> list[dict[str, Any]]:
    """A conversation's messages as dicts (from dataclasses or pydantic models too), without the
    keys whose value is None (templates handle a missing key better than a None)."""
    messages = _objects_to_dicts(getattr(conversation, "messages", conversation))
    normalized = []
    for message in messages:
        if not isinstance(message, dict):
            raise TypeError(f"Chat messages should be dicts, dataclasses or pydantic models, but got {message!r}.")
        normalized.append({key: value for key, value in message.items() if value is not None})
    return normalized


def _objects_to_dicts(value: Any) -> Any:
    """Mappings, dataclasses and pydantic models made dicts, all the way down; the rest kept."""
    if isinstance(value, Mapping):
        return {key: _objects_to_dicts(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_objects_to_dicts(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_objects_to_dicts(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _objects_to_dicts(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if callable(getattr(value, "model_dump", None)):
        return _objects_to_dicts(value.model_dump())
    return value


def plain_data(value: Any) -> Any:
    """What a template may see of `value`: JSON-like data rebuilt from plain types (subclasses made
    their base type), any other object a `"<TypeName>"` placeholder, since its methods could
    reach outside the sandbox.

    >>> plain_data({"a": (1, True), "b": object()})
    {'a': (1, True), 'b': '<object>'}
    """
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, Mapping):
        return {plain_data(key): plain_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_data(item) for item in value]
    if isinstance(value, tuple):
        return tuple(plain_data(item) for item in value)
    numpy = sys.modules.get("numpy")  # a numpy scalar exists only if numpy was imported
    if numpy is not None and isinstance(value, numpy.generic):
        return plain_data(value.item())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: plain_data(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if callable(getattr(value, "model_dump", None)):
        return plain_data(value.model_dump())
    return f"<{type(value).__name__}>"

