"""The Markdown reader: front matter as metadata, structure from markdown-it tokens."""
from __future__ import annotations

import pytest

from nordgraph.graph.errors import LoaderError
from nordgraph.loaders.document import Document
from nordgraph.loaders.pipeline import read_file

POST = """---
title: "Nordic pilot on remote rehabilitation starts"
date: 2024-03-15
source: https://example.org/news/remote-rehab
tags: [telehealth, rehabilitation]
---
Remote rehabilitation pilot
===========================

The pilot is **led by** *Helse Vest* together with [Linköping University](https://liu.example)
and `Aalborg` municipality.

Partners
--------

- Helse Vest (Norway)
  - Haukeland clinic
* Region Östergötland
+ Aalborg Kommune
1. Phase one

### Budget &amp; funding

| Partner | Country | Role |
|:--------|---------|------|
| Helse Vest | Norway | Coordinator |
| [Linköping University](https://liu.example) | Sweden | Partner |

> Quoted statement from the coordinator.

```python
print("not prose")
```

<p>Raw <b>HTML</b> block.</p>
"""


@pytest.fixture
def post(read_doc) -> Document:
    return read_doc("news/remote-rehab.md", POST)


def test_front_matter_is_metadata_not_text(post: Document) -> None:
    assert post.format == "markdown"
    assert post.metadata["title"] == "Nordic pilot on remote rehabilitation starts"
    assert post.metadata["date"] == "2024-03-15"
    assert post.metadata["url"] == "https://example.org/news/remote-rehab"
    assert post.metadata["tags"] == ["telehealth", "rehabilitation"]
    assert "title:" not in post.text and "---" not in post.text
    assert post.summary()["date"] == "2024-03-15"


def test_atx_and_setext_headings(post: Document) -> None:
    headings = [(b.text, b.level) for b in post.blocks if b.kind == "heading"]
    assert headings == [("Remote rehabilitation pilot", 1), ("Partners", 2), ("Budget & funding", 3)]


def test_markers_dropped_and_links_recorded(post: Document) -> None:
    paragraph = post.blocks[1]
    assert paragraph.text == ("The pilot is led by Helse Vest together with Linköping University "
                              "and Aalborg municipality.")
    assert paragraph.links == (("Linköping University", "https://liu.example"),)


def test_list_items_with_nesting(post: Document) -> None:
    items = [(b.text, b.level) for b in post.blocks if b.kind == "list_item"]
    assert items == [("Helse Vest (Norway)", 1), ("Haukeland clinic", 2), ("Region Östergötland", 1),
                     ("Aalborg Kommune", 1), ("Phase one", 1)]


def test_pipe_table_rows(post: Document) -> None:
    rows = [b for b in post.blocks if b.kind == "table_row"]
    header = ("Partner", "Country", "Role")
    assert [r.cells for r in rows] == [header, ("Helse Vest", "Norway", "Coordinator"),
                                       ("Linköping University", "Sweden", "Partner")]
    assert all(r.header == header for r in rows)
    assert rows[2].links == (("Linköping University", "https://liu.example"),)


def test_quotes_and_raw_html_are_text_code_is_not(post: Document) -> None:
    assert "Quoted statement from the coordinator." in post.text
    body = [b for b in post.blocks if b.kind != "meta"]
    assert body[-1].text == "Raw HTML block."
    assert "not prose" not in post.text


def test_title_falls_back_to_first_heading(write) -> None:
    doc = read_file(write("a.md", "Intro text.\n\n## Section\n"), "a.md")
    assert doc.metadata["title"] == "Section"


def test_opening_thematic_break_is_not_front_matter(write) -> None:
    doc = read_file(write("b.md", "---\nJust a line\n---\nMore text.\n"), "b.md")
    assert "Just a line" in doc.text


def test_invalid_front_matter_is_an_error_with_its_line(write) -> None:
    with pytest.raises(LoaderError, match=r"front matter is not valid YAML at line 3"):
        read_file(write("c.md", "---\ntitle: ok\ndate: [unclosed\n---\nText\n"), "c.md")


def test_front_matter_only_is_reported(write) -> None:
    with pytest.raises(LoaderError, match="no text after the front matter"):
        read_file(write("d.md", "---\ntitle: Empty\n---\n"), "d.md")


def test_toml_front_matter(read_doc) -> None:
    doc = read_doc("h.md", '+++\ntitle = "Hugo post"\ndate = 2024-06-01\n+++\nBody text.\n')
    assert doc.metadata["title"] == "Hugo post" and doc.metadata["date"] == "2024-06-01"
    assert doc.text == "Body text.\n\nHugo post"
    assert [b.kind for b in doc.blocks] == ["paragraph", "meta"]  # the title, quotable, after the body


def test_strong_runs_are_emphasis_spans(read_doc) -> None:
    doc = read_doc("s.md", "The consortium: **Philips**, **TNO**, and **SURF**.\n")
    assert doc.text.startswith("The consortium: Philips, TNO, and SURF.")
    assert [doc.text[a:b] for a, b in doc.blocks[0].emphasis] == ["Philips", "TNO", "SURF"]


def test_inline_html_break_separates_words(read_doc) -> None:
    doc = read_doc("br.md", "Oslo<br>Bergen and <span>Tromsø</span>\n")
    assert doc.text == "Oslo Bergen and Tromsø"


def test_labelled_fields_on_consecutive_lines_stay_apart(read_doc) -> None:
    text = ("**Project owner:** Fjordvik Hospital\n**Partners:** Nordlys AS, Polar Care Oy\n"
            "**Funding:** The Regional Fund\n\nAn ordinary paragraph\nthat wraps onto a second line.\n")
    doc = read_doc("facts.md", text)
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert paragraphs == ["Project owner: Fjordvik Hospital", "Partners: Nordlys AS, Polar Care Oy",
                          "Funding: The Regional Fund", "An ordinary paragraph that wraps onto a second line."]


def test_a_landing_page_kept_in_front_matter_is_read(read_doc) -> None:
    doc = read_doc("landing.md", '---\ntitle: ""\nsections:\n- block: markdown\n  content:\n    text: |\n'
                                 '      ## Partners\n\n      - **University of Oslo**\n      - **SINTEF Digital**\n'
                                 '      <p>Funded by the Research Council of Norway.</p>\n---\n')
    texts = [b.text for b in doc.blocks]
    assert "Partners" in texts and "University of Oslo" in texts
    assert any("Research Council of Norway" in t for t in texts)


def test_indented_html_cards_after_a_blank_line_are_read_as_html(read_doc) -> None:
    # CommonMark would make the indented cards a code block; kramdown renders them as HTML.
    text = ('# Partners\n<div class="row">\n  <div class="col"><p>Fjordvik Hospital</p></div>\n\n'
            '    <div class="col"><p>Nordlys <b>AS</b></p></div>\n\n'
            '    <div class="col"><p>Polar Care Oy</p></div>\n</div>\n\n'
            '    print("indented code stays out")\n')
    doc = read_doc("cards.md", text)
    texts = [b.text for b in doc.blocks]
    assert texts == ["Partners", "Fjordvik Hospital", "Nordlys AS", "Polar Care Oy"]
    assert "indented code" not in doc.text
