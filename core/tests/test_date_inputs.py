"""Date fields render a value the browser keeps."""


def test_every_date_input_renders_an_iso_value() -> None:
    """A browser drops a date input's value unless it is YYYY-MM-DD; a localised format would empty the field."""
    import re

    from django.conf import settings

    offenders = []
    for path in settings.BASE_DIR.glob("*/*.py"):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(r"DateInput\(attrs=\{\"type\": \"date\"\}\)", line):
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")
    assert offenders == []
