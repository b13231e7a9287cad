"""Relation rules for partnership news told in running prose.

"The project X, led by A, brings together B and C, along with D", "carried out with A and B",
"in which A and B take part", "with A as an associate partner", "a project of A and B",
"A is a partner as well", "A has joined X", "X now has six partners: ...", "A and B have signed
an agreement / have collaborated since", "X funds the consortium", "The grant comes through the
X scheme", "the X call, which A opened together with B", "P – A receives SEK 9 million". Every
partner attaches to the project the sentence is about (its subject, else what "the project/It"
refers to, else the page's project), never to the nearest name. The names these rules rely on
are typed first by :mod:`~loaders.extract.prose_names`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from nordgraph.loaders.extract.clauses import (
    ACTOR_LABELS,
    current_project,
    known_work,
    mention_label,
    names_after,
    subject_before,
    work_before,
)
from nordgraph.loaders.extract.context import DocContext, Mention
from nordgraph.loaders.extract.cues import cue_pattern
from nordgraph.loaders.extract.items import item_entity, list_items
from nordgraph.loaders.extract.lexicon import country_of
from nordgraph.loaders.extract.prose_names import named
from nordgraph.loaders.extract.rules import register
from nordgraph.loaders.extract.text import TITLE_CONNECTORS, Span, is_name, name_at, specific

_BRINGS = re.compile(r"\b(?:brings|brought|bring|will bring|unites|united|gathers|gathered)\s+together\s+")
_ALSO = re.compile(r"\s*,?\s+(?:along with|as well as|alongside)\s+")
_CARRIED = re.compile(r"\b(?:carried out|conducted|implemented|run|performed)\s+(?:jointly\s+)?(?:together\s+)?with\s+")


def _sentence_work(ctx: DocContext, sentence: Span, cue: int) -> Mention | None:
    """The project a sentence is about: what "The project/It" refers to, the project named at its
    start ("The project X, led by A, ...", "X was coordinated by A and ..."), else the page's."""
    anaphor = ctx.anaphor(sentence)
    opening = name_at(ctx.text, sentence[0], cue)
    if opening is not None and opening[0] == sentence[0]:
        known_work(ctx, opening)
    works = ctx.mentions_in(sentence[0], cue, ("Project",))
    if works and re.fullmatch(r"\s*(?:The|the)?\s*(?:project|consortium|network)?\s*",
                              ctx.text[sentence[0]:works[0].start]):
        return works[0]
    if anaphor is not None and anaphor.label == "Project":
        return anaphor
    return None if works else current_project(ctx)


def _partners(ctx: DocContext, start: int, end: int, rule: str) -> list[Mention]:
    """The organisations listed from ``start``, and those after "along with"/"as well as"."""
    found = [m for m in names_after(ctx, start, _cut_origin(ctx, start, end), "Organisation", rule, 0.75)
             if m.label in ACTOR_LABELS]
    also = _ALSO.search(ctx.text, start, end)
    if also:
        found += [m for m in names_after(ctx, also.end(), _cut_origin(ctx, also.end(), end), "Organisation", rule,
                                         0.75) if m.label in ACTOR_LABELS and m not in found]
    return found


def _cut_origin(ctx: DocContext, start: int, end: int) -> int:
    """End a list before "along with" and before a closing "from Sweden and Finland"."""
    also = _ALSO.search(ctx.text, start, end)
    end = also.start() if also else end
    for origin in re.finditer(r"\s+(?:from|in)\s+", ctx.text[start:end]):
        rest = re.split(r",\s*|\s+and\s+", ctx.text[start + origin.end():end].strip().rstrip("."))
        if all(country_of(part) for part in rest):
            return start + origin.start()
    return end


@register("brings-together", cues=("together", "carried out", "conducted", "implemented", "performed"))
def brings_together(ctx: DocContext) -> None:
    """"The project X, led by A, brings together B, C, along with D": B-D are partners of X;
    "X was coordinated by A and carried out with B and C": B and C are partners of X."""
    for sentence in ctx.sentences():
        for pattern in (_BRINGS, _CARRIED):
            for match in pattern.finditer(ctx.text, *sentence):
                work = _sentence_work(ctx, sentence, match.start())
                if work is None:
                    continue
                for partner in _partners(ctx, match.end(), sentence[1], "brings-together"):
                    ctx.fact(partner, "PARTNER_IN", work, sentence, "brings-together", 0.75)


