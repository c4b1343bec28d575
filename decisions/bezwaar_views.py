"""Placeholder until the real views land (work in progress this session)."""

from django.http import Http404, HttpRequest, HttpResponse

from core.access import ALL_STAFF, staff_view


@staff_view(ALL_STAFF)
def bezwaar_new(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise Http404


@staff_view(ALL_STAFF)
def bezwaar_detail(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise Http404


@staff_view(ALL_STAFF)
def bezwaar_postpone(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise Http404


@staff_view(ALL_STAFF)
def bezwaar_decide(request: HttpRequest, **kwargs: int) -> HttpResponse:
    raise Http404

