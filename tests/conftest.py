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


@pytest.fixture(autouse=True, scope="session")
def _private_extraction_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Builds run by tests (the CLI's default uses a cache) never touch the user's own cache."""
    import os

    os.environ["NORDGRAPH_CACHE"] = str(tmp_path_factory.mktemp("extraction-cache"))
