"""The annotated sets in ``training/annotations``: well-formed, so that no gold row is dropped
unseen, and never taken from the repositories kept for independent evaluation."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from training.corpus import ANNOTATIONS, RESERVED_REPOSITORIES, manifest_rows, read_gold

SETS = sorted(p for p in ANNOTATIONS.glob("*") if p.is_dir())
ENTITY_TYPES = {"Organisation", "Project", "Call", "Programme", "Ministry", "Country", "Person", "Any"}
RELATION_TYPES = {"LEADS", "PARTNER_IN", "FUNDED_BY", "PART_OF", "LOCATED_IN", "COLLABORATES_WITH", "WORKS_FOR"}
_COMMIT = re.compile(r"[0-9a-f]{40}")


def _prefixes(folder: Path) -> set[str]:
    return {"_".join(row["file"].split("_")[:2]) for row in manifest_rows(folder)}


def test_there_are_annotated_sets() -> None:
    assert len(SETS) >= 28


@pytest.mark.parametrize("folder", SETS, ids=[p.name for p in SETS])
def test_a_manifest_pins_each_page_to_a_commit_of_a_public_repository(folder: Path) -> None:
    rows = manifest_rows(folder)
    assert rows, f"{folder.name}: empty manifest"
    for row in rows:
        assert row["file"].startswith(folder.name + "_"), row["file"]
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", row["repo"]), row["repo"]
        assert _COMMIT.fullmatch(row["commit"]), f"{row['file']}: commit {row['commit']!r}"
        assert row["path"], row["file"]
    assert len({row["file"] for row in rows}) == len(rows)


@pytest.mark.parametrize("folder", SETS, ids=[p.name for p in SETS])
def test_every_gold_row_names_known_pages_and_types(folder: Path) -> None:
    gold = read_gold(folder)  # a relation whose end is no entity is an error there
    pages = _prefixes(folder)
    for entity in gold.entities.values():
        assert entity.type in ENTITY_TYPES, f"{folder.name}: {entity.id} has type {entity.type}"
        assert entity.docs <= pages, f"{folder.name}: {entity.id} names pages {sorted(entity.docs - pages)}"
    for rel in gold.relations:
        assert rel.type in RELATION_TYPES, f"{folder.name}: {rel.type}"
        assert rel.docs <= pages, f"{folder.name}: {rel.source} -> {rel.target} names pages {sorted(rel.docs - pages)}"


def test_a_relation_to_an_unknown_entity_is_an_error_that_names_it(tmp_path: Path) -> None:
    (tmp_path / "entities.tsv").write_text("id\ttype\tname\taliases\tdocs\tstatus\n"
                                           "acme\tOrganisation\tAcme\t\tz_01\treq\n", encoding="utf-8")
    (tmp_path / "relations.tsv").write_text("source\ttype\ttarget\tdocs\tstatus\talt_types\tevidence\n"
                                            "acme\tLOCATED_IN\tc_usa\tz_01\topt\t\t\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"relations.tsv: acme -LOCATED_IN-> c_usa: no entity 'c_usa'"):
        read_gold(tmp_path)


def test_no_page_comes_from_a_repository_kept_for_independent_evaluation() -> None:
    used = {row["repo"].lower(): folder.name for folder in SETS for row in manifest_rows(folder)}
    reserved = {repo.lower() for repo in RESERVED_REPOSITORIES}
    assert not {repo: name for repo, name in used.items() if repo in reserved}
