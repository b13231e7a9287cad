"""Data flows loaders → graph → queries → cli: nothing under ``graph/`` may import ``queries``,
``loaders`` or ``cli``, so the store and the view can be used (and tested) on their own. And every
module names the layers by their one import package, ``nordgraph``: the repository's top-level
folders are never imported as top-level names of their own (they would clash with PyPI's
``graph`` and ``queries``)."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from nordgraph import graph

#: Imports every module under ``graph/`` in a fresh interpreter, one at a time, and reports which
#: modules of the upper layers each one brought in.
PROBE = """
import importlib, json, pkgutil, sys
import nordgraph.graph as graph
above = lambda: {m for m in sys.modules if m.split('.')[:2] in (['nordgraph', 'queries'], ['nordgraph', 'loaders'], ['nordgraph', 'cli'])}
found, seen = {}, set()
names = ['nordgraph.graph'] + [m.name for m in pkgutil.walk_packages(graph.__path__, 'nordgraph.graph.')]
for name in names:
    importlib.import_module(name)
    new = above() - seen
    if new:
        found[name] = sorted(new)
        seen |= new
print(json.dumps({"modules": names, "offenders": found}))
"""


def test_no_graph_module_imports_the_layers_above_it() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {"nordgraph.graph.lookup", "nordgraph.graph.projections", "nordgraph.graph.viz.select", "nordgraph.graph.viz.projection"} <= set(report["modules"])
    assert report["offenders"] == {}


def test_no_graph_source_names_the_layers_above_it_even_inside_a_function() -> None:
    offenders = []
    for path in sorted(Path(graph.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            offenders += [f"{path.name}:{node.lineno} {name}" for name in names
                          if name.split(".")[:2] in (["nordgraph", "queries"], ["nordgraph", "loaders"],
                                                     ["nordgraph", "cli"])]
    assert offenders == []


def test_no_source_imports_a_layer_as_a_top_level_name() -> None:
    repo = Path(graph.__file__).parent.parent
    sources = [path for folder in ("graph", "loaders", "queries", "tests", "training", "bench", "testkit")
               for path in (repo / folder).rglob("*.py")] + [repo / "cli.py", repo / "__init__.py"]
    offenders = []
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            offenders += [f"{path.relative_to(repo)}:{node.lineno} {name}" for name in names
                          if name.split(".")[0] in ("graph", "queries", "loaders", "cli")]
    assert offenders == []
