"""Features the learned models weigh: strings, present or absent.

Kept generic on purpose: word identities, shapes, sources, the section a name sits in, the
words and the dependency path between two names, what the rules said. No feature names a
phrase of one page; the weights that make "Partners" or "funded by" matter are learned from
the annotated pages (``training/``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from nordgraph.loaders.extract.candidates import Candidate, PageEntity, PageLayout, source_family, spacy_span
from nordgraph.loaders.extract.commonness import commonness
from nordgraph.loaders.extract.context import DocContext
from nordgraph.loaders.extract.lexicon import (
    LEGAL_SUFFIXES,
    NORDIC_ORG_ENDINGS,
    ORG_HEADS,
    PLACES,
    body_pattern,
    country_of,
    country_pattern,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+")
_CAMEL = re.compile(r"[a-z][A-Z]")
#: Context features read at most this many mentions of one entity (a name repeated 40 times
#: says no more than one repeated 8 times, and costs more).
MAX_MENTIONS = 8
MAX_BETWEEN = 10


def _bucket(n: int, edges: Iterable[int] = (1, 2, 3, 5, 10)) -> str:
    last = 0
    for edge in edges:
        if n <= edge:
            return str(edge)
        last = edge
    return f">{last}"


def words_of(text: str, limit: int = 8) -> list[str]:
    return [m.group().lower() for m in islice(_WORD.finditer(text), limit)]  # stops at the limit


def entity_features(entity: PageEntity, ctx: DocContext, page: PageLayout) -> set[str]:
    """What the typing model reads about one page entity."""
    name = entity.name
    words = words_of(name, 12) or [name.lower()]
    f = {f"ntok={_bucket(len(words), (1, 2, 3, 4, 6))}", f"first={words[0]}", f"last={words[-1]}",
         f"suf3={words[-1][-3:]}", f"count={_bucket(len(entity.candidates))}"}
    f.update(f"w={w}" for w in words)
    if name.isupper() and len(name) > 1:
        f.add("shape=allcaps")
    shapes = [word_shape(token) for token in name.split()[:6]]
    f.update(f"tshape={shape}" for shape in shapes)
    f.add("nshape=" + " ".join(shapes[:4]))
    if any(c.isdigit() for c in name):
        f.add("shape=digit")
    if _CAMEL.search(name):
        f.add("shape=camel")
    if len(words) == 1:
        f.add("shape=oneword")
    if all(w[:1].isupper() for w in name.split() if w[:1].isalpha() and w.lower() not in ("of", "for", "and", "the")):
        f.add("shape=titlecase")
    country = country_of(name)
    if country is not None:
        f.add("lex=country" if country.name.lower() == name.lower() else "lex=has_country")
    pattern, known = body_pattern()
    match = pattern.fullmatch(name)
    if match is not None:
        body = known.get(match.group(0))
        f.add(f"lex=body:{body.label if body else '?'}")
    if words[-1] in LEGAL_SUFFIXES:
        f.add("lex=legal")
    if any(w in ORG_HEADS for w in words):
        f.add("lex=orghead")
    if words[-1].endswith(NORDIC_ORG_ENDINGS) or words[0].endswith(NORDIC_ORG_ENDINGS):
        f.add("lex=org_ending")
    if name.lower() in PLACES:
        f.add("lex=place")
    f.update(_commonness_features(words))
    sources = entity.sources
    f.update(f"src={s}" for s in sources)
    families = sorted({source_family(s) for s in sources})
    f.add("srcset=" + "+".join(families))
    f.update(f"srcpair={a}+{b}" for i, a in enumerate(families) for b in families[i + 1:])
    f.add(f"nsrc={_bucket(len(families), (1, 2, 3, 4))}")
    for candidate in entity.candidates[:MAX_MENTIONS]:
        f.update(mention_context(candidate, ctx, page))
        f.update(f"inside={family}" for family in candidate.inside)
    if all(c.inside for c in entity.candidates):
        f.add("always_inside")
    return f


def _commonness_features(words: list[str]) -> set[str]:
    """How common a name's words are in running text (:mod:`loaders.extract.commonness`): per
    word, of the first and last, and of the rarest, in English and in the corpus's other
    languages. Cross-validated on 649 pages: entity F1 +0.006, relation F1 +0.011 (mean of
    three fold deals, each of them up)."""
    found = [commonness(word) for word in words[:6]]
    f = {f"zf={english}" for english, _ in found} | {f"zo={other}" for _, other in found}
    f |= {f"zfirst={found[0][0]}", f"zlast={found[-1][0]}", f"zmin={min(e for e, _ in found)}",
          f"zomin={min(max(pair) for pair in found)}"}
    return f


_REPEATS = re.compile(r"(.)\1{2,}")


def word_shape(token: str) -> str:
    """A token's shape, runs cut to two ("Karolinska" Xxx, "NTNU" XX, "e-Health" x-Xxx, "H2020"
    Xdd): how unknown names look, generalised beyond the names seen in training."""
    shape = "".join("X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c for c in token)
    return _REPEATS.sub(r"\1\1", shape)


def mention_context(candidate: Candidate, ctx: DocContext, page: PageLayout) -> set[str]:
    """Where one mention sits: its section and structure, neighbouring words, parse."""
    f = mention_place(candidate, ctx, page)
    before, after = _neighbours(candidate, ctx)
    f.add(f"pw={before[-1] if before else '<s>'}")
    f.add(f"nw={after[0] if after else '</s>'}")
    if len(before) > 1:
        f.add(f"pw2={before[-2]}")
    if ctx.text[candidate.end:candidate.end + 2].startswith((" (", "(")):
        f.add("paren_after")
    span = spacy_span(page, ctx, candidate)
    if span is not None and len(span):
        root = span.root
        f.add(f"dep={root.dep_}")
        f.add(f"hw={root.head.lower_}")
        if root.head is not root:
            f.add(f"hdep={root.head.dep_}:{root.dep_}")
        f.update(_said_to_be(root))
    return f


def _neighbours(candidate: Candidate, ctx: DocContext) -> tuple[list[str], list[str]]:
    """The words just before and just after a mention, within its block."""
    block = ctx.blocks[candidate.block]
    return (words_of(ctx.text[max(block.start, candidate.start - 40):candidate.start]),
            words_of(ctx.text[candidate.end:min(block.end, candidate.end + 40)]))


def _said_to_be(root: Token) -> set[str]:
    """What the sentence says the name is: "X is a project" (cop=project), "X, a Danish
    company," (appos=company), "the coordinator, X" (appos_of=coordinator)."""
    found = set()
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and head.lower_ in ("is", "was", "are", "were", "be", "becomes", "became"):
        for child in head.children:
            if child.dep_ in ("attr", "acomp"):
                found.add(f"cop={child.lower_}")
    for child in root.children:
        if child.dep_ == "appos":
            found.add(f"appos={child.lower_}")
    if root.dep_ == "appos":
        found.add(f"appos_of={head.lower_}")
    return found


