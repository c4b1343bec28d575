"""The work per received file is bounded before the XSD validator sees it."""

from __future__ import annotations

import pytest

from istandaarden import limits, reading
from istandaarden.reading import MessageTooLarge, read, validate


@pytest.fixture
def validator_must_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bound holds when the XSD validator, the costly step, never sees the file (counted, not timed)."""

    def refuse(*args: object, **kwargs: object) -> list[str]:
        raise AssertionError("the XSD validator saw a file that is over a limit")

    monkeypatch.setattr(reading, "_schema_reasons", refuse)


def _attributes(count: int) -> bytes:
    return b" ".join(b'a%d="1"' % number for number in range(count))


def test_thousands_of_undeclared_attributes_are_refused_before_the_validator(schemas, example, validator_must_not_run):
    """The 207 KB file of the security test: 20,000 attributes on one element took 40 s in the validator."""
    xml = example("WMO323").replace(b"<wmo323:Header>", b"<wmo323:Header " + _attributes(20_000) + b">", 1)
    assert len(xml) > 200_000

    [reason] = validate(xml, schemas)

    assert "attributen" in reason
    with pytest.raises(MessageTooLarge):
        read(xml, schemas)


def test_attributes_per_element_are_bounded(schemas, example):
    allowed = example("WMO323").replace(
        b"<wmo323:Header>", b"<wmo323:Header " + _attributes(limits.MAX_ATTRIBUTES_PER_ELEMENT) + b">", 1
    )
    one_more = example("WMO323").replace(
        b"<wmo323:Header>", b"<wmo323:Header " + _attributes(limits.MAX_ATTRIBUTES_PER_ELEMENT + 1) + b">", 1
    )

    assert not any("niet gecontroleerd" in reason for reason in validate(allowed, schemas))
    [reason] = validate(one_more, schemas)
    assert reason.startswith("Het bericht is niet gecontroleerd")


def test_namespace_declarations_count_as_attributes(schemas, example):
    declarations = b" ".join(b'xmlns:n%d="urn:n%d"' % (n, n) for n in range(limits.MAX_ATTRIBUTES_PER_ELEMENT + 1))
    xml = example("WMO323").replace(b"<wmo323:Header>", b"<wmo323:Header " + declarations + b">", 1)

    [reason] = validate(xml, schemas)

    assert "namespacedeclaraties" in reason


def test_attributes_in_the_whole_file_are_bounded(schemas, example):
    per_element = limits.MAX_ATTRIBUTES_PER_ELEMENT
    elements = limits.MAX_ATTRIBUTES // per_element + 1
    spread = b"<x " + _attributes(per_element) + b"/>"
    xml = example("WMO323").replace(b"</wmo323:Header>", b"</wmo323:Header>" + spread * elements, 1)

    [reason] = validate(xml, schemas)

    assert f"meer dan {limits.MAX_ATTRIBUTES:,}".replace(",", ".") in reason


def test_element_count_is_bounded_before_the_validator(schemas, example, validator_must_not_run):
    xml = example("WMO323").replace(b"</wmo323:Header>", b"</wmo323:Header>" + b"<x/>" * limits.MAX_ELEMENTS, 1)

    [reason] = validate(xml, schemas)

    assert "elementen" in reason


def test_depth_is_bounded(schemas, example):
    depth = limits.MAX_DEPTH
    xml = example("WMO323").replace(b"<wmo323:Header>", b"<wmo323:Header>" + b"<x>" * depth + b"</x>" * depth, 1)

    [reason] = validate(xml, schemas)

    assert "dieper genest" in reason


def test_file_size_is_bounded_before_parsing(schemas):
    xml = b"<a>" + b" " * limits.MAX_MESSAGE_BYTES + b"</a>"

    [reason] = validate(xml, schemas)

    assert reason == "Het bestand is 25,1 MB; een bericht mag ten hoogste 25 MB zijn."


def test_validation_reasons_stop_after_the_cap(schemas, example):
    """Each of these elements is unknown to the XSD; only the first errors are worth the time."""
    xml = example("WMO315").replace(b"<wmo315:Bsn>999900006<", b"<wmo315:Bsn>99990000X<")
    many = xml.replace(b"</wmo315:Header>", b"</wmo315:Header>" + b"<x/>" * 5_000, 1)

    reasons = validate(many, schemas)

    assert len(reasons) == limits.MAX_REASONS + 1
    assert reasons[-1] == f"De controle is gestopt na {limits.MAX_REASONS} fouten; er kunnen er meer zijn."


def test_the_official_examples_are_far_within_the_bounds(schemas, example):
    for name in ("WMO301", "WMO315", "WMO323"):
        assert validate(example(name), schemas) == []


@pytest.mark.parametrize(
    ("size", "text"),
    [(25 * 1024 * 1024, "25"), (25 * 1024 * 1024 + 1, "25,1"), (50 * 1024 * 1024, "50"), (3_500_000, "3,4")],
)
def test_megabytes_are_written_the_dutch_way_and_never_below_the_size(size, text):
    assert limits.megabytes(size) == text
