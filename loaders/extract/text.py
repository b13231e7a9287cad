"""Text primitives the rules share: sentences, tokens, name spans, lists and list items.

Everything works on character offsets into the document text, so every span a rule keeps
can become an evidence quote that occurs verbatim in the document.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from nordgraph.graph.model import fold as fold_diacritics
from nordgraph.loaders.extract.lexicon import (
    GENERIC_WORDS,
    LEADING_STOPWORDS,
    LEGAL_SUFFIXES,
    LOWER_ORG_WORDS,
    ORG_HEADS,
    listlike_body_pattern,
)

Span = tuple[int, int]

_TOKEN = re.compile(r"[^\W_](?:[\w’'&./+]*[^\W_])?(?:-(?:[^\W_][\w’'&./+]*[^\W_]|[^\W_]))*-?\+?")
_SENTENCE_END = re.compile(r"[.!?]+[\"”’)]?\s+(?=[\"“(]?[A-Z0-9ÆØÅÄÖÉ])")
_ABBREVIATIONS = frozenset({"e.g", "i.e", "ca", "approx", "dr", "mr", "mrs", "ms", "prof", "st", "sct", "no",
                            "vs", "etc", "inc", "co", "jr", "sr", "fig", "nr", "mill", "bn", "mnok"})
#: Lower-case words allowed inside a name between capitalised words.
NAME_CONNECTORS = frozenset({"of", "for", "and", "&", "the", "i", "og", "och", "und", "de", "du", "der",
                             "van", "von", "für", "la", "le", "del", "di", "on", "in",
                             # Nordic prepositions inside names: "Universitetet i Bergen", "Høgskolen på
                             # Vestlandet", "Háskólinn í Reykjavík", "Högskolan för ...", "Sygehus ved ..."
                             "í", "á", "af", "på", "ved", "vid", "för", "til"})
#: Connectors after which "and"/"the" may continue a name ("Ministry of Trade and Industry").
_OPENERS = frozenset({"of", "for", "on", "in", "through", "within"})
#: Legal forms written in lower case after a name.
_LOWER_LEGAL = frozenset({"ehf", "ohf", "hf", "oy", "oyj", "aps", "a/s", "gmbh", "asa", "sf", "iks"})
#: Abbreviations that stay inside a name with their full stop ("St. Olavs Hospital").
_NAME_ABBREVIATIONS = frozenset({"St", "Sct", "Mt", "Ste"})
#: Capitalised function words: inside a run they mean Title Case prose, so the run breaks.
_TITLE_CASE_BREAKS = frozenset({"of", "for", "and", "the", "in", "on", "at", "to", "with", "by", "from", "as",
                                "a", "an", "or", "into", "after", "before", "about", "over"})
_CAMEL = re.compile(r"[a-z]{1,2}[A-Z]")
_BASED = re.compile(r"-(?:based|headquartered)$", re.I)
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_END = re.compile(r"(?:19|20)?\d\d")
_RANGE_DASH = re.compile(r"\s?[–-]\s?")
#: Extra connectors allowed in the titles of projects and programmes.
TITLE_CONNECTORS = NAME_CONNECTORS | {"through", "within", "to", "as", "with", "at", "by", "from", "a", "an"}


class Token(NamedTuple):
    text: str
    start: int
    end: int

    @property
    def cap(self) -> bool:
        return self.text[0].isupper()


@lru_cache(maxsize=8192)
def tokens(text: str, start: int = 0, end: int | None = None) -> tuple[Token, ...]:
    end = len(text) if end is None else end
    return tuple(Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end))


#: A "sentence" longer than this (a data dump, a text with no full stops) is cut at spaces into
#: pieces of at most this size: the rules read a sentence from its start to a cue, so an unbounded
#: sentence would make their work grow with the square of its length. Real sentences stay whole
#: (the longest in the annotated pages is under 4,000 characters).
MAX_SENTENCE_CHARS = 5_000
#: The longest stretch of text a name can take: a name is found by scanning this far around a cue,
#: not from the start of its block (which would make long blocks quadratic).
NAME_WINDOW = 400


@lru_cache(maxsize=4096)
def sentences(text: str, start: int, end: int) -> tuple[Span, ...]:
    """Sentence spans inside ``text[start:end]`` (a block), trimmed of surrounding space."""
    return tuple(piece for sentence in _sentences(text, start, end)
                 for piece in bounded_pieces(text, *sentence, MAX_SENTENCE_CHARS))


def _sentences(text: str, start: int, end: int) -> Iterator[Span]:
    position = start
    for match in _SENTENCE_END.finditer(text, start, end):
        before = text[max(start, match.start() - 8):match.start()].split()
        word = before[-1].lower().lstrip("(\"“") if before else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        yield _trim(text, position, match.start() + 1)
        position = match.end()
    if position < end:
        yield _trim(text, position, end)


def bounded_pieces(text: str, start: int, end: int, limit: int) -> Iterator[Span]:
    """``[start, end)`` cut at white space into pieces of at most ``limit`` characters (a piece
    with no white space in reach is cut hard)."""
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        cut = cut if cut > start else start + limit
        yield _trim(text, start, cut)
        start = cut
    if start < end:
        yield _trim(text, start, end)


def _window_start(text: str, start: int, end: int) -> int:
    """Where a backward search for a name ending at ``end`` begins: ``start``, or a space at most
    :data:`NAME_WINDOW` characters back."""
    if end - start <= NAME_WINDOW:
        return start
    space = text.find(" ", end - NAME_WINDOW, end)
    return space if space >= 0 else end - NAME_WINDOW


def _window_end(text: str, start: int, end: int) -> int:
    """Where a forward search for a name beginning at ``start`` ends (see :func:`_window_start`)."""
    if end - start <= NAME_WINDOW:
        return end
    space = text.rfind(" ", start, start + NAME_WINDOW)
    return space if space > start else start + NAME_WINDOW


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def words(text: str) -> list[str]:
    return [t.text for t in tokens(text)]


_ACRONYM = re.compile(r"[A-ZÆØÅÄÖ][A-ZÆØÅÄÖ0-9&\-]{1,9}s?")


def is_acronym(text: str) -> bool:
    """"HUS", "NMG2", "VABPRO": short capitals (and digits)."""
    return _ACRONYM.fullmatch(text) is not None and sum(c.isupper() for c in text) >= 2


_SHORT_FORM = re.compile(r"[A-ZÆØÅÄÖ][\w&+-]{1,11}")


def is_short_form(text: str) -> bool:
    """An acronym, or a short form in mixed case ("NeIC", "UiO", "MolSSI"): one word, opening
    with a capital, with at least two."""
    return _SHORT_FORM.fullmatch(text) is not None and sum(c.isupper() for c in text) >= 2


def acronym_fits(acronym: str, name: str) -> bool:
    """The acronym opens with the initial of one of the name's capitalised words, and each of
    its letters is in the name (accents aside). Looser than initials in order, on purpose:
    acronyms of the local-language name ("Centre for Genomic Regulation (CRG)"), of word parts
    ("Forschungszentrum Jülich (FZJ)") and of places ("University of Paderborn (UPB)") are
    common. Measured on the 649 annotated pages' "Long (ACR)" pairs of still separate nodes:
    227 of one gold entity against 5 of two, where initials in order joined 37 against 1."""
    letters = [c for c in fold_diacritics(acronym).upper() if c.isalpha()]
    folded = fold_diacritics(name)
    initials = {w[0].upper() for w in re.findall(r"[^\W\d_]+", folded) if w[0].isupper()}
    return bool(letters) and letters[0] in initials and all(c in folded.upper() for c in letters)


#: Kept for 65,536 regions: the rules, the page's salient name and the candidates each ask for
#: every block's names, and a file of 20,000 lines would otherwise find them three times.
@lru_cache(maxsize=65536)
def name_spans(text: str, start: int, end: int, connectors: frozenset[str] = NAME_CONNECTORS,
               lower_tail: bool = True) -> tuple[Span, ...]:
    """Maximal runs of capitalised words (with connectors and trailing numbers) in a region.

    A run breaks at any punctuation between words, at a possessive ("EU’s") and at a
    lower-case word that is not a connector; leading sentence words ("The", "In") are dropped.
    """
    spans: list[Span] = []
    run: list[Token] = []
    opened = False
    free_and = "through" in connectors  # titles join words with "and" freely

    def flush() -> None:
        nonlocal run, opened
        while run and (run[-1].text.lower() in connectors and not run[-1].cap):
            run.pop()
        while run and run[0].text.lower() in LEADING_STOPWORDS and run[0].cap and len(run) > 1:
            run.pop(0)
        if run and run[0].cap and not (len(run) == 1 and run[0].text.lower() in LEADING_STOPWORDS):
            spans.append((run[0].start, run[-1].end))
        run, opened = [], False

    for match in _TOKEN.finditer(text, start, end):
        word = match.group()
        upper = word[0].isupper() or bool(run) and _CAMEL.match(word) is not None  # "... and eHealth"
        if not run and not upper:
            continue  # the common case: a lower-case word outside any name
        tok = Token(word, match.start(), match.end())
        if _BASED.search(word):  # "Oslo-based Kvitra AS": where it sits, not its name
            flush()
            continue
        gap = text[run[-1].end:tok.start] if run else ""
        if run and _YEAR.fullmatch(run[-1].text) and _RANGE_DASH.fullmatch(gap) and _YEAR_END.fullmatch(word):
            run.append(tok)  # "Interreg Aurora 2021–2027": the period belongs to the name
            continue
        if run and not gap.isspace() and not (run[-1].text in _NAME_ABBREVIATIONS and gap == ". "):
            flush()
        lower = word.lower()
        if upper:
            if run and lower in _TITLE_CASE_BREAKS and word != "AS":  # "Lumeo AS": a legal suffix
                flush()  # "Hospital Signs Agreement With Region Skåne": a headline, not one name
            if not run:
                opened = False
            run.append(tok)
        elif run and word[0].isdigit() and re.fullmatch(r"\d[\d\-–]*", word):
            run.append(tok)
        elif run and lower in connectors and (lower not in ("and", "&", "the") or opened or free_and
                                              or lower == "the" and run[-1].text.lower() in _OPENERS):
            opened = opened or lower in _OPENERS
            run.append(tok)
        elif run and lower in _LOWER_LEGAL and run[-1].cap:  # "Raddtækni ehf."
            run.append(tok)
            flush()
            continue
        elif run and lower_tail and lower in LOWER_ORG_WORDS and run[-1].cap:
            run.append(tok)
            flush()
            continue
        else:
            flush()
            continue
        if word.endswith(("’s", "'s")):
            run[-1] = Token(word[:-2], tok.start, tok.end - 2)
            flush()
    flush()
    return tuple(spans)


def name_at(text: str, start: int, end: int, connectors: frozenset[str] = NAME_CONNECTORS) -> Span | None:
    """The name that begins at ``start`` (after an optional "the"), or None."""
    match = re.match(r"\s*(?:(?:the|The)\s+)?", text[start:_window_end(text, start, end)])
    begin = start + (match.end() if match else 0)
    for span in name_spans(text, begin, _window_end(text, begin, end), connectors):
        return span if span[0] == begin or text[begin:span[0]].strip() in ("", "The") else None
    return None


def name_before(text: str, start: int, end: int, connectors: frozenset[str] = NAME_CONNECTORS) -> Span | None:
    """The name that ends right before ``end`` (within the region), or None."""
    spans = name_spans(text, _window_start(text, start, end), end, connectors)
    if spans and not text[spans[-1][1]:end].strip():
        return spans[-1]
    return None


@lru_cache(maxsize=8192)
def is_name(text: str, allow_lower: bool = False, allow_generic: bool = False) -> bool:
    """Whether ``text`` reads as a proper name: capitalised words, connectors, numbers."""
    toks = words(text)
    if not toks or not (toks[0][0].isupper() or toks[0][0].isdigit() and len(toks) > 1) or len(toks) > 12:
        return False
    if toks[0][0].isdigit() and not any(t[0].isupper() for t in toks):
        return False
    for word in toks:
        lower = word.lower()
        if word[0].isupper() or word[0].isdigit() or lower in NAME_CONNECTORS or lower in LOWER_ORG_WORDS \
                or _CAMEL.match(word):  # "Swedish eHealth Agency"
            continue
        if allow_lower or lower in LEGAL_SUFFIXES:
            continue
        return False
    if toks[-1].lower() in NAME_CONNECTORS:
        return False
    return allow_generic and len(toks) >= 2 or not is_generic(text)


def specific(text: str) -> bool:
    """Not generic, or long enough to be a title ("Nordic Programme on Health and Welfare")."""
    content = [w for w in words(text) if w.lower() not in NAME_CONNECTORS and not w[0].isdigit()]
    return not is_generic(text) or len(content) >= 3


@lru_cache(maxsize=8192)
def is_generic(text: str) -> bool:
    """A "name" made only of generic words ("Project Partners", "Nordic Innovation Project")."""
    toks = [w.lower() for w in words(text)]
    return all(w in GENERIC_WORDS or w in NAME_CONNECTORS or w.isdigit() for w in toks)


def has_org_head(text: str) -> bool:
    toks = [w.lower() for w in words(text)]
    return any(w in ORG_HEADS for w in toks)


def split_list(text: str, start: int, end: int) -> list[Span]:
    """Split an enumeration ("A, B (lead), C and D") into item spans.

    Commas and semicolons outside parentheses always split; "and"/"&" split unless the left
    part is a name that opened with "of"/"for" ("Hospital District of Helsinki and Uusimaa")
    other than a city's ("the City of Espoo and X");
    a closing parenthesis followed by a capitalised word also splits (a missing comma).
    """
    pieces: list[Span] = []
    depth, piece_start = 0, start
    guarded = [m.span() for m in listlike_body_pattern().finditer(text, start, end)]
    for i in range(start, end):
        ch = text[i]
        if guarded and any(a <= i < b for a, b in guarded):
            continue  # inside a known name that has commas or "and" of its own
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
            rest = text[i + 1:end]
            if depth == 0 and re.match(r"\s+[A-ZÆØÅÄÖ]", rest) and not re.match(r"\s+(?:and|&)\b", rest):
                pieces.append((piece_start, i + 1))
                piece_start = i + 1
        elif ch in ",;" and depth == 0:
            pieces.append((piece_start, i))
            piece_start = i + 1
    pieces.append((piece_start, end))
    out: list[Span] = []
    for s, e in pieces:
        out.extend(_split_and(text, s, e, guarded))
    return [span for span in (_trim(text, s, e) for s, e in out) if span[0] < span[1]]


def _has_own_head(text: str) -> bool:
    """Whether the words after an "and" name an organisation of their own ("... and Odense Municipality")."""
    first = re.split(r"\s+(?:and|&|og|och)\s+|,", text, maxsplit=1)[0]
    first = re.sub(r"^the\s+(?=[A-ZÆØÅÄÖ])", "", first)  # "... of Oslo and the Municipality of Bærum"
    return first[:1].isupper() and any(
        w[0].isupper() and w.lower() in ORG_HEADS or w in LOWER_ORG_WORDS and not w.startswith("region")
        for w in words(first))


_FOUNDER = re.compile(r"the\s+(?:[A-Z][a-z]+\s+)?[A-Z][a-z]+")  # "the (Swedish) Heart" and Lung Foundation
_FOUNDED = re.compile(r"[A-Z][a-z]+(?:\s+[A-Z][\w-]*){0,3}\s+(?:Foundation|Fund|Trust)\b")
_AND = re.compile(r"\s+(?:and|&|og|och|samt)\s+")
#: "the City of Vantaa": a one-word place ends the name, so a following "and" joins list items.
CITY_OF = re.compile(r"\b(?:City|Municipality|Town)\s+of\s+[A-ZÆØÅÄÖ][\w-]+\s*$")


def _split_and(text: str, start: int, end: int, guarded: list[Span]) -> list[Span]:
    out: list[Span] = []
    position = start
    for match in _AND.finditer(text, start, end):
        if any(a <= match.start() < b for a, b in guarded):
            continue
        if any(b == match.start() for _, b in guarded):  # a known name ends here: the "and" joins items
            out.append((position, match.start()))
            position = match.end()
            continue
        left = text[position:match.start()]
        if "(" in left and ")" not in left[left.rfind("("):]:
            continue
        right = text[match.end():end]
        if left.rstrip().endswith("-") or re.search(r"\b(?:of|for|in|on)\b", left) and not _has_own_head(right) \
                and not CITY_OF.search(left):
            continue
        if _FOUNDER.fullmatch(left.strip()) and not has_org_head(left) and _FOUNDED.match(right):
            continue  # "Knut and Alice Wallenberg Foundation": two founders, one name
        out.append((position, match.start()))
        position = match.end()
    out.append((position, end))
    return out



_GENERIC_OF = re.compile(r"(?:[A-Z][\w-]*\s+){1,3}?of\s+(?:the\s+)?(?:(?:19|20)\d\d\s+)?(?=[A-ZÆØÅÄÖ])")


def drop_generic_prefix(text: str, span: Span) -> Span:
    """"Results of the 2026 Nordic Patient Safety" -> "Nordic Patient Safety": a name does not
    start with generic words and "of"."""
    match = _GENERIC_OF.match(text, span[0], span[1])
    if match and is_generic(text[span[0]:match.end()].split(" of")[0]):
        return match.end(), span[1]
    return span
