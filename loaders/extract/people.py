"""People with their stated roles, and the organisations they speak for (low priority)."""
from __future__ import annotations

import re

from nordgraph.loaders.extract.context import DocContext
from nordgraph.loaders.extract.lexicon import LEAD_ROLES, body_pattern, country_of
from nordgraph.loaders.extract.mentions import label_for_name
from nordgraph.loaders.extract.rules import register
from nordgraph.loaders.extract.text import is_acronym, is_generic, is_name

_PERSON = r"[A-ZÆØÅÄÖ][a-zæøåäöéüí]+(?:[ -][A-ZÆØÅÄÖ][a-zæøåäöéüí]+){1,3}"
_PERSON_ORG = re.compile(rf"({_PERSON})\s+\(([^()]{{2,60}})\)")
_ROLE_OF = re.compile(rf"\b(?:general manager|managing director|director(?: general)?|CEO|chief [a-z]+ officer|"
                      rf"head of [a-z]+(?: [a-z]+)?|chair(?:man|woman|person)?|president|founder|professor|"
                      rf"senior adviser|adviser|advisor|project manager|secretary general)\s+(?:of|at|in)\s+"
                      rf"(?:the\s+)?([A-Z][^,;:()]{{2,80}}?)(?:’s|'s)?,\s+({_PERSON})\b")
_REPRESENTED = re.compile(rf"([A-Z][\w-]+(?:\s[A-Z][\w-]+){{0,4}}),\s+(?:here\s+)?represented\s+by\s+({_PERSON})")


@register("people", cues=("(", ",", "represented"))
def people(ctx: DocContext) -> None:
    """"Name (Organisation)" lists, "general manager of X, Name", "X, represented by Name"."""
    text = ctx.text
    for sentence in ctx.sentences():
        pairs = [m for m in _PERSON_ORG.finditer(text, *sentence) if _org_in_parenthesis(m.group(1), m.group(2))]
        if len(pairs) >= 2 or pairs and re.search(r"\b(?:says|said|explains|adds)\b", text[sentence[0]:sentence[1]]):
            for match in pairs:
                _works_for(ctx, match.span(1), match.span(2), sentence)
        for match in _ROLE_OF.finditer(text, *sentence):
            if is_name(match.group(1)) and _looks_like_person(match.group(2)):
                _works_for(ctx, match.span(2), match.span(1), sentence)
        for match in _REPRESENTED.finditer(text, *sentence):
            if is_name(match.group(1)) and _looks_like_person(match.group(2)):
                _works_for(ctx, match.span(2), match.span(1), sentence)


def _looks_like_person(name: str) -> bool:
    """Two to four capitalised words, none of them an organisation word, a country or a known body."""
    return label_for_name(name) is None and not any(country_of(w) for w in name.split()) \
        and body_pattern()[0].search(name) is None and not is_generic(name)


def _org_in_parenthesis(person: str, inner: str) -> bool:
    inner = inner.strip()
    if not _looks_like_person(person):
        return False
    return (is_name(inner) or is_acronym(inner)) and not country_of(inner) and not LEAD_ROLES.match(inner) \
        and not is_acronym(inner) or (is_acronym(inner) and "".join(w[0] for w in person.split()) != inner)


def _works_for(ctx: DocContext, person_span: tuple[int, int], org_span: tuple[int, int],
               sentence: tuple[int, int]) -> None:
    org = ctx.entity("Organisation", *org_span, "people", 0.7)
    person = ctx.mention("Person", *person_span, "people", 0.6)
    if org is not None and org.label in ("Organisation", "Ministry"):
        ctx.fact(person, "WORKS_FOR", org, sentence, "people", 0.6)
