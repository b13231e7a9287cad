"""The HTML reader: structure kept, chrome and hidden text dropped, words never glued."""
from __future__ import annotations

import pytest

from nordgraph.graph.errors import LoaderError
from nordgraph.loaders.document import Document
from nordgraph.loaders.pipeline import read_file

PAGE = """<!DOCTYPE html>
<html lang="sv"><head>
<meta charset="utf-8"><title>Nordic Care Link &ndash; Project</title>
<meta property="og:title" content="Nordic Care Link">
<meta name="Description" content="A cross-border   telehealth pilot.">
<meta property="article:published_time" content="2024-02-01T09:00:00Z">
<link rel="canonical" href="https://example.org/projects/care-link">
<meta property="og:url" content="https://example.org/og-url">
<script>document.write("<p>Injected by script</p>")</script>
<style>.x { color: red }</style>
</head><body>
<header class="site-header"><a href="/">Example Foundation</a><nav><ul><li><a href="/a">About</a></li></ul></nav></header>
<div id="cookie-notice" class="cookie-banner">We use cookies. <button>Accept</button></div>
<div role="navigation"><a href="/x">Menu item</a></div>
<main>
<article>
<header><h1>Nordic <em>Care</em> Link</h1><p class="date">1 February 2024</p></header>
<p>The project is led by <b>Oslo</b> Medtech and <a href="https://example.org/ki">Karolinska
Institutet</a>.<br>Partners include Aalto&nbsp;University &amp; DTU.</p>
<noscript><p>Enable JavaScript</p></noscript>
<template><p>Template text</p></template>
<svg><text>Chart label</text></svg>
<form action="/search"><label>Search</label><input name="q"></form>
<p hidden>Hidden paragraph</p>
<p aria-hidden="true">Aria hidden</p>
<p style="color: grey; DISPLAY : none">Styled away</p>
<ul>
  <li>Norway
    <ul><li>Oslo</li><li>Bergen</li></ul>
  </li>
  <li>Sweden</li>
</ul>
<ol><li>First step</li></ol>
<table>
  <caption>Partners</caption>
  <thead><tr><th>Partner</th><th>Country</th><th>Role</th></tr></thead>
  <tbody>
    <tr><td><a href="https://ntnu.example">NTNU</a></td><td>Norway</td><td>Coordinator</td></tr>
    <tr><td>Tampere <i>University</i></td><td>Finland</td><td>Partner</td></tr>
  </tbody>
</table>
<dl><dt>Coordinator</dt>
<dd>Oslo Medtech</dd>
<dt>Funding</dt><dd>NordForsk</dd><dd>Nordic Innovation</dd></dl>
<aside><p>Fact box inside the article</p></aside>
</article>
</main>
<footer><p>Copyright Example Foundation</p></footer>
<aside><p>Related news</p></aside>
</body></html>
"""


@pytest.fixture
def page(read_doc) -> Document:
    return read_doc("care-link.html", PAGE)


def test_metadata_from_head(page: Document) -> None:
    assert page.format == "html"
    assert page.metadata["title"] == "Nordic Care Link"
    assert page.metadata["page_title"] == "Nordic Care Link – Project"
    assert page.metadata["url"] == "https://example.org/projects/care-link"
    assert page.metadata["lang"] == "sv"
    assert page.metadata["description"] == "A cross-border telehealth pilot."
    assert page.metadata["date"] == "2024-02-01T09:00:00Z"


def test_og_url_when_no_canonical_and_h1_when_no_title(write) -> None:
    doc = read_file(write("p.html", '<meta property="og:url" content="https://e.org/p">'
                                     "<h2>Only heading</h2><p>Body.</p>"), "p.html")
    assert doc.metadata["url"] == "https://e.org/p"
    assert doc.metadata["title"] == "Only heading"


@pytest.mark.parametrize("hidden", [
    "Injected by script", "color: red", "Example Foundation", "About", "We use cookies", "Accept",
    "Menu item", "Enable JavaScript", "Template text", "Chart label", "Search", "Hidden paragraph",
    "Aria hidden", "Styled away", "Copyright", "Related news",
])
def test_scripts_chrome_and_hidden_elements_are_dropped(page: Document, hidden: str) -> None:
    body = "\n".join(b.text for b in page.blocks if b.kind != "meta")
    assert hidden not in body


def test_site_chrome_is_kept_apart_as_meta_blocks_after_the_body(page: Document) -> None:
    meta = [b.text for b in page.blocks if b.kind == "meta"]
    assert "Copyright Example Foundation" in meta  # the footer line: sites name their owners there
    assert "Nordic Care Link – Project" in meta  # the page title
    assert "We use cookies" not in " ".join(meta) and "Injected by script" not in " ".join(meta)
    kinds = [b.kind for b in page.blocks]
    assert kinds == sorted(kinds, key=lambda kind: kind == "meta")  # after the body


def test_article_header_and_aside_are_content(page: Document) -> None:
    assert page.blocks[0].kind == "heading" and page.blocks[0].text == "Nordic Care Link"
    assert page.blocks[0].level == 1
    assert "1 February 2024" in page.text
    assert "Fact box inside the article" in page.text


def test_inline_elements_neither_glue_nor_split(page: Document) -> None:
    paragraph = next(b for b in page.blocks if b.text.startswith("The project"))
    assert paragraph.kind == "paragraph"
    assert paragraph.text == ("The project is led by Oslo Medtech and Karolinska Institutet. "
                              "Partners include Aalto University & DTU.")
    assert paragraph.links == (("Karolinska Institutet", "https://example.org/ki"),)


