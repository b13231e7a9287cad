"""An analyst's decisions about the graph, kept in a YAML file and re-applied on every build.

Extraction is rebuilt from the documents each time, so a correction made by editing the graph
would be lost at the next build. Instead the analyst writes each decision into an *overrides
file* (by hand or with ``nordgraph curate ...``), and the build applies the file, top to
bottom, after extraction. The default file is ``<graph name>.overrides.yaml`` beside the graph
file (:func:`default_overrides_path`).

The file is a YAML list; each entry is a mapping with one operation key. An entity is named by
its id, its name or one of its aliases (case- and accent-insensitive, see
:meth:`graph.model.KnowledgeGraph.find`), either as a plain string or as ``{name: ..., label:
...}`` when the label is needed to tell two entities apart. Every entry may carry a ``note``
saying why; ``add`` requires one, because it is the fact's only evidence.

.. code-block:: yaml

    # These are one organisation: keep the first, show it under a canonical name.
    - merge: [Medtek Norway, Medtek Norge, "organisation:medtek-norway-as"]
      name: Medtek Norway
      label: Organisation            # optional: only consider nodes with this label
      note: Same org.nr. 984 393 234
    # NHG was wrongly folded into Nordic Healthcare Group: these aliases are another entity.
    - split: Nordic Healthcare Group
      aliases: [NHG Oy, NHG Finland]
      name: NHG Oy                   # optional: the new node's name (default: first alias)
      new_label: Organisation        # optional: the new node's label (default: the same)
    - rename: HUS
      to: Helsinki University Hospital   # the old name stays an alias
    - retype: {name: Tekes, label: Organisation}
      to: Programme
    - drop: [Medtek Norway, LEADS, Nordic Medtech Growth 2]      # a fact: source, type, target
    - drop: {name: Microscopes, label: Organisation}             # an entity and its facts
    - add: [Oslo Medtech, PARTNER_IN, {name: NMG3, label: Project}]
      note: Listed as partner in the 2019 annual report, p. 12.
    - distinct: [Region Skåne, Region Syd-Danmark]   # not duplicates: review stops proposing them

``split`` moves to the new node the evidence whose quote mentions one of the listed aliases
(evidence that also mentions a name the old node keeps stays on both), and the edges all of
whose evidence mentions them. ``add`` creates missing entities when their label is given; its
evidence has rule ``curation``, confidence 1.0, the note as quote and the file name as
document.

An entry that names nothing in the graph does not stop the build (the documents may have
changed since it was written): :func:`apply_overrides` returns it as a warning. A malformed
file, or an entry that is malformed in itself, raises :class:`~graph.errors.CurationError`
naming the file, line and entry.

The ``record_*`` functions append one decision to the file as text, so the analyst's layout
and comments are kept; the new entry is validated, and the whole file re-read, before the file
is replaced.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nordgraph.graph.errors import CurationError
from nordgraph.graph.jsonfile import atomic_write_text
from nordgraph.graph.locking import write_lock
from nordgraph.graph.model import NODE_LABELS, RELATION_TYPES, Evidence, KnowledgeGraph, edge_id, lookup_key, node_id
from nordgraph.graph.store import GraphStore
from nordgraph.loaders import bounded_yaml

__all__ = [
    "OPERATIONS",
    "OVERRIDES_SUFFIX",
    "Decision",
    "Recorded",
    "Ref",
    "apply_decisions",
    "apply_overrides",
    "default_overrides_path",
    "distinct_pairs",
    "load_overrides",
    "parse_overrides",
    "record",
    "record_add",
    "record_and_apply",
    "record_distinct",
    "record_drop",
    "record_merge",
    "record_rename",
    "record_retype",
    "record_split",
]

OVERRIDES_SUFFIX = ".overrides.yaml"
OPERATIONS = ("merge", "split", "rename", "retype", "drop", "add", "distinct")
CURATION_RULE = "curation"
_HEADER = (
    "# nordgraph overrides: an analyst's decisions, re-applied in order on every build.\n"
    "# Edit by hand or with `nordgraph curate ...`; the format is documented in\n"
    "# loaders/curation.py.\n"
)


@dataclass(frozen=True)
class Ref:
    """An entity named by id, name or alias, optionally restricted to one label."""

    name: str
    label: str | None = None

    def __str__(self) -> str:
        return f"{self.label}:{self.name!r}" if self.label else repr(self.name)

    def to_yaml(self) -> str | dict[str, str]:
        return {"name": self.name, "label": self.label} if self.label else self.name


@dataclass(frozen=True)
class Decision:
    """One validated entry of the overrides file.

    ``refs`` are the entities it names (for a fact: source and target); ``rel_type`` is set
    for facts; ``options`` holds the operation's other keys (``name``, ``to``, ``aliases``...).
    """

    op: str
    refs: tuple[Ref, ...]
    rel_type: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    where: str = ""

    @property
    def is_fact(self) -> bool:
        return self.rel_type is not None


# -- reading and validating ------------------------------------------------------------------
_ALLOWED_KEYS = {
    "merge": {"name", "label", "note"},
    "split": {"aliases", "name", "label", "new_label", "note"},
    "rename": {"to", "label", "note"},
    "retype": {"to", "label", "note"},
    "drop": {"label", "note"},
    "add": {"note"},
    "distinct": {"label", "note"},
}
_REQUIRED_KEYS = {"split": {"aliases"}, "rename": {"to"}, "retype": {"to"}, "add": {"note"}}


def default_overrides_path(graph_path: str | os.PathLike[str]) -> Path:
    """``<graph name>.overrides.yaml`` beside the graph file (``nordgraph.overrides.yaml`` for
    the default ``nordgraph.json``), so two graphs in one folder keep their own decisions."""
    graph_path = Path(graph_path).resolve()
    return graph_path.with_name(f"{graph_path.stem}{OVERRIDES_SUFFIX}")


def load_overrides(path: str | os.PathLike[str]) -> list[Decision]:
    """Read and validate an overrides file; :class:`CurationError` if it is missing or malformed."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CurationError(f"cannot read overrides file {path}: {exc}") from exc
    return parse_overrides(text, path.name)