_HAS_PARTNERS = re.compile(r"\b(?:has|have|had|now has|counts|comprises)\s+(?:now\s+)?(?:[\w-]+\s+)?(?:partners|members|"
                           r"participants|consortium members)\s*:\s*")


@register("has-partners", cues=("partners:", "members:", "participants:"))
def has_partners(ctx: DocContext) -> None:
    """"X was launched in 2025 ... and now has six partners: A, B (Finland) and C": they take part in X."""
    for sentence in ctx.sentences():
        for match in _HAS_PARTNERS.finditer(ctx.text, *sentence):
            work = _sentence_work(ctx, sentence, match.start())
            if work is None:
                continue
            for partner in names_after(ctx, match.end(), sentence[1], "Organisation", "has-partners", 0.75):
                if partner.label in ACTOR_LABELS:
                    ctx.fact(partner, "PARTNER_IN", work, sentence, "has-partners", 0.75)


_AMONG = re.compile(r"\s(?:counts|counted|numbers|includes)\s+(?P<names>[^;.]{2,200}?)\s+among\s+its\s+(?:project\s+)?"
                    r"(?:partners|members|participants)\b")


@register("counts-among-partners", cues=("among its",))
def counts_among_partners(ctx: DocContext) -> None:
    """"CareBot ... counts A and B among its partners": A and B take part in the project the sentence is about."""
    for sentence in ctx.sentences():
        for match in _AMONG.finditer(ctx.text, *sentence):
            work = _sentence_work(ctx, sentence, match.start())
            items = list_items(ctx, match.start("names"), match.end("names"))
            if work is None or not items or items[-1].span[1] != match.end("names"):
                continue
            for item in items:
                partner = item_entity(ctx, item, "counts-among", 0.75)
                if partner is not None and partner.label in ACTOR_LABELS:
                    ctx.fact(partner, "PARTNER_IN", work, sentence, "counts-among", 0.75)


_ARE_PARTNERS_IN = re.compile(r"\s(?:also\s+|both\s+)?(?:(?:are|were|will be)\s+(?:also\s+|both\s+)?(?:project\s+|consortium\s+)?"
                              r"(?:partners|participants)\s+in|" + cue_pattern("take-part") + r")\s+(?:the|this)\s+"
                              r"(?:project|consortium)\b")


@register("are-partners-in-the-project", cues=("partners in", "participants in", "particip", "take part", "took part",
                                               "taking part", "contribut", "involved", "engaged"))
def are_partners_in_the_project(ctx: DocContext) -> None:
    """"Region A and the Capital Region of B (local name) are partners in the project", "A, B and C
    participate in / contribute to / are involved in the project": each takes part in the project the
    text is about; "N organisations are involved in the project: A, B and C" likewise."""
    for sentence in ctx.sentences():
        for match in _ARE_PARTNERS_IN.finditer(ctx.text, *sentence):
            work = current_project(ctx) or _named_just_before(ctx, sentence)
            colon = re.match(r"\s*:\s*", ctx.text[match.end():sentence[1]])
            if work is not None and colon:
                for partner in names_after(ctx, match.end() + colon.end(), sentence[1], "Organisation", "are-partners-in",
                                           0.75):
                    if partner.label in ACTOR_LABELS:
                        ctx.fact(partner, "PARTNER_IN", work, sentence, "are-partners-in", 0.75)
                continue
            items = list_items(ctx, sentence[0], match.start())
            if work is None or not items or re.sub(r"\([^()]*\)", "", ctx.text[items[-1].span[1]:match.start()]).strip():
                continue
            for item in items:
                partner = item_entity(ctx, item, "are-partners-in", 0.75)
                if partner is not None and partner.label in ACTOR_LABELS:
                    ctx.fact(partner, "PARTNER_IN", work, sentence, "are-partners-in", 0.75)


