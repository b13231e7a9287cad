"""Acronyms defined beside a name: "Long Name (ACR)" and "Long Name [ACR]", in any language's
letters, mixed case included; never a person's employer or a country in parentheses."""
from __future__ import annotations

import pytest

from nordgraph.loaders.document import Document
from nordgraph.loaders.extract import read_rules
from nordgraph.loaders.extract.text import acronym_fits, is_short_form
from nordgraph.loaders.readers.text import line_blocks


def _acronyms(text: str) -> dict[str, str]:
    return read_rules(Document("d1", "d1.txt", "text", text, line_blocks(text))).acronyms


@pytest.mark.parametrize("acronym, name", [
    ("CRG", "Centre for Genomic Regulation"),  # the Catalan name's order
    ("UPB", "University of Paderborn"),
    ("FZJ", "Forschungszentrum Jülich"),  # a letter from inside a word
    ("ÖNB", "Österreichische Nationalbibliothek"),
    ("UiO", "University of Oslo"),
])
def test_acronyms_of_local_names_and_word_parts_fit(acronym, name):
    assert acronym_fits(acronym, name)


@pytest.mark.parametrize("acronym, name", [
    ("NTNU", "Johan Berg"),
    ("ELIXIR-UK", "Heriot Watt University"),
    ("DKFZ", "German Cancer Research Center"),
])
def test_acronyms_of_other_bodies_do_not_fit(acronym, name):
    assert not acronym_fits(acronym, name)


def test_short_forms_are_single_words_with_two_capitals():
    assert all(is_short_form(s) for s in ("NeIC", "UiO", "MolSSI", "TUW"))
    assert not any(is_short_form(s) for s in ("Norway", "eHealth", "TU Wien", "U"))


def test_parenthesised_and_bracketed_acronyms_are_defined():
    found = _acronyms("Partners: Centre for Genomic Regulation (CRG), University of Oslo (UiO), TU Wien [TUW].\n")
    assert found == {"CRG": "Centre for Genomic Regulation", "UiO": "University of Oslo", "TUW": "TU Wien"}


def test_an_employer_a_country_or_a_bracketed_phrase_is_no_acronym():
    found = _acronyms("Johan Berg (NTNU) met Oslo University Hospital (Norway) [see the report].\n")
    assert found == {}
