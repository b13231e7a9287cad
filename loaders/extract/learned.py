"""The learned extractor: what each name on a page is, and how the names relate.

After the phrase rules have read a document (their mentions and facts become features), this
stage:

1. parses every block with spaCy (:mod:`loaders.extract.nlp`);
2. gathers candidates from NER, patterns and structure into page entities
   (:mod:`loaders.extract.candidates`);
3. types each entity with a softmax model (seven labels or none);
4. finds the page's subject — the project, programme, call or organisation the page is about —
   among the names in its title, site name, footer and top headings and its most repeated
   names: a third model says how likely each is, a ranking model which of the likely ones
   comes first;
5. pairs the typed entities — every organisation with each entity the page may be about
   (title, site name, h1, the most named projects), and names that share a sentence, a list
   item, a table row or a card — and scores each pair with one sigmoid model per relation
   and direction; a fact is kept when its probability reaches the threshold chosen for that
   relation on cross-validated development data, for precision first.

The models are trained by ``python -m training.train`` from annotated real pages; the
mentions and facts it keeps replace the rules' own, with the model and its probability as
evidence. Without a model file the rules' output stands alone.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from nordgraph.loaders.budget import PARAGRAPH_WORDS, PARSE_WORDS, parse_reach
from nordgraph.loaders.extract import nlp
from nordgraph.loaders.extract.candidates import (
    Candidate,
    PageEntity,
    PageLayout,
    enumerations,
    gather,
    layout,
    name_key,
)
from nordgraph.loaders.extract.context import DocContext, Fact, Mention
from nordgraph.loaders.extract.features import (
    Pair,
    entity_features,
    local_features,
    mention_place,
    mention_words,
    name_pair_features,
    rule_features,
    sentence_units,
    subject_features,
    target_features,
    words_of,
)
from nordgraph.loaders.extract.linear import ExtractionModels
from nordgraph.loaders.extract.properties import passage_properties
from nordgraph.loaders.extract.spans import DisjointSpans

ENTITY_LABELS = ("Organisation", "Project", "Call", "Programme", "Ministry", "Country", "Person")
NONE = "none"
#: Kinds of entity that take part in, lead or fund things.
ACTORS = frozenset({"Organisation", "Ministry"})
#: Kinds of entity a page is about.
SUBJECTS = frozenset({"Project", "Programme", "Call"})
MAX_TARGETS = 8
#: Passages read for one pair of names: two names side by side on 3,000 lines of a list say no
#: more than on eight, and each passage costs its words and parse path.
MAX_PASSAGES = 8
#: Mentions of a name whose sentences are read when it is paired with what the page is about.
MENTIONS_READ = 3
#: Names in one passage beyond this many are not paired (a list of 60 logos is not a sentence).
MAX_PER_UNIT = 16
SHORT_BLOCK_WORDS = 12
#: A typing probability at which a longer overlapping name wins over a more probable short one.
CONFIDENT = 0.7


MAX_SUBJECT_CANDIDATES = 20
#: The first blocks of a page's body, where "X is a project ..." introduces what it is about.
OPENING_BLOCKS = 4
SUBJECT_FLOOR = 0.05


@dataclass
class PageAnalysis:
    ctx: DocContext
    page: PageLayout
    entities: list[PageEntity]
    subject: PageEntity | None = None
    typing: list[tuple[PageEntity, set[str]]] | None = None
    #: Countries named inside a kept name ("Ministry of Education and Culture of Finland"):
    #: (the name's entity, its mention, the country's entity, the country's mention).
    nested: list[tuple[PageEntity, Candidate, PageEntity, Candidate]] = field(default_factory=list)

    def typing_features(self, entity: PageEntity) -> set[str] | None:
        """The typing features of ``entity`` (computed once per page)."""
        return next((f for e, f in typing_instances(self) if e is entity), None)

    def page_headings(self) -> set[str]:
        """The words of the page's headings (and pseudo-headings)."""
        return {w for heading in set(self.page.headings) for w in words_of(heading, 6)}


