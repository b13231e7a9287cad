"""Every canned Cypher query on the sample graph (see conftest.py), through the embedded store."""
from __future__ import annotations

from typing import Any

import pytest

from nordgraph.graph import cypher
from nordgraph.graph.errors import QueryError
from nordgraph.graph.store import EmbeddedStore, GraphStore
from nordgraph.graph.viz import result_subgraph
from nordgraph.queries.registry import ParameterError, canned_queries, get_canned, load_canned_dir, run_canned


def quoted(quote: str) -> dict[str, Any]:
    """The evidence map the sample graph gives every fact."""
    return {"doc": "sample.txt", "start": 0, "end": len(quote), "quote": quote, "rule": "test-rule", "confidence": 0.9}


MEDTEK_PROJECTS = [
    ("Medtek Norway", "Care Robots", "LEADS", ["Oslo University Hospital"]),
    ("Medtek Norway", "Health Data Bridge", "PARTNER_IN", ["Danish Tech University", "Karolinska Institutet"]),
    ("Medtek Norway", "Nordic Medtech Growth 2", "LEADS", ["Karolinska Institutet", "Oslo University Hospital"]),
]
NMG2_CHAIN = [
    ("Nordic Medtech Growth 2", "Innovative Nordic Health and Welfare Solutions", "Call", 1,
     ["Nordic Medtech Growth 2", "Innovative Nordic Health and Welfare Solutions"], ["PART_OF"]),
    ("Nordic Medtech Growth 2", "Innovative Nordic Welfare Solutions", "Programme", 2,
     ["Nordic Medtech Growth 2", "Innovative Nordic Health and Welfare Solutions", "Innovative Nordic Welfare Solutions"], ["PART_OF", "PART_OF"]),
    ("Nordic Medtech Growth 2", "Nordic Council of Ministers", "Ministry", 3,
     ["Nordic Medtech Growth 2", "Innovative Nordic Health and Welfare Solutions", "Innovative Nordic Welfare Solutions",
      "Nordic Council of Ministers"], ["PART_OF", "PART_OF", "FUNDED_BY"]),
]
PAIRS = [
    ("Karolinska Institutet", "Medtek Norway", 2, ["Health Data Bridge", "Nordic Medtech Growth 2"]),
    ("Medtek Norway", "Oslo University Hospital", 2, ["Care Robots", "Nordic Medtech Growth 2"]),
    ("Danish Tech University", "Karolinska Institutet", 1, ["Health Data Bridge"]),
    ("Danish Tech University", "Medtek Norway", 1, ["Health Data Bridge"]),
    ("Karolinska Institutet", "Oslo University Hospital", 1, ["Nordic Medtech Growth 2"]),
]

