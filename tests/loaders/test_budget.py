"""A file over its budget, or one that is not a regular file, is named and skipped; the rest loads."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from nordgraph.cli import main
from nordgraph.loaders.budget import Budget, parse_reach
from nordgraph.loaders.document import Block
from nordgraph.loaders.pipeline import build_graph

GOOD = "CareBridge is led by Oslo University Hospital.\n"


def _reasons(result) -> dict[str, str]:
    return {Path(s.path).name: s.reason for s in result.skipped}


def test_fifos_and_devices_are_named_and_skipped_without_hanging(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    result = build_graph([tmp_path], rules_only=True, cache=None)
    reasons = _reasons(result)
    assert reasons["pipe.txt"].startswith("a FIFO, not a regular file")
    assert reasons["zero.txt"].startswith("a device, not a regular file")
    assert [Path(p).name for p in result.read] == ["good.txt"]


def test_a_file_over_the_size_budget_is_skipped_with_the_option_that_raises_it(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "big.txt").write_text(GOOD * 1000, encoding="utf-8")
    result = build_graph([tmp_path], rules_only=True, cache=None, budget=Budget(max_bytes=10_000))
    assert "over the 0.0 MB limit per file (raise it with --max-file-mb)" in _reasons(result)["big.txt"]
    assert [Path(p).name for p in result.read] == ["good.txt"]


def test_a_file_over_the_time_budget_is_skipped_and_the_next_one_still_reads(tmp_path: Path) -> None:
    (tmp_path / "a-slow.txt").write_text(GOOD * 3000, encoding="utf-8")
    (tmp_path / "b-good.txt").write_text(GOOD, encoding="utf-8")
    result = build_graph([tmp_path], rules_only=True, cache=None, budget=Budget(seconds=0.05))
    assert _reasons(result) == {"a-slow.txt": "reading took over 0.05 s, the time allowed per file "
                                              "(raise it with --doc-timeout)"}
    assert [Path(p).name for p in result.read] == ["b-good.txt"] and result.graph.counts()["nodes"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_cli_names_budget_skips_and_exits_3(tmp_path: Path, jobs: str) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "big.txt").write_text(GOOD * 30_000, encoding="utf-8")
    done = CliRunner().invoke(main, ["build", str(tmp_path), "--graph", str(tmp_path / "g.json"), "--no-cache",
                                     "--max-file-mb", "1", "-j", jobs])
    assert done.exit_code == 3, done.output
    assert "skipped" in done.output and "over the 1.0 MB limit per file" in done.output
    assert (tmp_path / "g.json").exists()


def test_words_over_the_parse_budget_are_read_without_the_parser_and_the_build_says_so(tmp_path: Path) -> None:
    lines = [f"Partner {i}: Oslo University Hospital joined CareBridge in Norway." for i in range(200)]
    (tmp_path / "long.txt").write_text("\n\n".join(lines), encoding="utf-8")
    full = build_graph([tmp_path], cache=None, budget=Budget(parse_words=None))
    cut = build_graph([tmp_path], cache=None, budget=Budget(parse_words=300))
    assert not full.warnings and "unparsed_words" not in next(iter(full.graph.documents.values()))
    (summary,) = cut.graph.documents.values()
    assert 1500 <= summary["unparsed_words"] < 1800  # 9 words a line, the first 300 parsed
    assert cut.warnings == [f"{tmp_path / 'long.txt'}: the parser read its first 300 words and left "
                            f"{summary['unparsed_words']:,} to the rules (raise it with --parse-words)"]
    names = lambda result: {result.graph.name(key) for key in result.graph.nodes()}  # noqa: E731
    assert "Oslo University Hospital" in names(cut) and names(cut) & names(full)


def test_a_paragraph_over_its_parse_budget_is_read_by_the_parser_in_part_and_the_build_says_so(
        tmp_path: Path) -> None:
    paragraph = " ".join(f"In year {i} Oslo University Hospital worked with Aalto University." for i in range(1500))
    after = "CareBridge is led by Karolinska Institutet with Aalto University."
    (tmp_path / "dump.txt").write_text(paragraph + "\n\n" + after, encoding="utf-8")
    cut = build_graph([tmp_path], cache=None, budget=Budget(paragraph_words=2000))
    (summary,) = cut.graph.documents.values()
    assert summary["cut_paragraphs"] == 1 and "unparsed_words" not in summary
    assert 15_000 - 2000 <= summary["unparsed_paragraph_words"] < 15_000  # 10 words a sentence
    assert cut.warnings == [f"{tmp_path / 'dump.txt'}: 1 paragraph(s) over 2,000 words: the parser read at most "
                            f"2,000 words of each and left {summary['unparsed_paragraph_words']:,} to the rules "
                            f"(raise it with --paragraph-words)"]
    names = {cut.graph.name(key) for key in cut.graph.nodes()}
    assert {"Oslo University Hospital", "Karolinska Institutet"} <= names  # the paragraph after is parsed
    whole = build_graph([tmp_path], cache=None, budget=Budget(paragraph_words=None))
    assert not whole.warnings and "cut_paragraphs" not in next(iter(whole.graph.documents.values()))


def test_the_parser_reads_a_cut_paragraph_up_to_its_budget_and_what_follows_up_to_the_documents() -> None:
    words = lambda n, piece=0: Block(kind="paragraph", text="w " * n, start=0, end=0, piece=piece)  # noqa: E731
    blocks = [words(40, 1), words(40, 2), words(5, 3), words(30), words(50), words(10, 1), words(10)]
    reach = parse_reach(blocks, range(len(blocks)), words=100, paragraph_words=60)
    # the short third piece is after the cut: a paragraph is read from its start, not in holes
    assert reach.blocks == [0, 3] and reach.cut_paragraphs == 1 and reach.unparsed_paragraph_words == 45
    assert reach.unparsed_words == 70  # 40 + 30 = 70 read; 50 would pass 100, and so every later block
    assert parse_reach(blocks, range(len(blocks)), None, None).blocks == list(range(len(blocks)))
