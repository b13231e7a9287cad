"""How common a word is in running text, in buckets the typing model weighs.

A name never seen in training says little through its words ("Ekspla", "Cyfronet"), and a
common noun a page capitalises ("Modules", "Researchers") looks like a name by its shape. How
often the word occurs in ordinary text separates the two: invented and proper names are rare
or unknown, the words of a heading are common. The frequencies come from ``wordfreq`` (word
counts over Wikipedia, subtitles, news, books and the web, in many languages); writing such
lists by hand is what no one should do.

English is read from its large list (words down to one in a billion); the other languages
the corpus is written in from their small lists (down to one in a million), which keeps the
loaded lists near 60 MB instead of near 400.
"""
from __future__ import annotations

from functools import lru_cache

from wordfreq import zipf_frequency

#: Languages besides English whose pages the corpus holds (a Norwegian "sykehus" is common).
OTHER_LANGUAGES = ("de", "fr", "nl", "sv", "nb", "da", "fi", "es", "it")


def _bucket(zipf: float) -> int:
    """0 unknown; 1 below one in 10^7 words; 2, 3, 4 up to one in 10^6, 10^5, 10^4; 5 commoner."""
    if zipf <= 0:
        return 0
    return 1 if zipf < 2 else 2 if zipf < 3 else 3 if zipf < 4 else 4 if zipf < 5 else 5


@lru_cache(maxsize=65536)
def commonness(word: str) -> tuple[int, int]:
    """The bucket of ``word`` (lower case) in English, and its best bucket in the other languages."""
    english = zipf_frequency(word, "en")
    other = max(zipf_frequency(word, language, wordlist="small") for language in OTHER_LANGUAGES)
    return _bucket(english), _bucket(other)
