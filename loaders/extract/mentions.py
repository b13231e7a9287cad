"""Mention rules: names of countries, organisations, ministries, programmes, calls and projects.

Each rule types a name from its own evidence: a name pattern (head words such as
University, kommune, AS), a cue word next to it ("the X project", "the X call",
"programme X", "lighthouse project X"), a known public body, or document structure
(a heading whose section describes a project). Acronym definitions in either order
become aliases.
"""
from __future__ import annotations

import re
from functools import lru_cache

from nordgraph.loaders.extract.context import DocContext, Mention
from nordgraph.loaders.extract.lexicon import (
    GENERIC_WORDS,
    ORG_HEADS,
    ORG_PREFIXES,
    body_pattern,
    country_by_code,
    country_by_surface,
    country_of,
)
from nordgraph.loaders.extract.rules import register
from nordgraph.loaders.extract.spans import SpanIndex
from nordgraph.loaders.extract.text import (
    CITY_OF,
    NAME_CONNECTORS,
    TITLE_CONNECTORS,
    Span,
    acronym_fits,
    drop_generic_prefix,
    has_org_head,
    is_acronym,
    is_generic,
    is_name,
    is_short_form,
    name_at,
    name_before,
    name_spans,
    specific,
    words,
)

_NAV_HEADINGS = re.compile(r"^(?:more|related|latest|other|recent|similar|popular|read more|see also)"
                           r"(?:\s+(?:articles|news|posts|stories|projects|reading|content|links))?\s*:?$", re.I)
#: A marked-up heading over a list of events: their names and venues (skipped up to the next heading).
_EVENT_HEADINGS = re.compile(r"^(?:(?:upcoming\s+|coming\s+|past\s+|related\s+)?events|(?:event\s+)?calendar)\s*:?$", re.I)
_MINISTRY = re.compile(r"\b(?:Ministry|Ministries|Ministers?|Department)\s+(?:of|for)\b|\bMinistry\b")
#: "Department of Clinical Medicine", "Faculty of Medicine": a unit inside a university or hospital, named
#: without its parent; a government department carries its country ("US Department of ...").
_SUB_UNIT = re.compile(r"(?:Department|Faculty|School|Division|Section|Unit|Clinic)\s+(?:of|for)\s")
#: "Advisory Board", "Scientific Steering Committee": a project's own governance body, not an organisation.
_GOVERNANCE = re.compile(r"(?:(?:Scientific|Advisory|Steering|Executive|Management|Reference|Expert|Ethics|Review|"
                         r"Editorial|Supervisory|User|Patient|Stakeholder|Industrial|Industry|Project|External|"
                         r"International)\s+)+(?:Board|Committee|Group|Council|Panel|Team|Forum)s?")
#: "PulseNet Consortium": the partners of project PulseNet together, not one more organisation.
_CONSORTIUM = re.compile(r"\s(?:Consortium|consortium)$")
_PROGRAMME_WORD = re.compile(r"\b(?:Programme|Program|Programmes|Programs)\b")
_YEAR_RANGE = re.compile(r"\s+(?:19|20)\d\d\s*[-–]\s*(?:19|20)?\d\d\b")


@lru_cache(maxsize=8192)
def label_for_name(name: str) -> str | None:
    """The label a name's own words give it: Ministry, Programme, Organisation, or None."""
    if _SUB_UNIT.match(name) or _GOVERNANCE.fullmatch(name) or _CONSORTIUM.search(name):
        return None
    if _MINISTRY.search(name) and not re.search(r"\bMinisters?\b", name.split(" of ")[0]) or re.search(
            r"\bMinisters\s+(?:of|for)\b", name):
        return "Ministry"
    if _PROGRAMME_WORD.search(name) and not name.startswith(("Programme ", "Program ")) or re.search(
            r"(?<!\bInsurance )\bFund\b", name) or _known_programme_prefix(name):
        return "Programme"
    if re.search(r"\bInsurance Fund\b", name):  # "the Estonian Health Insurance Fund" pays for care: a body
        return "Organisation"
    if has_org_head(name) and not _plural_head(name) or name.split()[0].lower() in ORG_PREFIXES and len(name.split()) > 1:
        return "Organisation"
    return None


def _known_programme_prefix(name: str) -> bool:
    """"Interreg Baltic Sea Region": a named strand of a known programme is a programme."""
    pattern, by_surface = body_pattern()
    match = pattern.match(name)
    return bool(match) and match.end() < len(name) and by_surface[match.group()].label == "Programme"


def _plural_head(name: str) -> bool:
    """"Regional Health Authorities": a class of organisations, not one of them."""
    toks = words(name)
    heads = [w for w in toks if w.lower() in ORG_HEADS]
    return bool(heads) and all(w.lower().endswith(("ies", "ties")) or w.lower().endswith("s") and
                               w.lower()[:-1] in ORG_HEADS for w in heads)


