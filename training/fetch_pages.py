"""Fill the git-ignored page cache from local snapshots of the annotated pages' repositories.

Usage::

    python -m training.fetch_pages [--mirrors DIR]

Every ``training/annotations/*/MANIFEST.tsv`` row names a file, a public repository, a commit
and a path. The page text is third-party and never committed: this script copies it, byte for
byte, into ``.cache/corpus/<set>/<file>`` with ``git show COMMIT:PATH`` from a bare snapshot
of the repository (default ``../.mirror/<owner>+<name>/repo``; bring one with ``git clone
--bare`` of the repository). Pages already cached are left alone; missing snapshots are
listed, and the exit status is 1 when any page could not be filled.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from training.corpus import ANNOTATIONS, CACHE, RESERVED_REPOSITORIES, ROOT, manifest_rows

MIRRORS = ROOT.parent / ".mirror"


def fill(mirrors: Path) -> list[str]:
    """Copy every uncached manifest page; returns one problem line per page that could not be."""
    problems = []
    reserved = {repo.lower() for repo in RESERVED_REPOSITORIES}
    for manifest in sorted(ANNOTATIONS.glob("*/MANIFEST.tsv")):
        target_dir = CACHE / manifest.parent.name
        for row in manifest_rows(manifest.parent):
            target = target_dir / row["file"]
            if target.exists():
                continue
            if row["repo"].lower() in reserved:
                problems.append(f"{row['file']}: {row['repo']} is kept for independent evaluation; not copied")
                continue
            git_dir = mirrors / row["repo"].replace("/", "+") / "repo"
            if not git_dir.exists():
                problems.append(f"{row['file']}: no snapshot of {row['repo']} at {git_dir}")
                continue
            shown = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{row['commit']}:{row['path']}"],
                                   capture_output=True, check=False)
            if shown.returncode != 0:
                problems.append(f"{row['file']}: {shown.stderr.decode(errors='replace').strip()}")
                continue
            target_dir.mkdir(parents=True, exist_ok=True)
            target.write_bytes(shown.stdout)
            print(f"cached {manifest.parent.name}/{row['file']}")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirrors", type=Path, default=MIRRORS, help="folder of <owner>+<name>/repo snapshots")
    args = parser.parse_args(argv)
    problems = fill(args.mirrors)
    for problem in problems:
        print(f"not cached: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