def mention_place(candidate: Candidate, ctx: DocContext, page: PageLayout, prefix: str = "") -> set[str]:
    """The structure a mention sits in: block kind, section heading words, table column header,
    whether it opens or fills its block (a card's or list item's name)."""
    block = ctx.blocks[candidate.block]
    f = {f"{prefix}bk={block.kind}"}
    f.update(f"{prefix}hd={w}" for w in words_of(page.headings[candidate.block], 6))
    f.update(f"{prefix}hp={w}" for w in words_of(page.parents[candidate.block], 4))
    size, orgs = page.groups[candidate.block] if page.groups else (0, 0)
    f.add(f"{prefix}grp={_bucket(size, (1, 2, 4, 8))}")
    f.add(f"{prefix}grp_org={_bucket(orgs, (0, 1, 2, 4, 8))}")
    if orgs >= 2 and orgs >= size / 2:
        f.add(f"{prefix}org_enum")
    if candidate.start == block.start:
        f.add(f"{prefix}blockstart")
    if candidate.start == block.start and candidate.end == block.end:
        f.add(f"{prefix}wholeblock")
    if block.kind == "table_row" and block.header:
        column = _column(ctx, block, candidate)
        if column is not None and column < len(block.header):
            f.update(f"{prefix}th={w}" for w in words_of(block.header[column], 4))
    return f


#: Words of a mention's sentence that the relation model reads towards the page's subject.
MAX_SENTENCE_WORDS = 30


def mention_words(candidate: Candidate, ctx: DocContext, page: PageLayout, prefix: str = "") -> set[str]:
    """What the sentence around a mention says of it, for pairs whose other end is not in that
    sentence ("the consortium partners are the University of Hamburg and ...", about a project
    named three sentences earlier): the words next to it, the words that govern it in the parse
    and the content words of its sentence."""
    before, after = _neighbours(candidate, ctx)
    f = {f"{prefix}pw={w}" for w in before[-3:]} | {f"{prefix}nw={w}" for w in after[:3]}
    span = spacy_span(page, ctx, candidate)
    if span is None or not len(span):
        return f
    token, steps = span.root, 0
    while token.head is not token and steps < 3:
        f.add(f"{prefix}gov={token.dep_}:{token.head.lower_}")
        token, steps = token.head, steps + 1
    sentence = [t.lower_ for t in span.root.sent if t.is_alpha and not t.is_stop and not span.start <= t.i < span.end]
    f.update(f"{prefix}sw={w}" for w in sentence[:MAX_SENTENCE_WORDS])
    return f


