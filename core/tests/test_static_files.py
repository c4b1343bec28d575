"""Without DEBUG, static files are fingerprinted and compressed by `collectstatic` and served for ten years."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client, override_settings

from config import settings as config_settings

PRODUCTION_STORAGE = "core.staticfiles.ProductionStaticFilesStorage"
HASHED = re.compile(r"\.[0-9a-f]{12}\.")


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """collectstatic into a temporary STATIC_ROOT with the production storage (the suite itself uses the plain one).

    Once per module: compressing everything the npm packages ship (brotli at its best level) takes tens of seconds.
    """
    root = tmp_path_factory.mktemp("staticfiles")
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def test_the_test_suite_runs_without_collectstatic_on_the_plain_storage() -> None:
    # config.settings itself, not django.conf.settings: the fixture below overrides the latter for this module.
    assert not config_settings.STATIC_FINGERPRINTS
    assert config_settings.STORAGES["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_collectstatic_writes_hashed_and_compressed_files(collected: Path) -> None:
    for name in ("core/app", "vendor/utrecht-css/index", "vendor/utrecht-tokens/index", "vendor/htmx/htmx.min"):
        folder, stem = (collected / name).parent, Path(name).name
        hashed = [p for p in folder.iterdir() if re.fullmatch(rf"{re.escape(stem)}\.[0-9a-f]{{12}}\.(css|js)", p.name)]
        assert len(hashed) == 1, name
        assert Path(f"{hashed[0]}.gz").exists() and Path(f"{hashed[0]}.br").exists(), name


def test_a_css_reference_to_a_file_the_package_does_not_ship_is_kept_instead_of_failing(collected: Path) -> None:
    # The design tokens' background-image-icon.css points at SVGs @utrecht/design-tokens does not contain.
    [css] = (collected / "vendor" / "utrecht-tokens").glob("background-image-icon.*.css")
    assert "pijltje.svg" in css.read_text()


def test_static_tag_links_the_hashed_name(collected: Path) -> None:
    html = Template("{% load static %}{% static 'core/app.css' %} {% static 'vendor/htmx/htmx.min.js' %}").render(
        Context()
    )
    css, js = html.split()
    assert HASHED.search(css) and css.endswith(".css"), css
    assert HASHED.search(js) and js.endswith(".js"), js
    assert (collected / css.removeprefix(settings.STATIC_URL).lstrip("/")).exists()


def test_a_page_links_hashed_files_served_compressed_with_a_long_immutable_cache(collected: Path, db: None) -> None:
    client = Client()  # a new client builds WhiteNoise's middleware on the temporary STATIC_ROOT
    page = client.get("/account/inloggen/")
    assert page.status_code == 200
    links = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.content.decode())
    assert links and all(HASHED.search(link) for link in links), links
    for link in links:
        response = client.get(link, HTTP_ACCEPT_ENCODING="gzip, br")
        assert response.status_code == 200, link
        assert response["Cache-Control"] == "max-age=315360000, public, immutable", link
        assert response["Content-Encoding"] in ("br", "gzip"), link
        assert "Pragma" not in response, link