_INVERTED = re.compile(r"(?:Also\s+|Further\s+)?(?:[Ii]nvolved|[Tt]aking part|[Pp]articipating|[Pp]artners|[Pp]articipants)\s+in\s+"
                       r"(?:(?P<the>the|this)\s+(?:project|consortium)|(?P<work>[^,;.]{2,60}?))\s+(?:are|were|is|was)\s+"
                       r"(?:also\s+)?(?:the\s+)?")


@register("inverted-partners", cues=("involved in", "taking part in", "participating in", "partners in", "participants in"))
def inverted_partners(ctx: DocContext) -> None:
    """"Also involved in MindBridge are A and B", "Taking part in the project are A, B and C": the
    names after the verb take part in the project the opening names (ambiguous opening: no fact)."""
    text = ctx.text
    for sentence in ctx.sentences():
        match = _INVERTED.match(text, *sentence)
        if not match:
            continue
        if match.group("the"):
            work = current_project(ctx) or _named_just_before(ctx, sentence)
        else:
            found = ctx.mention_at(match.start("work"), match.end("work"))
            project = current_project(ctx)
            work = found if found is not None and found.label == "Project" else project if (
                project is not None and match.group("work") == project.name) else None
        if work is None:
            continue
        for partner in names_after(ctx, match.end(), sentence[1], "Organisation", "inverted-partners", 0.75):
            if partner.label in ACTOR_LABELS:
                ctx.fact(partner, "PARTNER_IN", work, sentence, "inverted-partners", 0.75)


def _named_just_before(ctx: DocContext, sentence: Span) -> Mention | None:
    """The one project the paragraph named before this sentence (what its "the project" means)."""
    assert ctx.block is not None
    before = ctx.mentions_in(ctx.block.start, sentence[0], ("Project",))
    return before[-1] if before and all(m.name == before[-1].name for m in before) else None


_FUNDS_THE = re.compile(r"\s(?:funds|finances|co-?funds|co-?finances|sponsors)\s+(?:the|this)\s+(project|consortium|call|"
                        r"programme|program|initiative)\b")


_PROVIDES = re.compile(r"\s(?:provides|provided|has provided|gives|gave|has given|will provide)\s+(?:(?:[^.;]|\.(?=\d)){0,40}?\s)?"
                       r"(?:funding|financing|financial support|a grant|grants|co-funding)\s+(?:for|to)\s+(?:the\s+)?")


@register("funds-the-project", cues=("funds the", "finances the", "sponsors the", "funds this", "finances this",
                                     "funding for", "funding to", "grant for", "grant to", "support for", "support to",
                                     "grants for", "grants to", "financing for", "financing to"))
def funds_the_project(ctx: DocContext) -> None:
    """"Business Finland funds the consortium with EUR 3.3 million", "NordForsk provides funding for
    P": the project is funded by it (the project must be named right after, or be "the project")."""
    for sentence in ctx.sentences():
        for match in _PROVIDES.finditer(ctx.text, *sentence):
            works = ctx.mentions_in(match.end(), sentence[1], ("Project",))
            project = current_project(ctx)
            said = project is not None and re.match(r"(?:project|consortium)\b|" + re.escape(project.name) + r"\b",
                                                    ctx.text[match.end():sentence[1]])
            work = works[0] if works and works[0].start <= match.end() + 1 else project if said else None
            funder = subject_before(ctx, sentence, match.start(), rule="funds-the-project")
            if work is not None and funder is not None and funder.label in ACTOR_LABELS:
                ctx.fact(work, "FUNDED_BY", funder, sentence, "funds-the-project", 0.8)
        for match in _FUNDS_THE.finditer(ctx.text, *sentence):
            kind = match.group(1)
            work = current_project(ctx) if kind in ("project", "consortium") else ctx.topic.get(
                mention_label(kind))
            funder = subject_before(ctx, sentence, match.start(), rule="funds-the-project")
            if work is not None and funder is not None and funder.label in ACTOR_LABELS:
                ctx.fact(work, "FUNDED_BY", funder, sentence, "funds-the-project", 0.8)