def analyse(ctx: DocContext, parse_words: int | None = PARSE_WORDS,
            paragraph_words: int | None = PARAGRAPH_WORDS) -> PageAnalysis:
    """Parse the document (its first ``parse_words`` words, and of one paragraph its first
    ``paragraph_words``: see :func:`loaders.budget.parse_reach`) and gather its page entities
    (untyped)."""
    wanted = [i for i, b in enumerate(ctx.blocks) if i not in ctx.skip_blocks or b.kind == "meta"]
    ctx.reach = parse_reach(ctx.blocks, wanted, parse_words, paragraph_words)
    wanted = ctx.reach.blocks
    parsed = nlp.parse([ctx.blocks[i].text for i in wanted])
    parses = [None] * len(ctx.blocks)
    for i, doc in zip(wanted, parsed):
        parses[i] = doc
    page = layout(ctx, parses)
    entities = gather(ctx, page)
    enumerations(ctx, page, entities)
    return PageAnalysis(ctx, page, entities)


def typing_instances(analysis: PageAnalysis) -> list[tuple[PageEntity, set[str]]]:
    """Each page entity with its features (computed once per page)."""
    if analysis.typing is None:
        analysis.typing = [(e, entity_features(e, analysis.ctx, analysis.page)) for e in analysis.entities]
    return analysis.typing


def type_entities(analysis: PageAnalysis, models: ExtractionModels) -> None:
    """Give each page entity its most probable label above that label's threshold; else the
    phrase rules' label when a rule typed it at or above the cross-validated fallback floor."""
    floor = models.thresholds.get("rule_mentions", 2.0)
    ruled = {(m.start, m.end): m for m in analysis.ctx.mentions if m.confidence >= floor}
    for entity, features in typing_instances(analysis):
        entity.reading = None
        scores = entity.scores = models.typing.scores(features)
        # A label whose cut is above 1 is never given (persons, when they cost more than they
        # bring): such a name stays untyped (giving it the next label changed nothing).
        label = max((c for c in scores if c != NONE), key=scores.__getitem__)
        entity.label = label if scores[label] >= models.thresholds.get(f"type:{label}", 0.5) else None
        entity.confidence = scores[label]
        if entity.label is None:
            fallback = max((ruled[(c.start, c.end)] for c in entity.candidates if (c.start, c.end) in ruled),
                           key=lambda m: m.confidence, default=None)
            if fallback is not None:
                entity.label, entity.confidence = fallback.label, fallback.confidence


def subject_instances(analysis: PageAnalysis) -> list[tuple[PageEntity, set[str]]]:
    """Names the page may be about: those in its chrome or headings, at the head of its body
    (its first blocks: "X is a project ...") or among its most repeated, chrome and top
    headings first."""
    ctx = analysis.ctx
    ranked = sorted(analysis.entities, key=lambda e: -len(e.candidates))
    rank = {id(e): i for i, e in enumerate(ranked, start=1)}
    body = [i for i, b in enumerate(ctx.blocks) if b.kind != "meta" and i not in ctx.skip_blocks]
    opening = {index: order for order, index in enumerate(body[:OPENING_BLOCKS])}

    def standing(entity: PageEntity) -> int:
        """0 chrome or h1/h2, 1 other heading or the body's opening, 2 repeated, 3 none."""
        best = 2 if rank[id(entity)] <= 5 else 3
        for c in entity.candidates:
            block = ctx.blocks[c.block]
            if block.kind == "meta" or block.kind == "heading" and block.level <= 2:
                return 0
            if block.kind == "heading" or c.block in opening:
                best = 1
        return best

    chosen = sorted((e for e in ranked if standing(e) < 3), key=lambda e: (standing(e), rank[id(e)]))
    return [(e, subject_features(e, ctx, rank[id(e)], opening)) for e in chosen[:MAX_SUBJECT_CANDIDATES]]


