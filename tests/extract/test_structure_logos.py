"""Partner logos: in a grid of logos the names are only in ``alt`` text and captions; the HTML
reader reads them as the page shows them, while a lone image or a photo keeps its alt unread."""
from __future__ import annotations

from pathlib import Path

from nordgraph.loaders.pipeline import read_file
from tests.extract.extract_helpers import facts

PAGE = """<html><head><title>Partners – CARETRACE</title></head><body><main>
<h1>CARETRACE</h1>
<p>CARETRACE is a three-year project coordinated by Oulu University Hospital.</p>
<h2>Our partners</h2>
<div class="logos">
  <a href="https://a.example"><img src="a.png" alt="Oulu University Hospital"></a>
  <a href="https://b.example"><img src="b.png" alt="Logo of Pärnu Hospital"></a>
  <figure><img src="c.png" alt=""><figcaption>Riga Stradins University, Latvia</figcaption></figure>
  <figure><img src="d.png" alt="Kaunas Clinics logo"><figcaption>Lithuania</figcaption></figure>
  <a href="https://e.example"><img src="e.png" alt="Tracelab Oy"></a>
</div>
<h2>News</h2>
<figure><img src="photo.jpg" alt="Nurses at Tallinn Hospital"><figcaption>The pilot ward.</figcaption></figure>
</main></body></html>"""


def test_logo_grid_alt_texts_become_blocks(tmp_path: Path):
    (tmp_path / "p.html").write_text(PAGE, encoding="utf-8")
    texts = [b.text for b in read_file(tmp_path / "p.html", "p.html").blocks]
    assert {"Pärnu Hospital", "Riga Stradins University, Latvia", "Kaunas Clinics, Lithuania", "Tracelab Oy"} <= set(texts)
    assert not [t for t in texts if "Nurses" in t]


def test_logo_names_are_partners(build):
    found = facts(build({"p.html": PAGE}))
    assert ("Oulu University Hospital", "LEADS", "CARETRACE") in found
    for partner in ("Pärnu Hospital", "Riga Stradins University", "Kaunas Clinics", "Tracelab Oy"):
        assert (partner, "PARTNER_IN", "CARETRACE") in found, partner
    assert ("Kaunas Clinics", "LOCATED_IN", "Lithuania") in found
    assert ("Tracelab Oy", "LOCATED_IN", "Lithuania") not in found
