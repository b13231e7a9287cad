"""Typed properties of a page's subject: amounts with currency, years, status."""
from __future__ import annotations

import pytest

from nordgraph.loaders.document import Block
from nordgraph.loaders.extract.properties import amounts, passage_properties


@pytest.mark.parametrize("text, value", [
    ("The project receives EUR 6.3 million from the Commission.", (6_300_000.0, "EUR")),
    ("It was granted NOK 12 mill. by the Research Council.", (12_000_000.0, "NOK")),
    ("A grant of €2.5M over three years.", (2_500_000.0, "EUR")),
    ("Total budget: 1 250 000 SEK", (1_250_000.0, "SEK")),
    ("awarded £3,000,000 by EPSRC", (3_000_000.0, "GBP")),
    ("DKK 59 million from the foundation", (59_000_000.0, "DKK")),
])
def test_amounts_are_numbers_with_their_currency(text: str, value: tuple[float, str]) -> None:
    (found,) = amounts(text, 0, len(text))
    assert found.value == value
    assert text[found.start:found.end].strip()


def test_a_price_is_no_budget() -> None:
    text = "Tickets cost EUR 5 at the door."
    assert amounts(text, 0, len(text)) == []


def _props(text: str, kind: str = "paragraph") -> dict:
    block = Block(kind, text, 0, len(text))  # type: ignore[arg-type]
    return {f.name: f.value for f in passage_properties(text, block, 0, len(text))}


def test_a_funded_project_sentence_gives_budget_currency_and_years() -> None:
    props = _props("The project runs from 2021 to 2024 and receives EUR 2.5 million in funding.")
    assert props == {"budget": 2_500_000.0, "currency": "EUR", "start_year": 2021, "end_year": 2024}
    assert isinstance(props["start_year"], int) and isinstance(props["budget"], float)


def test_status_comes_from_a_fact_line_not_from_prose() -> None:
    assert _props("Status: Completed", "list_item") == {"status": "closed"}
    assert "status" not in _props("The project builds on earlier work that was completed by a network of "
                                  "hospitals in the region over many years of cooperation.")


def test_years_without_a_period_word_are_not_a_duration() -> None:
    assert "start_year" not in _props("Between 2010–2012 figures doubled.")
