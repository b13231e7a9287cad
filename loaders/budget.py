"""What one input may cost a build: its size on disk, the time its reading takes, and how much of
it the statistical parser reads.

Extraction grows linearly with a document, but a 50 MB dump still takes minutes, and a FIFO or
``/dev/zero`` never ends. A file over a budget is skipped with the reason and the option that
raises the limit, and the build goes on with the rest.
"""
from __future__ import annotations

import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from nordgraph.graph.errors import LoaderError
from nordgraph.graph.limits import Expired, alarm
from nordgraph.loaders.document import Block

#: Words of one document that the statistical parser reads (about four seconds' worth); the blocks
#: after them are read by the rules and the models' other features only, and the build says so.
#: The longest annotated page has under 10,000 words; a 160,000-word dump would otherwise take
#: half a minute.
PARSE_WORDS = 25_000
#: Words of one paragraph that the parser reads: the longest paragraph of the annotated pages has
#: about 1,300, and a one-paragraph dump (a pasted log, a file on one line) says no more to the
#: parser after its first 10,000 words than the rules read in it, at 0.07 CPU s per 1,000 words.
PARAGRAPH_WORDS = 10_000

MEGABYTE = 1024 * 1024
#: The default size limit of a file, in megabytes.
MAX_FILE_MB = 50
#: The default time one file's reading may take, in seconds.
DOC_SECONDS = 20.0


@dataclass(frozen=True)
class Budget:
    """Per-file limits; ``None`` lifts one."""

    #: Largest file read, in bytes.
    max_bytes: int | None = MAX_FILE_MB * MEGABYTE
    #: Longest reading and extraction of one file, in seconds.
    seconds: float | None = DOC_SECONDS
    #: Words of one document the statistical parser reads.
    parse_words: int | None = PARSE_WORDS
    #: Words of one paragraph the statistical parser reads.
    paragraph_words: int | None = PARAGRAPH_WORDS


class OverBudget(LoaderError):
    """A file skipped because reading it would cost more than the budget allows."""


def check_file(path: Path, budget: Budget) -> int:
    """The size of ``path`` if it is a regular file within the size budget; :class:`LoaderError`
    naming what it is otherwise (a FIFO would hang the build, a device never ends)."""
    try:
        info = path.stat()  # follows a link: what matters is what it leads to
    except OSError as exc:
        raise LoaderError(exc.strerror or str(exc)) from exc
    if not stat.S_ISREG(info.st_mode):
        kind = ("a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device" if stat.S_ISCHR(info.st_mode)
                or stat.S_ISBLK(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a file")
        raise LoaderError(f"{kind}, not a regular file; only regular files are read")
    if budget.max_bytes is not None and info.st_size > budget.max_bytes:
        raise OverBudget(f"{_megabytes(info.st_size)} is over the {_megabytes(budget.max_bytes)} limit "
                         f"per file (raise it with --max-file-mb)")
    return info.st_size


def read_bounded(path: Path, budget: Budget) -> bytes:
    """The bytes of ``path``, refusing more than the budget even if the file grew since it was
    checked."""
    limit = budget.max_bytes
    try:
        with path.open("rb") as handle:
            raw = handle.read() if limit is None else handle.read(limit + 1)
    except OSError as exc:
        raise LoaderError(exc.strerror or str(exc)) from exc
    if limit is not None and len(raw) > limit:
        raise OverBudget(f"over the {_megabytes(limit)} limit per file (raise it with --max-file-mb)")
    return raw


@dataclass
class ParseReach:
    """The blocks the statistical parser reads, and the words its budgets leave to the rules."""

    blocks: list[int] = field(default_factory=list)
    #: Words after the document's budget was spent.
    unparsed_words: int = 0
    #: Paragraphs over the budget per paragraph, and the words left out of them.
    cut_paragraphs: int = 0
    unparsed_paragraph_words: int = 0


def parse_reach(blocks: Sequence[Block], wanted: Iterable[int], words: int | None,
                paragraph_words: int | None) -> ParseReach:
    """The blocks of ``wanted`` the parser reads: in reading order while the document's ``words``
    last (page chrome always), and of a paragraph cut into pieces, the pieces within its first
    ``paragraph_words`` (``None`` lifts a budget)."""
    reach = ParseReach()
    used = in_paragraph = 0
    spent = cut = False
    for index in wanted:
        block = blocks[index]
        if block.kind == "meta":
            reach.blocks.append(index)
            continue
        count = len(block.text.split())
        if block.piece <= 1:  # a whole block, or the first piece of a cut one
            in_paragraph, cut = 0, False
        if block.piece and paragraph_words is not None and (cut or in_paragraph + count > paragraph_words):
            reach.cut_paragraphs += not cut
            reach.unparsed_paragraph_words += count
            cut = True
        elif spent or words is not None and used + count > words:
            reach.unparsed_words += count
            spent = True  # reading order: once a block is left out, so is every later one
        else:
            reach.blocks.append(index)
            used += count
            in_paragraph += count
    return reach


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverBudget` in the block after ``seconds`` (see :func:`graph.limits.alarm`:
    where no timer signal can reach, the block runs unlimited)."""
    try:
        with alarm(seconds):
            yield
    except Expired:
        raise OverBudget(f"reading took over {seconds:g} s, the time allowed per file "
                         f"(raise it with --doc-timeout)") from None


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.1f} MB"