_GRANT_THROUGH = re.compile(r"(?:The|This|Its|Our)\s+(?:grant|funding|support|award|financing)\b[^.;]{0,40}?\s(?:comes|came|is given|"
                            r"was given|is provided|was provided|is awarded|was awarded)\s+(?:through|under|from)\s+(?:the\s+)?"
                            r"(?:[\w-]+['’]s\s+)?(?:[*_“\"]\s*)?")
_SCHEME_WORD = re.compile(r"[*_”\"]?\s+(?:scheme|programme|program|instrument|fund|call)\b")


@register("grant-through", cues=("through", "under"))
def grant_through(ctx: DocContext) -> None:
    """"The grant, which comes through the Council's Innovation Project for the Industrial Sector
    scheme, ...": the project the grant was for is funded by that scheme (a programme)."""
    text = ctx.text
    for sentence in ctx.sentences():
        match = _GRANT_THROUGH.match(text, *sentence)
        work = _last_funded(ctx) if match else None
        if work is None:
            continue
        span = name_at(text, match.end(), sentence[1], TITLE_CONNECTORS)
        if span is None or span[0] != match.end() or not _SCHEME_WORD.match(text, span[1], sentence[1]):
            continue
        name = text[span[0]:span[1]]
        if is_name(name) or is_name(name, allow_generic=True) and specific(name):
            scheme = ctx.mention_at(*span) or ctx.mention("Programme", *span, "grant-through", 0.75)
            if scheme is not None and scheme.label in ("Programme", "Call"):
                ctx.fact(work, "FUNDED_BY", scheme, sentence, "grant-through", 0.75)



def _last_funded(ctx: DocContext) -> Mention | None:
    """What "The grant" refers to: the project the last funding fact was about, else the page's project."""
    funded = [f.source for f in ctx.facts if f.type == "FUNDED_BY" and f.source.label == "Project"]
    return funded[-1] if funded else current_project(ctx)


_FUNDING_OF = re.compile(r"\b(?:funding|financing|share|contribution)\s+(?:of|for|to)\s+(?:the|this)\s+(call|programme|program|"
                         r"project|initiative)\s+(?:is|was|will be)\s+(?:provided|covered|paid|financed)\s+by\s+(?:the\s+)?")
_RECEIVES = re.compile(r"\s*[–—:-]\s+(?P<org>[^–—:;.]{2,80}?)\s+(?:receives|has received|gets|is awarded|was awarded|"
                       r"has been awarded)\s+(?:[A-Z]{3}|EUR|€|\$)\s*\d")


@register("funding-of-the", cues=("funding of", "financing of", "share of", "contribution to", "receives", "awarded",
                                  "gets"))
def funding_of_the(ctx: DocContext) -> None:
    """"NordForsk's funding of the call is provided by the Nordic Council of Ministers": the call is
    funded by it; "P – Uppsala University receives SEK 9.8 million to ...": the recipient leads P."""
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _FUNDING_OF.finditer(text, *sentence):
            kind = match.group(1)
            work = current_project(ctx) if kind == "project" else ctx.topic.get(mention_label(kind))
            for funder in names_after(ctx, match.end(), sentence[1], "Organisation", "funding-of", 0.8, lenient=True)[:1]:
                if work is not None and funder.label in ACTOR_LABELS:
                    ctx.fact(work, "FUNDED_BY", funder, sentence, "funding-of", 0.8)
        for work in ctx.mentions_in(*sentence, ("Project",)):
            match = _RECEIVES.match(text, work.end, sentence[1])
            span = name_at(text, match.start("org"), match.end("org")) if match else None
            if span is None or span[1] != match.end("org"):
                continue
            recipient = named(ctx, span, "receives")
            if recipient is not None and recipient.label in ACTOR_LABELS:
                ctx.fact(recipient, "LEADS", work, sentence, "receives", 0.75)


_IN_WHICH = re.compile(r"\b(?:in which|where)\s+")
_TAKE_PART = re.compile(r"\s+(?:also\s+)?(?:take|takes|took|are taking|will take)\s+part\b|"
                        r"\s+(?:also\s+)?(?:participate|participates|participated|will participate)\b")


