"""Relation rules that read the language of sentences.

"led by", "X leads/coordinates/is the lead partner", "funded by / with support from / received
... from / granted ... to", "part of", "one of the N projects funded under", "under the X
programme", "in collaboration with", "is a partner in", "joins as a partner", "partners
include", "X together with its partners A, B launched the call Y", "a report written by X on
behalf of Y", "based in <Country>" / "the Swedish company X".
"""
from __future__ import annotations

import re

from nordgraph.loaders.extract.clauses import (
    ACTOR_LABELS,
    WORK_LABELS,
    current_project,
    mention_label,
    names_after,
    names_with_relatives,
    subject_before,
    work_before,
)
from nordgraph.loaders.extract.context import DocContext, Mention
from nordgraph.loaders.extract.cues import cue_pattern
from nordgraph.loaders.extract.items import item_entity, list_items
from nordgraph.loaders.extract.lexicon import country_of
from nordgraph.loaders.extract.rules import register
from nordgraph.loaders.extract.text import Span, is_name, name_at, specific

_LED_BY = re.compile(r"\b(?i:" + cue_pattern("lead-passive") + r")\s+(?:jointly\s+|together\s+)?by\s+")
_ALONG = re.compile(r"\s*,?\s+(?:together with|in (?:close )?(?:cooperation|collaboration|partnership) with|and)\s+")


_OTHER_HEAD = re.compile(r"(?:The|An?|Its|Our|Their|This)\s+(?:(?!(?:project|programme|program|call|initiative|consortium|"
                         r"network)\b)[\w-]+\s+){0,3}?(?!(?:project|programme|program|call|initiative|consortium|"
                         r"network)\b)[a-z-]+\s*,\s*(?:(?:which|that)\s+)?(?:(?:is|was|are|were|will be)\s+)?")


@register("led-by", cues=("by ",))
def led_by(ctx: DocContext) -> None:
    """"a project led by X", "coordinated by X": X leads the project."""
    for sentence in ctx.sentences():
        for match in _LED_BY.finditer(ctx.text, *sentence):
            if _OTHER_HEAD.fullmatch(ctx.text, sentence[0], match.start()):
                continue  # "The Finnish arm, led by X": X leads a part, not the project
            work = work_before(ctx, sentence, match.start())
            for lead in names_after(ctx, match.end(), sentence[1], "Organisation", "led-by", 0.8, lenient=True):
                if lead.label == "Person":
                    lead = _affiliation(ctx, lead, sentence)
                if lead is not None and lead.label in ACTOR_LABELS:
                    ctx.fact(lead, "LEADS", work, sentence, "led-by", 0.85 if lead.rule == "led-by" else 0.75)
                    along = _ALONG.match(ctx.text, lead.end, sentence[1])
                    if along and work is not None:  # "coordinated by X together with Y": Y takes part
                        for partner in names_with_relatives(ctx, along.end(), sentence[1], "led-by", 0.75):
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
                         + cue_pattern("lead-active") + "|"
                         r"is the (?:coordinator|owner|leader|lead partner|project owner|project leader) (?:of|for)|"
                         r"is the (?:coordinator|lead partner|project leader|project owner|lead)(?=[.,;]|\s*$)|"
                         r"owns|manages|is managing|is responsible for)(?:\s+|(?=[.,;])|$)(?:the\s+|this\s+)?"
                         r"(?:(project|program(?:me)?|call|initiative)\b\s*)?")


@register("leads-verb", cues=("lead", "coordinat", "own", "manag", "responsible", "head", "direct", "runs",
                                 "running", "in charge", "chairs"))
def leads_verb(ctx: DocContext) -> None:
    """"X is the owner of the program Y", "X coordinates the Y project", "X is leading a work package"."""
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
                ctx.introduce(lead)  # what "the cluster/company" now refers to


_FUNDED = re.compile(r"\b" + cue_pattern("fund-passive") + r"\s+(?:(?:in part|partly|jointly|mainly|largely)\s+)?"
                     r"(?:by|through)\s+|\b(?:with|thanks to|through)\s+(?:the\s+)?(?:(?:financial|generous|additional|"
                     r"further|partial|national|public|regional|international)\s+){0,2}"
                     r"(?:support|funding|grants?|financing)\s+(?:from|of|by)\s+|\b(?:funding|grants?)\s+from\s+|"
                     r"\b(?:[Ff]unding|[Ff]inancing|[Ss]upport|[Mm]oney)\s+(?:came|comes|is coming|was provided|is provided)\s+"
                     r"(?:from|by)\s+|\bwith\s+(?:an?\s+)?(?:(?:smaller|small|further|additional|financial|minor)\s+)?"
                     r"(?:financial\s+)?contributions?\s+from\s+")
