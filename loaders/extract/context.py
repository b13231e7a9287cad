"""What the rules read and write for one document: mentions, facts, and the running topic.

Rules do not touch the graph. They record :class:`Mention` (a typed name at a span) and
:class:`Fact` (a typed relation between two mentions, with the span that states it);
:mod:`loaders.extract.resolve` later folds mentions of one entity into one node.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from nordgraph.loaders.budget import ParseReach
from nordgraph.loaders.document import Block, BlockKind, Document
from nordgraph.loaders.extract.lexicon import ORG_HEADS, PLACES, TITLED_PERSON, country_of, country_pattern
from nordgraph.loaders.extract.spans import SpanIndex
from nordgraph.loaders.extract.text import Span, is_generic, name_spans, sentences

MIN_CONFIDENCE = 0.5
_LEAD_JUNK = re.compile(r"^(?:(?:the|i\.e\.?|e\.g\.?|incl\.?|including|and|also|such as)\s+|"
                        r"(?-i:[A-ZÆØÅÄÖ])[^\W\d_]*-(?:based|headquartered)\s+(?=(?-i:[A-ZÆØÅÄÖ]))|"  # "Oslo-based X"
                        r"[\"“‘'(\-–•*]\s*)+",
                        re.I)
#: "HOMEAGE (Home-based Ageing Support)": a name with its other form after it.
_PARENTHESISED = re.compile(r"(.+?)\s*\(([^()]+)\)")
_TAIL_JUNK = re.compile(r"(?:[\s\"”’'.,;:!?)\-–]|’s|'s)+$")


@dataclass(eq=False)
class Mention:
    """A name in a document that a rule typed."""

    doc: str
    label: str
    name: str
    start: int
    end: int
    rule: str
    confidence: float
    aliases: list[str] = field(default_factory=list)
    props: dict[str, Any] = field(default_factory=dict)
    #: False for a name inside a longer name ("Norway" in "Innovation Norway"): it becomes a
    #: node only if a fact needs it.
    standalone: bool = True


@dataclass(eq=False)
class Fact:
    source: Mention
    type: str
    target: Mention
    start: int
    end: int
    rule: str
    confidence: float


def clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past leading "the"/quotes/bullets and trailing punctuation."""
    segment = text[start:end]
    lead = _LEAD_JUNK.match(segment)
    if lead and lead.end() < len(segment):
        start += lead.end()
        segment = text[start:end]
    tail = _TAIL_JUNK.search(segment)
    if tail and tail.start() > 0:
        if segment[tail.start():].startswith(")") and "(" in segment[:tail.start()]:
            pass
        else:
            end = start + tail.start()
    return start, end


_KEY_LINE = re.compile(r"[\w][^:.]{0,40}:(?:\s|$)")


def unwrap(text: str, blocks: list[Block]) -> list[Block]:
    """Join the lines of a hard-wrapped paragraph (plain text cut at a fixed width) into one block,
    and cut over-long blocks (see :func:`bounded_blocks`).

    A paragraph line continues into the next one when only a single line break separates them
    and the first is long and does not end a sentence, or the next starts in lower case; short
    lines (headings), "Key:" lines and list items stay apart.
    """
    runs: list[list[Block]] = []
    width = max((len(b.text) for b in blocks if b.kind == "paragraph" and "\n" not in b.text), default=0)
    for block in blocks:
        previous = runs[-1][-1] if runs else None  # the last line read, not the joined paragraph
        last_line = previous.text.rsplit("\n", 1)[-1] if previous is not None else ""
        if previous is not None and previous.kind == "paragraph" and block.kind == "paragraph" and \
                "\n\n" not in text[previous.end:block.start] and "\n" in text[previous.end:block.start] and \
                not _KEY_LINE.match(block.text) and not previous.text.rstrip().endswith(":") and (
                    block.text[:1].islower() or len(last_line) >= max(50, 0.6 * width)
                    and not last_line.rstrip().endswith((".", "!", "?"))):
            runs[-1].append(block)
            continue
        runs.append([block])
    joined = [run[0] if len(run) == 1 else Block(kind="paragraph", text=text[run[0].start:run[-1].end],
                                                 start=run[0].start, end=run[-1].end, page=run[0].page)
              for run in runs]
    return [piece for block in joined for piece in bounded_blocks(text, block)]


