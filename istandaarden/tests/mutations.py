"""Hypothesis strategies for hostile message files: random bytes and mutations of real messages.

Plain byte noise rarely gets past the XML parser, so most examples start from an official example
and change it the way a broken or hostile sender would: a value swapped for an extreme one, a
declared encoding, a DOCTYPE, a location instead of content, bytes cut, inserted or repeated.
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

#: Text values that have broken readers before (years Python cannot hold, huge numbers ...).
EXTREME_VALUES = [
    "99999-01-01",
    "0000-01-01",
    "99999999999999999999-01-01",
    "-0001-12-31",
    "9999-12-31",
    "0001-01-01",
    "2025-02-30",
    "99999999999999999999999999",
    "-1",
    "",
    " ",
    "&#0;",
    "&amp;",
    "\u202e",
    "İ",
    "x" * 300,
]

#: Things to put before the root element.
PROLOGS = [
    b'<!DOCTYPE Bericht [<!ENTITY x "y">]>',
    b'<!DOCTYPE Bericht SYSTEM "http://127.0.0.1:9/b.dtd">',
    b'<!DOCTYPE Bericht [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    b"<?xml-stylesheet href='http://127.0.0.1:9/s.xsl'?>",
    b"<!-- opmerking -->",
]

ENCODINGS = [b"UTF-8", b"x-onbekend", b"UTF-16", b"ISO-8859-1", b"ebcdic-cp-us", b"", b"utf-7", b"hz"]

_TEXT = re.compile(rb">([^<>]+)<")


def _replace_value(xml: bytes, index: int, value: str) -> bytes:
    matches = list(_TEXT.finditer(xml))
    if not matches:
        return xml
    match = matches[index % len(matches)]
    return xml[: match.start(1)] + value.encode() + xml[match.end(1) :]


def _set_encoding(xml: bytes, encoding: bytes) -> bytes:
    return re.sub(rb'encoding="[^"]*"', b'encoding="' + encoding + b'"', xml, count=1)


def _with_prolog(xml: bytes, prolog: bytes) -> bytes:
    if b"?>" in xml[:100]:
        declaration, rest = xml.split(b"?>", 1)
        return declaration + b"?>" + prolog + rest
    return prolog + xml


@st.composite
def _mutation(draw: st.DrawFn, xml: bytes) -> bytes:
    kind = draw(st.sampled_from(["value", "encoding", "prolog", "cut", "insert", "flip", "repeat"]))
    position = draw(st.integers(min_value=0, max_value=max(len(xml) - 1, 0)))
    if kind == "value":
        value = draw(st.one_of(st.sampled_from(EXTREME_VALUES), st.text(max_size=20)))
        return _replace_value(xml, draw(st.integers(min_value=0, max_value=500)), value)
    if kind == "encoding":
        return _set_encoding(xml, draw(st.sampled_from(ENCODINGS)))
    if kind == "prolog":
        return _with_prolog(xml, draw(st.sampled_from(PROLOGS)))
    if kind == "cut":
        return xml[:position] + xml[position + draw(st.integers(min_value=1, max_value=50)) :]
    if kind == "insert":
        return xml[:position] + draw(st.binary(min_size=1, max_size=20)) + xml[position:]
    if kind == "flip":
        return xml[:position] + bytes([draw(st.integers(min_value=0, max_value=255))]) + xml[position + 1 :]
    end = min(len(xml), position + draw(st.integers(min_value=1, max_value=200)))
    return xml[:end] + xml[position:end] * draw(st.integers(min_value=1, max_value=5)) + xml[end:]


@st.composite
def mutated(draw: st.DrawFn, originals: list[bytes]) -> bytes:
    """One of ``originals`` with one to four mutations applied."""
    xml = draw(st.sampled_from(originals))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        xml = draw(_mutation(xml))
    return xml


def hostile(originals: list[bytes]) -> st.SearchStrategy[bytes]:
    """Random bytes, locations instead of content, and mutated real messages."""
    return st.one_of(
        st.binary(max_size=200),
        st.sampled_from([b"http://127.0.0.1:9/WMO315.xml", b"/etc/passwd", b"file:///etc/passwd", b"WMO315.xml"]),
        mutated(originals),
    )
