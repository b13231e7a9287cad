"""Entity resolution: one node per entity across surface forms, never merging different ones."""
from __future__ import annotations

import pytest

from nordgraph.graph.model import KnowledgeGraph
from nordgraph.loaders.document import Document
from nordgraph.loaders.extract.context import Mention
from nordgraph.loaders.extract.resolve import name_key, resolve
from nordgraph.loaders.readers.text import line_blocks


def _mention(name: str, label: str = "Organisation", doc: str = "d1", aliases: tuple[str, ...] = ()) -> Mention:
    return Mention(doc, label, name, 0, len(name), "test", 0.8, list(aliases))


def _clusters(*mentions: Mention, acronyms: dict | None = None, texts: dict | None = None) -> int:
    found = resolve(KnowledgeGraph(), list(mentions), acronyms or {}, texts or {})
    return len({id(c) for c in found.values()})


@pytest.mark.parametrize("a, b", [
    ("Region Syd-Danmark", "Region Syddanmark"),
    ("Helse Sør-Øst RHF", "Helse Sor-Ost"),
    ("The Swedish Environmental Management Council", "Swedish Environmental Management Council"),
    ("HoloCare", "Holocare"),
    ("Nohr-Con", "Nohr Con"),
    ("Cardiolyse Oy", "Cardiolyse"),
    ("Tunstall Nordic AB", "Tunstall Nordic"),
    ("Region Skåne", "Region Skane"),
    ("Horizon Europe Programme", "Horizon Europe"),
])
def test_surface_forms_of_one_entity_share_a_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [
    ("Helse Vest", "Helse Sør-Øst"),
    ("Lund University", "Halmstad University"),
    ("Region Skåne", "Region Stockholm"),
    ("City of Espoo", "City of Vantaa"),
    ("Nordic Medtech Growth", "Nordic Medtech Growth 2"),
    ("Aalborg kommune", "Kolding kommune"),
    ("University of Oslo", "University of Bergen"),
])
def test_names_that_share_words_stay_apart(a, b):
    assert _clusters(_mention(a), _mention(b)) == 2


def test_fuzzy_merges_a_spelling_variant_of_one_type_only():
    assert _clusters(_mention("New Methods", "Programme"), _mention("New Method", "Programme")) == 1
    assert _clusters(_mention("Karolinska Institutet"), _mention("Karolinska Institute")) == 1


def test_acronym_defined_in_the_document_joins_its_long_form():
    long = _mention("Hospital District of Helsinki and Uusimaa", aliases=("HUS",))
    assert _clusters(long, _mention("HUS")) == 1
    assert _clusters(_mention("Norwegian Institute of Public Health"), _mention("NIPH"),
                     acronyms={"d1": {"NIPH": "Norwegian Institute of Public Health"}}) == 1


def test_initials_join_only_a_name_of_the_same_document_and_type():
    long = _mention("Norway Health Tech")
    assert _clusters(long, _mention("NHT")) == 1
    assert _clusters(long, _mention("NHT", doc="d2"), texts={"d2": "a page that never names it"}) == 2
    assert _clusters(_mention("Norway Health Tech"), _mention("Nordic Health Trust"), _mention("NHT")) == 3


def test_leading_demonym_merges_only_when_unambiguous():
    assert _clusters(_mention("Norwegian Directorate of Health"), _mention("Directorate of Health")) == 1
    assert _clusters(_mention("Norwegian Directorate of Health"), _mention("Danish Directorate of Health"),
                     _mention("Directorate of Health")) == 3


def test_a_trailing_country_merges_like_a_demonym():
    assert _clusters(_mention("Ministry of Trade and Industry in Norway", label="Ministry"),
                     _mention("Ministry of Trade and Industry", label="Ministry")) == 1
    assert _clusters(_mention("Ministry of Trade and Industry in Norway", label="Ministry"),
                     _mention("Ministry of Trade and Industry of Sweden", label="Ministry"),
                     _mention("Ministry of Trade and Industry", label="Ministry")) == 3
    assert _clusters(_mention("Research Council of Norway"), _mention("Research Council")) == 2  # too short to strip


def test_existing_graph_nodes_absorb_extracted_mentions():
    kg = KnowledgeGraph()
    key = kg.add_node("Organisation", "Oslo University Hospital", aliases=["OUS"])
    text = "Oslo universitetssykehus and OUS. Oslo University Hospital leads the TeleCare project."
    from nordgraph.loaders.extract import extract_into
    doc = Document("d", "d.txt", "text", text, line_blocks(text))
    extract_into(kg, [doc])
    assert len(kg.find("Oslo University Hospital", "Organisation")) == 1
    assert any(d["type"] == "LEADS" for s, _, _, d in kg.edges() if s == key)


@pytest.mark.parametrize("a, b", [
    ("University Ghent", "University of Ghent"),
    ("Auckland University", "University of Auckland"),
    ("Universität Hamburg", "University of Hamburg"),
    ("Universitetet i Bergen", "University of Bergen"),
    ("German Federal Ministry for Economic Affairs", "German Federal Ministry of Economic Affairs"),
])
def test_names_with_the_same_words_in_another_order_or_language_merge(a, b):
    assert _clusters(_mention(a), _mention(b)) == 1


@pytest.mark.parametrize("a, b", [
    ("Aarhus University", "Aarhus University Hospital"),
    ("University of Oslo", "Oslo Metropolitan University"),
])
def test_names_with_other_words_stay_apart_however_ordered(a, b):
    assert _clusters(_mention(a), _mention(b)) == 2


def test_reordered_names_of_two_types_stay_apart():
    assert _clusters(_mention("Health Data Nordic", "Project"), _mention("Nordic Health Data", "Organisation")) == 2


def test_a_name_written_with_its_acronym_joins_both():
    both = _mention("NORSUS – Norwegian Institute for Sustainability Research")
    assert _clusters(both, _mention("Norwegian Institute for Sustainability Research"), _mention("NORSUS")) == 1
    assert _clusters(_mention("German Aerospace Center – GAC"), _mention("German Aerospace Center")) == 1


def test_a_dash_between_unrelated_names_joins_nothing():
    assert _clusters(_mention("UCLL - Expertisecentrum Sustainable Resources"),
                     _mention("Expertisecentrum Sustainable Resources")) == 2


def test_an_acronym_of_some_initials_joins_the_one_name_it_spells():
    assert _clusters(_mention("Helmholtz Information & Data Science Academy"), _mention("HIDA")) == 1
    assert _clusters(_mention("Helmholtz Information Data Academy"), _mention("Helmholtz Imaging Data Analytics"),
                     _mention("HIDA")) == 3  # two names spell it: neither


def test_a_country_is_one_node_by_name_code_or_demonym():
    assert _clusters(_mention("United Kingdom", "Country"), _mention("UK", "Country")) == 1
    assert _clusters(_mention("Norway", "Country"), _mention("Norwegian", "Country"), _mention("NO", "Country")) == 1


def test_two_countries_ministries_with_the_same_words_in_another_order_stay_apart():
    assert _clusters(_mention("Ministry of Social Affairs and Health", "Ministry"),
                     _mention("Ministry of Health and Social Affairs", "Ministry")) == 2
    assert _clusters(_mention("Ministry for Health and Social Affairs", "Ministry"),
                     _mention("Ministry of Health and Social Affairs", "Ministry")) == 1
