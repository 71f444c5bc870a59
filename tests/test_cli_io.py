"""`subword encode` and `subword decode` as pipes: arguments, files, stdin, JSON lines in and out,
`| head`, bad input and exit codes. Every expected encoding comes from the Rust package on the
same tokenizer file and the same text.
"""

from __future__ import annotations

import ast
import io
import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import subword
from subword.cli.main import EXIT_BROKEN_PIPE, main
from tests.shared_data import REPO_ROOT, fixture_path
from tests.test_cli import MULTILINGUAL, TEXT, default_tokenizer_path, parse_table, run_cli

# End to end (subprocesses, clusters, a browser): left out of the quick tier (-m 'not slow').
pytestmark = pytest.mark.slow

tokenizers = pytest.importorskip("tokenizers", reason="compares with the Rust tokenizers package")

# Lines as a file holds them: an empty line, spaces kept, "\r\n" endings, no final newline.
LINES = [TEXT, "", "  two  spaces  ", MULTILINGUAL, "don't [MASK] stop", "tab\tseparated"]
RAW = "\r\n".join(LINES[:3]) + "\n" + "\n".join(LINES[3:])
posix_only = pytest.mark.skipif(os.name != "posix", reason="pipes, ptys and shells are POSIX here")


def rust_default():
    return tokenizers.Tokenizer.from_file(str(default_tokenizer_path()))


def record(encoding) -> dict:
    """What `--format jsonl` must write for a Rust Encoding."""
    return {
        "ids": encoding.ids,
        "tokens": encoding.tokens,
        "offsets": [list(offsets) for offsets in encoding.offsets],
        "type_ids": encoding.type_ids,
        "attention_mask": encoding.attention_mask,
        "special_tokens_mask": encoding.special_tokens_mask,
        "word_ids": encoding.word_ids,
    }


def tokens_of(line: str) -> list[str]:
    """The tokens of a `--format tokens` line (its tokens hold no whitespace; quoted ones are repr()s)."""
    return [ast.literal_eval(token) if token[0] in "'\"" else token for token in line.split()]


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


# -- where texts come from ---------------------------------------------------------------------------


def test_stdin_lines_give_rusts_ids_one_line_each() -> None:
    rust = rust_default()
    out = ok(run_cli("encode", "--format", "ids", stdin=RAW))
    assert out.splitlines() == [" ".join(map(str, rust.encode(line).ids)) for line in LINES]


def test_dash_and_file_dash_read_stdin() -> None:
    rust = rust_default()
    expected = [" ".join(map(str, rust.encode(line).ids)) for line in LINES]
    assert ok(run_cli("encode", "-", "--format", "ids", stdin=RAW)).splitlines() == expected
    assert ok(run_cli("encode", "-f", "-", "--format", "ids", stdin=RAW)).splitlines() == expected


def test_arguments_then_files_in_order(tmp_path: Path) -> None:
    rust = rust_default()
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(RAW, encoding="utf-8")
    second.write_bytes("second file\n".encode("utf-8"))
    out = ok(run_cli("encode", "argument one", "argument two", "-f", str(first), "--file", str(second),
                     "--format", "ids"))
    texts = ["argument one", "argument two", *LINES, "second file"]
    assert out.splitlines() == [" ".join(map(str, rust.encode(text).ids)) for text in texts]


def test_jsonl_out_has_every_field_as_rust_makes_it(tmp_path: Path) -> None:
    path = fixture_path("bert-base-uncased/tokenizer.json")
    rust = tokenizers.Tokenizer.from_file(str(path))
    rust.no_padding()
    rust.no_truncation()
    out = ok(run_cli("encode", "-t", str(path), "--no-padding", "--no-truncation", "--format", "jsonl", stdin=RAW))
    assert "\\u" not in out  # ensure_ascii=False: the text stays readable
    assert [json.loads(line) for line in out.splitlines()] == [record(rust.encode(line)) for line in LINES]


