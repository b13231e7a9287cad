"""Every block of every reader points at its own text: ``doc.text[b.start:b.end] == b.text``.

Checked over generated documents of every format, the example set, and the seed corpus.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from nordgraph.loaders.document import Document
from nordgraph.loaders.pipeline import iter_files, read_file
from tests.conftest import require_shared
from tests.loaders.conftest import pdf_bytes

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
WORDS = ["Fjordvik", "Hospital", "leads", "the", "&amp;", "Tromsø", "Nordic", "partner", "“call”",
         "  ", "\t", "AS,", "2024", "<b>bold</b>", "*em*", "`code`", "[link](https://x.example)"]


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12)))


def _html(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 8)):
        shape = rng.choice(["p", "h2", "ul", "table", "dl", "div"])
        if shape == "ul":
            parts.append("<ul>" + "".join(f"<li>{_sentence(rng)}<ul><li>{_sentence(rng)}</li></ul></li>"
                                          for _ in range(2)) + "</ul>")
        elif shape == "table":
            parts.append(f"<table><tr><th>{_sentence(rng)}</th><th>x</th></tr>"
                         f"<tr><td>{_sentence(rng)}</td><td> </td></tr></table>")
        elif shape == "dl":
            parts.append(f"<dl><dt>{_sentence(rng)}</dt><dd>{_sentence(rng)}</dd><dd>{_sentence(rng)}</dd></dl>")
        else:
            parts.append(f"<{shape}>{_sentence(rng)}<br>{_sentence(rng)}</{shape}>")
    return "<html><body><main>" + "".join(parts) + "</main></body></html>"


def _markdown(rng: random.Random) -> str:
    parts = ["---\ntitle: Generated\n---"]
    for _ in range(rng.randint(1, 8)):
        shape = rng.choice(["p", "h", "list", "table", "setext"])
        if shape == "h":
            parts.append(f"{'#' * rng.randint(1, 6)} {_sentence(rng)}")
        elif shape == "setext":
            parts.append(f"x{_sentence(rng)}\n---")
        elif shape == "list":
            parts.append(f"- {_sentence(rng)}\n  - {_sentence(rng)}\n1. {_sentence(rng)}")
        elif shape == "table":
            parts.append(f"| a | b |\n|---|---|\n| {_sentence(rng)} | {_sentence(rng)} |")
        else:
            parts.append(f"{_sentence(rng)}\n{_sentence(rng)}")
    return "\n\n".join(parts) + "\n"


def _generated(tmp_path: Path, seed: int) -> list[Path]:
    rng = random.Random(seed)
    files = {
        f"g{seed}.html": _html(rng).encode("utf-8"),
        f"g{seed}.md": _markdown(rng).encode("utf-8"),
        f"g{seed}.txt": "\r\n".join(_sentence(rng) for _ in range(6)).encode("cp1252", "replace"),
        f"g{seed}.pdf": pdf_bytes([[_sentence(rng).replace("&amp;", "&").replace("“", '"').replace("”", '"')
                                    .replace("ø", "o") + " word" for _ in range(5)] for _ in range(2)]),
    }
    for name, raw in files.items():
        (tmp_path / name).write_bytes(raw)
    return [tmp_path / name for name in files]


def assert_spans(doc: Document) -> None:
    assert doc.blocks, doc.path
    for block in doc.blocks:
        assert doc.text[block.start:block.end] == block.text, (doc.path, block)
        assert block.text == block.text.strip() and block.text, (doc.path, block)
    starts = [b.start for b in doc.blocks]
    assert starts == sorted(starts), doc.path


@pytest.mark.parametrize("seed", range(25))
def test_spans_of_generated_documents(tmp_path: Path, seed: int) -> None:
    for path in _generated(tmp_path, seed):
        assert_spans(read_file(path, path.name))


@pytest.mark.parametrize("folder", [ROOT / "examples", SEEDS], ids=["examples", "seeds"])
def test_spans_of_real_files(folder: Path) -> None:
    if folder == SEEDS:
        require_shared()
    documents = [read_file(path, rel) for path, rel in iter_files([folder])]
    texts = [d for d in documents if isinstance(d, Document)]
    assert texts
    for doc in texts:
        assert_spans(doc)
