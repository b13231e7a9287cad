"""Markdown: front matter (YAML, or Hugo's TOML) as metadata, then the rendered text with its structure.

The parse is ``markdown-it-py`` (CommonMark plus pipe tables), not hand-written regexes:
Markdown's block rules (setext headings, lazy continuation lines, nested lists by indent,
code spans that hide ``*``, escaped pipes in tables) are where regex readers go wrong, and
markdown-it gives a token stream with the nesting already resolved.

Kept: headings (ATX and setext) with their level; the content fields of front matter that
holds a whole landing page (Hugo/Wowchemy ``sections``), after the body; list items with their nesting depth;
pipe-table rows with cells and header (the header row is itself a ``table_row`` whose
``cells`` equal its ``header``); paragraphs and block quotes as paragraphs; raw HTML blocks
through the HTML reader. Links become their text, with (text, href) recorded on the block;
emphasis and code markers are dropped. Code blocks and fences are not read: they are code,
not prose about who works with whom — except an indented block that is markup (see
:func:`_is_markup`).
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from nordgraph.graph.errors import LoaderError
from nordgraph.loaders import bounded_yaml
from nordgraph.loaders.decoding import decode
from nordgraph.loaders.document import (
    EMPHASIS_CLOSE,
    EMPHASIS_OPEN,
    BlockKind,
    Document,
    TextBuilder,
    document_id,
    strip_marks,
)
from nordgraph.loaders.readers.html import add_markup
from nordgraph.loaders.registry import register

__all__ = ["read_markdown", "split_front_matter"]

_FRONT_MATTER = re.compile(
    r"\A(?:---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)|\+\+\+[ \t]*\n(?P<toml>.*?)\n\+\+\+)[ \t]*(?:\n|\Z)",
    re.DOTALL)
_BREAK_TAG = re.compile(r"<br\b", re.IGNORECASE)
_OPENS_WITH_TAG = re.compile(r"\s*<(?:/?[A-Za-z][\w:-]*[\s/>]|!--)")
_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_URL_KEYS = ("url", "canonical_url", "canonical", "permalink", "source", "link")
_DATE_KEYS = ("date", "published", "pubdate", "published_at")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """``(metadata, body)`` for ``text`` that may open with front matter.

    YAML between ``---`` lines (Jekyll, most tools) or TOML between ``+++`` lines (Hugo).
    A ``---`` block that parses to something other than a mapping is not front matter (a
    document may open with a thematic break); invalid YAML or TOML is an error, as in
    static-site tools.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    if match.group("toml") is not None:
        try:
            return tomllib.loads(match.group("toml")), text[match.end():]
        except tomllib.TOMLDecodeError as exc:
            raise LoaderError(f"front matter is not valid TOML: {exc}") from exc
    try:
        data = bounded_yaml.safe_load(match.group("yaml"))
    except bounded_yaml.InvalidYAML as exc:
        line = f" at line {exc.line + 1}" if exc.line is not None else ""  # after the opening "---"
        raise LoaderError(f"front matter is not valid YAML{line}: {exc.problem}") from exc
    if not isinstance(data, dict):
        return {}, text
    return data, text[match.end():]