@register("in-which-take-part", cues=("take part", "takes part", "took part", "particip"))
def in_which_take_part(ctx: DocContext) -> None:
    """"X, coordinated by A, in which B and the start-up C take part": B and C are partners of X."""
    for sentence in ctx.sentences():
        for match in _IN_WHICH.finditer(ctx.text, *sentence):
            verb = _TAKE_PART.search(ctx.text, match.end(), sentence[1])
            if verb is None:
                continue
            work = work_before(ctx, sentence, match.start())
            if work is None or work.label != "Project":
                continue
            for item in list_items(ctx, match.end(), verb.start()):
                partner = item_entity(ctx, item, "take-part", 0.75)
                if partner is not None and partner.label in ACTOR_LABELS:
                    ctx.fact(partner, "PARTNER_IN", work, sentence, "take-part", 0.75)


_AS_PARTNER = re.compile(r"\bwith\s+(?:the\s+)?(?P<name>[^,;.()]{2,80}?)\s+as\s+(?:an?\s+)?(?:associate[d]?\s+|"
                         r"industry\s+|industrial\s+|additional\s+|full\s+|third\s+)?partner\b")
_PROJECT_OF = re.compile(r"\b(?:a|an)\s+(?:joint\s+|[\w-]+\s+){0,2}?project\s+(?:of|by|between)\s+(?:the\s+)?")


@register("project-of", cues=("project of", "project by", "project between", "as a", "as an"))
def project_of(ctx: DocContext) -> None:
    """"P: a project of A and B, with C as an associate partner": A, B and C are partners of P."""
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _PROJECT_OF.finditer(text, *sentence):
            work = work_before(ctx, sentence, match.start())
            if work is None or work.label != "Project" or work.start >= match.start():
                continue
            if text[work.end:match.start()].strip() not in (":", ",", "is", "was", "–", "-"):
                continue
            for partner in names_after(ctx, match.end(), sentence[1], "Organisation", "project-of", 0.75):
                if partner.label in ACTOR_LABELS:
                    ctx.fact(partner, "PARTNER_IN", work, sentence, "project-of", 0.75)
        for match in _AS_PARTNER.finditer(text, *sentence):
            span = name_at(text, match.start("name"), match.end("name"))
            if span is None or span[1] != match.end("name") or not is_name(text[span[0]:span[1]]):
                continue
            work = work_before(ctx, sentence, match.start())
            partner = ctx.entity("Organisation", *span, "as-partner", 0.75)
            if work is not None and work.label == "Project" and partner is not None and partner.label in ACTOR_LABELS:
                ctx.fact(partner, "PARTNER_IN", work, sentence, "as-partner", 0.75)


_IS_PARTNER = re.compile(r"\s(?:is|are)\s+(?:also\s+)?(?:an?\s+)?(?:associate[d]?\s+|industry\s+|project\s+|"
                         r"consortium\s+)?partners?(?:\s+as well|\s+too|\s+in the project|\s+in the consortium)?"
                         r"(?=\s*[.;]|\s*$)")


@register("is-a-partner", cues=("partner",))
def is_a_partner(ctx: DocContext) -> None:
    """"... and the pharmacy C is a partner as well.": C takes part in the project the text is about."""
    for sentence in ctx.sentences():
        for match in _IS_PARTNER.finditer(ctx.text, *sentence):
            work = ctx.anaphor(sentence) if ctx.text[sentence[0]:match.start()].startswith(("It ", "It's")) else None
            work = work or current_project(ctx)
            subject = subject_before(ctx, sentence, match.start(), rule="is-a-partner")
            if work is not None and work.label == "Project" and subject is not None and subject.label in ACTOR_LABELS:
                ctx.fact(subject, "PARTNER_IN", work, sentence, "is-a-partner", 0.7)


_ROLE = r"(?:project\s+)?(?:coordinator|lead partner|project leader|project owner|lead organi[sz]ation|main applicant)"
_ROLE_IS = re.compile(r"(?:The|Its)\s+" + _ROLE + r"(?:\s+(?:of|for)\s+(?:the|this)\s+(?:project|consortium))?\s+"
                      r"(?:is|was|will be)\s+(?:the\s+)?")
