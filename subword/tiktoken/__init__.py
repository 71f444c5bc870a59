"""A pure-Python stand-in for tiktoken's public API: `import subword.tiktoken as tiktoken`.

    enc = tiktoken.get_encoding("cl100k_base")   # from tiktoken's cache folder, never downloaded
    enc.encode("hello world")                    # the ids tiktoken gives

The submodules mirror tiktoken's: `core` (Encoding), `load` (load_tiktoken_bpe,
dump_tiktoken_bpe, data_gym_to_mergeable_bpe_ranks), `registry` (the known encodings) and
`model` (model name -> encoding). The BPE is subword's (`Tokenizer.from_tiktoken`'s).
"""

from .core import Encoding
from .model import encoding_for_model, encoding_name_for_model
from .registry import get_encoding, list_encoding_names

__all__ = ["Encoding", "encoding_for_model", "encoding_name_for_model", "get_encoding", "list_encoding_names"]