CASES: list[tuple[str, dict[str, Any], list[tuple[Any, ...]]]] = [
    ("partners-of", {"name": "Medtek Norway"}, MEDTEK_PROJECTS),
    ("partners-of", {"name": "MEDTEK"}, MEDTEK_PROJECTS),  # an alias, any case
    ("partners-of", {"name": "organisation:medtek-norway"}, MEDTEK_PROJECTS),  # the id
    ("partners-of", {"name": "Idle Institute"}, []),
    ("project", {"name": "nmg2"}, [
        ("Nordic Medtech Growth 2", "project:nordic-medtech-growth-2", ["Medtek Norway"],
         ["Karolinska Institutet", "Oslo University Hospital"], [], ["Innovative Nordic Health and Welfare Solutions"],
         ["Norway", "Sweden"])]),
    ("project", {"name": "Care Robots"}, [
        ("Care Robots", "project:care-robots", ["Medtek Norway"], ["Oslo University Hospital"],
         ["Ministry of Health"], [], ["Norway"])]),
    ("funding-chain", {"name": "NMG2"}, NMG2_CHAIN),
    ("funding-chain", {"name": "NMG2", "depth": 2}, NMG2_CHAIN[:2]),
    ("funding-chain", {"name": "Innovative Nordic Health and Welfare Solutions"}, [
        ("Innovative Nordic Health and Welfare Solutions", "Innovative Nordic Welfare Solutions", "Programme", 1,
         ["Innovative Nordic Health and Welfare Solutions", "Innovative Nordic Welfare Solutions"], ["PART_OF"]),
        ("Innovative Nordic Health and Welfare Solutions", "Nordic Council of Ministers", "Ministry", 2,
         ["Innovative Nordic Health and Welfare Solutions", "Innovative Nordic Welfare Solutions", "Nordic Council of Ministers"],
         ["PART_OF", "FUNDED_BY"])]),
    ("funding-chain", {"name": "care robots"}, [
        ("Care Robots", "Ministry of Health", "Ministry", 1, ["Care Robots", "Ministry of Health"], ["FUNDED_BY"])]),
    ("top-leads", {}, [
        ("Medtek Norway", 2, ["Care Robots", "Nordic Medtech Growth 2"]),
        ("Karolinska Institutet", 1, ["Health Data Bridge"])]),
    ("top-leads", {"limit": 1}, [("Medtek Norway", 2, ["Care Robots", "Nordic Medtech Growth 2"])]),
    ("co-partners", {}, PAIRS),
    ("co-partners", {"min_shared": 2}, PAIRS[:2]),
    ("co-partners", {"limit": 3}, PAIRS[:3]),
    ("country-matrix", {}, [
        ("Norway", "Sweden", 2, 3),
        ("Norway", "Norway", 2, 2),
        ("Denmark", "Norway", 1, 1),
        ("Denmark", "Sweden", 1, 1)]),
    ("path", {"source": "DTU", "target": "Karolinska Institutet", "max_steps": 1}, []),
    ("path", {"source": "DTU", "target": "DTU"}, []),
    # Two Norwegian partners: through a shared project, not "via Norway" (LOCATED_IN is left out),
    # and of the two shared projects the one whose id comes first (the same on every store).
    ("path", {"source": "Medtek Norway", "target": "OUS"}, [
        (1, "Medtek Norway", "LEADS", "Care Robots", [quoted("Medtek Norway leads Care Robots.")]),
        (2, "Oslo University Hospital", "PARTNER_IN", "Care Robots",
         [quoted("Oslo University Hospital partner in Care Robots.")])]),
    ("path", {"source": "Medtek Norway", "target": "OUS", "relations": "LOCATED_IN"}, [
        (1, "Medtek Norway", "LOCATED_IN", "Norway", [quoted("Medtek Norway located in Norway.")]),
        (2, "Oslo University Hospital", "LOCATED_IN", "Norway", [quoted("Oslo University Hospital located in Norway.")])]),
    ("path", {"source": "Idle Institute", "target": "Medtek Norway"}, []),  # located in Sweden, nothing more
    ("path", {"source": "DTU", "target": "Care Robots", "max_steps": 2}, []),
    ("path", {"source": "DTU", "target": "Care Robots", "relations": ["partner_in", "leads"]}, [
        (1, "Danish Tech University", "PARTNER_IN", "Health Data Bridge",
         [quoted("Danish Tech University partner in Health Data Bridge.")]),
        (2, "Medtek Norway", "PARTNER_IN", "Health Data Bridge", [quoted("Medtek Norway partner in Health Data Bridge.")]),
        (3, "Medtek Norway", "LEADS", "Care Robots", [quoted("Medtek Norway leads Care Robots.")])]),
]


