"""Table cells become typed values: by the mapping's type, a header's ``name:type``, or the column's own values."""
from __future__ import annotations

import pytest

from nordgraph.graph.temporal import Temporal
from nordgraph.loaders.cells import CellError, convert, infer


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("2019", "int", 2019), (" -3 ", "int", -3), ("626199.99999984", "float", 626199.99999984),
    ("ja", "bool", True), ("False", "bool", False), ("a|b||c", "list", ["a", "b", "c"]),
])
def test_convert(text: str, kind: str, value: object) -> None:
    assert convert(text, kind) == value


def test_dates_are_temporal_dates_in_iso_or_a_given_format() -> None:
    assert str(convert("2019-05-01", "date")) == "2019-05-01"
    signed = convert("25.05.2020 00:00", "date", fmt="%d.%m.%Y %H:%M")
    assert isinstance(signed, Temporal) and signed.kind == "date" and str(signed) == "2020-05-25"
    assert convert("1;2", "list", separator=";", item="int") == [1, 2]


@pytest.mark.parametrize(("text", "kind", "message"), [
    ("NA", "int", "'NA' is not a whole number"), ("1,5", "float", "not a number"),
    ("01.02.2020", "date", "not a date (YYYY-MM-DD)"), ("maybe", "bool", "not a boolean"),
    ("9" * 20, "int", "too large"),
])
def test_a_cell_that_is_not_its_type_says_what_was_expected(text: str, kind: str, message: str) -> None:
    with pytest.raises(CellError, match=message.replace("(", r"\(").replace(")", r"\)")):
        convert(text, kind)


@pytest.mark.parametrize(("values", "kind"), [
    (["1996", "2001"], "int"), (["1.5", "2"], "float"), (["2024-03-01"], "date"), (["true", "FALSE"], "bool"),
    (["1", "0"], "int"), (["0301", "5001"], "text"), (["12", "n/a"], "text"), ([], "text"),
])
def test_a_column_takes_the_type_all_its_values_read_as(values: list[str], kind: str) -> None:
    assert infer(values) == kind
