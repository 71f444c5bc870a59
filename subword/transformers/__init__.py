"""transformers' tokenizer API on top of subword: AutoTokenizer, PreTrainedTokenizer, BatchEncoding.

    tokenizer = AutoTokenizer.from_pretrained("path/to/folder")
    batch = tokenizer(["one text", "another"], padding=True, truncation=True, return_tensors="np")
    ids = tokenizer.apply_chat_template([{"role": "user", "content": "Hi"}])  # needs jinja2

Local files only; the outputs match transformers' fast tokenizers (tokenizers backend).
"""

from .auto import AutoTokenizer, default_tokenizer_path
from .batch_encoding import BatchEncoding, CharSpan, TokenSpan
from .pretrained import PreTrainedTokenizer
from .tokenizer_classes import *  # noqa: F403 - every model class and its Fast alias
from .tokenizer_classes import __all__ as _CLASS_NAMES
from ._tool_schema import get_json_schema

__all__ = sorted(
    ["AutoTokenizer", "BatchEncoding", "CharSpan", "PreTrainedTokenizer", "TokenSpan", "default_tokenizer_path", "get_json_schema"]
    + _CLASS_NAMES
)