def parse_overrides(text: str, source: str = "<overrides>") -> list[Decision]:
    """Validate the text of an overrides file into decisions, in file order."""
    try:
        root, data = bounded_yaml.load(text)
    except bounded_yaml.InvalidYAML as exc:
        raise CurationError(exc.located(source)) from exc
    if data is None:
        return []
    if not isinstance(data, list) or not isinstance(root, yaml.SequenceNode):
        raise CurationError(f"{source}:1: the overrides file must be a YAML list of decisions "
                            f"(each line starting with '- '), not a {type(data).__name__}")
    return [_decision(entry, f"{source}:{node.start_mark.line + 1}: entry {number}")
            for number, (entry, node) in enumerate(zip(data, root.value), start=1)]


def _decision(entry: Any, where: str) -> Decision:
    if not isinstance(entry, dict):
        raise CurationError(f"{where}: expected a mapping such as '- merge: [A, B]', got {entry!r}")
    ops = [key for key in entry if key in OPERATIONS]
    if len(ops) != 1:
        found = ", ".join(map(str, entry)) or "nothing"
        raise CurationError(f"{where}: needs exactly one operation ({', '.join(OPERATIONS)}); "
                            f"found {found}")
    op = ops[0]
    where = f"{where} ({op})"
    options = {k: v for k, v in entry.items() if k != op}
    unknown = sorted(set(map(str, options)) - _ALLOWED_KEYS[op])
    if unknown:
        raise CurationError(f"{where}: unknown key {', '.join(unknown)}; "
                            f"allowed: {', '.join(sorted(_ALLOWED_KEYS[op]))}")
    missing = sorted(_REQUIRED_KEYS.get(op, set()) - set(options))
    if missing:
        raise CurationError(f"{where}: missing {', '.join(missing)}")
    for key in ("name", "to", "note"):
        if key in options and not _text(options[key]):
            raise CurationError(f"{where}: {key} must be non-empty text, got {options[key]!r}")
    for key in ("label", "new_label"):
        if key in options:
            _check_label(options[key], where, key)
    if op == "retype":
        _check_label(options["to"], where, "to")
    if op == "split":
        aliases = options["aliases"]
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not aliases or not all(_text(a) for a in aliases):
            raise CurationError(f"{where}: aliases must be a non-empty list of names")
        options["aliases"] = [str(a).strip() for a in aliases]
    value = entry[op]
    default_label = options.get("label")
    if op in ("merge", "distinct"):
        if not isinstance(value, list) or len(value) < 2:
            raise CurationError(f"{where}: expects a list of at least two entities, got {value!r}")
        refs = tuple(_ref(v, where, default_label) for v in value)
        return Decision(op, refs, options=options, where=where)
    if op in ("drop", "add") and (isinstance(value, list) or op == "add"):
        if not isinstance(value, list) or len(value) != 3:
            raise CurationError(f"{where}: a fact is [source, TYPE, target], got {value!r}")
        source, rel_type, target = value
        if rel_type not in RELATION_TYPES:
            raise CurationError(f"{where}: unknown relation type {rel_type!r}; "
                                f"known: {', '.join(RELATION_TYPES)}")
        if "label" in options:
            raise CurationError(f"{where}: give each end of a fact its own label: "
                                "{name: ..., label: ...}")
        refs = (_ref(source, where, None), _ref(target, where, None))
        return Decision(op, refs, rel_type=rel_type, options=options, where=where)
    return Decision(op, (_ref(value, where, default_label),), options=options, where=where)


