"""The wheel installs one import package, ``nordgraph``, and works beside distributions that own
the generic top-level names our folders have (PyPI's ``queries``, and a local one holding
``graph``, ``loaders`` and ``cli``: PyPI has no ``graph`` distribution to install)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LAYERS = ("graph", "loaders", "queries", "serve")


def test_pyproject_lists_every_folder_of_the_layers_as_a_package() -> None:
    """A new sub-folder missing from pyproject's explicit list would silently drop from the wheel."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = {"nordgraph"} | {
        "nordgraph." + ".".join(path.relative_to(REPO).parts)
        for layer in LAYERS for path in [REPO / layer, *(REPO / layer).rglob("*")]
        if path.is_dir() and path.name != "__pycache__"}
    assert set(config["packages"]) == folders
    assert config["package-dir"] == {"nordgraph": "."}


def _run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _source_copy(folder: Path) -> Path:
    """The checkout's own files (what git tracks or would), so that the wheel is built from them
    alone and setuptools' build folder lands outside the checkout."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, check=False)
    if listed.returncode != 0:
        pytest.skip("needs a git checkout to know the project's own files")
    for name in filter(None, listed.stdout.decode().split("\0")):
        if (REPO / name).is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, folder / name)
    return folder


def _clashing_distribution(folder: Path) -> Path:
    """A distribution whose top-level ``graph``, ``loaders`` and ``cli`` would have replaced ours."""
    folder.mkdir()
    (folder / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=68"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "clashing-names"\nversion = "1.0"\n'
        '[tool.setuptools]\npackages = ["graph", "loaders"]\npy-modules = ["cli"]\n', encoding="utf-8")
    for package in ("graph", "loaders"):
        (folder / package).mkdir()
        (folder / package / "__init__.py").write_text("OWNER = 'clashing-names'\n", encoding="utf-8")
    (folder / "cli.py").write_text("OWNER = 'clashing-names'\n", encoding="utf-8")
    return folder


def test_the_wheel_works_in_a_fresh_environment_beside_pypi_queries_and_other_clashing_names(
        tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", wheels, _source_copy(tmp_path / "src"),
         cwd=tmp_path)
    (wheel,) = wheels.glob("nordgraph-*.whl")
    top_level = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert {name for name in top_level if not name.endswith(".dist-info")} == {"nordgraph"}

    # A fresh environment; the dependencies (spaCy, its model...) come from this one through a
    # path entry, so the test needs no second download of them. Path entries do not run .pth
    # files, so this environment's editable nordgraph stays invisible there.
    fresh = tmp_path / "fresh"
    _run(sys.executable, "-m", "venv", "--without-pip", fresh, cwd=tmp_path)
    python = fresh / "bin" / "python"
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                     cwd=tmp_path).strip())
    borrowed = [entry for entry in sys.path if entry.endswith("site-packages")]
    (site / "borrowed-dependencies.pth").write_text("\n".join(borrowed) + "\n", encoding="utf-8")
    clash = _clashing_distribution(tmp_path / "clash")
    install = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps"]
    try:
        _run(*install, "queries==2.1.1", cwd=tmp_path)
    except AssertionError as error:
        pytest.skip(f"needs PyPI to install its 'queries' package ({str(error).splitlines()[-1]})")
    _run(*install, clash, wheel, cwd=tmp_path)

    # PyPI's queries needs psycopg2 to import; where it would import from is enough.
    owners = _run(python, "-c", "import importlib.util as u, graph, loaders, cli; "
                  "print(u.find_spec('queries').origin, graph.OWNER, loaders.OWNER, cli.OWNER)", cwd=tmp_path)
    assert owners.split()[0].startswith(str(site / "queries"))
    assert owners.split()[1:] == ["clashing-names"] * 3
    ours = _run(python, "-c", "import nordgraph.queries, nordgraph.cli; print(nordgraph.queries.__file__)", cwd=tmp_path)
    assert ours.startswith(str(site / "nordgraph" / "queries"))

    env = {**os.environ, "NORDGRAPH_CACHE": str(tmp_path / "cache")}
    nordgraph = fresh / "bin" / "nordgraph"
    _run(nordgraph, "build", REPO / "examples", "--graph", tmp_path / "g.json", cwd=tmp_path, env=env)
    answer = _run(nordgraph, "query", "--graph", tmp_path / "g.json", "--format", "json",
                  "MATCH (o:Organisation) RETURN count(o) AS organisations", cwd=tmp_path, env=env)
    assert '"organisations"' in answer and '"organisations": 0' not in answer
    _run(nordgraph, "viz", "--graph", tmp_path / "g.json", "--output", tmp_path / "view.html",
         cwd=tmp_path, env=env)
    assert "<html" in (tmp_path / "view.html").read_text(encoding="utf-8").lower()
