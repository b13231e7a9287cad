"""Retraining is one reproducible command, and what it writes is what the product loads."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nordgraph.loaders.extract.linear import load_models
from tests.conftest import REPO, require_shared


def _train(output: Path) -> bytes:
    subprocess.run([sys.executable, "-m", "training.train", "--sets", "seeds", "--folds", "2", "--output", str(output)],
                   cwd=REPO, check=True, capture_output=True, text=True)
    return output.read_bytes()


def test_training_twice_writes_the_same_model_file(tmp_path: Path) -> None:
    require_shared()
    pytest.importorskip("sklearn", reason="scikit-learn (the train extra) fits the models")
    first, second = _train(tmp_path / "a.json"), _train(tmp_path / "b.json")
    assert first == second
    models = load_models(tmp_path / "a.json")
    assert models is not None and models.info["trained_on"] == {"seeds": 5}
    assert "PARTNER_IN" in models.relations.classes
    assert models.subject_rank is not None and models.subject_rank.classes == ("ahead",)


def test_the_ranking_model_puts_the_first_of_each_pair_ahead() -> None:
    """What ``fit_ranking`` learns from (subject, other candidate) pairs: a score that orders a
    new pair the same way, whichever features the two share."""
    pytest.importorskip("sklearn", reason="scikit-learn (the train extra) fits the models")
    from nordgraph.loaders.extract.linear import LinearModel
    from training.fitting import fit_ranking

    pairs = [({"in_h1", "count=3", f"w{i}"}, {"in_paragraph", "count=3", f"w{i}"}) for i in range(6)]
    pairs += [({"in_h1", "acronym_pair"}, {"in_paragraph", "acronym_pair"})] * 3
    model = LinearModel.from_dict(fit_ranking(pairs))
    assert model.intercept.tolist() == [0.0]
    ahead, behind = model.logits({"in_h1", "count=1"})[0], model.logits({"in_paragraph", "count=1"})[0]
    assert ahead > behind


def test_diagnosis_puts_every_required_relation_under_one_cause() -> None:
    require_shared()
    pytest.importorskip("sklearn", reason="scikit-learn (the train extra) fits the models")
    from training.corpus import annotated_sets
    from training.dataset import read_pages
    from training.diagnose import CAUSES, diagnose

    sets = annotated_sets(["seeds"])
    pages = read_pages(sets, progress=False)
    found = diagnose(pages, set(), k=2)
    required = sum(1 for read in pages for rel in read.gold_relations if rel.required)
    assert sum(found.causes["ALL"].values()) == required
    assert set(found.causes["ALL"]) <= set(CAUSES)
    assert found.causes["ALL"]["hit"] > 0  # two folds of five seed pages still find some
    assert sum(found.subjects.values()) == len(pages)


def test_leave_one_set_out_scores_only_the_sets_asked_for() -> None:
    require_shared()
    pytest.importorskip("sklearn", reason="scikit-learn (the train extra) fits the models")
    from training.corpus import annotated_sets
    from training.crossval import leave_one_set_out
    from training.dataset import read_pages

    sets = {s.name: s for s in annotated_sets(["seeds", "dev2"])}
    pages = read_pages(sets.values(), progress=False)
    results = leave_one_set_out(pages, sets, dict(load_models().thresholds), ["seeds"])
    assert set(results) == {"seeds"}
    assert results["seeds"]["entities"]["tp"] > 0  # fitted on dev2 alone, it still finds names


def test_evaluate_refuses_a_set_it_does_not_have(capsys: pytest.CaptureFixture[str]) -> None:
    from training.evaluate import main

    with pytest.raises(SystemExit) as stop:
        main(["--leave-out", "no-such-set"])
    assert stop.value.code == 2
    assert "no real annotated set named no-such-set" in capsys.readouterr().err