def _ref(value: Any, where: str, label: str | None) -> Ref:
    if isinstance(value, dict):
        unknown = set(value) - {"name", "label"}
        if unknown or not _text(value.get("name")):
            raise CurationError(f"{where}: an entity is a name or {{name: ..., label: ...}}, "
                                f"got {value!r}")
        label = value.get("label", label)
        value = value["name"]
    if not _text(value):
        raise CurationError(f"{where}: an entity must be a non-empty name or id, got {value!r}")
    if label is not None:
        _check_label(label, where, "label")
    return Ref(str(value).strip(), label)


def _text(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) and bool(str(value).strip())


def _check_label(label: Any, where: str, key: str) -> None:
    if label not in NODE_LABELS:
        raise CurationError(f"{where}: {key} {label!r} is not a node label; "
                            f"known: {', '.join(NODE_LABELS)}")


# -- applying ----------------------------------------------------------------------------------
def apply_overrides(kg: KnowledgeGraph, path: str | os.PathLike[str]) -> list[str]:
    """Apply every decision of the overrides file at ``path`` to ``kg``, in order.

    Returns one warning per decision that could not be applied because the graph does not
    (any longer) contain what it names; raises :class:`CurationError` if the file is missing
    or malformed, before changing anything.
    """
    return apply_decisions(kg, load_overrides(path), Path(path).name)


def apply_decisions(kg: KnowledgeGraph, decisions: Iterable[Decision], source: str) -> list[str]:
    """Apply validated decisions; ``source`` names the file in the evidence ``add`` creates."""
    decisions = list(decisions)
    if not decisions:
        return []
    warnings: list[str] = []
    names = _Names(kg)
    for decision in decisions:
        try:
            partial = _APPLY[decision.op](names, decision, source)
        except _NotApplied as exc:
            warnings.append(f"{decision.where}: {exc}; skipped")
        else:
            warnings.extend(f"{decision.where}: {problem}" for problem in partial or ())
    return warnings


class _NotApplied(Exception):
    """A decision names something the graph does not contain."""