def _distinctive(name: str) -> bool:
    """At least one word that is not generic and not a head word, or three words in all."""
    toks = words(name)
    own = [w for w in toks if w.lower() not in GENERIC_WORDS and w.lower() not in ORG_HEADS
           and w.lower() not in NAME_CONNECTORS]
    return bool(own) or len(toks) >= 3


@register("navigation", stage="prepare")
def navigation(ctx: DocContext) -> None:
    """Skip "More articles" / "Related news" / "Upcoming events" lists: titles of other pages and
    events' names and venues, not facts of this one."""
    skipping = False
    for index, block in enumerate(ctx.blocks):
        if _NAV_HEADINGS.match(block.text.strip()) or block.kind == "heading" and _EVENT_HEADINGS.match(
                block.text.strip()):
            skipping = True
            ctx.skip_blocks.add(index)
            continue
        if skipping and (block.kind == "heading" or len(block.text.split()) > 25):
            skipping = False
        if skipping:
            ctx.skip_blocks.add(index)


def _title_case(text: str) -> bool:
    toks = text.split()
    return len(toks) >= 4 and sum(t[0].isupper() for t in toks) >= 0.8 * len(toks)


def heading_like(ctx: DocContext, index: int) -> bool:
    block = ctx.blocks[index]
    if block.kind == "heading":
        return True
    if ctx.has_headings:  # the reader kept real headings: a short paragraph is no heading
        return False
    text = block.text.strip()
    n = len(text.split())
    return (block.kind == "paragraph" and 1 <= n <= 20 and text[0].isupper() and not text.endswith(
        (".", "!", "?", ":", ",", ";")) and ":" not in text and not re.match(r"^[\d/.\s-]+$", text))


_PROJECT_BODY = re.compile(r"^(?:The|This|Our)\s+(?:project|initiative)\b|\bthe project\b|"
                           r"^\S+(?:\s\S+){0,5}\s+is\s+(?:an?\s+(?:[\w-]+\s+){0,4}project\b|one\s+of\s+(?:the\s+)?"
                           r"(?:[\w-]+\s+){0,4}projects\b)", re.I)
_ROLE_MARK = re.compile(r"\((?:lead|leader|coordinator|project manager|project leader|lead partner)\)|"
                        r"^(?:project\s+)?(?:coordinator|leader|lead partner|partners|participants|consortium)\s*:|"
                        r"\b(?:coordinated|led)\s+by\b|\bproject (?:leader|coordinator|manager)\s*:|"
                        r"\b(?:is leading|is coordinating|coordinates)\b", re.I)
#: A fact line only a project has: its lead partner, coordinator or partners.
_ROLE_LINE = re.compile(r"\s*(?:lead partner|coordinator|project (?:leader|owner)|partners)\s*:", re.I)
#: An upper-case project name with hyphens or digits, longer than an acronym ("ORCHESTRA-AI").
_LONG_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{2,}(?:-[A-Z0-9]+)+")
_PROJECT_LABEL_LINE = re.compile(r"^Project\b(?:\s+[\d–-]|\s*[|:])")
_HEADING_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z0-9-]{1,12})\)\s*$")


@register("project-headings", stage="prepare")
def project_headings(ctx: DocContext) -> None:
    """A heading whose section reads as a project description introduces that project.

    Evidence from the section: it opens with "The project ...", lists partners with a lead
    marker or under a country, or a "Project 2015 - 2017" label line follows the heading;
    after a "the following projects" cue a heading with its own acronym is enough.
    """
    blocks = ctx.blocks
    heads = [i for i in range(len(blocks)) if heading_like(ctx, i) and i not in ctx.skip_blocks]
    org_named: list[tuple[int, int, int]] = []
    for n, index in enumerate(heads):
        block = blocks[index]
        end = heads[n + 1] if n + 1 < len(heads) else len(blocks)
        body = [blocks[i] for i in range(index + 1, end)]
        label_line = index + 1 < len(blocks) and blocks[index + 1].kind != "table_row" and \
            _PROJECT_LABEL_LINE.match(blocks[index + 1].text)  # not the header of a table of projects
        found = heading_name(ctx, block.start, block.end)
        if found is None:
            continue
        name_start, name_end, kind, acronym = found
        name = ctx.text[name_start:name_end]
        if _SUB_UNIT.match(name) or _GOVERNANCE.fullmatch(name):
            continue  # "Advisory Board": a section about the project's bodies, not a project
        repeated = bool(body) and body[0].text.startswith(name + " ")
        if len(name.split()) < 2 and not (is_acronym(name) or _LONG_ACRONYM.fullmatch(name) or acronym or kind
                                          or repeated or re.search(r"[a-z][A-Z]|\d", name)):
            continue
        if is_name(name) and label_for_name(name) in ("Organisation", "Ministry"):
            if block.kind == "heading" and any(_ROLE_LINE.match(b.text) for b in body):
                org_named.append((index, name_start, name_end))
            continue
        if not (is_name(name) or acronym or label_line):
            continue
        first = body[:3]
        opens = any(_PROJECT_BODY.search(b.text[:200]) for b in first)
        partners = any(_ROLE_MARK.search(b.text) or _country_line(b.text) for b in body)
        proper = is_name(name) and (block.kind == "heading" or index == _first_heading(ctx, heads))
        if label_line or opens and (partners or proper or repeated) or partners and (
                acronym or repeated or _has_project_words(body) or is_name(name) and len(name.split()) <= 5):
            ctx.heading_projects[index] = (name_start, name_end)
    levels = {blocks[i].level for i in ctx.heading_projects if blocks[i].kind == "heading"}
    for index, name_start, name_end in org_named:
        # "## Nordic Rehab Academy" + "Lead partner: X" among sibling project headings: a project
        if blocks[index].level in levels:
            ctx.heading_projects[index] = (name_start, name_end)


