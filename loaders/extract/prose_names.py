"""Names that prose types: projects, programmes and calls introduced by the words around them.

"Tampere University's project NordicMove", "Vinnova's programme X (English gloss)", "the Joint Call
on X 2026", "project manager for SafeDose", "the project, called SepsIQ", "presented NightWatch,
which is led by <organisation>". These run before the relation rules of
:mod:`~loaders.extract.prose` and :mod:`~loaders.extract.language`, so that a name typed here is
what "the project/programme/call" refers to when those read the same paragraph.
"""
from __future__ import annotations

import re

from nordgraph.loaders.extract.clauses import ACTOR_LABELS, mention_label
from nordgraph.loaders.extract.context import DocContext, Mention
from nordgraph.loaders.extract.lexicon import country_of
from nordgraph.loaders.extract.mentions import label_for_name
from nordgraph.loaders.extract.rules import register
from nordgraph.loaders.extract.text import Span, is_name, name_at, name_before, specific

_CALL_WORD = re.compile(r"\bCall\b")


@register("call-titles", cues=("call",))
def call_titles(ctx: DocContext) -> None:
    """"the Joint Call on Digital Rehabilitation 2026": a title whose own words say it is a call."""
    text = ctx.text
    block = ctx.block
    assert block is not None
    for found in _CALL_WORD.finditer(text, block.start, block.end):
        span = name_before(text, block.start, found.end()) if found.start() > block.start else None
        span = name_at(text, span[0] if span else found.start(), block.end)
        if span is None or not span[0] <= found.start() < span[1]:
            continue
        name = text[span[0]:span[1]]
        if len(name.split()) < 3 or not (is_name(name) or is_name(name, allow_generic=True) and specific(name)):
            continue
        if ctx.mention_at(*span) is None and block.kind != "heading":
            ctx.introduce(ctx.mention("Call", *span, "call-titles", 0.75))  # what "the call" now refers to


_POSSESSIVE_PROJECT = re.compile(r"['’]s\s+(?:(?:new|latest|own|joint|research|innovation|pilot|[\w-]+)\s+){0,2}?"
                                 r"project\s+(?:[*_“\"]\s*)?")


@register("possessive-project", cues=("'s", "’s"))
def possessive_project(ctx: DocContext) -> None:
    """"Tampere University's project NordicMove": the owner leads the project it names."""
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _POSSESSIVE_PROJECT.finditer(text, *sentence):
            owner_span = name_before(text, sentence[0], match.start())
            span = name_at(text, match.end(), sentence[1])
            if owner_span is None or span is None or span[0] != match.end() or not is_name(text[span[0]:span[1]]):
                continue
            owner = named(ctx, owner_span, "possessive-project")
            existing = ctx.mention_at(*span)
            project = existing if existing is not None and existing.label == "Project" else (
                None if existing is not None else ctx.mention("Project", *span, "possessive-project", 0.8))
            if project is None or owner is None or owner.label not in ACTOR_LABELS:
                continue
            ctx.introduce(project)
            ctx.fact(owner, "LEADS", project, sentence, "possessive-project", 0.75)


_POSSESSIVE_WORK = re.compile(r"['’]s\s+(?:(?:new|joint|national|research|innovation|funding|[\w-]+)\s+)?"
                              r"(programme|program|call|scheme|initiative)\s+(?:[*_“\"]\s*)?")
_GLOSSED = re.compile(r"([A-ZÆØÅÄÖ][\w-]*(?:\s+[\w-]+){0,4}?)\s+\(([A-Z][^()]{2,60})\)")


@register("possessive-programme", cues=("'s", "’s"))
def possessive_programme(ctx: DocContext) -> None:
    """"Vinnova's programme Hälsodata i samverkan (Health Data Together)": a programme (or call)
    that its owner runs, named in the local language with an English gloss or as a plain name."""
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _POSSESSIVE_WORK.finditer(text, *sentence):
            owner_span = name_before(text, sentence[0], match.start())
            glossed = _GLOSSED.match(text, match.end(), sentence[1])
            if glossed and is_name(glossed.group(2)):
                span, aliases = glossed.span(1), [glossed.group(2)]
            else:
                span, aliases = name_at(text, match.end(), sentence[1]), []
                if span is None or span[0] != match.end() or not is_name(text[span[0]:span[1]]):
                    continue
            owner = named(ctx, owner_span, "possessive-programme") if owner_span else None
            if owner is None or owner.label not in ACTOR_LABELS or ctx.mention_at(*span) is not None and \
                    ctx.mention_at(*span).label not in ("Programme", "Call"):
                continue
            label = "Call" if match.group(1) == "call" else "Programme"
            work = ctx.mention(label, *span, "possessive-programme", 0.8, aliases=aliases)
            ctx.introduce(work)
            ctx.fact(owner, "LEADS", work, sentence, "possessive-programme", 0.75)


