"""YAML whose aliases expand without bound ("billion laughs") is refused at once, wherever YAML
is read: a Markdown page's front matter and the curation file."""
from __future__ import annotations

from pathlib import Path

import pytest

from nordgraph.graph.errors import CurationError
from nordgraph.loaders import bounded_yaml
from nordgraph.loaders.curation import parse_overrides
from nordgraph.loaders.pipeline import build_graph

LEVELS = "abcdefghi"
BOMB = "\n".join([f'a: &a [{", ".join(["lol"] * 9)}]'] + [
    f"{level}: &{level} [{', '.join(['*' + previous] * 9)}]" for previous, level in zip(LEVELS, LEVELS[1:])])


def test_an_alias_bomb_in_front_matter_is_named_and_skipped_and_the_rest_loads(tmp_path: Path) -> None:
    (tmp_path / "bomb.md").write_text(f"---\n{BOMB}\n---\n# Hello\n", encoding="utf-8")
    (tmp_path / "good.md").write_text("# CareBridge\n\nCareBridge is led by Oslo University Hospital.\n",
                                      encoding="utf-8")
    result = build_graph([tmp_path], rules_only=True, cache=None)
    assert [(Path(s.path).name, s.reason) for s in result.skipped] == [
        ("bomb.md", "front matter is not valid YAML: its aliases expand to over 100,000 values")]
    assert [Path(p).name for p in result.read] == ["good.md"]


def test_an_alias_bomb_in_the_curation_file_is_a_curation_error() -> None:
    with pytest.raises(CurationError, match="aliases expand to over 100,000 values"):
        parse_overrides("- merge: [A, B]\n  note:\n" + "".join(f"    {line}\n" for line in BOMB.splitlines()), "o.yaml")


def test_ordinary_aliases_still_load_as_yaml_does() -> None:
    text = "base: &base {country: Norway, year: 2024}\nfirst: *base\nsecond: {<<: *base, year: 2025}\nloop: &l [1, *l]\n"
    data = bounded_yaml.safe_load(text)
    assert data["first"] == {"country": "Norway", "year": 2024} and data["second"]["year"] == 2025
    assert data["loop"][1] is data["loop"]