_TAGLINE = re.compile(r"\s+[–—|]\s+|:\s+|\s+-\s+")


def heading_name(ctx: DocContext, start: int, end: int) -> tuple[int, int, bool, re.Match | None] | None:
    """The name a heading gives: without "Project"/"The", a tagline ("X – safe discharge") or
    "(ACR)"; returns (start, end, had a "Project" prefix, the acronym match) or None."""
    title = ctx.text[start:end]
    acronym = _HEADING_ACRONYM.search(title)
    name_end = start + (acronym.start() if acronym else len(title))
    tagline = _TAGLINE.search(ctx.text, start, name_end)
    if tagline and tagline.start() > start:
        name_end = tagline.start()
    kind = re.match(r"(?:The\s+)?Project\s*[:–-]?\s+(?=\S)", title)
    lead = re.match(r"(?:The|About(?: the)?|Welcome to(?: the)?)\s+(?=\S)", title)
    cut = kind or lead
    name_start = start + (cut.end() if cut and cut.end() < name_end - start else 0)
    suffix = re.search(r"\s+(?:consortium|project|partners)$", ctx.text[name_start:name_end], re.I)
    if suffix:
        name_end = name_start + suffix.start()
    name = ctx.text[name_start:name_end]
    if not name or is_generic(name):
        return None
    return name_start, name_end, bool(kind), acronym


_PAGE_SIGNALS = re.compile(r"\b(?:the|this|our) project\b|\bproject (?:coordinator|leader|partners?)\b|\bconsortium\b|"
                           r"\bpartners\b|\bcoordinat(?:or|ed by)\b|\bfunded by\b|\b(?:main|lead) applicant\b|"
                           r"\blead partner\b|\bproject owner\b", re.I)


@register("page-project", stage="prepare")
def page_project(ctx: DocContext) -> None:
    """A project's own page: its first heading names the project ("The NORDTWIN consortium",
    "TryggHem – safe discharge ...") when the page speaks of the project, its partners or
    coordinator and names it again in the text."""
    blocks = ctx.blocks
    first = next((i for i, b in enumerate(blocks) if b.kind == "heading" and i not in ctx.skip_blocks), None)
    if first is None or first in ctx.heading_projects:
        return
    found = heading_name(ctx, blocks[first].start, blocks[first].end)
    if found is None:
        return
    start, end, _, acronym = found
    name = ctx.text[start:end]
    titled = re.match(re.escape(name) + r"\s*[:|–—-]\s+\S", ctx.document.metadata.get("page_title") or "")
    if len(_PAGE_SIGNALS.findall(ctx.text)) < (1 if titled else 2):  # "<title>ACR: what it does | Agency"
        return
    if titled and len(name.split()) <= 16 and label_for_name(name) is None \
            and any(_ROLE_LINE.match(b.text) for b in blocks[first + 1:first + 12]):
        ctx.heading_projects[first] = (start, end)  # a long descriptive title over "Project owner: X"
        return
    if len(name.split()) > 6 or not (is_name(name) or acronym) or label_for_name(name) or country_of(name) \
            or body_pattern()[1].get(name) is not None:
        return
    if ctx.text.count(name) >= 2:
        ctx.heading_projects[first] = (start, end)


def _first_heading(ctx: DocContext, heads: list[int]) -> int | None:
    return next((i for i in heads if ctx.blocks[i].kind == "heading"), heads[0] if heads else None)


def _has_project_words(body: list) -> bool:
    return any(re.search(r"\bproject\b", b.text, re.I) for b in body)


def _country_line(text: str) -> bool:
    head = text.split(":", 1)[0].strip()
    return ":" in text and country_of(head) is not None


@register("countries")
def countries(ctx: DocContext) -> None:
    """Country names, English demonyms ("Norwegian") and native names ("Norge")."""
    for match in ctx.countries():
        surface = match.group()
        country = country_by_surface()[surface]
        if surface in ("US", "UK") and not ctx.text[match.start():match.end()].isupper():
            continue
        demonym = surface != country.name and surface[0].isupper() and surface.endswith(("ish", "ian", "ese", "ic"))
        ctx.mention("Country", match.start(), match.end(), "countries", 0.8 if demonym else 0.9,
                    canonical=country.name)


