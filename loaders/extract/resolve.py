"""Entity resolution: one node per real-world entity, whatever the surface forms.

Mentions (from every document) and the nodes already in the graph are clustered:

1. the same comparison key (case, accents, a leading "the", punctuation, hyphenation and a
   trailing legal form such as AS/AB/Oy/Ltd/RHF folded away);
2. an acronym defined in the same document ("Long Name (ACR)", "Long Name [ACR]", "ACR (Long
   Name)", a name written "ACR – Long Name"), or an all-capitals mention whose letters are the
   initials of exactly one name in its document, or some of them in order ("HIDA");
3. a leading demonym or country dropped ("Directorate of Health" = "Norwegian Directorate of
   Health") when exactly one such longer name exists and the shorter one is not located
   elsewhere; likewise a trailing period ("Interreg Aurora 2021–2027") and a one-word short
   form ("Chalmers") of the one longer name it opens in its document;
4. fuzzy matching (rapidfuzz) of names of one type, word by word, so that names that merely
   share words ("Helse Vest" / "Helse Sør-Øst", two universities) never merge;
5. the same words without connectors, in another order for organisations, or with "University"
   in another language ("University of Ghent" = "University Ghent", "Universität Hamburg" =
   "University of Hamburg").

A country mention is keyed by its country, however named ("UK", "SE", "Norwegian").

A cluster takes the label its mentions vote for (by confidence), its most common full name,
and every other surface form as an alias.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from nordgraph.graph.model import NODE_LABELS, KnowledgeGraph, node_id
from nordgraph.graph.model import fold as fold_diacritics
from nordgraph.loaders.countries import locate
from nordgraph.loaders.extract.context import MIN_CONFIDENCE, Fact, Mention
from nordgraph.loaders.extract.lexicon import LEGAL_SUFFIXES, country_by_code, country_by_surface, country_of
from nordgraph.loaders.extract.nordic_names import english_forms
from nordgraph.loaders.extract.text import NAME_CONNECTORS, acronym_fits, is_short_form

_APOSTROPHES = str.maketrans("", "", "’'‘")
#: Types an edge may connect (source labels, target labels).
SCHEMA = {
    "LEADS": ({"Organisation", "Ministry"}, {"Project", "Call", "Programme"}),
    "PARTNER_IN": ({"Organisation", "Ministry"}, {"Project", "Call", "Programme"}),
    "FUNDED_BY": ({"Project", "Call", "Programme", "Organisation"}, {"Organisation", "Ministry", "Call", "Programme"}),
    "PART_OF": ({"Project", "Call", "Programme", "Organisation", "Ministry"},
                {"Project", "Call", "Programme", "Organisation", "Ministry"}),
    "LOCATED_IN": ({"Organisation", "Ministry", "Programme", "Project"}, {"Country"}),
    "COLLABORATES_WITH": ({"Organisation", "Ministry", "Project"}, {"Organisation", "Ministry", "Project"}),
    "WORKS_FOR": ({"Person"}, {"Organisation", "Ministry"}),
}
#: The node property that says which names a table's node was joined with, and why.
RESOLUTION = "resolution"
_LABEL_PRIORITY = {label: i for i, label in enumerate(("Country", "Ministry", "Call", "Programme", "Project",
                                                         "Organisation", "Person"))}


def fold(text: str) -> str:
    """Lower-case, accent-free form of ``text`` without apostrophes ("Sør-Øst" -> "sor-ost")."""
    return fold_diacritics(text.translate(_APOSTROPHES)).casefold()


@lru_cache(maxsize=1 << 18)
def words_of(name: str) -> tuple[str, ...]:
    """Folded words of a name without a leading "the" or trailing legal form."""
    toks = re.findall(r"[^\W_]+(?:[-/][^\W_]+)*", fold(name))
    if toks and toks[0] == "the" and len(toks) > 1:
        toks = toks[1:]
    while len(toks) > 1 and toks[-1] in LEGAL_SUFFIXES:
        toks = toks[:-1]
    return tuple(toks)


_KIND_WORDS = frozenset({"programme", "program", "project", "call", "framework"})


@lru_cache(maxsize=1 << 18)
def name_key(name: str) -> str:
    """The comparison key: folded words joined with nothing ("Syd-Danmark" = "Syddanmark"),
    without a trailing kind word ("Horizon Europe Programme" = "Horizon Europe")."""
    toks = words_of(name)
    if len(toks) > 2 and toks[-1] in _KIND_WORDS:
        toks = toks[:-1]
    return re.sub(r"[\W_]+", "", "".join(toks))


_COUNTRY_AFTER = re.compile(r"\s+(?:in|of)\s+(?:the\s+)?(?P<country>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)$")


def _strip_country(name: str) -> tuple[str, str] | None:
    """The name without the country that qualifies it, and that country's name: a leading
    demonym ("Norwegian Directorate of Health") or a trailing "in/of <country>" ("Ministry of
    Trade and Industry in Norway"); the rest must still be a name of two words or more."""
    parts = name.split(None, 1)
    if len(parts) == 2 and parts[0] in country_by_surface() and len(parts[1].split()) >= 2:
        return parts[1], country_by_surface()[parts[0]].name
    after = _COUNTRY_AFTER.search(name)
    if after is not None and after.group("country") in country_by_surface() and len(name[:after.start()].split()) >= 3:
        return name[:after.start()], country_by_surface()[after.group("country")].name
    return None


def initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-ZÆØÅÄÖ][\w-]*", name)).upper()


