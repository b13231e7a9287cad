"""A long document is read in bounded pieces, so extraction grows with its length, not faster
(the timing lives in bench/hostile.py; these check the pieces and that names are still found)."""
from __future__ import annotations

from nordgraph.loaders.document import Block
from nordgraph.loaders.extract.context import MAX_BLOCK_CHARS, bounded_blocks, unwrap
from nordgraph.loaders.extract.text import MAX_SENTENCE_CHARS, NAME_WINDOW, name_at, name_before, sentences


def test_a_sentence_without_full_stops_is_cut_at_spaces_into_bounded_pieces() -> None:
    text = "word " * 6000
    pieces = sentences(text, 0, len(text))
    assert len(pieces) >= 6 and all(end - start <= MAX_SENTENCE_CHARS for start, end in pieces)
    assert all(text[start] != " " and text[end - 1] != " " for start, end in pieces)
    assert " ".join(text[s:e] for s, e in pieces).split() == text.split()  # nothing lost


def test_an_over_long_paragraph_becomes_blocks_cut_after_sentences_and_nothing_is_lost() -> None:
    text = " ".join(f"Sentence number {i} names Oslo University Hospital." for i in range(1000))
    blocks = unwrap(text, [Block(kind="paragraph", text=text, start=0, end=len(text))])
    assert len(blocks) > 1 and all(b.end - b.start <= MAX_BLOCK_CHARS for b in blocks)
    assert all(b.text.endswith(".") and b.text == text[b.start:b.end] for b in blocks)
    assert " ".join(b.text for b in blocks) == text


def test_a_long_table_cell_becomes_paragraph_pieces_not_rows() -> None:
    text = "data " * 5000
    row = Block(kind="table_row", text=text, start=0, end=len(text), cells=(text,), header=("h",))
    pieces = bounded_blocks(text, row)
    assert len(pieces) >= 2 and {p.kind for p in pieces} == {"paragraph"} and all(not p.cells for p in pieces)


def test_a_short_block_is_left_as_it_is() -> None:
    block = Block(kind="list_item", text="Karolinska Institutet", start=0, end=21, level=1)
    assert bounded_blocks("Karolinska Institutet", block) == [block]


def test_names_are_found_at_the_end_and_start_of_a_long_region() -> None:
    filler = "and some words that name nothing at all " * 200
    text = filler + "funded by Oslo University Hospital"
    assert len(text) > 10 * NAME_WINDOW
    span = name_before(text, 0, len(text))
    assert span is not None and text[span[0]:span[1]] == "Oslo University Hospital"
    text = "Oslo University Hospital leads it " + filler
    span = name_at(text, 0, len(text))
    assert span is not None and text[span[0]:span[1]] == "Oslo University Hospital"


def test_the_pieces_of_a_cut_paragraph_are_numbered_and_a_whole_block_is_not() -> None:
    text = " ".join(f"Sentence number {i} names Oslo University Hospital." for i in range(1000))
    blocks = unwrap(text, [Block(kind="paragraph", text=text, start=0, end=len(text)),
                           Block(kind="paragraph", text="Short.", start=len(text) + 2, end=len(text) + 8)])
    assert [b.piece for b in blocks] == [*range(1, len(blocks)), 0]
