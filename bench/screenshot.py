"""Regenerate ``docs/screenshot.png``: the seed corpus drawn by ``nordgraph viz``.

Usage::

    python bench/screenshot.py [--corpus /work/shared/corpus/seeds] [--output docs/screenshot.png]

Builds the graph from the corpus (``loaders.pipeline.build_graph``), writes the view with
``graph.viz.write_html`` and photographs it in headless Chromium with the network cut off
(``testkit.browser.offline_page``), at a size that keeps the PNG well under 200 KB.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable like ``-m`` does
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nordgraph.graph.viz import write_html
from nordgraph.loaders.pipeline import build_graph
from testkit.browser import offline_page

ROOT = Path(__file__).resolve().parent.parent
MAX_BYTES = 200_000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="/work/shared/corpus/seeds", help="documents to build the graph from")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "screenshot.png")
    args = parser.parse_args(argv)
    built = build_graph([args.corpus])
    with tempfile.TemporaryDirectory() as folder:
        page_path = Path(folder) / "seeds.html"
        summary = write_html(built.graph, page_path, title="Nordic health-tech seeds")
        with offline_page(page_path, width=1100, height=700) as (page, log):
            if log.requests or log.errors:
                raise SystemExit(f"the page misbehaved: requests {log.requests}, errors {log.errors}")
            args.output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.output))
    size = args.output.stat().st_size
    print(f"{args.output}: {summary.nodes} nodes, {summary.edges} relationships, {size // 1024} KiB")
    if size > MAX_BYTES:
        raise SystemExit(f"{args.output} is {size} bytes, over {MAX_BYTES}: make the viewport smaller")


if __name__ == "__main__":
    main()