class _Names:
    """Nodes by id, name or alias, as :meth:`KnowledgeGraph.find` gives them, from an index.

    ``find`` scans every node; a file of many decisions on a large graph would scan it many
    times. Each operation calls :meth:`refresh` with the nodes it changed, created or removed.
    """

    def __init__(self, kg: KnowledgeGraph):
        self.kg = kg
        self._nodes: dict[str, set[str]] = defaultdict(set)  # folded name -> node keys
        self._names: dict[str, set[str]] = {}  # node key -> its folded names
        self.refresh(*kg.nodes())

    def refresh(self, *keys: str) -> None:
        for key in keys:
            for folded in self._names.pop(key, ()):
                self._nodes[folded].discard(key)
            if key in self.kg:
                props = self.kg.props(key)
                names = [key, props.get("name", ""), *props.get("aliases", [])]
                self._names[key] = {lookup_key(str(n)) for n in names}
                for folded in self._names[key]:
                    self._nodes[folded].add(key)

    def find(self, ref: Ref) -> list[str]:
        return sorted(key for key in self._nodes.get(lookup_key(ref.name), ())
                      if ref.label is None or ref.label in self.kg.node(key)["labels"])


def _resolve(names: _Names, ref: Ref) -> str:
    found = names.find(ref)
    if len(found) == 1:
        return found[0]
    if not found:
        raise _NotApplied(f"{ref} matches nothing in the graph")
    raise _NotApplied(f"{ref} is ambiguous ({', '.join(sorted(found))}); name it by id or "
                      "give {name: ..., label: ...}")


def _resolve_some(names: _Names, refs: Iterable[Ref]) -> tuple[list[str], list[str]]:
    """The distinct nodes ``refs`` name, and a problem for each one that names none."""
    keys: list[str] = []
    problems: list[str] = []
    for ref in refs:
        try:
            key = _resolve(names, ref)
        except _NotApplied as exc:
            problems.append(str(exc))
        else:
            if key not in keys:
                keys.append(key)
    return keys, problems


def _apply_merge(names: _Names, decision: Decision, source: str) -> list[str]:
    """Merge what can be found; the entities no longer found are reported, not fatal."""
    kg = names.kg
    keys, problems = _resolve_some(names, decision.refs)
    if not keys or (len(keys) == 1 and problems):
        raise _NotApplied("; ".join(problems) + ": nothing to merge")
    for key in keys[1:]:
        kg.merge_nodes(keys[0], key)
    if "name" in decision.options:
        _rename(kg, keys[0], str(decision.options["name"]).strip())
    names.refresh(*keys)
    return [f"{problem}; merged the others" for problem in problems]


def _apply_rename(names: _Names, decision: Decision, source: str) -> None:
    key = _resolve(names, decision.refs[0])
    _rename(names.kg, key, str(decision.options["to"]).strip())
    names.refresh(key)


def _rename(kg: KnowledgeGraph, key: str, name: str) -> None:
    props = kg.props(key)
    old = props.get("name")
    if old == name:
        return
    aliases = [a for a in props.get("aliases", []) if a != name]
    if old and old not in aliases:
        aliases.append(old)
    props["name"], props["aliases"] = name, aliases
    kg.touch()


def _apply_retype(names: _Names, decision: Decision, source: str) -> None:
    key = _resolve(names, decision.refs[0])
    names.refresh(key, names.kg.relabel(key, str(decision.options["to"])))


def _apply_drop(names: _Names, decision: Decision, source: str) -> None:
    kg = names.kg
    if not decision.is_fact:
        key = _resolve(names, decision.refs[0])
        kg.remove_node(key)
        names.refresh(key)
        return
    src, dst = (_resolve(names, ref) for ref in decision.refs)
    key = edge_id(src, decision.rel_type, dst)
    ends = (src, dst) if kg.nx.has_edge(src, dst, key) else (dst, src)
    if not kg.nx.has_edge(*ends, key):
        raise _NotApplied(f"no fact {decision.refs[0]} {decision.rel_type} {decision.refs[1]} "
                          "in the graph")
    kg.remove_edge(*ends, key)


