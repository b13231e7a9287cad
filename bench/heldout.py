"""Extraction quality on held-out documents the extractor was not built on.

Usage::

    python bench/heldout.py [--verbose] [--json] [--docs DIR] [--gold DIR]

Builds the graph of ``tests/fixtures/heldout/docs`` (HTML, Markdown and text pages of the genre,
written by the project; now training data of the shipped models, so this is a resubstitution
figure — ``python -m training.evaluate`` gives the cross-validated ones) with
:func:`loaders.pipeline.build_graph`, writes the export with :func:`graph.jsonfile.write_graph`
to a temporary file and scores it with the shared scorer (``../shared/tools/kgscore.py``, run as
a subprocess, exactly as a customer runs it) against ``tests/fixtures/heldout/gold``. Prints the
scorer's full report; ``--verbose`` adds its lists of misses and false finds, ``--json`` prints
its JSON result instead.

This is a measurement, not a test: the exit status is 0 whatever the score, 2 when the build or
the scorer cannot run. Documents the readers refused are reported on stderr, since a refused
document silently lowers recall.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from nordgraph.graph.errors import NordgraphError
from nordgraph.graph.jsonfile import write_graph
from nordgraph.loaders.pipeline import build_graph

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "fixtures" / "heldout"
SCORER = ROOT.parent / "shared" / "tools" / "kgscore.py"


def score_heldout(docs: Path, gold: Path, flags: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
    """Build ``docs``, export the graph and run the scorer on it with ``flags``; return its run.

    The export lives in a temporary folder that is removed afterwards, so nothing generated is
    left in the repository.
    """
    result = build_graph([docs])
    for skipped in result.skipped:
        print(f"skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="heldout-") as tmp:
        export = Path(tmp) / "heldout.json"
        write_graph(result.graph, export)
        return subprocess.run([sys.executable, str(SCORER), str(export), str(gold), *flags],
                              capture_output=True, text=True, check=False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list misses and false finds")
    parser.add_argument("--json", action="store_true", help="print the scorer's JSON result")
    parser.add_argument("--docs", type=Path, default=HELDOUT / "docs", help="documents to build")
    parser.add_argument("--gold", type=Path, default=HELDOUT / "gold", help="gold annotation folder")
    args = parser.parse_args(argv)
    for needed in (SCORER, args.docs, args.gold):
        if not needed.exists():
            print(f"Error: {needed} does not exist", file=sys.stderr)
            return 2
    flags = [flag for flag, on in (("--verbose", args.verbose), ("--json", args.json)) if on]
    try:
        run = score_heldout(args.docs, args.gold, flags)
    except NordgraphError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(run.stdout)
    # The scorer exits 1 when a --min-*-f1 bar is missed (none is passed here); anything else is
    # a failure to score.
    if run.returncode not in (0, 1):
        sys.stderr.write(run.stderr)
        print(f"Error: the scorer exited with status {run.returncode}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
