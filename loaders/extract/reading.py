"""One document's extraction as data: cached between builds and passed between processes.

Reading a page (reader, phrase rules, spaCy, the models) is the slow part of a build;
resolving the mentions of all pages into nodes is not. A :class:`DocReading` holds what
resolution needs from one page (its text, acronyms, mentions and facts) as plain JSON, so

- a rebuild reads from :class:`ReadingCache` every page whose bytes and extractor are
  unchanged (the key is the page's content hash, its path and :func:`extractor_version`);
- ``--jobs N`` worker processes send readings back to the parent the same way.

The cache stores JSON, never pickles: a cache file is data even if someone else wrote it.
"""
from __future__ import annotations

import copy
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from nordgraph.loaders.extract.context import Fact, Mention

#: What an extraction result depends on besides the page: this package's code and data files.
_SOURCES = Path(__file__).resolve().parent
_READERS = _SOURCES.parent / "readers"
#: Run on every build over all readings, so not part of a reading's key.
_NOT_READING = frozenset({"resolve.py", "curation.py", "review.py", "pipeline.py"})


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A digest of the extraction code, readers, lexicons and model weights (any edit changes it)."""
    digest = hashlib.sha256()
    for folder in (_SOURCES, _SOURCES / "data", _READERS, _SOURCES.parent):
        for path in sorted(folder.glob("*")):
            if path.is_file() and path.suffix in (".py", ".json", ".tsv") and path.name not in _NOT_READING:
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class DocReading:
    """What resolution needs from one document, and its summary for the graph's document list."""

    doc: str
    text: str
    acronyms: dict[str, str]
    mentions: list[Mention]
    facts: list[Fact]
    summary: dict[str, Any]

    @property
    def words(self) -> int:
        return len(self.text.split())

    def to_json(self) -> dict[str, Any]:
        mentions = list(self.mentions)
        index = {id(m): i for i, m in enumerate(mentions)}
        for fact in self.facts:  # a fact's ends are always written, even if a rule made them late
            for end in (fact.source, fact.target):
                if id(end) not in index:
                    index[id(end)] = len(mentions)
                    mentions.append(end)
        return {"doc": self.doc, "text": self.text, "acronyms": self.acronyms, "summary": self.summary,
                "mentions": [_fields_of(m, _MENTION_FIELDS) for m in mentions],
                "facts": [{**_fields_of(f, _FACT_FIELDS), "source": index[id(f.source)], "target": index[id(f.target)]}
                          for f in self.facts]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocReading:
        mentions = [Mention(**m) for m in data["mentions"]]
        facts = [Fact(**{**f, "source": mentions[f["source"]], "target": mentions[f["target"]]}) for f in data["facts"]]
        return cls(data["doc"], data["text"], dict(data["acronyms"]), mentions, facts, dict(data["summary"]))


_MENTION_FIELDS = tuple(f.name for f in fields(Mention))
_FACT_FIELDS = tuple(f.name for f in fields(Fact) if f.name not in ("source", "target"))


def _fields_of(item: Mention | Fact, names: tuple[str, ...]) -> dict[str, Any]:
    """What ``dataclasses.asdict`` gives for these fields (lists and dicts copied), without its
    walk into every value: a long page has tens of thousands of mentions, whose facts ``asdict``
    would also have turned into copies of both ends only to drop them."""
    out = {}
    for name in names:
        value = getattr(item, name)
        out[name] = (copy.deepcopy(value) if value else type(value)()) if isinstance(value, (list, dict)) else value
    return out


def cache_key(relative: str, raw: bytes) -> str:
    return hashlib.sha256(b"\0".join([extractor_version().encode(), relative.encode(), raw])).hexdigest()


class ReadingCache:
    """Readings by key under ``root`` (one JSON file each, written atomically)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / "readings" / key[:2] / f"{key}.json"

    def get(self, key: str) -> DocReading | None:
        path = self._path(key)
        try:
            return DocReading.from_json(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None  # a damaged entry is read again, and overwritten

    def put(self, key: str, reading: DocReading) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(reading.to_json(), out, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