_FUNDED_UNDER = re.compile(r"\b(?:(?:co-?)?funded|financed|supported|(?:granted|awarded|received)\s+funding|selected)\s+"
                           r"(?:under|within|through|by|from|in)\s+(?:the\s+)?")


@register("funded-by", cues=("fund", "financ", "support", "sponsor", "grant", "backed", "underwritten"))
def funded_by(ctx: DocContext) -> None:
    """"funded by X", "financed by X", "with support from X", "funded under the X call"."""
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _FUNDED.finditer(text, *sentence):
            target_work = ctx.mentions_in(match.end(), min(sentence[1], match.end() + 80), ("Call", "Programme"))
            if target_work and len(text[match.end():target_work[0].start].split()) <= 6:
                funders = target_work[:1]
                owner = re.fullmatch(r"(?:the\s+)?(.+?)['’]s\s*[*_“\"]?\s*", text[match.end():target_work[0].start])
                payer = ctx.entity("Organisation", match.end() + owner.start(1), match.end() + owner.end(1),
                                   "funded-by", 0.8) if owner and is_name(owner.group(1)) else None
                if payer is not None:  # "funding from X's programme Y": X funds it too
                    funders.append(payer)
            else:
                funders = names_after(ctx, match.end(), sentence[1], "Organisation", "funded-by", 0.8, lenient=True)
            subject = _funded_subject(ctx, sentence, match.start())
            for funder in funders + funding_extras(ctx, funders[-1:], sentence):
                if funder.label in ("Organisation", "Ministry", "Call", "Programme"):
                    ctx.fact(subject, "FUNDED_BY", funder, sentence, "funded-by", 0.85)
        for match in _FUNDED_UNDER.finditer(text, *sentence):
            if _FUNDED.match(text, match.start()):
                continue
            targets = ctx.mentions_in(match.end(), sentence[1], ("Call", "Programme"))
            if targets and text[match.end():targets[0].start].strip() in ("", "the"):
                ctx.fact(_funded_subject(ctx, sentence, match.start()), "FUNDED_BY", targets[0], sentence,
                         "funded-by", 0.85)


_AS_SOURCE = re.compile(r"(?:\b(?:under|through|via|within)\s+(?:the\s+)?|['’]s\s+|\b(?:fund\w*|financ\w*|support\w*|grants?|"
                        r"granted|awarded|money)\s+(?:\w+\s+){0,2}?(?:from|by)\s+(?:the\s+)?)[*_“\"]?\s*$")


def _funded_subject(ctx: DocContext, sentence: Span, cue: int) -> Mention | None:
    relative = re.search(r",\s*(?:which|that)\s+(?:is|are|was|were|has been|have been|has|have)?\s*"
                         r"(?:also\s+|partly\s+|jointly\s+|just\s+|recently\s+|now\s+)?$", ctx.text[sentence[0]:cue])
    if relative:  # "the programme X, which is financed by Y": X
        before = [m for m in ctx.mentions_in(sentence[0], sentence[0] + relative.start()) if m.label != "Country"]
        return before[-1] if before else None
    anaphor = ctx.anaphor(sentence)
    if anaphor is not None:
        return anaphor
    works = [w for w in ctx.mentions_in(sentence[0], cue, WORK_LABELS) if not _AS_SOURCE.search(ctx.text, sentence[0], w.start)]
    if _CONJOINED.search(ctx.text, sentence[0], cue):  # "P belongs to Q and is supported by Y": P, subject of both verbs
        opening = name_at(ctx.text, sentence[0], cue)
        said = ctx.mention_at(*opening) if opening is not None and opening[0] == sentence[0] else None
        project = current_project(ctx)
        if said is None and opening is not None and opening[0] == sentence[0] and project is not None and \
                ctx.text[opening[0]:opening[1]] == project.name:
            said = project
        if said is not None and said.label in WORK_LABELS:
            return said
    if works:
        return works[-1]
    subject = subject_before(ctx, sentence, cue, rule="funded-by")
    if subject is not None:
        return subject
    first = ctx.mentions_in(sentence[0], cue, ACTOR_LABELS)
    if first and ctx.text[sentence[0]:first[0].start].strip() in ("", "The", "the"):
        return first[0]
    if _NOUN_SUBJECT.match(ctx.text, sentence[0], cue):
        return None  # "The agreement, which was negotiated with support from X": not the project
    opening = name_at(ctx.text, sentence[0], cue)
    project = current_project(ctx)
    if opening is not None and opening[0] == sentence[0] and is_name(ctx.text[opening[0]:opening[1]]) and (
            project is None or ctx.text[opening[0]:opening[1]] != project.name):
        kind = _IS_A_KIND.match(ctx.text, opening[1], cue)
        # "Medtech4Health is a strategic innovation programme financed by X": that programme, not the project
        return ctx.mention(mention_label(kind.group(1)), *opening, "funded-by", 0.75) if kind else None
    return project


