"""What an analyst should look at first: the least certain facts and likely duplicates.

Extraction makes two kinds of mistakes an analyst can fix with the overrides file
(:mod:`loaders.curation`): facts read with little confidence, and one entity left as two nodes
because its names differ ("Nordic Healthcare Group" / "NHG", "Medtek Norway" / "Medtek Norway
AS"). :func:`review` lists both, most doubtful first, for confirmation.

Candidate duplicates are pairs of nodes with the same label whose names are near, for one of
these reasons (the score, 0-100, ranks them):

* they share a name or alias (100; 5 less for each further node with that name, down to 60);
* the names are equal but for spaces and punctuation (``Health care`` / ``Healthcare``,
  ``Sør-Øst`` / ``Sør Øst``) (99);
* the names are equal once a legal form is removed (``AS``, ``Oy``, ``AB``, ``RHF``...) (98);
* one is the acronym of the other (``NHG`` / ``Nordic Healthcare Group``) (95);
* the names are nearly equal: rapidfuzz ``token_sort_ratio`` (word order ignored) at 85 or
  more (a typo *and* a spacing difference together can fall below it);
* one name contains the other as whole words (``Swedish Medtech`` / ``Swedish Medtech
  Association``), scored 70 plus 30 times the length share of the shorter name.

Near names that both carry numbers, different ones, are not proposed: "Nordic Medtech Growth
2" and "... 3" are two projects, "Programme 2014-2017" and "2018-2021" two programmes.

Pairs an analyst declared ``distinct`` in the overrides file are not proposed again.
"""
from __future__ import annotations

import bisect
import heapq
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from nordgraph.graph.model import KnowledgeGraph, lookup_key
from nordgraph.loaders.curation import distinct_pairs

__all__ = ["MergeCandidate", "ReviewReport", "UncertainFact", "merge_candidates", "review",
           "uncertain_facts"]

#: Legal forms that do not distinguish two organisations (folded: "A/S" is "a s").
LEGAL_FORMS = frozenset({
    "as", "asa", "a s", "aps", "ab", "abp", "hb", "kb", "oy", "oyj", "ky", "ry", "hf", "ehf",
    "ohf", "sf", "rhf", "iks", "ltd", "limited", "plc", "llc", "inc", "corp", "co", "gmbh", "ag",
    "bv", "nv", "sa", "srl", "sas",
})
#: Words an acronym usually skips ("Hospital District of Helsinki and Uusimaa").
ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "in", "on", "og", "och", "i", "af", "av",
                          "for", "til", "till", "ja", "und", "der", "de", "la", "&"})
FUZZY_CUTOFF = 85.0
MIN_CONTAINED_CHARS = 5


@dataclass(frozen=True)
class UncertainFact:
    """A node or edge and its best evidence; ``confidence`` 0 when it has no evidence at all."""

    kind: str  # "node" or "edge"
    key: str
    fact: str
    confidence: float
    rule: str
    quote: str
    doc: str


@dataclass(frozen=True)
class MergeCandidate:
    """Two nodes that may be one entity, and why."""

    label: str
    first: str
    second: str
    first_name: str
    second_name: str
    score: float
    reason: str


@dataclass
class ReviewReport:
    uncertain: list[UncertainFact] = field(default_factory=list)
    candidates: list[MergeCandidate] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[dict[str, Any]]]:
        return {"uncertain": [asdict(u) for u in self.uncertain],
                "candidates": [asdict(c) for c in self.candidates]}


def review(kg: KnowledgeGraph, limit: int = 20) -> ReviewReport:
    """The ``limit`` least certain facts and the ``limit`` strongest candidate merges.

    Examples
    --------
    >>> from graph.model import Evidence
    >>> kg = KnowledgeGraph()
    >>> a = kg.add_node("Organisation", "Nordic Healthcare Group")
    >>> b = kg.add_node("Organisation", "NHG")
    >>> [c.reason for c in review(kg).candidates]
    ["'NHG' is the acronym of 'Nordic Healthcare Group'"]
    """
    return ReviewReport(uncertain_facts(kg, limit), merge_candidates(kg, limit))


# -- uncertain facts ---------------------------------------------------------------------------
def uncertain_facts(kg: KnowledgeGraph, limit: int = 20) -> list[UncertainFact]:
    """Nodes and edges by their best evidence's confidence, lowest first."""
    return heapq.nsmallest(limit, _facts(kg), key=lambda f: (f.confidence, f.kind, f.key))


