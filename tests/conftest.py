"""Shared fixtures: where the repository and ../shared are, and a graph built from examples."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SEED_GOLD = SHARED / "gold" / "seeds"
KGSCORE = SHARED / "tools" / "kgscore.py"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared, which CI places beside the clone; its absence is a set-up error, not a skip."""
    if not KGSCORE.exists():
        pytest.fail(f"../shared is missing (looked for {KGSCORE}); clone the project beside it")
    return SHARED