@register("known-bodies")
def known_bodies(ctx: DocContext) -> None:
    """Public funders, agencies and ministries named in the reference data."""
    pattern, by_surface = body_pattern()
    text = ctx.text
    for match in pattern.finditer(text, ctx.block.start, ctx.block.end):
        body = by_surface[match.group()]
        if _INSIDE_TITLE.match(text, match.end()):
            continue  # "the EU Medical Device Regulation": a law or standard named after the body
        instrument = _INSTRUMENT.match(text, match.end())
        if instrument and body.label != "Programme":
            ctx.mention("Programme", match.start(), instrument.end(), "known-bodies", 0.85)
            continue  # "the EIC Accelerator": a funder's named instrument is a programme
        if body.country and _foreign(text[max(ctx.block.start, match.start() - 40):match.start()], body.country):
            continue  # "the German Federal Ministry of Education and Research" is not Norway's ministry
        ctx.mention(body.label, match.start(), match.end(), "known-bodies", 0.95,
                    canonical=body.name, aliases=list(body.aliases), country=body.country)


#: Capitalised words after a body's name that make it part of a law's or standard's title.
_INSIDE_TITLE = re.compile(r"(?:\s+[A-Z][\w-]*){0,4}\s+(?:Regulation|Directive|Act|Standard|Strategy|Guidelines?)\b")
#: A funding instrument named after its funder ("EIC Accelerator", "EIC Pathfinder").
_INSTRUMENT = re.compile(r"\s+(?:Accelerator|Pathfinder|Transition|Scheme|Instrument)\b")
#: The capitalised words right before a body's name ("German Federal ").
_QUALIFIER = re.compile(r"(?:[A-Z][\w-]+\s+){1,2}$")
_GOVERNMENT_WORDS = frozenset({"Federal", "State", "Provincial"})


def _foreign(before: str, country: str) -> bool:
    """Whether the words right before a national body's name make it another country's body."""
    qualifier = _QUALIFIER.search(before)
    for word in qualifier.group().split() if qualifier else ():
        named = country_of(word)
        if word in _GOVERNMENT_WORDS or named is not None and named.name != country:
            return True
    return False

_EVENT_FORUM = re.compile(r"\bForum\s+(?:19|20)\d\d$")
_AT = re.compile(r"\bat\s+(?:the\s+)?$")
_FOUNDERS = re.compile(r"\bthe\s+((?:[A-Z][a-z]+\s+){1,2}(?:and|&)\s+)")
_FOUNDATION = re.compile(r"\b(?:Foundation|Fund|Trust|Stiftelse|Fond)$")
_AND_JOIN = re.compile(r"\s+and\s+(?:(?P<in>in\s+)?(?P<the>the)\s+|in\s+)?(?=\S)")


def _conjoined(ctx: DocContext, start: int, end: int, known: list[Mention]) -> list[Span]:
    """"University of Oslo and the Municipality of Bærum": two names a run of capitals glued
    together at an "and" whose right side has its own head word, when the left side has one too,
    is a known body, or the right side opens with "the"; "Ministry of Trade and Industry" and
    "Knut and Alice Wallenberg Foundation" stay whole."""
    text = ctx.text
    pieces: list[Span] = []
    position = start
    for match in _AND_JOIN.finditer(text, start, end):
        right_end = next((m.start() for m in _AND_JOIN.finditer(text, match.end(), end)), end)
        right, left = text[match.end():right_end], text[position:match.start()]
        if CITY_OF.search(left):  # "the City of Espoo and Nuvora": the city's name ends at its one word
            pieces.append((position, match.start()))
            position = match.end()
            continue
        if not has_org_head(right):
            continue
        if match.group("the") or has_org_head(left) or any(position <= m.start < match.start() for m in known):
            pieces.append((position, match.start()))
            position = match.end()
    pieces.append((position, end))
    return pieces