def _plain(value: Any) -> Any:
    """Front-matter values as JSON-friendly data (YAML dates become ISO strings)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _inline(token: Token) -> tuple[list[str], tuple[tuple[str, str], ...]]:
    """Visible lines of an inline token (markers dropped, links reduced to their text)."""
    parts: list[str] = []
    links: list[tuple[str, str]] = []
    open_links: list[tuple[int, str]] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "strong_open":
            parts.append(EMPHASIS_OPEN)
        elif child.type == "strong_close":
            parts.append(EMPHASIS_CLOSE)
        elif child.type in ("softbreak", "hardbreak") or (
                child.type == "html_inline" and _BREAK_TAG.match(child.content)):
            parts.append("\n")
        elif child.type == "link_open":
            open_links.append((len(parts), str(child.attrGet("href") or "")))
        elif child.type == "link_close" and open_links:
            first, href = open_links.pop()
            anchor = strip_marks(" ".join("".join(parts[first:]).split()))[0]
            if anchor and href:
                links.append((anchor, href))
    return "".join(parts).split("\n"), tuple(links)


#: A line that opens with a short label and a colon ("Partners:", "Project owner:").
_LABEL_LINE = re.compile(r"^\s*[A-Z][\w()/&' -]{0,40}:(\s|$)")


def _paragraph_lines(lines: list[str]) -> list[str]:
    """One paragraph's text, or one text per line when the lines are labelled fields.

    Markdown joins consecutive lines into one paragraph, but fact lists written as
    "**Project owner:** X" / "**Partners:** Y" on consecutive lines are separate fields;
    joined, a label would run into the previous field's value.
    """
    if len(lines) > 1 and any(_LABEL_LINE.match(strip_marks(line)[0]) for line in lines[1:]):
        return [line for line in lines if line.strip()]
    return [" ".join(lines)]


def _blocks(builder: TextBuilder, tokens: list[Token]) -> None:
    list_depth = 0
    current: tuple[BlockKind, int] = ("paragraph", 0)
    in_head = False
    header: list[str] = []
    cells: list[str] = []
    row_links: list[tuple[str, str]] = []
    in_cell = False
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            current = ("heading", int(token.tag[1:]))
        elif kind == "paragraph_open":
            current = ("list_item", list_depth) if list_depth else ("paragraph", 0)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif kind == "table_open":
            header = []
        elif kind in ("thead_open", "thead_close"):
            in_head = kind == "thead_open"
        elif kind == "tr_open":
            cells, row_links = [], []
        elif kind in ("th_open", "td_open", "th_close", "td_close"):
            in_cell = kind.endswith("_open")
        elif kind == "tr_close":
            if in_head and not header:
                header = [strip_marks(" ".join(c.split()))[0] for c in cells]
            builder.add_row(cells, header, links=tuple(row_links))
        elif kind == "inline":
            lines, links = _inline(token)
            if in_cell:
                cells.append(" ".join(lines))
                row_links.extend(links)
            elif current[0] == "heading":
                builder.add("heading", " ".join(lines), level=current[1], links=links)
            else:
                for text in _paragraph_lines(lines):
                    line_links = tuple(link for link in links if link[0] in strip_marks(text)[0])
                    builder.add(current[0], text, level=current[1], links=line_links)
        elif kind == "html_block" or kind == "code_block" and _is_markup(token.content):
            add_markup(builder, token.content)


def _is_markup(code: str) -> bool:
    """Whether an indented code block is HTML that the site renders as HTML.

    CommonMark ends a raw HTML block at a blank line, so the indented ``<div>`` cards after one
    become a code block; kramdown (Jekyll's and GitHub Pages' engine) keeps the HTML open to its
    closing tag, and the page shows every card. A code sample in a page is fenced, or does not
    open with a tag.
    """
    return _OPENS_WITH_TAG.match(code) is not None


#: Front-matter keys whose text is page content: Hugo / Wowchemy landing pages keep their whole
#: page in ``sections: [{content: {text: ...}}]``, and a visitor reads it as the page.
_CONTENT_KEYS = frozenset({"text", "content", "body"})
_MIN_CONTENT = 40


def _front_matter_content(value: Any, key: str = "") -> list[str]:
    """Markdown (or HTML) texts held in content fields of the front matter, in order."""
    if isinstance(value, str):
        return [value] if key in _CONTENT_KEYS and len(value) >= _MIN_CONTENT else []
    if isinstance(value, dict):
        return [text for k, v in value.items() for text in _front_matter_content(v, str(k).lower())]
    if isinstance(value, list):
        return [text for item in value for text in _front_matter_content(item, key)]
    return []


@register("markdown", ".md", ".markdown")
def read_markdown(path: Path, raw: bytes, relative: str) -> Document:
    """Read a Markdown file into a :class:`Document` (see the module docstring)."""
    text, encoding = decode(raw)
    front, body = split_front_matter(text)
    builder = TextBuilder()
    _blocks(builder, _PARSER.parse(body))
    for content in _front_matter_content(front):
        _blocks(builder, _PARSER.parse(content))
    if not builder.blocks:
        raise LoaderError("no text after the front matter" if front else "no text")
    metadata: dict[str, Any] = {str(k).lower(): _plain(v) for k, v in front.items()}
    seen = {b.text.casefold() for b in builder.blocks}
    for key in ("title", "site", "site_name", "project"):
        value = metadata.get(key)
        if isinstance(value, str) and value.strip() and value.strip().casefold() not in seen:
            seen.add(value.strip().casefold())
            builder.add("meta", value)
    metadata["encoding"] = encoding
    if not metadata.get("title"):
        heading = next((b for b in builder.blocks if b.kind == "heading"), None)
        metadata["title"] = heading.text if heading else None
    url = next((metadata[k] for k in _URL_KEYS
                if isinstance(metadata.get(k), str) and "://" in metadata[k]), None)
    if url and "url" not in metadata:
        metadata["url"] = url
    date = next((metadata[k] for k in _DATE_KEYS if metadata.get(k)), None)
    if date and "date" not in metadata:
        metadata["date"] = date
    return Document(id=document_id(relative, raw), path=relative, format="markdown",
                    text=builder.text, blocks=builder.blocks, metadata=metadata)