def choose_subject(analysis: PageAnalysis, models: ExtractionModels) -> None:
    """The page's subject: among the candidates the subject model finds at least barely likely
    (most pages are about one thing, so one wins unless all are improbable), the one the
    ranking model puts first; typed by the subject-type model: what a page is about is read
    from the whole page (a consortium list makes a project of a name that looks like a
    company's), not from its name alone."""
    best, best_p, best_features, best_rank = None, SUBJECT_FLOOR, set(), -math.inf
    for entity, features in subject_instances(analysis):
        probability = models.subject.scores(features).get("subject", 0.0)  # (absent: too few examples)
        if probability < SUBJECT_FLOOR:
            continue
        # the ranking model's score, plus the yes/no model's log-probability (cross-validated
        # relation F1 0.469 -> 0.475 over the yes/no model alone); without it, the likeliest
        rank = float(models.subject_rank.logits(features)[0]) + math.log(probability) \
            if models.subject_rank is not None else probability
        if rank >= best_rank:
            best, best_p, best_features, best_rank = entity, probability, features, rank
    analysis.subject = best
    if best is None:
        return
    if models.subject_type is not None:
        scores = models.subject_type.scores(subject_type_features(best, best_features, analysis))
        label = max(scores, key=scores.__getitem__)
        if label != best.label and scores[label] >= models.thresholds.get("subject_type", 0.5):
            best.label, best.confidence = label, scores[label]
    if best.label not in SUBJECTS | ACTORS:
        best.label = max(SUBJECTS | {"Organisation"}, key=lambda label: best.scores.get(label, 0.0))
        best.confidence = best_p


def subject_type_features(entity: PageEntity, features: set[str], analysis: PageAnalysis) -> set[str]:
    """What the subject-type model reads: the subject model's features, the typing model's
    guesses, and the sections of the page (a page with a partners section is about a project)."""
    found = {f"s_{f}" for f in features}
    found.update(f"e_{f}" for f in (analysis.typing_features(entity) or ()))
    found.update(f"page_hd={w}" for w in analysis.page_headings())
    return found


def resolve_overlaps(analysis: PageAnalysis) -> None:
    """One reading per stretch of text: where typed mentions overlap ("City of Landskrona" and
    "Landskrona", "Innovation Norway" and "Norway"), the subject's keeps it, then the longer
    among the confidently typed (a country inside a body's name is part of the name), then
    the more probable; an entity left with no mention is untyped."""
    typed = [e for e in analysis.entities if e.label]
    joined = _joins(analysis.ctx.text, [c for e in typed for c in e.candidates])
    order = sorted(((e, c) for e in typed for c in e.candidates),
                   key=lambda ec: (ec[0] is not analysis.subject, id(ec[1]) in joined,
                                   ec[0].confidence < CONFIDENT, -(ec[1].end - ec[1].start), -ec[0].confidence))
    taken = DisjointSpans()
    kept: dict[int, list[Candidate]] = {id(e): [] for e in typed}
    lost: list[tuple[PageEntity, Candidate]] = []
    for entity, candidate in order:
        if taken.overlaps(candidate.start, candidate.end):
            lost.append((entity, candidate))
            continue
        taken.add(candidate.start, candidate.end)
        kept[id(entity)].append(candidate)
    analysis.nested = _nested_countries(typed, kept, lost)
    for _, _, country, candidate in analysis.nested:
        kept[id(country)].append(candidate)
    for entity in typed:
        entity.reading = sorted(kept[id(entity)], key=lambda c: c.start)
        if not entity.reading:
            entity.label = None
    if analysis.subject is not None and analysis.subject.label is None:
        analysis.subject = None


def _nested_countries(typed: list[PageEntity], kept: dict[int, list[Candidate]],
                      lost: list[tuple[PageEntity, Candidate]]) -> list[tuple[PageEntity, Candidate, PageEntity, Candidate]]:
    """Countries whose mention lost to a longer kept name of an actor or subject around it:
    the name says where its bearer is (the relation model weighs that), and the country stays
    a mention of its own."""
    holders = sorted(((e, c) for e in typed if e.label in ACTORS | SUBJECTS for c in kept[id(e)]),
                     key=lambda ec: ec[1].start)
    starts = [c.start for _, c in holders]
    found = []
    for country, inner in lost:
        if country.label != "Country":
            continue
        at = bisect_right(starts, inner.start) - 1
        if at >= 0 and holders[at][1].end >= inner.end:
            found.append((holders[at][0], holders[at][1], country, inner))
    return found


