"""Hostile and large inputs to ``nordgraph build`` and ``nordgraph query``: time, peak memory
and outcome of each.

Usage::

    python bench/hostile.py [--only NAME ...] [--limit SECONDS] [--query-timeout SECONDS] [--json]

Each case is a file made at run time in a temporary folder (never in the repository), built
alone by a fresh ``nordgraph build --no-cache`` process with the default budgets, next to one
ordinary page that must still load. Printed per case: the input's size, wall-clock seconds,
the build process's CPU seconds (user and system: the steadier figure on a shared machine),
its peak resident memory (``ru_maxrss`` of a process that ran only that build),
and what became of the file: read, or skipped with the reason the build gave. A case still
running after ``--limit`` seconds (default 120) is stopped and reported as a hang.

The query cases run ``nordgraph query`` with the default bounds but ``--query-timeout`` (30 s
instead of 300) on a graph of 8,000 organisations each partner in two of 2,000 projects, where
an unbounded walk never ends: what they show is where each stops and how much memory it took.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ORGS = ("Oslo University Hospital", "Karolinska Institutet", "Aalto University", "NordForsk", "Region Skåne",
        "University of Bergen", "DTU Health Tech", "Helsinki University Hospital")
WORDS = ("the", "project", "partners", "with", "and", "data", "care", "research", "in", "for", "of", "health")
ORDINARY = "# CareBridge\n\nCareBridge is led by Oslo University Hospital with Aalto University.\n"

#: Runs one build in a child and prints that child's peak memory (each case's own high-water
#: mark) and CPU seconds.
MEASURE = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
           "used = resource.getrusage(resource.RUSAGE_CHILDREN); print(done.returncode); print(used.ru_maxrss); "
           "print(used.ru_utime + used.ru_stime); print(done.stderr[-4000:])")


def _prose(rng: random.Random, words: int, full_stops: bool) -> str:
    out = []
    for i in range(words):
        out.append(rng.choice(ORGS) if rng.random() < 0.05 else rng.choice(WORDS))
        if full_stops and i % 18 == 17:
            out[-1] += "."
    return " ".join(out)


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _bomb() -> str:
    levels = "abcdefghi"
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{b}: &{b} [{','.join(['*' + a] * 9)}]" for a, b in zip(levels, levels[1:])]
    return "---\n" + "\n".join(lines) + "\n---\n# Hello\n"


#: Queries that never end or build without bound on a large graph (issue 14, finding 3).
QUERIES = {
    "walk: count(p), 10k nodes": "MATCH p = (a)-[*]-(b) RETURN count(p)",
    "walk: collect(p), 10k nodes": "MATCH p = (a)-[*]-(b) RETURN collect(p)",
    "range(1, 10^9): collect": "UNWIND range(1, 1000000000) AS x RETURN collect(x)",
}


def _walk_graph(path: Path) -> Path:
    """8,000 organisations, each a partner in two of 2,000 projects (seeded): walks multiply."""
    from nordgraph import open_store
    from nordgraph.graph.model import KnowledgeGraph

    rng = random.Random(0)
    kg = KnowledgeGraph()
    projects = [kg.add_node("Project", f"Project {i}") for i in range(2000)]
    organisations = [kg.add_node("Organisation", f"Organisation {i}") for i in range(8000)]
    pairs = [(organisation, project) for organisation in organisations for project in rng.sample(projects, 2)]
    for organisation, project in pairs:
        kg.add_edge(organisation, "PARTNER_IN", project)
    open_store(path).replace(kg)
    return path


def cases(folder: Path) -> dict[str, Callable[[], Path]]:
    rng = random.Random(0)
    return {
        "200 KB one paragraph": lambda: _write(folder, "para.txt", _prose(rng, 200_000 // 6, True)[:200_000]),
        "200 KB, no full stop": lambda: _write(folder, "run.txt", _prose(rng, 200_000 // 6, False)[:200_000]),
        "5 MB one line": lambda: _write(folder, "line.txt", _prose(rng, 5_000_000 // 6, True)[:5_000_000]),
        "20k lines": lambda: _write(folder, "lines.txt", "\n".join(
            f"{i}. {rng.choice(ORGS)} joined in {rng.choice(('Norway', 'Sweden'))}." for i in range(20_000))),
        "10k logo alt texts": lambda: _write(folder, "logos.html", "<h2>Partners</h2>" + "".join(
            f'<img alt="{rng.choice(ORGS)} {i}" src="l{i}.png">' for i in range(10_000))),
        "200k-row Markdown table": lambda: _write(folder, "table.md", "| Partner | Country |\n|---|---|\n" + "".join(
            f"| {rng.choice(ORGS)} {i} | Norway |\n" for i in range(200_000))),
        "1M <p>": lambda: _write(folder, "paras.html", "<p>x</p>" * 1_000_000),
        "YAML alias bomb": lambda: _write(folder, "bomb.md", _bomb()),
        "FIFO": lambda: (os.mkfifo(folder / "fifo.txt"), folder / "fifo.txt")[1],
        "link to /dev/zero": lambda: ((folder / "zero.txt").symlink_to("/dev/zero"), folder / "zero.txt")[1],
    }


def measured(arguments: list[str], size: int, limit: float, outcome: Callable[[str, str], str]) -> dict[str, object]:
    """``nordgraph arguments`` run in a fresh measured process; ``outcome(exit code, stderr)`` says
    what became of the input."""
    command = [sys.executable, "-c", MEASURE, sys.executable, "-m", "nordgraph", *arguments]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {"bytes": size, "seconds": round(time.perf_counter() - started, 2), "cpu": None, "peak_mb": None,
                "outcome": f"hang: still running after {limit:g} s"}
    seconds = time.perf_counter() - started
    code, peak_kb, cpu, stderr = done.stdout.split("\n", 3)
    return {"bytes": size, "seconds": round(seconds, 2), "cpu": round(float(cpu), 2), "peak_mb": round(int(peak_kb) / 1024),
            "outcome": outcome(code, stderr)}


def run_case(path: Path, ordinary: Path, graph: Path, limit: float) -> dict[str, object]:
    size = path.lstat().st_size if path.is_symlink() or not path.is_file() else path.stat().st_size

    def outcome(code: str, stderr: str) -> str:
        skipped = [line.strip() for line in stderr.splitlines() if line.strip().startswith(f"skipped {path}")]
        return (skipped[0].split(": ", 1)[1] if skipped else
                "read" if code in ("0", "3") else f"failed (exit {code}): {stderr.strip().splitlines()[-1:]}")

    return measured(["build", str(path), str(ordinary), "--graph", str(graph), "--no-cache"], size, limit, outcome)


def run_query(text: str, graph: Path, timeout: float, limit: float) -> dict[str, object]:
    def outcome(code: str, stderr: str) -> str:
        errors = [line for line in stderr.splitlines() if line.startswith("Error: ")]
        return "rows" if code == "0" else errors[-1] if errors else f"failed (exit {code}): {stderr.strip()[-200:]}"

    return measured(["query", text, "--graph", str(graph), "--timeout", f"{timeout:g}"], 0, limit, outcome)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="Run only the cases whose names contain these words.")
    parser.add_argument("--limit", type=float, default=120, help="Seconds before a case counts as a hang.")
    parser.add_argument("--query-timeout", type=float, default=30, help="The query cases' --timeout.")
    parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
    args = parser.parse_args()
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ordinary = _write(folder, "ordinary.md", ORDINARY)
        for name, make in cases(folder).items():
            if args.only and not any(word.lower() in name.lower() for word in args.only):
                continue
            print(f"... {name}", file=sys.stderr, flush=True)
            results[name] = run_case(make(), ordinary, folder / "graph.json", args.limit)
        chosen = [name for name in QUERIES if not args.only or any(w.lower() in name.lower() for w in args.only)]
        walks = _walk_graph(folder / "walks.json") if chosen else None
        for name in chosen:
            print(f"... {name}", file=sys.stderr, flush=True)
            results[name] = run_query(QUERIES[name], walks, args.query_timeout, args.limit)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'case':<26} {'size':>10} {'seconds':>8} {'cpu s':>8} {'peak MB':>8}  outcome")
    for name, row in results.items():
        size = f"{int(row['bytes']) / 1024:,.0f} KB" if row["bytes"] else "-"
        print(f"{name:<26} {size:>10} {row['seconds']:>8} {row['cpu'] or '-':>8} {row['peak_mb'] or '-':>8}  {row['outcome']}")


if __name__ == "__main__":
    main()
