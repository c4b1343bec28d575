"""The fixed parts of base.html, made once per process instead of on every page.

`{% main_nav %}`: the main menu, rendered once per role and language.

The menu depends on nothing but the user's role, the active language and the URL prefix, yet rendering it costs
a dozen reverse() calls, translations and role comparisons on every staff page. Which links a role may follow is
still decided by the views (core.access); the menu only shows them.

The link of the page being shown gets aria-current="page" (WCAG 2.4.8, issue 12). That mark depends on the request,
so it is not part of the cached HTML: it is added to a copy at render time, so users of the same role on other pages
never see it.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from accounts.models import CASEWORK_ROLES

register = template.Library()

_rendered: dict[tuple[str, str | None, str, object], SafeString] = {}


@register.simple_tag(takes_context=True)
def main_nav(context: template.Context) -> SafeString:
    role = getattr(context.get("user"), "role", "") or ""
    key = (role, get_language(), get_script_prefix(), get_urlconf())
    html = _rendered.get(key)
    if html is None:
        html = mark_safe(  # noqa: S308 - rendered by the template engine, which escaped what it inserted
            get_template("core/_main_nav.html").render({"role": role, "does_casework": role in CASEWORK_ROLES})
        )
        _rendered[key] = html
    return _mark_current(html, context.get("request"))


def _mark_current(html: SafeString, request: object) -> SafeString:
    """Mark the menu link whose address is the current page; the cached menu itself stays unmarked."""
    path = getattr(request, "path", None)
    if not path:
        return html
    href = f'href="{escape(path)}"'
    if href not in html:
        return html
    return mark_safe(html.replace(href, f'{href} aria-current="page"'))  # noqa: S308 - only our own escaped href


_static_urls: dict[str, str] = {}


@register.simple_tag
def static_once(path: str) -> str:
    """`{% static %}` for the layout's own files, looked up once per process (the manifest does not change)."""
    url = _static_urls.get(path)
    if url is None:
        url = _static_urls[path] = static(path)
    return url


@receiver(setting_changed)
def _forget_static_urls(*, setting: str, **kwargs: object) -> None:
    if setting in {"STATIC_URL", "STATIC_ROOT", "STORAGES", "STATICFILES_DIRS"}:
        _static_urls.clear()
