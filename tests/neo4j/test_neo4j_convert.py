"""Value conversion between nordgraph and the driver (no server needed)."""
from __future__ import annotations

import pytest
from neo4j import spatial
from neo4j import time as neo4j_time

from nordgraph.graph.errors import StoreError
from nordgraph.graph.neo4j.convert import graph_props, name_token, ordered_labels, plain, property_token, store_props


@pytest.mark.parametrize(("value", "expected"), [
    (neo4j_time.Date(2024, 2, 29), "2024-02-29"),
    (neo4j_time.DateTime(2024, 2, 29, 13, 5, 0), "2024-02-29T13:05:00.000000000"),
    (neo4j_time.Duration(months=14, days=3), "P1Y2M3D"),
    (spatial.CartesianPoint((1.5, 2.0)), {"srid": 7203, "x": 1.5, "y": 2.0}),
    ([neo4j_time.Date(2020, 1, 1), {"k": neo4j_time.Date(2021, 1, 1)}], ["2020-01-01", {"k": "2021-01-01"}]),
    ("text", "text"),
])
def test_driver_values_become_plain_values(value: object, expected: object) -> None:
    assert plain(value) == expected


@pytest.mark.parametrize("bad", ["Has Space", "back`tick", "1digit", "", "Org) DETACH DELETE n //", "Ünïcode"])
def test_labels_outside_the_identifier_pattern_are_refused(bad: str) -> None:
    with pytest.raises(StoreError, match=r"must match \[A-Za-z_\]"):
        name_token(bad)


def test_tokens_are_backtick_quoted() -> None:
    assert name_token("Organisation") == "`Organisation`"
    assert property_token("funding (EUR) `x`") == "`funding (EUR) ``x```"


def test_store_props_drop_nulls_encode_evidence_and_refuse_mixed_lists() -> None:
    evidence = [{"doc": "d", "quote": "q"}]
    assert store_props({"name": "A", "gone": None, "aliases": ["a"], "evidence": evidence}, "node a") == {
        "name": "A", "aliases": ["a"], "evidence": '[{"doc":"d","quote":"q"}]'}
    with pytest.raises(StoreError, match="mixes value types"):
        store_props({"codes": [1, "one"]}, "node a")
    with pytest.raises(StoreError, match="mixes value types"):
        store_props({"flags": [True, 1]}, "node a")


def test_graph_props_parse_evidence_back_and_leave_other_text_alone() -> None:
    props = graph_props({"evidence": '[{"doc":"d"}]', "note": '[{"doc":"d"}]', "aliases": ["x"]})
    assert props == {"evidence": [{"doc": "d"}], "note": '[{"doc":"d"}]', "aliases": ["x"]}


def test_primary_label_comes_first_when_the_key_names_it() -> None:
    assert ordered_labels("organisation:nc", ["Ministry", "Organisation"]) == ("Organisation", "Ministry")
    assert ordered_labels("n1", ["B", "A"]) == ("B", "A")
