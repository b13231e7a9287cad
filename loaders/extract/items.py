"""List items: "Region Syd-Danmark (project manager)", "NHO (Confederation of Industries)".

An item is a name with an optional parenthesis that states a role (lead, coordinator,
project manager, partner), a country, an acronym or long form (an alias), a former name
(an alias) or "part of X" (a larger whole).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from nordgraph.loaders.extract.context import DocContext, Mention, clean_span
from nordgraph.loaders.extract.lexicon import (
    LEAD_ROLES,
    PARTNER_ROLES,
    PERSON_TITLE,
    Country,
    country_by_code,
    country_of,
)
from nordgraph.loaders.extract.mentions import label_for_name
from nordgraph.loaders.extract.text import Span, is_acronym, is_name, split_list


@dataclass
class Item:
    span: Span
    role: str | None = None  # "lead" | "partner"
    aliases: list[str] = field(default_factory=list)
    part_of: Span | None = None
    country: Country | None = None
    country_span: Span | None = None
    #: The country was a "Norway:" label, which holds for the items after it too.
    country_label: bool = False


_DESCRIPTOR = re.compile(r"(?:(?:the|a|an|its|our)\s+)?(?:[a-z][\w-]*\s+){0,3}?(?:company|firm|start-?up|spin-?off|subsidiary|"
                         r"hospital|university|municipality|organi[sz]ation|cluster|foundation|institute|agency|"
                         r"centre|center|network)\s+(?=[A-ZÆØÅÄÖ])")


_DEMONYM_DESCRIPTOR = re.compile(r"(?:the\s+|a\s+|an\s+)?([A-ZÆØÅÄÖ][\w-]+)\s+(?:[a-z][\w-]*\s+){0,2}?(?:company|firm|"
                                 r"start-?up|spin-?off|subsidiary)\s+(?=[A-ZÆØÅÄÖ])")


def parse_item(ctx: DocContext, start: int, end: int) -> Item | None:
    """The item at ``text[start:end]``, or None when it does not read as a name."""
    text = ctx.text
    start, end = clean_span(text, start, end)
    descriptor = _DESCRIPTOR.match(text, start, end)
    demonym = _DEMONYM_DESCRIPTOR.match(text, start, end) if not descriptor else None
    if demonym and country_of(demonym.group(1)):  # "the Norwegian company Heimly AS": Heimly AS, in Norway
        start = demonym.end()
    elif descriptor:  # "the software company Triagio AS"
        start = descriptor.end()
    country = None
    colon = re.match(r"([^:()]{2,40}):\s+", text[start:end])
    if colon:  # "Norway: Helse Vest" inside a longer enumeration
        country = country_of(colon.group(1))
        if country is None:
            return None
        country_span = (start, start + len(colon.group(1)))
        start += colon.end()
    role = None
    aliases = []
    dash = re.search(r"\s+[–—-]\s+([^–—()]{3,80})$", text[start:end])
    duty = dash.group(1).split(",")[0].strip() if dash else ""  # "– main applicant, clinical validation"
    if dash and (LEAD_ROLES.match(duty) or PARTNER_ROLES.match(duty)):
        role = "lead" if LEAD_ROLES.match(duty) else "partner"
        end = start + dash.start()
    elif dash and is_name(dash.group(1).strip()) and is_name(text[start:start + dash.start()]):
        aliases.append(text[start:start + dash.start()])  # "Háskóli Íslands – University of Iceland"
        start += dash.end() - len(dash.group(1))
    elif dash and (dash.group(1)[:1].islower() or not is_name(dash.group(1).strip())) \
            and is_name(text[start:start + dash.start()]):
        end = start + dash.start()  # "SINTEF – research institute", "ACR – Digital care for all": a description
    open_at = text.find("(", start, end)
    name_end = open_at if open_at != -1 else end
    name_start, name_end = clean_span(text, start, name_end)
    name = text[name_start:name_end]
    if not name or not is_name(name, allow_generic=True):
        return None
    item = Item((name_start, name_end), role=role, aliases=aliases)
    if country is not None:
        item.country, item.country_span, item.country_label = country, country_span, True
    elif demonym and country_of(demonym.group(1)):
        item.country, item.country_span = country_of(demonym.group(1)), demonym.span(1)
    if open_at != -1:
        close = text.find(")", open_at, end + 1)
        inner_start, inner_end = open_at + 1, close if close != -1 else end
        _read_parenthesis(ctx, item, inner_start, inner_end)
    return item


def _read_parenthesis(ctx: DocContext, item: Item, start: int, end: int) -> None:
    inner = ctx.text[start:end].strip()
    part = re.match(r"\s*part of\s+(?:the\s+)?", ctx.text[start:end], re.I)
    former = re.match(r"\s*(?:former(?:ly)?|previously|formerly known as)\s+", ctx.text[start:end], re.I)
    if LEAD_ROLES.match(inner):
        item.role = "lead"
    elif PARTNER_ROLES.match(inner):
        item.role = "partner"
    elif part:
        item.part_of = clean_span(ctx.text, start + part.end(), end)
    elif former:
        item.aliases.append(ctx.text[start + former.end():end].strip())
    elif country_of(inner) or country_by_code(inner):
        item.country = country_of(inner) or country_by_code(inner)
        item.country_span = clean_span(ctx.text, start, end)
    elif is_acronym(inner) or is_name(inner):
        item.aliases.extend(p.strip() for p in inner.split(", "))  # "(Local Name, ACR)": two other names
    else:
        pieces = [p.strip() for p in re.split(r"[,;]", inner)]
        for piece in pieces:
            if LEAD_ROLES.match(piece):
                item.role = "lead"
            elif country_of(piece):
                item.country = country_of(piece)


def list_items(ctx: DocContext, start: int, end: int) -> list[Item]:
    """Items of an enumeration; a bare country after an item is that item's country
    ("Karolinska Institutet (coordinator), Sweden")."""
    items: list[Item] = []
    label: Item | None = None
    for s, e in split_list(ctx.text, start, end):
        item = parse_item(ctx, s, e)
        if item is None:
            continue
        if item.country_label:
            label = item
        elif label is not None and item.country is None:
            item.country, item.country_span = label.country, label.country_span
        country = country_of(ctx.text[item.span[0]:item.span[1]])
        if country is not None:
            if items and items[-1].country is None:
                items[-1].country, items[-1].country_span = country, item.span
            continue
        items.append(item)
    return items


def item_entity(ctx: DocContext, item: Item, rule: str, confidence: float,
                default: str = "Organisation") -> Mention | None:
    """The mention an item names (typed by its name's words, else ``default``)."""
    name = ctx.text[item.span[0]:item.span[1]]
    title = PERSON_TITLE.match(name)
    if title:
        return ctx.mention("Person", item.span[0] + title.end(), item.span[1], rule, 0.7)
    label = label_for_name(name) or default
    if label == "Programme" and default == "Organisation":
        label = "Organisation"
    existing = ctx.mention_at(*item.span)
    if existing is not None and existing.label != "Country" and (existing.start, existing.end) == item.span:
        existing.aliases.extend(a for a in item.aliases if a not in existing.aliases)
        existing.confidence = max(existing.confidence, confidence)
        return existing
    return ctx.mention(label, *item.span, rule, confidence, aliases=item.aliases)


def add_item_facts(ctx: DocContext, item: Item, entity: Mention, target: Mention | None, span: Span,
                   rule: str, default_role: str | None = "partner") -> None:
    """An item's own facts: its role in ``target``, its country, the whole it is part of."""
    role = item.role or default_role
    if target is not None and role is not None:
        ctx.fact(entity, "LEADS" if role == "lead" else "PARTNER_IN", target, span, rule,
                 0.9 if item.role else 0.8)
    if item.country is not None and item.country_span is not None:
        country = ctx.mention("Country", *item.country_span, rule, 0.9, canonical=item.country.name)
        ctx.fact(entity, "LOCATED_IN", country, span, rule, 0.85)
    if item.part_of is not None and is_name(ctx.text[item.part_of[0]:item.part_of[1]]):
        whole = ctx.entity("Organisation", *item.part_of, rule, 0.75)
        ctx.fact(entity, "PART_OF", whole, span, rule, 0.8)