_CONJOINED = re.compile(r"\s+and\s+(?:is|are|was|were|has been|have been)\s+(?:also\s+|partly\s+|jointly\s+)?$")


_IS_A_KIND = re.compile(r"\s+(?:is|was)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,4}?(programme|program|call|initiative|project)\b")


_NOUN_SUBJECT = re.compile(r"(?:The|This|These|Our|Their|Its)\s+(?:[a-z-]+\s+){0,2}?(?!(?:project|programme|program|call|"
                           r"initiative|consortium|network)\b)[a-z-]+\b(?!\s+(?:project|programme|program|call)\b)")


_PART_OF = re.compile(r"\b(?:(?:is|are|was|were|will be|has become)\s+(?:now\s+|also\s+)?(?:a\s+|an\s+)?"
                      + cue_pattern("part-noun") + "|" + cue_pattern("part-verb") + r")\s+(?:the\s+)?")
_ONE_OF = re.compile(r"\b(?:is|was)\s+one\s+of\s+(?:the\s+|only\s+)?(?:[\w-]+\s+){0,6}?(?:projects|programmes|programs|calls|"
                     r"initiatives)\b")


@register("part-of", cues=("part of", "one of", "belong", "fall", "fell under", "sits ", "sub-project", "subproject",
                             "component of", "strand of"))
def part_of(ctx: DocContext) -> None:
    """"The call is part of the X", "The project is one of the N projects funded under the X call"."""
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _PART_OF.finditer(text, *sentence):
            whole = ctx.mentions_in(match.end(), sentence[1], WORK_LABELS + ACTOR_LABELS)
            if not whole or whole[0].start > match.end() + 40:
                continue
            if whole[0].label in ACTOR_LABELS and re.match(r"['’]s\s", ctx.text[whole[0].end:sentence[1]]):
                owned = [w for w in whole[1:] if w.label in WORK_LABELS and w.start <= whole[0].end + 4]
                whole = owned or whole  # "part of NordForsk's Programme on X": the programme, not the agency
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


@register("project-under", cues=("project", "call", "initiative"))
def project_under(ctx: DocContext) -> None:
    """"X is an innovation project under the Horizon Europe programme": X is funded by it."""
    for sentence in ctx.sentences():
        for match in _UNDER.finditer(ctx.text, *sentence):
            targets = ctx.mentions_in(match.end(), sentence[1], ("Call", "Programme"))
            if not targets or targets[0].start > match.end() + 2:
                continue
            subject = ctx.anaphor(sentence) or work_before(ctx, sentence, match.start())
            if subject is not None and subject.label in ("Project", "Call"):
                ctx.fact(subject, "FUNDED_BY", targets[0], sentence, "project-under", 0.75)


_COLLABORATE = re.compile(r"\b(?:(?:will\s+)?(?:co-?operate|collaborate|partner|work|team up|works? together)s?"
                          r"(?:\s+(?:closely|actively|tightly|extensively|directly))?(?<!\bwork)(?<!\bworks)|"
                          r"(?:is|are|was|were)\s+(?:now\s+|also\s+)?(?:co-?operating|collaborating|partnering|teaming up|working)"
                          r"(?:\s+(?:closely|actively|tightly|directly))?(?<!working)|"
                          r"teams up|teamed up|partnered|joined forces|(?:in\s+)?(?:close\s+|a\s+|an\s+)?(?:collaboration|co-?operation|"
                          r"partnership|alliance))\s+with\s+"
                          r"(?:(?:i\.\s?e\.?|e\.\s?g\.?|among others|amongst others)\s*,?\s*)?")


@register("collaboration", cues=("with",))
def collaboration(ctx: DocContext) -> None:
    """"will cooperate with the X-project", "entered into a collaboration with X" (symmetric)."""
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
            project = subject if subject.label == "Project" else _led_project(ctx, subject)
            for partner in partners:
                if project is not None and partner.label in ACTOR_LABELS:
                    # the lead of the project works with them on it: they take part in it
                    ctx.fact(partner, "PARTNER_IN", project, sentence, "collaboration", 0.65)
                elif partner.label in ACTOR_LABELS + ("Project",):
                    ctx.fact(subject, "COLLABORATES_WITH", partner, sentence, "collaboration", 0.7)


