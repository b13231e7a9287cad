"""The extraction bench's corpus: varied copies of the seed pages, made at run time."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("bench_extract", ROOT / "bench" / "extract.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_the_corpus_varies_every_copy_of_a_seed(tmp_path: Path, shared: Path) -> None:
    seeds = sorted((bench.SHARED / "corpus" / "seeds").glob("*.txt"))
    size = bench.make_corpus(tmp_path, 4 * len(seeds), bench.SHARED / "corpus" / "seeds",
                             bench.SHARED / "gold" / "seeds", seed=3)
    texts = [p.read_text(encoding="utf-8") for p in sorted(tmp_path.iterdir())]
    assert len(texts) == 4 * len(seeds) and size == sum(len(t.encode("utf-8")) for t in texts)
    assert len(set(texts)) == len(texts)
    originals = {p.read_text(encoding="utf-8") for p in seeds}
    assert not originals & set(texts)


def test_countries_of_partner_lines_are_swapped_not_lost() -> None:
    import random

    text = "Intro\n\nDenmark: Alpha Health.\n\nNorway: Beta Care AS.\n\nSweden: Gamma AB.\n"
    swapped = {bench._swap_countries(text, random.Random(s), ["Denmark", "Norway", "Sweden"])
               for s in range(20)}
    assert len(swapped) > 1
    for variant in swapped:
        assert sorted(line.split(":")[0] for line in variant.splitlines() if ":" in line) == \
            ["Denmark", "Norway", "Sweden"]
