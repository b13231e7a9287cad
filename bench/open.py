"""What opening a graph costs: the JSON, the snapshot beside it, and a cold ``nordgraph query``.

Usage::

    python bench/open.py [--sizes 10000,100000,300000] [--json]

For each size, builds ``bench.synthetic.make_graph`` (about five edges per node), writes it as the
store's JSON file (no snapshot) in a temporary folder, then measures, each step in a fresh child
process so that every figure is that step's own:

* **JSON read**: :func:`graph.jsonfile.read_graph` (parse, check, assemble);
* **snapshot write**: :func:`graph.snapshot.write_snapshot` of the graph the JSON gave;
* **first open**: :func:`graph.snapshot.load_graph` with the fresh snapshot just written, which
  hashes the JSON to check it (then records its stamp), decodes, links and ``gc.freeze`` s;
* **snapshot read**: the same, later, when the JSON's stamp is the one recorded (no hash), which
  is what every CLI call pays;
* **cold query**: ``nordgraph query 'MATCH (n) RETURN count(n)'`` from process start to its
  answer (the first line of output), and to its exit (freeing the graph takes the rest).

Wall seconds, CPU seconds (user + system: the machine may be shared, and CPU time is what the
step itself cost) and peak RSS (MB) for each; the files' sizes in MB. Targets (issue 13): open
100k nodes / 500k edges in under 1.5 s and 300k / 1.5M in under 4 s, under 500 MB at 100k, cold
query at 100k under 2 s.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench.*`` importable like ``-m`` does
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUERY = "MATCH (n) RETURN count(n)"
#: Runs a command in a child and prints as JSON the seconds to its first line of output and to its
#: exit, and the rusage of its children (the command alone).
MEASURE = ("import json, resource, subprocess, sys, time; started = time.perf_counter(); "
           "child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True); "
           "first = child.stdout.readline(); answered = time.perf_counter() - started; "
           "out, err = child.stdout.read(), child.stderr.read(); child.wait(); wall = time.perf_counter() - started; "
           "use = resource.getrusage(resource.RUSAGE_CHILDREN); "
           "print(json.dumps({'code': child.returncode, 'answered': answered, 'wall': wall, "
           "'cpu': use.ru_utime + use.ru_stime, 'peak_mb': use.ru_maxrss / 1024, 'out': first + out[-2000:], "
           "'err': err[-2000:]}))")


def _step(step: str, path: Path) -> None:
    """In a child: run one step on the graph file ``path``, print its own figures as JSON."""
    from nordgraph.graph import snapshot
    from nordgraph.graph.jsonfile import read_graph

    started, cpu = time.perf_counter(), time.process_time()
    if step == "json":
        kg = read_graph(path)
    elif step == "write":
        kg = read_graph(path)
        source = snapshot.Source.of_bytes(path.read_bytes())
        started, cpu = time.perf_counter(), time.process_time()
        snapshot.write_snapshot(kg, path, source)
    else:
        header = snapshot._header(snapshot.snapshot_path(path))
        with open(path, "rb") as handle:
            fresh = header is not None and header.source == snapshot.Source.of_file(handle)
        if not fresh or (step == "first") != (header.stamp == (0, 0, 0, 0)):
            raise SystemExit(f"no fresh snapshot beside {path}, or not one {step} opened")
        started, cpu = time.perf_counter(), time.process_time()
        kg = snapshot.load_graph(path)
    figures = {"wall": time.perf_counter() - started, "cpu": time.process_time() - cpu,
               "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
               "nodes": len(kg), "edges": kg.edge_count()}
    print(json.dumps(figures))


def _child(args: list[str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", MEASURE, *args], capture_output=True, text=True, check=True)
    measured = json.loads(done.stdout)
    if measured["code"] != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{measured['err']}")
    return measured


def measure(size: int, folder: Path) -> dict[str, Any]:
    """The figures of one size (see the module docstring)."""
    from bench.synthetic import make_graph
    from nordgraph.graph.jsonfile import write_graph
    from nordgraph.graph.snapshot import SETTLED_NS, snapshot_path

    path = folder / f"g{size}.json"
    write_graph(make_graph(size), path)
    steps = {}
    for step in ("json", "write", "first", "snapshot"):
        if step == "first":  # a stamp is recorded only once the JSON's last change has settled
            time.sleep(max(0.0, (path.stat().st_ctime_ns + SETTLED_NS - time.time_ns()) / 1e9))
        steps[step] = json.loads(_child([sys.executable, __file__, "--step", step, str(path)])["out"].strip())
    query = _child([sys.executable, "-m", "nordgraph", "--graph", str(path), "query", QUERY])
    if str(size) not in query["out"]:
        raise SystemExit(f"the cold query did not count {size} nodes:\n{query['out']}")
    return {"nodes": steps["json"]["nodes"], "edges": steps["json"]["edges"],
            "json_mb": path.stat().st_size / 2**20, "snapshot_mb": snapshot_path(path).stat().st_size / 2**20,
            **{f"{step}_{k}": v for step, figures in steps.items() for k, v in figures.items()
               if k in ("wall", "cpu", "peak_mb")},
            "query_answered": query["answered"], "query_wall": query["wall"], "query_cpu": query["cpu"],
            "query_peak_mb": query["peak_mb"]}


COLUMNS = (("nodes", "nodes", "{:,}"), ("edges", "edges", "{:,}"), ("json_mb", "JSON MB", "{:.0f}"),
           ("snapshot_mb", "snap MB", "{:.0f}"),
           ("json_wall", "JSON read s", "{:.2f}"), ("json_cpu", "cpu", "{:.2f}"), ("json_peak_mb", "MB", "{:.0f}"),
           ("write_wall", "snap write s", "{:.2f}"), ("write_cpu", "cpu", "{:.2f}"),
           ("first_cpu", "1st open cpu", "{:.2f}"),
           ("snapshot_wall", "snap read s", "{:.2f}"), ("snapshot_cpu", "cpu", "{:.2f}"),
           ("snapshot_peak_mb", "MB", "{:.0f}"),
           ("query_answered", "cold query: answer s", "{:.2f}"), ("query_wall", "exit s", "{:.2f}"),
           ("query_cpu", "cpu", "{:.2f}"), ("query_peak_mb", "MB", "{:.0f}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,300000", help="Comma-separated node counts.")
    parser.add_argument("--json", action="store_true", help="Print one JSON list.")
    parser.add_argument("--step", nargs=2, metavar=("STEP", "PATH"), help=argparse.SUPPRESS)  # the children
    args = parser.parse_args()
    if args.step:
        _step(args.step[0], Path(args.step[1]))
        return
    try:
        sizes = [int(s) for s in args.sizes.split(",")]
    except ValueError:
        parser.error(f"--sizes {args.sizes!r}: give node counts separated by commas")
    with tempfile.TemporaryDirectory() as folder:
        rows = []
        for size in sizes:
            rows.append(measure(size, Path(folder)))
            if not args.json:
                print(" | ".join(f"{title}: {fmt.format(rows[-1][key])}" for key, title, fmt in COLUMNS), flush=True)
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    print()
    print("| " + " | ".join(title for _, title, _ in COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for row in rows:
        print("| " + " | ".join(fmt.format(row[key]) for key, _, fmt in COLUMNS) + " |")


if __name__ == "__main__":
    main()
