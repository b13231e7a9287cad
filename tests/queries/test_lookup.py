"""``graph.lookup.resolve_entity``: one rule for every command that takes an entity's name."""
from __future__ import annotations

import pytest

from nordgraph.graph.errors import UnknownNameError
from nordgraph.graph.lookup import AmbiguousNameError, UnknownEntityError, resolve_entity
from nordgraph.graph.store import EmbeddedStore


@pytest.mark.parametrize("name, key", [
    ("organisation:medtek-norway", "organisation:medtek-norway"),
    ("MEDTEK NORWAY", "organisation:medtek-norway"),
    ("nmg2", "project:nordic-medtech-growth-2"),
    ("The Karolinska Institutet", "organisation:karolinska-institutet"),  # a leading "the" ignored
    ("Danish Tech Universïty", "organisation:danish-tech-university"),  # accents ignored
])
def test_finds_by_id_name_or_alias_case_and_accents_ignored(store: EmbeddedStore, name: str, key: str) -> None:
    assert resolve_entity(store, name).key == key


def test_unknown_name_suggests_close_names(store: EmbeddedStore) -> None:
    with pytest.raises(UnknownEntityError, match=r"no entity named 'Nordic Medtech'; did you mean: "
                                                 r"Nordic Medtech Growth 2 \(project:nordic-medtech-growth-2\)"):
        resolve_entity(store, "Nordic Medtech")
    with pytest.raises(UnknownNameError, match=r"did you mean: Karolinska Institutet"):
        resolve_entity(store, "Karolinska Institutte")  # a typo, still close


def test_label_narrows_and_names_itself_in_the_error(store: EmbeddedStore) -> None:
    assert resolve_entity(store, "Norway", "Country").key == "country:norway"
    with pytest.raises(UnknownEntityError, match=r"no Project named 'Norway'"):
        resolve_entity(store, "Norway", "Project")


def test_several_matches_list_their_ids(store: EmbeddedStore) -> None:
    kg = store.graph()
    kg.add_node("Project", "Medtek Norway")
    store.replace(kg)
    with pytest.raises(AmbiguousNameError,
                       match=r"names 2 entities; give one id: organisation:medtek-norway, project:medtek-norway"):
        resolve_entity(store, "medtek norway")
    assert resolve_entity(store, "medtek norway", "Project").key == "project:medtek-norway"


def test_suggestions_show_control_characters_as_visible_marks(store: EmbeddedStore) -> None:
    kg = store.graph()
    kg.add_node("Organisation", "Evil\x1b]0;pwned\x07 Corp")
    store.replace(kg)
    with pytest.raises(UnknownEntityError) as caught:
        resolve_entity(store, "Evil")
    assert "\x1b" not in str(caught.value) and "\x07" not in str(caught.value)
    assert "Evil\N{REPLACEMENT CHARACTER}]0;pwned" in str(caught.value)
