"""subword: BPE, WordPiece and Unigram tokenizers in pure Python, with the `tokenizers` API."""

from . import decoders, models, normalizers, pre_tokenizers, processors, tools, trainers
from .core.added_vocabulary import AddedToken
from .core.api_names import (
    EncodeInput,
    InputSequence,
    OffsetReferential,
    OffsetType,
    PreTokenizedEncodeInput,
    PreTokenizedInputSequence,
    SplitDelimiterBehavior,
    TextEncodeInput,
    TextInputSequence,
)
from .core.encoding import Encoding
from .errors import (
    ArgumentRangeError,
    ArgumentTypeError,
    ArgumentValueError,
    FileFieldTypeError,
    FileNestingError,
    FileRangeError,
    FingerprintMismatchError,
    HubFileNotFoundError,
    MemoryLimitError,
    MissingDependencyError,
    ModelFileError,
    RegexTimeoutError,
    RepoIdError,
    SubwordError,
    TokenizerFileError,
    ToolSchemaError,
    TrainingError,
    UnknownComponentError,
    WordCountsFileError,
    WorkerPoolError,
)
from .core.normalized_string import NormalizedString
from .core.pool import set_num_workers
from .core.pre_tokenized_string import PreTokenizedString
from .models.base import Token
from .text.oniguruma import Regex
from .core.word_counts import WordCounts
from .tokenizer.tokenizer import Tokenizer
from .tokenizer.training import count_words, count_words_in_files
from .transformers import AutoTokenizer, BatchEncoding, PreTrainedTokenizer
from .implementations import (
    BaseTokenizer,
    BertWordPieceTokenizer,
    ByteLevelBPETokenizer,
    CharBPETokenizer,
    SentencePieceBPETokenizer,
    SentencePieceUnigramTokenizer,
)

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # `tokenize_corpus` needs numpy: load it on first use so that `import subword` stays light.
    if name == "tokenize_corpus":
        from .corpus.shards import tokenize_corpus

        globals()["tokenize_corpus"] = tokenize_corpus
        return tokenize_corpus
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "AddedToken",
    "EncodeInput",
    "InputSequence",
    "OffsetReferential",
    "OffsetType",
    "PreTokenizedEncodeInput",
    "PreTokenizedInputSequence",
    "SplitDelimiterBehavior",
    "TextEncodeInput",
    "TextInputSequence",
    "AutoTokenizer",
    "BatchEncoding",
    "ArgumentRangeError",
    "ArgumentTypeError",
    "ArgumentValueError",
    "BaseTokenizer",
    "BertWordPieceTokenizer",
    "ByteLevelBPETokenizer",
    "CharBPETokenizer",
    "Encoding",
    "FileFieldTypeError",
    "FileNestingError",
    "FileRangeError",
    "FingerprintMismatchError",
    "HubFileNotFoundError",
    "MemoryLimitError",
    "MissingDependencyError",
    "ModelFileError",
    "NormalizedString",
    "PreTokenizedString",
    "PreTrainedTokenizer",
    "Regex",
    "RegexTimeoutError",
    "RepoIdError",
    "SentencePieceBPETokenizer",
    "SentencePieceUnigramTokenizer",
    "SubwordError",
    "Token",
    "TokenizerFileError",
    "ToolSchemaError",
    "Tokenizer",
    "TrainingError",
    "UnknownComponentError",
    "WordCounts",
    "WordCountsFileError",
    "WorkerPoolError",
    "count_words",
    "count_words_in_files",
    "decoders",
    "models",
    "normalizers",
    "pre_tokenizers",
    "processors",
    "set_num_workers",
    "tokenize_corpus",
    "trainers",
]