_SERVES_AS = re.compile(r"\s(?:serves|served|acts|acted|will serve|will act)\s+as\s+(?:the\s+)?" + _ROLE + r"\b")
_WITH_AS = re.compile(r"\bwith\s+(?:the\s+)?(?P<name>[^,;.()]{2,80}?)\s+as\s+(?:the\s+)?" + _ROLE + r"\b")


@register("role-statement", cues=("coordinator", "lead partner", "project leader", "project owner", "lead organi",
                                  "main applicant"))
def role_statement(ctx: DocContext) -> None:
    """"The coordinator of the project is A", "B serves as project coordinator", "P, with C as
    coordinator": each leads the project the text is about (the name must read as one)."""
    text = ctx.text
    for sentence in ctx.sentences():
        leads: list[tuple[Mention | None, Mention | None]] = []
        opening = _ROLE_IS.match(text, *sentence)
        if opening:
            span = name_at(text, opening.end(), sentence[1])
            if span is not None and span[0] == opening.end():
                leads.append((named(ctx, span, "role-statement"), ctx.anaphor(sentence) or current_project(ctx)))
        for match in _SERVES_AS.finditer(text, *sentence):
            leads.append((subject_before(ctx, sentence, match.start(), rule="role-statement"), current_project(ctx)))
        for match in _WITH_AS.finditer(text, *sentence):
            span = name_at(text, match.start("name"), match.end("name"))
            if span is not None and span[1] == match.end("name"):
                leads.append((named(ctx, span, "role-statement"), work_before(ctx, sentence, match.start())))
        for lead, work in leads:
            if lead is not None and lead.label in ACTOR_LABELS and work is not None and work.label == "Project":
                ctx.fact(lead, "LEADS", work, sentence, "role-statement", 0.75)


_JOINED = re.compile(r"\s(?:has|have|had)\s+(?:now\s+|recently\s+|officially\s+)?joined\s+(?:the\s+)?")
_CONSORTIUM_APPOSITION = re.compile(r"\s*(?:project|consortium)?\s*,\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,4}?"
                                    r"(?:project|consortium)\b|\s+(?:project|consortium)\b")


@register("has-joined", cues=("joined",))
def has_joined(ctx: DocContext) -> None:
    """"A has joined P, the ... consortium led by B" / "A has joined the P project": A is a partner of P."""
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _JOINED.finditer(text, *sentence):
            span = name_at(text, match.end(), sentence[1])
            if span is None or span[0] != match.end():
                continue
            existing = ctx.mention_at(*span)
            if existing is not None and existing.label == "Project":
                work = existing
            elif _CONSORTIUM_APPOSITION.match(text, span[1], sentence[1]) and is_name(text[span[0]:span[1]]):
                work = ctx.mention("Project", *span, "has-joined", 0.75)
            else:
                continue
            subject = subject_before(ctx, sentence, match.start(), rule="has-joined")
            if subject is not None and subject.label in ACTOR_LABELS:
                ctx.fact(subject, "PARTNER_IN", work, sentence, "has-joined", 0.75)


_MUTUAL = re.compile(r"\s(?:(?:have|has|had)\s+(?:now\s+|also\s+|today\s+|formally\s+|long\s+)?(?:signed\s+(?:an?\s+|a\s+new\s+)?"
                     r"(?:[\w-]+\s+){0,3}?(?:agreement|memorandum of understanding)|collaborated|co-?operated|"
                     r"worked\s+(?:closely\s+)?together|been\s+(?:working|collaborating)\s+together)|"
                     r"(?:are|were)\s+(?:now\s+|also\s+)?(?:working|collaborating|co-?operating)\s+(?:closely\s+)?together|"
                     r"(?:collaborate|co-?operate|work)\s+(?:closely\s+)?together)\b")