def _led_project(ctx: DocContext, subject: Mention) -> Mention | None:
    """The project the text is about when ``subject`` is said in this document to lead it."""
    project = ctx.topic.get("Project")
    if project is None or subject.label not in ACTOR_LABELS:
        return None
    leads = any(f.type == "LEADS" and f.target is project and f.source.name == subject.name for f in ctx.facts)
    return project if leads else None


def _collaboration_subject(ctx: DocContext, sentence: Span, cue: int) -> Mention | None:
    clause = None
    for clause in re.finditer(r"[,;]\s+(?:and|but|while|whereas)\s+|;\s+", ctx.text[sentence[0]:cue]):
        pass
    if clause is not None:  # "A works with B, and C teams up with D": C is the subject of its own clause
        sentence = (sentence[0] + clause.end(), sentence[1])
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
    if span is not None and span[0] == sentence[0] and not ctx.text[span[1]:cue].strip():
        return subject_before(ctx, sentence, cue, rule="collaboration")  # "UCPH teams up with"
    if re.match(r"\s*(?:This|These|The)\s+(?:result|results|work|success|achievement)", head):
        return current_project(ctx)
    return None


_PARTNER_IN = re.compile(r"\s(?:is|are|was|were|has been|have been|became|becomes)\s+(?:also\s+|now\s+)?(?:a\s+|an\s+)?"
                         r"(?:(?:project|consortium|associated|full|key)\s+)?(?:partners?|participants?|members?)\s+(?:in|of)\s+"
                         r"(?:the\s+)?")


_JOINS = re.compile(r"\s(?:joins|joined|will join|participates|participated|takes part|took part|is participating|"
                    r"will participate)(?:\s+as\s+(?:an?\s+)?(?:[\w-]+\s+)?(?:partner|participant))?"
                    r"(?:\s+in\s+(?:the\s+)?)?")


@register("joins-as-partner", cues=("join", "particip", "part in"))
def joins_as_partner(ctx: DocContext) -> None:
    """"Medikaatio Oy joins as an industry partner", "X takes part in the Y project"."""
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


@register("partner-in", cues=("partner", "participant", "member"))
def partner_in(ctx: DocContext) -> None:
    """"X is also a partner in SMILE and Carematrix": PARTNER_IN each named project."""
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


@register("partners-include", cues=("partner", "consortium", "participant"))
def partners_include(ctx: DocContext) -> None:
    """"The project partners include A, B and C"; "X won a grant with 13 other partners,
    including A and B" (then the partners collaborate with X)."""
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


@register("together-with", cues=("together with",))
def together_with(ctx: DocContext) -> None:
    """"X together with its partners A, B and C launched the call Y": X leads, A-C partner."""
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


@register("commissioned-by", cues=(" by ",))
def commissioned_by(ctx: DocContext) -> None:
    """"a report written by X on behalf of Y": X and Y are organisations; X works for Y (FUNDED_BY)."""
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


@register("subject-topic")
def subject_topic(ctx: DocContext) -> None:
    """An organisation that opens a sentence becomes what "the cluster/company" refers to."""
    for sentence in ctx.sentences():
        for mention in ctx.mentions_in(*sentence, ACTOR_LABELS):
            if ctx.text[sentence[0]:mention.start].strip() in ("", "The"):
                ctx.introduce(mention)
            break


_RECEIVED = re.compile(r"\b(?:received|receives|has received|have received|(?:was|were|has been|have been|is) awarded|won|secured|"
                       r"was granted|were granted)\s+(?P<what>(?:[^.;]|\.(?=\d)){0,80}?)\s+from\s+(?:the\s+)?")
_MONEY_WORDS = re.compile(r"fund|grant|support|financ|million|billion|NOK|EUR|SEK|DKK|ISK|€|\$|kroner|euro", re.I)


