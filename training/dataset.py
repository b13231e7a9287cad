"""Annotated pages as training instances: page entities with gold types, pairs with gold relations.

Each page is read once (reader, phrase rules, spaCy parse, candidates) into a
:class:`ReadPage`; folds of cross-validation and the final training reuse it.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

from nordgraph.graph.errors import LoaderError
from nordgraph.loaders.document import Document
from nordgraph.loaders.extract import read_rules
from nordgraph.loaders.extract.candidates import PageEntity
from nordgraph.loaders.extract.features import Pair
from nordgraph.loaders.extract.learned import (
    NONE,
    PageAnalysis,
    analyse,
    pair_instances,
    resolve_overlaps,
    subject_instances,
    subject_type_features,
    typing_instances,
)
from nordgraph.loaders.extract.linear import LinearModel
from nordgraph.loaders.pipeline import read_file
from training.corpus import AnnotatedSet, GoldEntity, GoldRelation, Page

SYMMETRIC = {"COLLABORATES_WITH"}
#: Relations that make an entity what a page is about (not where things are, not who works where).
_SUBJECT_RELATIONS = {"LEADS", "PARTNER_IN", "FUNDED_BY", "PART_OF", "COLLABORATES_WITH"}
_SUBJECT_TYPES = ("Project", "Programme", "Call", "Organisation")


@dataclass
class ReadPage:
    page: Page
    document: Document
    analysis: PageAnalysis
    gold_entities: dict[str, GoldEntity]
    gold_relations: list[GoldRelation]
    index: dict[str, set[str]]

    @property
    def group(self) -> str:
        return f"{self.page.set}/{self.page.prefix}"

    def gold_id(self, entity: PageEntity) -> str | None:
        """The gold entity a page entity names (a typed match first, as the scorer does)."""
        ids = sorted(self.index.get(entity.key, ()))
        if not ids:
            return None
        typed = [i for i in ids if self.gold_entities[i].type == entity.label]
        return (typed or ids)[0]

    def gold_type(self, entity: PageEntity) -> str | None:
        """The gold type of a page entity: a label, ``none``, or None for "Any" (never scored)."""
        ids = self.index.get(entity.key, ())
        types = sorted({self.gold_entities[i].type for i in ids} - {"Any"})
        if types:
            return types[0]
        return None if ids else NONE

    def subject_entity(self) -> PageEntity | None:
        """The page's subject by the gold: among the names the subject model is shown, the one
        in most of the page's gold relations (at least two; the most mentioned among equals)."""
        degree: dict[str, int] = {}
        for rel in self.gold_relations:
            if rel.type in _SUBJECT_RELATIONS:
                for end in (rel.source, rel.target):
                    degree[end] = degree.get(end, 0) + 1

        def weight(entity: PageEntity) -> tuple[int, int]:
            ids = [i for i in self.index.get(entity.key, ()) if self.gold_entities[i].type in _SUBJECT_TYPES]
            return max((degree.get(i, 0) for i in ids), default=0), len(entity.candidates)

        ranked = sorted((e for e, _ in subject_instances(self.analysis)), key=weight, reverse=True)
        return ranked[0] if ranked and weight(ranked[0])[0] >= 2 else None


def read_pages(sets: Iterable[AnnotatedSet], progress: bool = True) -> list[ReadPage]:
    pages = []
    for annotated in sets:
        for page in annotated.pages:
            if progress:
                print(f"  reading {annotated.name}/{page.path.name}", file=sys.stderr)
            try:
                document = read_file(page.path, page.path.name)
            except LoaderError as exc:  # as a build would: named and skipped
                print(f"  skipped {annotated.name}/{page.path.name}: {exc}", file=sys.stderr)
                continue
            analysis = analyse(read_rules(document))
            entities, relations = annotated.gold.for_page(page.prefix)
            pages.append(ReadPage(page, document, analysis, entities, relations, annotated.gold.index(entities)))
    return pages


@dataclass
class Instances:
    """What a model is fitted on: string features, labels and the page each instance comes from."""

    features: list[set[str]] = field(default_factory=list)
    labels: list = field(default_factory=list)
    groups: list[str] = field(default_factory=list)

    def add(self, features: set[str], label: object, group: str) -> None:
        self.features.append(features)
        self.labels.append(label)
        self.groups.append(group)


