"""An analyst's decisions survive a rebuild from the documents, through the real pipeline.

The phrase rules read the pages (deterministic, and pinned by their own tests), so that what
the documents alone give is known here; curation does not depend on which extractor ran.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from nordgraph.graph.model import KnowledgeGraph
from nordgraph.loaders.curation import Ref, apply_overrides, record_add, record_drop, record_merge, record_rename
from nordgraph.loaders.pipeline import build_graph

FJORDCARE = """Fjordcare Connect

Project 2021 - 2023 Closed

Fjordcare Connect helps Nordic hospitals share home-monitoring data across borders.

Project partners:

Aurora Medtech (lead)

Baltic Health Lab

Nordlys Care AS
"""

POLAR = """Polar Health Bridge

Project 2022 - 2024

Polar Health Bridge connects clinics in the Arctic regions of Norway and Finland.

Norway: Aurora Medtech AS (project manager), Tromsø Health Cluster.

Finland: Lapland Care Oy, Baltic Health Lab, Nordlys Helse.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "fjordcare.txt").write_text(FJORDCARE, encoding="utf-8")
    (folder / "polar.txt").write_text(POLAR, encoding="utf-8")
    return folder


def has_fact(kg: KnowledgeGraph, source: str, rel_type: str, target: str) -> bool:
    (src,), (dst,) = kg.find(source), kg.find(target)
    return any(data["type"] == rel_type and t == dst for _, t, _, data in kg.nx.out_edges(src, keys=True, data=True))


def test_an_overrides_file_survives_a_rebuild(corpus: Path, tmp_path: Path) -> None:
    first = build_graph([corpus], rules_only=True).graph
    # What the documents alone give, and the analyst wants changed:
    assert first.find("Nordlys Care AS") != first.find("Nordlys Helse")
    assert has_fact(first, "Baltic Health Lab", "LOCATED_IN", "Finland")
    assert not has_fact(first, "Lapland Care Oy", "PARTNER_IN", "Fjordcare Connect")

    overrides = tmp_path / "nordgraph.overrides.yaml"
    record_merge(overrides, "Nordlys Care AS", "Nordlys Helse", note="Nordlys Helse is its Norwegian name")
    record_rename(overrides, "Tromsø Health Cluster", "Tromsø Helseklynge")
    record_drop(overrides, "Baltic Health Lab", "LOCATED_IN", "Finland", note="Based in Riga")
    record_add(overrides, "Lapland Care Oy", "PARTNER_IN", Ref("Fjordcare Connect", "Project"),
               note="Joined in 2022, per the final report")
    assert apply_overrides(build_graph([corpus], rules_only=True).graph, overrides) == []

    rebuilt = build_graph([corpus], rules_only=True, overrides=overrides).graph

    (nordlys,) = rebuilt.find("Nordlys Helse", "Organisation")
    assert rebuilt.find("Nordlys Care AS", "Organisation") == [nordlys]
    assert has_fact(rebuilt, "Nordlys Helse", "PARTNER_IN", "Polar Health Bridge")
    assert has_fact(rebuilt, "Nordlys Care AS", "PARTNER_IN", "Fjordcare Connect")

    (cluster,) = rebuilt.find("Tromsø Health Cluster")
    assert rebuilt.name(cluster) == "Tromsø Helseklynge"

    assert not has_fact(rebuilt, "Baltic Health Lab", "LOCATED_IN", "Finland")
    assert has_fact(rebuilt, "Baltic Health Lab", "PARTNER_IN", "Polar Health Bridge")

    assert has_fact(rebuilt, "Lapland Care Oy", "PARTNER_IN", "Fjordcare Connect")
    (lapland,), (fjordcare,) = rebuilt.find("Lapland Care Oy"), rebuilt.find("Fjordcare Connect")
    (edge,) = [d for _, t, _, d in rebuilt.nx.out_edges(lapland, keys=True, data=True) if t == fjordcare]
    assert edge["props"]["evidence"] == [{
        "doc": "nordgraph.overrides.yaml", "start": 0, "end": 0,
        "quote": "Joined in 2022, per the final report", "rule": "curation", "confidence": 1.0}]


def test_decisions_about_names_gone_from_the_documents_do_not_stop_the_build(corpus: Path, tmp_path: Path) -> None:
    overrides = tmp_path / "nordgraph.overrides.yaml"
    record_rename(overrides, "Tromsø Health Cluster", "Tromsø Helseklynge")
    (corpus / "polar.txt").unlink()
    kg = build_graph([corpus], rules_only=True, overrides=overrides).graph
    assert kg.find("Aurora Medtech") and not kg.find("Tromsø Helseklynge")
    (warning,) = apply_overrides(build_graph([corpus], rules_only=True).graph, overrides)
    assert "'Tromsø Health Cluster' matches nothing in the graph" in warning