@register("received-from", cues=("from",))
def received_from(ctx: DocContext) -> None:
    """"The project has received NOK 12 million from the Research Council of Norway"."""
    text = ctx.text
    for sentence in ctx.sentences():
        for match in _RECEIVED.finditer(text, *sentence):
            if not _MONEY_WORDS.search(match.group("what")):
                continue
            works = ctx.mentions_in(match.end(), min(sentence[1], match.end() + 60), ("Call", "Programme"))
            funders = works[:1] if works and works[0].start <= match.end() + 1 else names_after(
                ctx, match.end(), sentence[1], "Organisation", "received-from", 0.8, lenient=True)[:1]
            subject = _funded_subject(ctx, sentence, match.start())
            purpose = _GRANT_FOR.match(text, funders[0].end, sentence[1]) if funders else None
            work = _work_at(ctx, purpose.end(), sentence[1]) if purpose else None
            if work is not None:  # "X has been awarded NOK 12 million from Y for P": X leads P, Y funds P
                recipient = subject
                subject = work
                if recipient is not None and recipient.label in ACTOR_LABELS:
                    ctx.fact(recipient, "LEADS", work, sentence, "received-from", 0.75)
            for funder in funders + funding_extras(ctx, funders, sentence):
                if funder.label in ("Organisation", "Ministry", "Call", "Programme"):
                    ctx.fact(subject, "FUNDED_BY", funder, sentence, "received-from", 0.8)


_GRANT_FOR = re.compile(r"\s*(?:\([^()]*\))?\s+for\s+(?:the\s+)?(?:project\s+)?(?:[*_“\"]\s*)?")


def _work_at(ctx: DocContext, start: int, end: int) -> Mention | None:
    """The project named right at ``start``, if any."""
    works = ctx.mentions_in(start, end, ("Project",))
    return works[0] if works and works[0].start <= start + 2 else None


_SOURCE_AFTER = re.compile(r"\s*(?:\([^()]*\))?(?:['’]s\s+(?:[*_]\s*)?(?=[A-Z])|\s+(?:under|through|via|within)\s+"
                           r"(?:the|its|their)\s+(?:[*_“\"]\s*)?(?=[A-Z]))")
_AND_BY = re.compile(r"\s*(?:\([^()]*\))?\s+and\s+(?:also\s+)?by\s+(?:the\s+)?")
_SCHEME = re.compile(r"[*_”\"]?\s+(programme|program|scheme|call|initiative|fund|instrument)\b")


def funding_extras(ctx: DocContext, funders: list[Mention], sentence: Span) -> list[Mention]:
    """More sources named right after a funder: "Y's programme Z" / "Y under the Z" / "Y through
    the Z programme" (the project is funded by Z as well) and "by Y and by W"."""
    if not funders:
        return []
    text = ctx.text
    last = funders[-1]
    extras: list[Mention] = []
    source = _SOURCE_AFTER.match(text, last.end, sentence[1])
    if source:
        span = name_at(text, source.end(), sentence[1])
        kind = _SCHEME.match(text, span[1], sentence[1]) if span else None
        named = span is not None and (is_name(text[span[0]:span[1]]) or is_name(text[span[0]:span[1]], allow_generic=True)
                                      and specific(text[span[0]:span[1]]))
        if span is not None and named and (kind or "'" not in source.group()
                                                                     and "’" not in source.group()):
            word = kind.group(1).lower() if kind else ""
            label = "Call" if word == "call" or re.search(r"\bCall\b", text[span[0]:span[1]]) else "Programme"
            existing = ctx.mention_at(*span)
            found = existing if existing is not None and existing.label in ("Call", "Programme") else (
                ctx.mention(label, *span, "funding-source", 0.75) if existing is None else None)
            if found is not None:
                extras.append(found)
    also = _AND_BY.match(text, last.end, sentence[1])
    if also:
        extras += names_after(ctx, also.end(), sentence[1], "Organisation", "funded-by", 0.8, lenient=True)[:1]
    together = _TOGETHER_WITH.match(text, last.end, sentence[1])
    if together:  # "funded by X together with A, B and C"
        extras += [m for m in names_after(ctx, together.end(), sentence[1], "Organisation", "funded-by", 0.8)
                   if m.label in ACTOR_LABELS]
    return extras


_TOGETHER_WITH = re.compile(r"\s*(?:\([^()]*\))?,?\s+together\s+with\s+(?:the\s+)?")


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
            kind = re.match(rf"\s+(?:[a-z][\w-]*\s+){{0,2}}?{_KINDS}\s+", text[country.end():sentence[1]])
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


_GRANTED_TO = re.compile(r"\s(?:has\s+|have\s+)?(?:granted|awarded|allocated|given)\s+(?P<what>(?:[^.;]|\.(?=\d)){0,60}?)\s+to\s+(?:the\s+)?")


@register("granted-to", cues=(" to ",))
def granted_to(ctx: DocContext) -> None:
    """"Innovation Norway has granted NOK 5 million to the X project": X is funded by the granter."""
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
