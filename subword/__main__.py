"""`python -m subword ...` runs the `subword` command (see subword.cli)."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
