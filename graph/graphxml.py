"""GraphML and GEXF files that Gephi, igraph, Cytoscape and networkx open as the graph it is.

Both formats are written by one set of rules (the README's export section states them for users):

* a node's id is its key, its label is the entity's name (Gephi's Label column), and the attribute
  ``type`` holds its node label (``Organisation``; several are joined with ``:``);
* an edge's id is its key and the attribute ``relation`` holds its type (``LEADS``), which is also
  its label and, in GEXF, its ``kind``: Gephi keeps parallel edges of different kinds apart instead
  of merging a lead's LEADS and PARTNER_IN edges into one. Every edge is directed; GEXF's edge
  ``type`` means directed or undirected, never the relation;
* every other property is an attribute with one declared type: whole numbers ``int`` (GEXF
  ``integer``) or ``long`` when a value needs 64 bits, ``double``, ``boolean``, else ``string``;
  a property whose values mix kinds is ``string``. Neither format has a date type for attribute
  values (GEXF's dates only time a dynamic graph), so dates, times and durations are ISO 8601 text;
  lists (``aliases``) and ``evidence`` are JSON text;
* a property named ``id``, ``label`` or like an own attribute (``type``, ``relation``) is written
  with a trailing ``_`` (``type_``), so it can neither hide nor be taken for one of them; ``id`` and
  ``name`` are left out where they only repeat the element's id and label;
* document text is untrusted: the XML writer escapes every value, and the characters XML 1.0
  cannot carry (control characters, lone surrogates) become U+FFFD.

Written here with ElementTree rather than by networkx's writers: those take a ``start``/``end``
property for Gephi's dynamic-graph time, name attribute keys ``d0``, ``d1``... that Gephi's GraphML
importer can mistake for the node label, and put a mixed-kind property down with the first value's
type. The rules above are the point of these files, so they are stated once, here.
"""
from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from nordgraph.graph.model import KnowledgeGraph
from nordgraph.graph.values import storable, to_jsonable

__all__ = ["gexf_text", "graphml_text"]

_GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_GEXF_NS = "http://gexf.net/1.3"
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_XML_UNSAFE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: Whole numbers widen to long, then to double; any other mix of kinds is string.
_NUMBERS = ("int", "long", "double")
_GEXF_TYPES = {"int": "integer"}
_XSD_SPECIAL_FLOATS = {"nan": "NaN", "inf": "INF", "-inf": "-INF"}


@dataclass(frozen=True)
class _Element:
    """A node or an edge as both formats write it."""

    xml: dict[str, str]  # what identifies it: id (and an edge's source and target)
    label: str
    own: dict[str, str]  # the export's own attributes: type, or relation
    props: dict[str, Any]  # its other properties, as stored


@dataclass(frozen=True)
class _Attribute:
    id: str
    name: str
    kind: str  # boolean, int, long, double or string


def graphml_text(kg: KnowledgeGraph) -> str:
    """``kg`` as GraphML: the label is the attribute ``label``, the name Gephi reads it by."""
    root = _root("graphml", _GRAPHML_NS, f"{_GRAPHML_NS} {_GRAPHML_NS}/1.0/graphml.xsd")
    graph = ET.Element("graph", id="nordgraph", edgedefault="directed")
    for scope, elements in (("node", _nodes(kg)), ("edge", _edges(kg))):
        attributes, rows = _table(elements, scope, label_attribute=True)
        for attribute in attributes:
            _sub(root, "key", {"id": attribute.id, "for": scope, "attr.name": attribute.name,
                               "attr.type": attribute.kind})
        for element, row in zip(elements, rows):
            xml = _sub(graph, scope, element.xml)
            for attribute in attributes:
                if attribute.name in row:
                    _sub(xml, "data", {"key": attribute.id}).text = _xml(_text(row[attribute.name]))
    root.append(graph)
    return _serialise(root)


