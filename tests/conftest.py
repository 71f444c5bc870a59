"""pytest setup: loads the hypothesis profile (see shared_data)."""

from tests import shared_data  # noqa: F401  (registers and loads the hypothesis profile)
