"""Mention candidates from three sources, grouped into the entities a page names.

1. **Statistical NER**: spaCy's entities (ORG, GPE, PERSON, ...), with their labels.
2. **Patterns and gazetteers**: the mentions the registered rules typed (name patterns,
   countries, known bodies), and capitalised name spans.
3. **Document structure**: list items, table cells, bold runs, link texts, headings, short
   card lines and the page chrome (title, site name, logo, footer) — partner pages name
   their partners there and nowhere else, often without a generic head word.

Nothing here decides what a candidate is: each source is a feature that the typing model
(:mod:`loaders.extract.learned`) weighs. Candidates with the same normalised name form one
:class:`PageEntity`.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from nordgraph.graph.model import fold
from nordgraph.loaders.document import Block
from nordgraph.loaders.extract.context import DocContext, clean_span
from nordgraph.loaders.extract.lexicon import ORG_HEADS
from nordgraph.loaders.extract.spans import SpanIndex
from nordgraph.loaders.extract.text import is_generic, name_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

#: spaCy entity labels read as candidates (numbers, dates and money are properties, not nodes).
NER_LABELS = frozenset({"ORG", "GPE", "PERSON", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LOC"})
#: A structural span longer than this many words is a sentence, not a name.
MAX_NAME_WORDS = 12
#: What ends the name at the head of a list item or card line ("Org, Country", "Org - role").
_SEPARATOR = re.compile(r"\s*(?:,|;|\s[-–—|]\s|:\s|[()]|\s/\s|\s(?=https?://|www\.))")
_EDGE_JUNK = re.compile(r"^[\s|•*·>#–—-]+|[\s|•*·<#–—-]+$")
#: A short code in brackets after a name ("TU Darmstadt [TUD]", "University of Oslo (UiO)"):
#: the name's acronym, not part of the name.
_TRAILING_CODE = re.compile(r"\s*[\[(][A-Z][\w&.-]{1,14}[\])]$")
_TITLE_SEPARATOR = re.compile(r"\s+[|–—·-]\s+|:\s+|\s*»\s*")
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
#: Where one span joins two names: an unspaced slash ("HUNT Cloud/NTNU", "TSD/UiO") or a hyphen
#: between two codes ("IRIT-UT2J", "ANR-NSF").
_NAME_JOIN = re.compile(r"(?<=\w)/(?=\w)|(?<=[A-Z0-9])-(?=[A-Z][A-Z0-9])")


@dataclass(eq=False)
class Candidate:
    """One span of the document text that some source proposes as a name."""

    start: int
    end: int
    name: str
    block: int
    sources: set[str] = field(default_factory=set)
    #: Sources of the longer candidates this one lies inside ("Media" in "Culture and Media").
    inside: set[str] = field(default_factory=set)


@dataclass(eq=False)
class PageEntity:
    """Every candidate of one normalised name in one document."""

    key: str
    candidates: list[Candidate]
    label: str | None = None
    confidence: float = 0.0
    #: The typing model's probability per label (empty before typing).
    scores: dict[str, float] = field(default_factory=dict)
    #: The mentions left to this entity where typed names overlapped (None: all of them).
    reading: list[Candidate] | None = None

    @property
    def mentions(self) -> list[Candidate]:
        """The candidates this entity keeps after overlaps are resolved."""
        return self.candidates if self.reading is None else self.reading

    @property
    def name(self) -> str:
        """The most frequent surface form (the longest among equals)."""
        counts: dict[str, int] = {}
        for c in self.candidates:
            counts[c.name] = counts.get(c.name, 0) + 1
        return max(counts, key=lambda n: (counts[n], len(n)))

    @property
    def sources(self) -> set[str]:
        return {s for c in self.candidates for s in c.sources}

    @cached_property
    def first(self) -> Candidate:
        """The earliest candidate (asked once per pair; an entity named thousands of times must
        not be scanned each time)."""
        return min(self.candidates, key=lambda c: c.start)


@lru_cache(maxsize=65536)  # a long page repeats its names thousands of times
def name_key(name: str) -> str:
    """The comparison key of a name: the shared scorer's normalisation (case, accents, dashes,
    punctuation, a leading "the"), so a page entity is what a gold annotator would count once."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"[’'`´]", "", text)
    text = re.sub(r"[^\w\s-]", " ", text)
    text = re.sub(r"[-_\s]+", " ", text).strip()
    text = re.sub(r"^the ", "", text)
    return fold(text)


@dataclass
class PageLayout:
    """Per block: its section heading, the heading above that, and its spaCy parse."""

    headings: list[str]
    parents: list[str]
    parses: list[Doc | None]
    #: Per block: how many blocks of its kind its section holds, and how many of those open
    #: with a name that NER or the rules take for an organisation (an enumeration of partners).
    groups: list[tuple[int, int]] = field(default_factory=list)


def layout(ctx: DocContext, parses: list[Doc | None]) -> PageLayout:
    """The section each block sits in: the nearest heading above it, where a short line that
    ends with a colon or is all bold ("**Partners**", "Funded by:") also counts as one."""
    headings: list[str] = []
    parents: list[str] = []
    by_level: dict[int, str] = {}
    current = ""
    for block in ctx.blocks:
        if block.kind == "meta":
            headings.append("")
            parents.append("")
            continue
        headings.append(current)
        parents.append(by_level.get(min(by_level), "") if by_level else "")
        if block.kind == "heading":
            by_level = {lvl: text for lvl, text in by_level.items() if lvl < block.level}
            by_level[block.level] = block.text
            current = block.text
        elif _pseudo_heading(block):
            current = block.text
    return PageLayout(headings, parents, parses)


_ORGISH = frozenset({"ner:ORG", "rule:Organisation", "rule:Ministry"})


def enumerations(ctx: DocContext, page: PageLayout, entities: list[PageEntity]) -> None:
    """Fill ``page.groups`` (see :class:`PageLayout`) from the gathered candidates."""
    opens_org: set[int] = set()
    for entity in entities:
        for candidate in entity.candidates:
            if candidate.start == ctx.blocks[candidate.block].start and candidate.sources & _ORGISH:
                opens_org.add(candidate.block)
    members: dict[tuple[str, str], list[int]] = {}
    for index, block in enumerate(ctx.blocks):
        members.setdefault((page.headings[index], block.kind), []).append(index)
    page.groups = [(0, 0)] * len(ctx.blocks)
    for indices in members.values():
        orgs = sum(1 for i in indices if i in opens_org)
        for i in indices:
            page.groups[i] = (len(indices), orgs)


def _pseudo_heading(block: Block) -> bool:
    words = block.text.split()
    if block.kind not in ("paragraph", "list_item") or not 1 <= len(words) <= 5:
        return False
    bold = sum(e - s for s, e in block.emphasis) >= 0.8 * len(block.text)
    return block.text.endswith(":") or bold


def gather(ctx: DocContext, page: PageLayout) -> list[PageEntity]:
    """All candidates of the document, grouped by name key (see the module docstring)."""
    by_span: dict[tuple[int, int], Candidate] = {}

    def add(start: int, end: int, block: int, source: str) -> None:
        segment = ctx.text[start:end]
        for junk in _EDGE_JUNK.finditer(segment):
            if junk.start() == 0:
                start += junk.end()
            else:
                end -= len(segment) - junk.start()
        if end <= start:
            return
        start, end = clean_span(ctx.text, start, end)
        code = _TRAILING_CODE.search(ctx.text, start, end)
        if code is not None and code.start() > start and code.end() == end:
            end = code.start()
        name = ctx.text[start:end].strip()
        if name.endswith(("'s", "’s")):
            name, end = name[:-2], end - 2
        if not _plausible(name):
            return
        found = by_span.get((start, end))
        if found is None:
            found = by_span[(start, end)] = Candidate(start, end, name, block)
        found.sources.add(source)

    def readable(index: int) -> bool:  # not navigation the rules passed over; chrome is read
        return index not in ctx.skip_blocks or ctx.blocks[index].kind == "meta"

    block_of = _block_finder(ctx)
    for mention in ctx.mentions:
        if readable(block := block_of(mention.start)):
            add(mention.start, mention.end, block, f"rule:{mention.label}")
    for index, block in enumerate(ctx.blocks):
        if not readable(index):
            continue
        parsed = page.parses[index]
        if parsed is not None:
            for ent in parsed.ents:
                if ent.label_ in NER_LABELS:
                    add(block.start + ent.start_char, block.start + ent.end_char, index, f"ner:{ent.label_}")
        for source, start, end in _structural(ctx, block):
            add(start, end, index, source)
        for start, end in name_spans(ctx.text, block.start, block.end):
            add(start, end, index, "pattern:name")
    for whole in list(by_span.values()):
        for start, end in _joined_parts(ctx.text, whole):
            add(start, end, whole.block, f"split:{source_family(min(whole.sources))}")
    _mark_nesting(list(by_span.values()))
    groups: dict[str, list[Candidate]] = {}
    for candidate in sorted(by_span.values(), key=lambda c: (c.start, c.end)):
        key = name_key(candidate.name)
        if key:
            groups.setdefault(key, []).append(candidate)
    return [PageEntity(key, found) for key, found in groups.items()]


def _joined_parts(text: str, whole: Candidate) -> list[tuple[int, int]]:
    """The parts of a span that joins names (:data:`_NAME_JOIN`), or none: NER and the patterns
    read "TSD/UiO" as one name, and neither part would be a candidate of its own (cross-validated
    relation F1 +0.005 over three fold seeds)."""
    if _NAME_JOIN.search(text, whole.start, whole.end) is None:
        return []
    return [(start, end) for _, start, end in _pieces("split", text, whole.start, whole.end, _NAME_JOIN)]


def source_family(source: str) -> str:
    """A source without its piece marker ("struct:cell:head" -> "struct:cell")."""
    return ":".join(source.split(":")[:2])


def _mark_nesting(candidates: list[Candidate]) -> None:
    """Record, on each candidate, the source families of the longer candidates around it."""
    by_block: dict[int, list[Candidate]] = {}
    for candidate in candidates:
        by_block.setdefault(candidate.block, []).append(candidate)
    for found in by_block.values():
        index = SpanIndex(found)
        for inner in found:
            for outer in index.around(inner.start, inner.end):
                if outer.end - outer.start > inner.end - inner.start:
                    inner.inside |= {source_family(s) for s in outer.sources}


@lru_cache(maxsize=65536)
def _plausible(name: str) -> bool:
    """A span that can be a name: short, capitalised, on one line, and not made of common words
    only ("PROJECT", "The Consortium", "Partners": headings of the genre, never entities)."""
    words = _WORD.findall(name)
    return bool(words) and len(words) <= MAX_NAME_WORDS and len(name) >= 2 and any(c.isupper() for c in name[:3]) \
        and "\n" not in name and not is_generic(name) and not (len(words) == 1 and words[0].lower() in ORG_HEADS)


def _structural(ctx: DocContext, block: Block) -> Iterator[tuple[str, int, int]]:
    """Spans that the page's structure sets apart, with the kind of structure as source."""
    text = ctx.text
    if block.kind == "meta":
        yield from _pieces("struct:meta", text, block.start, block.end, _TITLE_SEPARATOR)
        return
    for start, end in block.emphasis:
        yield from _pieces("struct:bold", text, start, end, _SEPARATOR)
    for anchor, _href in block.links:
        at = text.find(anchor, block.start, block.end)
        if at >= 0:
            yield from _pieces("struct:link", text, at, at + len(anchor), _SEPARATOR)
    if block.kind == "table_row":
        at = block.start
        for cell in block.cells:
            found = text.find(cell, at, block.end) if cell else -1
            if found >= 0:
                yield from _pieces("struct:cell", text, found, found + len(cell), _SEPARATOR)
                at = found + len(cell)
        return
    kind = {"heading": "struct:heading", "list_item": "struct:item"}.get(block.kind, "struct:line")
    if kind == "struct:line" and len(block.text.split()) > MAX_NAME_WORDS:
        return
    yield from _pieces(kind, text, block.start, block.end, _SEPARATOR)


def _pieces(source: str, text: str, start: int, end: int, separator: re.Pattern[str]) -> Iterator[tuple[str, int, int]]:
    """The span itself when nothing separates it; else each piece between separators
    ("Org, Country" gives "Org" and "Country", never the two together: a name that holds a
    separator, "Ministry of Science, Research and the Arts", comes from NER or the rules)."""
    cuts = list(separator.finditer(text, start, end))
    if not cuts:
        yield source, start, end
        return
    at = start
    for index, cut in enumerate([*cuts, None]):
        stop = end if cut is None else cut.start()
        if stop > at:
            yield f"{source}:{'head' if index == 0 else 'piece'}", at, stop
        if cut is not None:
            at = cut.end()


def _block_finder(ctx: DocContext) -> Callable[[int], int]:
    starts = [b.start for b in ctx.blocks]

    def block_of(position: int) -> int:
        return max(bisect.bisect_right(starts, position) - 1, 0)

    return block_of


def spacy_span(page: PageLayout, ctx: DocContext, candidate: Candidate) -> SpacySpan | None:
    """The candidate as a span of its block's parse (expanded to whole tokens), if parsed."""
    parsed = page.parses[candidate.block]
    if parsed is None:
        return None
    base = ctx.blocks[candidate.block].start
    return parsed.char_span(candidate.start - base, candidate.end - base, alignment_mode="expand")