#: What joins two names into one span that is no name ("Fudan University & Southern Marine
#: Laboratory", "Aarhus University/Aalborg University").
_JOINERS = re.compile(r"\s*(?:[&,;/+]|\band\b|\bog\b|\boch\b|\bja\b)\s*", re.IGNORECASE)


def _joins(text: str, candidates: list[Candidate]) -> set[int]:
    """Ids of the candidates that are two typed names and what joins them, end to end: their
    parts read better than the whole."""
    by_start: dict[int, list[Candidate]] = {}
    for c in candidates:
        by_start.setdefault(c.start, []).append(c)
    joined = set()
    for whole in candidates:
        for first in by_start.get(whole.start, ()):
            if first.end >= whole.end:
                continue
            gap = _JOINERS.match(text, first.end)
            if gap is None or gap.end() >= whole.end:
                continue
            if any(second.end == whole.end for second in by_start.get(gap.end(), ())):
                joined.add(id(whole))
                break
    return joined


def pair_instances(analysis: PageAnalysis) -> list[Pair]:
    """Candidate pairs among the typed entities, with their features (see the module docstring)."""
    ctx, page = analysis.ctx, analysis.page
    typed = [e for e in analysis.entities if e.label]
    targets = _targets(ctx, typed, analysis.subject)
    target_rank = {id(t): rank for rank, t in enumerate(targets, start=1)}
    rule_facts: dict[tuple[str, str], list[tuple[str, str, str]]] = {}  # by the pair of names
    for f in ctx.facts:
        source, target = name_key(f.source.name), name_key(f.target.name)
        rule_facts.setdefault((source, target), []).append((source, f.type, target))
    pairs: dict[tuple[int, int], Pair] = {}

    def pair(x: PageEntity, y: PageEntity) -> Pair:
        a, b = _ordered(x, y, target_rank)
        found = pairs.get((id(a), id(b)))
        if found is None:
            # Towards the subject the target's kind is left out: whether a page's list makes
            # partners does not hang on how sure the typing was that the site is a project.
            kind = "subject" if b is analysis.subject else b.label
            about = rule_facts.get((a.key, b.key), []) + rule_facts.get((b.key, a.key), [])
            found = pairs[(id(a), id(b))] = Pair(a, b, f"tp={a.label}>{kind}",
                                                   rule_features(about, a, b) | name_pair_features(a, b))
        return found

    siblings = _siblings(ctx, page, typed)
    for target in targets:
        rank = target_rank[id(target)]
        about_target = target_features(target, min(rank, 4), ctx, target is analysis.subject)  # once, not per entity
        for entity in typed:
            if entity is target or entity.label not in ACTORS | SUBJECTS:
                continue
            found = pair(entity, target)
            if found.b is not target:
                continue
            found.features |= {"G", f"a_sibs={siblings.get(id(entity), 0) if siblings.get(id(entity), 0) < 4 else '4+'}"}
            found.features |= about_target
            for order, candidate in enumerate(entity.mentions[:8]):
                found.features |= mention_place(candidate, ctx, page, prefix="a_")
                if order < MENTIONS_READ:
                    found.features |= mention_words(candidate, ctx, page, prefix="a_")
            first = entity.mentions[0]
            block = ctx.blocks[first.block]
            found.evidence.append((block.start, block.end, first, target.mentions[0]))
    for holder, outer, country, inner in analysis.nested:
        found = pair(holder, country)
        found.features |= {"nested", "nested_end" if inner.end == outer.end else "nested_inside"}
        found.evidence.insert(0, (outer.start, outer.end, outer, inner) if found.a is holder else
                              (outer.start, outer.end, inner, outer))
    owner = {id(c): e for e in typed for c in e.mentions}
    passages: dict[int, int] = {}
    for x, y, start, end in _co_mentions(ctx, page, typed):
        ex, ey = owner[id(x)], owner[id(y)]
        if ex is ey:
            continue
        found = pair(ex, ey)
        if passages.get(id(found), 0) >= MAX_PASSAGES:
            continue
        passages[id(found)] = passages.get(id(found), 0) + 1
        cx, cy = (x, y) if found.a is ex else (y, x)
        found.features |= local_features(cx, cy, ctx, page)
        found.evidence.insert(0, (start, end, cx, cy))
    return list(pairs.values())


