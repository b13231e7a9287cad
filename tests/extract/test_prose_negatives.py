"""Prose that names organisations near a project without making them partners, leads or funders."""
from __future__ import annotations

from tests.extract.extract_helpers import facts

NEWS = """<html><head><title>News</title></head><body><main>
<h1>KneeCare starts</h1>
<p>The project <strong>KneeCare</strong>, led by Vestfold Hospital Trust, brings together Telemark Hospital and
Drammen Municipality.</p>
<p>Sunnmøre Health has been consulted on integration but is not a project partner. It is not a KneeCare partner.</p>
<p>The company has joined the Oslo Cancer Cluster as a member.</p>
<p>The agreement behind the pilot was negotiated with support from Medtech Forum Norway.</p>
<p>The Swedish arm, led by Lund University, recruits patients.</p>
<p>KneeCare builds on the earlier study, which was funded by the Norwegian Cancer Society.</p>
</main></body></html>"""


def test_consulted_members_helpers_and_arms_are_not_partners(build):
    found = facts(build({"news.html": NEWS}))
    assert ("Vestfold Hospital Trust", "LEADS", "KneeCare") in found
    assert {("Telemark Hospital", "PARTNER_IN", "KneeCare"), ("Drammen Municipality", "PARTNER_IN", "KneeCare")} <= found
    for outsider in ("Sunnmøre Health", "Oslo Cancer Cluster", "Medtech Forum Norway", "Lund University"):
        assert not any(outsider in (s, t) and "KneeCare" in (s, t) for s, _, t in found), outsider
    assert ("KneeCare", "FUNDED_BY", "Norwegian Cancer Society") not in found