@dataclass
class Cluster:
    mentions: list[Mention] = field(default_factory=list)
    node: str | None = None  # an existing node of the graph this cluster is
    aliases: set[str] = field(default_factory=set)
    #: Why the cluster is that node, when its names differ from the node's (``show`` lists it).
    joined: list[str] = field(default_factory=list)

    def label(self, kg: KnowledgeGraph) -> str:
        if self.node is not None:
            return kg.label(self.node)
        if any(m.label == "Country" for m in self.mentions):
            return "Country"
        votes: Counter[str] = Counter()
        for m in self.mentions:
            votes[m.label] += m.confidence if m.standalone else m.confidence / 2
        return max(votes, key=lambda lab: (votes[lab], -_LABEL_PRIORITY.get(lab, 9)))

    def name(self) -> str:
        canonical = [m.props["canonical"] for m in self.mentions if m.props.get("canonical")]
        if canonical:
            return Counter(canonical).most_common(1)[0][0]
        forms = Counter(_display(m.name) for m in self.mentions)
        return max(forms, key=lambda f: (not _acronymish(f), forms[f], len(f)))


def _display(name: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", name).strip()


def _acronymish(name: str) -> bool:
    return bool(re.fullmatch(r"[A-ZÆØÅ0-9&-]{2,10}", name))


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def resolve(kg: KnowledgeGraph, mentions: list[Mention], acronyms: dict[str, dict[str, str]],
            texts: dict[str, str], facts: list[Fact] = ()) -> dict[int, Cluster]:
    """Cluster mentions (and existing graph nodes) into entities; returns mention id -> cluster.

    ``facts`` give the countries mentions are located in, which keep apart bodies of different
    countries whose names differ only by a demonym."""
    mentions = [m for m in mentions if m.confidence >= MIN_CONFIDENCE]
    uf = _UnionFind(len(mentions))
    by_key: dict[str, int] = {}
    for i, m in enumerate(mentions):
        key = name_key(m.props.get("canonical") or _country_name(m) or m.name)
        if not key:
            continue
        if key in by_key:
            uf.union(by_key[key], i)
        else:
            by_key[key] = i
        for alias in m.aliases:
            akey = name_key(alias)
            if akey and not _acronymish(alias):
                if akey in by_key:
                    uf.union(by_key[akey], i)
                else:
                    by_key[akey] = i
    _merge_acronyms(mentions, uf, by_key, acronyms, texts)
    _merge_demonyms(mentions, uf, _located(facts))
    _merge_periods(mentions, uf)
    _merge_short_forms(mentions, uf)
    _merge_fuzzy(mentions, uf)
    _merge_reordered(mentions, uf)
    clusters: dict[int, Cluster] = defaultdict(Cluster)
    for i, m in enumerate(mentions):
        clusters[uf.find(i)].mentions.append(m)
    _attach_existing(kg, clusters)
    return {id(m): clusters[uf.find(i)] for i, m in enumerate(mentions)}


def _country_name(mention: Mention) -> str | None:
    """A country mention's country ("UK", "SE", "Norwegian"): one node per country, however named."""
    if mention.label != "Country":
        return None
    country = country_of(mention.name) or country_by_code(mention.name)
    return country.name if country else None


def _merge_acronyms(mentions: list[Mention], uf: _UnionFind, by_key: dict[str, int],
                    acronyms: dict[str, dict[str, str]], texts: dict[str, str]) -> None:
    """Acronyms defined in a document, aliases that are acronyms, and initials."""
    alias_owner: dict[tuple[str, str], set[int]] = defaultdict(set)  # (doc, ACR) -> mention indexes
    global_owner: dict[str, set[int]] = defaultdict(set)
    for i, m in enumerate(mentions):
        joined = _acronym_and_name(m.name)
        if joined is not None:  # "ÖNB - Austrian National Library": both names of one body
            acronym, long = joined
            if name_key(long) in by_key:
                uf.union(i, by_key[name_key(long)])
            if acronym not in m.aliases:
                m.aliases.append(acronym)
    for i, m in enumerate(mentions):
        for alias in m.aliases:
            if _acronymish(alias):
                alias_owner[(m.doc, alias)].add(uf.find(i))
                global_owner[alias].add(uf.find(i))
        for acr, long in acronyms.get(m.doc, {}).items():
            if name_key(long) == name_key(m.name):
                alias_owner[(m.doc, acr)].add(uf.find(i))
                global_owner[acr].add(uf.find(i))
                m.aliases.append(acr) if acr not in m.aliases else None
            elif acr == m.name and name_key(long) in by_key:
                uf.union(i, by_key[name_key(long)])
    initials_index: dict[tuple[str, str], set[int]] = defaultdict(set)
    #: (doc, label, first initial) -> (mention index, the initials of its content words)
    by_first_initial: dict[tuple[str, str, str], list[tuple[int, str]]] = defaultdict(list)
    for i, m in enumerate(mentions):
        if len(m.name.split()) >= 2:
            initials_index[(m.doc, initials(m.name))].add(uf.find(i))
            initials_index[("*", initials(m.name))].add(uf.find(i))
            if spelled := _content_initials(m.name):
                by_first_initial[(m.doc, m.label, spelled[0])].append((i, spelled))
    for i, m in enumerate(mentions):
        if not _acronymish(m.name) or m.label == "Country":
            continue
        owners = {uf.find(o) for o in alias_owner.get((m.doc, m.name), set())}
        if len(owners) != 1:
            owners = {uf.find(o) for o in global_owner.get(m.name, set())}
        if len(owners) != 1:
            owners = {uf.find(o) for o in initials_index.get((m.doc, m.name), set())}
            owners = {o for o in owners if mentions[o].label == m.label}
        if len(owners) != 1:
            wide = {uf.find(o) for o in initials_index.get(("*", m.name), set())}
            owners = {o for o in wide if mentions[o].label == m.label and mentions[o].name in texts.get(m.doc, "")}
        if len(owners) != 1 and len(m.name) >= 3:
            owners = {uf.find(o) for o, spelled in by_first_initial.get((m.doc, m.label, fold(m.name)[0]), ())
                      if _spells(fold(m.name), spelled)}
        if len(owners) == 1:
            uf.union(i, owners.pop())


def _content_initials(name: str) -> str:
    """The initials of a name's words but its connectors ("Technical University of Denmark": "tud")."""
    return "".join(w[0] for w in re.findall(r"[^\W\d_]+", fold(name)) if w not in NAME_CONNECTORS)


def _spells(acronym: str, spelled: str) -> bool:
    """An acronym made of some of a name's initials, in order, opening with the first and
    skipping at most two ("HIDA": Helmholtz Information & Data Science Academy; "UMG":
    University Medical Center Göttingen). On the 649 annotated pages, 59 pairs of nodes so
    written were one gold entity and 4 were two (each pair alone, before the one-name test)."""
    it = iter(spelled)
    return bool(spelled) and spelled[0] == acronym[0] and len(spelled) <= len(acronym) + 2 \
        and all(c in it for c in acronym)


_DASHED = re.compile(r"^(?P<left>\S.*?)\s+[-–—]\s+(?P<right>\S.*)$")


def _acronym_and_name(name: str) -> tuple[str, str] | None:
    """``(acronym, name)`` of a name written as both, either way round ("UniVie - University of
    Vienna", "German Aerospace Center – DLR"), when the acronym fits the name; partner lists
    write them so."""
    dashed = _DASHED.match(name)
    if dashed is None:
        return None
    left, right = dashed.group("left"), dashed.group("right")
    for acronym, long in ((left, right), (right, left)):
        if is_short_form(acronym) and len(long.split()) >= 2 and acronym_fits(acronym, long):
            return acronym, long
    return None


def _located(facts: list[Fact]) -> dict[int, set[str]]:
    """Mention id -> the names of the countries facts locate it in."""
    found: dict[int, set[str]] = defaultdict(set)
    for f in facts:
        if f.type == "LOCATED_IN":
            found[id(f.source)].add(f.target.props.get("canonical") or f.target.name)
    return found


def _merge_demonyms(mentions: list[Mention], uf: _UnionFind, located: dict[int, set[str]]) -> None:
    """"Directorate of Health" joins "Norwegian Directorate of Health" (or "Directorate of Health
    in Norway") when that is the only such name, unless the shorter name is located in, or known
    as a body of, another country (Iceland's Directorate of Health; Norway's ministry next to
    "the French Ministry of ...")."""
    longer: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)  # -> cluster root -> country
    for i, m in enumerate(mentions):
        stripped = _strip_country(m.name)
        if stripped and m.label in ("Organisation", "Ministry"):
            short, country = stripped
            longer[(m.label, name_key(short))][uf.find(i)] = country
    cluster_countries: dict[int, set[str]] = defaultdict(set)
    for i, m in enumerate(mentions):
        cluster_countries[uf.find(i)] |= located.get(id(m), set())
        if m.props.get("country"):  # a known body's own country ("Ministry of Health and Care Services": Norway)
            cluster_countries[uf.find(i)].add(m.props["country"])
    for i, m in enumerate(mentions):
        owners = longer.get((m.label, name_key(m.name)), {})
        if len(owners) == 1:
            ((owner, country),) = owners.items()
            if not cluster_countries[uf.find(i)] - {country}:
                uf.union(i, owner)