@register("org-names")
def org_names(ctx: DocContext) -> None:
    """Capitalised names with an organisational head word or legal form; ministries by name.

    A trailing "in <Country>" ("Ministry of Trade and Industry in Norway") is split off and
    located; a leading demonym is kept in the name.
    """
    block = ctx.block
    headline = heading_like(ctx, ctx.block_index) and _title_case(block.text)
    known = [m for m in ctx.mentions_starting_in(block.start, block.end) if m.rule == "known-bodies"]
    for start, end in (piece for span in name_spans(ctx.text, block.start, block.end)
                       for piece in _conjoined(ctx, *span, known)):
        name = ctx.text[start:end]
        if " " not in name:
            continue  # a single word names no organisation by its form alone
        if headline and len(name.split()) >= 5 and not re.search(r"\s[a-zæøå]", name):
            continue  # a Title Case headline run together, not one name
        if name.isupper() and any(len(w) > 3 and w.lower() in ORG_HEADS | GENERIC_WORDS for w in name.split()):
            continue  # "FINNISH AI COMPANY": a shouted kicker over a headline, not a name
        located = None
        cut = re.search(r"\s+in\s+(?:the\s+)?(.+)$", name)
        if cut:
            located = country_of(cut.group(1))
            name_end = start + cut.start()
            place = located is None and not has_org_head(name[cut.start():])  # "X Hospital in Tallinn"
            if place and not has_org_head(name[:cut.start()]):
                continue
            end = name_end if located or place else end
            name = ctx.text[start:end]
        if any(m.start < end and start < m.end and (m.start, m.end) != (start, end) for m in known):
            continue  # "Swedish Research Council for Health" cut from a known body's longer name
        founders = _FOUNDERS.search(ctx.text, max(block.start, start - 40), start)
        if founders and founders.end() == start and _FOUNDATION.search(name) and not has_org_head(founders.group(1)):
            start = founders.start(1)  # "the Knut and Alice Wallenberg Foundation": two founders, one name
            name = ctx.text[start:end]
        prefix = re.match(r"(?:[A-Z][\w-]*\s+){1,3}?of\s+(?:the\s+)?(?=[A-Z])", name)
        if prefix and not has_org_head(prefix.group()) and has_org_head(name[prefix.end():]):
            start += prefix.end()  # "Annual Report of the Swedish Agency ...": the agency
            name = ctx.text[start:end]
        label = label_for_name(name)
        if label not in ("Organisation", "Ministry", "Programme") or not _distinctive(name) or is_generic(name):
            continue
        at = _AT.search(ctx.text, max(block.start, start - 8), start)
        if _EVENT_FORUM.search(name) or name.endswith(" Forum") and at:
            continue  # "presented at the MedTech Forum", "Nordic eHealth Forum 2026": an event
        if label == "Programme" and not re.search(r"\bFund\b", name) and not _known_programme_prefix(name):
            continue  # programmes by their own word are read by programme-names
        if len(words(name)) == 1 and name.lower() in ORG_HEADS:
            continue
        mention = ctx.mention(label, start, end, "org-names", 0.75 if label == "Organisation" else 0.8)
        first = country_of(name.split()[0])
        if mention is not None and label == "Ministry" and first is not None and not located:
            # "the Norwegian Ministry of Health": a national ministry is where its adjective says
            country = ctx.mention("Country", start, start + len(name.split()[0]), "org-names", 0.85,
                                  canonical=first.name, standalone=False)
            ctx.fact(mention, "LOCATED_IN", country, ctx.sentence_at(start), "ministry-country", 0.8)
        if mention and located:
            country_span = (start + cut.start() + cut.group().index(cut.group(1)), start + len(cut.group()) + cut.start())
            country = ctx.mention("Country", *country_span, "org-names", 0.9, canonical=located.name)
            ctx.fact(mention, "LOCATED_IN", country, ctx.sentence_at(start), "name-in-country", 0.85)


@register("acronyms", cues=("(", "["))
def acronyms(ctx: DocContext) -> None:
    """"Long Name (ACR)", "Long Name [ACR]" and "ACR (Long Name)": the acronym becomes an alias of the name."""
    block = ctx.block
    for match in re.finditer(r"\(([^()]{2,90})\)|\[([^\[\]()]{2,12})\]", ctx.text[block.start:block.end]):
        inner = (match.group(1) or match.group(2)).strip()
        open_at = block.start + match.start()
        if (match.group(2) is not None and not is_short_form(inner)) or country_by_code(inner):
            continue  # square brackets hold an acronym ("TU Wien [TUW]"); "Helse Nord RHF (NO)", a country
        if is_short_form(inner):
            long_span = name_before(ctx.text, block.start, open_at, TITLE_CONNECTORS)
            if long_span and acronym_fits(inner, ctx.text[long_span[0]:long_span[1]]):
                ctx.acronyms[inner] = ctx.text[long_span[0]:long_span[1]]
        elif former := re.match(r"(?:former(?:ly)?|previously|formerly known as)\s+", inner):
            long_span = name_before(ctx.text, block.start, open_at)
            if long_span and is_name(inner[former.end():]):
                ctx.acronyms[inner[former.end():]] = ctx.text[long_span[0]:long_span[1]]
        elif is_name(inner) or "," in inner:
            short = re.search(r"([A-ZÆØÅ][A-Za-z0-9ÆØÅæøå&-]{1,11})\s*$", ctx.text[block.start:open_at])
            if short and is_acronym(short.group(1)) and is_name(inner):
                ctx.acronyms[short.group(1)] = inner
            else:
                _other_names(ctx, inner, name_before(ctx.text, block.start, open_at))