def gexf_text(kg: KnowledgeGraph) -> str:
    """``kg`` as GEXF 1.3 (Gephi 0.9.3 and later): labels and kinds are XML attributes of the elements."""
    root = _root("gexf", _GEXF_NS, f"{_GEXF_NS} {_GEXF_NS}/gexf.xsd", version="1.3")
    graph = _sub(root, "graph", {"defaultedgetype": "directed"})
    tables = [(scope, elements, *_table(elements, scope, label_attribute=False))
              for scope, elements in (("node", _nodes(kg)), ("edge", _edges(kg)))]
    for scope, _, attributes, _ in tables:
        declared = _sub(graph, "attributes", {"class": scope})
        for attribute in attributes:
            _sub(declared, "attribute", {"id": attribute.id, "title": attribute.name,
                                         "type": _GEXF_TYPES.get(attribute.kind, attribute.kind)})
    for scope, elements, attributes, rows in tables:
        listed = _sub(graph, scope + "s", {"count": str(len(elements))})
        for element, row in zip(elements, rows):
            kind = {"kind": element.label} if scope == "edge" else {}
            xml = _sub(listed, scope, {**element.xml, "label": element.label, **kind})
            values = _sub(xml, "attvalues", {})
            for attribute in attributes:
                if attribute.name in row:
                    _sub(values, "attvalue", {"for": attribute.id, "value": _text(row[attribute.name])})
    return _serialise(root)


def _nodes(kg: KnowledgeGraph) -> list[_Element]:
    return [_Element({"id": key}, kg.name(key), {"type": ":".join(data["labels"])},
                     _props(data["props"], key, kg.name(key)))
            for key, data in kg.nx.nodes(data=True)]


def _edges(kg: KnowledgeGraph) -> list[_Element]:
    return [_Element({"id": key, "source": source, "target": target}, data["type"], {"relation": data["type"]},
                     _props(data["props"], key, None))
            for source, target, key, data in kg.nx.edges(keys=True, data=True)]


def _props(props: dict[str, Any], key: str, name: str | None) -> dict[str, Any]:
    """The properties the element does not already carry as its id and label, in storable form."""
    repeated = {"id": key, "name": name}
    return {prop: storable(value) for prop, value in props.items()
            if value is not None and not (prop in repeated and value == repeated[prop])}


def _table(elements: list[_Element], scope: str,
           label_attribute: bool) -> tuple[list[_Attribute], list[dict[str, Any]]]:
    """Each element's values by attribute name, and the attributes they need (one type each).

    Property names are renamed for the whole scope at once, so one attribute never holds two
    different properties.
    """
    reserved = {"id", "label"} | {name for element in elements for name in element.own}
    names = {prop for element in elements for prop in element.props}
    taken = names | reserved
    renamed: dict[str, str] = {}
    for prop in sorted(names & reserved):
        new = prop + "_"
        while new in taken:
            new += "_"
        taken.add(new)
        renamed[prop] = new
    rows = []
    for element in elements:
        row: dict[str, Any] = {"label": element.label} if label_attribute else {}
        row.update(element.own)
        row.update((renamed.get(prop, prop), value) for prop, value in element.props.items())
        rows.append(row)
    kinds: dict[str, set[str]] = {}
    for row in rows:
        for name, value in row.items():
            kinds.setdefault(name, set()).add(_kind(value))
    attributes = [_Attribute(f"{scope[0]}{i}", name, _common_kind(found))
                  for i, (name, found) in enumerate(kinds.items())]
    return attributes, rows


def _kind(value: Any) -> str:
    """The narrowest attribute type that holds ``value`` exactly."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "int" if -2**31 <= value < 2**31 else "long" if -2**63 <= value < 2**63 else "string"
    return "double" if isinstance(value, float) else "string"


def _common_kind(kinds: set[str]) -> str:
    if len(kinds) == 1:
        return next(iter(kinds))
    return max(kinds, key=_NUMBERS.index) if kinds <= set(_NUMBERS) else "string"


def _text(value: Any) -> str:
    """A value as its attribute text: XML Schema spellings for booleans and numbers, ISO 8601 for
    temporal values, JSON for lists (evidence is JSON text already)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _XSD_SPECIAL_FLOATS[str(value)] if not math.isfinite(value) else repr(value)
    if isinstance(value, list):
        return json.dumps(to_jsonable(value), ensure_ascii=False, separators=(",", ":"))
    return str(value)


def _xml(text: str) -> str:
    return _XML_UNSAFE.sub("\N{REPLACEMENT CHARACTER}", text)


def _sub(parent: ET.Element, tag: str, attributes: dict[str, str]) -> ET.Element:
    """A child element; every attribute value made XML-safe (ElementTree escapes it when writing)."""
    return ET.SubElement(parent, tag, {name: _xml(value) for name, value in attributes.items()})


def _root(tag: str, namespace: str, schema_location: str, **attributes: str) -> ET.Element:
    return ET.Element(tag, {"xmlns": namespace, "xmlns:xsi": _XSI_NS, "xsi:schemaLocation": schema_location,
                            **attributes})


def _serialise(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
