"""How every benchmark prints its figures: aligned ``name  value`` lines, or JSON for scripts."""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def print_figures(figures: Mapping[str, Any], as_json: bool = False) -> None:
    """Print ``figures`` one per line (names aligned), or as one JSON object."""
    if as_json:
        print(json.dumps(dict(figures), indent=2))
        return
    width = max(map(len, figures), default=0)
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")