def named(ctx: DocContext, span: Span, rule: str) -> Mention | None:
    """The mention a rule already made at ``span`` (a known body such as "Nordic Innovation" is
    one even though its words are common), else a new organisation if the words read as a name."""
    return ctx.mention_at(*span) or (ctx.mention("Organisation", *span, rule, 0.75)
                                     if is_name(ctx.text[span[0]:span[1]]) else None)



_ROLE_FOR = re.compile(r"\bproject\s+(?:manager|leader|coordinator|director|owner)\s+(?:for|of|in)\s+(?:the\s+)?(?:[*_“\"]\s*)?")


@register("project-role-for", cues=("project manager", "project leader", "project coordinator", "project director",
                                    "project owner"))
def project_role_for(ctx: DocContext) -> None:
    """"Now she is project manager for SafeDose, which ...": SafeDose is a project (what "the project" means)."""
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _ROLE_FOR.finditer(text, *sentence):
            span = name_at(text, match.end(), sentence[1])
            if span is None or span[0] != match.end() or not is_name(text[span[0]:span[1]]):
                continue
            existing = ctx.mention_at(*span)
            if existing is None and label_for_name(text[span[0]:span[1]]) is None:
                ctx.introduce(ctx.mention("Project", *span, "project-role-for", 0.75))
            elif existing is not None and existing.label == "Project":
                ctx.introduce(existing)


_WHICH_IS_LED = re.compile(r",\s+which\s+(?:is|was|will be)\s+(?:being\s+)?(?:led|coordinated|run|managed)\s+by\s+")


@register("which-is-led", cues=("which is", "which was", "which will be"))
def which_is_led(ctx: DocContext) -> None:
    """"Medvind presented NightWatch, which is led by Region Västerbotten": a name no rule has typed
    that an organisation leads is a project (the ``led-by`` rule then reads its lead)."""
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _WHICH_IS_LED.finditer(text, *sentence):
            span = name_before(text, sentence[0], match.start())
            if span is None or span[0] == sentence[0] or ctx.mention_at(*span) is not None:
                continue
            name = text[span[0]:span[1]]
            lead = name_at(text, match.end(), sentence[1])
            if is_name(name) and label_for_name(name) is None and not country_of(name) and lead is not None and \
                    not _person_like(ctx, lead):
                ctx.mention("Project", *span, "which-is-led", 0.7)


def _person_like(ctx: DocContext, span: Span) -> bool:
    """"led by Professor Anne Berg" / "led by Anne Berg": a person, so the name before may be a company."""
    existing = ctx.mention_at(*span)
    return existing is None and label_for_name(ctx.text[span[0]:span[1]]) is None or \
        existing is not None and existing.label == "Person"


_CALLED = re.compile(r"\b(project|programme|program|call|initiative|consortium),?\s+(?:called|named|dubbed|known as)\s+"
                     r"(?:[*_“\"]\s*)?")


@register("called-name", cues=("called", "named", "dubbed", "known as"))
def called_name(ctx: DocContext) -> None:
    """"The three-year project, called SepsIQ, is coordinated by X": the name, typed by its kind word."""
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _CALLED.finditer(text, *sentence):
            span = name_at(text, match.end(), sentence[1])
            if span is None or span[0] != match.end() or not is_name(text[span[0]:span[1]]):
                continue
            existing = ctx.mention_at(*span)
            if existing is not None and existing.label in ACTOR_LABELS + ("Country",):
                continue
            ctx.introduce(existing or ctx.mention(mention_label(match.group(1).replace("consortium", "project")),
                                                  *span, "called-name", 0.8))
