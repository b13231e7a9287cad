"""Data flows loaders → graph → queries → cli: nothing under ``graph/`` may import ``queries``,
``loaders`` or ``cli``, so the store and the view can be used (and tested) on their own."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import graph

#: Imports every module under ``graph/`` in a fresh interpreter, one at a time, and reports which
#: modules of the upper layers each one brought in.
PROBE = """
import importlib, json, pkgutil, sys
import graph
above = lambda: {m for m in sys.modules if m.split('.')[0] in ('queries', 'loaders', 'cli')}
found, seen = {}, set()
names = ['graph'] + [m.name for m in pkgutil.walk_packages(graph.__path__, 'graph.')]
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
    assert {"graph.lookup", "graph.projections", "graph.viz.select", "graph.viz.projection"} <= set(report["modules"])
    assert report["offenders"] == {}


def test_no_graph_source_names_the_layers_above_it_even_inside_a_function() -> None:
    offenders = []
    for path in sorted(Path(graph.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            offenders += [f"{path.name}:{node.lineno} {name}" for name in names
                          if name.split(".")[0] in ("queries", "loaders", "cli")]
    assert offenders == []
