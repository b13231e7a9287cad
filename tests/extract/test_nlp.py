"""The trimmed spaCy pipeline reads what the whole model reads: the features use dependency
labels and heads, entities and sentences only, so leaving out the tagger and most of the
attribute ruler must change none of them."""
from __future__ import annotations

import spacy

from nordgraph.loaders.extract import nlp

TEXTS = [
    "NORDLINK is led by Oslo University Hospital with Aalto University and Karolinska Institutet.",
    "The  consortium \n\n  of  DTU Health Tech ,  Region Skåne\tand NordForsk   was funded in 2021 .\n",
    "   Partners:   University of Bergen (Norway);  Helsinki University Hospital ( Finland ) .  ",
    "Innovation Norway granted NOK 12 million to four projects in the call Nordic Health 2030.",
    " \n ",  # the parser makes this space token the root; the attribute ruler relabels it
]


def _reading(doc: spacy.tokens.Doc) -> list[object]:
    return [[(t.i, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.is_sent_start) for t in doc],
            [(e.start_char, e.end_char, e.label_) for e in doc.ents],
            [(s.start_char, s.end_char) for s in doc.sents]]


def test_the_trimmed_pipeline_parses_as_the_whole_model() -> None:
    whole = spacy.load(nlp.MODEL)
    assert "tagger" not in nlp.pipeline().pipe_names and "lemmatizer" not in nlp.pipeline().component_names
    assert [_reading(d) for d in nlp.parse(TEXTS)] == [_reading(d) for d in whole.pipe(TEXTS)]


def test_a_space_token_keeps_the_attribute_rulers_dependency_label() -> None:
    spaces = [t for d in nlp.parse(TEXTS) for t in d if t.is_space]
    assert spaces and all(t.dep_ == "dep" for t in spaces)
