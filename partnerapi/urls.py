"""The partner API under /api/v1/ (docs/api.md). Partner systems, not people: every route but the schema
needs a partner's API key; the access rule of each is declared with ``partner_api`` (partnerapi/access.py)."""

from django.urls import path, register_converter

from partnerapi import views
from partnerapi.access import partner_api, public_schema


class AnyPath:
    """Any rest of a path, also with characters the ``path`` converter refuses (a newline): the catch-all."""

    regex = r"[\s\S]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AnyPath, "anypath")

app_name = "partnerapi"
urlpatterns = [
    path("v1/meldingen/", partner_api(views.MeldingenView.as_view()), name="meldingen"),
    path("v1/meldingen/<int:pk>/", partner_api(views.MeldingView.as_view()), name="melding"),
    path("v1/vroegsignalen/", partner_api(views.VroegsignalenView.as_view()), name="vroegsignalen"),
    path("v1/vroegsignalen/<path:kenmerk>/", partner_api(views.VroegsignaalView.as_view()), name="vroegsignaal"),
    path("v1/schema/", public_schema(views.SchemaView.as_view()), name="schema"),
    # Anything else under /api/: a problem (404) for a partner, not Django's HTML page.
    path("", partner_api(views.NotFoundView.as_view()), name="index"),
    path("<anypath:rest>", partner_api(views.NotFoundView.as_view()), name="niet_gevonden"),
]
