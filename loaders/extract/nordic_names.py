"""English forms of Nordic institution names: a feature of entity resolution.

Registers write an institution's own name ("UNIVERSITETET I OSLO", "OSLO UNIVERSITETSSYKEHUS HF"),
English documents its English one ("University of Oslo", "Oslo University Hospital"). No spelling
rule joins the two, and fuzzy matching must not try ("Universitetet i Bergen" is close to
"Universitetet i Oslo"), but institutions translate their names in a handful of regular ways. This
table holds those ways (and a few names that follow none), each with the reason ``show`` gives for
a merge it makes. It is general knowledge of Norwegian, Swedish and Danish naming, never a list of
any document's entities; a merge it gets wrong is undone with a ``split`` in the curation file.

Names are compared folded (lower case, no accents: "høgskolen" is "hogskolen"), word by word.
"""
from __future__ import annotations

import re
from functools import lru_cache

from nordgraph.graph.model import fold
from nordgraph.loaders.extract.lexicon import LEGAL_SUFFIXES, bodies

__all__ = ["english_forms"]

#: A name's pattern (on its folded words) and its English form(s, "|"-separated), with why one is the other.
_PATTERNS: tuple[tuple[str, str, str], ...] = (
    (r"universitetet (?:i|pa) (.+)", r"university of \1", "Norwegian 'universitetet i X' is 'University of X'"),
    (r"universitetssykehuset (?:i )?(.+)", r"university hospital of \1",
     "Norwegian 'universitetssykehuset X' is 'University Hospital of X'"),
    (r"(.+) universitetssykehus", r"\1 university hospital", "Norwegian 'X universitetssykehus' is 'X University Hospital'"),
    (r"(.+?)s? universitetssjukhus", r"\1 university hospital", "Swedish 'X universitetssjukhus' is 'X University Hospital'"),
    (r"(.+) (?:sykehus|sjukhus|sygehus)", r"\1 hospital", "'X sykehus/sjukhus/sygehus' is 'X Hospital'"),
    (r"(?:hogskolen|hogskulen) i (.+)", r"\1 university college", "Norwegian 'høgskolen i X' is 'X University College'"),
    (r"(.+?)s? (?:universitet|universitetet)", r"\1 university|university of \1",
     "'X universitet' is 'X University' or 'University of X'"),
    (r"(.+?)s? (?:hogskola)", r"\1 university college", "Swedish 'X högskola' is 'X University College'"),
    (r"(.+) fylkeskommune", r"\1 county council", "Norwegian 'X fylkeskommune' is 'X County Council'"),
    (r"(.+) (?:kommune|kommun)", r"\1 municipality", "'X kommune/kommun' is 'X Municipality'"),
)

#: Parts of a name that read otherwise in English (places, mostly), tried with and without.
_WORDS: dict[str, tuple[str, ...]] = {
    "norge": ("norway",), "sverige": ("sweden",), "danmark": ("denmark",), "island": ("iceland",),
    "sorost-norge": ("south-east norway", "south-eastern norway"), "nord-norge": ("north norway", "northern norway"),
    "vestlandet": ("western norway",), "kobenhavn": ("copenhagen",), "kobenhavns": ("copenhagen",),
    "goteborg": ("gothenburg",), "goteborgs": ("gothenburg",),
}

#: Whole names no pattern derives, as registers write them; the known public bodies
#: (:func:`loaders.extract.lexicon.bodies`: "Innovasjon Norge", "Folkehelseinstituttet") come on top.
_NAMES: dict[str, str] = {
    "ntnu": "norwegian university of science and technology",
    "norges teknisk-naturvitenskapelige universitet": "norwegian university of science and technology",
    "norges teknisk-naturvitenskapelige universitet ntnu": "norwegian university of science and technology",
    "norges miljo- og biovitenskapelige universitet": "norwegian university of life sciences",
    "norges miljo- og biovitenskapelige universitet nmbu": "norwegian university of life sciences",
    "oslomet - storbyuniversitetet": "oslo metropolitan university",
    "universitetet i tromso - norges arktiske universitet": "uit the arctic university of norway",
    "naeringslivets hovedorganisasjon": "confederation of norwegian enterprise",
    "kreftregisteret": "cancer registry of norway",
    "karolinska institutet": "karolinska institute",
}
_KNOWN_NAME = "the name it is known by in English"


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[(),.’']", " ", fold(text).casefold())).strip()


@lru_cache(maxsize=1)
def _known() -> dict[str, tuple[str, str]]:
    """Folded Nordic name -> (English name, why), from :data:`_NAMES` and the known bodies."""
    known = {nordic: (english, _KNOWN_NAME) for nordic, english in _NAMES.items()}
    for body in bodies():
        for alias in body.aliases:
            known.setdefault(_fold(alias), (_fold(body.name), f"the known body {body.name} ({alias})"))
    return known


_COMPILED = tuple((re.compile(p), english, why) for p, english, why in _PATTERNS)


@lru_cache(maxsize=1 << 16)
def english_forms(name: str) -> tuple[tuple[str, str], ...]:
    """``(English form, why)`` for each way ``name`` reads in English; none for a name that is
    English already or follows no rule. A legal form at the end ("HF", "AS") is left out first."""
    words = _fold(name).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words = words[:-1]
    folded = " ".join(words)
    found: dict[str, str] = {}
    if folded in _known():
        english, why = _known()[folded]
        found[english] = why
    for pattern, english, why in _COMPILED:
        match = pattern.fullmatch(folded)
        if match:
            for place in _places(match.group(1)):
                for form in english.split("|"):
                    found.setdefault(form.replace(r"\1", place), why)
            break
    return tuple(found.items())


def _places(words: str) -> list[str]:
    """``words`` as given, and with each part :data:`_WORDS` knows in English."""
    forms = [words]
    for part in words.split():
        for english in _WORDS.get(part, ()):
            forms += [form.replace(part, english) for form in forms]
    return forms
