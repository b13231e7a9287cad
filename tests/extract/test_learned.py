"""The learned extractor: shipped models, structure-aware candidates, evidence, and the linear
models' arithmetic against scikit-learn's."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nordgraph.graph.model import KnowledgeGraph
from nordgraph.loaders.extract import read_rules
from nordgraph.loaders.extract.candidates import Candidate, PageEntity, name_key
from nordgraph.loaders.extract.features import Pair, name_pair_features
from nordgraph.loaders.extract.learned import _joins, analyse
from nordgraph.loaders.extract.linear import LinearModel, load_models
from nordgraph.loaders.pipeline import build_graph, read_file

ROOT = Path(__file__).resolve().parents[2]

CONSORTIUM = """<!DOCTYPE html><html><head><title>Partners | NORDLINK</title>
<meta property="og:site_name" content="NORDLINK"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<main><h1>Partners</h1>
<p>The consortium brings together clinical, technical and industrial partners.</p>
<ul>
<li><strong>Karolinska Institutet</strong>, Sweden</li>
<li><strong>Oslo University Hospital</strong>, Norway</li>
<li><strong>Aalto University</strong>, Finland</li>
<li><strong>University of Copenhagen</strong>, Denmark</li>
</ul></main>
<footer><p>&copy; 2024 The NORDLINK consortium. NORDLINK has received funding from the European Union's Horizon Europe programme.</p></footer>
</body></html>
"""


def test_the_shipped_models_load_and_name_what_they_were_trained_on() -> None:
    models = load_models()
    assert models is not None
    assert {"Organisation", "Project", "none"} <= set(models.typing.classes)
    assert "PARTNER_IN" in models.relations.classes and models.subject.classes == ("subject",)
    assert models.subject_rank is not None and models.subject_rank.classes == ("ahead",)
    assert models.info["pages"] >= 70 and "dev1" in models.info["trained_on"]
    assert all(0.0 < cut <= 2.0 for cut in models.thresholds.values())


def test_the_relation_model_weighs_each_feature_per_pair_of_kinds() -> None:
    organisation, project = PageEntity("oslo university hospital", []), PageEntity("nordlink", [])
    pair = Pair(organisation, project, "tp=Organisation>subject", {"bw=by", "G"})
    assert pair.model_features() == {"tp=Organisation>subject", "bw=by", "G",
                                     "tp=Organisation>subject|bw=by", "tp=Organisation>subject|G"}
    models = load_models()
    assert models is not None
    # the shipped file was fitted on what the code reads: its vocabulary has both forms
    assert any(f.startswith("tp=Organisation>subject|") for f in models.relations.index)
    assert any(f.startswith("bw=") for f in models.relations.index)


def _entity(name: str, label: str) -> PageEntity:
    return PageEntity(name_key(name), [Candidate(0, len(name), name, 0)], label)


def test_the_relation_model_reads_what_two_names_say_of_each_other() -> None:
    hub, aida = _entity("AIDA Data Hub", "Organisation"), _entity("AIDA", "Project")
    found = name_pair_features(hub, aida)
    assert {"na_first=aida", "na_last=hub", "nb_last=aida", "nm=b_in_a", "nm=prefix"} <= found
    assert "nm=a_in_b" not in found
    institute, denmark = _entity("Danish Meteorological Institute", "Organisation"), _entity("Denmark", "Country")
    assert "nm=country_in_name" in name_pair_features(institute, denmark)
    assert "nm=country_in_name" in name_pair_features(denmark, institute)  # either end may be the country
    assert "nm=other_country_in_name" in name_pair_features(institute, _entity("Sweden", "Country"))
    oslo, partner = _entity("University of Oslo", "Organisation"), _entity("Karolinska Institutet", "Organisation")
    assert not any(f.startswith("nm=") for f in name_pair_features(oslo, partner))
    models = load_models()
    assert models is not None and "nm=b_in_a" in models.relations.index  # the shipped file reads them


def test_extraction_needs_no_scikit_learn(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(CONSORTIUM, encoding="utf-8")
    code = ("import sys; from loaders.pipeline import build_graph; "
            f"build_graph([{str(page)!r}]); print('sklearn' in sys.modules)")
    ran = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "False"


def test_chrome_structure_and_ner_become_candidates(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(CONSORTIUM, encoding="utf-8")
    analysis = analyse(read_rules(read_file(page, "p.html")))
    sources = {e.key: e.sources for e in analysis.entities}
    assert "struct:bold" in sources[name_key("Aalto University")]
    assert any(s.startswith("ner:") for s in sources[name_key("Karolinska Institutet")])
    assert any(s.startswith("struct:meta") for s in sources[name_key("NORDLINK")])  # title, site name, footer


def test_a_partner_page_gives_its_partners_and_countries_with_model_evidence(tmp_path: Path) -> None:
    (tmp_path / "partners.html").write_text(CONSORTIUM, encoding="utf-8")
    kg = build_graph([tmp_path]).graph
    located = _facts(kg, "LOCATED_IN")
    assert ("Aalto University", "Finland") in located and ("Karolinska Institutet", "Sweden") in located
    rules = {ev["rule"] for _, _, _, d in kg.edges() for ev in d["props"]["evidence"]}
    assert "model:relations" in rules  # the model's facts say so, with their probability
    assert all(0.0 < ev["confidence"] <= 1.0 for _, _, _, d in kg.edges() for ev in d["props"]["evidence"])


def test_every_edge_from_real_pages_quotes_its_page_verbatim(shared: Path) -> None:
    pages = sorted((shared / "corpus" / "dev1").glob("d1_0[1-4]*"))
    result = build_graph(pages)
    texts = {}
    for page in pages:
        document = read_file(page, page.name)
        texts[document.id] = document.text
    models_rules = set()
    for _, _, _, data in result.graph.edges():
        for ev in data["props"]["evidence"]:
            assert texts[ev["doc"]][ev["start"]:ev["end"]] == ev["quote"]
            models_rules.add(ev["rule"].split(":")[0])
    assert "model" in models_rules


def _facts(kg: KnowledgeGraph, rel: str) -> set[tuple[str, str]]:
    return {(kg.name(s), kg.name(t)) for s, t, _, d in kg.edges() if d["type"] == rel}


def test_linear_model_gives_scikit_learns_probabilities() -> None:
    pytest.importorskip("sklearn", reason="scikit-learn (the train extra) fits the models")
    from training.dataset import Instances
    from training.fitting import fit_relations, fit_typing

    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(30)]
    data = Instances()
    for _ in range(300):
        chosen = set(rng.choice(words, size=5, replace=False))
        label = "Organisation" if "w1" in chosen or "w2" in chosen else "Project" if "w3" in chosen else "none"
        data.add(chosen, label, "g")
    typing = LinearModel.from_dict(fit_typing(data))
    probe = {"w1", "w7", "w9"}
    scores = typing.scores(probe)
    assert max(scores, key=scores.__getitem__) == "Organisation"
    assert abs(sum(scores.values()) - 1.0) < 1e-5
    multi = Instances()
    for features, label in zip(data.features, data.labels):
        multi.add(features, {label} - {"none"}, "g")
    relations = LinearModel.from_dict(fit_relations(multi))
    assert relations.scores({"w3"})["Project"] > 0.5 > relations.scores({"w5"})["Project"]


NEWS = """<!DOCTYPE html><html><head><title>News | Health data portal</title></head><body>
<main><h2>Latest news</h2>
<p>HeartWatch is a four-year research effort on home monitoring of heart failure patients in
the Nordic countries, with clinics and engineers working together from the first day.</p>
<p>Oslo University Hospital and Aalto University met in Helsinki. Oslo University Hospital hosted the
second meeting, and Aalto University the third; Aalto University reports on the pilots.</p>
<p>Karolinska Institutet, Tampere University, NordForsk and SINTEF joined them; Karolinska Institutet,
Tampere University, NordForsk and SINTEF will host the meetings of next year in Stockholm and Helsinki.</p>
</main></body></html>
"""


def test_a_name_that_opens_the_body_may_be_the_page_subject(tmp_path: Path) -> None:
    from nordgraph.loaders.extract.learned import subject_instances

    page = tmp_path / "news.html"
    page.write_text(NEWS, encoding="utf-8")
    analysis = analyse(read_rules(read_file(page, "news.html")))
    offered = {e.key: features for e, features in subject_instances(analysis)}
    # Named once, in no heading and not in the chrome, and less often than seven others: still
    # offered, as the body's opening name.
    assert "opens_body" in offered[name_key("HeartWatch")]


def test_the_subject_of_a_consortium_page_is_a_project_with_its_partners(tmp_path: Path) -> None:
    models = load_models()
    assert models is not None and models.subject_type is not None
    assert {"Project", "Organisation"} <= set(models.subject_type.classes)
    (tmp_path / "partners.html").write_text(CONSORTIUM, encoding="utf-8")
    kg = build_graph([tmp_path]).graph
    assert {kg.name(n) for n in kg.nodes("Project")} >= {"NORDLINK"}
    partners = {s for s, t in _facts(kg, "PARTNER_IN") if t == "NORDLINK"}
    assert {"Karolinska Institutet", "Aalto University"} <= partners


def test_the_subject_ranking_model_chooses_among_the_likely_candidates(tmp_path: Path) -> None:
    """The ranking model picks the page's subject among the candidates the yes/no model finds
    likely enough, even against a likelier one; a candidate below that floor is never chosen."""
    from dataclasses import replace

    from nordgraph.loaders.extract.learned import SUBJECT_FLOOR, choose_subject, subject_instances, type_entities

    models = load_models()
    assert models is not None and models.subject_rank is not None
    page = tmp_path / "news.html"
    page.write_text(NEWS, encoding="utf-8")
    analysis = analyse(read_rules(read_file(page, "news.html")))
    type_entities(analysis, models)
    offered = subject_instances(analysis)
    likely = {id(e): models.subject.scores(f).get("subject", 0.0) >= SUBJECT_FLOOR for e, f in offered}
    choose_subject(analysis, models)
    chosen = analysis.subject
    assert chosen is not None
    outcomes = []
    for entity, features in offered:
        if entity is chosen:
            continue
        marker = sorted(features - set().union(*(f for e, f in offered if e is not entity)))
        if not marker:
            continue
        favour = LinearModel("sigmoid", ("ahead",), {marker[0]: 0}, np.array([[50.0]], dtype=np.float32),
                             np.zeros(1, dtype=np.float32))
        choose_subject(analysis, replace(models, subject_rank=favour))
        assert (analysis.subject is entity) == likely[id(entity)]
        outcomes.append(likely[id(entity)])
    assert True in outcomes  # some likely candidate other than the yes/no model's choice was put first


def test_a_code_in_brackets_after_a_name_is_not_part_of_it(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(CONSORTIUM.replace("<strong>Aalto University</strong>", "<strong>Aalto University [AALTO]</strong>")
                    .replace("<strong>University of Copenhagen</strong>", "<strong>University of Copenhagen (UCPH)</strong>"),
                    encoding="utf-8")
    keys = {e.key for e in analyse(read_rules(read_file(page, "p.html"))).entities}
    assert {name_key("Aalto University"), name_key("University of Copenhagen")} <= keys
    assert not {name_key("Aalto University [AALTO]"), name_key("University of Copenhagen (UCPH)")} & keys


def test_names_joined_by_a_slash_or_between_codes_are_candidates_too(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html><body><p>NORTRE is led by Gard Thomassen at TSD/UiO with the lab IRIT-UT2J. "
                    "Vaccines against COVID-19 are not made here.</p></body></html>", encoding="utf-8")
    entities = analyse(read_rules(read_file(page, "p.html"))).entities
    split = {e.name for e in entities if any(s.startswith("split:") for s in e.sources)}
    assert {"TSD", "UiO", "IRIT", "UT2J"} <= split
    assert not {"COVID", "19"} & {e.name for e in entities}


def test_two_names_joined_into_one_span_give_way_to_their_parts() -> None:
    text = "Fudan University & Southern Marine Laboratory, and Aarhus University/Aalborg University and more"
    spans = [(0, 16), (19, 45), (0, 45), (51, 68), (69, 87), (51, 87), (51, 96)]
    candidates = [Candidate(s, e, text[s:e], 0) for s, e in spans]
    joined = {(c.start, c.end) for c in candidates if id(c) in _joins(text, candidates)}
    assert joined == {(0, 45), (51, 87)}  # "... and more" is no second name


def test_a_country_inside_a_name_stays_a_country_where_the_name_is(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(CONSORTIUM.replace("<strong>Aalto University</strong>, Finland",
                                       "<strong>Research Council of Norway</strong>"), encoding="utf-8")
    kg = build_graph([tmp_path]).graph
    assert ("Research Council of Norway", "Norway") in _facts(kg, "LOCATED_IN")
