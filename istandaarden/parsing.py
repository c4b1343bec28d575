"""Turn the bytes of a received file into a parsed document, and nothing else.

Why this module exists: XML libraries take a string as *either* a document *or* a location.
``xmlschema.XMLResource(b"https://...")`` fetches the URL (SSRF), a path is read from disk, and a
file holding the path of a valid message on the server was accepted as that message. A DTD can
pull in external entities, and a file built to be expensive can keep a worker busy for minutes.
So every received message passes two steps here, both on the bytes received:

1. ``lxml`` reads them with network access, DTD loading and entity expansion switched off,
   refuses any DOCTYPE, and counts elements, attributes and depth against
   ``istandaarden.limits`` (stopping as soon as a bound is passed);
2. ``xmlschema`` gets the same bytes as a file object (never as a ``bytes``/``str`` it could
   take for a location), with ``allow="none"`` (no resource from any location) and
   ``defuse="always"``. Validation itself is told not to follow ``xsi:schemaLocation`` hints.

Any failure becomes a ``MessageError`` with a Dutch reason, whatever the library raised.
"""

from __future__ import annotations

import io

import xmlschema
from lxml import etree

from istandaarden import limits
from istandaarden.errors import MalformedXml, MessageError, MessageTooLarge

#: What a broken or hostile byte stream can make the parsers raise: XML syntax errors
#: (``XMLSyntaxError`` and expat's ``ParseError`` are ``SyntaxError``s), an unknown declared
#: encoding (``LookupError``), undecodable bytes (``UnicodeError``, a ``ValueError``) and
#: xmlschema's refusals (``XMLResourceError``; ``XMLResourceBlocked`` when something still asks
#: for a location; ``ElementTree`` forbidden-DTD errors).
PARSE_ERRORS: tuple[type[Exception], ...] = (
    SyntaxError,
    LookupError,
    ValueError,
    xmlschema.XMLResourceError,
)


def parse(xml_bytes: bytes) -> xmlschema.XMLResource:
    """The document in ``xml_bytes``; raises ``MalformedXml`` or ``MessageTooLarge``."""
    if not isinstance(xml_bytes, bytes | bytearray | memoryview):
        # A str is exactly what XML libraries may read as a path or URL: refuse it loudly.
        raise TypeError("parse() takes the bytes of a message, not a str")
    data = bytes(xml_bytes)
    check_bounds(data)
    try:
        return xmlschema.XMLResource(io.BytesIO(data), allow="none", defuse="always")
    except PARSE_ERRORS as exc:
        raise MalformedXml([f"Geen geldige XML: {exc}"]) from exc


def check_bounds(data: bytes) -> None:
    """Refuse a DOCTYPE and any document past ``istandaarden.limits``, reading only ``data``."""
    if len(data) > limits.MAX_MESSAGE_BYTES:
        raise MessageTooLarge(
            [
                f"Het bestand is {limits.megabytes(len(data))} MB; een bericht mag ten hoogste {limits.megabytes(limits.MAX_MESSAGE_BYTES)} MB zijn."
            ]
        )
    events = etree.iterparse(
        io.BytesIO(data),
        events=("start-ns", "start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    counter = _Counter()
    try:
        for event, item in events:
            if event == "start-ns":
                counter.pending_namespaces += 1
            elif event == "start":
                if counter.elements == 0:
                    _refuse_doctype(item)
                counter.enter(item)
            else:
                counter.depth -= 1
                item.clear()  # only counting: keep memory flat on a large file
    except MessageError:
        raise
    except PARSE_ERRORS as exc:
        raise MalformedXml([f"Geen geldige XML: {exc}"]) from exc


def _refuse_doctype(root: etree._Element) -> None:
    """A DOCTYPE is never part of an iWmo/iJw message, and it is how entity tricks start."""
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.system_url or docinfo.public_id:
        raise MalformedXml(["Geen geldige XML: een DOCTYPE (DTD) is in een bericht niet toegestaan."])


class _Counter:
    """Running totals while parsing, raising as soon as one passes its bound."""

    def __init__(self) -> None:
        self.elements = 0
        self.attributes = 0
        self.depth = 0
        self.pending_namespaces = 0  # namespace declarations of the element about to start

    def enter(self, element: etree._Element) -> None:
        self.elements += 1
        self.depth += 1
        own = len(element.attrib) + self.pending_namespaces
        self.pending_namespaces = 0
        self.attributes += own
        line = element.sourceline
        if self.elements > limits.MAX_ELEMENTS:
            _too_large(f"meer dan {limits.MAX_ELEMENTS:,} elementen".replace(",", "."))
        if self.depth > limits.MAX_DEPTH:
            _too_large(f"elementen dieper genest dan {limits.MAX_DEPTH} niveaus (regel {line})")
        if own > limits.MAX_ATTRIBUTES_PER_ELEMENT:
            _too_large(
                f"een element met {own} attributen en namespacedeclaraties "
                f"(ten hoogste {limits.MAX_ATTRIBUTES_PER_ELEMENT}, regel {line})"
            )
        if self.attributes > limits.MAX_ATTRIBUTES:
            _too_large(f"meer dan {limits.MAX_ATTRIBUTES:,} attributen en namespacedeclaraties".replace(",", "."))


def _too_large(what: str) -> None:
    raise MessageTooLarge([f"Het bericht is niet gecontroleerd: het bevat {what}. Zo'n bericht wordt niet verwerkt."])
