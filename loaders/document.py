"""A read document: its visible text and the structure the extractor leans on.

Readers (``loaders/readers``) turn a file into a :class:`Document`. ``text`` is the visible
text; every :class:`Block` points into it with a character span, so evidence quotes taken
from blocks occur verbatim in ``text``.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table_row", "meta"]

#: Readers wrap bold/strong text in these private-use characters; :class:`TextBuilder` removes
#: them and records the span instead, so offsets stay exact after whitespace is folded.
EMPHASIS_OPEN, EMPHASIS_CLOSE = "\ue000", "\ue001"
_MARKS = re.compile(f"[{EMPHASIS_OPEN}{EMPHASIS_CLOSE}]")


@dataclass(frozen=True)
class Block:
    """One structural unit of a document.

    ``level`` is the heading level (1-6) or list depth (1 for a top-level item).
    For a ``table_row``, ``cells`` holds the row's cell texts and ``header`` the texts of the
    table's header row (empty when the table has none); ``text`` joins the cells with " | ".
    ``links`` holds (anchor text, href) pairs found in the block. ``emphasis`` holds the
    document-text spans of bold/strong runs (partner lists are often bold names).
    A ``meta`` block is page chrome a reader sees but the body does not hold: the page title,
    the site name, a logo's alt text, a footer's copyright line. Readers put them after the
    body, so the page's subject can be quoted verbatim from the text. ``piece`` numbers (from 1)
    the pieces of a block too long to read whole (``loaders.extract.context.bounded_blocks``),
    so that the parser's budget per paragraph can find the paragraph again; 0 for a whole block.
    """

    kind: BlockKind
    text: str
    start: int
    end: int
    level: int = 0
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    page: int | None = None
    emphasis: tuple[tuple[int, int], ...] = ()
    piece: int = 0


@dataclass
class Document:
    """A document ready for extraction."""

    id: str
    path: str
    format: str
    text: str
    blocks: list[Block] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str | None:
        return self.metadata.get("title")

    def summary(self) -> dict[str, Any]:
        """What the graph keeps about the document (no text: the file is the source)."""
        return {"path": self.path, "format": self.format, **{
            k: v for k, v in self.metadata.items() if isinstance(v, (str, int, float, bool))}}


def document_id(relative_path: str, raw: bytes) -> str:
    """Stable id: the relative path plus the first 12 hex digits of the content's SHA-256."""
    return f"{relative_path}#{hashlib.sha256(raw).hexdigest()[:12]}"


class TextBuilder:
    """Accumulates visible text and blocks with correct spans (used by every reader)."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []

    def add(self, kind: BlockKind, text: str, **extra: Any) -> None:
        text = " ".join(text.split()) if kind != "table_row" else text.strip()
        text, marked = strip_marks(text)
        if not text.strip():
            return
        if self._parts:
            self._parts.append("\n\n")
            self._length += 2
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        if marked:
            extra["emphasis"] = tuple((start + a, start + b) for a, b in marked)
        self.blocks.append(Block(kind=kind, text=text, start=start, end=self._length, **extra))

    def add_row(self, cells: list[str], header: list[str], **extra: Any) -> None:
        cells = [strip_marks(" ".join(c.split()))[0].strip() for c in cells]
        if not any(cells):
            return
        self.add("table_row", " | ".join(cells), cells=tuple(cells), header=tuple(header), **extra)

    @property
    def text(self) -> str:
        return "".join(self._parts)


def strip_marks(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` without emphasis marks (spaces they left doubled folded, ends stripped), and
    the spans in the cleaned text that they enclosed; an unbalanced mark gives no span."""
    if EMPHASIS_OPEN not in text and EMPHASIS_CLOSE not in text:
        return text, []
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for char in text:
        if char == EMPHASIS_OPEN:
            opened = len(out) if opened is None else opened
        elif char == EMPHASIS_CLOSE:
            if opened is not None:
                spans.append((opened, len(out)))
            opened = None
        elif not (char == " " and (not out or out[-1] == " ")):
            out.append(char)
    while out and out[-1] == " ":
        out.pop()
    cleaned = "".join(out)
    kept = []
    for a, b in spans:
        b = min(b, len(cleaned))
        while a < b and cleaned[a] == " ":
            a += 1
        while b > a and cleaned[b - 1] == " ":
            b -= 1
        if b > a:
            kept.append((a, b))
    return cleaned, kept
