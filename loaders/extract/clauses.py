"""What the relation rules share: who a sentence is about and the names a cue introduces.

The subject of a sentence is the name right before its verb cue ("X is leading ..."), else
what "The project/program/call/It" refers to, else the project the section is about.
"""
from __future__ import annotations

import re

from nordgraph.loaders.extract.context import DocContext, Mention
from nordgraph.loaders.extract.items import Item, add_item_facts, item_entity, list_items
from nordgraph.loaders.extract.lexicon import country_of
from nordgraph.loaders.extract.mentions import label_for_name
from nordgraph.loaders.extract.text import Span, is_name, name_at, name_before

WORK_LABELS = ("Project", "Programme", "Call")
ACTOR_LABELS = ("Organisation", "Ministry")
_AUX = re.compile(r"(?:[\s,]+|\b(?:is|are|was|were|has|have|had|been|be|will|would|also|now|recently|currently|"
                  r"already|further|jointly|together|actively|successfully|here|today)\b)*$")


def mention_label(word: str) -> str:
    """The label a kind word names: "programme" -> Programme, "call" -> Call, else Project."""
    word = word.lower()
    return "Programme" if word.startswith("program") else "Call" if word == "call" else "Project"


def current_project(ctx: DocContext) -> Mention | None:
    """The project the text is about: the one last introduced, else the only project named so
    far when the page's headline names it too ("FrostCare study: fewer falls ...")."""
    topic = ctx.topic.get("Project")
    if topic is not None:
        return topic
    project = ctx.sole_project()
    if project is None:
        return None
    headline = next((b.text for b in ctx.blocks if b.kind == "heading"), "")
    return project if re.search(rf"(?<!\w){re.escape(project.name)}(?!\w)", headline) else None


_AFTER_PREPOSITION = re.compile(r"\b(?:by|with|from|of|for|to|at|in|on|under|through|via|and)\s+(?:the\s+)?$", re.I)


_RELATIVE = re.compile(r",\s+(?:which|who)\s[^,;()]{3,120},(?:\s*(?:has|have|had|is|are|was|were|will|also|now|recently)\b)*"
                       r"\s*$")


def subject_before(ctx: DocContext, sentence: Span, cue: int, default: str = "Organisation",
                   rule: str = "subject") -> Mention | None:
    """The name right before a verb cue ("X is leading", "X, Y and Z launched"), or an anaphor."""
    text = ctx.text
    head = text[sentence[0]:cue]
    relative = _RELATIVE.search(head)
    if relative:  # "X, which develops triage software, has joined": X
        head = head[:relative.start()]
    stripped = _AUX.search(head)
    end = sentence[0] + (stripped.start() if stripped else len(head))
    span = name_before(text, sentence[0], end)
    if span is not None and _AFTER_PREPOSITION.search(text, sentence[0], span[0]):
        span = None  # "organised by X with support from Y": X is an agent, not the subject
    if span is not None:
        existing = ctx.mention_at(*span) or known_work(ctx, span)
        if existing is not None and existing.label != "Country":
            return existing
        based = re.match(r"[A-ZÆØÅÄÖ][\w-]*-based\s+(?=[A-ZÆØÅÄÖ])", text[span[0]:span[1]])
        if based:  # "Oslo-based Kvitra Medical AS": the company, without where it is based
            span = (span[0] + based.end(), span[1])
        name = text[span[0]:span[1]]
        if is_name(name) and not country_of(name):
            # a node only if a fact needs it: a subject alone says little about what it is
            return ctx.mention(label_for_name(name) or default, *span, rule, 0.7, standalone=False)
    return ctx.anaphor(sentence)


def known_work(ctx: DocContext, span: Span) -> Mention | None:
    """A project/programme/call named again by the same name ("FrostCare, a research project
    ... FrostCare was coordinated by X"): the repeat is typed as the first mention was."""
    name = ctx.text[span[0]:span[1]]
    known = ctx.first_named(name, WORK_LABELS)
    return ctx.mention(known.label, *span, "known-work", known.confidence) if known is not None else None


