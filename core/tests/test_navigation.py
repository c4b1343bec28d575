"""The main menu of base.html (core.templatetags.navigation): rendered once per role, the right links per role."""

from types import SimpleNamespace

from django.template import Context, Template
from django.urls import reverse

NAV = Template("{% load navigation %}{% main_nav %}")


def render_nav(role: str) -> str:
    return NAV.render(Context({"user": SimpleNamespace(role=role)}))


def test_each_role_sees_its_own_links() -> None:
    generalist, teamleider, specialist = render_nav("generalist"), render_nav("teamleider"), render_nav("specialist")
    werkvoorraad, review = reverse("dossiers:werkvoorraad"), reverse("consent:review")
    assert werkvoorraad in generalist and review not in generalist
    assert werkvoorraad in teamleider and review in teamleider
    assert werkvoorraad not in specialist and reverse("consent:consultaties") in specialist
    assert reverse("reflection:sessies") in specialist


def test_the_menu_is_rendered_once_per_role() -> None:
    from core.templatetags import navigation

    navigation._rendered.clear()
    first = render_nav("consulent")
    assert render_nav("consulent") is not None
    assert len(navigation._rendered) == 1
    cached = next(iter(navigation._rendered.values()))
    assert cached == first
    render_nav("privacy_officer")
    assert len(navigation._rendered) == 2


def test_static_once_is_the_static_url_and_follows_a_settings_change() -> None:
    from django.templatetags.static import static
    from django.test import override_settings

    from core.templatetags.navigation import static_once

    assert static_once("core/app.css") == static("core/app.css")
    with override_settings(STATIC_URL="/elders/"):
        assert static_once("core/app.css") == static("core/app.css")
        assert static_once("core/app.css").startswith("/elders/")
    assert static_once("core/app.css") == static("core/app.css")
