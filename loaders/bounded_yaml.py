"""YAML read with its aliases' expansion bounded.

An alias (``*a``) repeats a node without copying it, so nine lines can stand for a billion values
("billion laughs"): PyYAML reads them in no time, and the first walk over the result (flattening
front matter, writing JSON) never ends. The composed node graph shares the repeated nodes, so
its expanded size can be counted once per distinct node before anything walks it.
"""
from __future__ import annotations

from typing import Any

import yaml

#: More values than any front matter or curation file has; far fewer than a bomb expands to.
MAX_EXPANDED_NODES = 100_000


class YAMLTooLarge(yaml.YAMLError):
    """The document's aliases expand to more values than allowed."""

    def __init__(self) -> None:
        super().__init__()
        self.problem = f"its aliases expand to over {MAX_EXPANDED_NODES:,} values"

    def __str__(self) -> str:
        return self.problem


class InvalidYAML(ValueError):
    """Text that is not YAML, or too large once expanded: the problem and its 1-based line, if known."""

    def __init__(self, problem: str, line: int | None) -> None:
        super().__init__(problem)
        self.problem, self.line = problem, line

    def located(self, source: str, offset: int = 0) -> str:
        """``source:LINE: not valid YAML: problem``; ``offset`` lines come before the YAML in ``source``."""
        where = f":{self.line + offset}" if self.line is not None else ""
        return f"{source}{where}: not valid YAML: {self.problem}"


def load(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree of ``text`` (for the lines of its parts) and its Python values, the aliases'
    expansion bounded; :class:`InvalidYAML` otherwise."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        if root is not None and _expanded_size(root, {}) > MAX_EXPANDED_NODES:
            raise YAMLTooLarge()
        return root, None if root is None else yaml.SafeLoader(text).construct_document(root)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InvalidYAML(getattr(exc, "problem", None) or str(exc), mark.line + 1 if mark else None) from exc


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` with the expansion bounded (:class:`InvalidYAML` if it is not YAML)."""
    return load(text)[1]


def _expanded_size(node: yaml.Node, seen: dict[int, int]) -> int:
    """Values under ``node`` with every alias expanded, counted once per distinct node."""
    known = seen.get(id(node))
    if known is not None:
        return known
    seen[id(node)] = 1  # a node reached again through itself (a recursive alias) counts once
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, seen) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(key, seen) + _expanded_size(value, seen) for key, value in node.value)
    seen[id(node)] = size = min(size, MAX_EXPANDED_NODES + 1)
    return size
