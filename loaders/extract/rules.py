"""The rule registry: extraction rules are registered by name, spaCy-style.

A rule is a function over a :class:`~loaders.extract.context.DocContext`. Its ``stage`` says
when it runs: ``prepare`` once before the blocks (to look ahead over the whole document),
``block`` once per block in document order (mentions first, then relations, in registration
order), ``finish`` once after the last block. A new rule is one decorated function in a
module that :mod:`loaders.extract` imports; nothing in the core changes.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from nordgraph.graph.errors import LoaderError

Stage = Literal["prepare", "block", "finish"]


@dataclass(frozen=True)
class Rule:
    name: str
    stage: Stage
    func: Callable[..., Any]
    #: Lower-case strings of which a block must contain one for the rule to read it (a cheap
    #: gate that keeps extraction fast); empty for rules that read every block.
    cues: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        return (self.func.__doc__ or "").strip().split("\n")[0]


_RULES: dict[str, Rule] = {}


def register(name: str, stage: Stage = "block",
             cues: tuple[str, ...] = ()) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register an extraction rule under ``name`` (its evidence carries this name); a block
    rule with ``cues`` reads only blocks that contain one of them (lower-case)."""
    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        if name in _RULES and _RULES[name].func is not func:
            raise LoaderError(f"extraction rule {name!r} is registered twice")
        _RULES[name] = Rule(name, stage, func, cues)
        return func
    return decorate


def get(name: str) -> Rule:
    try:
        return _RULES[name]
    except KeyError:
        raise LoaderError(f"no extraction rule {name!r}; known rules: {', '.join(sorted(_RULES))}") from None


def all_rules(stage: Stage | None = None) -> list[Rule]:
    """Registered rules in registration order, optionally of one stage."""
    return [r for r in _RULES.values() if stage is None or r.stage == stage]