def test_nested_lists_keep_their_depth(page: Document) -> None:
    items = [(b.text, b.level) for b in page.blocks if b.kind == "list_item"]
    assert items == [("Norway", 1), ("Oslo", 2), ("Bergen", 2), ("Sweden", 1), ("First step", 1)]


def test_table_rows_carry_cells_and_header(page: Document) -> None:
    rows = [b for b in page.blocks if b.kind == "table_row"]
    header = ("Partner", "Country", "Role")
    assert [r.cells for r in rows] == [header, ("NTNU", "Norway", "Coordinator"),
                                       ("Tampere University", "Finland", "Partner")]
    assert all(r.header == header for r in rows)
    assert rows[1].text == "NTNU | Norway | Coordinator"
    assert rows[1].links == (("NTNU", "https://ntnu.example"),)
    assert any(b.text == "Partners" and b.kind == "paragraph" for b in page.blocks)  # the caption


def test_first_row_of_th_is_the_header_without_thead(write) -> None:
    doc = read_file(write("t.html", "<table><tr><th>Name</th><th>Country</th></tr>"
                                     "<tr><th>UiO</th><td>Norway</td></tr></table>"), "t.html")
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert [r.header for r in rows] == [("Name", "Country")] * 2
    assert rows[1].cells == ("UiO", "Norway")


def test_table_without_header_has_empty_header(write) -> None:
    doc = read_file(write("t.html", "<table><tr><td>a</td><td>b</td></tr></table>"), "t.html")
    assert [(b.cells, b.header) for b in doc.blocks] == [(("a", "b"), ())]


def test_layout_table_is_read_as_blocks(write) -> None:
    doc = read_file(write("l.html", "<table><tr><td><h2>Title</h2><table><tr><td>x</td></tr></table>"
                                     "<p>Text.</p></td></tr></table>"), "l.html")
    # the outer table is layout; the inner one, holding no table, is data
    assert [(b.kind, b.text) for b in doc.blocks] == [("heading", "Title"), ("table_row", "x"),
                                                      ("paragraph", "Text.")]


def test_definition_list_pairs_term_and_definition(page: Document) -> None:
    texts = [b.text for b in page.blocks]
    assert "Coordinator: Oslo Medtech" in texts
    assert "Funding: NordForsk" in texts
    assert "Funding: Nordic Innovation" in texts


def test_entities_are_decoded(write) -> None:
    doc = read_file(write("e.html", "<p>Sj&oslash;lyst &#8211; Troms&#xF8; &lt;tag&gt; &quot;q&quot;</p>"),
                    "e.html")
    assert doc.text == 'Sjølyst – Tromsø <tag> "q"'


def test_aspnet_form_wrapping_the_page_is_kept(write) -> None:
    doc = read_file(write("a.html", '<body><form id="aspnetForm"><h1>Programme</h1>'
                                     "<p>Funded by NordForsk.</p></form></body>"), "a.html")
    assert doc.text == "Programme\n\nFunded by NordForsk."


def test_cookie_named_wrapper_with_the_page_is_kept(write) -> None:
    doc = read_file(write("w.html", '<div class="consent-given"><main><h1>Title</h1></main></div>'), "w.html")
    assert doc.text == "Title"


def test_truncated_html_still_reads(write) -> None:
    doc = read_file(write("cut.html", "<html><body><h1>Report</h1><p>Led by <b>Region Sk&aring;ne"),
                    "cut.html")
    assert [b.text for b in doc.blocks] == ["Report", "Led by Region Skåne"]


def test_binary_file_named_html_is_refused(write) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    with pytest.raises(LoaderError, match="binary"):
        read_file(write("logo.html", png), "logo.html")


def test_random_bytes_without_nul_are_refused(write) -> None:
    noise = bytes((i * 97 + 13) % 255 + 1 for i in range(3000))
    with pytest.raises(LoaderError, match="binary"):
        read_file(write("noise.htm", noise), "noise.htm")


def test_page_without_visible_text_is_reported(write) -> None:
    with pytest.raises(LoaderError, match="no visible text"):
        read_file(write("spa.html", "<html><body><script>app()</script><nav>Menu</nav></body></html>"),
                  "spa.html")


def test_windows_1252_page(write) -> None:
    doc = read_file(write("old.htm", "<p>Sør-Trøndelag – “Helse”</p>".encode("cp1252")), "old.htm")
    assert doc.text == "Sør-Trøndelag – “Helse”"
    assert doc.metadata["encoding"] == "cp1252"


def test_deeply_nested_markup_does_not_hit_the_recursion_limit(read_doc) -> None:
    doc = read_doc("deep.html", "<div>" * 5000 + '<p>Deep <a href="/x">link</a></p>')
    assert doc.text == "Deep link"
    assert doc.blocks[0].links == (("link", "/x"),)


def test_link_around_blocks_belongs_to_each_block(read_doc) -> None:
    doc = read_doc("card.html", '<p>Before</p><a href="/p/x"><h3>Project X</h3><p>Led by <b>Y</b>.</p></a>'
                                "<p>After <a href='/z'>Z</a> end</p>")
    assert [(b.text, b.links) for b in doc.blocks] == [
        ("Before", ()), ("Project X", (("Project X", "/p/x"),)),
        ("Led by Y.", (("Led by Y.", "/p/x"),)), ("After Z end", (("Z", "/z"),))]


def test_an_inline_label_in_capitals_does_not_fuse_with_the_next_word(write) -> None:
    doc = read_file(write("p.html", '<div><span class="title">FUNDING</span>This project is funded by '
                                     "<b>NordForsk</b>. <span>Mc</span>Donald, <b>ELIXIR</b>-NO.</div>"), "p.html")
    assert [b.text for b in doc.blocks if b.kind != "meta"] == [
        "FUNDING This project is funded by NordForsk. McDonald, ELIXIR-NO."]
