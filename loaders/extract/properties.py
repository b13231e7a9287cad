"""Dates, amounts and status of the page's subject: what analysts filter and sum by.

Amounts with a currency ("EUR 6.3 million", "NOK 12 mill.", "€2.5M", "SEK 4 million"), a
period of years ("2021–2024", "from 2019 to 2023"), start and end dates, and a status word
(ongoing, completed, closed) are read from the sentences around the subject's name or from
fact lines ("Budget:", "Duration:", "Status:"). Values are typed (a budget is a float with
its currency, years are ints), and each keeps the passage it came from as evidence.
These are patterns of the notation (currencies, numerals, year ranges), not of any page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from nordgraph.loaders.document import Block

_CURRENCY = {"eur": "EUR", "euro": "EUR", "euros": "EUR", "€": "EUR", "nok": "NOK", "sek": "SEK", "dkk": "DKK",
             "isk": "ISK", "gbp": "GBP", "£": "GBP", "usd": "USD", "$": "USD", "kroner": "NOK", "kronor": "SEK",
             "mnok": "NOK", "msek": "SEK", "mdkk": "DKK", "meur": "EUR"}
_SCALE = {"million": 1e6, "millions": 1e6, "mill": 1e6, "mio": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9,
          "bn": 1e9, "mrd": 1e9, "k": 1e3, "thousand": 1e3}
_NUMBER = r"\d{1,3}(?:[ ,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_SCALE_WORD = r"(?:million|millions|mill\.?|mio\.?|mn|billion|bn|mrd\.?|thousand|[mMkK])\b\.?"
_AMOUNT = re.compile(
    rf"(?P<cur1>EUR|NOK|SEK|DKK|ISK|GBP|USD|MNOK|MSEK|MDKK|MEUR|€|£|\$)\s?(?P<num1>{_NUMBER})\s?(?P<scale1>{_SCALE_WORD})?"
    rf"|(?P<num2>{_NUMBER})\s?(?P<scale2>{_SCALE_WORD})?\s?(?P<cur2>EUR|euros?|NOK|SEK|DKK|ISK|GBP|USD|kroner|kronor)\b",
    re.IGNORECASE)
_YEARS = re.compile(r"\b(?:from\s+)?(?P<start>(?:19|20)\d\d)\s*(?:[–—-]|to|until|till)\s*(?P<end>(?:19|20)\d\d)\b", re.I)
_STATUS = re.compile(r"\b(?P<status>ongoing|on-going|running|active|completed|finished|closed|ended|concluded)\b", re.I)
_STATUS_VALUE = {"ongoing": "ongoing", "on-going": "ongoing", "running": "ongoing", "active": "ongoing",
                 "completed": "closed", "finished": "closed", "closed": "closed", "ended": "closed", "concluded": "closed"}
#: A fact line's label ("Budget: ...", "Project period: ...").
_MONEY_LABEL = re.compile(r"\b(?:budget|grant|funding|funded|awarded|receives?|received|worth|total cost|contribution|"
                          r"granted|allocat\w*|invest\w*)\b", re.I)
_PERIOD_LABEL = re.compile(r"\b(?:duration|period|runs?|running|from|started|starts?|ends?|project|programme|"
                           r"program|lasts?|timeline|years?)\b", re.I)
_STATUS_LABEL = re.compile(r"\b(?:status|project|programme|program)\b", re.I)


@dataclass(frozen=True)
class Found:
    name: str
    value: Any
    start: int
    end: int

    def as_dict(self, rule: str) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "start": self.start, "end": self.end, "rule": rule,
                "confidence": 0.7}


def _number(text: str) -> float | None:
    digits = text.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", digits):
        digits = re.sub(r"[,.]", "", digits)
    elif "," in digits and "." not in digits:
        digits = digits.replace(",", ".")
    else:
        digits = digits.replace(",", "")
    try:
        return float(digits)
    except ValueError:
        return None


def amounts(text: str, start: int, end: int) -> list[Found]:
    """Money amounts with their currency in ``text[start:end]`` (budget in units of currency)."""
    found = []
    for match in _AMOUNT.finditer(text, start, end):
        number = _number(match.group("num1") or match.group("num2"))
        currency = _CURRENCY.get((match.group("cur1") or match.group("cur2")).lower())
        scale_word = (match.group("scale1") or match.group("scale2") or "").rstrip(".").lower()
        if number is None or currency is None:
            continue
        scale = _SCALE.get(scale_word, 1.0)
        if (match.group("cur1") or "").upper().startswith("M") and len(match.group("cur1")) == 4:
            scale = 1e6  # "MNOK 12"
        value = number * scale
        if value < 1000:  # "EUR 5" is a price, not a budget
            continue
        found.append(Found("amount", (round(value, 2), currency), match.start(), match.end()))
    return found


def passage_properties(text: str, block: Block, start: int, end: int) -> list[Found]:
    """Typed properties stated in one passage (a sentence or a fact line) about a project."""
    passage = text[start:end]
    found: list[Found] = []
    if _MONEY_LABEL.search(passage):
        for amount in amounts(text, start, end)[:1]:
            value, currency = amount.value
            found += [Found("budget", value, amount.start, amount.end), Found("currency", currency, amount.start, amount.end)]
    years = _YEARS.search(text, start, end)
    if years and _PERIOD_LABEL.search(passage):
        first, last = int(years.group("start")), int(years.group("end"))
        if first <= last <= first + 15:
            found += [Found("start_year", first, years.start(), years.end()), Found("end_year", last, years.start(), years.end())]
    status = _STATUS.search(text, start, end)
    if status and _STATUS_LABEL.search(passage) and (block.kind != "paragraph" or len(passage.split()) <= 12):
        found.append(Found("status", _STATUS_VALUE[status.group("status").lower()], status.start(), status.end()))
    return found