def _siblings(ctx: DocContext, page: PageLayout, typed: list[PageEntity]) -> dict[int, int]:
    """For each actor, how many other actors open a block of the same kind in the same section:
    the enumeration it stands in (a partner list, a row of cards, a table of members)."""
    groups: dict[tuple[str, str], set[int]] = {}
    where: dict[int, set[tuple[str, str]]] = {}
    for entity in typed:
        if entity.label not in ACTORS:
            continue
        for candidate in entity.mentions:
            block = ctx.blocks[candidate.block]
            if candidate.start == block.start and block.kind != "meta":
                key = (page.headings[candidate.block], block.kind)
                groups.setdefault(key, set()).add(id(entity))
                where.setdefault(id(entity), set()).add(key)
    return {entity: max(len(groups[key]) - 1 for key in keys) for entity, keys in where.items()}


def _targets(ctx: DocContext, typed: list[PageEntity], subject: PageEntity | None) -> list[PageEntity]:
    """What the page's names may take part in: its subject first, then the projects, programmes
    and calls it names (those in the chrome or an h1 first, then by count)."""
    def where(entity: PageEntity) -> tuple[int, int]:
        blocks = [ctx.blocks[c.block] for c in entity.candidates]
        chrome = any(b.kind == "meta" for b in blocks)
        top = any(b.kind == "heading" and b.level == 1 for b in blocks)
        return 2 * chrome + top, len(entity.candidates)

    chosen = sorted((e for e in typed if e.label in SUBJECTS and e is not subject), key=where, reverse=True)
    return ([subject] if subject is not None else []) + chosen[:MAX_TARGETS - 1]


def _ordered(x: PageEntity, y: PageEntity, target_rank: dict[int, int]) -> tuple[PageEntity, PageEntity]:
    """A pair's canonical order: towards the page target, else towards a country, else in
    reading order."""
    rx, ry = target_rank.get(id(x)), target_rank.get(id(y))
    if rx is not None and ry is None:
        return y, x
    if ry is not None and rx is None:
        return x, y
    if rx is not None and ry is not None:
        return (x, y) if ry < rx else (y, x)
    if (x.label == "Country") != (y.label == "Country"):  # where a thing is: always towards the country
        return (y, x) if x.label == "Country" else (x, y)
    return (x, y) if x.first.start <= y.first.start else (y, x)


def _co_mentions(ctx: DocContext, page: PageLayout,
                 typed: list[PageEntity]) -> Iterable[tuple[Candidate, Candidate, int, int]]:
    """Pairs of typed mentions in one passage, and those of a short line and the next one."""
    by_block: dict[int, list[Candidate]] = {}
    for entity in typed:
        for candidate in entity.mentions:
            by_block.setdefault(candidate.block, []).append(candidate)
    for index, found in by_block.items():
        found = _outermost(found)
        for start, end in sentence_units(ctx, page, index):
            inside = [c for c in found if start <= c.start and c.end <= end][:MAX_PER_UNIT]
            for i, x in enumerate(inside):
                for y in inside[i + 1:]:
                    yield x, y, start, end
        following = by_block.get(index + 1)
        block, nxt = ctx.blocks[index], ctx.blocks[index + 1] if index + 1 < len(ctx.blocks) else None
        if following and nxt is not None and nxt.kind != "meta" and \
                max(len(block.text.split()), len(nxt.text.split())) <= SHORT_BLOCK_WORDS:
            for x in found[:MAX_PER_UNIT]:
                for y in _outermost(following)[:MAX_PER_UNIT]:
                    yield x, y, block.start, nxt.end


def _outermost(candidates: list[Candidate]) -> list[Candidate]:
    """Mentions not inside a longer typed mention ("Norway" in "Innovation Norway"), in order."""
    ordered = sorted(candidates, key=lambda c: (c.start, -c.end))
    kept: list[Candidate] = []
    for c in ordered:
        if kept and c.end <= kept[-1].end:
            continue
        kept.append(c)
    return kept


