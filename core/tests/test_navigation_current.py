"""The main menu marks the page being shown with aria-current="page" (issue 12), although it is cached per role."""

from types import SimpleNamespace

from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

NAV = Template("{% load navigation %}{% main_nav %}")


def render_nav(role: str, path: str) -> str:
    request = RequestFactory().get(path)
    return NAV.render(Context({"user": SimpleNamespace(role=role), "request": request}))


def current_links(html: str) -> list[str]:
    return [
        part.split('"', 1)[0]
        for part in html.split('href="')[1:]
        if part.split(">", 1)[0].endswith('aria-current="page"')
    ]


def test_the_link_of_the_current_page_is_marked() -> None:
    triage = reverse("dossiers:triage")
    assert current_links(render_nav("generalist", triage)) == [triage]


def test_a_page_outside_the_menu_marks_nothing() -> None:
    assert current_links(render_nav("generalist", "/dossiers/999999/")) == []


def test_the_cached_menu_does_not_carry_one_users_mark_to_another() -> None:
    from core.templatetags import navigation

    navigation._rendered.clear()
    triage, besluiten = reverse("dossiers:triage"), reverse("decisions:werkvoorraad")
    first = render_nav("consulent", triage)
    second = render_nav("consulent", besluiten)
    assert len(navigation._rendered) == 1  # still one cached menu for the role
    assert current_links(first) == [triage]
    assert current_links(second) == [besluiten]
    assert "aria-current" not in next(iter(navigation._rendered.values()))


def test_the_menu_folds_into_a_disclosure_without_javascript() -> None:
    html = render_nav("generalist", "/")
    assert '<details class="app-menu">' in html and "<summary" in html and "<script" not in html
