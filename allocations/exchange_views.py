"""Placeholder until the real views land (work in progress this session)."""

from django.http import Http404, HttpRequest, HttpResponse

from core.access import ALL_STAFF, staff_view


@staff_view(ALL_STAFF)
def exchange(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise Http404


@staff_view(ALL_STAFF)
def bericht_detail(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise Http404


@staff_view(ALL_STAFF)
def bericht_download(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise Http404