def test_jsonl_in_reads_the_field_of_each_object(tmp_path: Path) -> None:
    rust = rust_default()
    objects = [{"text": line, "id": index} for index, line in enumerate(LINES)]
    data = "\n".join(json.dumps(item, ensure_ascii=index % 2 == 0) for index, item in enumerate(objects)) + "\n\n"
    out = ok(run_cli("encode", "--jsonl", "text", "--format", "jsonl", stdin=data))
    assert [json.loads(line) for line in out.splitlines()] == [record(rust.encode(line)) for line in LINES]
    path = tmp_path / "data.jsonl"
    path.write_text(data, encoding="utf-8")
    assert ok(run_cli("encode", "--jsonl", "text", "-f", str(path), "--format", "jsonl")) == out


def test_tokens_format_and_pair_match_rust() -> None:
    rust = rust_default()
    out = ok(run_cli("encode", TEXT, "--pair", MULTILINGUAL, "--format", "tokens"))
    assert tokens_of(out) == rust.encode(TEXT, MULTILINGUAL).tokens
    out = ok(run_cli("encode", "--no-special-tokens", "--format", "tokens", stdin="a b\nc\n"))
    assert [tokens_of(line) for line in out.splitlines()] == [rust.encode(t, add_special_tokens=False).tokens for t in ("a b", "c")]


def test_several_tables_are_separated_by_blank_lines() -> None:
    rust = rust_default()
    out = ok(run_cli("encode", TEXT, MULTILINGUAL))
    tables = out.split("\n\n")
    assert len(tables) == 2
    for table, text in zip(tables, (TEXT, MULTILINGUAL)):
        encoding = rust.encode(text)
        assert parse_table(table) == list(zip(encoding.ids, encoding.type_ids, encoding.offsets, encoding.tokens))


# -- decode ----------------------------------------------------------------------------------------------


def test_decode_arguments_and_stdin_match_rust() -> None:
    rust = rust_default()
    ids = rust.encode(MULTILINGUAL).ids
    assert ok(run_cli("decode", *map(str, ids))) == rust.decode(ids, skip_special_tokens=False) + "\n"
    assert ok(run_cli("decode", "--skip-special-tokens", ",".join(map(str, ids)))) == rust.decode(ids) + "\n"
    lines = [" ".join(map(str, ids)), str(ids), ", ".join(map(str, ids[:3])), ""]
    out = ok(run_cli("decode", "--skip-special-tokens", stdin="\n".join(lines) + "\n"))
    assert out.splitlines() == [rust.decode(ids), rust.decode(ids), rust.decode(ids[:3]), ""]


def test_encode_jsonl_decodes_back_through_decode_jsonl() -> None:
    rust = rust_default()
    encoded = ok(run_cli("encode", "--format", "jsonl", stdin=RAW))
    decoded = ok(run_cli("decode", "--jsonl", "--format", "jsonl", "--skip-special-tokens", stdin=encoded))
    texts = [json.loads(line)["text"] for line in decoded.splitlines()]
    assert texts == [rust.decode(rust.encode(line).ids) for line in LINES]


@pytest.mark.parametrize(
    "args, stdin, message",
    [
        (["decode"], "1 2 x\n", "<stdin>, line 1: 'x' is not an id"),
        (["decode"], "1\n-3\n", "<stdin>, line 2: '-3' is not an id"),
        (["decode"], f"{2**32}\n", "<stdin>, line 1: id 4294967296 is out of range"),
        (["decode", "--jsonl"], '{"ids": [1, 2]}\n{"ids": "1 2"}\n', 'line 2: the "ids" field must be an array'),
        (["decode", "--jsonl"], '{"ids": [1, true]}\n', 'line 1: the "ids" field must be an array of integers'),
        (["decode", "1", "-f", "x.txt"], "", "not both"),
    ],
)
def test_decode_bad_input_exits_2(args: list[str], stdin: str, message: str) -> None:
    result = run_cli(*args, stdin=stdin)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


# -- bad input and exit codes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, stdin, message",
    [
        (["--jsonl", "text"], '{"text": "ok"}\n[1, 2]\n', "<stdin>, line 2: expected a JSON object with a 'text' field"),
        (["--jsonl", "text"], '{"text": "ok"}\n\n{"text": "x"\n', "<stdin>, line 3: not JSON"),
        (["--jsonl", "text"], '{"txt": "ok"}\n', "<stdin>, line 1: the JSON object has no 'text' field (it has 'txt')"),
        (["--jsonl", "text"], '{"text": 3}\n', "<stdin>, line 1: the 'text' field must be a string, got a number"),
        (["--jsonl", "text", "some text"], "", "give no TEXT arguments"),
        (["a", "b", "--pair", "c"], "", "--pair goes with a single text"),
        (["-f", "no-such-file.txt"], "", "cannot read 'no-such-file.txt': No such file"),
        (["-f", "tests"], "", "cannot read 'tests': it is a folder"),
        (["--format", "xml", "a"], "", "invalid choice: 'xml'"),
    ],
)
def test_bad_input_exits_2_naming_the_place(args: list[str], stdin: str, message: str) -> None:
    result = run_cli("encode", *args, stdin=stdin)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("subword encode: error: ")


