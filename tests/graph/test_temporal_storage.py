"""Temporal property values keep their type in the embedded store's file and render as ISO text."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from nordgraph.graph.errors import StoreError
from nordgraph.graph.jsonfile import graph_to_data, read_graph, write_graph
from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.store import EmbeddedStore
from nordgraph.graph.temporal import Duration, Temporal, parse_duration, parse_temporal
from nordgraph.graph.values import to_jsonable
from nordgraph.queries.render import render_rows

#: One value of each kind, written as Cypher would build it.
VALUES = {
    "d": ("date('2025-03-01')", "date", "2025-03-01"),
    "lt": ("localtime('10:30:05.25')", "localtime", "10:30:05.250"),
    "t": ("time('23:59:59.000000001-05:30')", "time", "23:59:59.000000001-05:30"),
    "ldt": ("localdatetime('2025-03-01T00:00')", "localdatetime", "2025-03-01T00:00"),
    "dt": ("datetime('2025-07-10T09:00[Europe/Oslo]')", "datetime", "2025-07-10T09:00+02:00[Europe/Oslo]"),
    "dur": ("duration({years: -1, months: -2, days: 3, hours: -4, milliseconds: -500})", "duration",
            "P-1Y-2M3DT-4H-0.5S"),
}


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """A graph file written by Cypher: one call with every kind, and three calls with deadlines."""
    path = tmp_path / "g.json"
    sets = ", ".join(f"{key}: {cypher}" for key, (cypher, _, _) in VALUES.items())
    EmbeddedStore(path).query(
        f"CREATE (:Call {{name: 'all', {sets}, days: [date('2025-01-02'), date('2024-12-31')]}}), "
        "(:Call {name: 'late', deadline: date('2025-06-30')}), "
        "(:Call {name: 'early', deadline: date('2024-11-15')}), "
        "(:Call {name: 'middle', deadline: date('2025-02-01')})")
    return path


def test_file_tags_each_temporal_with_its_kind_and_iso_text(saved: Path) -> None:
    data = json.loads(saved.read_text(encoding="utf-8"))
    props = next(n["properties"] for n in data["nodes"] if n["name"] == "all")
    for key, (_, kind, text) in VALUES.items():
        assert props[key] == {"$type": kind, "value": text}
    assert props["days"] == [{"$type": "date", "value": "2025-01-02"}, {"$type": "date", "value": "2024-12-31"}]


def test_values_come_back_as_engine_objects(saved: Path) -> None:
    kg = read_graph(saved)
    (props,) = [d["props"] for _, d in kg.nx.nodes(data=True) if d["props"]["name"] == "all"]
    for key, (_, kind, text) in VALUES.items():
        assert type(props[key]) is (Duration if kind == "duration" else Temporal)
        assert str(props[key]) == text
    assert props["dt"].zone == "Europe/Oslo" and props["dt"].offset == 7200
    assert [str(v) for v in props["days"]] == ["2025-01-02", "2024-12-31"]
    again = saved.with_name("again.json")
    write_graph(kg, again)
    assert graph_to_data(read_graph(again)) == graph_to_data(kg)


def test_comparison_and_ordering_after_reload(saved: Path) -> None:
    store = EmbeddedStore(saved)  # a fresh store reads the file
    rows = store.query("MATCH (c:Call) WHERE c.deadline > date('2025-01-01') RETURN c.name ORDER BY c.name").rows
    assert rows == [("late",), ("middle",)]
    rows = store.query("MATCH (c:Call) WHERE c.deadline IS NOT NULL RETURN c.name ORDER BY c.deadline DESC").rows
    assert rows == [("late",), ("middle",), ("early",)]
    rows = store.query("MATCH (c:Call {name: 'all'}) "
                       "RETURN c.d.year, c.d.dayOfQuarter, c.dur.months, c.dt.epochSeconds, c.dt + duration('P1D')").rows
    epoch = int(datetime(2025, 7, 10, 7, tzinfo=timezone.utc).timestamp())
    assert rows == [(2025, 60, -14, epoch, "2025-07-11T09:00+02:00[Europe/Oslo]")]


def test_json_csv_and_table_output_give_iso_text(saved: Path) -> None:
    result = EmbeddedStore(saved).query("MATCH (c:Call {name: 'all'}) RETURN c, c.dt AS dt")
    records = json.loads(render_rows(result.columns, result.rows, "json"))
    node = records[0]["c"]["properties"]
    assert node["d"] == "2025-03-01" and node["dur"] == "P-1Y-2M3DT-4H-0.5S"
    assert node["days"] == ["2025-01-02", "2024-12-31"]
    assert records[0]["dt"] == "2025-07-10T09:00+02:00[Europe/Oslo]"
    assert "2025-07-10T09:00+02:00[Europe/Oslo]" in render_rows(result.columns, result.rows, "csv")
    kg = read_graph(saved)
    (props,) = [d["props"] for _, d in kg.nx.nodes(data=True) if d["props"]["name"] == "all"]
    assert to_jsonable(props["lt"]) == "10:30:05.250"
    assert to_jsonable([props["t"]]) == ["23:59:59.000000001-05:30"]


def test_file_written_before_tags_reads_as_before(tmp_path: Path) -> None:
    kg = KnowledgeGraph()
    kg.add_node("Call", "Open call", deadline="2025-03-01")
    path = tmp_path / "g.json"
    write_graph(kg, path)
    (props,) = [d["props"] for _, d in read_graph(path).nx.nodes(data=True)]
    assert props["deadline"] == "2025-03-01"


def test_a_map_that_looks_like_a_tag_stays_a_map(tmp_path: Path) -> None:
    kg = KnowledgeGraph()
    lookalike = {"$type": "date", "value": "2025-03-01"}
    kg.add_node("Call", "Open call", meta=lookalike, metas=[lookalike], plain={"value": 1})
    path = tmp_path / "g.json"
    write_graph(kg, path)
    (props,) = [d["props"] for _, d in read_graph(path).nx.nodes(data=True)]
    assert props["meta"] == lookalike and props["metas"] == [lookalike] and props["plain"] == {"value": 1}


@pytest.mark.parametrize("tagged", [
    {"$type": "date", "value": "2025-13-01"},
    {"$type": "date", "value": "2025-03-01T10:00"},
    {"$type": "weekday", "value": "Monday"},
    {"$type": "duration", "value": "P"},
    {"$type": "date", "value": "2025-03-01", "extra": 1},
])
def test_a_bad_tag_is_a_clear_error(tmp_path: Path, tagged: dict) -> None:
    kg = KnowledgeGraph()
    kg.add_node("Call", "Open call")
    data = graph_to_data(kg)
    data["nodes"][0]["properties"]["deadline"] = tagged
    path = tmp_path / "g.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreError, match="deadline|property"):
        read_graph(path)


@pytest.mark.parametrize("kind,text", [
    ("date", "0001-01-01"), ("localtime", "00:00"), ("localtime", "12:00:00.000001"),
    ("time", "10:00Z"), ("time", "10:00:01+14:00"), ("localdatetime", "9999-12-31T23:59:59.999999999"),
    ("datetime", "2025-03-01T10:00-00:30:15"), ("datetime", "2025-01-10T09:00+01:00[Europe/Oslo]"),
])
def test_iso_text_parses_back_to_the_same_value(kind: str, text: str) -> None:
    assert str(parse_temporal(kind, text)) == text


@pytest.mark.parametrize("text", ["PT0S", "P1Y", "P-1Y-2M", "P3D", "PT-1M-0.000000001S", "P1Y2M-3DT4H5M6.5S"])
def test_duration_text_parses_back_to_the_same_value(text: str) -> None:
    assert str(parse_duration(text)) == text


@pytest.mark.parametrize("kind,text", [("date", "2025-3-1"), ("time", "10:00"), ("localtime", "10:00Z"),
                                       ("datetime", "2025-03-01 10:00Z"), ("localtime", "24:00")])
def test_other_spellings_are_refused(kind: str, text: str) -> None:
    with pytest.raises(ValueError):
        parse_temporal(kind, text)