def _facts(kg: KnowledgeGraph) -> Iterator[UncertainFact]:
    for key in kg.nodes():
        yield _fact("node", key, f"{kg.label(key)} {kg.name(key)}", kg.props(key))
    for source, target, key, data in kg.edges():
        yield _fact("edge", key, f"{kg.name(source)} {data['type']} {kg.name(target)}", data["props"])


def _fact(kind: str, key: str, text: str, props: dict[str, Any]) -> UncertainFact:
    evidence = [e for e in props.get("evidence", []) if isinstance(e, dict)]
    if not evidence:
        return UncertainFact(kind, key, text, 0.0, "", "", "")
    best = max(evidence, key=lambda e: float(e.get("confidence", 1.0)))
    return UncertainFact(kind, key, text, float(best.get("confidence", 1.0)), str(best.get("rule", "")),
                         str(best.get("quote", "")), str(best.get("doc", "")))


# -- candidate merges --------------------------------------------------------------------------
def merge_candidates(kg: KnowledgeGraph, limit: int = 20) -> list[MergeCandidate]:
    """Pairs of same-label nodes whose names are near (see the module docstring), best first."""
    best: dict[frozenset[str], tuple[float, str]] = {}
    rejected = distinct_pairs(kg)
    by_label: dict[str, list[str]] = defaultdict(list)
    for key in kg.nodes():
        by_label[kg.label(key)].append(key)
    for keys in by_label.values():
        for first, second, score, reason in _near_pairs(kg, sorted(keys)):
            pair = frozenset((first, second))
            if first != second and pair not in rejected and score > best.get(pair, (-1.0, ""))[0]:
                best[pair] = (score, reason)
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], sorted(item[0])))[:limit]
    out = []
    for pair, (score, reason) in ranked:
        first, second = sorted(pair)
        out.append(MergeCandidate(kg.label(first), first, second, kg.name(first), kg.name(second),
                                  round(score, 1), reason))
    return out


Pair = tuple[str, str, float, str]


def _near_pairs(kg: KnowledgeGraph, keys: list[str]) -> Iterator[Pair]:
    names = {key: kg.name(key) for key in keys}
    folded = {key: lookup_key(name) for key, name in names.items()}
    yield from _shared_names(kg, keys)
    yield from _twins(keys, folded, _spaceless, 99.0, "same name apart from spaces and punctuation")
    yield from _twins(keys, folded, _without_legal_form, 98.0, "same name apart from the legal form")
    yield from _acronyms(keys, names, folded)
    yield from _fuzzy(keys, folded, names)
    yield from _contained(keys, folded, names)


def _shared_names(kg: KnowledgeGraph, keys: list[str]) -> Iterator[Pair]:
    owners: dict[str, list[str]] = defaultdict(list)
    shown: dict[str, str] = {}
    for key in keys:
        props = kg.props(key)
        for name in {props.get("name", "")} | set(props.get("aliases", [])):
            folded = lookup_key(str(name))
            if folded and key not in owners[folded]:
                owners[folded].append(key)
                shown.setdefault(folded, str(name))
    for folded, group in owners.items():
        if len(group) == 2:
            yield group[0], group[1], 100.0, f"both are called {shown[folded]!r}"
            continue
        # A name many nodes carry is more often a generic alias than one entity.
        score = max(60.0, 100.0 - 5.0 * (len(group) - 2))
        for first, second in _pairs(group):
            yield first, second, score, f"{len(group)} nodes are called {shown[folded]!r}"