_PERIOD = re.compile(r"\s+(?:19|20)\d\d\s?[–-]\s?(?:19|20)?\d\d$")


def _merge_periods(mentions: list[Mention], uf: _UnionFind) -> None:
    """"Interreg Aurora" joins "Interreg Aurora 2021–2027" when only one period of it is named
    (two periods of a programme are two programmes)."""
    dated: dict[tuple[str, str], set[str]] = defaultdict(set)
    roots: dict[tuple[str, str], int] = {}
    for i, m in enumerate(mentions):
        period = _PERIOD.search(m.name)
        if period:
            key = (m.label, name_key(m.name[:period.start()]))
            dated[key].add(name_key(m.name))
            roots[key] = i
    for i, m in enumerate(mentions):
        key = (m.label, name_key(m.name))
        if len(dated.get(key, ())) == 1:
            uf.union(i, roots[key])


def _merge_short_forms(mentions: list[Mention], uf: _UnionFind) -> None:
    """"Chalmers" after "Chalmers University of Technology" in the same document: a one-word
    organisation name that opens exactly one longer organisation name there is its short form."""
    opening: dict[tuple[str, str], set[int]] = defaultdict(set)
    for i, m in enumerate(mentions):
        toks = words_of(m.name)
        if m.label == "Organisation" and len(toks) >= 2 and not _acronymish(m.name):
            opening[(m.doc, toks[0])].add(i)
    for i, m in enumerate(mentions):
        toks = words_of(m.name)
        if m.label != "Organisation" or len(m.name.split()) != 1 or _acronymish(m.name) or m.name in country_by_surface():
            continue  # "Pharmadigi Oy" is no short form of "Pharmadigi Sverige AB"
        owners: set[int] = set()
        for o in opening.get((m.doc, toks[0]), ()):
            owners.add(uf.find(o))
            if len(owners) > 1:
                break  # not one name's short form; a table of "X 1" ... "X 20000" is not read through
        if len(owners) == 1:
            uf.union(i, owners.pop())


