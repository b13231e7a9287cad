"""Garbled and odd input: extraction never fails, and every quote still occurs verbatim."""
from __future__ import annotations

import random
import string
from pathlib import Path

from nordgraph.graph.model import KnowledgeGraph
from nordgraph.loaders.document import Document, TextBuilder
from nordgraph.loaders.extract import extract_into
from nordgraph.loaders.readers.text import line_blocks

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"
ALPHABET = string.ascii_letters + "ÆØÅæøåÄÖäöÍíðþ ()[]:;,.-–—“”\"'’|/&*#\n\t0123456789"
SAMPLE = ("Denmark: Region Syd (project manager), Welfare Tech. The project is led by Oslo Medtech together with "
          "Karolinska Institutet. Partners: NTNU (Norway), Aalto University. Funded by NordForsk under the X call.")


def _documents(rng: random.Random) -> list[Document]:
    sources = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] or [SAMPLE]
    docs = []
    for i in range(60):
        if i % 3 == 0:
            text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 1500)))
        elif i % 3 == 1:
            lines = rng.choice(sources).split("\n")
            rng.shuffle(lines)
            text = "".join(c if rng.random() > 0.03 else rng.choice(ALPHABET) for c in "\n".join(lines))
        else:
            builder = TextBuilder()
            words = rng.choice(sources).split()
            for _ in range(rng.randint(1, 20)):
                builder.add(rng.choice(["heading", "paragraph", "list_item"]),
                            " ".join(rng.choice(words) for _ in range(rng.randint(1, 30))), level=1)
                cells = [rng.choice(["Partner", "Country", "Role", "Project", "Norway", "Lead", "X AS", ""])
                         for _ in range(rng.randint(1, 5))]
                builder.add_row(cells, rng.choice([[], cells, ["Partner", "Country", "Role"]]))
            docs.append(Document(f"g{i}", "g.html", "html", builder.text, builder.blocks))
            continue
        docs.append(Document(f"d{i}", "d.txt", "text", text, line_blocks(text)))
    return docs


def test_garbled_documents_extract_without_error_and_quote_verbatim():
    docs = _documents(random.Random(7))
    kg = KnowledgeGraph()
    extract_into(kg, docs)
    texts = {d.id: d.text for d in docs}
    for key in kg.nodes():
        for ev in kg.props(key)["evidence"]:
            assert texts[ev["doc"]][ev["start"]:ev["end"]] == ev["quote"]
    for _, _, key, data in kg.edges():
        for ev in data["props"]["evidence"]:
            assert texts[ev["doc"]][ev["start"]:ev["end"]] == ev["quote"], key


def test_empty_and_blockless_documents():
    kg = KnowledgeGraph()
    extract_into(kg, [Document("e", "e.txt", "text", "", []), Document("b", "b.txt", "text", "Norway", [])])
    assert len(kg) == 0
