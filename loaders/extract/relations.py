"""Relation rules: who leads, partners in, funds, belongs to, is located in, collaborates with.

Structure first (country lines, partner lists, key/value lines, partner tables), then the
language of sentences ("led by", "funded by", "part of", "one of the N projects funded
under", "in collaboration with", "is a partner in"). The subject of a sentence is the
name before the cue, else what "The project/program/call" refers to, else the project the
section is about.
"""
from __future__ import annotations

import re

from loaders.extract.context import DocContext, Mention
from loaders.extract.items import Item, add_item_facts, item_entity, list_items, parse_item
from loaders.extract.lexicon import LEAD_ROLES, country_of
from loaders.extract.mentions import label_for_name
from loaders.extract.rules import register
from loaders.extract.text import Span, is_name, name_at, name_before

WORK_LABELS = ("Project", "Programme", "Call")
ACTOR_LABELS = ("Organisation", "Ministry")
_AUX = re.compile(r"(?:[\s,]+|\b(?:is|are|was|were|has|have|had|been|be|will|would|also|now|recently|currently|"
                  r"already|further|jointly|together|actively|successfully|here|today)\b)*$")


def mention_label(word: str) -> str:
    """The label a kind word names: "programme" -> Programme, "call" -> Call, else Project."""
    word = word.lower()
    return "Programme" if word.startswith("program") else "Call" if word == "call" else "Project"


def current_project(ctx: DocContext) -> Mention | None:
    return ctx.topic.get("Project")


_AFTER_PREPOSITION = re.compile(r"\b(?:by|with|from|of|for|to|at|in|on|under|through|via|and)\s+(?:the\s+)?$", re.I)


def subject_before(ctx: DocContext, sentence: Span, cue: int, default: str = "Organisation",
                   rule: str = "subject") -> Mention | None:
    """The name right before a verb cue ("X is leading", "X, Y and Z launched"), or an anaphor."""
    text = ctx.text
    head = text[sentence[0]:cue]
    stripped = _AUX.search(head)
    end = sentence[0] + (stripped.start() if stripped else len(head))
    span = name_before(text, sentence[0], end)
    if span is not None and _AFTER_PREPOSITION.search(text, sentence[0], span[0]):
        span = None  # "organised by X with support from Y": X is an agent, not the subject
    if span is not None:
        existing = ctx.mention_at(*span)
        if existing is not None and existing.label != "Country":
            return existing
        name = text[span[0]:span[1]]
        if is_name(name) and not country_of(name):
            # a node only if a fact needs it: a subject alone says little about what it is
            return ctx.mention(label_for_name(name) or default, *span, rule, 0.7, standalone=False)
    return ctx.anaphor(sentence)


def work_before(ctx: DocContext, sentence: Span, cue: int) -> Mention | None:
    """The project/programme/call a cue such as "led by" or "funded by" is about."""
    found = [m for m in ctx.mentions_in(sentence[0], cue, WORK_LABELS)]
    if found:
        return found[-1]
    return ctx.anaphor(sentence) or current_project(ctx)


