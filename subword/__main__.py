"""`python -m subword ...` runs the `subword` command (see subword.cli.main)."""

import os
import sys


def _forget_working_folder() -> None:
    """Take the working folder off `sys.path`, where `python -m` put it first (unless `-P`).

    The `subword` package has been imported by now (its modules are found through its own
    `__path__`, not `sys.path`); later imports (`csv`, which `importlib.metadata` and tqdm
    import, say) must not find a `csv.py` that happens to sit in the folder the command runs in.
    The command line is imported after this, for that reason. The `subword` script never had
    the folder on its path.
    """
    if sys.path and not getattr(sys.flags, "safe_path", False):  # -P: Python 3.11+
        first = sys.path[0]
        if first == "" or os.path.realpath(first) == os.path.realpath(os.getcwd()):
            del sys.path[0]


if __name__ == "__main__":
    _forget_working_folder()
    from .cli.main import main

    raise SystemExit(main())
