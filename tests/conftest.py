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


#: The one line a test that needs ../shared says when it skips (``.ci/run`` turns it into a failure).
SHARED_MISSING = "needs ../shared (the corpus, gold and scorer kept beside the checkout)"


def require_shared() -> Path:
    """../shared, or a skip that says so; with NORDGRAPH_REQUIRE_SHARED=1 (``.ci/run``) a failure."""
    import os

    if not KGSCORE.exists():
        if os.environ.get("NORDGRAPH_REQUIRE_SHARED") == "1":
            pytest.fail(f"../shared is missing (looked for {KGSCORE}); CI requires it")
        pytest.skip(SHARED_MISSING)
    return SHARED


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared, which CI places beside the clone (see :func:`require_shared`)."""
    return require_shared()


@pytest.fixture(autouse=True, scope="session")
def _private_extraction_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Builds run by tests (the CLI's default uses a cache) never touch the user's own cache."""
    import os

    os.environ["NORDGRAPH_CACHE"] = str(tmp_path_factory.mktemp("extraction-cache"))