def names_after(ctx: DocContext, start: int, end: int, default: str, rule: str, confidence: float,
                lenient: bool = False) -> list[Mention]:
    """The list of names starting at ``start`` (up to the end of the sentence or clause).

    ``lenient`` also takes the name that opens an item followed by other words
    ("the Research Council of Norway under grant 1234").
    """
    text = ctx.text
    stop = re.search(r"[.;:!?]\s|\s(?:to|in order to|which|who|that|where|with the aim|for the|as part|together with|"
                     r"in (?:close )?(?:cooperation|collaboration|partnership) with|with (?:additional )?support|"
                     r"(?:and|but)\s+(?:is|are|was|were|has|have)|on behalf of)\s|\s[a-z]+(?:ed|es|s)\s+(?:the|a|an|its|over|more|in)\s",
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
        if mention is not None:
            out.append(mention)
            if item.country and item.country_span:
                add_item_facts(ctx, item, mention, None, (start, limit), rule, default_role=None)
        if out and len(out) > 25:
            break
    return out


# -- structure --------------------------------------------------------------------------------
_COUNTRY_LINE = re.compile(r"\s*([^:\n]{2,40}?)\s*:\s*(\S.*?)\s*$", re.S)


@register("country-lines")
def country_lines(ctx: DocContext) -> None:
    """"Denmark: Region Syd-Danmark (project manager), Welfare Tech." — located, partner, lead."""
    if not ctx.has(":"):
        return
    text = ctx.text
    for sentence in ctx.sentences():
        match = _COUNTRY_LINE.match(text, *sentence)
        if not match or match.end(2) > sentence[1]:
            continue
        country = country_of(match.group(1))
        if country is None:
            continue
        country_mention = ctx.mention("Country", *match.span(1), "country-lines", 0.9, canonical=country.name)
        project = current_project(ctx)
        for item in list_items(ctx, *match.span(2)):
            entity = item_entity(ctx, item, "country-lines", 0.85)
            if entity is None or entity.label not in ACTOR_LABELS:
                continue
            ctx.fact(entity, "LOCATED_IN", country_mention, sentence, "country-lines", 0.9)
            add_item_facts(ctx, item, entity, project, sentence, "country-lines")


_LIST_HEAD = re.compile(
    r"\s*(?:the\s+)?(?:(?:project|consortium|main|other|our|key|research|industry|industrial|academic|"
    r"international|associated|participating|national|nordic)\s+)*(?:[A-Z][\w-]*\s+){0,2}?"
    r"(?:(?:partners?|parters|participants)(?:\s+(?:institutions|organi[sz]ations|list))?|"
    r"consortium(?:\s+(?:members|partners))?|members|"
    r"(?P<lead>coordinators?|lead partners?|project leaders?|project owners?|project managers?)|"
    r"(?P<fund>funders?|funding(?: bodies| organi[sz]ations)?|financed by|funded by|supported by))"
    r"(?:\s+(?:are|include|includes|were|in the project|of the project))?\s*(?::\s*(?P<rest>.*)|$)", re.I)


@register("partner-list")
def partner_list(ctx: DocContext) -> None:
    """"Project partners:" followed by names on the same line or in the next lines/list items."""
    block = ctx.block
    text = ctx.text
    match = _LIST_HEAD.match(text, block.start, block.end)
    if match and block.kind != "table_row":
        role = "lead" if match.group("lead") else "funder" if match.group("fund") else None
        rest = match.group("rest")
        if rest and rest.strip():
            _add_partners(ctx, list_items(ctx, *match.span("rest")), role, (block.start, block.end))
            ctx.state.pop("partner_list", None)
        else:
            ctx.state["partner_list"] = {"role": role, "misses": 0, "level": block.level,
                                         "heading": block.kind == "heading"}
        return
    listing = ctx.state.get("partner_list")
    if listing is None:
        return
    country = country_of(block.text) if block.kind == "heading" or len(block.text.split()) <= 3 else None
    if country is not None:  # "Denmark" over the Danish partners
        listing["country"] = (country, (block.start, block.end))
        return
    if block.kind == "heading" or block.kind == "table_row":
        ctx.state.pop("partner_list")
        return
    items = list_items(ctx, block.start, block.end) if len(block.text.split()) <= 16 else []
    if items:
        if listing.get("country"):
            for item in items:
                if item.country is None:
                    item.country, item.country_span = listing["country"]
        _add_partners(ctx, items, listing["role"], (block.start, block.end))
        listing["misses"] = 0
    elif block.text[:1].islower() and len(block.text.split()) <= 4:
        return  # an image caption or a stray label between items
    else:
        listing["misses"] += 1
        if listing["misses"] >= 2 or len(block.text.split()) > 12:
            ctx.state.pop("partner_list")


def _add_partners(ctx: DocContext, items: list, role: str | None, span: Span) -> None:
    project = current_project(ctx)
    if role == "funder":  # a "Funding" heading over the funders' names
        for item in items:
            entity = item_entity(ctx, item, "partner-list", 0.8)
            if entity is not None and entity.label != "Country":
                ctx.fact(project, "FUNDED_BY", entity, span, "partner-list", 0.8)
        return
    for item in items:
        if role and not item.role:
            item.role = role
        entity = item_entity(ctx, item, "partner-list", 0.85)
        if entity is not None and entity.label in ACTOR_LABELS:
            add_item_facts(ctx, item, entity, project, span, "partner-list")


_KEY_VALUE = re.compile(
    r"\s*(?P<key>(?:project\s+)?(?:coordinator|co-ordinator|lead partner|lead|leader|manager|owner)|"
    r"coordinated by|led by|funders?|funding(?:\s+(?:body|agency|source|organi[sz]ation))?|funded by|"
    r"financed by|supported by|(?:funding\s+)?program(?:me)?|(?:funding\s+)?call|country|countries)"
    r"\s*[:–-]\s+(?P<value>\S.*?)\s*$", re.I)


@register("key-value")
def key_value(ctx: DocContext) -> None:
    """Fact sheets: "Coordinator: X", "Funded by: X", "Programme: X", "Call: X" (a line or a 2-cell row)."""
    block = ctx.block
    text = ctx.text
    if block.kind == "table_row" and len(block.cells) == 2 and not block.header:
        value_at = text.find(block.cells[1], block.start, block.end)
        if value_at != -1:
            _key_value(ctx, block.cells[0].strip().lower(), (value_at, value_at + len(block.cells[1])),
                       (block.start, block.end))
        return
    if not ctx.has(":"):
        return
    for sentence in ctx.sentences():  # "ChildDose builds ... . Project leader: Åbo Akademi University."
        match = _KEY_VALUE.match(text, *sentence)
        if match and match.end() <= sentence[1]:
            value = (match.start("value"), min(match.end("value"), sentence[1]))
            _key_value(ctx, match.group("key").lower(), value, sentence)


def _key_value(ctx: DocContext, key: str, value: Span, span: Span) -> None:
    text = ctx.text
    project = current_project(ctx)
    if project is None:
        return
    if re.search(r"coordinat|lead|manager|owner|led by", key):
        person = None
        for item in list_items(ctx, *value):
            entity = item_entity(ctx, item, "key-value", 0.85)
            if entity is not None and entity.label == "Person":
                person = entity
            elif entity is not None and entity.label in ACTOR_LABELS:
                item.role = "lead"
                add_item_facts(ctx, item, entity, project, span, "key-value")
                if person is not None:
                    ctx.fact(person, "WORKS_FOR", entity, span, "key-value", 0.7)
    elif re.search(r"fund|financ|support|program|call", key):
        default = "Call" if "call" in key else "Programme" if "program" in key else "Organisation"
        source = re.search(r"\b(?:from|by)\s+(?:the\s+)?", text[value[0]:value[1]])
        if source:  # "Funding: NOK 10 million from Innovation Norway"
            value = (value[0] + source.end(), value[1])
        for item in list_items(ctx, *value):
            entity = item_entity(ctx, item, "key-value", 0.8, default)
            ctx.fact(project, "FUNDED_BY", entity, span, "key-value", 0.85)


_NAME_HEADER = re.compile(r"partner|organi[sz]ation|institution|beneficiar|member|participant|company|^name$", re.I)


@register("partner-table")
def partner_table(ctx: DocContext) -> None:
    """Table rows under headers such as Partner / Country / Role (or a Coordinator column)."""
    block = ctx.block
    if block.kind != "table_row" or not block.header or not block.cells:
        return
    header = [h.strip() for h in block.header]
    if list(block.cells) == header:
        return
    if any(_PROJECT_HEADER.match(h) for h in header):
        _project_row(ctx, header)
        return
    columns = {"name": None, "country": None, "role": None, "lead": None, "short": None}
    for index, title in enumerate(header):
        if columns["country"] is None and re.search(r"country|nation|land", title, re.I):
            columns["country"] = index
        elif columns["role"] is None and re.search(r"role|type|status|function", title, re.I):
            columns["role"] = index
        elif columns["lead"] is None and re.search(r"coordinator|lead", title, re.I):
            columns["lead"] = index
        elif columns["short"] is None and re.search(r"short name|acronym|abbreviation", title, re.I):
            columns["short"] = index
        elif columns["name"] is None and _NAME_HEADER.search(title):
            columns["name"] = index
    if columns["name"] is None or columns["name"] >= len(block.cells):
        return
    spans = _cell_spans(ctx)
    item = parse_item(ctx, *spans[columns["name"]]) if spans[columns["name"]] else None
    if item is None:
        return
    if columns["role"] is not None and columns["role"] < len(block.cells):
        role = block.cells[columns["role"]].strip()
        item.role = "lead" if LEAD_ROLES.match(role) else item.role or "partner"
    if columns["lead"] is not None and columns["lead"] < len(block.cells):
        if re.match(r"^(?:yes|x|✓|✔|\*|lead|coordinator)$", block.cells[columns["lead"]].strip(), re.I):
            item.role = "lead"
    if columns["short"] is not None and columns["short"] < len(block.cells) and block.cells[columns["short"]].strip():
        item.aliases.append(block.cells[columns["short"]].strip())
    if columns["country"] is not None and columns["country"] < len(spans) and spans[columns["country"]]:
        cstart, cend = spans[columns["country"]]
        if country_of(ctx.text[cstart:cend]):
            item.country, item.country_span = country_of(ctx.text[cstart:cend]), (cstart, cend)
    entity = item_entity(ctx, item, "partner-table", 0.85)
    if entity is not None and entity.label in ACTOR_LABELS:
        add_item_facts(ctx, item, entity, current_project(ctx), (block.start, block.end), "partner-table")


_PROJECT_HEADER = re.compile(r"^(?:project|projects|project name|project title|project acronym|acronym)$", re.I)


def _project_row(ctx: DocContext, header: list[str]) -> None:
    """A row of a table of projects: Project | Coordinator | (Other) partners | Funding programme | Our role."""
    block = ctx.block
    spans = _cell_spans(ctx)
    cells = {title.lower(): spans[i] for i, title in enumerate(header) if i < len(spans) and spans[i]}
    name_span = next((span for title, span in cells.items() if _PROJECT_HEADER.match(title)), None)
    item = parse_item(ctx, *name_span) if name_span else None
    if item is None:
        return
    project = ctx.mention("Project", *item.span, "project-table", 0.8, aliases=item.aliases)
    row = (block.start, block.end)
    ctx.funding_facts(project, "project-table")
    for title, span in cells.items():
        if re.search(r"coordinator|lead(?! partner)|leader", title) and not re.search(r"our|role", title):
            for lead in list_items(ctx, *span)[:1]:
                entity = item_entity(ctx, lead, "project-table", 0.8)
                if entity is not None and entity.label in ACTOR_LABELS:
                    ctx.fact(entity, "LEADS", project, row, "project-table", 0.85)
        elif re.search(r"partner|participant|consortium", title):
            for partner in list_items(ctx, *span):
                entity = item_entity(ctx, partner, "project-table", 0.8)
                if entity is not None and entity.label in ACTOR_LABELS:
                    add_item_facts(ctx, partner, entity, project, row, "project-table")
        elif re.search(r"fund|financ|programme|program|call|instrument", title):
            default = "Call" if "call" in title else "Programme" if "program" in title else "Organisation"
            for funder in list_items(ctx, *span):
                entity = item_entity(ctx, funder, "project-table", 0.8, default)
                if entity is not None and entity.label != "Country":
                    ctx.fact(project, "FUNDED_BY", entity, row, "project-table", 0.8)
        elif re.search(r"\b(?:our|my)\b.*role|^role$", title) and ctx.salient() is not None:
            owner = ctx.salient()
            role = ctx.text[span[0]:span[1]].strip()
            if owner.label in ACTOR_LABELS and (LEAD_ROLES.match(role) or re.search(r"partner|leader|member", role, re.I)):
                ctx.fact(owner, "LEADS" if LEAD_ROLES.match(role) else "PARTNER_IN", project, row, "project-table", 0.7)


def _cell_spans(ctx: DocContext) -> list[Span | None]:
    block = ctx.block
    spans: list[Span | None] = []
    position = block.start
    for cell in block.cells:
        at = ctx.text.find(cell, position, block.end) if cell else -1
        if at == -1:
            spans.append(None)
            continue
        spans.append((at, at + len(cell)))
        position = at + len(cell)
    return spans


# -- language ---------------------------------------------------------------------------------
_LED_BY = re.compile(r"\b(?:[Ll]ed|[Cc]oordinated|[Mm]anaged|[Hh]eaded|spearheaded|run|owned|initiated)\s+"
                     r"(?:jointly\s+|together\s+)?by\s+")
_ALONG = re.compile(r"\s*,?\s+(?:together with|in (?:close )?(?:cooperation|collaboration|partnership) with|and)\s+")


@register("led-by")
def led_by(ctx: DocContext) -> None:
    """"a project led by X", "coordinated by X": X leads the project."""
    if not ctx.has("by "):
        return
    for sentence in ctx.sentences():
        for match in _LED_BY.finditer(ctx.text, *sentence):
            work = work_before(ctx, sentence, match.start())
            for lead in names_after(ctx, match.end(), sentence[1], "Organisation", "led-by", 0.8, lenient=True):
                if lead.label == "Person":
                    lead = _affiliation(ctx, lead, sentence)
                if lead is not None and lead.label in ACTOR_LABELS:
                    ctx.fact(lead, "LEADS", work, sentence, "led-by", 0.85 if lead.rule == "led-by" else 0.75)
                    along = _ALONG.match(ctx.text, lead.end, sentence[1])
                    if along and work is not None:  # "coordinated by X together with Y": Y takes part
                        for partner in names_after(ctx, along.end(), sentence[1], "Organisation", "led-by", 0.75):
                            if partner.label in ACTOR_LABELS:
                                ctx.fact(partner, "PARTNER_IN", work, sentence, "led-by", 0.7)


def _affiliation(ctx: DocContext, person: Mention, sentence: Span) -> Mention | None:
    """"Professor Anne Berg at the University of Oslo": the organisation (the person works for it)."""
    at = re.match(r"\s*(?:\(|,)?\s*(?:at|from|of|with)?\s*(?:the\s+)?", ctx.text[person.end:sentence[1]])
    span = name_at(ctx.text, person.end + at.end(), sentence[1]) if at else None
    if span is None or not is_name(ctx.text[span[0]:span[1]]):
        return None
    org = ctx.entity("Organisation", *span, "affiliation", 0.75)
    if org is not None and org.label in ACTOR_LABELS:
        ctx.fact(person, "WORKS_FOR", org, sentence, "affiliation", 0.7)
        return org
    return None


_LEADS_VERB = re.compile(r"\s(?:leads|coordinates|is leading|is coordinating|(?:will|shall)\s+(?:lead|coordinate|manage)|"
                         r"is the (?:coordinator|owner|leader|lead partner|project owner|project leader) (?:of|for)|"
                         r"is the (?:coordinator|lead partner|project leader|project owner|lead)(?=[.,;]|\s*$)|"
                         r"owns|manages|is managing|is responsible for)\s+(?:the\s+|this\s+)?(?:(project|program(?:me)?|call|initiative)\b\s*)?")


@register("leads-verb")
def leads_verb(ctx: DocContext) -> None:
    """"X is the owner of the program Y", "X coordinates the Y project", "X is leading a work package"."""
    if not ctx.has("lead", "coordinat", "own", "manag", "responsible"):
        return
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _LEADS_VERB.finditer(text, *sentence):
            rest = text[match.end():sentence[1]]
            if re.match(r"(?:a|one|two|three|several|the)?\s*work\s*packages?\b", rest):
                lead = subject_before(ctx, sentence, match.start(), rule="leads-verb")
                work = work_before(ctx, sentence, match.start())
                if lead is not None and lead.label in ACTOR_LABELS:
                    ctx.fact(lead, "PARTNER_IN", work, sentence, "work-package", 0.75)
                continue
            targets = ctx.mentions_in(match.end(), sentence[1], WORK_LABELS)
            if not match.group(1) and re.search(r"is the \w+(?: \w+)?$", match.group().strip()) and not targets:
                targets = [t for t in [ctx.anaphor(sentence) or work_before(ctx, sentence, match.start())] if t]
            elif match.group(1) and not (targets and targets[0].start == match.end()):
                topic = ctx.topic.get(mention_label(match.group(1)))  # "X coordinates the project."
                targets = [topic] if topic is not None else []
            elif not targets or text[match.end():targets[0].start].strip() not in ("", "the"):
                continue
            if not targets:
                continue
            lead = subject_before(ctx, sentence, match.start(), rule="leads-verb")
            if lead is not None and lead.label in ACTOR_LABELS:
                ctx.fact(lead, "LEADS", targets[0], sentence, "leads-verb", 0.8)


_FUNDED = re.compile(r"\b(?:(?:co-?)?funded|financed|sponsored|supported|granted)\s+(?:(?:in part|partly|jointly)\s+)?"
                     r"(?:by|through)\s+|\b(?:with|thanks to|through)\s+(?:the\s+)?(?:(?:financial|generous|additional|"
                     r"further|partial)\s+)?"
                     r"(?:support|funding|grants?|financing)\s+(?:from|of|by)\s+|\b(?:funding|grants?)\s+from\s+")
_FUNDED_UNDER = re.compile(r"\b(?:(?:co-?)?funded|financed|supported|(?:granted|awarded|received)\s+funding|selected)\s+"
                           r"(?:under|within|through|by|from|in)\s+(?:the\s+)?")


@register("funded-by")
def funded_by(ctx: DocContext) -> None:
    """"funded by X", "financed by X", "with support from X", "funded under the X call"."""
    if not ctx.has("fund", "financ", "support", "sponsor", "grant"):
        return
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _FUNDED.finditer(text, *sentence):
            target_work = ctx.mentions_in(match.end(), min(sentence[1], match.end() + 80), ("Call", "Programme"))
            if target_work and len(text[match.end():target_work[0].start].split()) <= 6:
                funders = target_work[:1]
            else:
                funders = names_after(ctx, match.end(), sentence[1], "Organisation", "funded-by", 0.8, lenient=True)
            subject = _funded_subject(ctx, sentence, match.start())
            for funder in funders:
                if funder.label in ("Organisation", "Ministry", "Call", "Programme"):
                    ctx.fact(subject, "FUNDED_BY", funder, sentence, "funded-by", 0.85)
        for match in _FUNDED_UNDER.finditer(text, *sentence):
            if _FUNDED.match(text, match.start()):
                continue
            targets = ctx.mentions_in(match.end(), sentence[1], ("Call", "Programme"))
            if targets and text[match.end():targets[0].start].strip() in ("", "the"):
                ctx.fact(_funded_subject(ctx, sentence, match.start()), "FUNDED_BY", targets[0], sentence,
                         "funded-by", 0.85)


def _funded_subject(ctx: DocContext, sentence: Span, cue: int) -> Mention | None:
    relative = re.search(r",\s*(?:which|that)\s+(?:is|are|was|were|has been|have been)?\s*(?:also\s+|partly\s+|jointly\s+)?$",
                         ctx.text[sentence[0]:cue])
    if relative:  # "the programme X, which is financed by Y": X
        before = [m for m in ctx.mentions_in(sentence[0], sentence[0] + relative.start()) if m.label != "Country"]
        return before[-1] if before else None
    anaphor = ctx.anaphor(sentence)
    if anaphor is not None:
        return anaphor
    works = ctx.mentions_in(sentence[0], cue, WORK_LABELS)
    if works:
        return works[-1]
    subject = subject_before(ctx, sentence, cue, rule="funded-by")
    if subject is not None:
        return subject
    first = ctx.mentions_in(sentence[0], cue, ACTOR_LABELS)
    if first and ctx.text[sentence[0]:first[0].start].strip() in ("", "The", "the"):
        return first[0]
    return current_project(ctx)


_PART_OF = re.compile(r"\b(?:is|are|was|were|will be|has become)\s+(?:now\s+|also\s+)?(?:a\s+|an\s+)?part\s+of\s+(?:the\s+)?")
_ONE_OF = re.compile(r"\b(?:is|was)\s+one\s+of\s+the\s+(?:[\w-]+\s+){0,6}?(?:projects|programmes|programs|calls|"
                     r"initiatives)\b")


@register("part-of")
def part_of(ctx: DocContext) -> None:
    """"The call is part of the X", "The project is one of the N projects funded under the X call"."""
    if not ctx.has("part of", "one of"):
        return
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _PART_OF.finditer(text, *sentence):
            whole = ctx.mentions_in(match.end(), sentence[1], WORK_LABELS + ACTOR_LABELS)
            if not whole or whole[0].start > match.end() + 40:
                continue
            part = _part_subject(ctx, sentence, match.start(), "part-of")
            if part is not None and part.label != "Country":
                ctx.fact(part, "PART_OF", whole[0], sentence, "part-of", 0.8)
        for match in _ONE_OF.finditer(text, *sentence):
            whole = _one_of_whole(ctx, sentence, match.end())
            if whole is None:
                continue
            part = _part_subject(ctx, sentence, match.start(), "one-of")
            if part is not None and part.label == "Organisation" and part.rule in ("one-of", "subject") and \
                    "projects" in match.group():
                part = ctx.mention("Project", part.start, part.end, "one-of", 0.8)  # "X is one of N projects"
            funded = re.search(r"\b(?:funded|financed|supported|granted)\b", text[match.start():sentence[1]])
            rel_type = "FUNDED_BY" if funded or whole.label == "Call" and "projects" in match.group() else "PART_OF"
            if part is not None and part.label in WORK_LABELS:
                ctx.fact(part, rel_type, whole, sentence, "one-of", 0.8)


def _one_of_whole(ctx: DocContext, sentence: Span, start: int) -> Mention | None:
    """The call or programme "one of the N projects (funded under) ..." names, or the one the
    text is about when it says only "the call" / "the programme"."""
    wholes = ctx.mentions_in(start, sentence[1], ("Call", "Programme"))
    if wholes:
        return wholes[0]
    word = re.search(r"\b(call|program(?:me)?)\b", ctx.text[start:sentence[1]])
    return ctx.topic.get(mention_label(word.group(1))) if word else None


def _part_subject(ctx: DocContext, sentence: Span, cue: int, rule: str) -> Mention | None:
    """"The call is part of", "The AgeWell project is one of", "X, which is part of", "X is part of"."""
    relative = re.search(r"(?:,\s*|\s)(?:which|that)\s*$", ctx.text[sentence[0]:cue])
    if relative:
        before = [m for m in ctx.mentions_in(sentence[0], sentence[0] + relative.start()) if m.label != "Country"]
        return before[-1] if before else None
    anaphor = ctx.anaphor(sentence)
    if anaphor is not None:
        return anaphor
    works = ctx.mentions_in(sentence[0], cue, WORK_LABELS)
    if works and re.fullmatch(r"\s*(?:project|programme|program|call|initiative)?\s*", ctx.text[works[-1].end:cue]):
        return works[-1]
    return subject_before(ctx, sentence, cue, rule=rule)


_UNDER = re.compile(r"\b(?:project|call|initiative)\s+(?:(?:funded|financed|supported)\s+)?(?:under|within|through|from)\s+(?:the\s+)?")


@register("project-under")
def project_under(ctx: DocContext) -> None:
    """"X is an innovation project under the Horizon Europe programme": X is funded by it."""
    if not ctx.has("project", "call", "initiative"):
        return
    for sentence in ctx.sentences():
        for match in _UNDER.finditer(ctx.text, *sentence):
            targets = ctx.mentions_in(match.end(), sentence[1], ("Call", "Programme"))
            if not targets or targets[0].start > match.end() + 2:
                continue
            subject = ctx.anaphor(sentence) or work_before(ctx, sentence, match.start())
            if subject is not None and subject.label in ("Project", "Call"):
                ctx.fact(subject, "FUNDED_BY", targets[0], sentence, "project-under", 0.75)


_COLLABORATE = re.compile(r"\b(?:(?:will\s+)?(?:co-?operate|collaborate|partner|work closely|team up)s?|"
                          r"(?:in\s+)?(?:close\s+|a\s+|an\s+)?(?:collaboration|co-?operation|partnership|alliance))\s+with\s+"
                          r"(?:(?:i\.\s?e\.?|e\.\s?g\.?|among others|amongst others)\s*,?\s*)?")


@register("collaboration")
def collaboration(ctx: DocContext) -> None:
    """"will cooperate with the X-project", "entered into a collaboration with X" (symmetric)."""
    if not ctx.has("with"):
        return
    for sentence in ctx.sentences():
        for match in _COLLABORATE.finditer(ctx.text, *sentence):
            subject = _collaboration_subject(ctx, sentence, match.start())
            if subject is None:
                continue
            projects = ctx.mentions_in(match.end(), sentence[1], ("Project",))
            if projects and ctx.text[match.end():projects[0].start].strip() in ("", "the"):
                partners = projects[:1]
            else:
                partners = names_after(ctx, match.end(), sentence[1], "Organisation", "collaboration", 0.75)
            for partner in partners:
                if partner.label in ACTOR_LABELS + ("Project",):
                    ctx.fact(subject, "COLLABORATES_WITH", partner, sentence, "collaboration", 0.7)


def _collaboration_subject(ctx: DocContext, sentence: Span, cue: int) -> Mention | None:
    head = ctx.text[sentence[0]:cue]
    anaphor = ctx.anaphor(sentence)
    if anaphor is not None:
        return anaphor
    first = ctx.mentions_in(sentence[0], cue, ACTOR_LABELS + WORK_LABELS)
    if first and head[:first[0].start - sentence[0]].strip() in ("", "The", "the"):
        return first[0]
    span = name_at(ctx.text, sentence[0], cue)
    if span is not None and re.match(r"\s+(?:has|have|had|is|was|recently|will|also)\b", ctx.text[span[1]:cue]):
        return subject_before(ctx, (sentence[0], span[1] + 1), span[1] + 1, rule="collaboration")
    if re.match(r"\s*(?:This|These|The)\s+(?:result|results|work|success|achievement)", head):
        return current_project(ctx)
    return None


_PARTNER_IN = re.compile(r"\s(?:is|are|was|were|has been|have been|became|becomes)\s+(?:also\s+|now\s+)?(?:a\s+|an\s+)?"
                         r"(?:(?:project|consortium|associated|full|key)\s+)?(?:partners?|participants?|members?)\s+(?:in|of)\s+"
                         r"(?:the\s+)?")


_JOINS = re.compile(r"\s(?:joins|joined|will join|participates|participated|takes part|took part|is participating|"
                    r"will participate)(?:\s+as\s+(?:an?\s+)?(?:[\w-]+\s+)?(?:partner|participant))?"
                    r"(?:\s+in\s+(?:the\s+)?)?")


@register("joins-as-partner")
def joins_as_partner(ctx: DocContext) -> None:
    """"Medikaatio Oy joins as an industry partner", "X takes part in the Y project"."""
    if not ctx.has("join", "particip", "part in"):
        return
    for sentence in ctx.sentences():
        for match in _JOINS.finditer(ctx.text, *sentence):
            if not re.search(r"partner|participant|\sin\s", match.group()):
                continue
            subject = subject_before(ctx, sentence, match.start(), rule="joins-as-partner")
            works = ctx.mentions_in(match.end(), sentence[1], WORK_LABELS)
            work = works[0] if works and works[0].start <= match.end() + 1 else (
                None if match.group().rstrip().endswith(" in") or " in " in match.group()[-5:] else current_project(ctx))
            if subject is not None and subject.label in ACTOR_LABELS and work is not None:
                ctx.fact(subject, "PARTNER_IN", work, sentence, "joins-as-partner", 0.75)


@register("partner-in")
def partner_in(ctx: DocContext) -> None:
    """"X is also a partner in SMILE and Carematrix": PARTNER_IN each named project."""
    if not ctx.has("partner", "participant", "member"):
        return
    for sentence in ctx.sentences():
        for match in _PARTNER_IN.finditer(ctx.text, *sentence):
            subject = subject_before(ctx, sentence, match.start(), rule="partner-in")
            if subject is None or subject.label not in ACTOR_LABELS:
                continue
            for work in names_after(ctx, match.end(), sentence[1], "Project", "partner-in", 0.7):
                if work.label in WORK_LABELS:
                    ctx.fact(subject, "PARTNER_IN", work, sentence, "partner-in", 0.8)


_PARTNERS_INCLUDE = re.compile(r"\b(?:[Pp]artners?|[Cc]onsortium(?: members)?|[Pp]articipants)\s*,?\s+(?:include|includes|including|"
                               r"such as|among them|are|were|consists of|comprises|is made up of|brings together)\s*:?\s+")


@register("partners-include")
def partners_include(ctx: DocContext) -> None:
    """"The project partners include A, B and C"; "X won a grant with 13 other partners,
    including A and B" (then the partners collaborate with X)."""
    if not ctx.has("partner", "consortium", "participant"):
        return
    for sentence in ctx.sentences():
        for match in _PARTNERS_INCLUDE.finditer(ctx.text, *sentence):
            head = ctx.text[sentence[0]:match.start()]
            if re.search(r"\bother\s*$|\bwith\s+(?:\d+|several|many)\s+(?:other\s+)?$",
                         head):
                subject, relation = _collaboration_subject(ctx, sentence, match.start()), "COLLABORATES_WITH"
            else:
                subject, relation = ctx.anaphor(sentence) or current_project(ctx), "PARTNER_IN"
            if subject is None:
                continue
            for partner in names_after(ctx, match.end(), sentence[1], "Organisation", "partners-include", 0.75):
                if partner.label in ACTOR_LABELS:
                    if relation == "PARTNER_IN":
                        ctx.fact(partner, relation, subject, sentence, "partners-include", 0.75)
                    else:
                        ctx.fact(subject, relation, partner, sentence, "partners-include", 0.6)


_TOGETHER = re.compile(r"\s+together\s+with\s+(?:its\s+|their\s+)?(?:partners?\s+)?")
_LAUNCH = re.compile(r"\s(?:launched|opened|announced|initiated|established|started|run|runs|organi[sz]ed)\s")


@register("together-with")
def together_with(ctx: DocContext) -> None:
    """"X together with its partners A, B and C launched the call Y": X leads, A-C partner."""
    if not ctx.has("together with"):
        return
    text = ctx.text
    for sentence in ctx.sentences():
        match = _TOGETHER.search(text, *sentence)
        if not match:
            continue
        launch = _LAUNCH.search(text, match.end(), sentence[1])
        if not launch:
            continue
        works = ctx.mentions_in(launch.end(), sentence[1], WORK_LABELS)
        lead = subject_before(ctx, sentence, match.start(), rule="together-with")
        if not works or lead is None or lead.label not in ACTOR_LABELS:
            continue
        ctx.fact(lead, "LEADS", works[0], sentence, "together-with", 0.8)
        for item in list_items(ctx, match.end(), launch.start()):
            partner = item_entity(ctx, item, "together-with", 0.8)
            if partner is not None and partner.label in ACTOR_LABELS:
                ctx.fact(partner, "PARTNER_IN", works[0], sentence, "together-with", 0.75)


_REPORT_BY = re.compile(r"\b(?:report|study|evaluation|analysis|survey|assessment)\s+(?:was\s+)?(?:written|prepared|"
                        r"conducted|carried out|made|produced|performed|published)\s+by\s+")
_ON_BEHALF = re.compile(r"\s+on\s+behalf\s+of\s+(?:the\s+)?")


@register("commissioned-by")
def commissioned_by(ctx: DocContext) -> None:
    """"a report written by X on behalf of Y": X and Y are organisations; X works for Y (FUNDED_BY)."""
    if not ctx.has(" by "):
        return
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _REPORT_BY.finditer(text, *sentence):
            span = name_at(text, match.end(), sentence[1])
            if span is None or not is_name(text[span[0]:span[1]]):
                continue
            author = ctx.entity("Organisation", *span, "commissioned-by", 0.75)
            behalf = _ON_BEHALF.match(text, span[1])
            if behalf:
                client_span = name_at(text, behalf.end(), sentence[1])
                if client_span:
                    client = ctx.entity("Organisation", *client_span, "commissioned-by", 0.75)
                    ctx.fact(author, "FUNDED_BY", client, sentence, "commissioned-by", 0.55)


_FOLLOWING = re.compile(r"\b(?:following|these|the\s+\w+|funded|financed|selected|granted|awarded|new|\d+|two|three|four|"
                        r"five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:[\w-]+\s+){0,2}projects?\b",
                        re.I)
_MONEY = re.compile(r"\b(?:funded|financed|divided|awarded|granted|allocated|distributed|funding|grants?|"
                    r"million|support(?:ed)?)\b", re.I)


@register("following-projects")
def following_projects(ctx: DocContext) -> None:
    """"The NOK 10 million has been divided between the following projects:" — the project
    headings that follow are funded by the call (or programme) the text is about."""
    text = ctx.text
    for sentence in ctx.sentences() if ctx.has("project") else ():
        segment = text[sentence[0]:sentence[1]]
        if _FOLLOWING.search(segment) and _MONEY.search(segment):
            source = ctx.topic.get("Call") or ctx.topic.get("Programme")
            funder = _sentence_subject(ctx, sentence)
            if source is not None:
                ctx.state["funding_source"] = source
                ctx.state["funding_span"] = sentence
            if funder is not None:  # "Business Finland has decided to fund five projects ..."
                ctx.state["funding_funder"] = funder
                ctx.state["funding_span"] = sentence
            if segment.rstrip().endswith(":") and ctx.block.end <= sentence[1] + 1:
                ctx.state["project_list"] = {"source": source, "span": sentence}
            return
    _project_list_item(ctx)


def _sentence_subject(ctx: DocContext, sentence: Span) -> Mention | None:
    """The organisation a sentence opens with ("Nordic Innovation has granted ...")."""
    actors = ctx.mentions_in(sentence[0], sentence[1], ACTOR_LABELS)
    if actors and ctx.text[sentence[0]:actors[0].start].strip() in ("", "The"):
        return actors[0]
    return None


_ITEM_NAME = re.compile(r"\s*(?:\*\*|__)?([^—–:(*_,]{2,80}?)(?:\*\*|__)?\s*(?:[—–:(,]|\s-\s|$)")
_ITEM_LEAD = re.compile(r"\b(?:coordinator|coordinated by|led by|lead(?: partner)?|project (?:leader|manager|owner))\s*[:\-–]?\s+",
                        re.I)


def _project_list_item(ctx: DocContext) -> None:
    """A list item after "Funded projects:" names a project (and perhaps its coordinator)."""
    listing = ctx.state.get("project_list")
    if listing is None:
        return
    block = ctx.block
    if block.kind != "list_item":
        if block.kind == "heading" or len(block.text.split()) > 12:
            ctx.state.pop("project_list")
        return
    match = _ITEM_NAME.match(ctx.text, block.start, block.end)
    if not match or not is_name(match.group(1).strip()):
        return
    project = ctx.mention("Project", *match.span(1), "project-list", 0.75)
    if project is None:
        return
    if listing["source"] is not None:
        ctx.fact(project, "FUNDED_BY", listing["source"], listing["span"], "project-list", 0.75)
    lead = _ITEM_LEAD.search(ctx.text, match.end(1), block.end)
    if lead:
        for org in names_after(ctx, lead.end(), block.end, "Organisation", "project-list", 0.8, lenient=True)[:1]:
            if org.label in ACTOR_LABELS:
                ctx.fact(org, "LEADS", project, (block.start, block.end), "project-list", 0.85)


@register("subject-topic")
def subject_topic(ctx: DocContext) -> None:
    """An organisation that opens a sentence becomes what "the cluster/company" refers to."""
    for sentence in ctx.sentences():
        for mention in ctx.mentions_in(*sentence, ACTOR_LABELS):
            if ctx.text[sentence[0]:mention.start].strip() in ("", "The"):
                ctx.introduce(mention)
            break


_RECEIVED = re.compile(r"\b(?:received|receives|has received|have received|was awarded|were awarded|won|secured|"
                       r"was granted|were granted)\s+(?P<what>[^.;]{0,80}?)\s+from\s+(?:the\s+)?")
_MONEY_WORDS = re.compile(r"fund|grant|support|financ|million|billion|NOK|EUR|SEK|DKK|ISK|€|\$|kroner|euro", re.I)


@register("received-from")
def received_from(ctx: DocContext) -> None:
    """"The project has received NOK 12 million from the Research Council of Norway"."""
    if not ctx.has("from"):
        return
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _RECEIVED.finditer(text, *sentence):
            if not _MONEY_WORDS.search(match.group("what")):
                continue
            works = ctx.mentions_in(match.end(), min(sentence[1], match.end() + 60), ("Call", "Programme"))
            funders = works[:1] if works and works[0].start <= match.end() + 1 else names_after(
                ctx, match.end(), sentence[1], "Organisation", "received-from", 0.8, lenient=True)[:1]
            subject = _funded_subject(ctx, sentence, match.start())
            for funder in funders:
                if funder.label in ("Organisation", "Ministry", "Call", "Programme"):
                    ctx.fact(subject, "FUNDED_BY", funder, sentence, "received-from", 0.8)


_KINDS = r"(?:company|start-?up|firm|hospital|university|municipality|agency|cluster|organi[sz]ation|foundation|association)"


@register("located-statement")
def located_statement(ctx: DocContext) -> None:
    """"X, based in Oslo, Norway", "the Swedish company X", "X, a Danish start-up": X is located there."""
    text = ctx.text
    if not ctx.countries():
        return
    for sentence in ctx.sentences():
        countries = [c for c in ctx.countries() if sentence[0] <= c.start() and c.end() <= sentence[1]]
        for match in re.finditer(r"\b(?:based|headquartered|located)\s+in\s+(?:[A-ZÆØÅ][\w-]+,\s+)?", text[sentence[0]:sentence[1]]):
            at = sentence[0] + match.end()
            country = next((c for c in countries if c.start() == at), None)
            subject = subject_before(ctx, sentence, sentence[0] + match.start(), rule="located-statement")
            if country and subject is not None and subject.label in ACTOR_LABELS:
                _locate(ctx, subject, country, sentence)
        for country in countries:
            kind = re.match(rf"\s+{_KINDS}\s+", text[country.end():sentence[1]])
            if kind:
                span = name_at(text, country.end() + kind.end(), sentence[1])
                if span is not None and is_name(text[span[0]:span[1]]):
                    _locate(ctx, ctx.entity("Organisation", *span, "located-statement", 0.7), country, sentence)
            before = re.search(r",\s+an?\s+$", text[sentence[0]:country.start()])
            if before and re.match(r"\s+" + _KINDS + r"\b", text[country.end():sentence[1]]):
                subject = subject_before(ctx, sentence, sentence[0] + before.start(), rule="located-statement")
                if subject is not None:
                    _locate(ctx, subject, country, sentence)


def _locate(ctx: DocContext, subject: Mention | None, country: re.Match[str], sentence: Span) -> None:
    if subject is None or subject.label not in ACTOR_LABELS:
        return
    found = country_of(country.group())
    place = ctx.mention("Country", *country.span(), "located-statement", 0.85, canonical=found.name if found else None)
    ctx.fact(subject, "LOCATED_IN", place, sentence, "located-statement", 0.75)


_GRANTED_TO = re.compile(r"\s(?:has\s+|have\s+)?(?:granted|awarded|allocated|given)\s+(?P<what>[^.;]{0,60}?)\s+to\s+(?:the\s+)?")


@register("granted-to")
def granted_to(ctx: DocContext) -> None:
    """"Innovation Norway has granted NOK 5 million to the X project": X is funded by the granter."""
    if not ctx.has(" to "):
        return
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _GRANTED_TO.finditer(text, *sentence):
            if not _MONEY_WORDS.search(match.group("what")) and not re.search(r"\d", match.group("what")):
                continue
            funder = subject_before(ctx, sentence, match.start(), rule="granted-to")
            if funder is None or funder.label not in ACTOR_LABELS + ("Programme", "Call"):
                continue
            works = ctx.mentions_in(match.end(), sentence[1], WORK_LABELS + ACTOR_LABELS)
            if works and len(text[match.end():works[0].start].split()) <= 2:
                ctx.fact(works[0], "FUNDED_BY", funder, sentence, "granted-to", 0.8)
