"""Temporal values between nordgraph and Bolt: the conversions (no server), and push/pull on one.

The round trip runs where the server's profile says it takes temporal values (Neo4j); on a
server that cannot (FalkorDB crashes on them), push must refuse them before writing anything.
"""
from __future__ import annotations

import datetime as dt

import pytest
from neo4j import time as neo4j_time

from nordgraph.graph.cypher.temporal import make, make_duration
from nordgraph.graph.errors import StoreError
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.neo4j import Neo4jStore, pull, push
from nordgraph.graph.neo4j.convert import (
    driver_value,
    engine_value,
    graph_props,
    has_temporal,
    refuse_unstorable_temporals,
    store_props,
)
from nordgraph.graph.temporal import Duration, Temporal

CASES = [
    ("date", "2025-03-01"),
    ("localtime", "10:30:05.000000007"),
    ("time", "23:59:59.500-05:30"),
    ("localdatetime", "2025-03-01T00:00"),
    ("datetime", "2025-03-01T10:00:00.001Z"),
    ("datetime", "2025-07-10T09:00+02:00[Europe/Oslo]"),
]


@pytest.mark.parametrize("kind,text", CASES)
def test_temporal_goes_to_the_driver_type_and_back(kind: str, text: str) -> None:
    value = make(kind, text)
    sent = driver_value(value)
    assert type(sent) is {"date": neo4j_time.Date, "localtime": neo4j_time.Time, "time": neo4j_time.Time,
                          "localdatetime": neo4j_time.DateTime, "datetime": neo4j_time.DateTime}[kind]
    back = engine_value(sent)
    assert type(back) is Temporal and back.kind == kind and str(back) == text and back == value


def test_driver_values_keep_the_instant_and_zone() -> None:
    sent = driver_value(make("datetime", "2025-07-10T09:00[Europe/Oslo]"))
    assert sent.utcoffset() == dt.timedelta(hours=2) and sent.tzinfo.zone == "Europe/Oslo"
    assert (sent.hour, sent.minute, sent.nanosecond) == (9, 0, 0)
    assert driver_value(make("time", "10:00+01:00")).utcoffset() == dt.timedelta(hours=1)
    assert driver_value(make("localtime", "10:00")).utcoffset() is None


@pytest.mark.parametrize("offset", [3600, 7200])
def test_the_repeated_hour_keeps_its_offset(offset: int) -> None:
    value = Temporal("datetime", dt.date(2025, 10, 26), 9000 * 10**9, offset, "Europe/Oslo")  # 02:30, twice
    sent = driver_value(value)
    assert sent.utcoffset() == dt.timedelta(seconds=offset)
    assert engine_value(sent) == value


@pytest.mark.parametrize("text", ["P1Y2M3DT4H5M6.5S", "P-1Y-2MT-0.000000001S", "PT0S"])
def test_duration_goes_to_the_driver_type_and_back(text: str) -> None:
    value = make_duration(text)
    sent = driver_value(value)
    assert isinstance(sent, neo4j_time.Duration) and sent.months == value.months and sent.days == value.days
    back = engine_value(sent)
    assert type(back) is Duration and back == value and str(back) == text


def test_offsets_with_seconds_are_refused_clearly() -> None:
    with pytest.raises(StoreError, match="whole minutes"):
        driver_value(make("datetime", {"year": 2025, "timezone": "-00:30:15"}))


def test_conversion_reaches_into_lists_and_parameter_maps() -> None:
    day = make("date", "2025-03-01")
    sent = driver_value({"days": [day, day], "where": {"from": day}, "n": 1})
    assert sent == {"days": [neo4j_time.Date(2025, 3, 1)] * 2, "where": {"from": neo4j_time.Date(2025, 3, 1)},
                    "n": 1}
    assert engine_value([neo4j_time.Date(2025, 3, 1)]) == [day]
    assert has_temporal({"where": {"from": [day]}}) and not has_temporal({"where": ["2025-03-01"]})


def test_pulled_properties_become_engine_values() -> None:
    props = graph_props({"deadline": neo4j_time.Date(2025, 3, 1), "evidence": "[]",
                         "runs": neo4j_time.Duration(months=18)})
    assert props == {"deadline": make("date", "2025-03-01"), "evidence": [], "runs": Duration(18, 0, 0, 0)}


def test_store_props_keep_temporals_and_refuse_mixed_kinds() -> None:
    day = make("date", "2025-03-01")
    assert store_props({"deadline": day, "days": [day]}, "node 'x'") == {"deadline": day, "days": [day]}
    with pytest.raises(StoreError, match="mixes value types"):
        store_props({"days": [day, make("localdatetime", "2025-03-01T10:00")]}, "node 'x'")


def dated_graph() -> KnowledgeGraph:
    kg = KnowledgeGraph()
    call = kg.add_node("Call", "Open call", deadline=make("date", "2025-03-01"),
                       opens=make("datetime", "2025-01-10T09:00[Europe/Oslo]"))
    programme = kg.add_node("Programme", "Nordic Health")
    kg.add_edge(call, "PART_OF", programme, runs=make_duration("P1Y6M"),
                checks=[make("localtime", "09:00"), make("localtime", "17:30")])
    return kg


def test_refusal_names_the_property_and_owner() -> None:
    with pytest.raises(StoreError, match=r"property 'deadline' of node 'call:open-call'.*Some server"):
        refuse_unstorable_temporals(dated_graph(), "Some server")
    refuse_unstorable_temporals(KnowledgeGraph(), "Some server")  # nothing temporal: no error


def test_temporal_properties_round_trip_or_are_refused_before_writing(store: Neo4jStore) -> None:
    """On a server that stores temporal values they come back typed; on one that cannot
    (FalkorDB crashes on them), push refuses them before deleting or writing anything.
    Which case applies is the server's detected capability, so the test never skips."""
    if store.profile.temporal_values:
        kg = dated_graph()
        push(kg, store)
        back = pull(store)
        assert back.props("call:open-call")["deadline"] == make("date", "2025-03-01")
        assert str(back.props("call:open-call")["opens"]) == "2025-01-10T09:00+01:00[Europe/Oslo]"
        (rel,) = [d["props"] for _, _, d in back.nx.edges(data=True)]
        assert rel["runs"] == make_duration("P1Y6M") and [str(t) for t in rel["checks"]] == ["09:00", "17:30"]
        rows = store.query("MATCH (c:Call) WHERE c.deadline > $after RETURN c.name",
                           {"after": make("date", "2025-01-01")}).rows
        assert rows == [("Open call",)]
        return
    store.records("CREATE (:Keep {id: 'keep'})", write=True)
    with pytest.raises(StoreError, match="cannot store temporal values"):
        push(dated_graph(), store, replace=True)
    with pytest.raises(StoreError, match="cannot take temporal values"):
        store.query("RETURN $d AS d", {"d": make("date", "2025-03-01")})
    assert store.counts()["nodes"] == {"Keep": 1}  # nothing deleted, nothing written