#: "University" in the languages of the corpus's partner lists ("Universität Hamburg", "Universitetet i Bergen").
_UNIVERSITY = frozenset({"universitat", "universitaet", "universita", "universite", "universidad", "universidade",
                         "universiteit", "universitet", "universitetet", "uniwersytet", "univerzita", "universitesi",
                         "universitatea", "yliopisto", "haskoli"})


def _content_key(name: str, any_order: bool) -> tuple[str, ...] | None:
    """A name's words but its connectors, with "University" in any language as one word, and
    in any order if ``any_order``: "Auckland University" = "University of Auckland" =
    "Universität Auckland"."""
    toks = ["university" if t in _UNIVERSITY else t for t in words_of(name) if t not in NAME_CONNECTORS]
    if len(toks) < 2:
        return None
    return tuple(sorted(toks)) if any_order else tuple(toks)


def _merge_reordered(mentions: list[Mention], uf: _UnionFind) -> None:
    """Names of one type with the same content words ("University Ghent" and "University of
    Ghent", "German Federal Ministry for/of Economic Affairs"); in another order for
    organisations only: Finland's Ministry of Social Affairs and Health is not Sweden's Ministry
    of Health and Social Affairs. On the 649 annotated pages this joined 33 pairs of nodes that
    were one gold entity, and none that were two."""
    first: dict[tuple[str, tuple[str, ...]], int] = {}
    for i, m in enumerate(mentions):
        key = None if _acronymish(m.name) else _content_key(m.name, any_order=m.label == "Organisation")
        if key is not None:
            uf.union(first.setdefault((m.label, key), i), i)