def _twins(keys: list[str], folded: dict[str, str], same: Callable[[str], str], score: float,
           reason: str) -> Iterator[Pair]:
    """Pairs whose folded names differ but are equal under ``same``."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        groups[same(folded[key])].append(key)
    for group in groups.values():
        for first, second in _pairs(group):
            if folded[first] != folded[second]:
                yield first, second, score, reason


def _spaceless(folded: str) -> str:
    return folded.replace(" ", "")


def _without_legal_form(folded: str) -> str:
    words = folded.split()
    while len(words) > 1:
        if len(words) > 2 and " ".join(words[-2:]) in LEGAL_FORMS:
            words = words[:-2]
        elif words[-1] in LEGAL_FORMS:
            words = words[:-1]
        else:
            break
    return " ".join(words)


def _acronyms(keys: list[str], names: dict[str, str], folded: dict[str, str]) -> Iterator[Pair]:
    expansions: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        for acronym in _acronyms_of(names[key]):
            expansions[acronym].append(key)
    for key in keys:
        short = folded[key].replace(" ", "")
        if not _looks_like_acronym(names[key]):
            continue
        for other in expansions.get(short, ()):
            if other != key:
                yield key, other, 95.0, f"{names[key]!r} is the acronym of {names[other]!r}"


def _acronyms_of(name: str) -> set[str]:
    """Initials of all words, of the words an acronym keeps, and of the capitalised words."""
    words = re.findall(r"\w+", name)
    if len(words) < 2:
        return set()
    variants = [words, [w for w in words if w.casefold() not in ACRONYM_SKIP],
                [w for w in words if w[0].isupper()]]
    return {lookup_key("".join(w[0] for w in v)) for v in variants if len(v) >= 2}


def _looks_like_acronym(name: str) -> bool:
    letters = re.sub(r"[\W_]", "", name)
    return 2 <= len(letters) <= 10 and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def _fuzzy(keys: list[str], folded: dict[str, str], names: dict[str, str]) -> Iterator[Pair]:
    """Nearly equal names; only names with the same numbers, or none, are compared."""
    buckets: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key in keys:
        buckets[tuple(re.findall(r"\d+", folded[key]))].append(key)
    plain = buckets.pop((), [])
    yield from _fuzzy_among(plain, plain, folded)
    for group in buckets.values():
        yield from _fuzzy_among(group, group, folded)
        yield from _fuzzy_among(group, plain, folded)


def _fuzzy_among(queries: list[str], choices: list[str], folded: dict[str, str]) -> Iterator[Pair]:
    """Pairs of a query and a choice scoring ``FUZZY_CUTOFF`` or more (each pair once).

    ``token_sort_ratio`` is a normalised Indel similarity, ``2 m / (len a + len b)``, which cannot
    reach the cutoff when one text is shorter than ``cutoff / (200 - cutoff)`` of the other:
    choices are sorted by length, and each query is compared only with the window of lengths
    that can match.
    """
    same = queries is choices
    shortest = FUZZY_CUTOFF / (200.0 - FUZZY_CUTOFF)
    order = sorted(choices, key=lambda c: len(folded[c]))
    lengths = [len(folded[c]) for c in order]
    texts = [folded[c] for c in order]
    rank = {c: i for i, c in enumerate(order)}
    for key in queries:
        size = len(folded[key])
        low = rank[key] + 1 if same else bisect.bisect_left(lengths, size * shortest)
        high = bisect.bisect_right(lengths, size / shortest)
        for _, score, j in process.extract(folded[key], texts[low:high], scorer=fuzz.token_sort_ratio,
                                           score_cutoff=FUZZY_CUTOFF, limit=None):
            other = order[low + j]
            if folded[key] != folded[other]:
                yield key, other, float(score), f"names nearly equal (word order ignored: {score:.0f})"


def _contained(keys: list[str], folded: dict[str, str], names: dict[str, str]) -> Iterator[Pair]:
    """Names that occur as whole words inside a longer name, via an index of word runs."""
    runs: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        words = folded[key].split()
        for start in range(len(words)):  # every run of words but the whole name
            for end in range(start + 1, len(words) + 1 if start else len(words)):
                runs[" ".join(words[start:end])].append(key)
    for key in keys:
        short = folded[key]
        if len(short) < MIN_CONTAINED_CHARS:
            continue
        for other in runs.get(short, ()):
            if other != key and folded[other] != short and not _numbers_differ(short, folded[other]):
                score = 70.0 + 30.0 * len(short) / len(folded[other])
                yield key, other, score, f"{names[other]!r} contains {names[key]!r}"


def _numbers_differ(first: str, second: str) -> bool:
    """Both names carry numbers, and not the same ones: "Growth 2" is not "Growth 3"."""
    a, b = re.findall(r"\d+", first), re.findall(r"\d+", second)
    return bool(a and b and a != b)


def _pairs(group: Iterable[str]) -> Iterator[tuple[str, str]]:
    items = list(dict.fromkeys(group))
    for i, first in enumerate(items):
        for second in items[i + 1:]:
            yield first, second