@register("mutual-agreement", cues=("signed", "collaborated", "cooperated", "co-operated", "together", "between"))
def mutual_agreement(ctx: DocContext) -> None:
    """"A and B have signed an agreement", "A and B have collaborated since 2015": they collaborate;
    "A has signed an agreement with B" likewise."""
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _MUTUAL.finditer(text, *sentence):
            items = list_items(ctx, sentence[0], match.start())
            if not items or re.sub(r"\([^()]*\)", "", text[items[-1].span[1]:match.start()]).strip():
                continue
            sides = [item_entity(ctx, item, "mutual-agreement", 0.75) for item in items]
            with_ = re.match(r"\s+with\s+(?:the\s+)?", text[match.end():sentence[1]])
            if with_ and len(sides) == 1:
                sides += names_after(ctx, match.end() + with_.end(), sentence[1], "Organisation", "mutual-agreement",
                                     0.75)
            _mutual(ctx, sides, sentence)
        for match in _BETWEEN.finditer(text, *sentence):  # "a collaboration between A and B"
            sides = names_after(ctx, match.end(), sentence[1], "Organisation", "mutual-agreement", 0.75)
            if sides and not re.match(r"\s*(?:\([^()]*\))?\s*(?:,|and\b)", text[sides[-1].end:sentence[1]]):
                _mutual(ctx, sides, sentence)  # a list that goes on past its last name read is ambiguous


_BETWEEN = re.compile(r"\b(?:collaboration|co-?operation|partnership|agreement|alliance)\s+between\s+(?:the\s+)?")


def _mutual(ctx: DocContext, sides: Sequence[Mention | None], sentence: Span) -> None:
    """Exactly two organisations work together; any other number is ambiguous and gives no fact."""
    if len(sides) == 2 and all(s is not None and s.label in ACTOR_LABELS for s in sides):
        ctx.fact(sides[0], "COLLABORATES_WITH", sides[1], sentence, "mutual-agreement", 0.75)



_WHICH_OPENED = re.compile(r",?\s+which\s+(?:the\s+)?(?P<lead>[^,;.]{2,80}?)\s+(?:launched|opened|announced|initiated|"
                           r"organi[sz]ed|set up)\b[^,;.]{0,40}?\s+together\s+with\s+(?:its\s+partners\s+)?")
_LAUNCHED_BY = re.compile(r"\b(?:was|were|is|has been)\s+(?:launched|opened|announced|initiated|set up)\s+(?:jointly\s+)?"
                          r"by\s+(?:the\s+)?")


@register("call-launched", cues=("launched", "opened", "announced", "initiated", "organi", "set up"))
def call_launched(ctx: DocContext) -> None:
    """"the X call, which A opened together with B and C" / "The call was launched by A together
    with B and C": A leads the call, B and C take part in it."""
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _WHICH_OPENED.finditer(text, *sentence):
            works = [w for w in ctx.mentions_in(sentence[0], match.start() + 1, ("Call", "Programme"))
                     if not text[w.end:match.start()].strip(" *_”\"") or
                     re.fullmatch(r"\s*[*_”\"]?\s*(?:call|programme|program)", text[w.end:match.start()])]
            span = name_at(text, match.start("lead"), match.end("lead"))
            if not works or span is None or span[1] != match.end("lead"):
                continue
            _launched(ctx, works[-1], named(ctx, span, "call-launched"), match.end(), sentence)
        for match in _LAUNCHED_BY.finditer(text, *sentence):
            work = work_before(ctx, sentence, match.start())
            if work is None or work.label not in ("Call", "Programme"):
                continue
            leads = names_after(ctx, match.end(), sentence[1], "Organisation", "call-launched", 0.75, lenient=True)
            together = re.match(r"\s*(?:\([^()]*\)\s*)?,?\s+together\s+with\s+", text[leads[0].end:sentence[1]]) \
                if leads else None
            if leads and together:
                _launched(ctx, work, leads[0], leads[0].end + together.end(), sentence)


def _launched(ctx: DocContext, work: Mention, lead: Mention | None, partners_at: int, sentence: Span) -> None:
    if lead is None or lead.label not in ACTOR_LABELS:
        return
    ctx.fact(lead, "LEADS", work, sentence, "call-launched", 0.75)
    for partner in names_after(ctx, partners_at, sentence[1], "Organisation", "call-launched", 0.75):
        if partner.label in ACTOR_LABELS:
            ctx.fact(partner, "PARTNER_IN", work, sentence, "call-launched", 0.7)