def _merge_fuzzy(mentions: list[Mention], uf: _UnionFind) -> None:
    """Same type, same number of words, every word pair close (typos, plurals, spelling)."""
    groups: dict[tuple[str, int, str], list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        toks = words_of(m.name)
        if toks and not _acronymish(m.name):
            # _close never joins names whose words with digits differ ("Partner 17", "Partner 18"):
            # grouped apart, a table of 20,000 numbered names is not compared pair by pair
            digits = tuple((at, t) for at, t in enumerate(toks) if any(c.isdigit() for c in t))
            groups[(m.label, len(toks), toks[0][:2], digits)].append(i)
    for members in groups.values():
        reps: dict[tuple[str, ...], int] = {}  # one representative per distinct spelling
        for i in members:
            reps.setdefault(words_of(mentions[i].name), i)
        if len(reps) < 2:
            continue
        spellings = list(reps)
        joined = [" ".join(s) for s in spellings]
        for a, query in enumerate(joined[:-1]):
            # whole-name similarity in C first; the word-by-word test only for the near ones
            for _, _, offset in process.extract(query, joined[a + 1:], scorer=fuzz.ratio, score_cutoff=80,
                                                limit=None):
                b = a + 1 + offset
                if _close(spellings[a], spellings[b]):
                    uf.union(reps[spellings[a]], reps[spellings[b]])


def _close(left: list[str], right: list[str]) -> bool:
    if left == right:
        return True
    for a, b in zip(left, right):
        if a == b:
            continue
        if any(c.isdigit() for c in a + b) or len(a) < 4 or len(b) < 4:
            return False
        if fuzz.ratio(a, b) < 85:
            return False
    return True


class _Existing:
    """The nodes already in the graph (from tables) by the keys a mention may meet them under."""

    def __init__(self, kg: KnowledgeGraph):
        self.kg = kg
        self.names: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.aliases: dict[tuple[str, str], set[str]] = defaultdict(set)
        #: (label, key of an English form) -> node -> (the node's own name it comes from, why)
        self.english: dict[tuple[str, str], dict[str, tuple[str, str]]] = defaultdict(dict)
        for key in kg.nodes():
            props = kg.props(key)
            own = [str(props.get("name", ""))]
            others = [str(a) for a in props.get("aliases", [])]
            for label in kg.node(key)["labels"]:
                for name in own:
                    self.names[(label, name_key(name))].add(key)
                for alias in others:
                    self.aliases[(label, name_key(alias))].add(key)
                for name in own + others:
                    for form, why in english_forms(name):
                        self.english[(label, name_key(form))].setdefault(key, (name, why))

    def match(self, forms: list[tuple[str, str]], labels: set[str]) -> tuple[str, str] | None:
        """``(node, why)`` for the one node ``forms`` (``(name, doc)``) name, trying the same name (case,
        accents, punctuation and a legal form aside), then an alias of the node (not an acronym), then
        an English form of either name (:mod:`loaders.extract.nordic_names`); none when a way names
        several nodes."""
        keyed = [(form, doc, label, name_key(form)) for form, doc in forms for label in labels]
        same = {node: f"{form} ({doc}) has the same name as {self.kg.name(node)}, case, accents and legal form aside"
                for form, doc, label, key in keyed for node in self.names.get((label, key), ())}
        if same:
            return _one(same)
        # an acronym alone names too many things ("ISF": a research institute, a reimbursement system)
        alias = {node: f"{form} ({doc}) is {self.kg.name(node)}'s alias in its table"
                 for form, doc, label, key in keyed if not _acronymish(form)
                 for node in self.aliases.get((label, key), ())}
        if alias:
            return _one(alias)
        english: dict[str, str] = {}
        for form, doc, label, key in keyed:
            for node, (name, why) in self.english.get((label, key), {}).items():
                english[node] = f"{form} ({doc}) is the English name of {name}: {why}"
            for translated, why in english_forms(form):
                found = self.names.get((label, name_key(translated)), set()) | self.aliases.get(
                    (label, name_key(translated)), set())
                english.update({node: f"{form} ({doc}) is {self.kg.name(node)} in English: {why}" for node in found})
        return _one(english) if english else None


def _one(found: dict[str, str]) -> tuple[str, str] | None:
    return next(iter(found.items())) if len(found) == 1 else None


def _attach_existing(kg: KnowledgeGraph, clusters: dict[int, Cluster]) -> None:
    """Clusters that name a node already in the graph (from structured tables) become it, by the
    first way that names exactly one node (see :meth:`_Existing.match`): a register's short name
    "SINTEF", shared by six SINTEF companies, joins none of them. Why is kept on the cluster."""
    if not clusters or not len(kg):
        return
    existing = _Existing(kg)
    for cluster in {id(c): c for c in clusters.values()}.values():
        forms = {(form, m.doc): None for m in cluster.mentions
                 for form in (m.name, m.props.get("canonical"), *m.aliases) if form}
        found = existing.match(list(forms), {m.label for m in cluster.mentions})
        if found is not None:
            cluster.node, why = found
            if not any(form == kg.name(cluster.node) for form, _ in forms):
                cluster.joined.append(why)


def write(kg: KnowledgeGraph, mentions: list[Mention], facts: list[Fact], acronyms: dict[str, dict[str, str]],
          texts: dict[str, str]) -> None:
    """Resolve mentions into nodes and add them, then the facts between them, with evidence."""
    clusters = resolve(kg, mentions, acronyms, texts, facts)
    needed = {id(f.source) for f in facts} | {id(f.target) for f in facts}
    keys: dict[int, str] = {}
    for cluster in {id(c): c for c in clusters.values()}.values():
        if not any(m.standalone or id(m) in needed for m in cluster.mentions):
            continue
        label = cluster.label(kg)
        if label not in NODE_LABELS:
            continue
        name = kg.name(cluster.node) if cluster.node else cluster.name()
        aliases = sorted({_display(m.name) for m in cluster.mentions} | {a for m in cluster.mentions for a in m.aliases}
                         - {name})
        props: dict[str, Any] = {}
        evidence = [_evidence(m.doc, m.start, m.end, texts, m.rule, m.confidence) for m in cluster.mentions]
        for m in cluster.mentions:  # typed properties (budget, years, status) with their passages
            for found in m.props.get("properties", ()):
                props.setdefault(found["name"], found["value"])
                evidence.append(_evidence(m.doc, found["start"], found["end"], texts,
                                          f"{found['rule']}:{found['name']}", found["confidence"]))
        key = kg.add_node(label, name, key=cluster.node or node_id(label, name), aliases=aliases,
                          evidence=evidence, **props)
        if cluster.joined:
            resolution = kg.props(key).setdefault(RESOLUTION, [])
            resolution.extend(why for why in cluster.joined if why not in resolution)
        placed: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for m in cluster.mentions:  # a known body's own country ("Ministry of Health and Care Services": Norway)
            if m.props.get("country") and label in SCHEMA["LOCATED_IN"][0]:
                placed[m.props["country"]].append(_evidence(m.doc, m.start, m.end, texts, f"{m.rule}:country",
                                                            m.confidence))
        for country, quotes in placed.items():  # once per country: a body named in every page is one union
            locate(kg, key, country, quotes)
        for m in cluster.mentions:
            keys[id(m)] = key
    grouped: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for f in facts:
        source, target = keys.get(id(f.source)), keys.get(id(f.target))
        if source is None or target is None or source == target or f.confidence < MIN_CONFIDENCE:
            continue
        sources, targets = SCHEMA[f.type]
        if kg.label(source) not in sources or kg.label(target) not in targets:
            continue
        evidence = _evidence(f.source.doc, f.start, f.end, texts, f.rule, f.confidence)
        if evidence not in grouped[(source, f.type, target)]:
            grouped[(source, f.type, target)].append(evidence)
    for (source, rel_type, target), evidence in grouped.items():
        kg.add_edge(source, rel_type, target, evidence=evidence)  # a lead listed among partners is both


def _evidence(doc: str, start: int, end: int, texts: dict[str, str], rule: str, confidence: float) -> dict:
    """An evidence map (the shape of :class:`graph.model.Evidence`); long passages are cut."""
    if end - start > 400:
        end = start + 400
    return {"doc": doc, "start": start, "end": end, "quote": texts[doc][start:end], "rule": rule,
            "confidence": round(confidence, 2)}
