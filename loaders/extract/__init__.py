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

from graph.model import KnowledgeGraph
from loaders.document import Document
from loaders.extract import mentions as _mentions  # noqa: F401  (registers rules, in this order)
from loaders.extract import people as _people  # noqa: F401
from loaders.extract import structure as _structure  # noqa: F401
from loaders.extract import prose_names as _prose_names  # noqa: F401
from loaders.extract import prose as _prose  # noqa: F401
from loaders.extract import language as _language  # noqa: F401
from loaders.extract.context import DocContext
from loaders.extract.linear import ExtractionModels, load_models
from loaders.extract.resolve import write
from loaders.extract.rules import all_rules

__all__ = ["extract_into", "read_document"]


def read_rules(document: Document) -> DocContext:
    """Run every registered rule over one document; returns its mentions and facts."""
    ctx = DocContext(document)
    for rule in all_rules("prepare"):
        rule.func(ctx)
    block_rules = all_rules("block")
    for index, block in enumerate(ctx.blocks):
        if index in ctx.skip_blocks:
            continue
        ctx.enter(index, block)
        for rule in block_rules:
            if not rule.cues or ctx.has(*rule.cues):
                rule.func(ctx)
    ctx.block = None
    for rule in all_rules("finish"):
        rule.func(ctx)
    return ctx


_SHIPPED = object()


def read_document(document: Document, models: ExtractionModels | None | object = _SHIPPED) -> DocContext:
    """The rules' reading of one document, then the learned models' (the shipped ones unless
    ``models`` says otherwise; ``None`` keeps the rules' output)."""
    from loaders.extract.learned import annotate

    ctx = read_rules(document)
    chosen = load_models() if models is _SHIPPED else models
    if isinstance(chosen, ExtractionModels):
        annotate(ctx, chosen)
    return ctx


def extract_into(kg: KnowledgeGraph, documents: Iterable[Document],
                 models: ExtractionModels | None | object = _SHIPPED) -> None:
    """Extract entities and facts from ``documents`` into ``kg`` (resolved against its nodes)."""
    contexts = [read_document(d, models) for d in documents]
    mentions = [m for c in contexts for m in c.mentions]
    facts = [f for c in contexts for f in c.facts]
    acronyms = {c.doc: c.acronyms for c in contexts}
    texts = {c.doc: c.text for c in contexts}
    write(kg, mentions, facts, acronyms, texts)