def _other_names(ctx: DocContext, inner: str, outer: Span | None) -> None:
    """"Capital Region of Denmark (Region Hovedstaden)", "University of X (Local Name, ACR)": the
    names in parentheses are other names of the organisation before them (when both read as
    organisations: not a person's employer, a city or a country)."""
    if outer is None or len(ctx.text[outer[0]:outer[1]].split()) < 2 or not has_org_head(ctx.text[outer[0]:outer[1]]):
        return  # "Johan Berg (Vivo Sense)": a person and where they work
    for piece in (p.strip() for p in inner.split(",")):
        if is_name(piece) and (is_acronym(piece) or len(piece.split()) >= 2 and has_org_head(piece)) \
                and not country_of(piece):
            ctx.acronyms.setdefault(piece, ctx.text[outer[0]:outer[1]])


_CALL_AFTER = re.compile(r"\b(?:(?:the|a|its|their|new)\s+call(?:\s+for\s+proposals)?\s*[:,]?\s+(?:(?:called|entitled|named)\s+)?"
                         r"(?:[“\"]([^”\"]{3,120})[”\"]|([A-Z][^.;:!?()]{3,140}))|call\s*[:,]?\s+[“\"]([^”\"]{3,120})[”\"])")


@register("call-names", cues=("call",))
def call_names(ctx: DocContext) -> None:
    """Calls: "the X call", "the call X" / "the call “X”" (a call is never a project)."""
    block = ctx.block
    text = ctx.text
    for match in re.finditer(r"\s+call\b(?!\s*(?:ed|s)\b)(?!\s*[:,]?\s*[“\"])", text[block.start:block.end]):
        at = block.start + match.start()
        span = name_before(text, block.start, at, TITLE_CONNECTORS)
        span = drop_generic_prefix(text, span) if span else None
        if span and specific(text[span[0]:span[1]]) and (span[1] - span[0]) > 3 \
                and not _names_an_actor(text[span[0]:span[1]]):
            ctx.introduce(ctx.mention("Call", span[0], span[1], "call-names", 0.85))
    for match in _CALL_AFTER.finditer(text, block.start, block.end):
        group = 1 if match.group(1) else 2 if match.group(2) else 3
        start, end = match.span(group)
        if len(text[start:end].split()) <= 16 and not is_generic(text[start:end]):
            ctx.introduce(ctx.mention("Call", start, end, "call-names", 0.75))


_LOWER_PROGRAMME = re.compile(r"\b((?:[A-Z][\w-]*\s+)+(?:[a-z][\w-]*\s+){0,2}program(?:me)?\s+for\s+"
                              r"(?:[\w-]+\s+){0,8}?(?:19|20)\d\d\s*[-–]\s*(?:19|20)?\d\d)\b")
_PROGRAMME_BEFORE_NAME = re.compile(r"\b(?:program(?:me)?|lighthouse project)\s+(?=[A-Z])")
_QUOTED_FRAMEWORK = re.compile(r"[“\"]([A-Z][^”\"]{2,60})[”\"]\s+(?:framework|programme|program|initiative|scheme|strategy)\b")


@register("programme-names",
          cues=("program", "framework", "initiative", "scheme", "strategy", "lighthouse", "fund"))
def programme_names(ctx: DocContext) -> None:
    """Programmes: names headed by Programme/Program, "programme X", "lighthouse project X",
    "the “X” framework", and "Nordic co-operation program for ... 2011-2013"."""
    block = ctx.block
    text = ctx.text
    for start, end in name_spans(text, block.start, block.end):
        name = text[start:end]
        if label_for_name(name) == "Programme" and specific(name) and len(name.split()) >= 2:
            years = _YEAR_RANGE.match(text, end, block.end)
            end = years.end() if years else end
            ctx.introduce(ctx.mention("Programme", start, end, "programme-names", 0.8))
    for match in re.finditer(r"\s+program(?:me)?\b(?!s)", text[block.start:block.end]):
        span = name_before(text, block.start, block.start + match.start(), TITLE_CONNECTORS)
        if span is None:
            continue
        name = text[span[0]:span[1]]
        if specific(name) and not is_acronym(name) and not country_of(name) and label_for_name(name) is None \
                and not _names_an_actor(name):
            ctx.mention("Programme", *span, "programme-names", 0.8)
    for match in _LOWER_PROGRAMME.finditer(text, block.start, block.end):
        ctx.mention("Programme", *match.span(1), "programme-names", 0.75)
    for match in _PROGRAMME_BEFORE_NAME.finditer(text, block.start, block.end):
        span = name_at(text, match.end(), block.end, TITLE_CONNECTORS)
        if span and len(text[span[0]:span[1]].split()) >= 2 and specific(text[span[0]:span[1]]):
            ctx.introduce(ctx.mention("Programme", *span, "programme-names", 0.8))
    for match in _QUOTED_FRAMEWORK.finditer(text, block.start, block.end):
        ctx.mention("Programme", *match.span(1), "programme-names", 0.75)


