"""The seeds, scored by the shared scorer against the human annotation (the acceptance bar)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nordgraph.graph.jsonfile import write_graph
from nordgraph.loaders.pipeline import build_graph
from tests.conftest import require_shared

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold" / "seeds"
SCORER = SHARED / "tools" / "kgscore.py"

@pytest.fixture(scope="module")
def seed_graph():
    require_shared()
    return build_graph([SEEDS]).graph


def test_seed_score_meets_the_bar(seed_graph, tmp_path):
    out = tmp_path / "seeds.json"
    write_graph(seed_graph, out)
    verbose = subprocess.run([sys.executable, str(SCORER), str(out), str(GOLD), "--verbose"],
                             capture_output=True, text=True, check=False)
    print(verbose.stdout)
    scored = subprocess.run([sys.executable, str(SCORER), str(out), str(GOLD), "--json"],
                            capture_output=True, text=True, check=True)
    result = json.loads(scored.stdout)
    assert result["entities"]["f1"] >= 0.90
    assert result["relations"]["f1"] >= 0.85
    assert sum(n - 1 for n in result["duplicates"].values()) <= 2


def test_every_edge_quotes_its_document_verbatim(seed_graph):
    texts = {}
    for path in SEEDS.iterdir():
        for doc_id, summary in seed_graph.documents.items():
            if summary["path"] == path.name:
                texts[doc_id] = path.read_text(encoding="utf-8")
    assert len(texts) == 5
    for _, _, key, data in seed_graph.edges():
        evidence = data["props"]["evidence"]
        assert evidence, key
        for ev in evidence:
            assert ev["quote"] and texts[ev["doc"]][ev["start"]:ev["end"]] == ev["quote"], (key, ev)
            assert 0 < ev["confidence"] <= 1 and ev["rule"]