def _apply_add(names: _Names, decision: Decision, source: str) -> None:
    kg = names.kg
    note = str(decision.options["note"]).strip()
    evidence = Evidence(doc=source, start=0, end=0, quote=note, rule=CURATION_RULE, confidence=1.0)
    found: list[str | None] = []
    for ref in decision.refs:  # resolve both ends before creating anything
        if names.find(ref):
            found.append(_resolve(names, ref))
        elif ref.label is None:
            raise _NotApplied(f"{ref} matches nothing in the graph, and without a label it "
                              "cannot be created: write {name: ..., label: ...}")
        else:
            found.append(None)
    if found[0] is not None and found[0] == found[1]:
        raise _NotApplied(f"{decision.refs[0]} and {decision.refs[1]} are the same node")
    ends = [key if key is not None else kg.add_node(ref.label, ref.name, evidence=[evidence])
            for key, ref in zip(found, decision.refs)]
    kg.add_edge(ends[0], decision.rel_type, ends[1], evidence=[evidence])
    names.refresh(*ends)
    kg.documents.setdefault(source, {"path": source, "format": "overrides"})


def _apply_distinct(names: _Names, decision: Decision, source: str) -> list[str]:
    found, problems = _resolve_some(names, decision.refs)
    if len(found) < 2:
        raise _NotApplied("; ".join(problems) or "all names are one node")
    keys = sorted(found)
    pairs = names.kg.metadata.setdefault("distinct", [])
    for i, first in enumerate(keys):
        for second in keys[i + 1:]:
            if [first, second] not in pairs:
                pairs.append([first, second])
    return problems


def distinct_pairs(kg: KnowledgeGraph) -> set[frozenset[str]]:
    """Pairs of nodes an analyst declared to be different entities (``distinct`` decisions)."""
    return {frozenset(pair) for pair in kg.metadata.get("distinct", [])}


def _apply_split(names: _Names, decision: Decision, source: str) -> None:
    """Give the listed aliases, their evidence and their facts a node of their own."""
    kg = names.kg
    key = _resolve(names, decision.refs[0])
    props = kg.props(key)
    wanted = {lookup_key(a) for a in decision.options["aliases"]}
    if lookup_key(str(props.get("name", ""))) in wanted:
        raise _NotApplied(f"{decision.refs[0]} is itself named {props.get('name')!r}: rename it "
                          "before splitting that name off")
    moving = [a for a in props.get("aliases", []) if lookup_key(a) in wanted]
    if not moving:
        raise _NotApplied(f"{decision.refs[0]} has none of the aliases "
                          f"{', '.join(decision.options['aliases'])}")
    staying = [props.get("name", "")] + [a for a in props.get("aliases", []) if a not in moving]
    split_aliases = list(decision.options["aliases"])
    name = str(decision.options.get("name") or split_aliases[0])
    mentions = _mention_test(split_aliases + moving, staying)

    moved_evidence, kept_evidence = [], []
    for item in props.get("evidence", []):
        alias_hit, other_hit = mentions(str(item.get("quote", "")))
        if alias_hit:
            moved_evidence.append(item)
        if not alias_hit or other_hit:
            kept_evidence.append(item)
    label = str(decision.options.get("new_label") or kg.label(key))
    new_key = node_id(label, name)
    if new_key == key:  # the node's id came from the very alias being split off
        new_key = node_id(label, f"{name} split")
    new_key = kg.add_node(label, name, key=new_key, aliases=[a for a in split_aliases + moving if a != name],
                          evidence=moved_evidence)
    props["aliases"] = [a for a in props.get("aliases", []) if a not in moving]
    props["evidence"] = kept_evidence
    if props.get("resolution"):  # why a moved name was joined with the node (loaders.extract.resolve) no longer holds
        props["resolution"] = [why for why in props["resolution"] if not mentions(why)[0]]

    for src, dst, edge_key, data in list(kg.nx.in_edges(key, keys=True, data=True)) + list(
            kg.nx.out_edges(key, keys=True, data=True)):
        evidence = data["props"].get("evidence", [])
        if not evidence or not all(mentions(str(e.get("quote", "")))[0] for e in evidence):
            continue
        new_src, new_dst = (new_key if end == key else end for end in (src, dst))
        if new_src == new_dst:
            continue
        extra = {k: v for k, v in data["props"].items() if k not in ("id", "evidence")}
        kg.add_edge(new_src, data["type"], new_dst, evidence=evidence, **extra)
        kg.remove_edge(src, dst, edge_key)
    kg.touch()
    names.refresh(key, new_key)


