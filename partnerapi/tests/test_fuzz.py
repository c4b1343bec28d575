"""The API fuzzed from its own OpenAPI description (schemathesis): every operation, with a valid partner key,
valid and invalid input; never a 500, and every answer (status, content type, body) as the description says.

The description is generated from the code at collection time (drf-spectacular), so an endpoint added later is
fuzzed without anyone touching this file. Derandomised and bounded, so it runs in well under a minute.
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from partnerapi import services
from partnerapi.tests.conftest import make_partner
from partners.models import PartnerKind

DESCRIPTION: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
schema = schemathesis.openapi.from_dict(DESCRIPTION)
APP = WSGIHandler()
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
#: A batch of vroegsignalen answers a row that breaks the description in that row of a 200 answer, by design
#: (one bad row must not send back the other 999; test_vroegsignalen.py): only its envelope is rejected with 400.
PER_ROW_ANSWERS = {("POST", "/api/v1/vroegsignalen/")}


@pytest.fixture
def connection_kept_open() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request; the test's transaction lives on it.

    Django's test client does the same: it keeps the connection open during the test (PostgreSQL showed it).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_token(db: None, connection_kept_open: None) -> str:
    # A limit no fuzz run reaches: a 429 is in the description, but it would hide the rest.
    partner = make_partner("fuzzer", kind=PartnerKind.WONINGVERHUURDER, rate_limit_per_minute=1_000_000)
    return services.issue_key(partner, actor=None).token


def test_the_description_covers_every_endpoint() -> None:
    assert DESCRIPTION["openapi"].startswith("3.")
    assert {
        ("/api/v1/meldingen/", "post"),
        ("/api/v1/meldingen/{id}/", "get"),
        ("/api/v1/vroegsignalen/", "post"),
        ("/api/v1/vroegsignalen/{kenmerk}/", "get"),
    } <= {(path, method) for path, methods in DESCRIPTION["paths"].items() for method in methods}


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_input_breaks_the_api(case: schemathesis.Case, fuzz_token: str) -> None:
    response = case.call(app=APP, headers={"Authorization": f"Bearer {fuzz_token}"})
    checks = CHECKS
    if (case.operation.method.upper(), case.operation.path) in PER_ROW_ANSWERS:
        checks = [check for check in CHECKS if check is not negative_data_rejection]
    case.validate_response(response, checks=checks)
