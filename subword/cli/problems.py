"""The exceptions of the command line, each with its exit code.

    CommandError                 printed on one line as `subword COMMAND: error: MESSAGE`
    ├── TokenizerFailed   (1)    the tokenizer failed on good input
    └── InputProblem      (2)    bad arguments, a file that cannot be read, input that is not
        │                        UTF-8 or not JSON, a tokenizer file of a kind subword does not know
        └── UsageProblem  (2)    arguments that do not go together: the usage is printed first

`subword.cli.main` prints them and returns the code; they never leave the command line.
"""

from __future__ import annotations

import os


class CommandError(Exception):
    """A reason to stop the command; the message names the place (file, line, argument) and the fix."""

    exit_code = 1


class TokenizerFailed(CommandError):
    """The tokenizer refused or failed on an input (exit code 1)."""

    exit_code = 1


class InputProblem(CommandError):
    """Input the command cannot use (exit code 2)."""

    exit_code = 2


class UsageProblem(InputProblem):
    """Arguments that do not go together (exit code 2, after the subcommand's usage)."""


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path as printed: a byte of a non-UTF-8 file name as \\xNN (`"\\udcff.json" -> '\\xff.json'`)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")
