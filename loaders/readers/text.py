"""Plain text: the file's own text, one block per non-empty line.

Web pages saved as text put one paragraph, heading or list item on each line, so a line is
the unit; lines that start with a bullet become list items. The text is kept as it is (only
newlines normalised), so evidence quotes occur verbatim in the file.
"""
from __future__ import annotations

import re
from pathlib import Path

from nordgraph.loaders.decoding import decode
from nordgraph.loaders.document import Block, Document, document_id
from nordgraph.loaders.registry import register

__all__ = ["line_blocks", "read_text"]

_BULLET = re.compile(r"^[ \t]*(?:[•·▪◦‣●○\-*–—]|\d{1,2}[.)])[ \t]+")


def line_blocks(text: str, offset: int = 0) -> list[Block]:
    """Blocks for every non-empty line of ``text`` (spans shifted by ``offset``)."""
    blocks: list[Block] = []
    position = 0
    for line in text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        bullet = _BULLET.match(line)
        content_start = start + (bullet.end() if bullet else len(line) - len(line.lstrip()))
        content = text[content_start:end].rstrip()
        if not content:
            continue
        blocks.append(Block(
            kind="list_item" if bullet else "paragraph",
            text=content,
            start=offset + content_start,
            end=offset + content_start + len(content),
            level=1 if bullet else 0,
        ))
    return blocks


@register("text", ".txt", ".text")
def read_text(path: Path, raw: bytes, relative: str) -> Document:
    """Read a plain-text file; its first non-empty line is taken as the title."""
    text, encoding = decode(raw)
    blocks = line_blocks(text)
    title = blocks[0].text if blocks else None
    return Document(id=document_id(relative, raw), path=relative, format="text", text=text,
                    blocks=blocks, metadata={"title": title, "encoding": encoding})