def _column(ctx: DocContext, block, candidate: Candidate) -> int | None:  # type: ignore[no-untyped-def]
    at = block.start
    for index, cell in enumerate(block.cells):
        found = ctx.text.find(cell, at, block.end) if cell else -1
        if found < 0:
            continue
        if found <= candidate.start < found + len(cell) + 1:
            return index
        at = found + len(cell)
    return None


@dataclass(eq=False)
class Pair:
    """An ordered pair of page entities the relation model reads; labels name relations from
    ``a`` to ``b`` ("PARTNER_IN") or from ``b`` to ``a`` ("PARTNER_IN~")."""

    a: PageEntity
    b: PageEntity
    #: The kinds of its ends, as a feature: "tp=Organisation>subject", "tp=Organisation>Country".
    kinds: str
    features: set[str] = field(default_factory=set)
    #: (start, end, mention of a, mention of b) of the passage that joins them, best first.
    evidence: list[tuple[int, int, Candidate, Candidate]] = field(default_factory=list)

    def model_features(self) -> set[str]:
        """What the relation model reads: the pair's features, each also as seen between its
        two kinds of entity ("tp=Organisation>subject|bw=by"). The relation model is linear:
        alone, a word or a parse path weighs the same between any two kinds ("led by" between
        an organisation and the page's project, or between two organisations). With these it
        gets a weight for every pair and one per pair of kinds. Cross-validated relation F1
        over three fold deals of the 649 annotated pages rose by 0.005 / 0.003 / 0.010 (the
        cuts of before); out-of-fold F1 over the pairs themselves from 0.551 to 0.581."""
        return {self.kinds} | self.features | {f"{self.kinds}|{f}" for f in self.features}


def target_features(target: PageEntity, rank: int, ctx: DocContext, subject: bool) -> set[str]:
    """How much a page entity looks like what the page is about."""
    kinds = {ctx.blocks[c.block].kind for c in target.candidates}
    levels = {ctx.blocks[c.block].level for c in target.candidates if ctx.blocks[c.block].kind == "heading"}
    f = {f"t_rank={rank}", f"t_count={_bucket(len(target.candidates))}", f"t_label={target.label}"}
    f.update(f"t_in={k}" for k in kinds)
    if 1 in levels:
        f.add("t_in=h1")
    if subject:
        f.add("t_subject")
    return f


def subject_features(entity: PageEntity, ctx: DocContext, rank: int, opening: dict[int, int]) -> set[str]:
    """What the subject model reads about a name the page may be about: where it stands (title,
    site name, footer, h1, the body's ``opening`` blocks by order), how often the body names it,
    what the typing model thought of it."""
    tokens = words_of(entity.name, 12) or [entity.name.lower()]
    f = {f"count={_bucket(len(entity.candidates))}", f"rank={min(rank, 5)}",
         f"ntok={_bucket(len(tokens), (1, 2, 3, 4, 6))}"}
    f.update(f"src={s}" for s in entity.sources)
    if entity.name.isupper() and len(entity.name) > 1:
        f.add("shape=allcaps")
    if entity.scores:
        best = max((label for label in entity.scores if label != "none"), key=entity.scores.__getitem__)
        f.add(f"tnn={best}")
        f.update(f"ty={label}:{'hi' if p > 0.6 else 'mid'}" for label, p in entity.scores.items() if p >= 0.2)
    metas = [i for i, b in enumerate(ctx.blocks) if b.kind == "meta"]
    body = sum(1 for c in entity.candidates if ctx.blocks[c.block].kind != "meta")
    f.add(f"body_count={_bucket(body, (0, 1, 2, 4, 8))}")
    if entity.name in ctx.acronyms or entity.name in ctx.acronyms.values():
        f.add("acronym_pair")
    for candidate in entity.candidates[:MAX_MENTIONS]:
        block = ctx.blocks[candidate.block]
        if block.kind == "meta":
            f.add("in_meta")
            f.add(f"meta_pos={min(metas.index(candidate.block), 3)}")
            f.update(f"mw={w}" for w in words_of(block.text, 12))
            if (candidate.start, candidate.end) == (block.start, block.end):
                f.add("meta_whole")
        elif block.kind == "heading":
            f.add(f"in_h{min(block.level, 3)}")
        else:
            f.add(f"in_{block.kind}")
        if candidate.block in opening:
            f.add(f"opening={opening[candidate.block]}")
            if candidate.start == block.start:
                f.add("opens_body")
    return f