#: A job title over a project's name ("Manager for the ", "Research Coordinator of ").
_ROLE_FOR = re.compile(r"(?:[A-Z][\w-]*\s+){0,2}?(?:Manager|Coordinator|Leader|Officer|Director|Assistant|Researcher|"
                       r"Engineer|Scientist|Developer|Student|Fellow)s?\s+(?:for|of|in)\s+(?:the\s+)?(?=\S)")
_PROJECT_WORD = re.compile(r"\s+(?:\(([A-Z][A-Za-z0-9-]{1,12})\)\s+)?project\b(?!s)")
_LIGHTHOUSE = re.compile(r"\s+lighthouse\b")  # matched where it is: a slice to the end copied the text each time
_ACR_PROJECT = re.compile(r"\b([A-Z][A-Za-z0-9]{1,15})-project\b")
_PROJECT_THEN_NAME = re.compile(r"\b(?:[Tt]he|[Aa]|[Nn]ew|[Oo]ur|completed|ongoing|EU|Nordic)\s+(?:[\w-]+\s+){0,2}?"
                                r"project,?\s+(?=[A-ZÆØÅÄÖ])")
_QUOTED_PROJECT = re.compile(r"\bproject\s+(?:called\s+|named\s+|entitled\s+)?[“\"]([^”\"]{2,80})[”\"]", re.I)
_APPOSITIVE = re.compile(r"\s*([^,]{2,80}?)(?:,|\s+is)\s+(?:a|an)\s+(?:(?:[^.,;]|(?<=\d)[.,](?=\d)){0,60}?\s)?project\b")


#: Words that cite another project than the one a page is about ("the earlier project X").
_CITED = re.compile(r"\b(?:earlier|previous|former|preceding|predecessor|past|sister)\b", re.I)
_CURRENCY = re.compile(r"(?:[MKB]|bn)?(?:EUR|NOK|SEK|DKK|ISK|USD|GBP|CHF|€|\$)|million|billion", re.I)


def _names_an_actor(name: str) -> bool:
    """An organisation's or ministry's name ("the Vinnova call" is Vinnova's call, not a call named Vinnova)."""
    known = body_pattern()[1].get(name)
    return label_for_name(name) in ("Organisation", "Ministry") or known is not None and known.label != "Programme"


def _project_name_ok(ctx: DocContext, name: str) -> bool:
    if _CURRENCY.fullmatch(name.split()[-1]) or _names_an_actor(name):
        return False
    core = re.sub(r"^(?:New|Another|Latest|First)\s+(?=\S)", "", name)  # "New Interreg project ..."
    if label_for_name(core) == "Programme" or body_pattern()[1].get(core) is not None:
        return False  # "the earlier Interreg Nord project X": the programme the project ran under
    if is_generic(name) or country_of(name) or name.lower() in ("lighthouse", "the"):
        return False
    return all(country_of(w) or w.lower() in ("nordic", "eu", "european") for w in name.split()) is False


def _close_section(ctx: DocContext) -> None:
    """On a page of several project sections, a heading as high as a project's own ends that
    project's section ("## Upcoming events"): later lines do not describe it."""
    block = ctx.block
    level = ctx.state.get("project_heading_level")
    if block.kind == "heading" and level is not None and block.level <= level \
            and ctx.block_index not in ctx.heading_projects and len(ctx.heading_projects) >= 2:
        ctx.topic.pop("Project", None)
        del ctx.state["project_heading_level"]


@register("project-names")
def project_names(ctx: DocContext) -> None:
    """Projects: "the X project", "the X (ACR) project", "the ACR-project", "the project “X”",
    "X, a ... project", and headings that introduce a project (see ``project-headings``)."""
    block = ctx.block
    text = ctx.text
    _close_section(ctx)
    if ctx.block_index in ctx.heading_projects:
        ctx.state["project_heading_level"] = block.level
        start, end = ctx.heading_projects[ctx.block_index]
        acronym = _HEADING_ACRONYM.search(text[block.start:block.end])
        mention = ctx.mention("Project", start, end, "project-headings", 0.8,
                              aliases=[acronym.group(1)] if acronym else [])
        ctx.introduce(mention)
        ctx.funding_facts(mention, "following-projects")
    if not ctx.has("project"):
        return
    for match in _PROJECT_WORD.finditer(text, block.start, block.end):
        if _LIGHTHOUSE.match(text, match.start()):
            continue
        span = name_before(text, block.start, match.start(), TITLE_CONNECTORS)
        role = _ROLE_FOR.match(text, span[0], span[1]) if span else None
        if role:  # "a Project Manager for the DigiHeart project": the project is DigiHeart
            span = (role.end(), span[1])
        if span is None or not _project_name_ok(ctx, text[span[0]:span[1]]):
            continue
        if text[max(block.start, span[0] - 11):span[0]].lower().endswith("lighthouse "):
            continue
        aliases = [match.group(1)] if match.group(1) else []
        mention = ctx.mention("Project", *span, "project-names", 0.85, aliases=aliases)
        sentence = ctx.sentence_at(span[0])
        if mention and ("Project" not in ctx.topic or text[sentence[0]:span[0]].strip() in ("", "The", "the")) \
                and not _CITED.search(text[max(sentence[0], span[0] - 30):span[0]]):
            ctx.introduce(mention)
    for match in _ACR_PROJECT.finditer(text, block.start, block.end):
        ctx.mention("Project", *match.span(1), "project-names", 0.8)
    for match in _PROJECT_THEN_NAME.finditer(text, block.start, block.end):
        span = name_at(text, match.end(), block.end)
        typed = ctx.mention_at(*span) if span else None
        if typed is not None and typed.label in ("Programme", "Call", "Organisation", "Ministry"):
            continue  # "the lighthouse project X" is already a programme
        if span and is_name(text[span[0]:span[1]]) and _project_name_ok(ctx, text[span[0]:span[1]]):
            mention = ctx.mention("Project", *span, "project-names", 0.8)  # "the project KlarTriage"
            if not _CITED.search(match.group()):  # "the earlier project X" is not what the page is about
                ctx.introduce(mention)
    for match in _QUOTED_PROJECT.finditer(text, block.start, block.end):
        ctx.introduce(ctx.mention("Project", *match.span(1), "project-names", 0.85))
    for start, end in ctx.sentences():
        match = _APPOSITIVE.match(text, start, end)
        if match and is_name(match.group(1)) and _project_name_ok(ctx, match.group(1)):
            ctx.introduce(ctx.mention("Project", *match.span(1), "project-names", 0.8))


