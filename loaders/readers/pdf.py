"""PDF: the text of each page (``pypdf``), in blocks that know their page.

A PDF stores positioned lines, not paragraphs, so paragraphs are rebuilt from the lines
``pypdf`` extracts: a blank line, a bullet, or a short line (a paragraph's last line, or a
heading) ends a paragraph unless it ends with a comma or hyphen; other lines are joined
with a space, and a word hyphenated across a line break ("collab-" / "oration") is joined
back. Lines starting with a bullet are list items. Blocks never cross a page.

An encrypted PDF is read when it opens with an empty password (owner-only protection is
common on published reports); otherwise, and for anything ``pypdf`` cannot parse, the
reader raises :class:`LoaderError` with the reason.
"""
from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

from nordgraph.graph.errors import LoaderError
from nordgraph.loaders.document import Document, TextBuilder, document_id
from nordgraph.loaders.registry import register

__all__ = ["page_paragraphs", "read_pdf"]

_BULLET = re.compile(r"^\s*(?:[•·▪◦‣●○\-*–—]|\d{1,2}[.)])\s+")
_SOFT_HYPHEN_BREAK = re.compile(r"[a-zæøåäö]-$")
#: A line shorter than this share of the page's longest line may end its paragraph.
SHORT_LINE = 0.7


def page_paragraphs(text: str) -> list[tuple[str, bool]]:
    """``(paragraph, is_list_item)`` pairs rebuilt from one page's extracted lines."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    longest = max((len(line) for line in lines), default=0)
    paragraphs: list[tuple[str, bool]] = []
    current: list[str] = []
    bulleted = False

    def close() -> None:
        nonlocal current, bulleted
        if current:
            paragraphs.append(("".join(current), bulleted))
        current, bulleted = [], False

    for line in lines:
        if not line:
            close()
            continue
        bullet = _BULLET.match(line)
        if bullet:
            close()
            line, bulleted = line[bullet.end():], True
        if current:
            previous = current[-1]
            if _SOFT_HYPHEN_BREAK.search(previous) and line[:1].islower():
                current[-1] = previous[:-1]
            else:
                current.append(" ")
        current.append(line)
        if len(line) < SHORT_LINE * longest and not line.endswith((",", "-")):
            close()
    close()
    return paragraphs


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message not in self.messages:
            self.messages.append(message)


@contextmanager
def _pypdf_warnings() -> Iterator[list[str]]:
    """Collect what pypdf logs about a damaged file (it would print to stderr otherwise).

    The messages go into the document's metadata when the file is read after all, and are
    dropped when it is refused (the refusal says why).
    """
    logger = logging.getLogger("pypdf")
    handler, propagate = _Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _open(raw: bytes) -> PdfReader:
    if b"%PDF-" not in raw[:1024]:
        raise LoaderError("not a PDF (no %PDF- header)")
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoaderError("encrypted PDF: it needs a password")
        len(reader.pages)  # parses the page tree, where broken files fail
    except FileNotDecryptedError as exc:
        raise LoaderError(f"encrypted PDF: {exc}") from exc
    except DependencyError as exc:
        raise LoaderError(f"encrypted PDF that pypdf cannot decrypt here: {exc}") from exc
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise LoaderError(f"broken PDF: {exc}") from exc
    return reader


def _metadata(reader: PdfReader, warnings: list[str]) -> dict[str, Any]:
    """Page count, and title, author, subject and date from the document information.

    A damaged information dictionary costs only these fields (noted in ``warnings``): the
    text has been read by then.
    """
    found: dict[str, Any] = {"pages": len(reader.pages)}
    try:
        info = reader.metadata
        if info is not None:
            found.update({"title": info.title, "author": info.author, "subject": info.subject,
                          "date": _date(info)})
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        warnings.append(f"document information unreadable: {exc}")
    return {k: " ".join(v.split()) if isinstance(v, str) else v
            for k, v in found.items() if v not in (None, "")}


def _date(info: Any) -> str | None:
    """The creation date as ISO text; the raw ``D:...`` string when it does not parse."""
    if not info.get("/CreationDate"):
        return None
    try:
        return info.creation_date.isoformat()
    except ValueError:
        return str(info["/CreationDate"])


@register("pdf", ".pdf")
def read_pdf(path: Path, raw: bytes, relative: str) -> Document:
    """Read a PDF into a :class:`Document` with one or more blocks per page."""
    builder = TextBuilder()
    with _pypdf_warnings() as warnings:
        reader = _open(raw)
        for number, page in enumerate(reader.pages, start=1):
            try:
                text = page.extract_text() or ""
            except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as exc:
                raise LoaderError(f"broken PDF: page {number}: {exc}") from exc
            for paragraph, bulleted in page_paragraphs(text):
                builder.add("list_item" if bulleted else "paragraph", paragraph,
                            level=1 if bulleted else 0, page=number)
        if not builder.blocks:
            raise LoaderError("no extractable text (a scanned PDF needs OCR first)")
        metadata = _metadata(reader, warnings)
    if warnings:
        metadata["warnings"] = warnings
    if "title" not in metadata:
        metadata["title"] = builder.blocks[0].text
    return Document(id=document_id(relative, raw), path=relative, format="pdf",
                    text=builder.text, blocks=builder.blocks, metadata=metadata)
