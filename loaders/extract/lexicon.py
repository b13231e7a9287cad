"""Reference data and word lists the rules share: countries, public bodies, name patterns.

All of it is general domain knowledge (ISO countries with demonyms and native names, the
Nordic ministries and funding agencies, the words organisations are named with), never a
list of the entities of any particular document.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

#: Head words that make a capitalised name an organisation (English and Nordic languages).
ORG_HEADS = frozenset("""
university universitet universitetet universitat universidad université yliopisto háskóli
hospital sykehus sjukhus sygehus sairaala hospitals trust clinic klinikk
institute institut institutet instituttet institution academy akademi college school
agency directorate direktorat direktoratet authority board council inspectorate
association forening förening foreningen förbund forbund federation confederation union society
alliance forum
cluster klynge network hub foundation stiftelsen stiftelse fond fonden
municipality kommune kommun kommunen fylkeskommune herad landsting län county region regionen city
company group corporation consortium lab laboratory laboratories centre center senter
ministry department secretariat office
as asa ab oy oyj ltd limited a/s aps gmbh inc plc llc bv sa rhf hf hb ehf iks kf sf ba nv ag
""".split())

#: Cities and towns of the Nordic and Baltic health-tech scene and Europe's capitals: a place named
#: alone ("Cardiowell AB, Stockholm", the dateline "Oslo, 20 May") is where an organisation sits, never one.
PLACES = frozenset("""
oslo bergen trondheim stavanger tromsø kristiansand drammen fredrikstad bodø ålesund lillestrøm fornebu
stockholm gothenburg göteborg malmö uppsala linköping lund umeå örebro västerås norrköping solna huddinge luleå
copenhagen københavn aarhus odense aalborg esbjerg roskilde lyngby hørsholm
helsinki espoo tampere turku oulu vantaa kuopio jyväskylä
reykjavik reykjavík akureyri tallinn tartu riga vilnius kaunas tórshavn nuuk
london paris berlin brussels amsterdam vienna madrid rome lisbon dublin warsaw prague budapest zurich geneva
munich hamburg barcelona milan
""".split())

#: Words that only ever open an organisation's name.
ORG_PREFIXES = frozenset({"stiftelsen", "region", "city", "county", "university", "municipality",
                          "helse", "hospital", "institute", "ministry", "department", "directorate"})

#: Lower-case words that may end an organisation's name ("Aalborg kommune").
LOWER_ORG_WORDS = frozenset({"kommune", "kommun", "fylkeskommune", "herad", "sykehus", "sjukhus", "sygehus",
                             "universitet", "universitetssykehus", "landsting", "län", "lans",
                             "kommunen", "regionen"})

#: Endings of Nordic compound words that name institutions ("Havforskningsinstituttet",
#: "Socialstyrelsen", "Universitetssjukhuset", "Forskningsrådet"): a name's last word ending so
#: is a feature of the typing model.
NORDIC_ORG_ENDINGS = ("institutt", "instituttet", "institutet", "universitet", "universitetet",
                      "sykehus", "sykehuset", "sjukhus", "sjukhuset", "sygehus", "kommune", "kommun", "kommunen",
                      "direktoratet", "direktorat", "verket", "rådet", "styrelsen", "fonden", "stiftelsen",
                      "selskap", "selskapet", "senter", "senteret", "centret", "myndigheten", "høgskole",
                      "högskola", "hochschule", "universität", "université", "università", "universidad")

#: Legal-form suffixes, dropped when names are compared.
LEGAL_SUFFIXES = frozenset({"as", "asa", "ab", "oy", "oyj", "ltd", "limited", "inc", "gmbh", "a/s",
                            "aps", "plc", "llc", "bv", "sa", "rhf", "hf", "publ", "ag", "srl", "ehf", "iks",
                            "kf", "sf", "ohf"})

#: Words that name a kind of thing, not one thing: a name made only of these is no name.
GENERIC_WORDS = frozenset("""
project projects programme programmes program programs call calls lighthouse initiative pilot
nordic nordics european international national regional local global new the a an our its their
innovation research health healthcare care welfare technology tech partners partner partnership
news about contact home more read menu top navigation subscribe newsletter overview background
summary results result goals goal aim aims objectives activities report annual events event
public private sector industry business government members member team services service press communications
key topics topic funding finance financing duration budget status closed ongoing completed
""".split())

#: Words that open a sentence but never a name.
LEADING_STOPWORDS = frozenset("""
the a an this that these those our we it its in on at for from with by through since after before
when while however also and or but as if to of all some many most several each every both
here there today yesterday recently now then thus therefore furthermore moreover meanwhile
project partners partner lead coordinator funded financed supported
together finally additionally currently previously overall altogether later earlier first second third
lastly instead still already yet again nevertheless otherwise consequently hence indeed notably
importantly similarly likewise accordingly initially ultimately meanwhile nonetheless besides
about welcome
""".split())

#: Roles that make a listed organisation the lead of its project.
LEAD_ROLES = re.compile(
    r"^(?:lead(?:er)?|lead partner|lead applicant|main applicant|coordinator|co-ordinator|"
    r"coordinating partner|project (?:manager|leader|lead|owner|coordinator|co-ordinator)|"
    r"project management|owner|prime|host)$", re.I)
#: Titles that open a person's name ("Professor Anne Berg"): the name is a person, not an organisation.
PERSON_TITLE = re.compile(r"(?:Prof(?:essor)?\.?|Dr\.?|Associate Professor|Assistant Professor|Senior (?:Researcher|Adviser|"
                          r"Advisor|Lecturer)|Researcher|Mr\.?|Ms\.?|Mrs\.?|Chief Physician|Postdoc)\s+(?=[A-ZÆØÅ])")
#: A job title right before a person's name that ends a capitalised run ("Contact Call Manager Karin Ek",
#: "Chief Executive Officer Morten Jensen"): the run is a byline or contact line, not an organisation or call.
TITLED_PERSON = re.compile(r"\b(?:Manager|Officer|Director|Editor|Dean|Rector|Adviser|Advisor|Specialist|Consultant|"
                           r"Secretary|CEO|CTO|CFO|CMO|COO)\s+(?P<person>[A-ZÆØÅÄÖ][a-zæøåäöéü]+(?:-[A-Z][a-zæøåäöéü]+)?"
                           r"(?:\s+[A-ZÆØÅÄÖ][a-zæøåäöéü]+(?:-[A-Z][a-zæøåäöéü]+)?){1,2})$")
PARTNER_ROLES = re.compile(r"^(?:partner|project partner|participant|member|beneficiary|"
                           r"associated partner|consortium member)$", re.I)


@dataclass(frozen=True)
class Country:
    name: str
    iso2: str
    surfaces: tuple[str, ...]  # every form that names the country in text


@dataclass(frozen=True)
class Body:
    label: str
    name: str
    aliases: tuple[str, ...]
    country: str | None


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("nordgraph.loaders.extract").joinpath("data", filename).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    out = []
    for row in _rows("countries.tsv"):
        surfaces = [row["name"], *_split(row["aliases"]), *_split(row["demonyms"]), *_split(row["native"])]
        out.append(Country(row["name"], row["iso2"], tuple(surfaces)))
    return tuple(out)


@lru_cache(maxsize=1)
def country_by_surface() -> dict[str, Country]:
    """Every surface form (case-sensitive) to its country."""
    return {surface: c for c in countries() for surface in c.surfaces}


def phrase_pattern(surfaces: Iterable[str]) -> re.Pattern[str]:
    """Whole-word, case-sensitive alternation of fixed phrases, longest first.

    A lookahead on the phrases' first letters lets the engine skip every other position, which
    makes the alternation several times faster on running text.
    """
    ordered = sorted(set(surfaces), key=len, reverse=True)
    firsts = "".join(sorted({re.escape(s[0]) for s in ordered}))
    return re.compile(rf"(?<![\w-])(?=[{firsts}])(?:" + "|".join(re.escape(s) for s in ordered) + r")(?![\w-])")


@lru_cache(maxsize=1)
def country_pattern() -> re.Pattern[str]:
    """Matches any country surface (name, alias, demonym, native name) as a whole word."""
    return phrase_pattern(country_by_surface())


def country_of(text: str) -> Country | None:
    """The country ``text`` names exactly (name, alias, demonym or native name), if any."""
    stripped = text.strip()
    found = country_by_surface().get(stripped)
    if found is None and stripped[:4].lower() == "the ":
        found = country_by_surface().get(stripped[4:])
    return found


def country_by_code(code: str) -> Country | None:
    """The country an ISO 3166 alpha-2 code names ("NO", "SE"); only upper case counts."""
    code = code.strip()
    if len(code) != 2 or not code.isupper():
        return None
    return next((c for c in countries() if c.iso2 == code), None)


@lru_cache(maxsize=1)
def bodies() -> tuple[Body, ...]:
    return tuple(Body(r["label"], r["name"], tuple(_split(r["aliases"])), r["country"] or None)
                 for r in _rows("bodies.tsv"))


@lru_cache(maxsize=1)
def body_pattern() -> tuple[re.Pattern[str], dict[str, Body]]:
    """A pattern for every known body's name and aliases, and the surface-to-body map."""
    by_surface = {surface: body for body in bodies() for surface in (body.name, *body.aliases)}
    return phrase_pattern(by_surface), by_surface


@lru_cache(maxsize=1)
def listlike_body_pattern() -> re.Pattern[str]:
    """Known names that read like enumerations ("Swedish Research Council for Health, Working
    Life and Welfare"): a list split must not cut them."""
    return phrase_pattern(s for s in body_pattern()[1] if "," in s or " and " in s)


def demonym_country(word: str) -> Country | None:
    """The country a leading adjective or name such as "Norwegian" or "Sweden" names."""
    return country_by_surface().get(word)