def readable_rows(store: GraphStore, name: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The rows a table shows: without the columns a query returns for drawing."""
    return get_canned(name).readable(run_canned(store, name, params)).rows


def drawn(store: GraphStore, name: str, params: dict[str, Any]) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The node ids and the (start, type, end) facts of the picture ``viz --run`` draws."""
    kg = result_subgraph(get_canned(name).drawable(run_canned(store, name, params)), store)
    return sorted(kg.nx.nodes), sorted((s, d["type"], t) for s, t, d in kg.nx.edges(data=True))


#: What the drawing queries draw: every node and fact their table speaks of.
DRAWN = [
    ("partners-of", {"name": "DTU"}, ["organisation:danish-tech-university", "organisation:karolinska-institutet",
                                      "organisation:medtek-norway", "project:health-data-bridge"],
     [("organisation:danish-tech-university", "PARTNER_IN", "project:health-data-bridge"),
      ("organisation:karolinska-institutet", "LEADS", "project:health-data-bridge"),
      ("organisation:medtek-norway", "PARTNER_IN", "project:health-data-bridge")]),
    ("path", {"source": "dtu", "target": "Sweden", "relations": "LEADS,PARTNER_IN,LOCATED_IN"},
     ["country:sweden", "organisation:danish-tech-university", "organisation:karolinska-institutet",
      "project:health-data-bridge"],
     [("organisation:danish-tech-university", "PARTNER_IN", "project:health-data-bridge"),
      ("organisation:karolinska-institutet", "LEADS", "project:health-data-bridge"),
      ("organisation:karolinska-institutet", "LOCATED_IN", "country:sweden")]),
]


@pytest.mark.parametrize(("name", "params", "expected"), CASES,
                         ids=[f"{n}-{'-'.join(map(str, p.values())) or 'defaults'}" for n, p, _ in CASES])
def test_canned_query_rows(store: EmbeddedStore, name: str, params: dict[str, Any],
                           expected: list[tuple[Any, ...]]) -> None:
    assert readable_rows(store, name, params) == expected


@pytest.mark.parametrize(("name", "params", "nodes", "facts"), DRAWN, ids=[case[0] for case in DRAWN])
def test_drawing_queries_return_the_graph_their_table_speaks_of(store: EmbeddedStore, name: str,
                                                                params: dict[str, Any], nodes: list[str],
                                                                facts: list[tuple[str, str, str]]) -> None:
    assert drawn(store, name, params) == (nodes, facts)


def test_funding_chain_and_project_draw_their_routes_and_members(store: EmbeddedStore) -> None:
    nodes, facts = drawn(store, "funding-chain", {"name": "NMG2"})
    assert len(nodes) == 4 and sorted(f[1] for f in facts) == ["FUNDED_BY", "PART_OF", "PART_OF"]
    nodes, facts = drawn(store, "project", {"name": "Care Robots"})
    assert "organisation:medtek-norway" in nodes and ("organisation:medtek-norway", "LEADS", "project:care-robots") in facts
    assert {f[1] for f in facts} >= {"LEADS", "PARTNER_IN"} and all("project:care-robots" in f for f in facts)


def test_only_queries_that_answer_with_a_graph_draw(store: EmbeddedStore) -> None:
    assert sorted(q.name for q in canned_queries() if q.draw) == ["funding-chain", "partners-of", "path", "project"]
    with pytest.raises(QueryError, match=r"'top-leads' answers with a table, not a graph; "
                                                        r"the canned queries that draw: funding-chain, partners-of"):
        get_canned("top-leads").drawable(run_canned(store, "top-leads", {}))


def test_path_gives_each_step_with_its_evidence(store: EmbeddedStore) -> None:
    result = run_canned(store, "path", {"source": "dtu", "target": "Sweden",
                                        "relations": "LEADS,PARTNER_IN,LOCATED_IN"})
    assert result.columns == ["step", "subject", "relation", "object", "evidence", "fact"]
    assert [row[:4] for row in result.rows] == [
        (1, "Danish Tech University", "PARTNER_IN", "Health Data Bridge"),
        (2, "Karolinska Institutet", "LEADS", "Health Data Bridge"),
        (3, "Karolinska Institutet", "LOCATED_IN", "Sweden"),
    ]
    # Evidence arrives as JSON text from every store; the registry hands back maps.
    first = result.rows[0][4]
    assert [e["quote"] for e in first] == ["Danish Tech University partner in Health Data Bridge."]
    assert first[0]["doc"] == "sample.txt" and first[0]["confidence"] == 0.9


def test_every_cypher_file_parses_with_the_embedded_engine() -> None:
    for query in load_canned_dir().values():
        parsed = cypher.parse(query.text(query.bind(query.example())))
        assert not parsed.updating, f"{query.name} must only read"


@pytest.mark.parametrize("query", canned_queries(), ids=lambda q: q.name)
def test_every_canned_query_runs_with_its_documented_example(store: EmbeddedStore, query: Any) -> None:
    """The header's examples run each query and find something (docs that cannot drift)."""
    result = run_canned(store, query.name, query.example())
    assert result.rows and all(len(row) == len(result.columns) for row in result.rows)


def test_the_public_api_runs_canned_queries(store: EmbeddedStore) -> None:
    from nordgraph import queries

    assert queries.run_canned(store, "top-leads", {"limit": "1"}).rows[0][0] == "Medtek Norway"


def test_country_matrix_counts_organisation_pairs_within_a_country(tmp_path: Any, kg: Any) -> None:
    """A third Norwegian partner in Care Robots makes three Norwegian pairs there, not two."""
    extra = kg.add_node("Organisation", "Bergen Robotics")
    kg.add_edge(extra, "LOCATED_IN", "country:norway")
    kg.add_edge(extra, "PARTNER_IN", "project:care-robots")
    store = EmbeddedStore(tmp_path / "graph.json")
    store.replace(kg)
    rows = run_canned(store, "country-matrix", {}).rows
    assert ("Norway", "Norway", 2, 4) in rows  # NMG2: Medtek-OUS; Care Robots: three pairs


#: Canned queries whose entity parameter names nothing, or the wrong kind of thing: an error
#: naming the parameter, with suggestions, never zero rows.
ENTITY_ERRORS = [
    ("project", {"name": "No Such Project"}, r"parameter 'name' of 'project': no Project named 'No Such Project'"),
    ("project", {"name": "Nordic Medtech"}, r"did you mean: Nordic Medtech Growth 2 \(project:nordic-medtech-growth-2\)"),
    ("partners-of", {"name": "Nordic Medtech Growth 2"}, r"no Organisation named 'Nordic Medtech Growth 2'"),
    ("funding-chain", {"name": "Care Robotz"}, r"no entity named 'Care Robotz'; did you mean: Care Robots"),
    ("path", {"source": "Nobody", "target": "Sweden"}, r"parameter 'source' of 'path': no entity named 'Nobody'"),
]


@pytest.mark.parametrize(("name", "params", "message"), ENTITY_ERRORS,
                         ids=[f"{n}-{'-'.join(map(str, p.values()))}" for n, p, _ in ENTITY_ERRORS])
def test_unknown_entity_parameters_are_errors_with_suggestions(store: EmbeddedStore, name: str,
                                                               params: dict[str, Any], message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        run_canned(store, name, params)


def test_entity_parameters_take_accents_and_a_leading_the_like_show(store: EmbeddedStore) -> None:
    assert run_canned(store, "project", {"name": "the Care Röbots"}).rows[0][0] == "Care Robots"
