"""CSV cells a spreadsheet will not run: formula injection neutralised the OWASP way.

Excel, LibreOffice and Google Sheets take a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and, in some, a tab or carriage return before one) as a formula, so a document name such as
``=HYPERLINK("http://evil", "click")`` or ``+cmd|' /C calc'!A0`` would run when the CSV is opened.
:func:`neutralise` puts a single quote before such a text, which makes the spreadsheet show it
as text. Cells that already start with quotes before one of those characters get one more, so
:func:`restore` (the table reader's side) takes exactly one off and every text reads back as it was.
Only text is neutralised: a number such as -3 stays a number.
"""
from __future__ import annotations

import re

#: Characters a spreadsheet reads a formula from at the start of a cell.
FORMULA_START = "=+-@\t\r"
_NEUTRALISED = re.compile(r"'*[=+\-@\t\r]")


def neutralise(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would take it as a formula."""
    return "'" + text if _NEUTRALISED.match(text) else text


def restore(text: str) -> str:
    """A cell written by :func:`neutralise` as the text it was (other cells unchanged)."""
    return text[1:] if text.startswith("'") and _NEUTRALISED.match(text, 1) else text
