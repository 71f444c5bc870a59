"""`subword convert IN OUT`: rewrite a tokenizer as another kind of file, keeping every id.

    subword convert mistral/tokenizer.json mistral.model      # a sentencepiece .model
    subword convert spiece.model tokenizer.json
    subword convert gpt2/tokenizer.json gpt2.tiktoken
    subword convert bert/tokenizer.json vocab.txt             # a WordPiece vocab.txt
    subword convert gpt2/tokenizer.json out/vocab.json        # out/vocab.json and out/merges.txt

IN is anything `-t` loads (see `subword.cli.loading`); the kind of OUT comes from its name:
`.json` a tokenizer.json, `.model` a sentencepiece model (`Tokenizer.save_sentencepiece`),
`.tiktoken` tiktoken ranks (`Tokenizer.save_tiktoken`), `.txt` a WordPiece vocab.txt, and
`vocab.json` a BPE's vocab.json with its merges.txt beside it (read back as their folder). OUT is
first written to a temporary folder and loaded back as `-t` would load it; it replaces OUT only
if it has the same vocabulary and gives the same ids (`add_special_tokens=False`, without
padding or truncation) on a set of sample texts (built in, plus the lines of `--texts FILE`). Otherwise nothing is written and the
command exits with code 2, naming what differs: a conversion that would change ids is refused.
On success one line says what was written.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

from .loading import load_tokenizer
from .problems import InputProblem, shown_path
from ..core.files import atomic_write_bytes
from ..errors import SubwordError
from ..formats.tiktoken_encodings import known_encoding
from ..models.vocab_files import write_vocab_txt
from ..tokenizer.tokenizer import Tokenizer

KINDS = {
    "vocab.json": "BPE vocab.json + merges.txt",
    ".json": "tokenizer.json",
    ".model": "sentencepiece .model",
    ".tiktoken": ".tiktoken ranks file",
    ".txt": "WordPiece vocab.txt",
}
# Texts the written file must encode as the input does: scripts, spaces at both ends and in
# runs, tabs and newlines, digits, punctuation, accents, emoji (byte fallback), contractions.
SAMPLE_TEXTS = (
    "Hello world! The quick brown fox jumps over the lazy dog.",
    "Héllo wörld — 日本語のテキスト, Привет мир 🤗",
    " leading space",
    "trailing space ",
    "  two  spaces  between  ",
    "tab\tnew line\nreturn\r\nend",
    "It's 3.14159 o'clock; they're 2,048 km away (or 1e-9?)",
    "naïve café façade coöperate Ångström ﬁne ① ｆｕｌｌ",
    "中文字符和标点。한국어 텍스트입니다. ภาษาไทย العربية עברית हिन्दी",
    "emoji 👍🏽 👨\u200d👩\u200d👧 🇫🇷 and 𓀀 hieroglyph",
    "CamelCaseIdentifiers snake_case_names kebab-case URLs https://example.com/a?b=c",
    "    indented code: for i in range(10): print(i)",
    "!!!???... ---- ==== ____",
    "Α β γ δ ε ζ η θ ι κ λ μ ν ξ ο π ρ σ ς τ υ φ χ ψ ω",
    "",
)


def add_convert_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `convert` subcommand to the `subword` parser's subcommands."""
    parser = commands.add_parser(
        "convert",
        help="rewrite a tokenizer as a tokenizer.json, .model, .tiktoken or vocab files, keeping its ids",
        description="Write the tokenizer IN as the kind of file OUT names; refuse (exit code 2) if the ids would change.",
    )
    parser.add_argument("input", type=Path, metavar="IN", help="a tokenizer file or folder, as `-t` takes it")
    parser.add_argument("output", type=Path, metavar="OUT", help="the file to write: .json, .model, .tiktoken, .txt, or vocab.json (+ merges.txt beside it)")
    parser.add_argument("--texts", type=Path, metavar="FILE", help="more sample texts (one a line) the ids are compared on")
    tiktoken = parser.add_mutually_exclusive_group()
    tiktoken.add_argument("--tiktoken-encoding", metavar="NAME", help="the tiktoken encoding of a .tiktoken IN (as for -t)")
    tiktoken.add_argument("--tiktoken-pattern", metavar="REGEX", help="the split pattern of a .tiktoken IN (as for -t)")
    parser.set_defaults(run=run_convert, parser=parser)
    return parser


