"""How common a name's words are: a typing feature for names never seen in training."""
from __future__ import annotations

from pathlib import Path

from nordgraph.loaders.extract import read_rules
from nordgraph.loaders.extract.candidates import name_key
from nordgraph.loaders.extract.commonness import commonness
from nordgraph.loaders.extract.features import entity_features
from nordgraph.loaders.extract.learned import analyse
from nordgraph.loaders.pipeline import read_file


def test_invented_names_are_unknown_words_and_headings_common_ones() -> None:
    assert commonness("cyfronet") == (0, 0)
    assert commonness("researchers")[0] >= 4
    assert commonness("modules")[0] == 3
    english, other = commonness("sykehus")  # Norwegian for hospital
    assert english == 0 and other >= 4


def test_the_typing_features_say_how_common_a_names_words_are(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("# Partners\n\n- **Cyfronet**, Poland\n- **Research Modules**, Norway\n", encoding="utf-8")
    analysis = analyse(read_rules(read_file(page, "p.md")))
    features = {e.key: entity_features(e, analysis.ctx, analysis.page) for e in analysis.entities}
    assert {"zmin=0", "zomin=0", "zfirst=0"} <= features[name_key("Cyfronet")]
    assert {"zmin=3", "zfirst=5", "zlast=3"} <= features[name_key("Research Modules")]