def annotate(ctx: DocContext, models: ExtractionModels, parse_words: int | None = PARSE_WORDS,
             paragraph_words: int | None = PARAGRAPH_WORDS) -> None:
    """Replace the rules' mentions and facts of ``ctx`` by the models' (see the module docstring)."""
    ctx.mentions, ctx.facts = predict(analyse(ctx, parse_words, paragraph_words), models)


def predict(analysis: PageAnalysis, models: ExtractionModels) -> tuple[list[Mention], list[Fact]]:
    """The models' mentions and facts for an analysed page (the rules' stay in its context)."""
    ctx = analysis.ctx
    type_entities(analysis, models)
    choose_subject(analysis, models)
    resolve_overlaps(analysis)
    rule_mentions = {(m.start, m.end): m for m in ctx.mentions}
    mentions: dict[int, Mention] = {}
    for entity in analysis.entities:
        if entity.label is None:
            continue
        for candidate in entity.mentions:
            ruled = rule_mentions.get((candidate.start, candidate.end))
            mentions[id(candidate)] = Mention(
                ctx.doc, entity.label, candidate.name, candidate.start, candidate.end, "model:typing",
                round(entity.confidence, 3), list(ruled.aliases) if ruled else [],
                dict(ruled.props) if ruled else {})
    facts: list[Fact] = []
    subject = analysis.subject
    for found in pair_instances(analysis):
        scores = models.relations.scores(found.model_features())
        for label, probability in scores.items():
            if probability < models.thresholds.get(label, 0.5) or not found.evidence:
                continue
            start, end, ca, cb = found.evidence[0]
            source, target = (cb, ca) if label.endswith("~") else (ca, cb)
            facts.append(Fact(mentions[id(source)], label.rstrip("~"), mentions[id(target)], start, end,
                              "model:relations", round(probability, 3)))
    kept = list(mentions.values())
    facts.extend(_rule_fallbacks(ctx, models, kept))
    if subject is not None and subject.label in SUBJECTS and subject.mentions:
        found = subject_properties(analysis)
        if found:
            mentions[id(subject.mentions[0])].props["properties"] = found
    return kept, facts


def subject_properties(analysis: PageAnalysis) -> list[dict[str, Any]]:
    """Dates, amounts and status of the page's subject (:mod:`loaders.extract.properties`): from
    the sentences that name it and from the page's short fact lines ("Budget: ...")."""
    ctx, page, subject = analysis.ctx, analysis.page, analysis.subject
    assert subject is not None
    named = {c.block for c in subject.mentions}
    seen: dict[str, dict[str, Any]] = {}
    for index, block in enumerate(ctx.blocks):
        if index in ctx.skip_blocks:
            continue
        fact_line = block.kind != "paragraph" or len(block.text.split()) <= 12
        for start, end in sentence_units(ctx, page, index):
            if fact_line or index in named and any(start <= c.start < end for c in subject.mentions):
                for found in passage_properties(ctx.text, block, start, end):
                    seen.setdefault(found.name, found.as_dict("model:properties"))
    return list(seen.values())


def _rule_fallbacks(ctx: DocContext, models: ExtractionModels, kept: list[Mention]) -> list[Fact]:
    """The rules' own facts (and the mentions they need) at or above the confidence that
    cross-validation chose for keeping them beside the models' (above 1: never)."""
    floor = models.thresholds.get("rule_facts", 2.0)
    by_span = {(m.start, m.end): m for m in kept}
    facts = []
    for fact in ctx.facts:
        if fact.confidence < floor:
            continue
        ends = []
        for mention in (fact.source, fact.target):
            found = by_span.get((mention.start, mention.end))
            if found is None:
                found = by_span[(mention.start, mention.end)] = mention
                kept.append(mention)
            ends.append(found)
        facts.append(Fact(ends[0], fact.type, ends[1], fact.start, fact.end, fact.rule, fact.confidence))
    return facts