def run_convert(args: argparse.Namespace) -> int:
    """`subword convert`: write OUT only if it loads back with IN's vocabulary and ids."""
    out = os.fspath(args.output)
    suffix = "vocab.json" if os.path.basename(out) == "vocab.json" else os.path.splitext(out)[1]
    if suffix not in KINDS:
        raise InputProblem(f"{shown_path(out)}: cannot tell what to write; OUT must end in {', '.join(KINDS)}")
    source = load_tokenizer(args.input, tiktoken_encoding=args.tiktoken_encoding, tiktoken_pattern=args.tiktoken_pattern)
    texts = list(SAMPLE_TEXTS) + _read_texts(args.texts)
    with tempfile.TemporaryDirectory(prefix="subword-convert-") as folder:
        # the stem is kept: a .tiktoken file's name may say its encoding (gpt2.tiktoken)
        trial = os.path.join(folder, os.path.basename(out))
        try:
            _write(source, trial, suffix)
        except SubwordError as error:
            raise InputProblem(f"cannot convert {shown_path(args.input)} to {KINDS[suffix]}: {error}") from None
        written = _load_back(source, trial, suffix)
        _check_same(source, written, texts, args.input, out, suffix)
        outputs = [(trial, out)]
        if suffix == "vocab.json":
            outputs.append((os.path.join(folder, "merges.txt"), os.path.join(os.path.dirname(out), "merges.txt")))
        for made, target in outputs:
            with open(made, "rb") as handle:
                atomic_write_bytes(target, handle.read())
    size = written.get_vocab_size(with_added_tokens=True)
    print(f"{shown_path(out)}: a {KINDS[suffix]} of {size} tokens, the same ids as {shown_path(args.input)} on {len(texts)} texts")
    return 0


def _read_texts(path: Path | None) -> list[str]:
    if path is None:
        return []
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputProblem(f"cannot read the sample texts {shown_path(path)}: {error}") from None
    # cut at "\n" only: a text may hold U+0085 or U+2028, which str.splitlines() would cut at
    return [line.removesuffix("\r") for line in text.split("\n")]


def _write(tokenizer: Tokenizer, path: str, suffix: str) -> None:
    if suffix == "vocab.json":
        if json.loads(tokenizer.to_str())["model"].get("type") != "BPE":
            raise InputProblem("a vocab.json + merges.txt holds a BPE; this tokenizer's model is another")
        tokenizer.model.save(os.path.dirname(path))
    elif suffix == ".json":
        tokenizer.save(path)
    elif suffix == ".model":
        tokenizer.save_sentencepiece(path)
    elif suffix == ".tiktoken":
        tokenizer.save_tiktoken(path)
    else:
        model = json.loads(tokenizer.to_str())["model"]
        if model.get("type") != "WordPiece":
            raise InputProblem(f"a vocab.txt holds a WordPiece vocabulary; this tokenizer's model is {model.get('type')}")
        write_vocab_txt(tokenizer.get_vocab(with_added_tokens=True), path)


def _load_back(source: Tokenizer, path: str, suffix: str) -> Tokenizer:
    """The written file loaded as `-t` loads it (a .tiktoken with the input's split pattern and specials)."""
    if suffix != ".tiktoken":
        return load_tokenizer(Path(path))
    pattern = _split_pattern(json.loads(source.to_str())["pre_tokenizer"])
    specials = {token.content: id_ for id_, token in source.get_added_tokens_decoder().items() if token.special}
    return Tokenizer.from_tiktoken(path, pattern, specials)


def _split_pattern(pre_tokenizer: dict) -> str:
    """The regex a byte-level pre-tokenizer splits with: a Split's, or GPT-2's for ByteLevel(use_regex=True)."""
    steps = pre_tokenizer.get("pretokenizers", [pre_tokenizer]) if pre_tokenizer else []
    for step in steps:
        if step.get("type") == "Split" and "Regex" in step.get("pattern", {}):
            return step["pattern"]["Regex"]
        if step.get("type") == "ByteLevel" and step.get("use_regex", True):
            if step.get("add_prefix_space"):
                raise InputProblem("tiktoken cannot express ByteLevel(add_prefix_space=True): it adds no space to the text")
            return known_encoding("gpt2").pattern
    raise InputProblem("cannot tell the split pattern of this byte-level tokenizer, so tiktoken could not split text as it does")



def _check_same(source: Tokenizer, written: Tokenizer, texts: list[str], source_path: Path, out: str, suffix: str) -> None:
    """Refuse (InputProblem, exit code 2) a written tokenizer whose vocabulary or ids differ."""
    for tokenizer in (source, written):  # both loaded for this command: the ids of whole texts are compared
        tokenizer.no_padding()
        tokenizer.no_truncation()
    refusal = f"refusing to write {shown_path(out)}: converting {shown_path(source_path)} to a {KINDS[suffix]} would change ids"
    ours, theirs = source.get_vocab(with_added_tokens=True), written.get_vocab(with_added_tokens=True)
    if ours != theirs:
        differing = sorted(set(ours.items()) ^ set(theirs.items()), key=lambda item: item[1])[:3]
        raise InputProblem(f"{refusal}: the vocabularies differ ({len(ours)} and {len(theirs)} tokens; e.g. {differing})")
    for text in texts:
        expected = source.encode(text, add_special_tokens=False).ids
        got = written.encode(text, add_special_tokens=False).ids
        if got != expected:
            at = next((i for i, (a, b) in enumerate(zip(expected, got)) if a != b), min(len(expected), len(got)))
            raise InputProblem(
                f"{refusal}: {text!r:.80} encodes as {expected[at:at + 8]} from token {at} on, but the written file "
                f"gives {got[at:at + 8]}"
            )

