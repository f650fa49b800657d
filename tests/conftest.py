"""Fixtures shared by every test package."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_REFERENCE = ROOT.parent / "shared" / "reference"


@pytest.fixture(scope="session")
def shared_reference() -> Path:
    """``../shared/reference`` beside the checkout, as DESIGN.md lays it out."""
    if not SHARED_REFERENCE.is_dir():
        pytest.fail(f"Reference material not found at {SHARED_REFERENCE}; clone beside shared/.")
    return SHARED_REFERENCE