def test_input_that_is_not_utf8_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("fine\ncaf\u00e9\n".encode("latin-1"))
    result = run_cli("encode", "-f", str(path), "--format", "ids")
    assert result.returncode == 2
    assert result.stdout.count("\n") == 1  # the first line was encoded before the bad one was read
    assert result.stderr == f"subword encode: error: {path}, line 2: not UTF-8 text (the byte 0xe9 at byte 3); pass UTF-8\n"


def test_a_tokenizer_failing_on_the_input_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "tokenizer.json"
    document = json.loads(default_tokenizer_path().read_text(encoding="utf-8"))
    document["model"] = {"type": "WordLevel", "vocab": {"a": 0}, "unk_token": "[NOT-THERE]"}
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(Exception):  # the Rust package refuses the text too
        tokenizers.Tokenizer.from_file(str(path)).encode("b")
    result = run_cli("encode", "-t", str(path), "--format", "ids", stdin="a\nb\n")
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("subword encode: error: <stdin>, line 2: ") and "Traceback" not in result.stderr


@posix_only
def test_no_text_and_a_terminal_for_stdin_is_a_usage_error() -> None:
    controller, terminal = os.openpty()
    try:
        result = subprocess.run([sys.executable, "-m", "subword", "encode"], stdin=terminal, capture_output=True,
                                text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    finally:
        os.close(controller)
        os.close(terminal)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: subword encode") and "pipe lines into stdin" in result.stderr


# -- pipes -------------------------------------------------------------------------------------------------


@posix_only
@pytest.mark.parametrize("command", ["encode -f {big} --format ids", "encode --format jsonl < {big}",
                                     "encode -f {big}", "decode -f {ids}"])
def test_head_closes_the_pipe_quietly(tmp_path: Path, command: str) -> None:
    big = tmp_path / "big.txt"
    big.write_text((MULTILINGUAL + "\n" + TEXT + "\n") * 3000, encoding="utf-8")  # far more than a pipe holds
    ids = tmp_path / "ids.txt"
    ids.write_text("2 3631 4940 3\n" * 100_000, encoding="utf-8")
    line = f"{sys.executable} -m subword {command.format(big=big, ids=ids)} | head -1; echo \"status=${{PIPESTATUS[0]}}\""
    result = subprocess.run(line, shell=True, executable="/bin/bash", capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)}, cwd=tmp_path)
    assert result.stderr == ""
    first, status = result.stdout.splitlines()
    assert status == f"status={EXIT_BROKEN_PIPE}"
    rust = rust_default()
    if command.startswith("decode"):
        assert first == rust.decode([2, 3631, 4940, 3], skip_special_tokens=False)
    elif "ids" in command:
        assert first == " ".join(map(str, rust.encode(MULTILINGUAL).ids))


def test_broken_pipe_in_process_returns_141(monkeypatch: pytest.MonkeyPatch) -> None:
    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["encode", "a text"]) == EXIT_BROKEN_PIPE


def test_output_is_utf8_whatever_the_locale() -> None:
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "PYTHONIOENCODING": "latin-1"}
    result = subprocess.run([sys.executable, "-m", "subword", "encode", "--format", "tokens", "-"],
                            input=MULTILINGUAL.encode("utf-8"), capture_output=True, timeout=120, env=environment)
    assert result.returncode == 0, result.stderr
    assert tokens_of(result.stdout.decode("utf-8")) == rust_default().encode(MULTILINGUAL).tokens


def test_version_names_the_package_version() -> None:
    out = ok(run_cli("--version"))
    assert out == f"subword {metadata.version('subword')}\n"
    assert out == f"subword {subword.__version__}\n"
