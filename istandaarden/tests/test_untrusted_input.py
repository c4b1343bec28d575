"""A received file is untrusted: only its bytes are read, no location it names is ever opened.

Each test watches a small HTTP server on 127.0.0.1 (and the socket layer) while the file is
read, so "rejected" can never hide a fetch that happened on the way.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from istandaarden.reading import InvalidMessage, MalformedXml, MessageError, identify, read, validate
from testsupport.istandaarden import example_path as official_example_path


class _Recorder(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        body = b'<?xml version="1.0"?><x/>'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """The base URL of a server that records every request it gets."""
    _Recorder.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every outgoing connection attempt is recorded and fails."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network access during a test of untrusted input")

    def resolve(host: object, *args: object, **kwargs: object) -> None:
        attempts.append(host)
        raise OSError("name lookup during a test of untrusted input")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    return attempts


@pytest.fixture
def example_path(xsd_root: Path):
    return official_example_path


def _assert_refused(xml: bytes, schemas) -> list[str]:
    reasons = validate(xml, schemas)
    assert reasons, "the file was accepted"
    with pytest.raises(MessageError):
        read(xml, schemas)
    return reasons


def test_message_whose_content_is_a_url_is_rejected_without_fetching(schemas, server, example_path):
    url = f"{server}/WMO315.xml"

    reasons = _assert_refused(url.encode(), schemas)

    assert reasons[0].startswith("Geen geldige XML")
    assert _Recorder.requests == []


@pytest.mark.parametrize("scheme", ["https://example.org/WMO315.xml", "ftp://example.org/WMO315.xml"])
def test_no_url_in_a_message_file_makes_a_connection(schemas, no_network, scheme):
    _assert_refused(scheme.encode(), schemas)
    assert no_network == []


def test_file_containing_the_path_of_a_valid_315_on_disk_is_rejected(schemas, example_path):
    path = example_path("WMO315")
    assert validate(path.read_bytes(), schemas) == []  # the file itself is a valid 315

    for content in (str(path), path.as_uri(), f"  {path}\n"):
        reasons = _assert_refused(content.encode(), schemas)
        assert reasons[0].startswith("Geen geldige XML"), content
        with pytest.raises(MalformedXml):
            identify(content.encode())


def test_a_path_to_a_system_file_is_not_read(schemas):
    reasons = _assert_refused(b"/etc/passwd", schemas)
    assert all("root:" not in reason for reason in reasons)


def _with_prolog(xml: bytes, prolog: bytes) -> bytes:
    """The example with ``prolog`` between the XML declaration and the root element."""
    declaration, rest = xml.split(b"?>", 1)
    return declaration + b"?>" + prolog + rest


@pytest.mark.parametrize(
    "prolog",
    [
        b'<!DOCTYPE wmo315:Bericht SYSTEM "{server}/bericht.dtd">',
        b'<!DOCTYPE wmo315:Bericht [<!ENTITY % remote SYSTEM "{server}/remote.dtd"> %remote;]>',
        b'<!DOCTYPE wmo315:Bericht [<!ENTITY x SYSTEM "{server}/x.txt">]>',
        b'<!DOCTYPE wmo315:Bericht [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        b'<!DOCTYPE wmo315:Bericht [<!ENTITY x "intern">]>',
    ],
)
def test_dtd_and_external_entities_are_refused_without_fetching(schemas, server, example, prolog):
    xml = _with_prolog(example("WMO315"), prolog.replace(b"{server}", server.encode()))

    [reason] = _assert_refused(xml, schemas)

    assert reason.startswith("Geen geldige XML")
    assert _Recorder.requests == []


def test_entity_reference_in_the_body_is_refused_without_fetching(schemas, server, example):
    prolog = f'<!DOCTYPE wmo315:Bericht [<!ENTITY bsn SYSTEM "{server}/bsn.txt">]>'.encode()
    xml = _with_prolog(example("WMO315"), prolog).replace(b">999900006<", b">&bsn;<", 1)

    _assert_refused(xml, schemas)

    assert _Recorder.requests == []


def test_schema_location_hint_is_not_followed(schemas, server, example):
    hint = (
        b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation='
        b'"http://www.istandaarden.nl/iwmo/3_2/wmo315/schema ' + server.encode() + b'/WMO315.xsd"'
    )
    xml = example("WMO315").replace(b"<wmo315:Bericht ", b"<wmo315:Bericht" + hint + b" ", 1)

    assert validate(xml, schemas) == []
    assert _Recorder.requests == []


def test_xinclude_is_not_processed(schemas, server, example):
    include = f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{server}/client.xml"/>'.encode()
    xml = example("WMO315").replace(b"</wmo315:Header>", b"</wmo315:Header>" + include, 1)

    _assert_refused(xml, schemas)

    assert _Recorder.requests == []


def test_str_is_refused_as_input():
    """A str is what XML libraries take for a path or URL; the parser only takes bytes."""
    with pytest.raises(TypeError):
        identify("/etc/passwd")  # type: ignore[arg-type]


# --- poison values: every failure is a MessageError with a reason ---------------------------------


def test_declared_unknown_encoding_is_rejected_with_a_reason(schemas, example):
    xml = example("WMO315").replace(b'encoding="UTF-8"', b'encoding="x-onbekend"', 1)
    assert b"x-onbekend" in xml

    [reason] = _assert_refused(xml, schemas)

    assert reason.startswith("Geen geldige XML")


@pytest.mark.parametrize("year", ["99999", "99999999999999999999", "-0001", "0000"])
def test_date_with_a_year_python_cannot_hold_is_rejected_with_a_reason(schemas, example, year):
    xml = example("WMO307").replace(b"<wmo307:Einddatum>2025-07-18<", f"<wmo307:Einddatum>{year}-07-18<".encode(), 1)

    with pytest.raises(MessageError) as excinfo:
        read(xml, schemas)

    assert excinfo.value.reasons
    assert all(reason for reason in excinfo.value.reasons)


def test_year_beyond_9999_names_the_element(schemas, example):
    xml = example("WMO307").replace(b"<wmo307:Einddatum>2025-07-18<", b"<wmo307:Einddatum>99999-07-18<", 1)

    with pytest.raises(InvalidMessage) as excinfo:
        read(xml, schemas)

    [reason] = excinfo.value.reasons
    assert "Einddatum" in reason
    assert "99999-07-18" in reason
