"""Docs that cannot drift: every command has help, every reader and rule a docstring, and the
README's command examples run."""
from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from nordgraph.cli import main
from tests.conftest import EXAMPLES, REPO

#: README lines that need a Neo4j server (covered by tests/neo4j), open a browser, or serve until
#: stopped (``serve``: covered by tests/serve).
NEEDS_SERVER = re.compile(r"--store neo4j|\bpush\b|\bpull\b|NEO4J_|--open\b|^nordgraph serve\b")
#: README blocks that read the datasets kept in ../shared (run by tests/loaders/test_real_datasets.py).
NEEDS_SHARED = re.compile(r"\.\./shared/")


def all_commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((prefix + name, command))
        if isinstance(command, click.Group):
            found += all_commands(command, prefix + name + " ")
    return found


@pytest.mark.parametrize("name, command", all_commands(main), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_has_help(name: str, command: click.Command) -> None:
    assert command.help and len(command.help.strip()) > 20, name
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"{name} {param.opts[0]} has no help"


def test_every_reader_and_rule_says_what_it_does() -> None:
    import importlib

    from nordgraph.loaders.extract import rules
    from nordgraph.loaders.registry import readers

    for name, spec in readers().items():
        assert spec.read.__doc__ or importlib.import_module(spec.read.__module__).__doc__, f"reader {name}"
    registered = rules.all_rules()
    assert len(registered) > 10
    for rule in registered:
        assert rule.description, f"extraction rule {rule.name} has no docstring"


def readme_commands(shared: bool = False) -> list[str]:
    """The README's ``nordgraph`` lines that need no server: those of blocks reading ../shared, or the others."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        if bool(NEEDS_SHARED.search(block)) != shared:
            continue
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("nordgraph ") and not NEEDS_SERVER.search(line):
                lines.append(line)
    return lines


def test_readme_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    (tmp_path / "question.cypher").write_text("MATCH (c:Country) RETURN c.name ORDER BY c.name", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NORDGRAPH_GRAPH", raising=False)
    runner = CliRunner()
    built = runner.invoke(main, ["build", "examples"])  # the quickstart's graph, which the examples use
    assert built.exit_code == 0, built.output
    commands = readme_commands()
    assert len(commands) > 20
    for line in commands:
        args = shlex.split(line.replace("\\$", "$"), comments=True)[1:]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, f"{line}\n{result.output}"
