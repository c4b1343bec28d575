"""Turn a light tree of named values into a message that follows its XSD, and check it.

Writers describe *what* goes into a message as ``Node``s named by local element names; the
XSD decides the rest: the namespace of every element (message or basisschema) and the order
of children (the XSD sequence). A writer therefore cannot get the order wrong, and a name the
XSD does not know is a programming error that fails loudly. The result is always validated
against the same XSD before it leaves this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from lxml import etree
from xmlschema.validators import XsdComplexType, XsdElement, XsdGroup

from istandaarden.kinds import MessageKind
from istandaarden.reading import InvalidMessage, MessageError, validate
from istandaarden.schemas import SchemaSet

Value = str | int | date | time


class MissingSchema(MessageError):
    """There is no XSD for the message type, so the message cannot be checked and is not made."""


@dataclass
class Node:
    """One element: either a text value or children (in any order; rendering sorts them)."""

    name: str
    text: str | None = None
    children: list[Node] = field(default_factory=list)

    def child(self, name: str) -> Node | None:
        return next((c for c in self.children if c.name == name), None)

    def value(self, *path: str) -> str | None:
        """The text at a path of child names, e.g. ``value("ProductReferentie", "ReferentieNummer")``."""
        node: Node | None = self
        for name in path:
            node = None if node is None else node.child(name)
        return None if node is None else node.text


def leaf(name: str, value: Value | None) -> Node | None:
    """A text element, or None (left out) when the value is None."""
    if value is None:
        return None
    if isinstance(value, time):
        text = value.isoformat(timespec="seconds")
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    return Node(name, text=text)


def group(name: str, *children: Node | None) -> Node | None:
    """An element with the given children (None ones left out); None when none remain."""
    present = [c for c in children if c is not None]
    return Node(name, children=present) if present else None


def required_group(name: str, *children: Node | None) -> Node:
    return Node(name, children=[c for c in children if c is not None])


def from_element(element: Element) -> Node:
    """A parsed element as a Node tree (namespaces dropped: the target XSD sets them again)."""
    name = element.tag.rsplit("}", 1)[-1]
    children = [from_element(child) for child in element if isinstance(child.tag, str)]
    if children:
        return Node(name, children=children)
    return Node(name, text=(element.text or "").strip())


def require_schema(kind: MessageKind, schemas: SchemaSet) -> None:
    if not schemas.has(kind):
        raise MissingSchema([f"Geen XSD voor {kind} in {schemas.root}; het bericht wordt niet gemaakt."])


def xsd_versie(name: str, kind: MessageKind, schemas: SchemaSet) -> Node:
    """CDT_XsdVersie for ``kind``, as stated in the appinfo of its XSD."""
    basisschema, bericht = _appinfo_versions(schemas.path(kind))
    return required_group(name, leaf("BasisschemaXsdVersie", basisschema), leaf("BerichtXsdVersie", bericht))


@lru_cache(maxsize=64)
def _appinfo_versions(path: Path) -> tuple[str, str]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)  # trusted, still closed
    tree = etree.parse(str(path), parser)
    found: dict[str, str] = {}
    for element in tree.iter():
        if isinstance(element.tag, str):
            local = etree.QName(element).localname
            if local in ("BasisschemaXsdVersie", "BerichtXsdVersie") and local not in found:
                found[local] = (element.text or "").strip()
    try:
        return found["BasisschemaXsdVersie"], found["BerichtXsdVersie"]
    except KeyError:
        raise MessageError([f"{path.name} noemt geen BerichtXsdVersie/BasisschemaXsdVersie in de appinfo"]) from None


def render_message(kind: MessageKind, root: Node, schemas: SchemaSet) -> bytes:
    """The message as UTF-8 XML with declaration; raises ``InvalidMessage`` if the XSD refuses it."""
    require_schema(kind, schemas)
    declaration = schemas.schema(kind).elements["Bericht"]
    nsmap = {kind.prefix: kind.namespace, kind.basisschema_prefix: kind.basisschema_namespace}
    element = _render(declaration, root, nsmap)
    xml = etree.tostring(element, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    reasons = validate(xml, schemas)
    if reasons:
        raise InvalidMessage(reasons)
    return bytes(xml)


def _render(declaration: XsdElement, node: Node, nsmap: dict[str, str] | None = None) -> Any:
    element = etree.Element(declaration.name, nsmap=nsmap)
    if node.text is not None:
        element.text = node.text
        return element
    children = child_declarations(declaration)
    position = {name: index for index, name in enumerate(children)}
    unknown = [child.name for child in node.children if child.name not in children]
    if unknown:
        raise InvalidMessage([f"{name} hoort volgens de XSD niet in {node.name}" for name in unknown])
    for child in sorted(node.children, key=lambda c: position[c.name]):
        element.append(_render(children[child.name], child))
    return element


def child_declarations(declaration: XsdElement) -> dict[str, XsdElement]:
    """The elements the XSD allows inside ``declaration``, by local name, in sequence order."""
    xsd_type = declaration.type
    if not isinstance(xsd_type, XsdComplexType) or not isinstance(xsd_type.content, XsdGroup):
        return {}
    return {
        child.local_name: child
        for child in xsd_type.content.iter_elements()
        if isinstance(child, XsdElement) and child.local_name
    }