#: A block longer than this (a one-paragraph dump, a whole file on one line) is read as several
#: blocks cut at sentence ends: the rules and the parser do work per block that grows faster than
#: its length. The longest block of the annotated pages has under 9,000 characters.
MAX_BLOCK_CHARS = 10_000


def bounded_blocks(text: str, block: Block) -> list[Block]:
    """``block``, or its pieces of at most :data:`MAX_BLOCK_CHARS` characters, cut after whole
    sentences (which are at most half that long). A piece keeps the block's kind only when the
    kind is prose: a piece of a table row or list item is no longer one row or one item."""
    if block.end - block.start <= MAX_BLOCK_CHARS:
        return [block]
    kind = block.kind if block.kind in ("paragraph", "meta") else "paragraph"
    pieces: list[Block] = []
    start = end = block.start
    for sentence_start, sentence_end in sentences(text, block.start, block.end):
        if sentence_end - start > MAX_BLOCK_CHARS and end > start:
            pieces.append(_piece(text, block, kind, start, end, len(pieces) + 1))
            start = sentence_start
        end = sentence_end
    if end > start:
        pieces.append(_piece(text, block, kind, start, end, len(pieces) + 1))
    return pieces


def _piece(text: str, block: Block, kind: BlockKind, start: int, end: int, number: int) -> Block:
    piece = text[start:end]
    return Block(kind=kind, text=piece, start=start, end=end, level=block.level, page=block.page,
                 links=tuple(link for link in block.links if link[0] and link[0] in piece),
                 emphasis=tuple(span for span in block.emphasis if start <= span[0] and span[1] <= end),
                 piece=number)


