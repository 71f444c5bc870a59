"""`python -m subword ...` runs the `subword` command (see subword.cli.main)."""

from .cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