def local_features(a: Candidate, b: Candidate, ctx: DocContext, page: PageLayout) -> set[str]:
    """The passage joining two mentions of one sentence or card: words between, parse path."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    f = {"L", f"order={'ab' if first is a else 'ba'}"}
    between = words_of(ctx.text[first.end:second.start], 40)
    if len(between) > MAX_BETWEEN:
        f.add("bw_long")
    f.update(f"bw={w}" for w in between[:MAX_BETWEEN])
    if not between:
        gap = ctx.text[first.end:second.start].strip()
        f.add(f"gap={gap[:3]}")
    f.add(f"dist={_bucket(len(between), (0, 1, 3, 6, 10, 20))}")
    if a.block != b.block:
        f.add("nextblock")
        return f
    block = ctx.blocks[a.block]
    f.add(f"unit={block.kind}")
    sa, sb = spacy_span(page, ctx, a), spacy_span(page, ctx, b)
    if sa is not None and sb is not None and len(sa) and len(sb):
        path = dependency_path(sa.root, sb.root)
        if path is not None:
            steps, words = path
            if len(steps) <= 6:
                f.add("dp=" + "/".join(steps))
            f.update(f"dpw={w}" for w in words)
    return f


def dependency_path(x: Token, y: Token) -> tuple[list[str], list[str]] | None:
    """Dependency labels from ``x`` up to the lowest common ancestor and down to ``y``, with the
    words on the way (``led -agent-> by -pobj-> Hospital`` gives ``agent``, ``pobj`` and "led", "by")."""
    up_x = [x, *x.ancestors]
    up_y = [y, *y.ancestors]
    common = next((t for t in up_x if t in up_y), None)
    if common is None:
        return None
    left = up_x[:up_x.index(common)]
    right = up_y[:up_y.index(common)]
    steps = [f"{t.dep_}^" for t in left] + [f"{t.dep_}v" for t in reversed(right)]
    words = [t.lower_ for t in (*left[1:], common, *right[1:]) if t.is_alpha]
    return steps, words[:MAX_BETWEEN]


def rule_features(rule_facts: Iterable[tuple[str, str, str]], a: PageEntity, b: PageEntity) -> set[str]:
    """What the phrase rules said of the pair (source key, type, target key)."""
    f = set()
    for source, rel, target in rule_facts:
        if (source, target) == (a.key, b.key):
            f.add(f"rule={rel}>")
        elif (source, target) == (b.key, a.key):
            f.add(f"rule={rel}<")
    return f


def name_pair_features(a: PageEntity, b: PageEntity) -> set[str]:
    """What a pair's two names say of each other, wherever the page mentions them: their first
    and last words ("Department of ..." beside "... University"), whether one holds the other
    ("AIDA Data Hub" and "AIDA") or they share a word, and, towards a country, whether the
    other name itself names that country ("Danish Meteorological Institute") or another one.
    Out of fold over the 46,038 candidate pairs of the 649 annotated pages, pair F1 rose from
    0.581 to 0.600 (P 0.759 to 0.787, R 0.470 to 0.485); cross-validated relation F1 on the
    scored graphs from 0.470 / 0.467 / 0.464 to 0.480 / 0.481 / 0.477 over three fold deals."""
    words_a, words_b = words_of(a.name, 12), words_of(b.name, 12)
    if not words_a or not words_b:
        return set()
    f = {f"na_first={words_a[0]}", f"na_last={words_a[-1]}", f"nb_first={words_b[0]}", f"nb_last={words_b[-1]}"}
    if "Country" in (a.label, b.label):
        country, other = (a, b) if a.label == "Country" else (b, a)
        home = country_of(country.name)
        named = {country_of(m.group()) for m in country_pattern().finditer(other.name)} - {None}
        if home is not None and home in named:
            f.add("nm=country_in_name")
        elif named:
            f.add("nm=other_country_in_name")
        return f
    if _holds(words_a, words_b):
        f.add("nm=b_in_a")
    elif _holds(words_b, words_a):
        f.add("nm=a_in_b")
    name_a, name_b = a.name.lower(), b.name.lower()
    if words_a != words_b and min(len(name_a), len(name_b)) >= 2 and \
            (name_a.startswith(name_b) or name_b.startswith(name_a)):
        f.add("nm=prefix")  # "SURFnet" and "SURF"
    if any(len(w) >= 4 for w in set(words_a) & set(words_b)):
        f.add("nm=shared")
    return f


def _holds(outer: list[str], inner: list[str]) -> bool:
    """Whether the words ``inner`` stand together, and are not all, of ``outer``."""
    n = len(inner)
    return n < len(outer) and any(outer[i:i + n] == inner for i in range(len(outer) - n + 1))


def sentence_units(ctx: DocContext, page: PageLayout, index: int) -> list[tuple[int, int]]:
    """The spans within which two names are read as one passage: a spaCy sentence of a
    paragraph, or the whole of a list item, table row, heading or meta line."""
    block = ctx.blocks[index]
    parsed = page.parses[index]
    if block.kind != "paragraph" or parsed is None:
        return [(block.start, block.end)]
    return [(block.start + s.start_char, block.start + s.end_char) for s in parsed.sents]