@lru_cache(maxsize=512)
def any_of(cues: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a rule's gate cues: one scan of the block instead of one per cue (rules ask
    dozens of gates per block, and a file can have tens of thousands of blocks)."""
    return re.compile("|".join(re.escape(cue) for cue in cues))


class DocContext:
    """Mentions, facts and reading state for one document."""

    def __init__(self, document: Document):
        self.document = document
        self.text = document.text
        #: The document's blocks with hard-wrapped lines joined into paragraphs.
        self.blocks: list[Block] = unwrap(document.text, document.blocks)
        self.has_headings = any(b.kind == "heading" for b in self.blocks)
        self.mentions: list[Mention] = []
        self.facts: list[Fact] = []
        self.topic: dict[str, Mention] = {}
        self.acronyms: dict[str, str] = {}
        self.state: dict[str, Any] = {}
        self.block: Block | None = None
        self.block_index = -1
        #: The current block's text in lower case (what cues are sought in).
        self.lower = ""
        self._countries: list[re.Match[str]] | None = None
        self._by_span: dict[tuple[int, int, str], Mention] = {}
        #: The first mention of each (name, label), with its place in :attr:`mentions`: a repeat
        #: of a name is looked up in constant time, not by scanning every mention so far.
        self._first_named: dict[tuple[str, str], tuple[int, Mention]] = {}
        self._index: SpanIndex[Mention] = SpanIndex()
        self._indexed: list[Mention] = self.mentions
        #: Blocks rules agreed to read past (navigation, related-article lists).
        self.skip_blocks: set[int] = {i for i, b in enumerate(self.blocks) if b.kind == "meta"}
        #: Blocks that introduce a project (found by looking ahead), by index: the name span.
        self.heading_projects: dict[int, Span] = {}
        #: The blocks the statistical parser read and what its budgets left to the rules (set
        #: when the learned models read the document).
        self.reach = ParseReach()
        #: What :meth:`sole_project` has read of :attr:`mentions`: the list, how far, the first
        #: project, and whether another project name came after it.
        self._projects: tuple[list[Mention], int, Mention | None, bool] = (self.mentions, 0, None, False)

    @property
    def doc(self) -> str:
        return self.document.id

    # -- blocks and sentences -------------------------------------------------------------
    def enter(self, index: int, block: Block) -> None:
        """Make ``block`` the one the block rules read."""
        self.block, self.block_index = block, index
        self.lower = block.text.lower()
        self._countries = None

    def has(self, *cues: str) -> bool:
        """Whether the current block contains any of these lower-case cues (a cheap gate for rules)."""
        return bool(cues) and any_of(cues).search(self.lower) is not None

    def countries(self) -> list[re.Match[str]]:
        """Country names, demonyms and native names in the current block (found once per block)."""
        if self._countries is None:
            assert self.block is not None
            self._countries = list(country_pattern().finditer(self.text, self.block.start, self.block.end))
        return self._countries

    def sentences(self) -> tuple[Span, ...]:
        assert self.block is not None
        return sentences(self.text, self.block.start, self.block.end)

    def sentence_at(self, position: int) -> Span:
        for span in self.sentences():
            if span[0] <= position < span[1]:
                return span
        assert self.block is not None
        return self.block.start, self.block.end

    # -- mentions -------------------------------------------------------------------------
    def mention(self, label: str, start: int, end: int, rule: str, confidence: float, *,
                aliases: list[str] | tuple[str, ...] = (), standalone: bool = True,
                **props: Any) -> Mention | None:
        """Record a typed name at ``text[start:end]`` (cleaned); reuse an identical one."""
        start, end = clean_span(self.text, start, end)
        name = self.text[start:end].strip()
        paren = _PARENTHESISED.fullmatch(name)
        if paren:  # "HOMEAGE (Home-based Ageing Support)": the name, and its other form as an alias
            end = start + len(paren.group(1))
            name = paren.group(1)
            aliases = [*aliases, *(p.strip() for p in paren.group(2).split(", "))]  # "(Local Name, ACR)"
        if len(name) < 2 or not any(c.isalpha() for c in name):
            return None
        if label in ("Organisation", "Ministry") and name.lower() in PLACES:
            return None  # "Cardiowell AB, Stockholm": a city is where an organisation sits
        titled = TITLED_PERSON.search(name) if label != "Person" else None
        if titled and not any(w.lower() in ORG_HEADS for w in titled.group("person").split()):
            return None  # "Contact Call Manager Karin Ek": a title and a person
        existing = self._by_span.get((start, end, label))
        if existing is not None:
            existing.confidence = max(existing.confidence, confidence)
            existing.aliases.extend(a for a in aliases if a not in existing.aliases)
            existing.standalone = existing.standalone or standalone
            for key, value in props.items():
                existing.props.setdefault(key, value)
            return existing
        found = Mention(self.doc, label, name, start, end, rule, confidence, list(aliases), dict(props),
                        standalone)
        index = self._mention_index()
        self._first_named.setdefault((name, label), (len(self.mentions), found))
        self.mentions.append(found)
        index.add(found)
        self._by_span[(start, end, label)] = found
        return found

    def first_named(self, name: str, labels: tuple[str, ...]) -> Mention | None:
        """The earliest mention called exactly ``name`` with one of ``labels``."""
        found = [self._first_named[(name, label)] for label in labels if (name, label) in self._first_named]
        return min(found, key=lambda placed: placed[0])[1] if found else None

    def _mention_index(self) -> SpanIndex[Mention]:
        """The index of :attr:`mentions` (made again if the list was replaced by a later stage)."""
        if self._indexed is not self.mentions or len(self._index) != len(self.mentions):
            self._index, self._indexed = SpanIndex(self.mentions), self.mentions
        return self._index

    def sole_project(self) -> Mention | None:
        """The first project mention when every project mention so far has its name, else None.
        Rules ask it for every block: only the mentions made since the last question are read."""
        seen, done, first, mixed = self._projects
        if seen is not self.mentions or done > len(self.mentions):
            seen, done, first, mixed = self.mentions, 0, None, False
        for m in self.mentions[done:]:
            if m.label == "Project":
                first = first or m
                mixed = mixed or m.name != first.name
        self._projects = (seen, len(self.mentions), first, mixed)
        return None if mixed else first

    def mention_at(self, start: int, end: int) -> Mention | None:
        """The most confident mention covering ``[start, end)`` after cleaning, if any."""
        start, end = clean_span(self.text, start, end)
        best: Mention | None = None
        index = self._mention_index()
        for m in index.around(start, end):
            if m.label != "Country" or (m.start, m.end) == (start, end):
                if best is None or m.confidence > best.confidence:
                    best = m
        if best is None:  # "Ministry of X in Norway": the name without its place
            for m in index.starting_at(start):
                if m.end < end and re.fullmatch(r"\s+in\s+.*", self.text[m.end:end]):
                    return m
        return best

    def entity(self, label: str, start: int, end: int, rule: str, confidence: float) -> Mention | None:
        """The mention at a span, or a new one of ``label`` when no rule has typed it yet."""
        return self.mention_at(start, end) or self.mention(label, start, end, rule, confidence)

    def mentions_starting_in(self, start: int, end: int) -> list[Mention]:
        """Mentions that begin inside ``[start, end)``, in the order they were found."""
        return self._mention_index().starting_between(start, end - 1)

    def mentions_in(self, start: int, end: int, labels: tuple[str, ...] | None = None) -> list[Mention]:
        """Mentions inside a span in text order; a name inside a longer one ("Interreg" in
        "Interreg Baltic Sea Region") gives way to it."""
        found = [m for m in self._mention_index().within(start, end) if labels is None or m.label in labels]
        return sorted((m for m in found if not any(o.start <= m.start and m.end <= o.end and o.end - o.start >
                                                   m.end - m.start for o in found)), key=lambda m: m.start)

    # -- facts ----------------------------------------------------------------------------
    def fact(self, source: Mention | None, rel_type: str, target: Mention | None, span: Span, rule: str,
             confidence: float) -> Fact | None:
        if source is None or target is None or source is target or source.name == target.name:
            return None
        start, end = span
        made = Fact(source, rel_type, target, start, end, rule, confidence)
        self.facts.append(made)
        return made

    def funding_facts(self, project: Mention | None, rule: str) -> None:
        """A project named after "X has granted NOK 12 million to four projects in the call Y"
        (see the ``following-projects`` rule) is funded by that call and by that funder."""
        for key in ("funding_source", "funding_funder"):
            source = self.state.get(key)
            if project is not None and source is not None:
                self.fact(project, "FUNDED_BY", source, self.state["funding_span"], rule, 0.75)

    # -- topic ----------------------------------------------------------------------------
    def introduce(self, mention: Mention | None) -> None:
        """Make ``mention`` what "the project" / "the call" ... now refers to."""
        if mention is not None:
            self.topic[mention.label] = mention

    def anaphor(self, sentence: Span) -> Mention | None:
        """The entity a sentence opening "The project/program/call/cluster ..." refers to."""
        match = re.match(r"(?:The|This|Our|Each)\s+(project|program(?:me)?|call|initiative|cluster|company|"
                         r"organi[sz]ation|association|agency|foundation|network)\b|(It)\s",
                         self.text[sentence[0]:sentence[1]])
        if not match:
            return None
        if match.group(2):  # "It": the project the text is about, if any
            return self.topic.get("Project")
        word = match.group(1).lower()
        if word == "project":
            return self.topic.get("Project")
        if word.startswith("program") or word == "initiative":
            return self.topic.get("Programme") or self.topic.get("Project")
        if word == "call":
            return self.topic.get("Call")
        if word == "network" and "network" in self.state:  # a network read as a project
            return self.state["network"]
        return self.topic.get("Organisation") or self.salient()

    def salient(self) -> Mention | None:
        """The name a page is about: a multi-word name repeated at least three times, clearly
        more often than any other (an organisation's own news page names itself)."""
        if "salient" not in self.state:
            counts: dict[str, list[Span]] = {}
            for index, block in enumerate(self.blocks):
                if index in self.skip_blocks:
                    continue
                for span in name_spans(self.text, block.start, block.end):
                    name = self.text[span[0]:span[1]]
                    if len(name.split()) >= 2 and not is_generic(name) and country_of(name) is None:
                        bare = re.sub(r"\s+(?:AS|ASA|AB|Oy|Oyj|Ltd|A/S|ApS|GmbH|Inc|HF|RHF|ehf)$", "", name)
                        counts.setdefault(bare, []).append(span)
            ranked = sorted(counts.items(), key=lambda kv: -len(kv[1]))
            top = ranked[0] if ranked and len(ranked[0][1]) >= 3 else None
            if top and (len(ranked) == 1 or len(ranked[1][1]) < len(top[1])):
                self.state["salient"] = top[1][0]
            else:
                self.state["salient"] = None
        span = self.state["salient"]
        if span is None:
            return None
        return self.mention_at(*span) or self.mention("Organisation", *span, "salient-name", 0.65)
