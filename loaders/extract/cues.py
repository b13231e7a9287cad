"""The cue lexicons of the prose rules, read from ``data/cues.tsv``.

Pages of the genre say the same relation with many verbs ("headed by", "run by", "backed by",
"belongs to", "contribute to"); keeping the synonyms in one table lets every rule of a family
accept all of them, so recall does not hang on the exact phrasing a rule was written for.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

_DATA = Path(__file__).with_name("data") / "cues.tsv"


@cache
def _table() -> dict[str, tuple[str, ...]]:
    families: dict[str, list[str]] = {}
    lines = [line for line in _DATA.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    for line in lines[1:]:
        family, cue = line.split("\t")
        families.setdefault(family, []).append(cue.strip())
    return {family: tuple(cues) for family, cues in families.items()}


def cue_words(family: str) -> tuple[str, ...]:
    """The cues of ``family`` (a KeyError names an unknown family: a typo in a rule, not in data)."""
    return _table()[family]


def cue_pattern(family: str) -> str:
    """A non-capturing regex alternation of ``family``'s cues, longest first, spaces matching any blank."""
    cues = sorted(cue_words(family), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(cue).replace(r"\ ", r"\s+") for cue in cues) + ")"