def _mention_test(aliases: Sequence[str], others: Sequence[str]) -> Callable[[str], tuple[bool, bool]]:
    """A test telling whether a quote mentions one of ``aliases``, and one of ``others``.

    Names are compared as whole words after case and accent folding, the longest name first at
    each place, so ``NHG Oy`` is not a mention of ``NHG``, nor ``Medtek Norway`` of ``Medtek``.
    """
    alias_keys = {lookup_key(n) for n in aliases} - {""}
    keys = sorted(alias_keys | {lookup_key(n) for n in others} - {""}, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, keys)) + r")(?!\w)")

    def mentions(quote: str) -> tuple[bool, bool]:
        found = {m.group(0) in alias_keys for m in pattern.finditer(lookup_key(quote))}
        return True in found, False in found

    return mentions


_APPLY: dict[str, Callable[[_Names, Decision, str], list[str] | None]] = {
    "merge": _apply_merge,
    "split": _apply_split,
    "rename": _apply_rename,
    "retype": _apply_retype,
    "drop": _apply_drop,
    "add": _apply_add,
    "distinct": _apply_distinct,
}


# -- recording ---------------------------------------------------------------------------------
def record(path: str | os.PathLike[str], entry: dict[str, Any]) -> Decision:
    """Append one decision (an entry as it would appear in the file) to the overrides file.

    The entry is validated first, the file is created with a short header if it does not
    exist, and existing text and comments are kept byte for byte. The file's write lock is held
    from the read to the write, so decisions recorded at once are all kept. Returns the decision.
    """
    path = Path(path)
    _decision(dict(entry), f"new {next(iter(entry), 'entry')} decision")  # raises if malformed
    with write_lock(path):
        return _append(path, entry)


def _append(path: Path, entry: dict[str, Any]) -> Decision:
    existing = path.read_text(encoding="utf-8") if path.exists() else _HEADER
    before = parse_overrides(existing, path.name)
    if existing and not existing.endswith("\n"):
        existing += "\n"
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    block = "\n".join(f"{'- ' if i == 0 else '  '}{key}: {_inline_yaml(value)}"
                      for i, (key, value) in enumerate(entry.items()))
    text = f"{existing}# {stamp}, nordgraph curate\n{block}\n"
    after = parse_overrides(text, path.name)
    if len(after) != len(before) + 1:
        raise CurationError(f"{path}: cannot append to this file's layout (is the list written "
                            "in flow style, '[...]'?); add the decision by hand")
    atomic_write_text(path, text)
    return after[-1]


