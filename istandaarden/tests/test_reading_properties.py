"""Whatever bytes arrive, reading ends in a message or in reasons: never in another exception."""

from __future__ import annotations

import socket

import pytest
from hypothesis import HealthCheck, given, settings

from istandaarden.messages import Message
from istandaarden.reading import MessageError, identify, read, validate
from istandaarden.tests.mutations import hostile

EXAMPLES = ["WMO301", "WMO305", "WMO307", "WMO315", "WMO317", "WMO319", "WMO323"]

_PROPERTY = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def originals(example) -> list[bytes]:
    return [example(name) for name in EXAMPLES]


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that tries to connect anywhere fails."""

    def refuse(self: socket.socket, address: object) -> None:
        raise AssertionError(f"network access while reading a message: {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_reading_any_bytes_gives_a_message_or_reasons(schemas, originals, offline):
    @_PROPERTY
    @given(content=hostile(originals))
    def check(content: bytes) -> None:
        try:
            message = read(content, schemas)
        except MessageError as exc:
            assert exc.reasons and all(isinstance(reason, str) and reason for reason in exc.reasons)
        else:
            assert isinstance(message, Message)
            assert validate(content, schemas) == []

    check()


def test_identify_and_validate_never_raise_anything_else(schemas, originals, offline):
    @_PROPERTY
    @given(content=hostile(originals))
    def check(content: bytes) -> None:
        reasons = validate(content, schemas)
        assert isinstance(reasons, list)
        try:
            identify(content)
        except MessageError as exc:
            assert exc.reasons

    check()
