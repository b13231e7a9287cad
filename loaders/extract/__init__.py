"""Extraction: documents to a trustworthy graph, offline, by registered rules.

``extract_into(kg, documents)`` reads every document with the rules registered in
:mod:`loaders.extract.rules` (mention rules in :mod:`~loaders.extract.mentions`, relation
rules in :mod:`~loaders.extract.structure`, :mod:`~loaders.extract.language`, :mod:`~loaders.extract.prose`
and :mod:`~loaders.extract.people`), resolves the
mentions of all documents (and the nodes already in ``kg``) into entities
(:mod:`~loaders.extract.resolve`) and adds nodes and edges, each with evidence quoting its
document verbatim, the rule that read it and a confidence.
"""
from __future__ import annotations

from collections.abc import Iterable

from nordgraph.graph.model import KnowledgeGraph
from nordgraph.loaders.document import Document

# isort: off
from nordgraph.loaders.extract import mentions as _mentions  # noqa: F401  (registers rules, in this order)
from nordgraph.loaders.extract import people as _people  # noqa: F401
from nordgraph.loaders.extract import structure as _structure  # noqa: F401
from nordgraph.loaders.extract import prose_names as _prose_names  # noqa: F401
from nordgraph.loaders.extract import prose as _prose  # noqa: F401
from nordgraph.loaders.extract import language as _language  # noqa: F401
# isort: on
from nordgraph.loaders.budget import PARAGRAPH_WORDS, PARSE_WORDS
from nordgraph.loaders.extract.context import DocContext, any_of
from nordgraph.loaders.extract.linear import ExtractionModels, load_models
from nordgraph.loaders.extract.reading import DocReading
from nordgraph.loaders.extract.resolve import write
from nordgraph.loaders.extract.rules import all_rules

__all__ = ["extract_document", "extract_into", "read_document", "write_readings"]


def read_rules(document: Document) -> DocContext:
    """Run every registered rule over one document; returns its mentions and facts."""
    ctx = DocContext(document)
    for rule in all_rules("prepare"):
        rule.func(ctx)
    # Each rule's gate made once: a file of 20,000 lines asks about 900,000 of them.
    block_rules = [(rule, any_of(rule.cues) if rule.cues else None) for rule in all_rules("block")]
    for index, block in enumerate(ctx.blocks):
        if index in ctx.skip_blocks:
            continue
        ctx.enter(index, block)
        for rule, gate in block_rules:
            if gate is None or gate.search(ctx.lower):
                rule.func(ctx)
    ctx.block = None
    for rule in all_rules("finish"):
        rule.func(ctx)
    return ctx


_SHIPPED = object()


def read_document(document: Document, models: ExtractionModels | None | object = _SHIPPED,
                  parse_words: int | None = PARSE_WORDS, paragraph_words: int | None = PARAGRAPH_WORDS) -> DocContext:
    """The rules' reading of one document, then the learned models' (the shipped ones unless
    ``models`` says otherwise; ``None`` keeps the rules' output), with the statistical parser
    reading the first ``parse_words`` words, and of one paragraph the first ``paragraph_words``
    (``None``: all)."""
    from nordgraph.loaders.extract.learned import annotate

    ctx = read_rules(document)
    chosen = load_models() if models is _SHIPPED else models
    if isinstance(chosen, ExtractionModels):
        annotate(ctx, chosen, parse_words, paragraph_words)
    return ctx


def extract_document(document: Document, models: ExtractionModels | None | object = _SHIPPED,
                     parse_words: int | None = PARSE_WORDS, paragraph_words: int | None = PARAGRAPH_WORDS) -> DocReading:
    """One document's reading (see :func:`read_document`) as data for resolution; its summary
    counts the words the parser's budgets left out, if any."""
    ctx = read_document(document, models, parse_words, paragraph_words)
    reach = ctx.reach
    left_out = {"unparsed_words": reach.unparsed_words, "cut_paragraphs": reach.cut_paragraphs,
                "unparsed_paragraph_words": reach.unparsed_paragraph_words}
    summary = document.summary() | {key: count for key, count in left_out.items() if count}
    return DocReading(ctx.doc, ctx.text, ctx.acronyms, ctx.mentions, ctx.facts, summary)


def write_readings(kg: KnowledgeGraph, readings: Iterable[DocReading]) -> None:
    """Resolve the mentions of every reading (and the nodes already in ``kg``) into nodes and
    add them with the facts between them."""
    readings = list(readings)
    write(kg, [m for r in readings for m in r.mentions], [f for r in readings for f in r.facts],
          {r.doc: r.acronyms for r in readings}, {r.doc: r.text for r in readings})


def extract_into(kg: KnowledgeGraph, documents: Iterable[Document],
                 models: ExtractionModels | None | object = _SHIPPED) -> None:
    """Extract entities and facts from ``documents`` into ``kg`` (resolved against its nodes)."""
    write_readings(kg, [extract_document(d, models) for d in documents])