_NETWORK = re.compile(r"\s*([^,]{2,60}?)\s+is\s+an?\s+(?:[\w–-]+\s+){0,6}?network\b")
_NETWORK_WORK = re.compile(r"\b(?:the|this|our)\s+network\s+is\s+(?:coordinated|led|funded|financed)\b", re.I)


@register("network-projects", cues=("network",))
def network_projects(ctx: DocContext) -> None:
    """"X is a Nordic research network on ... The network is coordinated by Y and funded by Z":
    a coordinated, funded network works as a project (a network of members is an organisation)."""
    block = ctx.block
    if not _NETWORK_WORK.search(ctx.text, block.start, block.end):
        return
    for start, end in ctx.sentences():
        match = _NETWORK.match(ctx.text, start, end)
        name = match.group(1) if match else ""
        if match and is_name(name) and label_for_name(name) is None and _project_name_ok(ctx, name):
            mention = ctx.mention("Project", *match.span(1), "network-projects", 0.8)
            ctx.introduce(mention)
            ctx.state["network"] = mention
            return


_APPOSITIVE_KIND = re.compile(
    r",\s+(?P<article>a|an|the)\s+(?:[\w-]+\s+){0,4}?(?P<kind>programme|program|project|call|initiative|company|start-?up|"
    r"firm|hospital|university|organi[sz]ation|cluster|association|foundation|agency|municipality|network)\b")
_KIND_LABEL = {"programme": "Programme", "program": "Programme", "initiative": "Programme", "project": "Project",
               "call": "Call"}


@register("appositive-type", cues=(", a", ", the"))
def appositive_type(ctx: DocContext) -> None:
    """"Medtech4Health, a Swedish innovation programme": the apposition says what a name is."""
    block = ctx.block
    text = ctx.text
    for match in _APPOSITIVE_KIND.finditer(text, block.start, block.end):
        span = name_before(text, block.start, match.start())
        if span is None or not is_name(text[span[0]:span[1]]) or country_of(text[span[0]:span[1]]):
            continue
        label = _KIND_LABEL.get(match.group("kind").lower(), "Organisation")
        if match.group("article") == "the" and label in ("Project", "Call"):
            continue  # "Finally, the project ..." opens a clause, not an apposition
        ctx.mention(label, *span, "appositive-type", 0.8)


def mark_embedded(ctx: DocContext) -> None:
    """Countries inside longer names ("Innovation Norway") are not mentions on their own."""
    others = SpanIndex(m for m in ctx.mentions if m.label != "Country")
    for m in ctx.mentions:
        if m.label == "Country" and others.around(m.start, m.end):
            m.standalone = False


@register("embedded-names", stage="finish")
def embedded_names(ctx: DocContext) -> None:
    """Countries named inside longer names stand alone only if a fact uses them; so do names
    read by their form inside a longer name another rule read ("Findata – Social and Health Data
    Permit Authority" in a table is not also "Health Data Permit Authority")."""
    mark_embedded(ctx)
    longer = SpanIndex(m for m in ctx.mentions if m.label not in ("Country", "Person"))
    for m in ctx.mentions:
        if m.rule != "org-names" and not (m.rule == "known-bodies" and m.label == "Programme"):
            continue  # ("Interreg" inside "Interreg Aurora" is the strand's family name, not a mention)
        if any((o.start, o.end) != (m.start, m.end) and (m.rule == "org-names" or o.label == "Programme")
               for o in longer.around(m.start, m.end)):
            m.standalone = False
