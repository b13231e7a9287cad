"""The known names closest to a misspelt one, for "did you mean" in errors and notifications."""
from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(name: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` names of ``known`` like ``name``: the same name in another case first (a label
    written ``:organisation`` means ``Organisation``), then the most similar spellings."""
    by_fold: dict[str, list[str]] = {}
    for k in sorted(set(known)):
        by_fold.setdefault(k.casefold(), []).append(k)
    wanted = name.casefold()
    found = list(by_fold.get(wanted, []))
    for fold in difflib.get_close_matches(wanted, list(by_fold), n=limit, cutoff=0.7):
        if fold != wanted:
            found.extend(by_fold[fold])
    return found[:limit]


def did_you_mean(names: list[str], quote: str = "`", suffix: str = "") -> str:
    """``"; did you mean `A` or `B`?"`` for suggestions ``names``, or "" when there are none."""
    if not names:
        return ""
    quoted = [f"{quote}{n}{suffix}{quote}" for n in names]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"; did you mean {listed}?"
