"""HTML: the visible text of a page, keeping its structure.

One walk over lexbor's DOM (``selectolax.lexbor``; lexbor parses the way browsers do, so
truncated or broken markup still yields what a browser would show). Block elements end a
block; inline elements add to the current one, so ``<b>Oslo</b> Medtech`` stays
"Oslo Medtech" and ``<br>`` is a space. What the page hides or repeats on every page of a
site is not read: scripts, styles, forms, navigation, site header/footer/aside (kept inside
``article``/``main``, where they belong to the text), cookie banners and hidden elements.

Structure kept: ``h1``-``h6`` as headings; ``li`` as list items with their nesting depth;
table rows with their cells and the table's header (the first ``thead`` row, or a first row
made only of ``th``; the header row itself is a ``table_row`` whose ``cells`` equal its
``header``); a definition list's ``dt``/``dd`` as one paragraph per ``dd``, "Term: text",
since fact boxes ("Coordinator", "Funding") are written that way; links as (text, href).
In a grid of logos (three or more images with alt text and no text of their own), each logo's
alt text is read as a block, with its figure's caption when that adds to it ("Org, Country"):
partner pages often name their partners nowhere else.
A table holding another table is layout, not data, and is read as ordinary blocks.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from nordgraph.graph.errors import LoaderError
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
from nordgraph.loaders.registry import register

__all__ = ["add_markup", "read_html"]

_DROPPED_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "nav", "button", "select", "textarea", "input", "head", "dialog",
})
_DROPPED_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar"})
#: Site chrome: dropped unless inside the page's content (``article`` or ``main``).
_CHROME_TAGS = frozenset({"header", "footer", "aside"})
_CONTENT_TAGS = frozenset({"article", "main"})
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup",
    "hr", "html", "legend", "li", "main", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BANNER_NAME = re.compile(r"(?:^|[\s_-])(?:cookies?|consent|gdpr)(?:$|[\s_-])", re.IGNORECASE)
#: A cookie-named element holding these is a page wrapper, not a banner.
_PAGE_CONTENT = "main, article, h1"
_INVISIBLE_CHARACTERS = str.maketrans("", "", "\xad\u200b\ufeff")
_DATE_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "date", "dc.date",
    "dc.date.issued", "dcterms.date", "dcterms.issued", "dcterms.created",
    "citation_publication_date", "publication_date", "publish-date", "pubdate",
)


#: What to do when the walk leaves an element (close its block, record its link ...).
Exit = Callable[[], None]


class _Walker:
    """Collects inline text into the current block and emits blocks into a TextBuilder."""

    def __init__(self, out: TextBuilder) -> None:
        self.out = out
        self.parts: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.context: list[tuple[BlockKind, int]] = [("paragraph", 0)]
        self.list_depth = 0
        self.in_content = False
        #: True while reading a table cell: blocks inside it only separate words.
        self.flat = False
        self.term: str | None = None
        self.term_open = False
        #: ``[start in parts, href]`` of each ``<a>`` being read (a link may hold blocks).
        self.anchors: list[list[Any]] = []
        #: True right after an inline element ends (see :func:`_seam`).
        self.after_inline = False

    # -- emitting -------------------------------------------------------------------------
    def flush(self) -> None:
        if self.flat:
            self.parts.append(" ")
            return
        for anchor in self.anchors:  # a link around blocks belongs to each of them
            self.link(anchor)
            anchor[0] = 0
        kind, level = self.context[-1]
        self.out.add(kind, "".join(self.parts), level=level, links=tuple(self.links))
        self.parts, self.links = [], []

    def open_block(self, kind: BlockKind, level: int) -> Exit:
        self.flush()
        self.context.append((kind, level))
        return self.close_block

    def close_block(self) -> None:
        self.flush()
        self.context.pop()

    # -- walking --------------------------------------------------------------------------
    def visit(self, node: LexborNode) -> None:
        """Walk the children of ``node`` in document order.

        The walk keeps its own stack (an element's exit action is pushed below its
        children), so pages nested thousands of levels deep, as broken markup with unclosed
        ``<div>``s is, do not hit Python's recursion limit.
        """
        stack: list[LexborNode | Exit] = list(reversed(list(node.iter(include_text=True))))
        while stack:
            item = stack.pop()
            if callable(item):
                item()
            elif item.is_text_node:
                text = (item.text_content or "").translate(_INVISIBLE_CHARACTERS)
                if self.after_inline and text.strip():
                    text = _seam(self.parts, text) + text
                    self.after_inline = False
                self.parts.append(text)
            elif item.is_element_node and not self.dropped(item):
                descend, exit_action = self.enter(item)
                if exit_action is not None:
                    stack.append(exit_action)
                if descend:
                    stack.extend(reversed(list(item.iter(include_text=True))))

    def enter(self, node: LexborNode) -> tuple[bool, Exit | None]:
        """Start reading an element: ``(read its children?, what to do after them)``."""
        tag = node.tag
        if tag == "br":
            self.parts.append(" ")
            return False, None
        if tag == "a":
            return True, self.anchor(node)
        if tag in ("b", "strong"):
            self.parts.append(EMPHASIS_OPEN)
            return True, self.close_emphasis
        if tag in ("img", "figure") and not self.flat and _logo_grid(node):
            return self.logo(node)
        if tag in _HEADINGS:
            return True, self.open_block("heading", _HEADINGS[tag])
        if tag == "li":
            return True, self.open_block("list_item", max(self.list_depth, 1))
        if tag in ("ul", "ol"):
            self.list_depth += 1
            self.flush()
            return True, self.close_list
        if tag == "table" and not self.flat and len(node.css("table")) == 1:  # (css() includes node)
            self.table(node)
            return False, None
        if tag in ("dt", "dd") and not self.flat:
            return True, self.definition_term() if tag == "dt" else self.definition()
        if tag in _BLOCK_TAGS:
            return True, self.open_section(tag)
        return True, self.close_inline

    def close_inline(self) -> None:
        self.after_inline = True

    def close_emphasis(self) -> None:
        self.parts.append(EMPHASIS_CLOSE)
        self.close_inline()

    def logo(self, node: LexborNode) -> tuple[bool, Exit | None]:
        """A logo in a grid of logos: its alt text is the name the page shows ("Org", or with
        the figure's caption when that adds to it: "Org, Country")."""
        image = node if node.tag == "img" else node.css_first("img")
        alt = _logo_name(image.attributes.get("alt") if image is not None else None)
        caption = node.css_first("figcaption") if node.tag == "figure" else None
        said = " ".join(caption.text().split()) if caption is not None else ""
        if node.tag == "img" and node.parent is not None and node.parent.tag == "figure":
            return False, None  # read with its figure
        if not alt or alt.lower() in said.lower():
            return node.tag == "figure", None  # the caption says it (or there is nothing to say)
        self.flush()
        self.parts.append(f"{alt}, {said}" if said else alt)
        self.flush()
        return False, None

    def close_list(self) -> None:
        self.flush()
        self.list_depth -= 1

    def open_section(self, tag: str) -> Exit:
        entering_content = tag in _CONTENT_TAGS and not self.in_content
        self.in_content = self.in_content or entering_content
        self.flush()

        def close() -> None:
            self.flush()
            if tag == "dl":
                self.term, self.term_open = None, False
            if entering_content:
                self.in_content = False

        return close

    def dropped(self, node: LexborNode) -> bool:
        """True for what a reader of the page does not see, or sees on every page of a site."""
        tag = node.tag
        attrs: dict[str, Any] = node.attributes
        if tag in _DROPPED_TAGS or "hidden" in attrs:
            return True
        if (attrs.get("aria-hidden") or "").strip().lower() == "true":
            return True
        if (attrs.get("role") or "").strip().lower() in _DROPPED_ROLES:
            return True
        if _HIDDEN_STYLE.search(attrs.get("style") or ""):
            return True
        if tag in _CHROME_TAGS and not self.in_content:
            return True
        if tag == "form":
            # ASP.NET pages wrap the whole body in one <form>; only a form without the page's
            # headings or content is a form.
            return node.css_first("h1, h2, h3, h4, h5, h6, main, article") is None
        names = f"{attrs.get('id') or ''} {attrs.get('class') or ''}"
        if _BANNER_NAME.search(names) and tag not in ("html", "body", "main", "article"):
            return node.css_first(_PAGE_CONTENT) is None
        return False

    def anchor(self, node: LexborNode) -> Exit:
        anchor = [len(self.parts), (node.attributes.get("href") or "").strip()]
        self.anchors.append(anchor)

        def close() -> None:
            self.anchors.remove(anchor)
            self.link(anchor)

        return close

    def link(self, anchor: list[Any]) -> None:
        """Record the link ``anchor`` on the current block if it has text there."""
        first, href = anchor
        text = strip_marks(" ".join("".join(self.parts[first:]).split()))[0]
        if text and href and not href.lower().startswith("javascript:"):
            self.links.append((text, href))

    def definition_term(self) -> Exit:
        self.flush()  # a previous term without its definition stands alone

        def close() -> None:
            self.term = " ".join("".join(self.parts).split())
            self.term_open = True

        return close

    def definition(self) -> Exit:
        if not self.term_open:
            self.flush()
            if self.term:
                self.parts.append(self.term)
        if self.term:
            self.parts = ["".join(self.parts).rstrip(), ": "]
        self.term_open = False
        return self.flush

    # -- tables ---------------------------------------------------------------------------
    def table(self, node: LexborNode) -> None:
        self.flush()
        caption = node.css_first("caption")
        if caption is not None and not self.dropped(caption):
            self.visit(caption)
            self.flush()
        header: list[str] = []
        for number, row in enumerate(node.css("tr")):
            if self.dropped(row):
                continue
            cells = [c for c in row.iter() if c.tag in ("td", "th")]
            texts, links = self.cells(cells)
            parent = row.parent.tag if row.parent is not None else ""
            if not header and ((parent == "thead") or (number == 0 and cells and all(
                    c.tag == "th" for c in cells))):
                header = [strip_marks(" ".join(t.split()))[0] for t in texts]
            self.out.add_row(texts, header, links=tuple(links))

    def cells(self, cells: list[LexborNode]) -> tuple[list[str], list[tuple[str, str]]]:
        """Each cell's text (blocks inside a cell only separate words) and the row's links."""
        saved = (self.parts, self.links, self.flat)
        texts: list[str] = []
        self.links, self.flat = [], True
        for cell in cells:
            self.parts = []
            if not self.dropped(cell):
                self.visit(cell)
            texts.append("".join(self.parts))
        links = self.links
        self.parts, self.links, self.flat = saved
        return texts, links


_LOGO_WORDS = re.compile(r"^(?:the\s+)?logo(?:\s+of)?\s+|\s+logo(?:type)?$", re.IGNORECASE)


_LABEL_END = re.compile(r"[A-ZÆØÅÄÖÜ]{2}[\ue000\ue001]*$")
_SENTENCE_START = re.compile(r"[A-ZÆØÅÄÖÜ][a-zæøåäöü]")


def _seam(parts: list[str], text: str) -> str:
    """A space between an inline label in capitals and the text that follows it with none
    (``<span class="title">FUNDING</span>This project ...``): styled as a block on the
    page, it would otherwise fuse with the next word ("FUNDINGThis")."""
    before = "".join(parts[-3:])
    return " " if _LABEL_END.search(before) and _SENTENCE_START.match(text) else ""


def _logo_name(alt: str | None) -> str:
    """The name in a logo's alt text ("Tartu University Hospital logo" -> the hospital)."""
    return _LOGO_WORDS.sub("", " ".join((alt or "").split())).strip()


def _logo_grid(node: LexborNode) -> bool:
    """Whether ``node`` (an image or a figure) sits in a grid of logos: a container of three or
    more images with alt text and no text of its own besides captions."""
    container = node.parent
    for _ in range(3):
        if container is None or container.tag in ("body", "main", "article"):
            return False
        if container.tag in ("div", "ul", "ol", "section", "p") and container.tag != node.tag:
            break
        container = container.parent
    else:
        return False
    if container is None:
        return False
    images = [i for i in container.css("img") if _logo_name(i.attributes.get("alt"))]
    if len(images) < 3:
        return False
    captions = sum(len(c.text()) for c in container.css("figcaption"))
    return len(" ".join(container.text().split())) - captions < 20


def _metadata(parser: LexborHTMLParser) -> dict[str, Any]:
    """Title, canonical URL, language, description and publication date from the page head."""
    meta: dict[str, str] = {}
    for tag in parser.css("meta"):
        attrs = tag.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        content = " ".join((attrs.get("content") or "").split())
        if key and content and key not in meta:
            meta[key] = content
    canonical = next((link.attributes.get("href") for link in parser.css("link[rel]")
                      if "canonical" in (link.attributes.get("rel") or "").lower().split()
                      and link.attributes.get("href")), None)
    title_tag = parser.css_first("title")
    page_title = " ".join(title_tag.text().split()) if title_tag is not None else ""
    root = parser.css_first("html")
    found = {
        "title": meta.get("og:title") or page_title or None,
        "page_title": page_title or None,
        "url": (canonical or meta.get("og:url") or "").strip() or None,
        "lang": ((root.attributes.get("lang") if root is not None else None) or meta.get("og:locale")),
        "description": meta.get("description") or meta.get("og:description"),
        "site_name": meta.get("og:site_name"),
        "date": next((meta[k] for k in _DATE_KEYS if k in meta), None),
    }
    return {k: v for k, v in found.items() if v}


#: Where sites put their name and their owners: brand, logo and title elements, footers.
_BRAND = ".navbar-brand, .site-title, .site-name, .brand, .logo, #logo, header .title"
_CHROME_TEXT_LIMIT = 400


def _chrome(parser: LexborHTMLParser) -> list[str]:
    """Texts of the site chrome the body reader drops: brand and logo names, footer lines.

    Many project sites name their project only there ("Dellingr is a project within NeIC",
    "© 2016 The DURAARK consortium"); the extractor reads them as ``meta`` blocks.
    """
    found: list[str] = []
    for node in parser.css(_BRAND):
        found.append(" ".join(node.text().split()))
        found.extend(_logo_name(img.attributes.get("alt")) for img in node.css("img"))
    for node in parser.css("header img[alt], footer img[alt]"):
        found.append(_logo_name(node.attributes.get("alt")))
    for footer in parser.css("footer, [role=contentinfo], #footer, .footer"):
        for piece in footer.css("p, li, div, span, small, a"):
            inner = len(piece.css("p, li, div")) - (piece.tag in ("p", "li", "div"))  # (css() includes piece)
            if inner == 0:
                found.append(" ".join(piece.text().split()))
    return [text[:_CHROME_TEXT_LIMIT] for text in dict.fromkeys(found) if len(text) > 1]


def add_markup(builder: TextBuilder, markup: str) -> LexborHTMLParser:
    """Add the visible blocks of ``markup`` to ``builder``; returns the parsed page.

    Also used by the Markdown reader for the raw HTML blocks Markdown allows.
    """
    parser = LexborHTMLParser(markup)
    start = parser.body if parser.body is not None else parser.root
    if start is not None:
        walker = _Walker(builder)
        walker.visit(start)
        walker.flush()
    return parser


@register("html", ".html", ".htm", ".xhtml")
def read_html(path: Path, raw: bytes, relative: str) -> Document:
    """Read an HTML page into a :class:`Document` (see the module docstring)."""
    text, encoding = decode(raw)
    builder = TextBuilder()
    parser = add_markup(builder, text)
    if not builder.blocks:
        raise LoaderError("no visible text (only scripts, navigation or hidden elements)")
    metadata = {"encoding": encoding, **_metadata(parser)}
    seen = {b.text.casefold() for b in builder.blocks}
    for text in [metadata.get("page_title") or "", metadata.get("title") or "", metadata.get("site_name") or "",
                 *_chrome(parser), metadata.get("description") or ""]:
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            builder.add("meta", text)
    if "title" not in metadata:
        first_heading = next((b for b in builder.blocks if b.kind == "heading"), None)
        if first_heading is not None:
            metadata["title"] = first_heading.text
    return Document(id=document_id(relative, raw), path=relative, format="html",
                    text=builder.text, blocks=builder.blocks, metadata=metadata)
