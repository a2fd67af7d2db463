"""Shared test fixtures: where the repository and the shared spec fixtures are."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_SPEC = ROOT.parent / "shared" / "spec"


def shared_file(name: str) -> Path:
    """A fixture from ../shared/spec; the test is skipped when ../shared is absent."""
    path = SHARED_SPEC / name
    if not path.exists():
        pytest.skip(f"../shared/spec/{name} not available")
    return path