def typing_data(pages: Iterable[ReadPage]) -> Instances:
    """One instance per page entity, labelled with its gold type; entities of type Any are left out."""
    data = Instances()
    for read in pages:
        for entity, found in typing_instances(read.analysis):
            label = read.gold_type(entity)
            if label is not None:
                data.add(found, label, read.group)
    return data


def apply_typing(read: ReadPage, typing: LinearModel | None) -> None:
    """Label the page's entities for pairing: the gold type where the gold names one, else the
    typing model's guess (so that pairs with wrongly typed names are seen in training too)."""
    for entity, found in typing_instances(read.analysis):
        entity.reading = None
        gold = read.gold_type(entity)
        entity.scores = typing.scores(found) if typing is not None else {}
        if gold is not None and gold != NONE:
            entity.label, entity.confidence = gold, 1.0
        elif entity.scores:
            best = max(entity.scores, key=entity.scores.__getitem__)
            entity.label = None if best == NONE else best
            entity.confidence = entity.scores[best]
        else:
            entity.label = None
    subject = read.subject_entity()
    read.analysis.subject = subject
    if subject is not None and subject.label is None:
        subject.label = "Project"
    resolve_overlaps(read.analysis)


def subject_data(pages: Iterable[ReadPage], typing: LinearModel | None) -> Instances:
    """One instance per name a page may be about, labelled {"subject"} or empty."""
    data = Instances()
    for read in pages:
        apply_typing(read, typing)
        subject = read.analysis.subject
        for entity, found in subject_instances(read.analysis):
            data.add(found, {"subject"} if entity is subject else set(), read.group)
    return data


def pair_labels(read: ReadPage, pair: Pair) -> set[str] | None:
    """Relation labels of a pair from the gold ("TYPE" a->b, "TYPE~" b->a); None when an end is
    of type Any (never scored, so never taught)."""
    ga, gb = read.gold_id(pair.a), read.gold_id(pair.b)
    for gid in (ga, gb):
        if gid is not None and read.gold_entities[gid].type == "Any":
            return None
    if ga is None or gb is None:
        return set()
    labels = set()
    for rel in read.gold_relations:
        if (rel.source, rel.target) == (ga, gb):
            labels.add(rel.type)
        elif (rel.source, rel.target) == (gb, ga):
            labels.add(rel.type if rel.type in SYMMETRIC else rel.type + "~")
    return labels


def pair_data(pages: Iterable[ReadPage], typing: LinearModel | None) -> Instances:
    """One instance per candidate pair (entities typed by :func:`apply_typing`), labelled with
    its gold relations."""
    data = Instances()
    for read in pages:
        apply_typing(read, typing)
        for pair in pair_instances(read.analysis):
            found = pair_labels(read, pair)
            if found is not None:
                data.add(pair.model_features(), found, read.group)
    return data


def subject_rank_data(pages: Iterable[ReadPage], typing: LinearModel | None) -> list[tuple[set[str], set[str]]]:
    """Per page with a gold subject (:meth:`ReadPage.subject_entity`), the subject's features
    beside each other candidate's: what the ranking model learns to put first."""
    pairs = []
    for read in pages:
        apply_typing(read, typing)
        subject = read.analysis.subject
        candidates = subject_instances(read.analysis)
        features = dict(candidates).get(subject) if subject is not None else None
        if features is not None:
            pairs.extend((features, other) for entity, other in candidates if entity is not subject)
    return pairs


def subject_type_data(pages: Iterable[ReadPage], typing: LinearModel | None) -> Instances:
    """One instance per page with a gold subject (:meth:`ReadPage.subject_entity`), labelled
    with its gold type."""
    data = Instances()
    for read in pages:
        apply_typing(read, typing)
        subject = read.analysis.subject
        if subject is None:
            continue
        label = read.gold_type(subject)
        features = dict(subject_instances(read.analysis)).get(subject)
        if label in _SUBJECT_TYPES and features is not None:
            data.add(subject_type_features(subject, features, read.analysis), label, read.group)
    return data