def work_before(ctx: DocContext, sentence: Span, cue: int) -> Mention | None:
    """The project/programme/call a cue such as "led by" or "funded by" is about."""
    found = [m for m in ctx.mentions_in(sentence[0], cue, WORK_LABELS)]
    if found:
        return found[-1]
    opening = name_at(ctx.text, sentence[0], cue)
    repeated = known_work(ctx, opening) if opening is not None and opening[0] == sentence[0] else None
    return repeated or ctx.anaphor(sentence) or current_project(ctx)


def names_after(ctx: DocContext, start: int, end: int, default: str, rule: str, confidence: float,
                lenient: bool = False) -> list[Mention]:
    """The list of names starting at ``start`` (up to the end of the sentence or clause).

    ``lenient`` also takes the name that opens an item followed by other words
    ("the Research Council of Norway under grant 1234").
    """
    text = ctx.text
    stop = re.search(r"(?<!\bSt)(?<!\bDr)(?<!\bMt)[.;:!?]\s|\s(?:to|in order to|which|who|that|where|with the aim|"
                     r"for the|as part|together with|"
                     r"in (?:close )?(?:cooperation|collaboration|partnership) with|with (?:additional )?support|"
                     r"(?:and|but)\s+(?:is|are|was|were|has|have|[a-z]+ed)|on behalf of|along with|as well as)\s|"
                     r"\s[a-z]+(?:ed|es|s)\s+(?:the|a|an|its|over|more|in)\s|"
                     r",\s+(?:brings|brought|unites|gathers|is|was|has|will|includes|aims)\s|\s(?:on|in)\s+(?!the\b)[a-z]|"
                     r"\s(?:on|in|at|during|across|within)\s+the\s+[a-z]",  # "... with X on the software"
                     text[start:end])
    limit = start + stop.start() if stop else end
    out = []
    items = list_items(ctx, start, limit)
    if lenient and not items:
        span = name_at(text, start, limit)
        if span is not None and is_name(text[span[0]:span[1]]) and not country_of(text[span[0]:span[1]]):
            items = [Item(span)]
    for item in items:
        mention = item_entity(ctx, item, rule, confidence, default)
        mention = unit_owner(ctx, mention, (start, limit)) or mention
        if mention is not None:
            out.append(mention)
            if item.country and item.country_span:
                add_item_facts(ctx, item, mention, None, (start, limit), rule, default_role=None)
        if out and len(out) > 25:
            break
    return out



_RELATIVE_ITEM = re.compile(r"\s*(?:\([^()]*\))?\s*,\s+(?:which|who)\s+[^,;()]*?,\s+(?:and\s+)?(?:the\s+)?")


def names_with_relatives(ctx: DocContext, start: int, end: int, rule: str, confidence: float) -> list[Mention]:
    """Names listed with a relative clause after some of them ("A, which develops the model, B,
    which validates it, and C, which tests it"): A, B and C."""
    found: list[Mention] = []
    while start < end:
        batch = names_after(ctx, start, end, "Organisation", rule, confidence)
        found += [m for m in batch if m not in found]
        if not batch:
            break
        more = _RELATIVE_ITEM.match(ctx.text, batch[-1].end, end)
        if more is None:
            break
        start = more.end()
    return found

_UNIT = re.compile(r"(.+?)['’]s\s+(?:Faculty|Department|School|Institute|Centre|Center|Division|Unit|Clinic|"
                   r"Laboratory|Lab|Group)\b")


def unit_owner(ctx: DocContext, mention: Mention | None, span: Span) -> Mention | None:
    """"Tampere University's Faculty of Medicine": what is said of the faculty holds for the
    university (the faculty is part of it); None when ``mention`` names no such unit."""
    if mention is None or mention.label not in ACTOR_LABELS:
        return None
    match = _UNIT.match(mention.name)
    if match is None or not is_name(match.group(1)):
        return None
    owner = ctx.mention("Organisation", mention.start, mention.start + len(match.group(1)), "unit-owner", 0.75)
    if owner is None or owner.label not in ACTOR_LABELS:
        return None
    unit_start = mention.start + len(match.group(0)) - len(match.group(0).split()[-1])
    unit = ctx.mention("Organisation", unit_start, mention.end, "unit-owner", 0.7)
    mention.standalone = False  # "UCPH's Department of X" is the department, named without its owner
    ctx.fact(unit, "PART_OF", owner, span, "unit-owner", 0.6)
    return owner


# -- structure --------------------------------------------------------------------------------