def _inline_yaml(value: Any) -> str:
    """``value`` as one line of YAML (flow style for lists and mappings, quoted when needed)."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False,
                          width=1 << 30)
    return text.removesuffix("\n...\n").strip()


def _entry(op: str, value: Any, note: str | None, **options: Any) -> dict[str, Any]:
    entry = {op: value, **{k: v for k, v in options.items() if v is not None}}
    if note:
        entry["note"] = note
    return entry


def _refs(names: Iterable[str | Ref]) -> list[str | dict[str, str]]:
    return [n.to_yaml() if isinstance(n, Ref) else n for n in names]


def record_merge(path: str | os.PathLike[str], keep: str | Ref, *others: str | Ref,
                 name: str | None = None, label: str | None = None,
                 note: str | None = None) -> Decision:
    """Record that ``keep`` and ``others`` are one entity (``keep`` survives)."""
    return record(path, _entry("merge", _refs((keep, *others)), note, name=name, label=label))


def record_split(path: str | os.PathLike[str], entity: str | Ref, aliases: Sequence[str], *,
                 name: str | None = None, new_label: str | None = None,
                 note: str | None = None) -> Decision:
    """Record that ``aliases`` of ``entity`` name a different entity."""
    return record(path, _entry("split", _refs([entity])[0], note, aliases=list(aliases),
                               name=name, new_label=new_label))


def record_rename(path: str | os.PathLike[str], entity: str | Ref, to: str, *,
                  note: str | None = None) -> Decision:
    """Record a new display name for ``entity`` (the old one stays an alias)."""
    return record(path, _entry("rename", _refs([entity])[0], note, to=to))


def record_retype(path: str | os.PathLike[str], entity: str | Ref, to: str, *,
                  note: str | None = None) -> Decision:
    """Record that ``entity`` has label ``to``."""
    return record(path, _entry("retype", _refs([entity])[0], note, to=to))


def record_drop(path: str | os.PathLike[str], entity_or_source: str | Ref,
                rel_type: str | None = None, target: str | Ref | None = None, *,
                note: str | None = None) -> Decision:
    """Record the removal of an entity, or of the fact (source, ``rel_type``, ``target``)."""
    if (rel_type is None) != (target is None):
        raise CurationError("drop needs an entity, or a source, a relation type and a target")
    value = (_refs([entity_or_source])[0] if rel_type is None
             else [*_refs([entity_or_source]), rel_type, *_refs([target])])
    return record(path, _entry("drop", value, note))


def record_add(path: str | os.PathLike[str], source: str | Ref, rel_type: str,
               target: str | Ref, *, note: str) -> Decision:
    """Record a fact the documents miss; ``note`` says where it comes from."""
    return record(path, _entry("add", [*_refs([source]), rel_type, *_refs([target])], note))


def record_distinct(path: str | os.PathLike[str], first: str | Ref, *others: str | Ref,
                    note: str | None = None) -> Decision:
    """Record that these similar names are different entities (review stops proposing them)."""
    return record(path, _entry("distinct", _refs((first, *others)), note))


@dataclass(frozen=True)
class Recorded:
    """A decision kept in the overrides file, and whether it changed the stored graph."""

    decision: Decision
    applied: bool


def record_and_apply(store: GraphStore | None, path: Path,
                     record_one: Callable[[Path], Decision]) -> Recorded:
    """Append one decision with ``record_one(path)`` and apply it to ``store``'s graph (``None``:
    record only, for documents not built yet). ``nordgraph curate`` and the workbench both
    record through here, so they write the same file the same way.

    A decision that names nothing in the current graph (a typo) is taken back and raised as a
    :class:`CurationError`, so the file never collects entries that do nothing. The overrides
    file and the graph stay locked until both are written, so another writer can neither slip
    in between nor be undone by the taking back.
    """
    with write_lock(path):
        before = path.read_text(encoding="utf-8") if path.exists() else None
        decision = record_one(path)
        if store is None:
            return Recorded(decision, False)
        with store.locked():
            kg = store.graph()
            revision = kg.revision
            warnings = apply_decisions(kg, [decision], path.name)
            if warnings:
                if before is None:
                    path.unlink()
                else:
                    atomic_write_text(path, before)
                raise CurationError("nothing recorded: " + "; ".join(warnings)
                                    + " (use --no-apply to record it for documents not built yet)")
            if kg.revision != revision:
                store.replace(kg)
                return Recorded(decision, True)
    return Recorded(decision, False)
