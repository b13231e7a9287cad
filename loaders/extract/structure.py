"""Relation rules that read document structure.

Country lines ("Denmark: A (project manager), B"), partner lists under a "Project partners:"
line or heading (with country headings inside), fact-box lines ("Coordinator: X",
"Funder: Y"), partner tables (Partner / Country / Role) and tables of projects (Project /
Coordinator / Partners / Funding), and lists of funded projects after a cue such as "the NOK
10 million has been divided between the following projects:".
"""
from __future__ import annotations

import re

from nordgraph.loaders.extract.clauses import ACTOR_LABELS, current_project, names_after
from nordgraph.loaders.extract.context import DocContext, Mention
from nordgraph.loaders.extract.items import add_item_facts, item_entity, list_items, parse_item
from nordgraph.loaders.extract.lexicon import LEAD_ROLES, country_by_code, country_of
from nordgraph.loaders.extract.rules import register
from nordgraph.loaders.extract.text import Span, is_name, name_before

_COUNTRY_LINE = re.compile(r"\s*([^:\n]{2,40}?)\s*:\s*(\S.*?)\s*$", re.S)


@register("country-lines", cues=(":",))
def country_lines(ctx: DocContext) -> None:
    """"Denmark: Region Syd-Danmark (project manager), Welfare Tech." — located, partner, lead."""
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


@register("country-in-parentheses", cues=("(",))
def country_in_parentheses(ctx: DocContext) -> None:
    """"Aalto University (Finland)", "Region Skåne (SE)" in running text: the organisation's country."""
    block = ctx.block
    text = ctx.text
    for match in re.finditer(r"\(([^()]{2,30})\)", text[block.start:block.end]):
        inner = match.group(1).strip()
        country = country_of(inner) or country_by_code(inner)
        span = name_before(text, block.start, block.start + match.start()) if country else None
        entity = ctx.mention_at(*span) if span else None
        if entity is None or entity.label not in ACTOR_LABELS or entity.end != span[1]:
            continue
        place = ctx.mention("Country", block.start + match.start(1), block.start + match.end(1), "country-in-parentheses",
                            0.9, canonical=country.name)
        ctx.fact(entity, "LOCATED_IN", place, ctx.sentence_at(entity.start), "country-in-parentheses", 0.85)


_IN_CITY = re.compile(r"\s+in\s+[A-ZÆØÅÄÖ][\w-]+(?:\s[A-ZÆØÅÄÖ][\w-]+)?,\s+(?:the\s+)?([A-Z][\w-]+(?:\s[A-Z][\w-]+)?)")


@register("org-in-city-country", cues=(" in ",))
def org_in_city_country(ctx: DocContext) -> None:
    """"Tallinn University Hospital in Tallinn, Estonia": the organisation is in that country."""
    text = ctx.text
    for entity in ctx.mentions_in(ctx.block.start, ctx.block.end, ACTOR_LABELS):
        match = _IN_CITY.match(text, entity.end, ctx.block.end)
        country = country_of(match.group(1)) if match else None
        if country is None:
            continue
        place = ctx.mention("Country", *match.span(1), "org-in-city-country", 0.9, canonical=country.name)
        ctx.fact(entity, "LOCATED_IN", place, ctx.sentence_at(entity.start), "org-in-city-country", 0.8)


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
    r"(?:main|lead)\s+applicant|host institution|"
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
    if re.search(r"coordinat|lead|manager|owner|led by|applicant|host", key):
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


_LEAD_KIND = re.compile(r"^(?:lead|coordinating)\s+(?:company|organi[sz]ation|institution|beneficiary|participant)$",
                        re.I)


@register("partner-table")
def partner_table(ctx: DocContext) -> None:
    """Table rows under headers such as Partner / Country / Role (or a Coordinator column)."""
    block = ctx.block
    if block.kind != "table_row" or not block.header or not block.cells:
        return
    header = [h.strip() for h in block.header]
    if list(block.cells) == header:
        return
    if _projects_table(header):
        _project_row(ctx, header)
        return
    columns = {"name": None, "country": None, "role": None, "lead": None, "short": None}
    for index, title in enumerate(header):
        if columns["country"] is None and re.search(r"country|nation|land", title, re.I):
            columns["country"] = index
        elif columns["role"] is None and re.search(r"role|type|status|function|participation", title, re.I):
            columns["role"] = index
        elif columns["lead"] is None and re.search(r"coordinator|lead", title, re.I):
            columns["lead"] = index
        elif columns["short"] is None and re.search(r"short name|acronym|abbr", title, re.I):
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
        role = block.cells[columns["role"]].split(",")[0].strip()  # "Project lead, test development"
        item.role = "lead" if LEAD_ROLES.match(role) or _LEAD_KIND.match(role) else item.role or "partner"
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


def _projects_table(header: list[str]) -> bool:
    """A table of projects has a Project column; a bare "Acronym" column names projects only when
    no column names organisations (Participant | Acronym | Country: the acronym is the partner's)."""
    if any(_PROJECT_HEADER.match(h) and h.lower() != "acronym" for h in header):
        return True
    return any(h.lower() == "acronym" for h in header) and not any(_NAME_HEADER.search(h) for h in header)


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
    leads: list[Mention] = []
    for title, span in cells.items():
        if re.search(r"coordinator|lead(?! partner)|leader|host|applicant", title) and not re.search(r"our|role", title):
            for lead in list_items(ctx, *span)[:1]:
                entity = item_entity(ctx, lead, "project-table", 0.8)
                if entity is not None and entity.label in ACTOR_LABELS and not leads:
                    # "Project leader" names a person; the "Host institution" after it leads
                    ctx.fact(entity, "LEADS", project, row, "project-table", 0.85)
                    leads.append(entity)
        elif re.search(r"^(?:country|nation)$", title) and leads and country_of(ctx.text[span[0]:span[1]]):
            country = ctx.mention("Country", *span, "project-table", 0.9,
                                  canonical=country_of(ctx.text[span[0]:span[1]]).name)
            ctx.fact(leads[0], "LOCATED_IN", country, row, "project-table", 0.85)
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
